"""Labelled listing pages for the listing evaluation: the project's own, the corpus, the seeds."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
BULLET = re.compile(r"^\s*[•·*▶▷■□◆◇○●‣◦-]\s+")
DUMMY_URL = "https://listing.example.org/"


@dataclass
class Expected:
    """One labelled item: its title (or teaser start), date and author when labelled."""

    title: str | None
    teaser: str | None = None
    alternatives: tuple[str, ...] = ()
    date: str | None = None
    date_labelled: bool = False
    author: str | None = None
    author_labelled: bool = False


@dataclass
class Page:
    """A labelled page: where it is, which group it counts in, and its items."""

    name: str
    group: str  # project | tune | check | seeds | dev-tune | dev-check
    path: Path
    url: str
    kind: str
    items: list[Expected]
    optional: list[Expected] = field(default_factory=list)
    fetched_at: datetime | None = None
    next_url: str | None = None
    check_next: bool = False


def default_fixtures() -> Path:
    """tests/fixtures/listings in the repository this module lives in."""
    return REPO / "tests" / "fixtures" / "listings"


def default_shared() -> Path:
    """../shared beside the repository (absent in a user's clone)."""
    return REPO.parent / "shared"


def project_pages(folder: Path) -> Iterator[Page]:
    """The project's own labelled pages: NAME plus NAME.expected.json."""
    for path in sorted(folder.iterdir()):
        meta_path = path.with_name(path.name + ".expected.json")
        if path.name.endswith(".json") or not meta_path.exists():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        fetched = datetime.fromisoformat(meta["fetched_at"]) if meta.get("fetched_at") else None
        items = [
            Expected(title=e.get("title"), teaser=e.get("teaser"), date=e.get("date"),
                     date_labelled=True, author=e.get("author"), author_labelled=True)
            for e in meta["items"]
        ]
        yield Page(path.name, "project", path, meta["url"], meta["kind"], items,
                   fetched_at=fetched, next_url=meta.get("next_url"), check_next=True)


def _corpus_item(label: dict[str, Any], key: str) -> Expected:
    """A corpus item keyed by its title as shown, with its date and author where shown."""
    dates, authors = label.get("dates") or {}, label.get("authors") or {}
    full = label.get("full_titles") or {}
    return Expected(
        title=key, alternatives=(full[key],) if key in full else (),
        date=dates.get(key), date_labelled=key in dates,
        author=authors.get(key), author_labelled=key in authors,
    )


def corpus_pages(folder: Path) -> Iterator[Page]:
    """Real listing pages labelled in a gold.json; each in its split (tune or check for the
    corpus, dev-tune or dev-check for the extra dev set)."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["listings"]
    for name, label in sorted(gold.items()):
        source = str(label.get("source") or "")
        url = source.split()[0] if source.startswith("http") else DUMMY_URL
        yield Page(name, label["split"], folder / name, url, "listing",
                   [_corpus_item(label, k) for k in label["items"]],
                   [_corpus_item(label, k) for k in label.get("items_optional") or []])


def _seed_item(lines: list[str], fact: dict[str, Any]) -> Expected:
    """The labelled item a seed fact points at, its text read from the seed's line."""
    text = " ".join(BULLET.sub("", lines[fact["line"] - 1]).split())
    if fact.get("cut"):
        text = text[: text.index(fact["cut"]) + len(fact["cut"])]
    has_date, has_author = "date" in fact, "author" in fact
    if fact.get("teaser"):
        return Expected(title=None, teaser=text, date=fact.get("date"), date_labelled=has_date,
                        author=fact.get("author"), author_labelled=has_author)
    return Expected(title=text, date=fact.get("date"), date_labelled=has_date,
                    author=fact.get("author"), author_labelled=has_author)


def seed_pages(folder: Path, facts_path: Path) -> Iterator[Page]:
    """The seed pages, labelled by facts in the project (line numbers, dates, authors)."""
    facts = json.loads(facts_path.read_text(encoding="utf-8"))
    for name, fact in sorted(facts.items()):
        if name.startswith("_") or not (folder / name).exists():
            continue
        lines = (folder / name).read_text(encoding="utf-8").splitlines()
        items = [_seed_item(lines, f) for f in fact["items"]]
        yield Page(name, "seeds", folder / name, DUMMY_URL, fact["kind"], items)


def all_pages(fixtures: Path, shared: Path | None) -> list[Page]:
    """Every labelled page: the project's, and the corpus, dev set and seeds when shared/ is
    there."""
    pages = list(project_pages(fixtures))
    if shared is not None and (shared / "corpus" / "listings" / "gold.json").exists():
        pages += corpus_pages(shared / "corpus" / "listings")
    # a second set of real pages, outside the corpus and CI (../shared/dev-listings/NOTES.md)
    if shared is not None and (shared / "dev-listings" / "gold.json").exists():
        pages += corpus_pages(shared / "dev-listings")
    facts = fixtures / "seeds.json"
    if shared is not None and (shared / "seeds").is_dir() and facts.exists():
        pages += seed_pages(shared / "seeds", facts)
    return pages
