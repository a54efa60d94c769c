"""The Add page's file upload and URL, POST /api/ingest, and the article view's exports."""

from __future__ import annotations

import json
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lagebild.store import Store
from lagebild.web import create_app
from tests.conftest import store_fingerprint
from tests.sharing_data import copy_store, shared_store

CORPUS = Path(__file__).resolve().parents[1] / "src/lagebild/demo/corpus"
ARTICLE = """---
title: Außenminister in Kiew
publisher: Testblatt
published: 2024-10-29
language: de
---
Für amerikanische Leser: Die Außenminister mehrerer Staaten sind am Dienstag zu Gesprächen in Kiew
eingetroffen. Sie wollen über weitere Hilfen für die Ukraine beraten.
"""
BATCH = "\n".join(json.dumps(record, ensure_ascii=False) for record in (
    {"text": "Die Außenminister mehrerer Staaten sind am Dienstag in Kiew eingetroffen.", "language": "de"},
    {"id": "batch-2", "text": "Foreign ministers arrived in Kyiv on Tuesday for talks with the government.",
     "language": "en", "published": "2024-10-29"},
)) + "\n"
HTML = {"accept": "text/html"}


def upload(client: TestClient, name: str, content: bytes | str, **kwargs):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post("/add", files={"file": (name, data, "application/octet-stream")}, **kwargs)


def alerts(html: str) -> list[str]:
    """The visible alerts of a page (hidden ones are the other forms' empty slots)."""
    return re.findall(r'<p class="error[^"]*" role="alert">([^<]+)</p>', html)


def test_the_add_page_offers_paste_upload_and_address(client):
    html = client.get("/add").text
    assert 'enctype="multipart/form-data"' in html and 'type="file"' in html and 'type="url"' in html
    assert 'data-max-bytes="2097152"' in html and "at most 2 MiB" in html
    twin = client.get("/add.json").json()
    assert {"file", "url", "encoding"} <= set(twin["fields"]) and twin["api"]["ingest"] == "/api/ingest"


def test_an_uploaded_article_is_checked_and_its_view_opens(client):
    response = upload(client, "kiew.md", ARTICLE, follow_redirects=False)
    assert response.status_code == 303
    url = response.headers["location"]
    assert url.startswith("/documents/web-")  # named by its text, not by the file name
    html = client.get(url).text
    assert "<h1>Außenminister in Kiew</h1>" in html and 'class="finding kind-generation_artifact"' in html
    assert client.get(url + ".json").json()["document"]["publisher"] == "Testblatt"


def test_several_documents_open_the_inbox_with_just_them(client):
    client.post("/api/documents", json={"id": "other", "text": "Ein ganz anderer Bericht über das Wetter in Bonn.",
                                        "language": "de"})
    response = upload(client, "batch.jsonl", BATCH, follow_redirects=False)
    assert response.status_code == 303
    url = response.headers["location"]
    assert url.startswith("/documents?id=web-") and url.endswith("&id=batch-2")
    twin = client.get(url + "&format=json").json()
    assert [d["id"] for d in twin["documents"]][1:] == ["batch-2"] and twin["total"] == 2
    assert all(d["findings"] is not None for d in twin["documents"])  # each was checked
    html = client.get(url).text
    assert "2 documents of the upload" in html and 'href="/documents/other"' not in html


def test_progress_comes_as_one_json_line_per_step(client):
    response = upload(client, "batch.jsonl", BATCH, headers={"accept": "application/x-ndjson"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/x-ndjson")
    steps = [json.loads(line) for line in response.text.splitlines()]
    assert [s["event"] for s in steps] == ["stored", "checking", "checked", "checking", "checked", "done"]
    assert steps[0]["total"] == 2 and steps[-2]["done"] == 2 and isinstance(steps[-2]["findings"], int)
    assert steps[-1]["url"].startswith("/documents?id=")


@pytest.mark.parametrize("name", ["abraham_04_mainufer_zeitung_de.html", "feed.xml", "wire_copies.jsonl",
                                  "vilnius_01_baltic_wire_en.txt"])
def test_the_api_ingests_every_format_ingest_reads(client, name):
    data = (CORPUS / name).read_bytes()
    response = client.post("/api/ingest", files={"file": (name, data, "application/octet-stream")})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["added"] == len(body["documents"]) >= 1
    assert all(d["findings"] is None for d in body["documents"])  # not checked unless asked
    assert client.get("/api/documents").json()["total"] == body["added"]


def test_a_file_in_another_encoding_is_read_when_it_is_named(client, db):
    latin = ARTICLE.encode("cp1252")
    before = store_fingerprint(db)
    refused = upload(client, "kiew.txt", latin, headers=HTML)
    assert refused.status_code == 400
    [reason] = alerts(refused.text)
    assert reason.startswith("kiew.txt: not valid UTF-8") and "Encoding" in reason
    assert store_fingerprint(db) == before
    response = client.post("/add", files={"file": ("kiew.txt", latin, "text/plain")}, data={"encoding": "cp1252"},
                           follow_redirects=False)
    assert response.status_code == 303
    assert "Außenminister" in client.get(response.headers["location"] + ".json").json()["document"]["text"]


@pytest.mark.parametrize("name, content, reason", [
    ("scan.txt", b"%PDF\x00\x01\x02binary", "looks like a binary file"),
    ("report.pdf", b"%PDF-1.7 something", "unknown file type '.pdf'"),
    ("empty.md", b"  \n", "file is empty"),
    ("broken.md", b"---\ntitle: x\nno closing line\n", "front matter opened with '---' is never closed"),
    ("lines.jsonl", b'{"text": "ok"}\n{"title": "no text"}\n', "line 2"),
    ("french.txt", "Les ministres des Affaires étrangères sont arrivés mardi à Kiev pour des entretiens "
                   "avec le gouvernement sur la défense aérienne.".encode(), "language 'fr'"),
])
def test_bad_files_are_refused_with_the_reason_and_store_nothing(client, db, name, content, reason):
    before = store_fingerprint(db)
    page = upload(client, name, content, headers=HTML)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    [shown] = alerts(page.text)
    assert reason.replace("'", "&#39;") in shown and shown.startswith(name)
    api = client.post("/api/ingest", files={"file": (name, content, "application/octet-stream")})
    assert api.status_code == 400 and reason in api.json()["error"]
    streamed = upload(client, name, content, headers={"accept": "application/x-ndjson"})
    assert streamed.status_code == 400 and reason in streamed.json()["error"]
    assert store_fingerprint(db) == before


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:9/article.html", "cannot connect"),
    ("ftp://example.org/article.html", "must start with http:// or https://"),
    ("not a url", "must start with http:// or https://"),
])
def test_bad_addresses_are_refused_with_the_reason(client, db, url, reason):
    before = store_fingerprint(db)
    page = client.post("/add", data={"url": url}, headers=HTML)
    assert page.status_code == 400
    [shown] = alerts(page.text)
    assert reason in shown and f'value="{url}"' in page.text  # the form keeps the address
    assert client.post("/api/ingest", data={"url": url}).status_code == 400
    assert store_fingerprint(db) == before


def test_an_upload_over_the_request_cap_gets_413_on_a_page(db):
    client = TestClient(create_app(db, max_body_bytes=4000))
    before = store_fingerprint(db)
    page = upload(client, "long.md", ARTICLE * 40, headers=HTML)
    assert page.status_code == 413 and "<h1>Error 413</h1>" in page.text
    assert "over the 4,000-byte limit" in alerts(page.text)[0]
    api = client.post("/api/ingest", files={"file": ("long.md", (ARTICLE * 40).encode(), "text/markdown")})
    assert api.status_code == 413 and "limit" in api.json()["error"]
    assert store_fingerprint(db) == before


def test_neither_file_nor_address(client, db):
    before = store_fingerprint(db)
    empty_part = client.post("/add", files={"file": ("", b"", "application/octet-stream")}, headers=HTML)
    assert empty_part.status_code == 400  # the form sent without choosing a file: treated as paste
    assert client.post("/api/ingest", data={"check": "true"}).json()["error"].endswith("send either a file or a url")
    assert store_fingerprint(db) == before


@pytest.fixture
def web_server(tmp_path):
    """A local web server with one article page on it (nothing leaves the machine)."""
    (tmp_path / "article.html").write_bytes((CORPUS / "abraham_04_mainufer_zeitung_de.html").read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_an_address_is_fetched_checked_and_opened(client, web_server):
    url = web_server + "/article.html"
    response = client.post("/add", data={"url": url}, follow_redirects=False)
    assert response.status_code == 303
    view = client.get(response.headers["location"] + ".json").json()
    assert view["document"]["id"] == url and view["check"] is not None
    again = client.post("/api/ingest", data={"url": url})
    assert again.status_code == 201 and again.json()["unchanged"] == 1


# -- exports ------------------------------------------------------------------------------
@pytest.fixture
def shared_client(tmp_path_factory, tmp_path):
    """kiew-1 checked against kiew-2 (its evidence), both GREEN; see tests/sharing_data.py."""
    db = copy_store(shared_store(tmp_path_factory), tmp_path)
    return TestClient(create_app(db)), db


def test_the_article_view_offers_four_downloads(shared_client):
    client, _ = shared_client
    html = client.get("/documents/kiew-1").text
    links = re.findall(r'<a class="button" href="([^"]+)" download>([^<]+)</a>', html)
    assert [label for _, label in links] == ["Markdown", "HTML report", "JSON", "STIX 2.1"]
    assert "<dt>TLP</dt><dd><span class=\"tlp\">TLP:GREEN</span></dd>" in html
    files = {}
    for href, _ in links:
        response = client.get(href)
        assert response.status_code == 200
        assert response.headers["content-disposition"].startswith('attachment; filename="lagebild-kiew-1.')
        files[href.rsplit("/", 1)[1]] = response
    assert files["md"].text.startswith("**TLP:GREEN**\n\n# Check of kiew-1")
    assert files["md"].headers["content-type"].startswith("text/markdown")
    assert "<strong>TLP:GREEN</strong>" in files["html"].text and "<mark" in files["html"].text
    saved = client.get("/api/documents/kiew-1").json()["check"]
    assert files["json"].json() == saved and files["json"].text.endswith("}\n")  # as `check --json` prints


def test_the_stix_download_is_a_valid_bundle_of_that_article(shared_client, tmp_path):
    from stix2validator import ValidationOptions, validate_file

    client, _ = shared_client
    response = client.get("/api/documents/kiew-1/export/stix")
    assert response.headers["content-type"].startswith("application/stix+json")
    bundle = response.json()
    reports = [o for o in bundle["objects"] if o["type"] == "report"]
    assert len(reports) == 1 and "kiew-1" in json.dumps(reports[0])
    assert not any("summit-1" in json.dumps(o) for o in bundle["objects"])  # the other checked article
    path = tmp_path / "bundle.json"
    path.write_bytes(response.content)
    assert validate_file(str(path), ValidationOptions(version="2.1")).is_valid


def mark(db: Path, doc_id: str, level: str) -> None:
    with Store(db) as store, store.transaction():
        store.set_document_tlp(doc_id, level)


def test_red_is_never_exported(shared_client):
    client, db = shared_client
    mark(db, "kiew-1", "RED")
    html = client.get("/documents/kiew-1").text
    assert 'class="button"' not in html
    assert html.count("disabled aria-describedby=\"export-reason-0\"") == 4
    assert "TLP:RED: the article or its check is for its named recipients only" in html
    for fmt in ("md", "html", "json", "stix"):
        response = client.get(f"/api/documents/kiew-1/export/{fmt}")
        assert response.status_code == 403 and "TLP:RED" in response.json()["error"]


def test_a_red_document_cited_as_evidence_keeps_the_reports_home(shared_client):
    client, db = shared_client
    mark(db, "kiew-2", "RED")  # quoted by kiew-1's check
    for fmt in ("md", "html", "json"):
        assert client.get(f"/api/documents/kiew-1/export/{fmt}").status_code == 403
    bundle = client.get("/api/documents/kiew-1/export/stix")
    assert bundle.status_code == 200 and "kiew-2" not in bundle.text  # the notes quoting it stay home
    html = client.get("/documents/kiew-1").text
    assert re.findall(r'<a class="button" href="[^"]+" download>([^<]+)</a>', html) == ["STIX 2.1"]


def test_exports_of_unchecked_or_unknown_documents(client):
    client.post("/api/documents", json={"id": "plain", "text": "Ein Bericht über Kiew.", "language": "de"})
    assert "Export the check" not in client.get("/documents/plain").text
    assert client.get("/api/documents/plain/export/md").status_code == 409
    assert client.get("/api/documents/missing/export/md").status_code == 404
    assert client.get("/api/documents/plain/export/pdf").status_code == 422


# -- what schemathesis found ----------------------------------------------------------------
def test_an_offset_beyond_sqlite_integers_is_refused_not_a_server_error(client):
    too_far = str(2**63)
    assert client.get("/api/documents", params={"offset": too_far}).status_code == 422
    assert client.get("/documents", params={"offset": too_far}).status_code == 422


def test_a_file_part_without_a_file_name_is_refused_with_the_reason(client, db):
    before = store_fingerprint(db)
    response = client.post("/api/ingest", files={"file": (None, "Ein Bericht.")})
    assert response.status_code == 400 and "without a name" in response.json()["error"]
    assert client.post("/api/ingest", data={"url": "x", "check": "maybe"}).status_code == 400
    assert store_fingerprint(db) == before
