"""Dates of the report itself (datelines, page stamps, the day something was said), not
of an event."""

from __future__ import annotations

from dataclasses import replace

from tumen.analyze.dateline import dated
from tumen.analyze.timex.dates import SENTENCE_END, TimeMention
from tumen.analyze.timex_rules import TimexRules


def is_reporting(text: str, start: int, end: int, value: str, rules: TimexRules) -> bool:
    """Whether a date is when something was reported, not when it happened."""
    before = text[max(0, start - 40) : start]
    return (
        bool(rules.reporting.search(before))
        or bool(rules.reporting_quote.search(before))
        or bool(rules.reporting_after.match(text, end))
        or dated(text, start, end)
        or _said_on(text, start, end, value, rules)
    )


def _said_on(text: str, start: int, end: int, value: str, rules: TimexRules) -> bool:
    """Whether a Korean or Japanese day is the day something was said: it follows the
    speaker at the front of a sentence that closes on the verb of saying right after the
    quoted clause ("외교부는 11일 …풀려났다고 밝혔다", "当局は12日、…拘束したと発表した").
    Only a bare day: "지난 21일" points back to what happened."""
    if value.count("-") != 2 or text.startswith("지난", start):
        return False
    if rules.part_of_day.match(text, end):
        return False  # "합참은 19일 오전 …넘어와 …밝혔다": the hour is what happened
    stop = SENTENCE_END.search(text, end)
    if not rules.said_close.search(text, end, stop.start() if stop else len(text)):
        return False
    lo = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - 300), start)), default=0)
    return bool(rules.said_front.match(text[lo:start]))


def page_stamps(
    found: list[TimeMention], text: str, published: str | None, rules: TimexRules
) -> list[TimeMention]:
    """A line with nothing but the publication day on it ("Saturday, September 23, 2006",
    "Last Updated: Wed, Jan 12, 2011 06:50 hrs"), or a headline closed by it after a dash
    or a bar, is the page's stamp: its dates are the report's, not an event's."""
    if not published or len(published) < 10:
        return found
    stamps = []
    # only a line naming the publication day can be its stamp
    for t in found:
        if t.value != published[:10]:
            continue
        lo = text.rfind("\n", 0, t.start) + 1
        hi = text.find("\n", t.end)
        hi = len(text) if hi < 0 else hi
        if not text[t.end : hi].strip() and rules.title_stamp.search(text, lo, t.start):
            stamps.append((t.start, t.end))  # "… Reach Seoul Consulate - 2011-05-04"
            continue
        on_line = [d for d in found if lo <= d.start and d.end <= hi]
        days = {d.value for d in on_line if d.precision == 3}
        if days == {published[:10]} and rules.date_line_rest.fullmatch(
            _outside(text, lo, hi, on_line)
        ):
            stamps.append((lo, hi))
    if not stamps:
        return found
    return [
        replace(t, reporting=True) if any(lo <= t.start < hi for lo, hi in stamps) else t
        for t in found
    ]


def _outside(text: str, lo: int, hi: int, spans: list[TimeMention]) -> str:
    """The text of lo..hi outside the spans."""
    pieces, at = [], lo
    for d in spans:
        pieces.append(text[at : d.start])
        at = d.end
    return "".join([*pieces, text[at:hi]])
