"""Places as linking sees them: one locality told at two granularities, by the gazetteer."""

from __future__ import annotations

from datetime import datetime

from tumen.analyze.gazetteer import load_gazetteer, place_by_name, within
from tumen.incidents import Report, build_incidents, load_rules
from tumen.incidents.places import near_places
from tumen.models import Event, Evidence

NOW = datetime(2019, 5, 20)
RULES = load_rules()


def test_gazetteer_regions_hold_their_cities_through_every_level() -> None:
    """Yanji lies in Yanbian, which lies in Jilin; Dandong in Liaoning, not in Jilin."""
    assert within("Yanji", "Yanbian") and within("Yanji", "Jilin")
    assert within("Dandong", "Liaoning") and not within("Dandong", "Jilin")
    assert not within("Liaoning", "Dandong") and not within("Nowhere", "Jilin")
    # every region named is a province of the same country in the gazetteer
    for place in load_gazetteer().places:
        if place.region:
            region = place_by_name(place.region)
            assert region is not None and region.kind == "province", place.name
            assert region.country == place.country, place.name


def test_a_city_and_the_province_it_lies_in_are_one_locality_however_far_its_centre() -> None:
    """Two hundred and forty returned from China on 3 March, one outlet placing the return
    in Liaoning, another in Dandong (about 200 km from the province's centre): one case.
    Two cities of one province are still two places."""
    assert near_places("Dandong", "Liaoning", RULES) and near_places("Liaoning", "Dandong", RULES)
    assert near_places("Hunchun", "Jilin", RULES)
    assert not near_places("Dandong", "Shenyang", RULES)

    def told(doc: int, place: str) -> Report:
        event = Event(type="repatriation", evidence=Evidence("returned", 0, 8),
                      date="2018-03-03", people=240, country="CN", place=place)
        return Report(id=doc, events=[event], published="2018-03-05", url=f"u{doc}")

    found = build_incidents({1: told(1, "Liaoning"), 2: told(2, "Dandong")}, NOW, RULES)
    assert [i.documents for i in found] == [[1, 2]]
