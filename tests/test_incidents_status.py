"""An incident's status and urgency: where the people are now, how pressing it is."""

from __future__ import annotations

from datetime import datetime

from incidentkit import NOW, RULES, by_docs, corpus, ev, report
from tumen.incidents import build_incidents
from tumen.incidents.urgency import status_of, urgency
from tumen.models import Evidence, IncidentEvent


def test_status_follows_latest_event_and_feared_return() -> None:
    reports = {r.id: r for r in corpus()}
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3)].status == "at_risk"
    reports[1].text = "Seven people were detained."
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3)].status == "detained"
    reports[9] = report(9, [ev("repatriation", "2019-05-15", 7, place="Dandong")], "2019-05-16")
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3, 9)].status == "repatriated"
    # a release after the return is not one story with it: it is told of the custody before
    del reports[9]
    reports[10] = report(10, [ev("release", "2019-05-18", 7)], "2019-05-19")
    assert by_docs(build_incidents(reports, NOW, RULES))[(1, 2, 3, 10)].status == "released"


def test_urgency_depends_on_now_status_and_children() -> None:
    incident = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))[(1, 2, 3)]
    fresh, level = urgency(incident, NOW, RULES)
    old, _ = urgency(incident, datetime(2021, 1, 1), RULES)
    assert level == "critical" and old < fresh
    incident.vulnerable = []
    assert urgency(incident, NOW, RULES)[0] < fresh
    incident.status = "safe"
    assert urgency(incident, NOW, RULES)[1] == "low"


def test_detention_in_thailand_is_safe_and_a_step_inside_north_korea_is_a_return() -> None:
    thai = report(1, [ev("arrest", "2016-02-07", 14, ("child",), "TH", "Chiang Rai")],
                  "2016-02-10")
    moved = report(2, [ev("transfer", "2013-05-27", 9, (), "KP", "Pyongyang")], "2013-05-30")
    found = build_incidents({1: thai, 2: moved}, NOW, RULES)
    assert {i.documents[0]: i.status for i in found} == {1: "safe", 2: "repatriated"}


def test_a_crossing_into_a_country_that_returns_no_one_is_safe() -> None:
    """Crossing into Thailand, or being flown to Manila, ends in safety, as a detention
    there does; a crossing into China is still a risk."""
    for n, (country, place) in enumerate([("TH", "Chiang Saen"), ("PH", "Manila")], 1):
        crossed = report(n, [ev("border_crossing", "2016-12-02", 4, (), country, place)],
                         "2016-12-05")
        assert [i.status for i in build_incidents({n: crossed}, NOW, RULES)] == ["safe"]
    china = report(3, [ev("border_crossing", "2016-12-02", 4, (), "CN", "Dandong")],
                   "2016-12-05")
    assert [i.status for i in build_incidents({3: china}, NOW, RULES)] == ["at_risk"]


def test_the_status_is_about_the_survivors_of_a_death() -> None:
    r = report(1, [ev("arrest", "2016-08-21", 2, place="Tumen"),
                   ev("death", "2016-08-21", 1, ("woman",), place="Tumen", start=40)],
               "2016-08-24")
    assert build_incidents({1: r}, NOW, RULES)[0].status == "detained"


def test_an_undated_return_the_analyzer_doubts_does_not_make_the_people_returned() -> None:
    def status(date: str | None, confidence: float) -> str:
        back = ev("repatriation", date, 8, start=40)
        back.confidence = confidence
        r = report(1, [ev("arrest", "2018-03-02", 8, place="Shenyang"), back], "2018-03-20")
        return build_incidents({1: r}, NOW, RULES)[0].status

    # "China must stop sending them back", read as a return at .4: they are held
    assert status(None, 0.4) == "detained"
    # a return the analyzer is sure of, or one told with its date, has happened
    assert status(None, 0.7) == "repatriated"
    assert status("2018-03-15", 0.4) == "repatriated"


def test_a_doubted_return_staff_corrected_makes_the_people_returned() -> None:
    held = IncidentEvent(type="arrest", date="2018-03-02", place="Shenyang", country="CN",
                         people=8, confidence=0.9)
    back = IncidentEvent(type="repatriation", date=None, place=None, country="CN", people=8,
                         confidence=0.4)
    assert status_of([held, back], [], RULES) == "detained"
    back.corrected_by = "editor"
    assert status_of([held, back], [], RULES) == "repatriated"


def test_a_death_alone_in_a_safe_country_was_of_someone_who_reached_it() -> None:
    settled = report(1, [ev("death", "2021-03-02", 1, ("woman",), "KR", "Seoul")], "2021-03-04")
    shot = report(2, [ev("death", "2012-01-09", 1, (), "CN", "Changbai")], "2012-01-12")
    found = build_incidents({1: settled, 2: shot}, NOW, RULES)
    assert {i.documents[0]: i.status for i in found} == {1: "safe", 2: "unknown"}


def _returned(country: str, sentence: str) -> str:
    """The status of a one-report incident whose last step is this return."""
    e = ev("repatriation", "2018-06-14", 8, (), country, None)
    e.evidence = Evidence(sentence, 0, len(sentence))
    r = report(1, [ev("arrest", "2018-06-12", 8, (), country), e], "2018-06-16")
    return build_incidents({1: r}, NOW, RULES)[0].status


def test_a_handover_to_china_by_a_third_country_leaves_the_people_at_risk() -> None:
    assert _returned("VN", "Police handed them to Chinese authorities in Dongxing.") == "at_risk"
    assert _returned("LA", "라오스 당국은 이들을 중국 측에 넘겼다.") == "at_risk"
    assert _returned("LA", "ラオス当局は8人を中国側に引き渡した。") == "at_risk"
    # sent on to the North, or returned by China itself: the return has happened
    assert _returned("LA", "Laos handed them to Chinese police, who sent them to North Korea.") \
        == "repatriated"
    assert _returned("LA", "Laos deported the eight to Pyongyang via China.") == "repatriated"
    assert _returned("CN", "Chinese police handed them to North Korean agents.") == "repatriated"


def test_urgency_history_stays_low_and_a_death_alone_is_a_record_not_a_case() -> None:
    incidents = by_docs(build_incidents({r.id: r for r in corpus()}, NOW, RULES))
    detained = incidents[(1, 2, 3)]  # at risk, a child among them, last step 2019-05-10
    assert urgency(detained, NOW, RULES)[1] == "critical"
    years_later = urgency(detained, datetime(2024, 5, 20), RULES)
    assert years_later[1] == "low" and years_later[0] <= RULES.urgency["history_max"]
    # still ahead of a closed case of the same age
    safe = incidents[(4, 5)]
    assert urgency(safe, datetime(2024, 5, 20), RULES)[0] < years_later[0]
    dead = build_incidents({9: report(9, [ev("death", "2019-05-12", 2, ("child",), "KR",
                                                "Seoul")], "2019-05-13")}, NOW, RULES)[0]
    assert urgency(dead, NOW, RULES)[1] == "low"  # was medium: 'unknown' status + a child
