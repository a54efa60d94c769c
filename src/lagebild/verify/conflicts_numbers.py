"""`conflicting_number`: a count or amount that the reports of the same event give
differently.

A target number is compared with the corpus numbers that count the same kind of thing
(soldiers = troops = Truppen; USD = USD; km = Kilometer) in sentences about the same
event (see conflicts_common). Each number is read as the interval it asserts: an exact
figure with a rounding tolerance, a hedged one ("rund", "about") with a wider one, a
bound ("more than 100,000" = 100,000 and up; "bis zu 500" = 500 and below) or a range
("3,000-4,000"); two numbers agree when their intervals meet. Tallies ("188 to 6",
"mit 188 zu 6 Stimmen") are compared as pairs. A number that any report gives for the
same kind of thing is never flagged: several sources often give several estimates, and
the article may quote either. Back-references ("the two countries") are not counts the
article reports and are left out.
"""

from __future__ import annotations

import math
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
from lagebild.verify.lang_conflicts import BACK_REFERENCES, LOWER_BOUNDS, UNIT_CONCEPTS, UPPER_BOUNDS, VOTE_WORDS
from lagebild.verify.model import Finding

# Relative difference two numbers may have and still agree: rounding of exact figures,
# and looser for hedged ones ("rund", "about", "knapp"). Planted and real errors we saw
# differ by 40 % and more (say 300 vs 900 million, 40 vs 70 km).
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
    """A number, a range or a bound, with the kind of thing it counts."""

    low: float
    high: float
    concept: str | None  # None for a bare number ("knapp 4.000")
    approximate: bool
    text: str
    bound: str = "value"  # "value" (a figure or a range), "lower" (more than), "upper" (up to)
    tally: tuple[float, float] | None = None  # "188 to 6": the two sides of a vote

    def interval(self, tolerance: float) -> tuple[float, float]:
        low, high = self.low * (1 - tolerance), self.high * (1 + tolerance)
        if self.bound == "lower":
            return low, math.inf
        if self.bound == "upper":
            return 0.0, high
        return low, high

    def agrees(self, other: Amount) -> bool:
        """Whether both can be true of one figure: this interval meets the other's, the
        other widened by the rounding tolerance (once, not on both sides: 185 against 175
        is a conflict). Two lower bounds always agree ("more than 50,000" and "more than
        100,000")."""
        if self.tally is not None or other.tally is not None:
            return self.tally == other.tally
        tolerance = HEDGED_TOLERANCE if self.approximate or other.approximate else EXACT_TOLERANCE
        a_low, a_high = self.interval(0.0)
        b_low, b_high = other.interval(tolerance)
        return a_low <= b_high and b_low <= a_high

    def admits(self, value: float, approximate: bool) -> bool:
        return self.agrees(Amount(value, value, self.concept, approximate, ""))


def bound_of(text: str, quantity: Quantity) -> str:
    """ "lower", "upper" or "value", from the hedge that opens the quantity's text."""
    lowered = " ".join(quantity.text.lower().split())
    kind = "value"
    for words, name in ((UPPER_BOUNDS, "upper"), (LOWER_BOUNDS, "lower")):
        if any(lowered.startswith(w + " ") for w in words):
            kind = name
            break
    if kind == "lower" and re.search(r"(?i)(?<!\w)(?:not|no|nicht)\s+$", text[max(0, quantity.start - 8) : quantity.start]):
        return "upper"  # "nicht mehr als 50": at most 50
    return kind


_BACK_REFERENCE = re.compile(r"(?i)(?<!\w)(?:" + "|".join(BACK_REFERENCES) + r")\s+$")
# Counts this small, after a determiner, refer back to things just named.
BACK_REFERENCE_MAX = 12


def back_reference(text: str, quantity: Quantity) -> bool:
    """ "the two countries", "die drei Staaten": a reference, not a reported count."""
    return (
        quantity.value <= BACK_REFERENCE_MAX
        and not quantity.approximate
        and _BACK_REFERENCE.search(text[max(0, quantity.start - 12) : quantity.start]) is not None
    )


def concept(unit: str | None) -> str | None:
    """What a unit counts: a currency code, "%", a concept of UNIT_CONCEPTS, or the
    first letters of an unknown noun (then only the same word in the same language
    matches). German compounds are read by their head: "EU-Staaten" counts states."""
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
# "a 450-kilometre pipeline", "450-km", "450-Kilometer-Strecke": a number glued to its unit
# by a hyphen, which the quantity component reads as a label.
_HYPHENATED = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)[-‑]"
    r"(?P<unit>kilomet(?:re|er)s?|Kilometer|km|miles?|Meilen|met(?:re|er)s?|Meter)(?![a-z])"
)
# "eine halbe Million Euro", "half a billion dollars".
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


# "188 to 6", "mit 188 zu 6 Stimmen", "188:6", "by 188 votes to 6": a tally. Read as one
# only where "zu" joins the numbers (German has "bis" for ranges) or, in a sentence about
# a vote, where the first is not the smaller (a range climbs: "3,000 to 4,000").
_TALLY = re.compile(
    r"(?<![\w.,:])(?P<a>\d{1,4})(?:\s+(?:votes?|Stimmen))?\s*(?P<join>zu|to|:|-|–|against|gegen)\s*"
    r"(?P<b>\d{1,4})(?![\w]|[.,:]\d)",
    re.IGNORECASE,
)
_VOTE = re.compile(rf"(?i)(?<!\w){VOTE_WORDS}(?!\w)")
_RANGE_OPENER = re.compile(r"(?i)(?:from|von|between|zwischen)\s+$")


def tallies(text: str) -> list[tuple[int, int, Amount]]:
    out = []
    for m in _TALLY.finditer(text):
        a, b, join = float(m.group("a")), float(m.group("b")), m.group("join").lower()
        if _RANGE_OPENER.search(text[max(0, m.start() - 10) : m.start()]):
            continue
        left, right = _sentence_bounds(text, m.start(), m.end())
        if join != "zu" and not (_VOTE.search(text[left:right]) and a >= b):
            continue
        end = m.end()
        after = re.match(r"\s+(?:votes?|Stimmen|Gegenstimmen)\b", text[end:], re.IGNORECASE)
        if after:
            end += after.end()
        out.append((m.start(), end, Amount(a, a, "tally", False, text[m.start() : end], tally=(a, b))))
    return out


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return left, min(right_candidates) if right_candidates else len(text)


def amounts(text: str, quantities: list[Quantity]) -> list[tuple[int, int, Amount]]:
    """The quantities as amounts: tallies as pairs, two numbers joined by "-"/"bis"/"to"
    as one range, back-references left out."""
    out: list[tuple[int, int, Amount]] = tallies(text)
    taken = [(s, e) for s, e, _ in out]
    ranged: list[tuple[int, int, Amount]] = []
    for quantity in quantities:
        if any(s < quantity.end and quantity.start < e for s, e in taken) or back_reference(text, quantity):
            continue
        amount = Amount(quantity.value, quantity.value, concept(quantity.unit), quantity.approximate, quantity.text,
                        bound=bound_of(text, quantity))
        if ranged:
            start, end, previous = ranged[-1]
            joined = _RANGE.fullmatch(text[end : quantity.start]) is not None
            if joined and previous.concept in (None, amount.concept) and previous.bound == amount.bound == "value":
                low, high = min(previous.low, amount.low), max(previous.high, amount.high)
                ranged[-1] = (start, quantity.end, Amount(low, high, amount.concept, True, text[start : quantity.end]))
                continue
        ranged.append((quantity.start, quantity.end, amount))
    return sorted(out + ranged, key=lambda a: a[0])


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
        if any(a.concept == amount.concept and a.agrees(amount) for a in everywhere):
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
    # A bare number next to the same clause may be the same figure ("eine Zahl von knapp 4.000").
    if amount.tally is None and any(c.item.concept is None and c.item.agrees(amount) for c in found):
        return None
    found = [c for c in found if c.item.concept == amount.concept]
    offset = sentence.text.find(local)
    found = anchored(found, person_keys(ctx, sentence.start + offset, sentence.start + offset + len(local)))
    if not found:
        return None
    best = max(c.score for c in found)
    if best < MIN_PAIR:
        return None
    if any(c.item.agrees(amount) for c in found if c.score >= best - AGREE_MARGIN):
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
