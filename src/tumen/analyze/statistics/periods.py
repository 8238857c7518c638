"""Periods: the years and months a sentence names, and which figure each belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from tumen.analyze.sentences import Sentence
from tumen.analyze.statistics.figures import CJK, Figure, clause_bounds
from tumen.analyze.statistics.rules import Rules
from tumen.analyze.timex import TimeMention


@dataclass(frozen=True)
class Period:
    offset: int
    end: int
    value: str


def find_periods(sent: Sentence, dates: list[TimeMention], rules: Rules) -> list[Period]:
    """Every year or month named in the sentence (a month's year resolved against the
    publication); a year inside a full date is none."""
    mine = [d for d in dates if sent.start <= d.start < sent.end]
    inside = [d for d in mine if d.precision <= 2 and not d.reporting and _named(sent, d, rules)]
    out = [Period(d.start - sent.start, d.end - sent.start, d.value) for d in inside]
    # "재작년" holds "작년": the year before last.
    out = [
        Period(p.offset, p.end, str(int(p.value[:4]) - 1) + p.value[4:])
        if rules.before_last.search(sent.text, max(0, p.offset - 2), p.offset)
        else p
        for p in out
    ]
    spans = [(d.start - sent.start, d.end - sent.start) for d in mine]
    for m in rules.year.finditer(sent.text):
        if not any(s <= m.start() < e for s, e in spans):
            out.append(Period(m.start(), m.end(), m.group(1)))
    out += _short_years(sent, dates, out, spans, rules)
    out += _bare_months(sent.text, sorted(out, key=lambda p: p.offset), spans, rules)
    return _months_of_years(sent.text, sorted(out, key=lambda p: p.offset), rules)


def _named(sent: Sentence, date: TimeMention, rules: Rules) -> bool:
    """Whether a date read as a year is one by the statistics' own reading of years (not
    the year of a date in digits, "2016.04.08 17:13", that the dates stage reads as one)."""
    at = date.start - sent.start
    if date.precision != 1 or not sent.text[at : at + 1].isdigit():
        return True
    return bool(rules.year.match(sent.text, at))


def _months_of_years(text: str, periods: list[Period], rules: Rules) -> list[Period]:
    """A month told with a year after it ("January last year", "January of 2023") is that
    year's month; a year told as the same month of it ("작년 같은 달", "昨年同月") is the
    month named before it in that year."""
    out: list[Period] = []
    for p in periods:
        last = out[-1] if out else None
        if (
            len(p.value) == 4
            and last is not None
            and len(last.value) == 7
            and rules.month_then_year.fullmatch(text, last.end, p.offset)
        ):
            out[-1] = Period(last.offset, p.end, p.value + last.value[4:])
            continue
        month = next((q for q in reversed(out) if len(q.value) == 7), None)
        if len(p.value) == 4 and month and rules.same_month.match(text, p.end):
            p = Period(p.offset, p.end, p.value + month.value[4:])
        out.append(p)
    return out


def _short_years(
    sent: Sentence,
    dates: list[TimeMention],
    periods: list[Period],
    spans: list[tuple[int, int]],
    rules: Rules,
) -> list[Period]:
    """Two-digit years ("18年は", "09년"): after a four-digit year in the sentence, in its
    century; else, when the sentence lists several, one is written with its zero or one
    is told with its count ("16年が1204人、19年が1047人", "08年の2809人", "17年の1127人"), in
    the century of the text's dates."""
    shorts = [
        m
        for m in rules.short_year.finditer(sent.text)
        if not any(s <= m.start() < e for s, e in spans)
    ]
    years = sorted(p.value[:4] for p in periods)
    if years:
        century = years[-1][:2]
        shorts = [m for m in shorts if m.start() > 0]
    else:
        known = sorted(d.value[:4] for d in dates if d.value[:4].isdigit())
        century = known[-1][:2] if known else ""
        several = len(shorts) >= 2
        shorts = [
            m
            for m in shorts
            if several
            or m.group(1).startswith("0")
            or rules.short_year_count.match(sent.text, m.end())
        ]
    if not century:
        return []
    return [Period(m.start(), m.end(), century + m.group(1)) for m in shorts]


def _bare_months(
    text: str, periods: list[Period], spans: list[tuple[int, int]], rules: Rules
) -> list[Period]:
    """Months listed without their year ("올해 들어 1월 160명, 2월 90명"): each in the year
    named last before it."""
    out = []
    for m in rules.bare_month.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        year = next((p.value[:4] for p in reversed(periods) if p.offset < m.start()), None)
        if year:
            out.append(Period(m.start(), m.end(), f"{year}-{int(m.group(1)):02d}"))
    return out


def bound_period(text: str, fig: Figure, periods: list[Period], rules: Rules) -> Period | None:
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


def _whole_clause(text: str, fig: Figure, p: Period, rules: Rules) -> bool:
    """A count that opens its sentence and a year that closes the clause ("About 900
    North Koreans were held for entering Thailand without papers in 2009")."""
    return p.offset > fig.end and bool(
        rules.subject_before.fullmatch(text, 0, fig.offset)
        and rules.clause_to_year.fullmatch(text, fig.end, p.offset)
    )


def _opening(text: str, fig: Figure, p: Period, rules: Rules) -> bool:
    """A year that opens the sentence before a count of people ("In 2001, 583 North
    Koreans arrived", "In 2001, Canada admitted 40 refugees"), not of one group ("In
    1987, 11 crew members")."""
    return bool(
        rules.opening_period.fullmatch(text, 0, p.offset)
        and rules.opening_host.fullmatch(text, p.end, fig.offset)
        and rules.people_after.match(text, fig.end)
    )


def _nearest(text: str, fig: Figure, periods: list[Period], rules: Rules) -> Period:
    """Korean and Japanese name the period before the figure, English mostly after it;
    a period across a clause boundary is farther than one in the figure's clause."""
    if CJK.search(text):
        before = [p for p in periods if p.offset < fig.offset]
        if before:
            return before[-1]

    def distance(p: Period) -> float:
        lo, hi = sorted((p.offset, fig.offset))
        far = 200 if rules.clause_cut.search(text, lo + 4, hi) else 0
        return abs(p.offset - fig.offset) * (1 if p.offset > fig.offset else 1.5) + far

    return min(periods, key=distance)


def _assign(
    text: str, figures: list[Figure], periods: list[Period], rules: Rules
) -> list[Period | None]:
    """Each figure's period: "각각"/"respectively" pairs them in order; a period written
    against a figure is its own; the others take the nearest period no other figure holds."""
    cue = rules.respectively.search(text)
    if cue and len(figures) == len(periods) > 1:
        return list(periods)
    named = [p for p in periods if p.offset < cue.start()] if cue else []
    if len(figures) > 1 and len(named) > len(figures):
        # "2019년 말 … 2020년, 2021년 입국자 수는 각각 229명, 63명": the years right before
        # "각각", in order; an earlier one sets the scene.
        return list(named[-len(figures) :])
    bound = [bound_period(text, f, periods, rules) for f in figures]
    held = {id(p) for p in bound if p is not None}
    # A period an English comparison is made against ("up from 2022", "more than in 2022") is the
    # period of no figure but one written against it.
    own = [p for p in periods if not _reference(text, p, rules)]
    free = [p for p in own if id(p) not in held]
    cjk = bool(CJK.search(text))
    out: list[Period | None] = []
    for f, b in zip(figures, bound, strict=True):
        # Korean and Japanese name a period before its figure: one after it, past a break
        # of a headline ("…", "·", a new line), is another statement's.
        mine = [p for p in free if not (cjk and rules.line_break.search(text, f.end, p.offset))]
        if b is not None:
            out.append(b)
        elif mine:
            out.append(_nearest(text, f, mine, rules))
        elif not own or (cjk and all(p.offset > f.offset for p in own)):
            # Korean and Japanese name a period before its figure: a figure before every
            # period, all of them another's ("2人は…。2021年に63人が"), has none.
            out.append(None)
        else:
            out.append(_nearest(text, f, own, rules))
    return out


def _reference(text: str, period: Period, rules: Rules) -> bool:
    """Whether a period is what an English comparison is made against ("up from 2022", "more
    than in 2022"); a Korean or Japanese one ("1047명이었던 2019년보다") may hold the figure
    before it."""
    return bool(rules.reference_before.search(text, max(0, period.offset - 24), period.offset))


def pair(
    figures: list[Figure],
    periods: list[Period],
    text: str,
    rules: Rules,
    resolved: bool,
    stock: bool = False,
) -> list[tuple[Figure, str]]:
    """Give each figure its period; "a year earlier" / "前年" is the one before the last
    figure's (none when that figure was left out, unless `resolved` from the sentence
    before). A figure for part of a period ("the first six months of 2024", "1〜3月")
    has none, nor one as of a month ("12월 현재") unless it counts a `stock` of people."""
    pairs: list[tuple[Figure, str]] = []
    assigned = _assign(text, figures, periods, rules)
    for i, (fig, named) in enumerate(zip(figures, assigned, strict=True)):
        if named is None:
            continue
        period = named.value
        # "前年の196人", "the previous year's 470": the period word just before the figure.
        prev = rules.previous_period.search(text, max(0, fig.offset - 22), fig.offset + 1)
        stop = figures[i + 1].offset if i + 1 < len(figures) else len(text)
        after = rules.previous_after.match(text, fig.end, min(stop, fig.end + 40))
        if (prev or after) and not pairs and rules.partial_period.search(text):
            # "1,268 from January to November, compared with 1,086 the previous year": the
            # same part of the year before, left out as the first figure was.
            continue
        if (prev or after) and pairs:
            # "前年同月の179人", "25 in the same month a year earlier": a month's a year before.
            last = pairs[-1][1]
            near = rules.same_month.search(text, max(0, fig.offset - 24), min(stop, fig.end + 40))
            period = str(int(last[:4]) - 1) + (last[4:] if near else "")
        elif pairs and _next(text, fig, stop, rules):
            # "1,047 in 2019 and 229 the following year", "이듬해 229명": the year after.
            period = str(int(pairs[-1][1][:4]) + 1)
        elif _partial(text, named, rules, stock):
            continue
        elif (prev or after) and not resolved and len(period) != 4:
            # "前年の" after a figure for part of a year that was left out: part too.
            continue
        pairs.append((fig, period))
    return pairs


def _next(text: str, fig: Figure, stop: int, rules: Rules) -> bool:
    """Whether the figure is told as the year after the last one's ("229 the following year",
    "이듬해 229명", "翌年は229人")."""
    before = rules.next_period.search(text, max(0, fig.offset - 30), fig.offset + 1)
    return bool(before or rules.next_after.match(text, fig.end, min(stop, fig.end + 40)))


def _partial(text: str, period: Period, rules: Rules, stock: bool = False) -> bool:
    """Whether the period is named as a part of itself ("first half of 2024", "1〜3月",
    "this year" for a year; a month of this year is a whole month), as the start of a
    running count ("지난해 이후") or, unless the figure is a `stock`, as the month a
    running total is taken ("12월 현재")."""
    if rules.since_after.match(text, period.end):
        return True
    if not stock and len(period.value) == 7 and rules.as_of.match(text, period.end):
        return True
    if not stock and len(period.value) == 4 and (
        rules.year_end.match(text, period.end)
        or rules.year_end_before.search(text, max(0, period.offset - 24), period.offset)
    ):
        return True
    around = text[max(0, period.offset - 30) : period.offset + 16]
    # "今年1年間は約1440人と予想され、2005年(1382人)以降": "this year" in another clause
    # is another period, not a part of this one.
    lo, hi = clause_bounds(text, period.offset, period.end)
    own = text[max(lo, period.offset - 30) : min(hi, period.offset + 16)]
    if len(period.value) == 4 and rules.partial_year.search(own):
        return True
    return bool(rules.partial_period.search(around))
