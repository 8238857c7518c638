"""A throw-away PostgreSQL cluster for tests: initdb in a temp folder, trust on 127.0.0.1 only.

Usage::

    cluster = start_cluster()          # None when no server binaries are installed
    url = cluster.create_database("t1")
    ...
    cluster.drop_database("t1")
    cluster.stop()

initdb refuses to run as root, so as root the cluster runs as Debian's ``postgres``
user (via runuser); as anyone else it runs as that user.  ``$TUMEN_TEST_PG`` (a
postgresql:// URL of a server where we may create databases) skips all of this.

The server ends with the process that started it: a watcher (a shell loop in its own
session, so a signal to the test run's process group does not end it first) stops the
server and removes its folder within a second or two of that process dying, SIGKILL included.
"""

from __future__ import annotations

import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _runner() -> tuple[list[str], str | None]:
    """Command prefix and owner name: root runs the cluster as `postgres`."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        raise RuntimeError("running as root and no 'postgres' user to run initdb as") from None
    return ["runuser", "-u", "postgres", "--"], "postgres"


@dataclass
class Cluster:
    """A running server and how to reach it."""

    admin_url: str  # superuser URL of the maintenance database
    datadir: Path | None = None
    bindir: Path | None = None
    prefix: tuple[str, ...] = ()
    watcher: subprocess.Popen[bytes] | None = None

    def url(self, dbname: str) -> str:
        """URL of a database on this server."""
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{dbname}"

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop a database, disconnecting whoever is still on it."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))

    def stop(self) -> None:
        """Stop the server and remove its folder (no-op for an external server)."""
        if self.datadir is None or self.bindir is None:
            return
        if self.watcher is not None:
            self.watcher.kill()
            self.watcher.wait()
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "stop", "-D",
                        str(self.datadir), "-m", "immediate", "-w"],
                       capture_output=True, check=False)
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def start_cluster() -> Cluster | None:
    """An external server from $TUMEN_TEST_PG, else a new local cluster; None if impossible."""
    external = os.environ.get("TUMEN_TEST_PG")
    if external:
        return Cluster(admin_url=external)
    bindir = find_bindir()
    if bindir is None:
        return None
    prefix, owner = _runner()
    root = Path(tempfile.mkdtemp(prefix="tumen-pg-"))
    datadir = root / "data"
    if owner:
        shutil.chown(root, user=owner)
    run = [*prefix, str(bindir / "initdb"), "-D", str(datadir), "-U", "postgres",
           "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]
    subprocess.run(run, capture_output=True, check=True)
    (datadir / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n", "utf-8")
    port = _free_port()
    # Durability is pointless for a throw-away cluster; these make each test much faster.
    opts = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    subprocess.run([*prefix, str(bindir / "pg_ctl"), "start", "-D", str(datadir), "-w",
                    "-l", str(root / "log"), "-o", opts], capture_output=True, check=True)
    return Cluster(admin_url=f"postgresql://postgres@127.0.0.1:{port}/postgres",
                   datadir=datadir, bindir=bindir, prefix=tuple(prefix),
                   watcher=_watch(os.getpid(), [*prefix, str(bindir / "pg_ctl")], root))


def _watch(parent: int, pg_ctl: list[str], root: Path) -> subprocess.Popen[bytes]:
    """A process that stops the server and removes its folder once `parent` has died."""
    stop = " ".join(shlex.quote(a) for a in
                    [*pg_ctl, "stop", "-D", str(root / "data"), "-m", "immediate", "-w"])
    script = (f"while kill -0 {parent} 2>/dev/null; do sleep 0.5; done; "
              f"{stop} >/dev/null 2>&1; rm -rf {shlex.quote(str(root))}")
    return subprocess.Popen(["sh", "-c", script], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
