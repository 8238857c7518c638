"""The date expressions of timex.yaml, compiled: the patterns timex reads dates with."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tumen.analyze.gazetteer import load_data


@dataclass(frozen=True)
class TimexRules:
    """The compiled date expressions of timex.yaml."""

    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    months: dict[str, int]
    weekdays: dict[str, int]
    # the month and day of each holiday on a fixed day of the solar year, by its folded
    # name (`holiday_key`)
    holidays: dict[str, tuple[int, int]]
    relative: tuple[tuple[re.Pattern[str], dict[str, Any]], ...]
    reporting: re.Pattern[str]
    reporting_after: re.Pattern[str]
    reporting_quote: re.Pattern[str]
    relative_years: dict[str, int]
    # the Gregorian year of each Japanese era's first year
    eras: dict[str, int]
    # years or months after the one told before ("이듬해": 1, "同年": 0)
    told: dict[str, int]
    days_after: re.Pattern[str]
    days_before: re.Pattern[str]
    day_before_told: re.Pattern[str]
    part_of_day: re.Pattern[str]
    days_words: dict[str, int]
    date_line_rest: re.Pattern[str]
    said_close: re.Pattern[str]
    said_front: re.Pattern[str]
    date_joint: re.Pattern[str]
    day_range: re.Pattern[str]
    title_stamp: re.Pattern[str]
    # how many of `patterns` are matched before the relative expressions
    before_relative: int


@dataclass(frozen=True)
class _Parts:
    """Pieces the patterns share: month names, a day, the year words before a month."""

    mon: str
    day: str
    nd: str
    rel_years: str
    same_month: str
    ago: str
    en_wd: str
    # a year in digits or in a Japanese era ("平成23", "令和元")
    year: str
    era: str
    # a year or month named by the one told before it ("同年", "이듬해", "翌月")
    told_year: str
    told_month: str
    holiday: str


def _told(by_count: dict[int, list[str]]) -> dict[str, int]:
    """Each word of timex.yaml's told_years or told_months with how many it moves on."""
    return {str(w): int(n) for n, words in by_count.items() for w in words}


def _parts(data: dict[str, Any]) -> _Parts:
    era = r"(?P<era>" + "|".join(data["eras"]) + r")\s*(?P<ey>元|\d{1,2})(?=\s*年)"
    return _Parts(
        mon="|".join(sorted(data["months"], key=len, reverse=True)),
        day=r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?",
        nd=r"(?<![\d.])",
        rel_years="|".join(sorted(data["relative_years"], key=len, reverse=True)),
        same_month="|".join(sorted(data["same_month"], key=len, reverse=True)),
        # 前/전 closing the phrase ("3日前に", "3년 전의"), not opening a word ("5일 전쟁")
        ago=r"(?:前|전)(?=$|[\s,.)」』、。]|에|부터|까지|의|に|から|の|まで)",
        en_wd="|".join(data["weekdays"]["en"]),
        year=rf"(?:(?P<y>(?:19|20)\d\d)|{era})",
        era=era,
        told_year="|".join(sorted(_told(data["told_years"]), key=len, reverse=True)),
        told_month="|".join(sorted(_told(data["told_months"]), key=len, reverse=True)),
        holiday="|".join(
            re.escape(h).replace(r"\ ", r"[\s・]?").replace("'", "['’]")
            for h in sorted(data["holidays"], key=len, reverse=True)
        ),
    )


def holiday_key(name: str) -> str:
    """A holiday's name folded as its key: lower case, no spaces, one kind of apostrophe."""
    return re.sub(r"[\s・]+", "", name.lower()).replace("’", "'")


def _cjk_days(p: _Parts) -> list[tuple[str, str]]:
    """Korean and Japanese dates to the day, and "N days ago" (matched before the
    relative expressions)."""
    return [
        # "3日前", "사흘 전", "three days ago": days before the publication date
        (
            "ago",
            r"(?P<ago>\d+|[一二三四五六七八九十]|하루|이틀|사흘|나흘|닷새|엿새|이레)\s*(?:日|일)?\s*"
            + p.ago
            + r"|(?i:\b(?P<agoen>\d+|two|three|four|five|six|seven|ten) days ago\b)",
        ),
        # "同年5月", "이듬해 3월 2일", "翌月": a year or month told by the one named before it
        (
            "told_y",
            rf"(?P<told>{p.told_year})"
            r"(?:\s*(?P<m>1[0-2]|0?[1-9])\s*[월月](?:\s*(?P<d>[0-3]?\d)\s*[일日])?)?",
        ),
        ("told_m", rf"(?P<told>{p.told_month})(?:\s*(?P<d>[0-3]?\d)\s*[일日])?"),
        ("iso", rf"{p.nd}(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b"),
        # a page's stamp ("2016.04.08", "2016. 4. 8.", "2016/04/08"): news tells the dates of
        # what happened in words ("2016년 4월 8일"), so this is when it was filed
        (
            "stamp",
            r"(?<![\d.])(?P<y>(?:19|20)\d\d)\s?(?P<sep>[./])\s?(?P<m>1[0-2]|0?[1-9])\s?(?P=sep)"
            r"\s?(?P<d>[12]\d|3[01]|0?[1-9])(?![\d,])(?!\.\d)",
        ),
        # "지난해 8월 20일", "昨年11月21日": a day of a month in a year counted from the report's
        (
            "rel_ymd",
            rf"(?P<rel>{p.rel_years})\s*(?P<m>1[0-2]|0?[1-9])\s*[월月]\s*(?P<d>[0-3]?\d)\s*[일日]",
        ),
        (
            "ymd",
            rf"{p.nd}{p.year}\s*[년年]\s*(?P<m>1[0-2]|0?[1-9])\s*[월月]\s*(?P<d>[0-3]?\d)\s*[일日]",
        ),
        ("ym", rf"{p.nd}{p.year}\s*[년年]\s*(?P<m>1[0-2]|0?[1-9])\s*[월月](?!\s*\d)"),
        # a span of days ("1月25〜30日", "2013년 3월 5~7일"): the month is what is known
        (
            "md_range",
            rf"{p.nd}(?:{p.year}\s*[년年]\s*)?(?P<m>1[0-2]|0?[1-9])\s*[월月]\s*"
            r"[0-3]?\d\s*[일日]?\s*[~〜～\-–]\s*[0-3]?\d\s*[일日]",
        ),
        (
            "md",
            r"(?<![\d년年]\s)(?<![\d년年])(?P<m>1[0-2]|0?[1-9])\s*[월月]\s*(?P<d>[0-3]?\d)\s*[일日]",
        ),
        ("rel_md", r"(?P<rel>지난달|지난 달|이달|이번 달|先月|今月)\s*(?P<d>[0-3]?\d)\s*[일日]"),
    ]


def _cjk_months(p: _Parts) -> list[tuple[str, str]]:
    """Korean and Japanese months, days of a month named before, units ago, bare days."""
    return [
        ("rel_ym", rf"(?P<rel>{p.rel_years})\s*(?P<m>1[0-2]|0?[1-9])\s*[월月](?!\s*\d)"),
        # "같은 달 31일", "同月5日": a day of the month named last before it
        ("same_md", rf"(?:{p.same_month})\s*(?P<d>[0-3]?\d)\s*[일日]"),
        # "3年前", "3년 전", "2개월 전": years or months before the report
        (
            "units_ago",
            r"(?P<n>\d{1,2}|[一二三四五六七八九十])\s*(?P<unit>年|년|개월|カ月|ヶ月|か月|ケ月)\s*"
            + p.ago,
        ),
        # (a number after the month is its day only with the day's unit: "지난 6월 20대
        # 남성", "6月 2人" keep their month)
        (
            "m_cjk",
            r"(?<![\d년年])(?<![\d년年]\s)(?P<m>1[0-2]|0?[1-9])\s*[월月]"
            r"(?![\d요曜]|\s*[0-3]?\d\s*[일日])",
        ),
        (
            "dayonly",
            r"(?:(?P<past>지난)\s*)?(?<![\d월月])(?<![\d월月]\s)(?P<d>[0-3]?\d)\s*[일日](?![간本曜요間])(?!\d(?!\d?\s*時(?!間)))(?!\s*(?:동안|만에|째|간|이내|だけ|ぶり|以内|おき|後|후|뒤|を要|かか|がかり|余り|걸려|걸렸|걸쳐|"
            + p.ago
            + "))",
        ),
    ]


def _english(p: _Parts) -> list[tuple[str, str]]:
    """English dates, weekdays in the three languages and bare years (matched after the
    relative expressions)."""
    return [
        # (also glued to the word before it in scraped timelines: "to no availMay 11")
        (
            "mdy",
            rf"(?i)(?:\b|(?-i:(?<=[a-z])(?=[A-Z])))(?P<mon>{p.mon})\.?\s+{p.day}\b"
            rf"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?",
        ),
        ("dmy", rf"(?i)\b{p.day}\s+(?P<mon>{p.mon})\b\.?(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"),
        ("my", rf"(?i)\b(?P<mon>{p.mon})\.?,?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b"),
        (
            "m",
            r"(?i)\b(?:in|during|since|by|until|early|late|mid-?|end of|beginning of|in early"
            rf"|in late|in mid-?|last|this|from|through)\s*(?P<mon>{p.mon})\b",
        ),
        (
            "wd",
            rf"(?i)\b(?:on |(?P<last>last )|this |early on |late on |early |late )?"
            rf"(?P<wd>{p.en_wd})\b",
        ),
        # "two years ago", "a month ago": the year or month that many before the report's
        (
            "units_ago",
            r"(?i)\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>years?|months?)\s+ago\b",
        ),
        # "on the 4th": a day of this month, or of the last when still ahead
        (
            "dayonly",
            r"(?i)\bon the (?P<d>[0-3]?\d)(?:st|nd|rd|th)\b(?! (?:of|century|anniversary|floor))",
        ),
        # "지난주 수요일", "先週水曜日": that day of the week before the report's week
        (
            "wd_cjk",
            r"(?:(?P<week>지난\s*주\s*|先週の?)|(?P<last>지난\s*))?"
            r"(?:(?P<wdc>[월화수목금토일])요일|(?P<wdj>[月火水木金土日])曜日?)",
        ),
        # "Christmas Eve", "元日": a holiday on a fixed day of the year (timex.yaml holidays)
        ("holiday", rf"(?i)(?<!lunar )(?<![a-z])(?P<hol>{p.holiday})(?![a-z])"),
        # "the same day", "that month": the time named last before it (_told_before)
        ("same", r"(?i)\b(?:the same|that) (?P<unit>day|month|year)\b"),
        (
            "y",
            r"(?<![\d,.])(?P<y>(?:19|20)\d\d)(?:\s*[년年])?(?!\d|,\d)(?!\s*(?:%|percent|명|人|名))"
            rf"|{p.era}\s*年",
        ),
    ]


def _weekdays(wk: dict[str, dict[str, int]]) -> dict[str, int]:
    """English weekday names, and the Korean and Japanese ones keyed ko월, ja月."""
    return {
        **wk["en"],
        **{f"ko{k}": v for k, v in wk["ko"].items()},
        **{f"ja{k}": v for k, v in wk["ja"].items()},
    }


# The expressions of timex.yaml compiled as they are, by field name.
_COMPILED = ("reporting", "reporting_after", "reporting_quote", "days_after", "days_before",
             "day_before_told", "part_of_day",
             "date_line_rest", "said_close", "said_front", "date_joint", "day_range",
             "title_stamp")


@lru_cache(maxsize=1)
def timex_rules() -> TimexRules:
    """The date expressions, compiled once."""
    data = load_data("timex.yaml")
    p = _parts(data)
    before = [*_cjk_days(p), *_cjk_months(p)]
    patterns = [*before, *_english(p)]
    relative = tuple((re.compile(r["pattern"], re.IGNORECASE), r) for r in data["relative"])
    return TimexRules(
        patterns=tuple((k, re.compile(x)) for k, x in patterns),
        months=data["months"],
        weekdays=_weekdays(data["weekdays"]),
        holidays={holiday_key(k): (int(v[0]), int(v[1])) for k, v in data["holidays"].items()},
        relative=relative,
        relative_years={str(k): int(v) for k, v in data["relative_years"].items()},
        eras={str(k): int(v) for k, v in data["eras"].items()},
        told={**_told(data["told_years"]), **_told(data["told_months"])},
        days_words={str(k): int(v) for k, v in data["days_words"].items()},
        before_relative=len(before),
        **{k: re.compile(data[k]) for k in _COMPILED},
    )
