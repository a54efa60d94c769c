"""Running a check with or without a store: what the CLI, the web app and batch jobs call."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.nlp import Doc, analyze_document
from lagebild.store import Store
from lagebild.verify.check import check
from lagebild.verify.grading import reliability_from_record
from lagebild.verify.model import CheckResult

CANDIDATES = 50  # stored documents considered per retrieval route
CORPUS_SIZE = 20  # reports of the same event kept for the check
EVENT_WINDOW = timedelta(days=45)  # reports of one event appear within weeks of each other


def related_documents(
    store: Store, target: Document, *, target_doc: Doc | None = None, limit: int = CORPUS_SIZE
) -> list[Document]:
    """Stored reports likely about the same event as the target.

    Two indexed routes, so the cost does not grow with the store: documents sharing the
    target's linked entities (countries, persons, organisations: this works across
    languages), and full-text hits on its entity names. Documents far from the
    target's date are left out; copies of the target itself too.
    """
    doc = target_doc or analyze_document(target)
    scores: dict[str, float] = {}
    kb_ids = list(dict.fromkeys(e.kb_id for e in doc.entities if e.kb_id))
    for doc_id, shared in store.documents_sharing_entities(kb_ids, limit=CANDIDATES):
        scores[doc_id] = scores.get(doc_id, 0.0) + shared
    names = list(dict.fromkeys(e.text for e in doc.entities if e.label in ("PER", "ORG", "LOC")))[:12]
    if names:
        query = " OR ".join('"' + name.replace('"', "") + '"' for name in names)
        for rank, hit in enumerate(store.search(query, limit=CANDIDATES, raw=True)):
            scores[hit.id] = scores.get(hit.id, 0.0) + 1.0 / (1 + rank)
    day = target.published or doc.published
    documents = []
    for doc_id in sorted(scores, key=lambda i: -scores[i]):
        stored = store.get(doc_id)
        if stored is None or stored.document.id == target.id or stored.document.text == target.text:
            continue
        when = stored.document.published
        if day and when and abs(when - day) > EVENT_WINDOW:
            continue
        documents.append(stored.document)
        if len(documents) == limit:
            break
    return documents


def stored_analyses(store: Store, documents: list[Document]) -> dict[str, Doc]:
    analyses = {}
    for document in documents:
        record = store.analysis(document.id)
        if record is not None:
            analyses[document.id] = Doc.from_json(record)
    return analyses


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
        related = [d for d in related_documents(store, target) if d.id not in known]
        result = check(target, corpus + related, kb=kb, on=on, analyses=stored_analyses(store, related))
        if target.publisher:
            result.source_reliability = reliability_from_record(*store.publisher_record(target.publisher))
        if save:
            with store.transaction():
                store.save_check(result.to_json(), target.publisher)
        return result
