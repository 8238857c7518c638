"""The shared labelled corpus (../shared/corpus next to the repository), read in place.

Its texts are not the project's: they are read from where they lie, never copied. A
user's clone has no such folder; callers check `corpus_root()` and say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SETS = {"articles-en": "en", "articles-ko-ja": "ko-ja"}


@dataclass
class CorpusArticle:
    """One labelled excerpt: its stem, text, publication date and labels."""

    stem: str
    folder: str  # "en" or "ko-ja": the set it belongs to
    split: str  # "tune" or "check"
    language: str | None
    published: str | None
    title: str
    text: str
    source: str | None
    url: str | None
    labels: dict[str, Any] = field(default_factory=dict)


@dataclass
class CorpusIncidents:
    """The incident labels of the corpus: groups of stems, and stems that are no incident."""

    groups: list[list[str]]
    not_incidents: list[str]


def corpus_root() -> Path:
    """../shared/corpus relative to the repository this module lives in."""
    return Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def _split_page(raw: str) -> tuple[str, str]:
    """A stored excerpt is its title line, a blank line, then the rest."""
    title, _, rest = raw.partition("\n")
    return title.strip(), rest.strip("\n")


def load_articles(root: Path) -> list[CorpusArticle]:
    """Every labelled article of every set under `root`, sorted by stem."""
    found = []
    for name, folder in SETS.items():
        gold_path = root / name / "gold.json"
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        for filename, labels in gold["articles"].items():
            title, text = _split_page((root / name / filename).read_text(encoding="utf-8"))
            found.append(CorpusArticle(
                stem=Path(filename).stem, folder=folder, split=labels.get("split", "tune"),
                language=labels.get("language"), published=labels.get("published"),
                title=title, text=text, source=labels.get("outlet"),
                url=labels.get("source_url"), labels=labels,
            ))
    return sorted(found, key=lambda a: a.stem)


def load_incidents(root: Path) -> CorpusIncidents:
    """The incident groups and non-incident stems of every set under `root`."""
    groups: list[list[str]] = []
    not_incidents: list[str] = []
    for name in SETS:
        gold_path = root / name / "gold.json"
        if gold_path.exists():
            labels = json.loads(gold_path.read_text(encoding="utf-8"))["incidents"]
            groups += [list(g) for g in labels["groups"]]
            not_incidents += list(labels["not_incidents"])
    return CorpusIncidents(groups, not_incidents)
