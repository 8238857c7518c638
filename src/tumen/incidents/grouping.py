"""Reports into incidents: links between reports, then clusters that stay consistent.

Single-link grouping (any matching pair joins two groups) drifts: in a dense archive a
report about five people links one about six, which links one about seven a month later,
and whole years of arrests in one city become one incident. So a report joins an incident
only when it links to one of its reports *and* contradicts none of them (counts that
nearly agree across the incident, dates that one story can hold). Incidents merge best
supported first (the sum of the links between them), so a report ends where most of its
links point, and the result is a function of the links (ties broken by a canonical order
of the reports' contents), whatever the order of ingestion; clusters never cross the
connected components of the link graph, so re-assembling the components a new report
touches equals a full rebuild.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tumen.incidents.matching import Mention
from tumen.incidents.pairing import (
    candidate_pairs,
    dates_fit,
    linked,
    other_places,
    part_of,
    people_near,
    score,
)
from tumen.incidents.rules import Rules

Links = dict[int, dict[int, float]]


@dataclass
class Cluster:
    """Reports of one incident being assembled and the range of their group sizes."""

    docs: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)


def report_score(xs: Sequence[Mention], ys: Sequence[Mention], rules: Rules) -> float | None:
    """How far two reports clear the link threshold (>= 0 links them); None when nothing fits.

    The best pair of events counts; two or more events on each side that agree (a crossing
    and an arrest both told of the same two people) add the `corroborated` weight, because
    little detail told twice consistently is more than one detail once.
    """
    best: float | None = None
    left: set[int] = set()
    right: set[int] = set()
    for a in xs:
        for b in ys:
            s = score(a, b, rules)
            if s is None:
                continue
            need = rules.threshold if a.type == b.type else rules.sequel_threshold
            best = s - need if best is None else max(best, s - need)
            # steps told in two cities (a transfer may be), or that one story cannot hold
            # (one arrest on two days a week apart), corroborate nothing
            if s >= rules.corroboration_min and not (
                    other_places(a, b, rules) or _conflict(a, b, rules)):
                left.add(a.index)
                right.add(b.index)
    if best is not None and len(left) >= 2 and len(right) >= 2:
        best += rules.weights["corroborated"]
    return best


def report_links(by_doc: Mapping[int, Sequence[Mention]], rules: Rules) -> Links:
    """Pairs of reports whose specific events match, with the pair's score margin."""
    specific = {d: [m for m in ms if m.specific] for d, ms in by_doc.items()}
    pairs = {(min(a.doc, b.doc), max(a.doc, b.doc))
             for a, b in candidate_pairs([m for ms in specific.values() for m in ms], rules)}
    links: Links = {}
    for x, y in sorted(pairs):
        s = report_score(specific[x], specific[y], rules)
        if s is not None and s >= 0:
            links.setdefault(x, {})[y] = s
            links.setdefault(y, {})[x] = s
    return links


def components(docs: Sequence[int], links: Links) -> list[set[int]]:
    """Connected components of the link graph over these documents."""
    seen: set[int] = set()
    found = []
    for start in sorted(docs):
        if start in seen:
            continue
        part, stack = {start}, [start]
        while stack:
            for other in links.get(stack.pop(), {}):
                if other not in part:
                    part.add(other)
                    stack.append(other)
        seen |= part
        found.append(part)
    return found


def group_size(items: Sequence[Mention]) -> int | None:
    """The size of the group a report is about: its largest count."""
    return max((m.people for m in items if m.people is not None), default=None)


def canonical_key(items: Sequence[Mention]) -> tuple[tuple[int, int, str, int], int]:
    """Where a report comes in the canonical order: its earliest event, then its anchor."""
    return min(m.sort_key() for m in items), items[0].doc


def contradict(xs: Sequence[Mention], ys: Sequence[Mention], rules: Rules) -> bool:
    """Two reports that one story cannot hold: dates no sequence joins, the same step elsewhere.

    Each event is judged by its best counterpart in the other report (of the same step when
    there is one): a report that also recalls an earlier crossing ten days before agrees
    with one that tells both. One misread event must not keep two reports apart either, so
    the reports contradict each other when more than `max_conflict_share` of their events do.
    """
    # a date its own sentence contradicts proves nothing against the other report, unless
    # the other report tells the same step on that day: then that date is confirmed
    xs, ys = ([m for m in ms if not m.doubtful_date or _confirmed(m, others, rules)]
              for ms, others in ((xs, ys), (ys, xs)))
    if not xs or not ys:
        return False
    # a step both reports tell to the day with the same count (of three or more: one or
    # two people are too common to tell groups apart) anchors them: their other
    # dates disagree as outlets' readings do ("announced on the 9th" taken for the return);
    # only a step told in another place still weighs
    places = any(_anchored(a, b, rules) for a in xs for b in ys)
    worst = ([_worst(a, ys, rules, places) for a in xs]
             + [_worst(b, xs, rules, places) for b in ys])
    return sum(worst) > rules.max_conflict_share * (len(xs) + len(ys))


def _confirmed(m: Mention, others: Sequence[Mention], rules: Rules) -> bool:
    """A step the other report tells on the same day, in one story with it."""
    return any(o.type == m.type and _same_day(m, o, rules) and linked(m, o, rules)
               and not _conflict(m, o, rules) for o in others)


def _anchored(a: Mention, b: Mention, rules: Rules) -> bool:
    """The same step told by two reports to the day, with counts of a group that agree."""
    if a.type != b.type or min(a.people or 0, b.people or 0) <= rules.small_group:
        return False
    assert a.people is not None and b.people is not None
    return (people_near(a.people, b.people, rules) and _same_day(a, b, rules)
            and linked(a, b, rules) and not _conflict(a, b, rules))


def _worst(a: Mention, others: Sequence[Mention], rules: Rules,
           places: bool = False) -> float:
    """How badly an event disagrees with the other report.

    Against the other steps every pair must hold (an arrest after the other report's
    transfer is another arrest); against the same step the best counterpart counts, since
    a report may recall an earlier crossing, and a transfer may be another transfer.
    """
    same = [b for b in others if b.type == a.type]
    # a step the other report tells too, to the day (linked, in one story), is confirmed:
    # a steps' order that cannot hold ("deported on the 28th", "arrested on the 29th") is
    # the other step's to answer for, from its own side
    if any(_same_day(a, b, rules) and linked(a, b, rules) and not _conflict(a, b, rules)
           for b in same):
        return 0.0
    best = min((_conflict(a, b, rules, places) for b in same), default=0.0)
    if a.type == "transfer":
        best = 0.0
    return max([best, *(_conflict(a, b, rules, places) for b in others if b.type != a.type)])


def _same_day(a: Mention, b: Mention, rules: Rules) -> bool:
    """Two steps dated to the day, days reports may disagree by apart at most."""
    return a.day_precise and b.day_precise and abs(a.lo - b.lo) <= rules.day_tolerance_days


def _conflict(a: Mention, b: Mention, rules: Rules, places: bool = False) -> float:
    """0 when one story holds both events, 1 for dates, `place_conflict_weight` for the same
    step elsewhere (with `places`, only the latter: anchored reports' dates disagree)."""
    if _other_step_place(a, b, rules):
        return rules.place_conflict_weight
    # an undated step only borrows its report's date: it proves no date wrong
    if places or a.date is None or b.date is None:
        return 0.0
    if not dates_fit(a, b, rules) or _other_day(a, b, rules):
        return 1.0
    return 0.0


def _other_day(a: Mention, b: Mention, rules: Rules) -> bool:
    """The same step in one country on two days further apart than reports disagree by.

    Transfers repeat, and safety in Japan can precede safety in Seoul: those are two steps.
    """
    if a.type != b.type or a.type == "transfer" or not (a.day_precise and b.day_precise):
        return False
    if a.country and b.country and a.country != b.country:
        return False
    # the same count in the same city within weeks: one arrest, one report misdated it
    if a.people is not None and a.people == b.people and a.place == b.place:
        return False
    return bool(a.date and b.date) and abs(a.lo - b.lo) > rules.day_tolerance_days


def _other_step_place(a: Mention, b: Mention, rules: Rules) -> bool:
    """The same step, dated by both, told in an incompatible country or (for a step that
    happens in one place, like an arrest) in another city."""
    # an undated event only borrows its report's date: it may be another step altogether
    if a.type != b.type or not (a.date and b.date):
        return False
    if max(a.lo, b.lo) - min(a.hi, b.hi) > rules.same_type_gap_days:
        return False
    if a.country and b.country and not rules.countries_compatible(a.country, b.country):
        return True
    return a.type in rules.one_place_types and other_places(a, b, rules)


def sizes_fit(sizes: Sequence[int], size: int | None, rules: Rules) -> bool:
    """Whether a count agrees with every count the incident already has."""
    if size is None or not sizes:
        return True
    return sizes_agree([*sizes, size], rules)


def sizes_agree(sizes: Sequence[int], rules: Rules) -> bool:
    """Whether counts can be one group's: each nearly agrees with the largest or is a part
    of it, the largest being a mass group (one returnee's, or one city's, of 600 returned)."""
    if not sizes:
        return True
    big = max(sizes)
    return all(people_near(n, big, rules) or part_of(n, big, rules) for n in sizes)


def cluster_reports(specific: Mapping[int, Sequence[Mention]], links: Links,
                    rules: Rules) -> list[list[int]]:
    """Document ids grouped into consistent incidents: the best-supported merges first.

    Incidents start as single reports; the two with the most support between them (each
    link between their reports counts its margin plus one) merge, when their counts nearly
    agree and no report of one contradicts a report of the other; then the next two, until
    no pair can merge. A report thus ends in the incident most of its links point to, not
    in the first one it was read beside: the result is a function of the links (ties in
    canonical order), whatever order the reports came in.
    """
    rank = {d: n for n, d in enumerate(sorted(specific, key=lambda d: canonical_key(specific[d])))}
    clusters = {d: Cluster([d], [s] if (s := group_size(specific[d])) is not None else [])
                for d in rank}
    support: dict[int, dict[int, float]] = {d: {} for d in rank}
    for x, others in links.items():
        for y, margin in others.items():
            if x in rank and y in rank and x != y:
                support[x][y] = margin + 1.0
    heap = [(-w, rank[x], rank[y], x, y) for x in support for y, w in support[x].items()
            if rank[x] < rank[y]]
    heapq.heapify(heap)
    seen: dict[tuple[int, int], bool] = {}
    while heap:
        w, _, _, x, y = heapq.heappop(heap)
        if x not in clusters or y not in clusters or support[x].get(y) != -w:
            continue  # a stale entry: one side has merged since
        if not _consistent(clusters[x], clusters[y], specific, seen, rules):
            del support[x][y], support[y][x]
            continue
        home, other = (x, y) if rank[x] < rank[y] else (y, x)
        clusters[home].docs.extend(clusters[other].docs)
        clusters[home].sizes.extend(clusters[other].sizes)
        del clusters[other], support[home][other]
        for z, v in support.pop(other).items():
            if z == home:
                continue
            del support[z][other]
            total = support[home].get(z, 0.0) + v
            support[home][z] = support[z][home] = total
            a, b = sorted((home, z), key=rank.__getitem__)
            heapq.heappush(heap, (-total, rank[a], rank[b], a, b))
    return sorted(sorted(c.docs) for c in clusters.values())


def _consistent(a: Cluster, b: Cluster, specific: Mapping[int, Sequence[Mention]],
                seen: dict[tuple[int, int], bool], rules: Rules) -> bool:
    """Whether two incidents can be one: counts that nearly agree, no report of one that
    contradicts a report of the other (each pair judged once)."""
    if not sizes_agree(a.sizes + b.sizes, rules):
        return False
    for x in a.docs:
        for y in b.docs:
            key = (min(x, y), max(x, y))
            if key not in seen:
                seen[key] = contradict(specific[x], specific[y], rules)
            if seen[key]:
                return False
    return True

