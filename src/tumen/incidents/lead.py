"""The group a report is about: its lead group and story, without the cases it recalls
(the dead of a killing, a case of last year, another group's aside)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations

from tumen.incidents.matching import Mention, Report
from tumen.incidents.pairing import dates_fit, people_near
from tumen.incidents.rules import Rules


def without_the_dead(report: Report) -> Report:
    """A living step counted as a death its own sentence tells ("the two men who killed
    16 crew were held at sea": an arrest of 16) has the dead's count, not its group's."""
    dead = {(e.evidence.start, e.people) for e in report.events
            if e.type == "death" and e.people}
    if not dead:
        return report
    return replace(report, events=[
        replace(e, people=None) if e.type != "death" and (e.evidence.start, e.people) in dead
        else e for e in report.events])


def without_recalled(found: list[Mention], rules: Rules,
                      titled: frozenset[int] = frozenset()) -> list[Mention]:
    """Drop the earlier cases a report recalls: a step dated well before the latest step of
    its kind in the same report ("the last soldier to cross did so in June", in a report of
    November's crossing) is background, not this report's incident. A report that counts
    its group tells its story in the counted steps: a later step without a count (an
    outlet's news of the group's rescue, dated by the day it was reported) recalls none."""
    latest: dict[str, int] = {}
    for m in _counted_first(found):
        latest[m.type] = max(latest.get(m.type, m.lo), m.lo)
    kept = [m for m in found if not (m.date and m.type in latest
                                     and latest[m.type] - m.hi > rules.same_type_gap_days)]
    kept = [m for m in kept if not _told_again_later(m, kept, rules)]
    return _in_lead_story(kept, rules, titled)


def _counted_first(found: Sequence[Mention]) -> list[Mention]:
    """The dated steps that give a count, when the report counts any; else all dated."""
    dated = [m for m in found if m.date]
    return [m for m in dated if m.people is not None] or dated


def _told_again_later(m: Mention, found: Sequence[Mention], rules: Rules) -> bool:
    """One or two people's step dated to the day, told again of a later day in the same
    country ("a soldier crossed on the 23rd, ten days after another crossed on the 13th"):
    the same step on two days reports would not disagree by is two cases, and the report
    is about the later one. Transfers repeat; a larger group's count tells it apart."""
    if not m.day_precise or m.type == "transfer" or (m.people or 0) > rules.small_group:
        return False
    return any(o.type == m.type and o.day_precise and o.lo - m.lo > rules.day_tolerance_days
               and (o.country == m.country or None in (o.country, m.country))
               and (o.people or 0) <= rules.small_group for o in found)


def _in_lead_story(found: list[Mention], rules: Rules, titled: frozenset[int]) -> list[Mention]:
    """Drop dated steps no chain of sequels joins to the report's latest dated step: a
    crossing a year before the arrest a report is about ("12 others crossed in July last
    year"), or arrivals in April recalled in a report of November's arrest, are other
    stories. A step of the group its title counts stays ("China arrests ten", told in
    January beside a crossing of nearly 40 in February), and so does a date its own
    sentence contradicts: which step it belongs to is unknown."""
    dated = sorted((m for m in found if m.date and not m.doubtful_date), key=lambda m: -m.lo)
    if not dated:
        return found
    seed = _counted_first(dated)[0]
    story, rest = [seed], [m for m in dated if m is not seed]
    grown = True
    while grown:  # latest first: a step joins the story it fits and no step of it refuses
        joined = next((m for m in rest if any(_one_story(m, s, rules) for s in story)
                       and not any(_elsewhere(m, s, rules) for s in story)), None)
        if joined is not None:
            story.append(joined)
            rest.remove(joined)
        grown = joined is not None
    # a count the story already gives is its group's: another step of that count the
    # story cannot hold is another group of that size, not the titled one
    told = {s.people for s in story}
    return [m for m in found if m not in rest or (m.people in titled and m.people not in told)]


def roundup(found: Sequence[Mention], published: tuple[int, int] | None,
            rules: Rules) -> bool:
    """A report that recalls several past cases and tells no news (a year's review, a list
    of deportations of the years before): its cases are told as background, so it is an
    incident of its own and links no other report. Every dated step ended more than
    `appeal.background_days` before publication, an undated one is told in a dated one's
    sentence, and the dated steps are two stories or more (no chain of sequels joins them)."""
    specific = [m for m in found if m.specific]
    dated = [m for m in specific if m.date]
    if published is None or not dated or any(
            published[0] - m.hi <= rules.appeal_background_days for m in dated):
        return False
    # an undated step told on its own is news ("a man swam ashore this summer")
    if any(not m.date and all(m.evidence != d.evidence for d in dated) for m in specific):
        return False
    cases: list[list[Mention]] = []
    for m in dated:
        joined = [c for c in cases if any(_one_story(m, s, rules) for s in c)]
        cases = [c for c in cases if c not in joined] + [[m, *(s for c in joined for s in c)]]
    return len(cases) >= 2


def _one_story(a: Mention, b: Mention, rules: Rules) -> bool:
    """Two steps of one report that one story holds: a sequel within its gap, or any two
    steps weeks apart at most (a re-arrest the day after a hand-over)."""
    gap = max(0, max(a.lo, b.lo) - min(a.hi, b.hi))
    return gap <= rules.same_type_gap_days or dates_fit(a, b, rules)


def _elsewhere(a: Mention, b: Mention, rules: Rules) -> bool:
    """A group held in two countries no route joins (arrests in Russia and in Vietnam): two
    groups', whatever other step lies between them (a group reaches safety, or crosses,
    in several countries)."""
    return a.type == b.type and a.type in rules.one_place_types and bool(
        a.country and b.country) and not (
        rules.countries_compatible(a.country or "", b.country or ""))


def figures_headline(report: Report) -> bool:
    """A report whose title counts one of its own statistics ("63 defectors reached the
    South last year") is a report of figures, whatever asides its body tells (a caption
    on an old case): its events found no incident."""
    return bool(report.figures & title_counts(report))


def title_counts(report: Report) -> frozenset[int]:
    """The counts of people a report's title names ("10 defectors arrested in Vietnam")."""
    if not report.title:
        return frozenset()
    numbers = importlib.import_module("tumen.analyze.numbers")
    return frozenset(c.value for c in numbers.find_counts(report.title, report.language)
                     if not (c.subset or c.companion))


def lead_group(found: list[Mention], rules: Rules,
                titled: frozenset[int] = frozenset(), published: int | None = None,
                ) -> list[Mention]:
    """Keep the mentions about the group the report leads with; drop asides about others.

    A report about eleven people arrested may recall "four caught earlier this month";
    that aside must not tie this report to the other group's incident. The lead group is
    the one its title counts, else the largest counted one (parts of it, "two of them
    children", are dropped too): "10 defectors arrested in Vietnam" is about the ten, not
    the thirteen restaurant workers it recalls.
    """
    found = _title_group(found, titled, rules)
    sizes = _group_counts(found)
    if not sizes:
        return found
    size = max((n for n in sizes if n in titled), default=None) or _news_size(
        found, sizes, rules, published)
    lead = [m for m in found if m.people is None or people_near(m.people, size, rules)]
    # a part told with the same step and date ("three of them children") is the lead
    # group's own: its vulnerable groups belong to the group, not to another incident
    parts: dict[tuple[str, str | None], frozenset[str]] = {}
    for m in found:
        if m.people is not None and m.people < size and m not in lead and m.vulnerable:
            parts[(m.type, m.date)] = parts.get((m.type, m.date), frozenset()) | m.vulnerable
    lead = [replace(m, vulnerable=m.vulnerable | parts[(m.type, m.date)])
            if m.people is not None and (m.type, m.date) in parts else m for m in lead]
    # a placed or day-dated step told without a count ("they crossed the sea line", "shot
    # dead on Thursday") in a report about one group is that group's step: it counts
    # them, as the report does (specific or not: a killing dated to the day is)
    if len({m.people for m in lead if m.people is not None}) == 1 and any(
            m.specific for m in lead):
        lead = [replace(m, people=size, specific=True)
                if m.people is None and (m.place or m.day_precise) else m
                for m in lead]
    return lead


def _news_size(found: Sequence[Mention], sizes: Sequence[int], rules: Rules,
               published: int | None) -> int:
    """The largest count of the report's news: a count told only of steps that ended
    more than `appeal.background_days` before publication ("600 sent back last October",
    in a report of 60 returned last week) is a case recalled, not the report's group."""
    if published is None:
        return max(sizes)
    recent = [m.people for m in found if m.people is not None and m.people in sizes
              and not (m.date and published - m.hi > rules.appeal_background_days)]
    return max(recent, default=None) or max(sizes)


def _group_counts(found: Sequence[Mention]) -> list[int]:
    """The counts that may tell a report's group: those of the living's steps when it
    tells any (the dead of a killing the group is told of, "16 crew killed aboard", are
    others), else of its deaths."""
    counted = [m for m in found if m.specific and m.people is not None]
    living = [m for m in counted if m.type != "death"]
    return [m.people for m in (living or counted) if m.people is not None]


def _title_group(found: list[Mention], titled: frozenset[int],
                 rules: Rules) -> list[Mention]:
    """Counts below the one count a title names, when no step gives that count, are parts
    of the titled group ("nine defectors entered the embassy": two men, a teenager and six
    women): the analysis counted a part, the report is about the nine."""
    if len(titled) != 1:
        return found
    (total,) = titled
    counts = _group_counts(found)
    if not counts or any(people_near(n, total, rules) for n in counts):
        return found
    # two steps that give one count tell the group's size: the title's larger count is
    # other people ("16 crew killed", in the title of a report on the two men's return)
    if len(counts) >= 2 and len(set(counts)) == 1:
        return found
    return [replace(m, people=total) if m.people is not None and m.people < total else m
            for m in found]


# Past this many parts of one step, no subset is tried (a text rarely tells more).
MOST_PARTS = 8


def whole_of_parts(found: list[Mention], report: Report) -> list[Mention]:
    """Steps of one kind told part by part in one sentence ("one man entered on Thursday,
    a man and a woman on Friday") whose sum the report also counts ("three entered"):
    analysis keeps the parts as events and drops the total (one event per happening),
    but the report is about the whole group, the one other outlets count, so each part
    counts the whole."""
    told: frozenset[int] | None = None
    out = list(found)
    sentences: dict[tuple[str, str | None, str], list[int]] = {}
    for n, m in enumerate(found):
        if m.people and m.evidence:
            sentences.setdefault((m.type, m.country, m.evidence), []).append(n)
    for parts in sentences.values():
        # parts are distinct happenings: another day or another place
        if not 2 <= len(parts) <= MOST_PARTS or len({(found[n].date, found[n].place)
                                                     for n in parts}) < 2:
            continue
        told = _told_counts(report) if told is None else told
        whole = next((subset for size in range(len(parts), 1, -1)
                      for subset in combinations(parts, size)
                      if sum(found[n].people or 0 for n in subset) in told), ())
        total = sum(found[n].people or 0 for n in whole)
        for n in whole:
            out[n] = replace(found[n], people=total)
    return out


def _told_counts(report: Report) -> frozenset[int]:
    """The counts of people a report's title and text name."""
    numbers = importlib.import_module("tumen.analyze.numbers")
    text = f"{report.title or ''}\n{report.text}"
    return frozenset(c.value for c in numbers.find_counts(text, report.language)
                     if not (c.subset or c.companion))
