"""English verb groups and event frames, on sentences written for these tests."""

from __future__ import annotations

import math

import pytest

from tumen.analyze import analyze_text, event_features
from tumen.analyze.verbs import NOT_DONE, said_before, verb_groups


def _forms(sentence: str) -> dict[str, str]:
    return {sentence[g.start : g.end]: g.form for g in verb_groups(sentence)}


def test_auxiliaries_tell_the_form_of_each_verb_group() -> None:
    forms = _forms(
        "Four women who had been detained in Hanoi were being held at a camp and will be "
        "sent to China, though two managed to escape."
    )
    assert forms["had been detained"] == "pluperfect"
    assert forms["were being held"] == "progressive"
    assert forms["will be sent"] == "modal"
    assert forms["escape"] == "past"  # "managed to": it happened


def test_a_bare_participle_with_an_object_is_a_past_tense() -> None:
    groups = verb_groups("Border guards detained 14 North Koreans near the river.")
    assert [(g.lemma, g.form, g.passive) for g in groups] == [("detain", "past", False)]


@pytest.mark.parametrize(
    ("sentence", "verb", "form"),
    [
        ("Two fishermen suspected of drowning a colleague were held.", "drowning", "complement"),
        ("The families risk being repatriated.", "being repatriated", "complement"),
        ("She was arrested two days after crossing into Laos.", "crossing", "gerund"),
        ("Eleven women seeking to reach Thailand were caught.", "reach", "infinitive"),
        ("Police did not detain the family.", "did not detain", "negated"),
        ("If they crossed into Mongolia, guards would catch them.", "crossed", "conditional"),
        ("Families fleeing to Laos pay brokers.", "fleeing", "attributive"),
        ("A group of 20 appears to have entered Laos.", "have entered", "past"),
    ],
)
def test_forms_that_tell_no_event(sentence: str, verb: str, form: str) -> None:
    assert _forms(sentence)[verb] == form
    assert (form in NOT_DONE) == (form in {"complement", "infinitive", "negated", "conditional"})


def _events(text: str, published: str = "2021-03-10") -> list[tuple[str, str | None]]:
    return [(e.type, e.country) for e in analyze_text(text, published=published).events]


def test_an_embassy_entered_is_safety_where_the_embassy_is() -> None:
    text = (
        "Two North Korean women slipped past the guards of a Canadian embassy office in "
        "Beijing on Tuesday and asked for asylum, a diplomat said."
    )
    assert ("reached_safety", "CN") in _events(text)


def test_a_purpose_infinitive_leaves_the_goal_to_the_verb_before_it() -> None:
    text = (
        "On Monday a man in his fifties ran past the police to enter the embassy's consular "
        "section in Beijing, officials said."
    )
    assert ("reached_safety", "CN") in _events(text)


def test_a_country_entered_is_a_crossing() -> None:
    text = "In 2019 the former logger escaped to Russia via China and sought asylum there."
    assert ("border_crossing", "RU") in _events(text)


def test_a_border_river_crossed_names_the_country_but_not_the_way_taken() -> None:
    assert ("border_crossing", "CN") in _events(
        "On Sunday night two teenagers waded across the Tumen River, their uncle said.")
    taken = _events("The five had crossed from China by way of the Mekong, a pastor said.")
    assert ("border_crossing", "TH") not in taken


def test_an_expulsion_is_a_return() -> None:
    text = "Last week Mongolia expelled three North Korean workers, a rights group said."
    assert ("repatriation", "MN") in _events(text)


@pytest.mark.parametrize(
    "text",
    [
        # who the people are, not what happened to them in the news
        "Police in Vientiane questioned 30 people who had fled to Laos years before.",
        # a condition, a suspicion, an aim
        "If the workers escaped to Russia, they would be sent back within days.",
        "Three sailors suspected of killing an officer were questioned in Busan.",
        "The family hopes to flee to Mongolia next spring.",
    ],
)
def test_background_conditions_and_aims_are_no_frame_events(text: str) -> None:
    found = _events(text)
    assert not [t for t in found if t[0] in ("border_crossing", "death", "repatriation")]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("On Sunday a fishing boat carrying six North Koreans was spotted off Gangneung.", "KR"),
        ("Eight people in a small wooden boat arrived on Friday at a port in Niigata.", "JP"),
    ],
)
def test_a_boat_that_comes_to_the_south_or_japan_is_a_crossing(text: str, country: str) -> None:
    assert ("border_crossing", country) in _events(text)


def test_the_consulate_told_before_places_the_safety_reached_in_it() -> None:
    text = (
        "Police have guarded the Canadian consulate in Shenyang since March. "
        "On Monday two North Korean men ran into the consulate, officials said."
    )
    assert ("reached_safety", "CN") in _events(text)


def test_a_participle_between_an_article_and_its_noun_describes_it() -> None:
    forms = _forms("The pair managed to walk across the frozen Tumen River before dawn.")
    assert forms["frozen"] == "modifier"
    assert forms["frozen"] not in NOT_DONE  # "the detained women" is still told as done
    # the river after it is still the frame's argument
    text = "On Sunday two brothers managed to walk across the frozen Tumen River, a pastor said."
    assert ("border_crossing", "CN") in _events(text)


def test_a_crossing_enters_the_country_its_own_words_name() -> None:
    text = (
        "In 2018 the logger escaped to China once more and crossed into Russia in 2019, "
        "where he was detained."
    )
    found = _events(text)
    assert ("border_crossing", "RU") in found
    assert ("border_crossing", "CN") in found


def test_the_military_demarcation_line_is_the_border_with_the_south() -> None:
    text = (
        "Officials said on Friday that a North Korean soldier was taken into custody after "
        "crossing the central part of the military demarcation line on Thursday night."
    )
    assert ("border_crossing", "KR") in _events(text)


def _all_events(text: str) -> list[tuple[str, str | None]]:
    found = analyze_text(text, published="2021-03-10", min_confidence=0.0).events
    return [(e.type, e.country) for e in found]


def test_the_present_tense_of_a_sentence_told_in_full_is_what_usually_happens() -> None:
    text = (
        "Women who reach Thailand are held at an immigration centre in Bangkok before they "
        "fly to Seoul."
    )
    assert _all_events(text) == []


def test_the_present_tense_with_a_day_or_in_a_headline_tells_the_news() -> None:
    # a caption names the day it shows; a headline has no full stop
    caption = "Nine North Koreans are held at an immigration centre in Bangkok on Monday, March 1."
    assert ("arrest", "TH") in _all_events(caption)
    headline = "Nine North Koreans are held in Bangkok\n\nThe group was found on Monday."
    assert ("arrest", "TH") in _all_events(headline)


def test_a_habitual_mention_still_counts_as_the_text_speaking_of_its_type() -> None:
    # the confidence of the news weighs every mention of its type, as before the habitual
    # one stopped being an event
    text = (
        "Thai police arrested five North Korean women in Chiang Rai on Monday, an activist "
        "said. Women who reach Thailand are held at an immigration centre in Bangkok before "
        "they fly to Seoul."
    )
    found = event_features(text, published="2021-03-10")
    assert [(e.type, e.country) for e, _ in found] == [("arrest", "TH")]
    assert found[0][1]["support_log"] == pytest.approx(math.log1p(2))


def test_words_after_a_verb_of_saying_belong_to_it() -> None:
    sentence = "The agency voiced concern on Monday about nine who were returned from Laos."
    day, verb = sentence.index("Monday"), sentence.index("returned")
    assert said_before(sentence, day, verb)
    # after the event verb, or after a verb that is no saying, they are not the saying's
    assert not said_before(sentence, sentence.index("Laos"), verb)
    other = "Police raided a flat on Monday and detained nine."
    assert not said_before(other, other.index("Monday"), other.index("detained"))
    # a day right before the verb of saying is the saying's too, not the event verb's after it
    front = "The ministry on Monday demanded that China free nine it had detained."
    assert said_before(front, front.index("Monday"), front.index("detained"))
    front = "On Monday, police detained nine, the ministry said."
    assert not said_before(front, front.index("Monday"), front.index("detained"))


def test_a_present_form_after_a_possessive_is_a_noun_not_a_verb() -> None:
    sentence = "Halfway through their escape to South Korea, six men were caught in Laos on Friday."
    forms = _forms(sentence)
    assert forms.get("escape", "modifier") == "modifier"
    events = _events(sentence)
    assert ("reached_safety", "KR") not in events
    assert ("arrest", "LA") in events


def _every(text: str) -> list[tuple[str, str | None]]:
    """Every event found, whatever its confidence: what the frames read."""
    found = analyze_text(text, published="2021-03-10", min_confidence=0)
    return [(e.type, e.country) for e in found.events]


def test_a_gerund_between_an_article_and_its_noun_describes_it() -> None:
    sentence = "The brothers walked from their village to the neighbouring Russia last winter."
    assert _forms(sentence).get("neighbouring", "modifier") == "modifier"
    assert ("border_crossing", "RU") in _every(
        "In 2019 the two brothers walked from their village to the neighbouring Russia.")


@pytest.mark.parametrize(
    "text",
    [
        "On Saturday a defector who had settled in Incheon swam back to the North, "
        "the military said.",
        "The man walked across the border in March to return to North Korea, officials said.",
        "Three years after his escape, the former soldier returned to the North in June.",
    ],
)
def test_a_defector_who_goes_back_on_his_own_crosses_into_the_north(text: str) -> None:
    found = _every(text)
    assert ("border_crossing", "KP") in found
    assert not [t for t in found if t[0] == "repatriation"]


def test_people_sent_or_returned_north_are_returned_not_crossing() -> None:
    for text in (
        "On Monday China returned 40 refugees to North Korea, a rights group said.",
        "On Friday the five men were forcibly sent back to North Korea, a pastor said.",
    ):
        found = _every(text)
        assert ("border_crossing", "KP") not in found
        assert any(t[0] == "repatriation" for t in found)


def test_what_defectors_usually_do_is_no_crossing_north() -> None:
    text = "Some defectors who cannot find work in the South return to the North."
    assert ("border_crossing", "KP") not in _every(text)


@pytest.mark.parametrize(
    "text",
    [
        "On Friday embassy staff quickly moved the six to the Japanese embassy in Beijing.",
        "The four were later transferred to the Canadian embassy's consular section in "
        "Beijing on Tuesday, a diplomat said.",
    ],
)
def test_people_moved_into_a_mission_reach_safety_where_it_stands(text: str) -> None:
    found = _every(text)
    assert ("reached_safety", "CN") in found
    assert not [t for t in found if t[0] == "transfer"]


def test_a_mission_named_without_its_city_stands_in_the_city_told_before() -> None:
    text = (
        "On Tuesday five North Koreans climbed into a German school in Shenyang. "
        "Staff soon took them into the German consulate, a diplomat said."
    )
    assert ("reached_safety", "CN") in _every(text)


def test_a_letter_sent_to_an_embassy_is_no_refuge() -> None:
    text = "On Monday the families sent a letter to the Japanese embassy in Beijing."
    assert ("reached_safety", "CN") not in _every(text)


def test_a_verb_told_again_for_a_second_group_keeps_its_goal() -> None:
    text = (
        "On Monday one man entered the Canadian consulate in Shenyang, and on Tuesday a "
        "couple entered too, a diplomat said."
    )
    found = analyze_text(text, published="2021-03-10", min_confidence=0).events
    safe = [(e.type, e.country, e.people) for e in found if e.type == "reached_safety"]
    assert ("reached_safety", "CN", 1) in safe
    assert ("reached_safety", "CN", 2) in safe


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("On Friday police detained six defectors in Dalian along with three more in Yanji.",
         {(6, "Dalian"), (3, "Yanji")}),
        ("Officials said 12 were arrested in Shenyang and another four in Changchun on Sunday.",
         {(12, "Shenyang"), (4, "Changchun")}),
    ],
)
def test_a_second_group_told_without_its_verb_is_its_own_event(
    text: str, groups: set[tuple[int, str]]
) -> None:
    found = analyze_text(text, published="2021-03-10", min_confidence=0).events
    assert {(e.people, e.place) for e in found if e.type == "arrest"} == groups


def test_what_usually_happens_does_not_reach_past_a_turn_to_the_case() -> None:
    text = (
        "Those caught in Dalian usually go to a camp in Dandong; this group however was moved "
        "to Tumen on Monday."
    )
    assert ("transfer", "CN") in _every(text)
    assert ("transfer", "CN") not in _every("Those caught are usually moved to Tumen.")


@pytest.mark.parametrize(
    "text",
    [
        "Altogether 212 defectors from the North came to Seoul during the first half of "
        "the year, the ministry said on Monday.",
        "More than 90 North Koreans have reached Japan over the past year by sea.",
        "Some 40 refugees crossed into Thailand between March and May, police said.",
    ],
)
def test_arrivals_over_a_span_of_time_are_a_figure_not_a_case(text: str) -> None:
    assert not [t for t in _every(text) if t[0] in ("reached_safety", "border_crossing")]


def test_an_arrival_on_a_day_is_still_a_case() -> None:
    text = "Two defectors arrived in South Korea on Monday, the first this year, officials said."
    assert ("reached_safety", "KR") in _every(text)


def test_a_ship_that_comes_to_japan_is_a_crossing() -> None:
    text = "In 1990, six crewmen of a ship from the North landed at a port in Niigata."
    assert ("border_crossing", "JP") in _every(text)
