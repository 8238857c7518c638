"""Status from the latest event, and urgency from status, recency and who is involved."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tumen.incidents.matching import date_range
from tumen.incidents.rules import Rules
from tumen.models import Incident, IncidentEvent


def feared_return(texts: Sequence[str], rules: Rules) -> bool:
    """Whether any report says a forced return is feared or imminent."""
    return any(p.search(t) for t in texts if t for p in rules.feared_return)


def handed_to_china(step: IncidentEvent, rules: Rules) -> bool:
    """A forced return by a third country to China, with no report sending them on north:
    the people are in Chinese custody and a return to North Korea is still to be feared."""
    if step.type != "repatriation" or step.country not in rules.handover_countries:
        return False
    said = [t for t in step.evidence if t]
    if any(p.search(t) for t in said for p in rules.to_north):
        return False
    return any(p.search(t) for t in said for p in rules.to_china)


def returned_to(step: IncidentEvent, rules: Rules) -> list[str]:
    """Where a forced return took the people, as country codes: to China when a third
    country handed them over (its evidence says so), then North Korea unless no report of
    it goes on north from Chinese custody."""
    if step.type != "repatriation" or step.country == "KP":
        return []
    said = [t for t in step.evidence if t]
    found = []
    if step.country in rules.handover_countries and any(
            p.search(t) for t in said for p in rules.to_china):
        found.append("CN")
    if not handed_to_china(step, rules):
        found.append("KP")
    return found


def _unsure_return(step: IncidentEvent, rules: Rules) -> bool:
    """An undated return the analyzer gives less than even odds (`unsure_return_below`),
    unless staff corrected it: a person has checked that step."""
    return (step.type == "repatriation" and step.date is None and step.confidence is not None
            and step.confidence < rules.unsure_return_below and not step.corrected_by)


def status_of(steps: Sequence[IncidentEvent], texts: Sequence[str], rules: Rules) -> str:
    """The status the latest step of the timeline leaves the people in."""
    # a death ends one life; the status is about those who survived it
    living = [s for s in steps if s.type != "death"]
    if not living:
        if steps and steps[-1].country in rules.safe_countries:
            # a death in a safe country (a settler found dead in Seoul) was of someone who
            # had reached it: the labels give such a case its arrival, undated or by year
            return "safe"
        return "unknown" if not steps else rules.status_of_type.get("death", "unknown")
    # an undated return the analyzer doubts (an appeal's "must not send them back" read
    # as one) does not make the people returned; the steps before it say where they are
    sure = [s for s in living if not _unsure_return(s, rules)]
    last = (sure or living)[-1]
    status = rules.status_of_type.get(last.type, "unknown")
    if handed_to_china(last, rules):
        return "at_risk"
    if status == "detained" and last.country in rules.returned_countries:
        return "repatriated"
    # a crossing into a country that sends no one back (Thailand, as a detention there
    # is) ends in safety, as one into a safe country does
    if last.type == "border_crossing" and last.country in rules.no_return_countries:
        status = "safe"
    if status == "detained" and last.country in rules.no_return_countries:
        status = "safe"  # held for illegal entry, then let go on to Seoul
    if status == "detained" and feared_return(texts, rules):
        status = "at_risk"
    return status


def _days_since(value: str | None, now: datetime) -> int | None:
    """Days from the end of an ISO (partial) date to now."""
    span = date_range(value)
    if span is None:
        return None
    return max(0, now.date().toordinal() - min(span[1], now.date().toordinal()))


def _last_event_date(incident: Incident) -> str | None:
    dates = [e.date for e in incident.events if e.date]
    return max(dates, key=lambda d: date_range(d) or (0, 0)) if dates else None


def urgency(incident: Incident, now: datetime, rules: Rules) -> tuple[float, str]:
    """Score (0-100) and level; `now` is an argument so results are reproducible."""
    u = rules.urgency
    score = float(u["status_base"].get(incident.status, 0))
    if incident.events and all(e.type == "death" for e in incident.events):
        return 0.0, "low"  # a death alone leaves no one to help: a record, not a case
    active = incident.status in u["active"]
    since_event = _days_since(_last_event_date(incident) or incident.last_report, now)
    if active and since_event is not None:
        score += next((p for days, p in u["recency"] if since_event <= days), 0)
    silence = _days_since(incident.last_report, now)
    quiet = u["silence"]
    if active and silence is not None and quiet["after_days"] < silence <= quiet["until_days"]:
        score += quiet["points"]
    # People who reached safety need no one to act for them, however young.
    if incident.status != "safe":
        points = [u["vulnerable_points"].get(v, 0) for v in incident.vulnerable]
        score += min(u["vulnerable_cap"], sum(points))
    if since_event is not None and since_event > u["stale_after_days"]:
        # history: still listed in order, never ahead of (nor as urgent as) a live case
        score = min(score / 2, u["history_max"])
    score = round(min(100.0, score), 1)
    level = next((name for floor, name in u["levels"] if score >= floor), "low")
    return score, level


def urgent_now(incident: Incident, rules: Rules) -> bool:
    """Whether an incident belongs under "Urgent now": its level is one of `urgent_levels`."""
    return incident.urgency_level in rules.urgency["urgent_levels"]


def apply_urgency(incident: Incident, now: datetime, rules: Rules) -> Incident:
    """The incident with its urgency score and level filled in."""
    incident.urgency_score, incident.urgency_level = urgency(incident, now, rules)
    return incident
