"""Japanese morphemes from SudachiPy (split mode C), and the mood of a predicate from the
auxiliaries and particles after it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tumen.analyze.morph.base import (
    AUX,
    CASE,
    CONJ,
    NOUN,
    OTHER,
    PUNCT,
    SENTENCE_ENDS,
    VERB,
    Modality,
    Morph,
)
from tumen.analyze.morph.roles import population
from tumen.morphology import sudachi

_KINDS = {
    "名詞": NOUN, "代名詞": NOUN, "動詞": VERB, "助動詞": AUX, "助詞": CASE, "補助記号": PUNCT,
}
# Suffixes by what they make: a noun ("豆満江"), or a verb or adjective ("送り返されかねない").
_SUFFIXES = {"名詞的": NOUN, "動詞的": VERB, "形容詞的": VERB}
# Passive and causative auxiliaries: part of the predicate, not of its mood.
_VOICE = frozenset({"れる", "られる", "せる", "させる"})
# Verbs after て that keep the clause going ("亡命してきた", "送還されてしまった").
_ASPECT = frozenset({"来る", "仕舞う", "行く"})
# Verbs of being in a state after a continuative ("逮捕され、送還の危機にある"): the act
# before it is done.
_BEING = frozenset({"有る"})
# Sudachi's input limit is in bytes; a line longer than this is cut in pieces.
_CHUNK = 4000
_REACH = 10


def morphs(text: str) -> Iterator[Morph]:
    """The morphemes of each line of the text, offsets into the text; a line ends in a
    break no argument is looked for across."""
    tokenizer = sudachi("C")  # split mode C: compounds stay whole (強制送還)
    offset = 0
    for line in text.split("\n"):
        for cut in range(0, len(line), _CHUNK):
            piece = line[cut : cut + _CHUNK]
            if piece.strip():
                yield from _morphs(tokenizer.tokenize(piece), offset + cut)
        offset += len(line) + 1
        yield Morph("\n", PUNCT, "line", offset - 1, offset)


def _morphs(tokens: Any, base: int) -> Iterator[Morph]:
    for m in tokens:
        pos = m.part_of_speech()
        kind = _SUFFIXES.get(pos[1], OTHER) if pos[0] == "接尾辞" else _KINDS.get(pos[0], OTHER)
        form = m.normalized_form()
        if pos[1] == "接続助詞":
            kind = CONJ
        tag = f"voice|{pos[5]}" if kind == AUX and form in _VOICE else pos[5]
        yield Morph(form, kind, tag, base + m.begin(), base + m.end())


def _hearsay(ms: Sequence[Morph], j: int, mod: Modality) -> bool:
    """Whether a quotation is a rumour or a suspicion ("亡命したとの噂")."""
    while j < len(ms) and ms[j].form in ("の", "言う"):
        j += 1
    return j < len(ms) and ms[j].form in mod.hearsay


def mood(ms: Sequence[Morph], k: int, mod: Modality) -> str | None:
    """Why the predicate ending before ms[k] did not happen; None if it did. A clause that
    ends in a plain non-past form ("送還される。", "送還される脱北者") tells a plan or
    what usually happens, not a news event."""
    past = False
    last = ms[k - 1].tag
    after_te = False
    for j in range(k - 1, min(len(ms), k + _REACH)):
        t = ms[j]
        if "意志推量形" in t.tag:
            return "attempt"
        if "仮定形" in t.tag or (t.kind == CONJ and t.form in mod.conditional):
            return "conditional"
        if j < k:  # the head itself: only its form counts ("渡ろうとした")
            continue
        if t.kind == AUX:
            if t.form in mod.negation:
                return "negated"
            past = past or t.form == "た"
            last = t.tag
        elif t.kind == VERB and after_te:
            if t.form in mod.state:
                # "拘束されていた": held then; "送還している": what is done now and again;
                # "漂着しているのが見つかった": the state found then, so it had happened
                had = j + 1 < len(ms) and ms[j + 1].form == "た"
                if not had and _found_so(ms, j + 1):
                    return None
                return "state" if had else "habitual"
            if t.form not in _ASPECT:
                # "捕まって連れ戻されれば": joined to a condition, a te-form is part of it
                return None if past else _te_tense(ms, k, mod)
            after_te, last = False, t.tag
        elif t.kind == VERB and "連用形" in last:
            # a compound verb goes on with the predicate ("送り返されかねない")
            last = t.tag
        elif t.kind == CASE and t.form in mod.question:
            return "question"  # "入国したか否か": asked, not told
        elif t.kind == CASE and t.form == "と":
            return _quoted(ms, j, mod, plain=not (past or after_te) and "終止形" in last)
        elif t.kind == CASE and t.form == "は" and after_te and _denied_after(ms, j + 1, mod):
            return "negated"  # "送還してはならない": a prohibition, not what was done
        elif t.kind == CONJ and t.form in ("て", "で"):
            after_te = True
        elif t.kind == NOUN:
            if t.form in mod.nouns:
                return "topic"
            if "連体形" in last and population(ms, j, "ja"):
                return "population"
            break
        else:
            break
    if after_te and not past:
        return _te_tense(ms, k, mod)
    return _unmarked(ms, k, mod, last, past)


# Verbs and verbal nouns of finding or seeing something as it was ("…しているのが見つかった").
_FINDING = frozenset({"見付かる", "見付ける", "見つかる", "見つける", "発見", "確認", "目撃"})
# How far after "のが", "のを" the verb of finding may stand, in morphemes.
_FINDING_REACH = 8


def _found_so(ms: Sequence[Morph], j: int) -> bool:
    """Whether a clause ending before ms[j] is made a noun ("の") that a verb of finding
    in a sentence told in the past takes as its subject or object
    ("木造船が漂着しているのが見つかった", "漁船が入港しているのを住民が見つけた")."""
    if j + 1 >= len(ms) or ms[j].form != "の" or ms[j + 1].form not in ("が", "を"):
        return False
    for k in range(j + 2, min(len(ms), j + 2 + _FINDING_REACH)):
        if ms[k].form in SENTENCE_ENDS:
            return False
        if ms[k].form in _FINDING:
            return _past_after(ms, k + 1)
    return False


def _past_after(ms: Sequence[Morph], j: int) -> bool:
    """Whether the sentence from ms[j] on tells the past ("見つけ、110番した")."""
    for t in ms[j:]:
        if t.form in SENTENCE_ENDS:
            return False
        if t.kind == AUX and t.form == "た":
            return True
    return False


def _denied_after(ms: Sequence[Morph], j: int, mod: Modality) -> bool:
    """Whether the verb at j is negated right after it ("ならない", "いけない")."""
    return j + 1 < len(ms) and ms[j].kind == VERB and ms[j + 1].form in mod.negation


def _quoted(ms: Sequence[Morph], j: int, mod: Modality, plain: bool) -> str | None:
    """Why a predicate quoted by the と at ms[j] did not happen: hearsay, or a `plain`
    non-past form ("死ぬと思った", "送還されると懸念"), a thought or a forecast."""
    if _hearsay(ms, j + 1, mod):
        return "hearsay"
    return "nonpast" if plain else None


def _te_tense(ms: Sequence[Morph], k: int, mod: Modality) -> str | None:
    """The mood of a predicate in the te-form, which has none of its own: joined to a
    condition, it is part of it ("捕まって連れ戻されれば": if they are caught and sent
    back); else it happened. The condition must come before a past or a clause's end."""
    for j in range(k + 1, len(ms)):
        t = ms[j]
        if "仮定形" in t.tag or (t.kind == CONJ and t.form in mod.conditional):
            return "conditional"
        if t.form in SENTENCE_ENDS or (t.kind == AUX and t.form == "た"):
            return None
        if t.kind == PUNCT:
            return None
    return None


def _unmarked(ms: Sequence[Morph], k: int, mod: Modality, last: str, done: bool) -> str | None:
    """The mood of a predicate before ms[k] that no ending marks: None if its endings told
    it `done` (a past or a te-form), else by its last form's tag `last`."""
    # a verbal noun closing its clause tells the act as done ("ラオスに入国、…"), as in Korean
    if done or ms[k - 1].kind == NOUN:
        return None
    # a verb in its continuative form ("中国に入り、…") has the tense of the sentence it
    # goes on into: none told in the past there ("…再定住するのが一般的だ") is what usually
    # happens or is to come
    if "連用形" in last:
        return None if _already(ms, k) else _sentence_tense(ms, k, mod)
    return "nonpast"


def _already(ms: Sequence[Morph], k: int) -> bool:
    """Whether "既に" (already) stands in the clause of the predicate ending before ms[k]
    ("すでに丹東に移送され、まもなく送還される見通し": moved, whatever is to come)."""
    for t in reversed(ms[max(0, k - _REACH * 2) : k]):
        if t.kind == PUNCT:
            return False
        if t.form == "既に":
            return True
    return False


def _sentence_tense(ms: Sequence[Morph], k: int, mod: Modality) -> str | None:
    """None when the sentence from ms[k] on tells something past ("…拘束された", "…したという")
    or ends without a verb (a headline, "…韓国に亡命"), or in a state ("…暮らしている",
    "…送還の危機にある"); "nonpast" when it ends in a plain non-past form ("…するのが一般的
    だ", "…する方針だ")."""
    final: Morph | None = None
    for t in ms[k:]:
        if t.form in SENTENCE_ENDS:
            break
        if t.kind == AUX and t.form == "た":
            return None
        if t.kind in (VERB, AUX) and (t.form in mod.state or t.form in _BEING):
            return None
        if t.kind not in (PUNCT, OTHER):
            final = t
    return "nonpast" if final is not None and final.kind in (VERB, AUX) else None
