"""The topic model's leave-one-corpus-out cross-validation (eval/topics_loco)."""

from __future__ import annotations

from typing import Any

import pytest

from tumen.analyze.topics import FEATURES, TopicModel
from tumen.eval import topics_loco
from tumen.eval.train_topics import Options, Sample
from tumen.models import TOPICS

ZERO = tuple(0.0 for _ in FEATURES)


def _sample(source: str, topics: set[str], text: str = "") -> Sample:
    features = {t: ZERO for t in TOPICS}
    return Sample(source, source, text, features, frozenset(topics), frozenset())


def test_each_corpus_is_scored_by_a_model_that_never_saw_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every study text is held out once, by a model trained on the other corpora and on
    the project's texts; the project's texts are never held out."""
    samples = [
        _sample("fixtures", {"border"}), _sample("corpus-en", {"border"}),
        _sample("extra-ja", {"policy"}), _sample("extra-ko", {"rescue"}),
    ]
    corpora = ["fixtures", "corpus", "extra0", "extra1"]
    trained: list[list[Sample]] = []

    def fake_fit(train: list[Sample], opts: Options) -> TopicModel:
        trained.append(train)
        bias = {t: (5.0 if t == "border" else -5.0) for t in TOPICS}
        return TopicModel({t: ZERO for t in TOPICS}, bias, opts.threshold)

    monkeypatch.setattr(topics_loco, "fit", fake_fit)
    scored = topics_loco.held_out(samples, corpora, Options(mix=1.0))
    assert sorted(c for _, c, _ in scored) == ["corpus", "extra0", "extra1"]
    assert len(trained) == 3
    for (s, corpus, _), train in zip(scored, trained, strict=True):
        assert s not in train and samples[0] in train
        assert all(c != corpus for t, c in zip(samples, corpora, strict=True) if t in train)


def test_the_tally_counts_each_languages_false_positives_and_negatives() -> None:
    """A topic given and not labelled is a false positive of its language, one labelled and
    not given a false negative; the language and corpus rows pool the micro counts."""
    high: dict[str, Any] = {t: 0.0 for t in TOPICS} | {"border": 0.9}
    scored = [
        (_sample("extra-ja", {"policy"}), "extra0", high),
        (_sample("extra-ja", {"border"}), "extra0", high),
        (_sample("corpus-en", {"border"}), "corpus", high),
    ]
    t = topics_loco.tally(scored, 0.35)
    assert t["ja border"] == [1, 1, 0] and t["ja policy"] == [0, 0, 1]
    assert t["ja"] == [1, 2, 2] and t["extra0 ja"] == [1, 2, 2] and t["all"] == [2, 3, 3]
    printed = topics_loco.report(scored, (0.35, 0.95), 0.35, "ja")
    assert "threshold 0.95: all 0.000" in printed
    assert "ja border          tp   1 fp   1 fn   0" in printed


def test_an_added_corpus_is_judged_by_the_same_texts_with_and_without_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """--added: the older corpora's texts are scored twice, by fold models that never saw
    the added texts and by ones that did; the added texts are scored once, held out."""
    samples = [
        _sample("fixtures", {"border"}), _sample("corpus-en", {"border"}),
        _sample("extra-ko", {"rescue"}), _sample("extra-ja", {"policy"}),
        _sample("extra-en", {"border"}),
    ]
    corpora = ["fixtures", "corpus", "extra0", "extra1", "extra0"]
    added = [False, False, False, True, True]
    trained: list[list[Sample]] = []

    def fake_fit(train: list[Sample], opts: Options) -> TopicModel:
        trained.append(train)
        return TopicModel({t: ZERO for t in TOPICS}, {t: -5.0 for t in TOPICS}, opts.threshold)

    monkeypatch.setattr(topics_loco, "fit", fake_fit)
    without, with_it, own = topics_loco.with_and_without(samples, corpora, added, Options(mix=1.0))
    older = [samples[1], samples[2]]
    assert [s for s, _, _ in without] == older and [s for s, _, _ in with_it] == older
    assert [s for s, _, _ in own] == [samples[4], samples[3]]
    fold_without, fold_with = trained[:2], trained[2:4]
    assert all(samples[3] not in t and samples[4] not in t for t in fold_without)
    assert samples[3] in fold_with[0] and samples[4] not in fold_with[1]
