"""Watch rules: what to watch for, which changes trigger, and where to deliver."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from tumen.models import EVENT_TYPES, STATUSES, TOPICS

TRIGGERS: tuple[str, ...] = (
    "new_incident", "status_changed", "new_report", "silence", "new_document",
)
DEFAULT_TRIGGERS: tuple[str, ...] = ("new_incident", "status_changed", "new_report")
URGENCY_LEVELS: tuple[str, ...] = ("low", "medium", "high", "critical")


class RuleError(ValueError):
    """A rule that cannot be stored; the message says which field and why."""


@dataclass
class RuleFilters:
    """Conditions an event must meet; an empty list means 'any'."""

    topics: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    min_urgency: str | None = None
    keywords: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RuleFilters:
        """Filters from their stored JSON, ignoring unknown keys."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class WatchRule:
    """A stored watch rule and its delivery targets."""

    name: str
    filters: RuleFilters = field(default_factory=RuleFilters)
    triggers: list[str] = field(default_factory=lambda: list(DEFAULT_TRIGGERS))
    follow: list[int] = field(default_factory=list)  # incident ids for "new_report"
    silence_days: int = 7
    webhook_url: str | None = None
    webhook_secret: str | None = None
    email: str | None = None
    feed_token: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    enabled: bool = True
    created_at: datetime | None = None
    id: int | None = None

    def public(self) -> dict[str, Any]:
        """The rule as JSON for listings: the webhook secret is never shown."""
        data = asdict(self)
        data.pop("webhook_secret")
        data["has_secret"] = bool(self.webhook_secret)
        data["created_at"] = self.created_at.isoformat() if self.created_at else None
        return data


def _check_values(name: str, values: list[str], allowed: tuple[str, ...]) -> None:
    """Raise RuleError for a value outside its vocabulary."""
    bad = [v for v in values if v not in allowed]
    if bad:
        raise RuleError(f"{name}: unknown {', '.join(bad)} (known: {', '.join(allowed)})")


def validate_rule(rule: WatchRule) -> WatchRule:
    """The rule with normalised values; RuleError when something is wrong."""
    f = rule.filters
    f.countries = [c.strip().upper() for c in f.countries if c.strip()]
    f.keywords = [k.strip() for k in f.keywords if k.strip()]
    f.languages = [x.strip().lower() for x in f.languages if x.strip()]
    _check_values("topics", f.topics, TOPICS)
    _check_values("event_types", f.event_types, EVENT_TYPES)
    _check_values("statuses", f.statuses, STATUSES)
    _check_values("triggers", rule.triggers, TRIGGERS)
    if f.min_urgency is not None:
        _check_values("min_urgency", [f.min_urgency], URGENCY_LEVELS)
    if not rule.name.strip():
        raise RuleError("name: must not be empty")
    if not rule.triggers:
        raise RuleError("triggers: at least one is needed")
    if rule.silence_days < 1:
        raise RuleError("silence_days: must be at least 1")
    if rule.email is not None and "@" not in rule.email:
        raise RuleError(f"email: {rule.email!r} is not an address")
    return rule


def split_list(value: str | None) -> list[str]:
    """A comma-separated option as a list."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]


@dataclass
class AlertEvent:
    """One thing a rule matched, ready to store, show in its feed and deliver."""

    rule_id: int
    key: str  # unique per rule: the same change never makes two events
    kind: str  # one of TRIGGERS
    title: str
    payload: dict[str, Any]
    incident_id: int | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass
class Delivery:
    """A pending delivery of one event over one channel (webhook or email)."""

    id: int
    event: AlertEvent
    channel: str
    target: str
    attempts: int
    secret: str | None = None


@dataclass
class Attempt:
    """What one try to deliver did."""

    ok: bool
    status_code: int | None = None
    error: str | None = None
    duration_ms: int = 0
    permanent: bool = False  # a failure that retrying cannot fix (e.g. 4xx, bad address)
