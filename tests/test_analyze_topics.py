"""Topics: the learned scorer (lexicon features and character n-grams) and its trainer."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from tumen.analyze import analyze_text
from tumen.analyze.topic_ngrams import ngrams, scorer_from_json, scorer_to_json, worded
from tumen.analyze.topics import (
    FEATURES,
    classify_topics,
    load_model,
    model_from_json,
    topic_features,
)
from tumen.eval import train_topics

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"
PUB = "2024-06-01"
TEXTS = [
    "Chinese police arrested 15 defectors in Kunming.",
    "탈북민 15명이 쿤밍에서 체포됐다.",
    "脱北者15人が昆明で拘束された。  二度目の  空白",
    "a",
]


def test_korean_and_japanese_words_are_their_morphemes() -> None:
    """Asked to, the n-grams stay inside words: Japanese (no spaces) and Korean (particles
    joined to nouns) are read as morphemes set apart; English is read as written."""
    ja = worded("脱北者が中国で拘束された。", "ja")
    assert ja.replace(" ", "") == "脱北者が中国で拘束された。"
    assert "中国 で" in ja and "拘束" in ja.split()
    ko = worded("탈북민이 중국에서 체포됐다.", "ko")
    assert "중국" in ko.split() and "에서" in ko.split()
    assert worded("Chinese police arrested 15 defectors.", "en") == (
        "Chinese police arrested 15 defectors."
    )
    # The trainer's texts are read the same way as the shipped model reads them.
    text = "脱北者が中国で拘束された。"
    case = {"text": text, "expected": {"topics": ["detention"]}}
    assert train_topics.sample("corpus-ja", "g", case).text == load_model().words(text, "ja")
    assert train_topics.sample("corpus-ja", "g", case, ("ko", "ja")).text == ja


@pytest.mark.parametrize("text", TEXTS)
def test_ngrams_are_scikit_learns(text: str) -> None:
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    analyzer = text_mod.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()
    assert ngrams(text, (2, 4)) == analyzer(text)


def test_vector_is_scikit_learns_tfidf() -> None:
    """The scorer computes the vector TfidfVectorizer would, without importing it."""
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    vec = text_mod.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    matrix = vec.fit_transform(TEXTS)
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    zeros = [0.0] * len(vocab)
    scorer = scorer_from_json({
        "sizes": [2, 4], "vocabulary": vocab, "idf": vec.idf_.tolist(),
        "topics": {"detention": {"weights": zeros, "bias": 0.0}},
    })
    for row, text in enumerate(TEXTS):
        columns, values = scorer.vector(text)
        expected = matrix[row].toarray()[0]
        assert dict(zip(columns.tolist(), values.tolist(), strict=True)) == pytest.approx(
            {i: v for i, v in enumerate(expected) if v}
        )
    assert scorer_from_json(scorer_to_json(scorer)).vocabulary == scorer.vocabulary


def test_model_refuses_other_features() -> None:
    data = {"features": ["rule"], "threshold": 0.5, "topics": {}}
    with pytest.raises(ValueError, match="features"):
        model_from_json(data)


def test_shipped_model_reads_what_a_text_is_about() -> None:
    model = load_model()
    assert model.ngrams is not None and 0 < model.mix < 1
    assert set(model.weights) == set(model.ngrams.topics)
    arrest = analyze_text(
        "Chinese police arrested 15 North Korean defectors in Kunming on Tuesday, "
        "activists said. They are held in a detention centre in the city.",
        title="15 North Korean defectors arrested in Kunming", published=PUB,
    ).topics
    assert "detention" in arrest
    assert not {"fundraising", "discrimination", "resettlement"} & set(arrest)
    returned = analyze_text(
        "지난달 중국 공안에 체포된 탈북민 60여 명이 강제북송됐다고 단체가 밝혔다.",
        title="탈북민 60여명 강제북송", published=PUB,
    ).topics
    assert "repatriation" in returned


def test_features_weigh_title_and_length() -> None:
    long_text = "Title about the weather\n\n" + " ".join(
        f"Sentence {i} talks about the weather." for i in range(12)
    ) + " The police band played."
    short = topic_features("The police arrested two defectors.", title=None)
    passing = topic_features(long_text, title="Title about the weather")
    index = {name: i for i, name in enumerate(FEATURES)}
    assert short["detention"][index["short_rule"]] == 1.0
    assert short["detention"][index["long_bias"]] == 0.0
    assert passing["detention"][index["long_rule"]] == 0.0
    assert passing["detention"][index["long_bias"]] == 1.0


def test_every_topic_sees_the_events_figures_and_language_of_the_text() -> None:
    """The events the analysis found, its figures and the language are features of every
    topic: arrests in a text tell of its repatriation topic too, not only of detention."""
    index = {name: i for i, name in enumerate(FEATURES)}
    text = "Police in Shenyang arrested four defectors last week."
    events = analyze_text(text, published=PUB, topics=False).events
    assert [e.type for e in events] == ["arrest"]
    feats = topic_features(text, events, True)
    for topic in ("detention", "repatriation", "fundraising"):
        row = feats[topic]
        assert row[index["events_arrest"]] > 0 and row[index["events_repatriation"]] == 0
        assert row[index["figures"]] == 1.0 and row[index["lang_en"]] == 1.0
    ko = topic_features("경찰이 탈북민 4명을 체포했다.", lang="ko")["detention"]
    assert ko[index["lang_ko"]] == 1.0 and ko[index["lang_en"]] == 0.0
    assert ko[index["events_arrest"]] == 0.0  # no events given


def test_editorials_and_asylum_decisions_are_cues() -> None:
    """An editorial's stance ("should not be forcibly repatriated", a title that says
    "Stop ...") is advocacy; a decision on asylum or refugee status is policy."""
    index = {name: i for i, name in enumerate(FEATURES)}
    texts = {
        "advocacy": (
            "Stop the returns\n\nUnder no circumstances should these refugees be forcibly "
            "repatriated, the paper argued.",
            "Stop the returns",
        ),
        "policy": ("Russia granted temporary asylum to a North Korean refugee.", None),
    }
    for topic, (text, title) in texts.items():
        assert topic_features(text, title=title)[topic][index["short_rule"]] == 1.0, topic
    ko = topic_features("정부는 중국에 강제송환을 즉각 중단하라고 밝혔다.", lang="ko")
    assert ko["advocacy"][index["short_rule"]] == 1.0


def test_trainer_writes_a_model_that_reads_its_texts(tmp_path: Path) -> None:
    """Trained on a few labelled texts (no corpus), the written model loads and scores its
    training texts well; topics it was not shown are never given."""
    pytest.importorskip("sklearn")
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for path in sorted(FIXTURES.glob("en-*.json"))[:40]:
        shutil.copy(path, fixtures / path.name)
    out = tmp_path / "model.json"
    args = ["--fixtures", str(fixtures), "--corpus", str(tmp_path / "none"), "--out", str(out)]
    assert train_topics.main(args) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["trained_on"] == {"fixtures": 40}
    model = model_from_json(data)
    samples = [train_topics.sample(*t) for t in train_topics.labelled_texts(fixtures, tmp_path)]
    precision, recall, _ = train_topics.micro_f1(model, samples)
    assert precision > 0.8 and recall > 0.8
    seen = {t for s in samples for t in s.topics}
    unseen = set(model.weights) - seen
    assert unseen
    assert not unseen & {t for s in samples for t in model.topics(s.text, s.features)}


def _write_corpus(root: Path, cases: list[dict[str, object]], splits: list[str]) -> None:
    """Project-written cases laid out as a labelled corpus (title line, blank, text)."""
    folder = root / "articles-en"
    folder.mkdir(parents=True)
    articles = {}
    for case, split in zip(cases, splits, strict=True):
        name = f"{case['id']}.txt"
        (folder / name).write_text(f"{case.get('title') or 'Untitled'}\n\n{case['text']}", "utf-8")
        expected = case["expected"]
        assert isinstance(expected, dict)
        articles[name] = {
            "language": "en", "published": case.get("published"), "split": split,
            "topics": expected["topics"], "statistics": [], "events": [],
        }
    gold = {"articles": articles, "incidents": {"groups": [], "not_incidents": []}}
    (folder / "gold.json").write_text(json.dumps(gold), "utf-8")


def test_trainer_reads_the_tune_split_of_an_extra_corpus(tmp_path: Path) -> None:
    """--extra-corpus adds the tune split of another labelled corpus to the training texts,
    never its check split, and the model file says so."""
    pytest.importorskip("sklearn")
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    paths = sorted(FIXTURES.glob("en-*.json"))
    for path in paths[:30]:
        shutil.copy(path, fixtures / path.name)
    cases = [json.loads(p.read_text("utf-8")) for p in paths[30:40]]
    _write_corpus(tmp_path / "extra", cases, ["tune"] * 6 + ["check"] * 4)
    out = tmp_path / "model.json"
    args = ["--fixtures", str(fixtures), "--corpus", str(tmp_path / "none"), "--out", str(out)]
    assert train_topics.main([*args, "--extra-corpus", str(tmp_path / "extra")]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["trained_on"] == {"fixtures": 30, "extra-en": 6}
    assert data["command"].endswith(f"--extra-corpus {tmp_path / 'extra'}")
    # The file names what it learnt from: the extra corpus's folder and its tune texts only.
    (extra,) = data["corpora"]
    assert extra["path"] == str(tmp_path / "extra") and extra["tune_texts"] == 6
    assert extra["tune_ids"] == [s.split("-")[0] for s in sorted(str(c["id"]) for c in cases[:6])]
    assert train_topics.main([*args, "--extra-corpus", str(tmp_path / "missing")]) == 2


def test_mix_and_threshold_are_chosen_out_of_fold() -> None:
    """--select scores every mix and threshold on held-out folds and keeps the best; the
    model's probabilities cut at its threshold are its topics."""
    pytest.importorskip("sklearn")
    cases = sorted(FIXTURES.glob("en-*.json"))[:30]
    samples = [
        train_topics.sample("fixtures", p.stem, json.loads(p.read_text("utf-8"))) for p in cases
    ]
    opts, grid = train_topics.select(samples, train_topics.Options(), k=3, seeds=(0, 1))
    assert set(grid) == {(m, t) for m in train_topics.MIXES for t in train_topics.THRESHOLDS}
    # one F1 per fold draw; the pair kept has the best mean over the draws
    means = {pair: sum(row["fixtures"]) / 2 for pair, row in grid.items()}
    assert all(len(row["fixtures"]) == 2 for row in grid.values())
    assert means[(opts.mix, opts.threshold)] == max(means.values())
    model = train_topics.fit(samples, opts)
    s = samples[0]
    probs = model.probabilities(s.text, s.features)
    assert model.topics(s.text, s.features) == [t for t, p in probs.items() if p >= opts.threshold]


def test_cross_validation_is_repeated_over_fold_draws_that_keep_groups_whole() -> None:
    """Each seed deals the groups to folds in another order (so a figure is not one draw's
    luck); a group's texts always share a fold, and every text is held out once a draw."""
    pytest.importorskip("sklearn")
    cases = sorted(FIXTURES.glob("en-*.json"))[:24]
    samples = [
        train_topics.sample("fixtures", f"g{n // 2}", json.loads(p.read_text("utf-8")))
        for n, p in enumerate(cases)
    ]
    draws = []
    for seed in (0, 1, 2):
        folds = [held for held, _ in train_topics._splits(samples, 3, seed)]
        assert sorted(s.source + str(id(s)) for f in folds for s in f) == sorted(
            s.source + str(id(s)) for s in samples
        )
        assert all(len({fold for fold, f in enumerate(folds) if s in f}) == 1 for s in samples)
        for f in folds:
            assert all(t in f for s in f for t in samples if t.group == s.group)
        draws.append([sorted(s.group for s in f) for f in folds])
    assert draws[0] != draws[1] or draws[1] != draws[2]
    figures = train_topics.cross_validate(samples, train_topics.Options(), k=3, seeds=(0, 1))
    assert set(figures) == {"fixtures"} and len(figures["fixtures"]) == 2
    assert "±" in train_topics.spread([f for _, _, f in figures["fixtures"]])


def test_a_request_for_help_in_japanese_is_no_advocacy() -> None:
    # 要請 asks an embassy or a government for something; a campaign is 抗議, 署名, 訴え
    text = (
        "脱北者5人が先月20日、中国の公安当局に逮捕された。"
        "家族は韓国大使館に助けを要請したが、返事はなかったという。"
    )
    assert "advocacy" not in analyze_text(text, published="2020-06-01").topics
    text = "支援団体は中国政府に強制送還の中止を求める署名を集め、抗議した。"
    assert "advocacy" in analyze_text(text, published="2020-06-01").topics


def test_shipped_model_says_what_it_was_trained_on() -> None:
    """The shipped model lists every corpus it learnt from with the ids of its tune
    texts, as many as it counts per source (a development set may be gone later)."""
    data = json.loads((Path(train_topics.OUT)).read_text("utf-8"))
    corpora = {c["name"]: c for c in data["corpora"]}
    real = sum(n for source, n in data["trained_on"].items() if source != "fixtures")
    assert sum(c["tune_texts"] for c in corpora.values()) == real
    for c in corpora.values():
        assert len(set(c["tune_ids"])) == c["tune_texts"]
    if "extra 0" in corpora:
        assert "--extra-corpus" in data["command"] and corpora["extra 0"]["about"]


def test_deportation_words_of_korean_and_japanese_are_repatriation_cues() -> None:
    """'추방', '追放' and '送り返' are repatriation cues as 'deported' and 'sent back' are in
    English (a group expelled to North Korea or China); a feared one is not."""
    index = {name: i for i, name in enumerate(FEATURES)}
    texts = {
        "ko": "정부는 어민 2명을 판문점을 통해 북한으로 추방했다.",
        "ja": "政府は漁民2人を板門店から北朝鮮に追放した。",
        "en": "The government deported the two fishermen to North Korea.",
    }
    for lang, text in texts.items():
        assert topic_features(text, lang=lang)["repatriation"][index["short_rule"]] == 1.0, lang
    sent = topic_features("警察は男性を中国に送り返した。", lang="ja")
    assert sent["repatriation"][index["short_rule"]] == 1.0
    feared = topic_features("탈북민 3명이 중국으로 추방될 위기에 처했다.", lang="ko")
    assert feared["repatriation"][index["short_rule"]] == 0.0


def test_topics_count_the_figures_the_analysis_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """The topic model is told of statistics exactly when the analysis gives some (as the
    trainer measures it): a figure read only from the title is not one."""
    import tumen.analyze as analyze

    told: list[bool] = []

    def spy(text: str, events: object, has_statistics: bool, **kw: object) -> list[str]:
        told.append(has_statistics)
        return []

    monkeypatch.setattr(analyze, "classify_topics", spy)
    body = "The ministry published its yearly report on Monday."
    for title in ("1,047 defectors arrived in South Korea in 2019", "A yearly report"):
        got = analyze_text(body, title=title, published=PUB)
        assert told.pop() == bool(got.statistics)
    got = analyze_text("In 2019, 1,047 defectors arrived in South Korea.", published=PUB)
    assert got.statistics and told.pop() is True


# Sentences of no topic, written for this test, that make a text long.
_FILLER = (
    " The page was edited again later that week. The office gave no further comment."
    " A spokesperson declined to say more. Readers may write to the desk. The column ends here."
)


def test_real_reports_are_also_scored_by_length() -> None:
    """--cv and --select give the real reports' figures per length as well (the project's
    texts are all short, so the short real reports are the only short texts the lexicon
    was not written on): a long and a short slice that add up to the real reports."""
    pytest.importorskip("sklearn")
    cases = [json.loads(p.read_text("utf-8")) for p in sorted(FIXTURES.glob("en-*.json"))[:24]]
    samples = [
        train_topics.sample("corpus-en", f"g{n}", {**c, "text": c["text"] + _FILLER * (n % 2)})
        for n, c in enumerate(cases)
    ]
    assert [train_topics.length(s) for s in samples] == ["short", "long"] * 12
    perfect = [(s, {t: float(t in s.topics) for t in s.features}) for s in samples]
    tally = train_topics._tally(perfect, 0.5)
    assert [a + b for a, b in zip(tally["long"], tally["short"], strict=True)] == tally["real"]
    assert tally["long"][2] == sum(len(s.topics) for s in samples[1::2])
    figures = train_topics.cross_validate(samples, train_topics.Options(), k=3, seeds=(0,))
    assert list(figures) == ["corpus-en", "real", "en", "long", "short"]


def test_indiscriminate_is_no_discrimination_cue() -> None:
    """무차별 / 無差別 ("indiscriminately") hold the word for discrimination but are no cue."""
    index = FEATURES.index("short_rule")
    cases = [
        ("경비대가 붙잡힌 탈북민들을 무차별 폭행했다.", "ko", 0.0),
        ("탈북민 학생들은 학교에서 차별을 겪었다고 했다.", "ko", 1.0),
        ("看守が収容者を無差別に殴ったという。", "ja", 0.0),
        ("脱北者は職場で差別を受けたと話した。", "ja", 1.0),
    ]
    for text, lang, rule in cases:
        assert topic_features(text, lang=lang)["discrimination"][index] == rule, text


def test_rare_topics_keep_their_lexicon_probability_as_a_floor() -> None:
    """A topic in `lexicon_floor` is given whenever its lexicon alone would give it: the
    n-grams may raise it but not vote it down; other topics stay mixed."""
    model = load_model()
    floored = dataclasses.replace(model, lexicon_floor=frozenset({"trafficking"}))
    text = "She was sold to a farmer across the river as a bride."
    feats = topic_features(text)
    words = worded(text, "en")
    lexicon = model.score("trafficking", feats["trafficking"])
    mixed, raised = model.probabilities(words, feats), floored.probabilities(words, feats)
    assert raised["trafficking"] == max(mixed["trafficking"], lexicon)
    assert {t: p for t, p in raised.items() if t != "trafficking"} == {
        t: p for t, p in mixed.items() if t != "trafficking"
    }
    data = json.loads(train_topics.OUT.read_text("utf-8"))
    assert not data.get("lexicon_floor")  # the shipped model floors no topic (session 17)
    assert model_from_json({**data, "lexicon_floor": ["testimony"]}).lexicon_floor == {"testimony"}


def test_trainer_floors_the_topics_too_few_texts_have() -> None:
    """--ngram-min-texts: topics fewer training texts are labelled with get the floor."""
    pytest.importorskip("sklearn")
    cases = sorted(FIXTURES.glob("en-*.json"))[:30]
    samples = [
        train_topics.sample("fixtures", p.stem, json.loads(p.read_text("utf-8"))) for p in cases
    ]
    counts = {t: sum(t in s.topics for s in samples) for t in load_model().weights}
    model = train_topics.fit(samples, train_topics.Options(ngram_min_texts=3))
    assert model.lexicon_floor == {t for t, n in counts.items() if n < 3}
    assert not train_topics.fit(samples, train_topics.Options()).lexicon_floor


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def test_the_model_reads_japanese_with_its_own_ngrams() -> None:
    """The shipped n-grams read Japanese as written (across morphemes: out of corpus this
    read Japanese topics better than morphemes set apart), hold Japanese n-grams that
    decide, and the lexicon weighs the Japanese language feature: with the Japanese n-grams'
    weights zeroed, a Japanese report of people sent back scores lower for repatriation."""
    model = load_model()
    assert model.ngrams is not None and "ja" not in model.ngrams.morphemes
    text = "国境の町で捕まった脱北者の女性5人が、先週北朝鮮へ強制送還されたという。"
    assert model.words(text, "ja") == text
    scorer = model.ngrams
    japanese = [i for gram, i in scorer.vocabulary.items() if _JAPANESE.search(gram)]
    assert len(japanese) > 500
    weights = scorer.weights.copy()
    weights[japanese] = 0.0
    without = dataclasses.replace(scorer, weights=weights)
    assert scorer.scores(text)["repatriation"] > without.scores(text)["repatriation"] + 0.2
    lang_ja = FEATURES.index("lang_ja")
    assert any(abs(w[lang_ja]) > 0.05 for w in model.weights.values())
    assert "repatriation" in classify_topics(text, lang="ja")


def test_japanese_has_the_policy_cues_english_has() -> None:
    """A stated course (方針, as 'policy'), exit permits (出国許可), a treaty or agreement
    (条約, 協定) and China's foreign ministry (外交部) are policy cues in Japanese, as their
    English words are; an arrest told alone is none."""
    index = FEATURES.index("short_rule")
    texts = (
        "政府は、漂着した人々を本人の希望する国へ送る方針を示した。",
        "中国当局は大使館に保護された人々の出国許可を止めている。",
        "両国は不法に越境した者を引き渡す協定を結んでいる。",
        "中国外交部の報道官は、記者会見で問題はないと述べた。",
    )
    for text in texts:
        assert topic_features(text, lang="ja")["policy"][index] == 1.0, text
    arrest = topic_features("脱北者3人が国境の町で公安に捕まった。", lang="ja")
    assert arrest["policy"][index] == 0.0


def test_a_language_may_have_its_own_lexicon_share() -> None:
    """The model mixes a language named in lang_mix by its own share (told by the text's
    language feature), every other language by mix."""
    model = dataclasses.replace(load_model(), mix=0.3, lang_mix=(("ja", 0.5),))
    ja = topic_features("脱北者が中国で拘束された。", lang="ja")
    en = topic_features("Defectors were detained in China.", lang="en")
    assert model.share(ja["detention"]) == 0.5 and model.share(en["detention"]) == 0.3
    data = json.loads(train_topics.to_json(model, {}, train_topics.Options()))
    assert model_from_json(data).lang_mix == (("ja", 0.5),)
