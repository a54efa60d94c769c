"""What the pages and the REST API share: documents from request bodies, adding and
checking them, and reading the store for views. Everything here calls the same core
functions as the CLI (`ingest`, `run_check`, `KnowledgeBase`); nothing renders."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.ingest.limits import MAX_DOCUMENT_CHARS
from lagebild.store import Store, StoredDocument
from lagebild.verify.model import CheckResult, ClaimVerdict, Evidence, Finding

BODY_FIELDS = ("id", "title", "publisher", "url", "published", "language", "author")
SOURCE = "request"  # names the input in error messages, as a file name does in the CLI
MAX_OFFSET = 2**63 - 1  # SQLite's largest integer: a larger OFFSET cannot even be bound


# -- from a request body to a document -------------------------------------------------
def document_from_body(body: dict) -> Document:
    """A `Document` from the API/form fields, validated like a front-matter file.

    Without an `id`, the document gets `web-` and a hash of its text, so posting the same
    text twice names the same document.
    """
    from lagebild.ingest.language import assign_language
    from lagebild.ingest.text import document_from_fields

    text = body.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("the field 'text' is empty; paste the article's text", source=SOURCE)
    if len(text) > MAX_DOCUMENT_CHARS:
        raise InputError(f"the text has {len(text):,} characters, over the {MAX_DOCUMENT_CHARS:,} limit "
                         "for one article", source=SOURCE)
    fields = {key: str(body[key]).strip() for key in BODY_FIELDS if body.get(key) not in (None, "")}
    document = document_from_fields(fields, text, source=SOURCE, default_id=web_id(text))
    document.source = "web"
    assign_language(document)
    _require_supported_language(document)
    return document


def web_id(text: str) -> str:
    """The id of a document added on the web without one: the same text, the same id."""
    return "web-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _require_supported_language(document: Document) -> None:
    from lagebild.ingest.store_docs import check_languages

    check_languages([(SOURCE, [document])])


# -- writing -------------------------------------------------------------------------------
def add_document(store: Store, document: Document) -> dict:
    """Analyse and store one document (one transaction), linking it to its original when
    it is a near-copy. Returns the `lagebild ingest --json` record of the document."""
    from lagebild.ingest.store_docs import ingest_documents

    [item] = ingest_documents(store, [document]).documents
    return item.__dict__ | {"warnings": list(document.warnings)}


def check_document(db: Path, document: Document, *, save: bool) -> CheckResult:
    """`lagebild check` on one document against the store's documents and knowledge base."""
    from lagebild.verify.run import run_check

    return run_check(document, [], db=db, save=save)


# -- reading ---------------------------------------------------------------------------------
def saved_check(store: Store, doc_id: str) -> dict | None:
    """The latest saved check of a document (the `check --json` object), or None."""
    row = store.conn.execute(
        "SELECT result FROM checks WHERE doc_id = ? ORDER BY id DESC LIMIT 1", (doc_id,)
    ).fetchone()
    return json.loads(row[0]) if row else None


def finding_counts(store: Store, doc_ids: list[str]) -> dict[str, int]:
    """Number of findings of each document's latest saved check (absent: never checked)."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    rows = store.conn.execute(
        f"SELECT doc_id, json_array_length(result, '$.findings') FROM checks WHERE id IN"
        f" (SELECT max(id) FROM checks WHERE doc_id IN ({marks}) GROUP BY doc_id)",
        doc_ids,
    ).fetchall()
    return {r[0]: int(r[1]) for r in rows}


def reliability_of(store: Store, publisher: str | None) -> str:
    from lagebild.verify.grading import reliability_from_record

    if not publisher:
        return "F"
    return reliability_from_record(*store.publisher_record(publisher))


def document_record(stored: StoredDocument, *, findings: int | None = None, reliability: str | None = None,
                    text: bool = False) -> dict:
    d = stored.document
    record = {
        "id": d.id,
        "title": d.title,
        "publisher": d.publisher,
        "url": d.url,
        "published": d.published.isoformat() if d.published else None,
        "language": d.language,
        "author": d.author,
        "duplicate_of": stored.duplicate_of,
        "similarity": stored.similarity,
        "ingested_at": stored.ingested_at,
        "findings": findings,
        "source_reliability": reliability,
    }
    if text:
        record["text"] = d.text
    return record


def list_documents(store: Store, *, limit: int, offset: int) -> dict:
    """One page of the inbox: documents in date order with their findings counts."""
    page = store.documents(limit=limit, offset=offset)
    return {"total": store.count(), "limit": limit, "offset": offset, "documents": document_records(store, page)}


def document_records(store: Store, stored: list[StoredDocument]) -> list[dict]:
    """Inbox rows: each document with its findings count and its publisher's reliability."""
    counts = finding_counts(store, [s.document.id for s in stored])
    reliabilities: dict[str | None, str] = {}
    for s in stored:
        if s.document.publisher not in reliabilities:
            reliabilities[s.document.publisher] = reliability_of(store, s.document.publisher)
    return [document_record(s, findings=counts.get(s.document.id), reliability=reliabilities[s.document.publisher])
            for s in stored]


def group_copies(records: list[dict]) -> list[dict]:
    """Near-duplicate copies under their original, where the original is on the page."""
    by_id = {r["id"]: dict(r, copies=[]) for r in records}
    rows = []
    for r in records:
        row = by_id[r["id"]]
        original = by_id.get(r["duplicate_of"] or "")
        if original is not None and original is not row:
            original["copies"].append(row)
        else:
            rows.append(row)
    return rows


def document_view(store: Store, doc_id: str) -> dict | None:
    """An article with its latest saved check: the JSON twin of the article page."""
    stored = store.get(doc_id)
    if stored is None:
        return None
    check = saved_check(store, doc_id)
    copies = [r[0] for r in store.conn.execute(
        "SELECT d.id FROM documents d JOIN documents o ON o.pk = d.duplicate_of WHERE o.id = ? ORDER BY d.pk",
        (doc_id,))]
    return {
        "document": document_record(
            stored, findings=len(check["findings"]) if check else None,
            reliability=reliability_of(store, stored.document.publisher), text=True),
        "copies": copies,
        "check": check,
        "check_is_current": check is None or check["text"] == stored.document.text,
    }


def result_from_json(data: dict) -> CheckResult:
    """A `CheckResult` back from its `check --json` object (for rendering saved checks)."""
    from datetime import date

    def evidence(items: list[dict]) -> list[Evidence]:
        return [Evidence(e["source"], e["text"]) for e in items]

    return CheckResult(
        id=data["id"],
        text=data["text"],
        published=date.fromisoformat(data["published"]) if data.get("published") else None,
        findings=[Finding(f["kind"], f["start"], f["end"], f["text"], f["severity"], f["explanation"],
                          evidence(f.get("evidence", []))) for f in data.get("findings", [])],
        claims=[ClaimVerdict(c["start"], c["end"], c["text"], c["status"], c["credibility"],
                             evidence(c.get("evidence", []))) for c in data.get("claims", [])],
        source_reliability=data.get("source_reliability", "F"),
        notes=list(data.get("notes", [])),
    )


@dataclass
class Piece:
    """A run of the article text and the findings (by number) that cover it."""

    text: str
    kinds: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    ending: list[int] = field(default_factory=list)  # findings that end with this piece

    @property
    def css(self) -> str:
        return " ".join(f"kind-{kind}" for kind in self.kinds)


def highlighted(result: CheckResult) -> tuple[list[Piece], list[Finding]]:
    """The article cut at finding boundaries (via the report's `segments`), findings numbered
    in text order: what the article page marks up."""
    from lagebild.verify.report import segments

    findings = sorted(result.findings, key=lambda f: (f.start, f.kind))
    number = {id(f): n for n, f in enumerate(findings, start=1)}
    pieces, position = [], 0
    for seg in segments(result):
        position += len(seg.text)
        covering = sorted(seg.findings, key=lambda f: number[id(f)])
        pieces.append(Piece(
            seg.text,
            sorted({f.kind for f in covering}),
            [number[id(f)] for f in covering],
            [number[id(f)] for f in covering if f.end == position],
        ))
    return pieces, findings


def evidence_href(source: str) -> str:
    """Where a piece of evidence links: a knowledge-base person or a stored document."""
    if source.startswith("kb:"):
        return "/kb?person=" + quote(source[3:], safe="")
    return document_href(source)


def document_href(doc_id: str, suffix: str = "") -> str:
    return "/documents/" + quote(doc_id, safe="/") + suffix


def entity_href(kb_id: str, suffix: str = "") -> str:
    """The page of an entity ("mark-rutte", "country:DE", "org:NATO")."""
    return "/entities/" + quote(kb_id, safe=":") + suffix


# -- knowledge base ------------------------------------------------------------------------
def kb_who(store: Store, *, role: str, date: str, country: str | None, org: str | None) -> list[dict]:
    """`lagebild kb who --json` for the store's knowledge base."""
    from lagebild.ingest.text import parse_date
    from lagebild.kb import KnowledgeBase

    day = parse_date(date, source="date", field="date")
    kb = KnowledgeBase(store, load_starter=False)
    country = country.strip().upper() if country else None
    org = org.strip().upper() if org else None
    kb.validate_office(role, country, org)
    return [h.to_json() for h in kb.who(role, on=day, country=country, org=org)]


def kb_person(store: Store, name: str) -> list[dict]:
    """`lagebild kb person --json`: persons by name, alias or knowledge-base id."""
    from lagebild.kb import KnowledgeBase

    kb = KnowledgeBase(store, load_starter=False)
    by_id = kb.person(name.strip())
    persons = [by_id] if by_id else kb.find_persons(name)
    return [
        {"kb_id": p.id, "name": p.name, "wikidata": p.wikidata, "aliases": p.aliases,
         "terms": [t.to_json() | {"office": t.office_label} for t in kb.terms_of(p.id)]}
        for p in persons
    ]
