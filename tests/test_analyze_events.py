"""Event rules on sentences written for these tests (not from the labelled set)."""

from __future__ import annotations

import pytest

from tumen.analyze import analyze_text, event_features
from tumen.analyze.events.base import ByStart
from tumen.analyze.numbers import find_counts
from tumen.analyze.timex import find_dates

Row = tuple[str, str | None, str | None, int | None]


def _events(text: str, published: str = "2019-06-10") -> list[Row]:
    return [
        (e.type, e.country, e.date, e.people)
        for e in analyze_text(text, published=published).events
    ]


def test_arrest_after_crossing_is_in_the_country_entered() -> None:
    text = "Police detained eight North Koreans on Friday after crossing into Laos from China."
    assert _events(text) == [
        ("arrest", "LA", "2019-06-07", 8),
        ("border_crossing", "LA", None, 8),
    ]


def test_named_lead_and_companions_are_counted() -> None:
    text = (
        "Chinese police arrested pastor Lee Min-ho and two companions in Dandong on May 3. "
        "The three were released on June 1."
    )
    assert _events(text) == [
        ("arrest", "CN", "2019-05-03", 3),
        ("release", "CN", "2019-06-01", 3),
    ]
    assert _events("He was arrested in Yanji in March together with his two sons.") == [
        ("arrest", "CN", "2019-03", 3)
    ]


def test_generic_and_uncounted_groups() -> None:
    assert _events("North Koreans caught in China are usually sent back to the North.") == []
    text = "Seven North Koreans were arrested in Shenyang on Friday, and several others died."
    assert _events(text) == [("arrest", "CN", "2019-06-07", 7), ("death", "CN", None, None)]


def test_korean_participle_next_day_and_defection() -> None:
    text = "지난 1월 중국에서 강제북송된 30대 여성이 지난 5일 숨졌다고 소식통이 전했다."
    assert _events(text, "2023-03-10") == [
        ("repatriation", "CN", "2023-01", 1),
        ("death", "KP", "2023-03-05", 1),
    ]
    text = "탈북민 7명이 지난 3일 풀려나 이튿날 인천공항을 통해 입국했다."
    assert _events(text)[-1] == ("reached_safety", "KR", "2019-06-04", 7)
    text = "북한 주민 1명이 지난 5일 동부전선 군사분계선을 넘어 귀순했다고 군이 밝혔다."
    assert _events(text) == [("border_crossing", "KR", "2019-06-05", 1)]


def test_japanese_bodies_found_and_participles() -> None:
    text = "新潟県の海岸に今月2日、木造船が漂着し、船内から3人の遺体が見つかった。"
    assert _events(text, "2019-12-10") == [("death", "JP", "2019-12-02", 3)]
    text = "丹東で拘束された脱北者の女性4人は、今月3日に釈放された。"
    assert _events(text) == [("arrest", "CN", None, 4), ("release", "CN", "2019-06-03", 4)]


@pytest.mark.parametrize(
    ("text", "value"),
    [("지난 1월", "2019-01"), ("지난해 10월", "2018-10"), ("昨年10月", "2018-10"), ("6개월", None)],
)
def test_korean_and_japanese_months(text: str, value: str | None) -> None:
    found = [d.value for d in find_dates(text, "2019-06-10")]
    assert found == ([value] if value else [])


def test_group_counts() -> None:
    assert [c.value for c in find_counts("40대 탈북 여성이", "ko")] == [1]
    assert [c.value for c in find_counts("女性3人と子ども2人が", "ja")] == [5]
    whole, part = find_counts("탈북자 468명 가운데 230명이", "ko")
    assert (whole.subset, part.value, part.subset) == (True, 230, False)


def test_an_arrival_by_sea_or_across_the_dmz_is_a_border_crossing() -> None:
    boat = "A small boat carrying six North Koreans reached Japan's western coast on Sunday."
    assert _events(boat) == [("border_crossing", "JP", "2019-06-09", 6)]
    dmz = "A North Korean soldier defected to the South across the DMZ on Saturday."
    assert [e[:2] for e in _events(dmz)] == [("border_crossing", "KR")]
    # by air from a third country it is still reaching safety
    flight = "Six North Koreans arrived in Seoul from Bangkok on Sunday."
    assert [e[:2] for e in _events(flight)] == [("reached_safety", "KR")]


def test_last_with_a_month_names_that_month() -> None:
    values = [d.value for d in find_dates("They were caught last January.", "2012-03-19")]
    assert values == ["2012-01"]


def test_the_date_a_report_was_issued_is_no_period_of_its_figures() -> None:
    text = "A white paper issued in March drew on interviews with 196 new arrivals."
    assert analyze_text(text, published="2017-07-10").statistics == []


def test_the_people_aboard_a_boat_are_its_count_not_a_subset() -> None:
    counts = find_counts("A boat with five people on board was found off the coast.", "en")
    assert [(c.value, c.subset) for c in counts] == [(5, False)]
    counts = find_counts("A group of nine with two children was caught.", "en")
    assert [(c.value, c.subset) for c in counts][-1] == (2, True)


def test_the_day_someone_told_a_news_agency_is_not_the_event_date() -> None:
    text = "A pastor told Yonhap news agency Friday that police detained seven defectors."
    dates = find_dates(text, "2017-03-17")
    assert [d.reporting for d in dates] == [True]


@pytest.mark.parametrize(
    "text",
    [
        "HANOI, March 2 (Newswire) -- Police detained nine North Koreans in Laos.",
        "VIENTIANE, 2 March 2021 – Police detained nine North Koreans in Laos.",
        "date 2021-03-02 Police detained nine North Koreans in Laos.",
        "Laos detains nine\n\n  date 2021-03-02 Police detained nine North Koreans in Laos.",
        "Hanoi, March 2 (Newswire): Police detained nine North Koreans in Laos.",
    ],
)
def test_a_dateline_is_the_reports_date_not_the_events(text: str) -> None:
    dates = find_dates(text, "2021-03-02")
    assert [(d.value, d.reporting) for d in dates] == [("2021-03-02", True)]
    assert _events(text, published="2021-03-02")[0][2] is None
    # a page's own stamp ("Posted July. 21, 2021") is the page's date, not the event's
    assert find_dates("Posted July. 21, 2021 14:05", "2021-07-21")[0].reporting
    # a sentence that opens with its date tells the event's date
    assert not find_dates("March 2, 2021: police detained nine.", "2021-03-05")[0].reporting


def test_a_line_holding_only_the_publication_day_is_the_pages_stamp() -> None:
    for line in ("Monday, June 10, 2019", "Last Updated: Mon, Jun 10, 2019 06:50 hrs"):
        dates = find_dates(f"{line}\n\nFive were detained in Laos.", "2019-06-10")
        assert dates and all(d.reporting for d in dates)
    # a headline's undated arrest does not take the page's stamp under it as its date
    body = "2019년 6월 10일 (월)\n\n중국 공안이 탈북민을 붙잡았다고 단체가 밝혔다."
    events = analyze_text(body, title="탈북민 5명 체포", published="2019-06-10").events
    assert [(e.type, e.country, e.date) for e in events] == [("arrest", "CN", None)]
    # a line telling more is no stamp, nor another day with its weekday
    assert not find_dates("On June 10, 2019 five were detained.", "2019-06-10")[0].reporting
    assert not any(d.reporting for d in find_dates("Monday, June 3, 2019\n", "2019-06-10"))


def test_a_headline_closed_by_the_publication_day_is_stamped() -> None:
    # "headline - date" / "headline | date": the page's stamp, not the day the people got in
    for sep in ("-", "|", "–"):
        text = f"Seven North Koreans Enter Consulate in Shenyang {sep} 2011-05-04\n\nThe group "
        text += "of seven walked into the South Korean consulate in Shenyang, a diplomat said."
        events = analyze_text(text, published="2011-05-04").events
        assert [(e.type, e.date) for e in events] == [("reached_safety", None)], sep
    # the same day at the end of a sentence telling the event dates it
    text = "The group of seven walked into the South Korean consulate in Shenyang on 2011-05-04."
    assert [e.date for e in analyze_text(text, published="2011-05-04").events] == ["2011-05-04"]
    # a date after a hyphen inside a sentence is no stamp
    assert not find_dates("Police raided the house - 2011-05-03 was the day.", "2011-05-04")[
        0
    ].reporting


def test_a_weekday_needs_a_publication_day_or_a_day_the_text_states() -> None:
    def dates(text: str, published: str) -> list[str]:
        return [d.value for d in find_dates(text, published)]

    text = "Police arrested five people on Friday; two more were held yesterday."
    assert dates(text, "2013-11-20") == ["2013-11-15", "2013-11-19"]
    # a page dated only to its month (or year) names no day to count from
    assert dates(text, "2013-11") == []
    assert dates("経済紙は3日前に報じた。", "2013") == []
    # a day the text states stands in for it
    told = "They left Yanji on November 18, 2013. Police arrested them on Friday."
    assert dates(told, "2013-11") == ["2013-11-18", "2013-11-15"]
    # a month counts from the month the page names
    assert dates("Police arrested five people last month.", "2013-11") == ["2013-10"]


def test_the_speakers_city_is_not_where_the_event_happened() -> None:
    text = "Activists in Seoul said on Monday that Chinese police had arrested 11 defectors."
    assert _events(text) == [("arrest", "CN", None, 11)]
    # the speaker's place is the next thing to go by
    assert _events("Our contact in Yanji says police detained a woman yesterday.")[0][:2] == (
        "arrest",
        "CN",
    )
    # without a speaker the place before the verb still counts
    assert _events("In Shenyang, police arrested 11 defectors on Monday.")[0][:2] == (
        "arrest",
        "CN",
    )


def test_last_monday_in_a_report_of_a_monday_is_the_week_before() -> None:
    # 2019-06-10 is a Monday
    assert [d.value for d in find_dates("It happened last Monday.", "2019-06-10")] == ["2019-06-03"]
    assert [d.value for d in find_dates("It happened on Monday.", "2019-06-10")] == ["2019-06-10"]


def test_on_the_fourth_is_a_day_of_the_month_of_the_report() -> None:
    assert [d.value for d in find_dates("They were caught on the 4th.", "2019-06-10")] == [
        "2019-06-04"
    ]
    assert [d.value for d in find_dates("They were caught on the 24th.", "2019-06-10")] == [
        "2019-05-24"
    ]
    assert find_dates("the 4th of the month", "2019-06-10") == []


def test_the_day_before_a_clause_is_not_a_date() -> None:
    text = "The family was caught the day before they planned to leave."
    assert find_dates(text, "2019-06-10") == []


def test_several_groups_on_several_dates_are_each_their_own_event() -> None:
    text = (
        "China forcibly returned about 400 North Koreans on October 9 and another 50 on October 10."
    )
    assert _events(text) == [
        ("repatriation", "CN", "2018-10-09", 400),
        ("repatriation", "CN", "2018-10-10", 50),
    ]
    # one group, one date: one event
    assert len(_events("China sent back 50 North Koreans on July 14, activists said.")) == 1


def test_a_release_happens_where_the_people_were_held() -> None:
    text = (
        "Lao police arrested ten North Koreans on May 31. The arrest drew protests. "
        "Activists campaigned for weeks. The ten were released on June 10 and met by "
        "South Korean embassy staff."
    )
    assert _events(text) == [
        ("arrest", "LA", "2019-05-31", 10),
        ("release", "LA", "2019-06-10", 10),
    ]


def test_a_subject_pointing_back_counts_the_group_told_before() -> None:
    text = (
        "Last March, 4 teenage defectors were caught by Lao police near the Mekong. "
        "A court gave them two months. On Friday the teenagers were finally released."
    )
    got = analyze_text(text, published="2021-06-20")
    releases = [e for e in got.events if e.type == "release"]
    assert releases and releases[0].people == 4
    # no group before: no count made up
    alone = analyze_text("On Friday they were released, a lawyer said.", published="2021-06-20")
    assert all(e.people is None for e in alone.events)


def test_a_korean_arrest_on_arrival_is_where_they_came_in_not_where_they_left() -> None:
    # "X에서 … Y로 넘어온": X is where they came from, Y where they were caught
    boat = (
        "지난 3일 탈북민 4명이 라오스 보케오주에서 배를 타고 태국으로 넘어온 직후 "
        "현지 경찰에 붙잡혔다."
    )
    assert _events(boat, "2019-06-12") == [("arrest", "TH", "2019-06-03", 4)]
    road = (
        "탈북민 5명이 지난 10일 중국 윈난성에서 산길을 따라 라오스로 들어온 뒤 "
        "국경 부근에서 체포됐다."
    )
    # (coming into Laos is itself an onward crossing into it: README, as 입국)
    assert _events(road, "2019-06-12") == [("border_crossing", "LA", "2019-06-10", 5),
                                           ("arrest", "LA", "2019-06-10", 5)]
    # where they went after it is still not where it happened
    freed = "중국 공안에 붙잡혔던 탈북민 2명이 풀려나 지난 5일 서울로 돌아왔다."
    assert ("release", "KR") not in [e[:2] for e in _events(freed, "2019-06-12")]


def test_a_return_at_the_peoples_own_request_is_no_forced_return() -> None:
    # the demo's Samcheok boat: two of four sent back "at their own request" (README
    # convention: a return the people asked for is no repatriation)
    text = ("Two of the five fishermen who drifted south last week were sent back to North "
            "Korea through Panmunjom on Friday at their own request, officials said.")
    events = analyze_text(text, published="2021-03-06", min_confidence=0.0).events
    assert "repatriation" not in [e.type for e in events]
    asked = text.replace("at their own request", "at the request of Pyongyang")
    events = analyze_text(asked, published="2021-03-06", min_confidence=0.0).events
    assert "repatriation" in [e.type for e in events]


def test_mentions_by_the_span_they_start_in_come_in_listed_order() -> None:
    text = "Two men fled in May. Three women fled in June. Four children fled in July."
    counts = find_counts(text)
    assert [c.start for c in counts] == [0, 21, 47]
    index = ByStart(counts)
    for span in [(0, 1), (0, 21), (0, 22), (1, 47), (21, 48), (25, 25), (40, 10), (0, 200)]:
        assert index.within(span) == [c for c in counts if span[0] <= c.start < span[1]]
    shuffled = [counts[2], counts[0], counts[1]]
    assert ByStart(shuffled).within((0, 200)) == shuffled


def test_one_lookup_of_the_country_entered_read_two_ways() -> None:
    # the English crossing frame: a border river crossed names the country across it, a
    # country reached by air is no border crossed into; a crossing's sentence: any
    # destination named, in Korean by its case ("몽골로")
    from tumen.analyze.events.base import Mentions
    from tumen.analyze.events.frames import crossing_entry, entered_country
    from tumen.analyze.events.place import _destination
    from tumen.analyze.gazetteer import find_places
    from tumen.analyze.sentences import split_sentences

    def both(text: str, lang: str = "en") -> tuple[str | None, str | None]:
        m = Mentions(text, lang, split_sentences(text), find_places(text), [], [])
        span = (0, len(text))
        return (
            entered_country(m, span, crossing_entry()),
            entered_country(m, span, _destination(lang == "en")),
        )

    assert both("They waded across the Tumen River and went on to South Korea.") == ("CN", "KR")
    assert both("They crossed into Mongolia by way of China.") == ("MN", "MN")
    assert both("탈북민 3명이 중국에서 몽골로 넘어갔다.", "ko") == (None, "MN")


def test_a_death_after_a_crossing_is_placed_on_a_new_list() -> None:
    from tumen.analyze.events import _death_where_they_crossed
    from tumen.models import Event, Evidence

    said = Evidence("", 0, 0)
    events = [Event("border_crossing", said, country="CN"), Event("death", said, country="KP")]
    got = _death_where_they_crossed(events)
    assert [(e.type, e.country) for e in got] == [("border_crossing", "CN"), ("death", "CN")]
    assert events[1].country == "KP"  # the events it was given are left as they were


def _every(text: str) -> list[Row]:
    return [
        (e.type, e.country, e.date, e.people)
        for e in analyze_text(text, published="2019-06-10", min_confidence=0.0).events
    ]


@pytest.mark.parametrize(
    ("after", "date"),
    [
        # the next sentence points back to the event and names its day
        ("It happened on Tuesday, as they waited for a guide at a bus station.", "2019-06-04"),
        ("The arrests took place on Tuesday night.", "2019-06-04"),
        # a day of something else, or two days: no day for the event
        ("The group opened a new shelter in Seoul on Tuesday.", None),
        ("The arrests took place on Tuesday, two days after they left Yanji on Sunday.", None),
    ],
)
def test_english_event_takes_the_day_the_next_sentence_gives_it(
    after: str, date: str | None
) -> None:
    text = "Chinese police detained a North Korean woman and her two sons in Kunming, a rescue " \
           f"group said. {after}"
    assert _every(text) == [("arrest", "CN", date, 3)]


def test_english_release_takes_the_day_the_next_sentence_names_for_the_release() -> None:
    text = "Chinese police released two North Korean girls in Shanghai, a rescue group said. " \
           "The release came on Tuesday, on humanitarian grounds."
    assert _every(text) == [("release", "CN", "2019-06-04", 2)]


def test_an_english_headline_event_takes_the_day_its_lede_names() -> None:
    # the lede tells the headline's news with no event verb of its own
    text = "Boat with three North Koreans found off Sokcho\n\nThis morning, a fisherman " \
           "spotted a small wooden boat with three North Korean residents aboard."
    assert _every(text) == [("border_crossing", "KR", "2019-06-10", 3)]
    # a headline read as a sentence (closed by a full stop) takes no day from the next
    assert _every(text.replace("Sokcho\n", "Sokcho.\n"))[0][2] is None


def test_english_event_with_a_time_of_its_own_keeps_it() -> None:
    text = "Chinese police detained three North Korean men in Kunming in 2017, a rescue group " \
           "said. It happened on Tuesday, a week before the holiday."
    assert _every(text) == [("arrest", "CN", "2017", 3)]


def test_a_place_not_in_capitals_opens_a_dateline_only_with_its_agency() -> None:
    assert not find_dates("On Friday, March 2 North Koreans crossed.", "2021-03-05")[-1].reporting
    assert find_dates("Hanoi, March 2 (Newswire) - Five crossed.", "2021-03-05")[0].reporting


def test_the_day_of_a_dateline_makes_no_figure_the_news_of_that_day() -> None:
    text = (
        "SEOUL, Jan. 20 (Newswire) -- A total of 1,230 North Korean defectors arrived in "
        "South Korea last year, the ministry said."
    )
    analysis = analyze_text(text, published="2031-01-20")
    assert [(s.measure, s.period, s.value) for s in analysis.statistics] == [
        ("arrivals", "2030", 1230)
    ]
    assert analysis.events == []
    # a day the text tells of still makes the figure a group something happened to
    text = "A total of 23 North Koreans were detained in Laos on January 12 last year."
    analysis = analyze_text(text, published="2031-03-20")
    assert [(e.type, e.country, e.people) for e in analysis.events] == [("arrest", "LA", 23)]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # the day a verb of saying names is the saying's, not that of the return it tells
        ("A UN envoy voiced concern on Thursday about six North Koreans who were sent back "
         "to China from Laos.", None),
        ("Activists urged Vientiane on Thursday to free six North Koreans arrested in Laos.",
         None),
        # ... also a day told right before the verb of saying ("the ministry on Thursday
        # demanded ..."), the event verb after it
        ("The ministry on Thursday demanded that Laos explain why it arrested six North "
         "Koreans in Vientiane.", None),
        # a day before the event verb that no verb of saying holds is the event's
        ("On Thursday, Lao police arrested six North Koreans in Vientiane.", "2021-06-03"),
        ("Lao police raided a house on Thursday and arrested six North Koreans in Vientiane.",
         "2021-06-03"),
        # a day after the event verb is the event's, whatever verb comes before it
        ("The envoy said six North Koreans were sent back to China from Laos on Thursday.",
         "2021-06-03"),
    ],
)
def test_a_day_belongs_to_the_verb_before_it(text: str, date: str | None) -> None:
    events = _events(text, published="2021-06-04")
    assert [e[2] for e in events] == [date]


def test_a_verb_of_going_that_names_a_safe_country_reaches_safety() -> None:
    # the safe country may stand some words after the verb, and is where safety was
    # reached even when a city of the North is named later in the zone
    text = (
        "A North Korean trade official posted in Rome has fled with his wife to South "
        "Korea, the highest-ranking Pyongyang envoy to defect this year."
    )
    assert [(t, c) for t, c, _, _ in _events(text)] == [("reached_safety", "KR")]
    assert [(t, c) for t, c, _, _ in _events(
        "A North Korean student entered Canada as a refugee in May."
    )] == [("reached_safety", "CA")]
    # a country named after another verb is a purpose, not where they went
    assert _events("Two women entered a library to seek asylum in Japan.") == []
    # what usually happens: a verb of going in the present of a sentence told in full
    assert _events("Brokers help hundreds of families reach South Korea.") == []


def test_a_return_verb_with_the_way_back_named_is_a_repatriation() -> None:
    # the return frame reads its goal from the words after the verb, wherever the verb
    # stands in the text (not only at its start)
    text = "Officials in Vientiane handed the seven over to North Korean officials on May 2."
    assert [(t, c) for t, c, _, _ in _events(text)] == [("repatriation", "LA")]
    # a sentence that explains why tells what is done, not a case
    assert _events("Why Laos sends North Koreans back") == []


def test_entering_a_building_in_a_city_crosses_no_border() -> None:
    # "in" after the object of "entered" says where the building is, not a country entered
    assert _events("On Friday 12 North Koreans entered a German school in Beijing.") == []
    assert [(t, c) for t, c, _, _ in _events("Five North Koreans entered China in May.")] == [
        ("border_crossing", "CN")
    ]


def test_a_border_river_they_walked_from_is_behind_them() -> None:
    text = "The nine were caught in Chiang Khong as they hiked from the Mekong River toward a road."
    assert [(t, c) for t, c, _, _ in _events(text)] == [("arrest", "TH")]


def test_an_arrival_in_thailand_across_the_river_is_a_crossing() -> None:
    text = "Eight North Koreans arrived in Thailand on a small boat on Sunday."
    assert [(t, c) for t, c, _, _ in _events(text)] == [("border_crossing", "TH")]
    # arrived safely, or rescued: safety reached
    text = "Eight North Koreans arrived safely in Thailand on a small boat on Sunday."
    assert [(t, c) for t, c, _, _ in _events(text)] == [("reached_safety", "TH")]


def test_a_lower_bound_and_the_count_it_allows_are_one_group() -> None:
    text = (
        "More than a dozen North Koreans were arrested in Laos on Monday. "
        "Police said 14 North Koreans were arrested in Luang Namtha on Monday."
    )
    assert _events(text) == [("arrest", "LA", "2019-06-10", 14)]
    # a count under the bound is another group
    text = (
        "More than a dozen North Koreans were arrested in Laos on Monday. "
        "Police said 9 North Koreans were arrested in Luang Namtha on Monday."
    )
    assert len(_events(text)) == 2


def test_a_verb_whose_subject_is_which_tells_of_a_thing() -> None:
    text = "The study of refugee camps in Laos, which was released on Monday, was praised."
    assert _events(text) == []
    text = "A wooden boat, which crossed the Northern Limit Line on Monday, carried four people."
    assert [(t, c) for t, c, _, _ in _events(text)] == [("border_crossing", "KR")]


@pytest.mark.parametrize(
    ("text", "event"),
    [
        # a body found is a death, dated to its finding, one person
        ("The body of the fisherman, whom relatives had reported missing in spring, was "
         "discovered in Incheon on 3 May, police said.", ("death", "KR", "2031-05-03", 1)),
        ("A defector's body, believed to have lain there for months, has been found in his "
         "Incheon flat.", ("death", "KR", None, 1)),
        ("Divers recovered his body last month in the sea off Ganghwa Island.",
         ("death", "KR", "2031-04", 1)),
        ("Neighbours who called the landlord discovered the old man dead in his Incheon "
         "flat on 2 May.", ("death", "KR", "2031-05-02", 1)),
    ],
)
def test_a_body_found_is_a_death(text: str, event: Row) -> None:
    assert _events(text, published="2031-05-10") == [event]


def test_finding_no_body_is_no_death() -> None:
    for text in (
        "Police found the papers in the body of the car in Incheon.",
        "Investigators in Incheon found that the remains were an animal's.",
        "The body was not found in Incheon.",
    ):
        found = event_features(text, published="2031-05-10")  # before any threshold
        assert [e.type for e, _ in found if e.type == "death"] == []


def test_the_bodies_found_are_the_dead_the_text_told_of() -> None:
    text = (
        "A defector and her daughter were found dead in their Incheon flat last month, "
        "police said. The body of the 50-year-old woman was discovered by a neighbour "
        "on 9 April."
    )
    assert _events(text, published="2031-05-10") == [("death", "KR", "2031-04-09", 2)]


def test_a_body_the_police_found_is_no_rescue() -> None:
    for text in (
        "Police found a retired miner's body in his Incheon flat on 3 May.",
        "The bodies of two fishermen were found off Sokcho by the coast guard on 3 May.",
    ):
        assert [e[0] for e in _events(text, published="2031-05-10")] == ["death"]


def test_custody_on_arrival_in_the_south_is_the_crossing() -> None:
    # taken in by the country they came to: the crossing, dated and placed by its custody
    text = (
        "Three North Koreans crossed the sea border in a fishing boat and were taken into "
        "custody off Goseong on the morning of 12 March 2019, the military said."
    )
    assert _events(text) == [("border_crossing", "KR", "2019-03-12", 3)]


def test_a_part_that_counts_cases_tells_no_event_but_the_next_part_does() -> None:
    # the comparison ("that year" now the year named before it) is no event; the part
    # after the semicolon keeps its own month
    text = (
        "Two soldiers crossed the DMZ on 3 January 2019. It was at least the third known "
        "case that year of North Koreans reaching the South by boat; in February, two men "
        "were reported to have crossed the western sea border."
    )
    assert _events(text) == [
        ("border_crossing", "KR", "2019-01-03", 2),
        ("border_crossing", "KR", "2019-02", 2),
    ]


def test_a_page_stamp_after_a_headline_gives_it_no_day() -> None:
    # the line under the headline is the page's stamp (the report's date), not a sentence
    # telling when the arrest happened
    text = "2021年3月5日(金)10時12分 サンプル通信\n\n支援団体は国際社会に関心を呼びかけた。"
    got = analyze_text(text, title="脱北者5人、中国で拘束", published="2021-03-05").events
    assert [(e.type, e.country, e.date, e.people) for e in got] == [("arrest", "CN", None, 5)]


def test_a_cleft_puts_the_time_of_its_topic_event_after_it() -> None:
    # "it was on the morning of 2 May that a man came ashore": the time after the topic
    text = "20代の男性が福岡県の海岸に上陸したのは、5月2日朝のことだった。"
    assert _events(text, "2021-05-20") == [("border_crossing", "JP", "2021-05-02", 1)]


def test_a_definite_group_points_back_to_the_group_counted_with_its_noun() -> None:
    text = (
        "In early May seven young defectors reached Laos with a guide. The journey had "
        "taken months. Few outside knew of it. Then Laos changed course, detaining the "
        "defectors near the border, an activist said."
    )
    found = analyze_text(text, published="2019-06-10", min_confidence=0).events
    assert [(e.type, e.country, e.people) for e in found if e.type == "arrest"] == [
        ("arrest", "LA", 7)
    ]


def test_a_town_and_the_province_it_lies_in_tell_one_arrest() -> None:
    from tumen.analyze.events import merge_events
    from tumen.models import Event, Evidence

    def arrest(place: str) -> Event:
        return Event(type="arrest", evidence=Evidence("", 0, 0), country="TH", people=11,
                     place=place)

    merged = merge_events([arrest("Chiang Rai"), arrest("Chiang Saen")])
    assert [(e.people, e.place) for e in merged] == [(11, "Chiang Saen")]
    # two towns of one country are two places
    assert len(merge_events([arrest("Chiang Saen"), arrest("Bangkok")])) == 2


def test_a_hedged_group_is_counted() -> None:
    # "suspected", "alleged": the report hedges who they are, not how many
    counts = find_counts("Thirty suspected North Korean men and women were held.", "en")
    assert [c.value for c in counts] == [30]
    assert [c.value for c in find_counts("Nine alleged defectors were caught.", "en")] == [9]


def test_the_discovery_of_a_body_is_a_death() -> None:
    text = (
        "After the discovery of a former soldier's body at his flat in Incheon on Monday, "
        "police opened an inquiry."
    )
    found = analyze_text(text, published="2019-06-12", min_confidence=0).events
    assert [(e.type, e.country) for e in found] == [("death", "KR")]
    # the discovery of anything else is none
    other = "After the discovery of a tunnel near the border on Monday, police opened an inquiry."
    assert not analyze_text(other, published="2019-06-12", min_confidence=0).events


@pytest.mark.parametrize(
    "text",
    [
        "Police caught 12 defectors in Yanji on Monday.",
        "Border guards captured about 30 North Korean women near Tumen on Friday.",
        "Officers in Dandong rounded up seven escapees on Monday.",
    ],
)
def test_arrest_verb_with_a_counted_object(text: str) -> None:
    # "caught" wanted one word before the people noun, so a count ("caught 12 ...") was no arrest
    rows = _events(text)
    assert [(t, c) for t, c, _, _ in rows] == [("arrest", "CN")]
    assert rows[0][3] in (12, 30, 7)


def test_others_are_others_than_the_person_named() -> None:
    # "six others" leaves out the person the clause names: seven in all
    assert _events("Kim was arrested with six others in Shenyang on Monday.") == [
        ("arrest", "CN", "2019-06-10", 7)
    ]
    assert _events("Kim and six others were arrested in Shenyang on Monday.") == [
        ("arrest", "CN", "2019-06-10", 7)
    ]
    assert _events("He was detained with two other defectors in Yanji on Monday.") == [
        ("arrest", "CN", "2019-06-10", 3)
    ]
    # with no one named before them, the others are the whole count
    assert _events("Police arrested six others in Shenyang on Monday.") == [
        ("arrest", "CN", "2019-06-10", 6)
    ]


def test_a_soldier_defecting_to_the_south_crossed_the_line_he_guarded() -> None:
    # README: a defection across the DMZ is one border_crossing into the South
    text = "On Friday a young soldier of the North Korean army defected to South Korea."
    assert _events(text) == [("border_crossing", "KR", "2019-06-07", 1)]
    ja = "8日未明、北朝鮮軍の若い兵士1人が韓国に亡命してきた。"
    assert [e[:2] for e in _events(ja)] == [("border_crossing", "KR")]
    # a former soldier may have come any way
    former = "A former North Korean soldier reached South Korea in 2015 after years in China."
    assert [e[:2] for e in _events(former)] == [("reached_safety", "KR")]


def test_what_happens_from_time_to_time_is_no_event() -> None:
    for adverb in ("occasionally", "sometimes", "frequently"):
        text = f"Families have {adverb} reached South Korea by plane."
        assert _events(text) == []
    assert [e[:2] for e in _events("Families have reached South Korea by plane.")] == [
        ("reached_safety", "KR")]


@pytest.mark.parametrize(
    "text",
    [
        "統計によると、1〜9月に韓国入りした脱北者は1086人となった。",
        "今年に入って韓国に入国した脱北者は500人を超えた。",
        "통계에 따르면 1~9월 국내에 입국한 탈북민은 1086명이다.",
    ],
)
def test_arrivals_over_a_span_of_months_are_a_figure_not_an_event(text: str) -> None:
    found = analyze_text(text, published="2012-10-28", min_confidence=0.0).events
    assert [e for e in found if e.type in ("reached_safety", "border_crossing")] == []


def test_arrivals_on_a_day_stay_an_event_in_japanese() -> None:
    found = analyze_text("脱北者12人が7日、韓国に入国した。", published="2012-10-28").events
    assert [(e.type, e.country, e.people) for e in found] == [("reached_safety", "KR", 12)]
