"""LSH banding of MinHash signatures, kept free of numpy and datasketch (the store uses it)."""

from __future__ import annotations

import hashlib

NUM_PERM = 128
# Stored in minhash_bands, so fixed like the signature scheme: 18 bands of 7 values, what
# datasketch's MinHashLSH picks for 0.6 at 128 permutations.  Candidates are drawn at 0.6
# (the 0.8 threshold - 0.2: fewer near-copies missed), then verified against
# Settings.near_duplicate_threshold.
BANDS = 18
ROWS = 7


def band_keys(signature: bytes) -> list[tuple[int, int]]:
    """(band, band hash) pairs of a stored signature; sharing one makes two texts candidates."""
    if len(signature) != NUM_PERM * 8:  # not a signature of this scheme: never a candidate
        return []
    width = ROWS * 8
    return [(band, int.from_bytes(hashlib.blake2b(signature[band * width:(band + 1) * width],
                                                  digest_size=8).digest(), "little", signed=True))
            for band in range(BANDS)]
