"""Assembly: group the events of many reports into incidents, deterministically."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cmp_to_key, partial
from urllib.parse import urlsplit

from tumen.incidents.corroboration import attach, corroboration_links, told_apart
from tumen.incidents.grouping import Links, cluster_reports, components, contradict, report_links
from tumen.incidents.matching import TYPE_ORDER, Mention, Report, mentions, undated_first
from tumen.incidents.places import country_of
from tumen.incidents.rules import Rules, load_rules
from tumen.incidents.urgency import apply_urgency, status_of
from tumen.models import VULNERABLE, Incident, IncidentEvent


def all_links(reports: Mapping[int, Report], by_doc: Mapping[int, Sequence[Mention]],
              rules: Rules) -> tuple[dict[int, list[Mention]], Links, Links]:
    """Specific mentions by report, links between reports' events, and corroborations."""
    specific = {d: [m for m in by_doc.get(d, []) if m.specific] for d in reports}
    specific = {d: ms for d, ms in specific.items() if ms}
    # a roundup of past cases founds its own incident and links no other report
    linking = {d: ms for d, ms in specific.items() if not any(m.roundup for m in ms)}
    news = {d: r for d, r in reports.items() if d not in specific or d in linking}
    return specific, report_links(linking, rules), corroboration_links(news, linking, rules)


def link_reports(reports: Mapping[int, Report], by_doc: Mapping[int, Sequence[Mention]],
                 rules: Rules) -> list[list[int]]:
    """Document ids grouped into consistent incidents (see grouping: no chaining), with
    the lone reports that corroborate them."""
    specific, links, corroborations = all_links(reports, by_doc, rules)
    groups = cluster_reports(specific, links, rules)

    def fits(doc: int, docs: Sequence[int]) -> bool:
        """A report whose steps give a count joins no group a report of which they
        contradict (the same step a month apart); steps without one are read loosely."""
        if all(m.people is None for m in specific[doc]):
            return True
        return not any(contradict(specific[doc], specific[d], rules)
                       for d in docs if d in specific)

    return attach(groups, corroborations, [d for d in reports if d not in specific],
                  [d for d in specific if told_apart(reports[d], specific[d])], fits)


def _merged(a: Links, b: Links) -> Links:
    """Two link graphs as one."""
    out = {d: dict(o) for d, o in a.items()}
    for d, others in b.items():
        out.setdefault(d, {}).update(others)
    return out


def _compatible_background(m: Mention, core: Sequence[Mention], rules: Rules) -> bool:
    """A non-specific event ("they were sent back") joins when it fits the incident."""
    first = core[0]
    if m.hi < first.lo:
        return False
    countries = {c.country for c in core if c.country}
    return m.country is None or any(rules.countries_compatible(m.country, c) for c in countries)


def incident_mentions(items: Sequence[Mention], rules: Rules) -> list[Mention]:
    """The mentions an incident is built from, in canonical order."""
    # a date its own sentence contradicts gives way to another report's telling of the step
    sure = {m.type for m in items if m.specific and not m.doubtful_date}
    items = [m for m in items if not (m.doubtful_date and m.type in sure)]
    core = sorted((m for m in items if m.specific), key=Mention.sort_key)
    extra = [m for m in items if not m.specific and _compatible_background(m, core, rules)]
    return sorted(core + extra, key=Mention.sort_key)


def _mode(values: Iterable[object]) -> object:
    """The most frequent value; ties go to the first seen (inputs are canonically ordered)."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    best = max(counts.values())
    return next(v for v in counts if counts[v] == best)


def _group_steps(items: Sequence[Mention], rules: Rules) -> list[list[Mention]]:
    """Mentions of the same step (same type, close dates, no contradicting place) together."""
    steps: list[list[Mention]] = []
    for m in items:
        for step in steps:
            head = step[0]
            close = (abs(m.lo - head.lo) <= rules.same_type_gap_days
                     or _retold(m, head) or _retold(head, m))
            # (against every place the step holds: a step begun without one may have
            # taken one since)
            places = not (m.place and any(s.place and s.place != m.place for s in step))
            if head.type == m.type and close and places:
                step.append(m)
                break
        else:
            steps.append([m])
    return steps


def _retold(m: Mention, other: Mention) -> bool:
    """An undated step whose report may have told it weeks after it happened, and the
    same step dated by another report within those weeks: one step."""
    return m.reach is not None and other.date is not None and (
        m.reach[0] <= other.lo and other.hi <= m.reach[1])


def _timeline_event(step: Sequence[Mention]) -> IncidentEvent:
    """One timeline step from the mentions that report it."""
    specific = [m for m in step if m.specific] or list(step)
    dated = sorted(specific, key=lambda m: (m.hi - m.lo, m.lo))
    date = _mode(m.date for m in dated if m.hi - m.lo == dated[0].hi - dated[0].lo)
    country = _mode(m.country for m in step)
    # a place of another country than the step's (a report that put the arrival in Ningbo,
    # outvoted on the country by those that put it in Seoul) is not where the step happened
    places = [m.place for m in step if m.place and country_of(m.place) in (None, country)]
    return IncidentEvent(
        type=step[0].type,
        date=str(date) if date else None,
        place=_str_or_none(_mode(places)),
        country=_str_or_none(country),
        people=_int_or_none(_mode(m.people for m in specific)),
        documents=sorted({m.doc for m in step}),
        evidence=list(dict.fromkeys(m.evidence for m in step if m.evidence)),
        confidence=max((m.confidence for m in step if m.confidence is not None), default=None),
    )


def _str_or_none(value: object) -> str | None:
    return str(value) if value is not None else None


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _step_order(a: Sequence[Mention], b: Sequence[Mention], left: bool = False) -> int:
    """Earlier step first; when their dates overlap ("January" and "15 January") the one
    that comes first in a story (a crossing, an arrest, then safety) goes first."""
    a_lo, a_hi = min(m.lo for m in a), min(m.hi for m in a)
    b_lo, b_hi = min(m.lo for m in b), min(m.hi for m in b)
    if _precedes(a, b) or _precedes(b, a):
        return -1 if _precedes(a, b) else 1
    if a_lo <= b_hi and b_lo <= a_hi:
        if left and (_left_before(a, b) or _left_before(b, a)):
            return -1 if _left_before(a, b) else 1
        order = TYPE_ORDER.get(a[0].type, 9) - TYPE_ORDER.get(b[0].type, 9)
        if order:
            return order
    return (a_lo > b_lo) - (a_lo < b_lo)


def _left_before(a: Sequence[Mention], b: Sequence[Mention]) -> bool:
    """A step told in the country a forced return took the people out of, its dates
    overlapping the return's ("reached Laos in May", deported by Laos on 27 May): it
    happened before the return, as the returned are no longer there to reach safety."""
    country = _mode(m.country for m in b)
    return (b[0].type == "repatriation" and a[0].type != "repatriation"
            and country not in (None, "KP") and _mode(m.country for m in a) == country)


def _precedes(a: Sequence[Mention], b: Sequence[Mention]) -> bool:
    """An undated step that comes first in a story ("those arrested were sent back on the
    9th", the arrest told with no date) and whose report allows it before a dated one: its
    days are only its report's weeks, the story's order is what the report says."""
    # a step another report dates is dated, though one report told it undated
    if any(m.date for m in a) or not any(m.date for m in b):
        return False
    earliest = min((m.reach or (m.lo, m.hi))[0] for m in a)
    return undated_first(a[0].type, b[0].type, earliest, min(m.hi for m in b if m.date))


def timeline(items: Sequence[Mention], rules: Rules) -> list[IncidentEvent]:
    """The incident's steps in date order."""
    steps = _group_steps(items, rules)
    steps.sort(key=lambda s: (min(m.lo for m in s), TYPE_ORDER.get(s[0].type, 9)))
    steps.sort(key=cmp_to_key(partial(_step_order, left=rules.return_leaves_country)))
    return [_timeline_event(s) for s in steps]


def _people_by_doc(items: Sequence[Mention]) -> dict[int, int]:
    """The group size each report gives: the largest count among its specific mentions."""
    sizes: dict[int, int] = {}
    for m in items:
        if m.specific and m.people is not None:
            sizes[m.doc] = max(sizes.get(m.doc, 0), m.people)
    return sizes


def conflicts(items: Sequence[Mention], steps: Sequence[IncidentEvent]) -> list[dict[str, object]]:
    """Disagreements between reports, each value with the documents that give it."""
    found: list[dict[str, object]] = []
    by_value: dict[int, list[int]] = {}
    for doc, people in sorted(_people_by_doc(items).items()):
        by_value.setdefault(people, []).append(doc)
    if len(by_value) > 1:
        found.append({"field": "people", "values": [
            {"value": v, "documents": docs} for v, docs in sorted(by_value.items())
        ]})
    for step in steps:
        dates: dict[str, set[int]] = {}
        for m in items:
            same = m.type == step.type and m.doc in step.documents and m.evidence in step.evidence
            if same and m.day_precise and m.date:
                dates.setdefault(m.date, set()).add(m.doc)
        if len(dates) > 1:
            found.append({"field": "date", "event": step.type, "values": [
                {"value": d, "documents": sorted(docs)} for d, docs in sorted(dates.items())
            ]})
    return found


def incident_key(items: Sequence[Mention]) -> str:
    """A stable id from the earliest event: a rebuild in any order gives the same key."""
    first = min((m for m in items if m.specific), key=Mention.sort_key)
    raw = f"{first.date}|{first.type}|{first.place}|{first.anchor}"
    return "inc-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def title(incident: Incident, rules: Rules) -> str:
    """A headline: '7 people arrested in Shenyang, China, then moved in custody to Dandong'."""
    if not incident.events:
        return "Incident"
    first = incident.events[0]
    lo, hi = incident.people_min, incident.people_max
    if lo is None or hi is None:
        who = "North Koreans"
    elif lo == hi:
        who = "1 person" if lo == 1 else f"{lo} people"
    else:
        who = f"{lo}–{hi} people"
    text = f"{who} {_happened(first, rules)}"
    # the step the status comes from says where the people are now
    living = [e for e in incident.events if e.type != "death"]
    if living and living[-1].type != first.type:
        text += f", then {_happened(living[-1], rules)}"
    dated = next((e.date for e in incident.events if e.date), None)
    return text + (f" ({dated[:7]})" if dated else "")


def _happened(step: IncidentEvent, rules: Rules) -> str:
    """'arrested in Shenyang, China': what one step of the timeline did, and where."""
    verb, before, country_only = rules.titles.get(step.type, (step.type, "in", False))
    country = rules.countries.get(step.country or "", step.country)
    where = ", ".join(x for x in (None if country_only else step.place, country) if x)
    return f"{verb} {before} {where}" if where else verb


def _source_name(report: Report) -> str:
    """The outlet of a report: its source name, else its host."""
    return report.source or urlsplit(report.url or "").netloc or f"doc{report.id}"


def build_incident(
    reports: Sequence[Report], items: Sequence[Mention], now: datetime, rules: Rules
) -> Incident:
    """One incident from its reports and their mentions."""
    items = [m.in_story() for m in incident_mentions(items, rules)]
    steps = timeline(items, rules)
    sizes = sorted(set(_people_by_doc(items).values()))
    published = sorted(r.published for r in reports if r.published)
    vulnerable = {v for m in items if m.specific for v in m.vulnerable}
    incident = Incident(
        key=incident_key(items), title="",
        status=status_of(steps, [r.text for r in reports], rules),
        people_min=sizes[0] if sizes else None, people_max=sizes[-1] if sizes else None,
        vulnerable=[v for v in VULNERABLE if v in vulnerable],
        countries=list(dict.fromkeys(s.country for s in steps if s.country)),
        places=list(dict.fromkeys(s.place for s in steps if s.place)),
        events=steps, documents=sorted(r.id for r in reports),
        first_report=published[0] if published else None,
        last_report=published[-1] if published else None,
        sources_count=len({_source_name(r) for r in reports}),
        conflicts=conflicts(items, steps),
    )
    incident.title = title(incident, rules)
    return apply_urgency(incident, now, rules)


def build_incidents(
    reports: Mapping[int, Report], now: datetime, rules: Rules
) -> list[Incident]:
    """Incidents from scratch over a set of reports, sorted by key."""
    by_doc: dict[int, list[Mention]] = {doc: mentions(r, rules) for doc, r in reports.items()}
    groups = link_reports(reports, by_doc, rules)
    incidents = [
        build_incident([reports[d] for d in g], [m for d in g for m in by_doc[d]], now, rules)
        for g in groups
    ]
    return sorted(incidents, key=lambda i: i.key)


def touched_documents(
    new_reports: Sequence[Report], known: Mapping[int, Report], rules: Rules
) -> set[int]:
    """The new reports and every known report one of them links to."""
    changed = {r.id for r in new_reports}
    reports = {**known, **{r.id: r for r in new_reports}}
    _, links, corroborations = all_links(
        reports, {d: mentions(r, rules) for d, r in reports.items()}, rules)
    links = _merged(links, corroborations)
    return changed | {o for d in changed for o in links.get(d, {})}


def assemble(
    existing: Sequence[Incident],
    new_reports: Sequence[Report],
    *,
    now: datetime,
    known: Mapping[int, Report] | None = None,
    rules: Rules | None = None,
) -> list[Incident]:
    """Add (or re-read) reports: they join, merge or start incidents; others stay as they are.

    `known` holds the reports of the existing incidents (at least of the link components
    the new reports may touch). Clusters never cross a component of the link graph, so
    re-assembling the components of the new reports (and of the incidents they held)
    gives the same result as a full rebuild over all reports, in any order.
    """
    rules = rules or load_rules()
    reports = {**(known or {}), **{r.id: r for r in new_reports}}
    _, links, corroborations = all_links(
        reports, {d: mentions(r, rules) for d, r in reports.items()}, rules)
    links = _merged(links, corroborations)
    part_of = {d: frozenset(p) for p in components(sorted(reports), links) for d in p}
    docs: set[int] = set()
    extra = {r.id for r in new_reports}
    while extra:
        docs |= extra | {d for x in extra for d in part_of[x]}
        extra = {d for i in existing if docs & set(i.documents) for d in i.documents} - docs
        extra &= set(reports)
    kept = [i for i in existing if not (docs & set(i.documents))]
    rebuilt = build_incidents({d: reports[d] for d in sorted(docs)}, now, rules)
    return sorted(kept + rebuilt, key=lambda i: i.key)
