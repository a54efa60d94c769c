"""German named-entity recognition (PER, ORG, LOC, MISC) with the shipped spaCy model.

The model in `models/ner_de/` is trained by `scripts/train_ner_de.py` on GermEval 2014
(NoSta-D; Benikova, Biemann, Reznicek 2014; CC BY 4.0) and ships a noun/name word list
derived from german-nouns (German Wiktionary; CC BY-SA 4.0), so the model folder is
CC BY-SA 4.0 (see its LICENCE.md and `docs/ner_de.md`).

    >>> from lagebild.nlp import ner_de
    >>> ner_de.predict("Angela Merkel besuchte Paris.")
    [(0, 13, 'PER'), (23, 28, 'LOC')]

Offsets are Python string indices into the given text, end exclusive. spaCy is
imported on the first call of `load()`, not on import of this module.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner_de"
LABELS = ("PER", "ORG", "LOC", "MISC")

_lock = threading.Lock()
_nlp: Any = None


def load() -> Any:
    """The shipped spaCy pipeline, loaded once per process."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                import spacy

                _nlp = spacy.load(MODEL_DIR)
    return _nlp


def _entities(doc: Any) -> list[tuple[int, int, str]]:
    text = doc.text
    out: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        start, end = ent.start_char, ent.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end and ent.label_ in LABELS:
            out.append((start, end, ent.label_))
    return out


def predict(text: str) -> list[tuple[int, int, str]]:
    """Entities of `text` as (start, end, label), in text order."""
    if not text or text.isspace():
        return []
    return _entities(load()(text))


def predict_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[tuple[int, int, str]]]:
    """`predict` over many texts, batched with `nlp.pipe`; yields one list per text."""
    nlp = load()
    for doc in nlp.pipe((t or "" for t in texts), batch_size=batch_size):
        yield _entities(doc)
