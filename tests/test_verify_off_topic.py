"""`off_topic_passage` on short reports written for these tests (an invented event: a
rail tunnel opened in Norway), in German and English."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.verify.check import check
from lagebild.verify.model import Finding
from lagebild.verify.off_topic import find_off_topic_passages

DAY = date(2031, 5, 16)

CORPUS = [
    Document(
        id="nordic-wire",
        language="en",
        published=DAY,
        text=(
            "Norway's Transport Minister Ingrid Dahl opened the new Ulriken rail tunnel near Bergen on Thursday. "
            "The tunnel cost 12 billion kroner and took seven years to build.\n\n"
            "Trains between Bergen and Oslo will be about forty minutes faster once the double track is complete "
            "in 2033, the state railway company Bane NOR said. The old single-track tunnel from 1964 will be "
            "renovated and kept for freight trains.\n\n"
            "Environmental groups welcomed the project but criticised the high cost."
        ),
    ),
    Document(
        id="fjord-zeitung",
        language="de",
        published=DAY,
        text=(
            "Die norwegische Verkehrsministerin Ingrid Dahl hat am Donnerstag den neuen Ulriken-Bahntunnel bei "
            "Bergen eröffnet. Der Bau dauerte sieben Jahre und kostete zwölf Milliarden Kronen.\n\n"
            "Die Bahngesellschaft Bane NOR rechnet mit rund vierzig Minuten kürzeren Fahrzeiten zwischen Bergen "
            "und Oslo, sobald die Strecke 2033 durchgehend zweigleisig ist. Der alte Tunnel aus dem Jahr 1964 "
            "soll saniert werden und künftig Güterzügen dienen."
        ),
    ),
]

STORY_DE = [
    "Bergen. Norwegens Verkehrsministerin Ingrid Dahl hat am Donnerstag den neuen Ulriken-Tunnel für die "
    "Eisenbahn eröffnet. Die Bauarbeiten hatten sieben Jahre gedauert.",
    "Das Projekt kostete nach Angaben der Bahngesellschaft Bane NOR zwölf Milliarden Kronen. Zwischen Bergen und "
    "Oslo sollen die Züge dadurch rund vierzig Minuten schneller werden.",
    "Die Strecke durch die Berge bei Bergen gilt seit Jahrzehnten als Engpass: Der alte Tunnel aus dem Jahr 1964 "
    "hat nur ein Gleis. Er soll nun saniert werden und künftig Güterzügen vorbehalten sein.",
    "Umweltverbände begrüßten den Ausbau der Bahn in Norwegen, kritisierten aber die hohen Kosten des Tunnels.",
]

SPLICED_DE = (
    "In Lissabon hat unterdessen ein Großbrand im Hafen Dutzende Lagerhallen zerstört. Feuerwehrsprecher "
    "João Almeida sagte, die Löscharbeiten am Tejo würden noch mehrere Tage dauern."
)

STORY_EN = [
    "Norway opened its new Ulriken rail tunnel near Bergen on Thursday, after seven years of construction.",
    "Transport Minister Ingrid Dahl cut the ribbon. The project cost 12 billion kroner, according to the state "
    "railway company Bane NOR.",
    "Once the double track is complete in 2033, trains between Bergen and Oslo are expected to be about forty "
    "minutes faster.",
    "The old single-track tunnel, opened in 1964, will be renovated and reserved for freight trains, "
    "while environmental groups questioned the cost.",
]

SPLICED_EN = (
    "In Chile, meanwhile, firefighters battled forest fires near Valparaíso for a third day, and President "
    "Gabriel Boric declared a state of emergency in the region."
)


def run(paragraphs: list[str], language: str) -> list[Finding]:
    target = Document(id="target", text="\n\n".join(paragraphs), language=language, published=DAY)
    result = check(target, CORPUS, kb=KnowledgeBase.in_memory(), signals=[("off_topic_passage", find_off_topic_passages)])
    return result.findings


@pytest.mark.slow
def test_faithful_article_with_background_yields_nothing() -> None:
    assert run(STORY_DE, "de") == []
    assert run(STORY_EN, "en") == []


@pytest.mark.slow
def test_spliced_paragraph_is_flagged_whole_de() -> None:
    findings = run(STORY_DE[:2] + [SPLICED_DE] + STORY_DE[2:], "de")
    assert [(f.kind, f.text) for f in findings] == [("off_topic_passage", SPLICED_DE)]
    assert "Almeida" in findings[0].explanation or "Lissabon" in findings[0].explanation


@pytest.mark.slow
def test_spliced_paragraph_is_flagged_whole_en() -> None:
    findings = run(STORY_EN[:3] + [SPLICED_EN] + STORY_EN[3:], "en")
    assert [(f.kind, f.text) for f in findings] == [("off_topic_passage", SPLICED_EN)]


def test_short_articles_are_left_alone() -> None:
    assert run(STORY_DE[:2] + [SPLICED_DE], "de") == []


EXPERT_COMMENT_EN = (
    "Dr. Harald Vestrum, a senior fellow at the Nordic Mobility Institute, said the faster trains would win "
    "commuters back from the roads, but that recovering the cost of the tunnel could take decades."
)


@pytest.mark.slow
def test_expert_comment_on_the_event_is_not_another_story() -> None:
    # The expert and his institute are unknown to the article and the reports, but the
    # paragraph is about the tunnel: that is a matter for unverifiable_person.
    assert run(STORY_EN[:3] + [EXPERT_COMMENT_EN] + STORY_EN[3:], "en") == []
    findings = run(STORY_EN[:2] + [EXPERT_COMMENT_EN, SPLICED_EN] + STORY_EN[2:], "en")
    assert [f.text for f in findings] == [SPLICED_EN]


def test_a_surname_is_not_found_inside_another_word() -> None:
    from lagebild.nlp.doc import Entity
    from lagebild.verify.off_topic import _known

    reports = "the tunnel was opened by the minister; bergen's mayor attended."
    assert not _known(Entity(0, 10, "Lena Tunn", "PER"), set(), reports)  # not "tunnel"
    assert _known(Entity(0, 6, "Bergen", "LOC"), set(), reports)
    assert _known(Entity(0, 6, "Bergens", "LOC"), set(), reports)  # inflected place name
    assert _known(Entity(0, 10, "Ola Bergen", "PER"), set(), reports)  # genitive
