"""The analysis evaluation runs and stays at or above the recorded baseline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tumen.analyze import analyze_text
from tumen.eval.analysis import (
    dates_right,
    evaluate,
    load_cases,
    main,
    people_right,
    summary,
    vulnerable_right,
)
from tumen.models import Event, Evidence

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


def _case(expected: dict[str, object]) -> dict[str, object]:
    return {
        "id": "t1",
        "language": "en",
        "published": "2019-05-02",
        "title": "",
        "text": "Chinese police arrested seven North Koreans in Shenyang on Saturday.",
        "expected": expected,
    }


def test_scores_are_computed(tmp_path: Path) -> None:
    case = _case(
        {
            "language": "en",
            "topics": ["detention"],
            "events": [
                {
                    "type": "arrest",
                    "date": "2019-04-27",
                    "people": 7,
                    "vulnerable": [],
                    "country": "CN",
                    "place": "Shenyang",
                }
            ],
            "statistics": [],
        }
    )
    (tmp_path / "t1.json").write_text(json.dumps(case))
    scores = evaluate(load_cases(tmp_path))
    assert scores["full_event"]["f1"] == 1.0
    assert scores["language_accuracy"] == 1.0
    (tmp_path / "baseline.json").write_text(json.dumps({"event_f1": 1.0}))
    assert main(["--fixtures", str(tmp_path), "--check", str(tmp_path / "baseline.json")]) == 0


def test_labelled_set_not_below_baseline() -> None:
    baseline = FIXTURES / "baseline.json"
    if not baseline.exists():
        pytest.skip("no baseline recorded yet")
    assert main(["--fixtures", str(FIXTURES), "--check", str(baseline)]) == 0


# The issue's targets that the labelled set already reaches; CI keeps them reached.
TARGETS_REACHED = {
    "event_f1": 0.90,
    "full_event_f1": 0.80,
    "topic_f1": 0.85,
    "language_accuracy": 0.98,
    "statistics_recall": 0.90,
}


def test_issue_targets_reached() -> None:
    head = summary(evaluate(load_cases(FIXTURES)))
    for key, target in TARGETS_REACHED.items():
        assert head[key] >= target, f"{key} {head[key]} < {target}"


@pytest.mark.parametrize("n", sorted(p.stem[-2:] for p in FIXTURES.glob("en-pair-*.json")))
def test_english_and_korean_pairs_give_same_events(n: str) -> None:
    def events(lang: str) -> list[str]:
        case = json.loads((FIXTURES / f"{lang}-pair-{n}.json").read_text("utf-8"))
        got = analyze_text(case["text"], title=case["title"], published=case["published"])
        return sorted(repr((e.type, e.country, e.date, e.people)) for e in got.events)

    assert events("en") == events("ko")


def test_date_accuracy_counts_events_found_on_type_and_country() -> None:
    def event(kind: str, country: str | None, day: str | None) -> Event:
        return Event(type=kind, evidence=Evidence("", 0, 0), country=country, date=day)

    gold = [
        {"type": "arrest", "country": "CN", "date": "2019-04-27"},
        {"type": "arrest", "country": "CN", "date": "2019-05-01"},
        {"type": "repatriation", "country": "CN", "date": None},
    ]
    found = [
        event("arrest", "CN", "2019-05-01"),  # dated right, though listed second
        event("arrest", "CN", "2019-04"),  # found, dated wrong
        event("repatriation", "CN", None),  # no date, as labelled
        event("death", "CN", "2019-04-27"),  # not found: neither right nor counted
    ]
    assert dates_right(found, gold) == (2, 3)


def test_vulnerable_accuracy_compares_the_groups_as_sets() -> None:
    def event(kind: str, country: str, groups: list[str]) -> Event:
        return Event(type=kind, evidence=Evidence("", 0, 0), country=country, vulnerable=groups)

    gold = [
        {"type": "arrest", "country": "CN", "vulnerable": ["child", "woman"]},
        {"type": "arrest", "country": "CN"},  # no group named: none expected
        {"type": "repatriation", "country": "CN", "vulnerable": ["infant"]},
    ]
    found = [
        event("arrest", "CN", []),  # right: the second arrest names no group
        event("arrest", "CN", ["woman", "child"]),  # right, in another order
        event("repatriation", "CN", ["child"]),  # found, the infant read as a child
    ]
    assert vulnerable_right(found, gold) == (2, 3)
    teen = {"type": "arrest", "country": "CN", "vulnerable": ["teen"]}
    scores = evaluate([_case({"language": "en", "events": [teen]})])
    # the arrest is found, but the text names no teenager
    assert (scores["event"]["recall"], summary(scores)["vulnerable_accuracy"]) == (1.0, 0.0)


def test_people_accuracy_counts_events_found_on_type_and_country() -> None:
    def event(kind: str, country: str | None, people: int | None) -> Event:
        return Event(type=kind, evidence=Evidence("", 0, 0), country=country, people=people)

    gold = [
        {"type": "arrest", "country": "CN", "people": 13},
        {"type": "arrest", "country": "CN", "people": 2},
        {"type": "crossing", "country": "KR", "people": None},
        {"type": "repatriation", "country": "CN", "people": 5},
    ]
    found = [
        event("arrest", "CN", 2),  # counted right, though listed second
        event("arrest", "CN", 1),  # found, counted wrong ('13 workers' read as one)
        event("crossing", "KR", None),  # no count, as labelled
        event("repatriation", "LA", 5),  # wrong country: neither right nor counted
    ]
    assert people_right(found, gold) == (2, 3)
    six = {"type": "arrest", "date": "2019-04-27", "people": 6, "country": "CN"}
    scores = evaluate([_case({"language": "en", "events": [six]})])
    assert (scores["people_accuracy"], scores["date_accuracy"]) == (0.0, 1.0)
    assert summary(scores)["people_accuracy"] == 0.0
