"""Events: who was arrested, moved, returned, released, reached safety, crossed or died.

Parts import one way: base -> learned -> triggers -> phrases -> attach, place -> build -> here;
the learned argument rankers (country_ranker, dating, counts) read base and ranking (what
they share: a stored linear model and its switch), country_ranker merge too;
merge, group and ranking stand alone (group reads base)."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import replace

from tumen.analyze.events.attach import whole_group
from tumen.analyze.events.base import FULL_STOPS, Mentions, Trigger, lang_key, load_rules
from tumen.analyze.events.build import build_event, listed_again, second_groups, split_by_pairs
from tumen.analyze.events.country_ranker import rank_countries
from tumen.analyze.events.counts import rank_counts
from tumen.analyze.events.dating import rank_dates
from tumen.analyze.events.frames import refuge_country
from tumen.analyze.events.group import (
    count_aboard,
    count_the_group,
    counted_parts,
    exact_over_approximate,
    group_makeup,
    share_vulnerable,
    totals_of_parts,
)
from tumen.analyze.events.learned import learned_probability, load_tagger
from tumen.analyze.events.merge import (
    date_earlier_case,
    date_within,
    fill_gaps,
    merge_events,
    retarget,
    told_again,
    undated_into_dated,
)
from tumen.analyze.events.triggers import (
    find_triggers,
    habitual_mentions,
    hypothetical,
    learned_triggers,
    trigger_patterns,
)
from tumen.analyze.gazetteer import load_gazetteer
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.sentences import Sentence
from tumen.models import Event

__all__ = [
    "Mentions",
    "count_aboard",
    "count_the_group",
    "counted_parts",
    "date_earlier_case",
    "exact_over_approximate",
    "extract_events",
    "fill_gaps",
    "group_makeup",
    "habitual_mentions",
    "hypothetical",
    "learned_events",
    "learned_floors",
    "merge_events",
    "rank_countries",
    "rank_counts",
    "rank_dates",
    "retarget",
    "rule_triggers",
    "share_vulnerable",
    "told_again",
    "totals_of_parts",
    "trigger_patterns",
    "undated_into_dated",
    "voluntary_returns_dropped",
]


def rule_triggers(m: Mentions) -> list[list[Trigger]]:
    """Each sentence's triggers as the rules read them."""
    rules = load_rules()
    return [find_triggers(m, sent, rules) for sent in m.sentences]


def learned_events(m: Mentions, ruled: list[Event], found: list[list[Trigger]]) -> list[Event]:
    """The events of the learned tagger's triggers (events/learned.py), read as the rules'
    are, with the rules' triggers (`found`, per sentence) beside them: those of a type,
    country and date none of the rules' events (`ruled`, unmerged) has. What the rules
    found stays as it was. Only the sentences a learned trigger's events can depend on
    are read again; the rules' events of the others stand beside them as they were."""
    if load_tagger() is None:
        return []
    pairs = enumerate(zip(m.sentences, found, strict=True))
    extra = [learned_triggers(m, s, i, f) for i, (s, f) in pairs]
    if not any(extra):
        return []
    told = {(s.start, t.type) for s, ts in zip(m.sentences, extra, strict=True) for t in ts}
    both = [sorted(f + x, key=lambda t: t.start) for f, x in zip(found, extra, strict=True)]
    window = _window([i for i, x in enumerate(extra) if x], both)
    starts = {s.start for i, s in enumerate(m.sentences) if i in window}
    # (copies: what the whole text tells is read again, and may change them)
    beside = [deepcopy(e) for e in ruled if e.evidence.start not in starts]
    have = {(e.type, e.country, e.date) for e in ruled}
    return [
        e
        for e in extract_events(m, merge=False, found=both, only=window, beside=beside)
        if (e.evidence.start, e.type) in told and (e.type, e.country, e.date) not in have
    ]


def _window(rows: list[int], found: list[list[Trigger]]) -> frozenset[int]:
    """The sentences a learned trigger's events depend on: its own, the next (which may
    describe the group), and those before it back to two sentences with no trigger (an
    event carries over what the sentence just before told, which may carry over its own)."""
    out: set[int] = set()
    for i in rows:
        out.update(range(i, min(i + 2, len(found))))
        j = i
        while j > 0 and j - 1 not in out and (found[j - 1] or (j > 1 and found[j - 2])):
            j -= 1
            out.add(j)
    return frozenset(out)


def learned_floors(m: Mentions, learned: list[Event]) -> dict[int, float | None]:
    """The confidence each learned event needs (the tagger's floor, or with `product` the
    floor over its probability; None: the confidence model's threshold), by the event
    itself (its id(): a rule event told in the same words is another event)."""
    tagger = load_tagger()
    if tagger is None:
        return {}
    index = {s.start: i for i, s in enumerate(m.sentences)}
    out: dict[int, float | None] = {}
    for e in learned:
        need = tagger.floor
        i = index.get(e.evidence.start)
        if need is not None and tagger.product and i is not None:
            need /= max(learned_probability(m, m.sentences[i], i, e.type), 1e-6)
        out[id(e)] = need
    return out


def extract_events(
    m: Mentions,
    *,
    merge: bool = True,
    uncounted: list[Event] | None = None,
    found: list[list[Trigger]] | None = None,
    only: frozenset[int] | None = None,
    beside: list[Event] | None = None,
) -> list[Event]:
    """Every event in the text, with who, where and when, merged per text unless told
    not to (the caller merges a title's events after the body's); `uncounted` collects
    those about another group the text does not count ("several others died"). `found`:
    each sentence's triggers, when not the rules'; `only`: the sentences read (None:
    all), `beside`: the events of those not read, as what the whole text tells."""
    events: list[Event] = []
    prev: Event | None = None
    prev_index = -10
    if found is None:
        found = rule_triggers(m)
    for index, sent in enumerate(m.sentences):
        if only is not None and index not in only:
            continue
        triggers = found[index]
        if not triggers and prev is not None and index - prev_index == 1 and index not in m.skip:
            listed = listed_again(sent, prev, m)
            events.extend(listed)
            prev, prev_index = (listed[-1], index) if listed else (prev, prev_index)
        if not triggers or (index in m.skip and not _dated_to_the_day(sent, m)):
            continue
        built: list[Event] = []
        for trig in triggers:
            if trig.crime:
                continue
            event, other = build_event(sent, trig, triggers, m, prev, index - prev_index)
            pairs = [
                e
                for one in split_by_pairs(event, trig, m, triggers)
                for e in second_groups(one, trig, m)
            ]
            new = _direct_arrival(pairs, sent, m, trig.end)
            built.extend(new)
            if other and uncounted is not None:
                uncounted.extend(e for e in new if e.people is None)
            prev, prev_index = built[-1], index
        built = _figure_told_again(built, m, index)
        built = _custody_on_arrival(_direct_crossing(built, sent, m))
        _arrival_on_the_way(built, sent, m)
        _share_crossing_country(built)
        if index + 1 < len(found) and not found[index + 1]:
            _add_following(m.sentences[index + 1], built, m)
        events.extend(built)
    if beside:
        events = sorted(beside + events, key=lambda e: e.evidence.start)
    _released_where_held(events)
    events = _arrival_of_crossing(events, apart=m.lang != "en")
    if m.lang == "en":
        _refuge_told_before(events, m)
        events = _one_finding(_death_where_they_crossed(events))
    return merge_events(events) if merge else events


# The event types a figure for a period counts (arrivals, crossings: analyze/statistics).
_COUNTED = frozenset({"reached_safety", "border_crossing"})


def _figure_told_again(events: list[Event], m: Mentions, index: int) -> list[Event]:
    """Arrivals counted as many as the sentence before, read as a figure for a period, counts
    ("…1~3월 입국한 탈북민은 총 43명으로 집계됐다. 입국한 43명 가운데 여성은 35명"): that
    figure told again, broken down, no case."""
    if index - 1 not in m.skip:
        return events
    before = m.sentences[index - 1]
    figures = {c.value for c in m.counts_in((before.start, before.end))}
    return [e for e in events if e.type not in _COUNTED or e.people not in figures]


def _arrival_of_crossing(events: list[Event], *, apart: bool = False) -> list[Event]:
    """Safety reached in South Korea or Japan where the text tells a crossing straight into
    it (the DMZ, the sea) is that crossing told again ("crossed the DMZ on Monday ... He
    defected to the South", "海を渡って亡命した … 亡命してきた男性を救助した"): one
    border_crossing (tests/fixtures/analysis/README.md). With `apart` (Korean, Japanese)
    the arrival is one told in another sentence on the same day, and its count and place
    fill the crossing's gaps."""
    direct = load_rules().direct_countries
    crossings = [e for e in events if e.type == "border_crossing" and e.country in direct]
    kept = []
    for event in events:
        told = event.type == "reached_safety"
        same = [c for c in crossings if told and _told_again(c, event, apart)]
        if not same:
            kept.append(event)
        # (each telling of the crossing, so that they still merge as one)
        for cross in same if apart else ():
            fill_gaps(cross, event, "_arrival_of_crossing")
            cross.place = cross.place or event.place
    return kept


def _told_again(cross: Event, arrival: Event, apart: bool) -> bool:
    """Whether an arrival is the crossing told again: in its country, on its day; apart,
    in another sentence (within its own sentence a crossing's arrival was already read as
    direct or not: `_direct_arrival`, `_direct_crossing`) and on the very same day (a
    headline's undated crossing restates the body, it does not absorb its dated arrival)."""
    if cross.country != arrival.country:
        return False
    if not apart:
        return _same_date(cross, arrival)
    # (a crossing dated to its month takes in the arrival on a day of it: "7月に…港の近くで
    # 保護された" and "7月16日…警察に保護された" are one landing)
    within = cross.date is not None and date_within(arrival.date, cross.date)
    return (cross.date == arrival.date or within) and cross.evidence.start != arrival.evidence.start


def _death_where_they_crossed(events: list[Event]) -> list[Event]:
    """People killed after crossing a land border died in the country they entered, not in
    that of the guards who shot them ("walked across the frozen Yalu ... Five were shot dead
    by North Korean border guards"): with no place of its own (or only a border river), a
    death in the North or nowhere takes the one country the text's crossings entered."""
    rules = load_rules()
    entered = {e.country for e in events if e.type == "border_crossing"} - {None, "KP"}
    if len(entered) != 1 or entered & rules.direct_countries:
        return events
    country = next(iter(entered))
    return [
        replace(e, country=country)
        if e.type == "death"
        and e.country in (None, "KP")
        and (e.place is None or e.place in rules.crossing_country)
        else e
        for e in events
    ]


def _same_date(a: Event, b: Event) -> bool:
    return a.date is None or b.date is None or a.date == b.date


# A rescue: who is rescued reaches safety (tests/fixtures/analysis/README.md).
_RESCUE = re.compile(r"(?i)\brescu")


def voluntary_returns_dropped(events: list[Event], m: Mentions, head: int) -> list[Event]:
    """A text that says the people asked to go back tells a voluntary return: the return
    told in that sentence, the one a headline calls a repatriation (the title,
    text[:head], or a line of the page that ends in no full stop), and that return told
    again in another sentence (a return by the same country) are none
    (tests/fixtures/analysis/README.md)."""
    rules = load_rules()
    said = [s for s in m.sentences if rules.voluntary.search(s.text)]
    if not said:
        return events

    def told_asked(e: Event) -> bool:
        return any(s.start <= e.evidence.start < s.end for s in said)

    # (a return asked for that names no country says nothing of another countryless one)
    asked = {e.country for e in events if e.type == "repatriation" and told_asked(e)} - {None}
    return [
        e
        for e in events
        if e.type != "repatriation"
        or not (
            e.evidence.start < head
            or not e.evidence.text.rstrip().endswith(FULL_STOPS)
            or e.country in asked
            or told_asked(e)
        )
    ]


def _refuge_told_before(events: list[Event], m: Mentions) -> None:
    """Safety reached in "the consulate" of a text that placed its consulate before ("the
    South Korean consulate in Beijing"): in that country."""
    for event in events:
        if event.type == "reached_safety" and event.country is None:
            event.country = refuge_country(m, event.evidence.start)


def _released_where_held(events: list[Event]) -> None:
    """A release happens where the people were held: with no country of its own, or only
    that of who received them ("freed into the care of Japanese consular staff"),
    it takes the country of the arrest before it in the text, unless the text already
    tells of a release there."""
    safe = load_rules().safe_countries
    released = {e.country for e in events if e.type == "release"}
    held: str | None = None
    for event in events:
        if event.type == "arrest" and event.country not in (None, "KP"):
            held = event.country
        # a text that already tells the release there needs no second one
        elif (
            event.type == "release"
            and held not in released | {None}
            and event.country in {None, *safe} - {held}
        ):
            event.country, event.place = held, None


def _dated_to_the_day(sent: Sentence, m: Mentions) -> bool:
    """Whether a sentence names a day: a figure read as a statistic there is a group
    of people something happened to on that day, not a count over a period. The day it
    was said or filed ("SEOUL, Jan. 28 (Yonhap) --") is no such day."""
    return any(
        sent.start <= d.start < sent.end and d.precision == 3 and not d.reporting
        for d in m.dates
    )


def _direct_crossing(events: list[Event], sent: Sentence, m: Mentions) -> list[Event]:
    """A crossing and an arrival in the South in one sentence are one crossing into it when
    the crossing is into the South (or the North's border) or the sentence tells the way
    straight across (the DMZ, the sea); an escape that names no country, then an arrival
    ("탈북해 국내에 입국했다"), is the arrival only. Each dated to a day of its own ("one
    crossed on the 3rd, and another was rescued on the 31st"), they are two."""
    cross = next((e for e in events if e.type == "border_crossing"), None)
    safe = [e for e in events if e.type == "reached_safety" and e.country == "KR"]
    if cross is None or not safe or cross.country not in (None, "KR", "KP"):
        return events
    route = load_rules().direct_route[lang_key(m.lang)]
    if cross.country is None and not route.search(sent.text):
        return events
    arrival = safe[0]
    if None not in (cross.date, arrival.date) and cross.date != arrival.date:
        return events
    cross.country = "KR"
    cross.place = arrival.place or cross.place
    cross.date = cross.date or arrival.date
    cross.people = cross.people or arrival.people
    return [e for e in events if e is not arrival]


def _custody_on_arrival(events: list[Event]) -> list[Event]:
    """People who crossed into South Korea or Japan and were taken into custody there in
    the same sentence ("crossed the sea border and were held off Hwajin on 3 May") were
    taken into care, as a boat towed in is (tests/fixtures/analysis/README.md): no arrest,
    and the crossing takes its country, place, date and count."""
    direct = load_rules().direct_countries
    kept = []
    for event in events:
        held = event.type == "arrest" and event.country in direct
        into = (None, event.country)
        cross = next((e for e in events if e.type == "border_crossing" and e.country in into), None)
        if not held or cross is None:
            kept.append(event)
            continue
        cross.country = event.country
        cross.place = cross.place or event.place
        cross.date = cross.date or event.date
        cross.people = cross.people or event.people
    return kept


def _direct_arrival(events: list[Event], sent: Sentence, m: Mentions, end: int) -> list[Event]:
    """An arrival in South Korea or Japan across the DMZ or by sea is a border crossing
    into it ("defected to the South in Panmunjom", "reached Japan in an open boat"). Korean
    and Japanese name the way and the places of an arrival before its verb (which ends at
    `end`): what the sentence tells after it (where they were sent on) is another step."""
    rules = load_rules()
    route = rules.direct_route.get(lang_key(m.lang))
    upto = Sentence(sent.text[: end - sent.start], sent.start, end)
    # (Korean and Japanese: the way told before the verb, not in a clause after it)
    if route is None or not route.search(sent.text if m.lang == "en" else upto.text):
        return events
    for event in events:
        direct = event.type == "reached_safety" and event.country in rules.direct_countries
        if direct and (m.lang == "en" or _one_country(upto, event.country, m)):
            event.type = "border_crossing"
    return events


def _arrival_on_the_way(events: list[Event], sent: Sentence, m: Mentions) -> None:
    """An English arrival in a country people cross into on their way, told with the way
    across ("and landed in Thailand by raft"), is a border_crossing into it,
    unless the sentence tells a rescue, an asylum or a refuge."""
    rules = load_rules()
    if m.lang != "en" or not rules.transit_route.search(sent.text):
        return
    if rules.safety_words.search(sent.text) or _RESCUE.search(sent.text):
        return
    for event in events:
        if event.type == "reached_safety" and event.country in rules.transit_countries:
            event.type = "border_crossing"


def _one_country(sent: Sentence, country: str | None, m: Mentions) -> bool:
    """Whether every place the sentence names on land, but the North they came from, is in
    that country: a boat found off Japan and flown on to Seoul ("일본 앞바다에서 목선을
    타고 있다가 발견된 9명이 한국에 도착했다") crossed into Japan, not into the South."""
    gaz = load_gazetteer()
    return all(
        p.country in (None, country, "KP") or gaz.by_surface[p.text].at_sea
        for p in m.places
        if sent.start <= p.start < sent.end
    )


def _share_crossing_country(events: list[Event]) -> None:
    """Arrested after crossing into a country: arrested in that country."""
    _crossing_from_what_followed(events)
    cross = next((e for e in events if e.type == "border_crossing" and e.country), None)
    if cross is None or cross.country == "KP":
        return
    for event in events:
        if event.country is None and event.type in ("arrest", "transfer", "release", "death"):
            event.country = cross.country
            event.place = event.place or cross.place


def _crossing_from_what_followed(events: list[Event]) -> None:
    """Crossed, then arrested or sent back by a country in the same sentence ("탈북했다가
    중국 공안에 붙잡혀"): the crossing entered that country."""
    for i, cross in enumerate(events):
        if cross.type != "border_crossing" or cross.country is not None:
            continue
        after = [e.country for e in events[i + 1 :] if e.type in ("arrest", "repatriation")]
        if after and after[0] not in (None, "KP", "KR"):
            cross.country = after[0]


def _add_following(nxt: Sentence, events: list[Event], m: Mentions) -> None:
    """A sentence with no event of its own that describes the group ("a couple with two
    children") adds to it; in Korean and Japanese it also gives the day an event lacks,
    the earliest it names ("…귀순했다. 6일 새벽 …", "18일 …는 지난 6일 밤 …고 보도했다":
    what is told happened before it was reported); in English, only when it points back
    to the event and names one day ("It happened on Tuesday"). A line that ends in no full
    stop gives no day: a page's stamp ("입력 2020-05-04 10:12") is the report's date, and a
    sentence cut short does not say what its day was of."""
    extra = m.vulnerable_in((nxt.start, nxt.end))
    # in Korean and Japanese, the whole it then divides ("4人の乗組員のうち、2人は…") is the
    # group an uncounted event before it happened to
    whole = whole_group((nxt.start, nxt.end), m) if m.lang in MORPH_LANGUAGES else None
    for event in events:
        event.vulnerable = sorted(set(event.vulnerable) | set(extra))
        event.people = event.people or whole
    days = {
        d.value
        for d in m.dates
        if nxt.start <= d.start < nxt.end and d.precision == 3 and not d.reporting
    }
    if not nxt.text.rstrip().endswith(FULL_STOPS):
        return
    if m.lang in MORPH_LANGUAGES and days:
        _date_undated(events, min(days), m)
    elif m.lang == "en" and len(days) == 1 and (
        load_rules().day_anaphor.search(nxt.text) or _headline(events, m)
    ):
        _date_undated(events, days.pop(), m)


def _headline(events: list[Event], m: Mentions) -> bool:
    """Whether the events were read in a headline (a line of its own, closed by no full
    stop), which the lede after it tells again."""
    if not events:
        return False
    ev = events[0].evidence
    alone = m.text.startswith("\n", ev.end) or ev.end == len(m.text)
    return alone and not ev.text.rstrip().endswith((".", "。"))


def _date_undated(events: list[Event], day: str, m: Mentions) -> None:
    """Give the day to the events whose sentence names no time of its own."""
    for event in events:
        # a sentence that names a time of its own ("2017년 7월 이후") says when, even vaguely
        ev = event.evidence
        own = any(ev.start <= d.start < ev.end for d in m.dates)
        own = own or bool(load_rules().anaphoric_time.search(ev.text))
        if event.date is None and not own:
            event.date = day


def _one_finding(events: list[Event]) -> list[Event]:
    """The dead a text finds in one country at dates that nest ("found dead last month",
    "the bodies were found on 31 July") are one death, told again by the finding of their
    bodies: dated by the finer date, counting all of them (a body named apart from the one
    found with it is still one finding)."""
    kept: list[Event] = []
    for event in events:
        same = next((k for k in kept if _found_again(k, event)), None)
        if same is None:
            kept.append(event)
            continue
        same.people = max(same.people or 0, event.people or 0) or None
        same.date = event.date if date_within(event.date, same.date) else same.date
        same.place = same.place or event.place
    return kept


def _found_again(first: Event, event: Event) -> bool:
    """Whether a death is another telling of an earlier one in the same country."""
    return (
        first.type == event.type == "death"
        and first.country is not None
        and first.country == event.country
        and (first.date == event.date or date_within(first.date, event.date)
             or date_within(event.date, first.date))
    )

