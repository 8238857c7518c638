"""Incidents in both stores: rebuild, incremental update, listing, staff actions."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from test_incidents_dense import dense
from tumen.models import Analysis, Document, Event, Evidence, Statistic
from tumen.store import Store, open_store
from tumen.store.base import IncidentFilter

NOW = datetime(2019, 5, 20)


def ev(kind: str, date: str | None, people: int | None = None, vulnerable: tuple[str, ...] = (),
       country: str | None = "CN", place: str | None = None) -> Event:
    return Event(type=kind, evidence=Evidence(f"{kind} {date}", 0, 10), date=date, people=people,
                 vulnerable=list(vulnerable), country=country, place=place)


DOCS: list[tuple[str, str, list[Event], str]] = [
    ("a", "2019-05-02", [ev("arrest", "2019-04-27", 7, ("child",), place="Shenyang")],
     "Seven people were detained."),
    ("b", "2019-05-03", [ev("arrest", "2019-04-27", 7, ("child",), place="Shenyang")],
     "Seven detained in Shenyang."),
    ("c", "2019-05-12", [ev("transfer", "2019-05-10", 7, place="Dandong")], "Moved to Dandong."),
    ("d", "2019-05-06", [ev("reached_safety", "2019-05-01", 3, (), "TH", "Bangkok")],
     "Three reached Bangkok."),
    ("e", "2019-05-07", [ev("arrest", "2019-05-05", 2, ("woman",), "LA", "Vientiane")],
     "Two women arrested in Vientiane."),
    ("f", "2019-05-10", [], "Statistics on arrivals."),
    # an outlet's report of the Shenyang arrest whose events analysis missed: it corroborates
    # the incident, in a rebuild as in any order of arrival (before or after the others)
    ("h", "2019-05-03", [], "Seven North Koreans are held in Shenyang, activists say."),
]


def add(store: Store, name: str, published: str, events: list[Event], text: str) -> int:
    url = f"https://example.org/{name}"
    doc = Document(url=url, canonical_url=url, text=text, content_hash=name, title=name,
                   published=published, source=f"outlet-{name}",
                   analysis=Analysis(language="en", events=events))
    return store.add_document(doc, None)


@pytest.fixture
def another(store: Store, tmp_path: Path,
            request: pytest.FixtureRequest) -> Iterator[Callable[[], Store]]:
    """Fresh migrated stores of the same backend as `store`."""
    opened: list[tuple[Store, str | None]] = []

    def make() -> Store:
        name = None
        if getattr(store, "backend", "") == "postgres":
            name = f"t_{uuid.uuid4().hex[:12]}"
            url = request.getfixturevalue("pg_cluster").create_database(name)
        else:
            url = str(tmp_path / f"other{len(opened)}.db")
        opened.append((open_store(url), name))
        return opened[-1][0]

    yield make
    for st, name in opened:
        st.close()
        if name:
            request.getfixturevalue("pg_cluster").drop_database(name)


def snapshot(store: Store) -> list[tuple[str, str, list[str | None], str]]:
    """Incidents by key with their documents (as titles) and status."""
    found = []
    for i in store.list_incidents(IncidentFilter(limit=100))[0]:
        titles = [d.title for d in store.incident_documents(i.id or 0)]
        found.append((i.key, i.title, sorted(titles), i.status))
    return sorted(found, key=lambda x: x[0])


def test_rebuild_lists_incidents_by_urgency(store: Store) -> None:
    for d in DOCS:
        add(store, *d)
    assert store.rebuild_incidents(NOW) == 3
    incidents, total = store.list_incidents(IncidentFilter())
    assert total == 3
    scores = [i.urgency_score for i in incidents]
    assert scores == sorted(scores, reverse=True)
    assert [d.title for d in store.incident_documents(incidents[0].id or 0)] == [
        "a", "b", "h", "c"]


def test_filters(store: Store) -> None:
    for d in DOCS:
        add(store, *d)
    store.rebuild_incidents(NOW)
    assert store.list_incidents(IncidentFilter(status="safe"))[1] == 1
    laos, total = store.list_incidents(IncidentFilter(country="LA"))
    assert total == 1 and laos[0].places == ["Vientiane"]
    assert store.list_incidents(IncidentFilter(since="2019-05-08"))[1] == 1
    assert store.list_incidents(IncidentFilter(limit=1, offset=1))[0][0].id is not None


def test_incremental_in_any_order_equals_rebuild(
    store: Store, another: Callable[[], Store]
) -> None:
    for d in DOCS:
        add(store, *d)
    store.rebuild_incidents(NOW)
    expected = snapshot(store)
    rng = random.Random(3)
    for _ in range(3):
        other = another()
        order = DOCS[:]
        rng.shuffle(order)
        for d in order:
            other.update_incidents([add(other, *d)], NOW)
        assert snapshot(other) == expected


def test_rebuild_keeps_incident_ids(store: Store) -> None:
    for d in DOCS:
        add(store, *d)
    store.rebuild_incidents(NOW)
    before = {i.key: i.id for i in store.list_incidents(IncidentFilter())[0]}
    store.rebuild_incidents(NOW)
    assert {i.key: i.id for i in store.list_incidents(IncidentFilter())[0]} == before


def _incident_with(store: Store, title: str) -> int:
    for i in store.list_incidents(IncidentFilter(limit=100))[0]:
        if title in [d.title for d in store.incident_documents(i.id or 0)]:
            return i.id or 0
    raise AssertionError(title)


def _setup(store: Store) -> None:
    for d in DOCS:
        add(store, *d)
    store.rebuild_incidents(NOW)


def test_confirm_and_annotate_survive_rebuild(store: Store) -> None:
    _setup(store)
    target = _incident_with(store, "a")
    store.add_incident_action(target, "confirm", {}, "mina")
    store.add_incident_action(target, "annotate", {"note": "family known to us"}, "mina")
    store.rebuild_incidents(NOW)
    actions = store.list_incident_actions(_incident_with(store, "a"))
    assert [a["action"] for a in actions] == ["confirm", "annotate"]
    assert actions[1]["payload"]["note"] == "family known to us" and actions[0]["user"] == "mina"
    row = store.conn.execute("SELECT confirmed_by FROM incidents WHERE id=?",
                             (_incident_with(store, "a"),)).fetchone()
    assert row[0] == "mina"


def test_set_status_survives_rebuild(store: Store) -> None:
    _setup(store)
    target = _incident_with(store, "a")
    store.add_incident_action(target, "set_status", {"status": "released"}, "jun")
    assert (store.get_incident(target) or pytest.fail()).status == "released"
    store.rebuild_incidents(NOW)
    assert (store.get_incident(_incident_with(store, "a")) or pytest.fail()).status == "released"
    with pytest.raises(ValueError):
        store.add_incident_action(target, "set_status", {"status": "gone"}, "jun")


def test_merge_survives_rebuild(store: Store) -> None:
    _setup(store)
    a, e = _incident_with(store, "a"), _incident_with(store, "e")
    store.add_incident_action(a, "merge", {"with": e}, "jun")
    assert _incident_with(store, "a") == _incident_with(store, "e")
    store.rebuild_incidents(NOW)
    merged = _incident_with(store, "a")
    assert merged == _incident_with(store, "e")
    assert len(store.list_incidents(IncidentFilter())[0]) == 2
    assert [d.title for d in store.incident_documents(merged)] == ["a", "b", "h", "e", "c"]


def test_split_survives_rebuild_and_new_reports(store: Store) -> None:
    _setup(store)
    a = _incident_with(store, "a")
    c_id = next(d.id for d in store.incident_documents(a) if d.title == "c")
    store.add_incident_action(a, "split", {"documents": [c_id]}, "jun")
    assert _incident_with(store, "a") != _incident_with(store, "c")
    store.rebuild_incidents(NOW)
    assert _incident_with(store, "a") != _incident_with(store, "c")
    # a later report about the same arrest joins the arrest, the split still holds
    new = add(store, "g", "2019-05-14", [ev("arrest", "2019-04-27", 7, place="Shenyang")], "x")
    store.update_incidents([new], NOW)
    assert _incident_with(store, "g") == _incident_with(store, "a") != _incident_with(store, "c")
    with pytest.raises(ValueError):
        store.add_incident_action(_incident_with(store, "c"), "split", {"documents": [c_id]}, "j")


def test_unknown_action_is_refused(store: Store) -> None:
    _setup(store)
    with pytest.raises(ValueError):
        store.add_incident_action(_incident_with(store, "a"), "delete", {}, "jun")
    with pytest.raises(KeyError):
        store.add_incident_action(9999, "confirm", {}, "jun")


def test_dense_incremental_updates_equal_rebuild(another: Callable[[], Store]) -> None:
    """Components of linked reports are re-assembled whole: same incidents as a rebuild."""
    reports, _ = dense(seed=5, years=1)
    reports = [r for r in reports if r.events[0].place in ("Shenyang", "Vientiane")]
    order = reports[:]
    random.Random(4).shuffle(order)
    stores = []
    for batch in (reports, order):
        s = another()
        for r in batch:
            doc = Document(url=f"https://example.org/{r.url}",
                           canonical_url=f"https://example.org/{r.url}", text="t",
                           content_hash=r.url or "", title=r.url, published=r.published,
                           source="o", analysis=Analysis(language="en", events=r.events))
            new = s.add_document(doc, None)
            if batch is order:
                s.update_incidents([new], NOW)
        stores.append(s)
    stores[0].rebuild_incidents(NOW)
    assert len(stores[0].list_incidents(IncidentFilter(limit=500))[0]) > 5
    assert snapshot(stores[1]) == snapshot(stores[0])


def test_a_stored_report_leads_with_its_arrival_or_with_its_figures(store: Store) -> None:
    """Where the first statistic's sentence lies in the text decides whether the arrival
    beside the figures is news (told first) or one of the figures (told after)."""

    news = "Five people reached Bangkok on Monday. Arrivals numbered 980 in 2018."
    figures = "Arrivals numbered 980 in 2018. Five people reached Bangkok on Monday."
    for name, text in (("news", news), ("figures", figures)):
        sentence = "Arrivals numbered 980 in 2018."
        start = text.index(sentence)
        arrival = ev("reached_safety", "2019-05-13", 5, (), "TH", "Bangkok")
        arrival.evidence = Evidence("Five people reached Bangkok on Monday.",
                                    text.index("Five"), text.index("Five") + 38)
        stat = Statistic("arrivals", 980, Evidence(sentence, start, start + len(sentence)),
                         "KR", "2018")
        url = f"https://example.org/{name}"
        store.add_document(Document(
            url=url, canonical_url=url, text=text, content_hash=name, title=name,
            published="2019-05-14", source=f"outlet-{name}",
            analysis=Analysis(language="en", events=[arrival], statistics=[stat])), None)
    assert store.rebuild_incidents(NOW) == 1
    (incident,), _ = store.list_incidents(IncidentFilter())
    assert [d.title for d in store.incident_documents(incident.id or 0)] == ["news"]


def test_a_stored_report_whose_headline_counts_its_figure_is_a_report_of_figures(
    store: Store,
) -> None:
    """The store hands assembly the values of a report's statistics, as the eval does: a
    headline counting one of them makes a report of figures, whatever its body tells."""
    text = "A photo shown on Monday recalled the deaths of twelve crew. Arrivals were 71."
    sentence = "Arrivals were 71."
    start = text.index(sentence)
    death = ev("death", "2019-05-13", 12, (), "KP")
    death.evidence = Evidence(text[:58], 0, 58)
    stat = Statistic("arrivals", 71, Evidence(sentence, start, start + len(sentence)),
                     "KR", "2018")
    for title in ("71 defectors reached the South last year", "Twelve crew died at sea"):
        url = f"https://example.org/{len(title)}"
        store.add_document(Document(
            url=url, canonical_url=url, text=text, content_hash=title, title=title,
            published="2019-05-14", source="outlet", language="en",
            analysis=Analysis(language="en", events=[death], statistics=[stat])), None)
    store.rebuild_incidents(NOW)
    titles = [[d.title for d in store.incident_documents(i.id or 0)]
              for i in store.list_incidents(IncidentFilter())[0]]
    assert titles == [["Twelve crew died at sea"]]


def test_a_stored_reports_figures_are_placed_by_the_analysis_not_found_again(
    store: Store,
) -> None:
    """A hard-wrapped text: the analysis reads the figure's sentence with its line break made
    a space, so the sentence is not in the stored text as read; its stored offsets still
    place it after the arrival told first, which is news (as the eval sees it)."""
    text = "Five people reached Bangkok on Monday.\nArrivals numbered\n980 in 2018."
    read = "Arrivals numbered 980 in 2018."
    start = text.index("Arrivals")
    arrival = ev("reached_safety", "2019-05-13", 5, (), "TH", "Bangkok")
    arrival.evidence = Evidence("Five people reached Bangkok on Monday.", 0, 38)
    stat = Statistic("arrivals", 980, Evidence(read, start, start + len(read)), "KR", "2018")
    url = "https://example.org/wrapped"
    store.add_document(Document(
        url=url, canonical_url=url, text=text, content_hash="wrapped", title="wrapped",
        published="2019-05-14", source="outlet-wrapped",
        analysis=Analysis(language="en", events=[arrival], statistics=[stat])), None)
    assert store.rebuild_incidents(NOW) == 1
