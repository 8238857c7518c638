"""Readable API documentation at /docs: Swagger UI, vendored, over /openapi.json."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from tumen.web.deps import render

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """Every API operation with its parameters, answers and a form to try it."""
    return render(request, "api_docs.html", {})


@router.get("/redoc")
def redoc() -> RedirectResponse:
    """The address other FastAPI apps use for their documentation."""
    return RedirectResponse("/docs", status_code=308)
