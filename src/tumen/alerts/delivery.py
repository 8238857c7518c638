"""Delivery of alert events: signed webhooks and e-mail, retried with backoff, all logged."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import ssl
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from functools import cache
from typing import Any, Protocol

import httpx
import jinja2

from tumen.alerts.rules import AlertEvent, Attempt, Delivery
from tumen.config import Settings
from tumen.fetch import FetchError, pinned_request, web_client
from tumen.models import web_address

SIGNATURE_HEADER = "X-Tumen-Signature-256"
MAX_PARALLEL = 8
RETRY_STATUSES = frozenset({408, 425, 429})


class AlertStore(Protocol):
    """The store methods delivery needs (SQLiteStore has them)."""

    def pending_deliveries(self, now: datetime) -> list[Delivery]: ...

    def record_attempts(self, delivery_id: int, attempts: Sequence[Attempt], status: str,
                        next_attempt_at: datetime, now: datetime) -> None: ...


@dataclass
class DeliveryReport:
    """What one round of delivery did."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    attempts: int = 0
    errors: list[str] = field(default_factory=list)


def sign(secret: str, body: bytes) -> str:
    """The signature header value: 'sha256=' and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    """Whether a signature header matches the body (for receivers and tests)."""
    return hmac.compare_digest(sign(secret, body), header)


def event_body(event: AlertEvent) -> bytes:
    """The JSON a webhook receives, byte for byte what is signed."""
    return json.dumps(event.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")


def send_webhook(url: str, secret: str | None, event: AlertEvent, settings: Settings) -> Attempt:
    """POST one event; never raises, the Attempt says what happened."""
    started = time.monotonic()
    body = event_body(event)
    headers = {"Content-Type": "application/json; charset=utf-8",
               "User-Agent": settings.user_agent, "X-Tumen-Event": event.kind,
               "X-Tumen-Delivery": f"{event.rule_id}:{event.key}"}
    if secret:
        headers[SIGNATURE_HEADER] = sign(secret, body)
    timeout = httpx.Timeout(settings.webhook_timeout, connect=settings.connect_timeout)
    # The fetcher's transport: the address checked is the one connected to (no second DNS
    # lookup to rebind), no proxy from the environment, no redirect to another address.
    try:
        with web_client(timeout) as client:
            request = pinned_request(client, "POST", url, settings.allow_addresses, headers,
                                     body)
            response = client.send(request)
    except FetchError as exc:
        return Attempt(ok=False, error=str(exc), permanent=True)
    except httpx.HTTPError as exc:
        return Attempt(ok=False, error=f"{type(exc).__name__}: {exc}"[:500],
                       duration_ms=_ms(started))
    code = response.status_code
    ok = 200 <= code < 300
    permanent = 400 <= code < 500 and code not in RETRY_STATUSES
    return Attempt(ok=ok, status_code=code, error=None if ok else f"HTTP {code}",
                   duration_ms=_ms(started), permanent=permanent)


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


@cache
def _templates() -> jinja2.Environment:
    """The e-mail, digest and brief templates shipped with the package."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tumen.alerts", "templates"),
        autoescape=jinja2.select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True,
    )
    env.filters["href"] = href
    env.filters["web"] = web_address
    return env


def href(url: str | None) -> str:
    """A link target that is http(s) or nothing: crawled URLs never become javascript:."""
    return url if url and url.startswith(("http://", "https://")) else "#"


def templates() -> jinja2.Environment:
    """The shared Jinja2 environment of tumen.alerts (HTML autoescaped)."""
    return _templates()


def render_email(event: AlertEvent) -> tuple[str, str, str]:
    """Subject, plain text and HTML of an alert e-mail."""
    context: dict[str, Any] = {"e": event.payload}
    text = templates().get_template("alert.txt").render(context)
    html = templates().get_template("alert.html").render(context)
    return f"[tumen] {event.title}"[:200], text, html


def build_message(settings: Settings, to: str, subject: str, text: str,
                  html: str | None) -> EmailMessage:
    """A multipart/alternative message: plain text first, HTML second."""
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = make_msgid(domain="tumen.local")
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def send_message(settings: Settings, msg: EmailMessage) -> Attempt:
    """Send one message over SMTP (STARTTLS and login as configured); never raises."""
    started = time.monotonic()
    if not settings.smtp_host:
        return Attempt(ok=False, error="no SMTP server configured (TUMEN_SMTP_HOST)",
                       permanent=True)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port,
                          timeout=settings.connect_timeout + settings.read_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        return Attempt(ok=False, error=f"recipient refused: {exc}"[:500], permanent=True,
                       duration_ms=_ms(started))
    except (smtplib.SMTPException, OSError) as exc:
        return Attempt(ok=False, error=f"{type(exc).__name__}: {exc}"[:500],
                       duration_ms=_ms(started))
    return Attempt(ok=True, duration_ms=_ms(started))


def send_email(to: str, event: AlertEvent, settings: Settings) -> Attempt:
    """E-mail one event in plain text and HTML."""
    subject, text, html = render_email(event)
    return send_message(settings, build_message(settings, to, subject, text, html))


def attempt_once(delivery: Delivery, settings: Settings) -> Attempt:
    """One try over the delivery's channel."""
    if delivery.channel == "webhook":
        secret = delivery.secret or settings.webhook_secret or None
        return send_webhook(delivery.target, secret, delivery.event, settings)
    if delivery.channel == "email":
        return send_email(delivery.target, delivery.event, settings)
    return Attempt(ok=False, error=f"unknown channel {delivery.channel!r}", permanent=True)


def attempt_with_retries(delivery: Delivery, settings: Settings,
                         sleep: Callable[[float], None] = time.sleep) -> list[Attempt]:
    """Up to settings.delivery_attempts tries, the pause doubling from settings.backoff."""
    attempts: list[Attempt] = []
    pause = settings.backoff
    for n in range(max(1, settings.delivery_attempts)):
        if n:
            sleep(pause)
            pause *= 2
        attempt = attempt_once(delivery, settings)
        attempts.append(attempt)
        if attempt.ok or attempt.permanent:
            break
    return attempts


def outcome(delivery: Delivery, attempts: Sequence[Attempt], settings: Settings,
            now: datetime) -> tuple[str, datetime]:
    """The delivery's new status and when to try again after these attempts."""
    last = attempts[-1]
    if last.ok:
        return "delivered", now
    total = delivery.attempts + len(attempts)
    if last.permanent or total >= settings.delivery_max_attempts:
        return "failed", now
    # Across ticks the wait keeps doubling, capped at an hour.
    wait = min(3600.0, max(settings.backoff, 1.0) * 2 ** min(total, 12))
    return "pending", now + timedelta(seconds=wait)


def deliver_pending(store: AlertStore, settings: Settings, now: datetime) -> DeliveryReport:
    """Deliver every due delivery in parallel (a slow endpoint delays no other) and log it."""
    report = DeliveryReport()
    due = store.pending_deliveries(now)
    if not due:
        return report
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(due))) as pool:
        results = list(pool.map(lambda d: attempt_with_retries(d, settings), due))
    # Writes stay on this thread: the store's connection is not shared with the workers.
    for delivery, attempts in zip(due, results, strict=True):
        status, next_at = outcome(delivery, attempts, settings, now)
        store.record_attempts(delivery.id, attempts, status, next_at, now)
        report.attempts += len(attempts)
        if status == "delivered":
            report.delivered += 1
        else:
            report.failed += status == "failed"
            report.retrying += status == "pending"
            report.errors.append(f"{delivery.channel} {delivery.target}: {attempts[-1].error}")
    return report
