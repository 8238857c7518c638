"""Topics from the fixed taxonomy, by lexicon and by the events found."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import load_data
from tumen.models import TOPICS, Event


@dataclass(frozen=True)
class _Topic:
    name: str
    minimum: int
    strong: tuple[re.Pattern[str], ...]
    weak: tuple[re.Pattern[str], ...]


@lru_cache(maxsize=1)
def _lexicon() -> tuple[tuple[_Topic, ...], dict[str, str]]:
    data = load_data("topics.yaml")
    topics = tuple(
        _Topic(
            name=name,
            minimum=int(spec.get("min", 1)),
            strong=tuple(re.compile(p, re.IGNORECASE) for p in spec.get("strong", [])),
            weak=tuple(re.compile(p, re.IGNORECASE) for p in spec.get("weak", [])),
        )
        for name, spec in data["topics"].items()
        if name in TOPICS
    )
    return topics, dict(data["from_events"])


def _score(topic: _Topic, text: str) -> int:
    strong = sum(len(rx.findall(text)) for rx in topic.strong)
    weak = sum(len(rx.findall(text)) for rx in topic.weak)
    return strong * topic.minimum + weak


def classify_topics(text: str, events: list[Event] | None = None) -> list[str]:
    """Topics of a text, in taxonomy order."""
    topics, from_events = _lexicon()
    found = {t.name for t in topics if _score(t, text) >= t.minimum}
    found.update(from_events[e.type] for e in events or [] if e.type in from_events)
    return [t for t in TOPICS if t in found]
