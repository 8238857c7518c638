"""Property-based tests of the API against its own OpenAPI schema (schemathesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from test_web_pages import build_app


def _load() -> Any:
    """The app's /openapi.json, loaded in process over a filled temporary database."""
    app, _ = build_app(Path(tempfile.mkdtemp(prefix="tumen-schema-")) / "tumen.db")
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = _load()


@schema.parametrize()
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any) -> None:
    """No 500, no undocumented status, every response matches its declared schema."""
    case.call_and_validate()
