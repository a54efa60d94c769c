"""The Add page: paste an article, upload a file or give a URL; it is stored, analysed
and checked, then its article view opens (the inbox with just them, for several).

Without JavaScript the form posts and the answer is a redirect once every check is
done. lagebild.js posts the same form asking for `application/x-ndjson` and gets one
line per step, to show the progress; bad input is refused (4xx) before any line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from lagebild.document import Document
from lagebild.errors import InputError, LagebildError
from lagebild.web import core, intake
from lagebild.web.pages import page, render, wants_json

router = APIRouter(include_in_schema=False)
ADD_FIELDS = ("text", "title", "publisher", "published", "language")
PROGRESS_TYPE = "application/x-ndjson"


def form_context(request: Request, **context) -> dict:
    """What the Add page's template needs besides its data: the choices and the size cap."""
    limit = intake.max_body_bytes(request)
    return {"form": {}, "encodings": intake.ENCODINGS, "accept": intake.ACCEPTED_SUFFIXES, "max_bytes": limit,
            "max_size": f"{limit / 2**20:g} MiB"} | context


@router.get("/add")
@router.get("/add.json")
def add_form(request: Request):
    """Add: paste, upload or fetch articles; they are stored and checked."""
    data = {"post_to": "/add", "fields": list(ADD_FIELDS) + ["file", "encoding", "url"], "required": ["text"],
            "one_of": [["text"], ["file"], ["url"]], "encodings": list(intake.ENCODINGS),
            "accepted_suffixes": intake.ACCEPTED_SUFFIXES.split(","), "max_bytes": intake.max_body_bytes(request),
            "api": {"check": "/api/check", "add": "/api/documents", "ingest": "/api/ingest"}}
    return page(request, "add.html.j2", data, **form_context(request))


@router.post("/add")
async def add(request: Request):
    db = Path(request.app.state.db)
    submission = intake.Submission()
    try:
        submission = await intake.read_submission(request)
        documents = await run_in_threadpool(submission.documents)
        added = await run_in_threadpool(intake.store_documents, db, documents)
    except InputError as exc:
        return refuse(request, submission, str(exc))
    if PROGRESS_TYPE in request.headers.get("accept", ""):
        return StreamingResponse(progress_lines(db, documents), media_type=PROGRESS_TYPE)
    checked = await run_in_threadpool(lambda: list(intake.check_each(db, documents)))
    url = intake.next_url([d.id for d in documents])
    if not wants_json(request):
        return RedirectResponse(url, status_code=303)
    if submission.kind == "text":
        return JSONResponse({"document": added[0], "check": checked[0][1].to_json(), "url": url})
    findings = {document.id: len(result.findings) for document, result in checked}
    return JSONResponse({"documents": [a | {"findings": findings.get(a["id"])} for a in added], "url": url})


def refuse(request: Request, submission: intake.Submission, reason: str) -> Response:
    """400 with the reason, on the form that was sent (its fields filled in again)."""
    if wants_json(request) or PROGRESS_TYPE in request.headers.get("accept", ""):
        return JSONResponse({"error": reason}, status_code=400)
    return render(request, "add.html.j2", status=400, data={},
                  **form_context(request, error=reason, error_for=submission.kind, form=submission.form))


def progress_lines(db: Path, documents: list[Document]) -> Iterator[bytes]:
    """One JSON line per step: stored, then checking/checked per document, then done."""
    todo = intake.distinct(documents)
    yield _line({"event": "stored", "total": len(todo), "ids": [d.id for d in todo]})
    try:
        for number, document in enumerate(todo, start=1):
            yield _line({"event": "checking", "done": number - 1, "total": len(todo), "id": document.id,
                         "title": document.title})
            result = core.check_document(db, document, save=True)
            yield _line({"event": "checked", "done": number, "total": len(todo), "id": document.id,
                         "findings": len(result.findings)})
    except LagebildError as exc:
        yield _line({"event": "error", "error": str(exc)})
        return
    yield _line({"event": "done", "url": intake.next_url([d.id for d in todo])})


def _line(event: dict) -> bytes:
    return json.dumps(event, ensure_ascii=False).encode("utf-8") + b"\n"

