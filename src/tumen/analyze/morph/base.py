"""Morphemes, predicates and the lexicon shared by the Korean and Japanese readers."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# What a morpheme is, in terms both analysers' tags map to.
NOUN, VERB, AUX, CASE, CONJ, ADNOMINAL, NOMINAL, FINAL, PUNCT, OTHER = (
    "noun", "verb", "aux", "case", "conj", "adnominal", "nominal", "final", "punct", "other"
)
# How far back a predicate looks for the argument it needs, in morphemes.
ARGUMENT_REACH = 8
BRACKETS = frozenset("()（）[]「」『』")
# How far back a rescue is looked for in a predicate's sentence, in morphemes.
RESCUE_REACH = 40
SENTENCE_ENDS = frozenset({".", "。", "\n", "!", "?"})
# What may follow a verbal noun that ends its clause by itself: a comma, a full stop, an
# ellipsis or the end of a line (a headline: "脱北者3人、タイで拘束", "탈북민 10명 체포").
NOUN_CLAUSE_ENDS = frozenset({",", "、", ".", "…", "\n"})
# Conjunctions that join nouns: a verbal noun before a comma and one of them is listed with
# the nouns after it, the object of a verb to come ("強制送還、および…逮捕を止めるべきだ").
NOUN_JOINERS = frozenset({"及び", "並びに", "又は", "若しくは", "및", "또는"})
# Endings that join a verb of manner to the verb after it ("헤엄쳐 건너다", "乗って越える").
MANNER_ENDINGS = frozenset({"어", "아", "여", "て", "で"})
# Verbs of riding that say how one went even joined by -고 ("목선을 타고 들어왔다": came in
# by boat, not rode and then came)
RIDING_VERBS = frozenset({"타", "올라타"})


@dataclass(frozen=True)
class Morph:
    """One morpheme: its dictionary form, kind, the analyser's tag, offsets in the text."""

    form: str
    kind: str
    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Predicate:
    """An event predicate: its type, offsets (argument included) and mood; a mood
    ("irrealis", "conditional", "negated", "state", "topic", "attempt", "nonpast") says
    it did not happen as told."""

    type: str
    start: int
    end: int
    mood: str | None = None
    safe: bool = False  # an arrival that counts only where a safe place is named
    sea: bool = False  # a crossing only from the sea into South Korea or Japan
    killing: bool = False  # a verb of killing: in the active voice, its subject did it


@dataclass(frozen=True)
class Entry:
    """A lexical item: the event type, the argument it needs (or takes into its span when
    `optional`: "중국으로 추방", the receiving side), and whether it names a state as
    well as an act ("구금된 탈북민": held, not arrested, in the text's time)."""

    type: str
    cases: frozenset[str] = frozenset()
    args: tuple[str, ...] = ()
    optional: bool = False
    stative: bool = False
    safe: bool = False
    unrescued: bool = False  # not when its sentence tells a rescue ("구출돼 태국에 도착")
    # found or washed ashore ("発見された", "漂着した"): a crossing where the sea route and
    # a place of South Korea or Japan are named before it
    sea: bool = False
    # a verb of killing ("殺害する", "살해하다"): told in the active voice, who died are its
    # object and who killed them its subject
    killing: bool = False


@dataclass(frozen=True)
class Modality:
    """Morphemes after a predicate that make it no event, by what they mean."""

    prospective: frozenset[str]
    nominaliser: frozenset[str]
    conditional: frozenset[str]
    negation: frozenset[str]
    future: frozenset[str]
    state: frozenset[str]
    nouns: frozenset[str]
    hearsay: frozenset[str]
    listing: frozenset[str] = frozenset()  # nouns after which a form lists facts ("등")
    question: frozenset[str] = frozenset()  # endings of an open question ("했는지", "したか")


@dataclass(frozen=True)
class Lexicon:
    """One language's predicates, light verbs and modality."""

    light_verbs: frozenset[str]
    happen_verbs: frozenset[str]
    nouns: dict[str, tuple[Entry, ...]]
    verbs: dict[str, tuple[Entry, ...]]
    modality: Modality
    rescue: frozenset[str] = frozenset()  # words that tell a rescue ("구출", "無事")

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicon:
        """A lexicon from its part of predicates.yaml."""
        mod = data["modality"]
        return cls(
            light_verbs=frozenset(data["light_verbs"]),
            happen_verbs=frozenset(data["happen_verbs"]),
            nouns={k: _entries(v) for k, v in data["nouns"].items()},
            verbs={k: _entries(v) for k, v in data["verbs"].items()},
            modality=Modality(**{k: frozenset(v or ()) for k, v in mod.items()}),
            rescue=frozenset(data.get("rescue", ())),
        )

    def noun(self, run: str) -> tuple[Entry, ...]:
        """The entries of the verbal noun a noun run ends in ("강제북송" -> 북송)."""
        for size in range(min(len(run), 4), 1, -1):
            entries = self.nouns.get(run[-size:])
            if entries:
                return entries
        return ()


def _entries(raw: str | dict[str, Any] | list[Any]) -> tuple[Entry, ...]:
    """One lexical item's readings, tried in order (the first whose argument is found)."""
    if isinstance(raw, list):
        return tuple(e for item in raw for e in _entries(item))
    if isinstance(raw, str):
        return (Entry(raw),)
    return (
        Entry(
            str(raw["type"]),
            frozenset(raw.get("cases", ())),
            tuple(str(a).lower() for a in raw.get("args", ())),
            bool(raw.get("optional", False)),
            bool(raw.get("stative", False)),
            bool(raw.get("safe", False)),
            bool(raw.get("unrescued", False)),
            bool(raw.get("sea", False)),
            bool(raw.get("killing", False)),
        ),
    )


Mood = Callable[[Sequence[Morph], int, Modality], str | None]


def find_predicates(ms: Sequence[Morph], lex: Lexicon, mood: Mood) -> Iterator[Predicate]:
    """Each verbal noun with its light verb, each listed verb, with the argument it needs."""
    for i, m in enumerate(ms):
        if m.kind == NOUN:
            entries, head = _noun_predicate(ms, i, lex)
        elif m.kind == VERB and m.form in lex.verbs and not _light(ms, i, lex):
            entries, head = lex.verbs[m.form], i
        else:
            continue
        for entry in entries:
            if entry.unrescued and _rescued(ms, i, lex):
                continue
            start = _argument(ms, i, entry) if entry.args else m.start
            if start is None and entry.args and m.kind == NOUN:
                start = _compound(ms, i, entry)
            if start is None and entry.optional:
                start = m.start
            if start is None:
                continue
            end = chain_end(ms, head)
            said = mood(ms, end + 1, lex.modality)
            # a verb told as going on ("한국으로 오고 있다": on the way, README: "left for South
            # Korea is not yet reaching it") did not happen yet; a verbal noun so told
            # ("보호되고 있다", "구금되고 있다") is in that state, as after -어 있다
            if said == "ongoing":
                said = "state" if m.kind == NOUN else "ongoing"
            # held (now or then) is a state of an arrest; of anything else a perfect
            if said == "state" and entry.type != "arrest":
                said = None
            if said == "habitual" and entry.type == "arrest":
                said = "state"
            if said == "adnominal":
                said = "state" if entry.stative else None
            yield Predicate(
                entry.type, start, ms[end].end, said, entry.safe, entry.sea, entry.killing
            )
            break


def _rescued(ms: Sequence[Morph], i: int, lex: Lexicon) -> bool:
    """Whether the sentence before the predicate at i tells a rescue ("구출돼 … 도착했다")."""
    for j in range(i - 1, max(-1, i - 1 - RESCUE_REACH), -1):
        if ms[j].form in SENTENCE_ENDS:
            return False
        if ms[j].form in lex.rescue:
            return True
    return False


def _light(ms: Sequence[Morph], i: int, lex: Lexicon) -> bool:
    """Whether the verb at i makes the noun just before it a verb (체포 + 당하다)."""
    return ms[i].form in lex.light_verbs and i > 0 and ms[i - 1].kind == NOUN


def _noun_predicate(ms: Sequence[Morph], i: int, lex: Lexicon) -> tuple[tuple[Entry, ...], int]:
    """A verbal noun at the end of its noun run, made a verb by the next morpheme
    ("체포되다", "送還される") or the subject of a verb of happening ("북송이 이뤄졌다")."""
    nxt = ms[i + 1] if i + 1 < len(ms) else Morph("\n", PUNCT, "line", ms[i].end, ms[i].end)
    if nxt.kind == NOUN:
        return (), i
    run = ms[i].form
    j = i - 1
    while j >= 0 and ms[j].kind == NOUN and len(run) < 8:
        run = ms[j].form + run
        j -= 1
    entries = lex.noun(run) or lex.noun(ms[i].form)
    if not entries:
        return (), i
    if nxt.kind == VERB and nxt.form in lex.light_verbs:
        return entries, i + 1
    # a clause's or a headline's last word, with no verb after it ("베트남으로 진입, 라오스로
    # 향하던 중", "脱北者3人、タイで拘束　支援団体が発表"): the noun tells what happened (a
    # return the report says was asked for is dropped at event level, events.yaml
    # voluntary_return)
    if (nxt.kind == PUNCT and nxt.form in NOUN_CLAUSE_ENDS) or nxt.form.isspace():
        listed = i + 2 < len(ms) and ms[i + 2].form in NOUN_JOINERS
        return ((), i) if listed and not _list_made_verb(ms, i + 3, lex) else (entries, i)
    if nxt.kind == CASE and i + 2 < len(ms) and ms[i + 2].form in lex.happen_verbs:
        head = i + 2
        after = ms[head + 1] if head + 1 < len(ms) else None
        light = after is not None and after.kind == VERB and after.form in lex.light_verbs
        return entries, head + 1 if light else head
    return (), i


def _list_made_verb(ms: Sequence[Morph], j: int, lex: Lexicon) -> bool:
    """Whether the nouns listed from j end in a light verb: the list is what was done
    ("拘束、および強制送還した"), not another verb's object ("送還、および逮捕を止める")."""
    while j < len(ms) and ms[j].kind == NOUN:
        j += 1
    return j < len(ms) and ms[j].kind == VERB and ms[j].form in lex.light_verbs


def _argument(ms: Sequence[Morph], i: int, entry: Entry) -> int | None:
    """Start of the argument the predicate at i needs, looking back within its clause."""
    for j in range(i - 1, max(-1, i - 1 - ARGUMENT_REACH), -1):
        m = ms[j]
        if m.kind == FINAL or (m.kind == PUNCT and m.form not in BRACKETS):
            return None
        # words before another verb are its own ("중국 공안에 붙잡혀 북송됐다"), unless
        # that verb only says how ("두만강을 헤엄쳐 건넜다", "NLLを漁船に乗って越えた")
        if m.kind == VERB and (entry.optional or not manner(ms, j)):
            return None
        if m.kind == CASE and m.form in entry.cases:
            start = _noun_run(ms, j - 1, entry)
            if start is not None:
                return start
    return None


def _compound(ms: Sequence[Morph], i: int, entry: Entry) -> int | None:
    """Start of the argument a verbal noun is compounded with, no particle between them
    ("韓国入りした", "한국입국 후"); a noun run of an argument only, not "*"."""
    if i == 0 or ms[i - 1].kind != NOUN or ms[i - 1].end != ms[i].start or "*" in entry.args:
        return None
    return _noun_run(ms, i - 1, entry)


def manner(ms: Sequence[Morph], j: int) -> bool:
    """Whether the verb at j is joined to the next one as its manner (-어/-아, -て; a verb
    of riding by -고 too)."""
    nxt = ms[j + 1] if j + 1 < len(ms) else None
    if nxt is None or nxt.kind != CONJ:
        return False
    return nxt.form in MANNER_ENDINGS or (nxt.form == "고" and ms[j].form in RIDING_VERBS)


def _noun_run(ms: Sequence[Morph], k: int, entry: Entry) -> int | None:
    """Start of the noun run ending at k (a bracketed gloss skipped) if it ends in one of
    the entry's arguments ("중국 공안", "北方限界線(NLL)"; "*": any). An arrival's span
    starts at the run's last noun: in "한국대사관", "日本総領事館" the country names the
    mission, not where it stands."""
    while k >= 0 and ms[k].form in BRACKETS:
        k -= 1
    if k < 0 or ms[k].kind != NOUN:
        return None
    if entry.type == "reached_safety":
        last = ms[k].start
    run, start = "", None
    while k >= 0 and (ms[k].kind == NOUN or ms[k].form in BRACKETS) and len(run) < 12:
        run = ms[k].form + run
        start = ms[k].start
        k -= 1
    stripped = "".join(c for c in run if c not in BRACKETS).lower()
    if not ("*" in entry.args or any(stripped.endswith(a) for a in entry.args)):
        return None
    return last if entry.type == "reached_safety" else start


def chain_end(ms: Sequence[Morph], head: int) -> int:
    """The head and the voice auxiliaries after it (passive, causative)."""
    end = head
    while end + 1 < len(ms) and ms[end + 1].kind == AUX and ms[end + 1].tag.startswith("voice"):
        end += 1
    return end
