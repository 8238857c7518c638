"""A topic model file records enough to be rebuilt exactly, and a rebuild says which
recorded input moved when it is not the same model."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tumen.eval import train_provenance as prov
from tumen.eval import train_topics

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


def _fixtures(tmp_path: Path) -> Path:
    """A small labelled set: English and Japanese texts of the project's tuned set."""
    out = tmp_path / "fixtures"
    out.mkdir()
    for pattern, n in (("en-*.json", 24), ("ja-*.json", 12)):
        for path in sorted(FIXTURES.glob(pattern))[:n]:
            shutil.copy(path, out / path.name)
    return out


def test_a_model_is_rebuilt_from_what_its_file_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trained with options other than the defaults, the file alone (--like) rebuilds the
    very same model; relabelling one text makes the rebuild differ and says where."""
    pytest.importorskip("sklearn")
    fixtures = _fixtures(tmp_path)
    out = tmp_path / "model.json"
    base = ["--fixtures", str(fixtures), "--corpus", str(tmp_path / "none")]
    options = ["--mix", "0.5", "--threshold", "0.4", "--morphemes", "ko,ja", "--lang-mix", "en=0.4"]
    assert train_topics.main([*base, *options, "--out", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["options"]["mix"] == 0.5 and data["options"]["morphemes"] == ["ko", "ja"]
    assert data["command"].endswith(" ".join(options))
    assert set(data["provenance"]["data"]) == set(data["trained_on"]) == {"fixtures"}
    capsys.readouterr()
    assert train_topics.main([*base, "--like", str(out), "--verify"]) == 0
    assert "exactly" in capsys.readouterr().out
    first = sorted(fixtures.glob("ja-*.json"))[0]
    case = json.loads(first.read_text("utf-8"))
    case["expected"]["topics"] = ["fundraising"]
    first.write_text(json.dumps(case, ensure_ascii=False), "utf-8")
    assert train_topics.main([*base, "--like", str(out), "--verify"]) == 1
    said = capsys.readouterr().out
    assert "labelled texts of fixtures differ" in said and "samples" in said


def test_the_same_samples_fit_the_same_model(tmp_path: Path) -> None:
    """A fit is deterministic: the same samples and options give the same file twice."""
    pytest.importorskip("sklearn")
    fixtures = _fixtures(tmp_path)
    texts = train_topics.labelled_texts(fixtures, tmp_path / "none")
    samples = [train_topics.sample(*t) for t in texts]
    opts = train_topics.Options()
    files = [
        train_topics.to_json(train_topics.fit(samples, opts), {"fixtures": 36}, opts)
        for _ in range(2)
    ]
    assert files[0] == files[1]
    assert train_topics.verify(files[0], files[1]) == []


def test_the_shipped_model_records_its_provenance() -> None:
    """The shipped file names the commit it was fitted at (a clean tree), the digests of
    its code, of its labelled texts and of its samples for every source it counts, the
    library versions, and every option of the fit."""
    data = json.loads(train_topics.OUT.read_text("utf-8"))
    record = data["provenance"]
    assert set(record["data"]) == set(record["samples"]) == set(data["trained_on"])
    assert re.fullmatch(r"[0-9a-f]{40}", record["commit"]) and record["clean"] is True
    assert re.fullmatch(r"[0-9a-f]{64}", record["code"])
    assert {"python", "scikit-learn", "sudachipy", "kiwipiepy"} <= set(record["versions"])
    fields = {f.name for f in dataclasses.fields(train_topics.Options)}
    assert set(data["options"]) == fields
    assert train_topics.Options.recorded(data["options"]).morphemes == tuple(
        data["ngrams"]["morphemes"]
    )


def test_differences_name_the_moved_input() -> None:
    """Each moved input is named: a corpus relabelled, the analysis reading differently,
    a library upgraded, another commit."""
    old = {
        "data": {"corpus-ja": "a"}, "samples": {"corpus-ja": "b"}, "commit": "c1",
        "clean": True, "code": "k1", "versions": {"numpy": "1"},
    }
    assert prov.differences(old, old) == []
    new = {**old, "samples": {"corpus-ja": "x"}, "code": "k2", "versions": {"numpy": "2"}}
    said = prov.differences(old, new)
    assert said == [
        "samples as the fitter read of corpus-ja differ", "numpy 1 -> 2",
        "the code differs from that of the fit (at c1)",
    ]
    assert prov.digest([[1, "가"]]) != prov.digest([[1, "나"]])


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("TUMEN_REBUILD_MODELS") != "1",
    reason="rebuilding the shipped topic model takes minutes: set TUMEN_REBUILD_MODELS=1",
)
def test_the_shipped_model_rebuilds_at_its_commit() -> None:
    """With the code it was fitted with and its corpora present, the shipped model
    rebuilds."""
    data = json.loads(train_topics.OUT.read_text("utf-8"))
    for corpus in data["corpora"]:
        if not Path(corpus["path"]).exists():
            pytest.skip(f"{corpus['path']} is not here")
    if prov.code(ignore=(train_topics.OUT,)) != data["provenance"]["code"]:
        pytest.skip("the code differs from that the model was fitted with")
    assert train_topics.main(["--verify"]) == 0
