"""`lagebild watch` and `lagebild feeds`: feeds served from a local HTTP server on
127.0.0.1 (304s, 500s, timeouts, a feed that changes, malformed XML, an unreachable
port), bounded concurrency and per-host spacing, hostile responses (HTML for a feed, a
gzip bomb, a 1 GB body), restarts that resume without re-ingesting, and SIGTERM or
SIGINT in the middle of a loop."""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import replace
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lagebild.errors import FetchError, InputError
from lagebild.ingest.fetch import BodyRefused, CappedBody, fetch
from lagebild.ingest.watch import Watcher, backoff_delay, get_feed, interleave_hosts, parse_interval
from lagebild.store import Store
from tests.conftest import REPO

FAST = ["--host-delay", "0", "--timeout", "2"]

WIRE_TEXT = (
    "Foreign ministers from several countries arrived in Kyiv on Tuesday for talks with the government."
    " They want to discuss further support for Ukraine, a government spokesman said in a statement."
)


def rss(items: list[tuple[str, str, str]], *, title: str = "Test Wire", language: str = "en") -> str:
    entries = "".join(
        f"<item><guid>{guid}</guid><title>{heading}</title><link>http://example.org/{guid}</link>"
        f"<description>{text}</description><pubDate>Tue, 29 Oct 2024 10:00:00 GMT</pubDate></item>"
        for guid, heading, text in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<language>{language}</language><link>http://example.org/</link>{entries}</channel></rss>"
    )


def item(n: int, *, topic: str = "talks") -> tuple[str, str, str]:
    return (
        f"wire-{n}",
        f"Report {n}",
        f"Report number {n} about {topic}: the delegation number {n} met officials in city {n} on Tuesday"
        f" and agreed on a plan with {n * 7} measures for the coming months, the ministry said.",
    )


class FeedServer:
    """Routes: path → function(handler) returning (status, headers, body), where a body
    that is an iterator of chunks is streamed as it is produced (no Content-Length unless
    the route sets one). Counts hits, conditional hits and bytes sent per path, the start
    time of each request and the most requests in flight at once."""

    def __init__(self) -> None:
        self.routes = {}
        self.hits: dict[str, int] = {}
        self.conditional: dict[str, int] = {}
        self.sent: dict[str, int] = {}
        self.started: list[float] = []
        self.in_flight = self.most_in_flight = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                with server.lock:
                    server.started.append(time.monotonic())
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                    server.hits[self.path] = server.hits.get(self.path, 0) + 1
                    if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"):
                        server.conditional[self.path] = server.conditional.get(self.path, 0) + 1
                try:
                    self._answer()
                finally:
                    with server.lock:
                        server.in_flight -= 1

            def _answer(self) -> None:
                route = server.routes.get(self.path)
                status, headers, body = (404, {}, b"not found") if route is None else route(self)
                chunks = [body] if isinstance(body, bytes) else body
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    if isinstance(body, bytes):
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    for chunk in chunks:
                        self.wfile.write(chunk)
                        server.sent[self.path] = server.sent.get(self.path, 0) + len(chunk)
                except OSError:
                    pass  # the client gave up (a timeout, a refused body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def feed(self, path: str, make_body, *, etag: bool = True, content_type: str = "application/rss+xml") -> None:
        """Serve an RSS body (a function, so it may change) with ETag/Last-Modified and 304s."""
        stamp = formatdate(1730196000, usegmt=True)

        def route(handler):
            body = make_body().encode("utf-8")
            headers = {"Content-Type": f"{content_type}; charset=utf-8"}
            if etag:
                tag = f'"{hash(body) & 0xFFFFFFFF:x}"'
                headers.update({"ETag": tag, "Last-Modified": stamp})
                if handler.headers.get("If-None-Match") == tag:
                    return 304, {"ETag": tag}, b""
            return 200, headers, body

        self.routes[path] = route

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    running = FeedServer()
    yield running
    running.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _watch(cli, db, *args):
    result = cli("watch", *args, "--db", db, "--once", "--json", *FAST)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def _rows(db, sql, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _feed_state(db, url) -> dict:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone())
    finally:
        conn.close()


# -- the feed list ----------------------------------------------------------------
def test_feeds_add_list_remove(cli, tmp_path):
    db = tmp_path / "s.db"
    assert cli("feeds", "add", "https://example.org/a.rss", "--db", db).exit_code == 0
    added = cli("feeds", "add", "https://example.org/b.atom", "--every", "1h", "--db", db, "--json")
    assert json.loads(added.stdout)["every"] == "1h"
    listed = json.loads(cli("feeds", "list", "--db", db, "--json").stdout)
    assert [(f["url"], f["every"]) for f in listed] == [
        ("https://example.org/a.rss", "15m"), ("https://example.org/b.atom", "1h")]
    again = cli("feeds", "add", "https://example.org/a.rss", "--every", "30s", "--db", db, "--json")
    assert json.loads(again.stdout)["every"] == "30s"  # changes the interval, keeps one entry
    assert len(json.loads(cli("feeds", "list", "--db", db, "--json").stdout)) == 2
    table = cli("feeds", "list", "--db", db).stdout
    assert "2 feed(s)" in table and "never polled" in table

    assert cli("feeds", "remove", "https://example.org/a.rss", "--db", db).exit_code == 0
    assert cli("feeds", "remove", str(listed[1]["id"]), "--db", db).exit_code == 0
    assert json.loads(cli("feeds", "list", "--db", db, "--json").stdout) == []

    missing = cli("feeds", "remove", "https://example.org/a.rss", "--db", db)
    assert missing.exit_code == 2 and "no such feed" in missing.stderr
    assert cli("feeds", "add", "ftp://example.org/x", "--db", db).exit_code == 2
    bad_interval = cli("feeds", "add", "https://example.org/c.rss", "--every", "soon", "--db", db)
    assert bad_interval.exit_code == 2 and "interval" in bad_interval.stderr
    nothing = cli("watch", "--db", db, "--once")
    assert nothing.exit_code == 2 and "no feeds to watch" in nothing.stderr


def test_intervals_and_backoff():
    assert parse_interval("15m") == 900 and parse_interval("1h30m") == 5400 and parse_interval("90") == 90
    assert parse_interval("250ms") == 0.25
    for bad in ("", "0s", "soon", "5 minutes"):
        with pytest.raises(InputError):
            parse_interval(bad)
    delays = [backoff_delay(900, n) for n in range(1, 8)]
    assert delays[:3] == [1800, 3600, 7200] and max(delays) == 6 * 3600  # doubling, capped


# -- polling ----------------------------------------------------------------------
def test_once_ingests_then_304_and_a_restart_does_not_reingest(cli, tmp_path, server):
    db = tmp_path / "s.db"
    server.feed("/wire.rss", lambda: rss([item(1), item(2), ("wire-copy", "Ministers in Kyiv", WIRE_TEXT)]))
    server.feed("/paper.rss", lambda: rss([("paper-1", "Kyiv talks", WIRE_TEXT)], title="Paper"), etag=False)
    wire, paper = server.url("/wire.rss"), server.url("/paper.rss")

    summary, stderr = _watch(cli, db, wire, paper)
    assert summary["added"] == 4 and summary["errors"] == 0 and summary["polls"] == 2
    assert summary["near_duplicates"] == 1  # the paper's copy of the wire text is linked
    assert "4 new" in stderr
    assert _rows(db, "SELECT count(*) FROM analyses")[0][0] == 4
    state = _feed_state(db, wire)
    assert state["etag"] and state["last_modified"] and state["kind"] == "feed" and state["items"] == 3
    stamps = _rows(db, "SELECT id, ingested_at FROM documents ORDER BY id")

    summary, stderr = _watch(cli, db, wire, paper)  # a restart
    assert server.conditional["/wire.rss"] == 1 and summary["not_modified"] == 1  # 304: nothing new
    assert "not modified" in stderr
    assert summary["added"] == summary["updated"] == 0  # the paper sent 200 again: all seen
    assert _rows(db, "SELECT id, ingested_at FROM documents ORDER BY id") == stamps
    assert _feed_state(db, paper)["last_status"] == "ok"
    # URLs only named to watch are remembered (their state) but not put on the list.
    assert json.loads(cli("feeds", "list", "--db", db, "--json").stdout) == []
    remembered = json.loads(cli("feeds", "list", "--all", "--db", db, "--json").stdout)
    assert [f["url"] for f in remembered] == [wire, paper]


def test_a_feed_that_changes_ingests_only_the_new_item(cli, tmp_path, server):
    db = tmp_path / "s.db"
    items = [item(1), item(2)]
    server.feed("/live.rss", lambda: rss(items))
    url = server.url("/live.rss")
    assert cli("feeds", "add", url, "--db", db).exit_code == 0

    assert _watch(cli, db, "--no-analyze")[0]["added"] == 2  # no names: the listed feeds
    items.insert(0, item(3, topic="a ceasefire"))
    summary, _ = _watch(cli, db, "--no-analyze")
    assert summary["added"] == 1 and summary["updated"] == 0
    assert server.conditional["/live.rss"] == 1  # asked with the ETag, got the new version
    assert sorted(r[0] for r in _rows(db, "SELECT id FROM documents")) == ["wire-1", "wire-2", "wire-3"]
    assert _rows(db, "SELECT count(*) FROM feed_items")[0][0] == 3
    listed = json.loads(cli("feeds", "list", "--db", db, "--json").stdout)
    assert listed[0]["items"] == 3 and listed[0]["last_status"] == "ok"


def test_failing_feeds_are_reported_backed_off_and_never_stop_the_others(cli, tmp_path, server):
    db = tmp_path / "s.db"
    server.feed("/good.rss", lambda: rss([item(1)]))
    server.routes["/error.rss"] = lambda h: (500, {"Content-Type": "text/plain"}, b"boom")

    def slow(handler):
        time.sleep(3.0)
        return 200, {"Content-Type": "application/rss+xml"}, rss([item(9)]).encode()

    server.routes["/slow.rss"] = slow
    broken = rss([item(5)]).replace("</item>", "", 1)[:-30]  # an unclosed item, cut off
    server.routes["/broken.rss"] = lambda h: (200, {"Content-Type": "application/rss+xml"}, broken.encode())
    server.routes["/file.pdf"] = lambda h: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
    urls = {name: server.url(f"/{name}") for name in ("good.rss", "error.rss", "slow.rss", "broken.rss", "file.pdf")}
    urls["unreachable"] = f"http://127.0.0.1:{_free_port()}/feed.rss"

    started = time.monotonic()
    result = cli("watch", *urls.values(), "--db", db, "--once", "--json", "--no-analyze",
                 "--host-delay", "0", "--timeout", "0.5")
    assert time.monotonic() - started < 2.5  # the slow feed did not hold the run up
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["added"] == 1 and summary["errors"] == 5 and summary["polls"] == 6
    assert [r[0] for r in _rows(db, "SELECT id FROM documents")] == ["wire-1"]  # nothing from the broken feed

    errors = {name: _feed_state(db, url) for name, url in urls.items()}
    assert "HTTP 500" in errors["error.rss"]["last_error"]
    assert "no answer within 0.5 s" in errors["slow.rss"]["last_error"]
    assert "malformed feed XML" in errors["broken.rss"]["last_error"]
    assert "application/pdf" in errors["file.pdf"]["last_error"]
    assert "cannot connect" in errors["unreachable"]["last_error"]
    for name, state in errors.items():
        if name != "good.rss":
            assert state["failures"] == 1 and state["last_status"] == "error" and state["next_poll"] > state["last_polled"]
            assert summary["feeds"][urls[name]]["last_error"] == state["last_error"]
            assert state["last_error"] in result.stderr
    assert errors["good.rss"]["failures"] == 0

    # Next run: the failing feeds are still backing off and are not asked again.
    hits = dict(server.hits)
    again = cli("watch", *urls.values(), "--db", db, "--once", "--json", "--no-analyze", "--host-delay", "0")
    assert json.loads(again.stdout)["polls"] == 1 and "backing off" in again.stderr
    assert server.hits["/error.rss"] == hits["/error.rss"] and server.hits["/good.rss"] == hits["/good.rss"] + 1


def test_backoff_grows_and_success_resets_it(tmp_path, server):
    db = tmp_path / "s.db"
    answers = iter([500, 500, 200])

    def flaky(handler):
        status = next(answers)
        return status, {"Content-Type": "application/rss+xml"}, rss([item(1)]).encode()

    server.routes["/flaky.rss"] = flaky
    url = server.url("/flaky.rss")
    delays = []
    for _ in range(3):
        # every=50ms, so that a due retry comes within the test
        watcher = Watcher(db, [url], every=0.05, analyze=False, host_delay=0, timeout=2)
        result = []
        watcher.on_result = result.append
        time.sleep(0.3)  # past any backoff so far
        watcher.run_sync(once=True, handle_signals=False)
        delays.append(result[0].retry_in)
        state = _feed_state(db, url)
    assert delays[0] == pytest.approx(0.1) and delays[1] == pytest.approx(0.2) and delays[2] is None
    assert state["failures"] == 0 and state["last_error"] is None and state["items"] == 1


def test_last_modified_alone_brings_304s(cli, tmp_path, server):
    db = tmp_path / "s.db"
    stamp = formatdate(1730196000, usegmt=True)

    def route(handler):  # no ETag: the date is the only validator
        if handler.headers.get("If-Modified-Since") == stamp:
            return 304, {}, b""
        return 200, {"Content-Type": "application/rss+xml", "Last-Modified": stamp}, rss([item(1)]).encode()

    server.routes["/dated.rss"] = route
    url = server.url("/dated.rss")
    assert _watch(cli, db, url, "--no-analyze")[0]["added"] == 1
    assert _watch(cli, db, url, "--no-analyze")[0]["not_modified"] == 1
    assert _feed_state(db, url)["last_modified"] == stamp and _feed_state(db, url)["etag"] is None


# -- concurrency and politeness -------------------------------------------------------
def _slow_feed(seconds: float, n: int):
    def route(handler):
        time.sleep(seconds)
        return 200, {"Content-Type": "application/rss+xml"}, rss([item(n)]).encode()

    return route


def test_requests_in_flight_are_bounded(tmp_path, server):
    urls = []
    for n in range(6):
        server.routes[f"/slow{n}.rss"] = _slow_feed(0.4, n)
        urls.append(server.url(f"/slow{n}.rss"))
    watcher = Watcher(tmp_path / "s.db", urls, analyze=False, concurrency=2, host_delay=0, timeout=5)
    summary = watcher.run_sync(once=True, handle_signals=False)
    assert summary.added == 6 and server.most_in_flight == 2


def test_requests_to_one_host_are_spaced(tmp_path, server):
    urls = []
    for n in range(4):
        server.feed(f"/f{n}.rss", lambda n=n: rss([item(n)]))
        urls.append(server.url(f"/f{n}.rss"))
    watcher = Watcher(tmp_path / "s.db", urls, analyze=False, concurrency=4, host_delay=0.25, timeout=5)
    assert watcher.run_sync(once=True, handle_signals=False).added == 4
    gaps = [b - a for a, b in zip(server.started, server.started[1:])]
    # 0.25 s between the client's starts; the server sees them with some jitter.
    assert len(gaps) == 3 and min(gaps) > 0.15 and sum(gaps) > 0.7


def test_feeds_take_turns_by_host(tmp_path):
    with Store(tmp_path / "s.db") as store:
        for url in ("http://a.example/1", "http://a.example/2", "http://a.example/3", "http://b.example/1",
                    "http://c.example/1", "http://c.example/2"):
            store.conn.execute("INSERT INTO feeds (url, added_at) VALUES (?, '2024-10-29')", (url,))
        template = get_feed(store, "1")
    feeds = [replace(template, url=url) for url in ("http://a.example/1", "http://a.example/2", "http://a.example/3",
                                                     "http://b.example/1", "http://c.example/1", "http://c.example/2")]
    assert [f.url for f in interleave_hosts(feeds)] == [
        "http://a.example/1", "http://b.example/1", "http://c.example/1", "http://a.example/2", "http://c.example/2",
        "http://a.example/3"]


# -- hostile responses -------------------------------------------------------------------
GIB = 1 << 30
MIB = 1 << 20
CAP = 4_000_000  # above the bomb's own 1 MB, so that only its inflated size can exceed it


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(GIB)


def gzip_bomb(inflated: int) -> bytes:
    """A valid gzip member of about 1 MB that inflates to `inflated` zero bytes (whole
    MiBs): one compressed MiB, made self-contained by a full flush, repeated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    one = packer.compress(bytes(MIB)) + packer.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # an empty final block
    crc = 0
    for _ in range(inflated // MIB):
        crc = zlib.crc32(bytes(MIB), crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + one * (inflated // MIB) + last + struct.pack("<II", crc, inflated & 0xFFFFFFFF)


def endless_feed(total: int) -> Iterator[bytes]:
    """The start of a well-formed RSS feed, then items up to `total` bytes, each chunk
    made as it is sent: the test never holds the body."""
    yield b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Huge</title>'
    one = rss([item(1)]).split("<item>", 1)[1].split("</channel>")[0]
    chunk = (("<item>" + one) * (64 * 1024 // (len(one) + 6))).encode()
    for _ in range(total // len(chunk)):
        yield chunk


def gzipped(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return packer.compress(data) + packer.flush()


def test_capped_body_inflates_a_gzip_bomb_within_the_cap(bomb):
    assert len(bomb) < 2 * MIB and zlib.decompress(gzip_bomb(4 * MIB), 31) == bytes(4 * MIB)
    body = CappedBody("gzip", max_bytes=CAP)
    tracemalloc.start()
    try:
        with pytest.raises(BodyRefused, match=f"over the {CAP}-byte cap once decompressed") as refused:
            for at in range(0, len(bomb), 64 * 1024):  # as the network delivers it
                body.feed(bomb[at:at + 64 * 1024])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * CAP  # never the 1 GiB, nor a 64 MiB chunk of it
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize("coding, encode", [
    (None, lambda d: d),
    ("identity", lambda d: d),
    ("gzip", gzipped),
    ("deflate", zlib.compress),
    ("deflate", lambda d: zlib.compress(d)[2:-4]),  # raw deflate, as some servers send it
])
def test_capped_body_reads_what_it_accepts(coding, encode):
    data = rss([item(n) for n in range(40)]).encode()
    body = CappedBody(coding, max_bytes=CAP)
    encoded = encode(data)
    for at in range(0, len(encoded), 100):
        body.feed(encoded[at:at + 100])
    assert body.finish() == data


@pytest.mark.parametrize("coding, body, reason", [
    ("gzip, gzip", None, "content encoding 'gzip, gzip' is not supported"),
    ("br", None, "content encoding 'br' is not supported"),
    ("gzip", b"<rss>not gzip at all</rss>", "gzip data is corrupt"),
])
def test_capped_body_refuses_other_codings_and_corrupt_data(coding, body, reason):
    with pytest.raises(BodyRefused, match=reason):
        CappedBody(coding, max_bytes=CAP).feed(body or b"")


def test_hostile_responses_are_refused_and_the_other_feeds_stored(cli, tmp_path, server, bomb):
    db = tmp_path / "s.db"
    rss_type = {"Content-Type": "application/rss+xml"}
    answers = [rss([item(1)]).encode(), b"<html><body><p>Please log in.</p></body></html>"]
    server.routes["/turns.rss"] = lambda h: (200, {"Content-Type": "application/rss+xml" if len(answers) == 2
                                                   else "text/html"}, answers.pop(0))
    urls = {name: server.url(f"/{name}") for name in ("turns.rss", "bomb.rss", "huge.rss", "declared.rss",
                                                      "gzipped.rss", "good.rss")}
    assert _watch(cli, db, urls["turns.rss"], "--no-analyze")[0]["added"] == 1  # known as a feed from now on
    server.routes["/bomb.rss"] = lambda h: (200, {**rss_type, "Content-Encoding": "gzip"}, bomb)
    server.routes["/huge.rss"] = lambda h: (200, rss_type, endless_feed(GIB))
    server.routes["/declared.rss"] = lambda h: (200, {**rss_type, "Content-Length": str(GIB)}, endless_feed(GIB))
    feed = rss([item(n) for n in range(2, 6)]).encode()
    server.routes["/gzipped.rss"] = lambda h: (200, {**rss_type, "Content-Encoding": "gzip"}, gzipped(feed))
    server.feed("/good.rss", lambda: rss([item(7)]))

    started = time.monotonic()
    result = cli("watch", *urls.values(), "--db", db, "--once", "--json", "--no-analyze", "--max-bytes", str(CAP),
                 "--host-delay", "0", "--timeout", "20")
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - started < 15  # nothing waited for a whole gigabyte
    summary = json.loads(result.stdout)
    assert summary["errors"] == 4 and summary["added"] == 5  # four from the gzipped feed, one from good.rss
    reasons = {name: _feed_state(db, url)["last_error"] for name, url in urls.items()}
    assert "now answers with an HTML page" in reasons["turns.rss"]
    assert f"over the {CAP}-byte cap once decompressed (gzip" in reasons["bomb.rss"]
    assert reasons["huge.rss"] == f"the response is over the {CAP}-byte cap"
    assert reasons["declared.rss"] == f"the response is {GIB} bytes, over the {CAP}-byte cap"
    assert reasons["gzipped.rss"] is None and reasons["good.rss"] is None
    for name in ("turns.rss", "bomb.rss", "huge.rss", "declared.rss"):
        assert "\n" not in reasons[name] and f"{urls[name]}: {reasons[name]}" in result.stderr
    # The huge bodies were cut off at the cap: what the server got out is the cap plus
    # the socket buffers, not the gigabyte.
    assert server.sent["/huge.rss"] < 64 * MIB and server.sent.get("/declared.rss", 0) < 64 * MIB
    assert sorted(r[0] for r in _rows(db, "SELECT id FROM documents")) == [f"wire-{n}" for n in (1, 2, 3, 4, 5, 7)]


def test_ingest_of_a_url_refuses_a_gzip_bomb_and_a_1gb_body(cli, tmp_path, server, bomb):
    rss_type = {"Content-Type": "application/rss+xml"}
    server.routes["/bomb.rss"] = lambda h: (200, {**rss_type, "Content-Encoding": "gzip"}, bomb)
    server.routes["/huge.rss"] = lambda h: (200, rss_type, endless_feed(GIB))
    feed = rss([item(1), item(2)]).encode()
    server.routes["/gzipped.rss"] = lambda h: (200, {**rss_type, "Content-Encoding": "gzip"}, gzipped(feed))

    with pytest.raises(FetchError, match="once decompressed"):
        fetch(server.url("/bomb.rss"), max_bytes=CAP)
    assert fetch(server.url("/gzipped.rss"), max_bytes=CAP).body == feed
    refused = cli("ingest", server.url("/huge.rss"), "--db", tmp_path / "s.db", "--max-bytes", str(CAP))
    assert refused.exit_code == 2
    assert refused.stderr.strip().endswith(f"/huge.rss: the response is over the {CAP}-byte cap")
    assert server.sent["/huge.rss"] < 64 * MIB


def test_check_verifies_new_items_against_the_store(cli, tmp_path, server):
    db = tmp_path / "s.db"
    server.feed("/wire.rss", lambda: rss([item(1), ("wire-copy", "Ministers in Kyiv", WIRE_TEXT)]))
    summary, stderr = _watch(cli, db, server.url("/wire.rss"), "--check")
    assert summary["added"] == 2 and summary["checked"] == 2 and "2 checked" in stderr
    checks = _rows(db, "SELECT doc_id, publisher FROM checks ORDER BY doc_id")
    assert checks == [("wire-1", "Test Wire"), ("wire-copy", "Test Wire")]
    assert _rows(db, "SELECT count(*) FROM feed_items WHERE check_pending = 1")[0][0] == 0
    assert _watch(cli, db, server.url("/wire.rss"), "--check")[0]["checked"] == 0  # not checked twice


def test_a_stop_request_ends_the_loop_between_feeds(tmp_path, server):
    db = tmp_path / "s.db"
    server.feed("/a.rss", lambda: rss([item(1)]))
    watcher = Watcher(db, [server.url("/a.rss")], every=0.05, analyze=False, host_delay=0)
    threading.Timer(0.5, watcher.request_stop, args=("test",)).start()
    started = time.monotonic()
    summary = watcher.run_sync(handle_signals=False)
    assert time.monotonic() - started < 3
    assert summary.stopped_by == "test" and summary.cycles >= 2 and summary.added == 1


def test_a_stopped_check_run_checks_the_rest_when_it_resumes(tmp_path, server, monkeypatch):
    from lagebild.verify import run

    db = tmp_path / "s.db"
    server.feed("/wire.rss", lambda: rss([item(1), item(2), item(3)]))
    url = server.url("/wire.rss")
    real_check, checked = run.run_check, []
    watcher = Watcher(db, [url], check=True, host_delay=0, timeout=5)

    def check_then_stop(document, *args, **kwargs):  # a Ctrl-C arriving during the first check
        checked.append(document.id)
        watcher.request_stop("test")
        return real_check(document, *args, **kwargs)

    monkeypatch.setattr(run, "run_check", check_then_stop)
    first = watcher.run_sync(once=True, handle_signals=False)
    assert first.added == 3 and first.checked == 1 and len(checked) == 1
    assert _rows(db, "SELECT count(*) FROM feed_items WHERE check_pending = 1")[0][0] == 2

    monkeypatch.setattr(run, "run_check", lambda document, *a, **k: checked.append(document.id) or real_check(
        document, *a, **k))
    second = Watcher(db, [url], check=True, host_delay=0, timeout=5).run_sync(once=True, handle_signals=False)
    assert second.not_modified == 1 and second.added == 0 and second.checked == 2  # a 304, and the owed checks
    assert sorted(checked) == ["wire-1", "wire-2", "wire-3"]  # each checked once
    assert sorted(r[0] for r in _rows(db, "SELECT doc_id FROM checks")) == ["wire-1", "wire-2", "wire-3"]


# -- SIGTERM and SIGINT -----------------------------------------------------------------
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_a_watch_loop_exits_cleanly_and_a_restart_resumes(tmp_path, server, signum):
    db = tmp_path / "s.db"
    counter = iter(range(1, 100_000))

    def growing():  # every request brings new items, so the watcher is always storing
        first = next(counter)
        return rss([item(n) for n in range(first * 20, first * 20 + 20)])

    server.feed("/busy.rss", growing, etag=False)
    server.feed("/calm.rss", lambda: rss([item(1)]))
    process = subprocess.Popen(
        [sys.executable, "-m", "lagebild", "watch", server.url("/busy.rss"), server.url("/calm.rss"),
         "--db", str(db), "--every", "0.1s", "--no-analyze", "--json", *FAST],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and server.hits.get("/busy.rss", 0) < 3:
            time.sleep(0.05)
        assert server.hits.get("/busy.rss", 0) >= 3, process.stderr.read1().decode() if process.poll() else ""
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr.decode()
    summary = json.loads(stdout)
    name = signal.Signals(signum).name
    assert summary["stopped_by"] == name and summary["added"] >= 40
    assert f"stopped by {name}" in stderr.decode()
    assert _rows(db, "PRAGMA integrity_check")[0][0] == "ok"
    assert _stored_counts(db) == (summary["added"],) * 3  # whole batches: each item with its record

    before = _rows(db, "SELECT id, ingested_at FROM documents ORDER BY id")
    hits = server.hits["/busy.rss"]
    resumed = subprocess.run(
        [sys.executable, "-m", "lagebild", "watch", server.url("/busy.rss"), server.url("/calm.rss"),
         "--db", str(db), "--once", "--no-analyze", "--json", *FAST],
        capture_output=True, text=True, cwd=REPO, timeout=60, check=True,
    )
    again = json.loads(resumed.stdout)
    assert again["not_modified"] == 1 and again["added"] == 20  # the calm feed's 304; the busy one's next 20
    assert server.hits["/busy.rss"] == hits + 1
    after = dict(_rows(db, "SELECT id, ingested_at FROM documents"))
    assert all(after[doc_id] == stamp for doc_id, stamp in before)  # nothing stored twice
    assert _stored_counts(db) == (summary["added"] + 20,) * 3


def _stored_counts(db) -> tuple[int, int, int]:
    """Documents, item records that name a document, and full-text rows."""
    return (_rows(db, "SELECT count(*) FROM documents")[0][0],
            _rows(db, "SELECT count(*) FROM feed_items WHERE doc_id IS NOT NULL")[0][0],
            _rows(db, "SELECT count(*) FROM documents_fts")[0][0])
