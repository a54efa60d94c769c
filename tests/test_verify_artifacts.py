"""`generation_artifact`: residue addressed to the writer or an outside audience."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.verify.artifacts import find_generation_artifacts
from lagebild.verify.check import check


def _findings(text: str, language: str):
    target = Document(id="t", text=text, language=language, published=date(2024, 5, 2))
    result = check(target, [], kb=KnowledgeBase.in_memory(),
                   signals=[("generation_artifact", find_generation_artifacts)])
    return [(f.kind, f.text) for f in result.findings]


@pytest.mark.parametrize(
    "language, text, flagged",
    [
        ("de", "Die Minister trafen sich in Rom. Für britische Leser ist das Treffen ein Signal.", "Für britische Leser"),
        ("en", "The talks ended. For American readers, the outcome matters because of trade.", "For American readers"),
        ("en", "The talks ended. Note to editor: confirm the figure before publishing.", "Note to editor"),
        ("de", "Die Gespräche endeten ohne Ergebnis.\nSoll ich noch eine Zusammenfassung schreiben?",
         "Soll ich noch eine Zusammenfassung schreiben?"),
        ("en", "Here is the article you asked for:\nThe summit opened on Monday.", "Here is the article"),
        ("de", "Gerne! Hier ist ein kurzer Nachrichtenartikel zum Thema:\nDer Gipfel begann am Montag.",
         "Gerne! Hier ist ein kurzer Nachrichtenartikel"),
        ("en", "Sure, here's a concise news story on the talks.\nThe talks began on Monday.",
         "Sure, here's a concise news story"),
        ("de", "Der Gipfel begann am Montag.\nSchlagwörter: Gipfel, Politik", "Schlagwörter:"),
        ("en", "The summit opened [insert date] in Rome.", "[insert date]"),
        ("de", "Der Kanzler sprach lange. [Red.: Reaktion der Opposition nachtragen] Danach folgte die Debatte.",
         "[Red.: Reaktion der Opposition nachtragen]"),
        ("en", "The vote passed. [Editor's note - add the final tally once confirmed] Markets rose.",
         "[Editor's note - add the final tally once confirmed]"),
    ],
)
def test_artifacts_are_found(language, text, flagged):
    assert ("generation_artifact", flagged) in _findings(text, language)


@pytest.mark.parametrize(
    "language, text",
    [
        ("de", "Der Minister fragte: „Sollen wir warten?“ Die Leser der Zeitung erfuhren es am Montag."),
        ("en", "Readers in Ohio wrote to the editor about the summit. The note was signed by ten ministers."),
        ("en", "Should the talks fail, sanctions will follow, the minister said."),
    ],
)
def test_ordinary_reporting_is_not_an_artifact(language, text):
    assert _findings(text, language) == []


def test_an_artifact_paragraph_is_not_also_an_off_topic_passage():
    from lagebild.verify.check import _drop_inside_off_topic
    from lagebild.verify.model import Finding

    note = Finding("generation_artifact", 10, 70, "x" * 60, "medium", "a note")
    passage = Finding("off_topic_passage", 8, 80, "y" * 72, "medium", "another story")
    quote = Finding("unsupported_quote", 100, 120, "z" * 20, "medium", "no source")
    assert _drop_inside_off_topic([note, passage, quote]) == [note, quote]
    spliced = Finding("off_topic_passage", 200, 400, "s" * 200, "medium", "another story")
    inner = Finding("unverifiable_person", 250, 260, "p" * 10, "medium", "unknown")
    assert _drop_inside_off_topic([spliced, inner]) == [spliced]
