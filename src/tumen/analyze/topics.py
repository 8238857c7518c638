"""Topics from the fixed taxonomy: lexicon cues measured over the text, weighed by a
model trained on labelled texts (`python -m tumen.eval.train_topics`)."""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tumen.analyze.events import hypothetical
from tumen.analyze.gazetteer import load_data
from tumen.analyze.prefilter import finditer, may_match
from tumen.analyze.sentences import split_sentences
from tumen.analyze.topic_ngrams import NgramScorer, scorer_from_json
from tumen.models import EVENT_TYPES, TOPICS, Event

MODEL_FILE = "topics_model.json"
# What the model sees of each topic in a text; the trainer and the scorer share this order.
# Each is measured twice, once for short texts and once for long ones (the other half is
# zero): in a short text one cue says what it is about, in a long page it may be in passing.
_BASE: tuple[str, ...] = (
    "bias", "rule", "title_strong", "title_any", "lead_strong", "frac_strong", "frac_any",
    "log_strong", "log_weak", "event", "log_events", "special",
)
# What the whole text holds, the same for every topic: how many events of each type the
# analysis found, whether it found figures, and the language. A topic is told by the
# events around it too (arrests in a report of people sent back), and each language's
# outlets weigh the cues differently.
_LANGS = ("en", "ko", "ja")
_WHOLE: tuple[str, ...] = (
    *(f"events_{t}" for t in EVENT_TYPES), "figures", *(f"lang_{x}" for x in _LANGS)
)
FEATURES: tuple[str, ...] = (
    tuple(f"{k}_{b}" for k in ("short", "long") for b in _BASE) + _WHOLE
)
# Where each language's feature is in a topic's row (the model's mix may depend on it).
_LANG_AT = {x: FEATURES.index(f"lang_{x}") for x in _LANGS}
# Body sentences that count as the lead (where news states what it is about).
_LEAD = 3
# A text of up to this many body sentences is short.
_SHORT = 4


@dataclass(frozen=True)
class _Topic:
    name: str
    minimum: int
    strong: tuple[re.Pattern[str], ...]
    weak: tuple[re.Pattern[str], ...]
    negatable: bool
    distinct: bool


@dataclass(frozen=True)
class _Rules:
    topics: tuple[_Topic, ...]
    from_events: dict[str, str]
    background: dict[str, frozenset[str]]
    implies: dict[str, tuple[str, ...]]
    absorbs: dict[str, frozenset[str]]
    quoted_title: re.Pattern[str]
    personal_account: re.Pattern[str]
    first_person: re.Pattern[str]


@dataclass(frozen=True)
class TopicModel:
    """A logistic scorer per topic over FEATURES, averaged with the n-gram scorer's
    probability (`mix` is the lexicon's share, or `lang_mix`'s for the language the
    features name; for the `lexicon_floor` topics, never below the lexicon's own); a topic
    is given from `threshold` up."""

    weights: dict[str, tuple[float, ...]]
    bias: dict[str, float]
    threshold: float
    mix: float = 1.0
    ngrams: NgramScorer | None = None
    # Topics too few training texts have for their n-grams to be learnt: out of fold, mixing
    # in their n-grams lost texts the lexicon alone found, so the n-grams may raise such a
    # topic but not vote down what its lexicon finds.
    lexicon_floor: frozenset[str] = frozenset()
    # Languages whose lexicon share is not `mix`: out of corpus, only Japanese gained from a
    # larger share beyond the spread of the texts (session 18).
    lang_mix: tuple[tuple[str, float], ...] = ()

    def share(self, features: tuple[float, ...]) -> float:
        """The lexicon's share for a text, by the language its features name."""
        for lang, mix in self.lang_mix:
            if features[_LANG_AT[lang]] == 1.0:
                return mix
        return self.mix

    def score(self, topic: str, features: tuple[float, ...]) -> float:
        """Probability from the lexicon features alone."""
        pairs = zip(self.weights[topic], features, strict=True)
        z = self.bias[topic] + sum(w * x for w, x in pairs)
        return 1.0 / (1.0 + math.exp(-z))

    def probabilities(
        self, words: str, features: dict[str, tuple[float, ...]]
    ) -> dict[str, float]:
        """Each topic's probability, in taxonomy order: the lexicon's and the n-grams' mixed
        (the n-grams read `words`, the text as `words` gives it)."""
        lexical = self.ngrams.scores(words) if self.ngrams and self.mix < 1 else {}
        out = {}
        for t in TOPICS:
            if t not in features:
                continue
            p = self.score(t, features[t])
            mix = self.share(features[t])
            out[t] = mix * p + (1 - mix) * lexical[t] if lexical else p
            if t in self.lexicon_floor:
                out[t] = max(out[t], p)
        return out

    def words(self, text: str, lang: str) -> str:
        """The text as the n-gram scorer reads it (as written when there is none)."""
        return self.ngrams.words(text, lang) if self.ngrams else text

    def topics(self, words: str, features: dict[str, tuple[float, ...]]) -> list[str]:
        """The topics scored at the threshold or above, in taxonomy order."""
        return [t for t, p in self.probabilities(words, features).items() if p >= self.threshold]


@dataclass(frozen=True)
class _Cues:
    """Where one topic's cues matched: sentence indexes of strong and of weak hits."""

    strong: list[int]
    weak: list[int]
    weak_distinct: int


@lru_cache(maxsize=1)
def _lexicon() -> _Rules:
    data = load_data("topics.yaml")
    topics = tuple(
        _Topic(
            name=name,
            minimum=int(spec.get("min", 1)),
            strong=tuple(re.compile(p, re.IGNORECASE) for p in spec.get("strong", [])),
            weak=tuple(re.compile(p, re.IGNORECASE) for p in spec.get("weak", [])),
            negatable=bool(spec.get("negatable", False)),
            distinct=bool(spec.get("distinct", False)),
        )
        for name, spec in data["topics"].items()
        if name in TOPICS
    )
    return _Rules(
        topics=topics,
        from_events=dict(data["from_events"]),
        background={k: frozenset(v) for k, v in data["background_when"].items()},
        implies={k: tuple(v) for k, v in data["implies"].items()},
        absorbs={k: frozenset(v) for k, v in data.get("absorbs", {}).items()},
        quoted_title=re.compile(data["quoted_title"]),
        personal_account=re.compile(data["personal_account"]),
        first_person=re.compile(data["first_person_quote"]),
    )


@lru_cache(maxsize=1)
def load_model() -> TopicModel:
    """The shipped model (tumen/analyze/data/topics_model.json)."""
    raw = resources.files("tumen.analyze").joinpath("data", MODEL_FILE).read_text("utf-8")
    return model_from_json(json.loads(raw))


def model_from_json(data: dict[str, object]) -> TopicModel:
    """A model from its JSON form; its features must be this module's FEATURES."""
    if tuple(data["features"]) != FEATURES:  # type: ignore[arg-type]
        raise ValueError(f"topic model features {data['features']} are not {FEATURES}")
    topics: dict[str, dict[str, object]] = data["topics"]  # type: ignore[assignment]
    ngrams = data.get("ngrams")
    floor: list[str] = data.get("lexicon_floor", [])  # type: ignore[assignment]
    lang_mix: dict[str, float] = data.get("lang_mix", {})  # type: ignore[assignment]
    return TopicModel(
        weights={t: tuple(float(w) for w in v["weights"]) for t, v in topics.items()},  # type: ignore[attr-defined]
        bias={t: float(v["bias"]) for t, v in topics.items()},  # type: ignore[arg-type]
        threshold=float(data["threshold"]),  # type: ignore[arg-type]
        mix=float(data.get("mix", 1.0)),  # type: ignore[arg-type]
        ngrams=scorer_from_json(ngrams) if isinstance(ngrams, dict) else None,
        lexicon_floor=frozenset(floor),
        lang_mix=tuple(sorted((k, float(v)) for k, v in lang_mix.items())),
    )


def _matches(rx: re.Pattern[str], text: str, topic: _Topic, lang: str) -> list[int]:
    """Start offsets of the pattern's matches; negated or feared ones dropped when negatable."""
    if not may_match(rx, text):
        return []
    return [
        m.start()
        for m in finditer(rx, text)
        if not (topic.negatable and hypothetical(text, m.start(), m.end(), lang))
    ]


def _cues(topic: _Topic, text: str, starts: list[int], lang: str) -> _Cues:
    """Sentence index of every cue of the topic."""
    def sentences(rx: re.Pattern[str]) -> list[int]:
        return [bisect.bisect_right(starts, o) - 1 for o in _matches(rx, text, topic, lang)]

    strong = [i for rx in topic.strong for i in sentences(rx)]
    weak = [sentences(rx) for rx in topic.weak]
    return _Cues(strong, [i for hits in weak for i in hits], sum(1 for hits in weak if hits))


def _reaches(topic: _Topic, cues: _Cues) -> bool:
    """The lexicon's rule: a strong cue, or `min` weak cues (different ones if `distinct`)."""
    weak = cues.weak_distinct if topic.distinct else len(cues.weak)
    return bool(cues.strong) or weak >= topic.minimum


def _testimony(text: str, title: str | None, rules: _Rules) -> bool:
    """A title quoting someone, over a text that gives a personal account or in the
    first person ("'I crossed the Yalu at fourteen'")."""
    if not (title and rules.quoted_title.match(title)):
        return False
    return bool(rules.personal_account.search(text) or rules.first_person.match(title))


def _rule_topics(
    reached: set[str], events: list[Event], testimony: bool, has_statistics: bool, rules: _Rules
) -> set[str]:
    """The lexicon's own decision, used by the model as one feature among others."""
    found = set(reached)
    for topic in found & set(rules.absorbs):
        found -= rules.absorbs[topic]
    if testimony:
        found.add("testimony")
    # In a personal story or a trafficking report, a crossing or an arrival is background.
    implied = {rules.from_events[e.type] for e in events if e.type in rules.from_events}
    for topic in found & set(rules.background):
        implied -= rules.background[topic]
    found |= implied
    found |= {t for f in list(found) for t in rules.implies.get(f, ())}
    if has_statistics:
        found.add("statistics")
    return found


def topic_features(
    text: str,
    events: list[Event] | None = None,
    has_statistics: bool = False,
    *,
    title: str | None = None,
    lang: str = "en",
) -> dict[str, tuple[float, ...]]:
    """FEATURES of every topic in the text (title first, as analyze_text joins them)."""
    rules = _lexicon()
    events = events or []
    sentences = split_sentences(text) or []
    starts = [s.start for s in sentences]
    head = len(title.strip()) if title and text.startswith(title.strip()) else 0
    n_title = sum(1 for s in sentences if s.start < head)
    n_body = max(1, len(sentences) - n_title)
    lead = range(n_title, n_title + _LEAD)
    cues = {t.name: _cues(t, text, starts, lang) for t in rules.topics}
    testimony = _testimony(text, title, rules)
    reached = {t.name for t in rules.topics if _reaches(t, cues[t.name])}
    decided = _rule_topics(reached, events, testimony, has_statistics, rules)
    special = {"statistics": has_statistics, "testimony": testimony}
    whole = _whole(events, has_statistics, lang)
    out = {}
    for t in rules.topics:
        c = cues[t.name]
        body_strong = {i for i in c.strong if i >= n_title}
        body_any = body_strong | {i for i in c.weak if i >= n_title}
        n_events = sum(1 for e in events if rules.from_events.get(e.type) == t.name)
        base = (
            1.0,
            float(t.name in decided),
            float(any(i < n_title for i in c.strong)),
            float(any(i < n_title for i in c.strong + c.weak)),
            float(any(i in lead for i in body_strong)),
            len(body_strong) / n_body,
            len(body_any) / n_body,
            math.log1p(len(c.strong)),
            math.log1p(c.weak_distinct),
            float(n_events > 0),
            math.log1p(n_events),
            float(special.get(t.name, False)),
        )
        zero = (0.0,) * len(base)
        out[t.name] = (base + zero if n_body <= _SHORT else zero + base) + whole
    return out


def _whole(events: list[Event], has_statistics: bool, lang: str) -> tuple[float, ...]:
    """The _WHOLE features: events of each type (log counts), figures found, language."""
    types = [e.type for e in events]
    return (
        *(math.log1p(types.count(t)) for t in EVENT_TYPES),
        float(has_statistics),
        *(float(lang == x) for x in _LANGS),
    )


def classify_topics(
    text: str,
    events: list[Event] | None = None,
    has_statistics: bool = False,
    *,
    title: str | None = None,
    lang: str = "en",
    model: TopicModel | None = None,
) -> list[str]:
    """Topics of a text, in taxonomy order: those the model scores at its threshold or above."""
    model = model or load_model()
    features = topic_features(text, events, has_statistics, title=title, lang=lang)
    return model.topics(model.words(text, lang), features)
