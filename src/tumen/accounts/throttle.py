"""Login throttling (kept in the store) and a per-client request rate limiter (per app)."""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from tumen.accounts.base import AccountStore


@dataclass(frozen=True)
class LoginPolicy:
    """How many failed logins a username or an IP may make in a window."""

    per_user: int = 5
    per_ip: int = 20
    window_minutes: int = 15


def _since(policy: LoginPolicy, now: datetime) -> str:
    return (now - timedelta(minutes=policy.window_minutes)).isoformat()


def login_blocked(store: AccountStore, policy: LoginPolicy, username: str, ip: str,
                  now: datetime | None = None) -> bool:
    """Whether this username or this IP has failed too often recently."""
    by_user, by_ip = store.login_failures(username, ip, _since(policy, now or datetime.now(UTC)))
    return by_user >= policy.per_user or by_ip >= policy.per_ip


def note_failure(store: AccountStore, username: str, ip: str, now: datetime | None = None) -> None:
    """Count one failed login."""
    store.add_login_failure(username[:200], ip, (now or datetime.now(UTC)).isoformat())


@dataclass
class RateLimiter:
    """Sliding-window limit of requests per client key (one instance per app)."""

    limit: int
    period: float = 60.0
    hits: dict[str, deque[float]] = field(default_factory=dict)

    def allow(self, key: str, now: float | None = None) -> float:
        """0 when the request may go ahead, else the seconds to wait."""
        if self.limit <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        window = self.hits.setdefault(key, deque())
        while window and window[0] <= now - self.period:
            window.popleft()
        if len(window) >= self.limit:
            return max(0.001, window[0] + self.period - now)
        window.append(now)
        if len(self.hits) > 10_000:  # forget idle clients so memory stays bounded
            for k in [k for k, w in self.hits.items() if not w or w[-1] <= now - self.period]:
                del self.hits[k]
        return 0.0
