"""The TAXII 2.1 server under /taxii2/, with TLP enforcement per partner and per object.

    discovery            GET  /taxii2/
    API root             GET  /taxii2/lagebild/
    status               GET  /taxii2/lagebild/status/{id}/
    collections          GET  /taxii2/lagebild/collections/[{id}/]
    objects              GET, POST  .../collections/{id}/objects/
    one object           GET, DELETE .../collections/{id}/objects/{object_id}/
    its versions         GET  .../collections/{id}/objects/{object_id}/versions/
    manifest             GET  .../collections/{id}/manifest/

Two collections: `lagebild` (READ_COLLECTION) serves our shareable objects
(`shareable_objects` at the partner's level, then `partners.may_read` on every object),
and `inbox` (INBOX_COLLECTION) takes partners' envelopes when they may write; a partner
reads, and may delete, only the objects it added there itself.

Partners authenticate with HTTP Basic (name, key). Every request of a partner, answered
or refused, goes to the audit log. Each partner has a token bucket (429 with
Retry-After when it is empty) and request bodies are capped (413). Errors use the TAXII
error format and media type.

The app is separate from the workbench's (its own auth, errors and body cap): `mount`
puts a dispatcher in front of the workbench that sends /taxii2/ requests to it.
"""

from __future__ import annotations

import base64
import json
import math
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from lagebild.errors import InputError
from lagebild.share import partners as partner_db
from lagebild.share.export import shareable_objects
from lagebild.share.partners import Partner, may_read
from lagebild.store import Store

MEDIA_TAXII = "application/taxii+json;version=2.1"
MEDIA_STIX = "application/stix+json;version=2.1"
API_ROOT = "lagebild"
READ_COLLECTION = "5c3d1a6e-2f0b-4b7e-9a51-0c6f8d2e4a10"
INBOX_COLLECTION = "9e8f7a6b-1c2d-4e3f-8a4b-5c6d7e8f9a0b"
MAX_CONTENT_LENGTH = 10 * 1024 * 1024
MAX_PAGE = 1000
RATE_PER_SECOND = 20.0
RATE_BURST = 200
CACHE_SECONDS = 60.0
IDLE_CONNECTIONS = 8  # store connections kept open between requests
REALM = 'Basic realm="lagebild TAXII", charset="UTF-8"'


class TaxiiError(Exception):
    def __init__(self, status: int, title: str, description: str = "", headers: dict | None = None) -> None:
        super().__init__(title)
        self.status, self.title, self.description, self.headers = status, title, description, headers or {}


def error_response(status: int, title: str, description: str = "", headers: dict | None = None) -> Response:
    body = {"title": title, "http_status": str(status)}
    if description:
        body["description"] = description
    return Response(json.dumps(body), status_code=status, media_type=MEDIA_TAXII, headers=headers)


def taxii_response(body: dict | None, status: int = 200, headers: dict | None = None) -> Response:
    content = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    return Response(content, status_code=status, media_type=MEDIA_TAXII, headers=headers)


def fmt_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(value: str, *, source: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise TaxiiError(400, "Bad timestamp", f"{source}: {value!r} is not an RFC 3339 timestamp") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


class TokenBucket:
    """`rate` requests a second per key, bursts of up to `burst`."""

    def __init__(self, rate: float = RATE_PER_SECOND, burst: int = RATE_BURST) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def peek(self, key: str) -> float:
        """Like `take`, without taking a token."""
        with self._lock:
            if key not in self._buckets:
                return 0.0
            tokens, last = self._buckets[key]
            tokens = min(float(self.burst), tokens + (time.monotonic() - last) * self.rate)
            return 0.0 if tokens >= 1 else (1 - tokens) / self.rate

    def take(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate


@dataclass
class Item:
    """One version of one object in a collection."""

    obj: dict
    level: str
    added: datetime
    version: datetime

    @property
    def id(self) -> str:
        return self.obj["id"]

    @property
    def key(self) -> tuple:
        return (self.added, self.obj["id"], self.version)

    def manifest(self) -> dict:
        return {"id": self.id, "date_added": fmt_time(self.added), "version": fmt_time(self.version),
                "media_type": f"application/stix+json;version={self.obj.get('spec_version', '2.1')}"}


class TaxiiServer:
    """The state of one TAXII app: the store, keys, rate limits, the published-objects cache."""

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self.keys = partner_db.KeyChecker()
        self.limiter = TokenBucket()
        self.failed_auth = TokenBucket(rate=1.0, burst=20)  # per client address
        self.max_content_length = MAX_CONTENT_LENGTH
        self.max_page = MAX_PAGE
        self._cache: dict[str, tuple[str, float, list[Item]]] = {}
        self._cache_lock = threading.Lock()
        self._idle: list[Store] = []
        self._idle_lock = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A connection to the store, kept open for later requests: opening one checks the
        migrations, and closing the last one makes SQLite checkpoint and remove the WAL,
        a few fsyncs on every request."""
        with self._idle_lock:
            store = self._idle.pop() if self._idle else None
        if store is None:
            store = Store(self.db)
        try:
            yield store
        finally:
            with self._idle_lock:
                keep = not store.conn.in_transaction and len(self._idle) < IDLE_CONNECTIONS
                if keep:
                    self._idle.append(store)
            if not keep:
                store.close()

    # -- our objects, as a partner at `level` may see them ---------------------------------
    def published(self, store: Store, level: str) -> list[Item]:
        fingerprint = _fingerprint(store)
        with self._cache_lock:
            cached = self._cache.get(level)
            if cached and cached[0] == fingerprint and time.monotonic() - cached[1] < CACHE_SECONDS:
                return cached[2]
            items = self._publish(store, level)
            self._cache[level] = (fingerprint, time.monotonic(), items)
            return items

    def _publish(self, store: Store, level: str) -> list[Item]:
        shared = shareable_objects(store, level)
        versions = [(s, s.obj.get("modified") or s.obj["created"]) for s in shared]
        now = fmt_time(datetime.now(timezone.utc))
        with store.transaction():
            # The first time a version is served is its date_added: what `added_after` asks for.
            store.conn.executemany("INSERT OR IGNORE INTO taxii_published (id, version, added) VALUES (?,?,?)",
                                   [(s.id, v, now) for s, v in versions])
        added = {}
        for chunk in range(0, len(versions), 500):
            part = versions[chunk:chunk + 500]
            rows = store.conn.execute(
                "SELECT id, version, added FROM taxii_published WHERE " +
                " OR ".join(["(id = ? AND version = ?)"] * len(part)),
                [x for s, v in part for x in (s.id, v)]).fetchall()
            added.update({(r[0], r[1]): r[2] for r in rows})
        items = [Item(s.obj, s.level, parse_time(added[(s.id, v)], source="added"), parse_time(v, source="version"))
                 for s, v in versions]
        items.sort(key=lambda i: i.key)
        return items


def _fingerprint(store: Store) -> str:
    row = store.conn.execute(
        "SELECT (SELECT count(*) || '/' || coalesce(max(id), 0) || '/' || coalesce(max(tlp_at), '') FROM checks),"
        " (SELECT count(*) || '/' || coalesce(max(ingested_at), '') || '/' || coalesce(max(tlp_at), '') FROM documents),"
        " (SELECT group_concat(key || '=' || value) FROM settings),"
        " (SELECT count(*) FROM kb_persons)").fetchone()
    return "|".join(str(v) for v in row)


def _inbox_items(store: Store, partner: Partner) -> list[Item]:
    rows = store.conn.execute("SELECT json, tlp, added, modified FROM stix_objects WHERE origin = ?",
                              (f"taxii:{partner.name}",)).fetchall()
    items = [Item(json.loads(r["json"]), r["tlp"], parse_time(r["added"], source="added"),
                  parse_time(r["modified"], source="version")) for r in rows]
    items.sort(key=lambda i: i.key)
    return items


# -- collections -------------------------------------------------------------------------
def _collections(partner: Partner) -> list[dict]:
    return [
        {"id": READ_COLLECTION, "title": "lagebild", "alias": "lagebild",
         "description": "What lagebild verified: reports, notes, identities and locations, "
                        "as far as your TLP clearance allows.",
         "can_read": True, "can_write": False, "media_types": [MEDIA_STIX]},
        {"id": INBOX_COLLECTION, "title": "inbox", "alias": "inbox",
         "description": "Send us STIX 2.1 objects (partners with write access); you read back "
                        "and may delete only what you sent.",
         "can_read": partner.can_write, "can_write": partner.can_write, "media_types": [MEDIA_STIX]},
    ]


def _collection(partner: Partner, collection_id: str) -> dict:
    for collection in _collections(partner):
        if collection_id in (collection["id"], collection["alias"]):
            return collection
    raise TaxiiError(404, "Unknown collection", f"no collection {collection_id!r} in this API root")


def _readable_items(server: TaxiiServer, store: Store, partner: Partner, collection: dict) -> list[Item]:
    if not collection["can_read"]:
        raise TaxiiError(403, "Not allowed", "you may not read this collection")
    if collection["id"] == READ_COLLECTION:
        items = server.published(store, partner.max_tlp)
    else:
        items = _inbox_items(store, partner)
    # Enforcement per object, whatever the collection: RED never, AMBER+STRICT own
    # organisation only, the rest up to the partner's level.
    return [i for i in items if may_read(partner, i.level)]


# -- filters and pages ---------------------------------------------------------------------
def _values(params, name: str) -> list[str] | None:
    raw = params.getlist(name)
    if not raw:
        return None
    return [v.strip() for value in raw for v in value.split(",") if v.strip()]


def select(items: list[Item], params, *, default_version: str = "last", object_id: str | None = None) -> list[Item]:
    """Apply added_after and the match[...] filters (items are in date_added order)."""
    known = {"added_after", "limit", "next", "match[id]", "match[type]", "match[version]", "match[spec_version]"}
    for name in params.keys():
        if name not in known:
            raise TaxiiError(400, "Unknown parameter", f"{name!r} is not a filter this server supports")
    if object_id is not None:
        items = [i for i in items if i.id == object_id]
    if params.get("added_after"):
        after = parse_time(params["added_after"], source="added_after")
        items = [i for i in items if i.added > after]
    ids = _values(params, "match[id]")
    if ids is not None:
        wanted = set(ids)
        items = [i for i in items if i.id in wanted]
    types = _values(params, "match[type]")
    if types is not None:
        wanted = set(types)
        items = [i for i in items if i.obj.get("type") in wanted]
    specs = _values(params, "match[spec_version]")
    if specs is not None:
        wanted = set(specs)
        items = [i for i in items if i.obj.get("spec_version", "2.0") in wanted]
    versions = _values(params, "match[version]") or [default_version]
    if "all" in versions:
        return items
    by_id: dict[str, list[Item]] = {}
    for item in items:
        by_id.setdefault(item.id, []).append(item)
    keep: set[int] = set()
    for value in versions:
        for group in by_id.values():
            if value == "last":
                keep.add(id(max(group, key=lambda i: i.version)))
            elif value == "first":
                keep.add(id(min(group, key=lambda i: i.version)))
            else:
                moment = parse_time(value, source="match[version]")
                keep.update(id(i) for i in group if i.version == moment)
    return [i for i in items if id(i) in keep]


def _encode_next(item: Item) -> str:
    raw = json.dumps([fmt_time(item.added), item.id, fmt_time(item.version)])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_next(token: str) -> tuple:
    try:
        added, object_id, version = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        return (parse_time(added, source="next"), object_id, parse_time(version, source="next"))
    except (ValueError, TypeError, TaxiiError):
        raise TaxiiError(400, "Bad next", "the next parameter is not one this server gave out") from None


def page(server: TaxiiServer, items: list[Item], params) -> tuple[list[Item], bool, str | None, dict]:
    limit = server.max_page
    if params.get("limit"):
        try:
            limit = int(params["limit"])
        except ValueError:
            raise TaxiiError(400, "Bad limit", "limit must be a positive integer") from None
        if limit < 1:
            raise TaxiiError(400, "Bad limit", "limit must be a positive integer")
        limit = min(limit, server.max_page)
    if params.get("next"):
        after = _decode_next(params["next"])
        items = [i for i in items if i.key > after]
    chosen, more = items[:limit], len(items) > limit
    headers = {}
    if chosen:
        headers = {"X-TAXII-Date-Added-First": fmt_time(chosen[0].added),
                   "X-TAXII-Date-Added-Last": fmt_time(chosen[-1].added)}
    return chosen, more, (_encode_next(chosen[-1]) if more else None), headers


def _envelope(key: str, values: list, more: bool, token: str | None) -> dict:
    if not values:
        return {"more": False}
    body: dict = {"more": more}
    if token:
        body["next"] = token
    body[key] = values
    return body


# -- the app -------------------------------------------------------------------------------
router = APIRouter(prefix="/taxii2")


@dataclass
class Outcome:
    body: dict | None
    status: int = 200
    headers: dict | None = None
    ids: list[str] | None = None
    collection: str | None = None


def _acceptable(accept: str | None) -> bool:
    if not accept:
        return True
    for part in accept.split(","):
        tokens = [t.strip().lower() for t in part.split(";")]
        media, params = tokens[0], [t.replace(" ", "") for t in tokens[1:] if not t.startswith("q=")]
        if media in ("*/*", "application/*"):
            return True
        if media == "application/taxii+json" and all(p == "version=2.1" for p in params):
            return True
    return False


def _credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        name, _, key = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (name, key) if name and key else None


async def _handle(request: Request, action: str, work, *, collection: str | None = None) -> Response:
    """Authenticate, rate-limit, check the media type, run `work(store, partner)` in a
    thread, and audit the outcome."""
    server: TaxiiServer = request.app.state.taxii
    method, path = request.method, request.url.path
    client = request.client.host if request.client else "?"
    credentials = _credentials(request)
    if credentials is None:
        return error_response(401, "Authentication required",
                              "use HTTP Basic with your partner name and key", {"WWW-Authenticate": REALM})
    name, key = credentials
    blocked = server.failed_auth.peek(f"ip:{client}")
    if blocked:  # too many wrong keys from this address: no more key checks for now
        return error_response(429, "Too many failed logins", "wait before trying again",
                              {"Retry-After": str(max(1, math.ceil(blocked)))})

    def authenticate() -> Partner | None:
        with server.store() as store:
            partner = server.keys.check(store, name, key)
            if partner is None:
                partner_db.audit(store, partner=name, method=method, path=path, action=action, status=401,
                                 collection=collection, note="wrong, revoked or unknown key")
            return partner

    partner = await run_in_threadpool(authenticate)
    if partner is None:
        wait = server.failed_auth.take(f"ip:{client}")
        if wait:
            return error_response(429, "Too many failed logins", "wait before trying again",
                                  {"Retry-After": str(max(1, math.ceil(wait)))})
        return error_response(401, "Authentication failed", "wrong, revoked or unknown partner key",
                              {"WWW-Authenticate": REALM})

    def finish(status: int, ids: list[str] | None = None, note: str | None = None, where: str | None = None):
        with server.store() as store:
            partner_db.audit(store, partner=partner.name, method=method, path=path, action=action,
                             status=status, collection=where or collection, ids=ids, note=note)

    wait = server.limiter.take(partner.name)
    if wait:
        await run_in_threadpool(finish, 429, None, "rate limit")
        return error_response(429, "Too many requests", f"the rate limit is {server.limiter.rate:g} requests "
                              "a second; retry later", {"Retry-After": str(max(1, math.ceil(wait)))})
    if not _acceptable(request.headers.get("accept")):
        await run_in_threadpool(finish, 406, None, "not acceptable")
        return error_response(406, "Not acceptable", f"this server answers with {MEDIA_TAXII}")
    try:
        body = None
        if method == "POST":
            body = await _read_body(request, server.max_content_length)

        def run() -> Outcome:
            with server.store() as store:
                return work(store, partner, body) if method == "POST" else work(store, partner)

        outcome = await run_in_threadpool(run)
    except TaxiiError as exc:
        await run_in_threadpool(finish, exc.status, None, f"{exc.title}: {exc.description}"[:500])
        return error_response(exc.status, exc.title, exc.description, exc.headers)
    await run_in_threadpool(finish, outcome.status, outcome.ids, None, outcome.collection)
    return taxii_response(outcome.body, outcome.status, outcome.headers)


async def _read_body(request: Request, cap: int) -> bytes:
    media = request.headers.get("content-type", "")
    tokens = [t.strip().lower().replace(" ", "") for t in media.split(";")]
    if tokens[0] != "application/taxii+json" or any(t.startswith("version=") and t != "version=2.1" for t in tokens[1:]):
        raise TaxiiError(415, "Unsupported media type", f"send envelopes as {MEDIA_TAXII}")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > cap:
        raise TaxiiError(413, "Request too large", f"the API root takes at most {cap} bytes per request")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise TaxiiError(413, "Request too large", f"the API root takes at most {cap} bytes per request")
        chunks.append(chunk)
    return b"".join(chunks)


def _root_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + f"/taxii2/{API_ROOT}/"


def _check_root(api_root: str) -> None:
    if api_root != API_ROOT:
        raise TaxiiError(404, "Unknown API root", f"this server has one API root, /taxii2/{API_ROOT}/")


@router.get("/")
async def discovery(request: Request) -> Response:
    root = _root_url(request)

    def work(store, partner):
        return Outcome({"title": "lagebild TAXII 2.1", "description": "Verified news reports as STIX 2.1, "
                        "TLP 2.0 enforced per partner and object.", "default": root, "api_roots": [root]})

    return await _handle(request, "discovery", work)


@router.get("/{api_root}/")
async def api_root_information(request: Request, api_root: str) -> Response:
    server: TaxiiServer = request.app.state.taxii

    def work(store, partner):
        _check_root(api_root)
        return Outcome({"title": "lagebild", "description": "lagebild's STIX 2.1 collections",
                        "versions": [MEDIA_TAXII], "max_content_length": server.max_content_length})

    return await _handle(request, "api root", work)


@router.get("/{api_root}/status/{status_id}/")
async def get_status(request: Request, api_root: str, status_id: str) -> Response:
    def work(store, partner):
        _check_root(api_root)
        row = store.conn.execute("SELECT json FROM taxii_status WHERE id = ? AND partner = ?",
                                 (status_id, partner.name)).fetchone()
        if row is None:
            raise TaxiiError(404, "Unknown status", f"no status {status_id!r} of yours")
        return Outcome(json.loads(row[0]))

    return await _handle(request, "status", work)


@router.get("/{api_root}/collections/")
async def get_collections(request: Request, api_root: str) -> Response:
    def work(store, partner):
        _check_root(api_root)
        return Outcome({"collections": _collections(partner)})

    return await _handle(request, "collections", work)


@router.get("/{api_root}/collections/{collection_id}/")
async def get_collection(request: Request, api_root: str, collection_id: str) -> Response:
    def work(store, partner):
        _check_root(api_root)
        return Outcome(_collection(partner, collection_id))

    return await _handle(request, "collection", work, collection=collection_id)


def _paged_read(server, store, partner, request: Request, api_root: str, collection_id: str, key: str,
                view, *, object_id: str | None = None) -> Outcome:
    """One page of what the partner may read in a collection (objects, manifest records
    or one object's versions), filtered by the request's match[] and added_after."""
    _check_root(api_root)
    collection = _collection(partner, collection_id)
    items = select(_readable_items(server, store, partner, collection), request.query_params, object_id=object_id)
    if object_id is not None and not items:
        raise TaxiiError(404, "Unknown object", f"no object {object_id!r} you may read matches")
    chosen, more, token, headers = page(server, items, request.query_params)
    return Outcome(_envelope(key, [view(i) for i in chosen], more, token), headers=headers,
                   ids=[i.id for i in chosen], collection=collection["id"])


@router.get("/{api_root}/collections/{collection_id}/objects/")
async def get_objects(request: Request, api_root: str, collection_id: str) -> Response:
    server: TaxiiServer = request.app.state.taxii

    def work(store, partner):
        return _paged_read(server, store, partner, request, api_root, collection_id, "objects", lambda i: i.obj)

    return await _handle(request, "get objects", work, collection=collection_id)


@router.post("/{api_root}/collections/{collection_id}/objects/")
async def add_objects(request: Request, api_root: str, collection_id: str) -> Response:
    def work(store, partner, body: bytes):
        _check_root(api_root)
        collection = _collection(partner, collection_id)
        if not collection["can_write"]:
            raise TaxiiError(403, "Not allowed", "you may not write to this collection")
        data = _envelope_objects(body)
        from lagebild.share.importer import import_bundle

        requested = datetime.now(timezone.utc)
        successes = [{"id": o["id"], "version": o.get("modified") or o.get("created")} for o in data["objects"]]
        status = {"id": str(uuid.uuid4()), "status": "complete", "request_timestamp": fmt_time(requested),
                  "total_count": len(successes), "success_count": len(successes), "successes": successes,
                  "failure_count": 0, "failures": [], "pending_count": 0, "pendings": []}
        with store.transaction():  # the objects and their status resource: one commit
            report = import_bundle(store, data, origin=f"taxii:{partner.name}")
            store.conn.execute("INSERT INTO taxii_status (id, partner, json, created) VALUES (?,?,?,?)",
                               (status["id"], partner.name, json.dumps(status), fmt_time(requested)))
        return Outcome(status, 202, ids=[o["id"] for o in data["objects"]], collection=collection["id"],
                       headers={"X-Lagebild-Added": str(report.added)})

    return await _handle(request, "add objects", work, collection=collection_id)


def _envelope_objects(body: bytes) -> dict:
    """The envelope as a bundle, checked like `lagebild import stix` (nothing is stored
    when anything in it is wrong)."""
    from lagebild.share.importer import check_bundle_shape, validate

    try:
        envelope = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TaxiiError(400, "Malformed envelope", f"the body is not UTF-8 JSON: {exc}") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("objects"), list):
        raise TaxiiError(400, "Malformed envelope", "an envelope is a JSON object with a list 'objects'")
    if not envelope["objects"]:
        raise TaxiiError(400, "Malformed envelope", "the envelope holds no objects")
    bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": envelope["objects"]}
    try:
        check_bundle_shape(bundle, source="envelope")
        validate(bundle, source="envelope")
    except InputError as exc:
        raise TaxiiError(422, "Invalid STIX", exc.reason) from None
    return bundle


@router.get("/{api_root}/collections/{collection_id}/manifest/")
async def get_manifest(request: Request, api_root: str, collection_id: str) -> Response:
    server: TaxiiServer = request.app.state.taxii

    def work(store, partner):
        return _paged_read(server, store, partner, request, api_root, collection_id, "objects",
                           lambda i: i.manifest())

    return await _handle(request, "get manifest", work, collection=collection_id)


@router.get("/{api_root}/collections/{collection_id}/objects/{object_id}/")
async def get_object(request: Request, api_root: str, collection_id: str, object_id: str) -> Response:
    server: TaxiiServer = request.app.state.taxii

    def work(store, partner):
        return _paged_read(server, store, partner, request, api_root, collection_id, "objects", lambda i: i.obj,
                           object_id=object_id)

    return await _handle(request, "get object", work, collection=collection_id)


@router.get("/{api_root}/collections/{collection_id}/objects/{object_id}/versions/")
async def get_versions(request: Request, api_root: str, collection_id: str, object_id: str) -> Response:
    server: TaxiiServer = request.app.state.taxii

    def work(store, partner):
        _check_root(api_root)
        collection = _collection(partner, collection_id)
        if request.query_params.get("match[version]") is not None or request.query_params.get("match[id]"):
            raise TaxiiError(400, "Unknown parameter", "versions take added_after, limit, next and "
                                                       "match[spec_version] only")
        items = select(_readable_items(server, store, partner, collection), request.query_params,
                       default_version="all", object_id=object_id)
        if not items:
            raise TaxiiError(404, "Unknown object", f"no object {object_id!r} you may read matches")
        chosen, more, token, headers = page(server, items, request.query_params)
        return Outcome(_envelope("versions", [fmt_time(i.version) for i in chosen], more, token),
                       headers=headers, ids=[i.id for i in chosen], collection=collection["id"])

    return await _handle(request, "get versions", work, collection=collection_id)


@router.delete("/{api_root}/collections/{collection_id}/objects/{object_id}/")
async def delete_object(request: Request, api_root: str, collection_id: str, object_id: str) -> Response:
    def work(store, partner):
        _check_root(api_root)
        collection = _collection(partner, collection_id)
        if collection["id"] != INBOX_COLLECTION or not collection["can_write"]:
            raise TaxiiError(403, "Not allowed", "you may delete only objects you sent to the inbox")
        # The owner's versions, whatever their level: deleting discloses nothing.
        rows = store.conn.execute("SELECT json, tlp, added, modified FROM stix_objects WHERE id = ? AND origin = ?",
                                  (object_id, f"taxii:{partner.name}")).fetchall()
        items = [Item(json.loads(r["json"]), r["tlp"], parse_time(r["added"], source="added"),
                      parse_time(r["modified"], source="version")) for r in rows]
        items = select(items, request.query_params, default_version="all")
        if not items:
            raise TaxiiError(404, "Unknown object", f"no object {object_id!r} of yours matches")
        with store.transaction():
            for item in items:
                store.conn.execute("DELETE FROM stix_objects WHERE id = ? AND origin = ? AND modified = ?",
                                   (object_id, f"taxii:{partner.name}", item.obj.get("modified") or
                                    item.obj.get("created") or fmt_time(item.version)))
        return Outcome(None, ids=[i.id for i in items], collection=collection["id"])

    return await _handle(request, "delete object", work, collection=collection_id)


def taxii_app(db: Path) -> FastAPI:
    app = FastAPI(title="lagebild TAXII 2.1", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.taxii = TaxiiServer(db)
    app.include_router(router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return error_response(exc.status_code, "Not found" if exc.status_code == 404 else str(exc.detail),
                              str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_response(400, "Bad request", "; ".join(str(e.get("msg")) for e in exc.errors()))

    return app


class TaxiiDispatch:
    """ASGI middleware: /taxii2 and below go to the TAXII app, the rest to the workbench
    (whose token gate and body cap do not apply to partners, who use Basic auth)."""

    def __init__(self, app, taxii) -> None:
        self.app = app
        self.taxii = taxii

    async def __call__(self, scope, receive, send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if path == "/taxii2" or path.startswith("/taxii2/"):
            await self.taxii(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def mount(app: FastAPI) -> TaxiiServer:
    """Serve TAXII 2.1 under /taxii2/ in the workbench app; call after its other middleware."""
    taxii = taxii_app(app.state.db)
    app.add_middleware(TaxiiDispatch, taxii=taxii)
    app.state.taxii = taxii.state.taxii
    return taxii.state.taxii
