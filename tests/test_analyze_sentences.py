"""Sentence splitting: headlines and captions without punctuation, hard-wrapped text."""

from __future__ import annotations

from tumen.analyze import analyze_text
from tumen.analyze.sentences import split_sentences, unwrap


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_an_unpunctuated_headline_line_is_not_joined_to_the_lede() -> None:
    text = (
        "Border guards stop a family at the river\n"
        "A photo caption with no full stop\n"
        "Police detained six people on Monday. They were questioned."
    )
    assert _texts(text) == [
        "Border guards stop a family at the river",
        "A photo caption with no full stop",
        "Police detained six people on Monday.",
        "They were questioned.",
    ]


def test_offsets_point_at_the_sentence() -> None:
    text = "Headline here\nThe lede follows."
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text


def test_a_hard_wrapped_text_keeps_its_sentences_whole() -> None:
    text = (
        "Officials said on Friday they had\n"
        "detained nine people near a house used by the United Nations\n"
        "High Commissioner for Refugees, and that the\n"
        "group was questioned in\n"
        "the city."
    )
    assert len(split_sentences(text)) == 1


def test_a_line_ending_in_a_comma_or_cjk_text_is_not_split() -> None:
    assert len(_texts("They were caught near the border,\nPolice said.")) == 1
    assert len(_texts("탈북민 3명이 붙잡혔다\n2019年に")) == 1


def test_a_korean_headline_line_is_cut_from_its_lede_for_events() -> None:
    from tumen.analyze.sentences import split_headlines

    text = "탈북민 3명 붙잡혀\n경찰은 5일 탈북민 3명을 체포했다. 그들은 조사를 받았다."
    lines = split_headlines(split_sentences(text))
    assert [s.text for s in lines] == [
        "탈북민 3명 붙잡혀",
        "경찰은 5일 탈북민 3명을 체포했다.",
        "그들은 조사를 받았다.",
    ]
    assert all(text[s.start : s.end] == s.text for s in lines)


def test_a_full_stop_run_into_the_next_sentence_still_ends_it() -> None:
    """Scraped pages lose the space after a full stop ("a slight rise.A ministry official
    said"); an abbreviation or initials ("U.S.The") never end a sentence so."""
    text = "Arrivals saw a slight rise.A ministry official said so. Talks in the U.S.Then more."
    assert [s.text for s in split_sentences(text)] == [
        "Arrivals saw a slight rise.",
        "A ministry official said so.",
        "Talks in the U.S.Then more.",
    ]


def test_a_hard_wrapped_text_reads_a_phrase_its_line_break_splits() -> None:
    text = (
        "Officials said on Friday that Lao police had detained 14 North\n"
        "Koreans near a house in the capital, and that the\n"
        "group was questioned in\n"
        "the city for two days by officers\n"
        "of the immigration police.\n\nA second paragraph follows."
    )
    flat = unwrap(text)
    assert len(flat) == len(text) and "14 North Koreans" in flat
    assert flat.count("\n") == 2  # the blank line between paragraphs stays
    events = analyze_text(text, published="2031-05-02").events
    assert [(e.type, e.country, e.people) for e in events] == [("arrest", "LA", 14)]
    # a text whose lines end with their sentences is left as it is
    assert unwrap("Laos detains 14\n\nPolice said so.\nThey left.") == (
        "Laos detains 14\n\nPolice said so.\nThey left."
    )


def test_a_quoted_sentence_after_a_number_starts_a_new_sentence() -> None:
    text = "Police put the group at 12. “Most of them were women,” an officer said."
    assert [s.text for s in split_sentences(text)] == [
        "Police put the group at 12.",
        "“Most of them were women,” an officer said.",
    ]
    # a number that ends no sentence stays inside it
    assert len(split_sentences("They paid 3.5 million won. It was enough.")) == 2


def test_a_time_of_day_does_not_end_the_sentence() -> None:
    # the day after "p.m." belongs to the same sentence (and so to the event's verb)
    text = "The skiff reached the sea line near 9 p.m. on Friday, the coast guard said."
    assert [s.text for s in split_sentences(text)] == [text]
    text = "Troops fired at 4 a.m. Nobody was hurt."
    assert [s.text for s in split_sentences(text)] == ["Troops fired at 4 a.m.", "Nobody was hurt."]
