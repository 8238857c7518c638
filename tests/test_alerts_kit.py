"""Test helpers for alerts: a news site with a feed, an SMTP server, a webhook receiver."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from localsite import Response, Site

NOW = datetime.now(UTC)
TODAY = NOW.date().isoformat()
YESTERDAY = (NOW - timedelta(days=1)).date().isoformat()

POLICY = ("Seoul hosts refugee policy forum", [
    "Officials in Seoul discussed resettlement policy for North Korean defectors at a forum "
    "on Saturday. The forum heard from teachers, social workers and former residents.",
    "The forum ended with a statement on education support for young arrivals."])
ARREST = ("Seven North Korean defectors arrested in Shenyang", [
    "Chinese police arrested seven North Korean defectors, including a child, in Shenyang "
    "yesterday, according to activists.",
    "The group had been hiding in a safe house near the border. Activists fear they will be "
    "forcibly returned to North Korea."])


def article(title: str, day: str, paragraphs: list[str]) -> str:
    """An article page: headline and date in a header, paragraphs in <article>."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><title>{title}</title><meta property="article:published_time" '
            f'content="{day}"></head><body><header><h1>{title}</h1><p class="date">{day}</p>'
            f'</header><article>{body}</article></body></html>')


def rfc822(day: str) -> str:
    """An RSS date for an ISO day."""
    return datetime.fromisoformat(day).strftime("%a, %d %b %Y 09:00:00 +0000")


@dataclass
class NewsSite:
    """A site whose feed lists the articles published so far (newest first)."""

    site: Site
    published: list[tuple[str, str, str]] = field(default_factory=list)

    def publish(self, path: str, title: str, day: str, paragraphs: list[str]) -> None:
        """Put an article online and at the top of the feed."""
        self.site.routes[path] = article(title, day, paragraphs)
        self.published.insert(0, (title, path, day))

    def feed(self, _request: Any = None) -> Response:
        """The RSS feed as it is now."""
        items = "".join(
            f"<item><title>{t}</title><link>{self.site.url(p)}</link>"
            f"<pubDate>{rfc822(d)}</pubDate><description>{t}</description></item>"
            for t, p, d in self.published)
        body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test news</title>'
                f'<link>{self.site.url("/")}</link>{items}</channel></rss>')
        return Response(body=body.encode(), headers={"Content-Type": "application/rss+xml"})


def news_site(site: Site) -> NewsSite:
    """A NewsSite on a running local site, its feed at /feed.xml."""
    news = NewsSite(site)
    site.routes["/feed.xml"] = news.feed
    return news


class _Inbox:
    """An aiosmtpd handler keeping every message received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        msg = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(msg)
        return "250 OK"


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server() -> Iterator[tuple[int, _Inbox]]:
    """A real SMTP server on 127.0.0.1: (port, inbox)."""
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()
