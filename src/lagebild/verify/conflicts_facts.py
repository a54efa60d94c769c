"""`conflicting_fact`: a statement the reports of the same event contradict in a way
that is neither a number nor a date.

Two mechanisms:
- Slots with mutually exclusive fillers (lang_conflicts.MEANS, FORMS): the article
  says "landed by plane" or "said at a press conference" where the reports of the same
  event say "by train" or "in a phone call". Each filler's clause is paired with the
  corpus fillers of the same slot in the aligned sentences and in the sentence before
  each (reports often say how in the sentence before what was said).
- Polarity: a target clause whose closest corpus clause says the same thing negated,
  or the other way round ("commits to mutual defence" against "no mutual defence
  obligation is attached").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lagebild.nlp import Span
from lagebild.verify.conflicts_common import (
    Counterpart,
    anchored,
    clause_of,
    clauses,
    counterparts,
    dedupe_evidence,
    person_keys,
    source_names,
)
from lagebild.verify.context import CheckContext, CorpusDoc
from lagebild.verify.lang_conflicts import FORMS, MEANS, NEGATIONS
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
_NEGATION = re.compile(rf"(?<!\w)(?:{NEGATIONS})(?!\w)|n't\b", re.IGNORECASE)

# Calibration for slots, as for dates (conflicts_dates): same-event sentences align at
# 0.86 and above; the pair score of the right counterpart was 0.87-0.95.
MIN_SENTENCE = 0.86
MIN_PAIR = 0.87
MARGIN = 0.015
AGREE_MARGIN = 0.04

# Polarity: a clause and its negated restatement scored 0.90-0.93 on the dev data; clean
# clause pairs of opposite polarity (one of them merely containing "no" or "without"
# in a side phrase) stayed below 0.90.
POLARITY_MIN_CLAUSE = 0.90
POLARITY_MIN_WORDS = 6


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
    return _one_per_span(findings)


def _slot_conflicts(ctx: CheckContext, sentence: Span) -> list[Finding]:
    findings = []
    for start, end, filler in fillers_in(sentence.text, sentence.start):
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
        if any(c.item.value == filler.value for c in found if c.score >= best - AGREE_MARGIN):
            continue
        near = [c for c in found if c.score >= best - MARGIN]
        findings.append(_slot_finding(ctx, start, end, filler, near))
    return findings


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
        explanation=f"The article says “{filler.text}” ({words[filler.value]}), but the reports of the same event "
        f"give {what} differently: {' or '.join(theirs)} ({source_names(near)}).",
        evidence=dedupe_evidence(near),
    )


# --- polarity ---------------------------------------------------------------------------------


def negated(text: str) -> bool:
    """Whether the clause is negated. Presence, not parity: "neither ... nor" and
    "not complete without" are negated statements too."""
    return _NEGATION.search(text) is not None


def _polarity_conflicts(ctx: CheckContext, sentence: Span) -> list[Finding]:
    target_clauses = [(a, b) for a, b in clauses(sentence.text) if len(sentence.text[a:b].split()) >= POLARITY_MIN_WORDS]
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
        if column[best] < POLARITY_MIN_CLAUSE:
            continue
        polarity = negated(target_texts[index])
        near = [i for i in range(len(corpus_clauses)) if column[i] >= column[best] - MARGIN]
        if any(negated(corpus_clauses[i][1]) == polarity for i in near):
            continue
        alignment, said = corpus_clauses[best]
        text = sentence.text[a:b].strip()
        start = sentence.start + sentence.text.index(text, a)
        evidence = list({(corpus_clauses[i][0].source.id, corpus_clauses[i][0].sentence.text): None for i in near})
        findings.append(
            Finding(
                kind="conflicting_fact",
                start=start,
                end=start + len(text),
                text=text,
                severity="high",
                explanation=f"[{column[best]:.3f}] " + (
                    f"The article states this{' as not so' if polarity else ''}, but the report "
                    f"{alignment.source.id} says the opposite: “{said.strip()}”."
                ),
                evidence=[Evidence(source, text_) for source, text_ in evidence][:3],
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
    if _slot_conflicts(ctx, sentence) or _polarity_conflicts(ctx, sentence):
        return False
    return None
