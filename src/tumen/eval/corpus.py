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


# The analysis evaluation: corpus articles as cases in the format of the project's sets,
# with the project's relabelling of the tune split (labels only, never text) applied.
SPLITS = ("tune", "check")
LANGUAGES = ("en", "ko", "ja")
# Fields of a gold article that the overlay may replace.
OVERLAID = frozenset({"events", "events_optional", "topics", "topics_optional", "statistics"})


def default_overlay() -> Path:
    """The project's relabelling of the corpus `tune` split."""
    return Path(__file__).resolve().parents[3] / "tests/fixtures/analysis-corpus/overlay.json"


def load_overlay(path: Path | None) -> dict[str, dict[str, Any]]:
    """Relabelled articles by stem; an overlay may set labels only."""
    if path is None or not path.exists():
        return {}
    data: dict[str, dict[str, Any]] = json.loads(path.read_text("utf-8"))["articles"]
    for name, fields in data.items():
        unknown = set(fields) - OVERLAID
        if unknown:
            raise ValueError(f"{path}: {name}: overlay may not set {sorted(unknown)}")
    return {Path(name).stem: fields for name, fields in data.items()}


def load_cases(
    root: Path, *, split: str | None = None, overlay: Path | None = None
) -> list[dict[str, Any]]:
    """The labelled articles under root as analysis cases; the overlay relabels tune only."""
    patches = load_overlay(overlay)
    cases = []
    for article in load_articles(root):
        if split and article.split != split:
            continue
        patch = patches.get(article.stem, {})
        if patch and article.split != "tune":
            raise ValueError(f"overlay relabels {article.stem}, which is not in the tune split")
        cases.append(_case(article, {**article.labels, **patch}))
    return cases


def _case(article: CorpusArticle, labels: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": article.stem,
        "language": article.language,
        "split": article.split,
        "published": article.published,
        "title": article.title,
        "text": article.text,
        "expected": {
            "language": article.language,
            "topics": labels.get("topics", []),
            "topics_optional": labels.get("topics_optional", []),
            "events": labels.get("events", []),
            "events_optional": labels.get("events_optional", []),
            "statistics": labels.get("statistics", []),
        },
    }
