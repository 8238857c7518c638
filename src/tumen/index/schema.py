"""The index's fields, its two analysers, and the tantivy document of a stored report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tumen.index.text import words

# Bumped whenever fields or analysis change: an index of another version is rebuilt.
SCHEMA_VERSION = 3
ENGLISH = "tumen_en"  # tantivy's simple tokenizer, lowercase, English (Porter 2) stemmer
WORDS = "tumen_words"  # words made in Python (tumen.index.text), split on whitespace
FACETS = ("topic", "source", "language", "country", "event_type", "year")
TITLE_BOOST = 5.0  # a title match counts five times a body match, as FTS5's bm25 weights did


@dataclass
class IndexedDocument:
    """What the index holds of one stored report."""

    id: int
    title: str
    text: str
    url: str
    published: str | None = None
    source: str | None = None
    language: str | None = None
    topics: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)


def analysers() -> dict[str, Any]:
    """The analysers the schema names, to register on every opened index."""
    import tantivy
    from tantivy import Filter, TextAnalyzerBuilder, Tokenizer

    english = (TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40))
               .filter(Filter.lowercase()).filter(Filter.stemmer("english")).build())
    spaced = TextAnalyzerBuilder(Tokenizer.whitespace()).build()
    assert isinstance(english, tantivy.TextAnalyzer)
    return {ENGLISH: english, WORDS: spaced}


def build_schema() -> Any:
    """Fields: id; title and title + body stemmed and as words; facets, date, display fields.

    A searched word is one posting list ("all": title and body together) that must match,
    with the title's own list adding its boost where it also matches: a query of common
    words intersects one list per word, where a (title OR body) union per word cost twice
    as much at a million reports. The body is indexed (documents only) for its snippets.
    """
    import tantivy

    b = tantivy.SchemaBuilder()
    b.add_integer_field("id", stored=True, indexed=True, fast=True)
    b.add_text_field("title", stored=True, tokenizer_name=ENGLISH)
    b.add_text_field("body", stored=True, tokenizer_name=ENGLISH, index_option="basic")
    b.add_text_field("all", tokenizer_name=ENGLISH)
    b.add_text_field("title_words", tokenizer_name=WORDS)
    b.add_text_field("all_words", tokenizer_name=WORDS)
    for name in FACETS:
        b.add_text_field(name, stored=name == "source", fast=True, tokenizer_name="raw")
    b.add_integer_field("day", indexed=True, fast=True)  # YYYYMMDD, 00 for a missing part
    b.add_text_field("url", stored=True, tokenizer_name="raw", index_option="basic")
    b.add_text_field("published", stored=True, tokenizer_name="raw", index_option="basic")
    return b.build()


def day_number(date: str | None, fill: str = "00") -> int | None:
    """20240613 for '2024-06-13', 20240600 for '2024-06' (fill '99': 20240699), else None."""
    if not date:
        return None
    parts = [*date[:10].split("-"), fill, fill][:3]
    digits = "".join(parts)
    return int(digits) if len(digits) == 8 and digits.isdigit() else None


def to_tantivy(doc: IndexedDocument) -> Any:
    """The tantivy document of a report."""
    import tantivy

    d = tantivy.Document()
    d.add_integer("id", doc.id)
    d.add_text("title", doc.title)
    d.add_text("body", doc.text)
    d.add_text("all", doc.title)
    d.add_text("all", doc.text)
    title_words = " ".join(words(doc.title))
    d.add_text("title_words", title_words)
    d.add_text("all_words", title_words)
    d.add_text("all_words", " ".join(words(doc.text)))
    d.add_text("url", doc.url)
    if doc.published:
        d.add_text("published", doc.published)
        d.add_text("year", doc.published[:4])
    day = day_number(doc.published)
    if day is not None:
        d.add_integer("day", day)
    for name, value in (("source", doc.source), ("language", doc.language)):
        if value:
            d.add_text(name, value)
    for name, values in (("topic", doc.topics), ("country", doc.countries),
                         ("event_type", doc.event_types)):
        for value in sorted(set(values)):
            d.add_text(name, value)
    return d
