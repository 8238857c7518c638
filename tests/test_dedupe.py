"""Canonical URLs, text hashes and MinHash near-duplicates."""

from __future__ import annotations

import pytest
from datasketch import MinHashLSH

from tumen.banding import BANDS, NUM_PERM, ROWS, band_keys
from tumen.dedupe import (
    NearDuplicateIndex,
    canonicalize_url,
    content_hash,
    minhash,
    signature_bytes,
    signature_from_bytes,
)

TEXT = (
    "A North Korean family of five, among them a three-year-old child, was detained by "
    "Chinese police in Kunming on 3 March, according to a Seoul-based rights group. The "
    "family had travelled south from Shenyang hoping to cross into Laos, and advocates fear "
    "they will be transferred north and returned to North Korea."
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://www.ex.org/news/a?utm_source=x&id=3#top", "http://ex.org/news/a/?id=3"),
        ("https://EX.org:443/news/a/index.html", "https://ex.org/news/a"),
        ("https://ex.org/a?b=2&a=1&fbclid=zz", "https://ex.org/a?a=1&b=2"),
        ("https://ex.org//news//a", "https://ex.org/news/a"),
    ],
)
def test_same_address_same_canonical_url(a: str, b: str) -> None:
    assert canonicalize_url(a) == canonicalize_url(b)


def test_meaningful_query_and_port_are_kept() -> None:
    assert canonicalize_url("https://ex.org/a?id=3") != canonicalize_url("https://ex.org/a?id=4")
    assert canonicalize_url("http://127.0.0.1:8080/a") == "https://127.0.0.1:8080/a"


def test_hash_ignores_case_and_spacing_only() -> None:
    assert content_hash(TEXT) == content_hash("  " + TEXT.upper().replace(" ", "\n  "))
    assert content_hash(TEXT) != content_hash(TEXT.replace("five", "six"))


def test_near_duplicate_found_and_distinct_text_not() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    index.add(1, minhash(TEXT))
    index.add(2, minhash("Arrivals of North Koreans in South Korea fell to 63 in 2021, "
                         "the ministry said, the lowest figure since records began."))
    match = index.query(minhash(TEXT.replace("police", "security police") + " Updated."))
    assert match is not None and match.document_id == 1 and match.similarity >= 0.8
    assert index.query(minhash("Nine young people were sent back from Laos in 2013 after "
                               "being stopped near the Chinese border by police.")) is None


def test_korean_text_uses_character_shingles() -> None:
    ko = "탈북민 일가족 다섯 명이 지난 3일 중국 쿤밍에서 공안에 체포됐다고 인권단체가 밝혔다."
    index = NearDuplicateIndex(threshold=0.7)
    index.add(7, minhash(ko))
    assert index.query(minhash(ko.replace("밝혔다", "전했다"))) is not None


def test_signature_round_trip() -> None:
    mh = minhash(TEXT)
    assert signature_from_bytes(signature_bytes(mh)).jaccard(mh) == 1.0


def test_banding_is_what_minhash_lsh_picks_for_the_threshold_minus_0_2() -> None:
    lsh = MinHashLSH(threshold=0.8 - 0.2, num_perm=NUM_PERM)
    assert (lsh.b, lsh.r) == (BANDS, ROWS)


def test_band_keys_are_stable_and_shared_by_near_copies_only() -> None:
    sig = signature_bytes(minhash(TEXT))
    keys = band_keys(sig)
    assert len(keys) == BANDS and [b for b, _ in keys] == list(range(BANDS))
    assert band_keys(bytes(sig)) == keys  # a pure function of the stored bytes
    near = band_keys(signature_bytes(minhash(TEXT.replace("police", "security police"))))
    other = band_keys(signature_bytes(minhash("Arrivals of North Koreans in South Korea fell "
                                              "to 63 in 2021, the ministry said.")))
    assert set(near) & set(keys) and not set(other) & set(keys)
    assert band_keys(b"\x01" * 8) == []  # not a signature of this scheme: no candidates
