"""Admiralty grading (NATO AJP-2.1): information credibility 1-6 per claim, source
reliability A-F per publisher. The rules are documented in docs/grading.md."""

from __future__ import annotations

from lagebild.verify.context import CheckContext
from lagebild.verify.model import ClaimVerdict, Evidence, Finding

# Cosine similarity of multilingual-e5-small sentence embeddings above which a corpus
# sentence is taken to state the same as a claim (paraphrases and translations score
# 0.88-0.95, sentences about the same event but saying other things 0.80-0.86).
SUPPORT_SCORE = 0.885
RELATED_SCORE = 0.85

CONFLICT_KINDS = {"conflicting_number", "conflicting_date", "conflicting_fact", "wrong_office_holder",
                  "unsupported_quote", "unverifiable_person"}


def grade_claims(ctx: CheckContext, findings: list[Finding]) -> list[ClaimVerdict]:
    verdicts = []
    for claim in ctx.target.claims:
        against = [f for f in findings if f.kind in CONFLICT_KINDS and f.start < claim.end and claim.start < f.end]
        if not ctx.corpus:
            verdicts.append(ClaimVerdict(claim.start, claim.end, claim.text, "uncorroborated", 6, []))
            continue
        if against:
            evidence = [e for f in against for e in f.evidence][:3]
            verdicts.append(ClaimVerdict(claim.start, claim.end, claim.text, "contradicted", 5, evidence))
            continue
        alignments = ctx.aligned(claim.text, k=5)
        support = [a.evidence() for a in alignments if a.score >= SUPPORT_SCORE]
        related = [a.evidence() for a in alignments if a.score >= RELATED_SCORE]
        sources = ctx.independent_sources(support)
        if sources >= 2:
            verdicts.append(ClaimVerdict(claim.start, claim.end, claim.text, "corroborated", 1, support[:3]))
        elif sources == 1:
            verdicts.append(ClaimVerdict(claim.start, claim.end, claim.text, "corroborated", 2, support[:3]))
        elif related:
            verdicts.append(ClaimVerdict(claim.start, claim.end, claim.text, "uncorroborated", 3, related[:2]))
        else:
            verdicts.append(ClaimVerdict(claim.start, claim.end, claim.text, "uncorroborated", 4, []))
    return verdicts


def reliability_from_record(checked: int, high_findings: int, corroborated_share: float | None) -> str:
    """A publisher's letter from its record in the store.

    F: fewer than three checked articles (reliability cannot be judged). Otherwise by the
    average number of high-severity findings per article and, where known, the share
    of its claims that other sources corroborate.
    """
    if checked < 3:
        return "F"
    per_article = high_findings / checked
    share = corroborated_share if corroborated_share is not None else 0.0
    if per_article == 0 and share >= 0.8 and checked >= 10:
        return "A"
    if per_article < 0.2 and share >= 0.6:
        return "B"
    if per_article < 0.5:
        return "C"
    if per_article < 1.5:
        return "D"
    return "E"


def evidence_summary(evidence: list[Evidence]) -> str:
    return "; ".join(f"{e.source}: {e.text[:80]}" for e in evidence[:2])
