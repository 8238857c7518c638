"""Figures: every number in a sentence that could count people for one period."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tumen.analyze.statistics.not_single import not_single
from tumen.analyze.statistics.rules import Rules
from tumen.analyze.verbs import chunks

# Digits with thousands commas, or Korean/Japanese myriads ("3만4천", "1천502", "2천2백73",
# "9万3千", "천47" as broadcasters write 1,047). Every number starts with a digit (or 천 and a
# digit, not inside a word: "인천"): the lookahead spares an empty match at
# every other position. A number joined to another by a slash ("2013/07/21", "24/7") is
# part of a date or a ratio.
NUMBER = re.compile(
    r"(?=\d|(?<![가-힣])천\d)(?<![\d,.\-:/])(?:(?P<man>\d+)\s*[만万]\s*)?(?:(?P<chun>\d*)\s*[천千]\s*)?"
    r"(?:(?P<baek>\d+)\s*[백百]\s*)?(?P<rest>\d{1,3}(?:,\d{3})+|\d+)?(?![\d,]*\d|:\d|\.\d|/\d)"
)
CJK = re.compile(r"[\u3040-\u30ff\uac00-\ud7a3]")
# Cues right against a figure are looked for this far before and after it.
_BEFORE, _AFTER = 40, 16
# What ends a clause around a figure: "196명(분기당 49명꼴)" are two, and so are
# "224명이며 누적 ..." and "224 arrived, while a cumulative ..."; a headline's break ("…", a new
# line) ends its clause too.
# "12 and 15 in the third and fourth quarter" is one clause: "and" between figures or
# ordinals joins them. A comma between digits ("2,400") separates thousands, no clause.
CLAUSE = re.compile(
    r"(?<!\d),|,(?!\d)|[;、，()（）…\n]|(?<=[며고])\s|\s(?:while|but)\s|(?<![\d,])(?<!first|econd|third|ourth)\sand\s"
    r"(?!\d|(?:first|second|third|fourth)\b)"
)




@dataclass(frozen=True)
class Figure:
    offset: int
    end: int
    value: int


def parse_number(m: re.Match[str]) -> int | None:
    man, chun, baek, rest = m.group("man"), m.group("chun"), m.group("baek"), m.group("rest")
    if not (man or chun or baek or rest):
        return None
    # "천47명" is 1,047: a thousand written without its one.
    thousands = int(chun) if chun else int(chun == "")
    value = int(man or 0) * 10000 + thousands * 1000 + int(baek or 0) * 100
    return value + int((rest or "0").replace(",", ""))


def find_figures(text: str, spans: list[tuple[int, int]], rules: Rules) -> list[Figure]:
    """Every number that could count people for one period (not years, dates, money,
    ages, thresholds, parts of a total, ranges, averages, estimates, parts of a period)."""
    cjk = bool(CJK.search(text))
    out = []
    for m in NUMBER.finditer(text):
        value = parse_number(m)
        if value is None or value < 2 or any(s <= m.start() < e for s, e in spans):
            continue
        if _footnote(text, m.start(), m.end()):
            continue
        counted = cjk and bool(rules.cjk_counter.match(text, m.end()))
        if cjk and not counted:
            continue
        # A year's digits with a counter after them ("2006年は2026人") count people.
        plain = m.group("rest") or ""
        if plain == m.group(0) and "," not in plain and 1900 <= value <= 2100 and not counted:
            continue
        if _not_a_count(text, m.start(), m.end(), rules):
            continue
        out.append(Figure(m.start(), m.end(), value))
    if not cjk:
        out += _word_figures(text, rules)
        out.sort(key=lambda f: f.offset)
    return out


def _word_figures(text: str, rules: Rules) -> list[Figure]:
    """Figures written in words: "only five", "sixty-three defectors", "one-thousand-47"."""
    found = list(rules.word_figure.finditer(text))
    # Before the people it counts: looked for back from each mention of people, which is
    # much cheaper than trying a number in words at every word.
    for people in rules.people_after.finditer(text):
        m = rules.number_before.search(text, max(0, people.start() - 40), people.start())
        if m and m.start("w") not in {f.start("w") for f in found}:
            found.append(m)
    out = [
        Figure(m.start("w"), m.end("w"), _words_value(m.group("w"), rules))
        for m in found
        if not _not_a_count(text, m.start("w"), m.end("w"), rules)
    ]
    for m in rules.none_or_one.finditer(text):
        word = "none" if m.group("none") else "one"
        if not _not_a_count(text, m.start(word), m.end(word), rules):
            out.append(Figure(m.start(word), m.end(word), 0 if word == "none" else 1))
    for m in rules.thousand_figure.finditer(text):
        head = m.group("th").lower()
        value = int(head) if head.isdigit() else rules.word_values[head]
        value = value * 1000 + int(m.group("rest") or 0)
        if not _not_a_count(text, m.start(), m.end(), rules):
            out.append(Figure(m.start(), m.end(), value))
    return out


def _words_value(words: str, rules: Rules) -> int:
    """The value of a number in words ("two hundred and twelve", "sixty-three")."""
    value = 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "hundred":
            value *= 100
        elif word != "and":
            value += rules.word_values[word]
    return value


def _footnote(text: str, start: int, end: int) -> bool:
    """A footnote mark ("refugees.[6] Of these") is no number of anything."""
    return text[start - 1 : start] == "[" and text[end : end + 1] == "]"


def counts_people(text: str, spans: list[tuple[int, int]], rules: Rules) -> bool:
    """Whether a number counts people here, for one period or not (cumulative, partial,
    estimated...): the sentence is one of figures."""
    cjk = bool(CJK.search(text))
    for m in NUMBER.finditer(text):
        value = parse_number(m)
        if value is None or value < 2 or any(s <= m.start() < e for s, e in spans):
            continue
        counted = cjk and bool(rules.cjk_counter.match(text, m.end()))
        if cjk and not counted:
            continue
        if 1900 <= value <= 2100 and m.group(0).isdigit() and not counted:
            continue
        if not _not_people(text, m.start(), m.end(), rules):
            return True
    return not cjk and bool(rules.thousand_figure.search(text))


def parts_of_total(text: str, spans: list[tuple[int, int]], rules: Rules) -> bool:
    """Whether the sentence counts people by part of a total (men and women)."""
    for m in NUMBER.finditer(text):
        if parse_number(m) is None or any(s <= m.start() < e for s, e in spans):
            continue
        before = text[max(0, m.start() - _BEFORE) : m.start()]
        if rules.part_before.search(before) or rules.part_after.match(text, m.end()):
            return True
    return False


def _not_a_count(text: str, start: int, end: int, rules: Rules) -> bool:
    """Whether the words around a number make it something else than one period's count."""
    return (
        _not_people(text, start, end, rules)
        or _not_single(text, start, end, rules)
        or _counts_others(text, start, rules)
    )


# Tags a counted noun's modifiers take between a number and it ("3 North Korean soldiers",
# "63 asylum seekers"), and the tags of a plural noun.
_MODIFIER = frozenset({"JJ", "NN", "NNP", "VBN"})
_PLURAL = frozenset({"NNS", "NNPS"})


def _counts_others(text: str, start: int, rules: Rules) -> bool:
    """Whether an English number counts a group other than the measure's people: the plural
    noun it opens is none of theirs ("3 soldiers", "12 brokers", "27 executions"), as the
    part-of-speech tagger reads the words right after it."""
    if CJK.search(text) or not rules.other_heads_cue.match(text, start):
        return False
    tokens = chunks(text)
    at = next((i for i, t in enumerate(tokens) if t.start == start), None)
    if at is None:
        return False
    for token in tokens[at + 1 : at + 5]:
        if token.tag in _PLURAL:
            return not rules.people_heads.fullmatch(token.word)
        if token.tag not in _MODIFIER:
            return False
    return False


def _not_people(text: str, start: int, end: int, rules: Rules) -> bool:
    """Whether the words right around a number make it no count of people: money, ages,
    thresholds, changes, parts of a total."""
    before = text[max(0, start - _BEFORE) : start]
    after = text[end : end + _AFTER]
    if rules.not_people.match(after) or rules.change_after.match(after):
        return True
    if rules.threshold_before.search(before[-16:]) or rules.change_before.search(before):
        return True
    if rules.range_before.search(before):
        return True
    # "Choi, 41, was caught": an age set off by commas after a name.
    if rules.age_before.search(before) and after.startswith(","):
        return True
    # "2009年のピーク時に2914人に達した" is 2009's figure; "2006년엔 2천 명에 달했" a threshold.
    if rules.threshold_after.match(after) and (
        not _after_period(text, start, rules) or _round(text, start)
    ):
        return True
    # "2004년엔 1천 명, 2009년엔 3천 명에 달했": round thousands listed before the verb of a
    # threshold are thresholds too.
    if _round(text, start) and CJK.search(after) and rules.threshold_after.search(
        text, end, end + 30
    ):
        return True
    # "202 of the defectors being male": a part named a few words after its figure.
    part_after = rules.part_after.match(text[end : end + _AFTER + 24])
    return bool(rules.part_before.search(before) or part_after)


def _round(text: str, start: int) -> bool:
    """Whether the number at start is a round thousand ("2천", "3000")."""
    m = NUMBER.match(text, start)
    value = parse_number(m) if m else None
    return value is not None and value % 1000 == 0


def _not_single(text: str, start: int, end: int, rules: Rules) -> bool:
    """Cumulative, partial, estimated, averaged, ranged... (statistics/not_single.py): said
    anywhere in the clause; approximate: said right after the figure."""
    if rules.approximate_after.match(text, end):
        return True
    return not_single(text, *clause_bounds(text, start, end)) is not None


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the clause holding text[start:end] begins and ends (CLAUSE's cuts)."""
    lo = max((m.end() for m in CLAUSE.finditer(text, 0, start)), default=0)
    cut = CLAUSE.search(text, end)
    return lo, cut.start() if cut else len(text)


def _after_period(text: str, start: int, rules: Rules) -> bool:
    """A figure right after a period word ("前年の196人") is that period's figure."""
    before = text[max(0, start - 8) : start]
    return bool(rules.previous_period.search(before) or rules.period_before.search(before))
