"""Arguments of an event: its date and how many people it is about, from the words around it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache, partial

from tumen.analyze.events.base import FULL_STOPS, Mentions, Trigger, lang_key, load_rules
from tumen.analyze.events.phrases import arguments
from tumen.analyze.events.triggers import clause_spans
from tumen.analyze.gazetteer import find_organisations, find_places, load_data
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.morph import morphs
from tumen.analyze.morph.roles import (
    AGENT,
    OBJECT,
    SUBJECT,
    TOPIC,
    active,
    case_of,
    conjuncts,
    has_role,
    one_person_after,
    passive,
)
from tumen.analyze.numbers import Count, bare_subject_count, is_people_noun, number_value
from tumen.analyze.sentences import Sentence
from tumen.analyze.verbs import chunks, said_before


def free_spans(
    sent: Sentence, trig: Trigger, triggers: list[Trigger], m: Mentions
) -> list[tuple[int, int]]:
    """The trigger's zone first, then clauses of its sentence that hold no trigger (in the
    part of it that semicolons set apart: each part tells its own time)."""
    rules = load_rules()
    busy = {t.clause for t in triggers}
    # (a clause break opens its clause: "; in May" starts at its semicolon)
    lo = max(sent.start, m.text.rfind(";", sent.start, trig.start))
    hi = m.text.find(";", trig.end, sent.end)
    rest = [
        c
        for c in clause_spans(sent, m, rules)
        if c not in busy and not rules.attribution.match(m.text, c[0], c[1])
        and lo <= c[0] and (hi < 0 or c[0] < hi)
    ]
    # What follows a participle closing its clause belongs to the next verb.
    last = {t.clause: t for t in triggers}
    rest += [(t.end, t.clause[1]) for t in last.values() if t.attributive and t is not trig]
    return [trig.zone, *rest]


def pick_date(
    spans: list[tuple[int, int]],
    trig: Trigger,
    m: Mentions,
    sent: Sentence,
    not_this: list[tuple[int, int]] | None = None,
) -> str | None:
    """The date of the trigger's event: the most precise, then the nearest, of the first
    span holding one; none in `not_this` (another step's) or of a saying."""
    said = None
    if m.lang == "en":
        # English dates the verb after it ("arrested in China this month").
        spans = [(trig.start, spans[0][1]), *spans]
        # a date after a verb of saying before the trigger is the saying's
        said = partial(said_before, sent.text, verb=trig.start - sent.start)
    for span in spans:
        found = [
            d for d in m.dates_in(span)
            if not (d.reporting or (said and sent.start <= d.start and said(d.start - sent.start)))
            and not any(lo <= d.start < hi for lo, hi in not_this or ())
        ]
        if found:
            best = max(found, key=lambda d: (d.precision, -abs(d.start - trig.start)))
            return best.value
    return None


def _pick_count(
    spans: list[tuple[int, int]], m: Mentions, agents: frozenset[int] = frozenset()
) -> int | None:
    # Korean and Japanese put the verb last: of the counts before it in its own zone the
    # nearest is its subject or object ("탈북민 이모씨는 ... 일행 15명이 체포된").
    nearest = m.lang in MORPH_LANGUAGES
    for n, span in enumerate(spans):
        found = [
            c for c in m.counts_in(span)
            if not (c.subset or c.companion or c.helpers or c.start in agents)
        ]
        if found:
            return (_head_of_coordination(found, m) if nearest and n == 0 else found[0]).value
    return None


def _head_of_coordination(found: list[Count], m: Mentions) -> Count:
    """The nearest count before the verb, or the first of the groups it is joined to
    ("탈북민 6명과 현지 조력자 2명이 체포돼": the six the report is about)."""
    rules = load_rules()
    pick = found[-1]
    for c in reversed(found[:-1]):
        if not rules.joined_count.fullmatch(m.text, c.end, pick.start):
            break
        pick = c
    return pick


def count_people(
    trig: Trigger,
    triggers: list[Trigger],
    spans: list[tuple[int, int]],
    m: Mentions,
    vulnerable: set[str],
    sent: Sentence,
) -> tuple[int | None, bool]:
    """How many people the event is about, and whether they are an uncounted other group."""
    rules = load_rules()
    key = lang_key(m.lang)
    before = [t.end for t in triggers if t.clause == trig.clause and t.end <= trig.start]
    # The subject between the verb before and this one ("drowned and a third was pulled").
    gap = (max(before, default=trig.clause[0]), trig.start)
    agents, named = _agents_and_named(trig, m)
    whole, people = _whole_after_participle(trig, m)
    if whole and people is None:
        return None, True
    if people is None and key == "en":
        people = _english_patient(trig, m, sent) or _subject_before(trig, gap, m)
    if people is None:
        # Korean and Japanese put a verb after its arguments: a count after a verb that
        # ends its clause belongs to the next one ("捕まり、うち30人は…渡された").
        final = m.lang in MORPH_LANGUAGES and not trig.attributive
        after = [] if final else [(trig.end, trig.clause[1])]
        people = _pick_count([spans[0], *after, gap, *spans[1:]], m, agents)
    # a phrase joining several people outnumbers the one person its last name counts
    # ("한모씨(42)와 아들 김모군(6)이": two, not the one 김모군 is)
    if named and (people is None or people == 1):
        people = named
    subject = m.text[trig.clause[0] : trig.start]
    if people is None and rules.plural[key].search(m.text, gap[0], gap[1]):
        return None, True
    pointer = rules.group_subject.search(subject) if key == "en" else None
    if people is None and pointer is not None:
        people = _antecedent(trig.clause[0], m, noun=_head_noun(pointer.group(1)))
    if people is None and key == "en":
        people = bare_subject_count(m.text, trig.clause[0])
    if people is None and m.lang in MORPH_LANGUAGES:
        people = _dropped_subject(trig, m, sent)
    finder = m.lang in MORPH_LANGUAGES and _found_by_subject(trig, m)
    if people is None and not finder and _lone_subject(subject, rules.singular[key], key):
        people = 1
        if rules.woman_subject.search(subject):
            vulnerable.add("woman")
    if people is not None:
        people += sum(c.value for c in m.counts_in(trig.clause) if c.companion)
    return people, False


# How far after a participle its noun's count may come ("들어온 북한 주민 4명")
_HEAD_REACH = 12


@dataclass(frozen=True)
class _Attach:
    part_taken: re.Pattern[str]
    uncounted_head: re.Pattern[str]
    total_before: re.Pattern[str]
    total_after: re.Pattern[str]
    en_points_back: re.Pattern[str]
    en_one_person: re.Pattern[str]
    found: re.Pattern[str]


@lru_cache(maxsize=1)
def _attach() -> _Attach:
    """The rules of tumen/analyze/data/counts.yaml."""
    data = load_data("counts.yaml")
    part = data["part_taken"]
    return _Attach(
        part_taken=re.compile(part),
        # a participle's noun that names no count before a part is taken from it ("붙잡힌
        # 탈북민 가운데", "拘束された脱北者のうち"): words only, no count, no clause break
        uncounted_head=re.compile(rf"\s*[^\d\s.。,、]{{1,10}}?(?={part})"),
        total_before=re.compile(data["total_before"]),
        total_after=re.compile(data["total_after"]),
        en_points_back=re.compile(data["en_points_back"]),
        en_one_person=re.compile(data["en_one_person"]),
        found=re.compile(data["found"]),
    )


def whole_group(span: tuple[int, int], m: Mentions) -> int | None:
    """The first count in text[span] that parts are then taken from ("4人の乗組員のうち、
    2人は…", "4명 가운데 2명은"): the whole group the sentence goes on to divide."""
    rules = _attach()
    for c in m.counts_in(span):
        if rules.part_taken.match(m.text, c.end) or rules.uncounted_head.match(m.text, c.end):
            return c.value
    return None


def _whole_after_participle(trig: Trigger, m: Mentions) -> tuple[bool, int | None]:
    """A Korean or Japanese participle tells of the whole group its noun counts, even when
    a part is taken from it next ("목선을 타고 들어온 북한 주민 4명 가운데 2명이 돌아갔다":
    four came in, two went back); a whole its noun leaves uncounted ("붙잡힌 탈북민 가운데
    1명이 풀려났다", "拘束された脱北者のうち2人"): the part's count is not the event's.
    (whether the participle's noun decides, and the count it gives)"""
    if not trig.attributive:
        return False, None
    for c in m.counts_in((trig.end, trig.end + _HEAD_REACH + 1)):
        if not any(x in m.text[trig.end : c.start] for x in ".。,、"):
            if c.subset and _attach().part_taken.match(m.text, c.end):
                return True, c.value
            break
    return bool(_attach().uncounted_head.match(m.text, trig.end)), None


def _antecedent(
    before: int, m: Mentions, plural: bool = False, noun: str | None = None
) -> int | None:
    """The group a subject like "they" points back to: the last count of the two sentences
    before the clause (a part or a companion is no group of its own; a plural phrase
    points to no one person); for a phrase with its own noun ("the defectors"), else the
    last group counted with that noun anywhere before ("nine young defectors ... detaining
    the defectors")."""
    starts = [s.start for s in m.sentences if s.start <= before]
    lo = starts[-3] if len(starts) >= 3 else 0
    groups = [
        c
        for c in m.counts
        if c.start < before and not (c.subset or c.companion or (plural and c.value == 1))
    ]
    found = [c for c in groups if lo <= c.start]
    if not found and noun:
        found = [c for c in groups if _HEAD.search(m.text[c.start : c.end]) is not None
                 and m.text[c.start : c.end].lower().rstrip("s").endswith(noun)]
    return found[-1].value if found else None


# The noun a count's phrase ends in (its head).
_HEAD = re.compile(r"[A-Za-z]{3,}$")


def _head_noun(phrase: str) -> str | None:
    """The head noun of a definite phrase ("the young defectors" -> "defector")."""
    words = phrase.split()
    if len(words) < 2 or words[0].lower() != "the":
        return None
    return words[-1].lower().rstrip("s")


# Between an English subject and its passive verb: an auxiliary, an adverb ("five of whom
# were later deported").
_TO_VERB = re.compile(r"(?i)\s*(?:(?:were|was|had|have|has|been|being|all|later|then|also)\s+)*$")


def _subject_before(trig: Trigger, gap: tuple[int, int], m: Mentions) -> int | None:
    """The count right before an English verb, but for its auxiliaries, is its subject,
    also after another count of the sentence ("detained 12 ..., five of whom were
    deported": five)."""
    found = [c for c in m.counts_in(gap) if not c.companion]
    if found and _TO_VERB.fullmatch(m.text, found[-1].end, trig.start):
        return found[-1].value
    # a bare number after the phrase that names the whole ("Of the 12 held, five were …")
    cut = m.text.rfind(",", gap[0], trig.start)
    if cut < 0:
        return None
    words = m.text[cut + 1 : trig.start]
    return bare_subject_count(m.text, cut + 1 + len(words) - len(words.lstrip(" ")))


def _english_patient(trig: Trigger, m: Mentions, sent: Sentence) -> int | None:
    """English: how many the phrase the event is about counts (the object of an active
    arrest or return, else the subject, from the chunker): its count or bare number ("62
    arrested on October 26"), the group it points back to ("the refugees", "The family,
    who …, entered"), or the people it joins ("a defector and her son were found")."""
    args = arguments(sent.text, trig.start - sent.start)
    acts = trig.type in _DONE_TO and not args.passive and args.object is not None
    span = args.object if acts else args.subject
    if span is None:
        return None
    lo, hi = sent.start + span[0], sent.start + span[1]
    joined = _conjuncts(lo, hi, m)
    if joined is not None:
        return joined
    found = [c for c in m.counts_in((lo, hi)) if not (c.subset or c.companion)]
    if found:
        return found[0].value
    phrase = m.text[lo:hi]
    bare = _opening_number(sent.text, span)
    if bare is not None:
        return bare
    if _attach().en_points_back.match(phrase):
        return _antecedent(lo, m, plural=True, noun=_head_noun(phrase))
    return None


def _opening_number(sentence: str, span: tuple[int, int]) -> int | None:
    """The number that opens a phrase alone ("62 arrested", "the detained 10") or before
    its head noun of people ("two South Korean church volunteers"), not of days."""
    words = [t for t in chunks(sentence) if span[0] <= t.start < span[1]]
    if words and words[0].word.lower() == "the":
        words = words[1:]
    if not words or words[0].tag != "CD":
        return None
    value = number_value(words[0].word)
    # the noun phrase the number opens ends at its head noun
    # (the chunker may start a new noun chunk at an adjective: "Two South | Korean church
    # volunteers")
    rest = list(
        itertools.takewhile(
            lambda w: w.chunk in ("B-NP", "I-NP") and w.tag not in ("DT", "PRP$", "PRP"),
            words[1:],
        )
    )
    if len(words) > 1 and not (rest and is_people_noun(rest[-1].word)):
        return None
    return value


def _conjuncts(lo: int, hi: int, m: Mentions) -> int | None:
    """How many people a phrase joining several names, each counted or one person ("a
    refugee from the North and her daughter"); None unless it joins several so."""
    pieces = [p for p in re.finditer(r"[^,]+?(?=\s*(?:,|\band\b|$))", m.text[lo:hi])]
    pieces = [p for p in pieces if p.group().strip() not in ("", "and")]
    if len(pieces) < 2:
        return None
    # a count that already joins them ("two women and a boy") says how many
    for c in m.counts_in((lo, hi)):
        piece = next((p for p in pieces if lo + p.start() <= c.start < lo + p.end()), None)
        if piece is None or c.end > lo + piece.end():
            return None
    total = 0
    for p in pieces:
        start, end = lo + p.start(), lo + p.end()
        found = [c for c in m.counts_in((start, end)) if not (c.subset or c.companion)]
        words = re.sub(r"^\s*(?:and\s+)?", "", p.group())
        head = re.split(r"\s+(?:from|of|in|at|with|who)\s+", words, maxsplit=1)[0]
        if found and found[0].start - start < 4:
            total += found[0].value
        elif _attach().en_one_person.match(head.strip()):
            total += 1
        else:
            return None
    return total


def _dropped_subject(trig: Trigger, m: Mentions, sent: Sentence) -> int | None:
    """Korean and Japanese leave out a subject the sentence before named ("…は5人家族だ。
    今月初めに川を渡って脱北し"): a sentence with no phrase that could be who the event
    happened to is about the group the sentence before had as its subject or topic."""
    if trig.attributive:
        return None  # a participle is about the noun after it ("귀순한 사례는")
    ms = morphs(m.text, m.lang)
    if not sent.text.rstrip().endswith(FULL_STOPS):
        return None  # a headline leaves out its particles, not its subject
    acts = _acts_on_them(trig, m)
    wanted = frozenset({OBJECT}) if acts else frozenset({SUBJECT, TOPIC})
    if has_role(ms, sent.start, trig.start, m.lang, wanted):
        return None
    before = [s for s in m.sentences if s.end <= sent.start][-1:]
    if not before:
        return None
    found = [
        c
        for c in m.counts_in((before[0].start, before[0].end))
        if not (c.subset or c.companion)
        and case_of(ms, c.end, m.lang) not in (OBJECT, AGENT)
    ]
    if not found:
        return None
    # of several groups, only their total says who the next sentence is about
    rules = _attach()
    last = found[-1]
    total = rules.total_before.search(m.text, before[0].start, last.start) or (
        rules.total_after.match(m.text[last.end : before[0].end])
    )
    return last.value if len(found) == 1 or total else None


_DONE_TO = frozenset({"arrest", "transfer", "repatriation", "release"})


def _acts_on_them(trig: Trigger, m: Mentions) -> bool:
    """Whether the subject of a Korean or Japanese trigger did it to the people: an active
    arrest, move, return or release ("체포했다", "逮捕した"), or a find."""
    ms = morphs(m.text, m.lang)
    if trig.type in _DONE_TO:
        return active(ms, trig.start, trig.end, m.lang)
    return _found_by_subject(trig, m)


def _found_by_subject(trig: Trigger, m: Mentions) -> bool:
    """Whether a trigger is a find not told in the passive ("어민 진씨가 발견,",
    "漁船を発見した"): its subject found the people, it is not them."""
    if not _attach().found.search(m.text, trig.start, trig.end):
        return False
    return not passive(morphs(m.text, m.lang), trig.start, trig.end, m.lang)


def _agents_and_named(trig: Trigger, m: Mentions) -> tuple[frozenset[int], int | None]:
    """Korean and Japanese: the counts that are who did it ("2名の警官が ... キムさんを逮捕
    した", "경찰관 2명에게 체포됐다": not the two), and how many people its patient names
    when it joins several ("한모씨와 아들 김모군이 숨진 채": two)."""
    if m.lang not in MORPH_LANGUAGES:
        return frozenset(), None
    ms = morphs(m.text, m.lang)
    # someone arrests, moves, returns or frees them; they cross, arrive or die themselves
    acts = _acts_on_them(trig, m)
    # the doer: the subject of an active predicate, the agent of a passive one
    doer = SUBJECT if acts else AGENT
    agents = frozenset(
        c.start
        for c in m.counts_in(trig.clause)
        if case_of(ms, c.end, m.lang) == doer
    )
    # one person named as who they arrested or returned ("ハンさんを逮捕し") is one
    # as is one person named as who did it themselves ("병사가 귀순했다", "男が上陸した")
    named = conjuncts(ms, trig.clause[0], trig.start, m.lang, OBJECT if acts else SUBJECT, True)
    if not (named or acts):
        # or the topic they are ("母親と娘は…渡った")
        named = conjuncts(ms, trig.clause[0], trig.start, m.lang, TOPIC, True)
    if not named and trig.attributive and one_person_after(ms, trig.end, m.lang):
        named = 1  # a participle's noun that is one person ("밀입국한 북한 관리가")
    return agents, named or None


def _lone_subject(subject: str, rx: re.Pattern[str], key: str) -> bool:
    """Whether the subject before the verb is one person ("Kim Chol-ho", "a woman"),
    not a country or an organisation ("Vietnam deported", "UNHCR said")."""
    hit = rx.search(subject)
    if hit is None or key != "en":
        return hit is not None
    named = hit.group()
    return not (find_places(named) or find_organisations(named))
