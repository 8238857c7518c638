"""No real report's sentence in the project: runs the tree shares with the corpora beside it.

The corpora (../shared/corpus, ../shared/seeds and the sets under ../dev) may be studied,
never copied (README, corpus rules). A run of 10 words, or 20 Korean or Japanese characters,
that only one corpus text holds is a copied fragment, not a stock phrase ("the Joint Chiefs
of Staff said" stands in many reports); a run of figures alone is a table of facts.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = [REPO.parent / p for p in (
    "shared/corpus", "shared/seeds", "dev/corpus", "dev/extra", "dev/fresh", "dev/fresh2")]
# what the project writes: code, data, docs and fixtures (the vendored bundle is not ours)
SCANNED = ("src", "tests", "bench", "docs", "README.md")
SUFFIXES = {".py", ".md", ".json", ".yaml", ".yml", ".txt", ".html", ".xml", ".rss", ".csv"}
SKIPPED = ("vendor",)
WORDS, CJK_CHARS = 10, 20
# names a single report may be the only one to spell out in full
NAMES = ("commission of inquiry on human rights in the democratic people's republic of korea",)
_WORD = re.compile(r"[A-Za-z0-9']+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af0-9]")
_TAG = re.compile(r"<[^>]+>")


def _corpus_texts() -> list[Path]:
    return [f for d in CORPORA if d.is_dir() for f in sorted(d.rglob("*")) if f.suffix in
            (".txt", ".html")]


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _runs(seq: list[str] | str, n: int) -> list[str]:
    joiner = " " if isinstance(seq, list) else ""
    return [joiner.join(seq[i : i + n]) for i in range(len(seq) - n + 1)]


def _index() -> tuple[dict[str, int], dict[str, int]]:
    """How many corpus texts hold each run of WORDS words and of CJK_CHARS characters."""
    words: dict[str, int] = defaultdict(int)
    chars: dict[str, int] = defaultdict(int)
    for path in _corpus_texts():
        text = path.read_text("utf-8", errors="replace")
        if path.suffix == ".html":
            text = html.unescape(_TAG.sub(" ", text))
        for run in set(_runs(_words(text), WORDS)):
            words[run] += 1
        cjk = {r for line in text.splitlines() for r in _runs("".join(_CJK.findall(line)),
                                                              CJK_CHARS)}
        for run in cjk:
            chars[run] += 1
    return words, chars


def _project_files() -> list[Path]:
    found = []
    for name in SCANNED:
        top = REPO / name
        files = [top] if top.is_file() else sorted(top.rglob("*")) if top.is_dir() else []
        found += [f for f in files if f.is_file() and f.suffix in SUFFIXES
                  and not any(part in SKIPPED for part in f.parts)]
    return found


def _copied(text: str, words: dict[str, int], chars: dict[str, int]) -> list[str]:
    """The runs of text that exactly one corpus text holds, letters and all."""
    hits = [r for r in _runs(_words(text), WORDS)
            if words.get(r) == 1 and not any(r in name for name in NAMES)]
    for line in text.splitlines():
        hits += [r for r in _runs("".join(_CJK.findall(line)), CJK_CHARS) if chars.get(r) == 1]
    # a run with no letter (figures, or quote marks standing alone) is no one's sentence
    return [r for r in hits if any(ch.isalpha() for ch in r)]


@pytest.mark.skipif(not any(d.is_dir() for d in CORPORA),
                    reason="no corpus (../shared/corpus, ../dev/corpus) beside this clone")
def test_no_fragment_of_a_real_report_in_the_project() -> None:
    words, chars = _index()
    found = {}
    for path in _project_files():
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        hits = _copied(text, words, chars)
        if hits:
            found[str(path.relative_to(REPO))] = hits[0]
    assert found == {}, "rewrite these in the project's own words (first run of each file)"


def test_the_scan_finds_a_run_only_one_text_holds() -> None:
    words = {"a b c d e f g h i j": 1, "k l m n o p q r s t": 3}
    assert _copied("x a b c d e f g h i j y", words, {}) == ["a b c d e f g h i j"]
    # held by several texts: a stock phrase; figures alone: a table of facts
    assert _copied("k l m n o p q r s t", words, {}) == []
    assert _copied("1 2 3 4 5 6 7 8 9 10", {"1 2 3 4 5 6 7 8 9 10": 1}, {}) == []
    # quote marks standing alone in a YAML list are words to the scan, but no sentence
    quotes = " ".join(["'"] * 10)
    assert _copied(quotes, {quotes: 1}, {}) == []
    chars = {"가나다라마바사아자차카타파하거너더러머버": 1}
    assert _copied("가나다라마바사아자차카타파하거너더러머버", {}, chars) == [
        "가나다라마바사아자차카타파하거너더러머버"
    ]
