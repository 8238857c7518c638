"""The cheap relevance test run before the full analysis of web-archive pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tumen.analyze.relevance import is_relevant, page_may_be_relevant

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


@pytest.mark.parametrize("text", [
    "Three North Koreans were detained near the border.",
    "The DPRK said nothing.", "탈북민 세 명이 체포됐다.", "北朝鮮から脱出した家族",
    "A defector spoke.",
    "North\n   Korea", "NORTH KOREAN workers",
])
def test_texts_about_the_subject_pass(text: str) -> None:
    assert is_relevant(text)


@pytest.mark.parametrize("text", [
    "The council approved a budget for road repairs.", "South Korea won the match 2-1.",
    "조선일보 스포츠 소식", "",
])
def test_other_texts_fail(text: str) -> None:
    assert not is_relevant(text)


def test_markup_neither_hides_nor_invents_words() -> None:
    assert page_may_be_relevant("<p><b>North</b>\n<i>Korea</i></p>")
    assert page_may_be_relevant("<p>North&nbsp;Korea</p>")  # entities decoded
    assert page_may_be_relevant('<meta property="og:title" content="Defectors held">')
    assert page_may_be_relevant("<p>&#53448;&#48513;&#48124;</p>")  # 탈북민 as references
    assert not page_may_be_relevant("<html><body><p>Weather: sunny.</p></body></html>")


def test_every_labelled_report_passes() -> None:
    """Recall over the corpus, tune and check alike (an aggregate: no text is read out)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present (a user's clone)")
    missed = total = 0
    for folder in ("articles-en", "articles-ko-ja"):
        gold = json.loads((CORPUS / folder / "gold.json").read_text("utf-8"))["articles"]
        for name in gold:
            total += 1
            missed += not is_relevant((CORPUS / folder / name).read_text("utf-8"))
    assert total > 100 and missed == 0
