"""Who an event predicate is about, from the case particles of Korean and Japanese:
the voice of the predicate (an active "체포했다", "逮捕した" is about its object, a
passive "체포됐다", "逮捕された" about its subject), the case of the noun phrase a count
belongs to, and how many people a coordinated phrase names ("한모씨와 아들 김모군")."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import load_data
from tumen.analyze.morph.base import (
    ADNOMINAL,
    AUX,
    BRACKETS,
    CASE,
    NOUN,
    OTHER,
    PUNCT,
    VERB,
    Morph,
)

SUBJECT, OBJECT, TOPIC, AGENT = "subject", "object", "topic", "agent"
# How far after a word its phrase's particle is looked for, in characters.
_PHRASE = 40


@dataclass(frozen=True)
class Roles:
    """One language's particles by role, and the words that make a voice or a person."""

    active: frozenset[str]  # light verbs of the active voice (하다, する)
    passive: frozenset[str]  # auxiliaries of the passive (れる, られる)
    cases: dict[str, str]  # particle -> subject, object, topic or agent (of a passive)
    linking: frozenset[str]  # particles inside a noun phrase (의, の) or joining two (와, と)
    joining: frozenset[str]  # the particles that join two nouns of one phrase (와, と)
    persons: frozenset[str]  # nouns that end a phrase naming one person (씨, さん, 아들)
    counters: frozenset[str] = frozenset()  # counters of people (명, 人)
    plural: frozenset[str] = frozenset()  # what makes a noun of people plural (들, たち)
    pronouns: frozenset[str] = frozenset()  # personal pronouns (그, 彼)
    # titles that name a person only as a bound noun after a name ("김모 군": the 군 of
    # the armed forces, "우리 군은", is a common noun)
    titles: frozenset[str] = frozenset()
    title_tag: str = ""

    def person(self, m: Morph | None) -> bool:
        """Whether a phrase's head noun names one person."""
        if m is None or m.form not in self.persons:
            return False
        return m.form not in self.titles or m.tag == self.title_tag


@lru_cache(maxsize=2)
def roles(lang: str) -> Roles:
    """The roles of one language (tumen/analyze/data/predicates.yaml, `roles`)."""
    data = load_data("predicates.yaml")[lang]["roles"]
    return Roles(
        active=frozenset(data["active"]),
        passive=frozenset(data["passive"]),
        cases={p: role for role in (SUBJECT, OBJECT, TOPIC, AGENT) for p in data[role]},
        linking=frozenset(data["linking"]) | frozenset(data["joining"]),
        joining=frozenset(data["joining"]),
        persons=frozenset(data["persons"]),
        counters=frozenset(data.get("counters", ())),
        plural=frozenset(data.get("plural", ())),
        pronouns=frozenset(data.get("pronouns", ())),
        titles=frozenset(data.get("titles", ())),
        title_tag=data.get("title_tag", ""),
    )


def _index(ms: Sequence[Morph], pos: int) -> int:
    """Index of the first morpheme starting at or after pos."""
    return bisect.bisect_left(ms, pos, key=_start)


def _start(m: Morph) -> int:
    return m.start


def morphs_within(ms: Sequence[Morph], start: int, end: int) -> Sequence[Morph]:
    """The morphemes starting in text[start:end]."""
    return ms[_index(ms, start) : _index(ms, end)]


def active(ms: Sequence[Morph], start: int, end: int, lang: str) -> bool:
    """Whether the predicate in text[start:end] is in the active voice: an active light
    verb ("체포하다", "送還する") with no passive auxiliary after it."""
    r = roles(lang)
    inside = morphs_within(ms, start, end)
    light = [i for i, m in enumerate(inside) if m.kind == VERB and m.form in r.active]
    if not light:
        return False
    after = inside[light[-1] + 1 :]
    return not any(m.kind in (AUX, VERB) and m.form in r.passive for m in after)


def passive(ms: Sequence[Morph], start: int, end: int, lang: str) -> bool:
    """Whether the predicate in text[start:end] is told in the passive ("발견됐다",
    "発見された")."""
    r = roles(lang)
    return any(m.kind in (AUX, VERB) and m.form in r.passive for m in morphs_within(ms, start, end))


def case_of(ms: Sequence[Morph], pos: int, lang: str) -> str | None:
    """The role of the noun phrase that the word at pos belongs to ("2名の警官が": subject),
    read from the first particle after it that does not link nouns; None if a verb or
    the clause's end comes first."""
    r = roles(lang)
    for m in ms[_index(ms, pos) : _index(ms, pos + _PHRASE)]:
        if m.kind in (NOUN, OTHER) or m.form in BRACKETS:
            continue
        if m.kind == CASE and m.form in r.linking:
            continue
        return r.cases.get(m.form) if m.kind == CASE else None
    return None


def population(ms: Sequence[Morph], j: int, lang: str) -> bool:
    """Whether the noun phrase a relative clause modifies, from ms[j], is a class of people
    the sentence then counts ("韓国入りした脱北者は合わせて3万4000人", "입국한 탈북민은
    총 3만4천명이다"): the topic, uncounted itself, with a number of people after it. A
    group counted in its own phrase ("체포된 탈북민 5명은") is the one it happened to."""
    r = roles(lang)
    while j < len(ms) and (ms[j].kind in (NOUN, OTHER) or ms[j].form in r.linking):
        if _numeral(ms[j]):
            return False
        j += 1
    if j >= len(ms) or r.cases.get(ms[j].form) != TOPIC:
        return False
    for k in range(j + 1, len(ms) - 1):
        if ms[k].kind == PUNCT and ms[k].form not in BRACKETS:
            return False
        counter = next((c for c in range(k + 1, min(k + 5, len(ms))) if _counts(ms, c, r)), 0)
        if _numeral(ms[k]) and counter:
            # the number is what is said of them ("…1万6729人。", "100名を超える"), not a
            # breakdown of the group ("13명의 여성과 2명의 남성으로")
            return counter + 1 >= len(ms) or ms[counter + 1].form not in r.linking
    return False


def _counts(ms: Sequence[Morph], c: int, r: Roles) -> bool:
    return ms[c].form in r.counters


def _numeral(m: Morph) -> bool:
    return m.form[:1].isdigit() or m.tag == "SN"


def conjuncts(
    ms: Sequence[Morph], start: int, end: int, lang: str, role: str, lone: bool = False
) -> int:
    """How many people the last phrase of the given role in text[start:end] names, when it
    joins several who are each one person ("한모씨(42)와 아들 김모군(6)이"), or with `lone`
    also when it names one ("ハンさんを"); 0 otherwise."""
    r = roles(lang)
    span = morphs_within(ms, start, end)
    marks = [i for i, m in enumerate(span) if m.kind == CASE and r.cases.get(m.form) == role]
    if not marks:
        return 0
    people, last = 0, None
    for m in reversed(span[: marks[-1]]):
        if last is None and m.form in r.plural:
            return 0  # "남성들이", "男性たちが": not one person each
        if m.kind == CASE and m.form in r.joining:
            if not r.person(last):
                return 0
            people, last = people + 1, None
        elif m.kind == CASE and m.form in r.linking and last is not None:
            continue  # what describes the person ("50代の父親", "20대의 아들")
        elif m.kind == NOUN and last is None:
            last = m
        elif (m.kind == PUNCT and m.form not in BRACKETS) or m.kind in (VERB, CASE):
            break
    if not r.person(last):
        return 0
    return people + 1 if people or lone else 0


def one_person_after(ms: Sequence[Morph], pos: int, lang: str) -> bool:
    """Whether the noun phrase from pos (the noun a participle describes) names one person
    by its head noun ("밀입국한 북한 관리가", "上陸した男は"), not a plural one."""
    r = roles(lang)
    last = None
    for m in ms[_index(ms, pos) : _index(ms, pos + _PHRASE)]:
        if m.form in r.plural:
            return False
        if m.kind == NOUN:
            last = m
        elif last is None and m.kind in (ADNOMINAL, AUX):
            continue  # the participle's own ending ("넘어간", "渡った")
        elif m.kind == CASE and m.form in r.joining:
            return False  # several people ("男性と娘")
        elif m.kind == CASE and m.form in r.linking:
            continue  # the head comes after ("北朝鮮の女性")
        elif m.kind != OTHER:
            break
    return r.person(last)


def has_role(ms: Sequence[Morph], start: int, end: int, lang: str, wanted: frozenset[str]) -> bool:
    """Whether text[start:end] holds a phrase marked with one of the wanted roles."""
    r = roles(lang)
    return any(
        m.kind == CASE and r.cases.get(m.form) in wanted for m in morphs_within(ms, start, end)
    )


def pronoun_as(
    ms: Sequence[Morph], start: int, end: int, lang: str, wanted: frozenset[str]
) -> bool:
    """Whether text[start:end] holds a personal pronoun in a wanted role ("이들은", "彼らは")."""
    r = roles(lang)
    span = morphs_within(ms, start, end)
    for i, m in enumerate(span):
        if m.kind != CASE or r.cases.get(m.form) not in wanted:
            continue
        j = i - 1
        while j >= 0 and span[j].form in r.plural:
            j -= 1
        if j >= 0 and span[j].form in r.pronouns:
            return True
    return False
