"""Checks on the bundled sample corpus that `tumen demo` ingests.

The corpus lives in the package (src/tumen/data/sample/) and must keep its
promises: enough English and Korean reports, dates spread over 2012-2025,
the metadata every article page carries, a real outlet named as the source of
every report, unique URLs (with exactly two deliberate feed duplicates), and
feeds that parse cleanly.
"""

from __future__ import annotations

import calendar
import datetime as dt
import importlib.resources
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import feedparser
import lxml.html
import pytest

SAMPLE = Path(str(importlib.resources.files("tumen") / "data" / "sample"))
SAMPLE_HOST = "sample.tumen.example.org"
FIRST = dt.date(2012, 1, 1)
LAST = dt.date(2025, 12, 31)
HANGUL = re.compile(r"[\uac00-\ud7a3]")
LETTER = re.compile(r"[^\W\d_]")
DATE_LINE = re.compile(
    r"^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) "
    r"(\d{1,2})(st|nd|rd|th) ([A-Z][a-z]+), (\d{4})$"
)


@dataclass(frozen=True)
class Report:
    kind: str  # article | listing | text | feed
    file: str
    lang: str
    date: dt.date
    url: str
    title: str
    text: str
    source_url: str


def _articles() -> list[Path]:
    return sorted((SAMPLE / "articles").glob("*.html"))


def _listing_pages() -> list[Path]:
    return sorted((SAMPLE / "listings").glob("*.html"))


def _text_dumps() -> list[Path]:
    return sorted((SAMPLE / "listings").glob("*.txt"))


def _feeds() -> list[Path]:
    return sorted((SAMPLE / "feeds").glob("*.xml"))


def _text(el: lxml.html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _is_real_link(href: str) -> bool:
    """An http(s) link to an outlet, not to our own example.org namespace."""
    u = urlparse(href)
    host = (u.hostname or "").lower()
    return (
        u.scheme in ("http", "https")
        and "." in host
        and not host.endswith("example.org")
        and not host.endswith("example.com")
    )


def _source_link(root: lxml.html.HtmlElement) -> str | None:
    for p in root.iter("p"):
        if _text(p).startswith("Source:"):
            for a in p.iter("a"):
                href = a.get("href", "")
                if _is_real_link(href) and _text(a):
                    return href
    return None


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def _language_ok(lang: str, text: str) -> bool:
    letters = LETTER.findall(text)
    hangul = HANGUL.findall(text)
    if lang == "en":
        return not hangul
    if lang == "ko":
        return len(hangul) > 0.6 * len(letters)
    return False


def _meta(root: lxml.html.HtmlElement, attr: str, value: str) -> str | None:
    found = root.xpath(f'//meta[@{attr}="{value}"]/@content')
    return found[0].strip() if found else None


def _article_report(path: Path) -> Report:
    root = lxml.html.parse(str(path)).getroot()
    art = root.find(".//article")
    paras = [_text(p) for p in art.iter("p") if p.get("class") not in ("source", "byline")]
    published = _meta(root, "property", "article:published_time") or ""
    canonical = root.xpath('//link[@rel="canonical"]/@href')
    return Report(
        kind="article",
        file=path.name,
        lang=root.get("lang", ""),
        date=dt.date.fromisoformat(published),
        url=canonical[0] if canonical else "",
        title=_text(art.find(".//h1")),
        text=" ".join(paras),
        source_url=_source_link(art) or "",
    )


def _listing_reports(path: Path) -> list[Report]:
    root = lxml.html.parse(str(path)).getroot()
    out = []
    for li in root.xpath('//li[contains(@class, "teaser")]'):
        link = li.xpath(".//h2/a")[0]
        summary = li.xpath('.//p[contains(@class, "summary")]')
        out.append(
            Report(
                kind="listing",
                file=path.name,
                lang=root.get("lang", ""),
                date=dt.date.fromisoformat(li.xpath(".//time/@datetime")[0]),
                url=link.get("href", ""),
                title=_text(link),
                text=_text(summary[0]) if summary else "",
                source_url=_source_link(li) or "",
            )
        )
    return out


def _text_dump_items(path: Path) -> list[tuple[str, re.Match[str], str]]:
    """(date line, its match, the teaser paragraph after it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    items = []
    for i, line in enumerate(lines):
        m = DATE_LINE.match(line.strip())
        if not m:
            continue
        para = ""
        for nxt in lines[i + 1 :]:
            if nxt.strip():
                para = nxt.strip()
                break
        items.append((line.strip(), m, para))
    return items


def _text_reports(path: Path) -> list[Report]:
    out = []
    for n, (_line, m, para) in enumerate(_text_dump_items(path)):
        _, day, _, month, year = m.groups()
        date = dt.datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date()
        links = re.findall(r"https?://[^\s)]+", para)
        out.append(
            Report(
                kind="text",
                file=path.name,
                lang="en",
                date=date,
                # A plain-text dump has no item URLs; key the items by file and position.
                url=f"{path.name}#{n}",
                title="",
                text=para.split("(Source:")[0].strip(),
                source_url=next((u for u in links if _is_real_link(u)), ""),
            )
        )
    return out


def _feed_reports(path: Path) -> list[Report]:
    parsed = feedparser.parse(str(path))
    lang = (parsed.feed.get("language") or "").split("-")[0]
    out = []
    for entry in parsed.entries:
        desc_html = entry.get("summary", "")
        desc = lxml.html.fromstring(f"<div>{desc_html}</div>")
        paras = [_text(p) for p in desc.iter("p") if not _text(p).startswith("Source:")]
        via = [lk.get("href", "") for lk in entry.get("links", []) if lk.get("rel") == "via"]
        source = _source_link(desc) or next((h for h in via if _is_real_link(h)), "")
        published = entry.get("published_parsed")
        out.append(
            Report(
                kind="feed",
                file=path.name,
                lang=lang,
                date=dt.date(*published[:3]) if published else dt.date.min,
                url=entry.get("link", ""),
                title=entry.get("title", ""),
                text=" ".join(paras),
                source_url=source,
            )
        )
    return out


def _all_reports() -> list[Report]:
    reports = [_article_report(p) for p in _articles()]
    for p in _listing_pages():
        reports += _listing_reports(p)
    for p in _text_dumps():
        reports += _text_reports(p)
    for p in _feeds():
        reports += _feed_reports(p)
    return reports


def _unique(reports: list[Report]) -> list[Report]:
    seen: dict[str, Report] = {}
    for r in reports:
        seen.setdefault(r.url, r)
    return list(seen.values())


# --- layout -----------------------------------------------------------------


def test_folder_layout_and_readme() -> None:
    assert SAMPLE.is_dir(), SAMPLE
    assert len(_articles()) >= 30
    assert len(_listing_pages()) == 2
    assert len(_text_dumps()) == 1
    kinds = sorted(feedparser.parse(str(p)).version for p in _feeds())
    assert kinds == ["atom10", "rss20", "rss20"]
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "CC BY 4.0" in readme
    assert "tumen" in readme
    assert "source" in readme.lower()


# --- articles ---------------------------------------------------------------


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_article_has_required_metadata(path: Path) -> None:
    root = lxml.html.parse(str(path)).getroot()
    assert root.get("lang") in ("en", "ko")
    assert _text(root.find(".//title"))
    assert _meta(root, "name", "author")
    published = _meta(root, "property", "article:published_time")
    assert published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
    dt.date.fromisoformat(published)
    site = _meta(root, "property", "og:site_name")
    assert site and "tumen" not in site.lower() and "example" not in site.lower()
    canonical = root.xpath('//link[@rel="canonical"]/@href')
    assert len(canonical) == 1
    u = urlparse(canonical[0])
    assert u.scheme == "https" and u.hostname == SAMPLE_HOST and len(u.path) > 1
    art = root.find(".//article")
    assert art is not None
    assert art.find(".//h1") is not None and _text(art.find(".//h1"))
    assert _source_link(art), "no 'Source:' line linking to a real outlet"
    # the outlet linked is the outlet named in og:site_name
    assert any(site in _text(p) for p in art.iter("p") if _text(p).startswith("Source:"))
    # realistic page chrome around the article
    assert root.find(".//nav") is not None
    assert root.find(".//footer") is not None


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_article_is_a_short_report_in_its_declared_language(path: Path) -> None:
    r = _article_report(path)
    words = len(r.text.split())
    assert 80 <= words <= 250, f"{words} words"
    assert _language_ok(r.lang, r.text)
    assert _language_ok(r.lang, r.title)
    assert f"/{r.lang}/" in urlparse(r.url).path


# --- listings ---------------------------------------------------------------


@pytest.mark.parametrize("path", _listing_pages(), ids=lambda p: p.name)
def test_listing_page_has_dated_teasers(path: Path) -> None:
    items = _listing_reports(path)
    assert 5 <= len(items) <= 8
    for r in items:
        assert urlparse(r.url).hostname == SAMPLE_HOST
        assert r.title
        assert len(_sentences(r.text)) == 1, r.text
        assert r.source_url, f"teaser without a real source link: {r.title}"
        assert _language_ok(r.lang, r.text + " " + r.title)


def test_text_dump_uses_seed_date_lines() -> None:
    (path,) = _text_dumps()
    items = _text_dump_items(path)
    assert 5 <= len(items) <= 8
    for line, m, para in items:
        weekday, day, suffix, month, year = m.groups()
        date = dt.datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date()
        assert calendar.day_name[date.weekday()] == weekday, line
        expected = (
            "th"
            if 11 <= date.day % 100 <= 13
            else {1: "st", 2: "nd", 3: "rd"}.get(date.day % 10, "th")
        )
        assert suffix == expected, line
        assert para and not DATE_LINE.match(para)
    for r in _text_reports(path):
        assert r.source_url, r.text
        assert _language_ok("en", r.text)


# --- feeds ------------------------------------------------------------------


@pytest.mark.parametrize("path", _feeds(), ids=lambda p: p.name)
def test_feed_parses_cleanly(path: Path) -> None:
    parsed = feedparser.parse(str(path))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.get("language") in ("en", "ko")
    assert 5 <= len(parsed.entries) <= 8
    for entry in parsed.entries:
        assert entry.get("title")
        assert urlparse(entry.get("link", "")).hostname == SAMPLE_HOST
        assert entry.get("published_parsed")
        assert entry.get("author")
    for r in _feed_reports(path):
        assert 2 <= len(_sentences(r.text)) <= 4, r.text
        assert r.source_url, f"entry without a real source link: {r.title}"
        assert _language_ok(r.lang, r.text + " " + r.title)


# --- the corpus as a whole --------------------------------------------------


def test_enough_english_and_korean_reports() -> None:
    reports = _unique(_all_reports())
    by_lang = {lang: sum(r.lang == lang for r in reports) for lang in ("en", "ko")}
    assert by_lang["en"] >= 40, by_lang
    assert by_lang["ko"] >= 12, by_lang
    assert all(r.lang in ("en", "ko") for r in reports)


def test_dates_within_2012_2025_and_spread() -> None:
    reports = _all_reports()
    for r in reports:
        assert FIRST <= r.date <= LAST, (r.file, r.date)
    assert len({r.date.year for r in reports}) >= 10


def test_every_report_names_a_real_outlet() -> None:
    reports = _all_reports()
    assert all(r.source_url for r in reports)
    hosts = {urlparse(r.source_url).hostname for r in reports}
    assert len(hosts) >= 8, hosts


def test_urls_unique_except_two_deliberate_feed_duplicates() -> None:
    reports = [r for r in _all_reports() if r.kind != "text"]
    articles = {r.url: r for r in reports if r.kind == "article"}
    assert len(articles) == len(_articles()), "duplicate canonical URL among articles"
    others = [r for r in reports if r.kind != "article"]
    assert len({r.url for r in others}) == len(others), "duplicate URL among listings/feeds"
    dups = [r for r in others if r.url in articles]
    assert len(dups) == 2, [r.url for r in dups]
    assert {r.kind for r in dups} == {"feed"}
    assert {r.lang for r in dups} == {"en", "ko"}
    for r in dups:
        original = articles[r.url]
        assert r.date == original.date
        assert r.title == original.title
        assert r.lang == original.lang
