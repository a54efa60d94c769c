"""German named-entity recognition (PER, ORG, LOC, MISC), with two models to choose from.

- ``accurate`` (the default): multilingual-e5-small word states with a BiLSTM-CRF head
  (`lagebild.nlp.ner_de_e5`, folder `models/ner_de_e5/`): dev F1 0.8+, a few German
  articles a second on one core.
- ``fast``: the spaCy CNN pipeline in `models/ner_de/` (noun/name word list from
  german-nouns, German Wiktionary, CC BY-SA 4.0; see its LICENCE.md): dev F1 0.64, about
  ten times faster, for bulk work where speed matters more than recall.

Both are trained on GermEval 2014 (NoSta-D; Benikova, Biemann, Reznicek 2014; CC BY 4.0)
by the scripts in `scripts/` (see `docs/ner_de.md`). Choose with the environment variable
``LAGEBILD_NER_DE=fast`` (or ``lagebild --ner-de fast ...``); it is read on every call,
so worker processes started from the CLI follow it.

    >>> from lagebild.nlp import ner_de
    >>> ner_de.predict("Angela Merkel besuchte Paris.")
    [(0, 13, 'PER'), (23, 28, 'LOC')]

Offsets are Python string indices into the given text, end exclusive. Models are loaded
on first use, once per process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner_de"
LABELS = ("PER", "ORG", "LOC", "MISC")
MODES = ("accurate", "fast")
DEFAULT_MODE = "accurate"
MODE_VARIABLE = "LAGEBILD_NER_DE"

_lock = threading.Lock()


def mode() -> str:
    """The model chosen by `LAGEBILD_NER_DE` (``accurate`` when unset)."""
    value = os.environ.get(MODE_VARIABLE, "").strip().lower() or DEFAULT_MODE
    if value not in MODES:
        from lagebild.errors import InputError

        raise InputError(f"{MODE_VARIABLE}={value!r} is not a German NER model; use one of: {', '.join(MODES)}")
    return value


def load(which: str | None = None) -> Any:
    """The tagger of `which` (default: `mode()`), loaded once per process: an
    `ner_de_e5.E5Tagger` for ``accurate``, a `FastTagger` for ``fast``."""
    if (which or mode()) == "accurate":
        from lagebild.nlp import ner_de_e5

        return ner_de_e5.load()
    return _fast_tagger()


def load_fast() -> Any:
    """The shipped spaCy pipeline of the ``fast`` model, as `spacy.load` gives it."""
    return _fast_tagger().nlp


class FastTagger:
    """The fast pipeline with its word-class step done by a dictionary: the
    attribute_ruler matches five 50,000-word ORTH lists token by token (~10 % of a German
    analysis); one lookup per token sets the same TAG."""

    def __init__(self, nlp: Any) -> None:
        from spacy.attrs import ORTH, TAG

        self.nlp = nlp
        self.word_class: dict[int, int] = {}
        self.pipes = list(nlp.pipeline)
        if "attribute_ruler" in nlp.pipe_names:
            ruler = nlp.get_pipe("attribute_ruler")
            strings = nlp.vocab.strings
            for entry in ruler.patterns:  # later patterns win, as in the ruler
                tag = strings.add(entry["attrs"]["TAG"])
                for pattern in entry["patterns"]:
                    (token,) = pattern
                    for word in token["ORTH"]["IN"]:
                        self.word_class[strings.add(word)] = tag
            self.pipes = [(name, pipe) for name, pipe in nlp.pipeline if name != "attribute_ruler"]
        self._attrs = (ORTH, TAG)

    def tagged(self, text: str) -> Any:
        import numpy as np

        orth, tag = self._attrs
        doc = self.nlp.make_doc(text)
        if self.word_class and len(doc):
            orths = doc.to_array([orth]).tolist()
            lookup = self.word_class.get
            doc.from_array([tag], np.array([lookup(o, 0) for o in orths], dtype="uint64"))
        return doc

    def __call__(self, text: str) -> Any:
        doc = self.tagged(text)
        for _, pipe in self.pipes:
            doc = pipe(doc)
        return doc

    def pipe(self, texts: list[str], batch_size: int) -> Iterator[Any]:
        docs: Iterable[Any] = (self.tagged(t) for t in texts)
        for _, pipe in self.pipes:
            docs = pipe.pipe(docs, batch_size=batch_size)
        return iter(docs)


_fast: FastTagger | None = None


def _fast_tagger() -> FastTagger:
    global _fast
    if _fast is None:
        with _lock:
            if _fast is None:
                import spacy

                _fast = FastTagger(spacy.load(MODEL_DIR))
    return _fast


def _entities(doc: Any, text: str) -> list[tuple[int, int, str]]:
    # `text` is the string the doc was made from (spaCy keeps it exactly); `doc.text`
    # would rebuild it from every token, ~5 % of a German analysis.
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


def predict(
    text: str, sentences: Sequence[tuple[int, int]] | None = None, which: str | None = None
) -> list[tuple[int, int, str]]:
    """Entities of `text` as (start, end, label), in text order. `sentences` (character
    spans) guide the accurate model, which otherwise takes each line as a sentence."""
    if not text or text.isspace():
        return []
    which = which or mode()
    if which == "accurate":
        return load("accurate").predict(text, sentences)
    return _entities(_fast_tagger()(text), text)


def predict_many(
    texts: Iterable[str], batch_size: int = 64, which: str | None = None
) -> Iterator[list[tuple[int, int, str]]]:
    """`predict` over many texts; yields one list per text (the fast model batches
    them with `nlp.pipe`)."""
    which = which or mode()
    if which == "accurate":
        for text in texts:
            yield predict(text or "", which="accurate")
        return
    texts = [t or "" for t in texts]
    for text, doc in zip(texts, _fast_tagger().pipe(texts, batch_size)):
        yield _entities(doc, text)
