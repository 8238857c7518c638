"""English arguments of an event verb from TextBlob's chunks: the noun phrase before its
verb group (its subject, past a relative clause set off by commas) and the one after it
(its object), as offsets into the sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.verbs import Token, chunks


@dataclass(frozen=True)
class Arguments:
    """The subject and object spans of one verb group (sentence offsets), when found."""

    subject: tuple[int, int] | None
    object: tuple[int, int] | None
    passive: bool


# Chunk tags that belong to a noun phrase with what modifies it ("a refugee from the
# North and her daughter"); a bare number ("62 arrested") is tagged outside any chunk.
_NOUNISH = ("NP", "PP", "ADJP")
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})


@lru_cache(maxsize=512)
def arguments(sentence: str, head: int) -> Arguments:
    """The arguments of the verb group whose words cover sentence offset `head`."""
    tokens = chunks(sentence)
    at = next((i for i, t in enumerate(tokens) if t.start <= head < t.end), None)
    if at is None or not tokens[at].chunk.endswith("VP"):
        return Arguments(None, None, False)
    first = at
    while first > 0 and tokens[first].chunk == "I-VP":
        first -= 1
    last = at
    while last + 1 < len(tokens) and tokens[last + 1].chunk == "I-VP":
        last += 1
    words = [t.word.lower() for t in tokens[first : last + 1]]
    be = any(w in ("was", "were", "been", "be", "being", "is", "are") for w in words)
    # a bare participle after a number ("62 arrested") tells what was done to them
    bare = first > 0 and tokens[first].tag == "VBN" and tokens[first - 1].tag in ("CD", ":")
    passive = (be and tokens[at].tag in ("VBN", "VBD")) or bare
    return Arguments(_subject(tokens, first), _object(tokens, last), passive)


def _subject(tokens: Sequence[Token], first: int) -> tuple[int, int] | None:
    i = first - 1
    while i >= 0 and tokens[i].tag.startswith("RB"):
        i -= 1
    # past a relative clause set off by commas ("The family, who had left …, entered")
    if i >= 0 and tokens[i].word == ",":
        k = i - 1
        while k >= 0 and tokens[k].word != "," and tokens[k].word.lower() not in _RELATIVE:
            k -= 1
        if k >= 1 and tokens[k].word.lower() in _RELATIVE and tokens[k - 1].word == ",":
            i = k - 2
        else:
            return None
    end = i
    i = _phrase_start(tokens, i)
    # what a participle after a noun says of it ("activists helping the refugees were
    # arrested"): the subject is the noun before the participle
    participle = i >= 1 and tokens[i].chunk == "B-VP" and tokens[i].tag in ("VBG", "VBN")
    if participle and _nounish(tokens[i - 1]):
        i = _phrase_start(tokens, i - 1)
    # after a comma it may be the last item of a list or an apposition ("a family of
    # four, a father, a mother and their two children"): no phrase of its own
    if end < 0 or i == end or (i >= 0 and tokens[i].word == ","):
        return None
    return tokens[i + 1].start, tokens[end].end


def _phrase_start(tokens: Sequence[Token], i: int) -> int:
    """The index just before the noun phrase (with its prepositional phrases and
    conjuncts) that ends at token i."""
    while i >= 0 and (_nounish(tokens[i]) or (tokens[i].word.lower() == "and" and i > 0)):
        i -= 1
    return i


def _object(tokens: Sequence[Token], last: int) -> tuple[int, int] | None:
    i = last + 1
    if i >= len(tokens) or tokens[i].chunk != "B-NP":
        return None
    j = i
    while j + 1 < len(tokens) and tokens[j + 1].chunk == "I-NP":
        j += 1
    return tokens[i].start, tokens[j].end


def _nounish(t: Token) -> bool:
    return t.chunk[2:] in _NOUNISH or t.tag == "CD"
