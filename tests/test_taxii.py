"""The TAXII 2.1 server (lagebild.share.taxii) through FastAPI's TestClient: endpoints,
pagination, filters, auth, TLP enforcement per partner and object, rate limit, refused
envelopes, audit; and the partner and audit commands."""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from lagebild.share import stix, tlp
from lagebild.share.partners import add_partner, may_read, revoke_partner
from lagebild.share.taxii import INBOX_COLLECTION, MEDIA_TAXII, READ_COLLECTION, TokenBucket
from lagebild.store import Store
from lagebild.web.app import create_app
from tests.sharing_data import copy_store, shared_store

ROOT = "/taxii2/lagebild/"
OBJECTS = f"{ROOT}collections/{READ_COLLECTION}/objects/"
INBOX = f"{ROOT}collections/{INBOX_COLLECTION}/objects/"
SUMMIT = stix.stix_id("report", "summit-1")  # AMBER, the store's default
KIEW = stix.stix_id("report", "kiew-1")  # GREEN

# name -> (max TLP, write, own organisation)
PARTNERS = {
    "clear": ("CLEAR", False, False),
    "green": ("GREEN", False, False),
    "amber": ("AMBER", True, False),
    "amber-own": ("AMBER", False, True),
    "strict-own": ("AMBER+STRICT", True, True),
}


@pytest.fixture
def db(tmp_path_factory, tmp_path) -> Path:
    return copy_store(shared_store(tmp_path_factory), tmp_path)


@pytest.fixture
def keys(db) -> dict[str, str]:
    with Store(db) as store:
        return {name: add_partner(store, name, level, write=write, own_org=own)[1]
                for name, (level, write, own) in PARTNERS.items()}


@pytest.fixture
def client(db, keys) -> TestClient:
    return TestClient(create_app(db))


def auth(name: str, key: str) -> dict:
    token = base64.b64encode(f"{name}:{key}".encode()).decode()
    return {"Authorization": f"Basic {token}", "Accept": MEDIA_TAXII}


def get(client, keys, name, url, **params):
    return client.get(url, headers=auth(name, keys[name]), params=params)


def all_objects(client, keys, name, **params) -> list[dict]:
    """Every page of the read collection."""
    objects, token = [], None
    while True:
        response = get(client, keys, name, OBJECTS, **params, **({"next": token} if token else {}))
        assert response.status_code == 200, response.text
        body = response.json()
        objects += body.get("objects", [])
        if not body["more"]:
            return objects
        token = body["next"]


def stix_rows(db: Path) -> list:
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, modified, tlp, origin FROM stix_objects ORDER BY 1, 2").fetchall()
    conn.close()
    return rows


def mark_article(db: Path, doc_id: str, level: str) -> None:
    """Mark a document and its saved checks: the report takes the strictest of them."""
    from lagebild.share.marking import mark

    with Store(db) as store:
        mark(store, doc_id, level)
        for (check,) in store.conn.execute("SELECT id FROM checks WHERE doc_id = ?", (doc_id,)).fetchall():
            mark(store, f"check:{check}", level)


def audit_rows(db: Path) -> list[dict]:
    with Store(db) as store:
        from lagebild.share.partners import audit_entries

        return audit_entries(store)


# -- endpoints -------------------------------------------------------------------------------
def test_discovery_api_root_and_collections(client, keys):
    response = get(client, keys, "green", "/taxii2/")
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA_TAXII
    assert response.json()["default"].endswith(ROOT) and response.json()["api_roots"]
    root = get(client, keys, "green", ROOT).json()
    assert root["versions"] == [MEDIA_TAXII] and root["max_content_length"] > 0
    collections = {c["id"]: c for c in get(client, keys, "green", f"{ROOT}collections/").json()["collections"]}
    assert collections[READ_COLLECTION]["can_read"] and not collections[READ_COLLECTION]["can_write"]
    assert not collections[INBOX_COLLECTION]["can_write"]  # green may not write
    inbox = get(client, keys, "amber", f"{ROOT}collections/{INBOX_COLLECTION}/").json()
    assert inbox["can_write"] and inbox["can_read"]
    assert get(client, keys, "green", f"{ROOT}collections/nope/").status_code == 404
    assert get(client, keys, "green", "/taxii2/other/").status_code == 404


def test_errors_use_the_taxii_format_and_media_type(client, keys):
    response = get(client, keys, "green", f"{ROOT}collections/nope/objects/")
    assert response.status_code == 404 and response.headers["content-type"] == MEDIA_TAXII
    body = response.json()
    assert body["http_status"] == "404" and body["title"]
    wrong = client.get(ROOT, headers={**auth("green", keys["green"]), "Accept": "application/json"})
    assert wrong.status_code == 406 and wrong.json()["http_status"] == "406"


def test_pagination_walks_every_object_once(client, keys):
    everything = all_objects(client, keys, "amber")
    paged, token, pages = [], None, 0
    while True:
        response = get(client, keys, "amber", OBJECTS, limit=3, **({"next": token} if token else {}))
        body = response.json()
        assert len(body.get("objects", [])) <= 3
        assert response.headers["X-TAXII-Date-Added-First"] <= response.headers["X-TAXII-Date-Added-Last"]
        paged += [o["id"] for o in body.get("objects", [])]
        pages += 1
        if not body["more"]:
            break
        token = body["next"]
    assert pages > 2
    assert paged == [o["id"] for o in everything] and len(set(paged)) == len(paged)
    assert get(client, keys, "amber", OBJECTS, next="garbage").status_code == 400
    assert get(client, keys, "amber", OBJECTS, limit=0).status_code == 400


def test_filters(client, keys):
    everything = all_objects(client, keys, "amber")
    reports = all_objects(client, keys, "amber", **{"match[type]": "report"})
    assert {o["id"] for o in reports} == {KIEW, SUMMIT}
    notes_and_reports = all_objects(client, keys, "amber", **{"match[type]": "report,note"})
    assert {o["type"] for o in notes_and_reports} == {"report", "note"}
    chosen = [everything[0]["id"], everything[-1]["id"]]
    assert {o["id"] for o in all_objects(client, keys, "amber", **{"match[id]": ",".join(chosen)})} == set(chosen)
    assert all_objects(client, keys, "amber", **{"match[spec_version]": "2.0"}) == []
    assert len(all_objects(client, keys, "amber", **{"match[spec_version]": "2.1"})) == len(everything)
    for version in ("first", "last", "all"):
        assert len(all_objects(client, keys, "amber", **{"match[version]": version})) == len(everything)
    summit = next(o for o in everything if o["id"] == SUMMIT)
    exact = all_objects(client, keys, "amber", **{"match[version]": summit["modified"]})
    assert SUMMIT in {o["id"] for o in exact} and KIEW not in {o["id"] for o in exact}
    assert {o["modified"] for o in exact} == {summit["modified"]}
    last = get(client, keys, "amber", OBJECTS).headers["X-TAXII-Date-Added-Last"]
    assert all_objects(client, keys, "amber", added_after=last) == []
    assert get(client, keys, "amber", OBJECTS, added_after="yesterday").status_code == 400
    assert get(client, keys, "amber", OBJECTS, **{"match[colour]": "x"}).status_code == 400


def test_manifest_object_and_versions(client, keys):
    manifest = get(client, keys, "amber", f"{ROOT}collections/{READ_COLLECTION}/manifest/").json()["objects"]
    entry = next(m for m in manifest if m["id"] == SUMMIT)
    assert entry["media_type"] == "application/stix+json;version=2.1" and entry["date_added"] and entry["version"]
    one = get(client, keys, "amber", f"{OBJECTS}{SUMMIT}/").json()["objects"]
    assert [o["id"] for o in one] == [SUMMIT]
    versions = get(client, keys, "amber", f"{OBJECTS}{SUMMIT}/versions/").json()["versions"]
    assert len(versions) == 1
    assert get(client, keys, "amber", f"{OBJECTS}report--00000000-0000-4000-8000-000000000000/").status_code == 404


# -- auth ------------------------------------------------------------------------------------
def test_missing_wrong_unknown_and_revoked_keys_get_401(client, keys, db):
    missing = client.get(ROOT, headers={"Accept": MEDIA_TAXII})
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"].startswith("Basic")
    assert missing.json()["http_status"] == "401"
    assert client.get(ROOT, headers=auth("green", keys["amber"])).status_code == 401
    assert client.get(ROOT, headers=auth("nobody", keys["green"])).status_code == 401
    assert client.get(ROOT, headers={"Authorization": "Bearer x", "Accept": MEDIA_TAXII}).status_code == 401
    assert get(client, keys, "green", ROOT).status_code == 200
    with Store(db) as store:
        revoke_partner(store, "green")
    assert get(client, keys, "green", ROOT).status_code == 401
    refused = [e for e in audit_rows(db) if e["status"] == 401]
    assert {e["partner"] for e in refused} >= {"green", "nobody"}


def test_write_permissions_give_403(client, keys):
    envelope = {"objects": [tlp.marking_definition("GREEN")]}
    post = {"Content-Type": MEDIA_TAXII}
    assert client.post(INBOX, json=envelope, headers={**auth("green", keys["green"]), **post}).status_code == 403
    assert client.post(OBJECTS, json=envelope, headers={**auth("amber", keys["amber"]), **post}).status_code == 403
    assert get(client, keys, "green", INBOX).status_code == 403
    assert client.delete(f"{OBJECTS}{SUMMIT}/", headers=auth("strict-own", keys["strict-own"])).status_code == 403


# -- TLP enforcement -------------------------------------------------------------------------
def _visible(partner: str, level: str) -> bool:
    max_tlp, _, own = PARTNERS[partner]
    if level == "RED":
        return False
    if level == "AMBER+STRICT":
        return own and max_tlp == "AMBER+STRICT"
    return tlp.rank(level) <= tlp.rank(max_tlp)


@pytest.mark.parametrize("level", tlp.LEVELS)
def test_every_partner_level_times_every_tlp_level(db, keys, level):
    """summit-1 marked at each level, read by each partner through every read endpoint:
    it is returned exactly when the partner may see it, and nothing returned is above
    the partner's clearance."""
    mark_article(db, "summit-1", level)
    client = TestClient(create_app(db))
    for partner in PARTNERS:
        expected = _visible(partner, level)
        objects = all_objects(client, keys, partner)
        ids = {o["id"] for o in objects}
        assert (SUMMIT in ids) == expected, (partner, level)
        assert (KIEW in ids) == _visible(partner, "GREEN"), (partner, level)
        for obj in objects:
            if obj["type"] != "marking-definition":
                marked = tlp.level_of_markings(obj["object_marking_refs"])
                assert _visible(partner, marked), (partner, obj["id"], marked)
        manifest = get(client, keys, partner, f"{ROOT}collections/{READ_COLLECTION}/manifest/").json()
        assert {m["id"] for m in manifest.get("objects", [])} == ids
        one = get(client, keys, partner, f"{OBJECTS}{SUMMIT}/")
        versions = get(client, keys, partner, f"{OBJECTS}{SUMMIT}/versions/")
        assert one.status_code == versions.status_code == (200 if expected else 404), (partner, level)
        summit_notes = [o for o in objects if o["type"] == "note" and SUMMIT in o["object_refs"]]
        assert bool(summit_notes) == (expected and bool(summit_notes))
        if not expected:
            assert summit_notes == []


def test_red_never_leaves_even_to_our_own_organisation(db, keys):
    mark_article(db, "summit-1", "RED")
    mark_article(db, "kiew-1", "RED")
    client = TestClient(create_app(db))
    objects = all_objects(client, keys, "strict-own")
    assert not {o["type"] for o in objects} & {"report", "note"}
    assert tlp.MARKING_IDS["RED"] not in {ref for o in objects for ref in o.get("object_marking_refs", [])}


def test_may_read_rules():
    from lagebild.share.partners import Partner

    own = Partner("own", "AMBER+STRICT", False, True, "")
    amber_own = Partner("a", "AMBER", False, True, "")
    green = Partner("g", "GREEN", False, False, "")
    assert not may_read(own, "RED") and may_read(own, "AMBER+STRICT")
    assert not may_read(amber_own, "AMBER+STRICT") and may_read(amber_own, "AMBER")
    assert may_read(green, "CLEAR") and may_read(green, "GREEN") and not may_read(green, "AMBER")


def test_inbox_objects_are_enforced_per_object_too(client, keys, db):
    """A writer reads back only what it sent, and even that not above its level."""
    red = {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
           "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
           "name": "bad host", "pattern": "[domain-name:value = 'bad.example']", "pattern_type": "stix",
           "valid_from": "2024-01-01T00:00:00Z", "object_marking_refs": [tlp.MARKING_IDS["RED"]]}
    green = dict(red, id="indicator--0b7e6fcd-3a43-4c5f-9d2b-1f7a4d6a2f51",
                 object_marking_refs=[tlp.MARKING_IDS["GREEN"]])
    headers = {**auth("amber", keys["amber"]), "Content-Type": MEDIA_TAXII}
    response = client.post(INBOX, json={"objects": [red, green, tlp.marking_definition("RED"),
                                                    tlp.marking_definition("GREEN")]}, headers=headers)
    assert response.status_code == 202, response.text
    assert response.json()["success_count"] == 4
    read_back = {o["id"] for o in get(client, keys, "amber", INBOX).json()["objects"]}
    assert green["id"] in read_back and red["id"] not in read_back
    assert get(client, keys, "strict-own", INBOX).json() == {"more": False}  # not strict-own's objects


# -- writes ------------------------------------------------------------------------------------
INDICATOR = {"type": "indicator", "spec_version": "2.1", "id": "indicator--3f0a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
             "created": "2024-02-01T00:00:00.000Z", "modified": "2024-02-01T00:00:00.000Z",
             "name": "phishing host", "pattern": "[domain-name:value = 'phish.example']", "pattern_type": "stix",
             "valid_from": "2024-02-01T00:00:00Z", "object_marking_refs": [tlp.MARKING_IDS["GREEN"]]}


def test_post_status_read_back_versions_and_delete_by_the_owner(client, keys, db):
    headers = {**auth("amber", keys["amber"]), "Content-Type": MEDIA_TAXII}
    newer = dict(INDICATOR, modified="2024-03-01T00:00:00.000Z")
    response = client.post(INBOX, json={"objects": [INDICATOR, newer]}, headers=headers)
    assert response.status_code == 202 and response.headers["content-type"] == MEDIA_TAXII
    status = response.json()
    assert status["status"] == "complete" and status["success_count"] == 2 and status["failure_count"] == 0
    assert get(client, keys, "amber", f"{ROOT}status/{status['id']}/").json() == status
    assert get(client, keys, "strict-own", f"{ROOT}status/{status['id']}/").status_code == 404
    url = f"{INBOX}{INDICATOR['id']}/"
    assert [o["modified"] for o in get(client, keys, "amber", url).json()["objects"]] == [newer["modified"]]
    assert len(get(client, keys, "amber", url, **{"match[version]": "all"}).json()["objects"]) == 2
    assert len(get(client, keys, "amber", f"{url}versions/").json()["versions"]) == 2
    # strict-own may write too, but these are not its objects
    assert client.delete(url, headers=auth("strict-own", keys["strict-own"])).status_code == 404
    assert client.delete(url, headers=auth("amber", keys["amber"]),
                         params={"match[version]": "first"}).status_code == 200
    assert [r[1] for r in stix_rows(db) if r[0] == INDICATOR["id"]] == [newer["modified"]]
    assert client.delete(url, headers=auth("amber", keys["amber"])).status_code == 200
    assert [r for r in stix_rows(db) if r[0] == INDICATOR["id"]] == []
    assert get(client, keys, "amber", url).status_code == 404


BAD_BODIES = [
    pytest.param(b"{not json", MEDIA_TAXII, 400, id="malformed-json"),
    pytest.param(json.dumps({"items": []}).encode(), MEDIA_TAXII, 400, id="not-an-envelope"),
    pytest.param(json.dumps({"objects": []}).encode(), MEDIA_TAXII, 400, id="empty"),
    pytest.param(json.dumps({"objects": [{k: v for k, v in INDICATOR.items() if k != "pattern"}]}).encode(),
                 MEDIA_TAXII, 422, id="invalid-stix"),
    pytest.param(json.dumps({"objects": [dict(INDICATOR, spec_version="2.0")]}).encode(),
                 MEDIA_TAXII, 422, id="stix-2.0"),
    pytest.param(json.dumps({"objects": [INDICATOR]}).encode(), "application/json", 415, id="wrong-media-type"),
]


@pytest.mark.parametrize("body,media,status", BAD_BODIES)
def test_refused_envelopes_store_nothing(client, keys, db, body, media, status):
    before = stix_rows(db)
    response = client.post(INBOX, content=body,
                           headers={**auth("amber", keys["amber"]), "Content-Type": media})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == MEDIA_TAXII and response.json()["http_status"] == str(status)
    assert stix_rows(db) == before
    assert audit_rows(db)[-1]["status"] == status


def test_oversize_bodies_are_refused(client, keys, db):
    client.app.state.taxii.max_content_length = 2000
    before = stix_rows(db)
    envelope = {"objects": [dict(INDICATOR, description="x" * 3000)]}
    response = client.post(INBOX, json=envelope, headers={**auth("amber", keys["amber"]), "Content-Type": MEDIA_TAXII})
    assert response.status_code == 413 and response.json()["http_status"] == "413"
    assert stix_rows(db) == before


# -- rate limit and audit ---------------------------------------------------------------------
def test_rate_limit_gives_429_with_retry_after(client, keys, db):
    client.app.state.taxii.limiter = TokenBucket(rate=0.01, burst=3)
    assert [get(client, keys, "green", ROOT).status_code for _ in range(3)] == [200, 200, 200]
    limited = get(client, keys, "green", ROOT)
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["http_status"] == "429"
    assert get(client, keys, "amber", ROOT).status_code == 200  # per partner
    assert audit_rows(db)[-2]["status"] == 429


def test_every_read_and_write_is_audited_with_the_object_ids(client, keys, db, cli):
    objects = get(client, keys, "green", OBJECTS, limit=4).json()["objects"]
    client.post(INBOX, json={"objects": [INDICATOR]}, headers={**auth("amber", keys["amber"]),
                                                               "Content-Type": MEDIA_TAXII})
    entries = audit_rows(db)
    read = next(e for e in entries if e["partner"] == "green" and e["action"] == "get objects")
    assert read["ids"] == [o["id"] for o in objects] and read["objects"] == 4 and read["status"] == 200
    assert read["collection"] == READ_COLLECTION
    write = next(e for e in entries if e["partner"] == "amber" and e["action"] == "add objects")
    assert write["ids"] == [INDICATOR["id"]] and write["status"] == 202
    result = cli("audit", "--db", db, "--json", "--partner", "green")
    assert result.exit_code == 0
    assert [e["action"] for e in json.loads(result.stdout)] == ["get objects"]
    assert "green" in cli("audit", "--db", db).stdout


# -- partner commands --------------------------------------------------------------------------
def test_partner_add_prints_the_key_once_and_stores_a_hash(cli, db):
    result = cli("partner", "add", "cert", "--max-tlp", "green", "--write", "--db", db, "--json")
    assert result.exit_code == 0, result.stderr
    created = json.loads(result.stdout)
    assert created["name"] == "cert" and len(created["key"]) >= 32
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT * FROM taxii_partners WHERE name = 'cert'").fetchone()
    conn.close()
    assert created["key"] not in repr(stored) and created["key"].encode() not in b"".join(
        v for v in stored if isinstance(v, bytes))
    listed = json.loads(cli("partner", "list", "--db", db, "--json").stdout)
    assert listed == [{"name": "cert", "max_tlp": "GREEN", "write": True, "own_org": False,
                       "created": listed[0]["created"], "revoked": None}]
    client = TestClient(create_app(db))
    assert client.get(ROOT, headers=auth("cert", created["key"])).status_code == 200
    assert cli("partner", "add", "cert", "--max-tlp", "GREEN", "--db", db).exit_code == 2  # exists
    assert cli("partner", "revoke", "cert", "--db", db).exit_code == 0
    assert client.get(ROOT, headers=auth("cert", created["key"])).status_code == 401
    again = json.loads(cli("partner", "add", "cert", "--max-tlp", "CLEAR", "--db", db, "--json").stdout)
    assert again["key"] != created["key"]
    assert client.get(ROOT, headers=auth("cert", again["key"])).status_code == 200
    assert "cert" in cli("partner", "list", "--db", db).stdout


@pytest.mark.parametrize("args", [["--max-tlp", "RED"], ["--max-tlp", "AMBER+STRICT"], ["--max-tlp", "PINK"]])
def test_partner_add_refuses_red_and_strict_without_own_org(cli, db, args):
    result = cli("partner", "add", "x", *args, "--db", db)
    assert result.exit_code == 2 and "error" in result.stderr
    assert cli("partner", "add", "bad:name", "--max-tlp", "GREEN", "--db", db).exit_code == 2
    assert cli("partner", "revoke", "nobody", "--db", db).exit_code == 2


def test_the_workbench_token_does_not_guard_taxii_and_taxii_needs_its_own_auth(db, keys):
    client = TestClient(create_app(db, token="s3cret"))
    assert client.get("/api/documents").status_code == 401
    assert get(client, keys, "green", ROOT).status_code == 200
    assert client.get(ROOT, headers={"Authorization": "Bearer s3cret"}).status_code == 401
