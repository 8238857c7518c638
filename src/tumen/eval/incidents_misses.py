"""Why two reports of one labelled incident are not in one incident (tune split only).

`python -m tumen.eval incidents --tune-misses` lists, for every pair of reports a gold
group of the `tune` split holds and the assembly kept apart, the first stage that lost
it: a report with no event, or none specific enough to found or join an incident; no
pair of events that the hard rules allow (which rule refused most pairs: dates,
countries, counts, the counts named, "5 vs 9", to tell a misread or a part of a group
from another group); pairs allowed but scoring below the threshold; or the two linked and
kept apart by the consistency check (a contradiction between them, counts the incident
cannot hold, named too, or another report of the incident). Groups holding a `check` report are
never listed: check texts and their misses are not for reading. `--tune-false` lists the
tune reports labelled no incident that assembly put in one, and how each got there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations

from tumen.incidents.assembly import all_links, link_reports
from tumen.incidents.grouping import contradict, group_size, sizes_fit
from tumen.incidents.matching import Mention, Report, mentions
from tumen.incidents.pairing import counts_fit, dates_fit, score
from tumen.incidents.rules import Rules


def _refused(xs: Sequence[Mention], ys: Sequence[Mention], rules: Rules) -> str:
    """Why no pair of two reports' events links: the hard rule refusing most pairs, or
    the best score when some pairs are allowed."""
    rules_hit: Counter[str] = Counter()
    counts: set[tuple[int, int]] = set()  # the refused pairs' counts, smaller first
    best: float | None = None
    for a in xs:
        for b in ys:
            s = score(a, b, rules)
            if s is not None:
                best = s if best is None else max(best, s)
            elif not dates_fit(a, b, rules):
                rules_hit["dates"] += 1
            elif a.country and b.country and not rules.countries_compatible(a.country,
                                                                             b.country):
                rules_hit["countries"] += 1
            elif a.people is not None and b.people is not None and not counts_fit(a, b, rules):
                rules_hit["counts"] += 1
                counts.add((min(a.people, b.people), max(a.people, b.people)))
    if best is not None:
        return f"below the threshold (best pair {best:g})"
    told = " (" + ", ".join(f"{x} vs {y}" for x, y in sorted(counts)[:3]) + ")"
    return "refused by the hard rules: " + ", ".join(
        f"{k} {n}" + (told if k == "counts" else "")
        for k, n in sorted(rules_hit.items(), key=lambda x: (-x[1], x[0])))


def cause(a: int, b: int, reports: Mapping[int, Report], specific: Mapping[int, Sequence[Mention]],
          links: Mapping[int, Mapping[int, float]], rules: Rules) -> str:
    """The first stage that kept two reports of one incident apart."""
    which = {a: "the first", b: "the second"}
    for d in (a, b):
        if not reports[d].events:
            return f"no event in {which[d]} report"
    for d in (a, b):
        if d not in specific:
            return f"nothing specific in {which[d]} report"
    if b not in links.get(a, {}):
        return "not linked: " + _refused(specific[a], specific[b], rules)
    if contradict(specific[a], specific[b], rules):
        return "linked, kept apart: they contradict each other"
    sizes = [s for s in (group_size(specific[a]), group_size(specific[b])) if s is not None]
    if len(sizes) == 2 and not sizes_fit(sizes[:1], sizes[1], rules):
        return f"linked, kept apart: counts ({min(sizes)} vs {max(sizes)})"
    return "linked, kept apart by another report of the incident"


def tune_misses(reports: Mapping[int, Report], stems: Mapping[int, str],
                tune: set[str], groups: Sequence[Sequence[str]],
                rules: Rules) -> list[tuple[str, str, str]]:
    """(cause, stem, stem) for each pair of a tune-only gold group kept apart."""
    by_doc = {d: mentions(r, rules) for d, r in reports.items()}
    specific, links, _ = all_links(reports, by_doc, rules)
    clusters = link_reports(reports, by_doc, rules)  # the groups assembly gives
    where = {d: n for n, c in enumerate(clusters) for d in c}
    doc = {s: d for d, s in stems.items()}
    found = []
    for group in groups:
        held = sorted(s for s in group if s in doc)
        if not held or not set(held) <= tune:
            continue
        for x, y in combinations(held, 2):
            a, b = doc[x], doc[y]
            if a in where and where[a] == where.get(b):
                continue
            found.append((cause(a, b, reports, specific, links, rules), x, y))
    return sorted(found)


def placed_by(doc: int, docs: Sequence[int], specific: Mapping[int, Sequence[Mention]],
              links: Mapping[int, Mapping[int, float]]) -> str:
    """How a report came to be in an incident: its own steps founded it, a link to one of
    its reports, or its title and lead (a report with nothing specific, corroborating)."""
    others = [d for d in docs if d != doc]
    if doc not in specific:
        return "joined through its title and lead"
    steps = "; ".join(f"{m.type} {m.date or 'undated'} {m.people or '-'} {m.country or '-'}"
                      f" {m.place or '-'} conf {m.confidence if m.confidence is not None else '-'}"
                      for m in specific[doc])
    if not others:
        return f"founds an incident alone: {steps}"
    linked = [d for d in others if d in links.get(doc, {})]
    how = "linked" if linked else "joined through its title and lead"
    return f"{how}, its steps: {steps}"


def tune_false(reports: Mapping[int, Report], stems: Mapping[int, str], tune: set[str],
               not_incidents: Sequence[str], incidents: Sequence[Sequence[int]],
               rules: Rules) -> list[tuple[str, str, list[str]]]:
    """(stem, how it was placed, the incident's other stems) for each tune report labelled
    no incident that assembly put in one; an incident holding a check report is never
    listed (check texts and their misses are not for reading)."""
    by_doc = {d: mentions(r, rules) for d, r in reports.items()}
    specific, links, _ = all_links(reports, by_doc, rules)
    wrong = set(not_incidents)
    found = []
    for docs in incidents:
        held = [stems[d] for d in docs]
        if not set(held) <= tune:
            continue
        for d in docs:
            if stems[d] in wrong:
                found.append((stems[d], placed_by(d, docs, specific, links),
                               sorted(s for s in held if s != stems[d])))
    return sorted(found)
