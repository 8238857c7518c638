"""Tables of yearly figures: rows per year, columns per year, the total row."""

from __future__ import annotations

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
