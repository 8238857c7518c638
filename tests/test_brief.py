"""Briefs: Markdown with every source, PDF with Korean text, a rendered page that is not blank."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from localsite import serve
from test_alerts_kit import article
from tumen.alerts.brief import build_brief, render_markdown, render_pdf
from tumen.config import Settings
from tumen.pipeline import ingest
from tumen.store import SQLiteStore
from tumen.store.base import IncidentFilter

EN = ("Seven North Korean defectors arrested in Shenyang", "2025-03-11", [
    "Chinese police arrested seven North Korean defectors, including a child, in Shenyang "
    "on Monday, according to activists.",
    "Activists fear they will be forcibly returned to North Korea."])
KO = ("선양서 탈북민 7명 체포", "2025-03-12", [
    "중국 공안이 지난 10일 랴오닝성 선양에서 어린이 1명을 포함한 탈북민 7명을 체포했다고 "
    "인권단체가 밝혔다.",
    "이들은 은신처에 머물다 단속에 걸린 것으로 알려졌다. 인권단체는 이들이 강제북송될 위기에 "
    "놓여 있다며 중국 정부에 송환 중단을 촉구했다.",
    "단체 관계자는 유엔난민기구에도 이 사실을 알렸다고 말했다. 가족들은 소식을 기다리고 있다."])


@pytest.fixture
def incident_store(settings: Settings) -> Iterator[tuple[SQLiteStore, int, list[str]]]:
    """A store holding one arrest reported in English and in Korean, fetched over HTTP."""
    with serve({"/en": article(*EN), "/ko": article(*KO)}) as site:
        store = SQLiteStore(settings.db)
        store.migrate()
        urls = [site.url("/en"), site.url("/ko")]
        report = ingest(store, settings, urls)
        assert report.added == 2
        store.update_incidents(report.document_ids, datetime.now(UTC))
        incidents, _ = store.list_incidents(IncidentFilter())
        [incident] = [i for i in incidents if len(i.documents) == 2]
        assert incident.id is not None
        yield store, incident.id, urls
        store.close()


def test_markdown_brief_cites_every_source_with_its_snapshot(
    incident_store: tuple[SQLiteStore, int, list[str]],
) -> None:
    store, incident_id, urls = incident_store
    brief = build_brief(store, incident_id, "en", base_url="https://tumen.example.org")
    assert brief is not None
    text = render_markdown(brief)
    assert text.startswith("# Incident brief: ")
    for url in urls:
        assert f"<{url}>" in text
    for doc in store.incident_documents(incident_id):
        assert f"https://tumen.example.org/documents/{doc.id}/snapshot" in text
    assert "2025-03-11" in text and "2025-03-12" in text  # the outlets' dates
    assert "Shenyang" in text and "child" in text and "at risk of forced return" in text
    assert "## Timeline" in text and "**2025-03-10**: arrest" in text


def test_korean_labels_in_markdown(incident_store: tuple[SQLiteStore, int, list[str]]) -> None:
    store, incident_id, _ = incident_store
    brief = build_brief(store, incident_id, "ko")
    assert brief is not None
    text = render_markdown(brief)
    assert "# 사건 브리핑" in text and "## 출처" in text and "체포" in text
    assert "WARC" in text  # without a web address the snapshot is named by its WARC record


def test_pdf_brief_has_korean_text_and_a_page_that_is_not_blank(
    incident_store: tuple[SQLiteStore, int, list[str]], tmp_path: Path,
) -> None:
    store, incident_id, _ = incident_store
    brief = build_brief(store, incident_id, "ko")
    assert brief is not None
    pdf = render_pdf(brief)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    squashed = "".join(text.split())
    assert "사건브리핑" in squashed and "강제북송위험" in squashed
    assert "탈북민7명을체포했다" in squashed  # the Korean evidence, in the outlet's words
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) not installed: page not rendered")
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True)
    from PIL import Image

    [png] = tmp_path.glob("page*.png")
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.005 * image.width * image.height  # ink on the page


def test_no_such_incident(settings: Settings) -> None:
    store = SQLiteStore(settings.db)
    store.migrate()
    assert build_brief(store, 999) is None
    with pytest.raises(ValueError):
        build_brief(store, 1, "fr")


def test_cli_pdf_brief_prints_the_path_it_wrote(
    incident_store: tuple[SQLiteStore, int, list[str]], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from typer.testing import CliRunner

    from tumen.cli import app

    store, incident_id, _ = incident_store
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    out = CliRunner().invoke(app, ["brief", str(incident_id), "--format", "pdf", "--db",
                                   store.path])
    assert out.exit_code == 0, out.output
    written = work / f"brief-{incident_id}-en.pdf"
    assert out.stdout.strip() == str(written)
    assert written.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(("lang", "words"), [
    ("ko", ["# 사건 브리핑: 북한 주민 7명", "중국 선양에서 체포", "선양", "강제북송 위험",
            "## 경과"]),
    ("ja", ["# 事件ブリーフ: ", "7人が中国・瀋陽で拘束", "瀋陽", "強制送還の危険", "## 経過"]),
])
def test_korean_and_japanese_briefs_state_titles_places_and_statuses_in_that_language(
    incident_store: tuple[SQLiteStore, int, list[str]], lang: str, words: list[str],
) -> None:
    store, incident_id, _ = incident_store
    brief = build_brief(store, incident_id, lang)
    assert brief is not None
    text = render_markdown(brief)
    for word in words:
        assert word in text, word
    # everything but the outlets' own words (evidence quotes, cited titles) is translated
    ours = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(">") and not re.match(r"\d+\. ", line))
    for english in ("Shenyang", "China", "arrest", "at risk", "Status", "Timeline", "people"):
        assert english not in ours, english
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(brief))).pages)
    assert words[2] in "".join(pdf.split())  # the place, set in a CJK font


def test_cli_brief_in_japanese(incident_store: tuple[SQLiteStore, int, list[str]]) -> None:
    from typer.testing import CliRunner

    from tumen.cli import app

    store, incident_id, _ = incident_store
    out = CliRunner().invoke(app, ["brief", str(incident_id), "--lang", "ja", "--db",
                                   store.path])
    assert out.exit_code == 0
    assert out.stdout.startswith("# 事件ブリーフ: 北朝鮮の7人が中国・瀋陽で拘束")
