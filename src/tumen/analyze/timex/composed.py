"""English dates told in two parts: a weekday and its date ("Sunday, Aug. 31"), a month or
day and the year word after it ("in August last year", "Dec. 3 of this year")."""

from __future__ import annotations

import re
from dataclasses import replace

from tumen.analyze.timex.dates import TimeMention, safe_day

# Kinds of a month or day told without its year (timex_rules), and of a weekday.
_NO_YEAR = frozenset({"mdy", "dmy", "m"})
_WEEKDAY = "wd"
# Between a month and its year word ("August last year", "February of last year").
_TO_YEAR = re.compile(r"\s+(?:of\s+)?")
# Between a weekday and its date ("Sunday, Aug. 31", "Wednesday (Sept. 17)").
_TO_DATE = re.compile(r"\s*,?\s*\(?\s*")
_DIGITS = re.compile(r"\d")


def composed(found: list[TimeMention], kinds: dict[int, str], text: str) -> list[TimeMention]:
    """The mentions (sorted by offset), each two told as one made one: the second part
    says what the first leaves open (the year of a month, the day a weekday names)."""
    out: list[TimeMention] = []
    for t in found:
        prev = out[-1] if out else None
        joined = _joined(prev, t, kinds, text) if prev is not None else None
        if joined is not None:
            out[-1] = joined
            continue
        out.append(t)
    return out


def _joined(
    a: TimeMention, b: TimeMention, kinds: dict[int, str], text: str
) -> TimeMention | None:
    """Mentions a and b as one, or None when they are not one date told in two parts."""
    kind = kinds.get(a.start)
    if kind == _WEEKDAY and b.precision == 3 and _TO_DATE.fullmatch(text, a.end, b.start):
        return replace(a, end=b.end, value=b.value, reporting=a.reporting or b.reporting)
    told_year = kinds.get(b.start) == "relative" and b.precision == 1
    if not (kind in _NO_YEAR and told_year and a.precision >= 2):
        return None
    if _DIGITS.search(text, a.start, a.end) and _has_year(text[a.start : a.end]):
        return None  # the first part states its own year
    if not _TO_YEAR.fullmatch(text, a.end, b.start):
        return None
    month = int(a.value[5:7])
    value = (
        safe_day(int(b.value), month, int(a.value[8:10]))
        if a.precision == 3
        else f"{b.value}-{month:02d}"
    )
    if value is None:
        return None
    return replace(a, end=b.end, value=value, reporting=a.reporting or b.reporting)


def _has_year(surface: str) -> bool:
    return bool(re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", surface))
