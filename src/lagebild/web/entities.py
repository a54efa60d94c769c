"""Entity pages: the graph of who and what the reports name together, and one entity's
page (its reports, the entities named with it and, for a person, the offices the
knowledge base has). Both have a JSON twin like every page."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from lagebild import entities
from lagebild.errors import InputError
from lagebild.store import Store
from lagebild.web import core
from lagebild.web.api import open_store
from lagebild.web.core import entity_href
from lagebild.web.entity_graph import HEIGHT, WIDTH, draw
from lagebild.web.pages import page, render, wants_json

router = APIRouter(include_in_schema=False)
DEFAULT_NODES, MAX_NODES = 40, 150


@router.get("/entities")
@router.get("/entities.json")
def graph(
    request: Request,
    kinds: list[str] = Query([], alias="type", description="person, organisation or place; repeatable"),
    q: str | None = None,
    around: str | None = None,
    scope: str = "document",
    limit: int = Query(DEFAULT_NODES, ge=2, le=MAX_NODES),
    store: Store = Depends(open_store),
):
    """The entities named most often and how often each pair is named together."""
    query = {"type": list(kinds), "q": q or "", "around": around or None, "scope": scope, "limit": limit}
    try:
        chosen = entities.check_kinds(kinds)
        query["type"] = list(chosen)
        found = entities.entity_graph(store, kinds=chosen, q=q, around=around or None,
                                      scope=entities.check_scope(scope), limit=limit)
    except InputError as exc:
        return page(request, "entities.html.j2", {"query": query, "error": str(exc)}, status=400,
                    query=query, error=str(exc), graph=None)
    nodes, edges = draw(found)
    data = {"query": query} | found.to_json()
    data["nodes"] = [asdict(n) | {"href": d.href, "x": d.x, "y": d.y} for n, d in zip(found.nodes, nodes)]
    around_name = entities.display_names(store, [around])[around][0] if around else None
    return page(request, "entities.html.j2", data, query=query, graph=found, nodes=nodes, edges=edges,
                names={n.kb_id: n.name for n in found.nodes}, hrefs={n.kb_id: n.href for n in nodes},
                ties=strongest_ties(found), width=WIDTH, height=HEIGHT, around_name=around_name,
                around_href=entity_href(around) if around else None)


def strongest_ties(found: entities.Graph, per_node: int = 3) -> dict[str, list[tuple[str, int]]]:
    """Each entity's most frequent companions in the graph, for the table."""
    ties: dict[str, list[tuple[str, int]]] = {}
    for edge in found.edges:  # strongest first
        for one, other in ((edge.source, edge.target), (edge.target, edge.source)):
            if len(ties.setdefault(one, [])) < per_node:
                ties[one].append((other, edge.weight))
    return ties


@router.get("/entities/{kb_id:path}")
def entity_page(request: Request, kb_id: str, scope: str = "document", store: Store = Depends(open_store)):
    """One entity: the reports naming it, the entities named with it, its offices."""
    found = entities.entity(store, kb_id)
    json_twin = wants_json(request)
    if found is None and kb_id.endswith(".json"):
        kb_id = kb_id[: -len(".json")]
        found, json_twin = entities.entity(store, kb_id), True
    if found is None:
        raise HTTPException(404, f"no entity with id {kb_id!r} in the reports or the knowledge base")
    try:
        together = entities.neighbours(store, kb_id, scope=entities.check_scope(scope))
    except InputError as exc:
        raise HTTPException(400, str(exc)) from exc
    data = {
        "entity": asdict(found) | {"href": entity_href(kb_id)},
        "knowledge_base": _kb_entry(store, found),
        "documents": entities.entity_documents(store, kb_id),
        "cooccurring": [n | {"href": entity_href(n["kb_id"])} for n in together],
        "scope": scope,
        "graph": "/entities?around=" + quote(kb_id, safe=""),
    }
    if json_twin:
        return JSONResponse(data)
    return render(request, "entity.html.j2", data=data, node=found,
                  json_url=entity_href(kb_id, ".json") + (f"?scope={scope}" if scope != "document" else ""))


def _kb_entry(store: Store, node: entities.Node) -> dict | None:
    """A person's knowledge-base entry with their terms of office (as on /kb?person=)."""
    if node.kind != "person":
        return None
    entry = next((p for p in core.kb_person(store, node.kb_id) if p["kb_id"] == node.kb_id), None)
    if entry is not None:
        entry["href"] = "/kb?person=" + quote(node.kb_id, safe="")
    return entry
