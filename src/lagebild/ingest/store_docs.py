"""Storing read documents: one transaction per input file."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from lagebild.document import SUPPORTED_LANGUAGES, Document
from lagebild.errors import UnsupportedLanguage
from lagebild.ingest.dedupe import index_document
from lagebild.ingest.limits import DEFAULT_MAX_BYTES
from lagebild.ingest.readers import load_inputs
from lagebild.store import Store

# (pipeline name, `Doc.to_record()`): one document's analysis as the store keeps it.
Analysis = tuple[str, dict]


@dataclass
class IngestedDocument:
    id: str
    status: str  # added, updated or unchanged
    language: str | None
    duplicate_of: str | None = None
    similarity: float | None = None


@dataclass
class IngestReport:
    files: int = 0
    documents: list[IngestedDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for d in self.documents if d.status == status)

    @property
    def near_duplicates(self) -> int:
        return sum(1 for d in self.documents if d.duplicate_of)

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "added": self.count("added"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "near_duplicates": self.near_duplicates,
            "documents": [d.__dict__ for d in self.documents],
            "warnings": self.warnings,
        }


def check_languages(loaded: Iterable[tuple[str, list[Document]]]) -> None:
    for name, documents in loaded:
        for document in documents:
            if document.language not in SUPPORTED_LANGUAGES:
                raise UnsupportedLanguage(
                    f"document {document.id!r} is in language {document.language!r}; lagebild analyses"
                    f" {', '.join(SUPPORTED_LANGUAGES)} (pass --allow-other-languages to store it anyway)",
                    source=name,
                )


def ingest(
    store: Store,
    inputs: Iterable[str],
    *,
    analyze: bool = True,
    allow_other_languages: bool = False,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_document: Callable[[Document], None] | None = None,
    on_loaded: Callable[[int], None] | None = None,
    tlp: str | None = None,
) -> IngestReport:
    """Read all inputs, then store them file by file.

    Reading comes first and raises on the first bad input, so bad input stores nothing.
    With `tlp`, every document read gets that TLP level (in the same transaction as the
    document); without it, new documents get the store's default level.
    """
    loaded = load_inputs(inputs, encoding=encoding, max_bytes=max_bytes)
    if not allow_other_languages:
        check_languages(loaded)
    if on_loaded:
        on_loaded(sum(len(docs) for _, docs in loaded))
    report = IngestReport(files=len(loaded))
    for _, documents in loaded:
        stored = ingest_documents(store, documents, analyze=analyze, tlp=tlp, on_document=on_document)
        report.documents.extend(stored.documents)
        report.warnings.extend(stored.warnings)
    return report


def ingest_documents(
    store: Store,
    documents: list[Document],
    *,
    analyze: bool = True,
    tlp: str | None = None,
    on_document: Callable[[Document], None] | None = None,
    analyses: Sequence[Analysis | None] | None = None,
) -> IngestReport:
    """Store documents already read (one transaction for all of them): analysed, linked
    to the original they copy, marked with `tlp` or the store's default level.

    `analyses`, one per document, are results computed elsewhere (`lagebild batch
    analyze`): they are stored as given instead of analysing here."""
    report = IngestReport(files=0)
    if analyses is None:
        analyses = [_analysis(d) if analyze else None for d in documents]
    with store.transaction():
        for document, analysis in zip(documents, analyses):
            report.documents.append(_store_one(store, document, analysis))
            if tlp is not None:
                store.set_document_tlp(document.id, tlp)
            report.warnings.extend(f"{document.id}: {w}" for w in document.warnings)
            if on_document:
                on_document(document)
    return report


def _analysis(document: Document) -> Analysis:
    from lagebild.nlp import analyze_document, pipeline_name

    record = analyze_document(document).to_record()
    return pipeline_name(document.language or ""), record


def _store_one(store: Store, document: Document, analysis: Analysis | None) -> IngestedDocument:
    existed = store.conn.execute("SELECT 1 FROM documents WHERE id = ?", (document.id,)).fetchone()
    pk, changed = store.upsert_document(document)
    if not changed:
        return IngestedDocument(document.id, "unchanged", document.language)
    link = index_document(store, pk, document.text)
    if analysis is not None:
        store.save_analysis(pk, *analysis)
    original = None
    if link:
        original = store.conn.execute("SELECT id FROM documents WHERE pk = ?", (link.original_pk,)).fetchone()[0]
    return IngestedDocument(
        document.id,
        "updated" if existed else "added",
        document.language,
        original,
        link.similarity if link else None,
    )
