"""Every input kind of the contract is read with its text and metadata."""

from __future__ import annotations

import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lagebild.ingest import read_input
from lagebild.ingest.readers import expand_inputs
from lagebild.store import Store
from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, write

ARTICLE_HTML = """<!doctype html><html lang="de"><head>
<title>Gipfel in Vilnius endet mit Zusagen | Beispielzeitung</title>
<meta property="og:site_name" content="Beispielzeitung">
<meta property="article:published_time" content="2023-07-12T18:00:00+02:00">
<link rel="canonical" href="https://example.org/vilnius-gipfel">
</head><body>
<nav><a href="/">Start</a> <a href="/politik">Politik</a> <a href="/sport">Sport</a></nav>
<article><h1>Gipfel in Vilnius endet mit Zusagen</h1>
<p>Die Staats- und Regierungschefs der Allianz haben sich am Mittwoch in Vilnius auf neue Zusagen für die Ukraine verständigt. Das Treffen dauerte zwei Tage.</p>
<p>Der Generalsekretär sprach nach dem Treffen von einem starken Signal der Geschlossenheit. Mehrere Staaten kündigten weitere Lieferungen an.</p>
<p>Die nächste Zusammenkunft ist für das kommende Jahr in Washington geplant, teilten Diplomaten mit.</p>
</article>
<footer>© Beispielzeitung. Alle Rechte vorbehalten. Impressum · Datenschutz</footer>
</body></html>"""

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Test Wire</title><link>https://example.org</link>
<description>News</description><language>en</language>
<item><title>Ministers meet in Brussels</title><link>https://example.org/a</link>
<pubDate>Tue, 29 Oct 2024 10:00:00 +0000</pubDate>
<description>Defence ministers met in Brussels on Tuesday to discuss support for Ukraine and air defence.</description></item>
<item><title>Summit ends</title><link>https://example.org/b</link>
<pubDate>Wed, 30 Oct 2024 12:00:00 +0000</pubDate>
<description><![CDATA[<p>The summit ended on <b>Wednesday</b> with a joint statement on security.</p>]]></description></item>
</channel></rss>"""


def test_text_with_front_matter_keeps_body_exactly(tmp_path):
    path = write(tmp_path / "a.txt", GERMAN_REPORT)
    [doc] = read_input(str(path))
    assert doc.id == "de-1"
    assert doc.title == "Außenminister reisen nach Kiew"
    assert doc.published == date(2024, 10, 29)
    assert doc.language == "de"
    assert doc.text == GERMAN_REPORT.split("---\n", 2)[2]


def test_text_without_front_matter_gets_path_id_and_detected_language(tmp_path):
    path = write(tmp_path / "plain.md", ENGLISH_REPORT.split("---\n", 2)[2])
    [doc] = read_input(str(path))
    assert doc.id == str(path)
    assert doc.language == "en"
    assert doc.published is None


def test_language_is_detected_when_front_matter_omits_it(tmp_path):
    [doc] = read_input(str(write(tmp_path / "en.txt", ENGLISH_REPORT)))
    assert doc.language == "en"


def test_html_main_text_and_metadata(tmp_path):
    path = write(tmp_path / "page.html", ARTICLE_HTML)
    [doc] = read_input(str(path))
    assert "Vilnius auf neue Zusagen" in doc.text
    assert "Impressum" not in doc.text and "Sport" not in doc.text
    assert doc.publisher == "Beispielzeitung"
    assert doc.published == date(2023, 7, 12)
    assert doc.language == "de"


def test_jsonl_documents_with_ids_and_defaults(tmp_path):
    lines = [
        {"id": "x1", "text": "The talks in Geneva ended on Friday without an agreement on a ceasefire.", "language": "en"},
        {"text": "Die Gespräche in Genf endeten am Freitag ohne eine Einigung auf eine Waffenruhe.", "published": "2024-05-03"},
    ]
    path = write(tmp_path / "docs.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n")
    docs = read_input(str(path))
    assert [d.id for d in docs] == ["x1", f"{path}#2"]
    assert docs[1].published == date(2024, 5, 3)
    assert docs[1].language == "de"


def test_rss_feed_items_become_documents(tmp_path):
    docs = read_input(str(write(tmp_path / "feed.xml", FEED)))
    assert [d.id for d in docs] == ["https://example.org/a", "https://example.org/b"]
    assert docs[0].published == date(2024, 10, 29)
    assert docs[1].text == "The summit ended on Wednesday with a joint statement on security."
    assert docs[0].publisher == "Test Wire"


def test_folders_are_read_recursively_in_name_order(tmp_path):
    write(tmp_path / "b" / "two.txt", ENGLISH_REPORT)
    write(tmp_path / "a.txt", GERMAN_REPORT)
    write(tmp_path / "b" / "notes.pdf", "ignored")
    found = list(expand_inputs([str(tmp_path)]))
    assert found == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "two.txt")]


class _Pages(BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes, dict]] = {}

    def do_GET(self):  # noqa: N802 - http.server's naming
        status, ctype, body, headers = self.routes.get(self.path, (404, "text/plain", b"missing", {}))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def web():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", _Pages.routes
    server.shutdown()
    _Pages.routes.clear()


def test_url_html_follows_redirects(web):
    base, routes = web
    routes["/old"] = (301, "text/plain", b"", {"Location": "/article"})
    routes["/article"] = (200, "text/html; charset=utf-8", ARTICLE_HTML.encode(), {})
    [doc] = read_input(f"{base}/old")
    assert doc.url.endswith("/article") or doc.url == "https://example.org/vilnius-gipfel"
    assert "Vilnius" in doc.text


def test_url_feed_is_read_as_feed(web):
    base, routes = web
    routes["/feed"] = (200, "application/rss+xml", FEED.encode(), {})
    assert len(read_input(f"{base}/feed")) == 2


@pytest.mark.parametrize(
    "route, expected",
    [
        ((404, "text/html", b"gone", {}), "HTTP 404"),
        ((200, "application/pdf", b"%PDF-1.4", {}), "content type 'application/pdf'"),
    ],
)
def test_url_errors_are_input_errors(web, cli, tmp_path, route, expected):
    base, routes = web
    routes["/x"] = route
    result = cli("ingest", f"{base}/x", "--db", tmp_path / "s.db", "--no-analyze")
    assert result.exit_code == 2
    assert expected in result.stderr


def test_url_over_size_cap_is_refused(web, cli, tmp_path):
    base, routes = web
    routes["/big"] = (200, "text/html", b"<p>" + b"x" * 5000 + b"</p>", {})
    result = cli("ingest", f"{base}/big", "--db", tmp_path / "s.db", "--max-bytes", "1000")
    assert result.exit_code == 2
    assert "cap" in result.stderr


def test_ingest_stores_and_search_finds(cli, tmp_path):
    write(tmp_path / "in" / "de.txt", GERMAN_REPORT)
    write(tmp_path / "in" / "en.txt", ENGLISH_REPORT)
    db = tmp_path / "s.db"
    result = cli("ingest", tmp_path / "in", "--db", db, "--no-analyze", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 2
    hits = json.loads(cli("search", "Kiew Gespräche", "--db", db, "--json").stdout)
    assert [h["id"] for h in hits] == ["de-1"]
    # Words match as prefixes, so the inflected "Gesprächen" is found above.
    assert [h["id"] for h in json.loads(cli("search", "Außenminister", "--db", db, "--json").stdout)] == ["de-1"]
    again = json.loads(cli("ingest", tmp_path / "in", "--db", db, "--no-analyze", "--json").stdout)
    assert again["unchanged"] == 2 and again["added"] == 0
    with Store(db) as store:
        assert store.count() == 2
