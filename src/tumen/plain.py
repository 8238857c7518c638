"""Records as JSON-ready values, without importing the store (for `tumen analyze`)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any


def to_plain(value: Any) -> Any:
    """Dataclasses, datetimes and containers as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value
