"""Start-up of `tumen`: `tumen analyze` is answered by a resident server when one runs.

A new Python process spends most of a `tumen analyze` call importing libraries and loading
models (see bench/analyze.py).  This module imports only the standard library, so it starts
in a few milliseconds; for the commands in RESIDENT_COMMANDS (pure functions of their input)
it hands argv, working directory, environment and its own stdin/stdout/stderr to a resident
server (tumen.resident), which forks a warm copy of itself to run the command, and exits
with that command's status.  With no server running the command runs in this process as
before, and a server is started in the background for the next call.
"""

from __future__ import annotations

# Only built-in modules here: `socket`, `json`, `hashlib`, `signal` and `contextlib` pull in
# enum, re, OpenSSL and collections, which cost a call answered by the server 20-50 ms
# (measured: up to a third of the whole call on a busy machine).  _socket, _json, _blake2 and
# _signal are the C modules those wrap, in CPython since 3.6.
import _signal
import _socket
import errno
import os
import stat
import struct
import sys

from tumen import __version__

try:
    from _blake2 import blake2b  # what hashlib.blake2b is, without loading OpenSSL
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b
try:
    from _json import encode_basestring_ascii
except ImportError:  # pragma: no cover
    from json.encoder import encode_basestring_ascii

TYPE_CHECKING = False  # mypy takes it as true; typing itself costs milliseconds to import
if TYPE_CHECKING:
    from collections.abc import Mapping

    Environment = Mapping[str, str]

# Commands that neither write nor run for long: the only ones a shared server may answer.
RESIDENT_COMMANDS = frozenset({"analyze"})
# The values pydantic reads as false, so Settings.resident and this module agree.
OFF = frozenset({"0", "off", "f", "false", "n", "no"})
DEFAULT_IDLE_SECONDS = 600.0
# Start-up state that a forked server cannot change afterwards; a different value is a
# different server (so are the executable, sys.flags, -W and -X options).
KEY_ENVIRONMENT = ("LANG", "LC_ALL", "LC_CTYPE", "PYTHONIOENCODING", "PYTHONUTF8",
                   "PYTHONPATH", "PYTHONHASHSEED", "PYTHONWARNINGS")
PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
HEADER = struct.Struct("!I")  # length of a JSON message
RECORD = struct.Struct("!ci")  # b"P" + pid of the child, then b"E" + exit status (-N: signal N)
MAX_MESSAGE = 16 << 20
MAX_SOCKET_PATH = 107  # sun_path holds 108 bytes with the final NUL
FORWARDED_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


def main() -> None:
    """Entry point of the `tumen` script and of `python -m tumen`."""
    argv = sys.argv[1:]
    if argv and argv[0] in RESIDENT_COMMANDS and supported() and enabled(os.environ):
        path = socket_path(os.environ)
        if path is not None:
            status = run_resident(path)
            if status is not None:
                exit_with(status)
            spawn_server(path)
    from tumen.cli import main as cli_main

    cli_main()


def supported() -> bool:
    """True where a server can fork and pass file descriptors (not on Windows)."""
    return (hasattr(os, "fork") and hasattr(_socket, "AF_UNIX")
            and hasattr(_socket.socket, "sendmsg") and hasattr(_socket, "SO_PEERCRED"))


def enabled(env: Environment) -> bool:
    """False when $TUMEN_RESIDENT turns the resident server off."""
    return env.get("TUMEN_RESIDENT", "on").strip().lower() not in OFF


def idle_seconds(env: Environment) -> float:
    """$TUMEN_RESIDENT_IDLE_SECONDS: how long a server waits for work before it exits."""
    try:
        value = float(env.get("TUMEN_RESIDENT_IDLE_SECONDS", DEFAULT_IDLE_SECONDS))
    except ValueError:
        return DEFAULT_IDLE_SECONDS
    return value if value > 0 else DEFAULT_IDLE_SECONDS


def resident_dir(env: Environment) -> str | None:
    """The private (0700, ours) folder of the sockets, made if missing; None if unsafe."""
    if not supported():
        return None
    base = env.get("TUMEN_RESIDENT_DIR", "")
    if not base:
        runtime = env.get("XDG_RUNTIME_DIR", "")
        base = os.path.join(runtime, "tumen") if runtime else f"/tmp/tumen-{os.getuid()}"
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        info = os.lstat(base)
    except OSError:
        return None
    # anyone who can write here could answer our commands or read our environment
    if (not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid()
            or info.st_mode & 0o077):
        return None
    return base


def server_key(env: Environment, root: str = PACKAGE_DIR) -> str:
    """A digest of the interpreter, its start-up settings, every file of the package and
    the installed libraries."""
    digest = _setup_digest(env, root)
    _digest_tree(digest, root, "")
    # installing, upgrading or removing a library changes the entries of site-packages
    site = sys.modules.get("site")
    folders = [*site.getsitepackages(), site.getusersitepackages()] if site else []
    for folder in folders:
        try:
            digest.update(f"{folder}\0{os.stat(folder).st_mtime_ns}\0".encode(
                "utf-8", "surrogateescape"))
        except OSError:
            continue
    return digest.hexdigest()


def setup_key(env: Environment, root: str = PACKAGE_DIR) -> str:
    """The part of server_key without the files: equal for servers of older code."""
    return _setup_digest(env, root).hexdigest()


def _setup_digest(env: Environment, root: str) -> blake2b:
    digest = blake2b(digest_size=8)
    # python and python3 of one virtual environment are one interpreter: its real file
    # and its prefix (the environment) name it
    for part in (os.path.realpath(sys.executable), sys.prefix, sys.version, repr(sys.flags),
                 repr(sys.warnoptions), repr(sorted(sys._xoptions.items())), __version__, root,
                 *(f"{name}={env.get(name, '')}" for name in KEY_ENVIRONMENT)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest


def _digest_tree(digest: blake2b, folder: str, prefix: str) -> None:
    """Add the name, mtime and size of every file under folder (no __pycache__)."""
    try:
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            if entry.name != "__pycache__":
                _digest_tree(digest, entry.path, f"{prefix}{entry.name}/")
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        line = f"{prefix}{entry.name}\0{info.st_mtime_ns}\0{info.st_size}\0"
        digest.update(line.encode("utf-8", "surrogateescape"))


def socket_path(env: Environment, root: str = PACKAGE_DIR) -> str | None:
    """Where the server for this interpreter and this code listens; None if nowhere safe."""
    folder = resident_dir(env)
    if folder is None:
        return None
    path = os.path.join(folder, f"{server_key(env, root)}.sock")
    # the server binds a temporary name a little longer than this one first
    return path if len(os.fsencode(path)) + 12 <= MAX_SOCKET_PATH else None


def lock_path(sock_path: str) -> str:
    """The lock file held by the server of a socket for all its life."""
    return sock_path.removesuffix(".sock") + ".lock"


def prog_name() -> str:
    """The program name click would show in usage lines ('tumen', 'python -m tumen')."""
    main_module = sys.modules.get("__main__")
    package = getattr(main_module, "__package__", None)
    if not package:
        return os.path.basename(sys.argv[0])
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def connect(path: str, timeout: float | None = None) -> _socket.socket | None:
    """A connection to the server at path, or None (a dead server's socket is removed)."""
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(path)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.ECONNREFUSED:
            remove_stale(path)
        return None
    return sock


def remove_stale(path: str) -> bool:
    """Remove the socket of a server that died without doing so; False if one may live."""
    import fcntl

    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    try:
        # only the lock holder binds this path: with the lock free nobody is about to
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.path.lexists(path):
            os.unlink(path)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def lock_held(path: str) -> bool:
    """True while a server holds the lock of the socket at path (serving or warming up)."""
    import fcntl

    try:
        fd = os.open(lock_path(path), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def send_message(sock: _socket.socket, value: dict[str, object],
                 fds: list[int] | None = None) -> None:
    """A length-prefixed JSON message, with file descriptors attached to its first byte."""
    data = to_json(value).encode("ascii")
    frame = HEADER.pack(len(data)) + data
    sent = 0
    if fds:  # what socket.send_fds does
        rights = struct.pack(f"{len(fds)}i", *fds)
        sent = sock.sendmsg([frame], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
    if sent < len(frame):  # sendall(b"") would still send, and fail if the peer has gone
        sock.sendall(frame[sent:])


def to_json(value: object) -> str:
    """JSON (ASCII) of str, int, float, bool, None, list and dict values, as json.dumps
    writes it: json itself would import re."""
    if isinstance(value, str):
        return encode_basestring_ascii(value)
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(to_json(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{encode_basestring_ascii(str(key))}: {to_json(item)}"
                               for key, item in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def receive_exactly(sock: _socket.socket, size: int, start: bytes = b"") -> bytes | None:
    """size bytes from sock (beginning with start), or None if it closes first."""
    chunks = [start]
    have = len(start)
    while have < size:
        chunk = sock.recv(min(size - have, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        have += len(chunk)
    return b"".join(chunks)


def receive_message(sock: _socket.socket, start: bytes = b"") -> dict[str, object] | None:
    """A message sent by send_message (start: bytes of it already read), or None."""
    head = receive_exactly(sock, HEADER.size, start[:HEADER.size])
    if head is None:
        return None
    (size,) = HEADER.unpack(head)
    if size > MAX_MESSAGE:
        raise ValueError(f"message of {size} bytes")
    body = receive_exactly(sock, size, start[HEADER.size:])
    if body is None:
        return None
    import json  # only the server and `tumen resident` read messages

    value = json.loads(body)
    if not isinstance(value, dict):
        raise ValueError("message is not an object")
    return value


def receive_record(sock: _socket.socket) -> tuple[bytes, int] | None:
    """One (kind, value) record from the server, or None if it closed the connection."""
    data = receive_exactly(sock, RECORD.size)
    if data is None:
        return None
    kind, value = RECORD.unpack(data)
    return kind, value


def run_resident(path: str) -> int | None:
    """Exit status of this command run by the server at path; None if none ran it."""
    sock = connect(path)
    if sock is None:
        return None
    try:
        request = {"op": "run", "argv": sys.argv, "prog": prog_name(),
                   "cwd": os.getcwd(), "env": dict(os.environ), "umask": _umask()}
        send_message(sock, request, [0, 1, 2])
    except OSError:  # a closed standard stream, a deleted working directory, ...
        sock.close()
        return None
    try:
        return _await_exit(sock)
    finally:
        sock.close()


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _await_exit(sock: _socket.socket) -> int | None:
    """The exit status the server reports, forwarding our signals to the child running it."""
    pending: list[int] = []
    child: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        if child:
            try:  # noqa: SIM105 - contextlib is slow to import
                os.kill(child[0], signum)
            except ProcessLookupError:
                pass
        else:
            pending.append(signum)

    numbers = [getattr(_signal, name) for name in FORWARDED_SIGNALS]
    previous = {number: _signal.signal(number, forward) for number in numbers}
    try:
        started = receive_record(sock)
        if started is None or started[0] != b"P":
            # the server closed before starting the command: nothing of it ran
            if not pending:
                return None
            return 130 if pending[0] == _signal.SIGINT else -pending[0]
        child.append(started[1])
        for signum in pending:
            forward(signum, None)
        ended = receive_record(sock)
    except OSError:
        ended = None
    finally:
        for number, handler in previous.items():
            _signal.signal(number, handler)
    if ended is None or ended[0] != b"E":
        sys.stderr.write("error: the resident tumen server stopped before the command "
                         "finished (TUMEN_RESIDENT=off runs commands in their own process)\n")
        return 1
    return ended[1]


def exit_with(status: int) -> None:
    """Exit as the command did: with its status, or killed by the same signal."""
    sys.stderr.flush()
    if status < 0:
        _signal.signal(-status, _signal.SIG_DFL)
        os.kill(os.getpid(), -status)
        status = 128 - status
    # nothing of ours is left to flush or close: skip the interpreter's shutdown (~2 ms)
    os._exit(status & 0xFF)


def spawn_server(path: str) -> None:
    """Start a server for path in the background, detached from this terminal and process."""
    if lock_held(path):
        return  # one is warming up already
    import subprocess

    flags: list[str] = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined]
    command = [sys.executable, *flags, "-m", "tumen.resident", path]
    # close_fds and /dev/null: the server must not hold our caller's pipes open
    try:  # noqa: SIM105 - contextlib is slow to import
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, cwd="/", start_new_session=True,
                         close_fds=True)
    except OSError:
        pass


def query(path: str, op: str, timeout: float = 10.0) -> dict[str, object] | None:
    """The answer of the server at path to a control request (status, stop), or None."""
    sock = connect(path, timeout)
    if sock is None:
        return None
    try:
        send_message(sock, {"op": op})
        return receive_message(sock)
    except (OSError, ValueError):
        return None
    finally:
        sock.close()


def server_sockets(folder: str) -> list[str]:
    """Sockets of the servers in folder (of every interpreter and code version)."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, n) for n in names if n.endswith(".sock") and "." not in n[:-5]]


def server_statuses(env: Environment) -> list[dict[str, object]]:
    """The status of every server in the resident folder; `current` marks ours."""
    folder = resident_dir(env)
    if folder is None:
        return []
    ours = socket_path(env)
    found = []
    for path in server_sockets(folder):
        answer = query(path, "status")
        if answer is not None:
            found.append({**answer, "current": path == ours})
    return found


def stop_servers(env: Environment, wait: float = 10.0) -> int:
    """Stop every server in the resident folder, warming ones too; return how many."""
    import time

    folder = resident_dir(env)
    if folder is None:
        return 0
    stopping = []
    for path in server_sockets(folder):
        if query(path, "stop") is not None:
            stopping.append(path)
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name.removesuffix(".lock") + ".sock")
        if name.endswith(".lock") and path not in stopping and lock_held(path):
            # still warming up (no socket yet): the pid is in its lock file
            try:
                with open(os.path.join(folder, name), encoding="ascii") as f:
                    os.kill(int(f.read().strip()), _signal.SIGTERM)
                stopping.append(path)
            except (OSError, ValueError):
                pass
    deadline = time.monotonic() + wait
    while any(lock_held(p) for p in stopping) and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(stopping)
