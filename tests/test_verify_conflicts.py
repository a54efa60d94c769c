"""conflicting_number / conflicting_date / conflicting_fact on small invented texts:
each error is found with its kind and span, and a faithful version yields nothing."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.verify.check import check
from lagebild.verify.conflicts import find_conflicts, sentence_agreement
from lagebild.verify.conflicts_dates import When, agree, same_time_frame
from lagebild.verify.conflicts_facts import negated, negated_part, places_in
from lagebild.verify.conflicts_numbers import Amount, amounts, concept, extra_quantities


def places_in_text(text: str, language: str) -> list:
    from lagebild.nlp import analyze_document

    doc = analyze_document(Document(id="p", language=language, text=text))
    return places_in(doc, 0, len(text))

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


# --- generalisation: bounds, tallies, back-references, background dates, quotes, places ----

SIGNING_DAY = date(2021, 6, 14)  # a Monday
CORPUS_TREATY = [
    Document(
        id="wire-treaty-en",
        language="en",
        published=SIGNING_DAY,
        text=(
            "Foreign Minister Marta Lindqvist signed the fisheries treaty with Norway at the State Department "
            "in Washington on Sunday, in the presence of Secretary of State Daniel Ortega.\n\n"
            "The parliament in Oslo had approved the treaty by 151 votes to 12 earlier this month.\n\n"
            "About 8,000 people rallied in support of the treaty outside parliament, police said.\n\n"
            "\"This is a good day for both our nations today,\" Lindqvist said."
        ),
    ),
    Document(
        id="blatt-treaty-de",
        language="de",
        published=SIGNING_DAY,
        text=(
            "Außenministerin Marta Lindqvist hat am Sonntag im US-Außenministerium in Washington das "
            "Fischereiabkommen mit Norwegen unterzeichnet.\n\n"
            "Das Parlament in Oslo hatte dem Abkommen Anfang des Monats mit 151 zu 12 Stimmen zugestimmt.\n\n"
            "Vor dem Parlament demonstrierten mehr als 6.000 Menschen für das Abkommen."
        ),
    ),
]


def _treaty(text: str, language: str) -> list:
    target = Document(id="target", language=language, published=SIGNING_DAY, text=text)
    result = check(target, CORPUS_TREATY, kb=KnowledgeBase.in_memory(), signals=[("conflicts", find_conflicts)])
    return result.findings


def test_bounds_agree_with_larger_figures_and_other_bounds():
    more_than = Amount(5000, 5000, "person", True, "more than 5,000 people", bound="lower")
    assert more_than.agrees(Amount(8000, 8000, "person", True, "about 8,000 people"))
    assert more_than.agrees(Amount(3000, 3000, "person", True, "more than 3,000", bound="lower"))
    assert not more_than.agrees(Amount(2000, 2000, "person", False, "2,000 people"))
    up_to = Amount(500, 500, "soldier", True, "up to 500 troops", bound="upper")
    assert up_to.agrees(Amount(450, 450, "soldier", False, "450 troops"))
    assert not up_to.agrees(Amount(900, 900, "soldier", False, "900 troops"))
    # Tolerance applies once: 185 against 175 is a conflict, 177 against 175 is not.
    assert not Amount(185, 185, "party", False, "").agrees(Amount(175, 175, "party", False, ""))
    assert Amount(177, 177, "party", False, "").agrees(Amount(175, 175, "party", False, ""))


def test_lower_bound_crowd_is_no_conflict():
    assert _treaty("Mehr als 7.000 Menschen demonstrierten vor dem Parlament für das Abkommen.", "de") == []


def test_tally_of_votes_is_compared_as_a_pair():
    wrong = _treaty("Das Parlament in Oslo hatte dem Abkommen Anfang des Monats mit 115 zu 12 Stimmen zugestimmt.", "de")
    assert ("conflicting_number", "115 zu 12 Stimmen") in _kinds(wrong)
    assert _treaty("The parliament in Oslo approved the treaty earlier this month, voting 151 to 12.", "en") == []
    found = [a.tally for _, _, a in amounts("approved 151 to 12 in a vote", [])]
    assert found == [(151.0, 12.0)]
    assert [a.tally for _, _, a in amounts("from 151 to 12 in a vote", [])] == []


def test_back_reference_is_not_a_count():
    text = "Marta Lindqvist signed the fisheries treaty on Sunday; the two countries had negotiated for years."
    assert not any(f.kind == "conflicting_number" for f in _treaty(text, "en"))


def test_faithful_sentence_with_other_verb_is_no_polarity_conflict():
    text = ("Foreign Minister Marta Lindqvist put her name to the fisheries treaty with Norway at the State "
            "Department in Washington on Sunday, with Secretary of State Daniel Ortega looking on.")
    assert _treaty(text, "en") == []
    assert not negated("the Secretary of State kept the treaty secret after decades of non-alignment")
    assert not negated("not only the minister but also the ambassador signed")
    assert negated("the minister did not sign the treaty")


def test_negation_in_a_side_clause_does_not_negate_the_main_one():
    assert negated_part("She arrived in Oslo on a visit that had not been announced") == "that had not been announced"
    assert negated_part("Das Abkommen wurde nicht unterzeichnet") == "Das Abkommen wurde nicht unterzeichnet"


def test_wrong_weekday_in_fronted_adverbial_is_found():
    text = "On Saturday, Foreign Minister Marta Lindqvist signed the fisheries treaty with Norway in Washington."
    assert ("conflicting_date", "Saturday") in _kinds(_treaty(text, "en"))


def test_today_in_a_quotation_and_background_dates_are_not_compared():
    quoted = "„Heute ist ein guter Tag für unsere beiden Länder“, sagte Lindqvist nach der Unterzeichnung am Sonntag."
    assert not any(f.kind == "conflicting_date" for f in _treaty(quoted, "de"))
    background = ("Foreign Minister Marta Lindqvist signed the fisheries treaty with Norway, "
                  "whose first version had been drafted on 3 March 1994, in Washington.")
    assert not any(f.kind == "conflicting_date" for f in _treaty(background, "en"))
    event = When(date(2021, 6, 13), date(2021, 6, 13), "day", 6, "point")
    assert not same_time_frame(When(date(1994, 3, 3), date(1994, 3, 3), "day", None, "point"), event, SIGNING_DAY)
    assert not same_time_frame(When(date(2021, 4, 30), date(2021, 4, 30), "day", None, "point"), event, SIGNING_DAY)
    assert same_time_frame(When(date(2021, 6, 12), date(2021, 6, 12), "day", 5, "point"), event, SIGNING_DAY)


def test_wrong_place_is_found_and_right_place_is_not():
    wrong = _treaty("Außenministerin Marta Lindqvist unterzeichnete das Fischereiabkommen mit Norwegen am Sonntag "
                    "im Weißen Haus.", "de")
    assert ("conflicting_fact", "im Weißen Haus") in _kinds(wrong)
    right = _treaty("Foreign Minister Marta Lindqvist signed the fisheries treaty with Norway on Sunday "
                    "in Washington.", "en")
    assert right == []
    assert [p.value for _, _, p in places_in_text("Sie sprach im Bundestag, der Bundestag stimmte zu.", "de")] == ["bundestag"]
