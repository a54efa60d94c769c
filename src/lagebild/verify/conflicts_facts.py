"""`conflicting_fact`: a statement the reports of the same event contradict in a way
that is neither a number nor a date.

Three mechanisms:
- Slots with mutually exclusive fillers (lang_conflicts.MEANS, FORMS): the article
  says "landed by plane" or "said at a press conference" where the reports of the same
  event say "by train" or "in a phone call". Each filler's clause is paired with the
  corpus fillers of the same slot in the aligned sentences and in the sentence before
  each (reports often say how in the sentence before what was said).
- Polarity: a target clause whose closest corpus clause says the same thing negated,
  or the other way round ("the treaty was ratified" against "the treaty was not
  ratified"), when an explicit negation falls on the wording both share.
- Places: a venue or city where the article has something happen ("im Weißen Haus")
  that differs from the place the reports give for the same action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lagebild.nlp import Doc, Span
from lagebild.verify.conflicts_common import (
    Counterpart,
    anchored,
    clause_bounds,
    clause_of,
    clauses,
    counterparts,
    dedupe_evidence,
    in_quotation,
    person_keys,
    source_names,
)
from lagebild.verify.context import CheckContext, CorpusDoc
from lagebild.verify.lang_conflicts import FORMS, LOCATIVE, MEANS, NEGATION_IDIOMS, NEGATIONS, VENUES
from lagebild.verify.model import Evidence, Finding

SLOTS: dict[str, dict[str, re.Pattern[str]]] = {
    "means": {value: re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE) for value, pattern in MEANS.items()},
    "form": {value: re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE) for value, pattern in FORMS.items()},
}
SLOT_WORDS = {
    "means": {"plane": "by plane", "train": "by train", "car": "by car", "ship": "by ship", "helicopter": "by helicopter"},
    "form": {"press_conference": "at a press conference", "phone": "in a phone call", "video": "by video link",
             "interview": "in an interview", "speech": "in a speech", "letter": "in a letter"},
}
_NEGATION = re.compile(rf"(?<!\w)(?:{NEGATIONS})(?![\w-])|n't\b", re.IGNORECASE)
_IDIOM = re.compile(rf"(?<!\w)(?:{NEGATION_IDIOMS})(?!\w)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w-]{3,}|\d+")
# Words too common to show that two clauses speak of the same thing.
_COMMON = frozenset(
    "eine einer einen einem eines damit dass sich nach nicht auch noch sind wird wurde wurden werden haben hatte "
    "hatten sein seine ihre ihren diese dieser dieses with that this from have been were will would their they "
    "them than into also only über unter zwischen gegen beim sowie oder aber about after which what when".split()
)

# Calibration for slots, as for dates (conflicts_dates): same-event sentences align at
# 0.86 and above; the pair score of the right counterpart was 0.87-0.95.
MIN_SENTENCE = 0.86
MIN_PAIR = 0.87
MARGIN = 0.015
AGREE_MARGIN = 0.04

# Polarity: embeddings hardly see negation (a clause and its negated restatement scored
# 0.91), so a pair must also share most of its words, the negation aside: at least
# POLARITY_MIN_SHARED content words and POLARITY_MIN_OVERLAP of the shorter clause's.
# Only explicit negation words count (lang_conflicts.NEGATIONS): paraphrases with an
# antonym ("kept quiet" / "not announced") or another verb for the same act are left
# alone, since a false finding on a faithful sentence costs more than a missed one.
POLARITY_MIN_CLAUSE = 0.88

# Places: the pair (sentence and clause) must be closer than for the slots; the clause
# alone must also be close, so that a place given for another action of the same
# sentence ("met in Brussels after landing in Warsaw") is not read against it.
# Measured: the misplaced sentences paired at 0.95-0.99 with their report sentence; a
# clean clause about another step of the event ("adopted in Paris" against "signed in New
# York") at 0.87-0.88. The article's place named in any report sentence aligned at
# PLACE_AGREE_SENTENCE or more clears it.
PLACE_MIN_PAIR = 0.90
PLACE_MIN_CLAUSE = 0.88
PLACE_AGREE_SENTENCE = 0.80
POLARITY_MIN_WORDS = 6
POLARITY_MIN_SHARED = 4
POLARITY_MIN_OVERLAP = 0.6


@dataclass(frozen=True)
class Filler:
    slot: str
    value: str
    text: str


def fillers_in(text: str, offset: int = 0) -> list[tuple[int, int, Filler]]:
    found = []
    for slot, values in SLOTS.items():
        for value, pattern in values.items():
            for m in pattern.finditer(text):
                found.append((offset + m.start(), offset + m.end(), Filler(slot, value, m.group())))
    return found


def _corpus_fillers(source: CorpusDoc, sentence: Span) -> list[tuple[int, int, Filler]]:
    return fillers_in(sentence.text, sentence.start)


def find_fact_conflicts(ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for sentence in ctx.target.sentences:
        findings.extend(_slot_conflicts(ctx, sentence))
        findings.extend(_polarity_conflicts(ctx, sentence))
        findings.extend(_place_conflicts(ctx, sentence))
    return _one_per_span(findings)


def _slot_conflicts(ctx: CheckContext, sentence: Span) -> list[Finding]:
    findings = []
    for start, end, filler in _grouped_fillers(sentence):
        local = clause_of(sentence.text, start - sentence.start, end - sentence.start)
        found = counterparts(ctx, sentence, local, _corpus_fillers, min_sentence=MIN_SENTENCE, with_previous=True)
        found = [c for c in found if c.item.slot == filler.slot]
        offset = sentence.text.find(local)
        found = anchored(found, person_keys(ctx, sentence.start + offset, sentence.start + offset + len(local)))
        if not found:
            continue
        best = max(c.score for c in found)
        if best < MIN_PAIR:
            continue
        best_clause = max(c.clause_score for c in found)
        if any(
            c.item.value == filler.value and c.score >= best - AGREE_MARGIN and c.clause_score >= best_clause - AGREE_MARGIN
            for c in found
        ):
            continue
        near = [c for c in found if c.score >= best - MARGIN]
        findings.append(_slot_finding(ctx, start, end, filler, near))
    return findings


def _grouped_fillers(sentence: Span) -> list[tuple[int, int, Filler]]:
    """The fillers of a sentence, those of one slot and value within one clause joined
    into one span ("reiste ... im Sonderzug ... bis zum Bahnhof")."""
    groups: dict[tuple[int, str, str], tuple[int, int, Filler]] = {}
    for start, end, filler in sorted(fillers_in(sentence.text, sentence.start), key=lambda f: f[0]):
        left, _ = clause_bounds(sentence.text, start - sentence.start, end - sentence.start)
        key = (left, filler.slot, filler.value)
        if key in groups:
            first, _, first_filler = groups[key]
            groups[key] = (first, end, first_filler)
        else:
            groups[key] = (start, end, filler)
    return sorted(groups.values(), key=lambda g: g[0])


def _slot_finding(ctx: CheckContext, start: int, end: int, filler: Filler, near: list[Counterpart[Filler]]) -> Finding:
    words = SLOT_WORDS[filler.slot]
    theirs = list(dict.fromkeys(words[c.item.value] for c in sorted(near, key=lambda c: -c.score)))
    what = "how the trip was made" if filler.slot == "means" else "how it was said"
    return Finding(
        kind="conflicting_fact",
        start=start,
        end=end,
        text=ctx.target.text[start:end],
        severity="high",
        explanation=f"The article says “{ctx.target.text[start:end]}” ({words[filler.value]}), but the reports of the same event "
        f"give {what} differently: {' or '.join(theirs)} ({source_names(near)}).",
        evidence=dedupe_evidence(near),
    )


# --- polarity ---------------------------------------------------------------------------------


def content_stems(text: str) -> set[str]:
    """The first five letters of each content word, lower case: enough to match
    inflections ("militärischem" / "militärische") and compounds' first parts."""
    return {w.lower()[:5] for w in _WORD.findall(text) if w.lower() not in _COMMON and not _NEGATION.fullmatch(w)}


def shares_wording(a: str, b: str) -> bool:
    left, right = content_stems(a), content_stems(b)
    shared = len(left & right)
    return shared >= POLARITY_MIN_SHARED and shared >= POLARITY_MIN_OVERLAP * min(len(left), len(right))


def negated(text: str) -> bool:
    """Whether the clause is negated by an explicit negation word. Presence, not parity:
    "neither ... nor" and "not complete without" are negated statements too. Negation
    words inside a fixed phrase that does not negate ("not only", "no more than") do
    not count."""
    return _NEGATION.search(_IDIOM.sub(" ", text)) is not None


# Where a subordinate clause begins inside a clause: a negation after one of these words
# scopes over that clause only ("arrived in the capital on a visit that had not been
# announced": the arrival is not negated).
_SUBORDINATOR = re.compile(
    r"(?<!\w)(?:that|which|who|whom|whose|where|because|although|unless|until|if|whether|since|"
    r"dass|weil|obwohl|wenn|falls|ob|bis|nachdem|sodass|wobei|womit|wodurch)(?!\w)",
    re.IGNORECASE,
)


def negated_part(text: str) -> str:
    """The stretch of a clause that its first negation word negates: from the start of
    the (sub)clause holding it to the end."""
    cleaned = _IDIOM.sub(lambda m: " " * len(m.group()), text)
    negation = _NEGATION.search(cleaned)
    if negation is None:
        return ""
    starts = [m.start() for m in _SUBORDINATOR.finditer(cleaned, 0, negation.start())]
    return text[starts[-1] if starts else 0 :]


def negates_shared_predicate(negative: str, positive: str) -> bool:
    """Whether the negation of `negative` falls on what it shares with `positive`: the
    negated stretch must itself share the wording, not a side remark ("a visit that had
    not been announced" against "a visit kept quiet" shares only "visit")."""
    return shares_wording(negated_part(negative), positive)


def _polarity_conflicts(ctx: CheckContext, sentence: Span) -> list[Finding]:
    # Quoted words are the quote signal's to check; a negation inside them is the
    # speaker's, not the article's claim.
    target_clauses = [
        (a, b) for a, b in clauses(sentence.text)
        if len(sentence.text[a:b].split()) >= POLARITY_MIN_WORDS
        and not in_quotation(ctx.target.text, sentence.start + a + (len(sentence.text[a:b]) - len(sentence.text[a:b].lstrip())))
    ]
    if not target_clauses:
        return []
    aligned = ctx.aligned(sentence.text, k=5, min_score=MIN_SENTENCE)
    corpus_clauses = [
        (alignment, alignment.sentence.text[a:b])
        for alignment in aligned
        for a, b in clauses(alignment.sentence.text)
        if len(alignment.sentence.text[a:b].split()) >= 3
    ]
    if not corpus_clauses:
        return []
    target_texts = [sentence.text[a:b].strip() for a, b in target_clauses]
    similarity = ctx.vectors([text for _, text in corpus_clauses]) @ ctx.vectors(target_texts).T
    findings = []
    for index, (a, b) in enumerate(target_clauses):
        column = similarity[:, index]
        best = int(column.argmax())
        if column[best] < POLARITY_MIN_CLAUSE or not shares_wording(target_texts[index], corpus_clauses[best][1]):
            continue
        polarity = negated(target_texts[index])
        near = [i for i in range(len(corpus_clauses)) if column[i] >= column[best] - MARGIN]
        if any(negated(corpus_clauses[i][1]) == polarity for i in near):
            continue
        alignment, said = corpus_clauses[best]
        negative, positive = (target_texts[index], said) if polarity else (said, target_texts[index])
        if not negates_shared_predicate(negative, positive):
            continue
        text = sentence.text[a:b].strip().rstrip(".!?")
        start = sentence.start + sentence.text.index(text, a)
        evidence = list({(corpus_clauses[i][0].source.id, corpus_clauses[i][0].sentence.text): None for i in near})
        findings.append(
            Finding(
                kind="conflicting_fact",
                start=start,
                end=start + len(text),
                text=text,
                severity="high",
                explanation=(
                    f"The article {'denies' if polarity else 'asserts'} this, but {alignment.source.id} says "
                    f"{'it is so' if polarity else 'the opposite'}: “{said.strip()}”."
                ),
                evidence=[Evidence(source, text_) for source, text_ in evidence][:3],
            )
        )
    return findings


# --- places -------------------------------------------------------------------------------

_VENUE = re.compile(
    rf"(?<!\w){LOCATIVE}\s+(?:(?:US|U\.S\.)\s+)?(?P<venue>"
    + "|".join(f"(?P<{name}>{pattern})" for name, (pattern, _) in VENUES.items())
    + r")(?!\w)",
    re.IGNORECASE,
)
_BEFORE_CITY = re.compile(rf"(?<!\w){LOCATIVE}\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    level: str  # "venue" (lang_conflicts.VENUES) or "city" (a LOC entity linked to a city)
    value: str  # the venue's name or the city's kb id
    text: str


def places_in(doc: Doc, start: int, end: int) -> list[tuple[int, int, Place]]:
    """The places where something happens in doc.text[start:end]: a known venue or a
    city, each after a locative preposition ("im Weißen Haus", "in Brussels")."""
    text = doc.text
    found = []
    for m in _VENUE.finditer(text, start, end):
        name = next(n for n in VENUES if m.group(n))
        found.append((m.start(), m.end(), Place("venue", name, m.group())))
    for entity in doc.entities:
        if entity.label != "LOC" or not (entity.kb_id or "").startswith("city:"):
            continue
        if not (start <= entity.start and entity.end <= end):
            continue
        lead = _BEFORE_CITY.search(text[max(0, entity.start - 20) : entity.start])
        if lead is None or any(s <= entity.start < e for s, e, _ in found):
            continue
        first = entity.start - (len(lead.group()))
        found.append((first, entity.end, Place("city", entity.kb_id or "", text[first : entity.end])))
    return sorted(found, key=lambda f: f[0])


def _place_conflicts(ctx: CheckContext, sentence: Span) -> list[Finding]:
    """A place of the article that differs from the place the reports give for the same
    action: venue against venue, city against city. Places at different levels (a venue
    and a city) are not compared, and a report that names no place for the action says
    nothing against the article's."""
    findings = []

    def items_in(source: CorpusDoc, corpus_sentence: Span) -> list[tuple[int, int, Place]]:
        return places_in(source.doc, corpus_sentence.start, corpus_sentence.end)

    for start, end, place in places_in(ctx.target, sentence.start, sentence.end):
        if in_quotation(ctx.target.text, start):
            continue
        local = clause_of(sentence.text, start - sentence.start, end - sentence.start, join_short=True)
        found = counterparts(ctx, sentence, local, items_in, min_sentence=PLACE_AGREE_SENTENCE, join_short=True)
        found = [c for c in found if c.item.level == place.level]
        # The same place anywhere in the report sentences of this story, even loosely
        # aligned ones: the article may tell another step of the event there.
        if any(c.item.value == place.value for c in found):
            continue
        found = [c for c in found if c.sentence_score >= MIN_SENTENCE]
        if not found:
            continue
        offset = sentence.text.find(local)
        found = anchored(found, person_keys(ctx, sentence.start + offset, sentence.start + offset + len(local)))
        best = max(c.score for c in found)
        if best < PLACE_MIN_PAIR or max(c.clause_score for c in found) < PLACE_MIN_CLAUSE:
            continue
        near = [c for c in found if c.score >= best - MARGIN]
        theirs = list(dict.fromkeys(f"“{c.item.text}”" for c in sorted(near, key=lambda c: -c.score)))
        text = ctx.target.text[start:end]
        findings.append(
            Finding(
                kind="conflicting_fact",
                start=start,
                end=end,
                text=text,
                severity="high",
                explanation=f"The article places this “{text}”, but the reports of the same event give "
                f"{' or '.join(theirs[:2])} ({source_names(near)}).",
                evidence=dedupe_evidence(near),
            )
        )
    return findings


def _one_per_span(findings: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if not any(k.start < finding.end and finding.start < k.end for k in kept):
            kept.append(finding)
    return kept


def facts_agree(ctx: CheckContext, sentence: Span) -> bool | None:
    """For claim grading: False where the sentence states a fact the sources contradict."""
    if _slot_conflicts(ctx, sentence) or _polarity_conflicts(ctx, sentence) or _place_conflicts(ctx, sentence):
        return False
    return None
