"""The "quantities" component: numbers with what they count, German and English."""

from __future__ import annotations

from datetime import date

import pytest

import lagebild.nlp.quantities  # noqa: F401  (registers the component)
from lagebild.nlp.doc import Doc, Quantity
from lagebild.nlp.pipeline import Pipeline
from lagebild.nlp.quantities import parse_digits

PUBLISHED = date(2024, 10, 29)


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Pipeline]:
    return {lang: Pipeline(lang, names=["sentences", "quantities"]) for lang in ("de", "en", "fr")}


def quantities(pipelines: dict[str, Pipeline], language: str, text: str) -> list[Quantity]:
    doc = pipelines[language](Doc(text=text, language=language, published=PUBLISHED))
    for q in doc.quantities:
        assert doc.text[q.start : q.end] == q.text  # offsets are string indices, end exclusive
    return doc.quantities


# (language, sentence, span text, value, unit, approximate)
FOUND = [
    ("de", "Rund 12.000 nordkoreanische Soldaten sind in Kursk.", "Rund 12.000 nordkoreanische Soldaten", 12000, "Soldaten", True),
    ("de", "Es sind 12 000 Soldaten im Einsatz.", "12 000 Soldaten", 12000, "Soldaten", False),
    ("de", "Es sind 12\u202f000 Soldaten im Einsatz.", "12\u202f000 Soldaten", 12000, "Soldaten", False),
    ("de", "Es sind 12\u00a0000 Soldaten im Einsatz.", "12\u00a0000 Soldaten", 12000, "Soldaten", False),
    ("de", "Laut Übersetzung sind es 12,000 Soldaten.", "12,000 Soldaten", 12000, "Soldaten", False),
    ("de", "Mehr als 1,5 Millionen Menschen sind geflohen.", "Mehr als 1,5 Millionen Menschen", 1_500_000, "Menschen", True),
    ("de", "Die Armee hat etwa 500 Offiziere entsandt.", "etwa 500 Offiziere", 500, "Offiziere", True),
    ("de", "Insgesamt zwölftausend Soldaten wurden verlegt.", "zwölftausend Soldaten", 12000, "Soldaten", False),
    ("de", "Davon gehören dreitausend Mann zu Spezialkräften.", "dreitausend Mann", 3000, "Mann", False),
    ("de", "Auch zwei Generäle wurden gesehen.", "zwei Generäle", 2, "Generäle", False),
    ("de", "Zwei Generäle wurden gesehen.", "Zwei Generäle", 2, "Generäle", False),
    ("de", "Nach Angaben Kiews sind 500 Offiziere im Einsatz.", "500 Offiziere", 500, "Offiziere", False),
    ("de", "Die Ausgaben stiegen um 30 Prozent.", "30 Prozent", 30, "%", False),
    ("de", "Die Ausgaben stiegen um 30 % im Jahr.", "30 %", 30, "%", False),
    ("de", "Der Zins liegt bei 2,375 Prozent.", "2,375 Prozent", 2.375, "%", False),
    ("de", "Die EU stellt 5 Mrd. Euro bereit.", "5 Mrd. Euro", 5e9, "EUR", False),
    ("de", "Die USA geben 61 Milliarden US-Dollar.", "61 Milliarden US-Dollar", 61e9, "USD", False),
    ("de", "Die Rechnung betrug 1.234,56 Euro.", "1.234,56 Euro", 1234.56, "EUR", False),
    ("de", "Es kamen eine Million Menschen.", "eine Million Menschen", 1e6, "Menschen", False),
    ("de", "Im Jahr 2024 kamen 2000 Soldaten an die Front.", "2000 Soldaten", 2000, "Soldaten", False),
    ("de", "Die Zahl der Toten stieg auf 500. Experten sind besorgt.", "500", 500, None, False),
    ("de", "Bis zu 10.000 weitere Soldaten könnten folgen.", "Bis zu 10.000 weitere Soldaten", 10000, "Soldaten", True),
    ("de", "Russland verlegte 20 F-16-Kampfjets nicht.", "20 F-16-Kampfjets", 20, "F-16-Kampfjets", False),
    ("de", "Die Kolonne fuhr 300 km weit.", "300 km", 300, "km", False),
    ("en", "About 3,000 North Korean troops arrived.", "About 3,000 North Korean troops", 3000, "troops", True),
    ("en", "Some 12,000 troops were deployed.", "Some 12,000 troops", 12000, "troops", True),
    ("en", "It sent 1.5 million shells.", "1.5 million shells", 1.5e6, "shells", False),
    ("en", "Congress approved $61 billion in aid.", "$61 billion", 61e9, "USD", False),
    ("en", "The EU pledged €5bn more.", "€5bn", 5e9, "EUR", False),
    ("en", "Britain gave £300m to Kyiv.", "£300m", 300e6, "GBP", False),
    ("en", "Russia lost three generals in a week.", "three generals", 3, "generals", False),
    ("en", "Three generals were killed.", "Three generals", 3, "generals", False),
    ("en", "Ukraine said 500 officers were captured.", "500 officers", 500, "officers", False),
    ("en", "Costs rose by 30 percent last year.", "30 percent", 30, "%", False),
    ("en", "Costs rose by 30% last year.", "30%", 30, "%", False),
    ("en", "Twelve thousand troops crossed.", "Twelve thousand troops", 12000, "troops", False),
    ("en", "Two hundred and fifty tanks were seen.", "Two hundred and fifty tanks", 250, "tanks", False),
    ("en", "A million people marched.", "A million people", 1e6, "people", False),
    ("en", "One Russian general died.", "One Russian general", 1, "general", False),
    ("en", "At least 2,500 Russians were wounded.", "At least 2,500 Russians", 2500, "Russians", True),
    ("en", "Between 20 and 30 tanks were lost.", "30 tanks", 30, "tanks", False),
    ("fr", "Environ 12 000 soldats et 30 % des chars.", "30 %", 30, "%", False),
    ("fr", "Environ 12 000 soldats.", "12 000", 12000, None, False),
]


@pytest.mark.parametrize(("language", "text", "span", "value", "unit", "approximate"), FOUND)
def test_quantity_is_found(pipelines, language, text, span, value, unit, approximate):
    found = {q.text: q for q in quantities(pipelines, language, text)}
    assert span in found, f"{span!r} not in {list(found)}"
    q = found[span]
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.approximate is approximate


def test_range_shares_the_unit_of_its_second_number(pipelines):
    found = quantities(pipelines, "de", "Zwischen 20 und 30 Panzer wurden zerstört.")
    assert [(q.text, q.value, q.unit) for q in found] == [("20", 20, "Panzer"), ("30 Panzer", 30, "Panzer")]
    found = quantities(pipelines, "en", "It will cost 5 to 6 billion dollars.")
    assert [(q.value, q.unit) for q in found] == [(5e9, "USD"), (6e9, "USD")]


def test_json_has_the_contract_fields(pipelines):
    (q,) = quantities(pipelines, "de", "Es kamen 500 Offiziere.")
    assert q.to_json() == {"start": 9, "end": 22, "text": "500 Offiziere", "value": 500, "unit": "Offiziere"}


# (language, sentence, a piece of text that no quantity may overlap)
NOT_FOUND = [
    ("de", "Im Jahr 2024 begann die Offensive.", "2024"),
    ("de", "2024 hat Russland angegriffen.", "2024"),
    ("de", "Seit 2022 Soldaten dorthin verlegt wurden, ist es ruhig.", "2022"),
    ("de", "Die Truppen kamen am 28. Oktober an.", "28"),
    ("de", "Die Truppen kamen am 28 Oktober an.", "28"),
    ("de", "Das Treffen war am 28.10.2024 in Berlin.", "28.10.2024"),
    ("de", "Das Treffen ist am 28.10. in Berlin.", "28.10."),
    ("de", "Die Minister beraten am 3. und 4. Dezember.", "3. und 4."),
    ("de", "Die 3. Armee rückte vor.", "3."),
    ("de", "Zum 2. Mal tagte der Rat.", "2."),
    ("de", "Die Offensive begann um 14 Uhr.", "14"),
    ("de", "Die Offensive begann um 14.30 Uhr.", "14.30"),
    ("de", "Die G7 und die G20 tagten.", "G7"),
    ("de", "Die F-16 fliegen wieder.", "F-16"),
    ("de", "Die Covid-19-Pandemie ist vorbei.", "Covid-19"),
    ("de", "Der 5-Punkte-Plan liegt vor.", "5-Punkte-Plan"),
    ("de", "Anrufe unter Telefon 030 1234567 sind möglich.", "030 1234567"),
    ("de", "Die Nummer +49 30 1234567 ist erreichbar.", "+49 30 1234567"),
    ("de", "Details stehen auf Seite 12 des Berichts.", "12"),
    ("de", "Nach Artikel 5 des Vertrags hilft man.", "5"),
    ("de", "Das Spiel endete 3:1.", "3:1"),
    ("de", "Einer der zwei kam zurück.", "zwei"),
    ("de", "Man musste sich in Acht nehmen.", "Acht"),
    ("en", "The offensive began in 2024.", "2024"),
    ("en", "The 2022 invasion changed Europe.", "2022"),
    ("en", "The troops arrived on Oct. 28.", "28"),
    ("en", "It happened on October 28, 2024 in Kursk.", "October 28, 2024"),
    ("en", "It happened on 28 October in Kursk.", "28"),
    ("en", "The summit takes place July 9-11 in Washington.", "9-11"),
    ("en", "They met on the 3rd floor.", "3rd"),
    ("en", "The 1st Army advanced.", "1st"),
    ("en", "The attack began at 2 p.m. local time.", "2"),
    ("en", "The attack began at 14:30 local time.", "14:30"),
    ("en", "The G7 leaders met.", "G7"),
    ("en", "More F-16 jets are coming.", "F-16"),
    ("en", "Covid-19 is no longer an emergency.", "Covid-19"),
    ("en", "Call +44 20 7946 0958 for details.", "+44 20 7946 0958"),
    ("en", "See page 12 of the report.", "12"),
    ("en", "Article 5 of the treaty applies.", "5"),
    ("en", "No one of them came.", "one"),
    ("en", "One of the generals died.", "One"),
]


@pytest.mark.parametrize(("language", "text", "piece"), NOT_FOUND)
def test_no_quantity(pipelines, language, text, piece):
    start = text.index(piece)
    end = start + len(piece)
    overlapping = [q.text for q in quantities(pipelines, language, text) if q.start < end and start < q.end]
    assert overlapping == []


@pytest.mark.parametrize(
    ("digits", "thousands", "decimal", "fraction_expected", "value"),
    [
        ("12.000", ".", ",", False, 12000),
        ("1,5", ".", ",", False, 1.5),
        ("12,000", ".", ",", False, 12000),  # German text, English grouping
        ("2,375", ".", ",", True, 2.375),  # ... unless a percent or scale follows
        ("0,125", ".", ",", False, 0.125),
        ("1.234.567", ".", ",", False, 1234567),
        ("1.234,5", ".", ",", False, 1234.5),
        ("12,000", ",", ".", False, 12000),
        ("1.5", ",", ".", False, 1.5),
        ("12.000", ",", ".", False, 12000),
        ("1.250", ",", ".", True, 1.25),
        ("12,000.50", ",", ".", False, 12000.5),
        ("12 000", ".", ",", False, 12000),
        ("12\u202f000", ",", ".", False, 12000),
    ],
)
def test_parse_digits(digits, thousands, decimal, fraction_expected, value):
    assert parse_digits(digits, thousands, decimal, fraction_expected) == pytest.approx(value)
