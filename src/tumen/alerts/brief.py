"""Briefs: an incident's facts, timeline and every source, as Markdown or PDF, in en or ko."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tumen.alerts.delivery import templates
from tumen.alerts.digest import md_escape
from tumen.models import Document, Incident, headline, web_address

LANGS = ("en", "ko")

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "brief": "Incident brief", "summary": "Summary", "status": "Status",
        "urgency": "Urgency", "people": "People", "vulnerable": "Vulnerable groups",
        "places": "Places", "timeline": "Timeline", "sources": "Sources", "date": "Date",
        "event": "Event", "place": "Place", "count": "People", "evidence": "Evidence",
        "snapshot": "archived snapshot", "generated": "Generated", "reports": "reports",
        "first": "First report", "last": "Last report", "conflicts": "Reports disagree",
        "undated": "undated", "unknown": "unknown", "none": "none",
        "internal": "CONFIDENTIAL internal brief: case notes and contacts. Do not forward.",
        "notes": "Case notes", "contacts": "Contacts",
    },
    "ko": {
        "brief": "사건 브리핑", "summary": "요약", "status": "현재 상태", "urgency": "긴급도",
        "people": "인원", "vulnerable": "취약 계층", "places": "장소", "timeline": "경과",
        "sources": "출처", "date": "날짜", "event": "사건", "place": "장소", "count": "인원",
        "evidence": "근거", "snapshot": "보관본", "generated": "작성일", "reports": "건 보도",
        "first": "첫 보도", "last": "최근 보도", "conflicts": "보도 간 차이",
        "undated": "날짜 미상", "unknown": "미상", "none": "없음",
        "internal": "대외비 내부 브리핑: 사례 메모와 연락처 포함. 외부 전달 금지.",
        "notes": "사례 메모", "contacts": "연락처",
    },
}
TERMS: dict[str, dict[str, str]] = {
    "en": {
        "arrest": "arrest", "transfer": "transfer in custody", "repatriation": "forced return",
        "release": "release", "reached_safety": "reached safety",
        "border_crossing": "border crossing", "death": "death",
        "at_risk": "at risk of forced return", "detained": "detained",
        "repatriated": "forcibly returned", "released": "released", "safe": "safe",
        "unknown": "unknown", "low": "low", "medium": "medium", "high": "high",
        "critical": "critical",
        "CN": "China", "LA": "Laos", "VN": "Vietnam", "TH": "Thailand", "KR": "South Korea",
        "KP": "North Korea", "RU": "Russia", "MN": "Mongolia", "KH": "Cambodia",
        "MM": "Myanmar", "JP": "Japan",
    },
    "ko": {
        "arrest": "체포", "transfer": "이송", "repatriation": "강제북송", "release": "석방",
        "reached_safety": "안전지 도착", "border_crossing": "국경 통과", "death": "사망",
        "at_risk": "강제북송 위험", "detained": "구금", "repatriated": "강제북송됨",
        "released": "석방됨", "safe": "안전", "unknown": "미상", "low": "낮음",
        "medium": "보통", "high": "높음", "critical": "매우 높음",
        "infant": "영아", "child": "어린이", "teen": "청소년", "woman": "여성",
        "elderly": "노인", "orphan": "고아", "pregnant": "임신부",
        "CN": "중국", "LA": "라오스", "VN": "베트남", "TH": "태국", "KR": "한국", "KP": "북한",
        "RU": "러시아", "MN": "몽골", "KH": "캄보디아", "MM": "미얀마", "JP": "일본",
    },
}


@dataclass
class Citation:
    """One source of the brief, numbered as it is cited."""

    number: int
    outlet: str
    date: str | None
    title: str
    url: str | None  # None for a report read from a local file
    language: str | None
    snapshot: str | None  # link or WARC reference of the archived copy


@dataclass
class InternalPart:
    """What only an internal brief adds: case notes and contacts (editors ask for it)."""

    notes: list[dict[str, str]] = field(default_factory=list)  # author, date, text
    contacts: list[dict[str, str]] = field(default_factory=list)  # name, relation, ...


@dataclass
class Brief:
    """Everything a brief shows, in one language."""

    incident: Incident
    lang: str
    summary: str
    timeline: list[dict[str, Any]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    generated: str = ""
    internal: InternalPart | None = None  # set only for an internal brief

    @property
    def labels(self) -> dict[str, str]:
        """Headings and field names in the brief's language."""
        return LABELS[self.lang]

    def term(self, value: str | None) -> str:
        """A status, event type, vulnerable group or country in the brief's language."""
        if not value:
            return self.labels["unknown"]
        return TERMS[self.lang].get(value, value)

    def vulnerable_text(self) -> str:
        """The vulnerable groups named in the brief's language."""
        return ", ".join(self.term(v) for v in self.incident.vulnerable)


def _snapshot(store: Any, doc: Document, base_url: str | None) -> str | None:
    """Where the archived copy of a document is: a web link, else the WARC record."""
    get_fetch = getattr(store, "get_fetch", None)
    record = get_fetch(doc.fetch_id) if get_fetch and doc.fetch_id else None
    if record is None or not record.warc_path:
        return None
    if base_url:
        return f"{base_url.rstrip('/')}/documents/{doc.id}/snapshot"
    return f"WARC {Path(record.warc_path).name} {record.warc_record_id or ''}".strip()


def people_text(incident: Incident, lang: str) -> str:
    """'7', '7-8' (reports disagree) or unknown."""
    lo, hi = incident.people_min, incident.people_max
    if lo is None and hi is None:
        return LABELS[lang]["unknown"]
    count = str(lo) if lo == hi or hi is None else f"{lo}–{hi}"
    return f"{count}명" if lang == "ko" else count


def summarize(brief: Brief) -> str:
    """One paragraph: who, what, where, when, status, and how many sources."""
    i, t = brief.incident, brief.term
    last = i.events[-1] if i.events else None
    where = ", ".join(dict.fromkeys(
        [*(i.places[:2]), *(t(c) for c in i.countries[:2])])) or brief.labels["unknown"]
    vuln = ", ".join(t(v) for v in i.vulnerable)
    people = people_text(i, brief.lang)
    first, last_report = i.first_report or "?", i.last_report or "?"
    n = len(brief.citations)
    if brief.lang == "ko":
        who = f"{people}" + (f"({vuln} 포함)" if vuln else "")
        what = t(last.type) if last else brief.labels["unknown"]
        return (f"{where}에서 북한 주민 {who} 관련 사건. 최근 경과: {what}"
                f"({last.date if last and last.date else '날짜 미상'}). 현재 상태: {t(i.status)}. "
                f"{first}~{last_report} 사이 {n}건 보도.")
    who = f"{people} people" + (f" (including {vuln})" if vuln else "")
    what = t(last.type) if last else "unknown"
    when = last.date if last and last.date else "an unknown date"
    return (f"{who} from North Korea, in {where}. Latest event: {what} on {when}. "
            f"Current status: {t(i.status)}. {n} report(s) from {first} to {last_report}.")


def build_brief(store: Any, incident_id: int, lang: str = "en",
                base_url: str | None = None) -> Brief | None:
    """The brief of one incident, or None when there is no such incident."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    incident = store.get_incident(incident_id)
    if incident is None:
        return None
    docs = store.incident_documents(incident_id)
    brief = Brief(incident, lang, "", generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    numbers: dict[int | None, int] = {}
    for n, doc in enumerate(docs, start=1):
        numbers[doc.id] = n
        brief.citations.append(Citation(
            number=n, outlet=doc.source or _host(doc.url), date=doc.published,
            title=doc.title or headline(doc.text), url=web_address(doc.url),
            language=doc.language,
            snapshot=_snapshot(store, doc, base_url)))
    for step in incident.events:
        brief.timeline.append({
            "date": step.date, "type": brief.term(step.type), "place": step.place,
            "country": brief.term(step.country) if step.country else None,
            "people": step.people, "evidence": step.evidence[:2],
            "cites": sorted(numbers[d] for d in step.documents if d in numbers)})
    brief.summary = summarize(brief)
    return brief


def _host(url: str) -> str:
    """The host of a URL, as the outlet of last resort."""
    return urlsplit(url).hostname or "local file"


CONTACT_FIELDS = ("relation", "phone", "email", "messenger", "notes")


def _contact_line(contact: dict[str, str]) -> str:
    """'name (relation): phone · email · handle · notes'."""
    rest = [contact.get(k, "") for k in CONTACT_FIELDS[1:] if contact.get(k)]
    relation = f" ({contact['relation']})" if contact.get("relation") else ""
    return f"{contact.get('name', '')}{relation}" + (": " + " · ".join(rest) if rest else "")


def internal_markdown(brief: Brief) -> str:
    """The confidential sections of an internal brief, in Markdown ('' for a public one)."""
    part, L = brief.internal, brief.labels
    if part is None:
        return ""
    lines = [f"\n## {L['notes']}\n"]
    lines += [f"- **{md_escape(n.get('date', '')[:16])}** {md_escape(n.get('author'))}: "
              f"{md_escape(n.get('text'))}" for n in part.notes] or [f"{L['none']}"]
    lines.append(f"\n## {L['contacts']}\n")
    lines += [f"- {md_escape(_contact_line(c))}" for c in part.contacts] or [f"{L['none']}"]
    return "\n".join(lines) + "\n"


def internal_html(brief: Brief) -> str:
    """The confidential sections of an internal brief, as escaped HTML."""
    from markupsafe import escape

    part, L = brief.internal, brief.labels
    if part is None:
        return ""
    notes = "".join(f"<li><strong>{escape(n.get('date', '')[:16])}</strong> "
                    f"{escape(n.get('author', ''))}: {escape(n.get('text', ''))}</li>"
                    for n in part.notes)
    contacts = "".join(f"<li>{escape(_contact_line(c))}</li>" for c in part.contacts)
    return (f"<h2>{escape(L['notes'])}</h2><ul>{notes}</ul>"
            f"<h2>{escape(L['contacts'])}</h2><ul>{contacts}</ul>")


def render_markdown(brief: Brief) -> str:
    """The brief in Markdown (with its confidential sections when it is internal)."""
    text = templates().get_template("brief.md").render(
        b=brief, md=md_escape, people=people_text(brief.incident, brief.lang))
    if brief.internal is None:
        return text
    return f"**{brief.labels['internal']}**\n\n{text.rstrip()}\n{internal_markdown(brief)}"


def render_html(brief: Brief) -> str:
    """The brief as a standalone HTML page (also the source of the PDF)."""
    page = templates().get_template("brief.html").render(
        b=brief, people=people_text(brief.incident, brief.lang))
    if brief.internal is None:
        return page
    from markupsafe import escape

    banner = f'<p class="summary"><strong>{escape(brief.labels["internal"])}</strong></p>'
    page = page.replace("<body>", f"<body>{banner}", 1)
    return page.replace("</body>", f"{internal_html(brief)}</body>", 1)


def render_pdf(brief: Brief) -> bytes:
    """The brief as PDF, laid out by WeasyPrint with local fonts only (no network)."""
    from weasyprint import HTML

    def no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"briefs load nothing from outside: {url}")

    return bytes(HTML(string=render_html(brief), url_fetcher=no_fetch).write_pdf())
