"""`wrong_office_holder` on small hand-written articles (not evaluation data)."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.verify.check import check
from lagebild.verify.offices import find_wrong_office_holders, names_match


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.in_memory()


def _findings(kb, text: str, language: str, published: date, corpus: tuple[str, ...] = ()):
    target = Document(id="target", text=text, language=language, published=published)
    documents = [Document(id=f"c{i}", text=t, language="en", published=published) for i, t in enumerate(corpus)]
    result = check(target, documents, kb=kb, signals=[("wrong_office_holder", find_wrong_office_holders)])
    return [f for f in result.findings if f.kind == "wrong_office_holder"]


@pytest.mark.parametrize(
    ("text", "language", "published", "span"),
    [
        # Merkel left office in December 2021.
        ("Bundeskanzlerin Angela Merkel empfing am Montag den Gast in Berlin.", "de",
         date(2022, 6, 1), "Bundeskanzlerin Angela Merkel"),
        # Kuleba was foreign minister until September 2024.
        ("Der ukrainische Außenminister Dmytro Kuleba reiste nach Rom.", "de",
         date(2025, 2, 10), "ukrainische Außenminister Dmytro Kuleba"),
        # Stoltenberg handed NATO to Rutte on 1 October 2024.
        ("NATO Secretary General Jens Stoltenberg met the ministers in Brussels.", "en",
         date(2024, 12, 5), "NATO Secretary General Jens Stoltenberg"),
        # The person is named first, the title follows in an apposition.
        ("Jens Stoltenberg, NATO's secretary general, said the alliance was ready.", "en",
         date(2025, 3, 3), "Jens Stoltenberg, NATO's secretary general"),
        # A date in the sentence decides, not the article's date.
        ("Am 5. März 2022 sagte NATO-Generalsekretär Mark Rutte in Brüssel, man sei bereit.", "de",
         date(2025, 3, 3), "NATO-Generalsekretär Mark Rutte"),
    ],
)
def test_person_who_did_not_hold_the_office_is_flagged(kb, text, language, published, span):
    findings = _findings(kb, text, language, published)
    assert [f.text for f in findings] == [span]
    assert findings[0].severity == "high"
    assert any(e.source.startswith("kb:") for e in findings[0].evidence)


def test_explanation_names_the_holder_of_the_day(kb):
    findings = _findings(kb, "NATO Secretary General Jens Stoltenberg spoke in Brussels.", "en", date(2024, 12, 5))
    assert "Mark Rutte" in findings[0].explanation
    assert "2024-09-30" in findings[0].explanation  # the last day in office, not the end date


def test_invented_minister_is_flagged(kb):
    text = "„Wir stehen fest zu Kanada“, sagte die deutsche Verteidigungsministerin Karla Obermeyer am Montag."
    findings = _findings(kb, text, "de", date(2024, 5, 6))
    assert [f.text for f in findings] == ["deutsche Verteidigungsministerin Karla Obermeyer"]
    assert "Boris Pistorius" in findings[0].explanation


@pytest.mark.parametrize(
    ("text", "language", "published"),
    [
        ("Bundeskanzler Olaf Scholz empfing am Montag den Gast in Berlin.", "de", date(2022, 6, 1)),
        ("Präsident Selenskyj dankte den Verbündeten.", "de", date(2023, 5, 2)),  # surname, German spelling
        ("Der Außenminister Andrii Sybiha sprach in Kyjiw.", "de", date(2024, 11, 2)),
        ("Former NATO Secretary General Jens Stoltenberg wrote a book.", "en", date(2025, 3, 3)),
        ("Die ehemalige Bundeskanzlerin Angela Merkel stellte ihre Memoiren vor.", "de", date(2024, 11, 26)),
        # The title is for later: not yet in office is no error.
        ("Designated Secretary General Mark Rutte met the allies.", "en", date(2024, 6, 26)),
        # Before 2014 the knowledge base cannot tell.
        ("In 2009 Prime Minister Gordon Brown hosted the summit.", "en", date(2024, 6, 26)),
        # An unknown person whose country cannot be told is not provable.
        ("Its Foreign Minister, Omar Haddad Salem, attended the signing with Israeli officials.", "en",
         date(2021, 1, 5)),
        # A day after the handover the old title is still reported for past days.
        ("NATO Secretary General Jens Stoltenberg handed over the office.", "en", date(2024, 10, 2)),
    ],
)
def test_faithful_titles_yield_nothing(kb, text, language, published):
    assert _findings(kb, text, language, published) == []


def test_unknown_minister_known_to_the_corpus_is_not_flagged(kb):
    text = "Defence Minister Karla Obermeyer visited Lithuania's troops on Monday."
    corpus = ("Karla Obermeyer, Lithuania's defence minister, welcomed the soldiers.",)
    assert _findings(kb, text, "en", date(2024, 5, 6), corpus) == []


@pytest.mark.parametrize(
    ("mention", "name", "same"),
    [("Andrij Sybiha", "Andrii Sybiha", True), ("Selenskyj", "Volodymyr Zelenskyy", True),
     ("Yoon", "Yoon Suk Yeol", True), ("Dmitri Peskow", "Dmitry Peskov", True),
     ("Linda Harris", "Kamala Harris", False), ("Mark Rutte", "Mark Carney", False)],
)
def test_names_match_loosely(mention, name, same):
    assert names_match(mention, name) is same


# ------------------------------------------------------------------ several dates in one sentence
def test_several_dates_person_right_on_the_date_of_his_own_action(kb):
    # Rutte took over NATO on 1 October 2024: wrong for 26 September (the date nearest
    # the title), right for the Thursday of his own action (3 October).
    text = ("The allies approved the plan on 26 September, and NATO Secretary General Mark Rutte "
            "presented it in Brussels on Thursday.")
    assert _findings(kb, text, "en", date(2024, 10, 5)) == []


def test_several_dates_person_right_on_the_article_date(kb):
    text = ("Nach Vorgesprächen im Mai 2024 und im Juni 2024 legte NATO-Generalsekretär Mark Rutte "
            "den Plan vor.")
    assert _findings(kb, text, "de", date(2024, 11, 20)) == []


def test_several_dates_person_wrong_on_all_of_them_is_flagged(kb):
    # Merkel left office in December 2021: wrong on both dates and on the article's date.
    text = ("Der Ausschuss stimmte am 3. Mai zu, Bundeskanzlerin Angela Merkel unterzeichnete "
            "das Gesetz am Freitag.")
    findings = _findings(kb, text, "de", date(2024, 5, 12))
    assert [f.text for f in findings] == ["Bundeskanzlerin Angela Merkel"]
    assert "Olaf Scholz" in findings[0].explanation


def test_full_name_kept_when_the_recogniser_tags_only_the_first_name(kb):
    from types import SimpleNamespace

    from lagebild.nlp.doc import Entity
    from lagebild.verify.offices import NameMention, _trim_to_entity

    text = "begleitet von Außenministerin Annalena Baerbock Berlin"
    start = text.index("Annalena")
    ctx = SimpleNamespace(kb=kb, target=SimpleNamespace(text=text, entities=[
        Entity(start, start + 8, "Annalena", "PER")]))
    full = NameMention(start, start + len("Annalena Baerbock"), "Annalena Baerbock")
    assert _trim_to_entity(ctx, full).text == "Annalena Baerbock"
    # A run past a known name is still cut back to the recognised person.
    run_on = NameMention(start, len(text), "Annalena Baerbock Berlin")
    ctx.target.entities = [Entity(start, start + 17, "Annalena Baerbock", "PER")]
    assert _trim_to_entity(ctx, run_on).text == "Annalena Baerbock"
