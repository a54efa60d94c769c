"""Events: the stored reports grouped by what they report (see `grouping` for the rule),
with what the reports of one event agree and disagree on (`compare`) and the dated
claims they make (`timeline`).

Events are not stored: they are computed from the store when asked, and kept in memory
until the store's documents or analyses change.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import date

from lagebild.events.grouping import EVENT_DAYS, LINK_SCORE, Event, Report, group_reports
from lagebild.store import Store

_cache: dict[str, tuple[tuple, list[Event]]] = {}
_lock = threading.Lock()


def load_reports(store: Store) -> list[Report]:
    """Every stored document with its date, near-duplicate link and linked entities
    (two queries; the texts are not read)."""
    entities: dict[int, dict[str, int]] = defaultdict(dict)
    for pk, kb_id, mentions in store.conn.execute("SELECT doc_pk, kb_id, mentions FROM document_entities"):
        entities[pk][kb_id] = mentions
    rows = store.conn.execute(
        "SELECT d.pk, d.id, d.published, o.id FROM documents d LEFT JOIN documents o ON o.pk = d.duplicate_of"
        " ORDER BY d.pk")
    return [Report(id=doc_id, order=pk, published=_day(published), entities=entities.get(pk, {}),
                   duplicate_of=original)
            for pk, doc_id, published, original in rows]


def find_events(store: Store) -> list[Event]:
    """The store's events, newest first."""
    if store.path == ":memory:":  # each connection is its own database: nothing to share
        return group_reports(load_reports(store))
    state = _state(store)
    with _lock:
        cached = _cache.get(store.path)
        if cached and cached[0] == state:
            return cached[1]
        events = group_reports(load_reports(store))
        _cache[store.path] = (state, events)
        return events


def event_by_id(store: Store, event_id: str) -> Event | None:
    return next((e for e in find_events(store) if e.id == event_id), None)


def event_of(store: Store, doc_id: str) -> Event | None:
    """The event a document (an original or a near-copy) belongs to."""
    return next((e for e in find_events(store) if doc_id in e.reports or doc_id in e.copies), None)


def describe_entities(store: Store, kb_ids: list[str]) -> list[dict]:
    """Names and kinds (person, organisation, country, city) of linked entity ids, in order;
    ids that name nothing known are left out."""
    from lagebild.places import place

    persons = {}
    person_ids = [k for k in kb_ids if ":" not in k]
    if person_ids:
        marks = ",".join("?" * len(person_ids))
        persons = dict(store.conn.execute(f"SELECT id, name FROM kb_persons WHERE id IN ({marks})", person_ids))
    described = []
    for kb_id in kb_ids:
        if kb_id in persons:
            described.append({"kb_id": kb_id, "name": persons[kb_id], "kind": "person"})
        elif kb_id.startswith("org:"):
            described.append({"kb_id": kb_id, "name": kb_id[4:], "kind": "organisation"})
        elif (found := place(kb_id)) is not None:
            described.append({"kb_id": kb_id, "name": found.name, "kind": found.kind})
    return described


def _state(store: Store) -> tuple:
    """Changes whenever a document or an analysis is added, replaced or removed."""
    documents = store.conn.execute(
        "SELECT count(*), max(pk), max(ingested_at), count(duplicate_of), total(similarity) FROM documents"
    ).fetchone()
    analyses = store.conn.execute("SELECT count(*), max(created_at), total(doc_pk) FROM analyses").fetchone()
    return tuple(documents) + tuple(analyses)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


__all__ = ["EVENT_DAYS", "LINK_SCORE", "Event", "Report", "describe_entities", "event_by_id", "event_of", "find_events",
           "group_reports", "load_reports"]
