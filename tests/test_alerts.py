"""Alerts end to end: a local news site, a real SMTP server and a local webhook receiver."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from localsite import Request, Response, Site, serve
from test_alerts_kit import ARREST, POLICY, TODAY, YESTERDAY, NewsSite, news_site, smtp_server
from tumen.alerts.delivery import SIGNATURE_HEADER, send_webhook, verify
from tumen.alerts.rules import AlertEvent, RuleFilters, WatchRule
from tumen.alerts.scheduler import WatchOptions, tick
from tumen.config import Settings
from tumen.models import Source
from tumen.store import Store, open_store

SECRET = "s3cret-for-tests"
EVERY_TIME = WatchOptions(interval_seconds=0)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as s:
        s.routes["/hook"] = Response(status=204)
        yield s


@pytest.fixture
def news(site: Site) -> NewsSite:
    n = news_site(site)
    n.publish("/forum", POLICY[0], YESTERDAY, POLICY[1])
    return n


@pytest.fixture
def sources(site: Site) -> list[Source]:
    return [Source(name="test-news", url=site.url("/feed.xml"), kind="feed")]


@pytest.fixture(autouse=True)
def each_backend(store: Store) -> None:
    """Every test on SQLite and PostgreSQL: `store` points settings.db at its database."""


def open_db(settings: Settings) -> Any:
    """The test's database (of either backend), opened as a (re)started process would."""
    return open_store(settings.db)


def arrest_rule(site: Site, **extra: object) -> WatchRule:
    values: dict = {"name": "arrests", "filters": RuleFilters(event_types=["arrest"]),
                    "webhook_url": site.url("/hook"), "webhook_secret": SECRET,
                    "email": "rescue@example.org"}
    values.update(extra)
    return WatchRule(**values)


def hooks(site: Site, path: str = "/hook") -> list[Request]:
    with site.lock:
        return [r for r in site.requests if r.path == path and r.method == "POST"]


def test_new_arrest_delivers_one_email_and_one_signed_webhook(
    settings: Settings, site: Site, news: NewsSite, sources: list[Source]
) -> None:
    with smtp_server() as (port, inbox):
        settings.smtp_host, settings.smtp_port = "127.0.0.1", port
        store = open_db(settings)
        store.add_rule(arrest_rule(site))
        first = tick(store, settings, sources, EVERY_TIME)
        assert first.new_documents == 1 and first.events == 0  # the forum story: no arrest
        news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
        second = tick(store, settings, sources, EVERY_TIME)
        assert second.events == 1 and second.delivery.delivered == 2
        for _ in range(2):
            tick(store, settings, sources, EVERY_TIME)
        store.close()
        store = open_db(settings)  # a restart: new connection, same database
        tick(store, settings, sources, EVERY_TIME)
        store.close()

        received = hooks(site)
        assert len(received) == 1
        body = received[0].body
        assert verify(SECRET, body, received[0].headers[SIGNATURE_HEADER.lower()])
        assert not verify("wrong", body, received[0].headers[SIGNATURE_HEADER.lower()])
        payload = json.loads(body)
        assert payload["event"] == "new_incident"
        assert payload["incident"]["people"] == {"min": 7, "max": 7}
        assert "Shenyang" in payload["incident"]["places"]
        assert payload["documents"][0]["url"] == site.url("/arrest")

        assert len(inbox.messages) == 1
        mail = inbox.messages[0]
        assert inbox.envelopes[0][1] == ["rescue@example.org"]
        assert "Shenyang" in mail["Subject"]
        plain = mail.get_body(("plain",))
        html = mail.get_body(("html",))
        assert plain is not None and html is not None
        assert site.url("/arrest") in plain.get_content()
        assert f'href="{site.url("/arrest")}"' in html.get_content()


def test_receiver_failing_twice_then_succeeding_gets_the_event_once(
    settings: Settings, site: Site, news: NewsSite, sources: list[Source]
) -> None:
    calls: list[int] = []

    def flaky(_request: Request) -> Response:
        calls.append(1)
        return Response(status=503 if len(calls) <= 2 else 200)

    site.routes["/flaky"] = flaky
    store = open_db(settings)
    rule_id = store.add_rule(arrest_rule(site, webhook_url=site.url("/flaky"), email=None))
    news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
    report = tick(store, settings, sources, EVERY_TIME)
    tick(store, settings, sources, EVERY_TIME)

    assert len(hooks(site, "/flaky")) == 3
    assert report.delivery.delivered == 1 and report.delivery.attempts == 3
    [delivery] = store.rule_deliveries(rule_id)
    assert delivery["status"] == "delivered"
    logged = store.delivery_attempts(delivery["id"])
    assert [(a["ok"], a["status_code"]) for a in logged] == [(0, 503), (0, 503), (1, 200)]
    # each retry carries the same event and signature
    assert len({r.body for r in hooks(site, "/flaky")}) == 1


def test_failing_endpoint_does_not_block_the_others(
    settings: Settings, site: Site, news: NewsSite, sources: list[Source]
) -> None:
    site.routes["/down"] = Response(status=500)
    site.routes["/slow-down"] = Response(status=500, delay=0.5)
    store = open_db(settings)
    broken = store.add_rule(arrest_rule(site, name="broken", webhook_url=site.url("/down"),
                                        email=None))
    store.add_rule(arrest_rule(site, name="slow", webhook_url=site.url("/slow-down"),
                               email=None))
    store.add_rule(arrest_rule(site, name="working", email=None))
    news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
    report = tick(store, settings, sources, EVERY_TIME)

    assert len(hooks(site)) == 1
    assert report.delivery.delivered == 1 and report.delivery.retrying == 2
    [failed] = store.rule_deliveries(broken)
    assert failed["status"] == "pending" and failed["last_error"] == "HTTP 500"
    assert len(store.delivery_attempts(failed["id"])) == settings.delivery_attempts


def test_rule_filters_keep_unwanted_events_out(
    settings: Settings, site: Site, news: NewsSite, sources: list[Source]
) -> None:
    store = open_db(settings)
    store.add_rule(arrest_rule(site, name="laos only", email=None,
                               filters=RuleFilters(countries=["LA"])))
    store.add_rule(arrest_rule(site, name="korean only", email=None,
                               webhook_url=site.url("/hook-ko"),
                               filters=RuleFilters(languages=["ko"])))
    site.routes["/hook-china"] = Response(status=200)
    china = store.add_rule(arrest_rule(site, name="china keyword", email=None,
                                       webhook_url=site.url("/hook-china"),
                                       filters=RuleFilters(countries=["cn"],
                                                           keywords=["SAFE HOUSE"])))
    news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
    tick(store, settings, sources, EVERY_TIME)

    assert hooks(site) == [] and hooks(site, "/hook-ko") == []
    assert len(hooks(site, "/hook-china")) == 1
    assert [e.kind for e in store.rule_events(china)] == ["new_incident"]


def test_new_document_trigger_and_topic_filter(
    settings: Settings, site: Site, news: NewsSite, sources: list[Source]
) -> None:
    store = open_db(settings)
    # The filter, not the classifier, is under test: the forum story's clearest topic
    # (resettlement) keeps it from hanging on a borderline score of another.
    rule_id = store.add_rule(WatchRule(name="resettlement news", triggers=["new_document"],
                                       filters=RuleFilters(topics=["resettlement"])))
    tick(store, settings, sources, EVERY_TIME)
    news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
    tick(store, settings, sources, EVERY_TIME)

    events = store.rule_events(rule_id)
    assert [e.payload["documents"][0]["url"] for e in events] == [site.url("/forum")]


def test_pending_delivery_survives_a_restart(
    settings: Settings, site: Site, news: NewsSite, sources: list[Source]
) -> None:
    site.routes["/later"] = Response(status=500)
    store = open_db(settings)
    rule_id = store.add_rule(arrest_rule(site, webhook_url=site.url("/later"), email=None))
    news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
    tick(store, settings, sources, EVERY_TIME)
    store.conn.execute("UPDATE alert_deliveries SET next_attempt_at='2000-01-01'")
    store.close()

    site.routes["/later"] = Response(status=200)
    store = open_db(settings)
    report = tick(store, settings, sources, EVERY_TIME)
    tick(store, settings, sources, EVERY_TIME)
    assert report.delivery.delivered == 1
    statuses = [r.path for r in hooks(site, "/later")]
    assert len(statuses) == settings.delivery_attempts + 1
    assert store.rule_deliveries(rule_id)[0]["status"] == "delivered"


def test_webhook_to_a_refused_address_fails_without_a_request(
    settings: Settings, site: Site, news: NewsSite, sources: list[Source], tmp_path: Path
) -> None:
    store = open_db(settings)
    rule_id = store.add_rule(arrest_rule(site, webhook_url="http://169.254.169.254/hook",
                                         email=None))
    news.publish("/arrest", ARREST[0], TODAY, ARREST[1])
    report = tick(store, settings, sources, EVERY_TIME)
    assert report.delivery.failed == 1
    [delivery] = store.rule_deliveries(rule_id)
    assert delivery["status"] == "failed" and "refused" in delivery["last_error"]


def _event() -> AlertEvent:
    return AlertEvent(rule_id=1, key="k", kind="new_incident", title="t", payload={"a": 1})


def test_webhook_connects_to_the_address_it_checked(
    settings: Settings, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name answers an allowed address, then another one; we keep the first."""
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"] + ["127.0.0.3"] * 10)  # nothing listens on 127.0.0.3

    def rebinding(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "hooks.test":
            return real(next(answers), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = site.url("/hook").replace("127.0.0.1", "hooks.test")
    attempt = send_webhook(url, SECRET, _event(), settings)
    assert attempt.ok, attempt.error
    [received] = hooks(site)
    assert received.headers["host"] == url.split("/")[2]


def test_webhook_ignores_proxies_from_the_environment(
    settings: Settings, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serve({}) as proxy:
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.url("/"))
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        attempt = send_webhook(site.url("/hook"), SECRET, _event(), settings)
        assert attempt.ok, attempt.error
        assert proxy.requests == [] and len(hooks(site)) == 1
