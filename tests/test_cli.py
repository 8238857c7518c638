"""The command line: JSON outputs, one-line errors, documented commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

README = Path(__file__).parents[1] / "README.md"
PAGES = Path(__file__).parent / "fixtures" / "pages"


def tumen(*args: str, db: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TUMEN_DB": str(db), "TUMEN_ARCHIVE_DIR": str(db.parent / "archive")}
    return subprocess.run([sys.executable, "-m", "tumen", *args], env=env, input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_ingest_json_and_search_json(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    out = tumen("ingest", str(PAGES / "article.html"), str(tmp_path / "nope"), "--json", db=db)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["added"] == 1 and report["updated"] == 0 and report["duplicates"] == 0
    assert report["failed"][0]["source"].endswith("nope")
    found = json.loads(tumen("search", "Kunming", "--json", "--limit", "5", db=db).stdout)
    assert [set(h) for h in found] == [{"id", "title", "url", "date", "source", "snippet",
                                        "score"}]
    assert found[0]["date"] == "2019-03-10"
    assert json.loads(tumen("search", '"unbalanced (', "--json", db=db).stdout) == []


def test_db_option_beats_environment(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    tumen("ingest", str(PAGES / "report.txt"), "--db", str(other), db=tmp_path / "env.db")
    assert other.exists() and not (tmp_path / "env.db").exists()


def test_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    out = tumen("search", "x", db=tmp_path / "dir.db")
    assert out.returncode == 1
    assert out.stderr.strip().startswith("error:") and "Traceback" not in out.stderr
    sources = tmp_path / "bad.toml"
    sources.write_text("[[source]\n", encoding="utf-8")
    out = tumen("crawl", "--sources", str(sources), db=tmp_path / "c.db")
    assert out.returncode == 1 and "Traceback" not in out.stderr


def test_usage_errors_say_what_is_wrong(tmp_path: Path) -> None:
    out = tumen("search", "--no-such-option", db=tmp_path / "u.db")
    assert out.returncode == 2 and "No such option: --no-such-option" in out.stderr
    assert "search --help' for help" in out.stderr and "NoSuchOption" not in out.stderr
    out = tumen("analyze", db=tmp_path / "u.db")
    assert out.returncode == 2 and "Missing argument" in out.stderr


def test_analyze_json_lines(tmp_path: Path, seeds: Path) -> None:
    files = [str(seeds / "000_0ed1cd07ce842b86.txt"), str(PAGES / "article.html"), "-"]
    out = tumen("analyze", *files, "--json", db=tmp_path / "a.db", stdin="Short text on stdin "
                "about refugees arriving in Seoul in 2019 from China.")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["input"] for line in lines] == files
    assert [line["kind"] for line in lines] == ["listing", "article", "article"]
    assert len(lines[0]["items"]) == 9
    keys = {"title", "date", "author", "url", "text", "language", "topics", "entities",
            "events", "statistics"}
    assert all(set(item) == keys for line in lines for item in line["items"])
    assert lines[1]["items"][0]["language"] == "en"


@pytest.mark.parametrize("command", ["demo", "init", "ingest", "crawl", "analyze", "search",
                                     "serve", "reanalyze", "incidents", "incident", "export",
                                     "watch", "rules", "digest", "brief", "user", "keygen",
                                     "doctor", "migrate"])
def test_readme_documents_every_command(command: str) -> None:
    assert f"tumen {command}" in README.read_text(encoding="utf-8")
    listed = subprocess.run([sys.executable, "-m", "tumen", "--help"], capture_output=True,
                            text=True, timeout=60).stdout
    assert f" {command} " in listed


def test_search_says_when_the_count_is_a_floor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tumen.store.sqlite
    from tumen.cli import app
    from tumen.models import Document
    from tumen.store import open_store

    db = tmp_path / "w.db"
    with open_store(str(db)) as store:
        for n in range(3):
            store.add_document(Document(url=f"https://ex.org/{n}", canonical_url=f"https://ex.org/{n}",
                                        text=f"Report {n} from Laos", content_hash=f"h{n}"), None)
    runner = CliRunner()
    assert "3 results" in runner.invoke(app, ["search", "Laos", "--db", str(db)]).output
    monkeypatch.setattr(tumen.store.sqlite, "SEARCH_WINDOW", 2)
    assert "2+ (ranked among the newest" in runner.invoke(
        app, ["search", "Laos", "--db", str(db)]).output


# Runs a command as a child subreaper (Linux prctl PR_SET_CHILD_SUBREAPER = 36): every process
# the command leaves behind, even one that double-forks and calls setsid, is re-parented to
# this watcher rather than to init, so listing its children afterwards finds them all.
WATCHER = """
import ctypes, os, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
time.sleep(0.3)
me = str(os.getpid())
left = []
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        continue
    if fields[1] == me:
        left.append(pid)
print(" ".join(left))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, uses prctl")
def test_no_process_outlives_a_command(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    env = {**os.environ, "TUMEN_DB": str(db), "TUMEN_ARCHIVE_DIR": str(tmp_path / "archive")}
    page = str(PAGES / "article.html")
    for args in (["analyze", page, "--json"], ["analyze", page], ["ingest", page],
                 ["search", "Kunming"], ["export", "-o", str(tmp_path / "x.jsonl")],
                 ["rules", "list"], ["--help"]):
        out = subprocess.run([sys.executable, "-c", WATCHER, sys.executable, "-m", "tumen",
                              *args], env=env, capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == "", f"tumen {' '.join(args)} left processes behind"
