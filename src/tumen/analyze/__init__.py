"""The analysis stage: language, topics, entities, events and statistics of an item."""

from __future__ import annotations

from tumen.analyze.confidence import Context, context, features, score_events
from tumen.analyze.dateline import in_dateline
from tumen.analyze.events import (
    Mentions,
    count_aboard,
    count_the_group,
    counted_parts,
    date_earlier_case,
    exact_over_approximate,
    extract_events,
    fill_gaps,
    group_makeup,
    habitual_mentions,
    learned_events,
    learned_floors,
    merge_events,
    rank_countries,
    rank_counts,
    rank_dates,
    retarget,
    rule_triggers,
    share_vulnerable,
    told_again,
    totals_of_parts,
    undated_into_dated,
    voluntary_returns_dropped,
)
from tumen.analyze.events import merge as merge_rules
from tumen.analyze.events.coref import lend
from tumen.analyze.gazetteer import (
    find_organisations,
    find_places,
    place_coordinates,
)
from tumen.analyze.language import NOT_READ, detect_language
from tumen.analyze.morph import start as start_morphs
from tumen.analyze.numbers import Count, find_counts
from tumen.analyze.sentences import Sentence, split_headlines, split_sentences, unwrap
from tumen.analyze.statistics import distinct, extract_statistics, not_after
from tumen.analyze.telling import Telling
from tumen.analyze.timex import TimeMention, find_dates
from tumen.analyze.topics import classify_topics
from tumen.models import Analysis, Entity, Event, Evidence, Item, Statistic

__all__ = [
    "analyze_item",
    "analyze_text",
    "detect_language",
    "event_features",
    "find_places",
    "place_coordinates",
]

# Full-width digits become ASCII one for one, so offsets do not move.
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def analyze_text(
    text: str,
    *,
    title: str | None = None,
    published: str | None = None,
    language: str | None = None,
    min_confidence: float | None = None,
    topics: bool = True,
) -> Analysis:
    """Analyse a title and text; offsets refer to text. Events carry a confidence; those
    under min_confidence (default: the model's threshold) are left out. Without `topics`
    (the topic model being trained on the rest) no topics are given."""
    return _analyse(text, title, published, language, min_confidence, topics)[0]


def event_features(
    text: str, *, title: str | None = None, published: str | None = None
) -> list[tuple[Event, dict[str, float]]]:
    """Every event found, before any is left out, with its confidence features."""
    _, ctx, events = _analyse(text, title, published, None, 0.0)
    return [(e, features(e, ctx)) for e in events]


def _analyse(
    text: str,
    title: str | None,
    published: str | None,
    language: str | None,
    min_confidence: float | None,
    topics: bool = True,
) -> tuple[Analysis, Context, list[Event]]:
    head = f"{title.strip()}\n\n" if title and title.strip() else ""
    full = unwrap((head + text).translate(_FULLWIDTH))
    lang = language or detect_language(full) or "en"
    if lang in NOT_READ:
        ctx = context(lang, published, len(full), len(head), [], 0)
        return Analysis(language=lang, analysed=False), ctx, []
    mentions, statistics, places = read_mentions(full, lang, published)
    uncounted: list[Event] = []
    triggers = rule_triggers(mentions)
    raw = extract_events(mentions, merge=False, uncounted=uncounted, found=triggers)
    raw = voluntary_returns_dropped(raw, mentions, len(head))
    # what the text tells of each type, as news or as what usually happens (as the rules
    # read it: the learned tagger's events weigh no other's confidence)
    found = [(e.type, e.evidence.start) for e in raw] + habitual_mentions(mentions)
    learned = learned_events(mentions, raw, triggers)
    learned = voluntary_returns_dropped(learned, mentions, len(head))
    # (an earlier case told in passing keeps its own time: it is not the news merged away)
    if merge_rules.EARLIER_CASE:
        date_earlier_case(raw, sentence_times(mentions))
    # (the rules' events are placed, merged, told and counted as without the tagger: the
    # confidence model was trained on theirs alone)
    every = undated_into_dated(_place_title_events(raw, len(head), lang))
    # the learned country ranker, when switched on (events/country_ranker.py)
    ruled = rank_countries(every, mentions, triggers, len(head))
    telling = _telling(lang, full, len(head), places, ruled)
    ctx = context(lang, published, len(full), len(head), found, len(ruled), telling)
    every, floors = _with_learned(ruled, learned, mentions, (len(head), lang))
    events = totals_of_parts(score_events(list(every), ctx, min_confidence, floors))
    events = count_the_group(events, uncounted, counted_parts(mentions))
    events = count_aboard(events, mentions)
    events = share_vulnerable(exact_over_approximate(events, mentions))
    events = group_makeup(events, mentions, len(head))
    events = rank_dates(events, mentions, triggers, len(head), published)
    events = rank_counts(events, mentions, len(head), triggers)
    events = lend(events, mentions, triggers, len(head), raw)
    figures = not_after(
        distinct([_shift_stat(s, len(head)) for s in statistics if s.evidence.start >= len(head)]),
        published,
    )
    analysis = Analysis(
        language=lang if full.strip() else None,
        topics=classify_topics(full, events, bool(figures), title=title, lang=lang)
        if topics
        else [],
        entities=_entities(full, places, mentions.counts, len(head)),
        events=events,
        statistics=figures,
    )
    return analysis, ctx, every


def _with_learned(
    ruled: list[Event], learned: list[Event], m: Mentions, where: tuple[int, str]
) -> tuple[list[Event], dict[int, float | None]]:
    """The rules' events and the learned tagger's, with the confidence each learned event
    needs (by its id()). A learned event that tells a rule event again is left out, kept
    or not: a learned event changes no rule event (the rules are right for the country and
    date of nearly every event they find; a learned report that merged into one filled
    its gaps unchecked)."""
    if not learned:
        return ruled, {}
    floors = learned_floors(m, learned)
    placed = undated_into_dated(_place_title_events(learned, *where))
    kept = [e for e in placed if not any(told_again(r, e) for r in ruled)]
    return ruled + kept, {id(e): floors[id(e)] for e in kept}


def read_mentions(
    full: str, lang: str, published: str | None
) -> tuple[Mentions, list[Statistic], list[Entity]]:
    """What the events stage reads in a title and text joined (`full`), with the text's
    statistics and every place it names (those of its dateline included)."""
    start_morphs(full, lang)  # Kiwi reads a Korean text in its threads while dates etc. are read
    sentences = split_sentences(full)
    dates = find_dates(full, published)
    statistics, used = extract_statistics(sentences, dates)
    places = find_places(full)
    counts = find_counts(full, lang)
    return _mentions(full, lang, sentences, used, places, dates, counts), statistics, places


def _mentions(
    full: str,
    lang: str,
    sentences: list[Sentence],
    used: set[int],
    places: list[Entity],
    dates: list[TimeMention],
    counts: list[Count],
) -> Mentions:
    """What the events stage reads, past the sentences read as statistics."""
    lines = split_headlines(sentences)
    # the sentences read as statistics, by their places in the text
    spans = [(s.start, s.end) for i, s in enumerate(sentences) if i in used]
    skip = {i for i, s in enumerate(lines) if any(a <= s.start < b for a, b in spans)}
    filed = in_dateline(full, places)
    places = [p for p in places if p not in filed]
    return Mentions(full, lang, lines, places, dates, counts, skip)


def _telling(lang: str, full: str, head: int, places: list[Entity], every: list[Event]) -> Telling:
    """How the text tells its events, for their confidence features."""
    return Telling(
        lang=lang,
        text=full,
        head=head,
        head_countries=frozenset(p.country for p in places if p.start < head and p.country),
        keys=tuple((e.type, e.country, e.evidence.start if e.evidence.end else -1) for e in every),
    )


def analyze_item(item: Item, *, published: str | None = None) -> Analysis:
    """Analyse an item's title and text, resolving dates against its publication date."""
    return analyze_text(item.text or "", title=item.title, published=published or item.date)


def sentence_times(m: Mentions) -> dict[str, frozenset[str]]:
    """The times each sentence names, by its text, but the day it was reported or said."""
    out: dict[str, frozenset[str]] = {}
    for s in m.sentences:
        told = frozenset(d.value for d in m.dates_in((s.start, s.end)) if not d.reporting)
        if told:
            out[s.text] = out.get(s.text, frozenset()) | told
    return out


def _place_title_events(events: list[Event], offset: int, lang: str) -> list[Event]:
    """Title events fill gaps in the text's events; one found only in the title keeps
    the title as evidence with offsets 0..0."""
    title = [e for e in events if e.evidence.start < offset]
    body = [e for e in events if e.evidence.start >= offset]
    # (shifted in place: the learned tagger's events are known by their identity)
    for e in body:
        e.evidence = retarget(e, offset).evidence
    body = merge_events(body)
    placed = {e.type for e in body if e.place}
    kept = []
    for e in title:
        e.evidence = Evidence(e.evidence.text, 0, 0)
        # A headline names places loosely; the body's place for the same event wins.
        if e.type in placed:
            e.place = None
        # A headline restates the body's event with rounder words ("Mother and two
        # children arrested"): the body's count and date win, the headline fills gaps.
        same = next((b for b in body if _restates(e, b)), None)
        # a Korean or Japanese headline, without its particles, names places loosely ("방콕
        # 수용소 탈북민 15명 한국 도착"): the body's one event of that type is the one it
        # restates
        alone = _alone(body, e.type) if lang in ("ko", "ja") else []
        if same is None and len(alone) == 1:
            same = alone[0]
            e.country = None
        if same is None:
            kept.append(e)
            continue
        fill_gaps(same, e, "_place_title_events")
    return merge_events(body + kept)


# A headline's "亡命", "귀순" is the body's crossing or arrival, whichever the body tells.
_ARRIVALS = frozenset({"reached_safety", "border_crossing"})


def _alone(body: list[Event], etype: str) -> list[Event]:
    """The body's events of a headline event's type; with none, its crossings and arrivals
    when the headline's is one of them."""
    same = [b for b in body if b.type == etype]
    if same or etype not in _ARRIVALS:
        return same
    kin = [b for b in body if b.type in _ARRIVALS]
    # one arrival told twice in the body ("9명이 한국에 도착했다 … 항공편으로 입국했다")
    return kin[:1] if len({(b.type, b.country) for b in kin}) == 1 else kin


def _restates(head: Event, body: Event) -> bool:
    """Whether a headline event is the body's event of the same type and country."""
    if head.type != body.type:
        return False
    return head.country is None or body.country is None or head.country == body.country


def _shift_stat(stat: Statistic, offset: int) -> Statistic:
    ev = stat.evidence
    stat.evidence = Evidence(ev.text, ev.start - offset, ev.end - offset)
    return stat


def _entities(full: str, places: list[Entity], counts: list, offset: int) -> list[Entity]:
    out = [*places, *find_organisations(full)]
    out.extend(
        Entity(kind="people", text=full[c.start : c.end], start=c.start, end=c.end, value=c.value)
        for c in counts
    )
    shifted = []
    for e in out:
        if e.start >= offset:
            e.start, e.end = e.start - offset, e.end - offset
            shifted.append(e)
    return sorted(shifted, key=lambda e: (e.start, e.end))
