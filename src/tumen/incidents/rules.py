"""Thresholds and weights of assembly and urgency, read from data/incidents.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tumen.datafiles import load_yaml


@dataclass(frozen=True)
class Corroboration:
    """When a report analysis found nothing specific in joins an incident it corroborates."""

    lead_chars: int
    window_days: int
    threshold: float
    common_countries: frozenset[str]
    # named in many reports of unrelated cases (capitals, where speakers speak)
    common_places: frozenset[str] = frozenset()
    # whether an uncommon place both name links an uncounted report (see incidents.yaml)
    by_place: bool = False
    # whether a place alone links reports in two languages (see incidents.yaml)
    place_across_languages: bool = False
    # a publication date spanning at most this many days (a month) is a window of them
    month_days: int = 31


@dataclass(frozen=True)
class Rules:
    """Everything tunable about incidents, as loaded from YAML."""

    specific_types: frozenset[str]
    statistics_types: frozenset[str]
    one_person_needs_date_or_place: frozenset[str]
    max_people: int
    estimate_round: int
    undated_window_days: int
    undated_reach_days: int
    appeal_markers: tuple[re.Pattern[str], ...]
    appeal_background_days: int
    future_tolerance_days: int
    threshold: float
    sequel_threshold: float
    same_type_gap_days: int
    sequel_gap_days: int  # the longest gap between two steps: the blocking window
    people_tolerance: float
    people_tolerance_min: int
    weights: dict[str, float]
    sequels: dict[str, dict[str, int]]
    wildcard_countries: frozenset[str]
    route_neighbours: frozenset[frozenset[str]]
    status_of_type: dict[str, str]
    safe_countries: frozenset[str]
    no_return_countries: frozenset[str]
    returned_countries: frozenset[str]
    # an undated return the analyzer gives less than this confidence sets no status
    unsure_return_below: float
    small_group: int
    large_group: int
    mass_group: int  # a group this large may be told in parts (pairing.part_of)
    part_share: float
    corroboration_min: float
    max_conflict_share: float
    place_conflict_weight: float
    day_tolerance_days: int
    one_place_types: frozenset[str]
    common_vulnerable: frozenset[str]
    near_km: dict[str, float]
    corroboration: Corroboration
    day_and_place: bool
    feared_return: tuple[re.Pattern[str], ...]
    handover_countries: frozenset[str]
    to_china: tuple[re.Pattern[str], ...]
    to_north: tuple[re.Pattern[str], ...]
    urgency: dict[str, Any]
    countries: dict[str, str]
    titles: dict[str, tuple[str, str, bool]]  # type: verb, preposition, country only
    day_death: bool = False  # a death dated to the day in a known country is specific
    # a title counting one group counts the uncounted steps of a report with nothing
    # specific (matching.mentions)
    titled_group: bool = False
    # a step in the country a return took the people out of goes before the return
    # (assembly.timeline)
    return_leaves_country: bool = False

    def countries_compatible(self, a: str, b: str) -> bool:
        """Two countries of one incident: equal, a wildcard, or neighbours on a route."""
        if a == b or a in self.wildcard_countries or b in self.wildcard_countries:
            return True
        return frozenset((a, b)) in self.route_neighbours


def rules_from_dict(data: dict[str, Any]) -> Rules:
    """Rules from the parsed YAML document."""
    spec, match, status = data["specific"], data["matching"], data["status"]
    lone = data["corroboration"]
    return Rules(
        specific_types=frozenset(spec["types"]),
        statistics_types=frozenset(spec["statistics_types"]),
        one_person_needs_date_or_place=frozenset(spec["one_person_needs_date_or_place"]),
        max_people=int(spec["max_people"]),
        estimate_round=int(spec["estimate_round"]),
        undated_window_days=int(spec["undated_window_days"]),
        undated_reach_days=int(spec["undated_reach_days"]),
        appeal_markers=tuple(re.compile(p) for p in spec["appeal"]["markers"]),
        appeal_background_days=int(spec["appeal"]["background_days"]),
        future_tolerance_days=int(spec["future_tolerance_days"]),
        threshold=float(match["threshold"]),
        sequel_threshold=float(match["sequel_threshold"]),
        same_type_gap_days=int(match["same_type_gap_days"]),
        sequel_gap_days=max(int(d) for v in match["sequels"].values() for d in v.values()),
        people_tolerance=float(match["people_tolerance"]),
        people_tolerance_min=int(match["people_tolerance_min"]),
        weights={k: float(v) for k, v in match["weights"].items()},
        sequels={k: {t: int(d) for t, d in v.items()} for k, v in match["sequels"].items()},
        wildcard_countries=frozenset(match["wildcard_countries"]),
        route_neighbours=frozenset(frozenset(p) for p in match["route_neighbours"]),
        status_of_type={k: v for k, v in status.items() if isinstance(v, str)},
        safe_countries=frozenset(status["safe_countries"]),
        no_return_countries=frozenset(status["no_return_countries"]),
        returned_countries=frozenset(status["returned_countries"]),
        unsure_return_below=float(status.get("unsure_return_below", 0.0)),
        small_group=int(match["small_group"]),
        large_group=int(match["large_group"]),
        mass_group=int(match["mass_group"]),
        part_share=float(match["part_share"]),
        corroboration_min=float(match["corroboration_min"]),
        max_conflict_share=float(match["max_conflict_share"]),
        place_conflict_weight=float(match["place_conflict_weight"]),
        day_tolerance_days=int(match["day_tolerance_days"]),
        one_place_types=frozenset(match["one_place_types"]),
        common_vulnerable=frozenset(match["common_vulnerable"]),
        near_km={k: float(v) for k, v in match["near_km"].items()},
        corroboration=_corroboration(lone),
        day_and_place=bool(spec["day_and_place"]),
        day_death=bool(spec.get("day_death", False)),
        titled_group=bool(spec.get("titled_group", False)),
        return_leaves_country=bool(status.get("return_leaves_country", False)),
        feared_return=tuple(re.compile(p) for p in status["feared_return"]),
        handover_countries=frozenset(status["handover"]["handover_countries"]),
        to_china=tuple(re.compile(p) for p in status["handover"]["to_china"]),
        to_north=tuple(re.compile(p) for p in status["handover"]["to_north"]),
        urgency=data["urgency"],
        countries=dict(data["countries"]),
        titles=_titles(data["titles"]),
    )


def _corroboration(lone: dict[str, Any]) -> Corroboration:
    """The corroboration rules from their YAML section."""
    return Corroboration(
        lead_chars=int(lone["lead_chars"]), window_days=int(lone["window_days"]),
        threshold=float(lone["threshold"]),
        common_countries=frozenset(lone["common_countries"]),
        common_places=frozenset(lone.get("common_places", ())),
        by_place=bool(lone.get("by_place", False)),
        place_across_languages=bool(lone.get("place_across_languages", False)),
        month_days=int(lone.get("month_days", 31)))


def _titles(titles: dict[str, list[str]]) -> dict[str, tuple[str, str, bool]]:
    """Each incident type's title words: verb, preposition, whether only a country follows."""
    return {kind: (words[0], words[1], words[2:] == ["country"]) for kind, words in titles.items()}


def load_rules() -> Rules:
    """The rules shipped with the package."""
    text = (resources.files("tumen.incidents") / "data" / "incidents.yaml").read_text("utf-8")
    return rules_from_dict(load_yaml(text))
