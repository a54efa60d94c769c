"""`unsupported_quote` on short reports written for these tests (an invented event: a rail
tunnel opened in Norway), in German and English."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.verify.check import check
from lagebild.verify.model import Finding
from lagebild.verify.quotes import find_unsupported_quotes

DAY = date(2031, 5, 16)

CORPUS = [
    Document(
        id="nordic-wire",
        language="en",
        published=DAY,
        text=(
            "Norway's Transport Minister Ingrid Dahl opened the new Ulriken rail tunnel near Bergen on Thursday.\n\n"
            "\"This tunnel brings Bergen and Oslo closer together than ever before,\" Dahl told reporters at the "
            "ceremony. The tunnel cost 12 billion kroner and took seven years to build.\n\n"
            "Trains between the two cities will be about forty minutes faster once the line is complete in 2033, "
            "the state railway company said."
        ),
    ),
    Document(
        id="fjord-zeitung",
        language="de",
        published=DAY,
        text=(
            "Die norwegische Verkehrsministerin Ingrid Dahl hat am Donnerstag den neuen Ulriken-Bahntunnel bei "
            "Bergen eröffnet. Der Bau dauerte sieben Jahre und kostete zwölf Milliarden Kronen.\n\n"
            "Dahl dankte den Bauarbeitern. „Ohne ihre Geduld gäbe es diesen Tunnel nicht“, sagte sie. Die "
            "Bahngesellschaft rechnet mit rund vierzig Minuten kürzeren Fahrzeiten zwischen Bergen und Oslo."
        ),
    ),
]

FAITHFUL_DE = (
    "Bergen. Norwegens Verkehrsministerin Ingrid Dahl hat am Donnerstag einen neuen Eisenbahntunnel bei Bergen "
    "eröffnet. „Dieser Tunnel bringt Bergen und Oslo näher zusammen als je zuvor“, sagte Dahl vor Journalisten.\n\n"
    "Der Bau hatte sieben Jahre gedauert und zwölf Milliarden Kronen gekostet. Die Ministerin dankte den "
    "Arbeitern: „Ohne ihre Geduld gäbe es diesen Tunnel nicht.“"
)

INVENTED_DE = FAITHFUL_DE + (
    "\n\nDahl kündigte zudem weitere Projekte an. „Bis zum Ende des Jahrzehnts werden wir jede größere Stadt "
    "des Landes mit Hochgeschwindigkeitszügen verbinden“, sagte sie."
)

EXPERT_EN = (
    "Transport Minister Ingrid Dahl opened a new rail tunnel near Bergen on Thursday. \"This tunnel brings Bergen "
    "and Oslo closer together than ever before,\" Dahl said.\n\n"
    "Dr. Harald Vestrum, a transport economist at the Nordic Mobility Institute, was sceptical. \"The ticket "
    "prices will rise faster than the trains,\" he said. \"Commuters will pay for this for decades.\""
)


def run(text: str, language: str) -> list[Finding]:
    target = Document(id="target", text=text, language=language, published=DAY)
    result = check(target, CORPUS, kb=KnowledgeBase.in_memory(), signals=[("unsupported_quote", find_unsupported_quotes)])
    return result.findings


@pytest.mark.slow
def test_faithful_quotes_and_translations_are_supported() -> None:
    assert run(FAITHFUL_DE, "de") == []


@pytest.mark.slow
def test_english_translation_of_a_german_quote_is_supported() -> None:
    text = (
        "Norway's transport minister Ingrid Dahl opened the Ulriken rail tunnel near Bergen on Thursday and thanked "
        "the construction workers. \"Without their patience, this tunnel would not exist,\" she said."
    )
    assert run(text, "en") == []


@pytest.mark.slow
def test_invented_quote_of_a_real_person_is_flagged() -> None:
    findings = run(INVENTED_DE, "de")
    assert [f.kind for f in findings] == ["unsupported_quote"]
    assert findings[0].text.startswith("Bis zum Ende des Jahrzehnts")
    assert findings[0].text.endswith("Hochgeschwindigkeitszügen verbinden")
    assert "Dahl" in findings[0].explanation
    assert findings[0].evidence  # what the reports do quote her with


@pytest.mark.slow
def test_quote_of_invented_expert_is_one_finding_across_the_speech_tag() -> None:
    findings = run(EXPERT_EN, "en")
    assert len(findings) == 1, findings
    f = findings[0]
    assert f.kind == "unsupported_quote"
    assert f.text.startswith("The ticket prices will rise") and f.text.endswith("for decades.")
    assert "Vestrum" in f.explanation


@pytest.mark.slow
def test_short_fragments_are_not_checked() -> None:
    text = "Dahl called the tunnel a \"national treasure\" and opened it near Bergen on Thursday."
    assert run(text, "en") == []


def test_no_corpus_means_no_finding() -> None:
    target = Document(id="t", text=INVENTED_DE, language="de", published=DAY)
    result = check(target, [], kb=KnowledgeBase.in_memory(), signals=[("q", find_unsupported_quotes)])
    assert result.findings == []


# ------------------------------------------------------------------ speaker agreement
IDIOM_CORPUS = [
    Document(
        id="harbour-wire",
        language="en",
        published=DAY,
        text=(
            "Norway's Transport Minister Ingrid Dahl opened the Ulriken rail tunnel near Bergen on Thursday, "
            "three years late.\n\n"
            "\"Rome was not built in a day, and neither was this tunnel,\" Dahl said at the ceremony. "
            "\"This tunnel brings Bergen and Oslo closer together than ever before,\" she added."
        ),
    ),
    Document(
        id="bergen-post",
        language="en",
        published=DAY,
        text=(
            "The tunnel took seven years to build. \"Rome was not built in a day, and neither was this tunnel,\" "
            "Transport Minister Ingrid Dahl told guests, while rail chief Ola Brekke praised the workers."
        ),
    ),
]


@pytest.mark.slow
def test_idiom_rendered_freely_is_supported_when_the_reports_give_it_to_the_same_speaker() -> None:
    text = (
        "Bergen. Verkehrsministerin Ingrid Dahl hat den Ulriken-Tunnel mit drei Jahren Verspätung eröffnet. "
        "„Rom wurde auch nicht an einem Tag erbaut, und dieser Tunnel auch nicht“, sagte Dahl bei der Feier."
    )
    target = Document(id="t", text=text, language="de", published=DAY)
    result = check(target, IDIOM_CORPUS, kb=KnowledgeBase.in_memory(), signals=[("q", find_unsupported_quotes)])
    assert result.findings == []


@pytest.mark.slow
def test_same_speaker_match_needs_the_same_person() -> None:
    from lagebild.nlp import analyze_document
    from lagebild.verify.check import build_corpus
    from lagebild.verify.context import CheckContext
    from lagebild.verify.quotes import Speaker, _same_speaker_match

    target = Document(id="t", text="Dahl sprach.", language="de", published=DAY)
    ctx = CheckContext(target, analyze_document(target), build_corpus(IDIOM_CORPUS), KnowledgeBase.in_memory(), DAY)
    idiom = "Rom wurde auch nicht an einem Tag erbaut, und dieser Tunnel auch nicht"
    assert _same_speaker_match(ctx, idiom, Speaker("Ingrid Dahl")) is not None
    assert _same_speaker_match(ctx, idiom, Speaker("Per Lund")) is None  # nobody quotes him
    # Other words given to the same person stay far below the bar.
    assert _same_speaker_match(ctx, "Nächstes Jahr senken wir die Fahrpreise für alle Pendler", Speaker("Dahl")) is None


def test_speaker_name_drops_words_the_recogniser_ran_on_into() -> None:
    from lagebild.verify.quotes import Speaker

    assert Speaker("Dahl bei der kurzen Feier").name == "Dahl"
    assert Speaker("Ursula von der Leyen").name == "Ursula von der Leyen"
    assert Speaker("Ingrid Dahl").name == "Ingrid Dahl"
