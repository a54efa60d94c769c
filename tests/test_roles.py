"""Tests of `lagebild.kb.roles` on short phrases and sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from lagebild.kb.lang import de_roles, en_roles
from lagebild.kb.roles import RoleMention, find_role_phrases, role_of_title

HOLDERS = Path(__file__).resolve().parents[1] / "src" / "lagebild" / "kb" / "data" / "holders"
ORGANISATIONS = {"nato", "un", "eu"}


def only(text: str, language: str, default: str | None = None) -> RoleMention:
    mentions = find_role_phrases(text, language, default_country=default)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert text[mention.start : mention.end] == mention.text
    return mention


def office(mention: RoleMention) -> tuple[str, str, str | None, str | None]:
    return mention.text, mention.role, mention.country, mention.org


# ------------------------------------------------------------------ German
@pytest.mark.parametrize(
    "text, default, expected",
    [
        ("NATO-Generalsekretär Jens Stoltenberg sagte am Montag", None,
         ("NATO-Generalsekretär", "secretary_general", None, "NATO")),
        ("Das sagte der südkoreanische Präsident Yoon Suk Yeol.", None,
         ("südkoreanische Präsident", "head_of_state", "KR", None)),
        ("Verteidigungsministerin Linda Harris reiste ab.", "DE",
         ("Verteidigungsministerin", "defence_minister", "DE", None)),
        ("Der Außenminister traf seinen Kollegen.", "FR", ("Außenminister", "foreign_minister", "FR", None)),
        ("Der Aussenminister traf seinen Kollegen.", "FR", ("Aussenminister", "foreign_minister", "FR", None)),
        ("Der Premierminister trat zurück.", "GB", ("Premierminister", "head_of_government", "GB", None)),
        ("Der Kanzler schwieg.", None, ("Kanzler", "head_of_government", "DE", None)),
        ("Bundeskanzler Olaf Scholz reiste nach Kiew.", None, ("Bundeskanzler", "head_of_government", "DE", None)),
        ("EU-Kommissionspräsidentin Ursula von der Leyen", None,
         ("EU-Kommissionspräsidentin", "commission_president", None, "EU")),
        ("UN-Generalsekretär António Guterres mahnte", None, ("UN-Generalsekretär", "secretary_general", None, "UN")),
        ("Der Ministerpräsident sprach im Parlament.", "IL", ("Ministerpräsident", "head_of_government", "IL", None)),
        ("Der Regierungschef sprach im Parlament.", "IT", ("Regierungschef", "head_of_government", "IT", None)),
        ("Der Staatschef empfing die Delegation.", "CN", ("Staatschef", "head_of_state", "CN", None)),
        ("Präsident Selenskyj bat um Hilfe.", "UA", ("Präsident", "head_of_state", "UA", None)),
        ("die Äußerungen des NATO-Generalsekretärs", None, ("NATO-Generalsekretärs", "secretary_general", None, "NATO")),
        ("Die Generalsekretärin der Vereinten Nationen", None,
         ("Generalsekretärin der Vereinten Nationen", "secretary_general", None, "UN")),
        ("Der US-Außenminister landete in Tokio.", None, ("US-Außenminister", "foreign_minister", "US", None)),
        ("Die Bundesaußenministerin reiste ab.", None, ("Bundesaußenministerin", "foreign_minister", "DE", None)),
        ("Der österreichische Bundeskanzler", None, ("österreichische Bundeskanzler", "head_of_government", "AT", None)),
        ("Frankreichs Präsident Emmanuel Macron", None, ("Frankreichs Präsident", "head_of_state", "FR", None)),
        ("Seouls Außenminister erklärte", None, ("Seouls Außenminister", "foreign_minister", "KR", None)),
        ("der Außenminister des Irans sagte", None, ("Außenminister des Irans", "foreign_minister", "IR", None)),
        ("mit dem Präsidenten der Ukraine", None, ("Präsidenten der Ukraine", "head_of_state", "UA", None)),
        ("Der britische König Charles", None, ("britische König", "head_of_state", "GB", None)),
        ("des französischen Verteidigungsministers", None,
         ("französischen Verteidigungsministers", "defence_minister", "FR", None)),
        ("Pentagon-Chef Lloyd Austin", None, ("Pentagon-Chef", "defence_minister", "US", None)),
        ("Kremlchef Wladimir Putin", None, ("Kremlchef", "head_of_state", "RU", None)),
        ("EU-Außenbeauftragte Kaja Kallas", None, ("EU-Außenbeauftragte", "high_representative", None, "EU")),
        ("EU-Ratspräsident Charles Michel", None, ("EU-Ratspräsident", "council_president", None, "EU")),
        ("EU-Kommissionschefin von der Leyen", None, ("EU-Kommissionschefin", "commission_president", None, "EU")),
        ("Irans Oberster Führer Ali Chamenei", None, ("Irans Oberster Führer", "head_of_state", "IR", None)),
        ("Der iranische Präsident", None, ("iranische Präsident", "head_of_government", "IR", None)),
        ("Die Präsidentin der EU-Kommission", None,
         ("Präsidentin der EU-Kommission", "commission_president", None, "EU")),
        ("sagte der Außenminister der Nachrichtenagentur AFP", "FR", ("Außenminister", "foreign_minister", "FR", None)),
    ],
)
def test_german_phrases(text: str, default: str | None, expected: tuple) -> None:
    assert office(only(text, "de", default)) == expected


# ------------------------------------------------------------------ English
@pytest.mark.parametrize(
    "text, default, expected",
    [
        ("US Secretary of Defense Lloyd Austin said", None,
         ("US Secretary of Defense", "defence_minister", "US", None)),
        ("The Pentagon chief said", None, ("Pentagon chief", "defence_minister", "US", None)),
        ("President Biden said", "US", ("President", "head_of_state", "US", None)),
        ("France's foreign minister said", None, ("France's foreign minister", "foreign_minister", "FR", None)),
        ("France’s foreign minister said", None, ("France’s foreign minister", "foreign_minister", "FR", None)),
        ("the Kremlin leader warned", None, ("Kremlin leader", "head_of_state", "RU", None)),
        ("EU foreign policy chief Josep Borrell", None,
         ("EU foreign policy chief", "high_representative", None, "EU")),
        ("Secretary of State Antony Blinken", None, ("Secretary of State", "foreign_minister", "US", None)),
        ("Foreign Secretary David Lammy", None, ("Foreign Secretary", "foreign_minister", "GB", None)),
        ("Defence Secretary John Healey", None, ("Defence Secretary", "defence_minister", "GB", None)),
        ("Chancellor Olaf Scholz", "GB", ("Chancellor", "head_of_government", "DE", None)),
        ("Austrian Chancellor Karl Nehammer", None, ("Austrian Chancellor", "head_of_government", "AT", None)),
        ("the Taoiseach said", None, ("Taoiseach", "head_of_government", "IE", None)),
        ("Iran's Supreme Leader", None, ("Iran's Supreme Leader", "head_of_state", "IR", None)),
        ("King Charles opened Parliament", "GB", ("King", "head_of_state", "GB", None)),
        ("NATO chief Mark Rutte", None, ("NATO chief", "secretary_general", None, "NATO")),
        ("Commission President Ursula von der Leyen", None,
         ("Commission President", "commission_president", None, "EU")),
        ("European Council President Charles Michel", None,
         ("European Council President", "council_president", None, "EU")),
        ("UN Secretary-General Antonio Guterres", None, ("UN Secretary-General", "secretary_general", None, "UN")),
        ("Prime Minister of Japan Fumio Kishida", None,
         ("Prime Minister of Japan", "head_of_government", "JP", None)),
        ("the South Korean Prime Minister", None, ("South Korean Prime Minister", "head_of_government", "KR", None)),
        ("Seoul's defence minister", None, ("Seoul's defence minister", "defence_minister", "KR", None)),
        ("Chinese Premier Li Qiang", None, ("Chinese Premier", "head_of_government", "CN", None)),
        ("the President of the European Commission", None,
         ("President of the European Commission", "commission_president", None, "EU")),
        ("the U.S. President said", None, ("U.S. President", "head_of_state", "US", None)),
        ("President Zelensky of Ukraine said", None, ("President", "head_of_state", "UA", None)),
    ],
)
def test_english_phrases(text: str, default: str | None, expected: tuple) -> None:
    assert office(only(text, "en", default)) == expected


# ------------------------------------------------------------------ inflection and female forms
@pytest.mark.parametrize(
    "text",
    ["Generalsekretär", "Generalsekretärs", "Generalsekretärin", "NATO-Generalsekretärin", "Nato-Generalsekretärs"],
)
def test_secretary_general_forms(text: str) -> None:
    mention = only(f"die Rede der {text} am Montag", "de")
    assert mention.text == text and mention.role == "secretary_general"


@pytest.mark.parametrize(
    "adjective, word, role, country",
    [
        ("finnischen", "Präsident", "head_of_state", "FI"),
        ("finnischen", "Präsidenten", "head_of_state", "FI"),
        ("finnischen", "Präsidentin", "head_of_state", "FI"),
        ("schwedischen", "Verteidigungsminister", "defence_minister", "SE"),
        ("schwedischen", "Verteidigungsministerin", "defence_minister", "SE"),
        ("schwedischen", "Verteidigungsministers", "defence_minister", "SE"),
        ("schwedischen", "Außenministerin", "foreign_minister", "SE"),
        ("schwedischen", "Premierministerin", "head_of_government", "SE"),
        ("schwedischen", "Königin", "head_of_state", "SE"),
        ("österreichischen", "Kanzlerin", "head_of_government", "AT"),
        # Sweden has no chancellor: another office, not Sweden's head of government
        ("schwedischen", "Kanzlerin", None, None),
    ],
)
def test_german_inflections(adjective: str, word: str, role: str | None, country: str | None) -> None:
    mentions = find_role_phrases(f"Die Rede der {adjective} {word} war kurz.", "de")
    found = [(m.role, m.country, m.text) for m in mentions]
    assert found == ([(role, country, f"{adjective} {word}")] if role else [])


# ------------------------------------------------------------------ modifiers
@pytest.mark.parametrize(
    "text, language, former, designate, acting, span",
    [
        ("der ehemalige NATO-Generalsekretär", "de", True, False, False, "ehemalige NATO-Generalsekretär"),
        ("Ex-Kanzlerin Angela Merkel", "de", True, False, False, "Ex-Kanzlerin"),
        ("Altbundeskanzler Gerhard Schröder", "de", True, False, False, "Altbundeskanzler"),
        ("der verstorbene Präsident Raisi", "de", True, False, False, "verstorbene Präsident"),
        ("der designierte Außenminister", "de", False, True, False, "designierte Außenminister"),
        ("der amtierende Präsident", "de", False, False, True, "amtierende Präsident"),
        ("the former South Korean President Moon", "en", True, False, False, "former South Korean President"),
        ("the late Queen Elizabeth", "en", True, False, False, "late Queen"),
        ("ex-NATO chief Jens Stoltenberg", "en", True, False, False, "ex-NATO chief"),
        ("then-Secretary of State John Kerry", "en", True, False, False, "then-Secretary of State"),
        ("President-elect Donald Trump", "en", False, True, False, "President-elect"),
        ("Defense Secretary designate Pete Hegseth", "en", False, True, False, "Defense Secretary designate"),
        ("the acting President", "en", False, False, True, "acting President"),
    ],
)
def test_modifiers(text: str, language: str, former: bool, designate: bool, acting: bool, span: str) -> None:
    mention = only(text, language, "GB" if "Queen" in text else "KR")
    assert (mention.former, mention.designate, mention.acting, mention.text) == (former, designate, acting, span)


# ------------------------------------------------------------------ context country
def test_default_country_only_where_the_office_exists() -> None:
    # Germany has a chancellor, no prime minister; the US president has no prime minister.
    assert only("Der Ministerpräsident sagte", "de", "DE").country is None
    assert only("The Prime Minister said", "en", "US").country is None
    # a monarch is not the head of state of a republic
    assert only("King Charles said", "en", "FR").country is None
    # the phrase beats the context
    assert only("der französische Außenminister", "de", "DE").country == "FR"
    assert only("Der Außenminister", "de").country is None


# ------------------------------------------------------------------ negatives
@pytest.mark.parametrize(
    "text, language",
    [
        ("Der Präsident des Fußballvereins trat zurück.", "de"),
        ("The company president resigned.", "en"),
        ("Chancellor of the Exchequer Rachel Reeves", "en"),
        # decided: a party's secretary general is no role phrase at all
        ("Generalsekretär der SPD Kevin Kühnert", "de"),
        ("CDU-Generalsekretär Carsten Linnemann", "de"),
        ("SPD Secretary General", "en"),
        ("the vice president", "en"),
        ("Vize-Kanzler Robert Habeck", "de"),
        ("der stellvertretende Außenminister", "de"),
        ("The Russian deputy foreign minister", "en"),
        ("Secretary of State for Education", "en"),
        ("British Chancellor Jeremy Hunt", "en"),
        ("der bayerische Ministerpräsident Markus Söder", "de"),
        ("Bayerns Ministerpräsident", "de"),
        ("der syrische Präsident", "de"),
        ("Syrian President Assad", "en"),
        ("Apple's president", "en"),
        ("Martin Luther King", "en"),
        ("the premier destination", "en"),
        ("Premier League chief", "en"),
        ("die Präsidentin der Europäischen Zentralbank", "de"),
        ("die EU-Außenminister", "de"),
        ("G7 foreign ministers", "en"),
        ("Polizeipräsident und Parlamentspräsidentin", "de"),
        ("die Präsidentenwahl und presidential elections", "de"),
        ("at 5 pm", "en"),
    ],
)
def test_negatives(text: str, language: str) -> None:
    assert find_role_phrases(text, language, default_country="DE") == []


def test_bare_secretary_general_has_no_organisation() -> None:
    mention = only("Der Generalsekretär sagte", "de")
    assert (mention.role, mention.org) == ("secretary_general", None)


# ------------------------------------------------------------------ sentences and offsets
def test_two_phrases_in_one_sentence() -> None:
    text = "US-Präsident Joe Biden traf am Montag den französischen Präsidenten Emmanuel Macron."
    mentions = find_role_phrases(text, "de")
    assert [office(m) for m in mentions] == [
        ("US-Präsident", "head_of_state", "US", None),
        ("französischen Präsidenten", "head_of_state", "FR", None),
    ]
    text = "Foreign Secretary David Lammy met NATO Secretary General Mark Rutte and the German Chancellor."
    assert [(m.role, m.country, m.org) for m in find_role_phrases(text, "en")] == [
        ("foreign_minister", "GB", None), ("secretary_general", None, "NATO"), ("head_of_government", "DE", None),
    ]


@pytest.mark.parametrize(
    "text, language",
    [
        ("İstanbul: „Der türkische Präsident Erdoğan und Kiews Außenminister“ trafen sich.", "de"),
        ("“The president,” she said, before (Ukraine’s President) spoke with the U.S. Secretary of State.", "en"),
        ("Ukraine\nPresident Zelensky and the former\nU.N. Secretary-General", "en"),
    ],
)
def test_offsets_slice_the_text(text: str, language: str) -> None:
    mentions = find_role_phrases(text, language)
    assert len(mentions) >= 2
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text


def test_a_blank_line_ends_the_phrase() -> None:
    assert only("Ukraine\n\nPresident Zelensky", "en").country is None


# ------------------------------------------------------------------ titles
@pytest.mark.parametrize(
    "text, language, title",
    [
        ("NATO-Generalsekretär", "de", "NATO Secretary General"),
        ("der südkoreanische Präsident", "de", "President of South Korea"),
        ("US Secretary of Defense", "en", "US Secretary of Defense"),
        ("Japanese Prime Minister", "en", "Prime Minister of Japan"),
        ("Bundeskanzler", "de", "Chancellor of Germany"),
        ("President", "en", "President"),
    ],
)
def test_titles(text: str, language: str, title: str) -> None:
    assert only(text, language).title == title


@pytest.mark.parametrize(
    "title, language, expected",
    [
        ("NATO-Generalsekretär", "de", ("secretary_general", None, "NATO")),
        ("Secretary-General of the United Nations", "en", ("secretary_general", None, "UN")),
        ("US-Verteidigungsminister", "de", ("defence_minister", "US", None)),
        ("Minister for Europe and Foreign Affairs", "en", ("foreign_minister", None, None)),
        ("President of the French Republic", "en", ("head_of_state", "FR", None)),
        ("King of the Belgians", "en", ("head_of_state", "BE", None)),
        ("EU-Außenbeauftragte(r)", "de", ("high_representative", None, "EU")),
        ("Taoiseach", "en", ("head_of_government", "IE", None)),
        ("Bürgermeister", "de", None),
    ],
)
def test_role_of_title(title: str, language: str, expected: tuple | None) -> None:
    assert role_of_title(title, language) == expected


# ------------------------------------------------------------------ data and speed
def test_tables_cover_every_country_of_the_knowledge_base() -> None:
    countries = {p.stem.upper() for p in HOLDERS.glob("*.yaml") if p.stem not in ORGANISATIONS}
    assert len(countries) > 50
    assert countries == set(en_roles.DISPLAY_NAMES)
    for table in (en_roles.ADJECTIVES, en_roles.NAMES, de_roles.ADJECTIVES, de_roles.NAMES, de_roles.GENITIVES):
        assert set(table.values()) == countries  # every country, and country codes only
    # "Brussels" would be the EU as often as Belgium; Luxembourg's capital is its name
    assert countries - set(en_roles.CAPITALS.values()) == {"BE", "LU"}


def test_unknown_language_finds_nothing() -> None:
    assert find_role_phrases("Le président Macron", "fr") == []
