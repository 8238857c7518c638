"""Statistics: arrivals, forced returns, arrests, population and deaths per period.

A statistic is a figure for one whole period (a year, or a month written with its year)
in a sentence that states a count in aggregate. Each figure of a list ("1,502 in 2012,
1,514 in 2013", "2011년 2706명 ... 2012년 1502명", "각각 63명, 67명") takes its own
period; parts of a figure (men and women), cumulative totals, ranges, averages,
estimates and parts of a period are not statistics. A day of the month, a time, an age
or a year is never a count.
"""

from __future__ import annotations

from collections import Counter

from tumen.analyze.sentences import Sentence
from tumen.analyze.statistics.figures import CJK, find_figures
from tumen.analyze.statistics.read import (
    Context,
    bound_figures,
    counted_measure,
    listing,
    read_sentence,
)
from tumen.analyze.statistics.rules import Rules, load_rules
from tumen.analyze.statistics.tables import yearly_table
from tumen.analyze.timex import TimeMention
from tumen.models import Statistic

__all__ = ["distinct", "extract_statistics", "load_rules", "not_after"]


def extract_statistics(
    sentences: list[Sentence], dates: list[TimeMention]
) -> tuple[list[Statistic], set[int]]:
    """Figures per period, and the indexes of the sentences read as statistics (which
    the events stage leaves alone)."""
    rules = load_rules()
    stats: list[Statistic] = []
    used: set[int] = set()
    measured: set[int] = set()
    last: str | None = None
    loose: set[int] = set()
    for index, sent in enumerate(sentences):
        measure = counted_measure(sent, dates, rules)
        if measure is not None:
            measured.add(index)
            last = measure
        # A list of figures against their years goes on with the measure last named.
        # A figure against its year ("peaked at 2,929 in 2009") goes on with a measure
        # named two sentences before; a list of them, with any measure named before.
        # A run of statistics goes on as long as each sentence states one.
        near = 1 if index - 2 in measured else 2
        # A table's rows go on with the measure its caption named, past its header line;
        # read once here and handed on (a sentence after no measure is never read).
        rows = yearly_table(sent.text) if last is not None else []
        follows = last is not None and (
            index - 1 in measured | used
            or listing(sent, dates, rules, near)
            or bool(rows)
            or _goes_on(sent, dates, index - 2 in used, rules)
        )
        if measure is None and not follows:
            continue
        # A sentence that goes on with the last one's figures states them in aggregate too.
        goes_on = measure is None
        if goes_on and rules.continuation.search(sent.text):
            measure = last
        last_period = stats[-1].period if stats and index - 1 in used else None
        context = Context(measure, last, goes_on, last_period)
        read = read_sentence(sent, dates, context, rows)
        loose |= {id(read.stats[i]) for i in read.loose}
        stats += read.stats
        if read.statistical:
            used.add(index)
    stats = _rounded_away(_written_first(_told_for_another(_possible(stats, rules)), loose))
    return stats, used | _restated(sentences, measured - used, stats, rules)


def _goes_on(sent: Sentence, dates: list[TimeMention], after_one: bool, rules: Rules) -> bool:
    """Whether a Korean or Japanese sentence of figures against their years with no cue of
    its own ("2020年は229人だった") goes on with a statistic stated two sentences before,
    past a remark between them ("統計を取り始めた2003年以降で最も少ない")."""
    return after_one and bool(CJK.search(sent.text)) and bound_figures(sent, dates, rules) > 0


def _possible(stats: list[Statistic], rules: Rules) -> list[Statistic]:
    """The figures one period's arrivals can count: more than ever arrived in a year (or a
    month) is a running total read against its period."""
    most = rules.most_arrivals
    return [
        s
        for s in stats
        if s.measure != "arrivals"
        or s.value <= most["month" if s.period and len(s.period) > 4 else "year"]
    ]


def _rounded_away(stats: list[Statistic]) -> list[Statistic]:
    """A round hundred next to an exact figure for the same period, within a quarter of it
    ("예년과 비슷한 2백여 명" and "224명"), is that figure rounded: the exact one is the
    period's."""

    def rounded(s: Statistic) -> bool:
        return s.value % 100 == 0 and any(
            (o.measure, o.period, o.country) == (s.measure, s.period, s.country)
            and o.value % 100
            and abs(o.value - s.value) <= o.value / 4
            for o in stats
        )

    return [s for s in stats if not rounded(s)]


def _written_first(stats: list[Statistic], loose: set[int]) -> list[Statistic]:
    """Of figures for one measure, period and country stated as often as each other, one
    given its period only as the nearest ("About 10 elite defectors were among those who
    came last year") is dropped where another is written against that very period ("196
    defectors entered last year"): the written one is the period's."""
    told = Counter((s.measure, s.period, s.country, s.value) for s in stats)
    most: Counter[tuple[str, str | None, str | None]] = Counter()
    for (measure, period, country, _), n in told.items():
        most[(measure, period, country)] = max(most[(measure, period, country)], n)
    written: dict[tuple[str, str | None, str | None], set[int]] = {}
    for s in stats:
        group = (s.measure, s.period, s.country)
        if id(s) not in loose and told[(*group, s.value)] == most[group]:
            written.setdefault(group, set()).add(s.value)

    def kept(s: Statistic) -> bool:
        group = (s.measure, s.period, s.country)
        return told[(*group, s.value)] < most[group] or s.value in written.get(group, {s.value})

    return [s for s in stats if kept(s)]


def _restated(
    sentences: list[Sentence], candidates: set[int], stats: list[Statistic], rules: Rules
) -> set[int]:
    """Sentences that name a measure and restate a figure found as a statistic elsewhere
    (a headline "Seoul took in 1,047 defectors last year" over the ministry's data):
    statistics too, not the news of one arrival."""
    values = {s.value for s in stats}
    return {
        i
        for i in candidates
        if any(f.value in values for f in find_figures(sentences[i].text, [], rules))
    }


def distinct(stats: list[Statistic]) -> list[Statistic]:
    """Each figure once, the first time it is stated (a summary and its list, a lede and a
    closing line); of two figures for one measure, period and country (a misprint, a
    speaker's slip) one stated fewer times than the other is not the text's (a tie keeps
    both: nothing tells which is)."""
    told = Counter((s.measure, s.period, s.country, s.value) for s in stats)
    most: Counter[tuple[str, str | None, str | None]] = Counter()
    for (measure, period, country, _), n in told.items():
        most[(measure, period, country)] = max(most[(measure, period, country)], n)
    seen: set[tuple[str, str | None, int, str | None]] = set()
    out = []
    for stat in stats:
        key = (stat.measure, stat.period, stat.value, stat.country)
        times = told[(stat.measure, stat.period, stat.country, stat.value)]
        if key not in seen and times == most[(stat.measure, stat.period, stat.country)]:
            seen.add(key)
            out.append(stat)
    return out


def _told_for_another(stats: list[Statistic]) -> list[Statistic]:
    """Of two figures for one measure and period, one the text also states for another
    period ("2012년 1502명" and "지난해(1502명)와 비슷한", the year before the one reported) is
    that period's, restated against a looser period: the other is this period's."""

    def elsewhere(s: Statistic) -> bool:
        rival = any(
            (o.measure, o.period) == (s.measure, s.period) and o.value != s.value for o in stats
        )
        return rival and any(
            o.measure == s.measure and o.value == s.value and o.period != s.period
            for o in stats
        )

    return [s for s in stats if not elsewhere(s)]


def not_after(stats: list[Statistic], published: str | None) -> list[Statistic]:
    """The figures of periods that began by the publication: a later "year" is another
    number ("2030세대", people in their twenties and thirties), never a period's figure."""
    if not published:
        return stats
    return [s for s in stats if not s.period or s.period[:7] <= published[:7]]
