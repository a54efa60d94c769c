"""TLP 2.0 levels of what the store holds: defaults, --tlp, mark, inheritance."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lagebild.errors import InputError
from lagebild.share import stix, tlp
from lagebild.share.export import shareable_objects
from lagebild.share.marking import check_level
from lagebild.store import Store
from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, store_fingerprint, write
from tests.sharing_data import TARGET, copy_store, shared_store


@pytest.fixture
def db(tmp_path_factory, tmp_path) -> Path:
    return copy_store(shared_store(tmp_path_factory), tmp_path)


def levels(store: Store) -> dict[str, str]:
    """STIX id → level of what a reader cleared for AMBER+STRICT may see."""
    return {s.id: s.level for s in shareable_objects(store, "AMBER+STRICT")}


@pytest.mark.parametrize("text, level", [
    ("clear", "CLEAR"), ("TLP:GREEN", "GREEN"), ("amber+strict", "AMBER+STRICT"), ("tlp:red", "RED"),
    ("WHITE", "CLEAR"),
])
def test_levels_are_parsed_loosely(text, level):
    assert tlp.parse_level(text) == level


def test_an_unknown_level_is_bad_input():
    with pytest.raises(InputError, match="unknown TLP level"):
        tlp.parse_level("orange")


def test_order_and_strictest():
    assert tlp.LEVELS == ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
    assert tlp.strictest("GREEN", None, "AMBER+STRICT", "AMBER") == "AMBER+STRICT"
    assert tlp.allowed("GREEN", "AMBER") and not tlp.allowed("RED", "AMBER+STRICT")


def test_marking_definitions_are_the_official_tlp2_objects():
    # The ids OASIS publishes for TLP 2.0 (cti-stix-common-objects, tlp-2.0).
    assert tlp.marking_definition("AMBER+STRICT") == {
        "type": "marking-definition", "spec_version": "2.1",
        "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
        "created": "2022-10-01T00:00:00.000Z", "name": "TLP:AMBER+STRICT",
        "extensions": {"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
            "extension_type": "property-extension", "tlp_2_0": "amber+strict"}},
    }
    assert tlp.MARKING_IDS["CLEAR"] == "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"
    assert tlp.MARKING_IDS["RED"] == "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"


def test_new_documents_get_the_store_default_amber_and_then_the_configured_one(cli, tmp_path):
    db = tmp_path / "s.db"
    assert cli("ingest", write(tmp_path / "de.txt", GERMAN_REPORT), "--db", db, "--no-analyze").exit_code == 0
    assert cli("mark", "--default", "--tlp", "GREEN", "--db", db).exit_code == 0
    assert cli("ingest", write(tmp_path / "en.txt", ENGLISH_REPORT), "--db", db, "--no-analyze").exit_code == 0
    with Store(db) as store:
        assert store.document_tlp("de-1")[0] == "AMBER"
        assert store.document_tlp("en-1")[0] == "GREEN"
        assert store.default_tlp() == "GREEN"


def test_ingest_tlp_marks_the_documents(cli, tmp_path):
    db = tmp_path / "s.db"
    result = cli("ingest", write(tmp_path / "de.txt", GERMAN_REPORT), "--db", db, "--no-analyze", "--tlp", "red")
    assert result.exit_code == 0
    with Store(db) as store:
        assert store.document_tlp("de-1")[0] == "RED"


def test_a_bad_tlp_option_stores_nothing(cli, tmp_path, db):
    before = store_fingerprint(db)
    result = cli("ingest", write(tmp_path / "de.txt", GERMAN_REPORT), "--db", db, "--tlp", "purple")
    assert result.exit_code == 2 and "unknown TLP level" in result.stderr
    assert store_fingerprint(db) == before
    assert cli("check", write(tmp_path / "k.txt", TARGET), "--tlp", "GREEN").exit_code == 2  # no --save


def test_mark_changes_the_level_of_a_document_a_check_and_an_imported_object(cli, db, tmp_path):
    result = cli("mark", "summit-1", "--tlp", "AMBER+STRICT", "--db", db, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"kind": "document", "id": "summit-1", "previous": "AMBER",
                                         "tlp": "AMBER+STRICT"}
    with Store(db) as store:
        assert store.document_tlp("summit-1")[0] == "AMBER+STRICT"
        check_id = store.conn.execute("SELECT max(id) FROM checks WHERE doc_id = 'kiew-1'").fetchone()[0]
    assert cli("mark", f"check:{check_id}", "--tlp", "RED", "--db", db).exit_code == 0
    with Store(db) as store:
        assert store.conn.execute("SELECT tlp FROM checks WHERE id = ?", (check_id,)).fetchone()[0] == "RED"
        assert stix.stix_id("report", "kiew-1") not in levels(store)

    bundle = tmp_path / "b.json"
    assert cli("export", "stix", "--db", db, "-o", bundle, "--tlp", "AMBER+STRICT").exit_code == 0
    partner = tmp_path / "partner.db"
    assert cli("import", "stix", bundle, "--db", partner).exit_code == 0
    report = stix.stix_id("report", "summit-1")
    assert cli("mark", report, "--tlp", "RED", "--db", partner).exit_code == 0
    with Store(partner) as store:
        assert store.conn.execute("SELECT tlp FROM stix_objects WHERE id = ?", (report,)).fetchone()[0] == "RED"


def test_mark_of_an_unknown_id_is_bad_input(cli, db):
    before = store_fingerprint(db)
    for target in ("no-such-doc", "check:999", "report--6f1c2a4e-9b1d-4c3e-8f5a-2d7b0e9c4a13"):
        result = cli("mark", target, "--tlp", "RED", "--db", db)
        assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert cli("mark", "kiew-1", "--db", db).exit_code == 2  # no --tlp
    assert store_fingerprint(db) == before


def test_a_report_inherits_the_strictest_level_of_its_check_and_its_article(cli, db):
    # kiew-1 is GREEN, its check CLEAR: the report and its notes are GREEN.
    with Store(db) as store:
        shared = levels(store)
    report = stix.stix_id("report", "kiew-1")
    assert shared[report] == "GREEN"
    assert cli("mark", "kiew-1", "--tlp", "AMBER+STRICT", "--db", db).exit_code == 0
    with Store(db) as store:
        shared = levels(store)
        notes = [s for s in shareable_objects(store, "AMBER+STRICT") if s.obj["type"] == "note"
                 and s.obj["object_refs"] == [report]]
    assert shared[report] == "AMBER+STRICT" and notes
    assert all(n.level == "AMBER+STRICT" for n in notes)
    assert all(n.obj["object_marking_refs"] == [tlp.MARKING_IDS["AMBER+STRICT"]] for n in notes)


def test_notes_citing_a_stricter_document_inherit_its_level(cli, db):
    # The notes on kiew-1 quote kiew-2 as evidence; the report itself does not.
    assert cli("mark", "kiew-2", "--tlp", "RED", "--db", db).exit_code == 0
    with Store(db) as store:
        shared = shareable_objects(store, "AMBER+STRICT")
        check_id = store.conn.execute("SELECT max(id) FROM checks WHERE doc_id = 'kiew-1'").fetchone()[0]
        assert check_level(store, check_id) == "RED"
    report = stix.stix_id("report", "kiew-1")
    assert report in {s.id for s in shared}
    cited = [s for s in shared if s.obj["type"] == "note" and "kiew-2" in json.dumps(s.obj)]
    assert cited == []  # every note quoting kiew-2 is RED now and stays home


def test_an_entity_is_as_open_as_the_most_open_report_naming_it(db):
    # "Testblatt" is named by the GREEN report only; the producer and extension are CLEAR.
    with Store(db) as store:
        shared = levels(store)
    assert shared[stix.publisher_entity("Testblatt").id] == "GREEN"
    assert shared[stix.publisher_entity("Test Wire").id] == "AMBER"


def test_a_store_from_before_tlp_is_migrated_to_amber(tmp_path):
    db = tmp_path / "old.db"
    from lagebild.store import MIGRATIONS, _split_sql

    conn = sqlite3.connect(db)
    for number, migration in enumerate(MIGRATIONS[:4]):
        for statement in _split_sql(migration):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {number + 1}")
    conn.execute("INSERT INTO documents (id, text, content_hash, ingested_at) VALUES ('old', 't', 'h', '2024-01-01')")
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.document_tlp("old") == ("AMBER", "2024-01-01")
        assert store.default_tlp() == "AMBER"
