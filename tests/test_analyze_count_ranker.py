"""The learned count ranker (analyze/events/counts.py): its stored form, its candidates and
its place at the end of the analysis."""

from __future__ import annotations

import json
from importlib import resources

from tumen.analyze import analyze_text
from tumen.analyze.events.counts import (
    MODEL_FILE,
    Candidate,
    Ranker,
    collecting,
    load_ranker,
    ranker_from_json,
    using_ranker,
)

# (a text of our own: one group of seven caught, two guides with them)
_KO = (
    "구호단체에 따르면 탈북민 7명이 지난 4일 라오스 북부의 한 검문소에서 경찰에 붙잡혔다. "
    "이들은 태국으로 가던 중이었다."
)


def _stored() -> dict:
    path = resources.files("tumen.analyze") / "data" / MODEL_FILE
    return json.loads(path.read_text("utf-8"))


def test_stored_ranker_loads_with_its_provenance() -> None:
    data = _stored()
    assert isinstance(data["enabled"], bool)
    assert data["command"].startswith("python -m tumen.eval.train_counts --evidence")
    assert set(data["trained_on"]) >= {"shared"}
    assert data["candidates"] > data["right"] > 0
    ranker = ranker_from_json(data)
    assert ranker.weights and 0.0 <= ranker.margin <= 1.0


def test_stored_switch_decides_whether_it_runs() -> None:
    assert (load_ranker() is not None) == _stored()["enabled"]


def test_candidates_are_the_texts_counts_the_rules_pick_and_none() -> None:
    seen: list = []
    with using_ranker(None), collecting(seen):
        got = analyze_text(_KO, title="탈북민 라오스서 체포", published="2025-05-06")
    assert [(e.type, e.people) for e in got.events] == [("arrest", 7)]
    index, rule, cands = seen[0]
    assert (index, rule) == (0, 7)
    assert {c.value for c in cands} == {7, None}
    seven = next(c for c in cands if c.value == 7)
    assert {"is_rule", "src=same", "before", "role=subject"} <= set(seven.features)


def test_the_ranker_overrules_the_rules_only_by_its_margin() -> None:
    cands = [Candidate(7, ("is_rule",)), Candidate(None, ("none",))]
    prefers_none = Ranker(bias=0.0, weights={"none": 2.0, "is_rule": -1.0}, margin=0.2)
    assert prefers_none.choose(cands, 7) is None
    assert Ranker(0.0, prefers_none.weights, margin=0.99).choose(cands, 7) == 7


def test_analysis_takes_the_rankers_count() -> None:
    # fails if the stage is not the analysis' last word on the count
    ranker = Ranker(bias=0.0, weights={"none": 5.0}, margin=0.0)
    with using_ranker(ranker):
        got = analyze_text(_KO, title="탈북민 라오스서 체포", published="2025-05-06")
    with using_ranker(None):
        rules = analyze_text(_KO, title="탈북민 라오스서 체포", published="2025-05-06")
    assert [e.people for e in rules.events] == [7]
    assert [e.people for e in got.events] == [None]
