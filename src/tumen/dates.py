"""Recognise the dates that web pages print, in English, Korean and Japanese."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

from tumen.datafiles import load_yaml

MIN_YEAR = 1900
MAX_YEAR = 2100
ORDINAL = r"(?:st|nd|rd|th)?"
# A time of day and zone that may follow a date; it is matched so that the whole
# string still counts as a date, and ignored.
TIME_TAIL = (
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
    r"(?:\s*(?:[AaPp]\.?[Mm]\.?|Z|GMT|UTC|KST|JST|[+-]\d{2}:?\d{2}|[A-Z]{3}))*)?"
)
ISO_TAIL = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
CJK_WEEKDAY = r"(?:\s*[(（][월화수목금토일月火水木金土日]\w?[)）])?"


@dataclass(frozen=True)
class DateRules:
    """Compiled patterns and the word tables they need."""

    absolute: tuple[re.Pattern[str], ...]
    relative: re.Pattern[str]
    named: re.Pattern[str]
    year_only: re.Pattern[str]
    short: re.Pattern[str]
    clock: re.Pattern[str]
    months: dict[str, int]
    units: dict[str, int]
    named_days: dict[str, int]
    one: frozenset[str]


def _alternation(words: list[str]) -> str:
    """A regex alternation that tries longer words first."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _absolute_patterns(mon: str, wday: str) -> tuple[re.Pattern[str], ...]:
    """Patterns with y, m (or mon) and optionally d groups, most specific first."""
    weekday = rf"(?:(?:{wday})\.?,?\s+)?"
    sources = [
        rf"(?<!\d)(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?!\d){ISO_TAIL}",
        rf"(?<!\d)(?P<y>\d{{4}})\s*년\s*(?P<m>\d{{1,2}})\s*월(?:\s*(?P<d>\d{{1,2}})\s*일)?"
        rf"{CJK_WEEKDAY}",
        rf"(?<!\d)(?P<y>\d{{4}})\s*年\s*(?P<m>\d{{1,2}})\s*月(?:\s*(?P<d>\d{{1,2}})\s*日)?"
        rf"{CJK_WEEKDAY}",
        rf"(?<![\d.])(?P<y>\d{{4}})(?P<sep>\.\s?|/)(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})"
        rf"(?!\d)\.?{CJK_WEEKDAY}{TIME_TAIL}",
        rf"(?<![A-Za-z]){weekday}(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}}){ORDINAL}(?!\d),?\s+"
        rf"(?P<y>\d{{4}})(?!\d){TIME_TAIL}",
        rf"(?<![A-Za-z\d]){weekday}(?P<d>\d{{1,2}}){ORDINAL}\s+(?:of\s+)?(?P<mon>{mon})\.?,?\s+"
        rf"(?P<y>\d{{4}})(?!\d){TIME_TAIL}",
        r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?![\d/])",
        rf"(?<![A-Za-z])(?P<mon>{mon})\.?,?\s+(?P<y>\d{{4}})(?!\d)",
    ]
    return tuple(re.compile(s, re.IGNORECASE) for s in sources)


@lru_cache(maxsize=1)
def rules() -> DateRules:
    """Load the word tables and compile the patterns once."""
    path = resources.files("tumen") / "data" / "listing" / "dates.yaml"
    data = load_yaml(path.read_text(encoding="utf-8"))
    months = {str(w).lower(): int(m) for m, words in data["months"].items() for w in words}
    units = {str(w).lower(): int(u["seconds"]) for u in data["units"] for w in u["words"]}
    named = {str(k).lower(): int(v) for k, v in data["named_days"].items()}
    one = [str(w) for w in data["one"]]
    number = rf"(?P<n>\d{{1,3}}|{_alternation(one)})"
    relative = (
        rf"(?<![\w]){number}\s*(?P<unit>{_alternation(list(units))})\s*"
        rf"(?:{_alternation([str(w) for w in data['ago']])})(?![A-Za-z])"
    )
    return DateRules(
        absolute=_absolute_patterns(_alternation(list(months)), _alternation(data["weekdays"])),
        relative=re.compile(relative, re.IGNORECASE),
        named=re.compile(rf"(?<![\w])(?:{_alternation(list(named))})(?![A-Za-z])", re.IGNORECASE),
        year_only=re.compile(r"(?P<y>\d{4})"),
        # Board lists print "20.12.05", "12-05" (this year) or "10:22" (today).
        short=re.compile(
            r"(?:(?P<y>\d{2})(?P<sep>[.\-/])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})"
            r"|(?P<m>\d{2})[.\-](?P<d>\d{2}))\.?"
        ),
        clock=re.compile(r"\d{1,2}:\d{2}(?::\d{2})?"),
        months=months,
        units=units,
        named_days=named,
        one=frozenset(w.lower() for w in one),
    )


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """ISO text for a possibly partial date, or None when it is not a real date."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _from_absolute(m: re.Match[str], r: DateRules) -> str | None:
    """The ISO date an absolute-pattern match stands for."""
    groups = m.groupdict()
    month = r.months[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    day = int(groups["d"]) if groups.get("d") else None
    return _iso(int(groups["y"]), month, day)


def _from_relative(m: re.Match[str], r: DateRules, now: datetime) -> str | None:
    """The ISO date of "3 days ago" and its Korean and Japanese forms."""
    n_text = m.group("n").lower()
    n = 1 if n_text in r.one else int(n_text)
    seconds = r.units[m.group("unit").lower()]
    try:
        return (now - timedelta(seconds=n * seconds)).date().isoformat()
    except OverflowError:
        return None


def _from_named(m: re.Match[str], r: DateRules, now: datetime) -> str | None:
    """The ISO date of "yesterday", "어제", "昨日"."""
    offset = r.named_days[m.group(0).lower()]
    return (now + timedelta(days=offset)).date().isoformat()


def _first(pattern: re.Pattern[str], text: str, whole: bool) -> list[re.Match[str]]:
    """The whole-text match, or every match in order when searching."""
    if whole:
        m = pattern.fullmatch(text)
        return [m] if m else []
    return list(pattern.finditer(text))


def _candidates(text: str, now: datetime | None, whole: bool) -> list[tuple[str, int, int]]:
    """Each pattern's first valid date in `text` as (iso, start, end)."""
    r = rules()
    readers: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = [
        (p, lambda m: _from_absolute(m, r)) for p in r.absolute
    ]
    if now is not None:
        readers.append((r.relative, lambda m: _from_relative(m, r, now)))
        readers.append((r.named, lambda m: _from_named(m, r, now)))
    found: list[tuple[str, int, int]] = []
    for pattern, read in readers:
        for m in _first(pattern, text, whole):
            iso = read(m)
            if iso:
                found.append((iso, m.start(), m.end()))
                break
    return found


def parse_date(text: str, *, now: datetime | None = None) -> str | None:
    """The ISO date that the whole (trimmed) text is, or None.

    Relative forms ("3 days ago", "어제") are resolved against `now` and are not
    dates at all when `now` is None.
    """
    text = text.strip().rstrip(",;|·").strip()
    if not text or len(text) > 80:
        return None
    found = _candidates(text, now, whole=True)
    if found:
        return found[0][0]
    return _parse_short(text, now)


def _parse_short(text: str, now: datetime | None) -> str | None:
    """Whole-text forms too ambiguous to look for inside longer text."""
    r = rules()
    if m := r.year_only.fullmatch(text):
        return _iso(int(m.group("y")))
    m = r.short.fullmatch(text)
    if m and m.group("y"):
        return _iso(2000 + int(m.group("y")), int(m.group("m1")), int(m.group("d1")))
    if now is None:
        return None
    if m:
        # a board prints this year's posts as MM-DD: one later than the day the page was
        # read is from last year (12-23 on a board read on 5 January)
        iso = _iso(now.year, int(m.group("m")), int(m.group("d")))
        if iso is not None and iso > now.date().isoformat():
            iso = _iso(now.year - 1, int(m.group("m")), int(m.group("d")))
        return iso
    if r.clock.fullmatch(text):
        return now.date().isoformat()
    return None


def search_date(text: str, *, now: datetime | None = None) -> tuple[str, int, int] | None:
    """The first date inside `text` as (iso, start, end), or None."""
    found = _candidates(text, now, whole=False)
    return min(found, key=lambda f: (f[1], -f[2])) if found else None


def prefer_stated(found: str | None, stated: str | None) -> str | None:
    """The page's date: ``stated`` (read from its text) when ``found`` is only its year.

    htmldate pads a year-only guess to January 1st: a Korean or Japanese page with no date
    metadata that says "2024년 5월 3일" came back as 2024-01-01.
    """
    if stated is None or found is None:
        return found
    if found.endswith("-01-01") and stated[:4] == found[:4] and len(stated) == 10:
        return stated
    return found
