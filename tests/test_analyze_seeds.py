"""Seed 004 (an NGO rescue page, ../shared/seeds): its items give the dated cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tumen.analyze import analyze_item
from tumen.listing import split_page
from tumen.models import Event

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "004_5ee98fd2a8d04298.txt"
pytestmark = pytest.mark.skipif(
    not SEED.exists(), reason="the seed pages (../shared/seeds) are not beside this clone"
)


@pytest.fixture(scope="module")
def events() -> list[Event]:
    listing = split_page(SEED.read_text("utf-8"), "https://nkhr.example/rescue", is_html=False)
    return [e for item in listing.items for e in analyze_item(item).events]


def _find(events: list[Event], kind: str, country: str, date: str) -> list[Event]:
    return [e for e in events if (e.type, e.country) == (kind, country) and e.date
            and e.date.startswith(date)]


def test_vietnam_arrest_of_nine_with_an_infant(events: list[Event]) -> None:
    found = _find(events, "arrest", "VN", "2015-10-22")
    assert any(e.people == 9 and "infant" in e.vulnerable for e in found), events


def test_transfer_to_china_is_dated(events: list[Event]) -> None:
    assert _find(events, "transfer", "CN", "2015-1"), events


def test_laos_arrest_and_deportation_of_nine_teens_in_may_2013(events: list[Event]) -> None:
    for kind in ("arrest", "repatriation"):
        found = _find(events, kind, "LA", "2013-05")
        assert any(e.people == 9 and "teen" in e.vulnerable for e in found), (kind, events)
