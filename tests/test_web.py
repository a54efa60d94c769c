"""The web workbench and REST API (lagebild.web), through FastAPI's test client."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lagebild.web import create_app
from lagebild.web.server import check_binding, is_loopback
from tests.conftest import store_fingerprint

ARTIFACT = "Für amerikanische Leser"
GERMAN = {
    "text": f"{ARTIFACT}: Die Außenminister mehrerer Staaten sind am Dienstag zu Gesprächen in Kiew "
            "eingetroffen. Sie wollen über weitere Hilfen für die Ukraine beraten.",
    "title": "Außenminister in Kiew",
    "publisher": "Testblatt",
    "published": "2024-10-29",
    "language": "de",
}
ENGLISH = {
    "id": "en-wire-1",
    "text": "Foreign ministers from several countries arrived in Kyiv on Tuesday for talks with the "
            "government about air defence, grain exports and the reconstruction of the power grid. "
            "The delegation met the prime minister and visited a damaged substation outside the city, "
            "where engineers described the repairs of the past winter and the plans for the next one.",
    "title": "Ministers arrive in Kyiv",
    "publisher": "Test Wire",
    "published": "2024-10-29",
    "language": "en",
}
# The same wire story with two words changed: a near-duplicate copy.
COPY = ENGLISH | {"id": "en-wire-1-copy", "publisher": "Reprint Daily",
                  "text": ENGLISH["text"].replace("several countries", "six countries")}


def test_openapi_schema_lists_the_api():
    with TestClient(create_app(Path(":memory:"))) as c:
        schema = c.get("/api/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/check", "/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/kb/who"} <= paths
    assert "/documents" not in paths  # pages are not API
    assert c.get("/docs").status_code == 404  # Swagger UI would load from a CDN


def test_check_returns_the_cli_json_and_stores_nothing(client, db):
    before = store_fingerprint(db)
    response = client.post("/api/check", json=GERMAN)
    assert response.status_code == 200
    result = response.json()
    assert set(result) >= {"id", "text", "published", "findings", "claims", "source_reliability"}
    assert result["text"] == GERMAN["text"] and result["published"] == "2024-10-29"
    artifact = [f for f in result["findings"] if f["kind"] == "generation_artifact"]
    assert artifact and artifact[0]["start"] == 0 and artifact[0]["text"] == ARTIFACT
    assert all(1 <= c["credibility"] <= 6 for c in result["claims"])
    assert store_fingerprint(db) == before


def test_add_list_get_and_search_documents(client):
    added = client.post("/api/documents", json=ENGLISH)
    assert added.status_code == 201 and added.json()["id"] == "en-wire-1"
    assert added.json()["status"] == "added"
    german = client.post("/api/documents", json=GERMAN).json()
    assert german["id"].startswith("web-") and german["language"] == "de"
    assert client.post("/api/documents", json=GERMAN).json()["status"] == "unchanged"

    listing = client.get("/api/documents").json()
    assert listing["total"] == 2 and len(listing["documents"]) == 2
    first = listing["documents"][0]
    assert {"publisher", "language", "published", "duplicate_of", "findings"} <= set(first)
    page = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert len(page["documents"]) == 1 and page["documents"][0]["id"] == listing["documents"][1]["id"]

    one = client.get("/api/documents/en-wire-1").json()
    assert one["document"]["text"] == ENGLISH["text"] and one["check"] is None

    hits = client.get("/api/search", params={"q": "substation"}).json()
    assert [h["id"] for h in hits] == ["en-wire-1"]


def test_near_duplicates_are_linked_and_grouped_in_the_inbox(client):
    client.post("/api/documents", json=ENGLISH)
    copy = client.post("/api/documents", json=COPY).json()
    assert copy["duplicate_of"] == "en-wire-1"
    listed = {d["id"]: d for d in client.get("/api/documents").json()["documents"]}
    assert listed["en-wire-1-copy"]["duplicate_of"] == "en-wire-1"
    html = client.get("/documents").text
    original, nested = html.index('href="/documents/en-wire-1"'), html.index('href="/documents/en-wire-1-copy"')
    assert original < nested and "↳ copy" in html[original:nested]
    assert client.get("/api/documents/en-wire-1").json()["copies"] == ["en-wire-1-copy"]


def test_kb_who(client):
    holders = client.get("/api/kb/who", params={"role": "secretary_general", "org": "nato",
                                                "date": "2024-10-28"}).json()
    assert [h["name"] for h in holders] == ["Mark Rutte"]
    assert client.get("/api/kb/who", params={"role": "head_of_government", "country": "DE",
                                             "date": "1800-01-01"}).json() == []


@pytest.mark.parametrize(
    "method, url, kwargs, status, reason",
    [
        ("get", "/api/documents/no-such-doc", {}, 404, "no document with id 'no-such-doc'"),
        ("post", "/api/check", {"json": {"title": "no text"}}, 422, "text: Field required"),
        ("post", "/api/documents", {"content": b"{not json", "headers": {"content-type": "application/json"}},
         422, "JSON"),
        ("post", "/api/documents", {"json": GERMAN | {"published": "29.10.2024"}}, 400, "not an ISO date"),
        ("post", "/api/documents", {"json": {"text": "   "}}, 400, "'text' is empty"),
        ("post", "/api/documents", {"json": GERMAN | {"language": "fr"}}, 400, "language 'fr'"),
        ("post", "/api/check", {"json": GERMAN | {"language": "german"}}, 400, "ISO 639-1"),
        ("get", "/api/documents", {"params": {"limit": 0}}, 422, "limit"),
        ("get", "/api/search", {}, 422, "q: Field required"),
        ("get", "/api/search", {"params": {"q": "!!"}}, 400, "no words"),
        ("get", "/api/kb/who", {"params": {"role": "king", "country": "DE", "date": "2024-01-01"}}, 400,
         "unknown role 'king'"),
        ("get", "/api/kb/who", {"params": {"role": "head_of_state", "country": "DE", "date": "soon"}}, 400,
         "not an ISO date"),
        ("get", "/api/kb/who", {"params": {"role": "head_of_state", "date": "2024-01-01"}}, 400,
         "exactly one of"),
        ("get", "/api/nothing-here", {}, 404, "Not Found"),
    ],
)
def test_errors_are_json_with_a_reason_and_change_nothing(client, db, method, url, kwargs, status, reason):
    before = store_fingerprint(db)
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert reason in response.json()["error"]
    assert store_fingerprint(db) == before


def test_bodies_over_the_cap_get_413_before_parsing(db):
    client = TestClient(create_app(db, max_body_bytes=1000))
    before = store_fingerprint(db)
    big = GERMAN | {"text": "Wort " * 1000}
    response = client.post("/api/documents", json=big)
    assert response.status_code == 413 and "limit" in response.json()["error"]

    def chunked():  # no Content-Length: the cap still holds while reading
        for _ in range(10):
            yield b"x" * 500

    response = client.post("/api/documents", content=chunked(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert client.post("/add", data={"text": "Wort " * 1000}).status_code == 413
    assert store_fingerprint(db) == before


def test_default_cap_is_two_megabytes(client):
    response = client.post("/api/check", content=b" " * (2 * 1024 * 1024 + 1),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_paste_and_check_shows_the_highlighted_findings(client):
    response = client.post("/add", data=GERMAN, follow_redirects=False)
    assert response.status_code == 303
    url = response.headers["location"]
    assert url.startswith("/documents/web-")
    html = client.get(url).text
    # The artifact is marked, with its kind as a text label (not colour alone) linking to the finding.
    assert f'<mark class="finding kind-generation_artifact"' in html
    mark = html[html.index("<mark"):]
    assert mark[mark.index(">") + 1:].startswith(ARTIFACT + "</mark>")
    assert '<a class="tag kind-generation_artifact" href="#finding-1"' in html
    assert "1 · Generation artifact" in html
    assert 'id="finding-1"' in html and "residue of how the text was produced" in html
    assert "Claims" in html and "cannot be judged" in html  # credibility 6 without a corpus
    assert "Source reliability" in html

    twin = client.get(url + ".json").json()
    assert twin["check"]["findings"][0]["kind"] == "generation_artifact"
    assert client.get(url, params={"format": "json"}).json() == twin
    inbox = client.get("/documents.json").json()
    assert inbox["documents"][0]["findings"] == len(twin["check"]["findings"])
    assert '<span class="count has">' in client.get("/documents").text


def test_add_form_errors_show_the_reason_and_store_nothing(client, db):
    before = store_fingerprint(db)
    response = client.post("/add", data={"text": "Wort Wort", "published": "gestern"},
                           headers={"accept": "text/html"})
    assert response.status_code == 400
    assert "not an ISO date" in response.text and "Wort Wort" in response.text  # the form keeps the text
    json_error = client.post("/add?format=json", json={"text": ""})
    assert json_error.status_code == 400 and "'text' is empty" in json_error.json()["error"]
    assert store_fingerprint(db) == before


def test_a_stored_document_can_be_checked_from_its_page(client):
    doc_id = client.post("/api/documents", json=GERMAN | {"id": "feeds/de#1"}).json()["id"]
    page = client.get("/documents/feeds/de%231")
    assert page.status_code == 200 and "Run the check" in page.text and "<mark" not in page.text
    response = client.post("/documents/feeds/de%231/check", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/documents/feeds/de%231"
    assert "kind-generation_artifact" in client.get("/documents/feeds/de%231").text
    assert client.get("/api/documents/feeds/de%231").json()["document"]["id"] == doc_id


@pytest.mark.parametrize("path", ["/documents", "/add", "/kb"])
def test_every_page_has_a_json_twin(client, path):
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<link rel="stylesheet" href="/static/lagebild.css">' in page.text
    assert "http://" not in page.text and "https://" not in page.text  # nothing from outside hosts
    for twin in (path + ".json", path + "?format=json"):
        response = client.get(twin)
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"


def test_knowledge_base_page(client):
    html = client.get("/kb", params={"role": "secretary_general", "org": "NATO", "date": "2024-10-28"}).text
    assert "Mark Rutte" in html
    person = client.get("/kb", params={"person": "Rutte"}).text
    assert "Prime Minister of the Netherlands" in person and "2010-10-14" in person
    twin = client.get("/kb.json", params={"person": "mark-rutte"}).json()
    assert twin["persons"][0]["name"] == "Mark Rutte"
    bad = client.get("/kb", params={"role": "king", "country": "DE", "date": "2024-01-01"})
    assert bad.status_code == 400 and "unknown role" in bad.text


def test_search_page(client):
    client.post("/api/documents", json=ENGLISH)
    html = client.get("/documents", params={"q": "substation"}).text
    assert "1 hit(s)" in html and "[substation]" in html
    assert client.get("/documents.json", params={"q": "substation"}).json()["hits"][0]["id"] == "en-wire-1"


def test_a_browser_gets_errors_as_a_page(client):
    response = client.get("/documents/missing", headers={"accept": "text/html"})
    assert response.status_code == 404 and "<h1>Error 404</h1>" in response.text
    assert "no document with id" in response.text


def test_static_files_are_served(client):
    assert client.get("/static/lagebild.js").status_code == 200
    assert "kind-generation_artifact" in client.get("/static/lagebild.css").text


def test_token_is_required_on_every_request(db):
    client = TestClient(create_app(db, token="s3cret"))
    for path in ("/documents", "/api/documents", "/api/openapi.json", "/static/lagebild.css"):
        response = client.get(path)
        assert response.status_code == 401 and "token" in response.json()["error"]
    before = store_fingerprint(db)
    assert client.post("/api/documents", json=GERMAN).status_code == 401
    assert store_fingerprint(db) == before
    assert client.get("/api/documents", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/documents", headers={"authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/login", params={"token": "nope"}).status_code == 401

    login = client.get("/login", params={"token": "s3cret"}, follow_redirects=False)
    assert login.status_code == 303 and "HttpOnly" in login.headers["set-cookie"]
    assert client.get("/documents").status_code == 200  # the client keeps the cookie


def test_without_a_token_nothing_is_asked(client):
    assert client.get("/api/documents").status_code == 200


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_hosts(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_refuses_a_public_host_without_a_token(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("LAGEBILD_TOKEN", raising=False)
    result = cli("serve", "--host", "0.0.0.0", "--db", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "--token" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()
    check_binding("0.0.0.0", "s3cret")  # with a token it is allowed
    check_binding("127.0.0.1", None)
