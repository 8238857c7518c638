"""The learned date ranker (analyze/events/dating.py), its trainer (eval/train_dates.py)
and the alignment of the analyser's events to gold events (eval/align.py)."""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources

from tumen.analyze import analyze_text
from tumen.analyze.events.dating import (
    MODEL_FILE,
    Candidate,
    Ranker,
    choose,
    ranker_from_json,
    recording,
    using_ranker,
)
from tumen.eval.align import align
from tumen.eval.train_dates import Text, full_counts
from tumen.models import Event, Evidence

PUBLISHED = "2024-05-10"  # a Friday
# The rules date the arrest by the weekday after its verb; the day it was reported on is
# told in the sentence before.
TEXT = (
    "Rights groups in Seoul reported on Thursday that a family had gone missing. "
    "Police in China arrested the five North Koreans on Monday."
)


def _dated(text: str) -> list[tuple[str, str | None]]:
    return [(e.type, e.date) for e in analyze_text(text, published=PUBLISHED).events]


def _prefers(feature: str) -> Ranker:
    """A ranker that knows one feature, with a strong weight."""
    return Ranker(bias=-3.0, weights={feature: 8.0}, margin=0.1)


def test_the_rules_read_the_weekday_against_the_publication_date() -> None:
    with using_ranker(None):
        assert _dated(TEXT) == [("arrest", "2024-05-06")]


def test_the_stage_puts_the_rankers_date_in() -> None:
    # (a ranker set by hand to prefer a time of the sentence before; fails if the stage is
    # not run: the rules alone give the Monday)
    with using_ranker(_prefers("src=s-1")):
        assert _dated(TEXT) == [("arrest", "2024-05-09")]


def test_the_stored_weights_keep_a_plain_weekday() -> None:
    path = resources.files("tumen.analyze") / "data" / MODEL_FILE
    stored = ranker_from_json(json.loads(path.read_text("utf-8")))
    with using_ranker(stored):
        assert _dated(TEXT) == [("arrest", "2024-05-06")]


def test_under_its_margin_the_rules_date_stays() -> None:
    ranker = Ranker(bias=0.0, weights={"src=s-1": 0.01}, margin=0.5)
    with using_ranker(ranker):
        assert _dated(TEXT) == [("arrest", "2024-05-06")]


def test_candidates_hold_every_source() -> None:
    text = "SEOUL, May 10 (Tumen) -- Police in China arrested five North Koreans on Monday."
    rec: list[tuple[list[Event], list[list[Candidate]]]] = []
    with recording(rec), using_ranker(None):
        analyze_text(text, published=PUBLISHED)
    ((_, cands),) = rec
    sources = {k for c in cands[0] for k in c.features if k.startswith("src=")}
    assert {"src=s0", "src=dateline", "src=pub", "src=none"} <= sources
    monday = next(c for c in cands[0] if c.value == "2024-05-06")
    assert monday.features["is_rule"] == 1.0 and monday.features["mark=on"] == 1.0
    assert monday.features["pub=week"] == 1.0 and monday.features["after_trigger"] == 1.0


def test_choose_keeps_the_rule_without_a_better_value() -> None:
    cands = [Candidate("2024-05-06", {"a": 1.0}), Candidate(None, {"b": 1.0})]
    assert choose(cands, "2024-05-06", Ranker(0.0, {"b": 0.1}, 0.2)) == "2024-05-06"
    assert choose(cands, "2024-05-06", Ranker(0.0, {"b": 3.0}, 0.2)) is None


def test_the_stored_ranker_loads_with_its_provenance() -> None:
    path = resources.files("tumen.analyze") / "data" / MODEL_FILE
    data = json.loads(path.read_text("utf-8"))
    assert data["command"].startswith("python -m tumen.eval.train_dates")
    assert data["trained_on"] and data["aligned_events"] > 0
    assert "evidence" in data["outside_repo"]
    ranker = ranker_from_json(data)
    assert ranker.weights and 0.0 <= ranker.margin < 1.0
    assert all(not k.startswith("w=") for k in ranker.weights)  # no word of one text


def _event(etype: str, sentence: str, country: str = "CN", when: str | None = None) -> Event:
    return Event(type=etype, evidence=Evidence(sentence, 0, len(sentence)), date=when,
                 country=country)


def test_align_goes_by_the_evidence_sentence() -> None:
    a = _event("arrest", "Five were held in Dandong.")
    b = _event("arrest", "Two more were held in Yanji later.")
    gold = [{"type": "arrest", "country": "CN"}, {"type": "arrest", "country": "CN"}]
    entries = [
        {"list": "events", "index": 0, "type": "arrest",
         "mentions": [{"sentence": "Two more were held in Yanji later.", "trigger": "held"}]},
        {"list": "events", "index": 1, "type": "arrest",
         "mentions": [{"sentence": "Five were held in  Dandong.", "trigger": "held"}]},
    ]
    assert align([a, b], gold, entries) == [(0, 1), (1, 0)]
    # of the right country only, when asked
    assert align([_event("arrest", "Five were held in Dandong.", "LA")], gold, entries,
                 country=True) == []


def test_full_counts_score_the_rankers_dates() -> None:
    event = _event("arrest", "Five were held.", when="2024-05-06")
    cands = [Candidate("2024-05-06", {"a": 1.0}), Candidate("2024-05-09", {"b": 1.0})]
    gold = [{"type": "arrest", "country": "CN", "date": "2024-05-09", "people": None}]
    text = Text("x", "x1", [event], [cands], gold, [], [[False, True]])
    assert full_counts([text], None) == Counter({"tp": 0, "pred": 1, "gold": 1})
    assert full_counts([text], Ranker(0.0, {"b": 5.0}, 0.1))["tp"] == 1
