"""Statistics: arrivals, forced returns, arrests, population and deaths per period.

A statistic is a figure for one whole period (a year, or a month written with its year)
in a sentence that states a count in aggregate. Each figure of a list ("1,502 in 2012,
1,514 in 2013", "2011년 2706명 ... 2012년 1502명", "각각 63명, 67명") takes its own
period; parts of a figure (men and women), cumulative totals, ranges, averages,
estimates and parts of a period are not statistics. A day of the month, a time, an age
or a year is never a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import find_places, load_data
from tumen.analyze.prefilter import may_match
from tumen.analyze.sentences import Sentence
from tumen.analyze.tables import yearly_table
from tumen.analyze.timex import TimeMention
from tumen.models import Evidence, Statistic

# Digits with thousands commas, or Korean/Japanese myriads ("3만4천", "1천502", "2천2백73",
# "9万3千"). Every number starts with a digit: the lookahead spares an empty match at
# every other position.
_NUMBER = re.compile(
    r"(?=\d)(?<![\d,.\-:])(?:(?P<man>\d+)\s*[만万]\s*)?(?:(?P<chun>\d+)\s*[천千]\s*)?"
    r"(?:(?P<baek>\d+)\s*[백百]\s*)?(?P<rest>\d{1,3}(?:,\d{3})+|\d+)?(?![\d,]*\d|:\d|\.\d)"
)
_CJK = re.compile(r"[\u3040-\u30ff\uac00-\ud7a3]")
# A table row: a year, then figures only (whole numbers, shares with decimals).
# Cues right against a figure are looked for this far before and after it.
_BEFORE, _AFTER = 40, 16
# What ends a clause around a figure: "196명(분기당 49명꼴)" are two, and so are
# "224명이며 누적 ..." and "224 arrived, while a cumulative ...".
# Measures that count happenings, each also reported as one event.
_HAPPENINGS = frozenset({"arrests", "forced_returns", "deaths"})
# "12 and 15 in the third and fourth quarter" is one clause: "and" between figures or
# ordinals joins them.
_CLAUSE = re.compile(
    r"[,;、，()（）]|(?<=[며고])\s|\s(?:while|but)\s|(?<![\d,])(?<!first|econd|third|ourth)\sand\s"
    r"(?!\d|(?:first|second|third|fourth)\b)"
)


@dataclass(frozen=True)
class _Rules:
    measures: tuple[tuple[str, re.Pattern[str]], ...]
    figure_measures: tuple[tuple[str, re.Pattern[str]], ...]
    default_country: dict[str, str]
    continuation: re.Pattern[str]
    aggregate: re.Pattern[str]
    tally: re.Pattern[str]
    not_people: re.Pattern[str]
    age_before: re.Pattern[str]
    threshold_after: re.Pattern[str]
    threshold_before: re.Pattern[str]
    range_before: re.Pattern[str]
    change_after: re.Pattern[str]
    change_before: re.Pattern[str]
    before_last: re.Pattern[str]
    period_before: re.Pattern[str]
    part_before: re.Pattern[str]
    part_after: re.Pattern[str]
    not_single: re.Pattern[str]
    cjk_counter: re.Pattern[str]
    year: re.Pattern[str]
    short_year: re.Pattern[str]
    previous: re.Pattern[str]
    previous_after: re.Pattern[str]
    next_period: re.Pattern[str]
    partial_year: re.Pattern[str]
    bare_month: re.Pattern[str]
    partial: re.Pattern[str]
    clause_cut: re.Pattern[str]
    bound_after: re.Pattern[str]
    bound_before: re.Pattern[str]
    respectively: re.Pattern[str]
    listed: re.Pattern[str]
    word_figure: re.Pattern[str]
    thousand_figure: re.Pattern[str]
    word_values: dict[str, int]
    opening_period: re.Pattern[str]
    people_after: re.Pattern[str]
    subject_before: re.Pattern[str]
    clause_to_year: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("statistics.yaml")
    rx = {k: re.compile(v) for k, v in data.items() if isinstance(v, str)}
    return _Rules(
        measures=tuple((k, re.compile(v)) for k, v in data["measures"].items()),
        figure_measures=tuple((k, re.compile(v)) for k, v in data["figure_measures"].items()),
        default_country=dict(data["default_country"]),
        continuation=rx["continuation"],
        aggregate=rx["aggregate"],
        tally=rx["tally"],
        not_people=rx["not_people"],
        age_before=rx["age_before"],
        threshold_after=rx["threshold_after"],
        threshold_before=rx["threshold_before"],
        range_before=rx["range_before"],
        change_after=rx["change_after"],
        change_before=rx["change_before"],
        before_last=rx["before_last"],
        period_before=rx["period_before"],
        part_before=rx["part_before"],
        part_after=rx["part_after"],
        not_single=rx["not_single"],
        cjk_counter=rx["cjk_counter"],
        year=rx["year"],
        short_year=rx["short_year"],
        previous=rx["previous_period"],
        previous_after=rx["previous_after"],
        next_period=rx["next_period"],
        partial_year=rx["partial_year"],
        bare_month=rx["bare_month"],
        partial=rx["partial_period"],
        clause_cut=rx["clause_cut"],
        bound_after=rx["bound_after"],
        bound_before=rx["bound_before"],
        respectively=rx["respectively"],
        listed=rx["listed"],
        word_figure=rx["word_figure"],
        thousand_figure=rx["thousand_figure"],
        word_values={str(k): int(v) for k, v in data["word_values"].items()},
        opening_period=rx["opening_period"],
        people_after=rx["people_after"],
        subject_before=rx["subject_before"],
        clause_to_year=rx["clause_to_year"],
    )


@dataclass(frozen=True)
class _Figure:
    offset: int
    end: int
    value: int


@dataclass(frozen=True)
class _Period:
    offset: int
    end: int
    value: str


def _number(m: re.Match[str]) -> int | None:
    man, chun, baek, rest = m.group("man"), m.group("chun"), m.group("baek"), m.group("rest")
    if not (man or chun or baek or rest):
        return None
    value = int(man or 0) * 10000 + int(chun or 0) * 1000 + int(baek or 0) * 100
    return value + int((rest or "0").replace(",", ""))


def _figures(text: str, spans: list[tuple[int, int]], rules: _Rules) -> list[_Figure]:
    """Every number that could count people for one period (not years, dates, money,
    ages, thresholds, parts of a total, ranges, averages, estimates, parts of a period)."""
    cjk = bool(_CJK.search(text))
    out = []
    for m in _NUMBER.finditer(text):
        value = _number(m)
        if value is None or value < 2 or any(s <= m.start() < e for s, e in spans):
            continue
        if _footnote(text, m.start(), m.end()):
            continue
        plain = m.group("rest") or ""
        if plain == m.group(0) and "," not in plain and 1900 <= value <= 2100:
            continue
        if cjk and not rules.cjk_counter.match(text, m.end()):
            continue
        if _not_a_count(text, m.start(), m.end(), rules):
            continue
        out.append(_Figure(m.start(), m.end(), value))
    if not cjk:
        out += _word_figures(text, rules)
        out.sort(key=lambda f: f.offset)
    return out


def _word_figures(text: str, rules: _Rules) -> list[_Figure]:
    """Figures written in words: "only five", "one-thousand-47"."""
    out = []
    for m in rules.word_figure.finditer(text):
        value = rules.word_values[m.group("w").lower()]
        if not _not_a_count(text, m.start("w"), m.end("w"), rules):
            out.append(_Figure(m.start("w"), m.end("w"), value))
    for m in rules.thousand_figure.finditer(text):
        head = m.group("th").lower()
        value = int(head) if head.isdigit() else rules.word_values[head]
        value = value * 1000 + int(m.group("rest") or 0)
        if not _not_a_count(text, m.start(), m.end(), rules):
            out.append(_Figure(m.start(), m.end(), value))
    return out


def _footnote(text: str, start: int, end: int) -> bool:
    """A footnote mark ("refugees.[6] Of these") is no number of anything."""
    return text[start - 1 : start] == "[" and text[end : end + 1] == "]"


def _counts_people(text: str, spans: list[tuple[int, int]], rules: _Rules) -> bool:
    """Whether a number counts people here, for one period or not (cumulative, partial,
    estimated...): the sentence is one of figures."""
    cjk = bool(_CJK.search(text))
    for m in _NUMBER.finditer(text):
        value = _number(m)
        if value is None or value < 2 or any(s <= m.start() < e for s, e in spans):
            continue
        if 1900 <= value <= 2100 and m.group(0).isdigit():
            continue
        if cjk and not rules.cjk_counter.match(text, m.end()):
            continue
        if not _not_people(text, m.start(), m.end(), rules):
            return True
    return not cjk and bool(rules.thousand_figure.search(text))


def _not_a_count(text: str, start: int, end: int, rules: _Rules) -> bool:
    """Whether the words around a number make it something else than one period's count."""
    return _not_people(text, start, end, rules) or _not_single(text, start, end, rules)


def _not_people(text: str, start: int, end: int, rules: _Rules) -> bool:
    """Whether the words right around a number make it no count of people: money, ages,
    thresholds, changes, parts of a total."""
    before = text[max(0, start - _BEFORE) : start]
    after = text[end : end + _AFTER]
    if rules.not_people.match(after) or rules.change_after.match(after):
        return True
    if rules.threshold_before.search(before[-16:]) or rules.change_before.search(before):
        return True
    if rules.range_before.search(before):
        return True
    # "Choi, 41, was caught": an age set off by commas after a name.
    if rules.age_before.search(before) and after.startswith(","):
        return True
    # "ピークの2009年には2914人に達した" is 2009's figure; "2006년엔 2천 명에 달했" a threshold.
    if rules.threshold_after.match(after) and (
        not _after_period(text, start, rules) or _round(text, start)
    ):
        return True
    # "202 of the defectors being male": a part named a few words after its figure.
    part_after = rules.part_after.match(text[end : end + _AFTER + 24])
    return bool(rules.part_before.search(before) or part_after)


def _round(text: str, start: int) -> bool:
    """Whether the number at start is a round thousand ("2천", "3000")."""
    m = _NUMBER.match(text, start)
    value = _number(m) if m else None
    return value is not None and value % 1000 == 0


def _not_single(text: str, start: int, end: int, rules: _Rules) -> bool:
    """Cumulative, partial, estimated, averaged or ranged: said anywhere in the clause."""
    lo = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    after_cut = _CLAUSE.search(text, end)
    return bool(rules.not_single.search(text, lo, after_cut.start() if after_cut else len(text)))


def _after_period(text: str, start: int, rules: _Rules) -> bool:
    """A figure right after a period word ("前年の196人") is that period's figure."""
    before = text[max(0, start - 8) : start]
    return bool(rules.previous.search(before) or rules.period_before.search(before))


def _periods(sent: Sentence, dates: list[TimeMention], rules: _Rules) -> list[_Period]:
    """Every year or month named in the sentence (a month's year resolved against the
    publication); a year inside a full date is none."""
    mine = [d for d in dates if sent.start <= d.start < sent.end]
    inside = [d for d in mine if d.precision <= 2 and not d.reporting]
    out = [_Period(d.start - sent.start, d.end - sent.start, d.value) for d in inside]
    # "재작년" holds "작년": the year before last.
    out = [
        _Period(p.offset, p.end, str(int(p.value[:4]) - 1) + p.value[4:])
        if rules.before_last.search(sent.text, max(0, p.offset - 2), p.offset)
        else p
        for p in out
    ]
    spans = [(d.start - sent.start, d.end - sent.start) for d in mine]
    for m in rules.year.finditer(sent.text):
        if not any(s <= m.start() < e for s, e in spans):
            out.append(_Period(m.start(), m.end(), m.group(1)))
    years = sorted(p.value[:4] for p in out)
    if years:
        for m in rules.short_year.finditer(sent.text):
            if not any(s <= m.start() < e for s, e in spans) and m.start() > 0:
                out.append(_Period(m.start(), m.end(), years[-1][:2] + m.group(1)))
    out += _bare_months(sent.text, sorted(out, key=lambda p: p.offset), spans, rules)
    return sorted(out, key=lambda p: p.offset)


def _bare_months(
    text: str, periods: list[_Period], spans: list[tuple[int, int]], rules: _Rules
) -> list[_Period]:
    """Months listed without their year ("올해 들어 1월 160명, 2월 90명"): each in the year
    named last before it."""
    out = []
    for m in rules.bare_month.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        year = next((p.value[:4] for p in reversed(periods) if p.offset < m.start()), None)
        if year:
            out.append(_Period(m.start(), m.end(), f"{year}-{int(m.group(1)):02d}"))
    return out


def _bound(text: str, fig: _Figure, periods: list[_Period], rules: _Rules) -> _Period | None:
    """The period written right against a figure: "1,514 in 2013", "2013년 1514명",
    "2020年は229人"."""
    for p in periods:
        if len(p.value) != 4:
            continue
        if p.offset >= fig.end and rules.bound_after.fullmatch(text, fig.end, p.offset):
            return p
        if p.end <= fig.offset and rules.bound_before.fullmatch(text, p.end, fig.offset):
            return p
        if _opening(text, fig, p, rules) or _whole_clause(text, fig, p, rules):
            return p
    return None


def _whole_clause(text: str, fig: _Figure, p: _Period, rules: _Rules) -> bool:
    """A count that opens its sentence and a year that closes the clause ("More than
    1,500 North Koreans were arrested for illegal entry to Thailand in 2007")."""
    return p.offset > fig.end and bool(
        rules.subject_before.fullmatch(text, 0, fig.offset)
        and rules.clause_to_year.fullmatch(text, fig.end, p.offset)
    )


def _opening(text: str, fig: _Figure, p: _Period, rules: _Rules) -> bool:
    """A year that opens the sentence before a count of people ("In 2001, 583 North
    Koreans arrived"), not of one group ("In 1987, 11 crew members")."""
    return bool(
        rules.opening_period.fullmatch(text, 0, p.offset)
        and re.fullmatch(r",\s*", text[p.end : fig.offset])
        and rules.people_after.match(text, fig.end)
    )


def _nearest(text: str, fig: _Figure, periods: list[_Period], rules: _Rules) -> _Period:
    """Korean and Japanese name the period before the figure, English mostly after it;
    a period across a clause boundary is farther than one in the figure's clause."""
    if _CJK.search(text):
        before = [p for p in periods if p.offset < fig.offset]
        if before:
            return before[-1]

    def distance(p: _Period) -> float:
        lo, hi = sorted((p.offset, fig.offset))
        far = 200 if rules.clause_cut.search(text, lo + 4, hi) else 0
        return abs(p.offset - fig.offset) * (1 if p.offset > fig.offset else 1.5) + far

    return min(periods, key=distance)


def _assign(
    text: str, figures: list[_Figure], periods: list[_Period], rules: _Rules
) -> list[_Period]:
    """Each figure's period: "각각"/"respectively" pairs them in order; a period written
    against a figure is its own; the others take the nearest period no other figure holds."""
    if rules.respectively.search(text) and len(figures) == len(periods) > 1:
        return periods
    bound = [_bound(text, f, periods, rules) for f in figures]
    held = {id(p) for p in bound if p is not None}
    free = [p for p in periods if id(p) not in held] or periods
    return [
        b if b is not None else _nearest(text, f, free, rules)
        for f, b in zip(figures, bound, strict=True)
    ]


def _pair(
    figures: list[_Figure], periods: list[_Period], text: str, rules: _Rules, resolved: bool
) -> list[tuple[_Figure, str]]:
    """Give each figure its period; "a year earlier" / "前年" is the one before the last
    figure's (none when that figure was left out, unless `resolved` from the sentence
    before). A figure for part of a period ("the first six months of 2024", "1〜3月")
    has none."""
    pairs: list[tuple[_Figure, str]] = []
    assigned = _assign(text, figures, periods, rules)
    for i, (fig, named) in enumerate(zip(figures, assigned, strict=True)):
        period = named.value
        # "前年の196人", "the previous year's 470": the period word just before the figure.
        prev = rules.previous.search(text, max(0, fig.offset - 22), fig.offset + 1)
        stop = figures[i + 1].offset if i + 1 < len(figures) else len(text)
        after = rules.previous_after.match(text, fig.end, min(stop, fig.end + 40))
        if (prev or after) and pairs:
            period = str(int(pairs[-1][1][:4]) - 1)
        elif _partial(text, named, rules):
            continue
        elif (prev or after) and not resolved and len(period) != 4:
            # "前年の" after a figure for part of a year that was left out: part too.
            continue
        pairs.append((fig, period))
    return pairs


def _partial(text: str, period: _Period, rules: _Rules) -> bool:
    """Whether the period is named as a part of itself ("first half of 2024", "1〜3月",
    "this year" for a year; a month of this year is a whole month)."""
    around = text[max(0, period.offset - 30) : period.offset + 16]
    if len(period.value) == 4 and rules.partial_year.search(around):
        return True
    return bool(rules.partial.search(around))


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


def _aggregate(text: str, figures: list[_Figure], periods: list[_Period], rules: _Rules) -> bool:
    """Whether the sentence states counts in aggregate (a total, a number, a rise or fall,
    a ministry's data, or a figure written against its year) rather than one happening."""
    if rules.aggregate.search(text):
        return True
    return any(_bound(text, f, periods, rules) for f in figures)


def _happening(text: str, measure: str | None, periods: list[_Period], rules: _Rules) -> bool:
    """Whether an arrest, return or death dated to a month is one happening ("지난해 7월
    ... 12명이 체포되는 등 ... 늘어나는 추세다"): a trend word around it makes no
    statistic of it, only a tally ("a total of", "집계") does."""
    if measure not in _HAPPENINGS or not periods or any(len(p.value) == 4 for p in periods):
        return False
    return not rules.tally.search(text)


def _listing(text: str, rules: _Rules, least: int = 2) -> bool:
    """Whether a sentence lists `least` figures or more against years in aggregate ("the
    yearly tally fell to 1,502 in 2012, 1,514 in 2013")."""
    return len(rules.listed.findall(text)) >= least and bool(rules.aggregate.search(text))


def extract_statistics(
    sentences: list[Sentence], dates: list[TimeMention]
) -> tuple[list[Statistic], set[int]]:
    """Figures per period, and the indexes of the sentences read as statistics (which
    the events stage leaves alone)."""
    rules = _rules()
    stats: list[Statistic] = []
    used: set[int] = set()
    measured: set[int] = set()
    last: str | None = None
    for index, sent in enumerate(sentences):
        measure = _measure(sent.text, rules)
        if measure is not None:
            measured.add(index)
            last = measure
        # A list of figures against their years goes on with the measure last named.
        # A figure against its year ("peaked at 2,929 in 2009") goes on with a measure
        # named two sentences before; a list of them, with any measure named before.
        # A run of statistics goes on as long as each sentence states one.
        near = 1 if index - 2 in measured else 2
        follows = last is not None and (
            index - 1 in measured | used or _listing(sent.text, rules, near)
        )
        if measure is None and not follows:
            continue
        # A sentence that goes on with the last one's figures states them in aggregate too.
        goes_on = measure is None
        if goes_on and rules.continuation.search(sent.text):
            measure = last
        last_period = stats[-1].period if stats and index - 1 in used else None
        found, statistical = _read(sent, dates, _Context(measure, last, goes_on, last_period))
        stats += found
        if statistical:
            used.add(index)
    return stats, used | _restated(sentences, measured - used, stats, rules)


def _restated(
    sentences: list[Sentence], candidates: set[int], stats: list[Statistic], rules: _Rules
) -> set[int]:
    """Sentences that name a measure and restate a figure found as a statistic elsewhere
    (a headline "1,047 defectors arrived in Seoul last year" over the ministry's data):
    statistics too, not the news of one arrival."""
    values = {s.value for s in stats}
    return {
        i
        for i in candidates
        if any(f.value in values for f in _figures(sentences[i].text, [], rules))
    }


def distinct(stats: list[Statistic]) -> list[Statistic]:
    """Each figure once: a text states one twice (a summary and its list, a lede and a
    closing line), the first time counts."""
    seen: set[tuple[str, str | None, int, str | None]] = set()
    out = []
    for stat in stats:
        key = (stat.measure, stat.period, stat.value, stat.country)
        if key not in seen:
            seen.add(key)
            out.append(stat)
    return out


@dataclass(frozen=True)
class _Context:
    """What the sentences before tell about one: its measure (None if it names none),
    the last measure named, whether it goes on with the last, the last figure's period."""

    measure: str | None
    last: str | None
    goes_on: bool
    last_period: str | None


def _read(
    sent: Sentence, dates: list[TimeMention], ctx: _Context
) -> tuple[list[Statistic], bool]:
    """One sentence's statistics, and whether it is a sentence of figures at all."""
    rules = _rules()
    evidence = Evidence(sent.text, sent.start, sent.end)
    rows = yearly_table(sent.text)
    if rows:
        name = ctx.measure or ctx.last or "arrivals"
        country = _country(sent.text, name, rules)
        return [Statistic(name, value, evidence, country, year) for year, value in rows], True
    spans = [
        (d.start - sent.start, d.end - sent.start)
        for d in dates
        if sent.start <= d.start < sent.end
    ]
    figures = _figures(sent.text, spans, rules)
    periods = _periods(sent, dates, rules)
    if _happening(sent.text, ctx.measure, periods, rules):
        return [], False
    # A sentence of figures for periods in aggregate is no report of events, even when
    # none of its figures is one whole period's ("593 arrived between January and June").
    aggregate_cue = bool(ctx.measure and periods and rules.aggregate.search(sent.text))
    statistical = aggregate_cue and _counts_people(sent.text, spans, rules)
    measure = ctx.measure
    # A list that goes on in the next sentence: "2016년 1418명으로 늘었지만".
    if measure is None and any(_bound(sent.text, f, periods, rules) for f in figures):
        measure = ctx.last
    before = rules.previous.search(sent.text)
    resolved = not periods and bool(before and ctx.last_period)
    if before and resolved and ctx.last_period:
        # "In the year before that, only 67 made it": the year before the last one.
        periods = [_Period(before.start(), before.end(), str(int(ctx.last_period[:4]) - 1))]
    following = rules.next_period.search(sent.text)
    if following and not periods and ctx.last_period:
        # "The following year the figure nearly doubled to 1,138."
        periods = [_Period(following.start(), following.end(), str(int(ctx.last_period[:4]) + 1))]
    if measure is None or not figures or not periods:
        return [], statistical
    aggregate = ctx.goes_on or _aggregate(sent.text, figures, periods, rules)
    out: list[Statistic] = []
    for fig, period in _pair(figures, periods, sent.text, rules, resolved):
        name = _figure_measure(sent.text, fig, measure, rules)
        # People living somewhere are always counted in aggregate, and so are a year's
        # arrivals in Korean and Japanese ("지난해 입국한 탈북민은 1047명").
        arrivals = (
            name == "arrivals"
            and len(period) == 4
            and _CJK.search(sent.text)
        )
        if aggregate or name == "population" or arrivals:
            stat = Statistic(name, fig.value, evidence, _country(sent.text, name, rules), period)
            # A headline line run into the lede states the figure twice: one sentence
            # gives each figure of a period once.
            if not any((s.measure, s.period, s.value) == (name, period, fig.value) for s in out):
                out.append(stat)
    return out, statistical or bool(out)
