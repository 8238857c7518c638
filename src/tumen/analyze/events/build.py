"""One event built from its trigger, its sentence and the event before it."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from tumen.analyze.events.attach import count_people, free_spans, pick_date
from tumen.analyze.events.base import Mentions, Trigger, lang_key, load_rules
from tumen.analyze.events.frames import went_north
from tumen.analyze.events.place import locate, named_place
from tumen.analyze.events.triggers import coast
from tumen.analyze.gazetteer import load_gazetteer
from tumen.analyze.morph import morphs
from tumen.analyze.morph.base import ADNOMINAL, AUX, NOUN, PUNCT, VERB, Morph
from tumen.analyze.morph.roles import SUBJECT, TOPIC, case_of
from tumen.analyze.numbers import (
    Count,
    distributes,
    elliptic_counts,
    number_value,
)
from tumen.analyze.sentences import Sentence
from tumen.analyze.timex import TimeMention, days_after
from tumen.analyze.verbs import verb_groups
from tumen.models import Event, Evidence

# "who" (and its auxiliaries and adverbs) right before an English verb.
_RELATIVE_VERB = re.compile(
    r"(?i)\bwho\s+(?:(?:had|has|have|was|were|is|are|been|being|later|then|allegedly|"
    r"reportedly)\s+)*$"
)


def build_event(
    sent: Sentence,
    trig: Trigger,
    triggers: list[Trigger],
    m: Mentions,
    prev: Event | None,
    prev_gap: int,
) -> tuple[Event, bool]:
    """Fill one event from its zone, its sentence, then the event just before it; and
    whether it is about another, uncounted group ("several others died")."""
    rules = load_rules()
    key = lang_key(m.lang)
    spans = _participle_spans(trig, triggers, m, free_spans(sent, trig, triggers, m))
    zone_text = m.text[spans[0][0] : spans[0][1]]
    participle = trig.attributive or bool(rules.past_participle.match(m.text, trig.end))
    clause_text = m.text[trig.clause[0] : trig.clause[1]]
    earlier = participle or (key == "en" and bool(rules.pluperfect.search(clause_text)))
    later = bool(rules.later.search(zone_text))
    vague = bool(rules.vague_time.search(zone_text))
    event = Event(type=trig.type, evidence=Evidence(sent.text, sent.start, sent.end))
    if not vague:
        event.date = _own_date(sent, trig, triggers, m, spans, participle)
    vulnerable = set(m.vulnerable_in((sent.start, sent.end)))
    event.people, others = count_people(trig, triggers, spans, m, vulnerable, sent)
    locate(event, sent, spans, trig, m)
    if trig.type == "border_crossing" and key == "en" and went_north(m, sent, trig.start):
        # a defector's own way back north enters the North, wherever the sentence says
        # they lived before
        event.country, event.place = "KP", None
    seized = _seized_into(event, trig, m, sent)
    if seized is not None:
        event.type, event.country = "border_crossing", seized
    if prev is not None and prev_gap <= 1:
        own_date = earlier or later or vague or _later_step(
            trig, triggers, prev, (prev_gap, key == "en"), m
        )
        days = _days_after(sent, spans[0])
        own_country = event.country
        carry_over(event, prev, vulnerable, (own_date, earlier, others), (zone_text, days))
        escape = own_country is None and rules.leaves_north.search(m.text, trig.start, trig.end)
        # an escape from the North entered another country: not the North, nor the country
        # an arrival told just before it reached later ("…한국에 입국했다. …에서 일하다 탈북했다")
        if escape and (event.country == "KP" or prev.type == "reached_safety"):
            event.country = None
    if _ranged(event.people, m.counts_in((sent.start, sent.end))):
        event.people = None  # a range is no count (labelling conventions)
    event.vulnerable = sorted(vulnerable)
    return event, others


def _ranged(people: int | None, counts: list[Count]) -> bool:
    """Whether the sentence counts the event's people only as the top of a range ("50 to 60
    were sent back", "5~6명이 체포됐다")."""
    same = [c for c in counts if c.value == people]
    return bool(same) and all(c.ranged for c in same)


def _own_date(
    sent: Sentence,
    trig: Trigger,
    triggers: list[Trigger],
    m: Mentions,
    spans: list[tuple[int, int]],
    participle: bool,
) -> str | None:
    """The date an event's own words tell (its zone, or the clause before a relative)."""
    key = lang_key(m.lang)
    head = _before_relatives(trig, triggers, m)
    steps = _earlier_steps(trig, triggers, m)
    # English safety reached in a relative clause ("a family who had slipped into the
    # consulate") is dated by its own words after it, not by the clause it describes
    # the people in (of other types the date before "who" is often theirs: measured)
    own = key == "en" and trig.type == "reached_safety"
    own = own and bool(_RELATIVE_VERB.search(m.text, sent.start, trig.start))
    # (up to the next event verb: the main clause's own date is not the relative's)
    told = [(trig.start, trig.zone[1])] if own else [
        *(spans[:1] if participle else spans), *head
    ]
    if key != "en":
        steps = steps + _relative_times(trig, m, sent)
        told = _time_it_describes(trig, m) + told
    date = pick_date(told, trig, m, sent, not_this=steps)
    if date is None and key != "en":
        date = _anaphoric_date(sent, spans[0], m) or _cleft_time(trig, sent, m, steps)
    return date


def _time_it_describes(trig: Trigger, m: Mentions) -> list[tuple[int, int]]:
    """Korean and Japanese: a time right after a participle trigger is the noun its clause
    describes ("이 남성이 월남한 지난 16일", "兵士が亡命した13日"): the time it happened."""
    if not trig.attributive:
        return []
    after = next(iter(m.dates_in((trig.end, trig.end + 6))), None)
    if after is None or not _PARTICIPLE_GAP.fullmatch(m.text, trig.end, after.start):
        return []
    return [(after.start, after.end)]


# What stands between a participle trigger and the noun it describes: its ending.
_PARTICIPLE_GAP = re.compile(r"(?:던|었던|た|だ)?\s*")


def _relative_times(trig: Trigger, m: Mentions, sent: Sentence) -> list[tuple[int, int]]:
    """Korean and Japanese: the times after a trigger that a relative clause after it takes
    (a time stands before its verb: in "死亡していたのは2005年に韓国に渡った男性だった" 2005 is
    when he went, told by the verb whose adnominal form describes the noun after it)."""
    ms = morphs(m.text, m.lang)
    out = []
    for d in m.dates_in((trig.end, sent.end)):
        i = bisect.bisect_left(ms, d.end, key=lambda x: x.start)
        verb = next((j for j in range(i, len(ms)) if ms[j].kind in (VERB, PUNCT)), None)
        if verb is not None and ms[verb].kind == VERB and _adnominal(ms, verb):
            out.append((d.start, d.end))
    return out


def _adnominal(ms: Sequence[Morph], j: int) -> bool:
    """Whether the verb at ms[j] (not a copula) ends in an adnominal form before a noun
    ("입국한 여성", "逃れた女性"): a relative clause."""
    if ms[j].tag == "VCP":
        return False
    k = j + 1
    while k < len(ms) and ms[k].kind == AUX and "連体形" not in ms[k].tag:
        k += 1
    if k < len(ms) and (ms[k].kind == ADNOMINAL or "連体形" in ms[k].tag):
        k += 1
    elif "連体形" not in ms[j].tag:
        return False
    return k < len(ms) and ms[k].kind == NOUN and ms[k].tag != "NNB"


def _participle_spans(
    trig: Trigger, triggers: list[Trigger], m: Mentions, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The spans of an event, its zone first: a Korean or Japanese participle before its
    noun ("붙잡힌 탈북민", "拘束された5人") takes its date and place from the words before
    it, its people from the noun after."""
    if not trig.attributive:
        return spans
    # the words before a comma are those of a verb after it, whose clause holds this
    # one ("…には、中国に逃れた5名が逮捕された事件")
    outer = any(t.clause == trig.clause and t.start > trig.start for t in triggers)
    zs = _after_comma(m.text, trig.zone[0], trig.start) if outer else trig.zone[0]
    return [(zs, trig.end), *spans[1:]]


def _later_step(
    trig: Trigger, triggers: list[Trigger], prev: Event, gap: tuple[int, bool], m: Mentions
) -> bool:
    """Whether this event is a step of a case that comes days after the one before it
    (events.yaml later_step), told after a participle of it in this sentence ("지난해 3월
    체포됐던 탈북민이 석방됐다"), after any verb of it in an English sentence ("arrested on
    May 3 and later sent back") or in the sentence before ("…were detained in May. They were
    sent back."): the date told for that step is not this one's."""
    steps = load_rules().later_step
    prev_gap, english = gap
    if prev_gap == 1:
        return (prev.type, trig.type) in steps
    i = triggers.index(trig)
    if i == 0:
        return False
    before = triggers[i - 1]
    # English tells each step's date after its verb: one told before this verb is the
    # earlier step's ("arrested on May 3 and sent back"); one told before the earlier
    # step's verb dates both ("In March 1999 he was caught and handed back")
    told_apart = before.attributive or (
        english and trig.type in _IN_CUSTODY and not _fronted_time(before, m)
    )
    return told_apart and (before.type, trig.type) in steps


def _fronted_time(trig: Trigger, m: Mentions) -> bool:
    """Whether a time (not a report's) stands in the trigger's clause before its verb and
    after no other verb ("In March 1999 he was caught", not "fled in 1998, was caught")."""
    return any(
        not d.reporting and not verb_groups(m.text[trig.clause[0] : d.start])
        for d in m.dates_in((trig.clause[0], trig.start))
    )


# Later steps that happen to people in custody (freed, moved, sent back): English tells
# their dates apart from the arrest's.
_IN_CUSTODY = frozenset({"release", "transfer", "repatriation"})


def _earlier_steps(trig: Trigger, triggers: list[Trigger], m: Mentions) -> list[tuple[int, int]]:
    """Where an English sentence tells the date of an earlier step of the case (events.yaml
    later_step: held, then sent back): from that step's verb to this one, as English dates
    follow their verb ("arrested last month and held in Tumen, have been repatriated").
    Those dates are not this step's."""
    steps = load_rules().later_step
    if lang_key(m.lang) != "en":
        return []
    before = [t for t in triggers if t.start < trig.start and (t.type, trig.type) in steps]
    return [(before[0].end, trig.start)] if before and trig.type in _IN_CUSTODY else []


def _seized_into(event: Event, trig: Trigger, m: Mentions, sent: Sentence) -> str | None:
    """The country an arrest that is a vessel's seizure at sea ("拿捕", "나포") by the
    country it came to (South Korea, Japan) entered: that is its crossing into it, as
    taking a defector into care is no arrest. Placed in the North (the line it crossed,
    where its people came from) or nowhere, it is the country of the coast named before
    it ("東海の境界線付近の海上で…拿捕"); None if it is an arrest."""
    rules = load_rules()
    if event.type != "arrest":
        return None
    # held at sea by the country they came to: a seizure told with another verb
    # ("日本海上で拘束した", "해상에서 붙잡힌")
    held = lang_key(m.lang) != "en" and event.country in rules.seized_into
    at_sea = held and bool(rules.at_sea.search(m.text[sent.start : trig.end]))
    if not (at_sea or rules.seizure.search(m.text, trig.start, trig.end)):
        return None
    if event.country in rules.seized_into:
        return event.country
    landed = coast(m, sent.start, trig.end) if event.country in (None, "KP") else None
    return None if landed is None else landed.country


def _days_after(sent: Sentence, zone: tuple[int, int]) -> int:
    """How many days after the event before the trigger's zone says it happened, also
    where a clause break splits the words ("2日後、…逮捕された"); 0 if it does not."""
    lo, hi = zone
    for start, end, days in days_after(sent.text):
        if lo < sent.start + end and sent.start + start < hi:
            return days
    return 0


def _anaphoric_date(sent: Sentence, zone: tuple[int, int], m: Mentions) -> str | None:
    """The date "당시", "同日" point back to: the last one named before the sentence; told
    in a clause before the trigger's ("…は29日、同日午前10時ごろ兵士1人が、…越え"), the last
    one named before it in its sentence (a day told as the announcement's)."""
    rule = load_rules().anaphoric_time
    if rule.search(m.text, *zone):
        before = [d for d in m.dates if d.end <= sent.start]
    else:
        found = rule.search(m.text, sent.start, zone[0])
        at = found.start() if found else sent.start
        before = [d for d in m.dates if sent.start <= d.start and d.end <= at]
    return before[-1].value if before else None


def _cleft_time(
    trig: Trigger, sent: Sentence, m: Mentions, not_this: list[tuple[int, int]]
) -> str | None:
    """The time a Korean or Japanese cleft puts after the trigger it makes its topic
    ("…上陸したのは、5月2日朝のこと"); none in a comparison with an earlier case, nor one
    in `not_this` (a relative clause's)."""
    rules = load_rules()
    topic = rules.cleft.match(m.text, trig.end, sent.end)
    if topic is None or rules.cleft_since.search(m.text, topic.end(), sent.end):
        return None
    at = topic.end()
    told = (
        d for d in m.dates
        if at <= d.start <= at + 3 and not d.reporting and (d.start, d.end) not in not_this
    )
    return next((d.value for d in told), None)


def _after_comma(text: str, start: int, end: int) -> int:
    """Where a Korean or Japanese relative clause begins: after the last comma before its
    verb ("2017年7月には、中国に逃れた5名が…逮捕された": the date is the arrest's)."""
    cut = max(text.rfind(c, start, end) for c in "、,")
    return cut + 1 if cut >= 0 else start


def _before_relatives(
    trig: Trigger, triggers: list[Trigger], m: Mentions
) -> list[tuple[int, int]]:
    """The words before the relative clauses of the trigger's clause, set off by a comma:
    where the main verb of a Korean or Japanese sentence finds its date."""
    if lang_key(m.lang) == "en":
        return []
    first = next((t for t in triggers if t.clause == trig.clause), None)
    if first is None or first is trig or not first.attributive:
        return []
    cut = _after_comma(m.text, first.zone[0], first.start)
    return [(first.zone[0], cut)] if cut > first.zone[0] else []


def carry_over(
    event: Event,
    prev: Event,
    vulnerable: set[str],
    flags: tuple[bool, bool, bool],
    when: tuple[str, int],
) -> None:
    """Fill gaps from the event just before: same people, and its date unless told otherwise.

    flags: the event keeps its own date, happened before the one before, is another group;
    when: the trigger's zone, and how many days after the event before it says it happened.
    """
    rules = load_rules()
    own_date, earlier, others = flags
    zone, days = when
    if others:
        # Another, uncounted group ("several others died"): only the country is shared.
        event.country = event.country or prev.country
        return
    other = event.type == prev.type and event.date and prev.date and event.date != prev.date
    if not other and (event.people is None or event.people == prev.people):
        event.people = prev.people
        vulnerable.update(prev.vulnerable)
    if event.date is None and prev.date:
        if days and prev.date.count("-") == 2:
            event.date = (date.fromisoformat(prev.date) + timedelta(days=days)).isoformat()
        elif rules.next_year.search(zone):
            event.date = f"{int(prev.date[:4]) + 1:04d}"
        elif not own_date:
            event.date = prev.date
    if event.country is None:
        # What happens after a forced return happens in the North.
        after = event.type in ("release", "death", "transfer") and not earlier
        returned = prev.type == "repatriation" and after
        event.country = "KP" if returned else prev.country
        # A crossing happens at the border, not where the event before it happened; and
        # what follows a crossing does not happen in the river it crossed.
        crossing = event.type == "border_crossing" != prev.type
        river = prev.place in rules.crossing_country and event.type != prev.type
        if event.place is None and not (returned or earlier or crossing or river):
            event.place = prev.place


def split_by_pairs(
    event: Event, trig: Trigger, m: Mentions, triggers: list[Trigger] | None = None
) -> list[Event]:
    """One verb with several groups each on its own date ("returned some 500 on October 9
    and another 60 on October 10", "9명은 지난 18일, 18명은 19일에 체포됐다"): one event
    per group. The groups follow an English verb and come before a Korean or Japanese one
    (after the verb before it in the sentence, if any)."""
    english = lang_key(m.lang) == "en"
    # (a Korean or Japanese list of groups may run over commas: from the sentence's start)
    lo, hi = (trig.start, trig.zone[1]) if english else (event.evidence.start, trig.start)
    if not english:
        lo = max([lo, *(t.end for t in triggers or [] if lo <= t.end <= trig.start)])
    counts = [c for c in m.counts_in((lo, hi)) if not (c.subset or c.companion)]
    each = _each_its_own(m, counts)
    if len(each) >= 2:
        return _distribute(event, each, m.dates_in((lo, hi)), m.text)
    if not english:
        counts = _contrasted(m, lo, hi)
    elif counts:
        counts = _with_elliptic(m, counts, (lo, hi))
    dates = _own_dates(m, (lo, hi))
    if len(counts) < 2:
        return [event]
    if len(counts) != len(dates):
        return _split_by_places(event, counts, m, (lo, hi), english)
    return _paired(event, counts, dates) or [event]


def _with_elliptic(m: Mentions, counts: list[Count], span: tuple[int, int]) -> list[Count]:
    """English counts of a span with those whose noun is left out ("five ..., seven in
    Shenyang"), in order."""
    seen = {c.start for c in counts}
    more = [c for c in elliptic_counts(m.text, *span) if c.start not in seen]
    return sorted(counts + more, key=lambda c: c.start)


def _own_dates(m: Mentions, span: tuple[int, int]) -> list[TimeMention]:
    """The dates of a span that may be a group's own: a month or a day, not when it was said."""
    return [d for d in m.dates_in(span) if not d.reporting and d.precision >= 2]


def _paired(event: Event, counts: list[Count], dates: list[TimeMention]) -> list[Event]:
    """One event per count and date told in turn (count, date, count, date ... or date,
    count, date, count ...); none unless they alternate."""
    marks = sorted([(c.start, "c") for c in counts] + [(d.start, "d") for d in dates])
    kinds = [k for _, k in marks]
    if len(counts) != len(dates) or any(a == b for a, b in itertools.pairwise(kinds)):
        return []
    return _per_group(event, counts, [d.value for d in dates])


def _per_group(event: Event, counts: list[Count], dates: Sequence[str | None]) -> list[Event]:
    """The event once per group: each count with the date in the same place."""
    return [
        replace(event, people=c.value, date=d, vulnerable=list(event.vulnerable))
        for c, d in zip(counts, dates, strict=True)
    ]


def _each_its_own(m: Mentions, counts: list[Count]) -> list[Count]:
    """The counts joined by "and" that the words after them tell apart, each of its own
    group ("7명과 5명이 각각", "4人と6人がそれぞれ"): the last such run in the span."""
    ends = [i for i, c in enumerate(counts) if distributes(m.text, c.end)]
    if not ends:
        return []
    run = [counts[ends[-1]]]
    for c in reversed(counts[: ends[-1]]):
        if run[0].start - c.end > _JOINED:
            break
        run.insert(0, c)
    return run


# How far apart two counts joined by "and" may be ("7명과 5명", "four and six").
_JOINED = 6


def _distribute(
    event: Event, counts: list[Count], told: list[TimeMention], text: str
) -> list[Event]:
    """One event per group of a distributive list, paired in order with as many dates
    ("9일과 12일에 7명과 5명이 각각") or all on the one date told. A date joined to a time
    not read as one ("주말과 12일에 7명과 5명이 각각": the weekend) leaves unknown which
    date is whose: then the event keeps the count of its own."""
    own = [d for d in told if not d.reporting]
    dates: list[str | None] = [d.value for d in own]
    if len(own) == 1 and not _JOINED_TIME.search(text, max(0, own[0].start - 4), own[0].start):
        dates = [event.date] * len(counts)
    if len(dates) != len(counts):
        return [event]
    return _per_group(event, counts, dates)


# A date joined to a time before it ("주말과 12일", "週末と12日", "the weekend and the 12th").
_JOINED_TIME = re.compile(r"(?:과|와|と|や|\band(?: the)?)\s*$")


def _verb_between(m: Mentions, counts: list[Count]) -> bool:
    """Whether the morphological analysis finds a verb between two of the counts."""
    gaps = [(a.end, b.start) for a, b in itertools.pairwise(counts)]
    return any(
        x.kind == VERB and any(lo <= x.start < hi for lo, hi in gaps)
        for x in morphs(m.text, m.lang)
    )


def _split_by_places(
    event: Event, counts: list[Count], m: Mentions, span: tuple[int, int], english: bool
) -> list[Event]:
    """One verb with several groups each in its own place ("detained five near Beijing,
    seven in Shenyang and ten in Yanji", "瀋陽で8人、大連で5人が"): one event per group,
    placed where its own words say (none when they name several places). Each group
    names a place of its own, after its count in English, before it in Korean and Japanese;
    else the verb is about one group. A Korean or Japanese group with a verb of its own
    before the next ("2人は中国にたどり着いたが、1人は捕まった") is not this verb's."""
    if not english and _verb_between(m, counts):
        return [event]
    if english:
        bounds = [(c.end, n) for c, n in zip(counts, [*(c.start for c in counts[1:]), span[1]],
                                             strict=True)]
    else:
        bounds = [(p, c.start) for p, c in zip([span[0], *(c.end for c in counts[:-1])], counts,
                                               strict=True)]
    out = []
    for c, bound in zip(counts, bounds, strict=True):
        places = [p for p in m.places_in(bound) if p.country]
        if not places:
            return [event]
        names = {named_place(p) for p in places}
        out.append(replace(
            event, people=c.value, place=names.pop() if len(names) == 1 else None,
            vulnerable=list(event.vulnerable),
        ))
    return out


def _contrasted(m: Mentions, lo: int, hi: int) -> list[Count]:
    """Korean and Japanese groups set side by side before one verb: each against the
    others with the topic particle ("9명은 …, 18명은 …"), parts of one group as they are
    ("이들 중 9명은"); or each its own subject, the verb left out after the first ("3日に
    6人が、9日には4人が逮捕された", "6명이, 9일에는 4명이 체포됐다")."""
    ms = morphs(m.text, m.lang)
    cased = [(c, case_of(ms, c.end, m.lang)) for c in m.counts_in((lo, hi)) if not c.companion]
    topics = [c for c, case in cased if case == TOPIC]
    if len(topics) >= 2:
        return topics
    subjects = [c for c, case in cased if case == SUBJECT and not c.subset]
    # (a subject left without its verb is closed by a comma before the next group)
    closed = all(
        _GAP.match(m.text, a.end) for a, _ in itertools.pairwise(subjects)
    )
    return subjects if closed else topics


# A subject whose verb is left out: its particle, then a comma ("6명이, …", "6人が、…").
_GAP = re.compile(r"\s*(?:이|가|が)\s*[,、]")


def second_groups(event: Event, trig: Trigger, m: Mentions) -> list[Event]:
    """The event, and one more for each group its English words add with no verb of their
    own ("arrested in Dalian along with three more in Yanji"): that group's count, place
    and country, the rest as the event's."""
    if lang_key(m.lang) != "en":
        return [event]
    out = [event]
    rx = load_rules().second_group
    for hit in rx.finditer(m.text, trig.end, trig.zone[1]):
        count = number_value(hit.group("n") or hit.group("m"))
        place = next((p for p in m.places_in((hit.end(), hit.end() + 1)) if p.country), None)
        if not count or place is None:
            continue
        fine = load_gazetteer().by_surface[place.text].rank > 1
        out.append(replace(
            event, people=count, country=place.country,
            place=place.name if fine else None, vulnerable=list(event.vulnerable),
        ))
    return out


def listed_again(sent: Sentence, prev: Event, m: Mentions) -> list[Event]:
    """A sentence with no verb of an event, right after one, that lists groups each on its
    own date ("These include 500 on October 9, 40 on September 18 and 80 on August 29",
    "8월 29일 90명, 9월 18일 40명"): more events of the type and country of the one before,
    one per group. None unless it lists two groups or more."""
    span = (sent.start, sent.end)
    counts = [c for c in m.counts_in(span) if not (c.subset or c.companion)]
    if lang_key(m.lang) == "en":
        counts = _with_elliptic(m, counts, span)
    event = Event(type=prev.type, evidence=Evidence(sent.text, *span), country=prev.country)
    pairs = _paired(event, counts, _own_dates(m, span))
    return pairs if len(pairs) >= 2 else []
