"""What the three conflict signals share: finding the corpus statements about the same
thing as a target statement, across languages.

A target sentence is first aligned with corpus sentences by multilingual embeddings
(`ctx.aligned`). A sentence can hold several facts ("met the mayor on Monday and the
governor on Tuesday"), so each mention (a number, a date, a means of travel) is then compared at
the level of its clause: the stretch between commas and conjunctions around it. A pair's
score is the mean of the sentence and the clause similarity; where the target clause
names a person, only corpus clauses that name that person count, since the same
predicate with another actor is another event.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Generic, TypeVar

from lagebild.nlp import Span
from lagebild.verify.context import CheckContext, CorpusDoc
from lagebild.verify.model import Evidence

T = TypeVar("T")

# Where a clause ends: punctuation, dashes, quotes and the conjunctions that join two
# statements. Prepositions such as "während"/"after" are left out on purpose: they
# belong to the clause ("erklärte während eines Besuchs").
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[,;:()\[\]–—\"„“”«»]|\s--?\s|\b(?:und|and|but|aber|sowie|bevor|before|whereas|"
    r"while|denn|doch|jedoch|however)\b)\s*",
    re.IGNORECASE,
)

# Fewer words than this besides the mention make a clause too short to say what it is about.
MIN_CLAUSE_WORDS = 3

# How many corpus sentences to consider per target sentence: the reports are short and
# say each fact once or twice, so the ten closest hold every restatement we saw.
ALIGN_K = 10


@dataclass
class Counterpart(Generic[T]):
    """A corpus mention that may state the same thing as a target mention."""

    source: CorpusDoc
    sentence: Span  # the corpus sentence holding the mention (or the aligned sentence after it)
    sentence_score: float  # cosine of the aligned sentence to the target sentence
    clause: str
    clause_score: float  # cosine of the mention's clause to the target clause
    item: T

    @property
    def score(self) -> float:
        return (self.sentence_score + self.clause_score) / 2

    def evidence(self) -> Evidence:
        return Evidence(self.source.id, self.sentence.text)


def clause_bounds(text: str, start: int, end: int, *, join_short: bool = False) -> tuple[int, int]:
    """The clause of `text` around text[start:end], as offsets into `text`.

    With `join_short` (for dates), a clause that holds little besides the mention, a
    fronted adverbial such as "On Monday," or "Am Ende des Tages,", says nothing about
    which event it dates, so it is joined with the clause after it (or, at the end of the
    sentence, the one before): with the bare "On Monday" a pair scored 0.78 against 0.88
    for the joined clause. Not for slot words: "flew to Rome" is a clause of its own."""
    breaks = list(_CLAUSE_BREAK.finditer(text))
    left, right, before, after = 0, len(text), None, None
    for index, m in enumerate(breaks):
        if m.end() <= start:
            left, before = m.end(), index
        elif m.start() >= end:
            right, after = m.start(), index
            break
    rest = text[left:start] + " " + text[end:right]
    if not join_short or len(re.findall(r"\w{2,}", rest)) >= MIN_CLAUSE_WORDS:
        return left, right
    if after is not None:
        following = breaks[after + 1].start() if after + 1 < len(breaks) else len(text)
        if text[breaks[after].end() : following].strip():
            return left, following
    if before is not None:
        return (breaks[before - 1].end() if before > 0 else 0), right
    return left, right


def clause_of(text: str, start: int, end: int, *, join_short: bool = False) -> str:
    left, right = clause_bounds(text, start, end, join_short=join_short)
    return text[left:right].strip() or text.strip()


def clauses(text: str) -> list[tuple[int, int]]:
    """All clauses of a sentence, as offsets."""
    out, left = [], 0
    for m in _CLAUSE_BREAK.finditer(text):
        if text[left : m.start()].strip():
            out.append((left, m.start()))
        left = m.end()
    if text[left:].strip():
        out.append((left, len(text)))
    return out


# --- names -----------------------------------------------------------------------------


def _fold(word: str) -> str:
    """Lower case without accents or a possessive ending: "Schröders" ~ "schroder"."""
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))
    return re.sub(r"(?:'s|’s|s)$", "", word) if len(word) > 4 else word


def _similar_word(a: str, b: str) -> bool:
    # Transliterations differ in a letter or two (Gorbachev/Gorbatschow, Chekhov/Tschechow).
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.75)


def person_keys(ctx: CheckContext, start: int, end: int) -> list[str]:
    """Folded surnames of the persons the target names within [start, end)."""
    keys = []
    for entity in ctx.target.entities:
        if entity.label == "PER" and start <= entity.start and entity.end <= end:
            words = re.findall(r"[^\W\d_][\w'’-]*", entity.text)
            if words and words[-1][0].isupper():
                keys.append(_fold(words[-1]))
    return keys


def names_any(text: str, keys: Iterable[str]) -> bool:
    words = [_fold(w) for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w[0].isupper()]
    return any(_similar_word(key, word) for key in keys for word in words)


# --- pairing ---------------------------------------------------------------------------


def counterparts(
    ctx: CheckContext,
    sentence: Span,
    target_clause: str,
    items_in: Callable[[CorpusDoc, Span], list[tuple[int, int, T]]],
    *,
    min_sentence: float,
    with_previous: bool = False,
    join_short: bool = False,
) -> list[Counterpart[T]]:
    """Corpus mentions (found by `items_in` in a corpus sentence, offsets into the corpus
    document) in the sentences aligned with `sentence`, each scored against the target
    clause. With `with_previous`, the sentence before each aligned one is searched too:
    reports often say how ("by phone") in the sentence before what was said."""
    found: list[tuple[CorpusDoc, Span, float, str, T]] = []
    for alignment in ctx.aligned(sentence.text, k=ALIGN_K, min_score=min_sentence):
        source, aligned = alignment.source, alignment.sentence
        searched = [aligned]
        if with_previous:
            previous = _previous_sentence(source, aligned)
            if previous is not None:
                searched.append(previous)
        for corpus_sentence in searched:
            for start, end, item in items_in(source, corpus_sentence):
                local = clause_of(
                    corpus_sentence.text, start - corpus_sentence.start, end - corpus_sentence.start, join_short=join_short
                )
                found.append((source, corpus_sentence, alignment.score, local, item))
    if not found:
        return []
    target_vector = ctx.vectors([target_clause])[0]
    scores = ctx.vectors([f[3] for f in found]) @ target_vector
    return [
        Counterpart(source, corpus_sentence, score, local, float(similarity), item)
        for (source, corpus_sentence, score, local, item), similarity in zip(found, scores)
    ]


def _previous_sentence(source: CorpusDoc, sentence: Span) -> Span | None:
    """The sentence before `sentence` in the same paragraph."""
    before = [s for s in source.doc.sentences if s.end <= sentence.start]
    if not before:
        return None
    previous = before[-1]
    if "\n" in source.doc.text[previous.end : sentence.start]:
        return None
    return previous


def anchored(candidates: list[Counterpart[T]], keys: list[str]) -> list[Counterpart[T]]:
    """Only the candidates whose clause names a person of the target clause, where some do."""
    if not keys:
        return candidates
    named = [c for c in candidates if names_any(c.clause, keys)]
    return named or candidates


def dedupe_evidence(counterparts_: Iterable[Counterpart], limit: int = 3) -> list[Evidence]:
    seen, out = set(), []
    for c in sorted(counterparts_, key=lambda c: -c.score):
        key = (c.source.id, c.sentence.start)
        if key not in seen:
            seen.add(key)
            out.append(c.evidence())
    return out[:limit]


def source_names(counterparts_: Iterable[Counterpart]) -> str:
    """ "reuters-…, dw-…" for an explanation."""
    names = list(dict.fromkeys(c.source.id for c in counterparts_))
    return ", ".join(names[:3])


# --- quotations ------------------------------------------------------------------------


def in_quotation(text: str, offset: int) -> bool:
    """Whether `offset` lies inside quotation marks in its paragraph ("…", „…“, «…»)."""
    paragraph_start = text.rfind("\n", 0, offset) + 1
    inside, opener = False, ""
    for ch in text[paragraph_start:offset]:
        if ch in "„«":
            inside, opener = True, ch
        elif ch in "»”":
            inside = False
        elif ch == "“":
            if inside and opener == "„":
                inside = False
            else:
                inside, opener = True, ch
        elif ch == '"':
            inside, opener = (not inside), ch
    return inside
