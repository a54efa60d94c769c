"""Sentences and word tokens, by rules fast enough for bulk analysis.

A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or brackets after
it) when the next word starts a sentence: an upper-case letter, a digit or an
opening quote. It does not end after a known abbreviation, an initial, a dotted
abbreviation ("U.S.", "z.B."), or, in German, an ordinal before a noun ("am 28.
Oktober", "die 3. Armee"). Each line is a paragraph of its own: a sentence never runs
across a line break. `tests/test_sentences.py` measures agreement with SoMaJo.
"""

from __future__ import annotations

import re

from lagebild.nlp.doc import Doc
from lagebild.nlp.lang.abbreviations import ENGLISH, GERMAN, MONTHS
from lagebild.nlp.pipeline import ComponentFn, component

_LINE = re.compile(r"[^\n]+")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]", re.UNICODE)
# A candidate end: terminal punctuation, closing marks, space, then what follows.
_END = re.compile(r"([.!?…]+)([\"'“”»«’)\]]*)(\s+)(?=([\"„“»«‚(\[–—-]?\s*)(\S))")
_WORD_BEFORE = re.compile(r"([\w.'’-]+)$", re.UNICODE)


def _ends_sentence(line: str, match: re.Match, abbreviations: frozenset[str], german: bool) -> bool:
    marks, closing, _, _, next_char = match.groups()
    if not (next_char.isupper() or next_char.isdigit() or next_char in "\"„“»«‚("):
        return False
    if marks != "." or closing:
        return True
    before = _WORD_BEFORE.search(line, 0, match.start())
    if before is None:
        return True
    word = before.group(1)
    lower = word.lower().strip("'’-")
    if lower in abbreviations:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. Smith"
    if "." in word:
        return False  # "U.S.", "z.B.": the dot before ours belongs to the abbreviation
    preceded_by_space = before.start() == 0 or line[before.start() - 1].isspace()
    if word.isdigit() and len(word) <= 3 and preceded_by_space:
        next_word = re.match(r"\w+", line[match.end() :])
        if next_word and next_word.group().lower() in MONTHS:
            return False  # "28. Oktober", "Oct. 28" is handled by the abbreviation list
        if german:
            return False  # German ordinals: "die 3. Armee"
    return True


def split_line(line: str, language: str) -> list[tuple[int, int]]:
    """Sentence spans within one line, without surrounding white space."""
    german = language == "de"
    abbreviations = GERMAN if german else ENGLISH
    spans, start = [], 0
    for match in _END.finditer(line):
        if _ends_sentence(line, match, abbreviations, german):
            end = match.start(3)
            spans.append((start, end))
            start = match.end(3)
    spans.append((start, len(line)))
    result = []
    for a, b in spans:
        while a < b and line[a].isspace():
            a += 1
        while b > a and line[b - 1].isspace():
            b -= 1
        if b > a:
            result.append((a, b))
    return result


@component("sentences", assigns=("sentences", "tokens"))
def make_sentence_splitter(language: str) -> ComponentFn:
    def split(doc: Doc) -> Doc:
        if language not in ("de", "en"):
            doc.warnings.append(f"language {language!r} is not supported: sentences split with English rules")
        for line in _LINE.finditer(doc.text):
            base = line.start()
            for start, end in split_line(line.group(), language):
                doc.sentences.append(doc.span(base + start, base + end))
        for token in _TOKEN.finditer(doc.text):
            doc.tokens.append(doc.span(token.start(), token.end()))
        return doc

    return split
