"""Tests for tumen.dates."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tumen.dates import parse_date, prefer_stated, search_date
from tumen.extract import extract_html

NOW = datetime(2020, 12, 5, 12, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday 19th December, 2016", "2016-12-19"),
        ("Thursday 1st November, 2012", "2012-11-01"),
        ("December 05, 2020", "2020-12-05"),
        ("Nov. 3, 2020", "2020-11-03"),
        ("Sept 9, 2019", "2019-09-09"),
        ("3 Nov 2020", "2020-11-03"),
        ("22 October 2015", "2015-10-22"),
        ("2017-09-14", "2017-09-14"),
        ("2017.09.14", "2017-09-14"),
        ("2017/09/14", "2017-09-14"),
        ("2017.09.14.", "2017-09-14"),
        ("2017년 9월 14일", "2017-09-14"),
        ("2017년 9월 14일 (목)", "2017-09-14"),
        ("2017. 9. 14.", "2017-09-14"),
        ("2019年3月7日", "2019-03-07"),
        ("2019年3月7日（木）", "2019-03-07"),
        ("2020-12-05T10:22:00+09:00", "2020-12-05"),
        ("2020-12-05 10:22", "2020-12-05"),
        ("Sat, 05 Dec 2020 10:00:00 +0000", "2020-12-05"),
        ("December 2, 2020 at 10:15 am", "2020-12-02"),
        ("December 2020", "2020-12"),
        ("2019年3月", "2019-03"),
        ("2018년 4월", "2018-04"),
        ("2016", "2016"),
        ("  December 05, 2020  ", "2020-12-05"),
        ("20.12.05", "2020-12-05"),
    ],
)
def test_parse_date_absolute(text: str, expected: str) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 days ago", "2020-12-02"),
        ("an hour ago", "2020-12-05"),
        ("13 hours ago", "2020-12-04"),
        ("2 weeks ago", "2020-11-21"),
        ("yesterday", "2020-12-04"),
        ("Today", "2020-12-05"),
        ("2시간 전", "2020-12-05"),
        ("3일 전", "2020-12-02"),
        ("어제", "2020-12-04"),
        ("3日前", "2020-12-02"),
        ("昨日", "2020-12-04"),
        ("12-01", "2020-12-01"),
        ("10:22", "2020-12-05"),
    ],
)
def test_parse_date_relative(text: str, expected: str) -> None:
    assert parse_date(text, now=NOW) == expected


def test_relative_needs_now() -> None:
    assert parse_date("3 days ago") is None
    assert parse_date("어제") is None


@pytest.mark.parametrize(
    "text",
    [
        "February 30, 2020",
        "2020-02-30",
        "2019年2月29日",
        "2017-13-01",
        "hello",
        "",
        "1 2 3 4 49",
        "Defector Issues",
        "NK News December 2, 2020",
        "The year 2016",
        "1.5",
        "December 05, 2020 and more words here",
    ],
)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_search_date_after_author() -> None:
    assert search_date("NK News December 2, 2020") == ("2020-12-02", 8, 24)
    assert search_date("Min-Ji Park December 2, 2020") == ("2020-12-02", 12, 28)


def test_search_date_picks_first_valid() -> None:
    text = "on February 30, 2020 or rather on March 3, 2020, then 2021-01-01"
    iso, start, end = search_date(text) or ("", 0, 0)
    assert iso == "2020-03-03"
    assert text[start:end] == "March 3, 2020"


def test_search_date_korean_and_japanese() -> None:
    found = search_date("연합뉴스 기자 2020년 12월 3일 오후")
    assert found is not None and found[0] == "2020-12-03"
    found = search_date("共同通信 2019年3月7日 配信")
    assert found is not None and found[0] == "2019-03-07"


def test_search_date_relative() -> None:
    assert search_date("Posted 3 days ago by staff", now=NOW) == ("2020-12-02", 7, 17)
    assert search_date("Posted 3 days ago by staff") is None
    assert search_date("no date in here") is None


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(text: str) -> None:
    result = parse_date(text, now=NOW)
    assert result is None or result[:4].isdigit()
    found = search_date(text, now=NOW)
    assert found is None or 0 <= found[1] < found[2] <= len(text)


def test_board_month_day_takes_the_year_it_was_last_seen() -> None:
    read = datetime(2024, 1, 5, 9, 0)
    assert parse_date("01-03", now=read) == "2024-01-03"
    assert parse_date("12-23", now=read) == "2023-12-23"  # not a day still to come
    assert parse_date("12-23") is None  # no reading date, no year


KO_BODY = "".join(f"<p>탈북민 {n}명이 중국 공안에 체포되었다고 단체가 밝혔다. 국경 근처였다.</p>"
                  for n in range(8))
JA_BODY = "".join(f"<p>脱北者{n}人が中国で拘束されたと団体が明らかにした。国境付近だった。</p>"
                  for n in range(8))


@pytest.mark.parametrize(("stated", "body"), [
    ("2024년 5월 3일 서울", KO_BODY), ("2024年5月3日 東京", JA_BODY),
    ("2024년 5월 3일(금)", KO_BODY)])
def test_cjk_page_without_date_metadata_gets_the_date_its_text_states(
    stated: str, body: str
) -> None:
    html = (f"<html><head><title>t</title></head><body><article><h1>체포</h1><p>{stated}</p>"
            f"{body}</article></body></html>")
    [item] = extract_html(html, "https://example.org/news/123").items
    assert item.date == "2024-05-03"


def test_prefer_stated_only_replaces_a_year_padded_to_january() -> None:
    assert prefer_stated("2024-01-01", "2024-05-03") == "2024-05-03"
    assert prefer_stated("2024-02-01", "2024-05-03") == "2024-02-01"
    assert prefer_stated("2023-01-01", "2024-05-03") == "2023-01-01"
    assert prefer_stated(None, "2024-05-03") is None
    assert prefer_stated("2024-01-01", None) == "2024-01-01"
