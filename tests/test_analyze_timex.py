"""Korean and Japanese dates counted from the report's day (timex), and the events they
make one, on sentences written for these tests."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.events.base import load_rules
from tumen.analyze.events.merge import undated_into_dated
from tumen.analyze.timex import find_dates
from tumen.models import Event, Evidence


def _dates(text: str, published: str) -> list[tuple[str, str]]:
    return [(text[d.start : d.end], d.value) for d in find_dates(text, published)]


def test_a_day_in_a_year_counted_from_the_report() -> None:
    # the year word, the month and the day are one date, not a year and a stray month-day
    ko = "작년 3월 9일 탈북민 2명이 붙잡혔고 올해 1월 4일 풀려났다."
    assert _dates(ko, "2022-06-01") == [
        ("작년 3월 9일", "2021-03-09"),
        ("올해 1월 4일", "2022-01-04"),
    ]
    ja = "一家は昨年12月2日に川を越え、ことし2月8日に保護された。"
    assert _dates(ja, "2022-06-01") == [
        ("昨年12月2日", "2021-12-02"),
        ("ことし2月8日", "2022-02-08"),
    ]


def test_years_or_months_before_the_report() -> None:
    assert _dates("그는 5년 전 두만강을 건넜다.", "2022-06-01") == [("5년 전", "2017")]
    assert _dates("4年前に脱北した女性", "2022-06-01") == [("4年前", "2018")]
    assert _dates("3개월 전 체포된 남성", "2022-02-10") == [("3개월 전", "2021-11")]
    # a five-year war is no date
    assert _dates("5년 전쟁", "2022-06-01") == []


def test_a_day_of_the_month_named_before_it() -> None:
    ko = "선원 1명이 지난 4월 2일 귀순했고, 같은 달 28일 또 1명이 넘어왔다."
    assert _dates(ko, "2022-09-15") == [("4월 2일", "2022-04-02"), ("같은 달 28일", "2022-04-28")]
    ja = "兵士は3月1日に越境し、同月20日に送られた。"
    assert _dates(ja, "2022-09-15")[-1] == ("同月20日", "2022-03-20")
    # with no month named before it, it says no date
    assert _dates("같은 달 28일 넘어왔다.", "2022-09-15") == []


def _event(date: str | None, people: int | None) -> Event:
    return Event(type="repatriation", evidence=Evidence("", 0, 0), date=date, people=people,
                 country="CN")


def test_a_return_told_by_its_year_is_the_one_dated_that_year() -> None:
    # "3年前に送還された" and "2019年5月3日に送還された" in one text are one return
    events = undated_into_dated([_event("2019", 1), _event("2019-05-03", 1)])
    assert [(e.date, e.people) for e in events] == [("2019-05-03", 1)]
    # another year, or another group in that year, is another return
    assert len(undated_into_dated([_event("2018", 1), _event("2019-05-03", 1)])) == 2
    assert len(undated_into_dated([_event("2019", 212), _event("2019-01", 108)])) == 2


def test_a_bare_day_on_a_page_dated_to_its_month_goes_on_from_the_day_before() -> None:
    ja = "一行は先月18日に国境を越え、3日後に拘束された。27日に送り返された。"
    assert [v for _, v in _dates(ja, "2021-04")] == ["2021-03-18", "2021-03-21", "2021-03-27"]
    # past the day before, into the next month; never past the page's month
    assert _dates("先月28日に越境し、2日に拘束。", "2021-04")[-1] == ("2日", "2021-04-02")
    assert _dates("2021年3月5日に越境し、30日に拘束。", "2021-03")[-1] == ("30日", "2021-03-30")
    assert _dates("2021年3月20日に越境し、10日に拘束。", "2021-03")[-1] == ("10日", "2021-03-10")
    # with no day before it, the page's month, as before
    assert _dates("27日に拘束された。", "2021-04") == [("27日", "2021-04-27")]
    # a page dated to the day counts a bare day back from that day, as before
    assert _dates("先月18日に越境し、27日に送還。", "2021-04-20")[-1] == ("27日", "2021-03-27")


def test_the_day_a_source_tells_it_is_the_reports() -> None:
    ko = "12일 해양경찰과 구조단체 등에 따르면 일행은 지난달 배로 건너왔다."
    said = [(ko[d.start : d.end], d.reporting) for d in find_dates(ko, "2022-06-12")]
    assert said == [("12일", True), ("지난달", False)]
    ja = "警察によると、男性は4日に保護された。6日、支援団体によれば一家は無事だという。"
    said = [(ja[d.start : d.end], d.reporting) for d in find_dates(ja, "2022-06-06")]
    assert said == [("4日", False), ("6日", True)]


def test_days_or_months_told_together_give_what_they_share() -> None:
    # one happening told for two days is dated to their month, for two months to the year
    assert _dates("경찰은 5일과 6일 탈북민 20명을 붙잡았다.", "2021-03-20") == [
        ("5일과 6일", "2021-03")
    ]
    assert _dates("当局は昨年2月と3月に脱北者を拘束した。", "2021-06-01") == [
        ("昨年2月と3月", "2020")
    ]
    assert _dates("They were held on June 3-5 and on July 9 and July 10.", "2021-08-01") == [
        ("June 3-5", "2021-06"),
        ("July 9 and July 10", "2021-07"),
    ]
    # December and January lie in two years: each keeps its own
    assert _dates("in December 2019 and January 2020", "2021-08-01") == [
        ("December 2019", "2019-12"),
        ("January 2020", "2020-01"),
    ]
    # two clauses, two happenings: each keeps its day
    text = "They were freed on May 3, and on May 5 they reached the embassy."
    assert _dates(text, "2021-08-01") == [("May 3", "2021-05-03"), ("May 5", "2021-05-05")]


def test_a_month_followed_by_a_number_that_is_not_its_day() -> None:
    # "20대" is an age, "2명" a count: the month stands alone
    assert _dates("지난 6월 20대 남성이 국경을 넘었다.", "2021-08-01") == [("6월", "2021-06")]
    assert _dates("6月 2人が保護された。", "2021-08-01") == [("6月", "2021-06")]
    assert _dates("6월 20일 넘었다.", "2021-08-01")[0][1] == "2021-06-20"


def test_japanese_dates_in_kanji_numerals() -> None:
    # read as digits, with the text's own offsets
    ja = "兵士は十一月十三日に亡命し、二十四日に移送された。一九九八年にも越境した。"
    assert _dates(ja, "2017-11-30") == [
        ("十一月十三日", "2017-11-13"),
        ("二十四日", "2017-11-24"),
        ("一九九八年", "1998"),
    ]
    # "one day", three days, the third of a series: no dates
    assert _dates("一日も早い帰国を望み、三日間歩いた。第三日には着いた。", "2017-11-30") == []


def test_many_days_after_counts_back_past_a_month() -> None:
    # "50 days after" the boat crossed: seven weeks before the day named
    text = "The crew were sent home on March 20, 50 days after their boat drifted south."
    assert _dates(text, "2011-03-25") == [("March 20", "2011-03-20"), ("after", "2011-01-29")]


def test_days_later_opening_a_sentence_count_from_the_day_of_the_one_before() -> None:
    # the day before names no event: "two days later" still counts from it, not the report
    text = ("Three women bought bags at a shop on June 9 and paid in cash.\n"
            "Two days later, the women reached the embassy in Bangkok.")
    assert _dates(text, "2019-06-20")[-1] == ("Two days later", "2019-06-11")
    assert analyze_text(text, published="2019-06-20").events[0].date == "2019-06-11"
    # not after a day that was the report's, nor from inside its own sentence's middle
    said = "Officials said on June 9 they were checking. Two days later, three reached Seoul."
    assert _dates(said, "2019-06-20")[-1][0] != "Two days later"


def test_a_japanese_past_verb_before_a_conjunction_is_no_participle() -> None:
    # "入った脱北者" modifies its noun; "入ったものの" / "入ったが" go on to the next clause
    rx = load_rules().attributive["ja"]
    for text, attributive in [
        ("ラオスに入った脱北者", True),
        ("ラオスに入ったものの、拘束された", False),
        ("ラオスに入ったが、拘束された", False),
        ("ラオスに入ったら、拘束された", False),
    ]:
        assert bool(rx.match(text, text.index("た") + 1)) is attributive, text


def test_the_date_of_a_participle_is_not_that_of_a_later_step() -> None:
    # the arrest told in the participle has its month; the release came later, undated
    for text in ("지난해 3월 중국 공안에 체포됐던 탈북민 3명이 석방됐다.",
                 "昨年3月に中国で拘束された脱北者3人が釈放された。"):
        events = analyze_text(text, published="2021-06-10").events
        assert [(e.type, e.country, e.date, e.people) for e in events] == [
            ("arrest", "CN", "2020-03", 3),
            ("release", "CN", None, 3),
        ], text


def test_a_participle_describing_a_time_happened_then() -> None:
    # "the 16th, when he crossed": the time the participle's clause describes is its date
    ko = "군 관계자는 이 남성이 군사분계선을 넘어 귀순한 지난 16일 비가 내렸다고 말했다."
    ja = "北朝鮮兵士が軍事境界線を越えて韓国に亡命した13日、現場では銃声が響いた。"
    for text, day in ((ko, "2021-02-16"), (ja, "2021-02-13")):
        events = analyze_text(text, published="2021-02-20").events
        assert [(e.type, e.date) for e in events] == [("border_crossing", day)], text


def test_a_later_step_told_in_the_next_sentence_keeps_no_date_of_the_one_before() -> None:
    # the return came after the arrest: undated, unless the text counts the days
    text = "Chinese police detained five North Koreans in Shenyang on May 3. They were sent back"
    for tail, day in ((".", None), (" the next day.", "2021-05-04")):
        events = analyze_text(text + tail, published="2021-06-10").events
        assert [(e.type, e.date) for e in events] == [
            ("arrest", "2021-05-03"),
            ("repatriation", day),
        ]


def test_an_english_later_step_in_the_same_sentence_keeps_no_date_of_the_one_before() -> None:
    # the date after the arrest's verb is the arrest's; the return has its own or none
    cases = (
        ("Eight refugees arrested by police in Dandong in early May were sent home.", None),
        ("Police caught six women near Yanji on 4 April and later sent them back.", None),
        ("Police caught six women near Yanji on 4 April and sent them back on 9 April.",
         "2021-04-09"),
        # a date told before the arrest's verb dates both steps
        ("On 4 April police caught six women near Yanji and sent them back.", "2021-04-04"),
        # ... not one told after another verb before it
        ("Kim fled North Korea in 1998, was caught in China in 2001 and sent back.", None),
    )
    for text, day in cases:
        events = analyze_text(text, published="2021-06-10").events
        dates = {e.type: e.date for e in events}
        assert dates.get("repatriation", "missing") == day, text
        assert dates.get("arrest") is not None, text


def test_the_day_of_a_newspaper_edition_is_the_report_s() -> None:
    # "N日付" / "N일자": the day an outlet printed it, not the day it happened
    ja = "女性2人が拘束されたと、香港紙が12日付で伝えた。"
    assert [d.reporting for d in find_dates(ja, "2021-06-20")] == [True]
    ko = "홍콩 신문은 12일자 기사에서 여성 2명이 체포됐다고 전했다."
    assert [d.reporting for d in find_dates(ko, "2021-06-20")] == [True]
    assert [d.reporting for d in find_dates("12일 체포됐다.", "2021-06-20")] == [False]


def test_the_same_month_is_the_month_named_before_it() -> None:
    # "the same month" points back to the month the text named, not to the report's
    text = (
        "The coast guard found a body on the shore on April 9, 2023. A family reached "
        "Incheon by boat the same month. Another man crossed the same day. Two more fled "
        "that year."
    )
    assert _dates(text, "2023-06-02") == [
        ("April 9, 2023", "2023-04-09"),
        ("the same month", "2023-04"),
        ("the same day", "2023-04-09"),
        ("that year", "2023"),
    ]
    # with nothing named before it, it says no time
    assert _dates("They left the same month.", "2023-06-02") == []


def test_days_that_something_took_are_no_date() -> None:
    # "it took two days", "사흘이 걸려": a duration, not the second of the month
    assert _dates("漁船を見つけるまでに2日を要した。", "2022-03-20") == []
    assert _dates("구조하는 데 3일 걸렸다.", "2022-03-20") == []
    assert _dates("男性は3日、保護された。", "2022-03-20") == [("3日", "2022-03-03")]


def test_japanese_era_years() -> None:
    # every era from Meiji to Reiwa, its first year written 元年
    assert _dates("平成23年9月に能登沖で木造船が見つかった。", "2016-09-09") == [
        ("平成23年9月", "2011-09")
    ]
    assert _dates("令和元年6月3日、男性が保護された。", "2020-01-10") == [
        ("令和元年6月3日", "2019-06-03")
    ]
    assert _dates("昭和62年に一家が福井の港に着いた。", "2016-09-09") == [("昭和62年", "1987")]
    assert _dates("明治元年", "2016-09-09") == [("明治元年", "1868")]
    assert _dates("大正2年", "2016-09-09") == [("大正2年", "1913")]


def test_a_year_or_month_told_by_the_one_before() -> None:
    ja = "男性は2014年3月に拘束され、同年5月に送還された。"
    assert _dates(ja, "2016-09-09") == [("2014年3月", "2014-03"), ("同年5月", "2014-05")]
    ja = "3人は2014年12月に逮捕され、翌月に送還された。"
    assert _dates(ja, "2016-09-09") == [("2014年12月", "2014-12"), ("翌月", "2015-01")]
    ko = "5명은 2019년 3월 체포됐고 이듬해 4월 2일 북송됐다."
    assert _dates(ko, "2022-06-01") == [("2019년 3월", "2019-03"), ("이듬해 4월 2일", "2020-04-02")]
    ko = "그는 2018년 탈북했고 같은 해 한국에 왔다."
    assert _dates(ko, "2022-06-01") == [("2018년", "2018"), ("같은 해", "2018")]
    # with nothing told before it, no date (not the report's year)
    assert _dates("그는 이듬해 다시 강을 건넜다.", "2022-06-01") == []


def test_last_weekday_is_never_the_day_before() -> None:
    # 2022-10-27 is a Thursday: the day before would be "yesterday"
    assert _dates("He was found last Wednesday.", "2022-10-27") == [
        ("last Wednesday", "2022-10-19")
    ]
    assert _dates("He was found on Wednesday.", "2022-10-27") == [("on Wednesday", "2022-10-26")]
    assert _dates("They were held last Tuesday.", "2022-10-28") == [
        ("last Tuesday", "2022-10-25")
    ]
    assert _dates("탈북민 3명이 지난 수요일 체포됐다.", "2022-10-27") == [
        ("지난 수요일", "2022-10-19")
    ]


def test_weekday_of_the_week_before() -> None:
    # 2022-10-28 is a Friday; the week before runs from Monday the 17th
    ko = "3명이 지난주 목요일 체포됐다."
    assert _dates(ko, "2022-10-28") == [("지난주 목요일", "2022-10-20")]
    assert _dates("3人が先週月曜日に拘束された。", "2022-10-28") == [("先週月曜日", "2022-10-17")]
    event = analyze_text("탈북민 3명이 지난주 목요일 중국 공안에 체포됐다.", published="2022-10-28")
    assert [e.date for e in event.events] == ["2022-10-20"]


def test_a_japanese_day_followed_by_its_hour() -> None:
    """A day written against its hour ("9日19時ごろ", "3日6時半", as Japanese wires print
    it) is a day; a count of hours per day, or people, after a day is not its hour."""
    assert [t.value for t in find_dates("警察は9日19時ごろ、男性を保護した。", "2021-05-20")] == [
        "2021-05-09"]
    assert [t.value for t in find_dates("一行は3日6時半に港へ着いた。", "2021-05-20")] == [
        "2021-05-03"]
    assert find_dates("収容所では1日12時間の作業が課された。", "2021-05-20") == []
    assert find_dates("5日10人が拘束された。", "2021-05-20") == []


def test_the_day_before_a_day_named_in_its_sentence() -> None:
    """"前日", "전날", "the previous day" after a day the sentence names count from that
    day (as "翌日" and "同年" count from the time told before them); alone, from the
    report's day."""
    ja = "当局が12日に発表したところでは、8人は前日未明に国境で拘束された。"
    assert [t.value for t in find_dates(ja, "2021-05-20")] == ["2021-05-12", "2021-05-11"]
    ko = "정부 당국자는 7일 브리핑에서 탈북민 4명이 전날 오후 체포됐다고 설명했다."
    assert [t.value for t in find_dates(ko, "2021-05-20")][-1] == "2021-05-06"
    en = "Officials said on May 3 that guards had seized two men the previous day."
    assert [t.value for t in find_dates(en, "2021-05-20")][-1] == "2021-05-02"
    assert [t.value for t in find_dates("탈북민 2명이 전날 붙잡혔다.", "2021-05-20")] == [
        "2021-05-19"]
    event = analyze_text(ja, published="2021-05-20")
    assert [(e.type, e.date) for e in event.events] == [("arrest", "2021-05-11")]


def test_a_day_that_bounds_is_no_event_day() -> None:
    """A Korean or Japanese day closed by "까지" or "まで(に)" bounds a span ("until the
    5th", "by the 10th"): it is not the day anything happened."""
    ko = "선교단체는 탈북민 일행과 25일까지 연락이 닿았다고 말했다."
    assert [t.reporting for t in find_dates(ko, "2021-05-28")] == [True]
    ja = "政府は保護した男性を10日までに韓国へ移送した。"
    assert [t.reporting for t in find_dates(ja, "2021-05-28")] == [True]
    # a month closed by 까지 still bounds a period a figure counts
    assert [t.reporting for t in find_dates("3월까지 입국한 탈북민", "2021-05-28")] == [False]
    caught = analyze_text("탈북민 5명이 베트남에서 체포됐다. 가족은 24일까지 연락을 주고받았다.",
                          published="2021-05-28")
    assert [(e.type, e.date) for e in caught.events] == [("arrest", None)]


def test_a_speakers_day_with_its_hour_is_the_events() -> None:
    """A day after the speaker is the saying's ("군은 3일 …붙잡았다고 밝혔다"), but one
    followed by a part of the day ("3일 새벽", "3日未明") tells when it happened."""
    said = "해경은 3일 목선을 타고 내려온 주민 2명을 구조했다고 밝혔다."
    assert [t.reporting for t in find_dates(said, "2021-05-04")] == [True]
    hour = "해경은 3일 새벽 목선을 타고 내려온 주민 2명을 구조했다고 밝혔다."
    assert [t.reporting for t in find_dates(hour, "2021-05-04")] == [False]
    ja = "海上保安庁は3日未明、漂流していた木造船の2人を保護したと発表した。"
    assert [t.reporting for t in find_dates(ja, "2021-05-04")] == [False]


def test_a_holiday_on_a_fixed_day_is_that_day() -> None:
    """Christmas Eve, New Year's Day, 元日, 성탄절: a fixed day of the solar year, in the
    latest year not after the report; Lunar New Year moves and is no date."""
    assert [t.value for t in find_dates("2人はクリスマスイブに第三国へ着いた。", "2021-01-10")] == [
        "2020-12-24"]
    assert [t.value for t in find_dates("일행은 성탄절 새벽 국경을 넘었다.", "2021-01-10")] == [
        "2020-12-25"]
    assert [t.value for t in find_dates("They crossed on New Year’s Day.", "2021-01-10")] == [
        "2021-01-01"]
    assert find_dates("A Lunar New Year's Day feast was held.", "2021-03-01") == []
    assert find_dates("a Christmas Evening service", "2021-01-10") == []


def test_the_day_before_yesterday_and_this_morning() -> None:
    """The words for the days around the report's are a closed class: "그제", "一昨日",
    "the day before yesterday" are two days before it (not "yesterday" inside them),
    "昨晩", "지난밤" one, "今朝" the day itself; "그제서야" (only then) is no date."""
    def told(text: str) -> list[str]:
        return [t.value for t in find_dates(text, "2021-05-20")]

    assert told("탈북민 2명이 그제 붙잡혔다.") == ["2021-05-18"]
    assert told("2人は一昨日に拘束された。") == ["2021-05-18"]
    assert told("Both were caught the day before yesterday.") == ["2021-05-18"]
    assert told("男性は昨晩保護された。") == ["2021-05-19"]
    assert told("주민 1명이 지난밤 넘어왔다.") == ["2021-05-19"]
    assert told("漁船は今朝発見された。") == ["2021-05-20"]
    assert told("그제서야 가족에게 연락했다.") == []


def test_a_japanese_day_of_saying_set_off_by_a_comma() -> None:
    """The day a told clause was said or learnt is the report's, also when a Japanese
    comma sets it off from the verb ("…保護されていたことが5日、分かった"); the day the
    clause itself names is the event's."""
    ja = "漁船の3人が4日、秋田県沖で保護されていたことが5日、分かった。"
    assert [(t.value, t.reporting) for t in find_dates(ja, "2021-06-05")] == [
        ("2021-06-04", False), ("2021-06-05", True)]
    said = "政府は2人が韓国に着いたと6日、明らかにした。"
    assert [t.reporting for t in find_dates(said, "2021-06-07")] == [True]
    # a day set off by a comma before what happened is still the event's
    done = "男性は6日、警察に拘束された。"
    assert [t.reporting for t in find_dates(done, "2021-06-07")] == [False]


def test_a_day_of_reporting_behind_a_local_time_note_or_a_verb_of_coming_to_light() -> None:
    """The labelling conventions: the day an outlet reported or a case came to light is the
    report's, also behind the local-time note ("(현지시간)", "(現地時間)") and with the
    verbs 報道した and 明らかになった; a day before what happened stays the event's."""
    ko = "라오스 경찰이 탈북자 4명을 붙잡았다고 외신이 5일(현지시간) 보도했다."
    assert [t.reporting for t in find_dates(ko, "2021-06-06")] == [True]
    ja = "脱北者3人がタイで拘束されたと、通信社が5日(現地時間)、報道した。"
    assert [t.reporting for t in find_dates(ja, "2021-06-06")] == [True]
    came = "労働者8人が当局に拘束されたことが5日、明らかになった。"
    assert [t.reporting for t in find_dates(came, "2021-06-06")] == [True]
    aired = "脱北者2人がモンゴルに入ったことを米放送局が5日、報道した。"
    assert [t.reporting for t in find_dates(aired, "2021-06-06")] == [True]
    done = "탈북자 4명이 5일(현지시간) 라오스에서 체포됐다."
    assert [t.reporting for t in find_dates(done, "2021-06-06")] == [False]


def test_a_date_in_the_opening_brackets_of_a_japanese_report_is_its_dateline() -> None:
    # the outlet's lenticular brackets hold the report's date, before or after its name
    for text in ("【5月9日 共同】脱北者が7日、逮捕された。", "【共同通信5月9日】脱北者が7日に逮捕"):
        dates = find_dates(text, "2021-05-09")
        found = [(text[d.start : d.end], d.value, d.reporting) for d in dates]
        assert found == [("5月9日", "2021-05-09", True), ("7日", "2021-05-07", False)]


def test_english_years_or_months_ago_name_that_year_or_month() -> None:
    text = "The family fled two years ago. A month ago they were caught. Days ago, more came."
    assert _dates(text, "2014-09-20") == [("two years ago", "2012"), ("A month ago", "2014-08")]


def test_english_dates_told_in_two_parts() -> None:
    # the year word after a month or day gives its year, not the report's
    text = "They fled in August last year and were caught on Dec. 3 of last year."
    assert _dates(text, "2014-09-20") == [
        ("in August last year", "2013-08"), ("Dec. 3 of last year", "2013-12-03")]
    # a weekday with its date is that date, even more than a week before the report
    text = "Nine were caught on Sunday, Aug. 31, near the border."
    assert _dates(text, "2014-09-20") == [("on Sunday, Aug. 31", "2014-08-31")]
    # a month that states its own year, or one set off by a comma, keeps it
    text = "In May, last year's group was sent back; on May 3, 2012 last year ended."
    assert [v for _, v in _dates(text, "2014-09-20")][:2] == ["2014-05", "2013"]


def test_english_days_and_weeks_counted_from_the_day_told_before() -> None:
    # weeks after, a day after, hours later (the same day), a week earlier
    text = ("They were freed on June 26, two weeks after they were held. They crossed on "
            "the night of May 19 but were stopped an hour later. Seized on Monday, a day "
            "after crossing. On May 3 they left. Two weeks later they were sent back. On "
            "May 9 they landed; three days earlier they had fled.")
    got = [v for s, v in _dates(text, "2018-06-29") if s in (
        "after", "an hour later", "Two weeks later", "three days earlier")]
    assert got == ["2018-06-12", "2018-05-19", "2018-06-24", "2018-05-17", "2018-05-06"]


def test_an_english_step_a_week_earlier_than_the_event_before() -> None:
    text = ("A family of four entered the embassy in Vientiane on August 2, missionaries said. "
            "The family had slipped across the border into Laos a week earlier.")
    dated = [(e.type, e.date) for e in analyze_text(text, published="2015-08-07").events]
    assert dated == [("reached_safety", "2015-08-02"), ("border_crossing", "2015-07-26")]


def test_what_an_english_after_clause_tells_is_not_dated_by_the_clause_before() -> None:
    # the stop came before the handover: it keeps no date of it
    text = ("Lao authorities handed seven North Koreans over to Chinese police early this "
            "month after the group was stopped near the Mekong in Bokeo province.")
    dated = {e.type: e.date for e in analyze_text(text, published="2019-11-20").events}
    assert dated == {"repatriation": "2019-11", "arrest": None}
    # ... unless it was hours before: the same day
    text = ("Thai police detained 11 North Koreans in Chiang Rai on February 8, hours after "
            "they crossed the Mekong from Laos.")
    dated = {e.type: e.date for e in analyze_text(text, published="2019-02-12").events}
    assert dated == {"arrest": "2019-02-08", "border_crossing": "2019-02-08"}


def test_a_date_in_figures_with_dots_or_slashes_is_a_pages_stamp_of_that_day() -> None:
    found = find_dates("기자 2016.04.08 17:13:07 … 2016. 4. 7. … 2016/04/06", "2016-04-08")
    assert [(d.value, d.reporting) for d in found] == [
        ("2016-04-08", True), ("2016-04-07", True), ("2016-04-06", True),
    ]
    # a figure with one decimal point is no date
    assert [d.value for d in find_dates("인구는 2016.5명", "2016-04-08")] == ["2016"]
