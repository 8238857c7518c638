"""Why a statistic is false or missed (eval/stat_misses.py); figures made up for these tests."""

from __future__ import annotations

from tumen.eval.stat_misses import Miss, classify, table, text_misses


def test_each_wrong_figure_falls_in_the_first_class_it_fits() -> None:
    gold = [("arrivals", "2020", 300), ("population", "2021", 5000)]
    assert classify(("arrivals", "2019", 300), gold, set(), True) == "period"
    assert classify(("deaths", "2020", 300), gold, set(), True) == "measure"
    assert classify(("arrivals", "2020", 310), gold, set(), True) == "value"
    assert classify(("arrivals", "2018", 40), gold, {40}, True) == "other"
    assert classify(("arrivals", "2018", 41), gold, {40}, True) == "unlabelled"
    assert classify(("arrests", "2018", 41), gold, {41}, False) == "unread"


def test_a_text_lists_its_false_and_missed_figures_only() -> None:
    case = {
        "id": "t1",
        "language": "ko",
        "expected": {"statistics": [
            {"measure": "arrivals", "period": "2022", "value": 70},
            {"measure": "arrivals", "period": "2023", "value": 190},
        ]},
    }
    got = [("arrivals", "2022", 70), ("arrivals", "2023", 29), ("arrivals", "2023", 3400)]
    found = list(text_misses("mine", case, got, {3400}))
    assert [(m.side, m.stat[2], m.cls) for m in found] == [
        ("false", 29, "value"),
        ("false", 3400, "value"),
        ("missed", 190, "value"),
    ]


def test_the_table_counts_each_side_and_class_per_language() -> None:
    rows = [
        Miss("a", "t1", "en", "false", ("arrivals", "2020", 1), "other"),
        Miss("a", "t2", "ko", "false", ("arrivals", "2020", 1), "other"),
        Miss("a", "t3", "ko", "missed", ("arrivals", "2020", 1), "unread"),
    ]
    lines = table(rows).splitlines()
    assert lines[0].split() == ["side", "class", "en", "ko", "all"]
    assert lines[1].split() == ["false", "other", "1", "1", "2"]
    assert lines[2].split() == ["missed", "unread", "0", "1", "1"]
