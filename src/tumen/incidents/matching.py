"""What a report tells for linking: its mentions (who, where, when), and whether it is news."""

from __future__ import annotations

import calendar
import importlib
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import urlsplit

from tumen.incidents.places import country_of, named_places
from tumen.incidents.rules import Rules
from tumen.models import Analysis, Event

TYPE_ORDER = {t: i for i, t in enumerate(
    ("border_crossing", "arrest", "transfer", "release", "repatriation", "reached_safety", "death")
)}


@dataclass
class Report:
    """One document as assembly sees it: metadata and the events analysis found."""

    id: int
    events: list[Event]
    published: str | None = None
    source: str | None = None
    language: str | None = None
    title: str | None = None
    url: str | None = None
    text: str = ""
    statistics: int = 0  # how many statistics (yearly arrivals and the like) analysis found
    # where in the text the first statistic's sentence starts (None: not known)
    statistics_start: int | None = None
    figures: frozenset[int] = frozenset()  # the values of those statistics


@dataclass(frozen=True)
class Mention:
    """One event of one report, prepared for matching (dates as day ordinals)."""

    doc: int
    index: int
    type: str
    date: str | None
    lo: int
    hi: int
    people: int | None
    vulnerable: frozenset[str] = field(default_factory=frozenset)
    country: str | None = None
    place: str | None = None
    specific: bool = True
    evidence: str = ""
    anchor: str = ""  # url (or id) and offset: what the incident key is derived from
    named: frozenset[str] = frozenset()  # every place the evidence names, canonical names
    confidence: float | None = None  # the analyzer's, when it gives one
    story: tuple[int, int] | None = None  # an undated step's days as its report orders it
    # its sentence tells another step on another date: one of the two dates is misread
    doubtful_date: bool = False
    # an undated step's likely days begin here (the weeks before publication); lo reaches
    # further back, since publication only bounds it from above
    recent_lo: int | None = None
    # the days linking allowed an undated step, kept when the timeline places it by story
    reach: tuple[int, int] | None = None
    # told by a roundup of past cases (lead.roundup): founds its report's incident, links none
    roundup: bool = False

    @property
    def day_precise(self) -> bool:
        """Whether the date names a day."""
        return self.lo == self.hi

    def recent(self) -> Mention:
        """The mention within its likely days (an undated step: just before publication)."""
        return replace(self, lo=self.recent_lo) if self.recent_lo is not None else self

    def in_story(self) -> Mention:
        """The mention dated as its report's order of events bounds it (for timelines)."""
        if not self.story:
            return self
        return replace(self, lo=self.story[0], hi=self.story[1], reach=(self.lo, self.hi))

    def sort_key(self) -> tuple[int, int, str, int]:
        """Canonical order, independent of ingestion order."""
        return (self.lo, TYPE_ORDER.get(self.type, 9), self.anchor, self.index)


def undated_first(first: str, then: str, earliest: int, latest: int) -> bool:
    """Whether an undated step of type `first`, which its report allows as early as day
    `earliest`, goes before a dated step of type `then` ending on day `latest`: it comes
    first in a story (an arrest before the return), and the story's order is what the
    report says (the timeline, and the eval's expected status, order steps so)."""
    return TYPE_ORDER.get(first, 9) < TYPE_ORDER.get(then, 9) and earliest <= latest


def date_range(value: str | None) -> tuple[int, int] | None:
    """Day ordinals spanned by an ISO date, month or year; None when unparsable."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        if len(parts) == 1:
            return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        month = int(parts[1])
        if len(parts) == 2:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1).toordinal(), date(year, month, last).toordinal()
        day = date(year, month, int(parts[2][:2])).toordinal()
    except (ValueError, IndexError):
        return None
    return day, day


def _event_range(event: Event, published: str | None, rules: Rules,
                 envelope: tuple[int, int] | None = None,
                 tolerance: int = 0) -> tuple[int, int] | None:
    """When an event happened: its own date to the month, else on or before publication
    (back to `undated_reach_days`: a report may retell an arrest of weeks before).

    An undated event in an undated report (a teaser on a listing page) happened within the
    dates the report's other events give, when it gives some. A report known only to the
    month (or year) may be of its first day: the reach counts back from that day.
    """
    pub = date_range(published)
    if event.date and len(event.date) >= 7:
        span = date_range(event.date)
        # a date after publication is a misreading (or a plan), not a prophecy
        if span and (pub is None or span[0] <= pub[1] + tolerance):
            return span
        return None
    if event.date:
        return None  # year-only: background, not a specific event
    if pub is not None:
        return pub[0] - rules.undated_reach_days, pub[1]
    return envelope


def _envelope(report: Report) -> tuple[int, int] | None:
    """The days from the report's earliest to its latest event dated to the month or better."""
    spans = [date_range(e.date) for e in report.events if e.date and len(e.date) >= 7]
    found = [s for s in spans if s]
    if not found:
        return None
    return min(s[0] for s in found), max(s[1] for s in found)


def statistics_start(analysis: Analysis) -> int | None:
    """Where an analysis's first statistic starts in its text (None: it has none)."""
    return min((s.evidence.start for s in analysis.statistics), default=None)


def statistics_story(report: Report, rules: Rules) -> bool:
    """A report of figures (arrivals per year or quarter): its arrivals are aggregates.

    A report with statistics whose events are only of the kinds statistics count
    (arrivals, releases) tells of no particular people, so it founds no incident; unless
    it tells of an arrival of counted people before any figure: then it is news of that
    arrival, and its figures are background. A report whose steps of other kinds are all
    past cases told after its first figure (a rise in arrivals, then a return of last
    spring recalled as a cause), its title counting none of them, is a report of figures
    too: news leads with its step, in its title or before the figures.
    """
    if not report.statistics:
        return False
    specific = [e for e in report.events if e.type in rules.specific_types]
    kinds = {e.type for e in specific}
    if not kinds:
        return False
    first = report.statistics_start
    if not kinds <= rules.statistics_types:
        # figures told before any step, each step a past case (over a month before the
        # report) its title does not count: the steps are asides to the figures
        titled = importlib.import_module("tumen.incidents.lead").title_counts(report)
        return first is not None and all(
            e.evidence.end > 0 and e.evidence.start > first and e.people not in titled
            and _past(e, report, rules) for e in specific)
    # news of an arrival counts its people; a headline's event (offsets 0..0) is no step
    # told before the figures, nor is an undated one counting what a figure counts ("some
    # 25 granted asylum so far", 25 also a year's arrivals): that is the figure told again
    return first is None or not any(
        e.people and e.evidence.end > 0 and e.evidence.start < first
        and (e.date or e.people not in report.figures) for e in specific
    )


def _past(event: Event, report: Report, rules: Rules) -> bool:
    """A step dated to the month or day that ended more than `appeal.background_days`
    before its report was published: a case recalled, not news."""
    pub = date_range(report.published)
    span = date_range(event.date) if event.date and len(event.date) >= 7 else None
    return pub is not None and span is not None and pub[0] - span[1] > rules.appeal_background_days


def background_appeal(report: Report, rules: Rules) -> bool:
    """An opinion piece founded on background: its title or address names it an
    editorial (an op-ed, a column) and its dated events all ended more than
    `appeal.background_days` before it was published (an October editorial on "116
    deported last July"). An undated event is told as news: not background, unless it
    counts a group a dated event counts ("some of the 116 had fled to the South long
    ago"): then it is that background group's."""
    pub = date_range(report.published)
    said = f"{report.title or ''} {urlsplit(report.url or '').path}"
    if pub is None or not any(p.search(said) for p in rules.appeal_markers):
        return False
    events = [e for e in report.events if e.type in rules.specific_types]
    dated = {e.people for e in events if e.date and e.people}
    if any(not e.date and not (e.people and e.people in dated) for e in events):
        return False
    # a year alone is background already
    dated_finer = [e for e in events if e.date and len(e.date) >= 7]
    return bool(dated_finer) and all(_past(e, report, rules) for e in dated_finer)


def _place(event: Event, rules: Rules) -> str | None:
    """The event's place unless it only names a country, or lies in another country than
    the event's (a return from Vietnam "in Seoul" is where activists spoke, not where it
    happened)."""
    if not event.place or event.place in rules.countries.values():
        return None
    if event.country and country_of(event.place) not in (None, event.country):
        return None
    return event.place


def _neighbours(report: Report, event: Event) -> tuple[tuple[int, int] | None,
                                                      tuple[int, int] | None]:
    """The spans of the dated events told just before and just after an event in the text."""
    before = after = None
    for other in sorted(report.events, key=lambda e: e.evidence.start):
        span = date_range(other.date) if other.date and len(other.date) >= 7 else None
        if span is None or other is event:
            continue
        if other.evidence.start < event.evidence.start:
            before = span
        elif other.evidence.start > event.evidence.start and after is None:
            after = span
    return before, after


def _between(span: tuple[int, int], around: tuple[tuple[int, int] | None,
             tuple[int, int] | None], rules: Rules) -> tuple[int, int]:
    """An undated step told between two dated ones ("a few days later", then "on 16
    November") happened between them: the story's order bounds it, as publication does."""
    before, after = around
    hi = min(span[1], after[1]) if after else span[1]
    lo = hi - rules.undated_window_days
    if before and before[0] <= hi:
        lo = max(lo, before[0])
    return lo, hi


def _doubtful_date(report: Report, event: Event) -> bool:
    """Whether the event's sentence tells another step dated otherwise ("four crossed the
    sea border and were taken into custody on 24 October", the crossing dated May from a
    sentence about another group): which date is the sentence's own is unknown."""
    day = event.date
    if not day:
        return False
    told_with = [e for e in report.events if e is not event and e.type != event.type and (
        e.evidence.start, e.evidence.text) == (event.evidence.start, event.evidence.text)]
    same = [e for e in told_with if e.date]
    # a later step of the sentence left undated may own its one date ("600 held in two
    # provinces were sent back on Monday", the holding dated Monday, the return undated)
    later = [e for e in told_with if not e.date
             and TYPE_ORDER.get(event.type, 9) < TYPE_ORDER.get(e.type, 9)]
    if not same and not later:
        return False
    timex = importlib.import_module("tumen.analyze.timex")
    told = {t.value for t in timex.find_dates(event.evidence.text, report.published)}
    if any((e.date or "")[:7] != day[:7] for e in same):
        # two steps dated in one sentence ("arrested on 3 March, returned on the 11th")
        return bool(told) and not any(v.startswith(day) for v in told)
    # one date for two steps: the earlier step ("the two seized in the East Sea were
    # deported on the 7th") borrowed the later one's
    return len(told) == 1 and (bool(later) or any(
        TYPE_ORDER.get(event.type, 9) < TYPE_ORDER.get(e.type, 9) for e in same))


def _unsure_days(report: Report) -> frozenset[str]:
    """Days a report known only to the month cannot vouch for: "on Friday" counted from
    the month's last day is a guess, while "on 15 November" stated in the text is not."""
    if not report.published or len(report.published) != 7:
        return frozenset()
    days = {e.date for e in report.events if e.date and len(e.date) == 10}
    if not days:
        return frozenset()
    timex = importlib.import_module("tumen.analyze.timex")
    told = {t.value for t in timex.find_dates(f"{report.title or ''}\n{report.text}")}
    return frozenset(days - told)


def mentions(report: Report, rules: Rules) -> list[Mention]:
    """The events of a report that can take part in an incident, specific or not."""
    kept = _mentions(report, rules)
    if not rules.titled_group or any(m.specific for m in kept):
        return kept
    # a report nothing specific was found in, under a title counting one group: its steps
    # are that group's (steps already specific keep their own counts, or none, so a title
    # never makes a report's news contradict another's)
    lead = importlib.import_module("tumen.incidents.lead")
    size = _titled_size(report, lead.title_counts(report), rules)
    return _mentions(report, rules, size) if size else kept


def _mentions(report: Report, rules: Rules, size: int | None = None) -> list[Mention]:
    """The report's mentions; `size` counts its uncounted steps (see mentions)."""
    found = []
    unsure = _unsure_days(report)
    if unsure:
        report = replace(report, events=[
            replace(e, date=e.date[:7]) if e.date in unsure else e for e in report.events])
    # the lead group's rules (incidents/lead.py) work on mentions: imported when used
    lead = importlib.import_module("tumen.incidents.lead")
    report = lead.without_the_dead(report)
    envelope = _envelope(report)
    aggregate = (statistics_story(report, rules) or background_appeal(report, rules)
                 or lead.figures_headline(report))
    # a report dated by the first date it names (a listing teaser has no dateline) was
    # published some time after it: a step a few weeks later is no misreading
    first = min((e.date for e in report.events if e.date and len(e.date) == 10), default=None)
    tolerance = rules.future_tolerance_days if first and first == report.published else 0
    # a report that dates one person's step is news of that person: its undated steps of
    # one person are the same person's, not a testimony's generic steps
    dated_one = any(e.people == 1 and e.date and len(e.date) >= 7
                    and e.type in rules.specific_types for e in report.events)
    titled = lead.title_counts(report)
    for index, event in enumerate(report.events):
        if event.type not in rules.specific_types:
            continue
        span = _event_range(event, report.published, rules, envelope, tolerance)
        if span is None:
            continue
        # where the story puts an undated step: for its timeline, not for linking, where
        # the report's whole window keeps it open to reports that date it
        story = _between(span, _neighbours(report, event), rules) if not event.date else None
        # the weeks before publication, from its first possible day ("2023-10" may be
        # the 3rd: a step of late September is just before it)
        pub = date_range(report.published)
        recent = pub[0] - rules.undated_window_days if not event.date and pub else None
        people = event.people if event.people and event.people > 0 else size
        specific = _specific(event, people, span, dated_one, titled, rules) and not aggregate
        found.append(Mention(
            doc=report.id, index=index, type=event.type, date=event.date, lo=span[0], hi=span[1],
            people=people, vulnerable=frozenset(event.vulnerable), country=event.country,
            place=_place(event, rules), specific=specific, evidence=event.evidence.text,
            anchor=f"{report.url or report.id}#{event.evidence.start}",
            named=named_places(event.evidence.text), confidence=event.confidence,
            story=story, doubtful_date=_doubtful_date(report, event), recent_lo=recent,
        ))
    found = lead.whole_of_parts(found, report)
    published = date_range(report.published)
    kept: list[Mention] = lead.lead_group(lead.without_recalled(found, rules, titled), rules,
                                          titled, published[0] if published else None)
    if lead.roundup(found, published, rules):
        kept = [replace(m, roundup=True) for m in kept]
    return kept


def _titled_size(report: Report, titled: frozenset[int], rules: Rules) -> int | None:
    """The group a title counts ("19 enter a consulate in Beijing") when none of the
    report's steps gives a count: those steps are the titled group's. Not one person: a
    title about one ("a defector's long road") heads features and testimonies, whose
    steps are a life's, not news."""
    if len(titled) != 1 or any(e.people for e in report.events
                               if e.type in rules.specific_types):
        return None
    (size,) = titled
    return size if 1 < size <= rules.max_people else None


def _specific(event: Event, people: int | None, span: tuple[int, int], dated_one: bool,
              titled: frozenset[int], rules: Rules) -> bool:
    """Whether an event tells of particular people: a count (not an undated estimate), a
    vulnerable group with a date, or a day and a place."""
    # a round figure the title counts ("600 refugees sent back", the step undated in the
    # body) is the report's news, not an estimate told in passing
    counted = people is not None and people <= rules.max_people and not (
        event.date is None and estimate(people, rules) and people not in titled)
    # one person's step told with no date and no place ("getting arrested in Mongolia
    # was a ticket to Seoul") is a story's generic step: a testimony, an appeal
    if (people == 1 and not event.date and not event.place and not dated_one
            and event.type in rules.one_person_needs_date_or_place):
        counted = False
    # a group named without a count or a date ("my son and I crossed") is not specific
    if counted or (bool(event.vulnerable) and event.date is not None):
        return True
    if span[0] != span[1]:
        return False
    # a killing on a known day is news about someone, wherever the text places it
    if rules.day_death and event.type == "death" and event.country:
        return True
    return bool(rules.day_and_place and _place(event, rules))


def estimate(people: int, rules: Rules) -> bool:
    """A large round figure ("some 2,000 held in China"): told undated, it is an estimate in
    passing, not a group; a raid's 169 or a dated return of 600 is news."""
    return people >= rules.estimate_round and people % rules.estimate_round == 0
