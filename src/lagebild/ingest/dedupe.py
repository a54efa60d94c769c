"""Near-duplicate detection: MinHash signatures over word shingles (datasketch), with
locality-sensitive hashing bands kept in the store, so that a new document is compared
only with the few stored ones that share a band, never with all of them."""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lagebild.store import Store

NUM_PERM = 128
BANDS = 32  # 32 bands of 4 rows: a pair with Jaccard 0.6 shares a band with p ~ 0.99
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
# Estimated Jaccard similarity above which a document is a copy of a stored one.
# Edited syndicated copies of news texts score 0.6-0.9; different reports of one event
# stay below 0.2 (see tests/test_dedupe.py).
THRESHOLD = 0.5
SEED = 7

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


@lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def signature(text: str) -> np.ndarray:
    from datasketch import MinHash

    # Passing the permutations saves regenerating them for every document; crc32 is a
    # stable (process-independent) and fast 32-bit hash, so stored signatures stay valid.
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=_permutations(), scheme="affine32")
    minhash.update_batch(list(shingles(text)))
    return minhash.hashvalues.astype(np.uint32)


def band_buckets(sig: np.ndarray) -> list[int]:
    raw = sig.tobytes()
    width = ROWS * 4
    return [
        int.from_bytes(hashlib.blake2b(raw[b * width : (b + 1) * width], digest_size=8).digest(), "big", signed=True)
        for b in range(BANDS)
    ]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / NUM_PERM


@dataclass
class DuplicateLink:
    original_pk: int
    similarity: float


def index_document(store: Store, pk: int, text: str) -> DuplicateLink | None:
    """Store the document's signature and link it to the stored original it copies.

    The original of a cluster is its earliest published member (the first stored when
    dates are equal or missing); copies always point at the original directly.
    """
    sig = signature(text)
    buckets = band_buckets(sig)
    conn = store.conn
    conn.execute("DELETE FROM lsh_buckets WHERE doc_pk = ?", (pk,))
    candidates: set[int] = set()
    for band, bucket in enumerate(buckets):
        rows = conn.execute("SELECT doc_pk FROM lsh_buckets WHERE band = ? AND bucket = ?", (band, bucket))
        candidates.update(row[0] for row in rows)
    candidates.discard(pk)
    conn.execute("INSERT OR REPLACE INTO minhashes (doc_pk, signature) VALUES (?, ?)", (pk, sig.tobytes()))
    conn.executemany(
        "INSERT INTO lsh_buckets (band, bucket, doc_pk) VALUES (?, ?, ?)",
        [(band, bucket, pk) for band, bucket in enumerate(buckets)],
    )
    best: DuplicateLink | None = None
    for candidate in candidates:
        row = conn.execute("SELECT signature FROM minhashes WHERE doc_pk = ?", (candidate,)).fetchone()
        score = similarity(sig, np.frombuffer(row[0], dtype=np.uint32))
        if score >= THRESHOLD and (best is None or score > best.similarity):
            best = DuplicateLink(candidate, score)
    if best is None:
        return None
    root = conn.execute(
        "SELECT coalesce(duplicate_of, pk) FROM documents WHERE pk = ?", (best.original_pk,)
    ).fetchone()[0]
    if _published_earlier(store, pk, root):
        # The newcomer predates the cluster's original: it becomes the original.
        conn.execute("UPDATE documents SET duplicate_of = ? WHERE duplicate_of = ?", (pk, root))
        store.set_duplicate(root, pk, best.similarity)
        return None
    store.set_duplicate(pk, root, best.similarity)
    return DuplicateLink(root, best.similarity)


def _published_earlier(store: Store, pk: int, other: int) -> bool:
    row = store.conn.execute(
        "SELECT a.published, b.published FROM documents a, documents b WHERE a.pk = ? AND b.pk = ?", (pk, other)
    ).fetchone()
    return bool(row[0] and row[1] and row[0] < row[1])
