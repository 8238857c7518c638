"""The dateline: one definition for the place it names and the date it gives."""

from __future__ import annotations

from tumen.analyze.dateline import dated, dateline_spans, in_dateline
from tumen.analyze.gazetteer import find_places


def _dated(text: str, date: str) -> bool:
    start = text.index(date)
    return dated(text, start, start + len(date))


def test_a_place_and_its_agency_open_a_dateline() -> None:
    for text in ("Hanoi (Newswire) -- Police detained nine.", "Hanoi, Vietnam (Newswire) Police",
                 "【ソウル共同】中国当局は", "[서울=연합뉴스] 중국 공안이"):
        assert dateline_spans(text)[0][0] == 0
    assert dateline_spans("Police in Hanoi (Vietnam) detained nine.") == []
    text = "Hanoi, March 2 (Newswire) -- Police detained nine in Vientiane."
    assert [p.text for p in in_dateline(text, find_places(text))] == ["Hanoi"]


def test_a_dateline_dates_the_report() -> None:
    assert _dated("HANOI, March 2 (Newswire) -- Police detained nine.", "March 2")
    assert _dated("VIENTIANE, 2 March 2021 – Police detained nine.", "2 March 2021")
    assert _dated("date 2021-03-02 Police detained nine.", "2021-03-02")
    assert _dated("Hanoi, March 2 (Newswire): Police detained nine.", "March 2")
    assert _dated("【共同通信5月9日】脱北者が", "5月9日")
    # a place not in capitals dates a dateline only with its agency: else a lede
    assert not _dated("On Friday, March 2 North Koreans crossed.", "March 2")
    assert not _dated("Police detained nine on March 2 - a Friday.", "March 2")
