"""The REST API under /api/: the CLI's JSON, over HTTP. OpenAPI at /api/openapi.json."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Optional

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from lagebild.errors import InputError
from lagebild.store import Store
from lagebild.web import core


class DocumentIn(BaseModel):
    """One article: only `text` is required, the rest as in a front-matter block."""

    text: str = Field(description="The article's body; all offsets index into it.")
    id: Optional[str] = Field(None, description="Defaults to web- and a hash of the text.")
    title: Optional[str] = None
    publisher: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO date or date-time.")
    language: Optional[str] = Field(None, description="ISO 639-1 (de or en); detected when absent.")
    author: Optional[str] = None

    model_config = {"json_schema_extra": {"examples": [{
        "text": "Für amerikanische Leser: Die Außenminister sind am Dienstag in Kiew eingetroffen.",
        "title": "Außenminister in Kiew", "publisher": "Testblatt", "published": "2024-10-29", "language": "de",
    }]}}


class EvidenceOut(BaseModel):
    source: str
    text: str


class FindingOut(BaseModel):
    kind: str
    start: int
    end: int
    text: str
    severity: str
    explanation: str
    evidence: list[EvidenceOut]


class ClaimOut(BaseModel):
    start: int
    end: int
    text: str
    status: str
    credibility: int
    evidence: list[EvidenceOut]


class CheckOut(BaseModel):
    """The same object as `lagebild check --json`."""

    id: str
    text: str
    published: Optional[str]
    findings: list[FindingOut]
    claims: list[ClaimOut]
    source_reliability: str
    notes: list[str]


class AddedOut(BaseModel):
    id: str
    status: str = Field(description="added, updated or unchanged")
    language: Optional[str]
    duplicate_of: Optional[str]
    similarity: Optional[float]
    warnings: list[str]


class DocumentOut(BaseModel):
    id: str
    title: Optional[str]
    publisher: Optional[str]
    url: Optional[str]
    published: Optional[str]
    language: Optional[str]
    author: Optional[str]
    duplicate_of: Optional[str] = Field(description="The original this is a near-copy of.")
    similarity: Optional[float]
    ingested_at: str
    findings: Optional[int] = Field(description="Findings of the latest saved check; null if never checked.")
    source_reliability: Optional[str]


class DocumentWithText(DocumentOut):
    text: str


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    documents: list[DocumentOut]


class DocumentDetail(BaseModel):
    document: DocumentWithText
    copies: list[str] = Field(description="Ids of the near-copies of this document.")
    check: Optional[CheckOut] = Field(description="The latest saved check, if any.")
    check_is_current: bool


class SearchHitOut(BaseModel):
    id: str
    title: Optional[str]
    publisher: Optional[str]
    published: Optional[str]
    language: Optional[str]
    snippet: str
    score: float
    duplicate_of: Optional[str]


class HolderOut(BaseModel):
    name: str
    kb_id: str
    role: str
    country: Optional[str]
    org: Optional[str]
    start: str
    end: Optional[str]
    acting: bool
    source: Optional[str]


class IngestedOut(AddedOut):
    findings: Optional[int] = Field(description="Findings of the check run now; null unless check was asked for.")


class IngestOut(BaseModel):
    """As `lagebild ingest --json`, without the file count."""

    added: int
    updated: int
    unchanged: int
    near_duplicates: int
    documents: list[IngestedOut]
    warnings: list[str]


class ErrorOut(BaseModel):
    error: str


ERRORS = {status: {"model": ErrorOut, "description": why} for status, why in (
    (400, "Bad input, with the reason"), (401, "The access token is missing or wrong"),
    (403, "TLP:RED: never exported"), (404, "No such document"),
    (409, "The document has no saved check yet"), (413, "The request body is over the size cap"),
    (422, "The request does not match the schema"))}

router = APIRouter(prefix="/api", tags=["api"], responses={401: ERRORS[401]})


def open_store(request: Request):
    """One store connection per request (SQLite handles concurrent readers; writers queue)."""
    with Store(request.app.state.db) as opened:
        yield opened


@router.post("/check", response_model=CheckOut, responses={s: ERRORS[s] for s in (400, 413, 422)})
def check(body: DocumentIn, request: Request) -> dict:
    """Check an article against the store's documents and knowledge base (nothing is stored)."""
    document = core.document_from_body(body.model_dump())
    return core.check_document(request.app.state.db, document, save=False).to_json()


@router.post("/documents", response_model=AddedOut, status_code=201,
             responses={s: ERRORS[s] for s in (400, 413, 422)})
def add_document(body: DocumentIn, store: Store = Depends(open_store)) -> dict:
    """Analyse and store one article; near-copies are linked to their original."""
    return core.add_document(store, core.document_from_body(body.model_dump()))


@router.get("/documents", response_model=DocumentPage, responses={422: ERRORS[422]})
def documents(
    limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=core.MAX_OFFSET),
    store: Store = Depends(open_store),
) -> dict:
    """Stored documents in date order, with near-duplicate originals and findings counts."""
    return core.list_documents(store, limit=limit, offset=offset)


INGEST_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object",
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "A file as `lagebild ingest` reads it, "
                 "told by its name: .txt or .md (front matter), .html, .jsonl, .xml/.rss/.atom."},
        "url": {"type": "string", "description": "Or the http(s) address of an article or feed, fetched once."},
        "encoding": {"type": "string", "description": "The file's encoding when it is not UTF-8, e.g. cp1252."},
        "check": {"type": "boolean", "default": False, "description": "Also check each document and save it."},
    },
}}}}
FLAGS = {"true": True, "1": True, "on": True, "yes": True, "false": False, "0": False, "off": False, "no": False,
         "": False}


# The body is read by hand (lagebild.web.intake, as for the Add page): FastAPI's File()
# refuses a file part that comes without a file name with 422, which the schema allows.
@router.post("/ingest", response_model=IngestOut, status_code=201, openapi_extra={"requestBody": INGEST_BODY},
             responses={s: ERRORS[s] for s in (400, 413, 422)})
async def ingest(request: Request) -> dict:
    """Read an uploaded file or a URL like `lagebild ingest`, then analyse and store every
    article in it (one transaction); bad input stores nothing."""
    from lagebild.web import intake

    submission = await intake.read_submission(request)
    if submission.kind == "text" or (submission.upload is not None and submission.form.get("url")):
        raise InputError("send either a file or a url", source=core.SOURCE)
    check = FLAGS.get(submission.form.get("check", "").strip().lower())
    if check is None:
        raise InputError(f"check {submission.form['check']!r} is neither true nor false", source=core.SOURCE)
    db = Path(request.app.state.db)
    documents = await run_in_threadpool(submission.documents)
    added = await run_in_threadpool(intake.store_documents, db, documents)
    checked = await run_in_threadpool(lambda: list(intake.check_each(db, documents))) if check else []
    findings = {document.id: len(result.findings) for document, result in checked}
    counts = {status: sum(1 for a in added if a["status"] == status) for status in ("added", "updated", "unchanged")}
    return counts | {"near_duplicates": sum(1 for a in added if a["duplicate_of"]),
                     "documents": [a | {"findings": findings.get(a["id"])} for a in added],
                     "warnings": [f"{a['id']}: {w}" for a in added for w in a["warnings"]]}


EXPORT_CONTENT = {
    "text/markdown": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
    "application/json": {"schema": {"$ref": "#/components/schemas/CheckOut"}},
    "application/stix+json": {"schema": {"type": "object", "description": "A STIX 2.1 bundle"}},
}


# Before the document route: its {doc_id:path} would otherwise take ".../export/md" as an id.
@router.get("/documents/{doc_id:path}/export/{fmt}", response_class=Response,
            responses={200: {"description": "The file, as a download", "content": EXPORT_CONTENT},
                       **{s: ERRORS[s] for s in (403, 404, 409, 422)}})
def export(doc_id: str, fmt: Literal["md", "html", "json", "stix"], store: Store = Depends(open_store)) -> Response:
    """The latest saved check of a document as a file: Markdown or HTML report, the
    `lagebild check --json` object, or a STIX 2.1 bundle. TLP:RED is never exported (403)."""
    from lagebild.web import exports

    try:
        made = exports.export(store, doc_id, fmt)
    except exports.Refused as exc:
        raise HTTPException(exc.status, exc.reason) from None
    return Response(made.body, media_type=made.media_type, headers={"content-disposition": made.disposition})


@router.get("/documents/{doc_id:path}", response_model=DocumentDetail, responses={404: ERRORS[404]})
def document(doc_id: str, store: Store = Depends(open_store)) -> dict:
    """One document with its text, its near-copies and its latest saved check."""
    view = core.document_view(store, doc_id)
    if view is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    return view


@router.get("/search", response_model=list[SearchHitOut], responses={s: ERRORS[s] for s in (400, 422)})
def search(q: str = Query(..., description="Words that must all occur."),
           limit: int = Query(20, ge=1, le=200), store: Store = Depends(open_store)) -> list[dict]:
    """Full-text search over the stored documents, best match first (as `lagebild search`)."""
    return [hit.__dict__ for hit in store.search(q, limit=limit)]


@router.get("/kb/who", response_model=list[HolderOut], responses={s: ERRORS[s] for s in (400, 422)})
def kb_who(
    role: str = Query(..., description="e.g. head_of_government, secretary_general"),
    date: str = Query(..., description="YYYY-MM-DD"),
    country: Optional[str] = Query(None, description="ISO 3166-1 alpha-2, e.g. DE"),
    org: Optional[str] = Query(None, description="NATO, UN or EU"),
    store: Store = Depends(open_store),
) -> list[dict]:
    """Who held an office on a date (as `lagebild kb who --json`)."""
    return core.kb_who(store, role=role, date=date, country=country, org=org)


@router.get("/kb/person", responses={422: ERRORS[422]})
def kb_person(name: str = Query(..., min_length=1), store: Store = Depends(open_store)) -> list[dict]:
    """A person's offices (as `lagebild kb person --json`), by name, alias or kb id."""
    return core.kb_person(store, name)
