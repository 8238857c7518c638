"""Event dates: absolute and relative expressions resolved against the publication date."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from tumen.analyze.prefilter import may_match
from tumen.analyze.timex.composed import composed
from tumen.analyze.timex.dates import TimeMention, parse_published
from tumen.analyze.timex.kanji import kanji_digits
from tumen.analyze.timex.reporting import is_reporting, page_stamps
from tumen.analyze.timex.resolve import relative, resolve, year_of
from tumen.analyze.timex.told import (
    counted_after,
    counted_before,
    day_before_told,
    days_after,
    days_after_a_day,
    joined,
    same_month,
)
from tumen.analyze.timex_rules import TimexRules, timex_rules

__all__ = ["TimeMention", "days_after", "find_dates", "parse_published"]

# Patterns counted from a day (a weekday, "3日前").
_FROM_A_DAY = ("wd", "wd_cjk", "ago")
# Patterns that state a full date with its year.
_FULL = ("iso", "ymd", "mdy", "dmy")
_MONTH_DAY = ("md", "mdy", "dmy")


def _anchors(text: str, rules: TimexRules) -> list[tuple[int, date]]:
    """Full dates the text states, by offset: with no publication date they stand in
    for it (a page of undated items: "arrested on October 22" beside "22 October 2015")."""
    out = []
    for kind, rx in rules.patterns:
        if kind not in _FULL or not may_match(rx, text):
            continue
        for m in rx.finditer(text):
            value = resolve(kind, m, rules, None) if year_of(m.groupdict(), rules) else None
            if value and value.count("-") == 2:
                out.append((m.start(), date.fromisoformat(value)))
    return sorted(out)


def _reference(at: int, published: date | None, anchors: list[tuple[int, date]]) -> date | None:
    """What a relative date at offset `at` counts from: the publication date, else the
    nearest full date stated before it (a statement's own date line), else the latest."""
    if published is not None or not anchors:
        return published
    before = [d for start, d in anchors if start < at]
    return before[-1] if before else max(d for _, d in anchors)


@dataclass(frozen=True)
class _Refs:
    """What the dates of one text count from: its publication date and the dates it states."""

    published: str | None
    published_ref: date | None
    anchors: list[tuple[int, date]]
    # the years and months the text states in full
    stated: set[tuple[int, int]]

    def ref(self, at: int) -> date | None:
        """What a date at offset `at` counts from."""
        return _reference(at, self.published_ref, self.anchors)

    def year_ref(self, at: int) -> date | None:
        """What a month and day at offset `at` take their year from."""
        # A month and day near a stated date lies in its year, even after it ("May 31"
        # in a timeline closed by "May 29, 2013"); only a publication date bounds it.
        found = self.ref(at)
        return found if self.published_ref or found is None else date(found.year, 12, 31)

    def day_ref(self, at: int) -> date | None:
        """The day a weekday or "yesterday" at offset `at` counts from."""
        # a weekday or "yesterday" counts from a day: a publication known only to its month
        # or year names none, so they count from a full date the text states, else none
        if self.published_ref is None or (self.published and len(self.published) >= 10):
            return self.ref(at)
        return _reference(at, None, self.anchors)


def _refs(text: str, published: str | None, rules: TimexRules) -> _Refs:
    """The publication date and the full dates text states."""
    anchors = _anchors(text, rules)
    stated = {(d.year, d.month) for _, d in anchors}
    return _Refs(published, parse_published(published), anchors, stated)


def _resolved(kind: str, m: re.Match[str], rules: TimexRules, refs: _Refs) -> str | None:
    """A pattern's match resolved against what the text counts from."""
    at = m.start()
    value = resolve(kind, m, rules, refs.day_ref(at) if kind in _FROM_A_DAY else refs.year_ref(at))
    # "deported on May 27" after an item dated May 10 beside "May 29, 2013": a month
    # and day past the date keep the year the text states for that month
    published_ref = refs.published_ref
    if published_ref and value and kind in _MONTH_DAY and year_of(m.groupdict(), rules) is None:
        same = (published_ref.year, int(value[5:7]))
        if int(value[:4]) == published_ref.year - 1 and same in refs.stated:
            value = f"{published_ref.year:04d}{value[4:]}"
    return value


def _scan(text: str, rules: TimexRules, refs: _Refs) -> tuple[list[TimeMention], dict[int, str]]:
    """Every pattern's matches in text, a span taken by the first, with each one's kind."""
    found: list[TimeMention] = []
    taken: list[tuple[int, int]] = []
    kinds: dict[int, str] = {}

    def add(start: int, end: int, value: str | None, kind: str = "relative") -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        kinds[start] = kind
        stamp = kind == "stamp" or is_reporting(text, start, end, value, rules)
        found.append(TimeMention(start, end, value, stamp))

    for kind, rx in rules.patterns[: rules.before_relative]:
        for m in rx.finditer(text) if may_match(rx, text) else ():
            add(m.start(), m.end(), _resolved(kind, m, rules, refs), kind)
    for rx, spec in rules.relative if refs.published_ref or refs.anchors else ():
        for m in rx.finditer(text) if may_match(rx, text) else ():
            at = refs.day_ref(m.start()) if "days" in spec else refs.ref(m.start())
            add(m.start(), m.end(), relative(spec, at) if at else None)
    for kind, rx in rules.patterns[rules.before_relative :]:
        for m in rx.finditer(text) if may_match(rx, text) else ():
            add(m.start(), m.end(), _resolved(kind, m, rules, refs), kind)
    return found, kinds


def find_dates(text: str, published: str | None = None) -> list[TimeMention]:
    """Every date expression in text, resolved; overlapping matches keep the longest
    (kanji numerals read as digits: "十三日")."""
    read, back = kanji_digits(text)
    found = _find_dates(read, published)
    if back is None:
        return found
    return [replace(t, start=back[t.start], end=back[t.end]) for t in found]


def _find_dates(text: str, published: str | None) -> list[TimeMention]:
    """Every date expression in text, resolved; overlapping matches keep the longest."""
    rules = timex_rules()
    refs = _refs(text, published, rules)
    found, kinds = _scan(text, rules, refs)
    found = composed(sorted(found, key=lambda t: t.start), kinds, text)
    found = same_month(found, kinds, text)
    found = day_before_told(found, text)
    if refs.published_ref is not None and published is not None and len(published) == 7:
        found = days_after_a_day(found, kinds, refs.published_ref)
    found = counted_before(counted_after(found, text), text)
    return page_stamps(joined(found, text, rules), text, published, rules)
