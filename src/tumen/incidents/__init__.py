"""Incidents: events about the same people, from many reports, assembled into tracked cases."""

from tumen.incidents.assembly import assemble, build_incidents
from tumen.incidents.matching import Report
from tumen.incidents.rules import Rules, load_rules

__all__ = ["Report", "Rules", "assemble", "build_incidents", "load_rules"]
