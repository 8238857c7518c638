"""The resident server answers `tumen analyze` exactly as a new process would, only faster."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tumen import launch

PAGES = Path(__file__).parent / "fixtures" / "pages"
ARTICLE = PAGES / "article.html"
PUBLISHED = ["--published", "2024-06-01"]
STDIN_TEXT = "Five North Koreans were arrested in Shenyang on 3 March 2024 and face return."

pytestmark = pytest.mark.skipif(not launch.supported(), reason="needs fork and SCM_RIGHTS")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A folder holding a copy of the tumen package, which every process of these tests
    imports: the checkout may be edited meanwhile, and an edit is another server key."""
    root = tmp_path_factory.mktemp("pkg")
    shutil.copytree(launch.PACKAGE_DIR, root / "tumen")
    return str(root)


def env_for(package: str, folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a call that may use (and start) a server in folder."""
    return {**os.environ, "PYTHONPATH": package, "TUMEN_RESIDENT": "on",
            "TUMEN_RESIDENT_DIR": str(folder), **extra}


def off(env: dict[str, str]) -> dict[str, str]:
    """The same environment with the resident server turned off."""
    return {**env, "TUMEN_RESIDENT": "off"}


def socket_for(env: dict[str, str]) -> str:
    """The socket of the server for env (its folder, and the package it imports)."""
    path = launch.socket_path(env, os.path.join(env["PYTHONPATH"], "tumen"))
    assert path is not None
    return path


def tumen(*args: str, env: dict[str, str], cwd: Path | None = None,
          stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """`python -m tumen ARGS` as a new process."""
    return subprocess.run([sys.executable, "-m", "tumen", *args], env=env, cwd=cwd,
                          input=stdin, capture_output=True, timeout=120)


def status(path: str) -> dict[str, object]:
    """What the server at path says about itself (fails the test if it does not answer)."""
    answer = launch.query(path, "status")
    assert answer is not None, f"no server answers at {path}"
    return answer


def served(path: str) -> int:
    """How many calls the server at path has run."""
    count = status(path)["served"]
    assert isinstance(count, int)
    return count


def wait_until_serving(path: str, proc: subprocess.Popen[bytes] | None = None,
                       timeout: float = 90.0) -> None:
    """Wait for the server of path to answer (its warm-up takes a few seconds)."""
    deadline = time.monotonic() + timeout
    while launch.query(path, "status") is None:
        assert proc is None or proc.poll() is None, f"the server exited: {server_log(path)}"
        assert time.monotonic() < deadline, f"no server in time: {server_log(path)}"
        time.sleep(0.05)


def server_log(path: str) -> str:
    """The log of the servers of the socket's folder, and what the folder holds."""
    folder = os.path.dirname(path)
    try:
        with open(os.path.join(folder, "resident.log"), encoding="utf-8") as f:
            log = f.read()
    except OSError as exc:
        log = str(exc)
    return f"{sorted(os.listdir(folder)) if os.path.isdir(folder) else folder}\n{log}"


def start_server(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    """A server for env's folder and this code, serving when returned."""
    path = socket_for(env)
    proc = subprocess.Popen([sys.executable, "-m", "tumen.resident", path], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    wait_until_serving(path, proc)
    return proc, path


def stop(env: dict[str, str], *procs: subprocess.Popen[bytes]) -> None:
    """Stop every server of env's folder, and make sure the given processes ended."""
    launch.stop_servers(env)
    for proc in procs:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder for the sockets, not made yet; its path is short (a socket path holds 107
    bytes, and pytest's temporary paths are long)."""
    parent = Path(tempfile.mkdtemp(prefix="tumen-test-", dir="/tmp"))
    yield parent / "run"
    shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="module")
def server(package: str) -> Iterator[tuple[dict[str, str], str]]:
    """One warm server for the module (its warm-up takes seconds): its env and socket."""
    parent = Path(tempfile.mkdtemp(prefix="tumen-test-", dir="/tmp"))
    env = env_for(package, parent / "run")
    proc, path = start_server(env)
    yield env, path
    stop(env, proc)
    shutil.rmtree(parent, ignore_errors=True)


def same_as_in_process(*args: str, env: dict[str, str], path: str, cwd: Path | None = None,
                       stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run args served by the server at path and in a process of their own: same result."""
    before = served(path)
    answered = tumen(*args, env=env, cwd=cwd, stdin=stdin)
    assert served(path) == before + 1, "the call was not answered by the server"
    alone = tumen(*args, env=off(env), cwd=cwd, stdin=stdin)
    assert (answered.stdout, answered.stderr, answered.returncode) == (
        alone.stdout, alone.stderr, alone.returncode)
    return answered


def test_launcher_imports_only_the_standard_library() -> None:
    code = ("import sys, tumen.launch; print(sorted(m for m in sys.modules if m.split('.')[0] "
            "in {'typer', 'click', 'pydantic', 'pydantic_settings', 'rich', 'lingua', "
            "'trafilatura'} or m in {'tumen.cli', 'tumen.config'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_answered_call_loads_no_library(server: tuple[dict[str, str], str]) -> None:
    env, path = server
    # what a served `tumen analyze` imported, written when its process exits
    code = ("import sys\n"
            "from tumen import launch\n"
            "exit_with = launch.exit_with\n"
            "def report(status):\n"
            "    names = ('typer', 'pydantic', 'lingua', 'trafilatura', 'tumen.cli')\n"
            "    sys.stderr.write(repr([n for n in names if n in sys.modules]))\n"
            "    exit_with(status)\n"
            "launch.exit_with = report\n"
            f"sys.argv = ['tumen', 'analyze', {str(ARTICLE)!r}, '--json']\n"
            "launch.main()\n")
    before = served(path)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         timeout=60)
    assert out.returncode == 0 and out.stdout.startswith(b'{"input": ')
    assert served(path) == before + 1
    assert out.stderr == b"[]"


def test_json_output_identical_to_a_new_process(server: tuple[dict[str, str], str]) -> None:
    env, path = server
    out = same_as_in_process("analyze", str(ARTICLE), str(PAGES / "report.txt"), "--json",
                             *PUBLISHED, env=env, path=path)
    assert out.returncode == 0 and len(out.stdout.splitlines()) == 2
    assert b'"language": "en"' in out.stdout


def test_standard_input(server: tuple[dict[str, str], str]) -> None:
    env, path = server
    out = same_as_in_process("analyze", "-", "--json", *PUBLISHED, env=env, path=path,
                             stdin=STDIN_TEXT.encode())
    assert b"Shenyang" in out.stdout


def test_relative_path_from_another_directory(
    server: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, path = server
    (tmp_path / "pages").mkdir()
    shutil.copy(ARTICLE, tmp_path / "pages" / "a.html")
    out = same_as_in_process("analyze", "pages/a.html", "--json", env=env, path=path,
                             cwd=tmp_path)
    assert out.stdout.startswith(b'{"input": "pages/a.html", "kind": "article"')


def test_errors_and_exit_status_as_in_process(
    server: tuple[dict[str, str], str], tmp_path: Path
) -> None:
    env, path = server
    missing = str(tmp_path / "missing.html")
    out = same_as_in_process("analyze", missing, env=env, path=path)
    assert out.stdout.decode().strip() == (f"{missing}: None, 0 items (cannot read {missing}: "
                                           "No such file or directory)")
    out = same_as_in_process("analyze", missing, str(tmp_path), "--json", env=env, path=path)
    assert b"not a file" in out.stdout
    out = same_as_in_process("analyze", env=env, path=path)  # no input: a usage error
    assert out.returncode == 2 and b"Missing argument 'inputs'" in out.stderr
    assert b"Try 'python -m tumen analyze --help'" in out.stderr
    # the usage line names the program the caller ran, not the server's
    out = same_as_in_process("analyze", "--help", env=env, path=path)
    assert b"python -m tumen analyze" in out.stdout


def run_in_terminal(*args: str, env: dict[str, str]) -> tuple[int, bytes]:
    """Exit status and output of `python -m tumen ARGS` in a 100-column pseudo-terminal."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "tumen", *args], env=env,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # EIO: every holder of the terminal has closed it
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks)


def test_terminal_output_as_in_process(server: tuple[dict[str, str], str]) -> None:
    env, path = server
    before = served(path)
    answered = run_in_terminal("analyze", "--help", env=env)
    assert served(path) == before + 1
    alone = run_in_terminal("analyze", "--help", env=off(env))
    assert answered == alone
    assert b"\x1b[" in answered[1]  # colours: the command saw a terminal, 100 columns wide
    assert max(len(line) for line in answered[1].split(b"\r\n")) > 100


def test_signals_reach_the_command(server: tuple[dict[str, str], str]) -> None:
    env, path = server
    for signum, expected in ((signal.SIGINT, 130), (signal.SIGTERM, -signal.SIGTERM)):
        before = served(path)
        # `analyze -` waits for its standard input, which stays open
        proc = subprocess.Popen([sys.executable, "-m", "tumen", "analyze", "-"], env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while not (served(path) == before + 1 and status(path)["running"] == 1):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.02)
        time.sleep(0.2)  # the child is reading stdin by now
        proc.send_signal(signum)
        # in its own process, SIGINT ends the command with status 130 and SIGTERM kills it
        assert proc.wait(timeout=30) == expected
        proc.communicate()  # close the pipes


def test_server_has_one_thread_and_refuses_control_garbage(
    server: tuple[dict[str, str], str]
) -> None:
    _env, path = server
    assert status(path)["threads"] == 1
    with socket.socket(socket.AF_UNIX) as sock:
        sock.connect(path)
        sock.sendall(b"\x00\x00\x00\x05hello")
        assert sock.recv(100) == b""
    assert status(path)["threads"] == 1


@pytest.mark.skipif(os.getuid() != 0, reason="needs root to connect as another user")
def test_other_users_are_refused(server: tuple[dict[str, str], str]) -> None:
    _env, path = server
    code = ("import os, socket, sys\n"
            "os.setgid(65534); os.setuid(65534)\n"
            "s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])\n"
            "try:\n"
            "    s.sendall(b'\\x00\\x00\\x00\\x10{\"op\": \"status\"}')\n"
            "    print(len(s.recv(1000)))\n"
            "except (BrokenPipeError, ConnectionResetError):\n"
            "    print(0)\n")
    # a second name of the socket, reachable by user nobody (the folders are ours alone)
    open_folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        open_folder.chmod(0o755)
        try:
            os.link(path, open_folder / "s")
        except OSError as exc:
            pytest.skip(f"cannot link the socket: {exc}")
        (open_folder / "s").chmod(0o666)
        out = subprocess.run([sys.executable, "-c", code, str(open_folder / "s")],
                             capture_output=True, text=True, timeout=30)
        (open_folder / "s").chmod(0o600)
    finally:
        shutil.rmtree(open_folder)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0"  # closed without an answer
    assert launch.query(path, "status") is not None  # while we, the owner, get one


def test_other_commands_run_in_their_own_process(server: tuple[dict[str, str], str]) -> None:
    env, path = server
    before = served(path)
    assert tumen("--help", env=env).returncode == 0
    assert tumen("resident", "status", env=env).stdout.startswith(b"pid ")
    assert served(path) == before


def test_resident_off_starts_nothing(package: str, folder: Path) -> None:
    env = off(env_for(package, folder))
    assert tumen("analyze", str(ARTICLE), "--json", env=env).returncode == 0
    assert not folder.exists()


def test_messages_are_the_json_of_json_dumps() -> None:
    value = {"argv": ["tumen", "analyze", "caf\u00e9 \ud55c\uad6d.html"], "umask": 18,
             "env": {"LANG": "C.UTF-8", "BYTES": "\udcff\udcfe", "Q": "\"\\\n"},
             "idle": 0.5, "running": True, "stopping": False, "none": None, "empty": {}}
    assert launch.to_json(value) == json.dumps(value)
    assert json.loads(launch.to_json(value)) == value


def test_server_key_follows_the_code(tmp_path: Path) -> None:
    tree = tmp_path / "pkg"
    shutil.copytree(launch.PACKAGE_DIR, tree, ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ)
    key = launch.server_key(env, str(tree))
    assert launch.server_key(env, str(tree)) == key
    (tree / "__pycache__").mkdir(exist_ok=True)
    (tree / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert launch.server_key(env, str(tree)) == key  # compiled files are not code
    target = tree / "analyze" / "__init__.py"
    info = target.stat()
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    changed = launch.server_key(env, str(tree))
    assert changed != key
    (tree / "analyze" / "new.yaml").write_text("a: 1\n")
    assert launch.server_key(env, str(tree)) not in (key, changed)
    assert launch.server_key({**env, "LC_ALL": "C"}, str(tree)) != launch.server_key(
        env, str(tree))


def test_server_key_follows_the_installed_libraries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import site

    monkeypatch.setattr(site, "getsitepackages", lambda: [str(tmp_path)])
    key = launch.server_key(os.environ)
    (tmp_path / "newlib-1.0.dist-info").mkdir()  # what pip install does
    os.utime(tmp_path, ns=(0, tmp_path.stat().st_mtime_ns + 1_000_000_000))
    assert launch.server_key(os.environ) != key


def test_stale_socket_is_removed(package: str, folder: Path) -> None:
    path = socket_for(env_for(package, folder))
    with socket.socket(socket.AF_UNIX) as dead:  # a server that died without cleaning up
        dead.bind(path)
    with open(launch.lock_path(path), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # ... unless a server holds the lock (starting up)
        assert launch.connect(path) is None and os.path.exists(path)
    assert launch.connect(path) is None and not os.path.exists(path)


def test_first_call_starts_a_server_for_the_next(package: str, folder: Path) -> None:
    env = env_for(package, folder)
    path = socket_for(env)
    with socket.socket(socket.AF_UNIX) as dead:  # and a stale socket does not stand in the way
        dead.bind(path)
    try:
        alone = tumen("analyze", str(ARTICLE), "--json", env=off(env))
        first = tumen("analyze", str(ARTICLE), "--json", env=env)
        assert (first.stdout, first.stderr, first.returncode) == (
            alone.stdout, alone.stderr, alone.returncode)
        wait_until_serving(path)
        answer = status(path)
        assert answer["served"] == 0
        pid = answer["pid"]
        assert isinstance(pid, int) and os.getsid(pid) == pid  # detached from our session
        second = tumen("analyze", str(ARTICLE), "--json", env=env)
        assert second.stdout == alone.stdout and served(path) == 1
    finally:
        stop(env)


def test_idle_server_exits(package: str, folder: Path) -> None:
    env = env_for(package, folder, TUMEN_RESIDENT_IDLE_SECONDS="1")
    proc, path = start_server(env)
    try:
        assert proc.wait(timeout=30) == 0
        assert proc.stderr is not None and proc.stderr.read() == b""
        assert not os.path.exists(path) and not os.path.exists(launch.lock_path(path))
        log = (folder / "resident.log").read_text()
        assert "idle for 1 s" in log and "exits after 0 calls" in log
    finally:
        stop(env, proc)


def test_second_server_exits_quietly_and_stop_ends_the_first(
    package: str, folder: Path
) -> None:
    env = env_for(package, folder)
    path = socket_for(env)
    procs = [subprocess.Popen([sys.executable, "-m", "tumen.resident", path], env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) for _ in range(2)]
    try:
        wait_until_serving(path)
        deadline = time.monotonic() + 30
        while all(proc.poll() is None for proc in procs):
            assert time.monotonic() < deadline, "both servers run"
            time.sleep(0.05)
        loser = next(proc for proc in procs if proc.poll() is not None)
        assert loser.returncode == 0 and loser.communicate()[1] == b""
        assert tumen("analyze", str(ARTICLE), env=env).returncode == 0
        out = tumen("resident", "stop", env=env)
        assert out.returncode == 0 and out.stderr.strip() == b"stopped 1 resident servers"
        assert [proc.wait(timeout=30) for proc in procs] == [0, 0]
        assert sorted(os.listdir(folder)) == ["resident.log"]
    finally:
        stop(env, *procs)


def test_changed_code_is_not_answered_by_the_old_server(tmp_path: Path, folder: Path) -> None:
    shutil.copytree(launch.PACKAGE_DIR, tmp_path / "pkg" / "tumen")
    env = env_for(str(tmp_path / "pkg"), folder)
    try:
        old = socket_for(env)
        first = tumen("analyze", str(ARTICLE), "--json", env=env)  # starts a server
        wait_until_serving(old)
        assert tumen("analyze", str(ARTICLE), "--json", env=env).stdout == first.stdout
        old_pid = status(old)["pid"]
        assert served(old) == 1
        changed = tmp_path / "pkg" / "tumen" / "analyze" / "__init__.py"
        info = changed.stat()
        os.utime(changed, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        new = socket_for(env)
        assert new != old
        again = tumen("analyze", str(ARTICLE), "--json", env=env)  # starts another server
        assert (again.stdout, again.returncode) == (first.stdout, 0)
        wait_until_serving(new)
        deadline = time.monotonic() + 30
        while launch.lock_held(old):  # ... which stops the server of the older code
            assert time.monotonic() < deadline, f"the old server runs: {server_log(old)}"
            time.sleep(0.05)
        log = (folder / "resident.log").read_text()
        # it answered nothing after the change
        assert f"pid {old_pid} exits after 1 calls" in log, log
        assert served(new) == 0, log
        assert tumen("analyze", str(ARTICLE), "--json", env=env).stdout == first.stdout
        assert served(new) == 1
    finally:
        stop(env)
