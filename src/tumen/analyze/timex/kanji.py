"""Japanese dates written in kanji numerals ("十三日", "十一月", "一九九八年"), read as the
digits the date patterns know, with a way back to the text's own offsets."""

from __future__ import annotations

import re

from tumen.analyze.numbers import kanji_value

_DIGIT = {"〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
          "十": 10}
# A numeral in kanji right before the unit of a date, not inside a longer number ("第三",
# "数十", "二百"): tens ("十三", "二十四") or a year digit by digit ("一九九八", "二〇〇七").
_NUMERAL = re.compile(
    r"(?<![〇一二三四五六七八九十百千万第数何幾])"
    r"(?:(?P<tens>[二三四五六七八九]?十[一二三四五六七八九]?)(?=[年月日])"
    r"|(?P<year>[一二][〇一二三四五六七八九]{3})(?=年)"
    # (one digit: not "一日", which is mostly "one day", "一日も早く")
    r"|(?P<one>[一二三四五六七八九])(?=[年月]|(?<!一)日))"
)


def kanji_digits(text: str) -> tuple[str, list[int] | None]:
    """The text with kanji numerals of dates in digits, and each of its offsets' offset in
    the text (None when nothing was rewritten)."""
    if not _NUMERAL.search(text):
        return text, None
    pieces: list[str] = []
    back: list[int] = []
    at = 0
    for hit in _NUMERAL.finditer(text):
        pieces.append(text[at : hit.start()])
        back.extend(range(at, hit.start()))
        digits = str(kanji_value(hit.group(), _DIGIT))
        pieces.append(digits)
        # (each digit stands for the whole numeral: a date holds all of it or none)
        back.extend([hit.start()] * len(digits))
        at = hit.end()
    pieces.append(text[at:])
    back.extend(range(at, len(text) + 1))
    return "".join(pieces), back
