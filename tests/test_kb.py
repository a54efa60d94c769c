"""Date-aware queries of the knowledge base and the `kb` commands."""

from __future__ import annotations

import json
from datetime import date

import pytest

from lagebild.kb import KnowledgeBase
from lagebild.kb.names import normalize_name


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.in_memory()


@pytest.mark.parametrize(
    "role, where, day, expected",
    [
        ("secretary_general", {"org": "NATO"}, date(2024, 9, 30), ["Jens Stoltenberg"]),
        ("secretary_general", {"org": "NATO"}, date(2024, 10, 1), ["Mark Rutte"]),  # the handover day
        ("head_of_government", {"country": "DE"}, date(2021, 12, 7), ["Angela Merkel"]),
        ("head_of_government", {"country": "DE"}, date(2021, 12, 8), ["Olaf Scholz"]),
        ("defence_minister", {"country": "US"}, date(2024, 10, 28), ["Lloyd Austin"]),
        ("head_of_state", {"country": "GB"}, date(2022, 9, 9), ["Charles III"]),
        ("head_of_state", {"country": "KR"}, date(2024, 10, 28), ["Yoon Suk Yeol"]),
        ("foreign_minister", {"country": "UA"}, date(2023, 2, 20), ["Dmytro Kuleba"]),
    ],
)
def test_who_held_office_on_a_day(kb, role, where, day, expected):
    assert [t.name for t in kb.who(role, on=day, **where)] == expected


def test_no_holder_before_the_first_known_term(kb):
    assert kb.who("secretary_general", org="NATO", on=date(1950, 1, 1)) == []


def test_persons_are_found_by_alias_surname_and_spelling(kb):
    assert [p.name for p in kb.find_persons("Wolodymyr Selenskyj")] == ["Volodymyr Zelenskyy"]
    assert [p.name for p in kb.find_persons("stoltenberg")] == ["Jens Stoltenberg"]
    assert kb.find_persons("Linda Harris") == []
    rutte = kb.find_persons("Mark Rutte")[0]
    roles = {(t.role, t.country or t.org) for t in kb.terms_of(rutte.id)}
    assert ("secretary_general", "NATO") in roles and ("head_of_government", "NL") in roles


@pytest.mark.parametrize("name, norm", [("Jean-Noël Barrot", "jean noel barrot"), ("Straße", "strasse"),
                                        ("Yaşar Güler", "yasar guler"), ("  Dr.  X ", "dr x")])
def test_name_normalisation(name, norm):
    assert normalize_name(name) == norm


def test_cli_kb_who_follows_the_contract(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no lagebild.db here: the starter pack alone, nothing written
    result = cli("kb", "who", "secretary_general", "--org", "NATO", "--date", "2024-10-28", "--json")
    assert result.exit_code == 0, result.stderr
    [holder] = json.loads(result.stdout)
    assert holder["name"] == "Mark Rutte" and holder["org"] == "NATO" and holder["country"] is None
    assert holder["start"] == "2024-10-01" and holder["kb_id"]
    assert not (tmp_path / "lagebild.db").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["chancellor", "--country", "DE"], "valid roles: head_of_state"),
        (["head_of_state", "--country", "XX"], "unknown country 'XX'"),
        (["head_of_state", "--org", "WTO"], "unknown organisation 'WTO'"),
        (["head_of_state"], "exactly one of --country"),
    ],
)
def test_cli_kb_who_bad_usage_lists_valid_values(cli, args, message):
    result = cli("kb", "who", *args, "--date", "2024-01-01")
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_kb_who_bad_date(cli):
    result = cli("kb", "who", "head_of_state", "--country", "DE", "--date", "gestern")
    assert result.exit_code == 2 and "not an ISO date" in result.stderr


def test_cli_kb_person_and_stats(cli):
    person = json.loads(cli("kb", "person", "Kallas", "--json").stdout)
    assert person[0]["name"] == "Kaja Kallas"
    assert any(t["role"] == "high_representative" for t in person[0]["terms"])
    stats = json.loads(cli("kb", "stats", "--json").stdout)
    assert stats["terms"] > 900 and "NATO" in stats["organisations"]
