"""Korean morphemes from kiwipiepy, and the mood of a predicate from the endings after it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tumen.analyze.morph.base import (
    ADNOMINAL,
    AUX,
    CASE,
    CONJ,
    FINAL,
    NOMINAL,
    NOUN,
    OTHER,
    PUNCT,
    VERB,
    Modality,
    Morph,
)
from tumen.analyze.morph.roles import population
from tumen.morphology import kiwi

# Kiwi's tags by what they are (https://github.com/bab2min/kiwipiepy#품사-태그).
_KINDS = {
    **dict.fromkeys(("NNG", "NNP", "NNB", "NR", "NP", "SL", "SH", "XR"), NOUN),
    **dict.fromkeys(("VV", "VA", "VX", "XSV", "XSA", "VCP", "VCN"), VERB),
    **dict.fromkeys(("JKS", "JKC", "JKG", "JKO", "JKB", "JKV", "JKQ", "JX", "JC"), CASE),
    "EC": CONJ, "ETM": ADNOMINAL, "ETN": NOMINAL, "EF": FINAL, "EP": AUX,
    **dict.fromkeys(("SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW"), PUNCT),
}
# Endings that join a verb to an auxiliary verb after it ("구금돼 있다", "되지 않았다").
_TO_AUXILIARY = frozenset({"어", "아", "여", "지", "고", "게"})
# How many morphemes after a predicate its mood is looked for.
_REACH = 8
# Lines given to Kiwi in one call: it queues at most 16 a worker thread ahead of its reader.
_QUEUED = 16


def morphs(text: str) -> Iterator[Morph]:
    """The morphemes of each line of the text, offsets into the text; a line ends in a
    break no argument is looked for across. Kiwi starts on every line when this is called,
    in its own threads; reading the morphemes waits for it."""
    lines, starts = [], []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append(line)
            starts.append(offset)
        offset += len(line) + 1
    # in calls of _QUEUED lines every line is queued now, not when the one before is read
    calls = [kiwi().tokenize(lines[i : i + _QUEUED]) for i in range(0, len(lines), _QUEUED)]
    return _read(text, starts, itertools.chain.from_iterable(calls))


def _read(text: str, starts: list[int], tokenized: Iterable[Any]) -> Iterator[Morph]:
    """Kiwi's tokens of each line as morphemes, offsets into the text, and the line break."""
    for base, tokens in zip(starts, tokenized, strict=True):
        end = -1
        for t in tokens:
            tag = t.tag.split("-")[0]  # "VV-R": a regular verb
            at = base + t.start
            if t.form == "한" and tag == "MM" and at == end:
                # a determiner stands apart: "한" written onto a noun is 하 + ᆫ ("월경한
                # 탈북자", which Kiwi reads as "one")
                yield Morph("하", VERB, "XSV", at, at + t.len)
                yield Morph("ᆫ", ADNOMINAL, "ETM", at, at + t.len)
            else:
                yield Morph(t.form, _KINDS.get(tag, OTHER), tag, at, at + t.len)
            end = at + t.len
        end = text.find("\n", base)
        if end >= 0:
            yield Morph("\n", PUNCT, "line", end, end + 1)


def _after_particles(ms: Sequence[Morph], j: int) -> Morph | None:
    """The morpheme at j, or after the topic particles there ("넘겨지지는 않았다")."""
    while j < len(ms) and ms[j].tag == "JX":
        j += 1
    return ms[j] if j < len(ms) else None


def mood(ms: Sequence[Morph], k: int, mod: Modality) -> str | None:
    """Why the predicate ending before ms[k] did not happen, from its endings; None if it did."""
    for j in range(k, min(len(ms), k + _REACH)):
        t = ms[j]
        nxt = _after_particles(ms, j + 1)
        if t.kind == ADNOMINAL:
            # "…구속되는 등": one of the facts listed, not what is to come nor a state
            if nxt is not None and nxt.form in mod.listing:
                return None
            if t.form in mod.prospective:
                return "irrealis"
            if population(ms, j + 1, "ko"):
                return "population"
            return "topic" if nxt is not None and nxt.form in mod.nouns else "adnominal"
        if t.kind == NOMINAL and t.form in mod.nominaliser:
            return "irrealis"
        if t.kind == AUX and t.form in mod.future:
            return "irrealis"
        if t.kind == CONJ:
            if t.form in mod.question:
                return "question"  # "입국했는지": asked, not told
            if t.form in mod.conditional:
                return "conditional"
            if nxt is None or nxt.tag != "VX" or t.form not in _TO_AUXILIARY:
                return None
        elif t.tag == "VX":
            if t.form in mod.negation:
                return "negated"
            if t.form in mod.state:
                # "오고 있다": on the way (of a verb itself), not "들어와 있다": there now
                return "ongoing" if ms[j - 1].form == "고" else "state"
        elif t.tag == "JX" and nxt is not None and nxt.tag == "VX":
            continue
        elif t.kind in (FINAL, PUNCT, CASE, NOUN):
            return "topic" if t.kind == NOUN and t.form in mod.nouns else None
    return None
