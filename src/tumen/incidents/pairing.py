"""Whether two mentions are about the same people: their scores, and the candidate pairs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tumen.incidents.matching import Mention
from tumen.incidents.places import near_places
from tumen.incidents.rules import Rules

ANY_TYPE = "*"  # blocking: two steps of any type on overlapping days may be one story


def same_country(a: Mention, b: Mention, rules: Rules) -> bool:
    """Two steps in one country, or one told by a sentence naming both countries ("held at
    the Vietnam-China border" placed in China agrees with a report placing it in Vietnam)."""
    return bool(a.country and b.country) and (
        a.country in _countries(b, rules) or b.country in _countries(a, rules))


def _countries(m: Mention, rules: Rules) -> frozenset[str | None]:
    """The step's country, and the others its sentence names beside it (a border)."""
    if m.country is None or rules.countries.get(m.country) not in m.named:
        return frozenset({m.country})
    codes = {name: code for code, name in rules.countries.items()}
    return frozenset({m.country, *(codes[n] for n in m.named if n in codes)})


def other_places(a: Mention, b: Mention, rules: Rules) -> bool:
    """Two events placed in two cities, neither sentence naming the other's city
    ("arrested in Shenyang and Changchun" told with either city agrees with both), nor
    the two places one locality told at two granularities (Panmunjom and the DMZ)."""
    if not (a.place and b.place) or a.place == b.place:
        return False
    if near_places(a.place, b.place, rules):
        return False
    return a.place not in b.named and b.place not in a.named


def people_near(a: int, b: int, rules: Rules) -> bool:
    """Counts that agree or nearly agree."""
    return abs(a - b) <= max(rules.people_tolerance_min, rules.people_tolerance * max(a, b))


def part_of(small: int, large: int, rules: Rules) -> bool:
    """Whether a count may be part of a larger one told elsewhere: the larger is a mass group
    and the smaller well below it (one returnee, or the 200 held in one city, of 600)."""
    return large >= rules.mass_group and small <= rules.part_share * large


def counts_fit(a: Mention, b: Mention, rules: Rules) -> bool:
    """Counts two steps may give of one group: nearly equal, or one a part of the other's
    mass group, told of the same step in the same country and window."""
    if a.people is None or b.people is None or people_near(a.people, b.people, rules):
        return True
    return _part_pair(a, b, rules)


def _part_pair(a: Mention, b: Mention, rules: Rules) -> bool:
    """The same step in one country, in windows that overlap (an undated step: the weeks
    before its publication), one count a part of the other's mass group (one returnee, or
    the 200 held in one city, of 600 sent back)."""
    assert a.people is not None and b.people is not None
    small, large = sorted((a.people, b.people))
    if a.type != b.type or not part_of(small, large, rules):
        return False
    x, y = a.recent(), b.recent()
    return max(x.lo, y.lo) <= min(x.hi, y.hi) and same_country(a, b, rules)


def dates_fit(a: Mention, b: Mention, rules: Rules) -> bool:
    """The same event told twice, or one event following the other within the sequel gap."""
    if _after_bound(a, b, rules) or _after_bound(b, a, rules):
        return False
    gap = max(0, max(a.lo, b.lo) - min(a.hi, b.hi))
    # two undated tellings span the weeks before each publication already: news of one
    # step published weeks apart would date it ("last month")
    same_gap = 0 if a.date is None and b.date is None else rules.same_type_gap_days
    if gap <= same_gap and (a.type == b.type or gap == 0):
        return True
    first, second = (a, b) if (a.lo, a.hi) <= (b.lo, b.hi) else (b, a)
    return gap <= rules.sequels.get(first.type, {}).get(second.type, -1)


def _after_bound(a: Mention, b: Mention, rules: Rules) -> bool:
    """A dated step after the report that tells another undated (by more days than reports
    disagree by), which cannot come after it: the same step, or one before it in a story.
    Publication bounds the undated step from above; the same-step gap does not widen it."""
    if b.recent_lo is None or a.date is None or a.lo <= b.hi + rules.day_tolerance_days:
        return False
    return a.type not in rules.sequels.get(b.type, {})


def score(a: Mention, b: Mention, rules: Rules) -> float | None:
    """How strongly two mentions describe the same people; None when a hard rule forbids it."""
    if not dates_fit(a, b, rules):
        return None
    if a.country and b.country and not rules.countries_compatible(a.country, b.country):
        return None
    if _died_elsewhere_after_return(a, b, rules):
        return None
    w, total = rules.weights, 0.0
    # an undated step that fits only as told weeks after it happened: its dates allow the
    # pair, but agree with it no more than any earlier case's would
    late = not dates_fit(a.recent(), b.recent(), rules)
    if late:
        total += w["told_late"]
    people = _people_weight(a, b, rules)
    if people is None:
        return None
    total += people
    if a.place and a.place == b.place:
        total += w["same_place"]
    elif a.place and b.place and near_places(a.place, b.place, rules):
        total += w["near_place"]
    elif other_places(a, b, rules) and not {"transfer", "repatriation"} & {a.type, b.type}:
        # only a transfer moves people to another city, and a return names two places
        # (held in Kunming, sent back through Dandong): other steps are another group
        total += w["other_place"]
    elif same_country(a, b, rules) and not late:
        # many groups are caught in one country in a season: without dates that agree,
        # only a place in common tells a late telling's group from another
        total += w["same_country"]
    if a.vulnerable and b.vulnerable:
        overlap = a.vulnerable & b.vulnerable
        if not overlap:
            total += w["vulnerable_disjoint"]
        elif a.type == b.type or overlap - rules.common_vulnerable:
            # for two different steps, a shared common group tells little
            total += w["vulnerable_overlap"]
    if a.day_precise and b.day_precise and a.lo == b.lo:
        total += w["same_day"]
    return total


def _people_weight(a: Mention, b: Mention, rules: Rules) -> float | None:
    """What two mentions' counts of people add to their score; None when too far apart."""
    if a.people is None or b.people is None:
        return 0.0
    w = rules.weights
    if not people_near(a.people, b.people, rules):
        return w["people_part"] if _part_pair(a, b, rules) else None
    if a.people != b.people:
        # a large group's count is told differently (159, 169, 175 in one raid) and
        # still tells it from others, as an equal count does
        large = min(a.people, b.people) >= rules.large_group
        # two and three people are near only by the one-person margin: such counts
        # are too common to tell groups apart when they differ
        if min(a.people, b.people) > rules.small_group:
            return w["people_near_large" if large else "people_near"]
        return 0.0
    if a.people <= rules.small_group:
        return w["people_equal_small"]
    return w["people_equal"]


def _died_elsewhere_after_return(a: Mention, b: Mention, rules: Rules) -> bool:
    """A death told after a forced return, in a country other than North Korea: the
    returned people are in the North, so the dead are others (five shot crossing into
    China three days after five were sent back from China)."""
    first, second = (a, b) if (a.lo, a.hi) <= (b.lo, b.hi) else (b, a)
    return (first.type == "repatriation" and second.type == "death"
            and second.country is not None and second.country not in rules.returned_countries)


def linked(a: Mention, b: Mention, rules: Rules) -> bool:
    """Whether two mentions are about the same people: a score over the threshold."""
    s = score(a, b, rules)
    if s is None:
        return False
    return s >= (rules.threshold if a.type == b.type else rules.sequel_threshold)


def count_spread(people: int, rules: Rules) -> int:
    """How far a count nearly agreeing with this one may lie from it: the tolerance is a
    share of the larger count, which may be this one divided by (1 - share)."""
    share = rules.people_tolerance
    return int(max(rules.people_tolerance_min, share * people / (1 - share)))


def _spread(m: Mention, rules: Rules) -> range:
    """Counts that nearly agree with the mention's."""
    assert m.people is not None
    spread = count_spread(m.people, rules)
    return range(max(1, m.people - spread), m.people + spread + 1)


def _keys(m: Mention, rules: Rules, query: bool) -> Iterator[tuple[object, ...]]:
    """Blocking keys: every pair that can reach the threshold shares one (see docs).

    Scores come from place (2) or country (1), count equal (2) or near (1) or a part of
    a mass group (2), a shared vulnerable group (1) and the same day (1); each key is one
    way of reaching 3 (a part and its whole share the "mass" key of their country).
    """
    near = _spread(m, rules) if m.people is not None and query else [m.people]
    vulns = sorted(m.vulnerable)
    day = m.lo if m.day_precise else None
    countries = sorted(_countries(m, rules), key=str)
    for p in near if m.people is not None else ():
        if m.place:
            yield ("pp", m.place, p)
        for v in vulns:
            for c in countries:
                yield ("cpv", c, v, p)
    if m.people is not None:
        for c in countries:
            yield ("cp", c, m.people)
        # a large group's near count and the country reach it (159 and 175 in Thailand)
        if m.people >= rules.large_group:
            for p in near:
                if p is not None and p != m.people and p >= rules.large_group:
                    for c in countries:
                        yield ("cp", c, p)
        # a part of a mass group and the whole (one of the 600 returned) share only their
        # country: every count is stored as a possible part, a mass group as a whole too;
        # each looks up the wholes, a mass group the parts as well
        for c in countries:
            yield ("mass", c, "whole" if query else "part")
            if m.people >= rules.mass_group:
                yield ("mass", c, "part" if query else "whole")
        for v in vulns:
            yield ("xv", m.people, v)
        if day is not None:
            yield ("xd", m.people, day)
    for v in vulns:
        if m.place:
            yield ("pv", m.place, v)
        if day is not None:
            yield ("vd", v, day)
    if day is not None:
        if m.place:
            yield ("pd", m.place, day)
        for c in countries:
            yield ("cd", c, day)


def _related_types(kind: str, rules: Rules) -> Iterator[tuple[str, bool]]:
    """Types a mention of `kind` can match, and whether the wide sequel gap applies: any
    type ("*") on overlapping days or the same type within the same-type gap, and the
    steps that may come before or after it within the sequel gaps."""
    yield ANY_TYPE, False
    for other in sorted(set(rules.sequels.get(kind, {})) | {
            t for t, later in rules.sequels.items() if kind in later}):
        if other != kind:
            yield other, True


def candidate_pairs(items: Sequence[Mention], rules: Rules) -> Iterator[tuple[Mention, Mention]]:
    """Pairs of specific mentions from different reports that may match, via blocking keys.

    Mentions are visited in date order and looked up among the earlier ones, in buckets as
    wide as the gap allowed: the same-type gap for any type (two steps told on overlapping
    days may be one story), the sequel gap for the steps that may come before or after.
    """
    index: dict[tuple[object, ...], list[Mention]] = {}
    for m in sorted(items, key=Mention.sort_key):
        seen: set[tuple[int, int]] = set()
        for kind, wide in _related_types(m.type, rules):
            width = rules.sequel_gap_days if wide else rules.same_type_gap_days
            # a month-precise date spans up to 31 days before the gap starts counting
            buckets = range(m.lo // width - 2 - 31 // width, m.lo // width + 1)
            for key in _keys(m, rules, query=True):
                for b in buckets:
                    for other in index.get((*key, kind, wide, b), ()):
                        ident = (other.doc, other.index)
                        if other.doc != m.doc and ident not in seen:
                            seen.add(ident)
                            yield other, m
        # every bucket the mention's days span: an undated step reaches weeks back
        near = range(m.lo // rules.same_type_gap_days, m.hi // rules.same_type_gap_days + 1)
        far = range(m.lo // rules.sequel_gap_days, m.hi // rules.sequel_gap_days + 1)
        for key in _keys(m, rules, query=False):
            for b in near:
                index.setdefault((*key, ANY_TYPE, False, b), []).append(m)
            for b in far:
                index.setdefault((*key, m.type, True, b), []).append(m)
