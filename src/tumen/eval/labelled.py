"""The labelled texts models are trained on: the project's tuned set, the `tune` split of
../shared/corpus (with the project's relabelling) and of any further corpus in its layout.

Never the held-out set or a `check` split. Each text comes with a group that keeps
together what must share a cross-validation fold: the reports of one incident by several
outlets, one report of the project's set in two languages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tumen.eval.corpus import default_overlay, load_incidents
from tumen.eval.corpus import load_cases as load_corpus

# (source, group, case): source is "fixtures", "corpus-LANG" or "extra-LANG"
Labelled = tuple[str, str, dict[str, Any]]


def load_cases(folder: Path) -> list[dict[str, Any]]:
    """Every labelled case in folder (baseline.json excluded)."""
    return [
        json.loads(p.read_text("utf-8"))
        for p in sorted(folder.glob("*.json"))
        if p.name != "baseline.json"
    ]


def labelled_texts(
    fixtures: Path,
    corpus: Path,
    extra: tuple[Path, ...] = (),
    overlay: Path | None = None,
) -> list[Labelled]:
    """(source, group, case) for the project's tuned set, the corpus tune split (with the
    project's relabelling: `overlay`, by default the project's) and the tune split of each
    extra corpus (as labelled)."""
    out = []
    for case in load_cases(fixtures):
        # en-pair-NN and ko-pair-NN are one report in two languages
        out.append(("fixtures", re.sub(r"^[a-z]+-pair-", "pair-", case["id"]), case))
    if (corpus / "articles-en" / "gold.json").exists():
        out += tune_texts(corpus, "corpus", overlay or default_overlay())
    for n, root in enumerate(extra):
        out += tune_texts(root, "extra", None, group_prefix=f"{n}:")
    return out


def tune_texts(
    root: Path, source: str, overlay: Path | None, group_prefix: str = ""
) -> list[Labelled]:
    """(source-language, incident group, case) of a corpus's tune split."""
    groups = {stem: g[0] for g in load_incidents(root).groups for stem in g}
    return [
        (f"{source}-{case['language']}", group_prefix + groups.get(case["id"], case["id"]), case)
        for case in load_corpus(root, split="tune", overlay=overlay)
    ]


def missing_corpora(extra: list[Path]) -> list[Path]:
    """The extra corpora given that hold no labelled articles."""
    return [p for p in extra if not (p / "articles-en" / "gold.json").exists()]


def source_counts(texts: list[Labelled]) -> dict[str, int]:
    """How many texts each source gave, as a model's metadata states it."""
    counts: dict[str, int] = {}
    for source, _, _ in texts:
        counts[source] = counts.get(source, 0) + 1
    return counts


def linked_groups(texts: list[Labelled]) -> list[str]:
    """Each text's group, groups of different corpora joined when their reports label the
    same day-dated event (type, country, date): one incident told by outlets of two
    corpora must share a cross-validation fold as well."""
    parent: dict[str, str] = {}

    def root(g: str) -> str:
        while parent.setdefault(g, g) != g:
            g = parent[g]
        return g

    first: dict[tuple[Any, ...], str] = {}
    for _, group, case in texts:
        for e in case["expected"].get("events", []):
            date = e.get("date") or ""
            if len(date) != len("YYYY-MM-DD"):
                continue
            key = (e["type"], e.get("country"), date)
            other = first.setdefault(key, group)
            parent[root(group)] = root(other)
    return [root(group) for _, group, _ in texts]


def corpus_groups(texts: list[Labelled]) -> list[str]:
    """Each text's corpus as its cross-validation group (the project's set, the corpus tune
    split, each extra corpus): leave-one-corpus-out, a model judged on a corpus none of
    whose reports it saw. An incident linked across corpora (linked_groups) stays in the
    corpus of its first report, so that no report is judged by a model trained on another
    report of its story."""
    home: dict[str, str] = {}
    out = []
    for (source, group, _), linked in zip(texts, linked_groups(texts), strict=True):
        corpus = group.split(":")[0] if source.startswith("extra") else source.split("-")[0]
        out.append(home.setdefault(linked, corpus))
    return out


def outside_repo(extra: list[Path]) -> str:
    """What a model's metadata says of the --extra-corpus folders it was fitted on: they
    are not in the repository, so its command reproduces it only where they exist."""
    return (
        f"{', '.join(str(p) for p in extra)}: labelled corpora outside the repository "
        "(development sets, never gated); the command reproduces the model only with them"
    )
