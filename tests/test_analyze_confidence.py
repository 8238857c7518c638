"""Event confidence: a probability per event, a threshold, training, and storage."""

from __future__ import annotations

from tumen.analysis_cli import reanalyze_store
from tumen.analyze import analyze_text, event_features
from tumen.analyze.confidence import load_model, probability, train
from tumen.models import Analysis, Document, Event, Evidence
from tumen.store import Store

NEWS = (
    "Chinese police arrested seven North Koreans in Shenyang on Saturday, activists said. "
    "The group had crossed the Tumen River in March. In 1998 a soldier was shot dead near "
    "the river, and activists in Seoul say more have died since."
)


def test_every_event_carries_a_probability() -> None:
    got = analyze_text(NEWS, published="2019-05-02", min_confidence=0.0)
    assert got.events
    assert all(e.confidence is not None and 0.0 <= e.confidence <= 1.0 for e in got.events)


def test_threshold_leaves_out_unlikely_events() -> None:
    model = load_model()
    assert model is not None and 0.0 < model["threshold"] < 1.0
    every = analyze_text(NEWS, published="2019-05-02", min_confidence=0.0).events
    default = analyze_text(NEWS, published="2019-05-02").events
    assert [e for e in every if e.confidence and e.confidence >= model["threshold"]] == default
    assert analyze_text(NEWS, published="2019-05-02", min_confidence=1.01).events == []
    # The dated news is the likeliest; an activist's undated claim in Seoul is left out.
    arrest = max(every, key=lambda e: e.confidence or 0)
    assert (arrest.type, arrest.country, arrest.date, arrest.people) == (
        "arrest",
        "CN",
        "2019-04-27",
        7,
    )
    claim = min(every, key=lambda e: e.confidence or 0)
    assert (claim.type, claim.country, claim.date) == ("death", "KR", None)
    assert claim not in default and arrest in default


def test_features_describe_news_and_background() -> None:
    found = dict((e.type, f) for e, f in event_features(NEWS, published="2019-05-02"))
    assert found["arrest"]["date=day"] == 1.0 and found["arrest"]["age=0"] == 1.0
    assert found["death"]["date=none"] == 1.0  # the last death found: the undated claim
    assert found["death"]["position"] > found["arrest"]["position"]


def test_training_learns_a_separating_weight() -> None:
    samples = [({"bias": 1.0, "dated": 1.0}, 1)] * 20 + [({"bias": 1.0}, 0)] * 20
    samples += [({"bias": 1.0, "dated": 1.0}, 0)] * 2 + [({"bias": 1.0}, 1)] * 2
    weights = train(samples)
    # 20 of 22 dated samples are real: close to 0.91, shrunk a little by the L2 penalty
    assert 0.75 < probability({"bias": 1.0, "dated": 1.0}, weights) < 0.95
    assert 0.05 < probability({"bias": 1.0}, weights) < 0.25


def test_a_sample_weighted_n_counts_as_n_copies() -> None:
    samples = [({"bias": 1.0, "dated": 1.0}, 1)] * 6 + [({"bias": 1.0, "dated": 1.0}, 0)] * 2
    samples += [({"bias": 1.0}, 0)] * 6
    copies = train([*samples, *[({"bias": 1.0}, 1)] * 3])
    weighted = train([*samples, ({"bias": 1.0}, 1)], weights=[1.0] * 14 + [3.0])
    for name, value in copies.items():
        assert abs(weighted[name] - value) < 1e-3


def test_reanalyze_stores_each_events_confidence(store: Store) -> None:
    doc = Document(
        url="https://ex.org/c",
        canonical_url="https://ex.org/c",
        text=NEWS,
        content_hash="hc",
        published="2019-05-02",
    )
    doc_id = store.add_document(doc, None)
    old = Event(type="arrest", evidence=Evidence(NEWS, 0, 10), country="CN")
    store.save_analysis(doc_id, Analysis(language="en", events=[old]))
    assert [r[0] for r in store.execute("SELECT confidence FROM events").fetchall()] == [None]
    assert reanalyze_store(store, lambda _: None) == 1
    stored = [r[0] for r in store.execute("SELECT confidence FROM events").fetchall()]
    assert stored and all(c is not None and 0.0 <= c <= 1.0 for c in stored)
    again = store.get_document(doc_id)
    assert again is not None and again.analysis is not None
    assert [e.confidence for e in again.analysis.events] == stored


def test_fit_reports_how_the_model_does_on_texts_it_did_not_see() -> None:
    from pathlib import Path

    from tumen.eval.analysis import load_cases
    from tumen.eval.confidence import fit

    cases = load_cases(Path(__file__).parent / "fixtures" / "analysis")[:25]
    model = fit(cases)
    assert 0.0 < model["threshold"] < 1.0 and model["samples"] > 0
    # out of fold: a number of its own, and no better than perfect
    assert 0.0 < model["out_of_fold_f1"] <= 1.0


def test_background_cues_are_read_by_class_in_each_language() -> None:
    from tumen.analyze.telling import cues

    assert cues("Police have caught more than forty of them so far.", "en") == ["tally"]
    assert cues("The guards fire on people every year, according to one group.", "en") == [
        "habit",
        "hearsay",
    ]
    assert cues("지금까지 탈북민 열 명이 붙잡혔다.", "ko") == ["tally"]
    assert cues("これまでに三人が拘束された。", "ja") == ["tally"]
    assert cues("A fisherman crossed the line on Tuesday.", "en") == []


def test_features_say_whether_the_headline_names_the_country_and_repeats() -> None:
    text = (
        "Police in Yanji arrested a woman on Monday. "
        "Police in Yanji arrested her brother on Tuesday. "
        "A man drowned in the Tumen River in Hyesan in 2010."
    )
    found = event_features(text, title="Two held in China", published="2020-03-05")
    arrests = [f for e, f in found if e.type == "arrest"]
    assert [f.get("repeat=1", 0.0) for f in arrests] == [1.0, 0.0]  # two days, two arrests
    assert arrests[1]["repeat=2"] == 1.0
    assert all(f["headline_country=agree"] == 1.0 for f in arrests)
    death = next(f for e, f in found if e.type == "death")
    assert death["headline_country=other"] == 1.0 and death["repeat=1"] == 1.0
    plain = event_features(text, published="2020-03-05")
    assert all(f["headline_country=none"] == 1.0 for _, f in plain)
