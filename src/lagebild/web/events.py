"""Event pages and the map: the reports of one event side by side, what they agree and
disagree on, their dated claims on a timeline, and the places they name on an offline
world map. Events come from lagebild.events; like every page, each has a JSON twin."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse

from lagebild.events import Event, describe_entities, event_by_id, event_of, find_events
from lagebild.events.compare import CROSS_DOCUMENT_KINDS, Comparison, compare, latest_checks
from lagebild.events.timeline import Timeline, timeline
from lagebild.places import Mentioned, is_place, mentioned_places
from lagebild.store import Store
from lagebild.web import core
from lagebild.web.api import open_store
from lagebild.web.pages import page, render, wants_json
from lagebild.web.timechart import time_chart
from lagebild.web.worldmap import world_map

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
STATUS_LABELS = {  # the claim statuses of `check`, in words
    "corroborated": "confirmed by another report",
    "contradicted": "contradicted",
    "uncorroborated": "not confirmed elsewhere",
    "unchecked": "not checked yet",
}


def event_href(event_id: str, suffix: str = "") -> str:
    return "/events/" + quote(event_id, safe="") + suffix


# -- views: the data of the pages (and their JSON twins) -----------------------------------
def _documents(store: Store, doc_ids: list[str]) -> dict[str, dict]:
    """Inbox records (publisher, language, date, reliability, findings) of these documents."""
    records = {}
    counts = core.finding_counts(store, doc_ids)
    reliabilities: dict[str | None, str] = {}
    for doc_id in doc_ids:
        stored = store.get(doc_id)
        if stored is None:
            continue
        publisher = stored.document.publisher
        if publisher not in reliabilities:
            reliabilities[publisher] = core.reliability_of(store, publisher)
        records[doc_id] = core.document_record(stored, findings=counts.get(doc_id),
                                               reliability=reliabilities[publisher])
    return records


def event_summary(event: Event, records: dict[str, dict], checks: dict[str, dict], places: list[str]) -> dict:
    reports = [records[i] for i in event.reports if i in records]
    headline = records.get(event.headline, {})
    return {
        "id": event.id,
        "url": event_href(event.id),
        "title": headline.get("title") or event.headline,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "reports": len(event.reports),
        "copies": len(event.copies),
        "languages": dict(sorted(Counter(r["language"] or "unknown" for r in reports).items())),
        "publishers": list(dict.fromkeys(r["publisher"] for r in reports if r["publisher"])),
        "places": places,
        "checked": sum(1 for i in event.reports if i in checks),
        "conflicts": sum(1 for check in checks.values() for f in check.get("findings", [])
                         if f["kind"] in CROSS_DOCUMENT_KINDS),
    }


def list_events(store: Store, *, limit: int, offset: int) -> dict:
    events = find_events(store)
    shown = events[offset:offset + limit]
    ids = [doc_id for e in shown for doc_id in e.documents]
    records = _documents(store, ids)
    checks = latest_checks(store, [doc_id for e in shown for doc_id in e.reports])
    rows = [event_summary(event, records, {i: checks[i] for i in event.reports if i in checks},
                          _top_places(store, event)) for event in shown]
    return {"total": len(events), "limit": limit, "offset": offset,
            "reports": sum(len(e.reports) for e in events), "events": rows}


def _top_places(store: Store, event: Event, count: int = 3) -> list[str]:
    """The places most of the event's reports name."""
    return [d["name"] for d in describe_entities(store, [k for k, _ in event.entities if is_place(k)])][:count]


@dataclass
class EventView:
    data: dict  # the JSON twin
    comparison: Comparison
    timeline: Timeline
    places: list[Mentioned]


def event_view(store: Store, event: Event) -> EventView:
    records = _documents(store, event.documents)
    comparison = compare(store, event)
    dated = timeline(store, event, comparison.checks)
    places = mentioned_places(store, event.reports)
    entities = describe_entities(store, [k for k, _ in event.entities])
    naming = dict(event.entities)
    summary = event_summary(event, records, comparison.checks, _top_places(store, event))
    data = {
        "event": summary | {"headline": event.headline, "documents": event.documents},
        "reports": [records[i] | {"copy_of": event.copies.get(i), "view": core.document_href(i)}
                    for i in event.documents if i in records],
        "entities": [e | {"reports": naming[e["kb_id"]], "href": core.entity_href(e["kb_id"])} for e in entities],
        "comparison": comparison.to_json(),
        "timeline": dated.to_json(),
        "places": [p.to_json() | {"href": core.entity_href(p.place.kb_id)} for p in places],
    }
    return EventView(data, comparison, dated, places)


def map_view(store: Store, places: list[Mentioned]) -> dict:
    """The corpus's places, each with the events whose reports name it."""
    events = find_events(store)
    event_of_report = {doc_id: e for e in events for doc_id in e.reports}
    titles = _titles(store, [e.headline for e in events])
    rows = []
    for p in places:
        named_in = {event_of_report[d].id: event_of_report[d] for d in p.documents if d in event_of_report}
        rows.append(p.to_json() | {"href": core.entity_href(p.place.kb_id), "events": [
            {"id": e.id, "url": event_href(e.id), "title": titles.get(e.headline) or e.headline}
            for e in named_in.values()]})
    reports = store.conn.execute("SELECT count(*) FROM documents WHERE duplicate_of IS NULL").fetchone()[0]
    return {"reports": reports, "places": rows}


def _titles(store: Store, doc_ids: list[str]) -> dict[str, str | None]:
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    return dict(store.conn.execute(f"SELECT id, title FROM documents WHERE id IN ({marks})", doc_ids).fetchall())


# -- pages ---------------------------------------------------------------------------------
@router.get("/events")
@router.get("/events.json")
def events_page(
    request: Request,
    document: str | None = None,
    limit: int = Query(PAGE_SIZE, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=core.MAX_OFFSET),
    store: Store = Depends(open_store),
):
    """Events, newest first; `?document=ID` goes to the event of that document."""
    if document is not None:
        event = event_of(store, document)
        if event is None:
            raise HTTPException(404, f"no document with id {document!r}")
        suffix = ".json" if wants_json(request) else ""
        return RedirectResponse(event_href(event.id, suffix), status_code=307)
    data = list_events(store, limit=limit, offset=offset)
    return page(request, "events.html.j2", data, limit=limit, offset=offset)


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: str, store: Store = Depends(open_store)):
    """One event: its reports side by side, agreements and conflicts, timeline, places."""
    as_json = wants_json(request) or event_id.endswith(".json")
    event = event_by_id(store, event_id.removesuffix(".json"))
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}; events are regrouped when documents are added")
    view = event_view(store, event)
    if as_json:
        return JSONResponse(view.data)
    reports = {r["id"]: r for r in view.data["reports"]}
    publishers = {doc_id: r["publisher"] or doc_id for doc_id, r in reports.items()}
    return render(request, "event.html.j2", data=view.data, event=event, reports=reports,
                  comparison=view.comparison, timeline=view.timeline, chart=time_chart(view.timeline, publishers),
                  world=world_map(view.places, zoom=True), places=view.places,
                  columns=_by_language(view.data["reports"]), status_labels=STATUS_LABELS,
                  json_url=event_href(event.id, ".json"))


@router.post("/events/{event_id}/check")
def check_event(request: Request, event_id: str, store: Store = Depends(open_store)):
    """Run and save the check of every report of the event that has none for its present
    text, so that the event page can show what they agree and disagree on."""
    event = event_by_id(store, event_id)
    if event is None:
        raise HTTPException(404, f"no event with id {event_id!r}; events are regrouped when documents are added")
    done = []
    for doc_id in compare(store, event).unchecked:
        stored = store.get(doc_id)
        if stored is not None:
            core.check_document(request.app.state.db, stored.document, save=True)
            done.append(doc_id)
    if wants_json(request):
        return JSONResponse({"event": event.id, "checked": done, "url": event_href(event.id)})
    return RedirectResponse(event_href(event.id) + "#comparison-h", status_code=303)


@router.get("/map")
@router.get("/map.json")
def map_page(request: Request, store: Store = Depends(open_store)):
    """The places the reports name, on an offline world map and as a list."""
    places = mentioned_places(store)
    return page(request, "map.html.j2", map_view(store, places), world=world_map(places, figure_px=1150))


def _by_language(reports: list[dict]) -> list[tuple[str, str, list[dict]]]:
    """The originals in one column per language (most reports first), each with its
    near-copies: (code, English name, reports)."""
    from babel import Locale

    copies: dict[str, list[dict]] = {}
    for r in reports:
        if r["copy_of"]:
            copies.setdefault(r["copy_of"], []).append(r)
    columns: dict[str, list[dict]] = {}
    for r in reports:
        if not r["copy_of"]:
            columns.setdefault(r["language"] or "unknown", []).append(r | {"copies": copies.get(r["id"], [])})
    names = Locale("en").languages
    return [(code, names.get(code, code).capitalize(), items)
            for code, items in sorted(columns.items(), key=lambda item: (-len(item[1]), item[0]))]
