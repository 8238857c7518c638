"""Statistics: each figure of a list with its own period; what is never a statistic."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.gazetteer import find_places

PUB = "2024-01-15"


def _stats(text: str, published: str = PUB) -> list[tuple[str, str, int]]:
    got = analyze_text(text, published=published).statistics
    return [(s.measure, s.period, s.value) for s in got]


def test_a_list_gives_each_figure_its_year() -> None:
    assert _stats("Arrivals fell to 231 in 2020, then to 64 in 2021 and 70 in 2022.") == [
        ("arrivals", "2020", 231), ("arrivals", "2021", 64), ("arrivals", "2022", 70),
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
    text = "통일부에 따르면 올해 1월부터 9월 말까지 국내에 입국한 탈북민은 모두 812명이다."
    assert _stats(text, "2017-10-15") == []
    assert _stats(
        "Some 571 defectors came in from January through June, fewer than the 702 of the "
        "same months a year earlier."
    ) == []
    assert _stats("So far this year only 1,188 defectors have entered South Korea.") == []


def test_a_single_happening_is_not_a_statistic() -> None:
    text = "In 1987, a North Korean vessel with 11 sailors on board arrived at a Japanese harbour."
    assert _stats(text) == []
    # A month's arrest named as an instance of a trend is an event, not a statistic.
    text = "지난해 7월 탈북자 12명이 태국에서 체포되는 등 밀입국이 늘어나는 추세다."
    assert _stats(text, "2014-06-09") == []


def test_ranges_shares_changes_and_running_totals_are_not_counts() -> None:
    assert _stats(
        "The ministry said 1,047 defectors arrived in 2019. Since 2012 the number of "
        "arrivals has been between 1,100 and 1,500 a year."
    ) == [("arrivals", "2019", 1047)]
    assert _stats(
        "지난해 입국한 탈북민은 1,281명으로 집계됐다. 이 가운데 함경북도 출신이 71.9%(921명)였다."
    ) == [("arrivals", "2023", 1281)]
    assert _stats("2022년 입국한 탈북민은 모두 67명으로 2021년 63명보다 4명(6.3%) 늘었다.") == [
        ("arrivals", "2022", 67), ("arrivals", "2021", 63),
    ]
    assert _stats("작년 말 기준으로 국내에 입국한 탈북민은 누적 3만 3915명이다.") == []
    assert _stats(
        "By the end of December, a total of 33,500 defectors had arrived in the South since 1953."
    ) == []


def test_parts_of_a_year_named_next_to_the_figure() -> None:
    text = (
        "A total of 320 defectors arrived during the January-March period, compared with "
        "355 in the same period last year."
    )
    assert _stats(text, "2013-04-11") == []
    assert _stats("Only 703 defectors have arrived in 2018 as of August.", "2018-09-30") == []


def test_broadcast_style_thousands_and_parts_named_after_the_figure() -> None:
    text = (
        "The number of defectors who settled in the South totaled one-thousand-47 in 2019, "
        "with 202 of the defectors being male and 845 female."
    )
    assert _stats(text, "2020-01-20") == [("arrivals", "2019", 1047)]


def test_a_figure_against_its_year_goes_on_two_sentences_later() -> None:
    text = (
        "The ministry said 1,509 defectors arrived in the South last year. "
        "The annual tally hovered near the 2,000 mark for years. "
        "It peaked at 2,929 in 2009."
    )
    assert _stats(text, "2013-04-11") == [("arrivals", "2012", 1509), ("arrivals", "2009", 2929)]


def test_a_figure_stated_twice_counts_once() -> None:
    text = (
        "통일부는 지난해 입국한 탈북민이 224명으로 집계됐다고 밝혔다. "
        "이들 가운데 여성이 198명, 남성이 26명으로 지난해 입국한 탈북민은 모두 224명이다."
    )
    assert _stats(text, "2026-01-20") == [("arrivals", "2025", 224)]


def test_a_figure_stated_fewer_times_than_another_of_its_period_is_dropped() -> None:
    # a misprinted total in a quote, and a speaker's figure for the wrong year
    misprint = (
        "통일부는 지난해 입국한 탈북민이 모두 81명이라고 밝혔다. "
        "당국자는 \u201c지난해 입국한 탈북민은 여성 50명, 남성 31명으로 총 18명\u201d"
        "이라고 말했다. "
        "지난해 입국한 탈북민 81명은 2021년의 52명보다 늘었다."
    )
    assert sorted(_stats(misprint, "2023-02-01")) == [
        ("arrivals", "2021", 52),
        ("arrivals", "2022", 81),
    ]
    slip = (
        "Some 312 North Korean defectors arrived in the South last year, the ministry said. "
        "A total of 312 arrived last year, it said. "
        "\u201cLast year the number was 290,\u201d an official told reporters."
    )
    assert _stats(slip, "2025-01-20") == [("arrivals", "2024", 312)]
    # stated once each: one written against its period beats one that only lies nearest
    # to it; two written against it are both kept (nothing tells which is the text's)
    part = (
        "Some 312 defectors arrived last year, the ministry said. "
        "About 12 former diplomats were among those who came to the South last year."
    )
    assert _stats(part, "2025-01-20") == [("arrivals", "2024", 312)]
    both = (
        "Some 312 defectors arrived in 2024, the ministry said. "
        "An aid group counted 290 arrivals in 2024."
    )
    assert sorted(_stats(both, "2025-01-20")) == [
        ("arrivals", "2024", 290),
        ("arrivals", "2024", 312),
    ]


def test_people_who_have_come_since_a_years_event_are_a_stock() -> None:
    since = (
        "About 310 North Korean refugees have been admitted to Canada since its new "
        "resettlement programme opened in 2011, but only seven came last year, the data show."
    )
    assert _stats(since, "2020-03-02") == [("arrivals", "2019", 7)]
    home = "Canada is now home to 310 North Korean refugees who began arriving in 2011."
    assert _stats(home, "2020-03-02") == []


def test_table_of_yearly_figures_reads_the_totals() -> None:
    text = (
        "Defectors entering South Korea (men, women, total, share of women)\n"
        "2002 510 632 1,142 55.34\n2003 474 811 1,285 63.11\n2004 626 1,272 1,898 67.02\n2005 4"
    )
    assert _stats(text) == [
        ("arrivals", "2002", 1142), ("arrivals", "2003", 1285), ("arrivals", "2004", 1898),
    ]


def test_rows_with_a_dash_after_the_year() -> None:
    text = "Arrivals of defectors in South Korea\n2009 – 2,914\n2010 – 2,402\n2011: 2,706"
    assert _stats(text) == [
        ("arrivals", "2009", 2914), ("arrivals", "2010", 2402), ("arrivals", "2011", 2706),
    ]


def test_table_with_a_column_per_year_reads_the_total_row() -> None:
    text = (
        "Defectors entering South Korea by year\n"
        "Year ~'98 1999-2001 2002 2003 2004\n"
        "Men 831 565 510 474 626\n"
        "Women 116 478 632 811 1,272\n"
        "Total 947 1,043 1,142 1,285 1,898"
    )
    assert _stats(text) == [
        ("arrivals", "2002", 1142), ("arrivals", "2003", 1285), ("arrivals", "2004", 1898),
    ]
    pipes = "입국 탈북민 현황\n| 구분 | 2020년 | 2021년 |\n| 남 | 72 | 40 |\n| 합계 | 229 | 63 |"
    assert _stats(pipes) == [("arrivals", "2020", 229), ("arrivals", "2021", 63)]


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


def test_the_following_year_is_the_one_after_the_last_figure() -> None:
    text = (
        "Official records show that 312 defectors arrived in 1999, the most up to then. "
        "The following year the total rose again, to 490."
    )
    assert _stats(text, "2011-07-14") == [("arrivals", "1999", 312), ("arrivals", "2000", 490)]


def test_months_listed_without_their_year_take_the_year_named_before() -> None:
    text = "통일부에 따르면 올해 들어 1월 140명, 2월 95명, 3월 120명 등 355명의 탈북자가 "
    text += "입국했다."
    assert _stats(text, "2012-04-10") == [
        ("arrivals", "2012-01", 140), ("arrivals", "2012-02", 95), ("arrivals", "2012-03", 120),
    ]


def test_footnote_marks_and_running_totals_by_a_year_are_not_counts() -> None:
    text = (
        "The refugee population in China in 2008 was mostly women.[6] Of these, 70 to 80 "
        "percent were trafficked. "
        "By 2005, roughly 7,000 escapees had settled in the South, and by June 2009, "
        "the total stood at 16,100."
    )
    assert _stats(text, "2011-07-14") == []


def test_a_recorded_figure_goes_on_with_the_measure_before() -> None:
    text = (
        "지난해 한국에 입국한 탈북자 수는 모두 1천277 명으로 집계됐다. "
        "이는 2011년 한 해 동안 기록한 2천706명의 절반에 못 미친다. "
        "지난해 입국자 가운데 여성은 1천25명이었다."
    )
    assert _stats(text, "2016-01-10") == [("arrivals", "2015", 1277), ("arrivals", "2011", 2706)]


def test_a_headline_restating_a_statistic_is_read_as_one() -> None:
    """The events stage leaves the sentences of statistics alone: a headline that restates
    the ministry's figure is one of them, not the news of one arrival."""
    from tumen.analyze.sentences import split_sentences
    from tumen.analyze.statistics import extract_statistics
    from tumen.analyze.timex import find_dates

    text = (
        "Seoul took in 1,047 N.Korean defectors last year\n\n"
        "According to the ministry, 1,047 North Korean defectors arrived in South Korea "
        "last year, fewer than in any year since 2001. Women made up most of them."
    )
    stats, used = extract_statistics(split_sentences(text), find_dates(text, "2020-01-28"))
    assert [(s.period, s.value) for s in stats] == [("2019", 1047)]
    assert used == {0, 1}


def test_the_lowest_since_a_year_is_no_running_total() -> None:
    """'since YEAR' makes a running total only with a perfect tense or 'total'; 'the
    lowest since 2003, when 1,285 entered' gives 2003 its own figure."""
    text = (
        "Last year's figure of 1,277 was the lowest since 2003, when 1,285 defectors "
        "entered. A total of 1,277 fled to the South last year, of whom 1,019 were women."
    )
    assert _stats(text, "2016-01-10") == [("arrivals", "2015", 1277), ("arrivals", "2003", 1285)]


def test_english_ways_of_stating_a_years_arrivals() -> None:
    # A year that opens the sentence, before a count of people in general.
    assert _stats("In 2018, 1,137 North Koreans reached the South.") == [
        ("arrivals", "2018", 1137),
    ]
    # ... but not before one group's count: that is a happening in the background.
    assert _stats("In 1996, 14 fishermen arrived in the South by boat.") == []
    # A count that opens its sentence and a year that closes its clause.
    assert _stats(
        "More than 900 North Koreans were detained for entering Laos illegally in 2016."
    ) == [("arrests", "2016", 900)]
    # ... but not a running total since a year.
    assert _stats(
        "Some 300 refugees have been resettled in Canada since the programme began in 2006."
    ) == []
    # Where they went names the measure ("sought refuge in the South", "crossed into").
    assert _stats(
        "According to the ministry, 1,137 North Koreans sought refuge in the South in 2018, "
        "compared with 1,127 in 2017."
    ) == [("arrivals", "2018", 1137), ("arrivals", "2017", 1127)]
    # A number word before the people it counts; a month of the publication year.
    text = "Canada received seven North Korean refugees in March, figures showed."
    assert _stats(text, "2024-05-02") == [
        ("arrivals", "2024-03", 7),
    ]
    # "one in five defectors" is a share, not a count.
    assert _stats("One in five defectors arriving in the South last year was a teenager.") == []


def test_a_run_of_statistics_goes_on_without_naming_its_measure_again() -> None:
    text = (
        "The number of North Korean defectors entering the South fell to 196 in 2023. "
        "In 2022 the number stood at 67 people. "
        "In 2021, the figure was even lower at 63."
    )
    assert _stats(text) == [
        ("arrivals", "2023", 196), ("arrivals", "2022", 67), ("arrivals", "2021", 63),
    ]


def test_parts_and_quarters_named_after_their_figure() -> None:
    text = (
        "A total of 63 defectors arrived in the South last year, 40 of whom were men. "
        "The figure rose to 12 and 15 in the third and fourth quarter, respectively."
    )
    assert _stats(text, "2022-04-15") == [("arrivals", "2021", 63)]
    assert _stats("지난 1∼6월 입국한 탈북민은 593명으로 집계됐다.", "2017-07-12") == []
    assert _stats("2018年に入ってから入国した脱北者は30人以上にのぼる。", "2018-03-01") == []


def test_numbers_in_words_and_a_title_comparing_counts() -> None:
    assert _stats("Sixty-seven North Koreans arrived in the South in 2022.") == [
        ("arrivals", "2022", 67),
    ]
    text = "Two hundred and twelve North Korean refugees were admitted in 2012, figures showed."
    assert _stats(text) == [("arrivals", "2012", 212)]
    # A title that compares counts names the measure the next sentence goes on with.
    text = (
        "Fewer North Korean defectors as the border stays shut\n\n"
        "Numbers slumped to just 229 last year, far below the 1,047 in 2019."
    )
    assert _stats(text, "2021-01-20") == [("arrivals", "2020", 229), ("arrivals", "2019", 1047)]


def test_a_count_as_of_a_month_or_bringing_a_total_is_no_years_figure() -> None:
    """A count "as of" or "by" a month is part of its year, and a figure that brings a
    total to a number is a running total; the whole years beside them still count."""
    text = (
        "According to the ministry, as of October 2023 the number of defectors entering "
        "the South in 2023 stood at 171. Last year the number stood at 67, and in 2021 "
        "it was even lower at 63."
    )
    assert _stats(text, "2023-11-20") == [("arrivals", "2022", 67), ("arrivals", "2021", 63)]
    text = (
        "Some 196 refugees reached the South in 2023, bringing the total number of arrivals "
        "since the war to 34,078."
    )
    assert ("arrivals", "2023", 34078) not in _stats(text, "2024-01-20")
    text = "He said the count of defectors stood at 33,981 at the close of June."
    assert _stats(text, "2023-07-20") == []


def test_a_thousands_comma_ends_no_clause() -> None:
    # The comma in "2,400" is inside the figure: "arrived" is its measure, not the
    # "arrested" of the clause before.
    text = (
        "Official data show 1,200 defectors were arrested in China in 2015 "
        "while 2,400 arrived in South Korea."
    )
    assert _stats(text) == [("arrests", "2015", 1200), ("arrivals", "2015", 2400)]
    # Without thousands commas the same sentence reads the same.
    assert _stats(text.replace(",", "")) == _stats(text)


def _countries(text: str) -> list[tuple[str, str | None, int]]:
    got = analyze_text(text, published=PUB).statistics
    return [(s.period, s.country, s.value) for s in got]


def test_arrivals_are_counted_in_the_country_that_took_people_in() -> None:
    # Refugees admitted to another country than South Korea are counted there.
    assert _countries(
        "Official figures show that the U.S. admitted seven North Korean refugees in 2016."
    ) == [("2016", "US", 7)]
    assert _countries("미국 정부에 따르면 2017년 미국에 입국한 탈북 난민은 12명이었다.") == [
        ("2017", "US", 12)
    ]
    assert _countries("支援団体によると、2011年に日本に入国した脱北者は13人だった。") == [
        ("2011", "JP", 13)
    ]
    # A country passed through, or one that only speaks, is not where they arrived.
    assert _countries(
        "The number of defectors who reached South Korea via Thailand fell to 1,200 in 2015."
    ) == [("2015", "KR", 1200)]
    assert _countries(
        "According to a U.S.-funded broadcaster, the number of defectors who came last "
        "year was 1,047."
    ) == [("2023", "KR", 1047)]


def test_a_year_of_none_or_one_is_a_figure() -> None:
    text = "Data show that the United States admitted no North Korean refugees last year."
    analysis = analyze_text(text, published="2031-01-10")
    assert [(s.measure, s.country, s.period, s.value) for s in analysis.statistics] == [
        ("arrivals", "US", "2030", 0)
    ]
    assert analysis.events == []  # nobody was admitted: no arrival
    # (written after 2029: a year after the publication is no period)
    seven = (
        "Seven North Korean refugees were admitted into the US in 2029 and only one in 2028."
    )
    assert _countries_on(seven, "2031-01-10") == [("2029", "US", 7), ("2028", "US", 1)]
    # "US" names the country, "us" does not
    assert [p.country for p in find_places("Let us say the US took them in.")] == ["US"]
    # "one" with no people or year after it counts nothing
    assert _stats("Only one shelter took in defectors in 2029, the ministry data show.") == []


def test_figures_of_fiscal_years_are_no_calendar_years() -> None:
    text = "The total breaks down to four for the fiscal year 2025, 12 for 2026 and 30 for 2027."
    assert _stats(f"The US admitted 46 North Korean refugees. {text}") == []


def test_dates_ages_and_rolling_years_are_no_figures_of_a_year() -> None:
    text = "2030/05/14 09:30\nSEOUL, May 14 (Newswire) -- The number of defectors rose in 2030."
    assert _stats(text, published="2030-05-14") == []
    assert _stats("A woman in her 50s who reached South Korea in 2011 died, officials said.") == []
    text = "Data show that over 300 North Koreans have come to South Korea in the past year."
    assert _stats(text, published="2030-05-14") == []


def test_more_of_the_same_people_and_asylum_granted_are_arrivals() -> None:
    text = "Eight more refugees from North Korea reached the US in June, bringing the total to 99."
    assert _countries_on(text, "2030-07-10") == [("2030-06", "US", 8)]
    text = "Britain granted asylum to 14 North Koreans in 2029, Home Office figures show."
    assert _countries_on(text, "2030-07-10") == [("2029", "GB", 14)]


def _countries_on(text: str, published: str) -> list[tuple[str, str | None, int]]:
    got = analyze_text(text, published=published).statistics
    return [(s.period, s.country, s.value) for s in got]


def test_cjk_ranges_several_and_parts_of_a_group_are_no_statistics() -> None:
    # "2000人" counts people: no year; "500人から2000人" is a range.
    text = (
        "支援団体は、施設の収容者は500人から2000人に上るとみているが、"
        "それ以上の数が強制送還されたという。"
    )
    assert _stats(text) == []
    # "数回" is "several times", no tally: one group's return last week is an event.
    assert _stats("拘束中の脱北者200人が先週、数回に分けて強制送還された。") == []
    # Seven workers who came are that group, not a year's arrivals of defectors.
    assert _stats("러시아에서 일하던 노동자 가운데 7명이 지난해 탈북해 한국에 입국했다.") == []
    # 최고대표 (the UN High Commissioner) is no "highest".
    text = "작년 9월에는 유엔난민최고대표사무소의 도움을 받은 탈북자 12명이 한국에 입국했다."
    assert _stats(text) == []


def test_a_count_as_of_a_month_or_since_a_year_is_a_running_total() -> None:
    text = "2023년 12월 현재 국내에 들어온 탈북민은 모두 3만 4078명이다."
    assert _stats(text) == []
    text = "統一省の統計によると、6月の時点で韓国に入国した脱北者は150人だった。"
    assert _stats(text, "2023-07-10") == []
    assert _stats("중국은 지난해 이후 최소 400명의 탈북민을 강제 북송했다.") == []
    # The end of a month and の together ("末の時点"), as the year's end is written.
    text = "統一省のまとめでは、韓国入りした脱北者の数は今年4月末の時点で3万4100人に上る。"
    assert _stats(text, "2024-05-20") == []
    # People living somewhere are counted as of a month.
    text = "국내에 거주하는 탈북민은 10월 말 현재 3만 4천명이다."
    assert _stats(text, "2023-11-20") == [("population", "2023-10", 34000)]


def test_korean_and_japanese_name_arrivals_and_residents_by_where_people_went() -> None:
    pub = "2024-02-01"
    text = "統一省によると、昨年韓国に入った「脱北者」の数は71人だった。"
    assert _stats(text, pub) == [("arrivals", "2023", 71)]
    assert _stats("韓国への脱北者は昨年1年間で1,520人に上った。", pub) == [
        ("arrivals", "2023", 1520)
    ]
    text = "日本国内に居住する脱北者は今年3月末時点で約200人だ。"
    assert _stats(text, "2024-04-10") == [("population", "2024-03", 200)]
    # "탈북자 수" inside "정착한 탈북자 수" names residents, not arrivals.
    text = "국내에 정착한 탈북자 수는 9월 말 현재 3만 1천여 명이다."
    assert _stats(text, "2024-10-05") == [("population", "2024-09", 31000)]


def test_the_people_a_survey_asked_are_no_statistic() -> None:
    assert _stats("연구소는 국내 거주 탈북민 400명을 대상으로 지난해 설문조사를 했다.") == []


def test_two_digit_years_listed_or_with_their_zero_take_the_century_of_the_text() -> None:
    pub = "2018-03-01"
    head = "統一省によると、昨年韓国入りした脱北者数は減った。"
    assert _stats(head + "16年が1418人、17年が1127人だった。", pub) == [
        ("arrivals", "2016", 1418), ("arrivals", "2017", 1127),
    ]
    assert _stats(head + "年別では、09年の2914人が最多だった。", pub) == [
        ("arrivals", "2009", 2914)
    ]
    text = "통일부에 따르면 지난해 입국한 탈북민 수는 줄었다. 16년이 1418명, 17년이 1127명이었다."
    assert _stats(text, pub) == [("arrivals", "2016", 1418), ("arrivals", "2017", 1127)]
    # One two-digit year without its zero is a span of years as often as a year.
    assert _stats("脱北者の数は約10年に一度しか増えない。", pub) == []


def test_defectors_counted_against_years_are_arrivals_without_a_verb() -> None:
    text = "There were 1,418 defectors in 2016, 1,127 in 2017 and 1,137 in 2018."
    assert _stats(text) == [
        ("arrivals", "2016", 1418), ("arrivals", "2017", 1127), ("arrivals", "2018", 1137),
    ]
    text = "The ministry counted 1,047 North Korean defectors last year."
    assert _stats(text, "2020-01-15") == [("arrivals", "2019", 1047)]


def test_a_list_in_brackets_goes_on_after_a_sentence_without_figures() -> None:
    text = (
        "統一省によると、昨年韓国に入国した脱北者は224人だった。ただし解釈には注意が必要だ。"
        "直近の数字では2022年（67人）、2023年（196人）と少なかった。"
    )
    assert _stats(text, "2025-01-15") == [
        ("arrivals", "2024", 224), ("arrivals", "2022", 67), ("arrivals", "2023", 196),
    ]


def test_a_years_defectors_told_by_sex_are_no_group_that_arrived() -> None:
    text = (
        "統一省によると、昨年韓国に入国した脱北者は71人だった。"
        "昨年韓国入りした脱北者は男性30人と女性41人。"
    )
    analysis = analyze_text(text, published=PUB)
    assert [(s.measure, s.period, s.value) for s in analysis.statistics] == [
        ("arrivals", "2023", 71)
    ]
    assert analysis.events == []


def test_korean_comparisons_with_years_and_a_thousand_without_its_one() -> None:
    text = (
        "통일부에 따르면 지난해 입국한 탈북민은 63명이었다. 이는 2020년의 229명보다 줄었고, "
        "천47명이었던 2019년보다 크게 감소한 수치다."
    )
    assert _stats(text, "2022-01-15") == [
        ("arrivals", "2021", 63), ("arrivals", "2020", 229), ("arrivals", "2019", 1047),
    ]


def test_a_comparison_since_a_year_and_a_rise_every_year_leave_the_figures_their_own() -> None:
    text = (
        "Just 67 North Koreans made it to South Korea last year. The year before, 63 "
        "arrived, the lowest figure since records began in 2003."
    )
    assert _stats(text, "2022-01-15") == [("arrivals", "2021", 67), ("arrivals", "2020", 63)]
    assert _stats("Arrivals increased annually to reach 2,914 in 2009.") == [
        ("arrivals", "2009", 2914)
    ]
    text = (
        "Since 1998 over 33,000 North Koreans have fled to the South, decades after the "
        "war of 1953."
    )
    assert _stats(text) == []


def test_a_japanese_figure_before_every_year_of_its_sentence_has_none() -> None:
    # A caption run into the lede: the 2 people are not 2021's.
    text = (
        "2人は亡命を望んでいた(写真)\n"
        "統一部は、2021年に58人の脱北者が韓国入りしたと公表した。"
    )
    assert _stats(text, "2022-01-15") == [("arrivals", "2021", 58)]


def test_round_thousands_listed_before_a_threshold_are_thresholds() -> None:
    text = "탈북민 입국자는 2000년 처음 3백 명을 넘었고 2003년엔 1천 명, 2007년엔 2천 명을 넘었다."
    assert _stats(text, "2010-01-06") == []


def test_respectively_pairs_the_years_right_before_it() -> None:
    text = (
        "2019년 말 코로나19로 국경이 닫히면서 2020년, 2021년 입국자 수는 "
        "각각 229명, 63명으로 줄었다."
    )
    assert _stats(text, "2022-01-06") == [("arrivals", "2020", 229), ("arrivals", "2021", 63)]


def test_a_span_of_months_is_no_months_figure() -> None:
    text = (
        "Rights groups documented the arrests of 23 North Koreans in March and April alone, "
        "compared with 31 cases from March last year to February."
    )
    assert _stats(text, "2029-06-01") == []


def test_shot_is_no_total_so_a_months_deaths_stay_one_happening() -> None:
    # "총에 맞아" is being shot, not "총" (a total): three deaths in March are one event.
    assert _stats("지난 3월 강을 건너던 3명이 경비대의 총에 맞아 사망했다.", "2029-05-20") == []


def test_a_count_as_of_a_years_end_is_a_running_total_unless_people_live_there() -> None:
    text = "통일부는 지난해 말 기준으로 입국한 탈북민이 총 3만5010명으로 집계됐다고 밝혔다."
    assert _stats(text, "2029-01-10") == []
    text = "2028년 말 현재 국내에 거주하는 탈북민은 3만4천명이다."
    assert _stats(text, "2029-01-10") == [("population", "2028", 34000)]


def test_the_past_year_in_korean_is_last_year_and_nearing_a_figure_is_a_threshold() -> None:
    text = "지난 한 해 동안 입국한 탈북민은 1천210명으로 집계됐다."
    assert _stats(text, "2029-01-10") == [("arrivals", "2028", 1210)]
    assert _stats("지난 한 해 동안 입국한 탈북민이 3천명에 육박했다.", "2029-01-10") == []


def test_a_year_opening_the_sentence_gives_a_host_countrys_intake() -> None:
    text = "In 2027, Canada admitted 40 North Korean refugees, officials said."
    assert _stats(text, "2029-01-10") == [("arrivals", "2027", 40)]
    # not one group's boat, nor one arrest
    assert _stats("In 1987, a boat carrying 11 North Koreans reached Japan.", "2029-01-10") == []
    assert _stats("In 2027, police arrested 12 North Koreans in Kunming.", "2029-01-10") == []


def test_a_years_defectors_as_the_subject_take_their_figure() -> None:
    assert _stats("通信社によると、2027年の脱北者は990人。", "2029-01-10") == [
        ("arrivals", "2027", 990)
    ]
    assert _stats("2027년 탈북민은 990명이었다.", "2029-01-10") == [("arrivals", "2027", 990)]


def test_a_forecast_and_one_groups_arrival_are_no_years_figure() -> None:
    assert _stats("The ministry expects about 300 arrivals in 2028.", "2028-02-01") == []
    text = "A group of 12 defectors arrived in Busan by boat last year."
    assert _stats(text, "2028-02-01") == []


def test_a_difference_between_two_years_is_no_years_figure() -> None:
    text = "2027년 입국한 탈북민은 230명으로 2026년(150명)보다 80명 많았다."
    assert _stats(text, "2028-02-01") == [("arrivals", "2027", 230), ("arrivals", "2026", 150)]
    text = "2027年に韓国入りした脱北者は230人で、2026年の150人より80人多かった。"
    assert _stats(text, "2028-02-01") == [("arrivals", "2027", 230), ("arrivals", "2026", 150)]
    text = "Arrivals reached 230 in 2027, or 80 more defectors than in 2026, officials said."
    assert ("arrivals", "2027", 80) not in _stats(text, "2028-02-01")


def test_the_same_month_a_year_before_is_that_month() -> None:
    text = "今年2月に入国した脱北者は14人で、前年同月の21人を下回った。"
    assert _stats(text, "2028-03-05") == [("arrivals", "2028-02", 14), ("arrivals", "2027-02", 21)]
    text = "In February, 14 defectors arrived in the South, compared with 21 in February last year."
    assert _stats(text, "2028-03-05") == [("arrivals", "2028-02", 14), ("arrivals", "2027-02", 21)]
    text = "In February, 14 arrived, down from 21 in the same month a year earlier, data showed."
    assert ("arrivals", "2027-02", 21) in _stats(text, "2028-03-05")


def test_a_running_total_at_a_years_end_in_english_is_no_years_figure() -> None:
    text = "Officials said 35,100 defectors had entered the South as of the end of 2027."
    assert _stats(text, "2028-02-01") == []
    text = "By the end of 2027, a total of 35,100 North Koreans had resettled in the South."
    assert _stats(text, "2028-02-01") == []


def test_english_quarters_halves_and_months_to_a_month_are_parts_of_a_year() -> None:
    for text in (
        "Some 140 escapees from the North reached the South in Q1 2027, officials said.",
        "A total of 81 defectors arrived in the April-June period of 2027, the ministry said.",
        "Arrivals totaled 112 in the latter half of 2027, data showed.",
        "Some 47 defectors arrived in the three months to March 2027, the ministry said.",
        "Year-to-date arrivals reached 190 in 2027, the ministry said.",
    ):
        assert _stats(text, "2028-02-01") == [], text
    text = "The 2027 figure of 230 was up from 2026, when 150 arrived."
    assert _stats(text, "2028-02-01") == [("arrivals", "2027", 230), ("arrivals", "2026", 150)]


def test_an_english_figure_of_another_group_counts_none_of_the_measures_people() -> None:
    for text in (
        "The defence ministry said 4 North Korean soldiers defected across the border in 2027.",
        "Prosecutors indicted 14 brokers in 2027 for smuggling defectors.",
        "Police arrested 31 smugglers who guided North Koreans to Laos in 2027.",
    ):
        assert _stats(text, "2028-02-01") == [], text
    # the measure's own people and happenings still count
    text = "Officials said 230 North Korean escapees made it to Seoul in 2027."
    assert _stats(text, "2028-02-01") == [("arrivals", "2027", 230)]
    text = "Monitors logged 52 arrests of North Koreans in China in 2027."
    assert _stats(text, "2028-02-01") == [("arrests", "2027", 52)]


def test_a_sentence_told_as_an_estimate_gives_no_figure() -> None:
    for text in (
        "China sent back 1,800 North Koreans in 2027, a UN investigator estimated.",
        "According to estimates by aid workers, 900 North Koreans were repatriated in 2027.",
        "It is estimated that 1,300 North Koreans slipped into China in 2027.",
    ):
        assert _stats(text, "2028-02-01") == [], text


def test_a_year_a_comparison_is_made_against_is_no_figures_period() -> None:
    text = "The ministry said 240 defectors arrived, more than in 2027."
    assert _stats(text, "2029-01-20") == []
    text = "Arrivals rose to 240 in 2028, compared with 230 in 2027."
    assert _stats(text, "2029-01-20") == [("arrivals", "2028", 240), ("arrivals", "2027", 230)]


def test_a_korean_headlines_figure_takes_no_period_past_its_break() -> None:
    text = (
        "누적 입국 3만5천명 넘어…2027년보다 10명 늘어\n"
        "통일부는 지난해 국내에 입국한 탈북민이 240명으로 집계됐다고 밝혔다."
    )
    assert _stats(text, "2029-01-20") == [("arrivals", "2028", 240)]


def test_yearly_statistics_in_the_adnominal_form_name_no_generic_count() -> None:
    # 毎年の (the yearly ...) qualifies a noun; 毎年 alone would make the count generic.
    text = "韓国入りした脱北者は、毎年の集計で2005年に1383人を数えた。"
    assert _stats(text) == [("arrivals", "2005", 1383)]
    assert _stats("毎年およそ1000人の脱北者が韓国に入国している。") == []


def test_a_figure_said_to_be_from_north_korea_among_others_is_the_only_statistic() -> None:
    text = (
        "Of the 58,000 refugees the country resettled in 2016, just 14 came from North "
        "Korea, while 12,600 came from Syria and 9,100 from Iraq."
    )
    assert _stats(text, "2017-03-01") == [("arrivals", "2016", 14)]
    text = "Canada admitted 31,000 refugees in 2017; 9 of them were North Koreans."
    assert _stats(text, "2018-02-01") == [("arrivals", "2017", 9)]
    # Without such a figure, every figure of the sentence stands.
    assert _stats("Arrivals fell to 231 in 2020, then to 64 in 2021.") == [
        ("arrivals", "2020", 231), ("arrivals", "2021", 64),
    ]


def test_a_count_of_people_who_went_to_a_place_of_refuge_is_one_happening() -> None:
    text = (
        "Last year, three North Koreans slipped into a foreign school in Shenyang and "
        "later flew to Seoul."
    )
    assert _stats(text, "2011-05-02") == []
    text = (
        "Two women who escaped last year and hid at the Swiss embassy in Beijing reached "
        "Tokyo on Monday."
    )
    assert _stats(text, "2011-05-02") == []
    # A figure in aggregate beside such a place is still one ("a total of", "모두").
    text = "공관을 거쳐 입국한 탈북민은 지난해 모두 48명으로, 대사관 진입은 줄었다."
    assert ("arrivals", "2010", 48) in _stats(text, "2011-05-02")


def test_a_year_is_never_the_top_of_a_range_of_counts() -> None:
    text = "탈북민 입국은 2019년 1047명에서 2020년 229명, 2021년 63명으로 줄었다."
    assert _stats(text, "2022-01-10") == [
        ("arrivals", "2019", 1047), ("arrivals", "2020", 229), ("arrivals", "2021", 63),
    ]


def test_the_sexes_abbreviated_or_told_after_the_total_are_parts() -> None:
    assert _stats("작년 한 해 입국한 북한이탈주민은 120명(남 20명, 여 100명)이다.") == [
        ("arrivals", "2023", 120)
    ]
    assert _stats("昨年韓国に入国した脱北者は120人（男20人、女100人）だった。") == [
        ("arrivals", "2023", 120)
    ]
    assert _stats("Last year, 120 defectors reached the South, 100 of them women.") == [
        ("arrivals", "2023", 120)
    ]


def test_a_figure_told_as_the_following_year_is_the_year_after_the_last() -> None:
    assert _stats("Arrivals fell from 1,047 in 2019 to just 229 the following year.") == [
        ("arrivals", "2019", 1047), ("arrivals", "2020", 229),
    ]
    assert _stats("Arrivals fell to 229 in 2020, and the following year only 63 came.") == [
        ("arrivals", "2020", 229), ("arrivals", "2021", 63),
    ]
    assert _stats("탈북민 입국자는 2019년 1047명이었으나 이듬해 229명으로 줄었다.") == [
        ("arrivals", "2019", 1047), ("arrivals", "2020", 229),
    ]


def test_a_year_after_the_publication_is_no_period() -> None:
    text = "이번에 입국한 41명 가운데 2030세대 비율이 절반을 넘는다고 통일부는 밝혔다."
    assert _stats(text, "2025-04-10") == []


def test_a_figure_fallen_below_is_a_threshold() -> None:
    text = "韓国入りした脱北者は2020年に229人に減少し、21年からは100人を割り込んだ。"
    assert _stats(text, "2023-01-10") == [("arrivals", "2020", 229)]


def test_a_count_as_of_a_month_in_japanese_and_a_family_are_no_figures() -> None:
    assert _stats("統一部によると脱北者数は今年6月基準で3万805人。", "2017-07-24") == []
    assert _stats("脱北者の呼び寄せが増える中、家族9人が昨年日本に入国した。", "2008-03-01") == []
    family = "A family of nine defectors arrived in Japan last year, the ministry said."
    assert _stats(family, "2008-03-01") == []


def test_more_than_ever_arrived_in_a_period_is_a_running_total() -> None:
    text = (
        "통일부에 따르면 지난해 입국한 탈북민은 총 240명이었다. "
        "지난해 입국한 탈북민들을 포함한 국내 누적 입국 탈북민의 경우 남성 9,500명, "
        "여성 2만 4,700명 등 총 3만 4,200명으로 집계됐다."
    )
    assert _stats(text, "2025-02-01") == [("arrivals", "2024", 240)]


def test_a_round_figure_next_to_the_exact_one_is_that_figure_rounded() -> None:
    text = (
        "지난해 입국한 북한이탈주민은 예년과 비슷한 2백여 명으로 집계됐다. "
        "통일부는 지난해 입국한 탈북민은 236명이라고 밝혔다."
    )
    assert _stats(text, "2025-01-20") == [("arrivals", "2024", 236)]


def test_the_year_before_a_part_of_a_year_is_that_part_and_as_of_a_day() -> None:
    text = (
        "A total of 1,150 North Koreans came to South Korea from January to October, "
        "compared with 990 the previous year, the ministry said."
    )
    assert _stats(text, "2017-11-10") == []
    ko = "올해 입국자는 1월 120명에 이어 2월 90명, 3월(15일 현재) 40명을 기록했다."
    assert _stats(ko, "2014-03-20") == [("arrivals", "2014-01", 120), ("arrivals", "2014-02", 90)]


def test_a_count_written_like_a_year_is_a_count_with_its_counter() -> None:
    text = (
        "統計によると、韓国に入った脱北者数は2004年に1500人を記録した。"
        "2005年は2040人と2000人を上回った。2006年は2100人、2007年は1980人だった。"
    )
    assert _stats(text, "2008-02-01") == [
        ("arrivals", "2004", 1500), ("arrivals", "2005", 2040),
        ("arrivals", "2006", 2100), ("arrivals", "2007", 1980),
    ]
    # without a counter such digits stay a year
    assert _stats("脱北者数は2004年に1500人を記録した。", "2008-02-01") == [
        ("arrivals", "2004", 1500)
    ]


def test_a_count_in_brackets_after_since_is_that_years_own() -> None:
    text = "韓国に入った脱北者数は今年約900人と予想され、2003年(1280人)以降で最も少ない。"
    assert _stats(text, "2010-10-01") == [("arrivals", "2003", 1280)]
    # a running count from a year on is part of no period
    assert _stats("脱北者数は2003年以降、計5200人となった。", "2010-10-01") == []


def test_this_year_in_another_clause_leaves_a_year_whole() -> None:
    text = "Only 80 defectors have arrived so far this year, against 196 in 2023."
    assert _stats(text, "2024-06-01") == [("arrivals", "2023", 196)]


def test_an_approximate_figure_leaves_the_others_of_its_clause_whole() -> None:
    text = "입국 탈북자는 1990년대 50명 안팎이었으나 2001년에 들어서 420명으로 급증했다."
    assert _stats(text, "2005-01-10") == [("arrivals", "2001", 420)]
    assert _stats("2001년 입국 탈북자는 400명 안팎으로 집계됐다.", "2005-01-10") == []


def test_the_year_of_a_date_in_digits_is_no_period() -> None:
    text = (
        "기자 2019.05.03 09:12:44\n북한 주민 7명이 어선을 타고 전날 국내로 들어왔다고 "
        "통일부가 3일 밝혔다."
    )
    assert _stats(text, "2019-05-03") == []
    assert _stats("2019년 국내로 들어온 탈북민은 1047명이라고 통일부가 밝혔다.", "2020-01-05") == [
        ("arrivals", "2019", 1047)
    ]


def test_defectors_against_a_year_are_arrivals_only_when_counted_as_such() -> None:
    assert _stats("There were 1,418 defectors in 2016, the ministry said.", "2017-01-05") == [
        ("arrivals", "2016", 1418)
    ]
    # what some defectors did in a year is no year's arrivals
    assert _stats("A lawyer said 31 defectors sought legal aid in 2016.", "2017-01-05") == []
    text = (
        "Many defectors living in Russia fear being sent home. "
        "The group said 31 defectors asked for asylum there in 2016."
    )
    assert _stats(text, "2017-01-05") == []


def test_a_figure_approached_is_a_threshold() -> None:
    text = "입국 탈북자는 2003년 1천 명을 넘었고, 2008년에는 3천 명에 근접하기도 했다."
    assert _stats(text, "2012-01-05") == []
    ja = "脱北者数は2008年に3000人に近づいた。"
    assert _stats(ja, "2012-01-05") == []


def test_people_who_came_to_korea_are_arrivals() -> None:
    text = "통일부에 따르면 2022년 탈북민 67명이 한국으로 왔다."
    assert _stats(text, "2023-03-01") == [("arrivals", "2022", 67)]


def test_a_two_digit_year_told_with_its_count_is_a_year() -> None:
    text = "統計によると、昨年韓国入りした脱北者は1050人。15年の1210人から減った。"
    assert _stats(text, "2017-01-10") == [("arrivals", "2016", 1050), ("arrivals", "2015", 1210)]
    # a span of years is no year
    assert _stats("脱北者は10年で1万人増えた。", "2017-01-10") == []


def test_a_years_figure_goes_on_past_a_remark_between() -> None:
    text = (
        "統一省によると、昨年韓国に入国した脱北者は70人だった。"
        "記録が残る中で最も少ない。2020年は240人だった。"
    )
    assert _stats(text, "2022-01-20") == [("arrivals", "2021", 70), ("arrivals", "2020", 240)]
    # not past two remarks
    far = (
        "統一省によると、昨年韓国に入国した脱北者は70人だった。"
        "記録が残る中で最も少ない。専門家は国境封鎖を理由に挙げる。2020年は240人だった。"
    )
    assert _stats(far, "2022-01-20") == [("arrivals", "2021", 70)]


def test_people_who_came_at_once_are_one_group() -> None:
    text = "2004年には第三国から1度に400人が韓国に入国し、年間では過去最多の1900人を記録した。"
    assert _stats(text, "2006-05-01") == [("arrivals", "2004", 1900)]
    en = "In 2004, 400 North Koreans arrived at once by charter, a record 1,900 came that year."
    assert ("arrivals", "2004", 400) not in _stats(en, "2006-05-01")


def test_a_figure_restated_against_a_looser_period_is_its_own_periods() -> None:
    text = (
        "통일부는 지난해 입국한 탈북민이 1400명이라고 밝혔다. "
        "입국 탈북민 수는 2009년 2900명으로 정점을 찍은 뒤 2012년 1500명으로 줄었다. "
        "지난해 입국자는 지난해(1500명)와 비슷한 규모다."
    )
    assert _stats(text, "2014-01-10") == [
        ("arrivals", "2013", 1400), ("arrivals", "2009", 2900), ("arrivals", "2012", 1500),
    ]


def test_defectors_who_crossed_over_to_korea_are_arrivals() -> None:
    text = "統一省によると、韓国に渡った脱北者は昨年、240人だった。"
    assert _stats(text, "2021-01-10") == [("arrivals", "2020", 240)]
