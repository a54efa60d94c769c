"""Everything a signal needs to judge one article: the analysed target, the analysed
corpus, the knowledge base, the article's date and sentence alignment across languages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.nlp import Doc, Span
from lagebild.verify.embeddings import Embedder, shared_embedder
from lagebild.verify.model import Evidence

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass
class CorpusDoc:
    document: Document
    doc: Doc
    original: str  # the id of the cluster's original: near-copies are not independent sources

    @property
    def id(self) -> str:
        return self.document.id


@dataclass
class Alignment:
    """A corpus sentence that says much the same as a target span."""

    source: CorpusDoc
    sentence: Span
    score: float  # cosine similarity of the multilingual embeddings

    def evidence(self) -> Evidence:
        return Evidence(self.source.id, self.sentence.text)


@dataclass
class CheckContext:
    target_document: Document
    target: Doc
    corpus: list[CorpusDoc]
    kb: KnowledgeBase
    on: date | None  # the article's date: --date, else its publication date, else inferred
    embedder: Embedder = field(default_factory=shared_embedder)
    notes: list[str] = field(default_factory=list)

    # -- target structure -----------------------------------------------------
    @cached_property
    def paragraphs(self) -> list[Span]:
        return [self.target.span(m.start(), m.end()) for m in _PARAGRAPH.finditer(self.target.text)
                if m.group().strip()]

    def sentences_in(self, span: Span) -> list[Span]:
        return [s for s in self.target.sentences if s.start >= span.start and s.end <= span.end]

    def sentence_of(self, start: int, end: int | None = None) -> Span:
        """The target sentence that holds the offset (or the whole paragraph)."""
        found = self.target.sentence_at(start)
        if found is not None:
            return found
        for paragraph in self.paragraphs:
            if paragraph.start <= start < paragraph.end:
                return paragraph
        return self.target.span(start, end or start)

    # -- corpus sentences and alignment ----------------------------------------
    @cached_property
    def corpus_sentences(self) -> list[tuple[CorpusDoc, Span]]:
        return [(source, sentence) for source in self.corpus for sentence in source.doc.sentences]

    @cached_property
    def corpus_vectors(self) -> np.ndarray:
        return self.embedder.embed([s.text for _, s in self.corpus_sentences])

    def vectors(self, texts: list[str]) -> np.ndarray:
        return self.embedder.embed(texts)

    def aligned(self, text: str, *, k: int = 3, min_score: float = 0.0) -> list[Alignment]:
        """The k corpus sentences closest in meaning to `text`, in any language."""
        if not self.corpus_sentences:
            return []
        scores = self.corpus_vectors @ self.vectors([text])[0]
        order = np.argsort(-scores)[:k]
        return [
            Alignment(self.corpus_sentences[i][0], self.corpus_sentences[i][1], float(scores[i]))
            for i in order
            if scores[i] >= min_score
        ]

    def corpus_mentions(self, words: str) -> list[Evidence]:
        """Corpus sentences that contain `words` (case-insensitive, as whole words)."""
        pattern = re.compile(r"(?<!\w)" + re.escape(words) + r"(?!\w)", re.IGNORECASE)
        return [Evidence(source.id, sentence.text) for source, sentence in self.corpus_sentences
                if pattern.search(sentence.text)]

    def independent_sources(self, evidence: list[Evidence]) -> int:
        """How many independent corpus sources the evidence comes from (copies count once)."""
        originals = {source.id: source.original for source in self.corpus}
        return len({originals[e.source] for e in evidence if e.source in originals})
