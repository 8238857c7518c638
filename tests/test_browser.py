"""Browser tests: Playwright drives Debian's chromium against a live uvicorn server."""

from __future__ import annotations

import io
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from test_security_web import PASSWORD, make_settings
from test_web_pages import build_app
from tumen.config import Settings
from tumen.web.app import create_app

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(os.environ.get("TUMEN_SCREENSHOTS", tempfile.gettempdir())) / "tumen-screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server in a thread over a database with English and Korean reports."""
    app, _ = build_app(tmp_path_factory.mktemp("browser") / "tumen.db")
    yield from _serve(app)


@pytest.fixture(scope="module")
def staff_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same reports served with staff accounts (plain HTTP: cookies not Secure-only)."""
    settings = make_settings(tmp_path_factory.mktemp("review"), cookie_secure=False)
    yield from _serve(create_app(settings))


def _serve(app: Any) -> Iterator[str]:
    """Serve an app with uvicorn in a thread until the module's tests are done."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's chromium, headless."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh phone-sized page that records console errors (CSP violations among them)."""
    context = browser.new_context(viewport={"width": 412, "height": 915})
    p = context.new_page()
    p.errors = []
    p.on("console", lambda m: p.errors.append(m.text) if m.type == "error" else None)
    p.on("pageerror", lambda e: p.errors.append(str(e)))
    yield p
    context.close()


def assert_not_blank(p: Any, name: str) -> None:
    """Screenshot the page and check the PNG has many distinct colours."""
    from PIL import Image

    SHOTS.mkdir(exist_ok=True)
    png = p.screenshot(full_page=True, path=str(SHOTS / f"{name}.png"))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50, f"{name}: only {len(colours)} colours"


def test_dashboard(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.title() == "Dashboard · tumen"
    assert page.locator("#urgent-h").is_visible()
    assert page.locator("svg.chart rect.bar").count() == 27
    assert page.evaluate("document.documentElement.scrollWidth") <= 412  # no sideways scroll
    assert_not_blank(page, "dashboard")
    assert page.errors == []


def test_search_english_korean_and_facet(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("#site-q", "defectors")
    page.keyboard.press("Enter")  # keyboard only
    page.wait_for_url("**/search?q=defectors")
    assert page.locator("ol.teasers li").count() >= 1 and page.locator("mark").count() >= 1
    assert_not_blank(page, "search-english")
    page.fill("#site-q", "탈북민")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "탈북민 7명 중국서 체포" in page.locator("ol.teasers").inner_text()
    assert_not_blank(page, "search-korean")
    page.goto(base_url + "/search?q=Resettlement%20OR%20defectors")
    before = page.locator("ol.teasers > li").count()
    page.locator('a[data-facet="topic"]', has_text="detention").click()
    page.wait_for_url("**topic=detention**")
    after = page.locator("ol.teasers > li").count()
    assert 0 < after < before
    assert_not_blank(page, "search-facet")
    assert page.errors == []


def test_incident_map_and_timeline(page: Any, base_url: str) -> None:
    page.goto(base_url + "/incidents")
    page.locator("ul.teasers a").first.click()
    page.wait_for_selector('#map[data-ready="1"]', timeout=10_000)
    assert page.locator("#map path.land").count() > 3
    assert page.locator("#map circle.stop").count() == 2
    assert page.locator("#map polyline.route").count() == 1
    assert page.locator("#timeline li").count() == 2
    assert "Shenyang" in page.locator("#map").inner_text()
    page.locator("#map").scroll_into_view_if_needed()
    assert_not_blank(page, "incident")
    assert page.errors == []  # no CSP violation, no script error


@pytest.fixture(scope="module")
def seed_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Seed 004 (read in place from ../shared) ingested into a fresh database, served."""
    from conftest import SEEDS
    from test_incidents_seeds import SEED, _incidents

    if not (SEEDS / SEED).exists():
        pytest.skip("shared seeds not present")
    tmp = tmp_path_factory.mktemp("seed004")
    settings = Settings(db=str(tmp / "tumen.db"), archive_dir=str(tmp / "archive"))
    _incidents(SEEDS, settings)
    yield from _serve(create_app(settings))


@pytest.mark.parametrize(("country", "stops"), [
    ("Vietnam", ["Vietnam", "Dongxing", "Shenyang"]),
    ("Laos", ["Laos", "China", "North Korea"]),
])
def test_seed_004_incidents_draw_their_route_on_the_map(
        page: Any, seed_url: str, country: str, stops: list[str]) -> None:
    """Issue 18: the Vietnam and Laos cases of seed 004 each show their route."""
    page.goto(seed_url + "/incidents")
    with page.expect_navigation():
        page.locator("ul.teasers a", has_text=country).first.click()
    page.wait_for_selector('#map[data-ready="1"]', timeout=10_000)
    assert page.locator("#map polyline.route").count() == 1
    assert page.locator("#map circle.stop").count() == len(stops)
    drawn = page.locator("#map").inner_text()
    assert all(stop in drawn for stop in stops), drawn
    assert page.errors == []


def test_api_documentation_is_readable_offline(page: Any, base_url: str) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(base_url + "/")
    page.locator("footer a", has_text="API").click()
    page.wait_for_url("**/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    summaries = page.locator(".opblock-summary-description").all_inner_texts()
    assert "Search reports" in summaries and "List incidents" in summaries
    assert not any(s.startswith("Api ") for s in summaries)
    assert page.locator(".opblock").count() == len(summaries) >= 20
    page.locator(".opblock-summary", has_text="Search reports").first.click()
    assert page.locator(".opblock-description-wrapper").first.inner_text().strip()
    assert all(u.startswith(base_url) for u in asked), [u for u in asked
                                                        if not u.startswith(base_url)]
    assert_not_blank(page, "api-docs")
    assert page.errors == []


def test_feeds_read_as_a_page_in_a_browser(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.locator("footer a", has_text="Atom feeds").click()
    page.wait_for_url("**/feeds")
    assert page.title() == "Feeds · tumen"
    page.goto(base_url + "/feeds/incidents.atom")  # typed into the address bar
    assert page.url.endswith("/feeds#incidents")
    assert page.locator("#incidents ul.teasers li").count() >= 1
    assert "/feeds/incidents.atom" in page.locator("#incidents code").inner_text()
    assert page.locator("#topic-detention").is_visible()
    assert_not_blank(page, "feeds")
    assert page.errors == []


def _log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(base_url + "/login")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    with page.expect_navigation():
        page.locator("form.stack button").click()


def test_review_queue_correct_an_event_then_split_and_merge(page: Any, staff_url: str) -> None:
    """An editor corrects an event and merges two incidents; the public page and the Atom
    feed show the change (and stop calling the incident unreviewed once confirmed)."""
    _log_in(page, staff_url, "editor")
    page.goto(staff_url + "/review")
    row = page.locator("#review-1 table.events tbody tr").first
    row.locator('input[name="place"]').fill("Dalian")
    with page.expect_navigation():
        row.locator("button").click()
    # split the second report off: two incidents in the queue
    page.locator("#review-1 fieldset input[type=checkbox]").nth(1).check()
    with page.expect_navigation():
        page.locator("#review-1 form", has_text="Split them off").locator("button").click()
    cards = page.locator("article.review")
    assert cards.count() == 2
    ids = [c.get_attribute("id").split("-")[1] for c in cards.all()]
    first = page.locator(f"#review-{ids[0]}")
    first.locator('input[name="other"]').fill(ids[1])
    with page.expect_navigation():
        first.locator("form", has_text="Merge").locator("button").click()
    assert page.locator("article.review").count() == 1
    merged = page.locator("article.review").first
    assert "Dalian" in merged.inner_text()
    with page.expect_navigation():
        merged.locator("form", has_text="Confirm").locator("button").click()
    assert page.locator("article.review").count() == 0
    page.goto(staff_url + "/incidents")
    link = page.locator("ul.teasers a").first
    assert "Dalian" in link.inner_text()
    with page.expect_navigation():
        link.click()
    assert "Dalian" in page.locator("#timeline").inner_text()
    assert "corrected by staff" in page.locator("#timeline").inner_text()
    assert "reviewed" in page.locator("#review-state").inner_text()
    assert len(page.locator("#timeline").inner_text().split("Reported in")) == 3  # 2 steps
    feed = page.request.get(staff_url + "/feeds/incidents.atom",
                            headers={"Accept": "application/atom+xml"}).text()
    assert "Dalian" in feed and "(unreviewed)" not in feed


CHART_LABELS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const under = [...svg.querySelectorAll('text.tick.column')];
  const boxes = under.map(t => t.getBoundingClientRect());
  const overlaps = boxes.filter((a, i) => boxes.slice(i + 1).some(b =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)).length;
  return {bars: svg.querySelectorAll('rect.bar').length, labels: under.length, overlaps,
          ticks: svg.querySelectorAll('text.tick').length - under.length,
          height: Math.min(...boxes.map(b => b.height))};
})"""


def test_statistics_charts_label_every_year_readably(page: Any, base_url: str) -> None:
    page.goto(base_url + "/statistics")
    charts = page.evaluate(CHART_LABELS)
    assert len(charts) == 2  # arrivals; forced returns (people, with reports beside)
    for chart in charts:
        assert chart["bars"] >= chart["labels"] >= chart["bars"] / 2  # every one or every other
        assert chart["overlaps"] == 0 and chart["height"] >= 6  # none on another, not specks
        assert chart["ticks"] >= 3  # the value axis says more than 0 and the top
    assert page.locator("svg.chart circle.series2").count() == charts[1]["bars"]
    assert_not_blank(page, "statistics")
    assert page.errors == []
