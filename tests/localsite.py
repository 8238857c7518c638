"""A small threaded HTTP server on 127.0.0.1 for tests: routes in, recorded requests out.

Usage::

    from localsite import Response, conditional, redirect, serve

    with serve({"/": b"<html>hi</html>", "/old": redirect("/")}) as site:
        httpx.get(site.url("/"))
        site.routes["/new"] = Response(body=b"published later")  # change routes while running
        assert site.paths() == ["/"]

A route value is one of:

- ``bytes`` or ``str``: a 200 answer with that body (``str`` is sent as UTF-8 HTML);
- a :class:`Response` (status, headers, body, delay before answering);
- a callable taking the :class:`Request` and returning either of the above.

Routes are matched on the full path with its query string first, then on the path
alone; anything else is a 404. Every request is recorded in ``site.requests`` with
its headers (names lower-cased) and the ``time.monotonic()`` it arrived at.
A :class:`Response` body may also be a callable returning an iterable of chunks,
for bodies too large to hold (``site.sent`` counts the bytes actually written).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Request:
    """One request the site received."""

    method: str
    path: str
    headers: dict[str, str]
    time: float  # time.monotonic() when the request line was read
    body: bytes = b""


ChunkSource = Callable[[], Iterable[bytes]]


@dataclass
class Response:
    """An answer: status, headers, body, and how long to wait before sending it."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | ChunkSource = b""
    delay: float = 0.0  # seconds to wait before answering; float("inf") hangs until shutdown
    chunk_delay: float = 0.0  # seconds between chunks of a streamed body


Answer = bytes | str | Response
Route = Answer | Callable[[Request], Answer]


def redirect(location: str, status: int = 302) -> Response:
    """A redirect to ``location`` (absolute, or a path on this site)."""
    return Response(status=status, headers={"Location": location})


def conditional(
    body: bytes, etag: str | None = None, last_modified: str | None = None,
    content_type: str = "text/html; charset=utf-8",
) -> Callable[[Request], Response]:
    """A route answering 304 when the request's validators match, else 200 with the body."""

    def answer(request: Request) -> Response:
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = last_modified
        if _not_modified(request.headers, etag, last_modified):
            return Response(status=304, headers=headers)
        return Response(body=body, headers=headers)

    return answer


def _not_modified(headers: Mapping[str, str], etag: str | None, last_modified: str | None) -> bool:
    """RFC 9110 evaluation: If-None-Match wins over If-Modified-Since."""
    if "if-none-match" in headers:
        tags = [t.strip() for t in headers["if-none-match"].split(",")]
        return etag is not None and (etag in tags or "*" in tags)
    if "if-modified-since" in headers and last_modified:
        try:
            since = parsedate_to_datetime(headers["if-modified-since"])
            return parsedate_to_datetime(last_modified) <= since
        except (TypeError, ValueError):
            return False
    return False


def repeat(chunk: bytes, count: int) -> ChunkSource:
    """A streamed body of ``count`` copies of ``chunk``, never held in memory at once."""
    return lambda: (chunk for _ in range(count))


class Site:
    """A running local site: its routes, the requests it got, and its address."""

    def __init__(self, routes: Mapping[str, Route]) -> None:
        self.routes: dict[str, Route] = dict(routes)
        self.requests: list[Request] = []
        self.sent = 0  # body bytes written to clients, streamed bodies included
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.port: int = self.server.server_address[1]

    def url(self, path: str = "/") -> str:
        """The absolute URL of ``path`` on this site."""
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        """The paths requested so far, in order."""
        with self.lock:
            return [r.path for r in self.requests]

    def count(self, path: str) -> int:
        """How many times ``path`` was requested."""
        return self.paths().count(path)

    def times(self, path: str | None = None) -> list[float]:
        """Arrival times (monotonic) of the requests, optionally for one path only."""
        with self.lock:
            return [r.time for r in self.requests if path is None or r.path == path]

    def record(self, request: Request) -> None:
        """Remember a request (called by the handler threads)."""
        with self.lock:
            self.requests.append(request)

    def answer(self, request: Request) -> Response:
        """The response the routes give for ``request``."""
        route = self.routes.get(request.path)
        if route is None:
            route = self.routes.get(request.path.split("?", 1)[0])
        if route is None:
            return Response(status=404, body=b"not found")
        answer = route(request) if callable(route) else route
        if isinstance(answer, str):
            html = {"Content-Type": "text/html; charset=utf-8"}
            return Response(body=answer.encode(), headers=html)
        if isinstance(answer, bytes):
            return Response(body=answer)
        return answer


def _handler_for(site: Site) -> type[BaseHTTPRequestHandler]:
    """A handler class bound to ``site`` (the stdlib server wants a class, not an instance)."""
    return type("Handler", (_Handler,), {"site": site})


class _Handler(BaseHTTPRequestHandler):
    """Answers from ``site.routes`` and records each request in ``site.requests``."""

    protocol_version = "HTTP/1.1"
    site: Site

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _serve(self) -> None:
        site = self.site
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(
            method=self.command, path=self.path, time=time.monotonic(),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=self.rfile.read(length) if length else b"",
        )
        site.record(request)
        response = site.answer(request)
        if response.delay and site.stopping.wait(
            None if response.delay == float("inf") else response.delay
        ):
            return
        try:
            self._send(response)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        names = {k.lower() for k in response.headers}
        for name, value in response.headers.items():
            self.send_header(name, value)
        if "date" not in names:
            self.send_header("Date", formatdate(usegmt=True))
        body = response.body
        if isinstance(body, bytes):
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD" and response.status not in (204, 304):
                self._write([body], 0.0)
            return
        if "content-length" not in names:
            # No length: the body ends when the connection closes.
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self._write(body(), response.chunk_delay)

    def _write(self, chunks: Iterable[bytes], pause: float) -> None:
        for chunk in _paced(chunks, pause, self.site.stopping):
            self.wfile.write(chunk)
            with self.site.lock:
                self.site.sent += len(chunk)
        self.wfile.flush()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: pytest shows failures, not access logs."""


def _paced(chunks: Iterable[bytes], pause: float, stop: threading.Event) -> Iterator[bytes]:
    """Yield chunks with ``pause`` seconds between them, stopping early at shutdown."""
    for chunk in chunks:
        if stop.is_set():
            return
        yield chunk
        if pause and stop.wait(pause):
            return


@contextmanager
def serve(routes: Mapping[str, Route] | None = None) -> Iterator[Site]:
    """Run a :class:`Site` on a free port of 127.0.0.1 for the duration of the block."""
    site = Site(routes or {})
    # A short poll interval keeps shutdown (and so each test) fast.
    thread = threading.Thread(target=site.server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stopping.set()
        site.server.shutdown()
        site.server.server_close()
        thread.join(timeout=5)
