"""Event dates: absolute and relative expressions resolved against the publication date."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from tumen.analyze.prefilter import may_match
from tumen.analyze.timex_rules import TimexRules, timex_rules

PRECISION = {"day": 3, "month": 2, "year": 1}


@dataclass(frozen=True)
class TimeMention:
    """A date expression, its offsets and its ISO value (possibly partial)."""

    start: int
    end: int
    value: str
    reporting: bool = False

    @property
    def precision(self) -> int:
        """3 for a day, 2 for a month, 1 for a year."""
        return self.value.count("-") + 1



def _shift_month(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


def _safe_day(year: int, month: int, day: int) -> str | None:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _year_for(month: int, ref: date | None) -> int | None:
    """The year of a month named without one: the latest not after the publication."""
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def _month_day(month: int, day: int, year: int | None, ref: date | None) -> str | None:
    if year is None:
        year = _year_for(month, ref)
        if year is None:
            return None
        if ref and month == ref.month and day > ref.day:
            year -= 1
    return _safe_day(year, month, day)


def _day_only(day: int, ref: date | None) -> str | None:
    """A day of the month alone ("지난 12일"): this month, or last month if still ahead."""
    if ref is None or not 1 <= day <= 31:
        return None
    year, month = (ref.year, ref.month) if day <= ref.day else _shift_month(ref, -1)
    return _safe_day(year, month, day)


def _weekday(index: int, ref: date | None, *, last: str = "") -> str | None:
    """The latest such weekday on or before the publication date ("on Monday"); with
    `last` ("last Monday", "지난 월요일"), the latest at least two days before it, as the
    day before would be "yesterday"; with `last` "week" ("지난주 수요일", "先週水曜日"), that
    day of the week (Monday to Sunday) before the publication's week."""
    if ref is None:
        return None
    back = (ref.weekday() - index) % 7
    if last == "week":
        back = ref.weekday() + 7 - index
    elif last and back < 2:
        back += 7
    return (ref - timedelta(days=back)).isoformat()


def _year(g: dict[str, Any], rules: TimexRules) -> int | None:
    """The year a match states: in digits, or in a Japanese era ("平成23年": 2011)."""
    if g.get("y"):
        return int(g["y"])
    if g.get("era"):
        n = 1 if g["ey"] == "元" else int(g["ey"])
        return rules.eras[g["era"]] + n - 1 if n > 0 else None
    return None


def _resolve(kind: str, m: re.Match[str], rules: TimexRules, ref: date | None) -> str | None:
    g = m.groupdict()
    y = _year(g, rules)
    month = (
        rules.months[g["mon"].lower()] if g.get("mon") else (int(g["m"]) if g.get("m") else None)
    )
    d = int(g["d"]) if g.get("d") else None
    if kind in ("told_y", "told_m"):
        return _told_placeholder(kind, rules.told[g["told"]], month, d)
    if kind in _RELATIVE:
        return _told_against(kind, g, month, d, rules, ref)
    if kind in ("iso", "ymd") and y and month and d:
        return _safe_day(y, month, d)
    if kind in ("ym", "my") and y and month:
        return f"{y:04d}-{month:02d}"
    if kind == "md_range" and month:
        year = y or _year_for(month, ref)
        return f"{year:04d}-{month:02d}" if year else None
    if kind in ("md", "mdy", "dmy") and month and d:
        return _month_day(month, d, y, ref)
    if kind == "m_cjk" and month:
        year = _year_for(month, ref)
        return f"{year:04d}-{month:02d}" if year else None
    if kind == "dayonly" and d:
        return _day_only(d, ref)
    if kind == "m" and month:
        year = _year_for(month, ref)
        return f"{year:04d}-{month:02d}" if year else None
    if kind == "y" and y:
        return f"{y:04d}"
    return None


def _told_placeholder(kind: str, after: int, month: int | None, d: int | None) -> str | None:
    """A placeholder for a year or month told by the one before it ("이듬해 3월", "翌月"):
    year 1 (plus the years after) or month 1 (plus the months after) of year 1, with what
    month and day it states; `_told_after` gives it its value."""
    if d is not None and not 1 <= d <= 31:
        return None
    day = f"-{d:02d}" if d is not None else ""
    if kind == "told_m":
        return f"0001-{1 + after:02d}{day}"
    return f"{1 + after:04d}" + (f"-{month:02d}{day}" if month else "")


# Kinds told against the publication date or a time named before them, not by their own
# year, month and day alone.
_RELATIVE = frozenset(
    {"rel_md", "rel_ymd", "same", "same_md", "units_ago", "rel_ym", "wd", "wd_cjk", "ago"}
)


def _told_against(
    kind: str,
    g: dict[str, Any],
    month: int | None,
    d: int | None,
    rules: TimexRules,
    ref: date | None,
) -> str | None:
    """A date told against the publication date ("지난달 5일", "last Monday", "3 days ago")
    or, as a placeholder, against a time named before it ("the same day")."""
    if kind == "rel_md" and d and ref:
        yy, mm = _shift_month(ref, -1 if g["rel"] in ("지난달", "지난 달", "先月") else 0)
        return _safe_day(yy, mm, d)
    if kind == "rel_ymd" and month and d and ref:
        return _safe_day(ref.year + int(rules.relative_years[g["rel"]]), month, d)
    if kind == "same":
        # a placeholder at the unit's precision: _told_before gives it its value
        return {"day": "0001-01-01", "month": "0001-01", "year": "0001"}[g["unit"].lower()]
    if kind == "same_md" and d:
        # a placeholder (any month holds day 31): _same_month puts it in the month named
        # before it
        return f"0001-01-{d:02d}" if 1 <= d <= 31 else None
    if kind == "units_ago" and ref:
        return _units_ago(g["n"], g["unit"], ref)
    if kind == "rel_ym" and month and ref:
        return f"{ref.year + int(rules.relative_years[g['rel']]):04d}-{month:02d}"
    if kind == "wd":
        return _weekday(rules.weekdays[g["wd"].lower()], ref, last="day" if g.get("last") else "")
    if kind == "wd_cjk":
        key = f"ko{g['wdc']}" if g.get("wdc") else f"ja{g['wdj']}"
        last = "week" if g.get("week") else ("day" if g.get("last") else "")
        return _weekday(rules.weekdays[key], ref, last=last)
    if kind == "ago" and ref:
        token = (g.get("ago") or g.get("agoen") or "").lower()
        days = int(token) if token.isdigit() else _AGO_WORDS.get(token, 0)
        return (ref - timedelta(days=days)).isoformat() if 0 < days <= 31 else None
    return None


def _units_ago(token: str, unit: str, ref: date) -> str | None:
    """Some years ("3年前": the year) or months ("2개월 전": the month) before ref."""
    n = int(token) if token.isdigit() else _AGO_WORDS.get(token, 0)
    if not 0 < n <= 60:
        return None
    if unit in ("年", "년"):
        return f"{ref.year - n:04d}"
    year, month = _shift_month(ref, -n)
    return f"{year:04d}-{month:02d}"


def _relative(spec: dict[str, Any], ref: date) -> str:
    if "days" in spec:
        return (ref + timedelta(days=int(spec["days"]))).isoformat()
    if "months" in spec:
        year, month = _shift_month(ref, int(spec["months"]))
        return f"{year:04d}-{month:02d}"
    return f"{ref.year + int(spec.get('years', 0)):04d}"


def parse_published(published: str | None) -> date | None:
    """The publication date as a date (a partial date counts as its last known day)."""
    if not published:
        return None
    parts = published[:10].split("-")
    try:
        nums = [int(p) for p in parts]
        if len(nums) == 3:
            return date(nums[0], nums[1], nums[2])
        if len(nums) == 2:
            return date(nums[0], nums[1], calendar.monthrange(nums[0], nums[1])[1])
        return date(nums[0], 12, 31)
    except (ValueError, IndexError):
        return None


# Patterns counted from a day (a weekday, "3日前").
_FROM_A_DAY = ("wd", "wd_cjk", "ago")
# Patterns that state a full date with its year.
_FULL = ("iso", "ymd", "mdy", "dmy")
_MONTH_DAY = ("md", "mdy", "dmy")
_AGO_WORDS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
              "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
              "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10}


def _anchors(text: str, rules: TimexRules) -> list[tuple[int, date]]:
    """Full dates the text states, by offset: with no publication date they stand in
    for it (a page of undated items: "arrested on October 22" beside "22 October 2015")."""
    out = []
    for kind, rx in rules.patterns:
        if kind not in _FULL or not may_match(rx, text):
            continue
        for m in rx.finditer(text):
            value = _resolve(kind, m, rules, None) if _year(m.groupdict(), rules) else None
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


def _dateline(text: str, start: int, end: int, rules: TimexRules) -> bool:
    """Whether a date is a dateline: the report's date, not an event's."""
    line = text.rfind("\n", 0, start) + 1
    if start - line > 40:
        return False
    if rules.dateline_place.fullmatch(text, line, start) and rules.dateline_agency.match(
        text, end
    ):
        return True
    return bool(
        rules.dateline_before.fullmatch(text, line, start) and rules.dateline_after.match(text, end)
    )


_SENTENCE_END = re.compile(r"[。\n]|[.!?](?=\s|$)")


def _said_on(text: str, start: int, end: int, value: str, rules: TimexRules) -> bool:
    """Whether a Korean or Japanese day is the day something was said: it follows the
    speaker at the front of a sentence that closes on the verb of saying right after the
    quoted clause ("외교부는 11일 …풀려났다고 밝혔다", "当局は12日、…拘束したと発表した").
    Only a bare day: "지난 21일" points back to what happened."""
    if value.count("-") != 2 or text.startswith("지난", start):
        return False
    stop = _SENTENCE_END.search(text, end)
    if not rules.said_close.search(text, end, stop.start() if stop else len(text)):
        return False
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=0)
    return bool(rules.said_front.match(text[lo:start]))


_EXPLICIT_MONTH = ("iso", "ymd", "md", "mdy", "dmy", "rel_md")


def _same_month(found: list[TimeMention], kinds: dict[int, str], text: str) -> list[TimeMention]:
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
            value = _safe_day(int(prev.value[:4]), int(prev.value[5:7]), day)
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
    value = _safe_day(int(prev.value[:4]), int(prev.value[5:7]), int(t.value[8:10]))
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
        year, month = _shift_month(date(int(prev.value[:4]), int(prev.value[5:7]), 1),
                                   int(t.value[5:7]) - 1)
        rest = t.value[7:]
    else:
        year, month = int(prev.value[:4]) + int(t.value[:4]) - 1, int(t.value[5:7] or 0)
        rest = t.value[7:]
    if not month:
        return [replace(t, value=f"{year:04d}")]
    value = _safe_day(year, month, int(rest[1:])) if rest else f"{year:04d}-{month:02d}"
    return [replace(t, value=value)] if value else []


def _days_after_a_day(
    found: list[TimeMention], kinds: dict[int, str], last: date
) -> list[TimeMention]:
    """On a page dated only to its month, a bare day ("29日") goes on from the last day
    the text named before it (the 29th after the 26th of last month is last month's), as a
    weekday does (08bdcc7), up to the page's month; with no day before it, the page's."""
    out: list[TimeMention] = []
    for t in found:
        prev = next((p for p in reversed(out) if p.precision == 3), None)
        if kinds.get(t.start) == "dayonly" and prev is not None:
            value = _on_or_after(date.fromisoformat(prev.value), int(t.value[8:10]))
            if value and value <= last.isoformat():
                t = replace(t, value=value)
        out.append(t)
    return out


def _on_or_after(day: date, n: int) -> str | None:
    """The first day n of a month on or after day."""
    same = _safe_day(day.year, day.month, n)
    if same and same >= day.isoformat():
        return same
    year, month = _shift_month(day, 1)
    return _safe_day(year, month, n)


def _day_before(found: list[TimeMention], at: int, text: str) -> TimeMention | None:
    """The last day named before `at` in its sentence, not far before it."""
    prev = next((p for p in reversed(found) if p.precision == 3 and p.end <= at), None)
    if prev is None or at - prev.end >= 120 or _SENTENCE_END.search(text, prev.end, at):
        return None
    return prev


def days_after(text: str) -> list[tuple[int, int, int]]:
    """Where text says some days after a day told before ("2日後", "사흘 뒤", "three days
    later", "the next day"): start, end and how many days."""
    rules = timex_rules()
    rx = rules.days_after
    out = []
    for m in rx.finditer(text) if may_match(rx, text) else ():
        token = (m.group("n") or m.group("d") or m.group("w") or m.group("j") or "1").lower()
        days = int(token) if token.isdigit() else rules.days_words.get(token, 0)
        if 0 < days <= 31:
            out.append((m.start(), m.end(), days))
    return out


def _days_after(found: list[TimeMention], text: str) -> list[TimeMention]:
    """Some days after the day named before it in the sentence ("21日に…入り、2日後に…逮捕
    され": the 23rd; "on May 20 … three days later"); with no such day it is no date here,
    and event building counts it from the event before."""
    out = list(found)
    for start, end, days in days_after(text):
        prev = _day_before(found, start, text)
        if prev is not None and not any(t.start < end and start < t.end for t in found):
            day = date.fromisoformat(prev.value) + timedelta(days=days)
            out.append(TimeMention(start, end, day.isoformat()))
    return sorted(out, key=lambda t: t.start)


def _days_before(found: list[TimeMention], text: str) -> list[TimeMention]:
    """Some days before the day named before it in the sentence ("on Sunday, three days
    after they sought shelter": the Thursday before); with no such day, no date."""
    rules = timex_rules()
    out = list(found)
    for m in rules.days_before.finditer(text) if "days after" in text else ():
        token = m.group("n").lower()
        days = int(token) if token.isdigit() else rules.days_words.get(token, 0)
        prev = _day_before(found, m.start(), text)
        # counted in days, a span may run past a month ("50 days after their boat drifted
        # across": seven weeks before the day named)
        if prev is not None and 0 < days <= 366:
            day = date.fromisoformat(prev.value) - timedelta(days=days)
            out.append(TimeMention(m.start("after"), m.end(), day.isoformat()))
    return sorted(out, key=lambda t: t.start)


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
    value = _resolve(kind, m, rules, refs.day_ref(at) if kind in _FROM_A_DAY else refs.year_ref(at))
    # "deported on May 27" after an item dated May 10 beside "May 29, 2013": a month
    # and day past the date keep the year the text states for that month
    published_ref = refs.published_ref
    if published_ref and value and kind in _MONTH_DAY and _year(m.groupdict(), rules) is None:
        same = (published_ref.year, int(value[5:7]))
        if int(value[:4]) == published_ref.year - 1 and same in refs.stated:
            value = f"{published_ref.year:04d}{value[4:]}"
    return value


def _reporting(text: str, start: int, end: int, value: str, rules: TimexRules) -> bool:
    """Whether a date is when something was reported, not when it happened."""
    before = text[max(0, start - 40) : start]
    return (
        bool(rules.reporting.search(before))
        or bool(rules.reporting_quote.search(before))
        or bool(rules.reporting_after.match(text, end))
        or _dateline(text, start, end, rules)
        or _said_on(text, start, end, value, rules)
    )


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
        found.append(TimeMention(start, end, value, _reporting(text, start, end, value, rules)))

    for kind, rx in rules.patterns[: rules.before_relative]:
        for m in rx.finditer(text) if may_match(rx, text) else ():
            add(m.start(), m.end(), _resolved(kind, m, rules, refs), kind)
    for rx, spec in rules.relative if refs.published_ref or refs.anchors else ():
        for m in rx.finditer(text) if may_match(rx, text) else ():
            at = refs.day_ref(m.start()) if "days" in spec else refs.ref(m.start())
            add(m.start(), m.end(), _relative(spec, at) if at else None)
    for kind, rx in rules.patterns[rules.before_relative :]:
        for m in rx.finditer(text) if may_match(rx, text) else ():
            add(m.start(), m.end(), _resolved(kind, m, rules, refs), kind)
    return found, kinds


def find_dates(text: str, published: str | None = None) -> list[TimeMention]:
    """Every date expression in text, resolved; overlapping matches keep the longest."""
    rules = timex_rules()
    refs = _refs(text, published, rules)
    found, kinds = _scan(text, rules, refs)
    found = _same_month(sorted(found, key=lambda t: t.start), kinds, text)
    if refs.published_ref is not None and published is not None and len(published) == 7:
        found = _days_after_a_day(found, kinds, refs.published_ref)
    found = _days_before(_days_after(found, text), text)
    return _page_stamps(_joined(found, text, rules), text, published, rules)


def _joined(found: list[TimeMention], text: str, rules: TimexRules) -> list[TimeMention]:
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


def _page_stamps(
    found: list[TimeMention], text: str, published: str | None, rules: TimexRules
) -> list[TimeMention]:
    """A line with nothing but the publication day on it ("Saturday, September 23, 2006",
    "Last Updated: Wed, Jan 12, 2011 06:50 hrs"), or a headline closed by it after a dash
    or a bar, is the page's stamp: its dates are the report's, not an event's."""
    if not published or len(published) < 10:
        return found
    stamps = []
    # only a line naming the publication day can be its stamp
    for t in found:
        if t.value != published[:10]:
            continue
        lo = text.rfind("\n", 0, t.start) + 1
        hi = text.find("\n", t.end)
        hi = len(text) if hi < 0 else hi
        if not text[t.end : hi].strip() and rules.title_stamp.search(text, lo, t.start):
            stamps.append((t.start, t.end))  # "… Reach Seoul Consulate - 2011-05-04"
            continue
        on_line = [d for d in found if lo <= d.start and d.end <= hi]
        days = {d.value for d in on_line if d.precision == 3}
        if days == {published[:10]} and rules.date_line_rest.fullmatch(
            _outside(text, lo, hi, on_line)
        ):
            stamps.append((lo, hi))
    if not stamps:
        return found
    return [
        replace(t, reporting=True) if any(lo <= t.start < hi for lo, hi in stamps) else t
        for t in found
    ]


def _outside(text: str, lo: int, hi: int, spans: list[TimeMention]) -> str:
    """The text of lo..hi outside the spans."""
    pieces, at = [], lo
    for d in spans:
        pieces.append(text[at : d.start])
        at = d.end
    return "".join([*pieces, text[at:hi]])
