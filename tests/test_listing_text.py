"""Tests for tumen.listing.text: text dumps of boards and dated lists (project-written)."""

from __future__ import annotations

from tumen.listing import split_page
from tumen.listing.text import classify

URL = "https://board.example.org/list"


def _board_dump() -> str:
    rows = [("주간 상담 일정 안내", "운영자", "2024-10-08", "47"),
            ("정착 지원금 신청 방법 문의드립니다.", "김하나", "2024-10-02", "73"),
            ("탈북민 취업 설명회 후기", "박두리", "2024-09-11", "150"),
            ("한국어 교실 신청 감사합니다.", "이세나", "2024-08-20", "257")]
    body = "".join(f"{30 - i}\t\n{title}\n\t{who}\t{day}\t{views}\n"
                   for i, (title, who, day, views) in enumerate(rows))
    return ("자유게시판\n검색\n글쓴이\n번호\t제목\t작성자\t작성일\t조회\n" + body
            + "1페이지 2페이지 맨끝\n센터소개\n개인정보처리방침\n")


def test_a_board_dump_gives_titles_authors_and_dates_of_its_rows() -> None:
    # each row: its number, its title (a full stop or not), then author, date and views
    listing = split_page(_board_dump(), URL, is_html=False)
    assert listing.kind == "listing"
    assert [(it.title, it.author, it.date) for it in listing.items] == [
        ("주간 상담 일정 안내", "운영자", "2024-10-08"),
        ("정착 지원금 신청 방법 문의드립니다.", "김하나", "2024-10-02"),
        ("탈북민 취업 설명회 후기", "박두리", "2024-09-11"),
        ("한국어 교실 신청 감사합니다.", "이세나", "2024-08-20")]


def test_headlines_carrying_their_date_on_their_line_are_items() -> None:
    lines = ["关于边境地区难民援助项目第一阶段结果的公告 2020-07-02",
             "关于援助机构新增合作伙伴并开通捐赠渠道的公告及相关说明事项的补充通知... 2020-06-24",
             "2020-06-19 关于年度援助资金使用情况的信息披露公告",
             "Shelter opens a second house for families near the river 2020-06-10"]
    listing = split_page("信息披露\n" + "\n".join(lines) + "\n第 1 共 17\n", URL, is_html=False)
    assert [(it.title, it.date) for it in listing.items] == [
        ("关于边境地区难民援助项目第一阶段结果的公告", "2020-07-02"),
        ("关于援助机构新增合作伙伴并开通捐赠渠道的公告及相关说明事项的补充通知...", "2020-06-24"),
        ("关于年度援助资金使用情况的信息披露公告", "2020-06-19"),
        ("Shelter opens a second house for families near the river", "2020-06-10")]


def test_a_byline_with_a_relative_time_names_its_author() -> None:
    line = classify("via jdoe_77 3 hours ago | cached | 4 comments", None)
    assert (line.kind, line.author, line.date) == ("byline", "jdoe_77", None)
    dump = "".join(f"{12 + i}\nVolunteers report crossing number {i} at the river\n"
                   f" via user{i} {i + 2} hours ago | cached | {i} comments\n" for i in range(4))
    listing = split_page(dump, URL, is_html=False)
    assert [(it.title, it.author) for it in listing.items] == [
        (f"Volunteers report crossing number {i} at the river", f"user{i}") for i in range(4)]


def test_a_sentence_ending_on_a_date_is_no_dated_headline() -> None:
    line = classify("A close reading of the month's main events from May 1, 2020 to May 30, 2020",
                    None)
    assert line.kind == "text"
    assert classify("Border report for the last week of May from the river towns 2020-05-30",
                    None).kind == "dated"
