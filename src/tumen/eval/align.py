"""The analyser's events aligned to gold events through the evidence sentences of the
study sets (DIR/<set>/<folder>.json: for each gold event of a tune text, every sentence
that states it and its trigger words): the training data of the learned argument stages.

An event and a gold event of the same type are one when the event's sentence is one of
the gold event's sentences (either holds the other, spacing and full-width digits aside);
left over, an event and the one gold event of its type (and country, if asked) nobody
else took are one too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tumen.models import Event

_FOLDERS = ("articles-en", "articles-ko-ja")
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACE = re.compile(r"\s+")


def load_evidence(evidence: Path, name: str) -> dict[str, list[dict[str, Any]]]:
    """The evidence entries of one study set (`name`: `shared`, or an extra corpus's folder
    name) by case id (the text's file name without its extension)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for folder in _FOLDERS:
        path = evidence / name / f"{folder}.json"
        if path.exists():
            data = json.loads(path.read_text("utf-8"))["texts"]
            out.update({Path(f).stem: v for f, v in data.items()})
    return out


def _norm(text: str) -> str:
    return _SPACE.sub("", text.translate(_FULLWIDTH))


def same_sentence(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    return bool(x) and bool(y) and (x in y or y in x)


def align(
    events: list[Event],
    gold: list[dict[str, Any]],
    entries: list[dict[str, Any]],
    *,
    country: bool = False,
) -> list[tuple[int, int]]:
    """(event index, gold index) pairs, one to one: same type (and country, with
    `country`), the event's sentence among the gold event's; then a leftover event and the
    only leftover gold event of its type (and country)."""
    said: dict[int, list[str]] = {}
    for entry in entries:
        if entry.get("list", "events") == "events":
            said.setdefault(entry["index"], []).extend(x["sentence"] for x in entry["mentions"])

    def fits(e: Event, g: dict[str, Any]) -> bool:
        return e.type == g["type"] and (not country or e.country == g.get("country"))

    def told(e: Event, j: int) -> bool:
        return any(same_sentence(e.evidence.text, s) for s in said.get(j, []))

    pairs: list[tuple[int, int]] = []
    free = set(range(len(gold)))
    for i, e in enumerate(events):
        hit = next(
            (
                j for j in sorted(free)
                if fits(e, gold[j]) and told(e, j)
            ),
            None,
        )
        if hit is not None:
            pairs.append((i, hit))
            free.discard(hit)
    taken = {i for i, _ in pairs}
    for i, e in enumerate(events):
        if i in taken:
            continue
        left = [j for j in free if fits(e, gold[j])]
        if len(left) != 1:
            continue
        rivals = [k for k, x in enumerate(events) if k not in taken and fits(x, gold[left[0]])]
        if len(rivals) == 1:
            pairs.append((i, left[0]))
            free.discard(left[0])
    return sorted(pairs)
