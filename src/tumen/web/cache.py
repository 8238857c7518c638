"""Search results, dashboard data and whole responses reused until the SQLite database changes."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tumen.store.indexing import search_dir_for

T = TypeVar("T")
MISSING = object()  # VersionedLRU.get's answer when nothing valid is kept
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


def index_version(state: Any) -> Any:
    """A value that changes with every commit of the search index (its meta.json is replaced)."""
    path = search_dir_for(state.settings.db, state.settings.search_dir)
    try:
        st = os.stat(path / "meta.json") if path is not None else None
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size) if st else None


def data_version(state: Any) -> Any:
    """The app's data version, or None: the database's (see sqlite_version; PostgreSQL's WAL
    position) with the search index's, which a writer commits after the database."""
    shared = getattr(state, "shared_store", None)
    if shared is not None:
        reader: SharedRead | None = getattr(state, "shared_version", None)
        version: Callable[[], Any] | None = getattr(shared, "data_version", None)
        db = reader.get() if reader is not None else version() if version is not None else None
    else:
        db = sqlite_version(state.settings.db)
    # Both parts: a result computed between the two commits is kept under the database's
    # new version with the index's old one, and is dropped once the index commits.
    return None if db is None else (db, index_version(state))


class SharedRead:
    """One read answering every caller that arrived before it began (PostgreSQL's version).

    Each request of a cached path asks for the database's version: on PostgreSQL a round
    trip, which cost the warm paths three quarters of their throughput. A caller never takes
    the answer of a read already under way (it may predate the caller's arrival, and a commit
    the caller has seen); it waits for the next read, which answers everyone waiting then.
    """

    def __init__(self, read: Callable[[], Any]) -> None:
        self.read = read
        self._cond = threading.Condition()
        self._started = self._finished = 0  # reads begun and the last one ended
        self._running = False
        self._value: Any = None

    def get(self) -> Any:
        """The value of a read begun after this call."""
        with self._cond:
            wanted = self._started + 1
            while self._finished < wanted:
                if self._running:
                    self._cond.wait()
                    continue
                self._running, self._started = True, self._started + 1
                mine, value = self._started, None
                self._cond.release()
                try:
                    value = self.read()
                finally:
                    self._cond.acquire()
                    self._running, self._finished, self._value = False, mine, value
                    self._cond.notify_all()
            return self._value


class VersionedLRU:
    """Values kept with the database version they were made at; the least recent go first."""

    def __init__(self, limit: int, weigh: Callable[[Any], int] = lambda _: 1) -> None:
        self.limit, self.weigh = limit, weigh
        self._data: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Any) -> Any:
        """The value kept for key at this version, else MISSING."""
        with self._lock:
            hit = self._data.get(key)
            if hit is None or hit[0] != version:
                return MISSING
            self._data.move_to_end(key)
            return hit[1]

    def put(self, key: Hashable, version: Any, value: Any) -> None:
        """Keep a value, dropping the least recently used until within the limit."""
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._weight -= self.weigh(old[1])
            self._data[key] = (version, value)
            self._weight += self.weigh(value)
            while self._weight > self.limit and self._data:
                self._weight -= self.weigh(self._data.popitem(last=False)[1][1])


class ResultCache:
    """A small LRU of computed results, each valid for the database version it was made at."""

    def __init__(self, version: Callable[[], Any], size: int = 512) -> None:
        self.version = version
        self._kept = VersionedLRU(size)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for key at the current version, computing it when missing."""
        version = self.version()
        if version is None:  # no WAL yet, or an unreadable version: always compute
            return compute()
        value = self._kept.get(key, version)
        if value is MISSING:
            value = compute()
            self._kept.put(key, version, value)
        return cast(T, value)


@dataclass
class _Stored:
    """One whole 200 response: the headers of its start message, and its body."""

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
        self.max_entry = max_entry
        self._kept = VersionedLRU(max_bytes, lambda stored: len(stored.body))
        self.hits = 0  # read by tests and nothing else

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        version = await self._version(scope)
        if version is None:
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope.get("query_string", b""))
        stored = self._kept.get(key, version)
        if stored is not MISSING:
            self.hits += 1
            await send({"type": "http.response.start", "status": 200,
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
        self._kept.put(key, version, _Stored(headers, body))
