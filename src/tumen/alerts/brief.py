"""Briefs: an incident's facts, timeline and every source, as Markdown or PDF, in en, ko or ja."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tumen.alerts.delivery import templates
from tumen.alerts.digest import md_escape
from tumen.analyze.gazetteer import country_name, local_name
from tumen.datafiles import load_yaml
from tumen.models import Document, Incident, IncidentEvent, headline, web_address

LANGS = ("en", "ko", "ja")


@cache
def words(lang: str) -> dict[str, Any]:
    """Labels, terms and phrasing of one language (data/brief.yaml)."""
    raw = load_yaml((resources.files("tumen.alerts") / "data" / "brief.yaml")
                     .read_text(encoding="utf-8"))
    return dict(raw[lang])


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
        return dict(words(self.lang)["labels"])

    def term(self, value: str | None) -> str:
        """A status, event type, vulnerable group or country in the brief's language."""
        if not value:
            return self.labels["unknown"]
        if len(value) == 2 and value.isupper():  # an ISO country code
            return country_name(value, self.lang)
        return str(words(self.lang)["terms"].get(value, value))

    def place(self, name: str | None) -> str | None:
        """A place in the brief's language and script."""
        return local_name(name, self.lang) if name else None

    @property
    def title(self) -> str:
        """The incident's headline in the brief's language."""
        return localized_title(self.incident, self.lang)

    @property
    def comma(self) -> str:
        """What separates the items of a list: ', ' or '、'."""
        return str(words(self.lang)["comma"])

    @property
    def places(self) -> list[str]:
        """The incident's places in the brief's language."""
        return [local_name(p, self.lang) for p in self.incident.places]

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
    """'7', '7-8' (reports disagree), '7명', '7人' or unknown."""
    lo, hi = incident.people_min, incident.people_max
    if lo is None and hi is None:
        return str(words(lang)["labels"]["unknown"])
    if lang == "en":
        return str(lo) if lo == hi or hi is None else f"{lo}–{hi}"
    forms = words(lang)["people"]
    if lo == hi or hi is None:
        return str(forms["many"]).format(n=lo)
    return str(forms["range"]).format(lo=lo, hi=hi)


def _ro(word: str) -> str:
    """The Korean particle 'to' after a word: 으로 after a final consonant but ㄹ, else 로."""
    last = word[-1:] or "가"
    if not "\uac00" <= last <= "\ud7a3":
        return "(으)로"
    final = (ord(last) - 0xAC00) % 28
    return "으로" if final not in (0, 8) else "로"


def _step(step: IncidentEvent, lang: str) -> str:
    """One timeline step as a phrase: '중국 선양에서 체포', '中国・瀋陽で拘束'."""
    w = words(lang)
    country = country_name(step.country, lang) if step.country else None
    place = local_name(step.place, lang) if step.place else None
    if country and place and place != country:
        where = str(w["place"]).format(country=country, place=place)
    else:
        where = place or country or str(w["labels"]["unknown"])
    return str(w["steps"].get(step.type, "{where}")).format(where=where, to=_ro(where))


def localized_title(incident: Incident, lang: str) -> str:
    """The headline in a language: who, the first step, then the step where they are now
    (as the English title is made, incidents.assembly.title); the incident's own in en."""
    if lang == "en" or not incident.events:
        return incident.title
    w, lo, hi = words(lang), incident.people_min, incident.people_max
    forms = w["people"]
    who = (forms["unknown"] if lo is None or hi is None else forms["one"] if lo == hi == 1
           else people_text(incident, lang))
    first = incident.events[0]
    text = str(w["title"]).format(who=who, first=_step(first, lang))
    living = [e for e in incident.events if e.type != "death"]
    if living and living[-1].type != first.type:
        text += str(w["then"]).format(latest=_step(living[-1], lang))
    dated = next((e.date for e in incident.events if e.date), None)
    return text + (f" ({dated[:7]})" if dated else "")


def summarize(brief: Brief) -> str:
    """One paragraph: who, what, where, when, status, and how many sources."""
    i, t = brief.incident, brief.term
    last = i.events[-1] if i.events else None
    where = brief.comma.join(dict.fromkeys(
        [*brief.places[:2], *(t(c) for c in i.countries[:2])])) or brief.labels["unknown"]
    vuln = brief.comma.join(t(v) for v in i.vulnerable)
    people = people_text(i, brief.lang)
    first, last_report = i.first_report or "?", i.last_report or "?"
    n = len(brief.citations)
    if brief.lang != "en":
        w = words(brief.lang)
        who = people + (str(w["including"]).format(groups=vuln) if vuln else "")
        return str(w["summary"]).format(
            where=where, who=who, what=t(last.type) if last else brief.labels["unknown"],
            when=last.date if last and last.date else brief.labels["undated"],
            status=t(i.status), first=first, last=last_report, n=n)
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
            "date": step.date, "type": brief.term(step.type), "place": brief.place(step.place),
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
