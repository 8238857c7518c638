"""Search latency in process: the product's search, raw tantivy, and the old SQLite FTS5 path.

All three run in one process over the same documents (bench web's synthetic analysed
reports, generated once into --db and indexed by `store.reindex()`, as `tumen reindex`):

- **tumen**: `store.search(SearchQuery(...))`: the query language, BM25 over the tantivy
  index with the title x5, 20 hits with stored fields and highlighted snippets, the count
  and six facet counts over every match;
- **raw tantivy**: the same index folder through tantivy-py alone: tantivy's own query
  parser (`+w1 +w2 +w3 title:w1^5 title:w2^5 title:w3^5`, the product's query), top 20 with
  the count and the same six terms aggregations on a second thread, as the product runs
  them, then the 20 stored documents; no snippets, no query language;
- **raw tantivy, ranking only**: the same without the facets: top 20 and the count;
- **raw tantivy, matches only**: the same query's matches counted with every score constant
  (no ranking, no facets, no documents): the posting lists' intersection alone, the floor
  under anything that ranks every match. tantivy-py's `Searcher.search` puts its TopDocs in
  a MultiCollector (with or without `count`), which visits and scores every match: no
  block-max WAND pruning, and tantivy 0.26 has none for conjunctions anyway;
- **old FTS5**: the SQLite FTS5 search this index replaced (`bench.fts5`, over the bench's
  own FTS5 copy, `<db>.fts5`): BM25 over the newest 10,000 matches, facets over the newest
  5,000.

Query sets: never-repeated three-word queries of common words (each word is in about 40 %
of the documents; the web bench's cold row), the same with one filter (source, year, topic
or country), and one-word queries.
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.common import loadavg, machine, peak_rss_mib, percentiles, table
from bench.fts5 import Fts5Copy
from bench.web import DOMAIN, build_index, generate
from tumen.models import TOPICS
from tumen.store import SQLiteStore
from tumen.store.base import SearchQuery

Run = Callable[[SearchQuery], int]  # runs one query, returns the number of matches
FILTERS = ("source", "year", "topic", "country")


def query_sets(count: int, seed: int) -> dict[str, list[SearchQuery]]:
    """The three query sets; no query text repeats within the cold sets."""
    rng = random.Random(seed)
    triples = [" ".join(p) for p in itertools.permutations(DOMAIN, 3)]
    rng.shuffle(triples)
    values: dict[str, Callable[[], str]] = {
        "source": lambda: f"source{rng.randrange(40)}",
        "year": lambda: str(rng.randint(2005, 2025)),
        "topic": lambda: rng.choice(TOPICS),
        "country": lambda: rng.choice(("CN", "LA", "VN", "TH")),
    }
    filtered = []
    for text in triples[count:2 * count]:
        name = rng.choice(FILTERS)
        filtered.append(SearchQuery(text, **{name: values[name]()}))  # type: ignore[arg-type]
    return {
        "three common words, never repeated": [SearchQuery(t) for t in triples[:count]],
        "three common words + one filter": filtered,
        "one word": [SearchQuery(rng.choice(DOMAIN).lower()) for _ in range(count)],
    }


def raw_tantivy(folder: Path, facets: bool = True, ranked: bool = True) -> Run:
    """The product's index folder searched with tantivy-py alone (facets=False: the ranking
    pass only, top 20 and the count; ranked=False: the matches counted, nothing scored)."""
    import tantivy
    from tantivy import Query

    from tumen.index.schema import FACETS, analysers, build_schema

    index = tantivy.Index(build_schema(), path=str(folder))
    for name, analyser in analysers().items():
        index.register_tokenizer(name, analyser)
    index.reload()
    searcher = index.searcher()
    aggs = {name: {"terms": {"field": name, "size": 1000}} for name in FACETS}
    pool = ThreadPoolExecutor(2)

    def run(q: SearchQuery) -> int:
        words = q.text.lower().split()
        text = " ".join([f"+{w}" for w in words] + [f"title:{w}^5" for w in words])
        for name in FILTERS:
            if getattr(q, name):
                text += f" +{name}:{getattr(q, name)}"
        query = index.parse_query(text, ["all"])
        if not ranked:
            return int(searcher.search(Query.const_score_query(query, 1.0), 1).count or 0)
        counting = pool.submit(searcher.aggregate, query, aggs) if facets else None
        result = searcher.search(query, 20, count=True)
        if counting is not None:
            counting.result()
        for _score, address in result.hits:
            searcher.doc(address)
        return int(result.count or 0)

    return run


def timed(run: Run, queries: list[SearchQuery]) -> tuple[list[float], list[int]]:
    """Milliseconds and matches per query (after three warm-up queries)."""
    for q in queries[:3]:
        run(q)
    took, totals = [], []
    for q in queries:
        t0 = time.perf_counter()
        totals.append(run(q))
        took.append((time.perf_counter() - t0) * 1000)
    return took, totals


def under_load(run: Run, queries: list[SearchQuery], clients: int) -> tuple[float, ...]:
    """p50, p95, p99 ms and queries/s with `clients` threads each sending the next query as
    soon as its last one is answered (tantivy releases the GIL while it searches)."""
    def one(q: SearchQuery) -> float:
        t0 = time.perf_counter()
        run(q)
        return (time.perf_counter() - t0) * 1000

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        took = list(pool.map(one, queries))
    return (*percentiles(took), len(took) / (time.perf_counter() - began))


def _loaded_rows(engines: dict[str, Run], args: argparse.Namespace) -> str:
    """The never-repeated three-word queries at --clients concurrent clients, per engine."""
    queries = query_sets(args.queries * 2, args.seed + 1)["three common words, never repeated"]
    for q in queries:  # warm for every engine alike (see main)
        engines["raw tantivy, same index"](q)
    rows = []
    for name, run in engines.items():
        if "FTS5" not in name:
            rows.append((name, args.clients, len(queries), *under_load(run, queries, args.clients),
                         loadavg().split(" ", 2)[2]))
    return table(["engine", "clients", "queries", "p50 ms", "p95 ms", "p99 ms", "queries/s",
                  "load avg after"], rows)


def main(args: argparse.Namespace) -> None:
    """Generate (or reuse) the documents and index, then time every engine on every set."""
    db = args.db or f"/tmp/tumen-bench-search-{args.docs}.db"
    if not Path(db).exists():
        generate(db, args.docs)
    store = SQLiteStore(db)
    store.migrate()
    if args.reindex:
        build_index(store)
    store.sync_index()
    assert store.search_dir is not None
    engines: dict[str, Run] = {
        "tumen (tantivy index)": lambda q: store.search(q).total,
        "raw tantivy, same index": raw_tantivy(store.search_dir),
        "raw tantivy, ranking only (no facets)": raw_tantivy(store.search_dir, facets=False),
        "raw tantivy, matches only (no scores)": raw_tantivy(store.search_dir, False, False),
    }
    if not args.no_fts:
        fts = Fts5Copy(db)
        engines["old SQLite FTS5 (bench copy)"] = lambda q: fts.search(q).total
    rows: list[tuple[Any, ...]] = []
    for set_name, queries in query_sets(args.queries, args.seed).items():
        # every query once before any engine is timed: the first engine would otherwise read
        # the set's postings and stored documents from disk for the others (measured at 1M,
        # filtered set: product 9.7 ms first, 5.2 ms once warm)
        for q in queries:
            engines["raw tantivy, same index"](q)
        base = None
        for name, run in engines.items():
            qs = queries if "FTS5" not in name else queries[: max(10, len(queries) // 5)]
            took, totals = timed(run, qs)
            p50, p95, p99 = percentiles(took)
            mean = sum(took) / len(took)
            base = mean if name == "raw tantivy, same index" else base
            rows.append((set_name, name, len(qs), sorted(totals)[len(totals) // 2], p50, p95,
                         p99, mean, loadavg().split(" ", 2)[2]))
            print(f"  {set_name} / {name}: done, {loadavg()}", flush=True)
        if base:
            product = next(r for r in rows if r[0] == set_name and r[1].startswith("tumen"))
            print(f"  {set_name}: tumen / raw tantivy mean = {product[7] / base:.2f}x")
    loaded = _loaded_rows(engines, args) if args.clients else ""
    store.close()
    print(f"\n## Search ({args.docs:,} documents in {db}; {machine()}; peak RSS "
          f"{peak_rss_mib():,.0f} MiB)\n")
    print(table(["queries", "engine", "n", "median matches", "p50 ms", "p95 ms", "p99 ms",
                 "mean ms", "load avg after"], rows))
    if loaded:
        print(f"\n### Never-repeated three-word queries, {args.clients} clients in process\n")
        print(loaded)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench search`."""
    parser.add_argument("--docs", type=int, default=100_000, help="documents (1000000 for 1M)")
    parser.add_argument("--db", default="", help="reuse this database (generated if missing)")
    parser.add_argument("--queries", type=int, default=200, help="queries per set")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--clients", type=int, default=0,
                        help="also time the three-word queries at this many concurrent clients")
    parser.add_argument("--reindex", action="store_true",
                        help="rebuild the index first (as `tumen reindex`): time, size, memory")
    parser.add_argument("--no-fts", action="store_true",
                        help="leave the old FTS5 path out (about 100 ms a query at 1M)")
