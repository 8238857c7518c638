"""Counts of people ("seven", "a family of five", "5명", "80여명", "7人") and vulnerable groups."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from tumen.analyze.gazetteer import load_data
from tumen.models import VULNERABLE


@dataclass(frozen=True)
class Count:
    """A group of people counted in the text, with its offsets."""

    start: int
    end: int
    value: int
    subset: bool = False  # "including two children": part of a larger group
    companion: bool = False  # "together with his wife": goes with the subject of the clause
    ranged: bool = False  # "50 to 60 people", "5~6명": the top of a range, no count of its own
    helpers: bool = False  # "안내원 2명": guides, brokers, police, not the people of the report


@dataclass(frozen=True)
class _Rules:
    words: dict[str, int]
    en_np: re.Pattern[str]
    en_family: re.Pattern[str]
    en_pair: re.Pattern[str]
    ko_np: re.Pattern[str]
    ja_np: re.Pattern[str]
    join: re.Pattern[str]
    single_nouns: re.Pattern[str]
    total_after: re.Pattern[str]
    distributive: re.Pattern[str]
    subset_before: re.Pattern[str]
    subset_after: re.Pattern[str]
    aboard_after: re.Pattern[str]
    en_the_group: re.Pattern[str]
    en_single: re.Pattern[str]
    lead_person: re.Pattern[str]
    companion_before: re.Pattern[str]
    with_before: re.Pattern[str]
    ko_companion: re.Pattern[str]
    others_after: re.Pattern[str]
    name_and: re.Pattern[str]
    helpers_before: re.Pattern[str]
    helpers_after: re.Pattern[str]
    range_before: re.Pattern[str]
    vulnerable: tuple[tuple[str, re.Pattern[str]], ...]
    age: re.Pattern[str]
    age_range: re.Pattern[str]
    age_in_brackets: re.Pattern[str]
    age_bound_after: re.Pattern[str]


def _alts(text: str) -> str:
    return "|".join(a.strip() for a in text.replace("\n", "").split("|") if a.strip())


def _spaced(pattern: str) -> str:
    """A pattern whose spaces between words match any run of white space (an optional
    space, " ?", any run or none)."""
    return pattern.replace(" ?", r"\s*").replace(" ", r"\s+")


# The plain patterns of numbers.yaml, compiled as written, by their _Rules field.
_PLAIN = (
    "join", "single_nouns", "total_after", "distributive", "subset_before", "subset_after",
    "aboard_after", "en_single", "lead_person", "companion_before", "with_before", "ko_companion",
    "others_after", "name_and", "range_before", "helpers_before", "helpers_after",
    "age_in_brackets", "age_bound_after",
)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = load_data("numbers.yaml")
    words = {**data["words"]["en"], **data["words"]["ko"], **data["words"]["ja"]}
    en_words = "|".join(sorted(data["words"]["en"], key=len, reverse=True))
    return _Rules(
        words=words,
        **_english(data, en_words),
        **_korean_japanese(data),
        **{field: re.compile(data[field]) for field in _PLAIN},
        vulnerable=tuple((label, re.compile(data["vulnerable"][label])) for label in VULNERABLE),
        age_range=re.compile(data["age_range"].replace("{words}", en_words)),
        age=re.compile(
            rf"(?i)\b(?P<n>\d+|{en_words})(?:-|\s)year(?:s)?(?:-|\s)old\b"
            r"|\baged (?P<n2>\d+)\b(?! (?:and|to|between))"
            r"|(?P<n3>\d+)\s*(?:살|세|歳)"
        ),
    )


def _english(data: dict[str, Any], en_words: str) -> dict[str, re.Pattern[str]]:
    """The English noun phrases that count people ("12 North Koreans", "a family of five",
    "the four had", "his wife")."""
    # Digits with thousands commas, but not the comma after a number ("August 25, activists").
    # (a year is no count: "in 2013 defectors ...")
    digits = r"\d{1,3}(?:,\d{3})+|(?!(?:19|20)\d\d\b)\d+"
    tens = "(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    num = rf"(?P<num>{digits}|(?:{en_words}){tens})"
    age = r"(?:\d+|[a-z]+)(?:-|\s)(?:year|month)s?(?:-|\s)old"
    # (a line may break inside a name: "12 North\nKoreans")
    adj = rf"(?:{_spaced(_alts(data['people_adjectives']))}|{age}|[a-z]+-year-old)"
    noun = rf"(?:{_spaced(_alts(data['people_nouns']))})"
    # "A North Korean family of five": the nationality describes a group counted elsewhere.
    group = _alts(data["group_nouns"])
    quant = rf"(?:(?:{data['quantifiers']})\s+)?"
    poss = rf"(?P<poss>his|her|their)\s+(?:{adj}\s+){{0,2}}{noun}"
    return {
        "en_np": re.compile(
            rf"(?i)\b(?:{quant}{num}\s+(?:{adj}\s+){{0,3}}{noun}\b(?!\s+(?:{group}))|{poss}\b)"
        ),
        "en_family": re.compile(rf"(?i)\b(?:family|group|party|total) of {quant}{num}\b"),
        "en_pair": re.compile(data["pair"]),
        "en_the_group": re.compile(
            # "the four had", and a part as the subject: "four of them were caught"
            rf"(?i)\b(?:(?:the|all) (?P<num>{en_words})"
            # (the lookahead spares trying every number word at every word)
            rf"|(?=[\w-]+ of (?:them|whom|those|the group))"
            rf"(?P<part>{en_words}|\d+) of (?:them|whom|those|the group))"
            rf"\b{data['the_group_after']}"
        ),
    }


def _korean_japanese(data: dict[str, Any]) -> dict[str, re.Pattern[str]]:
    """The Korean and Japanese counts ("5명", "80여 명", "40대 여성", "7人")."""
    ko_words = "|".join(sorted(data["words"]["ko"], key=len, reverse=True))
    ja_words = "|".join(data["words"]["ja"])
    return {
        "ko_np": re.compile(
            rf"(?:(?<![\d,])(?P<num>\d[\d,]*)|(?<![가-힣])(?P<num2>{ko_words}))\s*(?P<more>여)?\s*"
            r"(?:명|가구|인(?=[이을를은는과와의도,\s]))"
            rf"|(?P<agechild>\d+\s*(?:살|세)\s*(?:의\s*)?(?:{data['ko_child_nouns']}))"
            r"|(?P<named>[가-힣]모\s*(?:\(\d+\))?\s*(?:씨|군|양))"
            # An age band and a noun ("40대 여성") is one person unless a count follows, or
            # it ends or opens a range ("유아부터 60대 노인까지": every age between)
            rf"|(?P<band>\d0대\s*(?:{data['ko_band_nouns']})(?!\s*(?:\d|{ko_words})\s*여?\s*명)"
            r"(?!\s*(?:까지|부터)))"
        ),
        "ja_np": re.compile(
            rf"(?P<num>\d[\d,]*|[{ja_words}]+)\s*(?:{data['ja_counter']})(?!権|口|民|工|物|間|気)"
        ),
    }


def _value(token: str, words: dict[str, int]) -> int | None:
    token = token.lower().replace(",", "")
    if token.isdecimal():
        return int(token)
    if "-" in token:
        parts = [words.get(p) for p in token.split("-")]
        return sum(p for p in parts if p) or None if all(parts) else None
    if token in words:
        return words[token]
    if all(c in words for c in token):  # 十二 style Kanji numerals
        return kanji_value(token, words)
    return None


def kanji_value(token: str, words: dict[str, int]) -> int:
    """A Kanji numeral: 十 multiplies the digit before it (or one) by ten and adds the one
    after it ("十三" 13, "二十三" 23, "三十" 30); digits alone read in turn ("一二" 12)."""
    total = digits = 0
    for c in token:
        if words[c] == 10:
            total += (digits or 1) * 10
            digits = 0
        else:
            digits = digits * 10 + words[c]
    return total + digits


def _np_values(text: str, lang: str | None, rules: _Rules) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    if lang in (None, "en"):
        for m in rules.en_np.finditer(text):
            value = 1 if m.group("poss") else _value(m.group("num") or "", rules.words)
            if value is not None:
                out.append((m.start(), m.end(), value))
        for m in rules.en_family.finditer(text):
            value = _value(m.group("num"), rules.words)
            if value is not None:
                out.append((m.start(), m.end(), value))
        out.extend((m.start(), m.end(), 2) for m in rules.en_pair.finditer(text))
        out.extend((m.start(), m.end(), 1) for m in rules.en_single.finditer(text))
        for m in rules.en_the_group.finditer(text):
            value = _value(m.group("num") or m.group("part"), rules.words)
            if value is not None and value > 1:
                out.append((m.start(), m.end(), value))
    if lang in (None, "ko"):
        for m in rules.ko_np.finditer(text):
            token = m.group("num") or m.group("num2")
            single = m.group("agechild") or m.group("named") or m.group("band")
            value = 1 if single else _value(token or "", rules.words)
            if value is not None:
                out.append((m.start(), m.end(), value))
    out.extend((m.start(), m.end(), 1) for m in rules.single_nouns.finditer(text))
    if lang in (None, "ja", "zh"):
        for m in rules.ja_np.finditer(text):
            value = _value(m.group("num"), rules.words)
            if value is not None:
                out.append((m.start(), m.end(), value))
    out.sort(key=lambda t: (t[0], -t[1]))
    kept: list[tuple[int, int, int]] = []
    for item in out:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def find_counts(text: str, lang: str | None = None) -> list[Count]:
    """Groups of people counted in text; "three women and two children" is one group of 5."""
    rules = _rules()
    groups: list[Count] = []
    values = _np_values(text, lang, rules)
    # the groups joined so far, by the index of the count they became
    members: dict[int, list[Count]] = {}
    for k, (start, end, value) in enumerate(values):
        prev = groups[-1] if groups else None
        # (the parts of a breakdown in brackets stay parts: "12명(남자 4명, 여자 8명)")
        joined = prev is not None and bool(rules.join.fullmatch(text, prev.end, start))
        if prev is not None and joined and prev.subset and "," in text[prev.end : start]:
            joined = False
        if prev is not None and (joined or _listed(text, prev, values[k:], rules)):
            groups[-1] = Count(prev.start, end, prev.value + value, prev.subset, prev.companion)
            members.setdefault(len(groups) - 1, [prev]).append(Count(start, end, value))
            continue
        # "two families, nine people in all": the total restates the group before it.
        if prev and text[prev.end : start].strip() == "," and rules.total_after.match(text, end):
            groups[-1] = Count(prev.start, end, value, prev.subset, prev.companion)
            continue
        before = text[max(0, start - 60) : start]
        ranged = _ranged(before, value, rules)
        # "activist Kim Young-hwan and three colleagues": the named lead is one more.
        # "six others" are others than someone the clause names: "Kim and six others" is seven.
        others = bool(rules.others_after.search(text, start, end))
        lead = rules.lead_person.search(before)
        if lead is None and others:
            lead = rules.name_and.search(before)
        if lead is not None:
            start, value = start - len(before) + lead.start(), value + 1
        subset = bool(rules.subset_before.search(text, max(0, start - 20), start)) or bool(
            rules.subset_after.match(text, end)
        )
        # "with her son": one more person beside a lone subject, not part of a group.
        poss = text.startswith(("his ", "her ", "His ", "Her "), start)
        companion = bool(rules.companion_before.search(before)) or (
            (poss or others) and bool(rules.with_before.search(before))
        )
        # "a boat … with four people on board": the people aboard, no part of a group
        subset = subset and not companion and not rules.aboard_after.match(text, end)
        helpers = bool(rules.helpers_before.search(before) or rules.helpers_after.match(text, end))
        groups.append(Count(start, end, value, subset, companion, ranged, helpers))
    groups = _distributed(text, groups, members)
    if lang in (None, "ko"):
        groups.extend(
            Count(m.start(), m.end(), 1, companion=True) for m in rules.ko_companion.finditer(text)
        )
        groups.sort(key=lambda c: c.start)
    return groups


def _ranged(before: str, value: int, rules: _Rules) -> bool:
    """Whether a count is the top of a range told right before it ("between 50 and 60",
    "5~6명", "1、2人"): a lower number than it, not a change ("from 50 to 60")."""
    hit = rules.range_before.search(before)
    if hit is None:
        return False
    low = _value(hit.group("low") or hit.group("between"), rules.words)
    return low is not None and low < value


def _distributed(text: str, groups: list[Count], members: dict[int, list[Count]]) -> list[Count]:
    """Joined counts told each of its own group ("7명과 5명이 각각", "4人と6人がそれぞれ"):
    the groups again, not their sum."""
    out: list[Count] = []
    for i, group in enumerate(groups):
        parts = members.get(i)
        if parts and distributes(text, group.end):
            out.extend(replace(c, subset=group.subset, companion=group.companion) for c in parts)
        else:
            out.append(group)
    return out


def distributes(text: str, end: int) -> bool:
    """Whether the words after a count tell each of the counts before it of its own group
    ("각각", "それぞれ", "respectively")."""
    return bool(_rules().distributive.match(text, end))


def _listed(
    text: str, prev: Count, rest: list[tuple[int, int, int]], rules: _Rules
) -> bool:
    """Whether a group after a comma is the next item of a list closed by "and" ("three
    men, three women and three children": one group of nine), not a breakdown of the group
    before it ("three North Koreans, a woman and two teenagers": three)."""
    if len(rest) < 2 or text[prev.end : rest[0][0]].strip() != ",":
        return False
    closed = bool(rules.join.fullmatch(text, rest[0][1], rest[1][0]))
    return closed and prev.value != rest[0][2] + rest[1][2]


# A Korean word: where it begins decides whether it is a word of its own.
_HANGUL = re.compile(r"[가-힣]")


def find_vulnerable(
    text: str, words: tuple[frozenset[int], frozenset[int]] | None = None, offset: int = 0
) -> list[str]:
    """Vulnerable groups named in text, sorted; a word inside a longer match counts once.
    With `words` (where the morphemes of a Korean text begin, and where its nouns end;
    `text` starts at `offset` in it), a Korean word counts only where a morpheme begins or
    as the head a compound noun ends in ("어린아이들"): "유아" (infant) inside "자유아시아",
    "아들" (son) inside "받아들이다" name no one."""
    rules = _rules()
    spans: list[tuple[int, int, str]] = []
    for label, rx in rules.vulnerable:
        spans.extend(
            (m.start(), m.end(), label) for m in rx.finditer(text)
            if m.end() > m.start() and _a_word(text, m.start(), m.end(), words, offset)
        )
    spans.sort(key=lambda s: s[0] - s[1])
    kept: list[tuple[int, int, str]] = []
    for s in spans:
        inside = any(k[0] <= s[0] and s[1] <= k[1] and (k[0], k[1]) != (s[0], s[1]) for k in kept)
        if not inside:
            kept.append(s)
    ages = _ages(text, rules)
    # an age told of a boy or a son decides what he is ("13세의 소년": a teen, not a child)
    kept = [k for k in kept if k[2] not in _AGED or not any(_told_of(text, a, k) for a in ages)]
    labels = {label for _, _, label in kept}
    labels.update(_band(age) for _, _, told in ages for age in told)
    labels.discard("")
    return sorted(labels)


# The labels an age told of the person replaces.
_AGED = frozenset({"child", "teen"})
# Between an age and the noun it is told of ("13세의 소년", "a 13-year-old boy").
_AGE_TO_NOUN = re.compile(r"[\s-]*(?:의|の)?\s*")


def _told_of(text: str, age: tuple[int, int, list[int]], noun: tuple[int, int, str]) -> bool:
    return noun[0] >= age[1] and bool(_AGE_TO_NOUN.fullmatch(text, age[1], noun[0]))


def _a_word(
    text: str, start: int, end: int, words: tuple[frozenset[int], frozenset[int]] | None,
    offset: int,
) -> bool:
    if words is None or not _HANGUL.match(text, start):
        return True
    starts, noun_ends = words
    # (the head of a compound reaches the noun's end: "어린아이들" holds "아이들")
    return start + offset in starts or any(
        i + offset in noun_ends for i in range(start + 1, end + 1)
    )


def _ages(text: str, rules: _Rules) -> list[tuple[int, int, list[int]]]:
    """Ages told of people, with their spans: a range gives both its ends ("aged between 15
    and 23", "15∼22세": the youngest and the oldest), a name its age in brackets ("김모(17)
    군", "Eun-Hee (17)"); an upper bound is no one's age ("15세 이하 어린이")."""
    found = [
        (m.start(), m.end(), [_value(m.group(g), rules.words) or 0 for g in _ENDS if m.group(g)])
        for m in rules.age_range.finditer(text)
    ]
    found += [
        (m.start(), m.end(), [int(m.group("n"))]) for m in rules.age_in_brackets.finditer(text)
    ]
    for m in rules.age.finditer(text):
        age = _value(m.group("n") or m.group("n2") or m.group("n3") or "", rules.words)
        inside = any(a <= m.start() < b for a, b, _ in found)
        if age is not None and not inside and not rules.age_bound_after.match(text, m.end()):
            found.append((m.start(), m.end(), [age]))
    return found


_ENDS = ("lo", "hi", "lo2", "hi2")


def _band(age: int) -> str:
    """The vulnerable group of a person's age ("" for none)."""
    if 0 < age <= 1:
        return "infant"
    if age < 13:
        return "child"
    if age < 18:
        return "teen"
    return "elderly" if age >= 65 else ""


@lru_cache(maxsize=2)
def _with_num(key: str) -> re.Pattern[str]:
    data = load_data("numbers.yaml")
    en_words = "|".join(sorted(data["words"]["en"], key=len, reverse=True))
    return re.compile(data[key].replace("{num}", rf"(?P<num>\d[\d,]*|{en_words})"))


def bare_subject_count(text: str, start: int) -> int | None:
    """The number that is the whole subject of the clause at `start` ("Five were shot
    dead"): English only."""
    m = _with_num("bare_subject").match(text, start)
    return _value(m.group("num"), _rules().words) if m else None


def elliptic_counts(text: str, start: int, end: int) -> list[Count]:
    """Counts whose noun is left out after a first group ("400 North Koreans on October 9
    and another 50 on October 10"): English only, each right before its date."""
    words = _rules().words
    out = []
    for m in _with_num("elliptic").finditer(text, start, end):
        value = _value(m.group("num"), words)
        if value:
            out.append(Count(m.start("num"), m.end("num"), value))
    return out



@lru_cache(maxsize=1)
def _approximate() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Per kind: its words right before the number, and its words after the counter."""
    data = load_data("numbers.yaml")["approximate"]
    return tuple(
        (kind, re.compile(rf"(?i)(?:^|\W)(?:{v['before']})\s*$"), re.compile(v["after"]))
        for kind, v in data.items()
    )


# The Korean "여" of "10여 명" inside a count: more than the number.
_KO_MORE = re.compile(r"\d\s*여\s*(?:명|가구)")


def approximation(text: str, c: Count) -> str | None:
    """How a count is not exact: "more" than its number, "about" it or "less", else None."""
    if _KO_MORE.search(text, c.start, c.end):
        return "more"
    # (an English count may open with its quantifier: "about 60 people")
    start = next(
        (c.start + w.start() for w in re.finditer(r"[\w,]+", text[c.start : c.end])
         if w.group()[0].isdigit() or w.group().lower() in _rules().words),
        c.start,
    )
    before, after = text[max(0, start - 16) : start], text[c.end : c.end + 6]
    for kind, lead, tail in _approximate():
        if lead.search(before) or tail.match(after):
            return kind
    return None


def number_value(token: str) -> int | None:
    """The value of a figure or a number word ("62", "1,200", "ten"), else None."""
    return _value(token, _rules().words)


def is_people_noun(word: str) -> bool:
    """Whether a noun names people ("activists", "defectors"), so a number before it counts
    them."""
    return bool(_people_noun().fullmatch(word))


@lru_cache(maxsize=1)
def _people_noun() -> re.Pattern[str]:
    return re.compile(rf"(?i)(?:{_alts(load_data('numbers.yaml')['people_nouns'])})")
