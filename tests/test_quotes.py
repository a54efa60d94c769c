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


# ------------------------------------------------------------------ English speech tags and role nouns
@pytest.mark.parametrize(
    "text, words, mention_text, speaker",
    [
        # postposed tags: "…," X said / said X / X told reporters / with time adverbials
        ('"We will not give in," he said.', "We will not give in", "he", None),
        ('"Good things come to those who wait," Blinken said as he received the document.', "Good things come to those who wait", "Blinken", "Blinken"),
        ('"We are ready," said Olaf Scholz.', "We are ready", "Olaf Scholz", "Olaf Scholz"),
        ('"The border stays open," Governor Ruth Lane told reporters.', "The border stays open", "Governor Ruth Lane", "Ruth Lane"),
        ("“Our hospitals are full,” said the health minister.", "Our hospitals are full", "the health minister", None),
        ('"Why now?" the senator asked.', "Why now?", "the senator", None),
        ('"It is a historic day," Mr. Smith said.', "It is a historic day", "Mr. Smith", "Smith"),
        ('"We will respond," White House spokeswoman Karine Jean-Pierre told reporters on Tuesday.', "We will respond", "White House spokeswoman Karine Jean-Pierre", "Karine Jean-Pierre"),
        ('"The ministry will review the case," a spokeswoman for the ministry said.', "The ministry will review the case", "a spokeswoman for the ministry", None),
        # "!" ends the sentence for the splitter, but the tag still belongs to the quote
        ('"We welcome Finland to the Alliance!" NATO Secretary General Jens Stoltenberg said at the ceremony.', "We welcome Finland to the Alliance!", "NATO Secretary General Jens Stoltenberg", "Jens Stoltenberg"),
        # preposed frames
        ('Mayor Linda Shaw said: "The road will reopen on Friday."', "The road will reopen on Friday.", "Mayor Linda Shaw", "Linda Shaw"),
        ('Linda Shaw told the BBC that "the road will reopen on Friday."', "the road will reopen on Friday.", "Linda Shaw", "Linda Shaw"),
        ('Linda Shaw told the BBC: "The road will reopen on Friday."', "The road will reopen on Friday.", "Linda Shaw", "Linda Shaw"),
    ],
)
def test_english_speech_tags(nlp_en: Pipeline, text: str, words: str, mention_text: str, speaker: str | None) -> None:
    q = only(run(nlp_en, text, "en"), direct=True)
    assert q.text == words
    assert text[q.start : q.end] == words
    assert mention(text, q) == mention_text
    if speaker is not None:
        assert q.speaker == speaker


def test_english_role_phrase_without_name_keeps_the_role(nlp_en: Pipeline) -> None:
    text = '"The talks were constructive," the minister said on Monday.'
    q = only(run(nlp_en, text, "en"), direct=True)
    assert mention(text, q) == "the minister"
    assert q.role == "minister"


@pytest.mark.parametrize("mark_open, mark_close", [("“", "”"), ('"', '"')])
def test_english_split_quote_is_one_quote(nlp_en: Pipeline, mark_open: str, mark_close: str) -> None:
    text = f"Linda Shaw opened the bridge. {mark_open}The war,{mark_close} she said, {mark_open}must end soon.{mark_close}"
    q = only(run(nlp_en, text, "en"), direct=True)
    assert q.text.startswith("The war") and q.text.endswith("must end soon.")
    assert mention(text, q) == "she"
    assert q.speaker == "Linda Shaw"


def test_english_split_quote_with_auxiliary_in_the_tag(nlp_en: Pipeline) -> None:
    text = '"The plan," he had said, "is dead."'
    q = only(run(nlp_en, text, "en"), direct=True)
    assert q.text.startswith("The plan") and q.text.endswith("is dead.")
    assert mention(text, q) == "he"


@pytest.mark.parametrize(
    "text, mention_text, speaker",
    [
        ('President Joe Biden arrived in Kyiv on Monday. "We will not give in," the president said.', "the president", "Joe Biden"),
        ('Chancellor Olaf Scholz travelled to Paris. "Europe must stand together," the chancellor said.', "the chancellor", "Olaf Scholz"),
        ('Foreign Minister Anna Berg landed in Rome. "The talks were frank," the minister said on Monday.', "the minister", "Anna Berg"),
        ('Secretary of State Antony Blinken landed in Riyadh. "The talks were frank," the secretary said.', "the secretary", "Antony Blinken"),
        # a vice president is not "the president"
        ('President Joe Biden met Vice President Kamala Harris. "We will not give in," the president said.', "the president", "Joe Biden"),
        # pronouns: the nearest earlier person, a place after "in" is none
        ('President Joe Biden arrived in Kyiv on Monday. "We will not give in," he said.', "he", "Joe Biden"),
        ('Sarah Mills opened the library. "It cost two million dollars," she said.', "she", "Sarah Mills"),
        ('Anna Berg met Mr. Tom Grant in Rome. "The talks were frank," she said.', "she", "Anna Berg"),
    ],
)
def test_english_role_nouns_and_pronouns_resolve(nlp_en: Pipeline, text: str, mention_text: str, speaker: str) -> None:
    q = only(run(nlp_en, text, "en"), direct=True)
    assert mention(text, q) == mention_text
    assert q.speaker == speaker


def test_english_role_noun_without_antecedent_stays_unresolved(nlp_en: Pipeline) -> None:
    text = 'Vice President Kamala Harris spoke first. "We will not give in," the president said.'
    q = only(run(nlp_en, text, "en"), direct=True)
    assert mention(text, q) == "the president"
    assert q.speaker != "Kamala Harris"


def test_english_unframed_quote_after_a_tag_keeps_the_speaker(nlp_en: Pipeline) -> None:
    text = '"We are ready," Tom Grant said. "We will fight on."'
    quotes = run(nlp_en, text, "en")
    assert [q.text for q in quotes] == ["We are ready", "We will fight on."]
    assert all(q.speaker == "Tom Grant" for q in quotes)


def test_english_relative_clause_before_the_verb(nlp_en: Pipeline) -> None:
    text = "Professor Hiroshi Tanabe of the University of Tokyo, who has advised the government, said the meeting marked a turning point."
    q = only(run(nlp_en, text, "en"), direct=False)
    assert q.text == "the meeting marked a turning point"
    assert q.speaker == "Hiroshi Tanabe"


@pytest.mark.parametrize(
    "text",
    [
        'The leaders discussed the so-called "peace plan" on Monday.',
        'She is reading "War and Peace" this summer.',
        'The film "Oppenheimer" won seven awards.',
        "The council approved the budget for the new school.",
    ],
)
def test_english_no_quotes(nlp_en: Pipeline, text: str) -> None:
    assert run(nlp_en, text, "en") == []


# ------------------------------------------------------------------ German role nouns
@pytest.mark.parametrize(
    "text, mention_text, speaker",
    [
        ("Bundeskanzler Olaf Scholz reiste nach Paris. „Europa muss zusammenstehen“, sagte der Kanzler.", "der Kanzler", "Olaf Scholz"),
        ("Außenministerin Anna Berg landete in Rom. „Die Gespräche waren offen“, sagte die Ministerin am Montag.", "die Ministerin", "Anna Berg"),
        ("Innenministerin Eva Roth und Finanzminister Paul Stark trafen sich. „Wir sparen nicht bei der Polizei“, sagte der Minister.", "der Minister", "Paul Stark"),
        ("Innenministerin Eva Roth und Finanzminister Paul Stark trafen sich. „Wir sparen nicht bei der Polizei“, sagte die Ministerin.", "die Ministerin", "Eva Roth"),
        ("Bürgermeisterin Jana Vogt eröffnete die Brücke. Die Bürgermeisterin erklärte: „Der Verkehr wird fließen.“", "Die Bürgermeisterin", "Jana Vogt"),
    ],
)
def test_german_role_nouns_resolve(nlp_de: Pipeline, text: str, mention_text: str, speaker: str) -> None:
    q = only(run(nlp_de, text, "de"), direct=True)
    assert mention(text, q) == mention_text
    assert q.speaker == speaker


def test_german_role_noun_in_indirect_speech_resolves(nlp_de: Pipeline) -> None:
    text = "Präsident Max Weber besuchte die Stadt. Der Präsident sagte, die Hilfe komme bald."
    q = only(run(nlp_de, text, "de"), direct=False)
    assert q.text == "die Hilfe komme bald"
    assert mention(text, q) == "Der Präsident"
    assert q.speaker == "Max Weber"
    assert q.role == "Präsident"


@pytest.mark.parametrize(
    "text",
    [
        "Vizepräsident Karl Roth sprach zuerst. „Wir halten Kurs“, sagte der Präsident.",
        "„Wir halten Kurs“, sagte der Präsident.",
    ],
)
def test_german_role_noun_without_antecedent_stays_unresolved(nlp_de: Pipeline, text: str) -> None:
    q = only(run(nlp_de, text, "de"), direct=True)
    assert mention(text, q) == "der Präsident"
    assert q.speaker == "Präsident"


def test_german_title_before_a_name(nlp_de: Pipeline) -> None:
    text = "Dr. Lena Roth sagte: „Die Station ist voll.“"
    q = only(run(nlp_de, text, "de"), direct=True)
    assert q.speaker == "Lena Roth"
    assert mention(text, q) == "Dr. Lena Roth"


def test_german_relative_clause_before_the_verb(nlp_de: Pipeline) -> None:
    text = "Jan Baum von der Erdbebenwarte, die die Stärke zunächst mit 5,1 angegeben hatte, sagte, dass solche Beben selten seien."
    q = only(run(nlp_de, text, "de"), direct=False)
    assert q.text == "dass solche Beben selten seien"
    assert mention(text, q).startswith("Jan Baum")
