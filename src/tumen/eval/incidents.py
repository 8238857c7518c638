"""Evaluate incident assembly on the labelled sets: `python -m tumen.eval incidents`.

Every document is analysed with analyze_item (published = its date), the events are
assembled, and the groups are compared with tests/fixtures/incidents/gold.json (the
project's own set) and, when it is there, with the groups of ../shared/corpus (real
reports; see tumen.eval.incidents_corpus), per split and per language.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

from tumen.incidents import Report, build_incidents, load_rules
from tumen.incidents.matching import statistics_start
from tumen.models import Incident, Item

FIGURES = ("pairwise_precision", "pairwise_recall", "pairwise_f1", "status_accuracy")


def default_fixtures() -> Path:
    """tests/fixtures/incidents in the repository this module lives in."""
    return Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "incidents"


def load_documents(folder: Path) -> list[dict[str, Any]]:
    """The labelled documents, sorted by id."""
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in (folder / "docs").glob("*.json")]
    return sorted(docs, key=lambda d: d["id"])


def analyse(docs: Sequence[dict[str, Any]]) -> list[Report]:
    """Reports with the events analyze_item finds; ids are positions in `docs`."""
    # looked up at run time: the analysis stage is only needed here
    analyze_item = importlib.import_module("tumen.analyze").analyze_item
    reports = []
    for n, d in enumerate(docs):
        item = Item(text=d["text"], title=d.get("title"), date=d.get("published"),
                    url=d.get("url"), language=d.get("language"))
        analysis = analyze_item(item, published=d.get("published"))
        reports.append(Report(id=n, events=analysis.events, published=d.get("published"),
                              source=d.get("source"), language=analysis.language,
                              title=d.get("title"), url=d.get("url"), text=d["text"],
                              statistics=len(analysis.statistics),
                              statistics_start=statistics_start(analysis),
                              figures=frozenset(s.value for s in analysis.statistics)))
    return reports


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    return {p for g in groups for p in combinations(sorted(set(g)), 2)}


def score(predicted: Sequence[tuple[list[str], str]], gold: dict[str, Any]) -> dict[str, Any]:
    """Pairwise P/R/F1, status accuracy and distractors placed, from (documents, status)."""
    pred_pairs = _pairs(docs for docs, _ in predicted)
    gold_pairs = _pairs(g["documents"] for g in gold["incidents"])
    hits = len(pred_pairs & gold_pairs)
    precision = hits / len(pred_pairs) if pred_pairs else 1.0
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    right, wrong = 0, []
    for g in gold["incidents"]:
        best = max(predicted, key=lambda p: len(set(p[0]) & set(g["documents"])), default=None)
        status = best[1] if best and set(best[0]) & set(g["documents"]) else None
        if status == g["status"]:
            right += 1
        else:
            wrong.append({"incident": g["id"], "expected": g["status"], "found": status})
    placed = sorted({d for docs, _ in predicted for d in docs} & set(gold.get("distractors", [])))
    return {
        "pairwise_precision": round(precision, 4), "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(f1, 4),
        "status_accuracy": round(right / len(gold["incidents"]), 4) if gold["incidents"] else 1.0,
        "distractors_in_incidents": len(placed), "distractors_placed": placed,
        "wrong_status": wrong, "incidents": len(gold["incidents"]), "predicted": len(predicted),
    }


def explain(reports: Sequence[Report], docs: Sequence[dict[str, Any]],
            incidents: Sequence[Incident], gold: dict[str, Any]) -> list[dict[str, Any]]:
    """Per gold incident that is split or merged: which document went where, with its events."""
    where = {d: n for n, i in enumerate(incidents) for d in i.documents}
    notes = []
    for g in gold["incidents"]:
        ids = [n for n, d in enumerate(docs) if d["id"] in g["documents"]]
        groups = {where.get(n) for n in ids}
        others = {docs[d]["id"] for n in ids if n in where for d in incidents[where[n]].documents}
        if len(groups) == 1 and None not in groups and others == set(g["documents"]):
            continue
        notes.append({"incident": g["id"], "documents": [
            {"id": docs[n]["id"], "group": where.get(n),
             "events": [{"type": e.type, "date": e.date, "people": e.people,
                         "vulnerable": e.vulnerable, "country": e.country, "place": e.place}
                        for e in reports[n].events]} for n in ids]})
    return notes


def run(folder: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Analyse, assemble and score the labelled set; also explain the misses."""
    docs = load_documents(folder)
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    reports = analyse(docs)
    latest = max((d["published"] for d in docs if d.get("published")), default="2000-01-01")
    now = datetime.fromisoformat(latest[:10]) + timedelta(days=1)
    incidents = build_incidents({r.id: r for r in reports}, now, load_rules())
    predicted = [([docs[d]["id"] for d in i.documents], i.status) for i in incidents]
    return score(predicted, gold), explain(reports, docs, incidents, gold)


def check(result: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Figures below the baseline (or more distractors placed than it allows)."""
    failures = [f"{k}: {result[k]} < {baseline[k]}" for k in FIGURES
                if k in baseline and result[k] < baseline[k] - 1e-9]
    allowed = baseline.get("distractors_in_incidents", 0)
    if result["distractors_in_incidents"] > allowed:
        failures.append(f"distractors_in_incidents: {result['distractors_in_incidents']} > "
                        f"{allowed}")
    return failures


def _print_corpus(result: dict[str, Any]) -> None:
    """One line per slice of the shared corpus."""
    print(f"{'corpus slice':12} {'P':>6} {'R':>6} {'F1':>6} {'found':>7} {'false':>5} "
          f"{'status':>6} {'wrong':>5} {'across':>6} {'P*':>6} {'F1*':>6}")
    for name, r in result.items():
        print(f"{name:12} {r['pairwise_precision']:6.3f} {r['pairwise_recall']:6.3f} "
              f"{r['pairwise_f1']:6.3f} {r['found']:>3}/{r['incidents']:<3} "
              f"{r['false_incidents']:5} {r['status_accuracy']:6.3f} {r['wrong_pairs']:5} "
              f"{r['wrong_pairs_across_folders']:6} {r['judged_precision']:6.3f} "
              f"{r['judged_f1']:6.3f}")
    print("wrong: predicted pairs no gold group holds; across: those joining a report of "
          "each folder (unjudged when the labels keep the folders apart; the shared corpus's "
          "are judged: see docs/incidents.md);\nP*, F1*: with unjudged pairs left out (equal "
          "to P, F1 when every pair across the folders is judged)")


def _corpus(args: argparse.Namespace) -> tuple[dict[str, Any] | None, list[str]]:
    """The corpus figures (None when the corpus is absent) and failures against a baseline."""
    corpus = importlib.import_module("tumen.eval.incidents_corpus")
    if args.no_corpus or not (args.corpus / "articles-en").exists():
        if args.corpus_check:
            return None, [f"no corpus at {args.corpus}"]
        return None, []
    result, predicted, notes = corpus.run_corpus(args.corpus, misses=args.tune_misses,
                                                 false=args.tune_false,
                                                 status=args.tune_status,
                                                 folders=args.folders)
    if args.tune_groups:
        for group in corpus.tune_groups(args.corpus, predicted):
            print("tune group: " + " ".join(group))
    for note in notes:
        print(note)
    failures: list[str] = []
    if args.corpus_check:
        failures = corpus.check_corpus(
            result, json.loads(args.corpus_check.read_text(encoding="utf-8")))
    return result, failures


def build_parser() -> argparse.ArgumentParser:
    """The command's options."""
    corpus_root = importlib.import_module("tumen.eval.corpus").corpus_root
    parser = argparse.ArgumentParser(prog="python -m tumen.eval incidents")
    parser.add_argument("--fixtures", type=Path, default=default_fixtures())
    parser.add_argument("--corpus", type=Path, default=corpus_root(),
                        help="the shared corpus (default ../shared/corpus)")
    parser.add_argument("--no-corpus", action="store_true", help="the project's set only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--explain", action="store_true", help="list split or merged incidents")
    parser.add_argument("--tune-groups", action="store_true",
                        help="list the predicted groups of the corpus's tune split")
    parser.add_argument("--tune-misses", action="store_true",
                        help="why each pair of reports of a tune incident was kept apart")
    parser.add_argument("--tune-false", action="store_true",
                        help="how each tune report labelled no incident got into one")
    parser.add_argument("--tune-status", action="store_true",
                        help="which tune incidents have another status than their labels give")
    parser.add_argument("--folders", type=Path, metavar="JOINS.json",
                        help="a judgement of the corpus's groups told by several labellers "
                             "(corpus-folders.json's format; default: the shared corpus's)")
    parser.add_argument("--check", type=Path, metavar="BASELINE.json")
    parser.add_argument("--corpus-check", type=Path, metavar="BASELINE.json")
    return parser


def main(argv: list[str]) -> int:
    """Print the figures; exit 1 when --check finds them below the baseline."""
    args = build_parser().parse_args(argv)
    result, notes = run(args.fixtures)
    corpus, failures = _corpus(args)
    if args.json:
        print(json.dumps({**result, **({"explain": notes} if args.explain else {}),
                          **({"corpus": corpus} if corpus else {})},
                         ensure_ascii=False, indent=1))
    else:
        for key in (*FIGURES, "distractors_in_incidents", "incidents", "predicted"):
            print(f"{key:26} {result[key]}")
        for wrong in result["wrong_status"]:
            print(f"status  {wrong['incident']}: expected {wrong['expected']}, "
                  f"found {wrong['found']}")
        for name in result["distractors_placed"]:
            print(f"distractor in an incident: {name}")
        for note in notes if args.explain else []:
            print(json.dumps(note, ensure_ascii=False))
        if corpus:
            _print_corpus(corpus)
    if args.check:
        failures += check(result, json.loads(args.check.read_text(encoding="utf-8")))
    for failure in failures:
        print(f"below baseline: {failure}", file=sys.stderr)
    return 1 if failures else 0
