"""`tumen serve`: one process or several workers that all read the same settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tumen.config import Settings
from tumen.web.app import settings_environment


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_settings_survive_the_trip_to_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = Settings(db="/tmp/elsewhere.db", allow_addresses=["10.0.0.0/8"], workers=3,
                      cookie_secure=False, api_rate_limit=7, near_duplicate_threshold=0.7)
    env = settings_environment(chosen)
    assert "TUMEN_PORT" not in env  # defaults stay out of the environment
    for name in [n for n in os.environ if n.startswith("TUMEN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Settings(**{}) == chosen


def test_two_workers_serve_the_app(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TUMEN_")}
    tumen = str(Path(sys.executable).parent / "tumen")
    server = subprocess.Popen(
        [tumen, "serve", "--db", str(tmp_path / "t.db"), "--port", str(port), "--workers", "2"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        answers = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(answers) < 4:
            try:
                answers.append(httpx.get(f"http://127.0.0.1:{port}/api/v1/sources", timeout=5))
            except httpx.TransportError:
                time.sleep(0.2)
        assert [a.status_code for a in answers] == [200] * 4 and answers[0].json() == []
    finally:
        server.terminate()
        out = server.communicate(timeout=30)[0].decode()
    workers = {line.split("[")[-1] for line in out.splitlines()
               if "Started server process" in line}
    assert len(workers) == 2, out


def test_the_korean_analyser_is_loaded_before_the_first_request(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tumen.morphology import kiwi
    from tumen.web.app import create_app

    kiwi.cache_clear()
    app = create_app(Settings(db=str(tmp_path / "t.db")))
    with TestClient(app):  # runs the lifespan, as uvicorn does before it accepts requests
        assert kiwi.cache_info().currsize == 1


def test_every_kind_of_answer_carries_the_security_headers(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from tumen.web.app import CSP, create_app

    client = TestClient(create_app(Settings(db=str(tmp_path / "h.db"))))
    for path in ("/", "/api/v1/sources", "/static/app.css", "/no-such-page", "/feeds/latest.atom",
                 "/api/v1/documents?limit=0"):
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CSP, path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
