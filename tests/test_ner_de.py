"""Tests of the shipped German NER model (lagebild.nlp.ner_de) on sentences written for
these tests (not taken from GermEval)."""

import sys
from pathlib import Path

import pytest

try:
    from lagebild.nlp import ner_de
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from lagebild.nlp import ner_de

pytest.importorskip("spacy")


def ents_by_text(text):
    return {text[s:e]: (s, e, label) for s, e, label in ner_de.predict(text)}


def test_model_is_shipped():
    assert (ner_de.MODEL_DIR / "config.cfg").is_file()
    assert (ner_de.MODEL_DIR / "meta.json").is_file()


def test_model_attribution():
    import json

    meta = json.loads((ner_de.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    licences = {src["license"] for src in meta["sources"]}
    assert "CC BY 4.0" in licences  # GermEval 2014
    if (ner_de.MODEL_DIR / "attribute_ruler").is_dir():  # word lists from german-nouns
        assert "CC BY-SA 4.0" in licences and meta["license"] == "CC BY-SA 4.0"
        assert "german-nouns" in (ner_de.MODEL_DIR / "LICENCE.md").read_text(encoding="utf-8")


def test_lexicon_feature():
    nlp = ner_de.load()
    if "attribute_ruler" not in nlp.pipe_names:
        pytest.skip("model without the noun lexicon")
    doc = nlp("Der Bundeskanzler traf Olaf in Leipzig .")
    tags = {t.text: t.tag_ for t in doc}
    assert tags["Bundeskanzler"] == "GAZ_NOUN"
    assert tags["Olaf"] == "GAZ_PERNAME"
    assert tags["Leipzig"] == "GAZ_PLACE"
    assert tags["traf"] == ""


def test_person_and_city():
    text = "Bundeskanzler Olaf Scholz reiste am Montag nach Paris ."
    found = ents_by_text(text)
    assert found["Olaf Scholz"] == (14, 25, "PER")
    assert found["Paris"] == (48, 53, "LOC")


def test_organisation_and_country():
    text = "Die Europäische Union verhängte neue Sanktionen gegen Russland ."
    found = ents_by_text(text)
    assert found.get("Europäische Union", (None, None, None))[2] == "ORG"
    assert found["Russland"] == (54, 62, "LOC")


def test_offsets_in_untokenised_text():
    text = "Gestern sprach Angela Merkel in München über die Zukunft der Siemens AG."
    preds = ner_de.predict(text)
    for s, e, label in preds:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        assert label in ner_de.LABELS
    found = {text[s:e]: label for s, e, label in preds}
    assert found.get("Angela Merkel") == "PER"
    assert found.get("München") == "LOC"


def test_empty_and_blank_text():
    assert ner_de.predict("") == []
    assert ner_de.predict("   \n ") == []


def test_text_without_entities():
    assert ner_de.predict("Das Wetter war gestern schön und die Kinder spielten draußen .") == []


def test_predict_many_matches_predict():
    texts = ["Olaf Scholz reiste nach Paris .", "", "Es regnet ."]
    assert list(ner_de.predict_many(texts)) == [ner_de.predict(t) for t in texts]


def test_load_is_cached():
    assert ner_de.load() is ner_de.load()
