"""Search latency: SQLite FTS5 and PostgreSQL tsvector stores, tantivy-py as the reference engine.

The same synthetic documents and queries go to all three.  Documents are bulk-loaded
(the ingest benchmark measures the pipeline).  Each store query returns 20 hits with
snippets, the total and six facets: SQLite counts the total from FTS5, ranks by BM25
without snippets and computes snippets for the page only, and counts facets over the
newest 5,000 matches (SearchPage.facets_sampled); PostgreSQL counts the total and facets
over every match.  tantivy returns 20 stored hits and the total (no facets, no snippets).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from bench.common import loadavg, machine, percentiles, table
from tumen.models import TOPICS
from tumen.store.base import SearchQuery
from tumen.store.postgres import PostgresStore
from tumen.store.sqlite import SQLiteStore

Row = tuple[int, str, str, str, str, str]  # id, title, text, published, source, topic


def vocabulary(rng: random.Random, size: int = 8000) -> list[str]:
    """Made-up words; documents draw them with Zipf-like frequencies like real text."""
    return ["".join(rng.choice("abcdefghiklmnoprstuvwy") for _ in range(rng.randint(3, 10)))
            for _ in range(size)]


def documents(n: int, seed: int) -> Iterator[Row]:
    """n synthetic documents, deterministic for a seed."""
    rng = random.Random(seed)
    vocab = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    for i in range(1, n + 1):
        words = rng.choices(vocab, weights, k=rng.randint(60, 220))
        title = " ".join(rng.choices(vocab, weights, k=6))
        yield (i, title, " ".join(words), f"{rng.randint(2000, 2025)}-0{rng.randint(1, 9)}-1"
               f"{rng.randint(0, 9)}", f"source{rng.randint(1, 20)}", rng.choice(TOPICS))


def queries(count: int, seed: int) -> list[str]:
    """Queries of one or two words, some phrases, ORs and prefixes, over the same words."""
    rng = random.Random(seed)
    vocab = vocabulary(random.Random(seed))  # the documents' vocabulary
    # Ranks 10-3000: from common words (thousands of hits) to rare ones (a handful).
    pick = lambda: vocab[int(10 * 300 ** rng.random())]  # noqa: E731
    shapes: list[Callable[[], str]] = [
        lambda: pick(), lambda: f"{pick()} {pick()}", lambda: f'"{pick()} {pick()}"',
        lambda: f"{pick()} OR {pick()}", lambda: f"{pick()[:3]}*",
    ]
    return [rng.choice(shapes)() for _ in range(count)]


def load_sqlite(path: Path, rows: list[Row]) -> SQLiteStore:
    """A migrated SQLite store holding the rows (one transaction)."""
    st = SQLiteStore(path)
    st.migrate()
    now = datetime.now(UTC).isoformat()
    with st.transaction() as conn:
        conn.executemany(
            "INSERT INTO documents (id, url, canonical_url, title, published, language, text, "
            "content_hash, source, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, 'en', ?, ?, ?, "
            "?, ?)", ((i, f"https://x/{i}", f"https://x/{i}", t, p, b, str(i), s, now, now)
                      for i, t, b, p, s, _ in rows))
        conn.executemany("INSERT INTO documents_fts (rowid, title, body, terms) "
                         "VALUES (?, ?, ?, '')", ((i, t, b) for i, t, b, *_ in rows))
        conn.executemany("INSERT INTO document_topics VALUES (?, ?)",
                         ((r[0], r[5]) for r in rows))
    return st


def load_postgres(url: str, rows: list[Row]) -> PostgresStore:
    """A migrated PostgreSQL store holding the rows (COPY, then ANALYZE)."""
    st = PostgresStore(url)
    st.migrate()
    now = datetime.now(UTC)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        with cur.copy("COPY documents (id, url, canonical_url, title, published, language, "
                      "text, content_hash, source, first_seen, last_seen) FROM STDIN") as out:
            for i, t, b, p, s, _ in rows:
                out.write_row((i, f"https://x/{i}", f"https://x/{i}", t, p, "en", b, str(i), s,
                               now, now))
        with cur.copy("COPY document_topics FROM STDIN") as out:
            for r in rows:
                out.write_row((r[0], r[5]))
        cur.execute("SELECT setval(pg_get_serial_sequence('documents', 'id'), %s)",
                    (len(rows),))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return st


def load_tantivy(folder: Path, rows: list[Row]) -> Callable[[str], int]:
    """A tantivy index of the rows and a function running one query (returns the total)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True)
    builder.add_text_field("title", stored=True)
    builder.add_text_field("body", stored=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer()
    for i, t, b, *_ in rows:
        writer.add_document(tantivy.Document(id=i, title=t, body=b))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()

    def run(q: str) -> int:
        query, _errors = index.parse_query_lenient(q, ["title", "body"])
        result = searcher.search(query, 20, count=True)
        for _score, address in result.hits:
            searcher.doc(address)
        return int(getattr(result, "count", 0) or 0)  # not in the type stubs

    return run


def timed(fn: Callable[[str], object], qs: list[str]) -> tuple[list[float], list[int]]:
    """Milliseconds per query and matches per query, after a warm-up over the first queries."""
    for q in qs[:20]:
        fn(q)
    out, totals = [], []
    for q in qs:
        start = time.perf_counter()
        result = fn(q)
        out.append((time.perf_counter() - start) * 1000)
        totals.append(result if isinstance(result, int) else int(getattr(result, "total", 0)))
    return out, totals


def _pg_url(args: argparse.Namespace) -> tuple[str | None, Callable[[], None]]:
    """A PostgreSQL database: --pg URL, or a throw-away cluster like the tests use."""
    if args.pg:
        return args.pg, lambda: None
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pgcluster import start_cluster

    cluster = start_cluster()
    if cluster is None:
        return None, lambda: None
    return cluster.create_database("bench_search"), cluster.stop


def main(args: argparse.Namespace) -> None:
    """Print p50/p95/p99 per engine."""
    rows = list(documents(args.docs, args.seed))
    qs = queries(args.queries, args.seed)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        engines: list[tuple[str, Callable[[str], object], float]] = []
        start = time.perf_counter()
        run_tantivy = load_tantivy(Path(tmp), rows)
        engines.append(("tantivy-py (reference)", run_tantivy, time.perf_counter() - start))
        start = time.perf_counter()
        lite = load_sqlite(Path(tmp) / "s.db", rows)
        engines.append(("SQLite FTS5 store", lambda q: lite.search(SearchQuery(q)),
                        time.perf_counter() - start))
        url, stop = (None, lambda: None) if args.no_pg else _pg_url(args)
        try:
            if url:
                start = time.perf_counter()
                pg = load_postgres(url, rows)
                engines.append(("PostgreSQL tsvector store", lambda q: pg.search(SearchQuery(q)),
                                time.perf_counter() - start))
            for name, fn, load in engines:
                took, totals = timed(fn, qs)
                p50, p95, p99 = percentiles(took)
                results.append((name, load, int(statistics.median(totals)), p50, p95, p99,
                                loadavg().split(" ", 2)[2]))
                print(f"  {name}: done, {loadavg()}", flush=True)
        finally:
            if url:
                pg.close()
            lite.close()
            stop()
    print(f"## Search ({args.docs:,} documents, {len(qs)} queries; {machine()})\n")
    print(table(["engine", "load s", "median matches", "p50 ms", "p95 ms", "p99 ms",
                 "load avg after"], results))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench search`."""
    parser.add_argument("--docs", type=int, default=100_000, help="documents (1000000 for 1M)")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--no-pg", action="store_true",
                        help="leave PostgreSQL out (its bulk load dominates at 1M documents)")
    parser.add_argument("--pg", help="postgresql:// URL of an empty database (default: a "
                                     "throw-away local cluster)")
