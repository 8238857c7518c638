"""Benchmark: N synthetic documents in SQLite, search and dashboard latency at C clients.

    python bench/web.py --docs 1000000 --clients 20 --requests 2000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from tumen.config import Settings
from tumen.models import EVENT_TYPES, TOPICS
from tumen.search import index_terms
from tumen.store import SQLiteStore, open_store
from tumen.web.app import create_app

DOMAIN = ("defectors", "refugees", "arrested", "Shenyang", "Dandong", "Yanji", "Laos", "Vietnam",
          "Thailand", "embassy", "repatriation", "border", "police", "broker", "detention",
          "family", "children", "women", "UNHCR", "Seoul", "resettlement", "Tumen", "river")
KOREAN = ("탈북민들이 중국 공안에 체포되었다", "강제북송 위기에 처한 탈북민 가족",
          "라오스에서 탈북자 일곱 명이 붙잡혔다", "하나원을 수료한 탈북민들의 정착")
COUNTRIES = ("CN", "LA", "VN", "TH", "KR", "KP", "MN", "RU")
QUERIES = ("defectors", "Shenyang arrested", '"forced repatriation"', "embassy OR UNHCR",
           "broker*", "탈북민", "children -Seoul", "Laos police", "river", "강제북송")


def _text(rng: random.Random, vocab: list[str]) -> tuple[str, str, str]:
    """A title, a text and its extra index terms."""
    words = [rng.choice(DOMAIN) if rng.random() < 0.15 else rng.choice(vocab) for _ in range(80)]
    title = " ".join(words[:7]).capitalize()
    if rng.random() < 0.1:
        sentence = rng.choice(KOREAN)
        return sentence, f"{sentence}. {' '.join(words)}", index_terms(sentence)
    return title, " ".join(words), ""


def generate(db: str, docs: int, seed: int = 1) -> None:
    """Fill a fresh database with synthetic analysed documents, 10,000 per transaction."""
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnoprstuvwyz") for _ in range(rng.randint(3, 9)))
             for _ in range(20_000)]
    store = open_store(db)
    assert isinstance(store, SQLiteStore)
    for start in range(0, docs, 10_000):
        rows, fts, topics, events, countries = [], [], [], [], []
        for n in range(start, min(docs, start + 10_000)):
            title, text, terms = _text(rng, vocab)
            day = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            url = f"https://synthetic.example/{n}"
            analysis = {"language": "en", "topics": rng.sample(TOPICS, 2)}
            rows.append((n + 1, url, url, title, day, "en", text, f"h{n}",
                         f"source{n % 40}", f"{day}T00:00:00", json.dumps(analysis)))
            fts.append((n + 1, title, text, terms))
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
            conn.executemany("INSERT INTO documents_fts (rowid, title, body, terms) "
                             "VALUES (?, ?, ?, ?)", fts)
            conn.executemany("INSERT INTO document_topics VALUES (?, ?)", topics)
            conn.executemany("INSERT INTO document_countries VALUES (?, ?)", countries)
            conn.executemany("INSERT INTO events (document_id, type, date, people, country, "
                             "evidence, evidence_start, evidence_end) "
                             "VALUES (?, ?, ?, ?, ?, ?, 0, 80)", events)
        print(f"  {min(docs, start + 10_000):>9,} documents", end="\r", flush=True)
    store.execute("ANALYZE")
    store.close()
    print()


def _serve(db: str, port: int) -> uvicorn.Server:
    """uvicorn in a thread serving the app over db."""
    app = create_app(Settings(db=db, api_rate_limit=0))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1",
                                           port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server


def measure(base: str, paths: list[str], clients: int) -> list[float]:
    """Latencies in ms of GETting every path with `clients` concurrent clients."""
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

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(task, paths))


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100)."""
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    """Generate, serve, measure, print a table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--db", default="", help="reuse this database (generated if missing)")
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp(prefix="tumen-bench-")) / "bench.db")
    if not Path(db).exists():
        t0 = time.perf_counter()
        generate(db, args.docs)
        print(f"generated {args.docs:,} documents in {time.perf_counter() - t0:.0f} s ({db})")
    server = _serve(db, args.port)
    base = f"http://127.0.0.1:{args.port}"
    rng = random.Random(2)
    searches = [f"/api/v1/search?q={httpx.QueryParams({'q': rng.choice(QUERIES)})['q']}"
                for _ in range(args.requests)]
    measure(base, searches[:50] + ["/"] * 20, args.clients)  # warm up
    # distinct queries: nothing reusable from the result cache, every one hits the index
    cold = ["/api/v1/search?q=" + "+".join(rng.sample(DOMAIN, 3)) for _ in range(args.requests)]
    results = {
        "static file (baseline)": measure(base, ["/static/app.css"] * args.requests,
                                          args.clients),
        "search, distinct queries": measure(base, cold, args.clients),
        "search (API)": measure(base, searches, args.clients),
        "search page": measure(base, [p.replace("/api/v1", "") for p in searches[: args.requests
                                                                            // 4]], args.clients),
        "dashboard": measure(base, ["/"] * (args.requests // 4), args.clients),
    }
    server.should_exit = True
    print(f"\n{args.docs:,} documents, {args.clients} concurrent clients")
    head = ("endpoint", "requests", "p50 ms", "p95 ms", "p99 ms", "req/s")
    print(f"{head[0]:<26} " + " ".join(f"{h:>8}" for h in head[1:]))
    for name, lat in results.items():
        rate = len(lat) / (sum(lat) / 1000 / args.clients)
        print(f"{name:<26} {len(lat):>8} {pct(lat, 50):>8.1f} {pct(lat, 95):>8.1f} "
              f"{pct(lat, 99):>8.1f} {rate:>7.0f}")


if __name__ == "__main__":
    main()
