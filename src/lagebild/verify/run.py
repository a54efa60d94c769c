"""Running a check with or without a store: what the CLI, the web app and batch jobs call."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.store import Store
from lagebild.verify.check import check
from lagebild.verify.grading import reliability_from_record
from lagebild.verify.model import CheckResult

STORE_CANDIDATES = 50


def related_documents(store: Store, target: Document, *, limit: int = STORE_CANDIDATES) -> list[Document]:
    """Stored reports likely about the same event: full-text hits on the target's
    named entities (copies of the target itself excluded)."""
    from lagebild.nlp import analyze_document

    doc = analyze_document(target)
    names = list(dict.fromkeys(e.text for e in doc.entities if e.label in ("PER", "ORG", "LOC")))[:12]
    if not names:
        return []
    query = " OR ".join('"' + name.replace('"', "") + '"' for name in names)
    hits = store.search(query, limit=limit, raw=True)
    documents = []
    for hit in hits:
        stored = store.get(hit.id)
        if stored and stored.document.id != target.id and stored.document.text != target.text:
            documents.append(stored.document)
    return documents


def run_check(
    target: Document,
    corpus: list[Document],
    *,
    on: date | None = None,
    db: Path | None = None,
    save: bool = False,
) -> CheckResult:
    if db is None:
        return check(target, corpus, kb=KnowledgeBase.in_memory(), on=on)
    with Store(db) as store:
        kb = KnowledgeBase(store)
        known = {d.id for d in corpus}
        corpus = corpus + [d for d in related_documents(store, target) if d.id not in known]
        result = check(target, corpus, kb=kb, on=on)
        if target.publisher:
            result.source_reliability = reliability_from_record(*store.publisher_record(target.publisher))
        if save:
            with store.transaction():
                store.save_check(result.to_json(), target.publisher)
        return result
