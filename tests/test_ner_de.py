"""Tests of the shipped German NER models (lagebild.nlp.ner_de: accurate and fast) on
sentences written for these tests (not taken from GermEval)."""

import sys
from pathlib import Path

import pytest

try:
    from lagebild.nlp import ner_de
except ImportError:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from lagebild.nlp import ner_de

from lagebild.errors import InputError

pytest.importorskip("spacy")


@pytest.fixture(params=ner_de.MODES)
def model(request):
    return request.param


def ents_by_text(text, model):
    return {text[s:e]: (s, e, label) for s, e, label in ner_de.predict(text, which=model)}


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
    nlp = ner_de.load_fast()
    if "attribute_ruler" not in nlp.pipe_names:
        pytest.skip("model without the noun lexicon")
    doc = nlp("Der Bundeskanzler traf Olaf in Leipzig .")
    tags = {t.text: t.tag_ for t in doc}
    assert tags["Bundeskanzler"] == "GAZ_NOUN"
    assert tags["Olaf"] == "GAZ_PERNAME"
    assert tags["Leipzig"] == "GAZ_PLACE"
    assert tags["traf"] == ""


def test_person_and_city(model):
    text = "Bundeskanzler Olaf Scholz reiste am Montag nach Paris ."
    found = ents_by_text(text, model)
    assert found["Olaf Scholz"] == (14, 25, "PER")
    assert found["Paris"] == (48, 53, "LOC")


def test_organisation_and_country(model):
    text = "Die Europäische Union verhängte neue Sanktionen gegen Russland ."
    found = ents_by_text(text, model)
    assert found.get("Europäische Union", (None, None, None))[2] == "ORG"
    assert found["Russland"] == (54, 62, "LOC")


def test_offsets_in_untokenised_text(model):
    text = "Gestern sprach Angela Merkel in München über die Zukunft der Siemens AG."
    preds = ner_de.predict(text, which=model)
    for s, e, label in preds:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
        assert label in ner_de.LABELS
    found = {text[s:e]: label for s, e, label in preds}
    assert found.get("Angela Merkel") == "PER"
    assert found.get("München") == "LOC"


def test_empty_and_blank_text(model):
    assert ner_de.predict("", which=model) == []
    assert ner_de.predict("   \n ", which=model) == []


def test_text_without_entities(model):
    assert ner_de.predict("Das Wetter war gestern schön und die Kinder spielten draußen .", which=model) == []


def test_predict_many_matches_predict(model):
    texts = ["Olaf Scholz reiste nach Paris .", "", "Es regnet ."]
    assert list(ner_de.predict_many(texts, which=model)) == [ner_de.predict(t, which=model) for t in texts]


def test_load_is_cached(model):
    assert ner_de.load(model) is ner_de.load(model)


def test_mode_follows_the_environment(monkeypatch):
    monkeypatch.delenv(ner_de.MODE_VARIABLE, raising=False)
    assert ner_de.mode() == "accurate"
    monkeypatch.setenv(ner_de.MODE_VARIABLE, "Fast")
    assert ner_de.mode() == "fast"
    monkeypatch.setenv(ner_de.MODE_VARIABLE, "quick")
    with pytest.raises(InputError, match="accurate, fast"):
        ner_de.mode()


def test_accurate_model_is_shipped_with_its_scores():
    import json

    from lagebild.nlp import ner_de_e5

    meta = json.loads((ner_de_e5.MODEL_DIR / "head.json").read_text(encoding="utf-8"))
    assert (ner_de_e5.MODEL_DIR / "head.npz").is_file()
    assert meta["dev"]["F1"] >= 0.80  # what docs/ner_de.md reports; retraining must keep it
    assert "GermEval" in meta["trained_on"]


def test_accurate_model_on_long_sentence_without_punctuation():
    # one "sentence" longer than the encoder's 512 positions is cut into segments
    words = ["Angela Merkel traf Emmanuel Macron in Berlin und"] * 120
    text = " ".join(words)
    found = ner_de.predict(text, which="accurate")
    persons = [text[s:e] for s, e, label in found if label == "PER"]
    assert persons.count("Angela Merkel") >= 100


def test_accurate_model_on_odd_text():
    for text in ("„“ »« ‚‘", "Москва und Kyjiw — 北京 🙂 !!!", "\x00\x01 Berlin", "a" * 3000):
        for s, e, label in ner_de.predict(text, which="accurate"):
            assert 0 <= s < e <= len(text) and label in ner_de.LABELS


def test_fast_tagger_tags_and_finds_what_the_spacy_pipeline_does():
    # the fast path looks word classes up in a dictionary instead of running the
    # attribute_ruler; tags and entities must not change
    nlp = ner_de.load_fast()
    runner = ner_de.load("fast")
    texts = [
        "Der Bundeskanzler traf Olaf in Leipzig .",
        "Am Dienstag sprach Verteidigungsminister Boris Pistorius in Vilnius mit Litauens Präsident Gitanas Nausėda.",
        "Die Bundeswehr verlegt 4.800 Soldaten nach Litauen, sagte ein Sprecher des Ministeriums am 3. Mai.",
        "",
    ]
    for text in texts:
        expected, got = nlp(text), runner(text)
        assert [t.tag_ for t in got] == [t.tag_ for t in expected]
        assert [(e.start_char, e.end_char, e.label_) for e in got.ents] == [
            (e.start_char, e.end_char, e.label_) for e in expected.ents
        ]


def test_accurate_model_tags_a_long_document_in_batches_with_the_same_result(monkeypatch):
    from lagebild.nlp import ner_de_e5

    tagger = ner_de.load("accurate")
    sentences = [
        "Bundeskanzler Friedrich Merz empfing am Montag in Berlin den polnischen Regierungschef Donald Tusk.",
        "Die NATO verlegt nach Angaben des Verteidigungsministeriums weitere Soldaten nach Litauen.",
        "In Brüssel berieten die Außenminister der Europäischen Union über neue Sanktionen gegen Russland.",
    ] * 12
    text = " ".join(sentences)
    spans, pos = [], 0
    for sentence in sentences:
        spans.append((pos, pos + len(sentence)))
        pos += len(sentence) + 1
    whole = tagger.predict(text, spans)
    monkeypatch.setattr(tagger, "batch_pieces", 64)  # many small forward passes
    assert len(list(tagger._batches([c for a, b in spans for c in tagger._chunks(ner_de_e5._words(text, a, b), text)]))) > 5
    assert tagger.predict(text, spans) == whole
    assert ("Donald Tusk", "PER") in {(text[s:e], label) for s, e, label in whole}
