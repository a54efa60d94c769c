"""`unverifiable_person` on small hand-written articles (not evaluation data)."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.document import Document
from lagebild.kb import KnowledgeBase
from lagebild.verify.check import check
from lagebild.verify.persons import find_unverifiable_persons

CORPUS_EN = (
    "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday. "
    "Thomas Weber, an analyst at the Institute for Security Studies, said the meeting mattered.",
    "Scholz and Macron agreed on closer cooperation in air defence, officials said.",
)
CORPUS_DE = (
    "Bundeskanzler Olaf Scholz traf am Montag Präsident Emmanuel Macron in Paris. "
    "Der Analyst Thomas Weber vom Institut für Sicherheitsstudien nannte das Treffen wichtig.",
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.in_memory()


def _findings(kb, text: str, language: str, corpus: tuple[str, ...]):
    day = date(2023, 3, 7)
    target = Document(id="target", text=text, language=language, published=day)
    documents = [Document(id=f"c{i}", text=t, language="en", published=day) for i, t in enumerate(corpus)]
    result = check(target, documents, kb=kb, signals=[("unverifiable_person", find_unverifiable_persons)])
    return result.findings


@pytest.mark.parametrize(
    ("text", "language", "span"),
    [
        ("Scholz met Macron in Paris on Monday. \"This is a turning point,\" said Dr. Miriam Castellano, "
         "a senior fellow at the Atlantic Policy Institute.", "en", "Dr. Miriam Castellano"),
        ("Scholz traf Macron am Montag in Paris. Professorin Henrike Salzmann von der Universität Kiel "
         "sprach von einem Wendepunkt.", "de", "Professorin Henrike Salzmann"),
        ("Scholz traf Macron am Montag in Paris. „Das ist ein Wendepunkt“, sagte Jonas Feldkamp, "
         "Sicherheitsexperte der Stiftung für Europapolitik.", "de", "Jonas Feldkamp"),
    ],
)
def test_invented_expert_is_flagged(kb, text, language, span):
    findings = _findings(kb, text, language, CORPUS_EN)
    assert [(f.kind, f.text) for f in findings] == [("unverifiable_person", span)]
    assert findings[0].severity == "medium"


@pytest.mark.parametrize(
    ("text", "language", "corpus"),
    [
        # The expert is in the corpus, also with another spelling of the text's language.
        ("Scholz met Macron in Paris. Thomas Weber, an analyst at the Institute for Security Studies, "
         "called the meeting important.", "en", CORPUS_EN),
        ("Scholz traf Macron in Paris. Der Analyst Thomas Weber nannte das Treffen wichtig.", "de", CORPUS_DE),
        # Persons the knowledge base knows.
        ("\"We stand together,\" said Olaf Scholz after meeting Emmanuel Macron.", "en", CORPUS_EN),
        # A person mentioned in passing, without title, affiliation or quotation.
        ("Scholz met Macron in Paris; the talks were prepared by Sabine Krüger's office.", "en", CORPUS_EN),
        # A name inside someone else's quotation.
        ("\"I thank Dr. Miriam Castellano for her advice,\" Scholz said.", "en", CORPUS_EN),
    ],
)
def test_known_or_incidental_persons_yield_nothing(kb, text, language, corpus):
    assert _findings(kb, text, language, corpus) == []


def test_person_given_an_office_is_left_to_wrong_office_holder(kb):
    text = "\"We are ready,\" said Defence Minister Karla Obermeyer of Germany."
    assert _findings(kb, text, "en", CORPUS_EN) == []


@pytest.mark.slow
def test_invented_expert_in_indirect_speech_survives_the_full_check(kb):
    # An invented expert's view on the event, in reported speech, in a paragraph of its
    # own: the off-topic signal must not take the paragraph (and with it the person) for
    # another story only because its actors are unknown.
    from lagebild.verify.check import SIGNALS

    day = date(2023, 3, 7)
    corpus = [Document(id=f"c{i}", text=t, language="en", published=day) for i, t in enumerate(CORPUS_EN)]
    text = "\n\n".join([
        "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Monday to discuss air defence.",
        "The two leaders agreed on closer cooperation in air defence, officials said after the talks.",
        "Dr. Greta Halvorsen, a senior fellow at the Baltic Policy Institute, said the agreement was welcome "
        "but that the harder part, paying for the new systems, still lay ahead for both governments.",
        "Scholz and Macron are due to meet again in Berlin later this spring, according to their offices.",
    ])
    target = Document(id="target", text=text, language="en", published=day)
    result = check(target, corpus, kb=kb, signals=SIGNALS)
    kinds = [(f.kind, f.text) for f in result.findings]
    assert ("unverifiable_person", "Dr. Greta Halvorsen") in kinds
    assert not any(kind == "off_topic_passage" for kind, _ in kinds)
