"""Dates told against another date of the text: "the same month", "2日後", "8일과 9일"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tumen.analyze.prefilter import may_match
from tumen.analyze.timex.dates import SENTENCE_END, TimeMention, on_or_after, safe_day, shift_month
from tumen.analyze.timex_rules import TimexRules, timex_rules

_EXPLICIT_MONTH = ("iso", "ymd", "md", "mdy", "dmy", "rel_md")


def same_month(found: list[TimeMention], kinds: dict[int, str], text: str) -> list[TimeMention]:
    """A bare day after a day with its month in the same sentence is in that month
    ("先月2日に…、14日には…", "on March 2 … and on the 14th"), not the publication's."""
    out: list[TimeMention] = []
    for i, t in enumerate(found):
        if kinds.get(t.start) == "same_md":
            out.extend(_in_month_before(t, out))
            continue
        if kinds.get(t.start) == "same":
            out.extend(_told_before(t, out))
            continue
        if kinds.get(t.start) in ("told_y", "told_m"):
            out.extend(_told_after(t, kinds[t.start] == "told_m", out))
            continue
        prev = _day_before(found[:i], t.start, text)
        if kinds.get(t.start) == "dayonly" and prev and kinds.get(prev.start) in _EXPLICIT_MONTH:
            day = int(t.value[8:10])
            value = safe_day(int(prev.value[:4]), int(prev.value[5:7]), day)
            if value and value >= prev.value:
                t = replace(t, value=value)
        out.append(t)
    return out


def _in_month_before(t: TimeMention, before: list[TimeMention]) -> list[TimeMention]:
    """"같은 달 31일", "同月5日": the day in the month of the last date named before it
    with its month; none when no such date comes before."""
    prev = next((p for p in reversed(before) if p.precision >= 2 and not p.reporting), None)
    if prev is None:
        return []
    value = safe_day(int(prev.value[:4]), int(prev.value[5:7]), int(t.value[8:10]))
    return [replace(t, value=value)] if value else []


def _told_before(t: TimeMention, before: list[TimeMention]) -> list[TimeMention]:
    """"The same month", "that day": the last time named before it to that precision
    (not the publication's); none when no such time comes before."""
    prev = next(
        (p for p in reversed(before) if p.precision >= t.precision and not p.reporting), None
    )
    if prev is None:
        return []
    return [replace(t, value=prev.value[: len(t.value)])]


def _told_after(t: TimeMention, months: bool, before: list[TimeMention]) -> list[TimeMention]:
    """"同年5月", "이듬해", "翌月": the year (or month) of the last time named before it
    with one, moved on by the years (or months) the placeholder holds; none when no such time
    comes before."""
    need = 2 if months else 1
    prev = next((p for p in reversed(before) if p.precision >= need and not p.reporting), None)
    if prev is None:
        return []
    if months:
        year, month = shift_month(date(int(prev.value[:4]), int(prev.value[5:7]), 1),
                                   int(t.value[5:7]) - 1)
        rest = t.value[7:]
    else:
        year, month = int(prev.value[:4]) + int(t.value[:4]) - 1, int(t.value[5:7] or 0)
        rest = t.value[7:]
    if not month:
        return [replace(t, value=f"{year:04d}")]
    value = safe_day(year, month, int(rest[1:])) if rest else f"{year:04d}-{month:02d}"
    return [replace(t, value=value)] if value else []


def days_after_a_day(
    found: list[TimeMention], kinds: dict[int, str], last: date
) -> list[TimeMention]:
    """On a page dated only to its month, a bare day ("29日") goes on from the last day
    the text named before it (the 29th after the 26th of last month is last month's), as a
    weekday does (08bdcc7), up to the page's month; with no day before it, the page's."""
    out: list[TimeMention] = []
    for t in found:
        prev = next((p for p in reversed(out) if p.precision == 3), None)
        if kinds.get(t.start) == "dayonly" and prev is not None:
            value = on_or_after(date.fromisoformat(prev.value), int(t.value[8:10]))
            if value and value <= last.isoformat():
                t = replace(t, value=value)
        out.append(t)
    return out


def _day_before(found: list[TimeMention], at: int, text: str) -> TimeMention | None:
    """The last day named before `at` in its sentence, not far before it."""
    prev = next((p for p in reversed(found) if p.precision == 3 and p.end <= at), None)
    if prev is None or at - prev.end >= 120 or SENTENCE_END.search(text, prev.end, at):
        return None
    return prev


def _day_told_just_before(found: list[TimeMention], at: int, text: str) -> TimeMention | None:
    """The last day of the sentence before, not the report's, when the words at `at` open
    their sentence: what "two days later" at a sentence's start counts from."""
    lo = max(0, at - 600)
    ends = [lo, *(m.end() for m in SENTENCE_END.finditer(text, lo, at))]
    if len(ends) < 2 or text[ends[-1] : at].strip(" \"'“‘"):
        return None
    k = len(ends) - 1
    while k > 1 and not text[ends[k - 1] : ends[k]].strip():
        k -= 1  # (a line break after a full stop ends no other sentence)
    lo, hi = ends[k - 1], ends[-1]
    prev = [p for p in found if lo <= p.start and p.end <= hi and p.precision == 3]
    return prev[-1] if prev and not prev[-1].reporting else None


def day_before_told(found: list[TimeMention], text: str) -> list[TimeMention]:
    """"前日", "전날", "the previous day" after a day named before it in its sentence: the
    day before that day, not before the report's."""
    rules = timex_rules()
    out: list[TimeMention] = []
    for i, t in enumerate(found):
        prev = _day_before(found[:i], t.start, text)
        if prev is not None and rules.day_before_told.fullmatch(text, t.start, t.end):
            day = date.fromisoformat(prev.value) - timedelta(days=1)
            t = replace(t, value=day.isoformat())
        out.append(t)
    return out


def days_after(text: str) -> list[tuple[int, int, int]]:
    """Where text says some days after a day told before ("2日後", "사흘 뒤", "three days
    later", "the next day", "two weeks later"; "hours later": the same day; "a week
    earlier": before it): start, end and how many days."""
    rules = timex_rules()
    rx = rules.days_after
    out = []
    for m in rx.finditer(text) if may_match(rx, text) else ():
        if m.group("hr"):
            out.append((m.start(), m.end(), 0))
            continue
        week = m.group("wk") or (m.group("en") if (m.group("eu") or "").startswith("week") else "")
        token = (week or m.group("en") or m.group("n") or m.group("d") or m.group("w")
                 or m.group("j") or "1").lower()
        days = (int(token) if token.isdigit() else rules.days_words.get(token, 0)) * (
            7 if week else 1)
        if 0 < days <= 42:
            out.append((m.start(), m.end(), -days if m.group("en") else days))
    return out


def counted_after(found: list[TimeMention], text: str) -> list[TimeMention]:
    """Some days after the day named before it in the sentence ("21日に…入り、2日後に…逮捕
    され": the 23rd; "on May 20 … three days later"), or, in English, in the sentence before
    when it opens its own ("…visited on April 5. Two days later, they arrived"); with no
    such day it is no date here, and event building counts it from the event before."""
    out = list(found)
    for start, end, days in days_after(text):
        prev = _day_before(found, start, text)
        if prev is None and text[start:end].isascii():
            # (English: Korean and Japanese count it from the event before, at building)
            prev = _day_told_just_before(found, start, text)
        if prev is not None and not any(t.start < end and start < t.end for t in found):
            day = date.fromisoformat(prev.value) + timedelta(days=days)
            out.append(TimeMention(start, end, day.isoformat()))
    return sorted(out, key=lambda t: t.start)


def counted_before(found: list[TimeMention], text: str) -> list[TimeMention]:
    """Some days before the day named before it in the sentence ("on Sunday, three days
    after they sought shelter": the Thursday before); with no such day, no date."""
    rules = timex_rules()
    out = list(found)
    for m in rules.days_before.finditer(text) if " after" in text else ():
        token = (m.group("n") or "1").lower()
        unit = m.group("unit") or m.group("the") or ""
        days = 0 if m.group("same") else (
            int(token) if token.isdigit() else rules.days_words.get(token, 0)) * (
            7 if unit.startswith("week") else 1)
        prev = _day_before(found, m.start(), text)
        # counted in days, a span may run past a month ("50 days after their boat drifted
        # across": seven weeks before the day named)
        if prev is not None and 0 <= days <= 366:
            day = date.fromisoformat(prev.value) - timedelta(days=days)
            out.append(TimeMention(m.start("after"), m.end(), day.isoformat()))
    return sorted(out, key=lambda t: t.start)


def joined(found: list[TimeMention], text: str, rules: TimexRules) -> list[TimeMention]:
    """Two days or two months told together ("8일과 9일", "4月と5月", "May 3 and 5",
    "March 25-28"): the time they share (the month, the year) is what is known of a
    happening told once for both."""
    out: list[TimeMention] = []
    for t in found:
        prev = out[-1] if out else None
        shared = _shared_time(prev.value, t.value) if prev and _pair(prev, t) else None
        if prev and shared and rules.date_joint.fullmatch(text, prev.end, t.start):
            out[-1] = replace(prev, end=t.end, value=shared)
            continue
        span = rules.day_range.match(text, t.end) if t.precision == 3 else None
        out.append(replace(t, end=span.end(), value=t.value[:7]) if span else t)
    return out


def _pair(a: TimeMention, b: TimeMention) -> bool:
    """Two times of one precision finer than a year, both of a happening."""
    return a.precision == b.precision > 1 and not (a.reporting or b.reporting)


def _shared_time(a: str, b: str) -> str | None:
    """The month two days share, else the year of the first when the second comes later in
    it ("昨年2月と3月": the second month, told without its year, is in the first's)."""
    if a[:7] == b[:7] and len(a) == 10:
        return a[:7]
    return a[:4] if a[5:] < b[5:] else None
