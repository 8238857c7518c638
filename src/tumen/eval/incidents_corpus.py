"""Incident assembly scored on the shared corpus of real reports, per split and language.

The corpus labels groups of reports of one real incident and reports that are no
incident (statistics, policy, testimony). All articles are assembled together, as an
archive would hold them; each slice (split x set) is then scored on its own articles:
gold pairs inside the slice, predicted pairs touching it. No status is labelled, so the
expected status is the one the project's status rules give the group's labelled events
(the incidents README conventions), read in date order.
"""

from __future__ import annotations

import importlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cmp_to_key, partial
from itertools import combinations
from pathlib import Path
from typing import Any

from tumen.eval.corpus import CorpusArticle, CorpusIncidents, load_articles, load_incidents
from tumen.eval.incidents_misses import tune_false, tune_misses
from tumen.incidents import Report, build_incidents, load_rules
from tumen.incidents.matching import TYPE_ORDER, date_range, statistics_start, undated_first
from tumen.incidents.rules import Rules
from tumen.incidents.urgency import status_of
from tumen.models import Incident, IncidentEvent, Item

FIGURES = ("pairwise_f1", "judged_f1", "found", "status_accuracy")  # higher is better
LOWER = ("false_incidents",)  # lower is better


def corpus_reports(articles: Sequence[CorpusArticle]) -> list[Report]:
    """Reports with the events analyze_item finds; ids are positions in `articles`."""
    analyze_item = importlib.import_module("tumen.analyze").analyze_item
    reports = []
    for n, a in enumerate(articles):
        item = Item(text=a.text, title=a.title, date=a.published, url=a.url,
                    language=a.language)
        analysis = analyze_item(item, published=a.published)
        reports.append(Report(id=n, events=analysis.events, published=a.published,
                              source=a.source, language=analysis.language, title=a.title,
                              url=a.url, text=a.text, statistics=len(analysis.statistics),
                              statistics_start=statistics_start(analysis),
                              figures=frozenset(s.value for s in analysis.statistics)))
    return reports


def expected_status(group: Sequence[CorpusArticle]) -> str:
    """The status the project's rules give the labelled events of a group, in story order
    (by date; when two dates overlap, "January" and "18 January", by step order; an
    undated step before a dated later one, as the timeline puts it)."""
    return status_of(labelled_steps(group), [a.text for a in group], load_rules())


def labelled_steps(group: Sequence[CorpusArticle]) -> list[IncidentEvent]:
    """The labelled events of a group in story order (see expected_status)."""
    rules = load_rules()
    steps: list[tuple[tuple[int, int], IncidentEvent]] = []
    for a in group:
        for e in a.labels.get("events", []):
            span = _labelled_days(e.get("date"), a.published, rules)
            steps.append((span, IncidentEvent(
                type=e["type"], date=e.get("date"), place=e.get("place"),
                country=e.get("country"), people=e.get("people"), evidence=[a.text])))
    return [s for _, s in sorted(steps, key=cmp_to_key(partial(
        _story_order, reach=rules.undated_reach_days)))]


def _labelled_days(day: str | None, published: str | None, rules: Rules) -> tuple[int, int]:
    """A labelled step's days as the timeline places it: an undated one in the weeks
    before its report (so "crossed" told undated on the 8th comes before "returned on the
    7th" told by another report, in story order)."""
    if day:
        return date_range(day) or (0, 0)
    pub = date_range(published)
    return (pub[1] - rules.undated_window_days, pub[1]) if pub else (0, 0)


def _story_order(a: tuple[tuple[int, int], IncidentEvent],
                 b: tuple[tuple[int, int], IncidentEvent], reach: int) -> int:
    (a_lo, a_hi), (b_lo, b_hi) = a[0], b[0]
    # an undated step that comes first in a story goes before a dated later one, as the
    # timeline puts it (assembly._precedes): its weeks before publication are a guess
    for first, then, sign in ((a, b, -1), (b, a, 1)):
        if (first[1].date is None and then[1].date is not None
                and undated_first(first[1].type, then[1].type, first[0][1] - reach, then[0][1])):
            return sign
    if a_lo <= b_hi and b_lo <= a_hi:
        order = TYPE_ORDER.get(a[1].type, 9) - TYPE_ORDER.get(b[1].type, 9)
        if order:
            return order
    return (a_lo > b_lo) - (a_lo < b_lo)


def _pairs(groups: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    return {p for g in groups for p in combinations(sorted(set(g)), 2)}


def _f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _slice(stems: set[str], predicted: Sequence[tuple[list[str], str]],
           gold: CorpusIncidents, expected: dict[int, str],
           folder_of: dict[str, str], apart: bool = False) -> dict[str, Any]:
    """The figures of one slice of the corpus."""
    # a group told in two folders (joined by the overlay) belongs to both folders' slices
    groups = [(n, g) for n, g in enumerate(gold.groups) if set(g) & stems]
    gold_pairs = {p for p in _pairs(g for _, g in groups) if set(p) & stems}
    pred_pairs = {p for p in _pairs(d for d, _ in predicted) if set(p) & stems}
    hits = len(gold_pairs & pred_pairs)
    precision = hits / len(pred_pairs) if pred_pairs else 1.0
    recall = hits / len(gold_pairs) if gold_pairs else 1.0
    f1 = _f1(precision, recall)
    placed = {d for docs, _ in predicted for d in docs}
    found = [n for n, g in groups if set(g) & placed]
    right = 0
    for n, g in groups:
        best = max(predicted, key=lambda p: len(set(p[0]) & set(g)), default=None)
        if best and set(best[0]) & set(g) and best[1] == expected[n]:
            right += 1
    false = sorted(d for d in gold.not_incidents if d in stems and d in placed)
    wrong = pred_pairs - gold_pairs
    across = {p for p in wrong if folder_of.get(p[0]) != folder_of.get(p[1])}
    # when the labellers kept the folders apart, a pair across them that no gold group holds
    # was never judged: the judged precision leaves those out (the strict one counts them
    # wrong; both are printed; the overlay joined three such in tune)
    judged = pred_pairs - across if apart else pred_pairs
    judged_p = hits / len(judged) if judged else 1.0
    return {
        "pairwise_precision": round(precision, 4), "pairwise_recall": round(recall, 4),
        "pairwise_f1": round(f1, 4), "found": len(found), "incidents": len(groups),
        "false_incidents": len(false), "status_accuracy":
            round(right / len(groups), 4) if groups else 1.0,
        "gold_pairs": len(gold_pairs), "predicted_pairs": len(pred_pairs),
        "wrong_pairs": len(wrong), "wrong_pairs_across_folders": len(across),
        "judged_precision": round(judged_p, 4), "judged_f1": round(_f1(judged_p, recall), 4),
    }


def score_corpus(predicted: Sequence[tuple[list[str], str]],
                 articles: Sequence[CorpusArticle], gold: CorpusIncidents,
                 apart: bool = False) -> dict[str, Any]:
    """Figures per slice: 'tune/en', 'tune/ko-ja', 'tune/all', and the same for check.

    `apart`: the labellers grouped each folder's reports on their own, so a predicted pair
    joining the folders that no gold group holds is unjudged, not known wrong."""
    by_stem = {a.stem: a for a in articles}
    expected = {n: expected_status([by_stem[s] for s in g if s in by_stem])
                for n, g in enumerate(gold.groups)}
    folder_of = {a.stem: a.folder for a in articles}
    result = {}
    for split in ("tune", "check"):
        for folder in ("en", "ko-ja", "all"):
            stems = {a.stem for a in articles
                     if a.split == split and folder in ("all", a.folder)}
            result[f"{split}/{folder}"] = _slice(stems, predicted, gold, expected,
                                                 folder_of, apart)
    return result


def default_overlay() -> Path:
    """The project's corrections of the corpus's incident groups (tune only)."""
    return Path(__file__).resolve().parents[3] / "tests/fixtures/incidents/corpus-overlay.json"


def apply_overlay(gold: CorpusIncidents, articles: Sequence[CorpusArticle],
                  path: Path | None) -> CorpusIncidents:
    """The gold groups with the overlay's joins applied; a join may touch tune stems only.

    The overlay corrects the shared corpus: a join naming none of this corpus's stems (a
    development set read with --corpus) is another corpus's and is skipped."""
    if path is None or not path.exists():
        return gold
    split = {a.stem: a.split for a in articles}
    groups = [list(g) for g in gold.groups]
    for join in json.loads(path.read_text("utf-8"))["join"]:
        if not any(s in split for s in join):
            continue
        if any(split.get(s) != "tune" for s in join):
            raise ValueError(f"{path}: a join may hold tune stems only: {join}")
        groups = _joined(groups, join)
    return CorpusIncidents(groups, gold.not_incidents)


def default_folders() -> Path:
    """The blind judgement of which incidents the shared corpus tells in both folders."""
    return Path(__file__).resolve().parents[3] / "tests/fixtures/incidents/corpus-folders.json"


def judge_folders(gold: CorpusIncidents, articles: Sequence[CorpusArticle],
                  path: Path | None) -> tuple[CorpusIncidents, bool]:
    """The gold groups joined across folders by a labeller's judgement of every candidate
    pair (either split), and whether the judgement is this corpus's (its stems are here)."""
    if path is None or not path.exists():
        return gold, False
    stems = {a.stem for a in articles}
    joins = json.loads(path.read_text("utf-8"))["join"]
    if not any(s in stems for join in joins for s in join):
        return gold, False  # another corpus's judgement (a development set read with --corpus)
    missing = sorted(s for join in joins for s in join if s not in stems)
    if missing:
        raise ValueError(f"{path}: names reports the corpus does not hold: {missing}")
    groups = [list(g) for g in gold.groups]
    for join in joins:
        groups = _joined(groups, join)
    return CorpusIncidents(groups, gold.not_incidents), True


def _joined(groups: list[list[str]], join: Sequence[str]) -> list[list[str]]:
    """The groups with every group holding a stem of `join` merged into one."""
    held = [g for g in groups if set(g) & set(join)]
    return [g for g in groups if g not in held] + [
        sorted({s for g in held for s in g} | set(join))]


def run_corpus(root: Path, overlay: Path | None = None, misses: bool = False, false: bool = False,
               folders: Path | None = None, status: bool = False
               ) -> tuple[dict[str, Any], list[tuple[list[str], str]], list[str]]:
    """Analyse and assemble every corpus article; the figures, the predicted groups and
    lines telling (with `misses`) why each pair of a tune group was kept apart, (with
    `false`) how each tune report labelled no incident got into one (incidents_misses) and
    (with `status`) which tune groups' incidents have another status (tune_status)."""
    articles = load_articles(root)
    reports = {r.id: r for r in corpus_reports(articles)}
    dates = [a.published for a in articles if a.published]
    now = datetime.fromisoformat(max(dates)[:7] + "-28") if dates else datetime(2030, 1, 1)
    incidents = build_incidents(reports, now, load_rules())
    predicted = [([articles[d].stem for d in i.documents], i.status) for i in incidents]
    labelled = load_incidents(root)
    gold = apply_overlay(labelled, articles, overlay or default_overlay())
    gold, judged = judge_folders(gold, articles, folders or default_folders())
    stems = {n: a.stem for n, a in enumerate(articles)}
    tune = {a.stem for a in articles if a.split == "tune"}
    notes = [f"tune miss: {a} {b}: {why}" for why, a, b in tune_misses(
        reports, stems, tune, gold.groups, load_rules())] if misses else []
    notes += [f"tune false: {stem}: {how}" + (f" (with {' '.join(others)})" if others else "")
              for stem, how, others in tune_false(
                  reports, stems, tune, gold.not_incidents,
                  [i.documents for i in incidents], load_rules())] if false else []
    notes += tune_status(articles, gold.groups, incidents, tune) if status else []
    # once every pair of groups across the folders is judged, no predicted pair is unjudged
    apart = folders_apart(labelled, articles) and not judged
    scored = score_corpus(predicted, articles, gold, apart)
    return scored, predicted, notes


def tune_status(articles: Sequence[CorpusArticle], groups: Sequence[Sequence[str]],
                incidents: Sequence[Incident], tune: set[str]) -> list[str]:
    """A line for each tune group whose incident (the one holding most of its reports) has
    another status than its labels give, with the last step each side ends on, and a count
    by class: no incident, another last step, or the same last step read another way (a
    country, a hand-over, a feared return); groups holding a check report are never
    listed."""
    by_stem = {a.stem: a for a in articles}
    lines, classes = [], Counter[str]()
    for group in groups:
        held = [by_stem[s] for s in group if s in by_stem]
        if not held or any(a.stem not in tune for a in held):
            continue
        expected = expected_status(held)
        best = max(incidents, key=lambda i: len({articles[d].stem for d in i.documents}
                                                & set(group)), default=None)
        if best is None or not {articles[d].stem for d in best.documents} & set(group):
            found, why, ends = "none", "no incident", "-"
        elif best.status == expected:
            continue
        else:
            mine, theirs = _last_living(best.events), _last_living(labelled_steps(held))
            same = mine and theirs and mine.type == theirs.type
            found = best.status
            why = "the same last step read another way" if same else "another last step"
            ends = f"{_step(mine)}; labelled {_step(theirs)}"
        classes[why] += 1
        lines.append(f"tune status: expected {expected}, found {found} ({why}): {ends}: "
                     + " ".join(sorted(group)))
    return lines + [f"tune status: {n} {why}" for why, n in sorted(classes.items())]


def _last_living(steps: Sequence[IncidentEvent]) -> IncidentEvent | None:
    """The last step that is not a death (the one status reads)."""
    return next((s for s in reversed(steps) if s.type != "death"), None)


def _step(step: IncidentEvent | None) -> str:
    """A step in a few words: type, date, country."""
    return f"{step.type} {step.date or 'undated'} {step.country or '-'}" if step else "none"


def folders_apart(gold: CorpusIncidents, articles: Sequence[CorpusArticle]) -> bool:
    """Whether the labels group each folder's reports on their own (no gold group joins a
    report of each folder): the shared corpus does, the development set does not."""
    folder = {a.stem: a.folder for a in articles}
    return not any(len({folder.get(s) for s in g if s in folder}) > 1 for g in gold.groups)


def check_corpus(result: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Figures of any slice below its baseline, or more false incidents than it allows."""
    failures = []
    for name, floor in baseline.items():
        got = result.get(name, {})
        failures += [f"{name} {k}: {got.get(k)} < {floor[k]}" for k in FIGURES
                     if k in floor and got.get(k, 0) < floor[k] - 1e-9]
        failures += [f"{name} {k}: {got.get(k)} > {floor[k]}" for k in LOWER
                     if k in floor and got.get(k, 0) > floor[k]]
    return failures


def tune_groups(root: Path, predicted: Sequence[tuple[list[str], str]]) -> list[list[str]]:
    """The predicted groups of tune articles only (check texts are never listed)."""
    tune = {a.stem for a in load_articles(root) if a.split == "tune"}
    return [sorted(d for d in docs if d in tune) for docs, _ in predicted
            if any(d in tune for d in docs)]
