"""Articles that arrive as an uploaded file or a URL: read by the same readers as
`lagebild ingest`, stored in one transaction, then checked one by one.

Reading comes first and raises `InputError` with the reason, so bad input (a binary
file, an unknown type, a wrong encoding, an unreachable URL) stores nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, urlencode

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.store import Store
from lagebild.verify.model import CheckResult
from lagebild.web import core
from lagebild.web.guards import MAX_BODY_BYTES

# How the form names another encoding, where the CLI says --encoding.
ENCODING_HINT = "choose its encoding under 'Encoding' (e.g. Windows-1252) or save it as UTF-8"
ENCODINGS = {"": "UTF-8 (or as the HTML page declares)", "cp1252": "Windows-1252", "latin-1": "ISO-8859-1"}
ACCEPTED_SUFFIXES = ".txt,.md,.markdown,.html,.htm,.jsonl,.ndjson,.xml,.rss,.atom"
# Beyond this the inbox link to the added documents gets too long for a URL; the
# first document opens instead.
MAX_SELECTION_QUERY = 6000


@dataclass
class Submission:
    """What a form (or a multipart API request) sent: text fields and perhaps a file."""

    form: dict[str, str] = field(default_factory=dict)
    upload: tuple[str, bytes] | None = None

    @property
    def kind(self) -> str:
        if self.upload is not None:
            return "file"
        if (self.form.get("url") or "").strip() and not (self.form.get("text") or "").strip():
            return "url"
        return "text"

    def documents(self) -> list[Document]:
        if self.upload is not None:
            return documents_from_upload(self.upload[1], self.upload[0], encoding=self.form.get("encoding"))
        if self.kind == "url":
            return documents_from_url(self.form["url"])
        return [core.document_from_body({k: self.form.get(k) for k in core.BODY_FIELDS + ("text",)})]


def max_body_bytes(request: Request) -> int:
    return getattr(request.app.state, "max_body_bytes", MAX_BODY_BYTES)


async def read_submission(request: Request) -> Submission:
    """The fields of a multipart, urlencoded or JSON body (JSON for the Add page's twin)."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        return await _read_multipart(request)
    raw = await request.body()
    try:
        if content_type.startswith("application/json"):
            body = json.loads(raw or b"{}")
            if not isinstance(body, dict):
                raise InputError("expected a JSON object with a 'text' or 'url' field", source=core.SOURCE)
            return Submission({k: v for k, v in body.items() if isinstance(v, str)})
        return Submission({k: v[-1] for k, v in parse_qs(raw.decode("utf-8"), keep_blank_values=True).items()})
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"the form data cannot be read ({exc})", source=core.SOURCE) from None


async def _read_multipart(request: Request) -> Submission:
    try:
        form = await request.form(max_files=1, max_fields=20, max_part_size=max_body_bytes(request))
    except StarletteHTTPException as exc:  # python-multipart's reason for a malformed body
        raise InputError(f"the upload cannot be read ({exc.detail})", source=core.SOURCE) from None
    submission = Submission()
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            # A form sent without a chosen file carries an empty part without a name.
            if value.filename or value.size:
                submission.upload = (value.filename or "", await value.read())
        elif key == "file" and value:
            submission.upload = ("", value.encode("utf-8"))  # a file part sent without a file name
        else:
            submission.form[key] = value
    await form.close()
    return submission


def upload_name(filename: str | None) -> str:
    """The file's own name: browsers may send a folder with it (Windows paths too)."""
    name = PurePosixPath((filename or "").replace("\\", "/")).name.strip()
    if not name:
        raise InputError("the file came without a name; lagebild tells a file's type by its name "
                         "(.txt, .md, .html, .jsonl, .xml)", source=core.SOURCE)
    return name


def documents_from_upload(data: bytes, filename: str | None, *, encoding: str | None = None) -> list[Document]:
    """The documents of an uploaded file, read as `lagebild ingest` reads that file."""
    from lagebild.ingest.readers import read_bytes

    name = upload_name(filename)
    documents = read_bytes(data, name, encoding=encoding or None, hint=ENCODING_HINT)
    for document in documents:
        # An id made up from the file name would clash with the next upload of the
        # same name; name it like a pasted article instead.
        if document.id == name or document.id.startswith(name + "#"):
            document.id = core.web_id(document.text)
    _require_supported_languages(name, documents)
    return documents


def documents_from_url(url: str) -> list[Document]:
    """The article (or feed entries) at `url`, fetched as `lagebild ingest URL` does."""
    from lagebild.ingest.readers import is_url, read_input

    address = url.strip()
    if not is_url(address):
        raise InputError("the address must start with http:// or https://", source=address or core.SOURCE)
    documents = read_input(address)
    _require_supported_languages(address, documents)
    return documents


def _require_supported_languages(name: str, documents: list[Document]) -> None:
    from lagebild.ingest.store_docs import check_languages

    if not documents:
        raise InputError("no article found in it", source=name)
    check_languages([(name, documents)])


def store_documents(db: Path, documents: list[Document]) -> list[dict]:
    """Analyse and store the documents in one transaction; the `lagebild ingest --json`
    record of each, with its warnings."""
    from lagebild.ingest.store_docs import ingest_documents

    with Store(db) as store:
        report = ingest_documents(store, documents)
    return [item.__dict__ | {"warnings": list(document.warnings)}
            for item, document in zip(report.documents, documents)]


def distinct(documents: Iterable[Document]) -> list[Document]:
    """One document per id, the last one read (the one the store kept)."""
    return list({document.id: document for document in documents}.values())


def check_each(db: Path, documents: list[Document]) -> Iterator[tuple[Document, CheckResult]]:
    """Check and save each stored document in turn (the caller reports progress)."""
    for document in distinct(documents):
        yield document, core.check_document(db, document, save=True)


def next_url(ids: list[str]) -> str:
    """Where the browser goes after adding: the article, or the inbox showing just the
    added documents."""
    unique = list(dict.fromkeys(ids))
    if len(unique) == 1:
        return core.document_href(unique[0])
    query = urlencode([("id", doc_id) for doc_id in unique])
    return "/documents?" + query if len(query) <= MAX_SELECTION_QUERY else core.document_href(unique[0])


def selected_documents(store: Store, ids: list[str]) -> dict:
    """The inbox page for a list of ids (the documents of one upload), in that order."""
    stored = [s for s in (store.get(doc_id) for doc_id in dict.fromkeys(ids)) if s is not None]
    return {"total": len(stored), "limit": len(stored), "offset": 0, "ids": list(dict.fromkeys(ids)),
            "documents": core.document_records(store, stored)}
