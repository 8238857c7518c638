"""One tantivy index per store: readers that reload when a writer commits, one writer at a time.

Several processes (web workers, an ingest, a backfill) open the same folder. Any number
may read; writers take an exclusive lock on a file in the folder for the length of one
batch (tantivy itself refuses a second IndexWriter rather than waiting). Readers reload
when meta.json, which tantivy replaces on every commit, has changed since their last look.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tumen.index.query import Parsed, QueryBuilder, parse
from tumen.index.schema import FACETS, SCHEMA_VERSION, analysers, build_schema
from tumen.private import private_dir
from tumen.store.base import SearchHit, SearchPage, SearchQuery

IDENTITY = "tumen-index.json"  # which store and schema version the folder's index is of
LOCK = "tumen-writer.lock"
SNIPPET_CHARS = 200
FACET_SIZE = 1000  # values counted per facet (sources are the most numerous)
_AGGREGATIONS = {name: {"terms": {"field": name, "size": FACET_SIZE}} for name in FACETS}


class SearchIndex:
    """A tantivy index in a folder (None: in memory, for ':memory:' stores)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.schema = build_schema()
        self.analysers = analysers()
        self.builder = QueryBuilder(self.schema, self.analysers)
        self._lock = threading.Lock()
        self._commits = 0  # the generation of an index in memory
        self._identity: tuple[Any, dict[str, Any]] | None = None  # (generation, identity)
        # the facet counts run beside the ranking (tantivy releases the GIL): one pass each
        self._facet_pool = ThreadPoolExecutor(max(1, os.cpu_count() or 1),
                                              thread_name_prefix="tumen-facets")
        self._open()
        self._seen = self.generation()

    def _open(self, locked: bool = False) -> None:
        """Open (or create) the tantivy index, with our analysers and a reader we reload.

        A folder with no index yet, or another version's, is created or emptied under the
        writers' lock: processes starting together (two crawlers, web workers) would
        otherwise create it at once, or one would open files another is deleting.
        """
        import tantivy

        if self.path is not None:
            private_dir(self.path)  # it holds the reports' text, as the database does
            if not locked and not self._current():
                with self._exclusive():
                    self._open(locked=True)
                return
            if (self.path / "meta.json").exists() and not self._current():
                self._wipe()  # another version's fields: tantivy would refuse them
            try:
                self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
            except ValueError:
                if locked:
                    raise
                # another process emptied the folder (reset) between our look and the open:
                # wait for its lock, then open what it made
                with self._exclusive():
                    self._open(locked=True)
                return
        else:
            self.index = tantivy.Index(self.schema)
        for name, analyser in self.analysers.items():
            self.index.register_tokenizer(name, analyser)
        self.index.config_reader(reload_policy="manual", num_warmers=0)

    def _current(self) -> bool:
        """Whether the folder holds an index of this schema version (or one just created,
        whose identity its creator is about to write)."""
        assert self.path is not None
        return (self.path / "meta.json").exists() and (
            self.identity().get("schema", SCHEMA_VERSION) == SCHEMA_VERSION)

    # -- identity ---------------------------------------------------------------------------

    def identity(self) -> dict[str, Any]:
        """The store id and schema version this folder was built for ({} if unknown)."""
        if self.path is None:
            return {"schema": SCHEMA_VERSION, "store": "memory"}
        now = self.generation()  # a rebuild rewrites the file, then commits
        if self._identity is None or self._identity[0] != now:
            try:
                found = dict(json.loads((self.path / IDENTITY).read_text("utf-8")))
            except (OSError, ValueError):
                found = {}
            self._identity = (now, found)
        return self._identity[1]

    def matches(self, store_id: str) -> bool:
        """Whether this index was built from this store with this schema."""
        ident = self.identity()
        return ident.get("schema") == SCHEMA_VERSION and ident.get("store") in (store_id,
                                                                                 "memory")

    def generation(self) -> Any:
        """A value that changes with every commit (meta.json is replaced on each)."""
        if self.path is None:
            return self._commits
        try:
            st = os.stat(self.path / "meta.json")
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

    # -- writing ----------------------------------------------------------------------------

    @contextmanager
    def writing(self, heap_bytes: int = 50_000_000, threads: int = 1) -> Iterator[Any]:
        """The index's only writer, for one batch; the caller commits. Waits for other writers."""
        with self._exclusive():
            writer = self.index.writer(heap_size=heap_bytes, num_threads=threads)
            try:
                yield writer
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()  # also releases tantivy's own lock
            self._commits += 1

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        if self.path is None:
            with self._lock:
                yield
            return
        with open(self.path / LOCK, "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the process dies
            yield

    def reset(self, store_id: str, force: bool = True) -> bool:
        """Empty the folder and mark it as the index of this store (the caller refills it).

        Unless forced, nothing is done (False) when another process has meanwhile made it
        this store's index: two processes finding a new folder must not empty it in turn.
        """
        with self._exclusive():
            if not force and self.matches(store_id):
                return False
            self._wipe()
            if self.path is not None:  # before the commit, which readers see (generation)
                (self.path / IDENTITY).write_text(json.dumps(
                    {"schema": SCHEMA_VERSION, "store": store_id}), "utf-8")
            self._open(locked=True)
            writer = self.index.writer(heap_size=15_000_000, num_threads=1)
            writer.delete_all_documents()
            writer.commit()
            writer.wait_merging_threads()
            self._commits += 1
        return True

    def _wipe(self) -> None:
        """Delete every file of the folder but the writers' lock (held by the caller)."""
        for entry in self.path.iterdir() if self.path is not None else ():
            if entry.name == LOCK:
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()

    # -- reading ----------------------------------------------------------------------------

    def searcher(self) -> Any:
        """A searcher over the latest commit (reloading first if a writer committed since)."""
        now = self.generation()
        if now != self._seen:
            with self._lock:
                if now != self._seen:
                    self.index.reload()
                    self._seen = now
        return self.index.searcher()

    def search(self, query: SearchQuery) -> SearchPage:
        """BM25-ranked hits over every document, the exact total, exact facet counts, snippets.

        The ranking (top hits and count, one pass) and the facet aggregation (a second
        pass over the same matches) run at once on two threads.
        """
        parsed = parse(query.text)
        built = self.builder.build(parsed, query)
        notice = " ".join(parsed.notices) or None
        if built is None:
            return SearchPage(hits=[], total=0, notice=notice or "Nothing to search for: "
                              "type a word, a \"phrase\" or a prefix*.")
        searcher = self.searcher()
        matching = self.builder.build(parsed, query, ranked=False)
        counting = self._facet_pool.submit(searcher.aggregate, matching, _AGGREGATIONS)
        # tantivy panics on a limit of 0 (a count alone): ask for one hit and drop it
        limit = max(query.limit, 1)
        result = searcher.search(built, limit, count=True, offset=max(query.offset, 0))
        count = int(result.count or 0)
        facets = _facets(counting.result())
        found = result.hits[:query.limit] if query.limit > 0 else []
        return SearchPage(hits=self._hits(searcher, parsed, found), total=count,
                          facets=facets if count else {}, notice=notice, facet_count=count)

    def _hits(self, searcher: Any, parsed: Parsed, found: list[Any]) -> list[SearchHit]:
        import tantivy

        words = self.builder.highlights(parsed)
        snippets = None
        if words is not None and found:
            snippets = tantivy.SnippetGenerator.create(searcher, words, self.schema, "body")
            snippets.set_max_num_chars(SNIPPET_CHARS)
        hits = []
        for score, address in found:
            doc = searcher.doc(address)
            stored = doc.to_dict()
            body = _first(stored, "body") or ""
            snippet = (_marked(snippets.snippet_from_doc(doc)) if snippets else ""
                       ) or _fallback(body, parsed.marks())
            hits.append(SearchHit(id=int(stored["id"][0]), title=_first(stored, "title"),
                                  url=_first(stored, "url") or "",
                                  date=_first(stored, "published"),
                                  source=_first(stored, "source"), snippet=snippet,
                                  score=float(score)))
        return hits

    def count(self) -> int:
        """How many documents the index holds."""
        return int(self.searcher().num_docs)


def _first(stored: dict[str, list[Any]], name: str) -> Any:
    values = stored.get(name) or [None]
    return values[0] if values[0] != "" else None


def _facets(result: dict[str, Any]) -> dict[str, list[tuple[str, int]]]:
    """Facet values by count (then by value), from tantivy's terms aggregations."""
    out: dict[str, list[tuple[str, int]]] = {}
    for name in FACETS:
        buckets = result.get(name, {}).get("buckets", [])
        pairs = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
        out[name] = sorted(pairs, key=lambda x: (-x[1], x[0]))
    return out


def _marked(snippet: Any) -> str:
    """The engine's snippet as escaped text with <mark> around each match ('' if none)."""
    if not snippet.highlighted():
        return ""
    # tantivy escapes the text and wraps matches in <b>; a <b> in the text arrives as &lt;b&gt;
    marked = snippet.to_html().replace("<b>", "<mark>").replace("</b>", "</mark>")
    return "…" + marked.strip() + "…"


def _fallback(body: str, marks: re.Pattern[str] | None) -> str:
    """A snippet around the first match of the marks, or the start of the text."""
    found = marks.search(body) if marks else None
    start = max(0, found.start() - SNIPPET_CHARS // 3) if found else 0
    window = body[start:start + SNIPPET_CHARS]
    out, last = [], 0
    for m in (marks.finditer(window) if marks else ()):
        out.append(html.escape(window[last:m.start()]) + f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(window[last:]))
    more = "…" if start + SNIPPET_CHARS < len(body) else ""
    return ("…" if start else "") + "".join(out) + more
