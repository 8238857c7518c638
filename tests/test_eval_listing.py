"""Tests for the listing evaluation command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tumen.eval import listing as eval_listing
from tumen.eval.__main__ import main as eval_main
from tumen.eval.listing_gold import all_pages, default_shared, seed_pages

FIXTURES = Path(__file__).parent / "fixtures" / "listings"
BASELINE = FIXTURES / "baseline.json"
SHARED = default_shared()


def _need_shared() -> None:
    if not (SHARED / "corpus" / "listings" / "gold.json").exists():
        pytest.skip("../shared/corpus/listings is not here (a user's clone has no shared/)")


def test_project_pages_meet_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    assert eval_main(["listing", "--project-only", "--json", "--check", str(BASELINE)]) == 0
    figures = json.loads(capsys.readouterr().out)["project"]
    assert figures["pages"] >= 28
    assert figures["item_f1"] >= 0.95 and figures["date_accuracy"] >= 0.95


def test_real_pages_meet_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    _need_shared()
    assert eval_main(["listing", "--json", "--check", str(BASELINE)]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["tune"]["pages"] >= 10 and figures["check"]["pages"] >= 3
    assert figures["seeds"]["pages"] == 5


def test_labelled_set_size_and_kinds() -> None:
    metas = [json.loads(p.read_text(encoding="utf-8")) for p in FIXTURES.glob("*.expected.json")]
    kinds = [m["kind"] for m in metas]
    assert kinds.count("listing") >= 24 and kinds.count("article") >= 4
    names = [p.name for p in FIXTURES.glob("*.expected.json")]
    assert {n[:2] for n in names} >= {"en", "ko", "ja"}


def test_seed_labels_read_their_text_from_the_seed() -> None:
    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not here")
    pages = {p.name[:3]: p for p in seed_pages(SHARED / "seeds", FIXTURES / "seeds.json")}
    assert [len(pages[k].items) for k in ("000", "001", "003", "004")] == [9, 10, 8, 5]
    cut = pages["004"].items
    assert all(e.title and e.title.endswith("…") and len(e.title) < 60 for e in cut)
    assert all(e.teaser and e.title is None for e in pages["000"].items)


def test_check_pages_stay_hidden(capsys: pytest.CaptureFixture[str]) -> None:
    _need_shared()
    assert any(p.group == "check" for p in all_pages(FIXTURES, SHARED))
    eval_listing.main(["--pages", "--verbose"])
    out = capsys.readouterr()
    assert "check/" not in out.out and "check/" not in out.err
    assert "\ncheck " in out.out  # its aggregate line is printed
    if (SHARED / "dev-listings" / "gold.json").exists():  # the dev set's held-out part too
        assert "\ndev-check " in out.out and "\ndev-tune/" in out.out


def test_check_fails_below_baseline(tmp_path: Path) -> None:
    high = tmp_path / "high.json"
    high.write_text(json.dumps({"project": {"item_f1": 1.01}}), encoding="utf-8")
    assert eval_listing.main(["--project-only", "--check", str(high)]) == 1


def test_wrong_labels_lower_the_figures(tmp_path: Path) -> None:
    name = "en_plain_ul.html"
    shutil.copy(FIXTURES / name, tmp_path / name)
    meta = json.loads((FIXTURES / (name + ".expected.json")).read_text(encoding="utf-8"))
    meta["items"][0]["date"] = "1999-01-01"
    meta["items"][1]["title"] = "A headline that is not on the page"
    (tmp_path / (name + ".expected.json")).write_text(json.dumps(meta), encoding="utf-8")
    figures, misses = eval_listing.evaluate(tmp_path)
    assert figures["item_recall"] < 1.0 and figures["item_precision"] < 1.0
    assert figures["date_accuracy"] < 1.0
    assert any("missed" in m for m in misses)
    args = ["--project-only", "--fixtures", str(tmp_path), "--check", str(BASELINE)]
    assert eval_listing.main(args) == 1


def test_menu_and_pager_items_are_counted(tmp_path: Path) -> None:
    from tumen.eval.listing import score_page
    from tumen.eval.listing_gold import Expected, Page
    from tumen.extract import Extracted
    from tumen.models import Item

    page = Page("p.html", "project", tmp_path / "p.html", "https://x.example/", "listing",
                [Expected(title="A report about arrests at the border")])
    found = [Item(text="t", title="A report about arrests at the border"),
             Item(text="Next", title="Next"), Item(text="2", title="2"),
             Item(text="Another report about returns", title="Another report about returns")]
    tally = score_page(page, Extracted(kind="listing", items=found))
    assert tally.furniture == 2 and tally.matched == 1 and tally.found == 4
    assert tally.figures()["item_precision"] == 0.25


def test_dev_set_is_printed_but_never_gated() -> None:
    low = eval_listing.Tally(expected=10, found=10, matched=1, pages=1)
    baseline = {"dev": {"item_f1": 0.99}, "dev-tune": {"item_f1": 0.99},
                "tune": {"item_f1": 0.99}}
    groups = {"dev": low, "dev-tune": low, "tune": low}
    assert eval_listing._below(groups, baseline) == ["tune item_f1 0.1 < 0.99"]
