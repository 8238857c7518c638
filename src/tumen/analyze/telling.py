"""How the text tells one event, for its confidence: cue words of background in its
sentence (data/background.yaml: "so far", "every year", "according to", "これまで", …, by
class), whether the headline names the event's country, and whether the text told an event
of the same type and country before it (a repeat the merging left is seldom a second event).

Each is a named feature of the event confidence model (analyze/confidence.py). Chosen by
cross-validation grouped by text on every labelled tune text (`python -m tumen.eval
analysis --train --cv`); see eval/confidence.py for the features tried and left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tumen.analyze.gazetteer import load_data
from tumen.models import Event


@dataclass(frozen=True)
class Telling:
    """What the features of how events are told read from the whole text."""

    lang: str
    text: str  # title part and text, as analysed
    head: int  # characters of the title part
    head_countries: frozenset[str]  # countries of the places the headline names
    # (type, country, start in the body; -1 for a title event) of every event of the text
    keys: tuple[tuple[str, str | None, int], ...]


@lru_cache(maxsize=1)
def _cues() -> dict[str, dict[str, re.Pattern[str]]]:
    """Per class of background cue, one pattern per language (data/background.yaml)."""
    out: dict[str, dict[str, re.Pattern[str]]] = {}
    for name, by_lang in load_data("background.yaml")["classes"].items():
        out[name] = {}
        for lang, words in by_lang.items():
            alts = "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))
            edge = r"\b" if lang == "en" else ""
            out[name][lang] = re.compile(f"{edge}(?:{alts}){edge}", re.IGNORECASE)
    return out


def _start(event: Event) -> int:
    """The event's start in the body; -1 for an event found in the title (evidence 0..0)."""
    return event.evidence.start if event.evidence.end else -1


def sentence(event: Event, t: Telling) -> str:
    """The event's sentence (the headline for a title event)."""
    if _start(event) < 0:
        return t.text[: t.head]
    return t.text[event.evidence.start + t.head : event.evidence.end + t.head]


def cues(text: str, lang: str) -> list[str]:
    """The classes of background cue the text holds."""
    return [
        name for name, by_lang in _cues().items() if lang in by_lang and by_lang[lang].search(text)
    ]


def headline_country(event: Event, t: Telling) -> str:
    """agree: the headline names the event's country; other: it names others; none."""
    if not t.head_countries:
        return "none"
    return "agree" if event.country in t.head_countries else "other"


def repeat(event: Event, t: Telling) -> str:
    """The event's place among the text's events of its type and country (title events
    first): 1, 2, 3+."""
    start = _start(event)
    n = sum(1 for k in t.keys if k[:2] == (event.type, event.country) and k[2] < start) + 1
    return str(n) if n < 3 else "3+"


def telling_features(event: Event, t: Telling) -> dict[str, float]:
    """The named features of how the text tells the event (absent names are 0)."""
    lang = t.lang if t.lang in ("en", "ko", "ja") else "en"
    return {
        **{f"cue={name}": 1.0 for name in cues(sentence(event, t), lang)},
        f"headline_country={headline_country(event, t)}": 1.0,
        f"repeat={repeat(event, t)}": 1.0,
    }
