"""Statistics: arrivals, forced returns, arrests, population and deaths per period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import find_places, load_data
from tumen.analyze.sentences import Sentence
from tumen.analyze.timex import TimeMention
from tumen.models import Evidence, Statistic

_NUMBER = re.compile(r"(?<![\d,.\-])(\d{1,3}(?:,\d{3})+|\d+)(?![\d,]*\d)")


@dataclass(frozen=True)
class _Rules:
    measures: tuple[tuple[str, re.Pattern[str]], ...]
    default_country: dict[str, str]
    continuation: re.Pattern[str]
    not_people: re.Pattern[str]
    year: re.Pattern[str]
    previous: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("statistics.yaml")
    return _Rules(
        measures=tuple((k, re.compile(v)) for k, v in data["measures"].items()),
        default_country=dict(data["default_country"]),
        continuation=re.compile(data["continuation"]),
        not_people=re.compile(data["not_people"]),
        year=re.compile(data["year"]),
        previous=re.compile(data["previous_period"]),
    )


def _figures(text: str, rules: _Rules) -> list[tuple[int, int]]:
    """(offset, value) of every number that could count people (not years, money, ages)."""
    out = []
    for m in _NUMBER.finditer(text):
        raw = m.group(1)
        value = int(raw.replace(",", ""))
        if "," not in raw and 1900 <= value <= 2100:
            continue
        if rules.not_people.match(text, m.end()) or value < 2:
            continue
        out.append((m.start(), value))
    return out


def _periods(sent: Sentence, dates: list[TimeMention], rules: _Rules) -> list[tuple[int, str]]:
    """(offset, year) of every period named in the sentence."""
    out = [
        (d.start - sent.start, d.value[:4])
        for d in dates
        if sent.start <= d.start < sent.end and d.precision == 1
    ]
    for m in rules.year.finditer(sent.text):
        if not any(abs(o - m.start()) <= 2 for o, _ in out):
            out.append((m.start(), m.group(1)))
    return sorted(out)


def _pair(
    figures: list[tuple[int, int]], periods: list[tuple[int, str]], text: str, rules: _Rules
) -> list[tuple[int, str | None]]:
    """Give each figure the nearest period, preferring one after it ("229 in 2020")."""
    pairs: list[tuple[int, str | None]] = []
    for offset, value in figures:
        if not periods:
            pairs.append((value, None))
            continue
        best = min(periods, key=lambda p: abs(p[0] - offset) * (1 if p[0] > offset else 1.5))
        period = best[1]
        prev = rules.previous.search(text, max(0, offset - 8), offset + 1)
        if prev and pairs and pairs[-1][1]:
            period = str(int(str(pairs[-1][1])) - 1)
        pairs.append((value, period))
    return pairs


def _measure(text: str, rules: _Rules) -> str | None:
    for name, rx in rules.measures:
        if rx.search(text):
            return name
    return None


def _country(text: str, measure: str, rules: _Rules) -> str | None:
    countries = [p.country for p in find_places(text) if p.country and p.country != "KP"]
    if measure in ("arrivals", "population"):
        return "JP" if "JP" in countries and "KR" not in countries else "KR"
    return countries[0] if countries else rules.default_country.get(measure)


def extract_statistics(
    sentences: list[Sentence], dates: list[TimeMention]
) -> tuple[list[Statistic], set[int]]:
    """Figures per period, and the indexes of the sentences they were read from."""
    rules = _rules()
    stats: list[Statistic] = []
    used: set[int] = set()
    last: str | None = None
    for index, sent in enumerate(sentences):
        measure = _measure(sent.text, rules)
        if measure is None and last and index - 1 in used and rules.continuation.search(sent.text):
            measure = last
        figures = _figures(sent.text, rules)
        periods = _periods(sent, dates, rules)
        if measure is None or not figures or not periods:
            continue
        country = _country(sent.text, measure, rules)
        for value, period in _pair(figures, periods, sent.text, rules):
            if period is None:
                continue
            evidence = Evidence(sent.text, sent.start, sent.end)
            stats.append(Statistic(measure, value, evidence, country, period))
        used.add(index)
        last = measure
    return stats, used
