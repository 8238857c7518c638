"""A learned lexical scorer for topics: character n-grams inside words, TF-IDF weighted,
one linear scorer per topic; the words of the languages a model names (`morphemes`) are
their morphemes, the others' text is read as written (`worded`).
The vocabulary and weights are trained by `python -m tumen.eval.train_topics`
(scikit-learn's TfidfVectorizer with
analyzer="char_wb", sublinear tf, l2 norm); this module computes the same vector
without scikit-learn, so analysis does not import it."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

_SPACE = re.compile(r"\s\s+")
# The languages read as morphemes by a model file that does not say (those trained before
# the option existed).
MORPHEME_LANGS: tuple[str, ...] = ("ko", "ja")


@dataclass(frozen=True)
class NgramScorer:
    """Vocabulary (n-gram -> column, idf) and per-topic weights over those columns."""

    sizes: tuple[int, int]
    vocabulary: dict[str, int]
    idf: np.ndarray
    topics: tuple[str, ...]
    weights: np.ndarray  # columns x topics
    bias: np.ndarray
    morphemes: frozenset[str] = frozenset(MORPHEME_LANGS)

    def words(self, text: str, lang: str) -> str:
        """The text as this scorer reads it (`worded` with its morpheme languages)."""
        return worded(text, lang, self.morphemes)

    def scores(self, text: str) -> dict[str, float]:
        """Probability per topic for the text."""
        columns, values = self.vector(text)
        z = self.bias + values @ self.weights[columns]
        return {t: 1.0 / (1.0 + math.exp(-float(v))) for t, v in zip(self.topics, z, strict=True)}

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse TF-IDF vector (columns, values), l2-normalised."""
        vocab = self.vocabulary
        counts = Counter(i for g in ngrams(text, self.sizes) if (i := vocab.get(g)) is not None)
        columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[columns]
        norm = float(np.sqrt(values @ values)) or 1.0
        return columns, values / norm


def worded(text: str, lang: str, morphemes: Collection[str] = MORPHEME_LANGS) -> str:
    """The text as the scorer reads it: for a language in `morphemes`, its morphemes from
    the analysers (kiwipiepy, SudachiPy) set apart by spaces, so that n-grams stay inside
    words (Korean joins particles to nouns); any other text as written (for Japanese, which
    writes no spaces, n-grams then run across morphemes: 送還さ, 求める)."""
    if lang not in morphemes or lang not in ("ko", "ja"):
        return text
    from tumen.analyze.morph import morphs

    return " ".join(text[m.start : m.end] for m in morphs(text, lang))


def ngrams(text: str, sizes: tuple[int, int]) -> list[str]:
    """scikit-learn's char_wb n-grams of the lowercased text: each word padded with a
    space on either side, n-grams of every size in `sizes`, a short word once."""
    out: list[str] = []
    # words come round again (particles, names, 탈북민): each word's n-grams made once
    made: dict[str, list[str]] = {}
    for word in _SPACE.sub(" ", text.lower()).split():
        grams = made.get(word)
        if grams is None:
            grams = made[word] = _word_ngrams(f" {word} ", sizes)
        out.extend(grams)
    return out


def _word_ngrams(padded: str, sizes: tuple[int, int]) -> list[str]:
    """One padded word's n-grams, every size in `sizes` (the word itself once when short)."""
    low, high = sizes
    out: list[str] = []
    for n in range(low, high + 1):
        if len(padded) <= n:
            out.append(padded)
            break
        out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def scorer_from_json(data: dict[str, object]) -> NgramScorer:
    """A scorer from the `ngrams` part of the topic model file."""
    vocab: list[str] = data["vocabulary"]  # type: ignore[assignment]
    topics: dict[str, dict[str, object]] = data["topics"]  # type: ignore[assignment]
    sizes: list[int] = data["sizes"]  # type: ignore[assignment]
    morphemes: list[str] = data.get("morphemes", list(MORPHEME_LANGS))  # type: ignore[assignment]
    names = tuple(topics)
    return NgramScorer(
        sizes=(int(sizes[0]), int(sizes[1])),
        vocabulary={g: i for i, g in enumerate(vocab)},
        idf=np.asarray(data["idf"], dtype=np.float64),
        topics=names,
        weights=np.asarray([topics[t]["weights"] for t in names], dtype=np.float64).T,
        bias=np.asarray([topics[t]["bias"] for t in names], dtype=np.float64),
        morphemes=frozenset(morphemes),
    )


def scorer_to_json(scorer: NgramScorer, digits: int = 4) -> dict[str, object]:
    """The `ngrams` part of the topic model file."""
    vocab = sorted(scorer.vocabulary, key=scorer.vocabulary.__getitem__)
    return {
        "sizes": list(scorer.sizes),
        "morphemes": sorted(scorer.morphemes),
        "vocabulary": vocab,
        "idf": [round(float(v), digits + 1) for v in scorer.idf],
        "topics": {
            t: {
                "weights": [round(float(w), digits) for w in scorer.weights[:, i]],
                "bias": round(float(scorer.bias[i]), digits),
            }
            for i, t in enumerate(scorer.topics)
        },
    }
