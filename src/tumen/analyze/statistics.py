"""Statistics: arrivals, forced returns, arrests, population and deaths per period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import find_places, load_data
from tumen.analyze.prefilter import may_match
from tumen.analyze.sentences import Sentence
from tumen.analyze.timex import TimeMention
from tumen.models import Evidence, Statistic

# Digits with thousands commas, or Korean/Japanese myriads ("3만4천", "1천502", "9万3千").
# Every number starts with a digit: the lookahead spares an empty match at every other
# position (those were skipped as "no value" anyway).
_NUMBER = re.compile(
    r"(?=\d)(?<![\d,.\-])(?:(?P<man>\d+)\s*[만万]\s*)?(?:(?P<chun>\d+)\s*[천千]\s*)?"
    r"(?P<rest>\d{1,3}(?:,\d{3})+|\d+)?(?![\d,]*\d)"
)
_CJK = re.compile(r"[\u3040-\u30ff\uac00-\ud7a3]")


@dataclass(frozen=True)
class _Rules:
    measures: tuple[tuple[str, re.Pattern[str]], ...]
    figure_measures: tuple[tuple[str, re.Pattern[str]], ...]
    default_country: dict[str, str]
    continuation: re.Pattern[str]
    not_people: re.Pattern[str]
    age_before: re.Pattern[str]
    threshold_after: re.Pattern[str]
    threshold_before: re.Pattern[str]
    change_after: re.Pattern[str]
    cjk_counter: re.Pattern[str]
    year: re.Pattern[str]
    short_year: re.Pattern[str]
    previous: re.Pattern[str]
    previous_after: re.Pattern[str]
    partial: re.Pattern[str]
    clause_cut: re.Pattern[str]
    word_figure: re.Pattern[str]
    word_values: dict[str, int]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("statistics.yaml")
    return _Rules(
        measures=tuple((k, re.compile(v)) for k, v in data["measures"].items()),
        figure_measures=tuple((k, re.compile(v)) for k, v in data["figure_measures"].items()),
        default_country=dict(data["default_country"]),
        continuation=re.compile(data["continuation"]),
        not_people=re.compile(data["not_people"]),
        age_before=re.compile(data["age_before"]),
        threshold_after=re.compile(data["threshold_after"]),
        threshold_before=re.compile(data["threshold_before"]),
        change_after=re.compile(data["change_after"]),
        cjk_counter=re.compile(data["cjk_counter"]),
        year=re.compile(data["year"]),
        short_year=re.compile(data["short_year"]),
        previous=re.compile(data["previous_period"]),
        previous_after=re.compile(data["previous_after"]),
        partial=re.compile(data["partial_period"]),
        clause_cut=re.compile(data["clause_cut"]),
        word_figure=re.compile(data["word_figure"]),
        word_values={str(k): int(v) for k, v in data["word_values"].items()},
    )


@dataclass(frozen=True)
class _Figure:
    offset: int
    end: int
    value: int


def _number(m: re.Match[str]) -> int | None:
    man, chun, rest = m.group("man"), m.group("chun"), m.group("rest")
    if not (man or chun or rest):
        return None
    value = int(man or 0) * 10000 + int(chun or 0) * 1000
    return value + int((rest or "0").replace(",", ""))


def _figures(text: str, rules: _Rules) -> list[_Figure]:
    """Every number that could count people (not years, money, ages, thresholds)."""
    cjk = bool(_CJK.search(text))
    out = []
    for m in _NUMBER.finditer(text):
        value = _number(m)
        if value is None or value < 2:
            continue
        plain = m.group("rest") or ""
        if plain == m.group(0) and "," not in plain and 1900 <= value <= 2100:
            continue
        if rules.not_people.match(text, m.end()) or rules.change_after.match(text, m.end()):
            continue
        if rules.threshold_before.search(text, max(0, m.start() - 16), m.start()):
            continue
        # "Choi, 41, was caught": an age set off by commas after a name.
        if rules.age_before.search(text, 0, m.start()) and text.startswith(",", m.end()):
            continue
        if cjk and not rules.cjk_counter.match(text, m.end()):
            continue
        if rules.threshold_after.match(text, m.end()) and not _after_period(text, m.start(), rules):
            continue
        out.append(_Figure(m.start(), m.end(), value))
    if not cjk:
        for m in rules.word_figure.finditer(text):
            value = rules.word_values[m.group("w").lower()]
            out.append(_Figure(m.start("w"), m.end("w"), value))
        out.sort(key=lambda f: f.offset)
    return out


def _after_period(text: str, start: int, rules: _Rules) -> bool:
    """A figure right after a period word ("前年の196人") is that period's figure."""
    before = text[max(0, start - 8) : start]
    return bool(rules.previous.search(before) or re.search(r"\d\s*[년年]", before))


def _explicit_year(sent: Sentence, d: TimeMention) -> bool:
    """A month counts as a period only with its year written out ("March 2019")."""
    return bool(re.search(r"(?:19|20)\d\d", sent.text[d.start - sent.start : d.end - sent.start]))


def _periods(sent: Sentence, dates: list[TimeMention], rules: _Rules) -> list[tuple[int, str]]:
    """(offset, period) of every year or month named in the sentence."""
    inside = [
        d
        for d in dates
        if sent.start <= d.start < sent.end
        and (d.precision == 1 or (d.precision == 2 and _explicit_year(sent, d)))
    ]
    out = [(d.start - sent.start, d.value) for d in inside]
    spans = [(d.start - sent.start, d.end - sent.start) for d in inside]
    for m in rules.year.finditer(sent.text):
        if not any(s <= m.start() < e for s, e in spans):
            out.append((m.start(), m.group(1)))
    years = sorted(p[1][:4] for p in out)
    if years:
        for m in rules.short_year.finditer(sent.text):
            if not any(s <= m.start() < e for s, e in spans) and m.start() > 0:
                out.append((m.start(), years[-1][:2] + m.group(1)))
    return sorted(out)


def _nearest(fig: _Figure, periods: list[tuple[int, str]], cjk: bool) -> str:
    """Korean and Japanese name the period before the figure; English mostly after it."""
    if cjk:
        before = [p for p in periods if p[0] < fig.offset]
        if before:
            return before[-1][1]
    return min(periods, key=lambda p: abs(p[0] - fig.offset) * (1 if p[0] > fig.offset else 1.5))[1]


def _pair(
    figures: list[_Figure], periods: list[tuple[int, str]], text: str, rules: _Rules
) -> list[tuple[_Figure, str]]:
    """Give each figure its period; "a year earlier" / "前年" is the one before the last.
    A figure for part of a period ("the first six months of 2024", "1〜3月") has none."""
    cjk = bool(_CJK.search(text))
    pairs: list[tuple[_Figure, str]] = []
    for i, fig in enumerate(figures):
        period = _nearest(fig, periods, cjk)
        # "前年の196人", "the previous year's 470": the period word just before the figure.
        prev = rules.previous.search(text, max(0, fig.offset - 22), fig.offset + 1)
        stop = figures[i + 1].offset if i + 1 < len(figures) else len(text)
        after = rules.previous_after.match(text, fig.end, min(stop, fig.end + 40))
        if (prev or after) and pairs:
            period = str(int(pairs[-1][1][:4]) - 1)
        elif _partial(text, periods, period, rules):
            continue
        pairs.append((fig, period))
    return pairs


def _partial(text: str, periods: list[tuple[int, str]], period: str, rules: _Rules) -> bool:
    """Whether the period is named as a part of itself ("first half of 2024", "1〜3月")."""
    for offset, value in periods:
        if value == period:
            window = text[max(0, offset - 30) : offset + 16]
            if rules.partial.search(window):
                return True
    return False


def _measure(text: str, rules: _Rules) -> str | None:
    for name, rx in rules.measures:
        if may_match(rx, text) and rx.search(text):
            return name
    return None


def _figure_measure(text: str, fig: _Figure, default: str, rules: _Rules) -> str:
    for name, rx in rules.figure_measures:
        if rx.match(text[fig.end : fig.end + 40]):
            return name
    # Cues of several measures in one sentence ("체포된 ... 118명이며, 이 가운데 80여 명이
    # 강제송환"): the figure takes the cue of its own clause, else the nearest one.
    cues = [(n, m.start()) for n, rx in rules.measures for m in rx.finditer(text)]
    if len({n for n, _ in cues}) < 2:
        return default

    def distance(cue: tuple[str, int]) -> int:
        lo, hi = sorted((cue[1], fig.offset))
        return abs(cue[1] - fig.offset) + (200 if rules.clause_cut.search(text, lo, hi) else 0)

    return min(cues, key=distance)[0]


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
        # figures and periods only matter in a sentence that names a measure
        if measure is None:
            continue
        figures = _figures(sent.text, rules)
        if not figures:
            continue
        periods = _periods(sent, dates, rules)
        before = rules.previous.search(sent.text)
        last_period = stats[-1].period if stats and index - 1 in used else None
        if not periods and before and last_period:
            # "In the year before that, only 67 made it": the year before the last one.
            periods = [(before.start(), str(int(last_period[:4]) - 1))]
        if not periods:
            continue
        evidence = Evidence(sent.text, sent.start, sent.end)
        for fig, period in _pair(figures, periods, sent.text, rules):
            name = _figure_measure(sent.text, fig, measure, rules)
            country = _country(sent.text, name, rules)
            stats.append(Statistic(name, fig.value, evidence, country, period))
        used.add(index)
        last = measure
    return stats, used
