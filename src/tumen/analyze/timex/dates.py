"""A date expression found in text, and the calendar arithmetic dates are resolved with."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta


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


def shift_month(ref: date, months: int) -> tuple[int, int]:
    index = ref.year * 12 + ref.month - 1 + months
    return index // 12, index % 12 + 1


def safe_day(year: int, month: int, day: int) -> str | None:
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def year_for(month: int, ref: date | None) -> int | None:
    """The year of a month named without one: the latest not after the publication."""
    if ref is None:
        return None
    return ref.year if month <= ref.month else ref.year - 1


def month_day(month: int, day: int, year: int | None, ref: date | None) -> str | None:
    if year is None:
        year = year_for(month, ref)
        if year is None:
            return None
        if ref and month == ref.month and day > ref.day:
            year -= 1
    return safe_day(year, month, day)


def day_only(day: int, ref: date | None) -> str | None:
    """A day of the month alone ("지난 12일"): this month, or last month if still ahead."""
    if ref is None or not 1 <= day <= 31:
        return None
    year, month = (ref.year, ref.month) if day <= ref.day else shift_month(ref, -1)
    return safe_day(year, month, day)


def weekday(index: int, ref: date | None, *, last: str = "") -> str | None:
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


def on_or_after(day: date, n: int) -> str | None:
    """The first day n of a month on or after day."""
    same = safe_day(day.year, day.month, n)
    if same and same >= day.isoformat():
        return same
    year, month = shift_month(day, 1)
    return safe_day(year, month, n)


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


# Where a sentence ends: what is told before it is no longer the same sentence's.
SENTENCE_END = re.compile(r"[。\n]|[.!?](?=\s|$)")
