"""Duplicate detection: canonical URLs, exact text hashes and MinHash near-duplicates."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from datasketch import MinHash

from tumen.banding import NUM_PERM, band_keys
from tumen.datafiles import load_yaml

# Stored signatures are only comparable under the scheme that made them, so it is fixed here.
SCHEME = "affine32"
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")


@lru_cache(maxsize=1)
def _url_rules() -> dict[str, list[str]]:
    """Tracking parameters and default documents, from data/dedupe.yaml."""
    text = (resources.files("tumen") / "data" / "dedupe.yaml").read_text("utf-8")
    data: dict[str, list[str]] = load_yaml(text)
    return data


def _is_tracking(name: str) -> bool:
    rules = _url_rules()
    lower = name.lower()
    return lower in rules["tracking_params"] or lower.startswith(tuple(rules["tracking_prefixes"]))


def canonicalize_url(url: str) -> str:
    """One spelling per address: lower-case host, no tracking, fragment or trailing slash."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = parts.port
    if port and (parts.scheme, port) not in (("http", 80), ("https", 443)):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    for index in _url_rules()["index_pages"]:
        if path.endswith("/" + index):
            path = path[: -len(index)]
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _is_tracking(k))
    # http and https serve the same report on news sites; keep one scheme so both match
    return urlunsplit(("https", host, path, urlencode(query), ""))


def normalize_text(text: str) -> str:
    """Text as compared for exact duplicates: NFKC, case-folded, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def content_hash(text: str) -> str:
    """SHA-256 of the normalised text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = 3) -> set[str]:
    """Word shingles, or character shingles for CJK text that has few spaces."""
    norm = normalize_text(text)
    words = _WORD.findall(norm)
    cjk = len(_CJK.findall(norm))
    if cjk > len(norm) / 4:
        chars = "".join(words)
        return {chars[i : i + size] for i in range(max(len(chars) - size + 1, 1))}
    return {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}


def minhash(text: str) -> MinHash:
    """MinHash signature of a text's shingles."""
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles(text)])
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    """A signature as stored in the database."""
    return bytes(np.asarray(mh.hashvalues, dtype=np.uint64).tobytes())


def signature_from_bytes(data: bytes) -> MinHash:
    """A signature read back from the database."""
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(data, dtype=np.uint64),
                   scheme=SCHEME)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two stored signatures (share of equal values)."""
    if len(a) != len(b):
        return 0.0
    return float(np.count_nonzero(np.frombuffer(a, dtype=np.uint64)
                                  == np.frombuffer(b, dtype=np.uint64))) / (len(a) // 8)


@dataclass
class NearMatch:
    """A stored document whose text is nearly the same."""

    document_id: int
    similarity: float


def best_match(signature: bytes, candidates: Iterable[tuple[int, bytes]],
               threshold: float) -> NearMatch | None:
    """The most similar candidate at or above the threshold (lowest id on ties)."""
    best: NearMatch | None = None
    for doc_id, other in sorted(candidates):
        sim = similarity(signature, other)
        if sim >= threshold and (best is None or sim > best.similarity):
            best = NearMatch(doc_id, sim)
    return best


class NearDuplicateIndex:
    """The banding of the store's minhash_bands table, in memory (for benchmarks and tests)."""

    def __init__(self, threshold: float = 0.85) -> None:
        self.threshold = threshold
        self.buckets: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.signatures: dict[int, bytes] = {}

    def add(self, document_id: int, mh: MinHash) -> None:
        """Index a document."""
        if document_id in self.signatures:
            return
        sig = signature_bytes(mh)
        for key in band_keys(sig):
            self.buckets[key].append(document_id)
        self.signatures[document_id] = sig

    def query(self, mh: MinHash) -> NearMatch | None:
        """The most similar indexed document above the threshold (lowest id on ties)."""
        sig = signature_bytes(mh)
        ids = {i for key in band_keys(sig) for i in self.buckets.get(key, ())}
        return best_match(sig, ((i, self.signatures[i]) for i in ids), self.threshold)
