"""Server-rendered pages. Each page has a JSON twin: the same path with `.json`, or
`?format=json` (as in datasette); the twin carries the data the page shows."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

from lagebild.errors import InputError
from lagebild.store import Store
from lagebild.web import core
from lagebild.web.api import open_store

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@lru_cache(maxsize=1)
def environment():
    from jinja2 import Environment, PackageLoader, select_autoescape

    from lagebild.kb import ORGANISATIONS, ROLES
    from lagebild.verify.report import CREDIBILITY, KIND_LABELS, RELIABILITY

    env = Environment(loader=PackageLoader("lagebild", "templates/web"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        document_href=core.document_href, evidence_href=core.evidence_href, labels=KIND_LABELS,
        credibility=CREDIBILITY, reliability=RELIABILITY, roles=ROLES, organisations=ORGANISATIONS,
    )
    return env


def render(request: Request, template: str, *, status: int = 200, **context) -> HTMLResponse:
    context.setdefault("json_url", twin_url(request))
    html = environment().get_template(template).render(request=request, **context)
    return HTMLResponse(html, status_code=status)


def twin_url(request: Request) -> str:
    params = dict(request.query_params) | {"format": "json"}
    return request.url.path + "?" + urlencode(params)


def wants_json(request: Request) -> bool:
    return request.query_params.get("format") == "json" or request.url.path.endswith(".json")


def page(request: Request, template: str, data: dict | list, *, status: int = 200, **context):
    """The page, or its JSON twin."""
    if wants_json(request):
        return JSONResponse(data, status_code=status)
    return render(request, template, status=status, data=data, **context)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/documents", status_code=307)


@router.get("/documents")
@router.get("/documents.json")
def inbox(
    request: Request,
    q: str | None = None,
    limit: int = Query(PAGE_SIZE, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=core.MAX_OFFSET),
    ids: list[str] | None = Query(None, alias="id"),
    store: Store = Depends(open_store),
):
    """Inbox: the stored documents, copies under their originals; or search hits for `q`;
    or just the documents named by `id` (those of one upload)."""
    if ids:
        from lagebild.web.intake import selected_documents

        data = selected_documents(store, ids)
        return page(request, "inbox.html.j2", data, q="", rows=core.group_copies(data["documents"]), selected=True,
                    counts=store.counts(), limit=data["limit"], offset=0)
    if q is not None and q.strip():
        try:
            hits = [hit.__dict__ for hit in store.search(q, limit=limit)]
        except InputError as exc:
            return page(request, "inbox.html.j2", {"error": str(exc)}, status=400, q=q, error=str(exc))
        return page(request, "inbox.html.j2", {"q": q, "hits": hits}, q=q, hits=hits)
    data = core.list_documents(store, limit=limit, offset=offset)
    return page(request, "inbox.html.j2", data, q="", rows=core.group_copies(data["documents"]),
                counts=store.counts(), limit=limit, offset=offset)


@router.get("/documents/{doc_id:path}")
def article(request: Request, doc_id: str, store: Store = Depends(open_store)):
    """Article view: the text with each finding highlighted, its claims and the source."""
    view = core.document_view(store, doc_id)
    if view is None and doc_id.endswith(".json"):
        view = core.document_view(store, doc_id[: -len(".json")])
        if view is not None:
            return JSONResponse(_with_entities(store, view))
    if view is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    view = _with_entities(store, view)
    if wants_json(request):
        return JSONResponse(view)
    result = core.result_from_json(view["check"]) if view["check"] else None
    if result is not None:
        pieces, findings = core.highlighted(result)
    else:
        pieces, findings = [core.Piece(view["document"]["text"])], []
    from lagebild.web.exports import downloads

    marked = store.document_tlp(doc_id)
    return render(request, "article.html.j2", view=view, doc=view["document"], result=result, pieces=pieces,
                  findings=findings, json_url=core.document_href(doc_id, ".json"),
                  downloads=downloads(store, doc_id), tlp=marked[0] if marked else None)


def _with_entities(store: Store, view: dict) -> dict:
    """The article's linked persons, organisations and places, each with its entity page."""
    from lagebild.entities import document_entities

    named = document_entities(store, view["document"]["id"])
    return view | {"entities": [e | {"href": core.entity_href(e["kb_id"])} for e in named]}


@router.post("/documents/{doc_id:path}/check")
def check_stored(doc_id: str, request: Request, store: Store = Depends(open_store)):
    """Run and save the check of a stored document, then show it."""
    stored = store.get(doc_id)
    if stored is None:
        raise HTTPException(404, f"no document with id {doc_id!r}")
    result = core.check_document(request.app.state.db, stored.document, save=True)
    if wants_json(request):
        return JSONResponse(result.to_json())
    return RedirectResponse(core.document_href(doc_id), status_code=303)


@router.get("/kb")
@router.get("/kb.json")
def knowledge_base(
    request: Request,
    role: str | None = None,
    date: str | None = None,
    country: str | None = None,
    org: str | None = None,
    person: str | None = None,
    store: Store = Depends(open_store),
):
    """Knowledge base: who held office X on date D; a person's terms."""
    query = {"role": role, "date": date, "country": country or None, "org": org or None, "person": person}
    data: dict = {"query": query, "holders": None, "persons": None}
    status, error = 200, None
    try:
        if role and date:
            data["holders"] = core.kb_who(store, role=role, date=date, country=query["country"], org=query["org"])
        elif role or date:
            raise InputError("give both the office (role and country or organisation) and the date")
        if person and person.strip():
            data["persons"] = core.kb_person(store, person)
    except InputError as exc:
        status, error = 400, str(exc)
        data["error"] = error
    return page(request, "kb.html.j2", data, status=status, query=query, error=error)
