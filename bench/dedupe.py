"""Near-duplicates: MinHash LSH (tumen.dedupe) against exact Jaccard on planted near-copies.

Both sides use the project's own functions: tumen.dedupe.shingles (word 3-shingles of the
normalised text) for the exact Jaccard, tumen.dedupe.minhash and NearDuplicateIndex (banding
at threshold - 0.2, candidates verified against the threshold) for the LSH, at the threshold
the ingest pipeline uses (Settings.near_duplicate_threshold).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.common import machine, table
from tumen.banding import band_keys
from tumen.config import Settings
from tumen.dedupe import NearDuplicateIndex, best_match, minhash, shingles, signature_bytes
from tumen.models import Document
from tumen.store import open_store


def synthetic(n: int, copies: float, seed: int) -> list[str]:
    """n texts: originals of 150-400 random words and near-copies with 0-8% of words changed.

    Changing a share r of the words keeps about (1 - r)^3 of the 3-shingles, so the copies'
    Jaccard spans 0.65-1.0, on both sides of the 0.8 threshold (r = 4% is about 0.8).
    """
    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnoprstuvwyz") for _ in range(rng.randint(3, 9)))
             for _ in range(20_000)]
    texts: list[str] = []
    for _ in range(n):
        if texts and rng.random() < copies:
            words = rng.choice(texts).split()
            rate = rng.uniform(0.0, 0.08)
            for i in range(len(words)):
                if rng.random() < rate:
                    words[i] = rng.choice(vocab)
            texts.append(" ".join(words))
        else:
            texts.append(" ".join(rng.choice(vocab) for _ in range(rng.randint(150, 400))))
    return texts


def exact(texts: list[str], threshold: float) -> tuple[dict[int, set[int]], float]:
    """For each text, the earlier texts with Jaccard >= threshold (via an inverted index)."""
    start = time.perf_counter()
    sets = [shingles(t) for t in texts]
    postings: dict[str, list[int]] = defaultdict(list)
    truth: dict[int, set[int]] = {}
    for i, s in enumerate(sets):
        shared: dict[int, int] = defaultdict(int)
        for sh in s:
            for j in postings[sh]:
                shared[j] += 1
            postings[sh].append(i)
        truth[i] = {j for j, inter in shared.items()
                    if inter / (len(s) + len(sets[j]) - inter) >= threshold}
    return truth, len(texts) / (time.perf_counter() - start)


def lsh(texts: list[str], threshold: float) -> tuple[dict[int, int], float]:
    """What the ingest pipeline does: query, then index texts that are not duplicates."""
    start = time.perf_counter()
    index = NearDuplicateIndex(threshold)
    found: dict[int, int] = {}
    for i, text in enumerate(texts):
        sig = minhash(text)
        match = index.query(sig)
        if match is None:
            index.add(i, sig)
        else:
            found[i] = match.document_id
    return found, len(texts) / (time.perf_counter() - start)


def stored(texts: list[str], threshold: float) -> tuple[dict[int, int], float]:
    """The same through an SQLite store's band index, as the Ingestor does (storing included)."""
    found: dict[int, int] = {}
    ids: dict[int, int] = {}  # document id -> text number
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "d.db"))
        start = time.perf_counter()
        for i, text in enumerate(texts):
            sig = signature_bytes(minhash(text))
            match = best_match(sig, store.near_candidates(band_keys(sig)), threshold)
            if match is None:
                doc = Document(url=f"https://b/{i}", canonical_url=f"https://b/{i}", text=text,
                               content_hash=str(i))
                ids[store.add_document(doc, sig)] = i
            else:
                found[i] = ids[match.document_id]
        rate = len(texts) / (time.perf_counter() - start)
        store.close()
    return found, rate


def main(args: argparse.Namespace) -> None:
    """Print precision/recall of the LSH against exact Jaccard, and docs/s of both."""
    texts = synthetic(args.docs, args.copies, args.seed)
    truth, exact_rate = exact(texts, args.threshold)
    found, lsh_rate = lsh(texts, args.threshold)
    in_store, store_rate = stored(texts, args.threshold)
    dupes = {i for i, js in truth.items() if js}
    print(f"## Near-duplicates ({args.docs:,} texts, {len(dupes):,} within Jaccard "
          f"{args.threshold} of an earlier one; {machine()})\n")
    print(table(["method", "precision", "recall", "docs/s"], [
        ("exact Jaccard, inverted index (baseline)", 1.0, 1.0, exact_rate),
        ("MinHash LSH in memory (tumen.dedupe)", *_scores(found, truth, dupes), lsh_rate),
        ("MinHash LSH, band index in SQLite, storing each text (ingest)",
         *_scores(in_store, truth, dupes), store_rate),
    ]))


def _scores(found: dict[int, int], truth: dict[int, set[int]],
            dupes: set[int]) -> tuple[float, float]:
    """Precision and recall of the matches found."""
    # A text is a true duplicate when some earlier text is within the threshold; a found
    # match is right when its pair really is (matches of a dropped copy count as well).
    right = sum(1 for i, j in found.items() if j in truth[i])
    precision = right / len(found) if found else 1.0
    recall = len(set(found) & dupes) / len(dupes) if dupes else 1.0
    return precision, recall


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `python -m bench dedupe`."""
    parser.add_argument("--docs", type=int, default=5_000, help="texts to generate")
    parser.add_argument("--copies", type=float, default=0.3, help="share of near-copies")
    parser.add_argument("--threshold", type=float,
                        default=Settings().near_duplicate_threshold)
    parser.add_argument("--seed", type=int, default=1)
