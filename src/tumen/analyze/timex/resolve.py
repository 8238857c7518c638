"""The value of one date expression's match: what day, month or year it names."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from tumen.analyze.timex.dates import day_only, month_day, safe_day, shift_month, weekday, year_for
from tumen.analyze.timex_rules import TimexRules, holiday_key


def year_of(g: dict[str, Any], rules: TimexRules) -> int | None:
    """The year a match states: in digits, or in a Japanese era ("平成23年": 2011)."""
    if g.get("y"):
        return int(g["y"])
    if g.get("era"):
        n = 1 if g["ey"] == "元" else int(g["ey"])
        return rules.eras[g["era"]] + n - 1 if n > 0 else None
    return None


def resolve(kind: str, m: re.Match[str], rules: TimexRules, ref: date | None) -> str | None:
    g = m.groupdict()
    y = year_of(g, rules)
    month = (
        rules.months[g["mon"].lower()] if g.get("mon") else (int(g["m"]) if g.get("m") else None)
    )
    d = int(g["d"]) if g.get("d") else None
    if kind in ("told_y", "told_m"):
        return _told_placeholder(kind, rules.told[g["told"]], month, d)
    if kind in _RELATIVE:
        return _told_against(kind, g, month, d, rules, ref)
    if kind in ("iso", "ymd", "stamp") and y and month and d:
        return safe_day(y, month, d)
    if kind in ("ym", "my") and y and month:
        return f"{y:04d}-{month:02d}"
    if kind == "md_range" and month:
        year = y or year_for(month, ref)
        return f"{year:04d}-{month:02d}" if year else None
    if kind in ("md", "mdy", "dmy") and month and d:
        return month_day(month, d, y, ref)
    if kind == "m_cjk" and month:
        year = year_for(month, ref)
        return f"{year:04d}-{month:02d}" if year else None
    if kind == "dayonly" and d:
        return day_only(d, ref)
    if kind == "m" and month:
        year = year_for(month, ref)
        return f"{year:04d}-{month:02d}" if year else None
    if kind == "holiday":
        month, day = rules.holidays[holiday_key(g["hol"])]
        return month_day(month, day, None, ref)
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
        yy, mm = shift_month(ref, -1 if g["rel"] in ("지난달", "지난 달", "先月") else 0)
        return safe_day(yy, mm, d)
    if kind == "rel_ymd" and month and d and ref:
        return safe_day(ref.year + int(rules.relative_years[g["rel"]]), month, d)
    if kind == "same":
        # a placeholder at the unit's precision: _told_before gives it its value
        return {"day": "0001-01-01", "month": "0001-01", "year": "0001"}[g["unit"].lower()]
    if kind == "same_md" and d:
        # a placeholder (any month holds day 31): same_month puts it in the month named
        # before it
        return f"0001-01-{d:02d}" if 1 <= d <= 31 else None
    if kind == "units_ago" and ref:
        return _units_ago(g["n"], g["unit"], ref)
    if kind == "rel_ym" and month and ref:
        return f"{ref.year + int(rules.relative_years[g['rel']]):04d}-{month:02d}"
    if kind == "wd":
        return weekday(rules.weekdays[g["wd"].lower()], ref, last="day" if g.get("last") else "")
    if kind == "wd_cjk":
        key = f"ko{g['wdc']}" if g.get("wdc") else f"ja{g['wdj']}"
        last = "week" if g.get("week") else ("day" if g.get("last") else "")
        return weekday(rules.weekdays[key], ref, last=last)
    if kind == "ago" and ref:
        token = (g.get("ago") or g.get("agoen") or "").lower()
        days = int(token) if token.isdigit() else _AGO_WORDS.get(token, 0)
        return (ref - timedelta(days=days)).isoformat() if 0 < days <= 31 else None
    return None


def _units_ago(token: str, unit: str, ref: date) -> str | None:
    """Some years ("3年前", "two years ago": the year) or months ("2개월 전", "a month ago":
    the month) before ref."""
    n = int(token) if token.isdigit() else _AGO_WORDS.get(token.lower(), 0)
    if not 0 < n <= 60:
        return None
    if unit in ("年", "년") or unit.lower().startswith("year"):
        return f"{ref.year - n:04d}"
    year, month = shift_month(ref, -n)
    return f"{year:04d}-{month:02d}"


def relative(spec: dict[str, Any], ref: date) -> str:
    if "days" in spec:
        return (ref + timedelta(days=int(spec["days"]))).isoformat()
    if "months" in spec:
        year, month = shift_month(ref, int(spec["months"]))
        return f"{year:04d}-{month:02d}"
    return f"{ref.year + int(spec.get('years', 0)):04d}"


_AGO_WORDS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
              "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9, "ten": 10,
              "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10}
