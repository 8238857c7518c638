"""Conversion of analysis records to and from JSON for storage and output."""

from __future__ import annotations

import json
from typing import Any

from tumen.models import Analysis, Entity, Event, Evidence, Statistic
from tumen.plain import to_plain


def analysis_to_json(analysis: Analysis) -> str:
    """Serialise an analysis."""
    return json.dumps(to_plain(analysis), ensure_ascii=False)


def _evidence(data: dict[str, Any]) -> Evidence:
    return Evidence(text=data["text"], start=data["start"], end=data["end"])


def analysis_from_json(text: str | None) -> Analysis | None:
    """Deserialise an analysis stored by analysis_to_json."""
    if not text:
        return None
    data = json.loads(text)
    return Analysis(
        language=data.get("language"),
        topics=list(data.get("topics", [])),
        entities=[Entity(**e) for e in data.get("entities", [])],
        events=[
            Event(**{**e, "evidence": _evidence(e["evidence"])}) for e in data.get("events", [])
        ],
        statistics=[
            Statistic(**{**s, "evidence": _evidence(s["evidence"])})
            for s in data.get("statistics", [])
        ],
        analysed=bool(data.get("analysed", True)),
    )
