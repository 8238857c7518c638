"""The dateline that opens a report ("SEOUL, Oct. 4 (Yonhap) --", "【ソウル共同】"): where,
when and by whom it was filed, never where or when its event happened. One definition,
from data/dateline.yaml, for the places it names (gazetteer) and its date (timex)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import load_data
from tumen.models import Entity


@dataclass(frozen=True)
class DatelineRules:
    """The dateline's forms, built from the parts of data/dateline.yaml."""

    opening: re.Pattern[str]  # a whole dateline: place and agency, or the outlet's brackets
    date_before: re.Pattern[str]  # from the line's start to a date in capitals' dateline
    date_after: re.Pattern[str]  # after that date: the agency, a dash, the lede, line end
    place_before: re.Pattern[str]  # from the line's start to a date after a place ...
    place_after: re.Pattern[str]  # ... closed by the agency
    lenticular_open: re.Pattern[str]
    lenticular_reach: int
    date_reach: int


@lru_cache(maxsize=1)
def dateline_rules() -> DatelineRules:
    """The dateline's forms, compiled once."""
    d = load_data("dateline.yaml")
    place, agency = d["place"], d["agency"]
    opening = (
        rf"(?m)^[ \t]*(?:{place}(?:,[ \t]*{place})?(?:,[ \t]*{d['month_day']})?[ \t]*"
        rf"{agency}[ \t]*(?:{d['close']}|(?=[A-Z]))|{d['lenticular']}|{d['korean_bracket']})"
    )
    return DatelineRules(
        opening=re.compile(opening),
        date_before=re.compile(rf"\s*(?:{d['date_label']}\s*|{d['caps_place']},\s*)?"),
        date_after=re.compile(rf"\s*(?:{d['agency']}\s*)?(?:{d['dash']}|\s[A-Z]|$)", re.M),
        place_before=re.compile(rf"\s*{place},\s*"),
        place_after=re.compile(rf"\s*{d['agency']}\s*{d['close']}"),
        lenticular_open=re.compile(d["lenticular_open"]),
        lenticular_reach=int(d["lenticular_reach"]),
        date_reach=int(d["date_reach"]),
    )


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """The spans of the datelines that open the text's lines."""
    return [(m.start(), m.end()) for m in dateline_rules().opening.finditer(text)]


def in_dateline(text: str, places: list[Entity]) -> list[Entity]:
    """The places named in a report's dateline: where it was filed, never where its event
    happened."""
    spans = dateline_spans(text)
    return [p for p in places if any(a <= p.start < b for a, b in spans)]


def dated(text: str, start: int, end: int) -> bool:
    """Whether the date at text[start:end] is a dateline's: the report's date, not an event's."""
    rules = dateline_rules()
    if rules.lenticular_open.search(text[max(0, start - 20) : start]) and _closed(
        text, end, rules.lenticular_reach
    ):
        return True
    line = text.rfind("\n", 0, start) + 1
    if start - line > rules.date_reach:
        return False
    if rules.place_before.fullmatch(text, line, start) and rules.place_after.match(text, end):
        return True
    return bool(
        rules.date_before.fullmatch(text, line, start) and rules.date_after.match(text, end)
    )


def _closed(text: str, end: int, reach: int) -> bool:
    """Whether a lenticular bracket opened before `end` closes within `reach` characters,
    with no other opening before it."""
    close = text.find("】", end, end + reach + 1)
    return close >= 0 and not any(c in text[end:close] for c in "【\n")
