"""The query language users type, turned into a tantivy query with what was not understood said.

    "forced return"   a phrase            refug*      words starting with 'refug'
    laos OR china     either              -japan      not (also NOT japan)
    title:laos        in the title        source:x    from one source (also language:,
                                                      country:, topic:, year:, type:)

Words next to each other must all match (AND binds tighter than OR, as in FTS5 and Lucene).
Nothing a user types is passed to a query parser: each part becomes a tantivy query object,
so no input can be a syntax error; what was ignored is reported in `notices`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tumen.index.schema import ENGLISH, TITLE_BOOST, day_number
from tumen.index.text import has_cjk, words
from tumen.store.base import SearchQuery

_CHUNK = re.compile(
    r'(?P<neg>-)?(?:(?P<field>[A-Za-z_]+):)?(?:"(?P<phrase>[^"]*)(?P<close>"?)|(?P<word>[^\s"]+))')
_WORD = re.compile(r"\w+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Query fields that narrow to documents (SearchQuery attribute per name)
FILTER_FIELDS = {"source": "source", "language": "language", "country": "country",
                 "topic": "topic", "year": "year", "type": "event_type"}
TEXT_FIELDS = ("title",)
MAX_TERMS = 32  # a query is a few words; hundreds would only cost time
MIN_PREFIX = 2  # 'a*' would expand to most of the vocabulary


@dataclass
class Part:
    """One searched unit: a word, a phrase or a prefix, maybe negated, maybe title-only."""

    kind: str  # "word", "phrase" or "prefix"
    text: str
    negated: bool = False
    title_only: bool = False


@dataclass
class Parsed:
    """Groups of parts (any group may match; within one, every part), filters and notices."""

    groups: list[list[Part]] = field(default_factory=lambda: [[]])
    filters: list[tuple[str, str, bool]] = field(default_factory=list)  # attr, value, negated
    notices: list[str] = field(default_factory=list)

    def marks(self) -> re.Pattern[str] | None:
        """What to highlight where the engine's snippet finds nothing: prefixes, Korean and
        Japanese words (which the engine matched in fields it does not highlight)."""
        found = [re.escape(p.text) + (r"\w*" if p.kind == "prefix" else "")
                 for g in self.groups for p in g
                 if not p.negated and (p.kind == "prefix" or has_cjk(p.text))]
        found.sort(key=len, reverse=True)
        return re.compile("|".join(found), re.IGNORECASE) if found else None


def parse(text: str) -> Parsed:
    """The parts, filters and notices of what a user typed."""
    out = Parsed()
    clean = _CONTROL.sub(" ", unicodedata.normalize("NFKC", text))
    negate_next = False
    for m in _CHUNK.finditer(clean):
        name, value = m.group("field"), m.group("phrase")
        is_phrase = value is not None
        if not is_phrase:
            value = m.group("word")
            if not m.group("neg") and name is None and value in ("OR", "AND", "NOT"):
                negate_next = _operator(out, value)
                continue
        if is_phrase and not m.group("close"):
            out.notices.append('A closing quote (") was missing; the phrase runs to the end.')
        negated = bool(m.group("neg")) or negate_next
        negate_next = False
        if name is not None and name.lower() in FILTER_FIELDS:
            _add_filter(out, name.lower(), value.strip(), negated)
        elif name is not None and name.lower() not in TEXT_FIELDS:
            out.notices.append(f"'{name}:' is not a field (fields: title, "
                               f"{', '.join(FILTER_FIELDS)}); searched as words.")
            _add_text(out, f"{name} {value}", is_phrase, negated, False)
        else:
            _add_text(out, value, is_phrase, negated, name is not None)
    return _tidy(out, negate_next)


def _operator(out: Parsed, op: str) -> bool:
    """Apply OR/AND/NOT; return whether the next part is negated."""
    if op == "OR":
        if out.groups[-1]:
            out.groups.append([])
        else:
            out.notices.append("'OR' needs words on both sides; it was ignored.")
    return op == "NOT"


def _add_filter(out: Parsed, name: str, value: str, negated: bool) -> None:
    if not value:
        out.notices.append(f"'{name}:' needs a value; it was ignored.")
        return
    attr = FILTER_FIELDS[name]
    value = value.upper() if attr == "country" else value.lower() if attr != "source" else value
    out.filters.append((attr, value, negated))


def _add_text(out: Parsed, value: str, phrase: bool, negated: bool, title_only: bool) -> None:
    """A word chunk (pieces joined by punctuation make a phrase) or a quoted phrase."""
    pieces = _WORD.findall(value)
    if not pieces:
        return
    if phrase:
        part = Part("phrase", " ".join(pieces), negated, title_only)
    elif value.endswith("*") and len(pieces) == 1:
        if len(pieces[0]) < MIN_PREFIX:
            out.notices.append(f"'{value}' is too short a prefix (at least {MIN_PREFIX} "
                               "letters); it was ignored.")
            return
        part = Part("prefix", pieces[0], negated, title_only)
    else:
        part = Part("word" if len(pieces) == 1 else "phrase", " ".join(pieces), negated,
                    title_only)
    out.groups[-1].append(part)


def _tidy(out: Parsed, dangling_not: bool) -> Parsed:
    """Drop empty groups and those with only excluded words, saying so; bound the size."""
    if dangling_not:
        out.notices.append("'NOT' at the end has nothing to exclude; it was ignored.")
    kept = []
    if len(out.groups) > 1 and not out.groups[-1]:
        out.notices.append("'OR' needs words on both sides; it was ignored.")
    for group in out.groups:
        if group and all(p.negated for p in group):
            out.notices.append("Excluded words alone match nothing: add a word to search for.")
        elif group:
            kept.append(group)
    count = sum(len(g) for g in kept)
    if count > MAX_TERMS:
        out.notices.append(f"Only the first {MAX_TERMS} words were searched.")
        kept = _truncate(kept)
    out.groups = kept
    return out


def _truncate(groups: list[list[Part]]) -> list[list[Part]]:
    left, kept = MAX_TERMS, []
    for group in groups:
        if left <= 0:
            break
        kept.append(group[:left])
        left -= len(group)
    return kept


class QueryBuilder:
    """Parts and filters as tantivy queries over one schema."""

    def __init__(self, schema: Any, analysers: dict[str, Any]) -> None:
        self.schema = schema
        self.english = analysers[ENGLISH]

    def build(self, parsed: Parsed, query: SearchQuery, ranked: bool = True) -> Any | None:
        """The whole query (text and filters), or None when nothing can be searched.

        ranked=False: the same matches without the title's optional boost clauses, for the
        facet counts, which score nothing (each boost clause cost the pass a posting list).
        """
        from tantivy import Occur, Query

        groups = [g for g in (self._group(g, ranked) for g in parsed.groups) if g]
        if not groups:
            return None
        filters = self._filters(parsed, query)
        if len(groups) == 1:  # one flat boolean query: a nested one costs 4-8 % more at 1M
            return Query.boolean_query(groups[0] + filters)
        text = Query.boolean_query([(Occur.Should, Query.boolean_query(g)) for g in groups])
        return Query.boolean_query([(Occur.Must, text), *filters])

    def _group(self, group: list[Part], ranked: bool = True) -> list[tuple[Any, Any]]:
        """Every part must match title + body; a title match adds TITLE_BOOST times its score
        (the clauses of one boolean query; none when nothing in the group must match)."""
        from tantivy import Occur, Query

        clauses: list[tuple[Any, Any]] = []
        for part in group:
            q = self._part(part, "title" if part.title_only else "all")
            if q is None:
                continue
            if part.negated:
                clauses.append((Occur.MustNot, q))
            elif part.title_only:
                clauses.append((Occur.Must, Query.boost_query(q, TITLE_BOOST)))
            else:
                clauses.append((Occur.Must, q))
                in_title = self._part(part, "title") if ranked else None
                if in_title is not None:
                    clauses.append((Occur.Should, Query.boost_query(in_title, TITLE_BOOST)))
        return clauses if any(occur == Occur.Must for occur, _ in clauses) else []

    def _part(self, part: Part, name: str) -> Any | None:
        """A word, phrase or prefix in one field ("all": title and body, or "title")."""
        if part.kind == "prefix":
            return self._regex(name + "_words", part.text.lower() + ".*")  # \w+: no escaping
        options = []
        stems = [t for t in self.english.analyze(part.text) if t]
        if stems:
            options.append(self._terms(name, stems))
        if has_cjk(part.text):
            morphemes = words(part.text)
            if morphemes:
                options.append(self._terms(name + "_words", morphemes))
        return _any(options)

    def highlights(self, parsed: Parsed) -> Any | None:
        """The stemmed words searched for, as a query over the body, for its snippets."""
        from tantivy import Occur, Query

        stems = sorted({t for g in parsed.groups for p in g if not p.negated
                        and p.kind != "prefix" for t in self.english.analyze(p.text) if t})
        if not stems:
            return None
        return Query.boolean_query([(Occur.Should, Query.term_query(self.schema, "body", t))
                                    for t in stems])

    def _terms(self, name: str, tokens: list[str]) -> Any:
        from tantivy import Query

        if len(tokens) == 1:
            return Query.term_query(self.schema, name, tokens[0])
        words: list[str | tuple[int, str]] = list(tokens)
        return Query.phrase_query(self.schema, name, words)

    def _regex(self, name: str, pattern: str) -> Any:
        from tantivy import Query

        return Query.regex_query(self.schema, name, pattern)

    def _filters(self, parsed: Parsed, query: SearchQuery) -> list[tuple[Any, Any]]:
        """Exact-value filters (from the form and from the query text) and the date range."""
        import tantivy
        from tantivy import Occur, Query

        wanted = [(attr, getattr(query, attr), False) for attr in FILTER_FIELDS.values()
                  if getattr(query, attr)] + parsed.filters
        out = []
        for attr, value, negated in wanted:
            name = "event_type" if attr == "event_type" else attr
            term = Query.const_score_query(Query.term_query(self.schema, name, value), 0.0)
            out.append((Occur.MustNot if negated else Occur.Must, term))
        low, high = day_number(query.date_from), day_number(query.date_to, "99")
        if low is not None or high is not None:
            days = Query.range_query(self.schema, "day", tantivy.FieldType.Integer, low, high)
            out.append((Occur.Must, Query.const_score_query(days, 0.0)))
        return out


def _any(options: list[Any]) -> Any | None:
    """One query matching any of the options (None when there are none)."""
    from tantivy import Occur, Query

    options = [o for o in options if o is not None]
    if len(options) <= 1:
        return options[0] if options else None
    return Query.boolean_query([(Occur.Should, o) for o in options])
