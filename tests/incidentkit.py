"""Hand-built reports and events shared by the tests/test_incidents_*.py files."""

from __future__ import annotations

from datetime import datetime

from tumen.incidents import Report, assemble, load_rules
from tumen.incidents.rules import Rules
from tumen.models import Event, Evidence, Incident

NOW = datetime(2019, 5, 20)
RULES = load_rules()


def ev(kind: str, date: str | None, people: int | None = None, vulnerable: tuple[str, ...] = (),
       country: str | None = "CN", place: str | None = None, start: int = 0) -> Event:
    """A hand-built event as analysis would produce it."""
    return Event(type=kind, evidence=Evidence(f"{kind} on {date}", start, start + 10), date=date,
                 people=people, vulnerable=list(vulnerable), country=country, place=place)


def report(doc: int, events: list[Event], published: str, source: str = "",
           text: str = "") -> Report:
    """A report of these events, from its own outlet unless one is named."""
    return Report(id=doc, events=events, published=published, source=source or f"outlet{doc}",
                  url=f"https://example.org/{doc}", text=text, title=f"report {doc}")


def corpus() -> list[Report]:
    """Two incidents, a statistic-like report and a general statement."""
    return [
        report(1, [ev("arrest", "2019-04-27", 7, ("child", "woman"), place="Shenyang")],
               "2019-05-02", text="Relatives fear they will be repatriated within weeks."),
        report(2, [ev("arrest", "2019-04-27", 8, ("child",), place="Shenyang")], "2019-05-03"),
        report(3, [ev("transfer", "2019-05-10", 7, place="Dandong")], "2019-05-12"),
        report(4, [ev("reached_safety", "2019-05-01", 3, ("woman",), "TH", "Bangkok")],
               "2019-05-06"),
        report(5, [ev("reached_safety", "2019-05-02", 3, (), "TH", "Bangkok")], "2019-05-07",
               source="outlet4"),
        # "China repatriates North Koreans every year": no count, no group, no date
        report(6, [ev("repatriation", None)], "2019-05-10"),
        report(7, [ev("repatriation", "2018")], "2019-05-10"),
        report(8, [], "2019-05-10"),
    ]


def one_by_one(order: list[Report], now: datetime, rules: Rules) -> list[Incident]:
    """The incidents of assembling these reports one at a time, in this order."""
    incidents: list[Incident] = []
    known: dict[int, Report] = {}
    for r in order:
        incidents = assemble(incidents, [r], now=now, known=known, rules=rules)
        known[r.id] = r
    return incidents


def by_docs(incidents: list[Incident]) -> dict[tuple[int, ...], Incident]:
    """The incidents by the documents they hold."""
    return {tuple(i.documents): i for i in incidents}
