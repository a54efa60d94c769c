"""The entity graph and entity pages (lagebild.entities, lagebild.web.entities): counts on
a small hand-made store where every weight is known, and the pages over the demo corpus."""

from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lagebild.document import Document
from lagebild.entities import Edge, Graph, Node
from lagebild.store import MIGRATIONS, Store, _split_sql
from lagebild.web import create_app
from lagebild.web.entity_graph import HEIGHT, WIDTH, draw

BERLIN = "city:2950159"

# Three reports and a near-copy of the first. Sentences and entity offsets are made up:
# only the numbers matter here, not the words.
SMALL = {
    "a": ("Rutte NATO-Gipfel. Deutschland und Rutte.",
          [(0, 19), (19, 41)],
          [(0, "mark-rutte"), (6, "org:NATO"), (23, "country:DE"), (35, "mark-rutte")]),
    "b": ("Rutte besucht Deutschland.", [(0, 26)], [(0, "mark-rutte"), (14, "country:DE")]),
    "c": ("NATO tagt im Berliner Zeughaus.", [(0, 31)], [(0, "org:NATO"), (13, BERLIN)]),
    "a-copy": ("Rutte NATO-Gipfel. Deutschland und Rutte!",
               [(0, 19), (19, 41)],
               [(0, "mark-rutte"), (6, "org:NATO"), (23, "country:DE"), (35, "mark-rutte")]),
}


def _analysis(doc_id: str, text: str, sentences: list, entities: list) -> dict:
    return {"id": doc_id, "language": "de", "text": text,
            "sentences": [{"start": s, "end": e} for s, e in sentences],
            "entities": [{"start": at, "end": at + 4, "text": text[at:at + 4], "label": "X", "kb_id": kb_id}
                         for at, kb_id in entities]}


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("entities") / "empty.db"
    create_app(db)  # migrated, with the knowledge base's starter pack
    return db


@pytest.fixture
def small(empty_template, tmp_path) -> TestClient:
    db = tmp_path / "small.db"
    shutil.copy(empty_template, db)
    with Store(db) as store, store.transaction():
        pks = {}
        for doc_id, (text, sentences, entities) in SMALL.items():
            pk, _ = store.upsert_document(Document(id=doc_id, text=text, title=f"Report {doc_id}",
                                                   publisher="Testblatt", language="de"))
            store.save_analysis(pk, "test", _analysis(doc_id, text, sentences, entities))
            pks[doc_id] = pk
        store.set_duplicate(pks["a-copy"], pks["a"], 0.97)
    return TestClient(create_app(db))


@pytest.fixture
def demo(demo_store) -> TestClient:
    return TestClient(create_app(demo_store))


def _edges(data: dict) -> dict[tuple[str, str], int]:
    return {(e["source"], e["target"]): e["weight"] for e in data["edges"]}


# -- counts on the hand-made store ----------------------------------------------------------
def test_nodes_and_edge_weights_by_report(small):
    data = small.get("/entities.json").json()
    assert data["documents"] == 3  # the near-copy is not counted
    nodes = {n["kb_id"]: n for n in data["nodes"]}
    assert set(nodes) == {"mark-rutte", "org:NATO", "country:DE", BERLIN}
    assert (nodes["mark-rutte"]["mentions"], nodes["mark-rutte"]["documents"]) == (3, 2)
    assert nodes["mark-rutte"]["kind"] == "person" and nodes["mark-rutte"]["name"] == "Mark Rutte"
    assert nodes["org:NATO"]["kind"] == "organisation" and nodes["country:DE"]["kind"] == "place"
    assert nodes[BERLIN]["name"] == "Berlin" and nodes[BERLIN]["detail"] == "city in Germany"
    assert [n["kb_id"] for n in data["nodes"]][0] == "mark-rutte"  # the most mentioned first
    assert _edges(data) == {("country:DE", "mark-rutte"): 2, ("mark-rutte", "org:NATO"): 1,
                            ("country:DE", "org:NATO"): 1, (BERLIN, "org:NATO"): 1}
    assert data["edges_total"] == 4
    for node in data["nodes"]:
        assert 0 <= node["x"] <= WIDTH and 0 <= node["y"] <= HEIGHT
        assert node["href"].startswith("/entities/")


def test_edge_weights_by_sentence(small):
    data = small.get("/entities.json", params={"scope": "sentence"}).json()
    assert data["scope"] == "sentence"
    # Germany and NATO are in the same report but never in the same sentence.
    assert _edges(data) == {("country:DE", "mark-rutte"): 2, ("mark-rutte", "org:NATO"): 1,
                            (BERLIN, "org:NATO"): 1}


def test_filters_by_type_words_and_entity(small):
    persons = small.get("/entities.json", params={"type": "person"}).json()
    assert [n["kb_id"] for n in persons["nodes"]] == ["mark-rutte"] and persons["edges"] == []
    assert persons["query"]["type"] == ["person"]
    two = small.get("/entities.json?type=place&type=organisation").json()
    assert {n["kind"] for n in two["nodes"]} == {"place", "organisation"}
    assert _edges(two) == {("country:DE", "org:NATO"): 1, (BERLIN, "org:NATO"): 1}

    found = small.get("/entities.json", params={"q": "Zeughaus"}).json()
    assert found["documents"] == 1 and {n["kb_id"] for n in found["nodes"]} == {"org:NATO", BERLIN}

    around = small.get("/entities.json", params={"around": "country:DE"}).json()
    assert around["documents"] == 2 and around["nodes"][0]["kb_id"] == "country:DE"
    assert BERLIN not in {n["kb_id"] for n in around["nodes"]}

    top = small.get("/entities.json", params={"limit": 2}).json()
    assert [n["kb_id"] for n in top["nodes"]] == ["mark-rutte", "country:DE"]


@pytest.mark.parametrize("params, status, reason", [
    ({"type": "thing"}, 400, "unknown entity type 'thing'"),
    ({"scope": "paragraph"}, 400, "unknown scope 'paragraph'"),
    ({"q": "!!"}, 400, "no words"),
    ({"limit": 1}, 422, "limit"),
])
def test_bad_filters_say_why(small, params, status, reason):
    response = small.get("/entities.json", params=params)
    assert response.status_code == status and reason in response.json()["error"]
    page = small.get("/entities", params=params, headers={"accept": "text/html"})
    assert page.status_code == status and reason in html.unescape(page.text)


def test_entity_page_of_a_person_with_offices(small):
    data = small.get("/entities/mark-rutte.json").json()
    assert data == small.get("/entities/mark-rutte", params={"format": "json"}).json()
    entity = data["entity"]
    assert (entity["name"], entity["kind"], entity["mentions"], entity["documents"]) == ("Mark Rutte", "person", 3, 2)
    assert [d["id"] for d in data["documents"] if not d["duplicate_of"]] == ["a", "b"]
    assert {"id": "a-copy", "duplicate_of": "a"}.items() <= next(
        d for d in data["documents"] if d["id"] == "a-copy").items()
    assert {n["kb_id"]: n["weight"] for n in data["cooccurring"]} == {"country:DE": 2, "org:NATO": 1}
    offices = {t["office"] for t in data["knowledge_base"]["terms"]}
    assert "Prime Minister of the Netherlands" in offices
    assert data["graph"] == "/entities?around=mark-rutte"

    html = small.get("/entities/mark-rutte").text
    assert "<h1>Mark Rutte" in html and "Prime Minister of the Netherlands" in html
    assert 'href="/kb?person=mark-rutte"' in html
    assert 'href="/entities/country:DE"' in html and 'href="/documents/a"' in html
    sentence = small.get("/entities/mark-rutte.json", params={"scope": "sentence"}).json()
    assert {n["kb_id"]: n["weight"] for n in sentence["cooccurring"]} == {"country:DE": 2, "org:NATO": 1}


def test_entity_page_of_a_place(small):
    data = small.get(f"/entities/{BERLIN}.json").json()
    assert data["entity"]["name"] == "Berlin" and data["knowledge_base"] is None
    assert [d["id"] for d in data["documents"]] == ["c"]
    assert "Offices in the knowledge base" not in small.get(f"/entities/{BERLIN}").text


def test_a_known_person_no_report_names_has_a_page(small):
    data = small.get("/entities/olaf-scholz.json").json()
    assert data["entity"]["documents"] == 0 and data["documents"] == []
    assert data["knowledge_base"]["terms"]


@pytest.mark.parametrize("kb_id", ["nobody-at-all", "country:ZZ", "org:Nothing", "city:1"])
def test_unknown_entities_are_404(small, kb_id):
    response = small.get(f"/entities/{kb_id}")
    assert response.status_code == 404 and "no entity with id" in response.json()["error"]
    page = small.get(f"/entities/{kb_id}", headers={"accept": "text/html"})
    assert page.status_code == 404 and "<h1>Error 404</h1>" in page.text


def test_sentences_of_stored_analyses_are_filled_by_the_migration(tmp_path):
    """A store from before the entity graph gets its entity_sentences from its analyses."""
    number = next(i for i, m in enumerate(MIGRATIONS) if "CREATE TABLE entity_sentences" in m)
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for i, migration in enumerate(MIGRATIONS[:number]):
        for statement in _split_sql(migration):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {i + 1}")
    conn.execute("INSERT INTO documents (pk, id, text, content_hash, ingested_at) VALUES (1, 'a', 't', 'h', 'now')")
    text, sentences, entities = SMALL["a"]
    conn.execute("INSERT INTO analyses VALUES (1, 'test', ?, 'now')",
                 (json.dumps(_analysis("a", text, sentences, entities)),))
    conn.commit()
    conn.close()
    with Store(db) as store:
        rows = store.conn.execute("SELECT sentence, kb_id FROM entity_sentences ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in rows] == [(0, "mark-rutte"), (0, "org:NATO"), (1, "country:DE"), (1, "mark-rutte")]


# -- the demo corpus -------------------------------------------------------------------------
def test_graph_page_over_the_demo_corpus(demo):
    data = demo.get("/entities.json").json()
    nodes = {n["kb_id"]: n for n in data["nodes"]}
    assert {"jens-stoltenberg", "org:NATO", "city:593116", "donald-trump"} <= set(nodes)
    assert nodes["jens-stoltenberg"]["name"] == "Jens Stoltenberg" and nodes["city:593116"]["name"] == "Vilnius"
    assert _edges(data)[("jens-stoltenberg", "org:NATO")] >= 3

    page = demo.get("/entities")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "http://" not in html and "https://" not in html
    assert '<script src="/static/entities.js" defer>' in html
    svg = html[html.index("<svg id=\"entity-graph\""):html.index("</svg>", html.index("<svg id=\"entity-graph\""))]
    # Every node is a link with its kind as a class and a shape per kind; every edge a line.
    links = re.findall(r'<a class="node kind-(\w+)" href="([^"]+)" data-id="([^"]+)"', svg)
    assert {(kind, href, kb_id) for kind, href, kb_id in links} == {
        (n["kind"], n["href"], n["kb_id"]) for n in data["nodes"]}
    assert "<circle" in svg and "<rect" in svg and "<polygon" in svg
    assert svg.count('<line class="edge"') == len(data["edges"])
    # The tables carry the same nodes and pairs for readers without the picture.
    tables = html[html.index('id="nodes-h"'):]
    for node in data["nodes"]:
        assert f'<a href="{node["href"]}">' in tables
    assert tables.count("<tr>") == len(data["nodes"]) + len(data["edges"]) + 2
    # The layout is deterministic: the same request draws the same picture.
    assert demo.get("/entities").text == html


def test_article_view_links_its_entities(demo):
    html = demo.get("/documents/demo-vilnius-1").text
    assert '<dt>Persons</dt>' in html and '<a href="/entities/jens-stoltenberg">Jens Stoltenberg</a>' in html
    assert '<a href="/entities/org:NATO">NATO</a>' in html
    twin = demo.get("/documents/demo-vilnius-1.json").json()
    assert {"kb_id": "org:NATO", "kind": "organisation", "href": "/entities/org:NATO"}.items() <= next(
        e for e in twin["entities"] if e["kb_id"] == "org:NATO").items()


def test_layout_of_a_large_graph_is_fast_and_on_the_canvas():
    nodes = [Node(f"p{i}", ("person", "organisation", "place")[i % 3], f"Entity number {i}", None, 1, 200 - i)
             for i in range(150)]
    edges = [Edge(f"p{i}", f"p{j}", 1 + (i * j) % 7) for i in range(150) for j in range(i + 1, 150)
             if (i + j) % 11 == 0]
    graph = Graph(nodes, edges, len(edges), 1000, "document")
    started = time.perf_counter()
    drawn, lines = draw(graph)
    assert time.perf_counter() - started < 1.0
    assert len(drawn) == 150 and len(lines) == len(edges)
    assert all(0 <= n.x <= WIDTH and 0 <= n.y <= HEIGHT for n in drawn)
    assert draw(graph)[0] == drawn
