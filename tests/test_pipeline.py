"""Ingestion of every source kind, duplicates, provenance, bad input and interruption."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from localsite import Response, redirect, repeat, serve
from tumen.archive import iter_warc
from tumen.cli import app as cli_app
from tumen.config import Settings
from tumen.models import Item, RawPage
from tumen.pipeline import Ingestor, ingest
from tumen.store import SQLiteStore, Store, open_store
from tumen.web.app import create_app

PAGES = Path(__file__).parent / "fixtures" / "pages"


def by_url(store: Store) -> dict[str, object]:
    return {d.canonical_url: d for d in store.iter_documents()}


def test_seeds_become_items_with_dates_and_rerun_adds_nothing(
    store: Store, settings: Settings, seeds: Path
) -> None:
    first = ingest(store, settings, [str(seeds)])
    assert first.failed == [] and first.added >= 20
    docs = list(store.iter_documents())
    archive = [d for d in docs if "000_" in d.url]
    assert len(archive) == 9
    assert min(d.published or "" for d in archive) == "2012-11-01"
    assert max(d.published or "" for d in archive) == "2016-12-19"
    topic = [d for d in docs if "001_" in d.url]
    assert {d.published for d in topic} >= {"2020-12-03", "2020-10-21"}
    assert all(d.author for d in topic)
    again = ingest(store, settings, [str(seeds)])
    assert (again.added, again.updated, again.duplicates) == (0, 0, first.added)
    assert store.count_documents() == first.added


def test_html_article_metadata_and_canonical_url(store: Store, settings: Settings) -> None:
    report = ingest(store, settings, [str(PAGES / "article.html")])
    assert report.added == 1
    [doc] = store.iter_documents()
    assert doc.title and doc.title.startswith("Family of five detained in Kunming")
    assert doc.author == "Jane Park" and doc.published == "2019-03-10"
    assert doc.canonical_url == "https://monitor.example.org/2019/03/family-of-five-kunming"
    assert "three-year-old" in doc.text and "footer" not in doc.text
    assert doc.source == "Example Monitor"


def test_same_report_under_tracking_url_is_a_duplicate(store: Store, settings: Settings) -> None:
    ingest(store, settings, [str(PAGES / "article.html")])
    report = ingest(store, settings, [str(PAGES / "copy-with-tracking.html")])
    assert (report.added, report.duplicates) == (0, 1)
    [doc] = store.iter_documents()
    assert store.duplicates_of(doc.id or 0)[0][1] == "url"


def test_same_text_elsewhere_and_near_copy_are_duplicates(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    text = (PAGES / "report.txt").read_text(encoding="utf-8")
    (tmp_path / "same.txt").write_text(text, encoding="utf-8")
    (tmp_path / "near.txt").write_text(text.replace("rights groups said", "activists said")
                                       + "\nUpdated on June 1.\n", encoding="utf-8")
    ingest(store, settings, [str(PAGES / "report.txt")])
    report = ingest(store, settings, [str(tmp_path / "same.txt"), str(tmp_path / "near.txt")])
    assert (report.added, report.duplicates) == (0, 2)
    [doc] = store.iter_documents()
    assert sorted(kind for _, kind in store.duplicates_of(doc.id or 0)) == ["hash", "near"]


def test_near_copy_found_by_an_ingestor_started_before_the_original_was_stored(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (PAGES / "report.txt").read_text(encoding="utf-8")

    def every_signature() -> None:
        raise AssertionError("an ingestor read every stored signature")

    monkeypatch.setattr(store, "iter_minhashes", every_signature)
    # two ingestors on one database, as two crawler processes are: each sees what the
    # other stored through the band index, without loading any signature up front
    first, second = Ingestor(store, settings), Ingestor(store, settings)
    page = RawPage(url="file:report.txt", body=b"")
    assert first.store_item(Item(text=text), page, fetch_id=None, source=None)[0] == "added"
    copy = Item(text=text.replace("rights groups said", "activists said") + "\nUpdated.",
                url="https://mirror.example/report")
    outcome, doc_id = second.store_item(copy, page, fetch_id=None, source=None)
    assert outcome == "duplicate" and store.count_documents() == 1
    assert store.duplicates_of(doc_id) == [("https://mirror.example/report", "near")]


@pytest.mark.parametrize("how", ["hash", "near"])
def test_copy_stored_by_a_racing_process_is_caught_under_the_write_lock(
    store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    text = (PAGES / "report.txt").read_text(encoding="utf-8")
    page = RawPage(url="file:report.txt", body=b"")
    racer = Ingestor(store, settings)
    build = racer._document

    def other_process_commits_first(*args: object) -> object:
        # between the racer's (unlocked) checks, which found nothing, and its insert
        original = Ingestor(open_store(settings.db), settings)
        outcome = original.store_item(Item(text=text), page, fetch_id=None, source=None)[0]
        original.store.close()
        assert outcome == "added"
        return build(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(racer, "_document", other_process_commits_first)
    copy = text if how == "hash" else text.replace("rights groups said", "activists said")
    outcome, doc_id = racer.store_item(Item(text=copy, url="https://mirror.example/r"), page,
                                       fetch_id=None, source=None)
    assert outcome == "duplicate" and store.count_documents() == 1
    assert store.duplicates_of(doc_id) == [("https://mirror.example/r", how)]


def test_text_dump_title_and_date_line(store: Store, settings: Settings) -> None:
    ingest(store, settings, [str(PAGES / "report.txt")])
    [doc] = store.iter_documents()
    assert doc.title == "Nine young North Koreans sent back from Laos"
    assert doc.published == "2013-05-31"


def test_feeds_rss_and_atom(store: Store, settings: Settings) -> None:
    report = ingest(store, settings, [str(PAGES / "feed.rss"), str(PAGES / "feed.atom")])
    assert report.added == 3 and report.failed == []
    docs = by_url(store)
    arrivals = docs["https://watch.example.org/2022/01/arrivals-2021"]
    assert arrivals.published == "2022-01-17"  # type: ignore[attr-defined]
    korean = docs["https://ko.example.org/2024/01/arrivals-2023"]
    assert korean.title == "2023년 탈북민 입국 196명" and korean.author == "편집부"  # type: ignore[attr-defined]


def test_bad_inputs_fail_one_line_each_and_the_rest_goes_on(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    sources = [str(PAGES / n) for n in ("empty.html", "binary.bin", "truncated.rss")]
    sources += [str(tmp_path / "missing.html"), str(PAGES / "report.txt")]
    report = ingest(store, settings, sources)
    failed = {Path(f["source"]).name: f["error"] for f in report.failed}
    assert set(failed) == {"empty.html", "binary.bin", "missing.html"}
    assert all("\n" not in e and e for e in failed.values())
    assert "not a text page" in failed["binary.bin"]
    titles = {d.title for d in store.iter_documents()}
    assert "Complete entry about arrests in Dandong" in titles  # the entry before the cut
    assert "Nine young North Koreans sent back from Laos" in titles


def test_malformed_markup_and_undecodable_bytes_still_read(
    store: Store, settings: Settings
) -> None:
    files = [str(PAGES / "malformed.html"), str(PAGES / "undecodable.txt")]
    report = ingest(store, settings, files)
    assert report.failed == [] and report.added == 2
    texts = " ".join(d.text for d in store.iter_documents())
    assert "Tumen River" in texts and "resettlement support" in texts


def test_http_sources_and_their_failures(store: Store, settings: Settings) -> None:
    article = (PAGES / "article.html").read_bytes()
    routes = {
        "/a": Response(headers={"Content-Type": "text/html"}, body=article),
        "/404": Response(status=404), "/500": Response(status=500),
        "/loop": redirect("/loop2"), "/loop2": redirect("/loop"),
        "/private": redirect("http://169.254.169.254/latest/meta-data"),
        "/huge": Response(headers={"Content-Type": "text/html"},
                          body=repeat(b"<p>x</p>" * 1000, 7000)),
        "/hang": Response(delay=float("inf")),
    }
    small = settings.model_copy(update={"max_body_bytes": 5_000_000, "read_timeout": 0.5,
                                        "max_retries": 1})
    with serve(routes) as site:
        urls = [site.url(p) for p in ("/404", "/500", "/loop", "/private", "/huge", "/hang", "/a")]
        report = ingest(store, small, urls)
    errors = {f["source"].rsplit("/", 1)[1]: f["error"] for f in report.failed}
    assert set(errors) == {"404", "500", "loop", "private", "huge", "hang"}
    assert "404" in errors["404"] and "refused" in errors["private"]
    assert "larger than" in errors["huge"] and "loop" in errors["loop"]
    assert report.added == 1


def test_warc_provenance_round_trip(settings: Settings, tmp_path: Path) -> None:
    article = (PAGES / "article.html").read_bytes()
    feed = (PAGES / "feed.rss").read_bytes()
    routes = {"/a": Response(headers={"Content-Type": "text/html"}, body=article),
              "/feed": Response(headers={"Content-Type": "application/rss+xml"}, body=feed)}
    first = open_store(settings.db)
    with serve(routes) as site:
        ingest(first, settings, [site.url("/a"), site.url("/feed")])
    assert isinstance(first, SQLiteStore)
    original = {(d.canonical_url, d.content_hash, d.title) for d in first.iter_documents()}
    doc = next(iter(first.iter_documents()))
    fetch = first.get_fetch(doc.fetch_id or 0)
    assert fetch is not None and fetch.warc_path and fetch.warc_record_id
    pages = list(iter_warc(Path(fetch.warc_path)))
    assert fetch.warc_record_id in {p.warc_record_id for p in pages}
    first.close()
    rebuilt = open_store(str(tmp_path / "rebuilt.db"))
    report = ingest(rebuilt, settings, [fetch.warc_path])
    assert report.failed == []
    again = {(d.canonical_url, d.content_hash, d.title) for d in rebuilt.iter_documents()}
    assert again == original
    rebuilt.close()


def _warc_types(folder: Path) -> list[str]:
    types = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as f:
            types += [r.rec_type for r in ArchiveIterator(f)]
    return types


def test_unchanged_pages_are_archived_as_revisits(store: Store, settings: Settings) -> None:
    article = (PAGES / "article.html").read_bytes()
    routes = {"/a": Response(headers={"Content-Type": "text/html"}, body=article)}
    with serve(routes) as site:
        for _ in range(3):
            ingest(store, settings, [site.url("/a")])
        site.routes["/a"] = Response(headers={"Content-Type": "text/html"}, body=article.replace(
            b"</body>", b"<p>Updated.</p></body>"))
        ingest(store, settings, [site.url("/a")])
        url = site.url("/a")
    folder = Path(settings.archive_dir)
    assert _warc_types(folder) == ["warcinfo", "response", "request", "revisit", "request",
                                   "revisit", "request", "response", "request"]
    [original, changed] = [p for p in iter_warc(next(folder.glob("*.warc.gz")))]
    with open(next(folder.glob("*.warc.gz")), "rb") as f:
        revisits = [r for r in ArchiveIterator(f) if r.rec_type == "revisit"]
    for record in revisits:
        assert record.rec_headers.get_header("WARC-Refers-To") == original.warc_record_id
        assert record.rec_headers.get_header("WARC-Target-URI") == url
        assert "identical-payload-digest" in record.rec_headers.get_header("WARC-Profile")
    last = store.last_fetch(url)
    assert last is not None and last.warc_record_id == changed.warc_record_id


def _write_corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"r{n:04d}.txt").write_text(
            f"Report {n} on resettlement\n\nMarch {n % 28 + 1}, 2019\n\n"
            f"Report number {n}: a distinct text about support centre {n} for newcomers, "
            f"with its own figures {n * 7} and {n * 13} and place name Town{n}.\n",
            encoding="utf-8",
        )


@pytest.mark.slow
def test_kill_during_ingest_leaves_a_sound_database(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus, 400)
    db = tmp_path / "kill.db"
    env = {**os.environ, "TUMEN_DB": str(db), "TUMEN_ARCHIVE_DIR": str(tmp_path / "a")}
    cmd = [sys.executable, "-m", "tumen", "ingest", str(corpus), "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            with sqlite3.connect(db) as conn:
                if conn.execute("SELECT count(*) FROM documents").fetchone()[0] > 20:
                    break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert 0 < partial < 400
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 400
        assert conn.execute("SELECT count(*) FROM search_outbox").fetchone()[0] == 0
    with open_store(str(db)) as store:  # every document reached the search index
        assert store.search_index().count() == 400


def test_feed_that_breaks_feedparser_is_one_failure(store: Store, settings: Settings,
                                                    tmp_path: Path) -> None:
    bad = tmp_path / "broken.xml"  # this markup makes feedparser raise KeyError('links')
    bad.write_bytes(b"<?xml version='1.0'?><item><link><feed "
                    b"xmlns='http://www.w3.org/2005/Atom'></item></link>")
    report = ingest(store, settings, [str(bad), str(PAGES / "report.txt")])
    assert [f["error"].split(":")[0] for f in report.failed] == ["malformed feed"]
    assert report.added == 1


HOSTILE_LINKS = ["javascript:alert(document.cookie)", " JaVaScRiPt:alert(2)",
                 "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
                 "vbscript:msgbox(1)", "https://news.example.org/fine"]


def test_only_web_addresses_become_a_documents_url(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    items = "".join(
        f"<item><title>Report {n} on arrests</title><link>{escape(link)}</link><description>"
        f"Report {n}: five refugees were arrested by police near the border crossing.</description>"
        "</item>" for n, link in enumerate(HOSTILE_LINKS))
    feed = tmp_path / "hostile.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}'
                    "</channel></rss>", encoding="utf-8")
    report = ingest(store, settings, [str(feed)])
    docs = list(store.iter_documents())
    assert report.added == len(HOSTILE_LINKS) == len(docs)
    assert all(d.url.startswith(("https://", "file:///")) for d in docs), [d.url for d in docs]
    client = TestClient(create_app(Settings(db=settings.db)))
    shown = [client.get(f"/documents/{d.id}").text for d in docs]
    shown.append(client.get("/feeds/latest.atom").text)
    for text in shown:
        assert not re.search(r"(?i)(javascript|vbscript|data):", text)


CONTROLS = "\x00\x01\x08\x0b\x0c\x0e\x1b\x1f\ufffe\uffff"


def test_control_characters_lose_no_page(store: Store, settings: Settings, tmp_path: Path) -> None:
    page = tmp_path / "f.html"
    page.write_bytes(b"<html><body><div><p>x</p><nav>m</nav>\x0c t</div></body></html>")
    article = tmp_path / "article.html"
    body = "".join(f"<p>Paragraph {n}{c}: refugees were detained near the border{c} crossing "
                   "and questioned by police.</p>" for n, c in enumerate(CONTROLS))
    article.write_text(f"<html><head><title>Detained{CONTROLS}</title></head><body><article>"
                       f"{body}</article></body></html>", encoding="utf-8")
    feed = tmp_path / "controls.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>c\x0c</title>'
                    f"<item><title>Held\x0c{CONTROLS}</title><link>https://x.example/1</link>"
                    f"<description>Eight people held\x0b at the\x00 border.</description></item>"
                    "</channel></rss>", encoding="utf-8")
    dump = tmp_path / "dump.txt"
    dump.write_text("Arrests at the border\x0c\n\n" + "Police detained\x1b five people. " * 20)
    analysed = CliRunner().invoke(cli_app, ["analyze", "--json", str(page)])
    assert analysed.exit_code == 0 and json.loads(analysed.stdout)["items"], analysed.output
    report = ingest(store, settings, [str(page), str(article), str(feed), str(dump)])
    assert report.failed == [] and report.added == 4
    bad = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
    for doc in store.iter_documents():
        assert not bad.search(doc.text + (doc.title or "")), doc.url
    atom = TestClient(create_app(Settings(db=settings.db))).get("/feeds/latest.atom")
    assert atom.status_code == 200 and "Eight people held" in atom.text


def test_a_boards_pinned_notice_is_stored_pinned(store: Store, settings: Settings) -> None:
    board = Path(__file__).parent / "fixtures" / "listings" / "ko_xe_board.html"
    report = ingest(store, settings, [str(board)])
    assert report.failed == [] and report.added == 10
    pinned = {d.title: d.pinned for d in store.iter_documents()}
    assert pinned.pop("탈북민 누적 입국 3만 명 넘어") is True
    assert not any(pinned.values())
