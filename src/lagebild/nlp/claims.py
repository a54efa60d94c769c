"""Claims: the check-worthy sentences of a text.

A sentence is a claim when it states something another source could confirm or
contradict: it holds a number, a date, a quotation, or a named actor (person,
organisation or place). Questions and fragments of fewer than four words are not
claims. Each claim is one sentence span.
"""

from __future__ import annotations

from lagebild.nlp.doc import Claim, Doc
from lagebild.nlp.pipeline import ComponentFn, component

MIN_WORDS = 4


def _overlaps(spans, start: int, end: int) -> bool:
    return any(s.start < end and start < s.end for s in spans)


@component("claims", requires=("sentences",), assigns=("claims",))
def make_claim_finder(language: str) -> ComponentFn:
    def find(doc: Doc) -> Doc:
        for sentence in doc.sentences:
            text = sentence.text.rstrip()
            if len(text.split()) < MIN_WORDS or text.rstrip("“”\"»«'’)").endswith("?"):
                continue
            anchors = (doc.quantities, doc.dates, doc.quotes, [e for e in doc.entities if e.label != "MISC"])
            if any(_overlaps(spans, sentence.start, sentence.end) for spans in anchors):
                doc.claims.append(Claim(sentence.start, sentence.end, sentence.text))
        return doc

    return find
