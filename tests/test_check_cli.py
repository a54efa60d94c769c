"""`lagebild check` and `lagebild report`: the contract's JSON, dates, empty corpora,
stores, and bad usage."""

from __future__ import annotations

import json

import pytest

from tests.conftest import store_fingerprint, write

TARGET = """---
title: Gipfel in Rom
publisher: Testblatt
published: 2024-05-03
language: de
---
Die Außenminister der G7 trafen sich am Donnerstag in Rom.
Für amerikanische Leser ist das Treffen ein wichtiges Signal.
"""

REPORT = """---
id: wire-1
title: G7 ministers meet in Rome
publisher: Test Wire
published: 2024-05-02
language: en
---
The foreign ministers of the G7 met in Rome on Thursday to discuss support for Ukraine.
"""


@pytest.fixture
def files(tmp_path):
    return write(tmp_path / "target.txt", TARGET), write(tmp_path / "corpus" / "wire.txt", REPORT)


def test_check_json_follows_the_contract(cli, files):
    target, corpus = files
    result = cli("check", target, "--corpus", corpus.parent, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"id", "text", "published", "findings", "claims", "source_reliability"} <= set(data)
    assert data["text"] == TARGET.split("---\n", 2)[2]
    assert data["published"] == "2024-05-03"
    assert data["source_reliability"] == "F"
    [artifact] = [f for f in data["findings"] if f["kind"] == "generation_artifact"]
    assert data["text"][artifact["start"] : artifact["end"]] == artifact["text"] == "Für amerikanische Leser"
    assert artifact["severity"] in {"high", "medium", "low"} and artifact["explanation"]
    for claim in data["claims"]:
        assert claim["status"] in {"corroborated", "contradicted", "uncorroborated"}
        assert 1 <= claim["credibility"] <= 6


def test_empty_corpus_limits_claims_to_credibility_6(cli, files):
    target, _ = files
    data = json.loads(cli("check", target, "--json").stdout)
    assert data["claims"] and all(c["credibility"] == 6 for c in data["claims"])
    assert any("no corpus" in note for note in data["notes"])


def test_missing_date_is_inferred_from_the_corpus_and_said(cli, tmp_path, files):
    _, corpus = files
    undated = write(tmp_path / "undated.txt", TARGET.replace("published: 2024-05-03\n", ""))
    data = json.loads(cli("check", undated, "--corpus", corpus, "--json").stdout)
    assert data["published"] == "2024-05-02"
    assert any("inferred from the corpus" in note for note in data["notes"])
    data = json.loads(cli("check", undated, "--json").stdout)
    assert data["published"] is None
    assert any("not checked" in note for note in data["notes"])
    data = json.loads(cli("check", undated, "--date", "2024-05-10", "--json").stdout)
    assert data["published"] == "2024-05-10"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--date", "3.5.2024"], "not an ISO date"),
        (["--save"], "--save needs --db"),
        (["--corpus", "missing-folder"], "no such file"),
    ],
)
def test_bad_usage_exits_2(cli, files, args, message):
    target, _ = files
    result = cli("check", target, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_target_must_be_one_article(cli, tmp_path):
    many = write(tmp_path / "two.jsonl", '{"text": "Erster Text über Rom."}\n{"text": "Zweiter Text über Rom."}\n')
    result = cli("check", many)
    assert result.exit_code == 2 and "holds 2 documents" in result.stderr


def test_check_with_store_uses_stored_reports_and_saves(cli, tmp_path, files):
    target, corpus = files
    db = tmp_path / "s.db"
    assert cli("ingest", corpus, "--db", db).exit_code == 0
    data = json.loads(cli("check", target, "--db", db, "--save", "--json").stdout)
    evidence = {e["source"] for c in data["claims"] for e in c["evidence"]}
    assert "wire-1" in evidence  # found in the store, though no --corpus was given
    before = store_fingerprint(db)
    assert cli("check", target, "--db", db, "--date", "nonsense").exit_code == 2
    assert store_fingerprint(db) == before


@pytest.mark.parametrize("fmt, marker", [("md", "# Check of"), ("html", "<mark class=\"generation_artifact\""),
                                         ("json", '"findings"')])
def test_report_formats(cli, files, tmp_path, fmt, marker):
    target, corpus = files
    out = tmp_path / f"report.{fmt}"
    result = cli("report", target, "--corpus", corpus, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert marker in out.read_text(encoding="utf-8")


def test_report_unknown_format(cli, files):
    target, _ = files
    result = cli("report", target, "--format", "pdf")
    assert result.exit_code == 2 and "unknown format" in result.stderr
