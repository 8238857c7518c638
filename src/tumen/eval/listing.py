"""Evaluate the listing stage on labelled pages: `python -m tumen.eval listing`.

Pages come from the project's fixtures and, when `../shared/` is there, the corpus's real
listing pages (in their tune and check splits) and the seeds. Each page goes through the
same extraction as a crawled one (listing or article, then items).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tumen.eval.listing_gold import (
    Expected,
    Page,
    all_pages,
    default_fixtures,
    default_shared,
)
from tumen.extract import Extracted, ExtractError, extract_page
from tumen.listing import normalise
from tumen.listing.base import lexicon
from tumen.models import Item, RawPage

TEASER_PREFIX = 40
GROUPS = ("project", "tune", "check", "seeds", "real", "dev-tune", "dev-check", "dev")
DEV = ("dev-tune", "dev-check")
FIGURES = ("item_precision", "item_recall", "item_f1", "date_accuracy", "author_accuracy",
           "kind_accuracy", "next_url_accuracy")
__all__ = ["FIGURES", "Tally", "default_fixtures", "evaluate", "main"]


@dataclass
class Tally:
    """Counts over one page or summed over several."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    dates_labelled: int = 0
    dates_right: int = 0
    authors_labelled: int = 0
    authors_right: int = 0
    pages: int = 0
    kinds_right: int = 0
    next_checked: int = 0
    next_right: int = 0
    furniture: int = 0  # items that are a menu entry, a pager link or a share button
    misses: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Sum another tally into this one."""
        for name in self.__dataclass_fields__:
            if name != "misses":
                setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses

    def figures(self) -> dict[str, float]:
        """Precision, recall, F1 and accuracies."""
        p, r = _ratio(self.matched, self.found), _ratio(self.matched, self.expected)
        return {
            "item_precision": p,
            "item_recall": r,
            "item_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "date_accuracy": _ratio(self.dates_right, self.dates_labelled),
            "author_accuracy": _ratio(self.authors_right, self.authors_labelled),
            "kind_accuracy": _ratio(self.kinds_right, self.pages),
            "next_url_accuracy": _ratio(self.next_right, self.next_checked),
            "furniture_items": self.furniture,
            "pages": self.pages,
            "items": self.expected,
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def _key(text: str | None) -> str:
    """Text compared case- and space-insensitively."""
    return unicodedata.normalize("NFKC", normalise(text or "")).casefold()


def _matches(expected: Expected, item: Item) -> bool:
    """An item matches on its title, or on its teaser's start for a title-less label."""
    if expected.title:
        return _key(item.title) in {_key(t) for t in (expected.title, *expected.alternatives)}
    teaser = _key(expected.teaser)[:TEASER_PREFIX]
    return bool(teaser) and _key(item.summary or item.text).startswith(teaser)


def _furniture(item: Item) -> bool:
    """An item that is page furniture by the splitter's own lexicon, or a page number."""
    label = normalise(item.title or item.text)
    lex = lexicon()
    return label.isdecimal() or lex.is_furniture(label) or label.lower() in lex.next


def run_page(page: Page) -> Extracted | None:
    """What extraction makes of the page, or None when it finds no report."""
    ctype = "text/plain; charset=utf-8" if page.path.suffix == ".txt" else "text/html"
    raw = RawPage(url=page.url, body=page.path.read_bytes(), fetched_at=page.fetched_at,
                  content_type=ctype)
    try:
        return extract_page(raw)
    except ExtractError:
        return None


def score_page(page: Page, result: Extracted | None) -> Tally:
    """One page's counts and mistakes."""
    kind = result.kind if result is not None else "none"
    found = list(result.items) if result is not None and kind == "listing" else []
    tally = Tally(pages=1, kinds_right=int(kind == page.kind), expected=len(page.items))
    name = page.name
    if kind != page.kind:
        tally.misses.append(f"{name}: kind {kind} != {page.kind}")
    if page.check_next:
        got = result.next_url if result is not None else None
        tally.next_checked, tally.next_right = 1, int(got == page.next_url)
        if got != page.next_url:
            tally.misses.append(f"{name}: next_url {got!r} != {page.next_url!r}")
    for opt in page.optional:
        hit = next((it for it in found if _matches(opt, it)), None)
        if hit is not None:
            found.remove(hit)
    tally.found = len(found)
    tally.furniture = sum(1 for it in found if _furniture(it))
    for exp in page.items:
        hit = next((it for it in found if _matches(exp, it)), None)
        if hit is None:
            tally.misses.append(f"{name}: missed {exp.title or exp.teaser!r}")
            continue
        found.remove(hit)
        tally.matched += 1
        _score_fields(tally, name, exp, hit)
    tally.misses += [f"{name}: extra {it.title or it.text[:60]!r}" for it in found]
    return tally


def _score_fields(tally: Tally, name: str, exp: Expected, hit: Item) -> None:
    """Count the date and author of a matched item where the label has them."""
    if exp.date_labelled:
        tally.dates_labelled += 1
        tally.dates_right += hit.date == exp.date
        if hit.date != exp.date:
            tally.misses.append(f"{name}: date {hit.date!r} != {exp.date!r} for {hit.title!r}")
    if exp.author_labelled:
        tally.authors_labelled += 1
        tally.authors_right += hit.author == exp.author
        if hit.author != exp.author:
            tally.misses.append(
                f"{name}: author {hit.author!r} != {exp.author!r} for {hit.title!r}")


def evaluate_pages(pages: list[Page]) -> tuple[dict[str, Tally], dict[str, Tally]]:
    """Per-page tallies and per-group sums ("real" = tune + check + seeds; "dev" = the dev
    set's two splits)."""
    per_page: dict[str, Tally] = {}
    groups: dict[str, Tally] = {}
    for page in pages:
        tally = score_page(page, run_page(page))
        per_page[f"{page.group}/{page.name}"] = tally
        total = "dev" if page.group in DEV else "real" if page.group != "project" else ""
        for group in (page.group, total):
            if group:
                groups.setdefault(group, Tally()).add(tally)
    return per_page, groups


def evaluate(fixtures: Path, shared: Path | None = None) -> tuple[dict[str, float], list[str]]:
    """Figures over the project's labelled pages in `fixtures`, and the mistakes."""
    _, groups = evaluate_pages(all_pages(fixtures, shared))
    tally = groups.get("project", Tally())
    return tally.figures(), tally.misses


def _print_table(per_page: dict[str, Tally], groups: dict[str, Tally], pages: bool) -> None:
    """A line of figures per page (optional) and per group."""
    head = (f"{'page':52} {'P':>6} {'R':>6} {'F1':>6} {'date':>6} {'author':>6} {'kind':>5}"
            f" {'menu':>4}")
    print(head)
    rows = [*(per_page.items() if pages else []), *((g, groups[g]) for g in GROUPS if g in groups)]
    for name, tally in rows:
        f = tally.figures()
        print(f"{name[:52]:52} {f['item_precision']:6.3f} {f['item_recall']:6.3f} "
              f"{f['item_f1']:6.3f} {f['date_accuracy']:6.3f} {f['author_accuracy']:6.3f} "
              f"{f['kind_accuracy']:5.2f} {f['furniture_items']:4d}")


def _below(groups: dict[str, Tally], baseline: dict[str, dict[str, float]]) -> list[str]:
    """Figures under the recorded baseline, group by group (groups not run are skipped)."""
    low = []
    for group, figures in baseline.items():
        # the dev set lives outside the project and CI and grows while it is labelled: its
        # figures are printed for comparison, never gated
        if group not in groups or group in (*DEV, "dev"):
            continue
        got = groups[group].figures()
        low += [f"{group} {k} {got[k]} < {v}" for k, v in figures.items()
                if k in FIGURES and got[k] < v]
        if got["furniture_items"] > figures.get("furniture_items", got["furniture_items"]):
            low.append(f"{group} furniture_items {got['furniture_items']} > "
                       f"{figures['furniture_items']}")
    return low


def main(argv: list[str]) -> int:
    """Print the figures; with --check, exit 1 when one is below the baseline."""
    parser = argparse.ArgumentParser(prog="python -m tumen.eval listing")
    parser.add_argument("--fixtures", type=Path, default=default_fixtures())
    parser.add_argument("--shared", type=Path, default=default_shared(),
                        help="the shared folder with corpus/listings and seeds")
    parser.add_argument("--project-only", action="store_true", help="skip ../shared")
    parser.add_argument("--pages", action="store_true", help="a line of figures per page")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--check", type=Path, metavar="BASELINE.json")
    parser.add_argument("--verbose", action="store_true",
                        help="list every mistake (never on check pages)")
    args = parser.parse_args(argv)
    shared = None if args.project_only else args.shared
    per_page, groups = evaluate_pages(all_pages(args.fixtures, shared))
    # check pages are for aggregate figures only: their rows and mistakes stay hidden
    visible = {k: v for k, v in per_page.items()
               if not k.startswith(("check/", "dev-check/"))}
    if args.json:
        print(json.dumps({g: groups[g].figures() for g in GROUPS if g in groups}, indent=1))
    else:
        _print_table(visible, groups, args.pages)
    if args.verbose:
        print("\n".join(m for t in visible.values() for m in t.misses), file=sys.stderr)
    if args.check:
        low = _below(groups, json.loads(args.check.read_text(encoding="utf-8")))
        for line in low:
            print(f"below baseline: {line}", file=sys.stderr)
        return 1 if low else 0
    return 0
