"""Incidents: events about the same people, from many reports, assembled into tracked cases."""

from tumen.incidents.actions import ACTIONS, Action, apply_actions
from tumen.incidents.assembly import assemble, build_incidents
from tumen.incidents.export import incident_to_json
from tumen.incidents.matching import Report
from tumen.incidents.rules import Rules, load_rules
from tumen.incidents.urgency import urgency

__all__ = [
    "ACTIONS", "Action", "Report", "Rules", "apply_actions", "assemble", "build_incidents",
    "incident_to_json", "load_rules", "urgency",
]
