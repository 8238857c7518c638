"""The learned trigger tagger (analyze/events/learned.py) and its trainer
(eval/train_triggers.py): it proposes triggers the rules miss, the rest of event extraction
gives them a country and a date, and the stored model says what it was trained on."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

from tumen.analyze import analyze_text, read_mentions
from tumen.analyze.events import learned
from tumen.analyze.events.learned import Tagger, tagger_from_json, using_tagger
from tumen.eval import train_triggers
from tumen.models import EVENT_TYPES

# A phrasing no trigger rule reads: a boat that "floated" onto a coast.
FLOATED = "Four North Korean fishermen floated onto the coast of Japan on 12 May 2021."
CROSSING = EVENT_TYPES.index("border_crossing")


def _tagger(word: str, etype: int, threshold: float = 0.5) -> Tagger:
    """A tagger that knows one English word as a trigger of one type."""
    weights = [0.0] * len(EVENT_TYPES)
    weights[etype] = 10.0
    return Tagger(
        types=EVENT_TYPES,
        bias=(-5.0,) * len(EVENT_TYPES),
        weights={f"en:w={word}": tuple(weights)},
        anchors={"en": frozenset({word})},
        threshold=threshold,
    )


def _events(text: str) -> list[tuple[str, str | None, str | None, int | None]]:
    got = analyze_text(text, published="2021-05-20")
    return [(e.type, e.country, e.date, e.people) for e in got.events]


def test_the_rules_alone_miss_the_phrasing() -> None:
    with using_tagger(None):
        assert _events(FLOATED) == []


def test_a_learned_trigger_becomes_an_event_with_country_and_date() -> None:
    with using_tagger(_tagger("float", CROSSING)):
        assert _events(FLOATED) == [("border_crossing", "JP", "2021-05-12", 4)]


def test_under_its_threshold_the_tagger_proposes_nothing() -> None:
    with using_tagger(_tagger("float", CROSSING, threshold=0.999)):
        assert _events(FLOATED) == []


def test_a_negated_learned_trigger_is_no_event() -> None:
    text = "Officials said the four fishermen had not floated onto the coast of Japan on 12 May."
    with using_tagger(_tagger("float", CROSSING)):
        assert _events(text) == []


def test_where_the_rules_read_the_type_the_tagger_adds_nothing() -> None:
    text = "Two North Koreans crossed into China on 3 March 2021 and floated south."
    with using_tagger(None):
        ruled = _events(text)
    with using_tagger(_tagger("float", CROSSING)):
        assert _events(text) == ruled


def test_the_stored_model_loads_and_says_what_it_learnt_from() -> None:
    path = Path(learned.__file__).parent.parent / "data" / learned.MODEL_FILE
    data = json.loads(path.read_text("utf-8"))
    assert data["command"].startswith("python -m tumen.eval.train_triggers")
    assert set(data["trained_on"]) >= {"shared"}
    assert all(n > 0 for n in (c["tune_texts"] for c in data["trained_on"].values()))
    tagger = tagger_from_json(data)
    assert tagger.types == EVENT_TYPES
    assert all(len(w) == len(EVENT_TYPES) for w in tagger.weights.values())


def _corpus(root: Path) -> None:
    """A tiny corpus in the shared layout, written for this test."""
    texts = {
        "A1.txt": ("Boat found", "Six people floated onto a beach in Japan on 2 June 2020. "
                   "The police said the weather was calm."),
        "A2.txt": ("Another boat", "Three fishermen floated onto a beach in Japan on 9 July 2020. "
                   "Their boat was wooden."),
        "A3.txt": ("No event", "The ministry published its yearly report on 1 March."),
    }
    folder = root / "articles-en"
    folder.mkdir(parents=True)
    gold: dict[str, dict[str, object]] = {}
    for name, (title, body) in texts.items():
        (folder / name).write_text(f"{title}\n\n{body}\n", "utf-8")
        events = [] if name == "A3.txt" else [{"type": "border_crossing", "country": "JP"}]
        gold[name] = {"split": "tune", "language": "en", "events": events,
                      "events_optional": [], "topics": [], "statistics": []}
    (folder / "gold.json").write_text(
        json.dumps({"articles": gold, "incidents": {"groups": [], "not_incidents": []}}), "utf-8"
    )


def test_the_trainer_learns_from_evidence_and_records_it(tmp_path: Path) -> None:
    _corpus(tmp_path / "mini")
    evidence = tmp_path / "evidence" / "mini"
    evidence.mkdir(parents=True)
    told = {
        name: [{"list": "events", "index": 0, "type": "border_crossing",
                "mentions": [{"sentence": sentence, "trigger": "floated"}]}]
        for name, sentence in (
            ("A1.txt", "Six people floated onto a beach in Japan on 2 June 2020."),
            ("A2.txt", "Three fishermen floated onto a beach in Japan on 9 July 2020."),
        )
    }
    (evidence / "articles-en.json").write_text(json.dumps({"texts": told}), "utf-8")
    out = tmp_path / "model.json"
    args = ["--evidence", str(tmp_path / "evidence"), "--extra-corpus", str(tmp_path / "mini"),
            "--out", str(out), "--enable"]
    assert train_triggers.main(args) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["enabled"] is True
    assert data["trained_on"]["mini"]["tune_ids"] == ["A1", "A2", "A3"]
    assert data["trigger_words"] == {"border_crossing": 2}
    assert "float" in data["anchors"]["en"]
    tagger = tagger_from_json(data)
    m = read_mentions(FLOATED, "en", None)[0]
    (tok,) = [t for t in learned.tokens(m, m.sentences[0], 1) if t.key == "float"]
    assert tagger.scores(tok)[CROSSING] > max(tagger.scores(tok)[:CROSSING])


def _confidences(text: str) -> dict[str, float | None]:
    got = analyze_text(text, published="2021-05-20")
    return {e.type: e.confidence for e in got.events}


# The rules read the arrest; only the tagger reads the landing.
BOTH = (
    "Chinese police arrested two North Korean women in Yanji on 3 May 2021. "
    "Four North Korean fishermen floated onto the coast of Japan on 12 May 2021."
)


def test_a_floor_of_its_own_drops_learned_events_only() -> None:
    with using_tagger(None):
        ruled = _confidences(BOTH)
    assert "arrest" in ruled and "border_crossing" not in ruled
    with using_tagger(_tagger("float", CROSSING)):
        found = _confidences(BOTH)
    assert "border_crossing" in found
    # a floor over every confidence: the learned event goes, the rules' stays as it was
    with using_tagger(replace(_tagger("float", CROSSING), floor=0.999)):
        assert _confidences(BOTH) == ruled
    # a floor of 0: every learned event stays, under the rules' threshold too
    with using_tagger(replace(_tagger("float", CROSSING), floor=0.0)):
        assert _confidences(BOTH) == found


def test_with_product_the_floor_weighs_the_taggers_probability() -> None:
    conf = None
    with using_tagger(replace(_tagger("float", CROSSING), floor=0.0)):
        conf = _confidences(FLOATED)["border_crossing"]
    assert conf is not None
    # the test tagger's probability for the word is sigmoid(5) ~ .993: a floor just
    # under the confidence keeps it as a confidence floor but not as a product floor
    tagger = replace(_tagger("float", CROSSING), floor=conf - 0.001)
    with using_tagger(tagger):
        assert "border_crossing" in _confidences(FLOATED)
    with using_tagger(replace(tagger, product=True)):
        assert "border_crossing" not in _confidences(FLOATED)


def test_min_confidence_overrides_the_floor() -> None:
    with using_tagger(replace(_tagger("float", CROSSING), floor=0.999)):
        got = analyze_text(FLOATED, published="2021-05-20", min_confidence=0.0)
    assert [e.type for e in got.events] == ["border_crossing"]


def test_scores_read_sparse_weights_as_the_dense_ones() -> None:
    tagger = _tagger("float", CROSSING)
    tok = learned.Token(0, 5, "float", ("en:w=float", "en:p=VB"))
    z = [-5.0] * len(EVENT_TYPES)
    z[CROSSING] += 10.0
    assert tagger.scores(tok) == tuple(1.0 / (1.0 + math.exp(-v)) for v in z)


ARREST = EVENT_TYPES.index("arrest")
# The rules read the arrest and no country; only the tagger reads the second sentence,
# which tells the same arrest again and where it happened.
TOLD_AGAIN = (
    "Police arrested three North Korean women on 3 May 2021. "
    "Chinese police scooped up the three women in Yanji."
)


def _all(text: str) -> list[tuple[object, ...]]:
    got = analyze_text(text, published="2021-05-20")
    return [(e.type, e.country, e.date, e.people, e.evidence.start, e.confidence)
            for e in got.events]


def test_a_learned_event_under_its_floor_changes_no_rule_event() -> None:
    with using_tagger(None):
        ruled = _all(TOLD_AGAIN)
    assert [(e[0], e[1]) for e in ruled] == [("arrest", None)]
    with using_tagger(replace(_tagger("scoop", ARREST), floor=0.999)):
        assert _all(TOLD_AGAIN) == ruled


def test_a_learned_event_that_tells_a_rule_event_again_changes_it_not() -> None:
    with using_tagger(None):
        ruled = _all(TOLD_AGAIN)
    # kept at any confidence, it still gives the rules' event no country of its own
    with using_tagger(replace(_tagger("scoop", ARREST), floor=0.0)):
        assert _all(TOLD_AGAIN) == ruled


def test_the_rules_events_keep_their_confidences_with_the_tagger_on() -> None:
    with using_tagger(None):
        ruled = _all(BOTH)
    with using_tagger(replace(_tagger("float", CROSSING), floor=0.0)):
        found = _all(BOTH)
    assert [e for e in found if e[0] != "border_crossing"] == ruled
    assert len(found) == len(ruled) + 1


def test_a_floor_is_the_learned_events_own_not_that_of_one_told_in_its_words() -> None:
    from tumen.analyze.confidence import context, score_events
    from tumen.models import Event, Evidence

    said = Evidence("Police arrested two women in Yanji, China, on 3 May 2021.", 0, 58)
    rule, taught = (Event("arrest", said, "2021-05-03", 2, country="CN") for _ in range(2))
    ctx = context("en", "2021-05-20", 58, 0, [("arrest", 0)], 1)
    kept = score_events([rule, taught], ctx, floors={id(taught): 1.0})
    assert kept == [rule] and kept[0] is rule
