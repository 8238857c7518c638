"""The test PostgreSQL cluster ends with the process that started it, even a killed one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pgcluster import find_bindir

STARTER = """
import sys
sys.path.insert(0, {tests!r})
from pgcluster import start_cluster
try:
    cluster = start_cluster()
except Exception as exc:  # as the pg_cluster fixture: a broken install is a skip, said why
    print("SKIP", exc, flush=True)
    raise SystemExit(0)
print(cluster.datadir.parent, cluster.admin_url, flush=True)
sys.stdin.read()  # until killed
"""


def _server_pid(datadir: Path) -> int:
    """The postmaster's pid, from its pid file."""
    return int((datadir / "postmaster.pid").read_text().split()[0])


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(bool(os.environ.get("TUMEN_TEST_PG")), reason="external server in use")
def test_server_stops_when_the_test_process_is_killed() -> None:
    if find_bindir() is None:
        pytest.skip("no PostgreSQL server binaries (apt-get install postgresql)")
    starter = subprocess.Popen(
        [sys.executable, "-c", STARTER.format(tests=str(Path(__file__).parent))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert starter.stdout is not None
    line = starter.stdout.readline()
    if line.startswith("SKIP"):
        starter.wait()
        pytest.skip(f"PostgreSQL cluster could not start: {line[5:].strip()}")
    root = Path(line.split()[0])
    server = _server_pid(root / "data")
    assert _alive(server)
    starter.send_signal(signal.SIGKILL)
    starter.wait()
    deadline = time.monotonic() + 30
    while (_alive(server) or root.exists()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(server), "the server outlived the killed process"
    assert not root.exists(), "the cluster's folder was left behind"
