"""A learned trigger tagger: for each word (English) or morpheme (Korean, Japanese) of a
sentence, how likely it reports each event type, from the word, its part of speech, its
neighbours and whether the rules' lexicon knows it.

Trained on the sentences labelled as stating each gold event of the study sets
(`python -m tumen.eval.train_triggers`), stored in data/event_triggers.json. It proposes
triggers where the rules propose none of that type: the rest of event extraction
(arguments, country, date, negation, confidence) treats them as any other trigger.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from tumen.analyze.events.base import Mentions, lang_key
from tumen.analyze.morph import LANGUAGES as MORPH_LANGUAGES
from tumen.analyze.morph import lexicon, morphs
from tumen.analyze.morph.base import NOUN, PUNCT, VERB, chain_end
from tumen.analyze.morph.roles import morphs_within
from tumen.analyze.sentences import Sentence

MODEL_FILE = "event_triggers.json"

# An English word as the tagger reads it (the verb groups' tokens are TextBlob's).
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# English parts of speech that may name an act, and verbs that only carry another's.
_CONTENT = frozenset({"VB", "NN", "JJ", "RB", "RP"})
_LIGHT = frozenset({"be", "have", "do"})
# Korean and Japanese morphemes read as the context of another.
_WORDS = frozenset({NOUN, VERB})


@dataclass(frozen=True)
class Token:
    """A word or morpheme of a sentence: offsets in the text and its feature names."""

    start: int
    end: int
    key: str  # the lemma or form the model knows it by
    features: tuple[str, ...]
    content: bool = True  # a word that can name an act (not "was", "the", a particle)


@dataclass(frozen=True)
class Tagger:
    """Per-type weights of each feature name, with the bias and the threshold."""

    types: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    anchors: dict[str, frozenset[str]]  # by language: words ever labelled as a trigger
    threshold: float
    # the confidence a learned event needs to be kept (the rules' events keep the
    # confidence model's threshold: that model was trained on their events only); with
    # `product`, the tagger's probability times the confidence must reach it instead
    floor: float | None = None
    product: bool = False
    # every feature's row in a matrix of weights by type (scoring sums a token's rows)
    _rows: dict[str, int] = field(init=False, repr=False, compare=False)
    _matrix: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        import numpy as np

        object.__setattr__(self, "_rows", {k: i for i, k in enumerate(self.weights)})
        matrix = np.array(list(self.weights.values()), dtype=float).reshape(-1, len(self.types))
        object.__setattr__(self, "_matrix", matrix)

    def _logits(self, toks: Sequence[Token]) -> Any:
        """Each token's logit of each type (a row per token), its rows summed at once."""
        import numpy as np

        rows = self._rows
        ids = [[rows[f] for f in t.features if f in rows] for t in toks]
        ends = np.cumsum([len(i) for i in ids])
        flat = np.fromiter((i for row in ids for i in row), dtype=np.intp, count=int(ends[-1]))
        sums = np.vstack([np.zeros(len(self.types)), np.cumsum(self._matrix[flat], axis=0)])
        return np.asarray(self.bias) + sums[ends] - sums[np.concatenate(([0], ends[:-1]))]

    def scores(self, token: Token) -> tuple[float, ...]:
        """P(type) for each type of the model."""
        return tuple(_sigmoid(float(v)) for v in self._logits([token])[0])

    def best_of(self, toks: Sequence[Token]) -> list[tuple[int, float]]:
        """Each token's type of highest probability (its index), and that probability."""
        import numpy as np

        if not toks:
            return []
        z = self._logits(toks)
        top = z.argmax(axis=1)
        high = z[np.arange(len(z)), top]
        return [(int(i), _sigmoid(float(v))) for i, v in zip(top, high, strict=True)]


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, v))))


def tagger_from_json(data: dict[str, Any]) -> Tagger:
    """A tagger from its stored form (each feature's weights by type index, those not 0)."""
    types = tuple(data["types"])
    return Tagger(
        types=types,
        bias=tuple(data["bias"]),
        weights={
            k: tuple(float(w.get(str(i), 0.0)) for i in range(len(types)))
            for k, w in data["weights"].items()
        },
        anchors={k: frozenset(v) for k, v in data["anchors"].items()},
        threshold=float(data["threshold"]),
        floor=None if data.get("floor") is None else float(data["floor"]),
        product=bool(data.get("product", False)),
    )


# the words a sentence's tokens leave out: those not anchors (None: none), those inside spans
_Which = tuple[frozenset[str] | None, Sequence[tuple[int, int, str]]]

# the tagger chosen for a block of analyses (empty: the stored one)
_CHOSEN: ContextVar[tuple[Tagger | None, ...]] = ContextVar("tumen_tagger", default=())


@contextmanager
def using_tagger(tagger: Tagger | None) -> Iterator[None]:
    """Analyse with this tagger (None: none) instead of the stored one inside the block;
    the trainer's cross-validation swaps taggers so."""
    token = _CHOSEN.set((tagger,))
    try:
        yield
    finally:
        _CHOSEN.reset(token)


@lru_cache(maxsize=1)
def _stored() -> Tagger | None:
    path = resources.files("tumen.analyze") / "data" / MODEL_FILE
    if not path.is_file():
        return None
    data = json.loads(path.read_text("utf-8"))
    return tagger_from_json(data) if data.get("enabled") else None


def load_tagger() -> Tagger | None:
    """The tagger in use: the stored one when it is switched on, else none."""
    chosen = _CHOSEN.get()
    return chosen[0] if chosen else _stored()


def tokens(
    m: Mentions,
    sent: Sentence,
    index: int,
    anchors: frozenset[str] | None = None,
    outside: Sequence[tuple[int, int, str]] = (),
) -> list[Token]:
    """The sentence's words (English) or morphemes (Korean, Japanese) with their features;
    with `anchors`, only those the model ever saw as a trigger; none that overlaps a span
    of `outside` (the rules' triggers, which the tagger leaves alone)."""
    where = "title" if index == 0 else ("lede" if index <= 2 else "body")
    lang = lang_key(m.lang)

    def told() -> tuple[str, ...]:
        return _told_with(m, sent, lang)

    if lang in MORPH_LANGUAGES:
        return _morph_tokens(m.text, sent, lang, where, (anchors, outside), told)
    return _word_tokens(sent, where, (anchors, outside), told)


def _left_out(start: int, end: int, key: str, which: _Which) -> bool:
    """Whether a word is not read: not an anchor, or inside a span left out."""
    anchors, outside = which
    return (anchors is not None and key not in anchors) or any(
        h[0] < end and start < h[1] for h in outside
    )


def _told_with(m: Mentions, sent: Sentence, lang: str) -> tuple[str, ...]:
    """What the sentence tells besides its words: a day, a date, a count, a place."""
    span = (sent.start, sent.end)
    dates = [d for d in m.dates_in(span) if not d.reporting]
    return tuple(
        f"{lang}:s={name}"
        for name, on in (
            ("day", any(d.precision == 3 for d in dates)),
            ("date", bool(dates)),
            ("count", bool(m.counts_in(span))),
            ("place", bool(m.places_in(span))),
        )
        if on
    )


def _word_tokens(
    sent: Sentence,
    where: str,
    which: _Which,
    told_with: Callable[[], tuple[str, ...]],
) -> list[Token]:
    """English: TextBlob's tokens and tags, each with its lemma."""
    anchors = which[0]
    if anchors is not None and not any(
        _lemma(w.group(), "VB") in anchors or w.group().lower() in anchors
        for w in _WORD.finditer(sent.text)
    ):
        return []
    from tumen.analyze.verbs import chunks

    toks = chunks(sent.text)
    keys = [_lemma(t.word, t.tag) for t in toks]
    at = sent.start
    picked = [
        i for i, t in enumerate(toks)
        if _WORD.match(t.word) and not _left_out(at + t.start, at + t.end, keys[i], which)
    ]
    told = told_with() if picked else ()
    out = []
    for i in picked:
        t, key = toks[i], keys[i]
        prev = keys[i - 1] if i else "<s>"
        nxt = keys[i + 1] if i + 1 < len(toks) else "</s>"
        feats = (
            f"en:w={key}", f"en:p={t.tag[:2]}", f"en:wp={key}|{t.tag}", f"en:c={t.chunk}",
            f"en:w-1={prev}", f"en:w+1={nxt}", f"en:b-={prev}|{key}", f"en:b+={key}|{nxt}",
            f"en:at={where}", f"en:atw={where}|{key}",
            f"en:p-1={toks[i - 1].tag[:2] if i else '<s>'}",
            f"en:p+1={toks[i + 1].tag[:2] if i + 1 < len(toks) else '</s>'}",
            *told,
            *{f"en:ctx={k}" for k in keys[max(0, i - 4) : i] + keys[i + 1 : i + 5]},
        )
        content = t.tag[:2] in _CONTENT and t.tag != "NNP" and key not in _LIGHT
        out.append(Token(sent.start + t.start, sent.start + t.end, key, feats, content))
    return out


@lru_cache(maxsize=8192)
def _lemma(word: str, tag: str) -> str:
    """An English word's lemma by its part of speech (lemminflect's tables)."""
    from lemminflect import getLemma

    upos = "VERB" if tag.startswith("VB") else ("NOUN" if tag.startswith("NN") else None)
    low = word.lower()
    if upos is None or tag.startswith("NNP"):
        return low
    found = getLemma(low, upos=upos)
    return found[0].lower() if found else low


def _morph_tokens(
    text: str,
    sent: Sentence,
    lang: str,
    where: str,
    which: _Which,
    told_with: Callable[[], tuple[str, ...]],
) -> list[Token]:
    """Korean, Japanese: the morphemes of the sentence, each with its neighbours and the
    lexicon's types for it."""
    ms = morphs_within(morphs(text, lang), sent.start, sent.end)
    picked = [
        i for i, mo in enumerate(ms)
        if mo.kind != PUNCT and not _left_out(mo.start, mo.end, mo.form, which)
    ]
    if not picked:
        return []
    lex = lexicon(lang)
    told = told_with()
    out = []
    for i in picked:
        mo = ms[i]
        prev = ms[i - 1].form if i else "<s>"
        nxt = ms[i + 1].form if i + 1 < len(ms) else "</s>"
        known = {e.type for e in (*lex.nouns.get(mo.form, ()), *lex.verbs.get(mo.form, ()))}
        feats = (
            f"{lang}:w={mo.form}", f"{lang}:k={mo.kind}", f"{lang}:t={mo.tag[:3]}",
            f"{lang}:w-1={prev}", f"{lang}:w+1={nxt}",
            f"{lang}:b-={prev}|{mo.form}", f"{lang}:b+={mo.form}|{nxt}",
            f"{lang}:w+2={ms[i + 2].form if i + 2 < len(ms) else '</s>'}",
            f"{lang}:at={where}", f"{lang}:atw={where}|{mo.form}",
            f"{lang}:light={nxt in lex.light_verbs}",
            *(f"{lang}:lex={t}" for t in sorted(known)),
            *told,
            *{f"{lang}:ctx={c.form}" for c in ms[max(0, i - 6) : i + 7] if c.kind in _WORDS},
        )
        out.append(Token(mo.start, mo.end, mo.form, feats, mo.kind in (NOUN, VERB)))
    return out


def learned_hits(
    m: Mentions, sent: Sentence, index: int, rule_hits: list[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """(start, end, type) of what the tagger reads as a trigger in the sentence where the
    rules read none of that type: each word over the threshold, outside every rule
    trigger, next words of one type joined."""
    text = m.text
    tagger = load_tagger()
    if tagger is None:
        return []
    key = lang_key(m.lang)
    anchors = tagger.anchors.get(key)
    if not anchors:
        return []
    ruled = {h[2] for h in rule_hits}
    found: list[tuple[int, int, str]] = []
    toks = tokens(m, sent, index, anchors, rule_hits)
    for tok, (best, p) in zip(toks, tagger.best_of(toks), strict=True):
        etype = tagger.types[best]
        if p < tagger.threshold or etype in ruled:
            continue
        last = found[-1] if found else None
        if last and last[2] == etype and not text[last[1] : tok.start].strip():
            found[-1] = (last[0], tok.end, etype)
        else:
            found.append((tok.start, tok.end, etype))
    return found if key == "en" else [h for h in found if _told(text, h, key)]


def learned_probability(m: Mentions, sent: Sentence, index: int, etype: str) -> float:
    """The tagger's highest probability of a type over the words of a sentence."""
    tagger = load_tagger()
    if tagger is None or etype not in tagger.types:
        return 0.0
    at = tagger.types.index(etype)
    toks = tokens(m, sent, index, tagger.anchors.get(lang_key(m.lang)))
    return max((tagger.scores(t)[at] for t in toks), default=0.0)


def _told(text: str, hit: tuple[int, int, str], lang: str) -> bool:
    """Korean, Japanese: whether the endings after the morpheme (and the light verb and
    voice that make it a verb) tell it as done, as the rules' predicates are read."""
    ms = morphs(text, lang)
    i = bisect.bisect_left(ms, hit[1], key=lambda x: x.end)
    if i >= len(ms):
        return True
    lex = lexicon(lang)
    end = i
    if end + 1 < len(ms) and ms[end].kind == NOUN and ms[end + 1].form in lex.light_verbs:
        end += 1
    end = chain_end(ms, end)
    if lang == "ko":
        from tumen.analyze.morph.ko import mood
    else:
        from tumen.analyze.morph.ja import mood
    said = mood(ms, end + 1, lex.modality)
    if said == "ongoing" and ms[i].kind == NOUN:
        said = "state"
    if said == "state" and hit[2] != "arrest":
        said = None
    if said == "adnominal":
        said = None
    return said is None
