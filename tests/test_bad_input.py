"""Bad input: a one-line reason on stderr, exit status 2, and the store as it was."""

from __future__ import annotations

import json
import os
import socket

import pytest

from tests.conftest import ENGLISH_REPORT, GERMAN_REPORT, store_fingerprint, write


@pytest.fixture
def db(cli, tmp_path):
    """A store that already holds one document, so 'unchanged' means something."""
    path = tmp_path / "store.db"
    result = cli("ingest", write(tmp_path / "ok.txt", GERMAN_REPORT), "--db", path, "--no-analyze")
    assert result.exit_code == 0, result.stderr
    return path


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _make(tmp_path, kind: str) -> str:
    if kind == "empty":
        return str(write(tmp_path / "empty.txt", ""))
    if kind == "binary":
        path = tmp_path / "image.txt"
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
        return str(path)
    if kind == "huge":
        path = tmp_path / "huge.txt"
        with open(path, "wb") as handle:  # sparse: 200 MB on paper, nothing on disk
            handle.truncate(200 * 1024 * 1024)
        return str(path)
    if kind == "latin1":
        path = tmp_path / "latin1.txt"
        path.write_bytes("Die Gespräche über die Zölle endeten ergebnislos.".encode("latin-1"))
        return str(path)
    if kind == "broken_html":
        return str(write(tmp_path / "broken.html", "<html><head><title>x</title><body><div><script>var a = 1;"))
    if kind == "bad_json_line":
        good = json.dumps({"id": "j1", "text": "Ein gültiges Dokument über den Gipfel in Brüssel am Montag."})
        return str(write(tmp_path / "docs.jsonl", good + "\n" + '{"id": "j2", "text": "kaputt\n' + good.replace("j1", "j3") + "\n"))
    if kind == "bad_date":
        return str(write(tmp_path / "bad.txt", GERMAN_REPORT.replace("2024-10-29", "29.10.2024")))
    if kind == "unreachable":
        return f"http://127.0.0.1:{_closed_port()}/article"
    if kind == "french":
        return str(write(tmp_path / "fr.txt",
                         "Les ministres des affaires étrangères se sont réunis mardi à Bruxelles pour discuter "
                         "du soutien à l'Ukraine et de la défense aérienne de l'Europe."))
    if kind == "unknown_suffix":
        return str(write(tmp_path / "report.docx", "x"))
    if kind == "missing":
        return str(tmp_path / "nope.txt")
    if kind == "unclosed_front_matter":
        return str(write(tmp_path / "open.txt", "---\ntitle: x\nNo closing line follows.\n"))
    raise AssertionError(kind)


CASES = {
    "empty": "empty",
    "binary": "binary",
    "huge": "limit",
    "latin1": "UTF-8",
    "broken_html": "no article text",
    "bad_json_line": "line 2",
    "bad_date": "not an ISO date",
    "unreachable": "cannot connect",
    "french": "'fr'",
    "unknown_suffix": "unknown file type",
    "missing": "no such file",
    "unclosed_front_matter": "never closed",
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_input_exits_2_with_one_line_and_changes_nothing(cli, db, tmp_path, kind):
    bad = _make(tmp_path, kind)
    good = write(tmp_path / "other.txt", ENGLISH_REPORT)
    before = store_fingerprint(db)
    # The good file is named first: it must not be stored either, since reading fails.
    result = cli("ingest", good, bad, "--db", db, "--no-analyze")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert CASES[kind] in lines[0]
    assert store_fingerprint(db) == before


def test_analyze_reports_bad_input_the_same_way(cli, tmp_path):
    result = cli("analyze", _make(tmp_path, "bad_json_line"), "--json")
    assert result.exit_code == 2
    assert "line 2" in result.stderr
    assert result.stdout == ""


def test_declared_encoding_is_the_fallback_for_non_utf8(cli, tmp_path):
    path = _make(tmp_path, "latin1")
    result = cli("analyze", path, "--encoding", "latin-1", "--json")
    assert result.exit_code == 0, result.stderr
    assert "Gespräche" in json.loads(result.stdout)["text"]


def test_other_languages_can_be_stored_on_request(cli, tmp_path):
    db = tmp_path / "s.db"
    result = cli("ingest", _make(tmp_path, "french"), "--db", db, "--allow-other-languages", "--no-analyze", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["documents"][0]["language"] == "fr"


def test_truncated_html_with_text_is_still_read(cli, tmp_path):
    page = write(tmp_path / "cut.html",
                 "<html><body><article><p>Die Minister trafen sich am Montag in Brüssel zu Beratungen über die "
                 "Lage in der Ukraine und weitere Hilfen. Ein Ergebnis wurde für Dienstag erwartet.</p><p>Die")
    result = cli("analyze", page, "--json")
    assert result.exit_code == 0, result.stderr
    assert "Brüssel" in json.loads(result.stdout)["text"]


def test_search_without_store_is_bad_usage(cli, tmp_path):
    result = cli("search", "x", "--db", tmp_path / "none.db")
    assert result.exit_code == 2
    assert "no store" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_huge_file_is_refused_without_reading_it(tmp_path):
    from lagebild.errors import InputError
    from lagebild.ingest import read_input

    path = _make(tmp_path, "huge")
    with pytest.raises(InputError, match="200.0 MiB"):
        read_input(path)
    assert os.path.getsize(path) == 200 * 1024 * 1024


def test_a_reader_that_goes_away_ends_the_command_quietly():
    # `lagebild analyze ... --json | head`: the closed pipe is not an internal error
    import subprocess
    import sys

    from lagebild.demo import corpus_inputs

    proc = subprocess.Popen(
        [sys.executable, "-m", "lagebild", "analyze", *map(str, corpus_inputs()), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout.read(20)
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert "internal error" not in stderr and "Traceback" not in stderr
