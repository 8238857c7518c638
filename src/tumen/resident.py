"""The resident server behind `tumen analyze`: a warm process that forks one child per call.

`python -m tumen.resident SOCKET` takes the lock of SOCKET (a second server exits quietly),
imports the command line and runs `tumen analyze --json` over English, Korean and Japanese
pages so that every module, regular expression, gazetteer, lexicon and language model is
loaded, then listens on SOCKET.  For each call from tumen.launch it checks that the caller
is the same user, forks, and the child takes over the caller's stdin/stdout/stderr, working
directory, environment, umask and argv, runs the command line and reports the exit status.
The server has one thread (forking a process with more is unsafe), and exits after
$TUMEN_RESIDENT_IDLE_SECONDS without calls or on `tumen resident stop`.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import os
import signal
import socket
import struct
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from typing import IO, NoReturn

from tumen import __version__, launch

LOG_NAME = "resident.log"
MAX_LOG_BYTES = 1 << 20
PEER_CREDENTIALS = "3i"  # struct ucred: pid, uid, gid
# Warm-up pages: an article long enough for lingua's trigram detector, short texts for its
# full detector, each language's event, number and date rules, a plain-text page and a feed.
WARM_PAGES = {
    "en.html": "<html><head><title>Five North Koreans arrested in Shenyang</title></head><body>"
               "<article><h1>Five North Koreans arrested in Shenyang</h1><p>Chinese police "
               "arrested five North Korean defectors, including two women, in Shenyang on "
               "March 3, 2024. Activists said the group faces forced repatriation. About 1,500 "
               "North Koreans reached South Korea last year, according to the Ministry of "
               "Unification.</p></article></body></html>",
    "en.txt": "Two escapees reached Thailand in May 2023.",
    "ko.html": "<html><head><title>선양서 탈북민 5명 체포</title></head><body><article>"
               "<h1>선양서 탈북민 5명 체포</h1><p>중국 공안이 2024년 3월 3일 선양에서 탈북민 "
               "5명을 체포했다. 인권단체는 이들이 강제 북송될 위기에 처해 있다고 밝혔다. "
               "지난해 한국에 입국한 탈북민은 196명이다.</p></article></body></html>",
    "ko.txt": "탈북민 2명이 2023년 5월 태국에 도착했다.",
    "ja.html": "<html><head><title>瀋陽で脱北者5人拘束</title></head><body><article>"
               "<h1>瀋陽で脱北者5人拘束</h1><p>中国の公安当局は2024年3月3日、瀋陽で脱北者5人を"
               "拘束した。人権団体によると、彼らは強制送還の危機にある。昨年韓国に入国した"
               "脱北者は196人だった。</p></article></body></html>",
    "ja.txt": "脱北者2人が2023年5月にタイに到着した。",
    "feed.xml": "<?xml version='1.0'?><rss version='2.0'><channel><title>News</title><item>"
                "<title>Defectors arrive in Seoul</title><link>https://news.example/1</link>"
                "<description>Three North Koreans arrived in Seoul on 2 June 2024."
                "</description></item></channel></rss>",
}


class Stop(Exception):
    """Raised by SIGTERM/SIGINT in the server: finish the calls under way, then exit."""


def main(argv: list[str] | None = None) -> None:
    """Serve the socket named on the command line (default: the one tumen.launch uses)."""
    args = sys.argv[1:] if argv is None else argv
    path = args[0] if args else launch.socket_path(os.environ)
    if path is None:
        sys.exit("tumen.resident: no private folder for the socket (see TUMEN_RESIDENT_DIR)")
    lock = take_lock(launch.lock_path(path))
    if lock is None:
        return  # another server has this socket, or is warming up for it
    log = open_log(os.path.dirname(path))
    began = time.perf_counter()
    try:
        warm_up()
    except Exception:
        log.write(f"{_now()} pid {os.getpid()}: warm-up failed\n{traceback.format_exc()}")
        raise
    threads = thread_count()
    if threads != 1:
        # a forked child gets only the forking thread: locks held by others stay locked
        log.write(f"{_now()} pid {os.getpid()}: {threads} threads after warm-up; not serving\n")
        sys.exit(1)
    Server(path, lock, log, launch.idle_seconds(os.environ), time.perf_counter() - began).run()


def take_lock(path: str) -> int | None:
    """The open, exclusively locked lock file at path (our pid in it), or None if taken."""
    for _ in range(10):  # a launcher probes the lock for an instant: try for ~0.2 s
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            time.sleep(0.02)
            continue
        try:  # an ending server removes its lock file: we must hold the one on disk
            current = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            current = False
        if current:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            return fd
        os.close(fd)
    return None


def open_log(folder: str) -> IO[str]:
    """The log shared by the servers of a folder, emptied when it grows past 1 MiB."""
    path = os.path.join(folder, LOG_NAME)
    with contextlib.suppress(OSError):
        if os.path.getsize(path) > MAX_LOG_BYTES:
            os.unlink(path)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    return open(fd, "a", encoding="utf-8", buffering=1)


def warm_up() -> None:
    """Run `tumen analyze --json` once over WARM_PAGES, its output thrown away."""
    from tumen.cli import click_command

    with tempfile.TemporaryDirectory(prefix="tumen-warm-") as folder:
        paths = []
        for name, text in WARM_PAGES.items():
            path = os.path.join(folder, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            paths.append(path)
        saved, sys.stdout = sys.stdout, io.StringIO()
        try:
            click_command()(["analyze", *paths, "--json", "--published", "2024-06-01"],
                            standalone_mode=False)
        finally:
            sys.stdout = saved


def thread_count() -> int:
    """Threads of this process, native ones included (Linux), else Python's."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stop(_signum: int, _frame: object) -> None:
    raise Stop


def same_user(conn: socket.socket) -> bool:
    """True when the process at the other end of conn runs as our user (SO_PEERCRED)."""
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                            struct.calcsize(PEER_CREDENTIALS))
    _pid, uid, _gid = struct.unpack(PEER_CREDENTIALS, creds)
    return bool(uid == os.getuid())


class Server:
    """The listening socket, the children running calls, and what `status` reports."""

    def __init__(self, path: str, lock: int, log: IO[str], idle: float, warmup: float) -> None:
        self.path, self.lock, self.log, self.idle, self.warmup = path, lock, log, idle, warmup
        self.children: dict[int, socket.socket] = {}
        self.spare: tuple[int, socket.socket] | None = None  # a child waiting for a call
        self.stopping = False
        self.served = 0
        self.started = time.time()
        self.last_active = time.monotonic()
        self.setup = launch.setup_key(os.environ)
        self.listener = self.bind()
        self.inode = os.stat(path).st_ino

    def bind(self) -> socket.socket:
        """Listen on a temporary name renamed over the path: it never refuses a caller."""
        temp = f"{self.path.removesuffix('.sock')}.{os.getpid()}.tmp"
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(temp)
        os.chmod(temp, 0o600)
        listener.listen(64)
        os.replace(temp, self.path)
        return listener

    def run(self) -> None:
        """Answer calls until idle for self.idle seconds, stopped, or sent SIGTERM."""
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        # the warm objects are shared with every child: the collector must not write to
        # (and so copy) their pages
        gc.freeze()
        self.make_spare()
        self.log.write(f"{_now()} pid {os.getpid()} serves {self.path} (tumen {__version__}, "
                       f"warm-up {self.warmup:.2f} s, idle exit {self.idle:g} s)\n")
        try:
            self.supersede()
            self.loop()
        except Stop:
            self.log.write(f"{_now()} pid {os.getpid()}: stopped by a signal\n")
        finally:
            self.shutdown()

    def supersede(self) -> None:
        """Stop the servers of this interpreter and package for older code: a launcher
        computes the key of the code on disk, so none of them would be called again."""
        for other in launch.server_sockets(os.path.dirname(self.path)):
            answer = None if other == self.path else launch.query(other, "status", 5.0)
            if answer is not None and answer.get("setup") == self.setup:
                launch.query(other, "stop", 5.0)
                self.log.write(f"{_now()} pid {os.getpid()} stopped pid {answer.get('pid')}, "
                               "the server of older code\n")

    def loop(self) -> None:
        """Accept and answer calls; return when idle too long or asked to stop."""
        while True:
            self.reap()
            wait = 0.2 if self.children else self.idle - (time.monotonic() - self.last_active)
            if wait <= 0:
                self.log.write(f"{_now()} pid {os.getpid()}: idle for {self.idle:g} s\n")
                return
            self.listener.settimeout(wait)
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            if self.handle(conn):
                return

    def handle(self, conn: socket.socket) -> bool:
        """Answer one connection (a call, status or stop); True when asked to stop."""
        fds: list[int] = []
        handed_over = False
        try:
            if not same_user(conn):
                self.log.write(f"{_now()} pid {os.getpid()}: refused a caller of another user\n")
                return False
            conn.settimeout(5.0)  # a caller that sends nothing must not hold the server
            data, fds, _flags, _addr = socket.recv_fds(conn, 1 << 16, 3)
            request = launch.receive_message(conn, data) if data else None
            op = request.get("op") if request else None
            if request is not None and op == "run" and len(fds) == 3:
                self.fork(conn, request, fds)
                handed_over = True
            elif op in ("status", "stop"):
                launch.send_message(conn, {**self.status(), "stopping": op == "stop"})
                return op == "stop"
            return False
        except (OSError, ValueError) as exc:
            self.log.write(f"{_now()} pid {os.getpid()}: bad request: "
                           f"{type(exc).__name__}: {exc}\n")
            return False
        finally:
            for fd in fds:
                os.close(fd)
            if not handed_over:
                conn.close()

    def fork(self, conn: socket.socket, request: dict[str, object], fds: list[int]) -> None:
        """Run the call in a child (the spare if there is one); keep conn to report a crash."""
        pid = self.hand_to_spare(conn, request, fds)
        if pid is None:
            pid = self.start_child(lambda: run_child(conn, request, fds))
        while fds:  # the caller's streams are the child's now: no later fork may inherit them
            os.close(fds.pop())
        self.children[pid] = conn
        self.served += 1
        self.last_active = time.monotonic()
        self.make_spare()  # for the next call, while this one runs

    def start_child(self, work: Callable[[], None]) -> int:
        """Fork; the child drops the server's sockets, lock and log, does work and exits."""
        self.log.flush()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid:
            return pid
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            self.listener.close()
            for other in self.children.values():
                other.close()
            if self.spare is not None:
                self.spare[1].close()
            os.close(self.lock)  # the lock is the server's, not its children's
            self.log.close()
            work()
        finally:
            os._exit(1)

    def make_spare(self) -> None:
        """Fork a child that waits for the next call, so that the call waits for no fork."""
        if self.spare is not None or self.stopping:
            return
        mine, theirs = socket.socketpair()

        def wait_for_call() -> None:
            mine.close()
            run_spare(theirs)

        pid = self.start_child(wait_for_call)
        theirs.close()
        self.spare = (pid, mine)

    def hand_to_spare(self, conn: socket.socket, request: dict[str, object], fds: list[int]
                      ) -> int | None:
        """Give the call to the spare child: its pid, or None without a (live) spare."""
        if self.spare is None:
            return None
        pid, pipe = self.spare
        self.spare = None
        try:
            launch.send_message(pipe, request, [conn.fileno(), *fds])
        except OSError:
            return None
        finally:
            pipe.close()
        return pid

    def reap(self, block: bool = False) -> None:
        """Collect ended children; report one killed by a signal to its caller."""
        while True:
            try:
                pid, status = os.waitpid(-1, 0 if block else os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
            if self.spare is not None and self.spare[0] == pid:
                self.spare[1].close()
                self.spare = None
            conn = self.children.pop(pid, None)
            if conn is None:
                continue
            if os.WIFSIGNALED(status):
                with contextlib.suppress(OSError):
                    conn.sendall(launch.RECORD.pack(b"E", -os.WTERMSIG(status)))
            conn.close()
            self.last_active = time.monotonic()

    def shutdown(self) -> None:
        """Stop taking calls, answer those already queued, wait for children, clean up."""
        signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends it at once
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        with contextlib.suppress(OSError):
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        self.listener.setblocking(False)
        while True:  # calls that connected before the unlink are still answered
            try:
                conn, _ = self.listener.accept()
            except OSError:
                break
            conn.setblocking(True)
            self.handle(conn)
        self.listener.close()
        self.stopping = True
        if self.spare is not None:
            self.spare[1].close()  # the spare ends when it reads the end of this
            self.spare = None
        self.reap(block=True)
        with contextlib.suppress(OSError):
            os.unlink(launch.lock_path(self.path))
        os.close(self.lock)
        self.log.write(f"{_now()} pid {os.getpid()} exits after {self.served} calls\n")
        self.log.close()

    def status(self) -> dict[str, object]:
        """What `tumen resident status` shows."""
        running = bool(self.children)
        return {
            "pid": os.getpid(), "socket": self.path, "python": sys.executable,
            "package": launch.PACKAGE_DIR, "setup": self.setup,
            "version": __version__, "started": datetime.fromtimestamp(self.started, UTC)
            .strftime("%Y-%m-%dT%H:%M:%SZ"), "served": self.served,
            "running": len(self.children), "threads": thread_count(),
            "idle_seconds": 0.0 if running else round(time.monotonic() - self.last_active, 1),
            "idle_timeout": self.idle, "warmup_seconds": round(self.warmup, 2),
        }


_SAVED_STREAMS: list[object] = []


def run_spare(pipe: socket.socket) -> None:
    """In the spare child: wait for the call the server hands over (the caller's connection
    and its three streams) and run it; end when the server closes the pipe instead."""
    data, fds, _flags, _addr = socket.recv_fds(pipe, 1 << 16, 4)
    request = launch.receive_message(pipe, data) if data else None
    pipe.close()
    if request is None or len(fds) != 4:
        os._exit(0)
    run_child(socket.socket(fileno=fds[0]), request, fds[1:])


def run_child(conn: socket.socket, request: dict[str, object], fds: list[int]) -> NoReturn:
    """In the forked child: become the caller's process, run the command, report its status."""
    try:
        adopt(request, fds)
        conn.settimeout(None)
        conn.sendall(launch.RECORD.pack(b"P", os.getpid()))
    except BaseException:
        os._exit(1)  # no "P" sent: the launcher runs the command itself, nothing ran here
    status = 1
    try:
        status = run_cli(str(request.get("prog") or "tumen"))
        conn.sendall(launch.RECORD.pack(b"E", status))
    finally:
        os._exit(status)


def adopt(request: dict[str, object], fds: list[int]) -> None:
    """Take the caller's standard streams, directory, umask, environment and argv."""
    argv, env = request["argv"], request["env"]
    if not (isinstance(argv, list) and isinstance(env, dict)):
        raise ValueError("malformed call")
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(str(request["cwd"]))
    os.umask(int(str(request["umask"])))
    os.environ.clear()
    os.environ.update({str(k): str(v) for k, v in env.items()})
    time.tzset()
    sys.argv = [str(a) for a in argv]
    reopen_streams()


def reopen_streams() -> None:
    """New sys.stdin/stdout/stderr on fds 0-2, buffered as Python would for these files."""
    old = (sys.stdin, sys.stdout, sys.stderr)
    # the old objects own fds 0-2 (now the caller's): they must never be collected and close
    _SAVED_STREAMS.extend(old)
    # the server was started under the same key: same locale, PYTHONIOENCODING and flags
    # (the new ones live as long as the child: no context manager)
    sys.stdin = open(0, encoding=old[0].encoding, errors=old[0].errors,  # noqa: SIM115
                     closefd=False)
    sys.stdout = open(1, "w", buffering=1 if os.isatty(1) else -1,  # noqa: SIM115
                      encoding=old[1].encoding, errors=old[1].errors, closefd=False)
    sys.stderr = open(2, "w", buffering=1, encoding=old[2].encoding,  # noqa: SIM115
                      errors=old[2].errors, closefd=False)
    for stream, before in ((sys.stdout, old[1]), (sys.stderr, old[2])):
        if isinstance(before, io.TextIOWrapper) and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(write_through=before.write_through)


def run_cli(prog: str) -> int:
    """Run the command line as the caller's process would have; return its exit status."""
    from tumen.cli import main as cli_main

    try:
        cli_main(prog_name=prog)
        status = 0
    except SystemExit as exc:
        status = exit_status(exc.code)
    except BaseException:  # what the interpreter does with an uncaught exception
        traceback.print_exc()
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 120  # what Python exits with when stdout cannot be flushed
    return status


def exit_status(code: object) -> int:
    """The process exit status of SystemExit(code), as the interpreter computes it."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    main()
