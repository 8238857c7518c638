"""The command line: JSON outputs, one-line errors, documented commands."""

from __future__ import annotations

import json
import os
import shutil
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


def test_ingest_exits_non_zero_when_nothing_could_be_read(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    (tmp_path / "empty.html").write_text("", encoding="utf-8")
    out = tumen("ingest", str(tmp_path / "nope"), str(tmp_path / "empty.html"), "--json", db=db)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert len(json.loads(out.stdout)["failed"]) == 2
    plain = tumen("ingest", str(tmp_path / "nope"), db=db)
    assert plain.returncode == 1 and "failed 1" in plain.stderr
    again = tumen("ingest", str(PAGES / "article.html"), str(PAGES / "article.html"), db=db)
    assert again.returncode == 0, again.stderr  # read, even if only as a duplicate


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
    keys = {"title", "date", "author", "url", "pinned", "text", "language", "topics", "entities",
            "events", "statistics", "analysed"}
    assert all(set(item) == keys for line in lines for item in line["items"])
    assert lines[1]["items"][0]["language"] == "en"


@pytest.mark.parametrize("command", ["demo", "init", "ingest", "crawl", "analyze", "search",
                                     "serve", "reanalyze", "incidents", "incident", "export",
                                     "watch", "rules", "digest", "brief", "user", "keygen",
                                     "doctor", "migrate", "reindex"])
def test_readme_documents_every_command(command: str) -> None:
    assert f"tumen {command}" in README.read_text(encoding="utf-8")
    listed = subprocess.run([sys.executable, "-m", "tumen", "--help"], capture_output=True,
                            text=True, timeout=60).stdout
    assert f" {command} " in listed


def test_search_prints_the_count(tmp_path: Path) -> None:
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


def _on_a_terminal(args: list[str], db: Path) -> tuple[int, str]:
    """Exit status and output of `tumen ARGS` with a pseudo-terminal as standard output."""
    import pty

    main, child = pty.openpty()
    env = {**os.environ, "TUMEN_DB": str(db), "TUMEN_ARCHIVE_DIR": str(db.parent / "archive")}
    with subprocess.Popen([sys.executable, "-m", "tumen", *args], stdout=child,
                          stderr=subprocess.PIPE, env=env) as proc:
        os.close(child)
        _, stderr = proc.communicate(timeout=120)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace") + stderr.decode()


def test_parquet_export_refuses_a_terminal_but_not_a_file_or_pipe(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert tumen("ingest", str(PAGES / "article.html"), db=db).returncode == 0
    status, output = _on_a_terminal(["export", "--format", "parquet"], db)
    assert status == 1 and "Parquet is binary: give -o FILE" in output and "PAR1" not in output
    piped = subprocess.run([sys.executable, "-m", "tumen", "export", "--format", "parquet",
                            "--db", str(db)], capture_output=True, timeout=120)
    assert piped.returncode == 0 and piped.stdout.startswith(b"PAR1")
    status, _ = _on_a_terminal(["export", "--format", "parquet", "-o", str(tmp_path / "x.pq")],
                               db)
    assert status == 0 and (tmp_path / "x.pq").read_bytes().startswith(b"PAR1")


def test_rules_list_is_a_table_or_json(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    empty = tumen("rules", "list", db=db)
    assert empty.returncode == 0 and empty.stdout == "" and "no watch rules yet" in empty.stderr
    assert json.loads(tumen("rules", "list", "--json", db=db).stdout) == []
    added = tumen("rules", "add", "--name", "Laos returns", "--country", "LA,CN", "--topic",
                  "repatriation", "--email", "desk@example.org", db=db)
    assert added.returncode == 0, added.stderr
    listed = tumen("rules", "list", db=db).stdout
    lines = listed.splitlines()
    assert lines[0].split() == ["id", "name", "triggers", "filters", "delivered", "to", "feed"]
    assert "Laos returns" in lines[1] and "topic repatriation; country LA, CN" in lines[1]
    assert "desk@example.org" in lines[1] and "{" not in listed and "/feeds/rules/" in lines[1]
    [rule] = json.loads(tumen("rules", "list", "--json", db=db).stdout)
    assert rule["name"] == "Laos returns" and rule["filters"]["countries"] == ["LA", "CN"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_installs_only_the_package_and_takes_a_port() -> None:
    root = README.parent
    # Under `make test` (CI) the child make inherits MAKELEVEL and would print
    # "Entering/Leaving directory" lines around its commands.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKELEVEL", "MAKEFLAGS", "MFLAGS"}}
    dry = subprocess.run(["make", "--no-print-directory", "-n", "-B", "demo", "PORT=8080"],
                         cwd=root, capture_output=True, text=True, timeout=60, env=env)
    assert dry.returncode == 0, dry.stderr
    installs = [line for line in dry.stdout.splitlines() if "pip install" in line]
    assert installs and all("[test]" not in line for line in installs)
    assert any(line.rstrip().endswith("pip install --quiet -e .") for line in installs)
    assert dry.stdout.rstrip().splitlines()[-1].endswith("tumen demo --host 127.0.0.1 --port 8080")
    tests = subprocess.run(["make", "--no-print-directory", "-n", "-B", "unit"], cwd=root,
                           capture_output=True, text=True, timeout=60, env=env).stdout
    assert "pip install --quiet -e '.[test]'" in tests
    assert "make demo PORT=8080" in README.read_text(encoding="utf-8")


def test_loading_the_cli_imports_no_heavy_library() -> None:
    # Every command pays for what tumen.cli imports; the stages import their libraries on use.
    heavy = ("dask", "distributed", "trafilatura", "tantivy", "kiwipiepy", "sudachipy",
             "lxml", "numpy", "datasketch")
    code = ("import sys, tumen.cli; "
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True).stdout.strip()
    assert out == ""
