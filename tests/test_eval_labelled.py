"""The labelled texts models train on: sources, groups that share a fold, extra corpora."""

from __future__ import annotations

import json
from pathlib import Path

from tumen.eval.labelled import labelled_texts, missing_corpora, source_counts


def _case(case_id: str, language: str = "en") -> dict[str, object]:
    return {
        "id": case_id, "language": language, "published": "2020-01-02", "title": "T",
        "text": "Police arrested four people on Monday.",
        "expected": {"language": language, "topics": [], "events": [], "statistics": []},
    }


def _corpus(root: Path, split_of: dict[str, str], groups: list[list[str]]) -> Path:
    """A corpus in the shared layout: a title line, a blank line, the text; gold.json."""
    folder = root / "articles-en"
    folder.mkdir(parents=True)
    articles = {}
    for stem, split in split_of.items():
        (folder / f"{stem}.txt").write_text("A title\n\nPolice arrested four people.", "utf-8")
        articles[f"{stem}.txt"] = {"language": "en", "split": split, "events": []}
    gold = {"articles": articles, "incidents": {"groups": groups, "not_incidents": []}}
    (folder / "gold.json").write_text(json.dumps(gold), "utf-8")
    return root


def test_fixtures_corpus_and_extra_tune_texts_with_their_groups(tmp_path: Path) -> None:
    fixtures = tmp_path / "fixtures"
    fixtures.mkdir()
    for case_id in ("en-pair-01", "ko-pair-01", "en-solo"):
        (fixtures / f"{case_id}.json").write_text(json.dumps(_case(case_id)), "utf-8")
    (fixtures / "baseline.json").write_text("{}", "utf-8")
    corpus = _corpus(tmp_path / "corpus", {"A1": "tune", "A2": "tune", "A3": "check"},
                     [["A1", "A2", "A3"]])
    extra = _corpus(tmp_path / "extra", {"A1": "tune", "B1": "tune", "B2": "check"}, [])
    texts = labelled_texts(fixtures, corpus, (extra,), tmp_path / "no-overlay.json")
    by_id = {(src, case["id"]): group for src, group, case in texts}
    # never a check text; one report in two languages is one group
    assert set(by_id) == {("fixtures", "en-pair-01"), ("fixtures", "ko-pair-01"),
                          ("fixtures", "en-solo"), ("corpus-en", "A1"), ("corpus-en", "A2"),
                          ("extra-en", "A1"), ("extra-en", "B1")}
    assert by_id["fixtures", "en-pair-01"] == by_id["fixtures", "ko-pair-01"]
    assert by_id["corpus-en", "A1"] == by_id["corpus-en", "A2"]  # one incident
    # the same stem in another corpus is another report, in another group
    assert by_id["extra-en", "A1"] != by_id["corpus-en", "A1"]
    assert source_counts(texts) == {"fixtures": 3, "corpus-en": 2, "extra-en": 2}


def test_missing_corpora_names_folders_without_labels(tmp_path: Path) -> None:
    real = _corpus(tmp_path / "real", {"A1": "tune"}, [])
    assert missing_corpora([real, tmp_path / "nothing"]) == [tmp_path / "nothing"]


def test_reports_of_one_day_dated_event_in_two_corpora_share_a_group() -> None:
    from tumen.eval.labelled import linked_groups

    def case(*events: tuple[str, str, str | None]) -> dict[str, object]:
        labels = [{"type": t, "country": c, "date": d} for t, c, d in events]
        return {"expected": {"events": labels}}

    texts = [
        ("corpus-en", "E1", case(("arrest", "CN", "2019-04-27"))),
        ("extra-ko", "0:D7", case(("arrest", "CN", "2019-04-27"), ("death", "KP", "2019-05"))),
        ("extra-en", "1:X2", case(("death", "KP", "2019-05"))),  # a month is no day: apart
        ("extra-ja", "1:X3", case(("repatriation", "CN", "2019-05-02"))),
        ("corpus-ja", "J4", case(("repatriation", "CN", "2019-05-02"), ("arrest", "CN", None))),
    ]
    got = linked_groups(texts)  # type: ignore[arg-type]
    assert got[0] == got[1] and got[3] == got[4]
    assert len({got[0], got[2], got[3]}) == 3


def test_each_corpus_is_a_group_and_a_linked_incident_stays_in_its_first_corpus() -> None:
    from tumen.eval.labelled import corpus_groups

    def case(*events: tuple[str, str, str]) -> dict[str, object]:
        labels = [{"type": t, "country": c, "date": d} for t, c, d in events]
        return {"expected": {"events": labels}}

    texts = [
        ("fixtures", "pair-01", case()),
        ("corpus-en", "E1", case(("arrest", "CN", "2019-04-27"))),
        ("corpus-ko", "K2", case()),
        ("extra-ko", "0:D7", case(("arrest", "CN", "2019-04-27"))),  # E1's incident
        ("extra-en", "0:D8", case()),
        ("extra-ja", "1:X3", case()),
    ]
    got = corpus_groups(texts)  # type: ignore[arg-type]
    assert got == ["fixtures", "corpus", "corpus", "corpus", "0", "1"]
