"""Analysis speed: `tumen analyze --json` on a 2,000-word article (target < 150 ms).

The article is the texts of tests/fixtures/analysis/ in one language (`--lang`, English
by default: real-looking reports with events, places, counts and dates) concatenated in
file order until it has 2,000 words, written as an HTML page. Japanese has no spaces
between words: its words are counted as its morphemes (SudachiPy, punctuation left out).
Two things are timed separately:

- the analyze stage, in process: tumen.analyze.analyze_item on the extracted item, the
  first call (which loads the language detector and the gazetteer) and the median of the
  following calls, each on a text it has not seen (a number appended); baseline in the
  same run: lingua's language detection of the same text alone (one library call, the
  cheapest part of the stage);
- the whole command, `tumen analyze FILE --json --published DATE` as a new process (median
  of --runs), every call a new Python process loading what it needs; `tumen --help` (the
  CLI's start-up: it imports no heavy library); baseline in the same run: `python -c pass`
  (the interpreter alone);
- the same command given --batch copies of the file, divided by --batch: what an article
  costs a process that has started (extraction, analysis and JSON output included).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from html import escape
from pathlib import Path

from bench.common import loadavg, machine, table
from tumen.analyze import analyze_item
from tumen.analyze.language import detector
from tumen.analyze.verbs import chunks, verb_groups
from tumen.extract import extract_html
from tumen.models import Analysis, Item

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "analysis"
PUBLISHED = "2024-06-01"


def _words(text: str, lang: str) -> int:
    """Words of a text: spaced words in English and Korean, morphemes in Japanese."""
    if lang != "ja":
        return len(text.split())
    from tumen.analyze.morph import morphs

    return sum(1 for m in morphs(text, lang) if m.kind != "punct")


def article(words: int = 2000, lang: str = "en") -> tuple[str, int]:
    """An HTML article of about `words` words from one language's fixtures, and its count."""
    paragraphs: list[str] = []
    count = 0
    # the fixtures run out before 2,000 Korean or Japanese words: they come round again
    paths = sorted(FIXTURES.glob(f"{lang}-*.json"))
    while paths and count < words:
        for path in paths:
            text = json.loads(path.read_text("utf-8"))["text"]
            paragraphs.append(text)
            count += _words(text, lang)
            if count >= words:
                break
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<html><head><title>North Korean escapees: a month of reports</title></head>"
            f"<body><article><h1>North Korean escapees: a month of reports</h1>{body}"
            f"</article></body></html>", count)


def _ms(fn: object, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((time.perf_counter() - began) * 1000)
    return out


def _unseen(item: Item) -> Analysis:
    """Analyse item as a text none of whose sentences was read before."""
    verb_groups.cache_clear()
    chunks.cache_clear()
    return analyze_item(item, published=PUBLISHED)


def _command(args: list[str], runs: int) -> list[float]:
    """Wall-clock ms of running `tumen ARGS` as a new process, `runs` times."""
    tumen = [sys.executable, "-m", "tumen", *args]
    return _ms(lambda: subprocess.run(tumen, check=True, capture_output=True), runs)


def main(args: argparse.Namespace) -> None:
    """Print the analyze-stage and whole-command timings beside their baselines."""
    html, words = article(args.words, args.lang)
    item = extract_html(html, "https://bench.example/article").items[0]
    analysis, rows = _stage_rows(item, args)
    name = {"en": "English", "ko": "Korean", "ja": "Japanese"}[args.lang]
    head = (f"## Analysis speed ({words:,}-word {name} article, {len(item.text):,} characters; "
            f"{len(analysis.events)} events, {len(analysis.statistics)} statistics found; "
            f"{machine()})\n")
    if not args.stage_only:
        rows += _command_rows(html, args)
    print(head)
    print(table(["what", "runs", "median ms", "min ms", "max ms", "target"], rows))
    print(f"\n{loadavg()} at the end")


Row = tuple[str, int, float, float, float, str]


def _stage_rows(item: Item, args: argparse.Namespace) -> tuple[Analysis, list[Row]]:
    """The analysis of item and the rows of the stage's timings (first call, warm runs)."""
    began = time.perf_counter()
    analysis = analyze_item(item, published=PUBLISHED)
    first = (time.perf_counter() - began) * 1000
    # each warm run reads a text it has not seen (one more line at its end): the analysis
    # keeps per-text caches (morphemes, trigger prefilter) that a repeat would hit; the
    # English verb groups are kept per sentence, which one more line would not miss, so
    # they are forgotten too (a new article's sentences are new)
    fresh = iter(replace(item, text=f"{item.text}\n{n}") for n in range(args.runs))
    stage = _ms(lambda: _unseen(next(fresh)), args.runs)
    detector().detect_language_of(item.text)  # build the detector outside the timing
    lingua = _ms(lambda: detector().detect_language_of(item.text), args.runs)
    med = statistics.median
    return analysis, [
        ("lingua language detection alone (baseline)", args.runs, med(lingua), min(lingua),
         max(lingua), ""),
        ("analyze stage (analyze_item), first call in process", 1, first, first, first, ""),
        ("analyze stage (analyze_item), warm", args.runs, med(stage), min(stage), max(stage),
         "< 150"),
    ]


def _command_rows(html: str, args: argparse.Namespace) -> list[Row]:
    """The rows of whole-command timings: a bare process, --help, analyze cold and batched."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "article.html"
        page.write_text(html, "utf-8")
        _command(["--help"], 1)  # warm the file cache
        bare = _ms(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True),
                   args.runs)
        help_ms = _command(["--help"], args.runs)
        analyze = ["analyze", str(page), "--json", "--published", PUBLISHED]
        command = _command(analyze, args.runs)
        # the same command over --batch copies: what each article costs once started
        pages = [str(page)] * args.batch
        batch = [ms / args.batch for ms in _command(
            ["analyze", *pages, "--json", "--published", PUBLISHED], max(1, args.runs // 3))]
    med = statistics.median
    return [
        ("`python -c pass` process (baseline)", args.runs, med(bare), min(bare), max(bare),
         ""),
        ("`tumen --help` process", args.runs, med(help_ms), min(help_ms), max(help_ms), ""),
        ("`tumen analyze FILE --json` process, cold", args.runs, med(command), min(command),
         max(command), ""),
        (f"`tumen analyze` of {args.batch} such files in one process, per file", len(batch),
         med(batch), min(batch), max(batch), ""),
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench analyze`."""
    parser.add_argument("--words", type=int, default=2000, help="words in the article")
    parser.add_argument("--lang", choices=("en", "ko", "ja"), default="en",
                        help="language of the article (fixtures of that language)")
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each")
    parser.add_argument("--batch", type=int, default=20,
                        help="files given to one `tumen analyze` for the per-file row")
    parser.add_argument("--stage-only", action="store_true",
                        help="time the analysis stage alone (no new processes): short "
                        "rounds to interleave trees in one quiet window")
