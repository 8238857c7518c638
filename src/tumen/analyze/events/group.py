"""The group a text is about: an event whose own words count no one happened to it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import combinations

from tumen.analyze.events.base import Mentions, load_rules
from tumen.analyze.events.merge import date_within
from tumen.analyze.gazetteer import load_data, within
from tumen.analyze.numbers import Count, approximation
from tumen.analyze.sentences import Sentence
from tumen.models import Event


@lru_cache(maxsize=1)
def _parts() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """counts.yaml: the words before a part ("うち8人"), and after a whole ("4명 가운데")."""
    data = load_data("counts.yaml")
    return re.compile(data["part_before"]), re.compile(data["part_taken"])


def counted_parts(m: Mentions) -> frozenset[int]:
    """The values the text counts only as parts of a larger group ("including two
    children", "うち8人"), never as a whole group."""
    parts = {c.value for c in m.counts if _part(c, m.text)}
    return frozenset(parts - {c.value for c in m.counts if not _part(c, m.text)})


def _part(c: Count, text: str) -> bool:
    before, whole = _parts()
    # (a count marked a subset before "가운데", "のうち" is the whole parts are taken from)
    if c.subset and not whole.match(text, c.end):
        return True
    return bool(before.search(text, max(0, c.start - 8), c.start))


def count_the_group(
    events: list[Event], uncounted: list[Event], parts: frozenset[int]
) -> list[Event]:
    """Give the text's group to the events that count no one: the one count of several
    people all its counted events share ("Police caught 12 defectors ... The defectors
    were sent back": twelve). Several counts, one person or a part ("うち8人") give no
    group; an event about another, uncounted group ("several others died") keeps no
    count, as does one of a counted event's type in another month (a mass return the
    year before is not this month's return of 80; a group caught twice in one week is
    one group). Applied after the confidence model, which reads whether the event's own
    words count anyone (the events it scored are left as they are)."""
    group = _main_count([e.people for e in events if e.people is not None])
    if group is None or group < 2 or group in parts:
        return events
    # (the events are copies of those found, shifted to the body: known by their sentence)
    skip = {(e.type, e.evidence.text) for e in uncounted}
    dated = [(e.type, e.date) for e in events if e.people is not None and e.date]
    return [
        replace(e, people=group)
        if e.people is None
        and (e.type, e.evidence.text) not in skip
        and not any(t == e.type and _months_apart(d, e.date) for t, d in dated)
        else e
        for e in events
    ]


def count_aboard(events: list[Event], m: Mentions) -> list[Event]:
    """A boat's crossing into South Korea or Japan that counts no one carried the people
    the text counts aboard it ("…沖で木造船が見つかった。乗員は男性10人"), when the text
    gives one such count (README: a boat found off the coast is that crossing)."""
    aboard = _aboard_counts(m)
    if len(aboard) != 1:
        return events
    count, direct = next(iter(aboard)), load_rules().direct_countries
    return [
        replace(e, people=count)
        if e.type == "border_crossing" and e.people is None and e.country in direct
        else e
        for e in events
    ]


@lru_cache(maxsize=1)
def _aboard() -> tuple[re.Pattern[str], int]:
    """counts.yaml: the words that put people aboard a boat, and how far a count may be."""
    data = load_data("counts.yaml")
    return re.compile(data["aboard"]), int(data["aboard_reach"])


def _aboard_counts(m: Mentions) -> set[int]:
    """The values of the counts told beside a word that puts people aboard a boat."""
    word, reach = _aboard()
    found: set[int] = set()
    for hit in word.finditer(m.text):
        lo, hi = hit.start() - reach, hit.end() + reach
        near = [
            c for c in m.counts
            if lo <= c.start and c.end <= hi and not c.subset
            and not any(s in m.text[min(c.end, hit.end()) : max(c.start, hit.start())]
                        for s in "。.!?\n")
        ]
        found.update(c.value for c in near)
    return found


def _main_count(told: list[int]) -> int | None:
    """The count the text's group has: the one count of its counted events, or one that
    more of them share than all the other counts together (a caption's earlier case of
    13 beside four steps of a group of 10)."""
    tally = Counter(told).most_common()
    if len(tally) == 1:
        return tally[0][0]
    if tally and tally[0][1] >= 2 and tally[0][1] > sum(n for _, n in tally[1:]):
        return tally[0][0]
    return None


def _months_apart(one: str, other: str | None) -> bool:
    """Whether two dates lie in different months (or years, when one names only a year)."""
    if other is None:
        return False
    a, b = one[:7], other[:7]
    return not (a.startswith(b) or b.startswith(a))


def exact_over_approximate(events: list[Event], m: Mentions) -> list[Event]:
    """Events counted by a round figure ("10여 명", "more than 40", "約30人") take the
    exact count the text also gives of a group that figure fits ("남성 3명과 여성 8명 등
    11명", "44 people in all"): the stated number is the exact one when there is one. A
    figure the text also states exactly, or that two exact counts fit, stays."""
    kinds = [(c, approximation(m.text, c)) for c in m.counts]
    exact = {c.value for c, kind in kinds if not c.companion and kind is None}
    better: dict[int, int] = {}
    for c, kind in kinds:
        if kind is None or c.value in exact or c.value < 2:
            continue
        fits = {v for v in exact if _fits(c.value, v, kind)}
        if len(fits) == 1:
            better[c.value] = fits.pop()
    if not better:
        return events
    return [replace(e, people=better[e.people]) if e.people in better else e for e in events]


def _fits(figure: int, exact: int, kind: str) -> bool:
    """Whether an exact count is what a round figure of its kind says: above it, about it
    or under it by less than the figure's last rounded place (10여 명: 11 to 19)."""
    step = 1
    while figure % (step * 10) == 0:
        step *= 10
    if step == 1:
        return False
    if kind == "more":
        return figure < exact < figure + step
    if kind == "less":
        return figure - step < exact < figure
    return 0 < abs(exact - figure) < step / 2


def share_vulnerable(events: list[Event]) -> list[Event]:
    """The vulnerable people of a group are in every event of that group (tests/fixtures/
    analysis/README.md): events with one count of several people share what any of them
    says of who is among them ("including an infant" told of the arrest only)."""
    by_count: dict[int, set[str]] = {}
    for e in events:
        if e.people is not None and e.people > 1:
            by_count.setdefault(e.people, set()).update(e.vulnerable)
    return [
        replace(e, vulnerable=sorted(by_count[e.people] | set(e.vulnerable)))
        if e.people in by_count and not by_count[e.people] <= set(e.vulnerable)
        else e
        for e in events
    ]


def group_makeup(events: list[Event], m: Mentions, head: int) -> list[Event]:
    """Who is among a group, told in a sentence of its own (README: the vulnerable are in
    every event of their group): a sentence that counts the group again ("They found 45
    males and 130 females", "女性13人と子ども2人") or points back to a group ("The group,
    most of them women and children", "이들 중에는 …", "拘束されたのは …") gives the
    groups it names to each event of that group. (`head`: where the body starts in the
    text, events' evidence being told in the body)"""
    groups = [e for e in events if e.people is not None and e.people > 1]
    if not groups:
        return events
    told: dict[int, set[str]] = {}
    for sent in m.sentences:
        named = m.vulnerable_in((sent.start, sent.end))
        if not named:
            continue
        group = _counted_again(sent, m, [e.people or 0 for e in groups])
        if group is None and _points_back(sent.text, m.lang):
            # (a pointer looks back: to the events told before it, in it or in the headline)
            group = _pointed_at(sent, m, [
                e.people or 0 for e in groups
                if (e.evidence.start + head if e.evidence.end else 0) < sent.end
            ])
        if group is not None:
            told.setdefault(group, set()).update(named)
    return [
        replace(e, vulnerable=sorted(told[e.people] | set(e.vulnerable)))
        if e.people in told and not told[e.people] <= set(e.vulnerable)
        else e
        for e in events
    ]


def _points_back(sentence: str, lang: str) -> bool:
    """Whether a sentence opens by pointing back to a group, or says what a group holds."""
    opening, includes = _pointer()
    return bool(
        (lang in opening and opening[lang].match(sentence))
        or (lang in includes and includes[lang].search(sentence))
    )


@lru_cache(maxsize=1)
def _pointer() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """counts.yaml: the openings of a sentence that point back to a group, and the words
    anywhere in one that say what a group holds."""
    data = load_data("counts.yaml")

    def compiled(key: str) -> dict[str, re.Pattern[str]]:
        return {lang: re.compile(rx) for lang, rx in data[key].items()}

    return compiled("group_pointer"), compiled("group_includes")


def _counted_again(sent: Sentence, m: Mentions, values: list[int]) -> int | None:
    """The group a sentence counts again: the first of its own counts an event has."""
    for c in m.counts_in((sent.start, sent.end)):
        if c.value in values and not (c.subset or c.companion or c.helpers or c.ranged):
            return c.value
    return None


def _pointed_at(sent: Sentence, m: Mentions, values: list[int]) -> int | None:
    """The group a sentence points back to: the last group counted before it when an
    event has that count, else the group of the events told before it."""
    before = [
        c.value for c in m.counts
        if c.end <= sent.start and c.value > 1 and not (c.subset or c.companion or c.helpers)
    ]
    if before and before[-1] in values:
        return before[-1]
    return _main_count(values)


def totals_of_parts(events: list[Event]) -> list[Event]:
    """A count the text also tells part by part ("24 arrested last week": ten and nine on
    Wednesday, five four days later) is the sum of those events, not an event of its own
    (tests/fixtures/analysis/README.md: one event per distinct happening): dropped when two
    or more other events of its type and country, each within its date and place, add up
    to it exactly."""
    return [e for e in events if not _sum_of_others(e, events)]


# Past this many candidate parts, no subset is tried (a text rarely tells more).
_MOST_PARTS = 10


def _sum_of_others(total: Event, events: list[Event]) -> bool:
    """Whether some two or more other events, parts of this one, add up to its count."""
    if total.people is None or total.people < 2:
        return False
    parts = [
        e.people for e in events
        if e is not total and e.people and (e.type, e.country) == (total.type, total.country)
        and e.people < total.people and _inside(e, total)
    ]
    if len(parts) < 2 or len(parts) > _MOST_PARTS:
        return False
    return any(
        sum(subset) == total.people
        for size in range(2, len(parts) + 1)
        for subset in combinations(parts, size)
    )


def _inside(part: Event, total: Event) -> bool:
    """Whether an event can be part of a total: dated on or within its date, or either
    undated; placed where it is, within it, or either unplaced."""
    dated = part.date is None or part.date == total.date or date_within(part.date, total.date)
    placed = part.place is None or total.place is None or (
        part.place == total.place or within(part.place, total.place)
    )
    return dated and placed
