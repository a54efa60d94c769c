"""The "dates" component: date mentions resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

import lagebild.nlp.dates  # noqa: F401  (registers the component)
from lagebild.nlp.doc import DateMention, Doc
from lagebild.nlp.pipeline import Pipeline

TUESDAY = date(2024, 10, 29)  # publication date of most cases below
THURSDAY = date(2024, 10, 31)


@pytest.fixture(scope="module")
def pipelines() -> dict[str, Pipeline]:
    return {lang: Pipeline(lang, names=["sentences", "dates"]) for lang in ("de", "en", "fr")}


def dates(pipelines: dict[str, Pipeline], language: str, text: str, published: date | None = TUESDAY) -> list[DateMention]:
    doc = pipelines[language](Doc(text=text, language=language, published=published))
    for d in doc.dates:
        assert doc.text[d.start : d.end] == d.text  # offsets are string indices, end exclusive
    return doc.dates


# (language, sentence, publication date, span text, value, granularity, weekday_only)
FOUND = [
    # days with month names and numbers
    ("de", "Die Truppen kamen am 28. Oktober an.", TUESDAY, "28. Oktober", date(2024, 10, 28), "day", False),
    ("de", "Es begann am 28. Oktober 2024.", TUESDAY, "28. Oktober 2024", date(2024, 10, 28), "day", False),
    ("de", "Es begann am 28. Okt. 2024 in Kursk.", TUESDAY, "28. Okt. 2024", date(2024, 10, 28), "day", False),
    ("de", "Es begann am 28.10.2024 in Kursk.", TUESDAY, "28.10.2024", date(2024, 10, 28), "day", False),
    ("de", "Das Treffen findet am 5. November statt.", TUESDAY, "5. November", date(2024, 11, 5), "day", False),
    ("de", "Am 30. Dezember war es kalt.", date(2025, 1, 3), "30. Dezember", date(2024, 12, 30), "day", False),
    ("de", "Am Dienstag, 29. Oktober, kam er.", THURSDAY, "Dienstag, 29. Oktober", date(2024, 10, 29), "day", False),
    ("en", "The troops arrived on Oct. 28.", TUESDAY, "Oct. 28", date(2024, 10, 28), "day", False),
    ("en", "It began on October 28, 2024.", TUESDAY, "October 28, 2024", date(2024, 10, 28), "day", False),
    ("en", "It began on 28 October 2024.", TUESDAY, "28 October 2024", date(2024, 10, 28), "day", False),
    ("en", "It began on the 28th of October.", TUESDAY, "28th of October", date(2024, 10, 28), "day", False),
    ("en", "He came on Monday, October 28.", THURSDAY, "Monday, October 28", date(2024, 10, 28), "day", False),
    ("en", "It began on 2024-10-28.", TUESDAY, "2024-10-28", date(2024, 10, 28), "day", False),
    # day ranges: one mention per day
    ("de", "Die Minister beraten am 3. und 4. Dezember.", TUESDAY, "3.", date(2024, 12, 3), "day", False),
    ("de", "Die Minister beraten am 3. und 4. Dezember.", TUESDAY, "4. Dezember", date(2024, 12, 4), "day", False),
    ("de", "Der Gipfel war vom 9. bis 11. Juli 2024.", TUESDAY, "9.", date(2024, 7, 9), "day", False),
    ("en", "The summit took place July 9-11, 2024.", TUESDAY, "July 9", date(2024, 7, 9), "day", False),
    ("en", "The summit took place July 9-11, 2024.", TUESDAY, "11", date(2024, 7, 11), "day", False),
    ("en", "The summit took place 9-11 July 2024.", TUESDAY, "9", date(2024, 7, 9), "day", False),
    # weekdays
    ("de", "Am Dienstag griff Russland an.", THURSDAY, "Dienstag", date(2024, 10, 29), "day", True),
    ("de", "Am Donnerstag griff Russland an.", TUESDAY, "Donnerstag", date(2024, 10, 24), "day", True),
    ("de", "Am Dienstag hat Russland angegriffen.", TUESDAY, "Dienstag", date(2024, 10, 29), "day", True),
    ("de", "Der Minister wird am Donnerstag nach Kiew reisen.", TUESDAY, "Donnerstag", date(2024, 10, 31), "day", True),
    ("de", "Am kommenden Dienstag beginnen Gespräche.", TUESDAY, "kommenden Dienstag", date(2024, 11, 5), "day", True),
    ("de", "Am vergangenen Dienstag begannen Gespräche.", TUESDAY, "vergangenen Dienstag", date(2024, 10, 22), "day", True),
    ("de", "Am Montagabend gab es Alarm.", TUESDAY, "Montagabend", date(2024, 10, 28), "day", True),
    ("en", "On Monday, Russia attacked.", TUESDAY, "Monday", date(2024, 10, 28), "day", True),
    ("en", "On Thursday, Russia attacked.", TUESDAY, "Thursday", date(2024, 10, 24), "day", True),
    ("en", "The ministers will meet on Thursday, officials said.", TUESDAY, "Thursday", date(2024, 10, 31), "day", True),
    ("en", "NATO said on Monday that it will send troops.", TUESDAY, "Monday", date(2024, 10, 28), "day", True),
    ("en", "Talks resume next Tuesday.", TUESDAY, "next Tuesday", date(2024, 11, 5), "day", True),
    ("en", "It rained last Tuesday.", TUESDAY, "last Tuesday", date(2024, 10, 22), "day", True),
    # relative days
    ("de", "Gestern sagte er das.", TUESDAY, "Gestern", date(2024, 10, 28), "day", False),
    ("de", "Er sagte, heute sei alles ruhig.", TUESDAY, "heute", date(2024, 10, 29), "day", False),
    ("de", "Er kam heute Morgen an.", TUESDAY, "heute Morgen", date(2024, 10, 29), "day", False),
    ("en", "Yesterday he resigned.", TUESDAY, "Yesterday", date(2024, 10, 28), "day", False),
    ("en", "He resigned today.", TUESDAY, "today", date(2024, 10, 29), "day", False),
    # weeks: the Monday of the week
    ("en", "He will travel later this week.", TUESDAY, "later this week", date(2024, 10, 28), "week", False),
    ("en", "Talks are planned this week.", TUESDAY, "this week", date(2024, 10, 28), "week", False),
    ("en", "Talks are planned next week.", TUESDAY, "next week", date(2024, 11, 4), "week", False),
    ("en", "Talks failed last week.", TUESDAY, "last week", date(2024, 10, 21), "week", False),
    ("de", "Vergangene Woche war es ruhig.", TUESDAY, "Vergangene Woche", date(2024, 10, 21), "week", False),
    ("de", "Letzte Woche war es ruhig.", TUESDAY, "Letzte Woche", date(2024, 10, 21), "week", False),
    ("de", "In der vergangenen Woche war es ruhig.", TUESDAY, "vergangenen Woche", date(2024, 10, 21), "week", False),
    ("de", "In dieser Woche soll es losgehen.", TUESDAY, "dieser Woche", date(2024, 10, 28), "week", False),
    ("de", "Er reist später in dieser Woche.", TUESDAY, "später in dieser Woche", date(2024, 10, 28), "week", False),
    ("de", "Nächste Woche wird er kommen.", TUESDAY, "Nächste Woche", date(2024, 11, 4), "week", False),
    ("de", "Vor zwei Wochen kam er.", TUESDAY, "Vor zwei Wochen", date(2024, 10, 14), "week", False),
    ("en", "He came two weeks ago.", TUESDAY, "two weeks ago", date(2024, 10, 14), "week", False),
    # months: the first day
    ("de", "Im Juni hatte die Armee Verluste.", TUESDAY, "Juni", date(2024, 6, 1), "month", False),
    ("de", "Im Dezember wird gewählt.", TUESDAY, "Dezember", date(2024, 12, 1), "month", False),
    ("de", "Im Dezember wurde gewählt.", TUESDAY, "Dezember", date(2023, 12, 1), "month", False),
    ("de", "Anfang Oktober kam es zu Kämpfen.", TUESDAY, "Anfang Oktober", date(2024, 10, 1), "month", False),
    ("de", "Im Juni 2023 kam es zu Kämpfen.", TUESDAY, "Juni 2023", date(2023, 6, 1), "month", False),
    ("en", "In June, the army lost ground.", TUESDAY, "June", date(2024, 6, 1), "month", False),
    ("en", "By May it was over.", TUESDAY, "May", date(2024, 5, 1), "month", False),
    ("en", "Early October was cold.", TUESDAY, "Early October", date(2024, 10, 1), "month", False),
    # years: January 1
    ("de", "Anfang des Jahres begann die Offensive.", TUESDAY, "Anfang des Jahres", date(2024, 1, 1), "year", False),
    ("de", "Zu Beginn dieses Jahres war alles anders.", TUESDAY, "Zu Beginn dieses Jahres", date(2024, 1, 1), "year", False),
    ("de", "Das war im vergangenen Jahr.", TUESDAY, "vergangenen Jahr", date(2023, 1, 1), "year", False),
    ("de", "Seit Jahresbeginn ist alles anders.", TUESDAY, "Jahresbeginn", date(2024, 1, 1), "year", False),
    ("de", "Im Jahr 2023 kamen 2000 Soldaten.", TUESDAY, "2023", date(2023, 1, 1), "year", False),
    ("de", "Ende 2023 kam es zu Kämpfen.", TUESDAY, "Ende 2023", date(2023, 1, 1), "year", False),
    ("en", "Earlier this year it began.", TUESDAY, "Earlier this year", date(2024, 1, 1), "year", False),
    ("en", "It happened last year.", TUESDAY, "last year", date(2023, 1, 1), "year", False),
    ("en", "The 2023 budget was cut.", TUESDAY, "2023", date(2023, 1, 1), "year", False),
    ("en", "In 2023, 500 troops came.", TUESDAY, "2023", date(2023, 1, 1), "year", False),
    # a weekday written with the date picks the nearby year it fits, even against the tense
    ("de", "Das Treffen hat am Montag begonnen und endet am Mittwoch, dem 30. Oktober.", TUESDAY,
     "Mittwoch, dem 30. Oktober", date(2024, 10, 30), "day", False),
    ("en", "The talks had opened and closed on Wednesday, October 30.", TUESDAY,
     "Wednesday, October 30", date(2024, 10, 30), "day", False),
    # ... but a weekday that fits only a year further away stays the article's error
    ("de", "Die Gespräche hatten am Donnerstag, dem 30. Oktober, begonnen.", TUESDAY,
     "Donnerstag, dem 30. Oktober", date(2023, 10, 30), "day", False),
    ("de", "Er sprach am Freitag, dem 25. Oktober.", TUESDAY,
     "Freitag, dem 25. Oktober", date(2024, 10, 25), "day", False),
    # other languages: ISO dates
    ("fr", "La réunion du 2024-10-28 a eu lieu.", TUESDAY, "2024-10-28", date(2024, 10, 28), "day", False),
]


@pytest.mark.parametrize(("language", "text", "published", "span", "value", "granularity", "weekday_only"), FOUND)
def test_date_is_found(pipelines, language, text, published, span, value, granularity, weekday_only):
    found = {d.text: d for d in dates(pipelines, language, text, published)}
    assert span in found, f"{span!r} not in {list(found)}"
    d = found[span]
    assert (d.value, d.granularity, d.weekday_only) == (value, granularity, weekday_only)


@pytest.mark.parametrize(
    ("language", "text", "span"),
    [
        ("de", "Am Dienstag griff Russland an.", "Dienstag"),
        ("de", "Die Truppen kamen am 28. Oktober an.", "28. Oktober"),
        ("de", "Vergangene Woche war es ruhig.", "Vergangene Woche"),
        ("en", "Yesterday he resigned.", "Yesterday"),
        ("en", "In June, the army lost ground.", "June"),
    ],
)
def test_relative_dates_without_publication_date_have_no_value(pipelines, language, text, span):
    found = {d.text: d for d in dates(pipelines, language, text, published=None)}
    assert found[span].value is None


def test_absolute_dates_need_no_publication_date(pipelines):
    (d,) = dates(pipelines, "en", "It began on October 28, 2024.", published=None)
    assert d.value == date(2024, 10, 28)


def test_json_has_the_contract_fields(pipelines):
    (d,) = dates(pipelines, "de", "Er kam am 28. Oktober an.")
    assert d.to_json() == {"start": 10, "end": 21, "text": "28. Oktober", "value": "2024-10-28"}


# (language, sentence, a piece of text that no date may overlap)
NOT_FOUND = [
    ("de", "Die 3. Armee rückte vor.", "3."),
    ("de", "Die G7 tagte in Rom.", "G7"),
    ("de", "Im Jahr 2024 kamen 2000 Soldaten an.", "2000"),
    ("de", "Die Offensive begann um 14 Uhr.", "14"),
    ("de", "Es kamen 12.000 Soldaten.", "12.000"),
    ("de", "Am Morgen rückten sie vor.", "Morgen"),
    ("de", "Er kam 1990er Jahren an.", "1990"),
    ("en", "Theresa May said so.", "May"),
    ("en", "They may come.", "may"),
    ("en", "They met on the 3rd floor.", "3rd"),
    ("en", "The G7 leaders met.", "G7"),
    ("en", "It cost $2024 in total.", "2024"),
    ("en", "Some 12,000 troops arrived.", "12,000"),
    ("en", "The 1990s were different.", "1990"),
    ("fr", "Le 28 octobre, ils sont arrivés.", "28 octobre"),
]


@pytest.mark.parametrize(("language", "text", "piece"), NOT_FOUND)
def test_no_date(pipelines, language, text, piece):
    start = text.index(piece)
    end = start + len(piece)
    overlapping = [d.text for d in dates(pipelines, language, text) if d.start < end and start < d.end]
    assert overlapping == []
