"""`lagebild check`: one article against the knowledge base and the corpus."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from lagebild.document import Document
from lagebild.ingest.dedupe import THRESHOLD, signature, similarity
from lagebild.kb import KnowledgeBase
from lagebild.nlp import Doc, analyze_document
from lagebild.verify.artifacts import find_generation_artifacts
from lagebild.verify.conflicts import find_conflicts
from lagebild.verify.off_topic import find_off_topic_passages
from lagebild.verify.offices import find_wrong_office_holders
from lagebild.verify.persons import find_unverifiable_persons
from lagebild.verify.quotes import find_unsupported_quotes
from lagebild.verify.context import CheckContext, CorpusDoc
from lagebild.verify.grading import grade_claims
from lagebild.verify.model import CheckResult, Finding

Signal = Callable[[CheckContext], list[Finding]]

# Each signal looks at the article in its own way; they run in this order.
SIGNALS: list[tuple[str, Signal]] = [
    ("generation_artifact", find_generation_artifacts),
    ("wrong_office_holder", find_wrong_office_holders),
    ("unverifiable_person", find_unverifiable_persons),
    ("unsupported_quote", find_unsupported_quotes),
    ("off_topic_passage", find_off_topic_passages),
    ("conflicting_number/date/fact", find_conflicts),
]


def build_corpus(
    documents: list[Document], *, exclude_text: str | None = None, analyses: dict[str, Doc] | None = None
) -> list[CorpusDoc]:
    """Analyse the corpus (or take stored analyses) and group near-copies so they count
    as one source."""
    corpus: list[CorpusDoc] = []
    signatures = []
    for document in documents:
        if exclude_text is not None and document.text == exclude_text:
            continue  # the target itself, when it also lies in the corpus
        sig = signature(document.text)
        original = document.id
        for other, other_sig in zip(corpus, signatures):
            if similarity(sig, other_sig) >= THRESHOLD:
                original = other.original
                break
        doc = (analyses or {}).get(document.id) or analyze_document(document)
        corpus.append(CorpusDoc(document, doc, original))
        signatures.append(sig)
    return corpus


def article_date(target: Document, corpus: list[CorpusDoc], override: date | None) -> tuple[date | None, list[str]]:
    if override is not None:
        return override, [f"dates checked against {override} (given with --date)"]
    if target.published is not None:
        return target.published, []
    dated = sorted(c.document.published for c in corpus if c.document.published)
    if dated:
        inferred = dated[len(dated) // 2] if len(dated) % 2 else dated[len(dated) // 2 - 1]
        return inferred, [f"the article has no date; {inferred} inferred from the corpus reports (median)"]
    return None, ["the article has no date and the corpus gives none: dates and office holders were not checked"]


def check(
    target: Document,
    corpus_documents: list[Document],
    *,
    kb: KnowledgeBase,
    on: date | None = None,
    signals: list[tuple[str, Signal]] | None = None,
    analyses: dict[str, Doc] | None = None,
) -> CheckResult:
    corpus = build_corpus(corpus_documents, exclude_text=target.text, analyses=analyses)
    day, notes = article_date(target, corpus, on)
    target_doc = analyze_document(target)
    if day is not None and target_doc.published is None:
        target_doc.published = day
    ctx = CheckContext(target, target_doc, corpus, kb, day, notes=notes)
    if not corpus:
        ctx.notes.append("no corpus documents: findings are limited to the knowledge base and the text itself")
    findings: list[Finding] = []
    for _, signal in signals or SIGNALS:
        findings.extend(signal(ctx))
    findings = _drop_inside_off_topic(findings)
    return CheckResult(
        id=target.id,
        text=target.text,
        published=target.published or day,
        findings=findings,
        claims=grade_claims(ctx, findings),
        source_reliability="F",
        notes=ctx.notes,
    )


def _drop_inside_off_topic(findings: list[Finding]) -> list[Finding]:
    """A passage from another story is wrong as a whole: one finding on it suffices.

    A paragraph that is mostly a note to the newsroom or a chatbot's aside also looks
    like "another story"; there the generation artifact is the better explanation, so
    it wins over the off-topic finding.
    """
    artifacts = [f for f in findings if f.kind == "generation_artifact"]
    passages = [
        p for p in findings
        if p.kind == "off_topic_passage"
        and not any(a.start >= p.start and a.end <= p.end and 2 * (a.end - a.start) >= p.end - p.start
                    for a in artifacts)
    ]
    return [
        f for f in findings
        if (f.kind == "off_topic_passage" and f in passages)
        or (f.kind != "off_topic_passage" and not any(p.start <= f.start and f.end <= p.end for p in passages))
    ]


__all__ = ["SIGNALS", "article_date", "build_corpus", "check"]
