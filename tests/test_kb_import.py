"""`lagebild kb import`: Wikidata SPARQL results, Wikidata dump lines and pack YAML files,
added all or nothing, mapped to the contract's roles. No network: fixtures are hand-made."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.errors import InputError
from lagebild.kb import KnowledgeBase
from lagebild.kb.importers import (
    DUMP,
    SPARQL,
    YAML,
    Office,
    import_file,
    map_position,
    parse_wikidata_time,
)
from lagebild.store import Store

from tests.conftest import store_fingerprint

FIXTURES = Path(__file__).parent / "fixtures" / "kb"
SPARQL_FILE = FIXTURES / "wikidata_sparql.json"
DUMP_FILE = FIXTURES / "wikidata_dump.json"
CORRUPT_DUMP = FIXTURES / "wikidata_dump_corrupt.json"
YAML_FILE = FIXTURES / "austria_2000.yaml"
NOT_JSON = FIXTURES / "notes.txt"


@pytest.fixture
def kb(tmp_path: Path) -> KnowledgeBase:
    return KnowledgeBase(Store(tmp_path / "s.db"))


def names(kb: KnowledgeBase, role: str, day: str, **where: str) -> list[str]:
    return [t.name for t in kb.who(role, on=date.fromisoformat(day), **where)]


# -- SPARQL results -----------------------------------------------------------------------


def test_sparql_results_add_mapped_terms(kb: KnowledgeBase) -> None:
    report = import_file(kb, SPARQL_FILE)
    assert report.format == SPARQL
    # Schröder, Clinton (head of state and of government), Annan, Védrine, Robertson twice.
    assert (report.terms, report.persons, report.read) == (7, 5, 7)
    # The Bundestag seat maps to no role; Fischer's row has no start.
    assert report.skipped == 2
    assert any("Joschka Fischer" in w and "no start" in w for w in report.warnings)
    assert any("member of the German Bundestag" in w for w in report.warnings)
    assert kb.stats()["terms_by_origin"]["import:wikidata_sparql.json"] == 7

    assert names(kb, "head_of_government", "2000-01-01", country="DE") == ["Gerhard Schröder"]
    assert names(kb, "head_of_state", "1995-06-01", country="US") == ["Bill Clinton"]
    assert names(kb, "head_of_government", "1995-06-01", country="US") == ["Bill Clinton"]
    assert names(kb, "secretary_general", "2000-01-01", org="UN") == ["Kofi Annan"]
    assert names(kb, "foreign_minister", "2000-01-01", country="FR") == ["Hubert Védrine"]  # by label
    assert names(kb, "defence_minister", "1998-01-01", country="GB") == ["George Robertson"]  # by jurisdiction
    assert names(kb, "secretary_general", "2001-01-01", org="NATO") == ["George Robertson"]
    assert names(kb, "foreign_minister", "2000-01-01", country="DE") == []  # Fischer: no start, skipped

    schroeder = kb.who("head_of_government", on=date(2000, 1, 1), country="DE")[0]
    assert (schroeder.start, schroeder.end) == (date(1998, 10, 27), date(2005, 11, 22))
    assert schroeder.source == "https://www.wikidata.org/wiki/Q99000001"
    assert kb.person(schroeder.person_id).wikidata == "Q99000001"


def test_sparql_aliases_make_persons_findable(kb: KnowledgeBase) -> None:
    import_file(kb, SPARQL_FILE)
    assert [p.name for p in kb.find_persons("Gerd Schröder")] == ["Gerhard Schröder"]
    assert [p.name for p in kb.find_persons("Lord Robertson")] == ["George Robertson"]
    assert [p.name for p in kb.find_persons("Hubert Vedrine")] == ["Hubert Védrine"]
    # Two rows of one statement, one alias each: both aliases kept, one term.
    clinton = kb.find_persons("William J. Clinton")
    assert [p.name for p in clinton] == ["Bill Clinton"]
    assert {"William Jefferson Clinton", "William J. Clinton"} <= set(clinton[0].aliases)
    assert len(kb.terms_of(clinton[0].id)) == 2  # head of state and head of government


def test_reimport_adds_nothing_twice(kb: KnowledgeBase) -> None:
    import_file(kb, SPARQL_FILE)
    import_file(kb, DUMP_FILE)
    before = kb.stats()
    again = import_file(kb, SPARQL_FILE)
    assert (again.terms, again.persons, again.read) == (0, 0, 7)
    assert import_file(kb, DUMP_FILE).terms == 0
    assert kb.stats() == before


def test_sparql_date_that_is_not_a_date_names_the_binding(kb: KnowledgeBase, tmp_path: Path) -> None:
    data = json.loads(SPARQL_FILE.read_text(encoding="utf-8"))
    data["results"]["bindings"][1]["start"]["value"] = "last Tuesday"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    before = kb.stats()
    with pytest.raises(InputError, match=r"binding 2: start 'last Tuesday' is not a date") as error:
        import_file(kb, bad)
    assert error.value.source == str(bad)
    assert kb.stats() == before


def test_sparql_without_the_needed_variables_is_bad_input(kb: KnowledgeBase, tmp_path: Path) -> None:
    bad = tmp_path / "other.json"
    bad.write_text(json.dumps({"head": {"vars": ["item", "itemLabel"]}, "results": {"bindings": []}}), encoding="utf-8")
    with pytest.raises(InputError, match="lack the variables"):
        import_file(kb, bad)


# -- dump lines ------------------------------------------------------------------------------


def test_dump_lines_add_mapped_terms(kb: KnowledgeBase) -> None:
    report = import_file(kb, DUMP_FILE)
    assert report.format == DUMP
    assert (report.terms, report.persons) == (3, 3)
    assert report.skipped == 2  # the Bundestag seat, and a deprecated statement
    assert names(kb, "head_of_government", "1990-10-03", country="DE") == ["Helmut Kohl"]
    # Month precision: the first day of the month, a warning and a note on the term.
    kinkel = kb.who("foreign_minister", on=date(1995, 1, 1), country="DE")
    assert [(t.name, t.start, t.end) for t in kinkel] == [("Klaus Kinkel", date(1992, 5, 1), date(1998, 10, 27))]
    assert "month precision" in kinkel[0].note
    assert any("Klaus Kinkel" in w and "month precision" in w for w in report.warnings)
    # Position unknown to the table, labelled "Minister of Defence" by its own line in the
    # dump; the P1001 qualifier (Germany) places it.
    assert names(kb, "defence_minister", "2000-01-01", country="DE") == ["Rudolf Scharping"]
    # The deprecated statement (Kohl as US president) was not imported.
    assert names(kb, "head_of_state", "1990-01-01", country="US") == []


def test_dump_labels_and_aliases_in_de_and_en(kb: KnowledgeBase) -> None:
    import_file(kb, DUMP_FILE)
    assert [p.name for p in kb.find_persons("Helmut Josef Michael Kohl")] == ["Helmut Kohl"]  # en alias
    assert [p.name for p in kb.find_persons("Rudolf Albert Scharping")] == ["Rudolf Scharping"]  # de alias
    assert [p.name for p in kb.find_persons("Kinkel")] == ["Klaus Kinkel"]  # surname


def test_corrupt_dump_names_the_line_and_stores_nothing(kb: KnowledgeBase, tmp_path: Path) -> None:
    import_file(kb, SPARQL_FILE)  # something already in the store
    before = kb.stats()
    fingerprint = store_fingerprint(tmp_path / "s.db")
    with pytest.raises(InputError, match=r"line 3: not a valid JSON entity") as error:
        import_file(kb, CORRUPT_DUMP)
    assert error.value.source == str(CORRUPT_DUMP)
    assert kb.stats() == before
    assert store_fingerprint(tmp_path / "s.db") == fingerprint
    assert not names(kb, "head_of_government", "1990-10-03", country="DE")  # line 2 was valid, yet not kept


def test_dump_line_that_is_not_an_entity(kb: KnowledgeBase, tmp_path: Path) -> None:
    lines = DUMP_FILE.read_text(encoding="utf-8").splitlines()
    lines[2] = "42,"
    bad = tmp_path / "dump.json"
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match="line 3: not a Wikidata entity"):
        import_file(kb, bad)


# -- YAML and unknown formats -------------------------------------------------------------------


def test_yaml_pack_file(kb: KnowledgeBase) -> None:
    report = import_file(kb, YAML_FILE)
    assert report.format == YAML
    assert (report.terms, report.persons, report.skipped) == (1, 1, 0)
    assert names(kb, "head_of_government", "2003-01-01", country="AT") == ["Wolfgang Schüssel"]
    assert kb.stats()["terms_by_origin"]["import:austria_2000.yaml"] == 1
    assert [p.name for p in kb.find_persons("Wolfgang Schuessel")] == ["Wolfgang Schüssel"]


@pytest.mark.parametrize("content, message", [
    (None, "not a known format"),  # the notes.txt fixture
    ("", "empty"),
    ('{"some": "json"}', "not a known format"),
    ('{"head": {"vars": []}, "results": ', "not valid JSON"),
])
def test_unknown_or_broken_files_store_nothing(kb: KnowledgeBase, tmp_path: Path, content, message) -> None:
    path = NOT_JSON
    if content is not None:
        path = tmp_path / "input.json"
        path.write_text(content, encoding="utf-8")
    before = kb.stats()
    with pytest.raises(InputError, match=message):
        import_file(kb, path)
    assert kb.stats() == before


# -- the command line -----------------------------------------------------------------------------


def test_cli_corrupt_file_exits_2_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    runner = CliRunner()
    assert runner.invoke(app, ["kb", "import", str(SPARQL_FILE), "--db", str(db)]).exit_code == 0
    fingerprint = store_fingerprint(db)
    result = runner.invoke(app, ["kb", "import", str(CORRUPT_DUMP), "--db", str(db)])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "wikidata_dump_corrupt.json" in lines[0] and "line 3" in lines[0]
    assert store_fingerprint(db) == fingerprint


def test_cli_import_json_and_who(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    runner = CliRunner()
    result = runner.invoke(app, ["kb", "import", str(DUMP_FILE), "--db", str(db), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["format"], report["terms"], report["persons"]) == (DUMP, 3, 3)
    who = runner.invoke(app, ["kb", "who", "head_of_government", "--country", "DE", "--date", "1990-10-03",
                              "--db", str(db), "--json"])
    assert who.exit_code == 0, who.stderr
    assert [h["name"] for h in json.loads(who.stdout)] == ["Helmut Kohl"]


# -- mapping and times ---------------------------------------------------------------------------


@pytest.mark.parametrize("qid, label, where, expected", [
    ("Q4970706", None, {}, Office("head_of_government", "DE")),
    ("Q167662", None, {}, Office("secretary_general", org="NATO")),
    (None, "Prime Minister of Italy", {}, Office("head_of_government", "IT")),
    (None, "Minister of Foreign Affairs of the Republic of Korea", {}, Office("foreign_minister", "KR")),
    (None, "Minister of Defence (Ukraine)", {}, Office("defence_minister", "UA")),
    (None, "United States Secretary of Defense", {}, Office("defence_minister", "US")),
    (None, "United States Secretary of State", {}, Office("foreign_minister", "US")),
    (None, "President of the Council of Ministers of Italy", {}, Office("head_of_government", "IT")),
    (None, "President of Türkiye", {}, Office("head_of_state", "TR")),
    (None, "President of Iran", {}, Office("head_of_government", "IR")),
    (None, "Supreme Leader of Iran", {}, Office("head_of_state", "IR")),
    (None, "President of the European Council", {}, Office("council_president", org="EU")),
    (None, "High Representative of the Union for Foreign Affairs and Security Policy", {},
     Office("high_representative", org="EU")),
    (None, "Foreign Secretary", {"citizenship": "GB"}, Office("foreign_minister", "GB")),
    (None, "Secretary General", {"org": "NATO"}, Office("secretary_general", org="NATO")),
    # unmapped: other offices, junior ministers, "Secretary of State" outside the US,
    # a president placed only by citizenship, Q740126 (President of the European Parliament)
    (None, "President of the European Parliament", {}, None),
    (None, "Deputy Prime Minister of Italy", {}, None),
    (None, "Minister of State for Foreign Affairs", {"citizenship": "GB"}, None),
    (None, "Secretary of State", {"citizenship": "DE"}, None),
    (None, "President", {"citizenship": "FR"}, None),
    ("Q740126", None, {}, None),
])
def test_map_position(qid, label, where, expected) -> None:
    assert map_position(qid, label, **where) == expected


def test_presidential_systems_get_both_roles(kb: KnowledgeBase, tmp_path: Path) -> None:
    data = {"head": {"vars": ["person", "personLabel", "positionLabel", "start", "end"]},
            "results": {"bindings": [
                {"person": {"type": "uri", "value": "http://www.wikidata.org/entity/Q99000021"},
                 "personLabel": {"type": "literal", "value": "Test Präsident"},
                 "positionLabel": {"type": "literal", "value": "President of Turkey"},
                 "start": {"type": "literal", "value": "1994-08-28T00:00:00Z"},
                 "end": {"type": "literal", "value": "2019-01-01T00:00:00Z"}}]}}
    path = tmp_path / "tr.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert import_file(kb, path).terms == 2
    hog = [t for t in kb.office_terms("head_of_government", country="TR") if t.name == "Test Präsident"]
    assert [(t.start, t.end) for t in hog] == [(date(2018, 7, 9), date(2019, 1, 1))]  # since the 2018 system


@pytest.mark.parametrize("value, precision, expected", [
    ("+2021-12-08T00:00:00Z", 11, (date(2021, 12, 8), None)),
    ("2021-12-08T00:00:00Z", None, (date(2021, 12, 8), None)),
    ("+2021-12-00T00:00:00Z", 10, (date(2021, 12, 1), "month precision: the first day used")),
    ("+2021-00-00T00:00:00Z", 9, (date(2021, 1, 1), "year precision: 1 January used")),
    ("+2021-00-00T00:00:00Z", None, (date(2021, 1, 1), "year precision: 1 January used")),
    ("+2000-00-00T00:00:00Z", 8, (None, "precision coarser than a year")),
])
def test_parse_wikidata_time(value, precision, expected) -> None:
    assert parse_wikidata_time(value, precision) == expected


@pytest.mark.parametrize("value", ["yesterday", "+2021-02-30T00:00:00Z", "+2021-13-01T00:00:00Z", "2021/12/08"])
def test_parse_wikidata_time_rejects_non_dates(value) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_wikidata_time(value, 11)
