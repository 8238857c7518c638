"""Search results, dashboard data and whole responses reused until the SQLite database changes."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

T = TypeVar("T")
# The WAL-index header at the start of the -shm file holds a change counter, the last
# frame and the salts: it differs after every commit, also when file times are coarse.
_SHM_HEADER = 48
# The pages most requested by readers, whose content is a function of the URL and the data
CACHED_PATHS = frozenset({"/", "/search", "/api/v1/search"})


def sqlite_version(db: str) -> tuple[Any, ...] | None:
    """A value that changes whenever the database commits; None where it cannot be read."""
    if "://" in db or db == ":memory:":
        return None
    try:
        main = os.stat(db)
        with open(db + "-shm", "rb") as shm:
            header = shm.read(_SHM_HEADER)
    except OSError:
        return None
    return (main.st_mtime_ns, main.st_size, header)


def data_version(state: Any) -> Any:
    """The app's database version (see sqlite_version; PostgreSQL's WAL position), or None."""
    shared = getattr(state, "shared_store", None)
    if shared is not None:
        version: Callable[[], Any] | None = getattr(shared, "data_version", None)
        return version() if version is not None else None
    return sqlite_version(state.settings.db)


class ResultCache:
    """A small LRU of computed results, each valid for the database version it was made at."""

    def __init__(self, version: Callable[[], Any], size: int = 512) -> None:
        self.version = version
        self.size = size
        self._data: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for key at the current version, computing it when missing."""
        version = self.version()
        if version is None:  # no WAL yet, or an unreadable version: always compute
            return compute()
        with self._lock:
            hit = self._data.get(key)
            if hit is not None and hit[0] == version:
                self._data.move_to_end(key)
                value: T = hit[1]
                return value
        value = compute()
        with self._lock:
            self._data[key] = (version, value)
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value


@dataclass
class _Stored:
    """One whole response: its start message's status and headers, and its body."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """Whole responses to anonymous GETs of the busiest read-only paths, kept per database version.

    It sits inside AuthMiddleware, which has already refused, rate-limited and identified the
    request; only requests from nobody (no session, no token) are answered from it, so a
    page that depends on who is asking is never shared.
    """

    def __init__(self, app: ASGIApp, state: Any, paths: frozenset[str] = CACHED_PATHS,
                 max_bytes: int = 32 * 1024 * 1024, max_entry: int = 512 * 1024) -> None:
        self.app, self.state, self.paths = app, state, paths
        self.max_bytes, self.max_entry = max_bytes, max_entry
        self._data: OrderedDict[tuple[str, bytes], tuple[Any, _Stored]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0  # read by tests and nothing else

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        version = await self._version(scope)
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        stored = self._lookup(key, version)
        if stored is not None:
            await send({"type": "http.response.start", "status": stored.status,
                        "headers": list(stored.headers)})
            await send({"type": "http.response.body", "body": stored.body})
            return
        await self._fill(scope, receive, send, key, version)

    async def _version(self, scope: Scope) -> Any:
        """The database version when this request may use the cache, else None."""
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] not in self.paths:
            return None
        state = scope.get("state") or {}
        # "auth" is "" only once AuthMiddleware has found neither a session nor a token
        if state.get("auth") != "" or state.get("user") is not None:
            return None
        if getattr(self.state, "shared_store", None) is not None:  # a round trip to PostgreSQL
            return await run_in_threadpool(data_version, self.state)
        return data_version(self.state)

    def _lookup(self, key: tuple[str, bytes], version: Any) -> _Stored | None:
        with self._lock:
            hit = self._data.get(key)
            if hit is None or hit[0] != version:
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return hit[1]

    async def _fill(self, scope: Scope, receive: Receive, send: Send,
                    key: tuple[str, bytes], version: Any) -> None:
        """Run the app, passing its response on and keeping a copy when it may be shared."""
        start: Message = {}
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, version, start, b"".join(chunks))
            await send(message)

        await self.app(scope, receive, keep)

    def _store(self, key: tuple[str, bytes], version: Any, start: Message, body: bytes) -> None:
        headers = [(bytes(k), bytes(v)) for k, v in start.get("headers", [])]
        # only complete 200s that set nothing on the client and are not too big to keep
        if (start.get("status") != 200 or len(body) > self.max_entry
                or any(k.lower() == b"set-cookie" for k, _ in headers)):
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._size -= len(old[1].body)
            self._data[key] = (version, _Stored(200, headers, body))
            self._size += len(body)
            while self._size > self.max_bytes and self._data:
                self._size -= len(self._data.popitem(last=False)[1][1].body)
