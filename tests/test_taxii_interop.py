"""Interoperability over real HTTP on 127.0.0.1: the OASIS taxii2-client reads every
endpoint of our server, `lagebild sync` pulls from and pushes to it, and pulls from the
OASIS reference server medallion (memory backend, data file written here)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lagebild.share import stix
from lagebild.share.loopback import medallion_collection, start_lagebild, start_medallion, stop
from lagebild.share.taxii import INBOX_COLLECTION, READ_COLLECTION
from lagebild.store import Store
from tests.sharing_data import copy_store, shared_store

pytestmark = pytest.mark.slow


@pytest.fixture
def server_db(tmp_path_factory, tmp_path) -> Path:
    folder = tmp_path / "server"
    folder.mkdir()
    return copy_store(shared_store(tmp_path_factory), folder)


@pytest.fixture
def partner(cli, server_db) -> tuple[str, str]:
    result = cli("partner", "add", "ally", "--max-tlp", "GREEN", "--write", "--db", server_db, "--json")
    assert result.exit_code == 0, result.stderr
    return "ally", json.loads(result.stdout)["key"]


@pytest.fixture
def lagebild_server(server_db, partner):
    process, url = start_lagebild(server_db)
    try:
        yield url
    finally:
        stop(process)


def test_taxii2_client_reads_every_endpoint_of_our_server(lagebild_server, partner):
    from taxii2client.v21 import Server, as_pages

    user, key = partner
    server = Server(lagebild_server, user=user, password=key)
    assert server.title == "lagebild TAXII 2.1"
    root = server.default
    assert root.versions == ["application/taxii+json;version=2.1"] and root.max_content_length > 0
    collections = {c.id: c for c in root.collections}
    assert set(collections) == {READ_COLLECTION, INBOX_COLLECTION}
    ours = collections[READ_COLLECTION]
    pages = list(as_pages(ours.get_objects, per_request=2))
    assert len(pages) > 2
    ids = [o["id"] for page in pages for o in page.get("objects", [])]
    report = stix.stix_id("report", "kiew-1")
    assert report in ids and stix.stix_id("report", "summit-1") not in ids  # AMBER stays home
    manifest = [m for page in as_pages(ours.get_manifest, per_request=3) for m in page.get("objects", [])]
    assert [m["id"] for m in manifest] == ids
    assert ours.get_object(report)["objects"][0]["id"] == report
    assert len(ours.object_versions(report)["versions"]) == 1


def test_sync_pull_and_push_against_our_server(cli, lagebild_server, partner, server_db, tmp_path):
    user, key = partner
    mine = tmp_path / "client.db"
    url = lagebild_server + "lagebild/"
    first = cli("sync", "pull", url, "--collection", READ_COLLECTION, "--user", user, "--password", key,
                "--db", mine, "--page-size", "2", "--json")
    assert first.exit_code == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["pages"] > 2 and summary["added"] == summary["objects"] > 0 and summary["resume_from"]
    with Store(mine) as store:
        held = {r[0] for r in store.conn.execute("SELECT id FROM stix_objects")}
    assert stix.stix_id("report", "kiew-1") in held and stix.stix_id("report", "summit-1") not in held
    again = json.loads(cli("sync", "pull", url, "--collection", "lagebild", "--user", user, "--password", key,
                           "--db", mine, "--json").stdout)
    assert again["objects"] == 0  # resumed after the last date added
    wrong = cli("sync", "pull", url, "--collection", READ_COLLECTION, "--user", user, "--password", "nope",
                "--db", mine)
    assert wrong.exit_code == 2 and "401" in wrong.stderr

    pushed = cli("sync", "push", lagebild_server, "--collection", INBOX_COLLECTION, "--user", user,
                 "--password", key, "--db", server_db, "--tlp", "GREEN", "--max-bytes", "4096", "--json")
    assert pushed.exit_code == 0, pushed.stderr
    result = json.loads(pushed.stdout)
    assert result["envelopes"] > 1 and result["succeeded"] == result["objects"] > 0 and result["failed"] == 0
    conn = sqlite3.connect(server_db)
    stored = conn.execute("SELECT count(DISTINCT id) FROM stix_objects WHERE origin = 'taxii:ally'").fetchone()[0]
    actions = [r[0] for r in conn.execute("SELECT action FROM taxii_audit WHERE partner = 'ally'")]
    conn.close()
    assert stored == result["objects"]
    assert actions.count("add objects") == result["envelopes"] and "get objects" in actions


# -- medallion -----------------------------------------------------------------------------------
COLLECTION = "91a7b528-80eb-42ed-a74d-c6fbd5a26116"


def indicator(n: int) -> dict:
    return {"type": "indicator", "spec_version": "2.1", "id": f"indicator--{n:08d}-1d2e-4f3a-8b4c-5d6e7f8a9b0c",
            "created": f"2024-01-{n + 1:02d}T00:00:00.000Z", "modified": f"2024-01-{n + 1:02d}T00:00:00.000Z",
            "name": f"host {n}", "pattern": f"[domain-name:value = 'h{n}.example']", "pattern_type": "stix",
            "valid_from": "2024-01-01T00:00:00Z"}


@pytest.fixture
def medallion(tmp_path):
    pytest.importorskip("medallion")  # the test extra
    objects = [indicator(n) for n in range(7)]
    added = [f"2024-02-{n + 1:02d}T00:00:00.000Z" for n in range(len(objects))]
    collection = medallion_collection(COLLECTION, "indicators", objects, added, can_write=True)
    process, root = start_medallion(tmp_path, [collection], {"puller": "secret"}, max_page=3, max_bytes=9765625)
    try:
        yield root, objects
    finally:
        stop(process)


def test_sync_pull_from_medallion(cli, medallion, tmp_path):
    url, objects = medallion
    mine = tmp_path / "mine.db"
    args = ["--collection", COLLECTION, "--user", "puller", "--password", "secret", "--db", mine]
    first = cli("sync", "pull", url, *args, "--page-size", "3", "--json")
    assert first.exit_code == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["pages"] == 3 and summary["added"] == len(objects)
    assert summary["resume_from"].startswith("2024-02-07")
    with Store(mine) as store:
        rows = store.conn.execute("SELECT id, origin FROM stix_objects ORDER BY id").fetchall()
    assert [r[0] for r in rows] == sorted(o["id"] for o in objects)
    assert all(r[1].startswith("pull:") for r in rows)
    again = json.loads(cli("sync", "pull", url, *args, "--json").stdout)
    assert again["objects"] == 0
    through_discovery = cli("sync", "pull", url.replace("api1/", "taxii2/"), *args, "--restart", "--json")
    assert through_discovery.exit_code == 0, through_discovery.stderr
    assert json.loads(through_discovery.stdout)["unchanged"] == len(objects)
