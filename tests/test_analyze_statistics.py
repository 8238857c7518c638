"""Statistics: each figure of a list with its own period; what is never a statistic."""

from __future__ import annotations

from tumen.analyze import analyze_text

PUB = "2024-01-15"


def _stats(text: str, published: str = PUB) -> list[tuple[str, str, int]]:
    got = analyze_text(text, published=published).statistics
    return [(s.measure, s.period, s.value) for s in got]


def test_a_list_gives_each_figure_its_year() -> None:
    assert _stats("Arrivals dropped to 229 in 2020, 63 in 2021 and 67 in 2022.") == [
        ("arrivals", "2020", 229), ("arrivals", "2021", 63), ("arrivals", "2022", 67),
    ]
    # "In 2012 ..." governs the figure that no "in YEAR" follows.
    assert _stats(
        "In 2012, the first year of the new leader, the number of defectors plummeted: "
        "only 1,502 reached the South, compared with 2,706 in 2011."
    ) == [("arrivals", "2012", 1502), ("arrivals", "2011", 2706)]
    assert _stats("2011년 2706명이던 입국 탈북민은 2012년 1502명으로 줄었다.") == [
        ("arrivals", "2011", 2706), ("arrivals", "2012", 1502),
    ]
    assert _stats("2020年は229人、2021年は63人と、韓国に入国した脱北者は減った。") == [
        ("arrivals", "2020", 229), ("arrivals", "2021", 63),
    ]


def test_respectively_and_year_in_brackets() -> None:
    assert _stats("2020년과 2021년 입국 탈북민 수는 각각 229명, 63명이었다.") == [
        ("arrivals", "2020", 229), ("arrivals", "2021", 63),
    ]
    text = "통일부는 작년(2016년) 입국한 탈북민이 1418명이라고 밝혔다."
    assert ("arrivals", "2016", 1418) in _stats(text, "2017-01-03")


def test_a_list_goes_on_in_the_next_sentence() -> None:
    text = (
        "The ministry said 196 defectors arrived in South Korea last year. "
        "The yearly tally had peaked at 2,914 in 2009 before falling to 1,502 in 2012."
    )
    assert _stats(text) == [
        ("arrivals", "2023", 196), ("arrivals", "2009", 2914), ("arrivals", "2012", 1502),
    ]


def test_days_times_ages_ordinals_and_years_are_never_counts() -> None:
    text = (
        "Jan. 2, 2013 - 20:25 The number of defectors who reached South Korea in 2012 "
        "was 1,508, the ministry said on the 38th anniversary of its founding."
    )
    assert _stats(text, "2013-01-02") == [("arrivals", "2012", 1508)]
    assert _stats("2016年1月23日、2名の警官が脱北者を逮捕した。") == []


def test_parts_totals_ranges_averages_and_estimates_are_not_statistics() -> None:
    # Men and women are parts; the cumulative total is not one year's.
    assert _stats(
        "지난해 입국한 탈북민은 여자 198명, 남자 26명 등 모두 224명이며 "
        "누적 입국인원은 3만4천538명이다."
    ) == [("arrivals", "2023", 224)]
    assert _stats("A total of 224 defectors, 198 women and 26 men, arrived last year.") == [
        ("arrivals", "2023", 224)
    ]
    assert _stats("2003~2011년 연간 입국 인원은 2000~3000명 수준이었다.") == []
    assert _stats("지난해 전체 입국 인원은 196명(분기당 49명꼴)이었다.") == [
        ("arrivals", "2023", 196)
    ]
    assert _stats(
        "The ministry estimates that arrivals in 2023 will total about 200, up from 67 in 2022."
    ) == [("arrivals", "2022", 67)]


def test_part_of_a_year_is_not_a_full_year() -> None:
    assert _stats("올해 1월부터 9월 말까지 입국한 탈북민은 881명으로 집계됐다.", "2017-10-15") == []
    assert _stats(
        "A total of 593 defectors arrived between January and June, down from 749 in the "
        "same period last year."
    ) == []
    assert _stats("Just 1,202 defectors have entered South Korea this year to date.") == []


def test_a_single_happening_is_not_a_statistic() -> None:
    text = "In 1987, 11 crew members of a North Korean ship arrived at a port in Japan."
    assert _stats(text) == []


def test_table_of_yearly_figures_reads_the_totals() -> None:
    text = (
        "Defectors entering South Korea (men, women, total, share of women)\n"
        "2002 510 632 1,142 55.34\n2003 474 811 1,285 63.11\n2004 626 1,272 1,898 67.02\n2005 4"
    )
    assert _stats(text) == [
        ("arrivals", "2002", 1142), ("arrivals", "2003", 1285), ("arrivals", "2004", 1898),
    ]


def test_demo_reports_give_only_their_yearly_figures() -> None:
    """Issue 20: the statistics page charted days of the month and ages as head-counts
    ("aged 15 to 23", "17 February"). The sample reports give exactly these figures."""
    from importlib import resources

    from tumen.analyze import analyze_item
    from tumen.extract import extract_html

    folder = resources.files("tumen").joinpath("data", "sample", "articles")
    found = set()
    for page in sorted(folder.iterdir(), key=lambda p: p.name):
        if page.name.endswith(".html"):
            item = extract_html(page.read_text("utf-8"), url=f"file:///{page.name}").items[0]
            found |= {(s.measure, s.period, s.value) for s in analyze_item(item).statistics}
    assert found == {
        ("arrivals", "2011", 2706), ("arrivals", "2012", 1502), ("arrivals", "2017", 1127),
        ("arrivals", "2018", 1137), ("arrivals", "2019", 1047), ("arrivals", "2020", 229),
        ("arrivals", "2021", 63), ("arrivals", "2022", 67), ("arrivals", "2023", 196),
        ("arrivals", "2024", 236),
    }
