"""The web workbench: one FastAPI app over one store, pages and REST API.

    from lagebild.web import create_app
    app = create_app(Path("cases.db"), token=None)

Nothing is loaded from another host: templates, CSS and JavaScript ship in the package,
and FastAPI's Swagger pages (which load from a CDN) are switched off; the OpenAPI
schema is at /api/openapi.json.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from lagebild import __version__
from lagebild.errors import InputError, LagebildError
from lagebild.web.guards import MAX_BODY_BYTES, BodyLimit, TokenGate

STATIC = Path(__file__).parent / "static"


def create_app(db: Path, *, token: str | None = None, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """The app over the store at `db` (created and migrated here, with the knowledge base's
    starter pack loaded, so that requests only read it). With `token`, every request must
    carry it."""
    from lagebild.kb import KnowledgeBase
    from lagebild.store import Store

    with Store(db) as store:
        KnowledgeBase(store)
    app = FastAPI(
        title="lagebild",
        version=__version__,
        description="Check news reports against each other and a knowledge base of office holders.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.db = Path(db)
    app.state.token_required = token is not None
    app.state.max_body_bytes = max_body_bytes  # the Add page states it and checks files against it

    from lagebild.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    from lagebild.web import add as add_page

    app.include_router(add_page.router)
    from lagebild.web import entities as entity_pages

    app.include_router(entity_pages.router)
    from lagebild.web import events as event_pages

    app.include_router(event_pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _error_handlers(app)
    # Outermost first: the token is checked before the body is read.
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(TokenGate, token=token)
    from lagebild.share.taxii import mount as mount_taxii

    mount_taxii(app)  # TAXII 2.1 under /taxii2/ (partners' Basic auth, not the token)
    return app


def _wants_html(request: Request) -> bool:
    from lagebild.web.pages import wants_json

    path = request.url.path
    return (not path.startswith("/api/") and not wants_json(request)
            and "text/html" in request.headers.get("accept", ""))


def _error(request: Request, status: int, reason: str):
    """Errors are JSON `{"error": reason}`; a browser asking for a page gets the reason as HTML."""
    if _wants_html(request):
        from lagebild.web.pages import render

        return render(request, "error.html.j2", status=status, status_code=status, reason=reason, json_url=None)
    return JSONResponse({"error": reason}, status_code=status)


def _validation_reason(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request does not match the schema"


def _error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        reason = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return _error(request, exc.status_code, reason)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return _error(request, 422, _validation_reason(exc))

    @app.exception_handler(LagebildError)
    async def lagebild_error(request: Request, exc: LagebildError):
        return _error(request, 400 if isinstance(exc, InputError) else 500, str(exc))

