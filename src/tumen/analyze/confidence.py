"""How likely each found event is a real event of the text: a logistic model over what
the document says around it (news or background, headline support, speaker, date, count).

The weights are trained on labelled reports (`python -m tumen.eval analysis --train`),
stored in data/event_confidence.json; events below the stored threshold are dropped.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np

from tumen.analyze.events.ranking import stored_model
from tumen.analyze.telling import Telling, telling_features
from tumen.analyze.timex import parse_published
from tumen.models import Event

MODEL_FILE = "event_confidence.json"
# The thresholds of events by the size of the group they count, where the study corpora
# agree that a size class needs its own (python -m tumen.eval.train_thresholds).
SIZES_FILE = "event_thresholds.json"
_QUOTES = '"“”「」『』'


@dataclass(frozen=True)
class Context:
    """What an event's confidence depends on beyond the event itself."""

    lang: str
    published: str | None
    length: int  # characters of title and text
    head: int  # characters of the title part (events there have evidence 0..0)
    title_types: frozenset[str]  # event types the headline reports
    support: Counter[str]  # raw findings per event type before merging
    n_events: int
    telling: Telling | None = None  # what the features of how each event is told read


def _region(country: str | None) -> str:
    if country is None:
        return "none"
    return country if country in ("KP", "KR", "CN") else "other"


def _age(event: Event, published: str | None) -> str:
    """How long before publication the event's date lies, in coarse steps."""
    ref = parse_published(published)
    if ref is None or not event.date:
        return "unknown"
    years = ref.year - int(event.date[:4])
    if years <= 0:
        return "0"
    return "1" if years == 1 else ("2-5" if years <= 5 else "6+")


def features(event: Event, ctx: Context) -> dict[str, float]:
    """Named feature values of one event (absent names are 0)."""
    in_title = event.evidence.start == event.evidence.end == 0
    sentence = event.evidence.text
    precision = event.date.count("-") + 1 if event.date else 0
    out = {
        "bias": 1.0,
        f"type={event.type}": 1.0,
        f"lang={ctx.lang if ctx.lang in ('en', 'ko', 'ja') else 'en'}": 1.0,
        f"{event.type}@{_region(event.country)}": 1.0,
        f"region={_region(event.country)}": 1.0,
        f"date={('none', 'year', 'month', 'day')[precision]}": 1.0,
        f"age={_age(event, ctx.published)}": 1.0,
        "people_none": float(event.people is None),
        "people_log": math.log1p(event.people or 0) / 5,
        "place": float(event.place is not None),
        "in_title": float(in_title),
        "headline_type": float(event.type in ctx.title_types),
        "position": 0.0 if in_title else event.evidence.start / max(ctx.length, 1),
        "support_log": math.log1p(ctx.support[event.type]),
        "events_log": math.log1p(ctx.n_events),
        "quoted": float(any(q in sentence for q in _QUOTES)),
        "long_sentence": float(len(sentence) > 250),
    }
    if ctx.telling is not None:
        out.update(telling_features(event, ctx.telling))
    return out


def load_model() -> dict[str, Any] | None:
    """The trained weights and threshold, or None when no model is stored."""
    return stored_model(MODEL_FILE)


def load_sizes() -> dict[str, Any] | None:
    """The stored thresholds by size class, or None when none is stored."""
    return stored_model(SIZES_FILE)


def size_class(people: int | None, bins: list[int]) -> str:
    """The size class of a count of people: "none", or the bins' range it falls in
    (bins [10, 50]: "1-9", "10-49", "50+")."""
    if people is None:
        return "none"
    lo = 1
    for edge in bins:
        if people < edge:
            return f"{lo}-{edge - 1}"
        lo = edge
    return f"{lo}+"


def threshold_of(event: Event, threshold: float, sizes: dict[str, Any] | None) -> float:
    """An event's threshold: its size class's own where one is stored and switched on,
    else the model's."""
    if not sizes or not sizes.get("enabled"):
        return threshold
    own: float = sizes["thresholds"].get(size_class(event.people, sizes["bins"]), threshold)
    return own


def probability(feats: dict[str, float], weights: dict[str, float]) -> float:
    """The model's probability that the event is real."""
    z = sum(weights.get(k, 0.0) * v for k, v in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def score_events(
    events: list[Event],
    ctx: Context,
    min_confidence: float | None = None,
    floors: dict[int, float | None] | None = None,
) -> list[Event]:
    """Events with their confidence set, those under the threshold dropped (the model's,
    or the stored one of the event's size class; min_confidence overrides both, floors
    included; 0 keeps every event). `floors`: the threshold of an event of its own, by the
    event's id() (the learned tagger's events; None: the threshold); every other event has
    the threshold."""
    model = load_model()
    if model is None:
        return events
    threshold = model["threshold"] if min_confidence is None else min_confidence
    own = floors if floors and min_confidence is None else {}
    sizes = load_sizes() if min_confidence is None else None
    kept = []
    for event in events:
        event.confidence = round(probability(features(event, ctx), model["weights"]), 3)
        floor = own.get(id(event))
        if event.confidence >= (threshold_of(event, threshold, sizes) if floor is None else floor):
            kept.append(event)
    return kept


def context(
    lang: str,
    published: str | None,
    length: int,
    head: int,
    found: list[tuple[str, int]],
    n_events: int,
    telling: Telling | None = None,
) -> Context:
    """The document context of a text's events; found: (type, start) of every finding
    before merging."""
    return Context(
        lang=lang,
        published=published,
        length=length,
        head=head,
        title_types=frozenset(t for t, start in found if start < head),
        support=Counter(t for t, _ in found),
        n_events=n_events,
        telling=telling,
    )


def train(
    samples: list[tuple[dict[str, float], int]],
    l2: float = 1.0,
    weights: list[float] | None = None,
) -> dict[str, float]:
    """L2-regularised logistic regression by Newton's method, each sample counted by its
    weight (default 1); weights by feature name."""
    names = sorted({k for f, _ in samples for k in f})
    x = np.array([[f.get(k, 0.0) for k in names] for f, _ in samples])
    y = np.array([label for _, label in samples], dtype=float)
    s = np.ones(len(samples)) if weights is None else np.array(weights, dtype=float)
    w = np.zeros(len(names))
    penalty = np.full(len(names), l2)
    penalty[names.index("bias")] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-x @ w))
        grad = x.T @ (s * (p - y)) + penalty * w
        hess = (x.T * (s * p * (1 - p))) @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return {k: round(float(v), 4) for k, v in zip(names, w, strict=True) if abs(v) > 1e-4}
