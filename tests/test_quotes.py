"""Tests of the quotes component on short sentences written for these tests."""

from __future__ import annotations

import pytest

import lagebild.nlp.quotes  # noqa: F401  (registers the component)
from lagebild.nlp.doc import Doc, Quote
from lagebild.nlp.pipeline import Pipeline


@pytest.fixture(scope="module")
def nlp_de() -> Pipeline:
    # the German NER model may not be there yet; the component works without entities
    return Pipeline("de", names=["sentences", "quotes"])


@pytest.fixture(scope="module")
def nlp_en() -> Pipeline:
    return Pipeline("en", names=["sentences", "entities", "quotes"])


def run(nlp: Pipeline, text: str, language: str) -> list[Quote]:
    return nlp(Doc(text=text, language=language)).quotes


def mention(text: str, q: Quote) -> str | None:
    return None if q.speaker_start is None else text[q.speaker_start : q.speaker_end]


def only(quotes: list[Quote], direct: bool | None = None) -> Quote:
    chosen = [q for q in quotes if direct is None or q.direct == direct]
    assert len(chosen) == 1, quotes
    return chosen[0]


# ------------------------------------------------------------------ direct quotes, each style
@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("Die Ärztin Lena Roth sagte: „Die Station ist voll belegt.“", "Die Station ist voll belegt.", "Lena Roth"),
        ("„Der Zug fährt heute nicht mehr“, sagte der Bahnsprecher Tim Vogel.", "Der Zug fährt heute nicht mehr", "Tim Vogel"),
        ("Der Ortsvorsteher Karl Frei erklärte: »Die Ernte fällt dieses Jahr klein aus.«", "Die Ernte fällt dieses Jahr klein aus.", "Karl Frei"),
        ("Die Lehrerin Eva Busch sagte: «Die Schule bleibt bis Montag geschlossen.»", "Die Schule bleibt bis Montag geschlossen.", "Eva Busch"),
        ('Der Kapitän Ole Berg sagte: "Das Schiff läuft morgen früh aus."', "Das Schiff läuft morgen früh aus.", "Ole Berg"),
        ("Die Forscherin Ina Pohl sagte: ‚Die Proben sind noch nicht ausgewertet.‘", "Die Proben sind noch nicht ausgewertet.", "Ina Pohl"),
        ("„Wir brauchen mehr Personal“, so die Gewerkschafterin Jana Kurz.", "Wir brauchen mehr Personal", "Jana Kurz"),
    ],
)
def test_german_direct_styles(nlp_de: Pipeline, text: str, words: str, speaker: str) -> None:
    q = only(run(nlp_de, text, "de"), direct=True)
    assert q.text == words
    assert text[q.start : q.end] == words  # offsets point at the words, without the marks
    assert q.speaker == speaker


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        ("“The road will reopen on Friday,” said Mayor Linda Shaw.", "The road will reopen on Friday", "Linda Shaw"),
        ('Coach Peter Hill said: "We played our best game of the season."', "We played our best game of the season.", "Peter Hill"),
        ("Engineer Sam Reed added: «The bridge needs a new deck.»", "The bridge needs a new deck.", "Sam Reed"),
    ],
)
def test_english_direct_styles(nlp_en: Pipeline, text: str, words: str, speaker: str) -> None:
    q = only(run(nlp_en, text, "en"), direct=True)
    assert q.text == words
    assert q.speaker == speaker


# ------------------------------------------------------------------ split quotes
def test_quote_split_by_speech_tag_is_one_quote(nlp_de: Pipeline) -> None:
    text = "Die Richterin Maria Stein sagte am Morgen etwas. „Dieses Urteil“, sagte sie, „wird lange nachwirken.“"
    q = only(run(nlp_de, text, "de"), direct=True)
    assert q.text.startswith("Dieses Urteil") and q.text.endswith("nachwirken.")
    assert mention(text, q) == "sie"
    assert q.speaker == "Maria Stein"


def test_quotes_split_at_sentence_end_stay_two(nlp_de: Pipeline) -> None:
    text = "„Der Hafen ist gesperrt.“, sagte der Lotse Jan Witt. „Kein Schiff darf auslaufen.“"
    quotes = [q for q in run(nlp_de, text, "de") if q.direct]
    assert [q.text for q in quotes] == ["Der Hafen ist gesperrt.", "Kein Schiff darf auslaufen."]
    assert all(q.speaker == "Jan Witt" for q in quotes)


# ------------------------------------------------------------------ indirect speech, German
@pytest.mark.parametrize(
    "text, content, mention_text",
    [
        ("Der Bürgermeister sagte, die Brücke werde im Mai saniert.", "die Brücke werde im Mai saniert", "Der Bürgermeister"),
        ("Die Ministerin erklärte, dass die Steuern nicht steigen würden.", "dass die Steuern nicht steigen würden", "Die Ministerin"),
        ("Der Arzt betonte, die Impfung sei sicher.", "die Impfung sei sicher", "Der Arzt"),
        ("Der Wetterdienst warnte, es könne am Abend Gewitter geben.", "es könne am Abend Gewitter geben", "Der Wetterdienst"),
        ("Die Firma kündigte an, im Herbst zweihundert Stellen zu schaffen.", "im Herbst zweihundert Stellen zu schaffen", "Die Firma"),
        ("Die Feuerwehr teilte mit, dass der Brand gelöscht sei.", "dass der Brand gelöscht sei", "Die Feuerwehr"),
        ("Dem Bericht des Ministeriums zufolge sank die Zahl der Unfälle deutlich.", "sank die Zahl der Unfälle deutlich", "Dem Bericht des Ministeriums"),
        ("Laut der Polizei wurden vier Autos beschädigt.", "wurden vier Autos beschädigt", "der Polizei"),
        ("Nach Angaben des Veranstalters kamen rund tausend Besucher.", "kamen rund tausend Besucher", "Angaben des Veranstalters"),
        ("Der Schulleiter habe den Eltern versichert, der Unterricht habe nicht gelitten.", "der Unterricht habe nicht gelitten", "Der Schulleiter"),
        ("Die Reederei gab bekannt, dass die Fähre wieder fahre.", "dass die Fähre wieder fahre", "Die Reederei"),
        ("Die Stadt habe die Pläne gestoppt, sagte ein Sprecher der Verwaltung.", "Die Stadt habe die Pläne gestoppt", "ein Sprecher der Verwaltung"),
    ],
)
def test_german_indirect(nlp_de: Pipeline, text: str, content: str, mention_text: str) -> None:
    q = only(run(nlp_de, text, "de"), direct=False)
    assert q.text == content
    assert mention(text, q) == mention_text


# ------------------------------------------------------------------ indirect speech, English
@pytest.mark.parametrize(
    "text, content, speaker",
    [
        ("Health Minister Tom Grant said the new clinic would open in June.", "the new clinic would open in June", "Tom Grant"),
        ("Anna Berg told reporters that the talks had stalled.", "that the talks had stalled", "Anna Berg"),
        ("According to Mayor Carl Dunn, the park will close for repairs.", "the park will close for repairs", "Carl Dunn"),
        ("Governor Ruth Lane warned that the storm could reach the coast.", "that the storm could reach the coast", "Ruth Lane"),
        ("Judge Omar Reyes stressed that the ruling was final.", "that the ruling was final", "Omar Reyes"),
        ("The harbour will stay closed until Monday, a port official said.", "The harbour will stay closed until Monday", None),
    ],
)
def test_english_indirect(nlp_en: Pipeline, text: str, content: str, speaker: str | None) -> None:
    q = only(run(nlp_en, text, "en"), direct=False)
    assert q.text == content
    if speaker is not None:
        assert q.speaker == speaker
    assert q.speaker_start is not None


# ------------------------------------------------------------------ role phrases
@pytest.mark.parametrize(
    "text, speaker, role",
    [
        ("UN-Generalsekretärin Maria Lind sagte, der Waffenstillstand halte.", "Maria Lind", "UN-Generalsekretärin"),
        ("Der Innenminister Paul Stark erklärte, die Grenze bleibe offen.", "Paul Stark", "Innenminister"),
        ("Die Polizei teilte mit, der Verdächtige sei gefasst.", "Polizei", None),
    ],
)
def test_german_role_phrases(nlp_de: Pipeline, text: str, speaker: str, role: str | None) -> None:
    q = only(run(nlp_de, text, "de"), direct=False)
    assert q.speaker == speaker
    assert q.role == role


def test_role_phrase_with_a_complement_keeps_the_whole_mention(nlp_de: Pipeline) -> None:
    text = "Ein früherer Berater des verstorbenen Präsidenten Hans Ober sagte, die Reform komme zu spät."
    q = only(run(nlp_de, text, "de"), direct=False)
    assert mention(text, q) == "Ein früherer Berater des verstorbenen Präsidenten Hans Ober"
    assert q.role is not None and q.role.startswith("früherer Berater")


def test_english_role_phrase(nlp_en: Pipeline) -> None:
    text = "Foreign Minister Julia Hart said the embassy would reopen next week."
    q = only(run(nlp_en, text, "en"), direct=False)
    assert q.speaker == "Julia Hart"
    assert q.role == "Foreign Minister"


# ------------------------------------------------------------------ pronouns
def test_german_pronoun_resolved_to_earlier_person(nlp_de: Pipeline) -> None:
    text = "Der Architekt Felix Sommer stellte den Entwurf vor. Er sagte, das Dach werde aus Holz gebaut."
    q = only(run(nlp_de, text, "de"), direct=False)
    assert mention(text, q) == "Er"
    assert q.speaker == "Felix Sommer"


def test_german_subjunctive_continuation_keeps_the_speaker(nlp_de: Pipeline) -> None:
    text = "Die Direktorin Ute Sand erklärte, das Museum schließe im Winter. Die Sammlung werde dann neu geordnet."
    quotes = run(nlp_de, text, "de")
    assert [q.text for q in quotes] == ["das Museum schließe im Winter", "Die Sammlung werde dann neu geordnet."]
    assert all(q.speaker == "Ute Sand" for q in quotes)


def test_english_pronoun_resolved(nlp_en: Pipeline) -> None:
    text = "Sarah Mills opened the new library. She said the building had cost two million dollars."
    q = only(run(nlp_en, text, "en"), direct=False)
    assert mention(text, q) == "She"
    assert q.speaker == "Sarah Mills"


# ------------------------------------------------------------------ no quotes, only quotes, broken marks
@pytest.mark.parametrize(
    "text, language",
    [
        ("Die Stadt baut einen neuen Radweg entlang des Kanals.", "de"),
        ("Der Film „Blaue Stunde“ läuft ab Donnerstag im Kino.", "de"),
        ("The city is building a new cycle path along the canal.", "en"),
        ("", "de"),
    ],
)
def test_no_quotes(nlp_de: Pipeline, nlp_en: Pipeline, text: str, language: str) -> None:
    nlp = nlp_de if language == "de" else nlp_en
    assert run(nlp, text, language) == []


def test_text_that_is_only_a_quote(nlp_de: Pipeline) -> None:
    text = "„Wir bleiben hier, bis alle Fragen beantwortet sind.“"
    q = only(run(nlp_de, text, "de"))
    assert q.text == "Wir bleiben hier, bis alle Fragen beantwortet sind."


@pytest.mark.parametrize(
    "text, language",
    [
        ("„Das Zitat hört nie auf und geht weiter", "de"),
        ("Er sagte: „Erst hier“ und dann „noch offen.", "de"),
        ("“Unclosed quote at the start, she said.", "en"),
        ("Closing mark only” here, he said.", "en"),
        ("„“ „ “ » « ‚ ‘", "de"),
        ("\"\"\"", "en"),
    ],
)
def test_unbalanced_marks_do_not_crash(nlp_de: Pipeline, nlp_en: Pipeline, text: str, language: str) -> None:
    nlp = nlp_de if language == "de" else nlp_en
    quotes = run(nlp, text, language)
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
