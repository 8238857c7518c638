"""The learned argument rankers' shared parts: the linear model and its switch."""

from __future__ import annotations

import math

from tumen.analyze.events.ranking import Linear, Switch, linear_fields, stored_model


def test_names_count_one_and_values_weigh() -> None:
    model = Linear(bias=-1.0, weights={"near": 2.0, "far": -3.0}, margin=0.1)
    assert model.logit(["near"]) == 1.0
    assert model.logit({"near": 0.5, "far": 1.0}) == -3.0
    assert model.logit(["unknown"]) == -1.0
    assert math.isclose(model.probability(["near"]), 1 / (1 + math.exp(-1.0)))
    assert model.probability({"far": 1e6}) < 1e-12  # clipped, no overflow


def test_fields_of_a_stored_model() -> None:
    fields = linear_fields({"bias": "0.5", "weights": {"a": 1}, "margin": 0.2, "enabled": True})
    assert Linear(**fields) == Linear(bias=0.5, weights={"a": 1.0}, margin=0.2)


def test_a_switched_off_model_is_not_used_unless_chosen() -> None:
    # the stored date ranker is switched off: nothing runs, but a chosen one does, in its block
    def from_json(d: dict) -> Linear:
        return Linear(**linear_fields(d))

    switch: Switch[Linear] = Switch("test_ranking", "date_ranker.json", from_json)
    data = stored_model("date_ranker.json")
    assert data is not None and data["enabled"] is False
    assert switch.load() is None
    chosen = Linear(bias=0.0, weights={}, margin=0.0)
    with switch.using(chosen):
        assert switch.load() is chosen
        with switch.using(None):
            assert switch.load() is None
        assert switch.load() is chosen
    assert switch.load() is None


def test_an_absent_model_file_is_none() -> None:
    assert stored_model("no_such_model.json") is None
