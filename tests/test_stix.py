"""STIX 2.1 export and import: validity, deterministic ids, TLP filtering, round trips."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lagebild.share import stix, tlp
from lagebild.share.export import shareable_objects
from lagebild.store import Store
from tests.conftest import store_fingerprint, write
from tests.sharing_data import TARGET, copy_store, shared_store


@pytest.fixture
def db(tmp_path_factory, tmp_path) -> Path:
    return copy_store(shared_store(tmp_path_factory), tmp_path)


def export(cli, db: Path, path: Path, *args: str) -> dict:
    result = cli("export", "stix", "--db", db, "-o", path, *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(path.read_text(encoding="utf-8"))


def validate(path: Path):
    from stix2validator import ValidationOptions, validate_file

    return validate_file(str(path), ValidationOptions(version="2.1"))


def by_type(bundle: dict, object_type: str) -> list[dict]:
    return [o for o in bundle["objects"] if o["type"] == object_type]


def test_export_passes_the_validator_without_errors_or_warnings(cli, db, tmp_path):
    path = tmp_path / "bundle.json"
    bundle = export(cli, db, path, "--tlp", "AMBER")
    assert by_type(bundle, "report") and by_type(bundle, "note") and by_type(bundle, "location")
    results = validate(path)
    assert results.is_valid
    for result in results.object_results:
        assert result.errors == [] and result.warnings == [], (result.errors, result.warnings)
    import stix2

    parsed = stix2.parse(path.read_text(encoding="utf-8"), allow_custom=False)
    assert len(parsed.objects) == len(bundle["objects"])


def test_every_object_is_marked_and_every_marking_is_in_the_bundle(cli, db, tmp_path):
    bundle = export(cli, db, tmp_path / "b.json", "--tlp", "AMBER")
    defined = {o["id"] for o in by_type(bundle, "marking-definition")}
    assert defined <= set(tlp.MARKING_IDS.values())
    for obj in bundle["objects"]:
        if obj["type"] != "marking-definition":
            assert len(obj["object_marking_refs"]) == 1 and obj["object_marking_refs"][0] in defined


def test_ids_and_bytes_are_the_same_in_two_exports(cli, db, tmp_path):
    first = export(cli, db, tmp_path / "1.json")
    second = export(cli, db, tmp_path / "2.json")
    assert [o["id"] for o in first["objects"]] == [o["id"] for o in second["objects"]]
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    assert stix.stix_id("report", "kiew-1") in {o["id"] for o in first["objects"]}


def test_a_new_check_of_the_same_article_updates_its_report(cli, db, tmp_path):
    before = {o["id"]: o for o in export(cli, db, tmp_path / "1.json")["objects"]}
    article = write(tmp_path / "kiew-1.txt", TARGET)
    assert cli("check", article, "--db", db, "--save", "--tlp", "CLEAR").exit_code == 0
    after = {o["id"]: o for o in export(cli, db, tmp_path / "2.json")["objects"]}
    report = stix.stix_id("report", "kiew-1")
    assert report in before and report in after
    assert after[report]["modified"] > before[report]["modified"]
    assert after[report]["created"] == before[report]["created"]
    assert len(by_type({"objects": list(after.values())}, "report")) == len(
        by_type({"objects": list(before.values())}, "report"))


def test_confidence_comes_from_the_admiralty_credibility(cli, db, tmp_path):
    bundle = export(cli, db, tmp_path / "b.json")
    claims = [n for n in by_type(bundle, "note") if n["extensions"][stix.extension_id()]["note_kind"] == "claim"]
    assert claims
    for note in claims:
        credibility = note["extensions"][stix.extension_id()]["credibility"]
        assert note.get("confidence") == {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}.get(credibility)
    assert {n["extensions"][stix.extension_id()]["credibility"] for n in claims} >= {2, 5}


def test_the_extension_is_defined_in_the_bundle(cli, db, tmp_path):
    bundle = export(cli, db, tmp_path / "b.json")
    (definition,) = by_type(bundle, "extension-definition")
    assert definition["id"] == stix.extension_id()
    assert definition["extension_types"] == ["property-extension"]
    (report,) = [r for r in by_type(bundle, "report") if r["id"] == stix.stix_id("report", "kiew-1")]
    extension = report["extensions"][stix.extension_id()]
    assert extension["document_id"] == "kiew-1" and extension["source_reliability"] in "ABCDEF"
    publisher = next(o for o in by_type(bundle, "identity") if o["id"] == extension["publisher_ref"])
    assert publisher["name"] == "Testblatt" and publisher["id"] in report["object_refs"]
    finding = next(n for n in by_type(bundle, "note")
                   if n["extensions"][stix.extension_id()]["note_kind"] == "finding")
    assert finding["extensions"][stix.extension_id()]["finding_kind"] == "conflicting_number"
    assert finding["extensions"][stix.extension_id()]["evidence"][0]["source"] == "kiew-2"
    assert finding["object_refs"] == [report["id"]]


def test_export_at_a_level_leaves_out_what_is_above_it(cli, db, tmp_path):
    green = export(cli, db, tmp_path / "g.json", "--tlp", "GREEN")
    amber = export(cli, db, tmp_path / "a.json", "--tlp", "AMBER")
    reports = lambda b: {r["extensions"][stix.extension_id()]["document_id"] for r in by_type(b, "report")}  # noqa: E731
    assert reports(green) == {"kiew-1"}  # summit-1 is AMBER
    assert reports(amber) == {"kiew-1", "summit-1"}
    for obj in green["objects"]:
        for ref in obj.get("object_marking_refs", []):
            assert tlp.allowed(tlp.LEVEL_OF_MARKING[ref], "GREEN")


def test_tlp_red_never_leaves(cli, db, tmp_path):
    result = cli("export", "stix", "--db", db, "--tlp", "RED", "-o", tmp_path / "r.json")
    assert result.exit_code == 2 and "RED" in result.stderr and not (tmp_path / "r.json").exists()
    assert cli("mark", "summit-1", "--tlp", "RED", "--db", db).exit_code == 0
    bundle = export(cli, db, tmp_path / "s.json", "--tlp", "AMBER+STRICT")
    assert tlp.MARKING_IDS["RED"] not in json.dumps(bundle)
    with Store(db) as store:
        # Even a caller asking for RED (the TAXII server later) gets nothing marked RED.
        assert all(s.level != "RED" for s in shareable_objects(store, "RED"))


def test_a_document_marked_red_is_left_out_with_its_notes(cli, db, tmp_path):
    assert cli("mark", "kiew-1", "--tlp", "RED", "--db", db).exit_code == 0
    bundle = export(cli, db, tmp_path / "b.json", "--tlp", "AMBER+STRICT")
    report = stix.stix_id("report", "kiew-1")
    assert report not in json.dumps(bundle)
    assert "Testblatt" not in json.dumps(bundle)  # its publisher is named by no other report


def test_since_keeps_only_articles_changed_since(cli, db, tmp_path):
    later = export(cli, db, tmp_path / "b.json", "--since", "2999-01-01")
    assert by_type(later, "report") == []
    assert len(by_type(export(cli, db, tmp_path / "c.json", "--since", "2000-01-01"), "report")) == 2


def test_import_keeps_confidence_and_markings(cli, db, tmp_path):
    path = tmp_path / "b.json"
    bundle = export(cli, db, path, "--tlp", "AMBER")
    target = tmp_path / "partner.db"
    result = cli("import", "stix", path, "--db", target, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["added"] == len(bundle["objects"])
    with Store(target) as store:
        rows = {r["id"]: r for r in store.conn.execute("SELECT * FROM stix_objects")}
    for obj in bundle["objects"]:
        stored = json.loads(rows[obj["id"]]["json"])
        assert stored == obj
        assert stored.get("confidence") == obj.get("confidence")
        if obj["type"] != "marking-definition":
            assert rows[obj["id"]]["tlp"] == tlp.LEVEL_OF_MARKING[obj["object_marking_refs"][0]]
    again = cli("import", "stix", path, "--db", target, "--json")
    assert json.loads(again.stdout)["added"] == 0


def test_import_tlp_raises_levels_and_marks_unmarked_objects(cli, tmp_path):
    note = {"type": "note", "spec_version": "2.1", "id": stix.stix_id("note", "t", 1),
            "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
            "content": "seen", "object_refs": [stix.stix_id("identity", "t", 1)], "confidence": 70}
    marked = {**note, "id": stix.stix_id("note", "t", 2), "object_marking_refs": [tlp.MARKING_IDS["GREEN"]]}
    path = write(tmp_path / "p.json", json.dumps({"type": "bundle", "id": stix.stix_id("bundle", "t"),
                                                    "objects": [note, marked]}))
    store = tmp_path / "s.db"
    assert cli("import", "stix", path, "--db", store).exit_code == 0
    assert cli("import", "stix", path, "--db", tmp_path / "t.db", "--tlp", "AMBER+STRICT").exit_code == 0
    levels = lambda db: dict(Store(db).conn.execute("SELECT id, tlp FROM stix_objects"))  # noqa: E731
    assert levels(store) == {note["id"]: "AMBER", marked["id"]: "GREEN"}  # default; its own
    assert set(levels(tmp_path / "t.db").values()) == {"AMBER+STRICT"}


def _bundle_text(cli, db: Path, tmp_path: Path) -> dict:
    return export(cli, db, tmp_path / "good.json")


@pytest.mark.parametrize("breakage, reason", [
    ("json", "not valid JSON"),
    ("spec_version", "only STIX 2.1"),
    ("required", "'name' is a required property"),
    ("not_a_bundle", "not a STIX bundle"),
])
def test_a_malformed_bundle_is_refused_with_the_reason_and_stores_nothing(cli, db, tmp_path, breakage, reason):
    bundle = _bundle_text(cli, db, tmp_path)
    report = next(o for o in bundle["objects"] if o["type"] == "report")
    if breakage == "spec_version":
        report["spec_version"] = "2.0"
    elif breakage == "required":
        del report["name"]
    elif breakage == "not_a_bundle":
        bundle = report
    text = json.dumps(bundle)
    if breakage == "json":
        text = text[:-20]
    path = write(tmp_path / "bad.json", text)
    before = store_fingerprint(db)
    result = cli("import", "stix", path, "--db", db)
    assert result.exit_code == 2
    assert reason in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert store_fingerprint(db) == before


def test_a_refused_bundle_creates_no_store(cli, tmp_path):
    path = write(tmp_path / "bad.json", "{")
    assert cli("import", "stix", path, "--db", tmp_path / "new.db").exit_code == 2
    assert not (tmp_path / "new.db").exists()


def test_deterministic_ids_look_like_uuid4():
    import uuid

    first = stix.stix_id("note", "claim", "doc", 0, "text")
    assert first == stix.stix_id("note", "claim", "doc", 0, "text")
    assert first != stix.stix_id("note", "claim", "doc", 1, "text")
    assert uuid.UUID(first.split("--")[1]).version == 4
