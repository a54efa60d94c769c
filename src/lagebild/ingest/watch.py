"""Watching feeds and pages: poll, ingest what is new, optionally check it.

The feed list and each feed's state live in the store (tables `feeds` and
`feed_items`): the conditional-request validators (ETag, Last-Modified), the error
count that drives the exponential backoff, when the feed is due next, and the items
already seen. So a restarted watcher asks the servers "anything new since?" and
ingests only what it has not stored yet.

One polling cycle fetches every due feed concurrently (an `httpx.AsyncClient`, a
semaphore bounding the requests in flight, a minimum spacing between two requests to
the same host) and stores the results one feed at a time, each batch of new items in
one transaction (`ingest_documents`: analysed, near-duplicates linked). The item
records are written in that same transaction; the feed's validators only after it,
so a stop between the two re-reads the feed instead of missing items.

A failing feed (unreachable, HTTP error, timeout, malformed XML, wrong content type,
too large) is reported, backed off and never stops the others. `request_stop()`
(the CLI wires SIGINT and SIGTERM to it) lets the current transaction finish and
ends the run.
"""

from __future__ import annotations

import asyncio
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from lagebild.document import SUPPORTED_LANGUAGES, Document
from lagebild.errors import InputError
from lagebild.ingest.limits import DEFAULT_MAX_BYTES, MAX_DOCUMENT_CHARS
from lagebild.store import Store

DEFAULT_EVERY = 15 * 60.0  # seconds between two polls of one feed
MAX_BACKOFF = 6 * 3600.0  # the longest wait after repeated errors (unless the interval is longer)
MAX_RETRY_AFTER = 24 * 3600.0
DEFAULT_TIMEOUT = 15.0  # seconds for one whole request
DEFAULT_CONCURRENCY = 4  # requests in flight at once
DEFAULT_HOST_DELAY = 1.0  # seconds between two requests to the same host
BATCH = 50  # new items stored per transaction

_UNITS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


# -- intervals --------------------------------------------------------------------
def parse_interval(text: str, *, source: str = "--every") -> float:
    """'15m', '30s', '1h30m', '1.5h' or plain seconds ('90') → seconds."""
    value = text.strip().lower().replace(" ", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        seconds = float(value)
    elif value and _INTERVAL.sub("", value) == "":
        seconds = sum(float(n) * _UNITS[u] for n, u in _INTERVAL.findall(value))
    else:
        raise InputError(f"cannot read {text!r} as an interval; write e.g. 30s, 15m, 1h or 1h30m", source=source)
    if seconds <= 0:
        raise InputError(f"the interval {text!r} must be longer than zero", source=source)
    return seconds


def format_interval(seconds: float) -> str:
    """Seconds → '250ms', '30s', '15m', '1.5h', '6h' (readable back by parse_interval)."""
    if seconds < 1:
        return f"{round(seconds * 1000)}ms"
    if seconds < 120:
        return f"{seconds:.3g}s"
    if seconds % 3600 == 0:
        return f"{seconds / 3600:g}h"
    if seconds % 60 == 0:
        return f"{seconds / 60:g}m"
    return f"{seconds / 60:.1f}m" if seconds < 7200 else f"{seconds / 3600:.1f}h"


def backoff_delay(every: float, failures: int) -> float:
    """How long to wait after `failures` consecutive errors: twice the interval after the
    first, doubling after each further one, at most MAX_BACKOFF (or the interval, if longer)."""
    return min(every * 2 ** min(failures, 30), max(MAX_BACKOFF, every))


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, timezone.utc).isoformat(timespec="milliseconds")


def _timestamp(iso: str | None) -> float | None:
    return datetime.fromisoformat(iso).timestamp() if iso else None


# -- the feed list ----------------------------------------------------------------
@dataclass
class Feed:
    id: int
    url: str
    listed: bool
    every: float
    kind: str | None
    etag: str | None
    last_modified: str | None
    last_polled: str | None
    last_status: str | None
    last_error: str | None
    failures: int
    next_poll: str | None
    items: int
    added_at: str

    def to_json(self) -> dict:
        data = asdict(self)
        data["every"] = format_interval(self.every)
        del data["listed"]
        return data


_FEED_COLUMNS = (
    "id, url, listed, every, kind, etag, last_modified, last_polled, last_status, last_error,"
    " failures, next_poll, items, added_at"
)


def _feed(row) -> Feed:
    values = dict(zip([c.strip() for c in _FEED_COLUMNS.split(",")], tuple(row)))
    values["listed"] = bool(values["listed"])
    return Feed(**values)


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError("not an http(s) URL of a feed or page", source=url)
    return url


def get_feed(store: Store, url_or_id: str) -> Feed | None:
    if url_or_id.isdigit():
        row = store.conn.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id = ?", (int(url_or_id),)).fetchone()
    else:
        row = store.conn.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url_or_id.strip(),)).fetchone()
    return _feed(row) if row else None


def add_feed(store: Store, url: str, *, every: float = DEFAULT_EVERY, listed: bool = True) -> Feed:
    """Put a feed on the list (or change its interval); its state is kept."""
    url = _check_url(url)
    with store.transaction():
        store.conn.execute(
            "INSERT INTO feeds (url, listed, every, added_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(url) DO UPDATE SET every = excluded.every, listed = max(listed, excluded.listed)",
            (url, int(listed), every, _iso(time.time())),
        )
    feed = get_feed(store, url)
    assert feed is not None
    return feed


def list_feeds(store: Store, *, all_feeds: bool = False) -> list[Feed]:
    """The listed feeds (with `all_feeds`, also URLs only ever named to `watch`)."""
    where = "" if all_feeds else " WHERE listed = 1"
    return [_feed(r) for r in store.conn.execute(f"SELECT {_FEED_COLUMNS} FROM feeds{where} ORDER BY id")]


def remove_feed(store: Store, url_or_id: str) -> Feed:
    """Take a feed off the list, with its state; the documents it brought stay stored."""
    feed = get_feed(store, url_or_id)
    if feed is None:
        raise InputError("no such feed in the store; see 'lagebild feeds list'", source=url_or_id)
    with store.transaction():
        store.conn.execute("DELETE FROM feeds WHERE id = ?", (feed.id,))
    return feed


def resolve_feeds(store: Store, names: Iterable[str]) -> list[Feed]:
    """Feeds named by URL or by id; URLs not yet known are remembered (unlisted) so that
    their validators and seen items survive a restart. No names: every listed feed."""
    names = list(names)
    if not names:
        feeds = list_feeds(store)
        if not feeds:
            raise InputError("no feeds to watch: name URLs, or add feeds with 'lagebild feeds add URL'")
        return feeds
    feeds: dict[int, Feed] = {}
    for name in names:
        feed = get_feed(store, name)
        if feed is None:
            if name.strip().isdigit():
                raise InputError("no feed with this id; see 'lagebild feeds list'", source=name)
            url = _check_url(name)
            with store.transaction():
                store.conn.execute(
                    "INSERT INTO feeds (url, listed, added_at) VALUES (?, 0, ?)", (url, _iso(time.time()))
                )
            feed = get_feed(store, url)
        feeds[feed.id] = feed
    return list(feeds.values())


# -- results ----------------------------------------------------------------------
@dataclass
class PollResult:
    """What one poll of one feed did."""

    url: str
    status: str  # new, unchanged, not_modified, error, backing_off
    added: int = 0
    updated: int = 0
    near_duplicates: int = 0
    skipped: int = 0  # items not stored (other language, too long)
    checked: int = 0
    error: str | None = None
    retry_in: float | None = None  # seconds until the next attempt, after an error
    complete: bool = True  # False when a stop came before all new items were stored
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class WatchSummary:
    cycles: int = 0
    polls: int = 0
    added: int = 0
    updated: int = 0
    near_duplicates: int = 0
    not_modified: int = 0
    errors: int = 0
    checked: int = 0
    stopped_by: str | None = None
    feeds: dict[str, dict] = field(default_factory=dict)  # per URL: counts and last error

    def record(self, result: PollResult) -> None:
        per = self.feeds.setdefault(
            result.url, {"polls": 0, "added": 0, "updated": 0, "not_modified": 0, "errors": 0, "checked": 0,
                         "last_error": None}
        )
        if result.status == "backing_off":
            per["last_error"] = result.error
            return
        self.polls += 1
        per["polls"] += 1
        for name in ("added", "updated", "near_duplicates", "checked"):
            setattr(self, name, getattr(self, name) + getattr(result, name))
        per["added"] += result.added
        per["updated"] += result.updated
        per["checked"] += result.checked
        if result.status == "not_modified":
            self.not_modified += 1
            per["not_modified"] += 1
        if result.status == "error":
            self.errors += 1
            per["errors"] += 1
            per["last_error"] = result.error

    def to_json(self) -> dict:
        return asdict(self)


# -- fetching ---------------------------------------------------------------------
@dataclass
class _Fetched:
    url: str
    not_modified: bool = False
    content_type: str = ""
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class _Failed:
    reason: str
    retry_after: float | None = None


class _HttpError(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return min(float(value.strip()), MAX_RETRY_AFTER)
    return None


def interleave_hosts(feeds: list[Feed]) -> list[Feed]:
    """The feeds in turns by host (a1, b1, a2, b2, a3, …): requests take slots in this
    order, so a slot waiting out one host's spacing does not keep the other hosts waiting."""
    by_host: dict[str, list[Feed]] = {}
    for feed in feeds:
        by_host.setdefault(urlsplit(feed.url).hostname or "", []).append(feed)
    groups = list(by_host.values())
    order: list[Feed] = []
    for depth in range(max((len(g) for g in groups), default=0)):
        order.extend(g[depth] for g in groups if depth < len(g))
    return order


# -- the watcher ------------------------------------------------------------------
class Watcher:
    """Polls feeds and pages into one store. Use `run()` (async) or `run_sync()`."""

    def __init__(
        self,
        db: str | Path,
        feeds: Iterable[str] = (),
        *,
        every: float | None = None,
        analyze: bool = True,
        check: bool = False,
        allow_other_languages: bool = False,
        timeout: float = DEFAULT_TIMEOUT,
        concurrency: int = DEFAULT_CONCURRENCY,
        host_delay: float = DEFAULT_HOST_DELAY,
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_result: Callable[[PollResult], None] | None = None,
        on_cycle: Callable[[int, float | None], None] | None = None,
    ) -> None:
        self.db = Path(db)
        self.names = list(feeds)
        self.every = every
        self.analyze = analyze
        self.check = check
        self.allow_other_languages = allow_other_languages
        self.timeout = timeout
        self.concurrency = max(1, concurrency)
        self.host_delay = max(0.0, host_delay)
        self.max_bytes = max_bytes
        self.on_result = on_result
        self.on_cycle = on_cycle
        self.summary = WatchSummary()
        self._stopping = threading.Event()  # read by the storing thread
        self._stop_event: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._host_next: dict[str, float] = {}
        self._host_locks: dict[str, asyncio.Lock] = {}
        # Opened here so that a bad store or a bad feed name fails before any polling.
        self.store = Store(self.db)
        try:
            self.feed_ids = [f.id for f in resolve_feeds(self.store, self.names)]
        except BaseException:
            self.store.close()
            raise

    # -- stopping -----------------------------------------------------------------
    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def request_stop(self, reason: str = "stop") -> None:
        """Finish the current transaction, then end the run (safe from any thread)."""
        if self.summary.stopped_by is None:
            self.summary.stopped_by = reason
        self._stopping.set()
        if self._loop is not None and self._stop_event is not None:
            self._loop.call_soon_threadsafe(self._stop_event.set)

    def run_sync(self, *, once: bool = False, handle_signals: bool = True) -> WatchSummary:
        return asyncio.run(self.run(once=once, handle_signals=handle_signals))

    async def run(self, *, once: bool = False, handle_signals: bool = True) -> WatchSummary:
        import httpx

        from lagebild.ingest.fetch import ACCEPT_ENCODING, USER_AGENT

        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        if self._stopping.is_set():
            self._stop_event.set()
        installed = self._install_signals() if handle_signals else []
        semaphore = asyncio.Semaphore(self.concurrency)
        try:
            async with httpx.AsyncClient(
                follow_redirects=True,
                max_redirects=5,
                timeout=httpx.Timeout(self.timeout),
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
                limits=httpx.Limits(max_connections=self.concurrency),
            ) as client:
                while not self.stopping:
                    await self._cycle(client, semaphore, once=once)
                    self.summary.cycles += 1
                    if once or self.stopping:
                        break
                    wait = self._seconds_to_next_poll()
                    if self.on_cycle:
                        self.on_cycle(self.summary.cycles, wait)
                    try:
                        await asyncio.wait_for(self._stop_event.wait(), timeout=wait)
                    except TimeoutError:
                        pass
        finally:
            for signum in installed:
                self._loop.remove_signal_handler(signum)
            self.store.close()
        return self.summary

    def _install_signals(self) -> list[int]:
        installed = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                self._loop.add_signal_handler(signum, self.request_stop, signal.Signals(signum).name)
                installed.append(signum)
            except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
                pass
        return installed

    # -- one cycle ------------------------------------------------------------------
    def _feeds(self) -> list[Feed]:
        marks = ",".join("?" * len(self.feed_ids))
        rows = self.store.conn.execute(
            f"SELECT {_FEED_COLUMNS} FROM feeds WHERE id IN ({marks}) ORDER BY id", self.feed_ids
        ).fetchall()
        return [_feed(r) for r in rows]  # a feed removed meanwhile is no longer polled

    def _interval(self, feed: Feed) -> float:
        return self.every if self.every is not None else feed.every

    def _seconds_to_next_poll(self) -> float:
        now = time.time()
        due = [_timestamp(f.next_poll) or now for f in self._feeds()]
        return max(0.0, min(due, default=now + 60) - now)

    async def _cycle(self, client, semaphore: asyncio.Semaphore, *, once: bool) -> None:
        now = time.time()
        due = []
        for feed in self._feeds():
            next_poll = _timestamp(feed.next_poll)
            if next_poll is None or next_poll <= now or (once and feed.failures == 0):
                due.append(feed)
            elif once:  # --once honours the error backoff, not the regular interval
                self._report(PollResult(feed.url, "backing_off", error=feed.last_error, retry_in=next_poll - now))
        if not due:
            return
        due = interleave_hosts(due)
        tasks = {asyncio.create_task(self._fetch(client, semaphore, feed)): feed for feed in due}
        stop_wait = asyncio.create_task(self._stop_event.wait())
        pending = set(tasks)
        try:
            while pending and not self.stopping:
                done, _ = await asyncio.wait(pending | {stop_wait}, return_when=asyncio.FIRST_COMPLETED)
                for task in done:
                    if task is stop_wait or self.stopping:
                        continue
                    pending.discard(task)
                    result = await asyncio.to_thread(self._store_result, tasks[task], task.result())
                    self._report(result)
        finally:
            for task in pending:
                task.cancel()
            stop_wait.cancel()
            await asyncio.gather(*pending, stop_wait, return_exceptions=True)

    def _report(self, result: PollResult) -> None:
        self.summary.record(result)
        if self.on_result:
            self.on_result(result)

    async def _polite(self, host: str) -> None:
        lock = self._host_locks.setdefault(host, asyncio.Lock())
        async with lock:
            wait = self._host_next.get(host, 0.0) - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._host_next[host] = time.monotonic() + self.host_delay

    async def _fetch(self, client, semaphore: asyncio.Semaphore, feed: Feed) -> _Fetched | _Failed:
        import httpx

        try:
            async with semaphore:
                # Spaced after taking a slot: two requests that waited for slots must not
                # then start together.
                await self._polite(urlsplit(feed.url).hostname or "")
                async with asyncio.timeout(self.timeout):
                    return await self._get(client, feed)
        except TimeoutError:
            return _Failed(f"no answer within {self.timeout:g} s")
        except _HttpError as exc:
            return _Failed(exc.reason, exc.retry_after)
        except httpx.TimeoutException:
            return _Failed(f"no answer within {self.timeout:g} s")
        except httpx.TooManyRedirects:
            return _Failed("too many redirects (more than 5)")
        except httpx.ConnectError as exc:
            return _Failed(f"cannot connect ({exc or exc.__class__.__name__})")
        except httpx.HTTPError as exc:
            return _Failed(f"fetch failed ({exc.__class__.__name__}: {exc})")
        except Exception as exc:  # a failing feed never stops the others
            return _Failed(f"fetch failed ({exc.__class__.__name__}: {exc})")

    async def _get(self, client, feed: Feed) -> _Fetched:
        from lagebild.ingest.fetch import BodyRefused, CappedBody, screen_response

        headers = {}
        if feed.etag:
            headers["If-None-Match"] = feed.etag
        if feed.last_modified:
            headers["If-Modified-Since"] = feed.last_modified
        async with client.stream("GET", feed.url, headers=headers) as response:
            if response.status_code == 304:
                return _Fetched(feed.url, not_modified=True, etag=response.headers.get("etag") or feed.etag,
                                last_modified=response.headers.get("last-modified") or feed.last_modified)
            if response.status_code >= 400:
                raise _HttpError(f"the server answered HTTP {response.status_code}",
                                 _retry_after(response.headers.get("retry-after")))
            try:
                content_type = screen_response(response.headers, max_bytes=self.max_bytes)
                body = CappedBody(response.headers.get("content-encoding"), max_bytes=self.max_bytes)
                # Raw chunks: leaving the block on a refusal closes the connection, so the
                # rest of an oversized response is never downloaded.
                async for raw in response.aiter_raw():
                    body.feed(raw)
                data = body.finish()
            except BodyRefused as exc:
                raise _HttpError(str(exc)) from None
            if not data:
                raise _HttpError(f"the server answered HTTP {response.status_code} with an empty body")
            return _Fetched(str(response.url), content_type=content_type, body=data,
                            etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))

    # -- storing (in a worker thread; one feed at a time) ---------------------------
    def _store_result(self, feed: Feed, fetched: _Fetched | _Failed) -> PollResult:
        try:
            if isinstance(fetched, _Failed):
                return self._failed(feed, fetched.reason, fetched.retry_after)
            if fetched.not_modified:
                self._succeeded(feed, fetched, "not_modified", kind=feed.kind, added=0, complete=True)
                result = PollResult(feed.url, "not_modified")
            else:
                result = self._ingest(feed, fetched)
            if self.check and not self.stopping:
                self._run_pending_checks(feed, result)
            return result
        except InputError as exc:
            return self._failed(feed, exc.reason)
        except Exception as exc:  # a failing feed never stops the others
            return self._failed(feed, f"{exc.__class__.__name__}: {exc}")

    def _failed(self, feed: Feed, reason: str, retry_after: float | None = None) -> PollResult:
        now = time.time()
        failures = feed.failures + 1
        delay = max(backoff_delay(self._interval(feed), failures), retry_after or 0.0)
        with self.store.transaction():
            self.store.conn.execute(
                "UPDATE feeds SET failures = ?, last_status = 'error', last_error = ?, last_polled = ?,"
                " next_poll = ? WHERE id = ?",
                (failures, reason, _iso(now), _iso(now + delay), feed.id),
            )
        return PollResult(feed.url, "error", error=reason, retry_in=delay)

    def _succeeded(self, feed: Feed, fetched: _Fetched, status: str, *, kind: str | None, added: int,
                   complete: bool, seen: Iterable[tuple[str, str]] = ()) -> None:
        now = time.time()
        with self.store.transaction():
            for item_id, content_hash in seen:
                self._mark_seen(feed, item_id, content_hash, None, pending=False)
            # Validators only when every new item is stored: otherwise a 304 would hide the rest.
            validators = (fetched.etag, fetched.last_modified) if complete else (feed.etag, feed.last_modified)
            self.store.conn.execute(
                "UPDATE feeds SET failures = 0, last_status = ?, last_error = NULL, last_polled = ?, next_poll = ?,"
                " etag = ?, last_modified = ?, kind = coalesce(?, kind), items = items + ? WHERE id = ?",
                (status, _iso(now), _iso(now + self._interval(feed)), *validators, kind, added, feed.id),
            )

    def _mark_seen(self, feed: Feed, item_id: str, content_hash: str, doc_id: str | None, *, pending: bool) -> None:
        self.store.conn.execute(
            "INSERT OR REPLACE INTO feed_items (feed_id, item_id, content_hash, doc_id, check_pending, seen_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (feed.id, item_id, content_hash, doc_id, int(pending), _iso(time.time())),
        )

    def _ingest(self, feed: Feed, fetched: _Fetched) -> PollResult:
        from lagebild.ingest.store_docs import ingest_documents

        documents, kind = _read(feed, fetched)
        result = PollResult(feed.url, "unchanged")
        new, seen = self._new_documents(feed, documents, result)
        complete = True
        for start in range(0, len(new), BATCH):
            if self.stopping:
                complete = False
                break

            def stored(document: Document) -> None:  # inside the batch's transaction
                self._mark_seen(feed, document.id, document.content_hash, document.id, pending=self.check)

            report = ingest_documents(self.store, new[start:start + BATCH], analyze=self.analyze, on_document=stored)
            result.added += report.count("added")
            result.updated += report.count("updated")
            result.near_duplicates += report.near_duplicates
            result.warnings.extend(report.warnings)
        result.complete = complete
        if result.added or result.updated:
            result.status = "new"
        self._succeeded(feed, fetched, "ok", kind=kind, added=result.added + result.updated, complete=complete,
                        seen=seen)
        return result

    def _new_documents(self, feed: Feed, documents: list[Document], result: PollResult):
        """(documents to store, (item id, hash) pairs to only mark as seen)."""
        from lagebild.ingest.language import assign_language

        new, seen, ids = [], [], set()
        for document in documents:
            if document.id in ids or not document.text.strip():
                continue
            ids.add(document.id)
            content_hash = document.content_hash
            row = self.store.conn.execute(
                "SELECT content_hash FROM feed_items WHERE feed_id = ? AND item_id = ?", (feed.id, document.id)
            ).fetchone()
            if row and row[0] == content_hash:
                continue  # seen before, unchanged
            stored = self.store.conn.execute(
                "SELECT content_hash FROM documents WHERE id = ?", (document.id,)
            ).fetchone()
            if stored and stored[0] == content_hash:
                seen.append((document.id, content_hash))  # stored by another route already
                continue
            if len(document.text) > MAX_DOCUMENT_CHARS:
                result.skipped += 1
                result.warnings.append(f"{document.id}: {len(document.text):,} characters, over the"
                                       f" {MAX_DOCUMENT_CHARS:,} limit for one article; not stored")
                seen.append((document.id, content_hash))
                continue
            assign_language(document)
            if document.language not in SUPPORTED_LANGUAGES and not self.allow_other_languages:
                result.skipped += 1
                result.warnings.append(f"{document.id}: in language {document.language!r}, not stored"
                                       " (--allow-other-languages stores it)")
                seen.append((document.id, content_hash))
                continue
            new.append(document)
        return new, seen

    def _run_pending_checks(self, feed: Feed, result: PollResult) -> None:
        """Verify the items stored by a --check run and not yet checked (also those a
        stopped run left), each result saved in one transaction with its item record."""
        from lagebild.verify.run import run_check

        rows = self.store.conn.execute(
            "SELECT item_id, doc_id FROM feed_items WHERE feed_id = ? AND check_pending = 1 ORDER BY seen_at",
            (feed.id,),
        ).fetchall()
        for item_id, doc_id in rows:
            if self.stopping:
                return
            stored = self.store.get(doc_id) if doc_id else None
            saved = None
            if stored is not None:
                try:
                    saved = run_check(stored.document, [], db=self.db, save=False).to_json()
                except Exception as exc:  # one bad article does not stop the watcher
                    result.warnings.append(f"{doc_id}: check failed ({exc.__class__.__name__}: {exc})")
            with self.store.transaction():
                if saved is not None:
                    self.store.save_check(saved, stored.document.publisher)
                    result.checked += 1
                self.store.conn.execute(
                    "UPDATE feed_items SET check_pending = 0 WHERE feed_id = ? AND item_id = ?", (feed.id, item_id)
                )


# -- reading a response -----------------------------------------------------------
def _read(feed: Feed, fetched: _Fetched) -> tuple[list[Document], str]:
    """The documents in a response, and whether it was a feed or a page."""
    from lagebild.ingest.feeds import looks_like_feed
    from lagebild.ingest.html import read_html
    from lagebild.ingest.readers import decode
    from lagebild.ingest.text import read_text

    source = feed.url
    head = fetched.body[:2048].decode("utf-8", "replace")
    if fetched.content_type in ("text/plain", "text/markdown"):
        return read_text(decode(fetched.body, source=source), source=source), "page"
    if looks_like_feed(head) or "xml" in fetched.content_type and "xhtml" not in fetched.content_type:
        return _read_feed_strictly(fetched.body, source=source), "feed"
    if head.lstrip().startswith("<?xml") and "<html" not in head.lower():
        return _read_feed_strictly(fetched.body, source=source), "feed"
    if feed.kind == "feed":
        raise InputError(
            f"was an RSS/Atom feed, now answers with an HTML page ({fetched.content_type or 'no content type'});"
            " nothing stored", source=source)
    return read_html(fetched.body, source=source, url=fetched.url), "page"


def _read_feed_strictly(body: bytes, *, source: str) -> list[Document]:
    """Like `read_feed`, but malformed XML is refused whole: the loose parser's guesses
    from a broken feed are not stored."""
    import feedparser

    from lagebild.ingest.feeds import read_feed

    parsed = feedparser.parse(body)
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.bozo and not isinstance(parsed.bozo_exception, benign):
        exc = parsed.bozo_exception
        reason = getattr(exc, "getMessage", lambda: str(exc))()
        line = getattr(exc, "getLineNumber", lambda: None)()
        where = f" at line {line}" if line else ""
        raise InputError(f"malformed feed XML ({reason}{where}); nothing stored from it", source=source)
    documents = read_feed(body, source=source)
    position = re.compile(re.escape(source) + r"#\d+")
    for document in documents:
        if position.fullmatch(document.id):
            # An entry without id or link: name it by its content, not by its position,
            # which shifts as the feed changes.
            document.id = f"{source}#{document.content_hash[:16]}"
    return documents
