"""How predictions are matched to labels, shared by the analysis evaluation and the
confidence model's training (which must count event F1 as the evaluation does)."""

from __future__ import annotations

from typing import Any


def matched_counts(pred: list[Any], gold: list[Any], optional: list[Any]) -> tuple[int, int]:
    """True positives, and predictions counted once those matching an optional label
    (compared on their first two fields, one prediction per optional label) are set aside."""
    left = list(gold)
    unmatched = []
    for p in pred:
        if p in left:
            left.remove(p)
        else:
            unmatched.append(p)
    spare = [o[:2] for o in optional]
    excused = 0
    for p in unmatched:
        if p[:2] in spare:
            spare.remove(p[:2])
            excused += 1
    return len(pred) - len(unmatched), len(pred) - excused
