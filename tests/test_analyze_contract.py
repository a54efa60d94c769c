"""`lagebild analyze --json` keeps the contract's shape for every demo document, and odd
input is analysed as far as it can be, without crashing."""

from __future__ import annotations

import json

import pytest

from lagebild.demo import corpus_inputs
from lagebild.nlp import Doc, analyze
from tests.conftest import write

SPAN_FIELDS = {
    "sentences": {"start", "end"},
    "entities": {"start", "end", "text", "label", "kb_id"},
    "quotes": {"start", "end", "text", "speaker", "speaker_start", "speaker_end", "role"},
    "quantities": {"start", "end", "text", "value", "unit"},
    "dates": {"start", "end", "text", "value"},
    "claims": {"start", "end", "text"},
}


def assert_contract_shape(record: dict) -> None:
    assert set(record) == {"id", "language", "text", "published", *SPAN_FIELDS}
    assert isinstance(record["id"], str) and isinstance(record["text"], str)
    text = record["text"]
    for field, keys in SPAN_FIELDS.items():
        for span in record[field]:
            assert set(span) == keys, (field, span)
            assert 0 <= span["start"] < span["end"] <= len(text), (field, span)
            if "text" in span and field != "quotes":
                assert text[span["start"] : span["end"]] == span["text"], (field, span)
    for entity in record["entities"]:
        assert entity["label"] in {"PER", "ORG", "LOC", "MISC"}
    for quote in record["quotes"]:
        assert quote["text"] in text
        if quote["speaker_start"] is not None:
            assert 0 <= quote["speaker_start"] < quote["speaker_end"] <= len(text)
    for date in record["dates"]:
        assert date["value"] is None or len(date["value"]) == 10
    for quantity in record["quantities"]:
        assert isinstance(quantity["value"], (int, float))


@pytest.mark.slow
def test_every_demo_document_follows_the_contract(cli):
    result = cli("analyze", *corpus_inputs(), "--json")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 12
    assert {r["language"] for r in records} == {"de", "en"}
    for record in records:
        assert_contract_shape(record)
    # The demo reports are news: every one has sentences, entities and claims.
    assert all(r["sentences"] and r["entities"] and r["claims"] for r in records)


def test_unsupported_language_is_analysed_for_numbers_and_dates_and_marked():
    doc = analyze(Doc(text="Le sommet a réuni 32 pays le 2024-07-11 à Vilnius.", language="fr"))
    assert [q.value for q in doc.quantities] == [32]
    assert [d.value.isoformat() for d in doc.dates] == ["2024-07-11"]
    assert doc.entities == [] and doc.quotes == []
    assert any("not supported" in w for w in doc.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "keine satzzeichen und keine großbuchstaben nur wörter die weiterlaufen " * 20,
        "„Nur ein Zitat.“",
        "„“ „ “ \" \" « » » «",
        "Москва и Киев, 北京 und 東京: gemischte Schriften 123 456.",
        "!!!???...",
        "\n\n\n",
        "a" * 5000,
    ],
)
def test_odd_text_does_not_crash(text):
    for language in ("de", "en"):
        doc = analyze(Doc(text=text, language=language))
        for span in doc.sentences + doc.entities + doc.quotes + doc.claims:
            assert 0 <= span.start <= span.end <= len(text)


def test_too_long_document_is_refused_with_a_clear_message(cli, tmp_path):
    path = write(tmp_path / "long.txt", ("Ein Satz über den Gipfel in Brüssel. " * 160_000))
    result = cli("analyze", path, "--json")
    assert result.exit_code == 2
    assert "over the" in result.stderr and "characters" in result.stderr


GERMAN_SENTENCE = "Bundesaußenministerin Annalena Baerbock traf am Montag in Warschau ihren polnischen Kollegen Radosław Sikorski."


def test_both_german_models_keep_the_contract_and_find_the_people(cli, tmp_path, monkeypatch):
    from lagebild.nlp import ner_de

    path = write(tmp_path / "de.jsonl", json.dumps({"id": "d1", "text": GERMAN_SENTENCE, "language": "de"}) + "\n")
    found = {}
    for model in ner_de.MODES:
        # setenv first, so that the variable the CLI sets is undone after the test
        monkeypatch.setenv(ner_de.MODE_VARIABLE, "accurate")
        result = cli("--ner-de", model, "analyze", path, "--json")
        assert result.exit_code == 0, result.stderr
        assert ner_de.mode() == model  # the option reaches the pipeline (and worker processes) via the variable
        record = json.loads(result.stdout.splitlines()[0])
        assert_contract_shape(record)
        found[model] = {e["text"] for e in record["entities"] if e["label"] == "PER"}
    assert "Annalena Baerbock" in found["accurate"]


@pytest.mark.parametrize("how", ["option", "environment"])
def test_unknown_german_model_is_refused_in_one_line(cli, tmp_path, monkeypatch, how):
    from lagebild.nlp import ner_de

    path = write(tmp_path / "de.jsonl", json.dumps({"id": "d1", "text": GERMAN_SENTENCE, "language": "de"}) + "\n")
    monkeypatch.setenv(ner_de.MODE_VARIABLE, "accurate")
    if how == "option":
        result = cli("--ner-de", "quick", "analyze", path, "--json")
    else:
        monkeypatch.setenv(ner_de.MODE_VARIABLE, "quick")
        result = cli("analyze", path, "--json")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "accurate, fast" in lines[0]


def test_the_store_records_which_german_model_made_an_analysis(cli, tmp_path, monkeypatch):
    import sqlite3

    from lagebild.nlp import ner_de

    path = write(tmp_path / "de.jsonl", json.dumps({"id": "d1", "text": GERMAN_SENTENCE, "language": "de"}) + "\n")
    monkeypatch.setenv(ner_de.MODE_VARIABLE, "accurate")
    for model in ner_de.MODES:
        db = tmp_path / f"{model}.db"
        result = cli("--ner-de", model, "ingest", path, "--db", db)
        assert result.exit_code == 0, result.stderr
        [(pipeline,)] = sqlite3.connect(db).execute("SELECT pipeline FROM analyses").fetchall()
        assert f"entities({model})" in pipeline
