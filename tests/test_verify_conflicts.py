"""conflicting_number / conflicting_date / conflicting_fact on small invented texts:
each error is found with its kind and span, and a faithful version yields nothing."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.verify.check import check
from lagebild.verify.conflicts import find_conflicts, sentence_agreement
from lagebild.verify.conflicts_dates import When, agree
from lagebild.verify.conflicts_numbers import Amount, concept, extra_quantities

DAY = date(2022, 3, 11)  # a Friday

CORPUS_EN = [
    Document(
        id="wire-en",
        language="en",
        published=DAY,
        text=(
            "The European Union pledged 300 million euros in emergency aid to Moldova on Thursday, "
            "the Commission said in Brussels.\n\n"
            "Commission President Ursula von der Leyen spoke with Moldovan President Maia Sandu by phone on Thursday. "
            "\"Moldova is not alone,\" von der Leyen told Sandu.\n\n"
            "Chancellor Olaf Scholz travelled to Chisinau by train overnight and arrived on Friday morning."
        ),
    ),
    Document(
        id="zeitung-de",
        language="de",
        published=DAY,
        text=(
            "Die Europäische Union hat Moldau am Donnerstag Nothilfen in Höhe von 300 Millionen Euro zugesagt.\n\n"
            "Kommissionspräsidentin Ursula von der Leyen telefonierte am Donnerstag mit der moldauischen "
            "Präsidentin Maia Sandu. „Moldau ist nicht allein“, sagte von der Leyen.\n\n"
            "Das Handelsabkommen mit der Ukraine wurde am Freitag in Brüssel feierlich nicht unterzeichnet, "
            "weil Ungarn seine Zustimmung verweigerte."
        ),
    ),
]


def _findings(text: str, language: str, corpus: list[Document] = CORPUS_EN) -> list:
    target = Document(id="target", language=language, published=DAY, text=text)
    result = check(target, corpus, kb=KnowledgeBase.in_memory(), signals=[("conflicts", find_conflicts)])
    return result.findings


def _kinds(findings: list) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in findings]


# --- numbers -------------------------------------------------------------------------------


def test_wrong_amount_in_german_target_is_found():
    findings = _findings("Die EU sagte Moldau am Donnerstag Nothilfen von 900 Millionen Euro zu.", "de")
    assert ("conflicting_number", "900 Millionen Euro") in _kinds(findings)
    finding = next(f for f in findings if f.kind == "conflicting_number")
    assert finding.severity == "high" and finding.evidence
    assert "300" in finding.explanation


def test_same_amount_in_other_words_is_no_conflict():
    assert _findings("The EU promised Moldova €300 million in emergency aid on Thursday.", "en") == []
    assert _findings("Die EU sagte Moldau am Donnerstag rund 0,3 Milliarden Euro Nothilfe zu.", "de") == []


def test_units_and_ranges():
    assert concept("Soldaten") == concept("troops") == concept("Truppen")
    assert concept("NATO-Staaten") == concept("member states") == "member"
    assert concept("USD") == "USD" and concept(None) is None
    assert Amount(11000, 12000, "soldier", True, "").admits(12000, True)
    assert not Amount(500, 500, "USD", False, "").admits(800, False)
    found = extra_quantities("a 2,600-kilometre border and eine halbe Milliarde Dollar", "en", [])
    assert [(q.value, q.unit) for q in found] == [(2600.0, "kilometre"), (5e8, "USD")]


# --- dates ---------------------------------------------------------------------------------


def test_wrong_weekday_in_english_target_is_found():
    findings = _findings("The European Union pledged 300 million euros in emergency aid to Moldova on Wednesday.", "en")
    assert ("conflicting_date", "Wednesday") in _kinds(findings)


def test_right_weekday_is_no_conflict():
    assert _findings("Die Europäische Union hat Moldau am Donnerstag Nothilfen zugesagt.", "de") == []


def test_weekday_that_does_not_fit_its_date():
    findings = _findings("Die EU beriet am Mittwoch, dem 10. März 2022, über Hilfen für Moldau.", "de")
    assert ("conflicting_date", "Mittwoch, dem 10. März 2022") in _kinds(findings)
    assert _findings("Die EU beriet am Donnerstag, dem 10. März 2022, über Hilfen für Moldau.", "de") == []


def test_date_intervals():
    early = When(date(2024, 1, 1), date(2024, 4, 30), "year", None, "point")
    june = When(date(2024, 6, 1), date(2024, 6, 30), "month", None, "point")
    assert not agree(early, june)
    tuesday = When(date(2024, 10, 29), date(2024, 10, 29), "day", 1, "point")
    a_week_later = When(date(2024, 11, 5), date(2024, 11, 5), "day", 1, "point")
    assert agree(tuesday, a_week_later)  # weekdays compare as weekdays


# --- facts ---------------------------------------------------------------------------------


def test_wrong_form_of_communication_is_found():
    text = ("Kommissionspräsidentin Ursula von der Leyen sagte am Donnerstag auf einer Pressekonferenz "
            "mit Präsidentin Maia Sandu: „Moldau ist nicht allein.“")
    findings = _findings(text, "de")
    assert any(k == "conflicting_fact" and "Pressekonferenz" in t for k, t in _kinds(findings))


def test_wrong_means_of_travel_is_found():
    findings = _findings("Chancellor Olaf Scholz flew to Chisinau overnight and arrived on Friday morning.", "en")
    assert any(k == "conflicting_fact" and "flew" in t for k, t in _kinds(findings))
    assert _findings("Bundeskanzler Olaf Scholz reiste über Nacht mit dem Zug nach Chisinau.", "de") == []


def test_outcome_with_opposite_polarity_is_found():
    text = "Das Handelsabkommen mit der Ukraine wurde am Freitag in Brüssel feierlich unterzeichnet."
    findings = _findings(text, "de")
    assert any(k == "conflicting_fact" and "unterzeichnet" in t for k, t in _kinds(findings))
    faithful = "Das Handelsabkommen mit der Ukraine wurde am Freitag in Brüssel nicht unterzeichnet."
    assert _findings(faithful, "de") == []


def test_no_corpus_no_findings():
    assert _findings("Die EU sagte 900 Millionen Euro zu.", "de", corpus=[]) == []


@pytest.mark.parametrize("language", ["de", "en"])
def test_sentence_agreement_reports_conflicts(language):
    from lagebild.nlp import analyze_document
    from lagebild.verify.context import CheckContext
    from lagebild.verify.check import build_corpus

    text = {
        "de": "Die EU sagte Moldau am Donnerstag Nothilfen von 900 Millionen Euro zu.",
        "en": "The EU pledged 900 million euros in aid to Moldova on Thursday.",
    }[language]
    target = Document(id="t", language=language, published=DAY, text=text)
    ctx = CheckContext(target, analyze_document(target), build_corpus(CORPUS_EN), KnowledgeBase.in_memory(), DAY)
    assert sentence_agreement(ctx, ctx.target.sentences[0]) is False
