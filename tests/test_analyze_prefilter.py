"""The regex prefilter: needles are necessary, folding follows `re`'s ignore-case rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tumen.analyze import events, prefilter, statistics, timex_rules, topics

FIXTURES = Path(__file__).parent / "fixtures"


def _rule_patterns() -> list[re.Pattern[str]]:
    pats: list[re.Pattern[str]] = []
    for topic in topics._lexicon().topics:
        pats += [*topic.strong, *topic.weak]
    pats += [rx for _, rx in events.trigger_patterns("en")]
    pats += [rx for _, rx in timex_rules.timex_rules().patterns]
    pats += [rx for rx, _ in timex_rules.timex_rules().relative]
    pats += [rx for _, rx in statistics.load_rules().measures]
    return pats


@pytest.mark.parametrize(("pattern", "flags", "expected"), [
    (r"\bdetention (?:cent|facilit|camp)", re.I,
     ("detention camp", "detention cent", "detention facilit")),
    (r"구조(?:했|된|활동)", 0, ("구조된", "구조했", "구조활동")),
    (r"\bsafe ?house", re.I, ("house",)),
    (r"(?P<d>[0-3]?\d)\s*[일日]", 0, ("日", "일")),
    (r"\bSept?\b", 0, ("sep",)),
    (r"(?:on )?\d+", 0, None),
])
def test_needles(pattern: str, flags: int, expected: tuple[str, ...] | None) -> None:
    assert prefilter.needles(re.compile(pattern, flags)) == expected


def test_folding_follows_re_ignorecase() -> None:
    # İ lowers to two characters, ſ and K match s and k, ı matches i when ignoring case
    text = "İSTANBUL ſeoul \u212aim ıi Σ"
    assert len(prefilter.fold(text)) == len(text)
    for word in ("istanbul", "seoul", "kim", "ii", "σ"):
        rx = re.compile(re.escape(word), re.IGNORECASE)
        assert rx.search(text)
        assert prefilter.may_match(rx, text)


def test_window_and_spans() -> None:
    rx = re.compile(r"\barrested\b", re.IGNORECASE)
    text = "He was ARRESTED. Then released."
    assert prefilter.may_match(rx, text, 0, 16)
    assert not prefilter.may_match(rx, text, 17)
    where = prefilter.spans(rx, text)
    assert where == [(7, 15)]
    assert prefilter.within(where, 0, 16) and not prefilter.within(where, 8, 31)
    assert prefilter.within(None, 0, 1)


def test_every_rule_match_contains_a_needle() -> None:
    texts = [json.loads(p.read_text("utf-8"))["text"]
             for folder in ("analysis", "incidents/docs")
             for p in sorted((FIXTURES / folder).glob("*.json")) if p.name != "baseline.json"]
    for rx in _rule_patterns():
        for text in texts:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    assert prefilter.may_match(rx, text, m.start(), m.end()), (rx.pattern, m)


def test_finditer_gives_what_re_gives() -> None:
    # a pattern led by a boundary is tried only where a match can start; whatever the
    # needles, the matches are re's own: overlapping needles, a needle with no match
    # around it before one with a match, matches running into the next needle's window
    calm = "Nothing else happened that day. " * 300  # long: windows are cheaper than a scan
    text = (calm + "The men were sold once. They were not sold twice; were sold, were sold. "
            + calm + "Held in custody, held in Yanji and held in a camp." + calm)
    for pattern in (r"\b(?:was|were|been) sold\b", r"\bwere (?:not )?sold(?: \w{1,12})?",
                    r"\bheld in\b(?! custody)", r"\bsold\b", r"\b(?:held|sold) in \w{1,12}"):
        rx = re.compile(pattern, re.IGNORECASE)
        assert prefilter._width(rx) is not None  # tried where a match can start
        got = [(m.start(), m.group()) for m in prefilter.finditer(rx, text)]
        assert got == [(m.start(), m.group()) for m in rx.finditer(text)], pattern
    # every rule pattern on the project's texts
    texts = [json.loads(p.read_text("utf-8"))["text"]
             for p in sorted((FIXTURES / "analysis").glob("*.json")) if p.name != "baseline.json"]
    for rx in _rule_patterns():
        for text in texts[:40]:
            assert [m.span() for m in prefilter.finditer(rx, text)] == [
                m.span() for m in rx.finditer(text)
            ], rx.pattern
