"""Server-drawn SVG charts: round ticks, a label under every column, a second series."""

from __future__ import annotations

import re

import pytest

from tumen.web.charts import Series, bar_chart, nice_ticks


@pytest.mark.parametrize(("top", "ticks"), [
    (2914, [0, 1000, 2000, 3000]), (7, [0, 2, 4, 6, 8]), (500, [0, 200, 400, 600]),
    (1, [0, 1]), (0, [0, 1]), (45_000, [0, 20_000, 40_000, 60_000]),
])
def test_ticks_are_round_and_cover_the_top(top: int, ticks: list[int]) -> None:
    assert nice_ticks(top) == ticks


def _texts(svg: str) -> list[str]:
    return re.findall(r'<text class="tick[^"]*"[^>]*>([^<]*)</text>', svg)


def test_every_year_is_labelled_and_the_axis_has_round_ticks() -> None:
    years = [(str(y), v) for y, v in zip(range(2013, 2024), [9, 0, 9, 0, 0, 0, 6, 0, 50, 0, 500],
                                         strict=True)]
    svg = str(bar_chart(years, "People", second=Series("reports", [2, 0, 2, 0, 0, 0, 3, 0,
                                                                   2, 0, 1])))
    texts = _texts(svg)
    assert all(y in texts for y, _ in years)
    assert texts[:4] == ["0", "200", "400", "600"]  # people, left
    assert texts[-4:] == ["0", "1", "2", "3"]  # reports, right
    assert svg.count('<rect class="bar"') == 11 and svg.count('<circle class="series2"') == 11
    assert "2023: 500; reports: 1" in svg and "2014: 0; reports: 0" in svg
    assert len([t for t in texts if len(t) == 4]) == 11  # eleven years all fit


def test_crowded_labels_thin_out_but_every_column_keeps_its_tick() -> None:
    svg = str(bar_chart([(str(y), y - 1980) for y in range(1990, 2025)], "Many years"))
    labels = [t for t in _texts(svg) if len(t) == 4]
    assert labels[-1] == "2024" and 9 <= len(labels) < 35
    assert svg.count('<rect class="bar"') == 35 and "1991: 11" in svg  # every year is there
    assert svg.count('y2="216"/>') == 35  # one tick mark under each column


def test_no_data_says_so() -> None:
    assert "No figures yet" in str(bar_chart([], "Nothing"))
