"""The incident record: title, places, fields, keys, JSON, any ingestion order."""

from __future__ import annotations

import random

from incidentkit import NOW, RULES, by_docs, corpus, ev, one_by_one, report
from tumen.incidents import build_incidents, incident_to_json
from tumen.models import Document


def test_title_names_the_first_step_then_where_the_people_are_now() -> None:
    [one] = build_incidents({1: report(1, [
        ev("border_crossing", "2015-09", 9, place="Tumen River"),
        ev("arrest", "2015-10", 9, country="VN"),
        ev("repatriation", "2015-11", 9, country="VN"),
        ev("death", "2015-12", 1, country="CN"),
    ], "2015-12-20")}, NOW, RULES)
    # a crossing names its country only (the river is not a place one crosses "into");
    # the death is not where the survivors are; the date is the first step's
    assert one.title == ("9 people crossed the border into China, then forcibly returned "
                         "from Vietnam (2015-09)")
    [same] = build_incidents({2: report(2, [ev("arrest", "2019-04-27", 7, place="Yanji"),
                                            ev("arrest", "2019-04-28", 7, place="Yanji")],
                                        "2019-05-02")}, NOW, RULES)
    assert same.title == "7 people arrested in Yanji, China (2019-04)"


def test_a_step_is_never_placed_in_a_city_of_another_country() -> None:
    # one outlet puts the arrival in the city the group left (Ningbo), two in the South:
    # the step is in South Korea, and no title or timeline says "Ningbo, South Korea"
    arrival = [ev("reached_safety", "2016-04-07", 13, country=None, place="Ningbo"),
               ev("reached_safety", "2016-04-07", 13, country="KR"),
               ev("reached_safety", "2016-04-07", 13, country="KR")]
    [one] = build_incidents({n: report(n, [e], "2016-04-08") for n, e in enumerate(arrival)},
                            NOW, RULES)
    assert [(e.place, e.country) for e in one.events] == [(None, "KR")]
    assert one.title == "13 people reached safety in South Korea (2016-04)"


def test_reports_about_the_same_people_form_one_incident() -> None:
    found = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))
    assert set(found) == {(1, 2, 3), (4, 5)}


def test_incident_record_fields() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(1, 2, 3)]
    assert incident.people_min == 7 and incident.people_max == 8
    assert incident.vulnerable == ["child", "woman"]
    assert incident.places == ["Shenyang", "Dandong"] and incident.countries == ["CN"]
    assert [e.type for e in incident.events] == ["arrest", "transfer"]
    assert incident.events[0].documents == [1, 2]
    assert incident.first_report == "2019-05-02" and incident.last_report == "2019-05-12"
    assert incident.sources_count == 3
    assert incident.title == ("7–8 people arrested in Shenyang, China, then moved in custody "
                              "to Dandong, China (2019-04)")
    people = next(c for c in incident.conflicts if c["field"] == "people")
    assert people["values"] == [{"value": 7, "documents": [1, 3]},
                                {"value": 8, "documents": [2]}]


def test_sources_count_counts_outlets_not_reports() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(4, 5)]
    assert incident.sources_count == 1
    assert incident.status == "safe"


def test_any_ingestion_order_gives_the_same_incidents() -> None:
    reports = corpus()
    full = build_incidents({r.id: r for r in reports}, NOW, RULES)
    rng = random.Random(5)
    for _ in range(5):
        order = reports[:]
        rng.shuffle(order)
        assert one_by_one(order, NOW, RULES) == full


def test_keys_are_stable_across_rebuilds_and_id_renumbering() -> None:
    first = build_incidents({r.id: r for r in corpus()}, NOW, RULES)
    renumbered = {}
    for r in corpus():
        r.id += 100
        renumbered[r.id] = r
    second = build_incidents(renumbered, NOW, RULES)
    assert sorted(i.key for i in first) == sorted(i.key for i in second)


def test_incident_to_json_shape() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(4, 5)]
    doc = Document(url="https://example.org/4", canonical_url="https://example.org/4", text="t",
                   content_hash="h", title="report 4", published="2019-05-06", source="o", id=4)
    data = incident_to_json(incident, [doc])
    assert data["urgency"] == {"level": incident.urgency_level, "score": incident.urgency_score}
    assert data["documents"] == [{"id": 4, "title": "report 4", "url": "https://example.org/4",
                                  "date": "2019-05-06", "source": "o"}]
    assert data["events"][0]["type"] == "reached_safety"
    assert {"id", "title", "status", "people", "vulnerable", "countries"} <= set(data)


def test_a_place_in_another_country_than_the_event_is_where_someone_spoke() -> None:
    told = report(1, [ev("arrest", "2015-10-22", 9, country="VN"),
                      ev("repatriation", "2015-11-20", 9, country="VN", place="Seoul",
                         start=30)], "2015-11-21")
    (incident,) = build_incidents({1: told}, NOW, RULES)
    assert incident.places == [] and "Seoul" not in incident.title
    told.events[1].place = "Lao Cai"  # unknown to the gazetteer: kept as told
    (incident,) = build_incidents({1: told}, NOW, RULES)
    assert incident.places == ["Lao Cai"]
