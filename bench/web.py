"""Benchmark: N synthetic documents in SQLite, search and dashboard latency at C clients.

The app runs in its own uvicorn process(es) (`--workers`, as `tumen serve --workers`).  The
clients are wrk's keep-alive connections (Debian's `wrk`, written in C, so that the load
generator takes little of the CPU it shares with the server), each row for --seconds; or,
without wrk, threads of this process with one httpx connection each, --requests per row.
The static-file row is the baseline: what the server and the clients cost with no
database work.

    python -m bench web --docs 1000000 --db /tmp/bench-1m.db --clients 20,100 --workers 2
    python bench/web.py --docs 100000 --client threads --requests 1000
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import httpx
import uvicorn

if __package__ in (None, ""):  # run as `python bench/web.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import loadavg, machine, peak_rss_mib, percentiles, rss_mib, table
from tumen.config import Settings
from tumen.models import EVENT_TYPES, TOPICS
from tumen.store import SQLiteStore, open_store
from tumen.web.app import create_app, serve

DOMAIN = ("defectors", "refugees", "arrested", "Shenyang", "Dandong", "Yanji", "Laos", "Vietnam",
          "Thailand", "embassy", "repatriation", "border", "police", "broker", "detention",
          "family", "children", "women", "UNHCR", "Seoul", "resettlement", "Tumen", "river")
KOREAN = ("탈북민들이 중국 공안에 체포되었다", "강제북송 위기에 처한 탈북민 가족",
          "라오스에서 탈북자 일곱 명이 붙잡혔다", "하나원을 수료한 탈북민들의 정착")
COUNTRIES = ("CN", "LA", "VN", "TH", "KR", "KP", "MN", "RU")
QUERIES = ("defectors", "Shenyang arrested", '"forced repatriation"', "embassy OR UNHCR",
           "broker*", "탈북민", "children -Seoul", "Laos police", "river", "강제북송")


def _text(rng: random.Random, vocab: list[str]) -> tuple[str, str]:
    """A title and a text."""
    words = [rng.choice(DOMAIN) if rng.random() < 0.15 else rng.choice(vocab) for _ in range(80)]
    title = " ".join(words[:7]).capitalize()
    if rng.random() < 0.1:
        sentence = rng.choice(KOREAN)
        return sentence, f"{sentence}. {' '.join(words)}"
    return title, " ".join(words)


def generate(db: str, docs: int, seed: int = 1, index: bool = True) -> None:
    """Fill a fresh database with synthetic analysed documents, 10,000 per transaction."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnoprstuvwyz") for _ in range(rng.randint(3, 9)))
             for _ in range(20_000)]
    store = open_store(db)
    assert isinstance(store, SQLiteStore)
    for start in range(0, docs, 10_000):
        rows, topics, events, countries = [], [], [], []
        for n in range(start, min(docs, start + 10_000)):
            title, text = _text(rng, vocab)
            day = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            url = f"https://synthetic.example/{n}"
            analysis = {"language": "en", "topics": rng.sample(TOPICS, 2)}
            rows.append((n + 1, url, url, title, day, "en", text, f"h{n}",
                         f"source{n % 40}", f"{day}T00:00:00", json.dumps(analysis)))
            topics += [(n + 1, t) for t in analysis["topics"]]
            c = rng.choice(COUNTRIES)
            countries.append((n + 1, c))
            if rng.random() < 0.3:
                events.append((n + 1, rng.choice(EVENT_TYPES), day, rng.randint(1, 9), c,
                               text[:80]))
        with store.transaction() as conn:
            conn.executemany(
                "INSERT INTO documents (id, url, canonical_url, title, published, language, text,"
                " content_hash, source, first_seen, last_seen, analysis) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?10, ?11)", rows)
            conn.executemany("INSERT INTO document_topics VALUES (?, ?)", topics)
            conn.executemany("INSERT INTO document_countries VALUES (?, ?)", countries)
            conn.executemany("INSERT INTO events (document_id, type, date, people, country, "
                             "evidence, evidence_start, evidence_end) "
                             "VALUES (?, ?, ?, ?, ?, ?, 0, 80)", events)
        print(f"  {min(docs, start + 10_000):>9,} documents", end="\r", flush=True)
    store.execute("ANALYZE")
    print()
    if index:
        build_index(store)
    store.close()


def build_index(store: SQLiteStore) -> None:
    """`tumen reindex`: the search index from the stored documents; time, size, peak RSS,
    and the resident memory at every tenth of the documents (flat while indexing?)."""
    total, done, marks = store.count_documents(), 0, []

    def progress(n: int) -> None:
        nonlocal done
        done += n
        if done * 10 // max(total, 1) > len(marks):
            marks.append(f"{done:,}: {rss_mib():,.0f}")

    t0 = time.perf_counter()
    count = store.reindex(progress)
    took = time.perf_counter() - t0
    print("resident MiB after documents: " + ", ".join(marks))
    assert store.search_dir is not None
    size = sum(p.stat().st_size for p in store.search_dir.rglob("*") if p.is_file())
    print(f"indexed {count:,} documents in {took:.0f} s ({count / took:,.0f}/s), index "
          f"{size / 2**20:,.0f} MiB, peak RSS {peak_rss_mib():,.0f} MiB, {loadavg()}")


def serve_forever(db: str, port: int, workers: int = 1, search_dir: str = "") -> None:
    """`tumen serve` over db: uvicorn with `workers` processes, no API rate limit."""
    settings = Settings(db=db, api_rate_limit=0, workers=workers, port=port,
                        search_dir=search_dir)
    if workers == 1:
        uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
        return
    serve(settings, log_level="warning")


def copy_to_postgres(db: str, url: str) -> str:
    """The SQLite bench database copied into PostgreSQL (ids kept), which then searches the
    SQLite database's index folder (same documents, so the same index): its search_dir."""
    import psycopg

    from tumen.migrate import copy_sqlite_to_postgres

    t0 = time.perf_counter()
    lite = SQLiteStore(db)
    with psycopg.connect(url) as conn:  # a copy made by an earlier run is used again
        found = conn.execute("SELECT to_regclass('documents') IS NOT NULL").fetchone()
        held = found and found[0] and conn.execute("SELECT count(*) FROM documents").fetchone()
    if held and held[0] == lite.count_documents():
        print(f"PostgreSQL already holds the {held[0]:,} documents: not copied again")
    else:
        copy_sqlite_to_postgres(db, url, index=False)
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE search_state SET value = %s WHERE key = 'index_id'",
                     (lite.store_id(),))
        conn.execute("DELETE FROM search_outbox")
    assert lite.search_dir is not None
    lite.close()
    print(f"copied into PostgreSQL in {time.perf_counter() - t0:.0f} s")
    return str(lite.search_dir)


def _serve(db: str, port: int, workers: int, search_dir: str = "") -> subprocess.Popen[bytes]:
    """The server in its own process(es), so that the clients do not share its GIL."""
    root = str(Path(__file__).resolve().parent.parent)
    server = subprocess.Popen([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
                               " from bench.web import serve_forever;"
                               " serve_forever(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]),"
                               " sys.argv[5])", root, db, str(port), str(workers), search_dir])
    for _ in range(600):
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/app.css", timeout=1)
            return server
        except httpx.TransportError:
            if server.poll() is not None:
                raise SystemExit("the server exited") from None
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("the server did not start within 60 s")


WRK_SCRIPT = Path(__file__).with_name("wrk_paths.lua")
Measured = tuple[int, float, float, float, float]  # requests, p50, p95, p99 ms, requests/s


def measure_threads(base: str, paths: list[str], clients: int, _seconds: float) -> Measured:
    """GET every path once with `clients` threads of this process (httpx, keep-alive)."""
    def one(path: str, client: httpx.Client) -> float:
        t0 = time.perf_counter()
        r = client.get(base + path)
        assert r.status_code == 200, (path, r.status_code)
        return (time.perf_counter() - t0) * 1000

    local = threading.local()

    def task(path: str) -> float:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=60)
        return one(path, local.client)

    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        lat = list(pool.map(task, paths))
    return (len(lat), *percentiles(lat), len(lat) / (time.perf_counter() - began))


def measure_wrk(base: str, paths: list[str], clients: int, seconds: float) -> Measured:
    """`clients` keep-alive connections of wrk (one thread, in C) cycling through paths."""
    with tempfile.NamedTemporaryFile("w", suffix=".paths") as listing:
        listing.write("\n".join(paths) + "\n")
        listing.flush()
        out = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds:g}s", "--timeout", "60s",
                              "-s", str(WRK_SCRIPT), base, "--", listing.name],
                             capture_output=True, text=True, check=True).stdout
    found = json.loads(out.split("WRKJSON ", 1)[1].splitlines()[0])
    if found["errors"]:
        raise SystemExit(f"wrk: {found['errors']} failed or non-2xx answers\n{out}")
    if not found["requests"]:  # none answered within the row's time: say so, not 0 ms
        return 0, math.inf, math.inf, math.inf, 0.0
    return (found["requests"], found["p50"] / 1000, found["p95"] / 1000, found["p99"] / 1000,
            found["requests"] / (found["us"] / 1e6))


def _cold_paths(rng: random.Random) -> list[str]:
    """Every ordered three-word query of the domain words (10,626), shuffled: none repeats."""
    words = [" ".join(p) for p in itertools.permutations(DOMAIN, 3)]
    rng.shuffle(words)
    return ["/api/v1/search?q=" + w.replace(" ", "+") for w in words]


def rows_for(base: str, requests: int, clients: int, rng: random.Random,
             measure: Callable[[str, list[str], int, float], Measured],
             seconds: float) -> list[tuple]:
    """One table row per endpoint: requests, p50/p95/p99 ms, requests/s (wall clock)."""
    # percent-encoded here: wrk sends the paths as they are written
    searches = [f"/api/v1/search?{urlencode({'q': rng.choice(QUERIES)})}" for _ in range(requests)]
    warm = [f"{prefix}/search?{urlencode({'q': q})}"
            for q in QUERIES for prefix in ("/api/v1", "")] + ["/"] * 20
    # every worker process has its own result cache: warm them all (wrk spreads connections)
    measure(base, warm * 4, clients, 3)
    # warm rows before the cold one: the app's cache is an LRU of 512 results, and more
    # distinct queries than that would evict the repeated ones
    plan = {
        "static file (baseline)": ["/static/app.css"] * requests,
        "search API, 10 repeated queries (warm)": searches,
        "search page, repeated queries (warm)": [p.replace("/api/v1", "")
                                                 for p in searches[: requests // 4]],
        "dashboard": ["/"] * (requests // 4),
        # distinct queries: nothing reusable from the result cache, every one hits the index
        "search API, distinct queries (cold)": _cold_paths(rng)[:requests] if measure is
        measure_threads else _cold_paths(rng),
    }
    out: list[tuple] = []
    for name, paths in plan.items():
        n, p50, p95, p99, rate = measure(base, paths, clients, seconds)
        out.append((name, clients, n, p50, p95, p99, rate, loadavg().split(" ", 2)[2]))
    return out


def main(argv: list[str] | None = None) -> None:
    """Generate, serve, measure at each client count, print a table."""
    ap = argparse.ArgumentParser(prog="python -m bench web", description=__doc__)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--clients", default="20",
                    help="concurrent clients, or several separated by commas (20,100)")
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--db", default="", help="reuse this database (generated if missing)")
    ap.add_argument("--port", type=int, default=8766)
    ap.add_argument("--workers", type=int, default=1, help="server processes (tumen serve)")
    ap.add_argument("--seconds", type=float, default=10,
                    help="seconds per row with wrk (without wrk: --requests per row)")
    ap.add_argument("--client", choices=("wrk", "threads"), default="wrk" if shutil.which("wrk")
                    else "threads", help="load generator: wrk (C) or httpx threads (Python)")
    ap.add_argument("--pg", default="", help="also serve a PostgreSQL copy: a postgresql:// "
                    "URL of an empty database, or 'cluster' for a throw-away local server")
    args = ap.parse_args(argv)
    db = args.db or str(Path(tempfile.mkdtemp(prefix="tumen-bench-")) / "bench.db")
    if not Path(db).exists():
        t0 = time.perf_counter()
        generate(db, args.docs)
        print(f"generated {args.docs:,} documents in {time.perf_counter() - t0:.0f} s ({db})")
    store = open_store(db)
    docs = store.count_documents()
    store.close()
    backends = [("SQLite", db, "")]
    stop_pg: Callable[[], None] = lambda: None  # noqa: E731
    if args.pg:
        url, stop_pg = _postgres(args.pg)
        backends.append(("PostgreSQL", url, copy_to_postgres(db, url)))
    try:
        for backend, target, search_dir in backends:
            _measure_backend(args, backend, target, search_dir, docs)
    finally:
        stop_pg()
    _in_process(db)


def _postgres(pg: str) -> tuple[str, Callable[[], None]]:
    """A PostgreSQL database URL, and what stops its throw-away server (if one was started)."""
    if pg != "cluster":
        return pg, lambda: None
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from pgcluster import start_cluster

    cluster = start_cluster()
    if cluster is None:
        raise SystemExit("no PostgreSQL server binaries")
    return cluster.create_database("bench_web"), cluster.stop


def _in_process(db: str) -> None:
    """The cold queries in process, one at a time: the product's search, raw tantivy on the
    same index, and the old FTS5 path (the cost under the HTTP rows)."""
    from bench.fts5 import Fts5Copy
    from bench.search import raw_tantivy, timed
    from tumen.store.base import SearchQuery

    store = SQLiteStore(db)
    fts = Fts5Copy(db)
    assert store.search_dir is not None
    queries = [SearchQuery(p.split("q=", 1)[1].replace("+", " "))
               for p in _cold_paths(random.Random(5))[:300]]
    engines: list[tuple[str, Callable[[SearchQuery], int], int]] = [
        ("tumen store.search (tantivy index)", lambda q: store.search(q).total, 300),
        ("raw tantivy, same index", raw_tantivy(store.search_dir), 300),
        ("old SQLite FTS5 (bench copy)", lambda q: fts.search(q).total, 30)]
    rows = []
    for name, run, n in engines:
        took, _ = timed(run, queries[:n])
        rows.append((name, n, *percentiles(took), sum(took) / n, loadavg().split(" ", 2)[2]))
    store.close()
    print("\n### The same never-repeated three-word queries in process, one at a time\n")
    print(table(["engine", "queries", "p50 ms", "p95 ms", "p99 ms", "mean ms", "load avg after"],
                rows))
    print(f"\ntumen / raw tantivy, mean: {rows[0][5] / rows[1][5]:.2f}x; p50: "
          f"{rows[0][2] / rows[1][2]:.2f}x")


def _measure_backend(args: argparse.Namespace, backend: str, db: str, search_dir: str,
                     docs: int) -> None:
    """Serve one backend and print its table."""
    server = _serve(db, args.port, args.workers, search_dir)
    measure = measure_wrk if args.client == "wrk" else measure_threads
    base = f"http://127.0.0.1:{args.port}"
    rng = random.Random(2)
    rows: list[tuple] = []
    for clients in (int(c) for c in str(args.clients).split(",")):
        rows += rows_for(base, args.requests, clients, rng, measure, args.seconds)
    server.terminate()
    server.wait()
    print(f"\n## Web, {backend} ({docs:,} documents in {db}; {args.workers} server "
          f"process(es); clients: {args.client}; {machine()})\n")
    print(table(["endpoint", "clients", "requests", "p50 ms", "p95 ms", "p99 ms", "req/s",
                 "load avg after"], rows))


if __name__ == "__main__":
    main()
