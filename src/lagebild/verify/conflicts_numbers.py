"""`conflicting_number`: a count or amount that the reports of the same event give
differently.

A target number is compared with the corpus numbers that count the same kind of thing
(soldiers = troops = Truppen; USD = USD; km = Kilometer) in sentences about the same
event (see conflicts_common). Reports round, hedge and give ranges, so a number agrees
with another within a tolerance and with anything inside a range ("11,000-12,000").
A number that any report gives for the same kind of thing is never flagged: several
sources often give several estimates, and the article may quote either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lagebild.nlp import Quantity, Span
from lagebild.nlp.lang import de_numbers, en_numbers
from lagebild.nlp.quantities import parse_digits
from lagebild.verify.conflicts_common import (
    Counterpart,
    anchored,
    clause_of,
    counterparts,
    dedupe_evidence,
    person_keys,
    source_names,
)
from lagebild.verify.context import CheckContext, CorpusDoc
from lagebild.verify.lang_conflicts import UNIT_CONCEPTS
from lagebild.verify.model import Finding

# Relative difference two numbers may have and still agree: rounding of exact figures,
# and looser for hedged ones ("rund", "about", "knapp"). Planted and real errors we saw
# differ by 40 % and more (500 vs 800 million, 1,340 vs 2,600 km, 0.7 vs 1.7 billion).
EXACT_TOLERANCE = 0.05
HEDGED_TOLERANCE = 0.15

# Calibrated like the dates (conflicts_dates): the corpus sentence with the right
# counterpart aligned at 0.86-0.98 and its pair score was 0.87-0.97.
MIN_SENTENCE = 0.85
MIN_PAIR = 0.86
MARGIN = 0.015
AGREE_MARGIN = 0.04

_MONEY_UNITS = {"USD", "EUR", "GBP", "CHF", "RUB", "UAH", "JPY", "%", "pp"}
_RANGE = re.compile(r"\s*(?:-|–|—|bis|to|und|and|or|oder)\s*")


@dataclass(frozen=True)
class Amount:
    """A number, or a range of numbers, with the kind of thing it counts."""

    low: float
    high: float
    concept: str | None  # None for a bare number ("knapp 12.000")
    approximate: bool
    text: str

    def admits(self, value: float, approximate: bool) -> bool:
        tolerance = HEDGED_TOLERANCE if approximate or self.approximate else EXACT_TOLERANCE
        return self.low * (1 - tolerance) <= value <= self.high * (1 + tolerance)


def concept(unit: str | None) -> str | None:
    """What a unit counts: a currency code, "%", a concept of UNIT_CONCEPTS, or the
    first letters of an unknown noun (then only the same word in the same language
    matches). German compounds are read by their head: "NATO-Staaten" counts states."""
    if unit is None:
        return None
    if unit in _MONEY_UNITS:
        return unit
    word = unit.lower()
    for name, stems in UNIT_CONCEPTS.items():
        for stem in stems:
            if word == stem or (len(stem) >= 3 and word.startswith(stem)):
                return name
    for name, stems in UNIT_CONCEPTS.items():
        for stem in stems:
            if len(stem) >= 5 and any(word[i:].startswith(stem) for i in range(1, len(word) - 4)):
                return name
    return "word:" + word[:5]


# --- numbers the quantity component leaves out ----------------------------------------------

_SEPARATORS = {"de": (de_numbers.THOUSANDS_SEPARATOR, de_numbers.DECIMAL_SEPARATOR),
               "en": (en_numbers.THOUSANDS_SEPARATOR, en_numbers.DECIMAL_SEPARATOR)}
# "2,600-kilometre border", "1,340-km", "1340-Kilometer-Grenze": a number glued to its unit
# by a hyphen, which the quantity component reads as a label.
_HYPHENATED = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)[-‑]"
    r"(?P<unit>kilomet(?:re|er)s?|Kilometer|km|miles?|Meilen|met(?:re|er)s?|Meter)(?![a-z])"
)
# "eine halbe Milliarde Dollar", "half a billion dollars".
_HALF = re.compile(
    r"(?i)\b(?:(?:einer?|eine[mn]?)\s+halbe[nmr]?|half\s+a)\s+(?P<scale>Milliarde|Million|billion|million)\w*\s+"
    r"(?P<cur>US-Dollar|Dollar|Euro|dollars|euros)\b"
)
_HALF_SCALE = {"milliarde": 1e9, "billion": 1e9, "million": 1e6}
_HALF_CURRENCY = {"us-dollar": "USD", "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR"}


def extra_quantities(text: str, language: str, taken: list[Quantity]) -> list[Quantity]:
    """Quantities in forms the analysis does not read, outside the spans it found."""
    found: list[Quantity] = []
    thousands, decimal = _SEPARATORS.get(language, (",", "."))
    for m in _HYPHENATED.finditer(text):
        value = parse_digits(m.group("num"), thousands, decimal, False)
        found.append(Quantity(m.start(), m.end(), m.group(), value, m.group("unit"), False))
    for m in _HALF.finditer(text):
        value = 0.5 * _HALF_SCALE[m.group("scale").lower()]
        found.append(Quantity(m.start(), m.end(), m.group(), value, _HALF_CURRENCY[m.group("cur").lower()], False))
    return [q for q in found if not any(t.start < q.end and q.start < t.end for t in taken)]


def quantities_of(text: str, language: str, quantities: list[Quantity]) -> list[Quantity]:
    return sorted(quantities + extra_quantities(text, language, quantities), key=lambda q: q.start)


def amounts(text: str, quantities: list[Quantity]) -> list[tuple[int, int, Amount]]:
    """The quantities as amounts, two joined by "-"/"bis"/"to" read as one range."""
    out: list[tuple[int, int, Amount]] = []
    for quantity in quantities:
        amount = Amount(quantity.value, quantity.value, concept(quantity.unit), quantity.approximate, quantity.text)
        if out:
            start, end, previous = out[-1]
            joined = _RANGE.fullmatch(text[end : quantity.start]) is not None
            if joined and previous.concept in (None, amount.concept):
                low, high = min(previous.low, amount.low), max(previous.high, amount.high)
                out[-1] = (start, quantity.end, Amount(low, high, amount.concept, True, text[start : quantity.end]))
                continue
        out.append((quantity.start, quantity.end, amount))
    return out


# --- the signal -----------------------------------------------------------------------------


def _corpus_amounts(ctx: CheckContext) -> dict[str, list[tuple[int, int, Amount]]]:
    return {
        source.id: amounts(source.doc.text, quantities_of(source.doc.text, source.doc.language, source.doc.quantities))
        for source in ctx.corpus
    }


def find_number_conflicts(ctx: CheckContext) -> list[Finding]:
    target = ctx.target
    corpus_amounts = _corpus_amounts(ctx)
    everywhere = [a for found in corpus_amounts.values() for _, _, a in found]
    findings: list[Finding] = []
    for start, end, amount in amounts(target.text, quantities_of(target.text, target.language, target.quantities)):
        if amount.concept is None:
            continue
        # Some report gives this number for this kind of thing: the article may quote it.
        if any(a.concept == amount.concept and a.admits(amount.low, amount.approximate) for a in everywhere):
            continue
        finding = _conflict(ctx, start, end, amount, corpus_amounts)
        if finding is not None:
            findings.append(finding)
    return findings


def _conflict(
    ctx: CheckContext, start: int, end: int, amount: Amount, corpus_amounts: dict[str, list[tuple[int, int, Amount]]]
) -> Finding | None:
    sentence = ctx.sentence_of(start)
    local = clause_of(sentence.text, start - sentence.start, end - sentence.start)

    def items_in(source: CorpusDoc, corpus_sentence: Span) -> list[tuple[int, int, Amount]]:
        return [(s, e, a) for s, e, a in corpus_amounts[source.id] if corpus_sentence.start <= s < corpus_sentence.end]

    found = counterparts(ctx, sentence, local, items_in, min_sentence=MIN_SENTENCE)
    # A bare number next to the same clause may be the same figure ("eine Zahl von knapp 12.000").
    if any(c.item.concept is None and c.item.admits(amount.low, amount.approximate) for c in found):
        return None
    found = [c for c in found if c.item.concept == amount.concept]
    offset = sentence.text.find(local)
    found = anchored(found, person_keys(ctx, sentence.start + offset, sentence.start + offset + len(local)))
    if not found:
        return None
    best = max(c.score for c in found)
    if best < MIN_PAIR:
        return None
    if any(c.item.admits(amount.low, amount.approximate) for c in found if c.score >= best - AGREE_MARGIN):
        return None
    near = [c for c in found if c.score >= best - MARGIN]
    return _finding(ctx, start, end, near)


def _finding(ctx: CheckContext, start: int, end: int, near: list[Counterpart[Amount]]) -> Finding:
    text = ctx.target.text[start:end]
    given = list(dict.fromkeys(f"“{c.item.text}”" for c in sorted(near, key=lambda c: -c.score)))
    return Finding(
        kind="conflicting_number",
        start=start,
        end=end,
        text=text,
        severity="high",
        explanation=f"The article gives “{text}”, but the reports of the same event give "
        f"{' and '.join(given[:2])} ({source_names(near)}), and none gives this figure.",
        evidence=dedupe_evidence(near),
    )


def numbers_agree(ctx: CheckContext, sentence: Span) -> bool | None:
    """For claim grading: False where a number of the sentence conflicts with the
    sources, None otherwise (agreement is left to the sentence alignment)."""
    for finding in find_number_conflicts(ctx):
        if sentence.start <= finding.start < sentence.end:
            return False
    return None
