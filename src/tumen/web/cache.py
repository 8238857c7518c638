"""Search results and dashboard data reused until the SQLite database changes."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
# The WAL-index header at the start of the -shm file holds a change counter, the last
# frame and the salts: it differs after every commit, also when file times are coarse.
_SHM_HEADER = 48


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


class ResultCache:
    """A small LRU of computed results, each valid for the database version it was made at."""

    def __init__(self, db: str, size: int = 512) -> None:
        self.db = db
        self.size = size
        self._data: OrderedDict[Hashable, tuple[Any, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for key at the current version, computing it when missing."""
        version = sqlite_version(self.db)
        if version is None:  # PostgreSQL, or no WAL yet: nothing to key on, always compute
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
