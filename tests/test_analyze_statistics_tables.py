"""Tables of yearly figures: rows per year, columns per year, a cell a line, the total row."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.statistics.tables import yearly_table


def test_a_row_per_year_gives_the_cell_the_others_add_up_to() -> None:
    text = "Year Men Women Total\n2010 591 1,811 2,402\n2011 795 1,911 2,706\n"
    assert yearly_table(text) == [("2010", 2402), ("2011", 2706)]
    # One row alone is no table.
    assert yearly_table("2010 591 1,811 2,402") == []


def test_a_column_per_year_is_read_from_the_row_labelled_total() -> None:
    text = (
        "구분 | 2019 | 2020 | 2021\n"
        "남 | 202 | 72 | 40\n"
        "여 | 845 | 157 | 23\n"
        "합계 | 1,047 | 229 | 63\n"
    )
    assert yearly_table(text) == [("2019", 1047), ("2020", 229), ("2021", 63)]
    # Without its label the total row is the one two others add up to.
    unlabelled = text.replace("합계", "-")
    assert yearly_table(unlabelled) == [("2019", 1047), ("2020", 229), ("2021", 63)]


def test_a_labelled_total_wins_over_sums() -> None:
    # The labelled row is taken even where no two rows add up to another.
    text = "Year 2008 2009\nA 10 20\nB 30 40\nTotal 2,809 2,914\n"
    assert yearly_table(text) == [("2008", 2809), ("2009", 2914)]
    assert yearly_table(text.replace("Total", "Other")) == []


def test_a_table_read_one_cell_a_line_pairs_each_year_with_the_line_below() -> None:
    text = "Year\nPeople\n2027\n1,310\n2028\n987\n"
    assert yearly_table(text) == [("2027", 1310), ("2028", 987)]
    # A year over a year is a list of years, not a cell and its figure.
    assert yearly_table("2027\n2028\n") == []
    assert yearly_table("2027\n1,310\n") == []


def test_a_tables_rows_take_the_measure_its_caption_named_past_the_header() -> None:
    text = (
        "Defectors who arrived in South Korea each year, by ministry count:\n\n"
        "Year Total\n2027 1,310\n2028 987\n\nMost of them were women."
    )
    got = analyze_text(text, published="2029-02-01").statistics
    assert [(s.measure, s.period, s.value) for s in got] == [
        ("arrivals", "2027", 1310),
        ("arrivals", "2028", 987),
    ]
    # The same table laid out one cell a line.
    cells = text.replace("Year Total\n2027 1,310\n2028 987", "Year\nTotal\n2027\n1,310\n2028\n987")
    got = analyze_text(cells, published="2029-02-01").statistics
    assert [(s.period, s.value) for s in got] == [("2027", 1310), ("2028", 987)]
