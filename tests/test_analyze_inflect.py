"""English verb forms by lemma: triggers read every inflection, headlines' present too."""

from __future__ import annotations

import re

import pytest

from tumen.analyze import analyze_text
from tumen.analyze.inflect import expand_verbs, verb_forms


def test_forms_are_the_inflections_but_the_bare_verb() -> None:
    assert set(verb_forms("flee")) == {"fled", "flees", "fleeing"}
    assert {"detains", "detained", "detaining"} <= set(verb_forms("detain"))
    assert "detain" not in verb_forms("detain")


def test_a_pattern_reads_each_lemma_as_its_forms() -> None:
    rx = re.compile(expand_verbs(r"\b{v:defect} to\b"))
    assert rx.search("a diplomat defects to the South")
    assert rx.search("shot while defecting to the South")
    assert not rx.search("plans to defect to the South")


def test_an_unknown_verb_is_an_error() -> None:
    with pytest.raises(ValueError, match="no English verb forms"):
        verb_forms("qq")


@pytest.mark.parametrize(
    ("title", "etype", "country"),
    [
        ("Laos frees nine North Korean refugees", "release", "LA"),
        ("Thailand detains 12 North Koreans in Chiang Rai", "arrest", "TH"),
        ("China arrests 10 North Korean defectors near Dandong", "arrest", "CN"),
        ("North Korean diplomat in London defects to South Korea", "reached_safety", "KR"),
    ],
)
def test_a_headline_in_the_present_tells_its_event(title: str, etype: str, country: str) -> None:
    got = analyze_text("", title=title, published="2016-08-17", min_confidence=0.0)
    assert (etype, country) in [(e.type, e.country) for e in got.events]


def test_a_noun_or_a_wound_is_no_event() -> None:
    got = analyze_text(
        "Arrests in Yanbian nearly doubled in 2010. A soldier was shot by guards near "
        "the border and is being treated in hospital.",
        published="2011-01-05",
        min_confidence=0.0,
    )
    assert [e.type for e in got.events] == []
