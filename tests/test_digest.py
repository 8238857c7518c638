"""Digests: periods, counts by topic and country, new and changed incidents, both formats."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from test_alerts_kit import article, smtp_server
from tumen.alerts.digest import build_digest, period_of, render_digest
from tumen.config import Settings
from tumen.pipeline import ingest
from tumen.store import SQLiteStore

ARTICLES = {
    "arrest.html": ("Seven North Korean defectors arrested in Shenyang", "2025-03-11", [
        "Chinese police arrested seven North Korean defectors, including a child, in Shenyang "
        "on Monday, according to activists.",
        "Activists fear they will be forcibly returned to North Korea."]),
    "laos.html": ("Laos police detain five North Koreans near Vientiane", "2025-03-20", [
        "Police in Laos detained five North Koreans near Vientiane on March 18, a rescue "
        "group said.", "The group had crossed from China by way of the Mekong."]),
    "old.html": ("Nine North Koreans caught in Vietnam", "2025-02-03", [
        "Vietnamese police caught nine North Koreans near the Chinese border on February 1.",
        "They were handed to Chinese authorities days later."]),
}


def test_periods() -> None:
    day = date(2025, 3, 12)  # a Wednesday
    assert period_of("day", day).end == date(2025, 3, 13)
    week = period_of("week", day)
    assert (week.start, week.end) == (date(2025, 3, 10), date(2025, 3, 17))
    month = period_of("month", date(2024, 2, 10))
    assert (month.start, month.end, month.label) == (date(2024, 2, 1), date(2024, 3, 1),
                                                     "February 2024")
    assert month.holds("2024-02-29") and not month.holds("2024-03-01")
    with pytest.raises(ValueError):
        period_of("year", day)


@pytest.fixture
def store(settings: Settings, tmp_path: Path) -> SQLiteStore:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (title, day, paragraphs) in ARTICLES.items():
        (folder / name).write_text(article(title, day, paragraphs), "utf-8")
    st = SQLiteStore(settings.db)
    st.migrate()
    report = ingest(st, settings, [str(folder)])
    assert report.added == 3
    st.update_incidents(report.document_ids, datetime.now(UTC))
    return st


def test_month_digest_counts_and_incidents(store: SQLiteStore) -> None:
    digest = build_digest(store, period_of("month", date(2025, 3, 5)))
    assert sorted(d.published or "" for d in digest.documents) == ["2025-03-11", "2025-03-20"]
    assert dict(digest.countries) == {"CN": 1, "LA": 1}
    assert dict(digest.topics)["detention"] == 2
    titles = [i.title for i in digest.new_incidents]
    assert any("Shenyang" in t for t in titles) and any("Vientiane" in t or "Laos" in t
                                                        for t in titles)
    assert not any("Vietnam" in t for t in titles)  # February's story is not March's news
    assert len(digest.top_stories) == 2

    md = render_digest(digest, "md")
    assert md.startswith("# tumen digest: March 2025")
    assert "| CN | 1 |" in md and "| LA | 1 |" in md
    html = render_digest(digest, "html")
    assert "<h1>tumen digest: March 2025</h1>" in html and "Shenyang" in html


def test_empty_day(store: SQLiteStore) -> None:
    digest = build_digest(store, period_of("day", date(2025, 1, 1)))
    assert digest.documents == [] and digest.new_incidents == []
    assert "None." in render_digest(digest, "md")


def test_digest_by_email(store: SQLiteStore, settings: Settings, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tumen.cli import app

    with smtp_server() as (port, inbox):
        result = CliRunner().invoke(app, [
            "digest", "--period", "month", "--date", "2025-03-01", "--db", settings.db,
            "--email", "team@example.org", "--output", str(tmp_path / "d.md")],
            env={"TUMEN_SMTP_HOST": "127.0.0.1", "TUMEN_SMTP_PORT": str(port)})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "d.md").read_text("utf-8").startswith("# tumen digest: March 2025")
    [mail] = inbox.messages
    assert mail["Subject"] == "[tumen] digest: March 2025"
    html = mail.get_body(("html",))
    assert html is not None and "Shenyang" in html.get_content()
