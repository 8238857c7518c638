"""Reports whose events analysis missed join the incident their title and lead tell of.

An outlet's report of a case may give analysis nothing to hold (no event found, or none
with a count or a date): "South Korea repatriates six fishermen" beside a report of the
six repatriated that day. Such a *lone* report founds no incident, but it corroborates
one when its title and lead name the same count (what tells one group from another),
the same place or country, and it was published while the case was news. It joins the
incident of its best-matching report, never bridges two incidents, and adds no event.
A report whose steps link no other report (its steps misread, its count only in the
headline) corroborates the same way, and brings its steps.
"""

from __future__ import annotations

import importlib
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from tumen.incidents.matching import Mention, Report, date_range
from tumen.incidents.pairing import people_near
from tumen.incidents.places import near_places
from tumen.incidents.rules import Rules

Links = dict[int, dict[int, float]]


@dataclass(frozen=True)
class Profile:
    """What a report says of its case in its title, lead and events."""

    doc: int
    counts: frozenset[int]
    places: frozenset[str]
    countries: frozenset[str]
    published: tuple[int, int]
    # when the case was news: its publication and the days of its events dated to the day
    # (a month or an undated window would let a lone report of any week join)
    days: tuple[int, ...]
    # the steps it dates to the day (type, day): "returned on 9 October", told without a
    # count by an editorial on the return of the 600
    steps: frozenset[tuple[str, int]] = frozenset()
    language: str | None = None


def lone(report: Report, specific: Sequence[Mention]) -> bool:
    """A dated report analysis found nothing specific in, nor figures: it may still tell of
    a case (a report of figures tells of none)."""
    return not specific and not report.statistics and _dated(report)


def _dated(report: Report) -> bool:
    """Published on a known day or month: a report known only by its year (an annual
    review, an essay) may have been written any week of it, so it tells no case's news."""
    return bool(report.published) and len(report.published or "") >= 7 and (
        date_range(report.published) is not None)


def told_apart(report: Report, specific: Sequence[Mention]) -> bool:
    """A dated report with steps and no figures: if its steps join no other report ("the
    refugees who stormed the embassy flew to Manila", their 25 only in the lead; a
    headline's count and place beside steps analysis misdated), it may still corroborate
    the case its title and lead tell."""
    return bool(specific) and not report.statistics and _dated(report)


def profile(report: Report, specific: Sequence[Mention], rules: Rules) -> Profile | None:
    """The report's counts, places and days; None for an undated report."""
    published = date_range(report.published)
    if published is None:
        return None
    gazetteer = importlib.import_module("tumen.analyze.gazetteer")
    numbers = importlib.import_module("tumen.analyze.numbers")
    lead = f"{report.title or ''}\n{_prose(report.text)[:rules.corroboration.lead_chars]}"
    if not lead.strip() and not specific:
        return None  # nothing to read: no count to corroborate with
    counts = {c.value for c in numbers.find_counts(lead, report.language)
              if not (c.subset or c.companion) and 0 < c.value <= rules.max_people
              and not _year(c.value)}
    counts |= {m.people for m in specific if m.people is not None}
    entries = gazetteer.load_gazetteer().by_name
    named = {e.name for e in gazetteer.find_places(lead) if e.name in entries}
    named |= {e.place for e in report.events if e.place in entries}
    countries = {entries[p].country for p in named if entries[p].country}
    countries |= {e.country for e in report.events if e.country}
    steps = {(m.type, m.lo) for m in specific if m.day_precise}
    if not specific:
        steps = {(e.type, span[0]) for e in report.events
                 if e.type in rules.specific_types and e.date and len(e.date) == 10
                 and (span := date_range(e.date)) and span[0] <= published[1]}
    return Profile(
        doc=report.id, counts=frozenset(counts), steps=frozenset(steps), language=report.language,
        places=frozenset(p for p in named if entries[p].kind != "country"),
        countries=frozenset(c for c in countries if c) - rules.corroboration.common_countries,
        published=published,
        days=tuple(sorted({published[1], *(m.lo for m in specific if m.day_precise)})),
    )


# a line of prose ends a sentence: page furniture (menus, datelines, captions) does not
SENTENCE_END = re.compile(r"[.!?。！？][\"'”’」』)]?\s*$")


def _prose(text: str) -> str:
    """The text's sentences, without the lines of page furniture before them ("BBC NEWS
    Americas Africa Europe ..."): a lead is what the report says first."""
    lines = [line for line in text.splitlines() if SENTENCE_END.search(line)]
    return "\n".join(lines) or text


def _year(value: int) -> bool:
    """A number that is a year ("in 2001, 7 people"), not a count."""
    return 1900 <= value <= 2100


def _apart_profile(report: Report, specific: Sequence[Mention], rules: Rules) -> Profile | None:
    """What a report that may stand alone says of its case: a report whose steps give a
    count and link nothing speaks through its title and lead alone (its steps were read
    and matched no case: their counts and days are no evidence for one)."""
    if all(m.people is None for m in specific):
        return profile(report, specific, rules)
    found = profile(report, [], rules)
    return replace(found, steps=frozenset()) if found else None


def score(alone: Profile, told: Profile, rules: Rules, by_place: bool = False) -> float | None:
    """How strongly a lone report tells of the case of a report with events; None when it
    cannot (published outside the case's days, or no count in common; `by_place`: or, for
    a report no count or step links, an uncommon place in common)."""
    window = rules.corroboration.window_days
    # a report dated only to its month may be of any day of it
    spans = [told.published, *((day, day) for day in told.days)]
    if not any(lo - window <= alone.published[1] and alone.published[0] <= hi + window
               for lo, hi in spans):
        return None
    w = rules.weights
    shared = alone.counts & told.counts
    if shared:
        total = w["people_equal"] if max(shared) > rules.small_group else w["people_equal_small"]
    elif _near_large(alone.counts, told.counts, rules):
        # outlets count a large group differently (600 and some 650 returned in one night)
        total = w["people_near_large"]
    elif _same_step(alone, told, rules):
        # one step told on one day tells the case apart as a count does
        total = w["people_equal"]
    elif by_place and _same_locality(alone, told, rules):
        # an uncounted case told in one uncommon place in the same days ("a man swam to
        # the island", a report of the swimmer found there): a place as small a hint as a
        # count of one; the place and the days must both agree to reach the threshold
        total = w["people_equal_small"]
    else:
        return None
    if alone.places & told.places or any(
            near_places(a, b, rules) for a in alone.places for b in told.places):
        total += w["same_place"]
    elif alone.countries & told.countries:
        total += w["same_country"]
    if _published_together(alone.published, told.published, rules):
        total += w["same_day"]
    return total


def _published_together(a: tuple[int, int], b: tuple[int, int], rules: Rules) -> bool:
    """Published within days reports disagree by: a date known to the month is a window
    of its days ("2019-08" may be the 14th), not its last day; a year is no such window
    (a yearly review may have been written any week of it)."""
    if max(hi - lo for lo, hi in (a, b)) > rules.corroboration.month_days:
        return False
    return max(a[0], b[0]) - min(a[1], b[1]) <= rules.day_tolerance_days


def _same_locality(alone: Profile, told: Profile, rules: Rules) -> bool:
    """Both name a place that is not one every report names (a capital, where speakers
    speak), one side gives no count to tell the cases apart by, and they were published
    together; in one language unless `place_across_languages` (see incidents.yaml)."""
    return bool(_distinct(alone.places, rules) & told.places) and not (
        alone.counts and told.counts) and _published_together(
            alone.published, told.published, rules) and (
        rules.corroboration.place_across_languages or alone.language == told.language)


def _distinct(places: frozenset[str], rules: Rules) -> frozenset[str]:
    """The places that may tell a case apart (not the capitals every report names)."""
    return places - rules.corroboration.common_places


def _near_large(xs: frozenset[int], ys: frozenset[int], rules: Rules) -> bool:
    """Two large counts that nearly agree: one group counted by two outlets."""
    return any(min(x, y) >= rules.large_group and people_near(x, y, rules)
               for x in xs for y in ys)


def _same_step(alone: Profile, told: Profile, rules: Rules) -> bool:
    """Both reports date one step (an arrest, a return) to the same day, or days apart
    as reports disagree by."""
    return any(kind == other and abs(day - when) <= rules.day_tolerance_days
               for kind, day in alone.steps for other, when in told.steps)


def _keys(found: Profile, rules: Rules, query: bool = False) -> list[int | str]:
    """What a lone report is indexed by: its counts, the kinds of step it dates, a band
    of each large count (a query reads the bands a nearly agreeing count may fall in) and
    its uncommon places."""
    bands = {_band(n) for n in found.counts if n >= LARGE_BAND_FROM}
    if query:
        bands = {b + d for b in bands for d in (-2, -1, 0, 1, 2)}
    return [*found.counts, *sorted({kind for kind, _ in found.steps}),
            *(f"~{b}" for b in sorted(bands)),
            *(f"@{p}" for p in sorted(_distinct(found.places, rules)))]


# large counts are also indexed by band: counts 25% apart lie at most two bands apart
LARGE_BAND_FROM = 20


def _band(people: int) -> int:
    """The band of a large count on a scale of 1.25 steps."""
    return int(math.log(people, 1.25))


def _weeks(days: Iterator[int] | Sequence[int], window: int) -> set[int]:
    """The weeks within `window` days of any of these days (the blocking buckets)."""
    return {w for d in days for w in range((d - window) // 7, (d + window) // 7 + 1)}


def corroboration_links(reports: Mapping[int, Report],
                        specific: Mapping[int, Sequence[Mention]], rules: Rules) -> Links:
    """Links from each lone report to the reports with events it corroborates.

    Lone reports are indexed by (count, week of publication); a report with events is read
    (its title and lead) only when a lone report was published in the weeks it was news.
    """
    index: dict[tuple[int | str, int], set[int]] = {}
    alone: dict[int, Profile] = {}
    for doc, report in reports.items():
        ms = specific.get(doc, [])
        if not (lone(report, ms) or told_apart(report, ms)):
            continue
        found = _apart_profile(report, ms, rules)
        if found is None or not (found.counts or found.steps
                                  or _distinct(found.places, rules)):
            continue
        alone[doc] = found
        for week in range(found.published[0] // 7, found.published[1] // 7 + 1):
            for key in _keys(found, rules):
                index.setdefault((key, week), set()).add(doc)
    weeks = {w for _, w in index}
    links: Links = {}
    # a place links only a report nothing else links: a count or a step tells a case apart
    # better, and a second, weaker link must not draw a report away from its case
    by_place: Links = {}
    linked: set[int] = set()
    window = rules.corroboration.window_days
    for doc in sorted(specific):
        ms = specific[doc]
        published = date_range(reports[doc].published)
        days = range(published[0], published[1] + 1, 7) if published else range(0)
        near = _weeks([*days, *(published or ())[1:], *(m.lo for m in ms if m.day_precise)],
                      window) & weeks
        if not near:
            continue
        told = profile(reports[doc], ms, rules)
        if told is None:
            continue
        keys = _keys(told, rules, query=True)
        for other in sorted({o for k in keys for w in near for o in index.get((k, w), ())}
                            - {doc}):
            s = score(alone[other], told, rules)
            if s is not None and s >= rules.corroboration.threshold:
                links.setdefault(other, {})[doc] = s
                links.setdefault(doc, {})[other] = s
                linked.add(other)
            elif s is None and rules.corroboration.by_place:
                placed = score(alone[other], told, rules, by_place=True)
                if placed is not None and placed >= rules.corroboration.threshold:
                    by_place.setdefault(other, {})[doc] = placed
    _add_place_links(links, by_place, linked)
    return links


def _add_place_links(links: Links, by_place: Links, linked: set[int]) -> None:
    """The links a place alone gives, for the reports no count or step linked."""
    for other, scores in by_place.items():
        if other not in linked:
            for doc, s in scores.items():
                links.setdefault(other, {})[doc] = s
                links.setdefault(doc, {})[other] = s


def attach(groups: list[list[int]], links: Links, lone_docs: Sequence[int],
           apart: Sequence[int] = (),
           fits: Callable[[int, Sequence[int]], bool] = lambda doc, docs: True,
           ) -> list[list[int]]:
    """Each lone report joins the group it corroborates best; a tie between two groups
    (a report that fits two cases equally) is evidence for neither. A report with steps
    (`apart`, see told_apart) that stands alone does so too, with its steps: each chooses
    among the groups as they were, so the result does not depend on the order of reports.
    Only such a report moves, so it never joins two groups of several reports, and only
    into a group whose reports it `fits` (no contradiction, counts that agree). A lone
    report then chooses among the groups those reports joined."""
    root = list(range(len(groups)))

    def find(n: int) -> int:
        while root[n] != n:
            n = root[n]
        return n

    where = {d: n for n, g in enumerate(groups) for d in g}
    for doc in sorted(d for d in apart if [d] in groups):
        target = _best_group(links.get(doc, {}), where, where[doc])
        if target is not None and fits(doc, groups[target]):
            root[find(where[doc])] = find(target)
    joined: dict[int, list[int]] = {}
    for n, g in enumerate(groups):
        joined.setdefault(find(n), []).extend(g)
    # a lone report reads the groups as the apart reports left them: two reports it tells
    # of, one of which joined the other's incident, are one case, not a tie
    joined_to = {d: find(n) for d, n in where.items()}
    for doc in sorted(lone_docs):
        target = _best_group(links.get(doc, {}), joined_to)
        if target is not None:
            joined[find(target)].append(doc)
    return [sorted(g) for _, g in sorted(joined.items())]


def _best_group(scores: Mapping[int, float], where: Mapping[int, int],
                own: int | None = None) -> int | None:
    """The group a report corroborates best, unless two groups tie for it."""
    best: dict[int, tuple[float, float]] = {}
    for other, s in scores.items():
        if other in where and where[other] != own:
            top, total = best.get(where[other], (0.0, 0.0))
            best[where[other]] = (max(top, s), total + s)
    # equal best scores: the group more of whose reports the report tells of
    ranked = sorted(best.items(), key=lambda x: (-x[1][0], -x[1][1], x[0]))
    if ranked and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
        return ranked[0][0]
    return None
