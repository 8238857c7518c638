"""Article extraction: the project's path (tumen.extract.extract_html) vs bare trafilatura.

Scored like scrapinghub/article-extraction-benchmark: `\\w+` tokens, multisets of 4-token
shingles, per-page TP/FP/FN normalised to sum 1, precision and recall averaged over pages,
F1 from the two means.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from bench.common import machine, table
from tumen.extract import ExtractError, extract_html

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "article-extraction"
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Scores:
    """Macro precision and recall over pages, F1 from them, and exact-match accuracy."""

    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


def shingles(text: str, n: int = 4) -> Counter[str]:
    """Multiset of n-token shingles (one shorter shingle for texts under n tokens)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def page_counts(gold: str, pred: str) -> tuple[float, float, float]:
    """TP, FP, FN of one page, normalised so that they sum to 1."""
    want, got = shingles(gold), shingles(pred)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(gold: Mapping[str, str], pred: Mapping[str, str]) -> Scores:
    """Benchmark scores of predicted texts against gold texts, by page id."""
    precisions, recalls, exact = [], [], 0
    for key, truth in gold.items():
        guess = pred.get(key, "")
        tp, fp, fn = page_counts(truth, guess)
        # An empty prediction has precision 1 upstream (nothing wrong was said); this
        # reproduces the published newspaper4k 0.949 and news-please figures.
        precisions.append(tp / (tp + fp) if tp + fp else 1.0)
        recalls.append(tp / (tp + fn) if tp + fn else 1.0)
        exact += _TOKEN.findall(truth) == _TOKEN.findall(guess)
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0, exact / len(gold), len(gold))


def load_gold(data: Path = DATA) -> dict[str, str]:
    """Gold article bodies by page id."""
    raw = json.loads((data / "ground-truth.json").read_text("utf-8"))
    return {k: v.get("articleBody") or "" for k, v in raw.items()}


def load_output(path: Path) -> dict[str, str]:
    """A published prediction file (plain map or {"version", "output"})."""
    raw = json.loads(path.read_text("utf-8"))
    raw = raw.get("output", raw) if "version" in raw else raw
    return {k: (v or {}).get("articleBody") or "" for k, v in raw.items()}


def load_pages(data: Path = DATA) -> dict[str, str]:
    """The 181 HTML pages by id, read in place."""
    return {p.name.removesuffix(".html.gz"): gzip.decompress(p.read_bytes()).decode("utf-8",
                                                                                     "replace")
            for p in sorted((data / "html").glob("*.html.gz"))}


def tumen_text(html: str, url: str) -> str:
    """What tumen's ingest path keeps of a page: the article, or a listing's items."""
    try:
        extracted = extract_html(html, url)
    except ExtractError:
        return ""
    return "\n".join(item.text for item in extracted.items)


def bare_trafilatura(html: str, url: str) -> str:
    """trafilatura.extract with its defaults, the baseline."""
    return trafilatura.extract(html, url=url) or ""


def run_interleaved(fns: list[Callable[[str, str], str]], pages: Mapping[str, str],
                    urls: Mapping[str, str]) -> list[tuple[dict[str, str], float]]:
    """Texts and pages per second of each extractor, timed page by page in turn.

    The machine is shared: load that comes and goes during a run would favour whichever
    extractor ran in the quiet part. Taking turns on every page (the order alternating)
    puts both under the same load.
    """
    outs: list[dict[str, str]] = [{} for _ in fns]
    spent = [0.0 for _ in fns]
    for n, (key, html) in enumerate(pages.items()):
        order = range(len(fns)) if n % 2 == 0 else reversed(range(len(fns)))
        for i in order:
            start = time.perf_counter()
            outs[i][key] = fns[i](html, urls.get(key, ""))
            spent[i] += time.perf_counter() - start
    return [(out, len(pages) / t) for out, t in zip(outs, spent, strict=True)]


def measure(data: Path = DATA) -> list[tuple[str, Scores, float]]:
    """(name, scores, pages/s) for the baseline then tumen, on the same pages in turn."""
    gold = load_gold(data)
    urls = {k: v.get("url", "") for k, v in
            json.loads((data / "ground-truth.json").read_text("utf-8")).items()}
    pages = load_pages(data)
    names = ("trafilatura.extract (baseline)", "tumen.extract.extract_html")
    runs = run_interleaved([bare_trafilatura, tumen_text], pages, urls)
    return [(name, score(gold, out), rate) for name, (out, rate) in zip(names, runs, strict=True)]


def main(args: argparse.Namespace) -> None:
    """Print the extraction table."""
    rows = measure(Path(args.data))
    base_rate = rows[0][2]
    print(f"## Extraction ({rows[0][1].pages} pages, {machine()})\n")
    print(table(["extractor", "precision", "recall", "F1", "accuracy", "pages/s", "x baseline"],
                [(n, s.precision, s.recall, s.f1, s.accuracy, rate, rate / base_rate)
                 for n, s, rate in rows]))
    published = DATA / "output" / "trafilatura.json"
    if published.is_file():
        s = score(load_gold(Path(args.data)), load_output(published))
        print(f"\nscorer check: trafilatura 2.0.0 published output F1 = {s.f1:.3f} "
              "(published 0.958)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench extraction`."""
    parser.add_argument("--data", default=str(DATA), help="article-extraction benchmark folder")
