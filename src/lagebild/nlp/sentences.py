"""Sentences and tokens, with SoMaJo's German and English tokenizers.

Each line of the text is a paragraph of its own: news bodies put one paragraph a line,
and a sentence never runs across a line break.
"""

from __future__ import annotations

import re

from lagebild.nlp.doc import Doc, Span
from lagebild.nlp.pipeline import ComponentFn, component

SOMAJO_MODELS = {"de": "de_CMC", "en": "en_PTB"}
_LINE = re.compile(r"[^\n]+")


@component("sentences", assigns=("sentences", "tokens"))
def make_sentence_splitter(language: str) -> ComponentFn:
    from somajo import SoMaJo

    tokenizer = SoMaJo(SOMAJO_MODELS.get(language, "en_PTB"), split_camel_case=False, character_offsets=True)

    def split(doc: Doc) -> Doc:
        if language not in SOMAJO_MODELS:
            doc.warnings.append(f"language {language!r} is not supported: sentences split with English rules")
        for line in _LINE.finditer(doc.text):
            if not line.group().strip():
                continue
            base = line.start()
            for tokens in tokenizer.tokenize_text([line.group()]):
                spans = [doc.span(base + t.character_offset[0], base + t.character_offset[1]) for t in tokens]
                spans = [s for s in spans if s.end > s.start]
                if spans:
                    doc.tokens.extend(spans)
                    doc.sentences.append(doc.span(spans[0].start, spans[-1].end))
        return doc

    return split
