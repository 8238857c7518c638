"""Ingesting a folder passes over what is not a report: documentation, licences, data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path, PurePath

import pytest

from tumen.config import Settings
from tumen.pipeline import ingest
from tumen.skip import skipped_by_content, skipped_by_name
from tumen.store import open_store

PAGES = Path(__file__).parent / "fixtures" / "pages"
DOCS = """# Our archive of saved pages

## Layout

- `pages/*.html`: one saved page each
- `notes/*.txt`: teasers copied by hand, see `notes/README`

## How to add one

Save the page with `Save as... > HTML only`.
"""
LICENCE = """Copyright (c) 2024 Somebody

Permission is hereby granted, free of charge, to any person obtaining a copy of these
files, to deal in them without restriction.
"""
REPORT_MD = """# Two North Koreans detained in Shenyang

Chinese police detained two North Korean women in Shenyang on 3 March 2024, a
rights group in Seoul said, and they are likely to be sent back.
"""


@pytest.mark.parametrize(("name", "why"), [
    ("README.md", "documentation of the folder"), ("readme", "documentation of the folder"),
    ("LICENSE", "documentation of the folder"), ("Licence.txt", "documentation of the folder"),
    ("COPYING", "documentation of the folder"), (".DS_Store", "hidden file"),
    ("index.json", ".json file"), ("photo.JPG", ".jpg file"),
    ("report.txt", None), ("report.html", None), ("crawl.warc.gz", None), ("feed.xml", None),
])
def test_names_that_are_not_reports(name: str, why: str | None) -> None:
    assert skipped_by_name(PurePath(name)) == why


def test_contents_that_are_not_reports() -> None:
    assert skipped_by_content(LICENCE.encode()) == "licence text"
    assert skipped_by_content(DOCS.encode()) == "Markdown documentation"
    assert skipped_by_content(REPORT_MD.encode()) is None
    assert skipped_by_content((PAGES / "report.txt").read_bytes()) is None


def test_folder_ingest_skips_documentation_licences_and_data(
    tmp_path: Path, settings: Settings
) -> None:
    folder = tmp_path / "corpus"
    (folder / ".git").mkdir(parents=True)
    (folder / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    shutil.copy(PAGES / "article.html", folder / "article.html")
    shutil.copy(PAGES / "report.txt", folder / "report.txt")
    (folder / "shenyang.md").write_text(REPORT_MD, encoding="utf-8")
    (folder / "README.md").write_text(REPORT_MD, encoding="utf-8")  # by name, whatever it says
    (folder / "about.md").write_text(DOCS, encoding="utf-8")  # by content
    (folder / "terms.txt").write_text(LICENCE, encoding="utf-8")
    (folder / "index.json").write_text(json.dumps({"pages": 2}), encoding="utf-8")
    with open_store(settings.db) as store:
        report = ingest(store, settings, [str(folder)])
        urls = [d.url for d in store.iter_documents()]
    assert report.failed == [] and report.added == 3
    assert sorted(Path(s["source"]).name for s in report.skipped) == [
        "README.md", "about.md", "index.json", "terms.txt"]
    assert {s["reason"] for s in report.skipped} == {
        "documentation of the folder", "Markdown documentation", ".json file", "licence text"}
    assert not any("README" in u or "about" in u or "terms" in u for u in urls)
    assert report.as_json()["skipped"] == report.skipped


def test_a_file_named_on_the_command_line_is_ingested_whatever_its_name(
    tmp_path: Path, settings: Settings
) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(REPORT_MD, encoding="utf-8")
    with open_store(settings.db) as store:
        report = ingest(store, settings, [str(readme)])
    assert report.added == 1 and report.skipped == []


def test_cli_says_what_it_skipped(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tumen.cli import app

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(PAGES / "report.txt", folder / "report.txt")
    (folder / "LICENSE").write_text(LICENCE, encoding="utf-8")
    db = str(tmp_path / "c.db")
    out = CliRunner().invoke(app, ["ingest", str(folder), "--db", db])
    assert out.exit_code == 0 and "skipped 1 file that is not a report" in out.output
    listed = json.loads(CliRunner().invoke(app, ["ingest", str(folder), "--db", db,
                                                 "--json"]).stdout)
    assert [Path(s["source"]).name for s in listed["skipped"]] == ["LICENSE"]
