"""The benchmark scorer reproduces published figures, and extraction quality never regresses."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # bench/ is a top-level package beside src/, not installed

from bench.analyze import article  # noqa: E402
from bench.extraction import (  # noqa: E402
    DATA,
    load_gold,
    load_output,
    measure,
    page_counts,
    score,
)

BASELINE = json.loads((ROOT / "bench" / "baseline.json").read_text())
PUBLISHED = DATA / "output"


def test_page_counts_normalised_multisets() -> None:
    tp, fp, fn = page_counts("a b c d e", "a b c d x")
    assert (tp, fp, fn) == (pytest.approx(1 / 3), pytest.approx(1 / 3), pytest.approx(1 / 3))
    assert page_counts("a b c d a b c d", "a b c d")[2] > 0  # repeated shingles count twice


@pytest.mark.skipif(not PUBLISHED.is_dir(), reason="article-extraction benchmark not present")
@pytest.mark.parametrize(("name", "published"), [
    ("trafilatura", 0.958), ("readability", 0.922), ("newspaper", 0.949), ("AutoExtract", 0.970),
])
def test_scorer_reproduces_published_f1(name: str, published: float) -> None:
    f1 = score(load_gold(), load_output(PUBLISHED / f"{name}.json")).f1
    assert f1 == pytest.approx(published, abs=0.005)


@pytest.fixture(scope="module")
def measured() -> dict[str, float]:
    if not (DATA / "html").is_dir():
        pytest.skip("article-extraction benchmark not present")
    return {name: s.f1 for name, s, _ in measure()}


@pytest.mark.slow
def test_extraction_f1_not_below_recorded_baseline(measured: dict[str, float]) -> None:
    assert measured["tumen.extract.extract_html"] >= BASELINE["extraction"]["tumen_f1"] - 0.001


@pytest.mark.slow
def test_extraction_f1_reaches_trafilatura(measured: dict[str, float]) -> None:
    assert measured["tumen.extract.extract_html"] >= measured["trafilatura.extract (baseline)"]


@pytest.mark.parametrize(("lang", "script"), [("en", "a"), ("ko", "탈"), ("ja", "の")])
def test_analysis_bench_article_has_its_words_in_its_language(lang: str, script: str) -> None:
    """`bench analyze --lang` times an article of 2,000 words in that language (Japanese
    words counted as morphemes), its fixtures coming round again when they run out."""
    html, words = article(2000, lang)
    assert 2000 <= words < 2400
    assert html.count("<p>") > 10 and script in html


def test_analysis_bench_stage_only_starts_no_process(capsys: pytest.CaptureFixture[str]) -> None:
    """`--stage-only` prints the stage rows alone (short rounds for interleaving trees)."""
    import argparse

    from bench.analyze import add_arguments, main

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    main(parser.parse_args(["--stage-only", "--runs", "2", "--words", "200"]))
    out = capsys.readouterr().out
    assert "analyze stage (analyze_item), warm" in out and "load average" in out
    assert "tumen analyze" not in out and "python -c pass" not in out


def test_analysis_bench_warm_runs_tag_every_sentence_again() -> None:
    """A warm run pays for the English tagging of a new article: the per-sentence verb
    groups a previous run left are not reused."""
    from bench.analyze import _unseen

    from tumen.analyze.verbs import verb_groups
    from tumen.extract import extract_html

    html, _ = article(200, "en")
    item = extract_html(html, "https://bench.example/article").items[0]
    _unseen(item)
    _unseen(item)  # the same article again: as new, its sentences are tagged again
    seen = verb_groups.cache_info()  # counted since the last forgetting
    assert seen.misses > 5 and seen.hits < seen.misses
