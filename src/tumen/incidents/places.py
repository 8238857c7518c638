"""Places in incident matching: a place's country, the places a sentence names, and
whether two places are one locality told at two granularities (the gazetteer, lazily)."""

from __future__ import annotations

import importlib
import math
from functools import lru_cache

from tumen.incidents.rules import Rules


def country_of(place: str) -> str | None:
    """The country of a gazetteer place (None when the gazetteer does not know it)."""
    entry = importlib.import_module("tumen.analyze.gazetteer").place_by_name(place)
    return entry.country if entry else None


def named_places(text: str) -> frozenset[str]:
    """The canonical names of the places a sentence names (the gazetteer, loaded lazily)."""
    if not text:
        return frozenset()
    gazetteer = importlib.import_module("tumen.analyze.gazetteer")
    return frozenset(p.name for p in gazetteer.find_places(text) if p.name)


def near_places(a: str, b: str, rules: Rules) -> bool:
    """Two gazetteer places of one country close enough to be one locality told at two
    granularities: a town and its city or county (Chiang Saen, Chiang Rai), a site and
    the line it lies on (Panmunjom, the DMZ), a city and the province it lies in (Dandong,
    Liaoning; by the gazetteer's regions, else by distance: Kunming, Yunnan)."""
    if a == b:
        return True
    if _within(a, b) or _within(b, a):
        return True
    apart = _apart(*sorted((a, b)))
    if apart is None:
        return False
    km, province = apart
    return km <= rules.near_km["region" if province else "locality"]


@lru_cache(maxsize=4096)
def _within(a: str, b: str) -> bool:
    """Whether place a lies in region b, by the gazetteer's regions."""
    return bool(importlib.import_module("tumen.analyze.gazetteer").within(a, b))


@lru_cache(maxsize=4096)
def _apart(a: str, b: str) -> tuple[float, bool] | None:
    """Kilometres between two places of one country below country level, and whether one
    is a province; None when the gazetteer cannot tell."""
    gazetteer = importlib.import_module("tumen.analyze.gazetteer")
    pa, pb = gazetteer.place_by_name(a), gazetteer.place_by_name(b)
    if pa is None or pb is None or pa.country != pb.country or "country" in (pa.kind, pb.kind):
        return None
    if None in (pa.lat, pa.lon, pb.lat, pb.lon):
        return None
    km = _km(float(pa.lat), float(pa.lon), float(pb.lat), float(pb.lon))
    return km, "province" in (pa.kind, pb.kind)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))
