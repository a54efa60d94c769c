"""`lagebild sync pull|push`: a TAXII 2.1 client over the OASIS taxii2-client package.

pull: every page of a collection's objects, each page checked like `lagebild import
stix` (stix2-validator, STIX 2.1 only) and stored in one transaction together with the
page's X-TAXII-Date-Added-Last, the resume point kept per URL and collection in the
store: the next pull asks only for what was added after it (`added_after`), and a pull
that was interrupted resumes after the last stored page.

push: our shareable objects at --tlp (never RED), in envelopes of at most
`max_bytes` (and at most the server's max_content_length) and `max_objects` objects.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from pathlib import Path

from lagebild.errors import FetchError, InputError
from lagebild.store import Store

MAX_ENVELOPE_BYTES = 1024 * 1024
MAX_ENVELOPE_OBJECTS = 500
PAGE_SIZE = 1000


def _describe(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None:
        try:
            body = response.json()
            detail = " ".join(str(body.get(k)) for k in ("title", "description") if body.get(k))
        except ValueError:
            detail = response.text[:200]
        return f"HTTP {response.status_code} {detail}".strip()
    return f"{exc.__class__.__name__}: {exc}"


def open_collection(url: str, collection_id: str, user: str | None, password: str | None):
    """The collection `collection_id` under the API root at `url` (or, when `url` is a
    discovery URL, under its default API root). Returns (api_root, collection)."""
    import requests
    from taxii2client.exceptions import TAXIIServiceException, ValidationError
    from taxii2client.v21 import ApiRoot, Server

    url = url if url.endswith("/") else url + "/"
    try:
        root = ApiRoot(url, user=user, password=password)
        try:
            root.refresh_information()
        except ValidationError:  # not an API root: try it as a discovery URL
            server = Server(url, user=user, password=password)
            root = server.default or (server.api_roots[0] if server.api_roots else None)
            if root is None:
                raise FetchError("the server lists no API root", source=url) from None
            root.refresh_information()
        collection = next((c for c in root.collections
                           if collection_id in (c.id, c.alias)), None)
    except (requests.RequestException, TAXIIServiceException) as exc:
        raise FetchError(f"cannot open collection {collection_id}: {_describe(exc)}", source=url) from None
    if collection is None:
        known = ", ".join(f"{c.id} ({c.title})" for c in root.collections) or "none"
        raise InputError(f"no collection {collection_id!r} for this user; the API root lists: {known}", source=url)
    return root, collection


def _state_key(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def pull(db: Path, url: str, collection_id: str, *, user: str | None, password: str | None,
         level: str | None = None, page_size: int = PAGE_SIZE, restart: bool = False) -> dict:
    """Pull every page of objects added since the last pull; returns a summary."""
    import requests
    from taxii2client.exceptions import TAXIIServiceException
    from taxii2client.v21 import as_pages

    from lagebild.share.importer import check_bundle_shape, import_bundle, validate

    key = _state_key(url)
    _, collection = open_collection(url, collection_id, user, password)
    collection_id = collection.id  # an alias resolved: one resume point per collection
    with Store(db) as store:
        row = store.conn.execute("SELECT added_after FROM sync_state WHERE url = ? AND collection = ?",
                                 (key, collection_id)).fetchone()
    since = None if restart or row is None else row[0]
    if not collection.can_read:
        raise InputError(f"collection {collection_id} is not readable for {user}", source=url)
    markers: list[str] = []

    def remember(response, *args, **kwargs):
        marker = response.headers.get("X-TAXII-Date-Added-Last") or response.headers.get("X-TAXII-Date-Added-First")
        if marker:
            markers.append(marker)

    collection._conn.session.hooks["response"].append(remember)
    summary = {"url": url, "collection": collection_id, "added_after": since, "pages": 0,
               "objects": 0, "added": 0, "unchanged": 0, "resume_from": since}
    filters = {"added_after": since} if since else {}
    pages = as_pages(collection.get_objects, per_request=page_size, **filters)
    try:
        while True:
            markers.clear()
            try:
                envelope = next(pages)
            except StopIteration:
                break
            objects = envelope.get("objects", [])
            summary["pages"] += 1
            if not objects:
                continue
            source = f"{url} page {summary['pages']}"
            data = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
            check_bundle_shape(data, source=source)
            validate(data, source=source)
            with Store(db) as store, store.transaction():
                report = import_bundle(store, data, origin=f"pull:{key}collections/{collection_id}/", level=level)
                if markers:
                    store.conn.execute(
                        "INSERT OR REPLACE INTO sync_state (url, collection, added_after, updated) VALUES (?,?,?,?)",
                        (key, collection_id, markers[-1], datetime.now(timezone.utc).isoformat()))
                    summary["resume_from"] = markers[-1]
            summary["objects"] += report.objects
            summary["added"] += report.added
            summary["unchanged"] += report.unchanged
    except (requests.RequestException, TAXIIServiceException) as exc:
        raise FetchError(f"pull stopped after {summary['pages']} page(s) ({summary['added']} object(s) "
                         f"stored; the next pull resumes): {_describe(exc)}", source=url) from None
    return summary


def envelopes(objects: list[dict], *, max_bytes: int, max_objects: int) -> list[list[dict]]:
    """Split objects into envelopes of at most `max_bytes` (as sent) and `max_objects`."""
    overhead = len(b'{"objects": []}')
    batches: list[list[dict]] = [[]]
    size = overhead
    for obj in objects:
        length = len(json.dumps(obj, ensure_ascii=False).encode("utf-8")) + 2
        if length + overhead > max_bytes:
            raise InputError(f"{obj['id']} alone is larger than an envelope may be ({max_bytes} bytes)")
        if batches[-1] and (size + length > max_bytes or len(batches[-1]) >= max_objects):
            batches.append([])
            size = overhead
        batches[-1].append(obj)
        size += length
    return [b for b in batches if b]


def push(db: Path, url: str, collection_id: str, *, user: str | None, password: str | None,
         max_tlp: str = "AMBER", max_bytes: int = MAX_ENVELOPE_BYTES,
         max_objects: int = MAX_ENVELOPE_OBJECTS) -> dict:
    """Send our objects a reader at `max_tlp` may see; returns a summary."""
    import requests
    from taxii2client.exceptions import TAXIIServiceException

    from lagebild.share.export import shareable_objects

    if max_tlp == "RED":
        raise InputError("TLP:RED never leaves the store; push at most AMBER+STRICT", source="--tlp")
    if not db.exists():
        raise InputError(f"no store at {db}; create one with 'lagebild ingest FILES --db {db}'")
    with Store(db) as store:
        objects = [s.obj for s in shareable_objects(store, max_tlp)]
    root, collection = open_collection(url, collection_id, user, password)
    if not collection.can_write:
        raise InputError(f"collection {collection_id} does not take objects from {user}", source=url)
    limit = max_bytes
    if root.max_content_length:
        limit = min(limit, int(root.max_content_length))
    batches = envelopes(objects, max_bytes=limit, max_objects=max_objects)
    summary = {"url": url, "collection": collection_id, "tlp": max_tlp, "objects": len(objects),
               "envelopes": 0, "succeeded": 0, "failed": 0, "pending": 0}
    try:
        for batch in batches:
            status = collection.add_objects({"objects": batch}, wait_for_completion=True, poll_interval=1, timeout=60)
            summary["envelopes"] += 1
            summary["succeeded"] += int(status.success_count or 0)
            summary["failed"] += int(status.failure_count or 0)
            summary["pending"] += int(status.pending_count or 0)
    except (requests.RequestException, TAXIIServiceException) as exc:
        raise FetchError(f"push stopped after {summary['envelopes']} envelope(s): {_describe(exc)}",
                         source=url) from None
    return summary
