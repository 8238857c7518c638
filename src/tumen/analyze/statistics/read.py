"""One sentence's statistics: its measure, its figures against their periods."""

from __future__ import annotations

from dataclasses import dataclass

from tumen.analyze.gazetteer import find_places
from tumen.analyze.prefilter import may_match
from tumen.analyze.sentences import Sentence
from tumen.analyze.statistics.figures import (
    CJK,
    Figure,
    clause_bounds,
    counts_people,
    find_figures,
    parts_of_total,
)
from tumen.analyze.statistics.periods import Period, bound_period, find_periods, pair
from tumen.analyze.statistics.rules import Rules, load_rules
from tumen.analyze.timex import TimeMention
from tumen.analyze.verbs import verb_groups
from tumen.models import Evidence, Statistic

# Measures that count happenings, each also reported as one event.
_HAPPENINGS = frozenset({"arrests", "forced_returns", "deaths"})


def measure_of(text: str, rules: Rules) -> str | None:
    for name, rx in rules.measures:
        if may_match(rx, text) and rx.search(text):
            return name
    return None


def _figure_measure(text: str, fig: Figure, default: str, rules: Rules) -> str:
    for name, rx in rules.figure_measures:
        if rx.match(text[fig.end : fig.end + 40]):
            return name
    # Cues of several measures in one sentence ("체포된 ... 118명이며, 이 가운데 80여 명이
    # 강제송환"): the figure takes the cue of its own clause, else the nearest one.
    spans = [(n, m.start(), m.end()) for n, rx in rules.measures for m in rx.finditer(text)]
    # A cue inside another measure's ("탈북자 수" in "정착한 탈북자 수") is part of that one.
    cues = [
        (n, a)
        for n, a, b in spans
        if not any(o != n and c <= a and b <= d and (c, d) != (a, b) for o, c, d in spans)
    ]
    if len({n for n, _ in cues}) < 2:
        return default

    def distance(cue: tuple[str, int]) -> int:
        lo, hi = sorted((cue[1], fig.offset))
        return abs(cue[1] - fig.offset) + (200 if rules.clause_cut.search(text, lo, hi) else 0)

    return min(cues, key=distance)[0]


def _country(text: str, measure: str, rules: Rules) -> str | None:
    places = [p for p in find_places(text) if p.country and p.country != "KP"]
    countries = [p.country for p in places]
    if measure in ("arrivals", "population"):
        # People who reach or live in South Korea unless the sentence names only another
        # country that takes them in ("admitted to the U.S.", "日本に定住"): not a
        # country they passed through ("via China"), nor a source ("U.S.-funded radio").
        hosts = [
            p.country
            for p in places
            if p.country in rules.host_countries and not rules.host_source.match(text, p.end)
        ]
        return "KR" if "KR" in countries or not hosts else hosts[0]
    return countries[0] if countries else rules.default_country.get(measure)


def _aggregate(text: str, figures: list[Figure], periods: list[Period], rules: Rules) -> bool:
    """Whether the sentence states counts in aggregate (a total, a number, a rise or fall,
    a ministry's data, or a figure written against its year) rather than one happening."""
    if rules.aggregate.search(text):
        return True
    return any(bound_period(text, f, periods, rules) for f in figures)


def _happening(text: str, measure: str | None, periods: list[Period], rules: Rules) -> bool:
    """Whether an arrest, return or death dated to a month, or a count of people who went
    to a place of refuge, is one happening ("지난해 7월 ... 12명이 체포되는 등 ...
    늘어나는 추세다"): a trend word around it makes no statistic of it, only a tally ("a
    total of", "집계") does."""
    if rules.refuge.search(text) and not rules.aggregate.search(text):
        # "Last year four defectors got into a foreign school and later reached Seoul"
        return True
    if measure not in _HAPPENINGS or not periods or any(len(p.value) == 4 for p in periods):
        return False
    return not rules.tally.search(text)


def _since(text: str, period: Period, rules: Rules) -> bool:
    """Whether a period is what a "since" clause runs from (not "since 2011, when ...")."""
    return bool(
        rules.since_before.search(text, max(0, period.offset - 50), period.offset)
        and not rules.since_when.match(text, period.end)
    )


def _spans(sent: Sentence, dates: list[TimeMention]) -> list[tuple[int, int]]:
    """The dates of the sentence, by offsets in it."""
    return [
        (d.start - sent.start, d.end - sent.start)
        for d in dates
        if sent.start <= d.start < sent.end
    ]


def bound_figures(sent: Sentence, dates: list[TimeMention], rules: Rules) -> int:
    """How many figures the sentence writes against their years ("1,514 in 2013",
    "2013년 1514명", "2023年（196人）")."""
    figures = find_figures(sent.text, _spans(sent, dates), rules)
    if not figures:
        return 0
    periods = find_periods(sent, dates, rules)
    return sum(1 for f in figures if bound_period(sent.text, f, periods, rules))


def listing(sent: Sentence, dates: list[TimeMention], rules: Rules, least: int = 2) -> bool:
    """Whether a sentence lists `least` figures or more against years in aggregate ("the
    yearly tally fell to 1,502 in 2012, 1,514 in 2013")."""
    return bool(rules.aggregate.search(sent.text)) and bound_figures(sent, dates, rules) >= least


def counted_measure(sent: Sentence, dates: list[TimeMention], rules: Rules) -> str | None:
    """The measure a sentence names, else arrivals where it counts defectors as such
    against a year ("There were 1,418 defectors in 2016", "2019年の脱北者は1047人")."""
    measure = measure_of(sent.text, rules)
    if measure is None and rules.defectors.search(sent.text):
        return "arrivals" if _as_such(sent, dates, rules) else None
    return measure


def _as_such(sent: Sentence, dates: list[TimeMention], rules: Rules) -> bool:
    """Whether a figure is written against its year, in English in a clause whose verbs
    only count or report ("there were", "said"), not tell what the people did."""
    figures = find_figures(sent.text, _spans(sent, dates), rules)
    periods = find_periods(sent, dates, rules)
    bound = [(f, p) for f in figures if (p := bound_period(sent.text, f, periods, rules))]
    if not bound or CJK.search(sent.text):
        return bool(bound)
    groups = verb_groups(sent.text)
    for fig, period in bound:
        lo, _ = clause_bounds(sent.text, fig.offset, fig.end)
        hi = max(fig.end, period.end)
        lemmas = [g.lemma for g in groups if lo <= g.head < hi]
        if all(rules.as_such_lemmas.match(lemma) for lemma in lemmas):
            return True
    return False


@dataclass(frozen=True)
class Context:
    """What the sentences before tell about one: its measure (None if it names none),
    the last measure named, whether it goes on with the last, the last figure's period."""

    measure: str | None
    last: str | None
    goes_on: bool
    last_period: str | None


@dataclass(frozen=True)
class Read:
    """One sentence's statistics, whether it states figures, and which of its statistics
    got their period only by being the nearest figure to it (not written against it)."""

    stats: list[Statistic]
    statistical: bool
    loose: frozenset[int] = frozenset()  # indexes into stats


def read_sentence(
    sent: Sentence, dates: list[TimeMention], ctx: Context, rows: list[tuple[str, int]]
) -> Read:
    """One sentence's statistics (`rows`: its yearly table), and whether it states figures."""
    rules = load_rules()
    evidence = Evidence(sent.text, sent.start, sent.end)
    if rows:
        name = ctx.measure or ctx.last or "arrivals"
        country = _country(sent.text, name, rules)
        return Read([Statistic(name, value, evidence, country, year) for year, value in rows], True)
    spans = _spans(sent, dates)
    figures = find_figures(sent.text, spans, rules)
    periods = find_periods(sent, dates, rules)
    if _happening(sent.text, ctx.measure, periods, rules):
        return Read([], False)
    statistical = _statistical(sent.text, spans, periods, ctx, rules)
    measure = ctx.measure
    # A list that goes on in the next sentence: "2016년 1418명으로 늘었지만"; in English
    # one that states aggregates or counts people as such, not one that tells what some
    # did ("25 defectors applied for refugee status in 2015" after "defectors living in
    # Russia").
    if measure is None and any(bound_period(sent.text, f, periods, rules) for f in figures):
        told = CJK.search(sent.text) or rules.aggregate.search(sent.text)
        measure = ctx.last if told or _as_such(sent, dates, rules) else None
    periods, resolved = _figure_periods(sent.text, periods, ctx, rules)
    if measure is None or not figures or not periods:
        return Read([], statistical)
    if rules.fiscal.search(sent.text):
        # a fiscal year is no calendar year: its figures are no period's of ours
        return Read([], True)
    if rules.estimate_sentence.search(sent.text.strip()):
        return Read([], statistical)
    aggregate = ctx.goes_on or _aggregate(sent.text, figures, periods, rules)
    pairs = _north_korean(
        sent.text,
        pair(figures, periods, sent.text, rules, resolved, measure == "population"),
        rules,
    )
    out = _statistics(sent.text, pairs, measure, aggregate, evidence, rules)
    written = {
        (f.value, p)
        for f, p in pairs
        if (b := bound_period(sent.text, f, periods, rules)) is not None and b.value == p
    }
    loose = frozenset(i for i, st in enumerate(out) if (st.value, st.period) not in written)
    return Read(out, statistical or bool(out), loose)


def _statistical(
    text: str, spans: list[tuple[int, int]], periods: list[Period], ctx: Context, rules: Rules
) -> bool:
    """Whether a sentence of a measure's periods gives figures in aggregate, not events."""
    # A sentence of figures for periods in aggregate is no report of events, even when
    # none of its figures is one whole period's ("593 arrived between January and June").
    aggregate_cue = bool(ctx.measure and periods and rules.aggregate.search(text))
    statistical = aggregate_cue and counts_people(text, spans, rules)
    # A year's defectors told by sex ("昨年韓国入りした脱北者は男性25人と女性50人") are a
    # breakdown of the year's figure, not a group that arrived together.
    return statistical or bool(
        ctx.measure
        and periods
        and all(len(p.value) == 4 for p in periods)
        and rules.defectors.search(text)
        and parts_of_total(text, spans, rules)
    )


def _figure_periods(
    text: str, periods: list[Period], ctx: Context, rules: Rules
) -> tuple[list[Period], bool]:
    """The periods the sentence's figures are for, and whether one was resolved from the
    period of the sentence before ("the year before that")."""
    # "the lowest since records began in 2003": the year a comparison runs from is no
    # figure's ("The year before, 63 arrived, the lowest since ... 2003" is the year before's).
    periods = [p for p in periods if not _since(text, p, rules)]
    before = rules.previous_period.search(text)
    resolved = not periods and bool(before and ctx.last_period)
    if before and resolved and ctx.last_period:
        # "In the year before that, only 67 made it": the year before the last one.
        periods = [Period(before.start(), before.end(), str(int(ctx.last_period[:4]) - 1))]
    following = rules.next_period.search(text)
    if following and not periods and ctx.last_period:
        # "The following year the total rose again, to 490."
        periods = [Period(following.start(), following.end(), str(int(ctx.last_period[:4]) + 1))]
    return periods, resolved


def _north_korean(
    text: str, pairs: list[tuple[Figure, str]], rules: Rules
) -> list[tuple[Figure, str]]:
    """The figures said to be of people from North Korea, where a sentence tells some so
    among others (everyone admitted, refugees of other origins); else every figure."""
    ours = [(f, p) for f, p in pairs if rules.north_korean_origin.match(text, f.end)]
    return ours or pairs


def _statistics(
    text: str,
    pairs: list[tuple[Figure, str]],
    measure: str,
    aggregate: bool,
    evidence: Evidence,
    rules: Rules,
) -> list[Statistic]:
    """The statistics of a sentence's figures paired with their periods."""
    out: list[Statistic] = []
    for fig, period in pairs:
        name = _figure_measure(text, fig, measure, rules)
        # People living somewhere are always counted in aggregate, and so are a year's
        # arrivals in Korean and Japanese ("지난해 입국한 탈북민은 1047명").
        arrivals = (
            name == "arrivals"
            and len(period) == 4
            and CJK.search(text)
            and rules.defectors.search(text)
        )
        if aggregate or name == "population" or arrivals:
            stat = Statistic(name, fig.value, evidence, _country(text, name, rules), period)
            # A headline line run into the lede states the figure twice: one sentence
            # gives each figure of a period once.
            if not any((s.measure, s.period, s.value) == (name, period, fig.value) for s in out):
                out.append(stat)
    return out
