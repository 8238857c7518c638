"""Topics from the fixed taxonomy, by lexicon and by the events found."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.events import hypothetical
from tumen.analyze.gazetteer import load_data
from tumen.analyze.prefilter import may_match
from tumen.models import TOPICS, Event


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


def _hits(rx: re.Pattern[str], text: str, topic: _Topic, lang: str) -> int:
    if not may_match(rx, text):
        return 0
    if not topic.negatable:
        return len(rx.findall(text))
    return sum(not hypothetical(text, m.start(), m.end(), lang) for m in rx.finditer(text))


def _reaches(topic: _Topic, text: str, lang: str) -> bool:
    """Whether a strong cue matches, or weak cues reach `min`; stops counting as soon as
    it knows. In a `distinct` topic a word said twice ("the police ... the police") is
    one cue."""
    if any(_hits(rx, text, topic, lang) for rx in topic.strong):
        return True
    weak = 0
    for rx in topic.weak:
        hits = _hits(rx, text, topic, lang)
        weak += min(hits, 1) if topic.distinct else hits
        if weak >= topic.minimum:
            return True
    return False


def _testimony(text: str, title: str | None, rules: _Rules) -> bool:
    """A title quoting someone, over a text that gives a personal account or in the
    first person ("'I crossed the Yalu at fourteen'")."""
    if not (title and rules.quoted_title.match(title)):
        return False
    return bool(rules.personal_account.search(text) or rules.first_person.match(title))


def classify_topics(
    text: str,
    events: list[Event] | None = None,
    has_statistics: bool = False,
    *,
    title: str | None = None,
    lang: str = "en",
) -> list[str]:
    """Topics of a text, in taxonomy order."""
    rules = _lexicon()
    found = {t.name for t in rules.topics if _reaches(t, text, lang)}
    for topic in found & set(rules.absorbs):
        found -= rules.absorbs[topic]
    if _testimony(text, title, rules):
        found.add("testimony")
    # In a personal story or a trafficking report, a crossing or an arrival is background.
    implied = {rules.from_events[e.type] for e in events or [] if e.type in rules.from_events}
    for topic in found & set(rules.background):
        implied -= rules.background[topic]
    found |= implied
    found |= {t for f in list(found) for t in rules.implies.get(f, ())}
    if has_statistics:
        found.add("statistics")
    return [t for t in TOPICS if t in found]
