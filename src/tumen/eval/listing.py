"""Evaluate the listing stage on the labelled pages: `python -m tumen.eval listing`."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tumen.listing import Listing, normalise, split_page
from tumen.models import Item

TEASER_PREFIX = 40
FIGURES = ("item_precision", "item_recall", "item_f1", "date_accuracy", "author_accuracy",
           "kind_accuracy", "next_url_accuracy")


@dataclass
class Tally:
    """Counts summed over the labelled pages."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    dates_right: int = 0
    authors_right: int = 0
    pages: int = 0
    kinds_right: int = 0
    next_right: int = 0
    misses: list[str] = field(default_factory=list)


def _key(text: str | None) -> str:
    """Text compared case- and space-insensitively."""
    return unicodedata.normalize("NFKC", normalise(text or "")).casefold()


def _matches(expected: dict[str, Any], item: Item) -> bool:
    """An item matches on its title, or on its teaser's start for title-less items."""
    if expected.get("title"):
        return _key(expected["title"]) == _key(item.title)
    teaser = _key(expected.get("teaser"))[:TEASER_PREFIX]
    return bool(teaser) and _key(item.summary or item.text).startswith(teaser)


def default_fixtures() -> Path:
    """tests/fixtures/listings in the repository this module lives in."""
    return Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "listings"


def run_page(path: Path) -> tuple[dict[str, Any], Listing]:
    """The labels of one page and what split_page makes of it."""
    meta = json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))
    fetched = datetime.fromisoformat(meta["fetched_at"]) if meta.get("fetched_at") else None
    body = path.read_text(encoding="utf-8")
    listing = split_page(body, meta["url"], is_html=path.suffix != ".txt", fetched_at=fetched)
    return meta, listing


def _tally_page(tally: Tally, name: str, meta: dict[str, Any], listing: Listing) -> None:
    """Add one page's counts."""
    tally.pages += 1
    tally.kinds_right += listing.kind == meta["kind"]
    tally.next_right += listing.next_url == meta.get("next_url")
    if listing.next_url != meta.get("next_url"):
        tally.misses.append(f"{name}: next_url {listing.next_url!r} != {meta.get('next_url')!r}")
    tally.expected += len(meta["items"])
    tally.found += len(listing.items)
    unused = list(listing.items)
    for exp in meta["items"]:
        hit = next((it for it in unused if _matches(exp, it)), None)
        if hit is None:
            tally.misses.append(f"{name}: missed {exp.get('title') or exp.get('teaser')!r}")
            continue
        unused.remove(hit)
        tally.matched += 1
        tally.dates_right += hit.date == exp.get("date")
        tally.authors_right += hit.author == exp.get("author")
        for key, got in (("date", hit.date), ("author", hit.author)):
            if got != exp.get(key):
                tally.misses.append(f"{name}: {key} {got!r} != {exp.get(key)!r} for {hit.title!r}")
    tally.misses += [f"{name}: extra {it.title or it.text[:40]!r}" for it in unused]


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def evaluate(folder: Path) -> tuple[dict[str, float], list[str]]:
    """Figures over every labelled page in `folder`, and the mistakes."""
    tally = Tally()
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".json") or not path.with_name(path.name + ".expected.json").exists():
            continue
        meta, listing = run_page(path)
        _tally_page(tally, path.name, meta, listing)
    p, r = _ratio(tally.matched, tally.found), _ratio(tally.matched, tally.expected)
    figures = {
        "item_precision": p,
        "item_recall": r,
        "item_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "date_accuracy": _ratio(tally.dates_right, tally.matched),
        "author_accuracy": _ratio(tally.authors_right, tally.matched),
        "kind_accuracy": _ratio(tally.kinds_right, tally.pages),
        "next_url_accuracy": _ratio(tally.next_right, tally.pages),
        "pages": tally.pages,
        "items": tally.expected,
    }
    return figures, tally.misses


def main(argv: list[str]) -> int:
    """Print the figures; with --check, exit 1 when one is below the baseline."""
    parser = argparse.ArgumentParser(prog="python -m tumen.eval listing")
    parser.add_argument("--fixtures", type=Path, default=default_fixtures())
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", type=Path, metavar="BASELINE.json")
    parser.add_argument("--verbose", action="store_true", help="list every mistake")
    args = parser.parse_args(argv)
    figures, misses = evaluate(args.fixtures)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        for name, value in figures.items():
            print(f"{name:18} {value}")
    if args.verbose:
        print("\n".join(misses), file=sys.stderr)
    if args.check:
        baseline = json.loads(args.check.read_text(encoding="utf-8"))
        low = [k for k in FIGURES if figures[k] < baseline.get(k, 0.0)]
        for k in low:
            print(f"below baseline: {k} {figures[k]} < {baseline[k]}", file=sys.stderr)
        return 1 if low else 0
    return 0
