"""The embedded SQLite store: documents, their analyses, near-duplicate links, search.

One `Store` wraps one connection. Writes go through `transaction()`, which opens
`BEGIN IMMEDIATE` and commits only when the block finishes, so an error or a killed
process leaves the file as it was before the block (WAL journal).
"""

from __future__ import annotations

import json
import re
import sqlite3
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from lagebild.document import Document
from lagebild.errors import InputError, StoreError

DEFAULT_DB = "lagebild.db"

# Each entry moves the schema from version i to i + 1. Never edit a released entry:
# append a new one, so that old stores migrate forward.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        publisher TEXT,
        url TEXT,
        published TEXT,
        language TEXT,
        author TEXT,
        text TEXT NOT NULL,
        source TEXT,
        content_hash TEXT NOT NULL,
        duplicate_of INTEGER REFERENCES documents(pk) ON DELETE SET NULL,
        similarity REAL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_published ON documents(published);
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
    CREATE INDEX documents_hash ON documents(content_hash);

    CREATE TABLE minhashes (
        doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk) ON DELETE CASCADE,
        signature BLOB NOT NULL
    );
    CREATE TABLE lsh_buckets (
        band INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        doc_pk INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE
    );
    CREATE INDEX lsh_buckets_lookup ON lsh_buckets(band, bucket);
    CREATE INDEX lsh_buckets_doc ON lsh_buckets(doc_pk);

    CREATE TABLE analyses (
        doc_pk INTEGER PRIMARY KEY REFERENCES documents(pk) ON DELETE CASCADE,
        pipeline TEXT NOT NULL,
        result TEXT NOT NULL,
        created_at TEXT NOT NULL
    );

    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='pk',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
    END;
    CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
    END;
    CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text)
        VALUES ('delete', old.pk, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
    END;
    """,
    # 2: the knowledge base of office holders (see lagebild.kb)
    """
    CREATE TABLE kb_persons (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        wikidata TEXT,
        origin TEXT NOT NULL
    );
    CREATE TABLE kb_aliases (
        person_id TEXT NOT NULL REFERENCES kb_persons(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        norm TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (person_id, norm)
    );
    CREATE INDEX kb_aliases_norm ON kb_aliases(norm);
    CREATE TABLE kb_offices (
        id TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        country TEXT,
        org TEXT,
        title_en TEXT,
        title_de TEXT
    );
    CREATE TABLE kb_terms (
        id INTEGER PRIMARY KEY,
        person_id TEXT NOT NULL REFERENCES kb_persons(id) ON DELETE CASCADE,
        office_id TEXT NOT NULL REFERENCES kb_offices(id),
        start TEXT NOT NULL,
        end TEXT,
        acting INTEGER NOT NULL DEFAULT 0,
        source TEXT,
        note TEXT,
        origin TEXT NOT NULL
    );
    CREATE INDEX kb_terms_office ON kb_terms(office_id, start);
    CREATE INDEX kb_terms_person ON kb_terms(person_id);
    CREATE TABLE kb_meta (key TEXT PRIMARY KEY, value TEXT);
    """,
    # 3: saved check results, the record that source reliability is graded from
    """
    CREATE TABLE checks (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL,
        publisher TEXT,
        checked_on TEXT,
        result TEXT NOT NULL,
        high_findings INTEGER NOT NULL,
        claims INTEGER NOT NULL,
        corroborated INTEGER NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX checks_doc ON checks(doc_id);
    CREATE INDEX checks_publisher ON checks(publisher);
    """,
    # 4: linked entities per document, for finding reports of the same event across languages
    """
    CREATE TABLE document_entities (
        doc_pk INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
        kb_id TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        PRIMARY KEY (doc_pk, kb_id)
    );
    CREATE INDEX document_entities_kb ON document_entities(kb_id);
    INSERT OR IGNORE INTO document_entities (doc_pk, kb_id, mentions)
        SELECT a.doc_pk, json_extract(e.value, '$.kb_id'), count(*)
        FROM analyses a, json_each(a.result, '$.entities') e
        WHERE json_extract(e.value, '$.kb_id') IS NOT NULL
        GROUP BY a.doc_pk, json_extract(e.value, '$.kb_id');
    """,
    # 5: TLP 2.0 levels on what the store holds, and the STIX objects imported from partners
    # (see lagebild.share). A row inserted without a level gets the store's default from
    # `settings` in the same statement, so no path can store an unmarked document or check.
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    ALTER TABLE documents ADD COLUMN tlp TEXT
        CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'));
    ALTER TABLE documents ADD COLUMN tlp_at TEXT;
    ALTER TABLE checks ADD COLUMN tlp TEXT
        CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'));
    ALTER TABLE checks ADD COLUMN tlp_at TEXT;
    UPDATE documents SET tlp = 'AMBER', tlp_at = ingested_at;
    UPDATE checks SET tlp = 'AMBER', tlp_at = created_at;
    CREATE TRIGGER documents_tlp_default AFTER INSERT ON documents WHEN new.tlp IS NULL BEGIN
        UPDATE documents
        SET tlp = coalesce((SELECT value FROM settings WHERE key = 'default_tlp'), 'AMBER'),
            tlp_at = coalesce(new.tlp_at, new.ingested_at)
        WHERE pk = new.pk;
    END;
    CREATE TRIGGER checks_tlp_default AFTER INSERT ON checks WHEN new.tlp IS NULL BEGIN
        UPDATE checks
        SET tlp = coalesce((SELECT value FROM settings WHERE key = 'default_tlp'), 'AMBER'),
            tlp_at = coalesce(new.tlp_at, new.created_at)
        WHERE id = new.id;
    END;
    CREATE INDEX checks_created ON checks(created_at);
    CREATE TABLE stix_objects (
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        spec_version TEXT NOT NULL,
        modified TEXT NOT NULL,
        tlp TEXT NOT NULL CHECK (tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
        json TEXT NOT NULL,
        origin TEXT NOT NULL,
        added TEXT NOT NULL,
        PRIMARY KEY (id, modified)
    );
    CREATE INDEX stix_objects_added ON stix_objects(added);
    CREATE INDEX stix_objects_type ON stix_objects(type);
    """,
    # 6: TAXII 2.1 partners (salted key hashes), their audit log, status resources of
    # their POSTs, and the resume points of `lagebild sync pull` (see lagebild.share.taxii)
    """
    CREATE TABLE taxii_partners (
        name TEXT PRIMARY KEY,
        salt BLOB NOT NULL,
        key_hash BLOB NOT NULL,
        max_tlp TEXT NOT NULL CHECK (max_tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT')),
        can_write INTEGER NOT NULL DEFAULT 0,
        own_org INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        revoked TEXT
    );
    CREATE TABLE taxii_audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        partner TEXT,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        action TEXT NOT NULL,
        collection TEXT,
        status INTEGER NOT NULL,
        objects INTEGER NOT NULL DEFAULT 0,
        ids TEXT,
        note TEXT
    );
    CREATE INDEX taxii_audit_partner ON taxii_audit(partner, at);
    CREATE TABLE taxii_status (
        id TEXT PRIMARY KEY,
        partner TEXT NOT NULL,
        json TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE taxii_published (
        id TEXT NOT NULL,
        version TEXT NOT NULL,
        added TEXT NOT NULL,
        PRIMARY KEY (id, version)
    );
    CREATE TABLE sync_state (
        url TEXT NOT NULL,
        collection TEXT NOT NULL,
        added_after TEXT,
        updated TEXT NOT NULL,
        PRIMARY KEY (url, collection)
    );
    """,
    # watch: the feeds and pages `lagebild watch` polls (see lagebild.ingest.watch), with
    # their conditional-request validators and error backoff, and the items already seen
    # per feed, so that a restarted watcher ingests only what is new.
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        listed INTEGER NOT NULL DEFAULT 1,
        every REAL NOT NULL DEFAULT 900,
        kind TEXT CHECK (kind IN ('feed', 'page')),
        etag TEXT,
        last_modified TEXT,
        last_polled TEXT,
        last_status TEXT,
        last_error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        next_poll TEXT,
        items INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL
    );
    CREATE TABLE feed_items (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        item_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        doc_id TEXT,
        check_pending INTEGER NOT NULL DEFAULT 0,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (feed_id, item_id)
    );
    CREATE INDEX feed_items_pending ON feed_items(feed_id) WHERE check_pending = 1;
    """,
    # entity graph: the sentence (by index) each linked entity occurs in, so that the web
    # workbench can count which entities are named in the same sentence without reading
    # every analysis (see lagebild.entities); filled from the stored analyses here. The
    # entity index of document_entities now covers the counts, so they need no table reads.
    """
    CREATE TABLE entity_sentences (
        doc_pk INTEGER NOT NULL REFERENCES documents(pk) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        kb_id TEXT NOT NULL,
        PRIMARY KEY (doc_pk, sentence, kb_id)
    ) WITHOUT ROWID;
    CREATE INDEX entity_sentences_kb ON entity_sentences(kb_id);
    CREATE INDEX document_entities_kb_doc ON document_entities(kb_id, doc_pk, mentions);
    DROP INDEX document_entities_kb;
    INSERT OR IGNORE INTO entity_sentences (doc_pk, sentence, kb_id)
        SELECT a.doc_pk, s.key, json_extract(e.value, '$.kb_id')
        FROM analyses a, json_each(a.result, '$.entities') e, json_each(a.result, '$.sentences') s
        WHERE json_extract(e.value, '$.kb_id') IS NOT NULL
          AND json_extract(e.value, '$.start') >= json_extract(s.value, '$.start')
          AND json_extract(e.value, '$.start') < json_extract(s.value, '$.end');
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class StoredDocument:
    pk: int
    document: Document
    duplicate_of: str | None  # the id of the original this is a near-copy of
    similarity: float | None
    ingested_at: str


@dataclass
class SearchHit:
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    language: str | None
    snippet: str
    score: float
    duplicate_of: str | None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _now_precise() -> str:
    # Marking changes need sub-second times: a STIX object's new version must be
    # `modified` later than the one a partner may already hold from seconds before.
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class Store:
    """A lagebild store in one SQLite file (or ":memory:")."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            self.conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable against a killed process in WAL mode; only a power
                # cut can lose the last commits, never corrupt the file.
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open the store ({exc}); is it a lagebild database?") from exc

    # -- schema ---------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: schema version {version} is newer than this lagebild "
                f"({SCHEMA_VERSION}); upgrade lagebild"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[number]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside the block commit together or not at all."""
        if self.conn.in_transaction:  # nested: join the outer transaction
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- documents ------------------------------------------------------------
    def upsert_document(self, doc: Document) -> tuple[int, bool]:
        """Insert `doc`, or replace the stored one with the same id when its text
        changed. Returns (pk, changed)."""
        row = self.conn.execute("SELECT pk, content_hash FROM documents WHERE id = ?", (doc.id,)).fetchone()
        values = (
            doc.title,
            doc.publisher,
            doc.url,
            doc.published.isoformat() if doc.published else None,
            doc.language,
            doc.author,
            doc.text,
            doc.source,
            doc.content_hash,
        )
        if row is None:
            cursor = self.conn.execute(
                "INSERT INTO documents (title, publisher, url, published, language, author, text,"
                " source, content_hash, id, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (*values, doc.id, _now()),
            )
            return int(cursor.lastrowid), True
        if row["content_hash"] == doc.content_hash:
            return int(row["pk"]), False
        self.conn.execute(
            "UPDATE documents SET title=?, publisher=?, url=?, published=?, language=?, author=?,"
            " text=?, source=?, content_hash=?, duplicate_of=NULL, similarity=NULL, ingested_at=?"
            " WHERE pk=?",
            (*values, _now(), row["pk"]),
        )
        self.conn.execute("DELETE FROM analyses WHERE doc_pk = ?", (row["pk"],))
        return int(row["pk"]), True

    def set_duplicate(self, pk: int, original_pk: int, similarity: float) -> None:
        self.conn.execute(
            "UPDATE documents SET duplicate_of = ?, similarity = ? WHERE pk = ?", (original_pk, similarity, pk)
        )

    def save_analysis(self, pk: int, pipeline: str, result: dict) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO analyses (doc_pk, pipeline, result, created_at) VALUES (?,?,?,?)",
            (pk, pipeline, json.dumps(result, ensure_ascii=False), _now()),
        )
        self.conn.execute("DELETE FROM document_entities WHERE doc_pk = ?", (pk,))
        linked: dict[str, int] = {}
        for entity in result.get("entities", []):
            if entity.get("kb_id"):
                linked[entity["kb_id"]] = linked.get(entity["kb_id"], 0) + 1
        self.conn.executemany(
            "INSERT INTO document_entities (doc_pk, kb_id, mentions) VALUES (?,?,?)",
            [(pk, kb_id, n) for kb_id, n in linked.items()],
        )
        self.conn.execute("DELETE FROM entity_sentences WHERE doc_pk = ?", (pk,))
        self.conn.executemany(
            "INSERT OR IGNORE INTO entity_sentences (doc_pk, sentence, kb_id) VALUES (?,?,?)",
            _entity_sentences(pk, result),
        )

    def documents_sharing_entities(self, kb_ids: list[str], *, limit: int = 50) -> list[tuple[str, int]]:
        """(document id, number of shared linked entities), most shared first."""
        if not kb_ids:
            return []
        marks = ",".join("?" * len(kb_ids))
        rows = self.conn.execute(
            f"SELECT d.id, count(*) AS shared FROM document_entities de JOIN documents d ON d.pk = de.doc_pk"
            f" WHERE de.kb_id IN ({marks}) GROUP BY de.doc_pk ORDER BY shared DESC, d.pk LIMIT ?",
            (*kb_ids, limit),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def analysis(self, doc_id: str) -> dict | None:
        row = self.conn.execute(
            "SELECT a.result FROM analyses a JOIN documents d ON d.pk = a.doc_pk WHERE d.id = ?", (doc_id,)
        ).fetchone()
        return json.loads(row["result"]) if row else None

    def get(self, doc_id: str) -> StoredDocument | None:
        row = self.conn.execute(_SELECT_DOCUMENT + " WHERE d.id = ?", (doc_id,)).fetchone()
        return _stored(row) if row else None

    def documents(self, *, limit: int | None = None, offset: int = 0) -> list[StoredDocument]:
        sql = _SELECT_DOCUMENT + " ORDER BY d.published IS NULL, d.published, d.pk"
        params: tuple = ()
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = (limit, offset)
        return [_stored(row) for row in self.conn.execute(sql, params)]

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def counts(self) -> dict[str, int]:
        one = self.conn.execute
        return {
            "documents": one("SELECT count(*) FROM documents").fetchone()[0],
            "near_duplicates": one("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "analysed": one("SELECT count(*) FROM analyses").fetchone()[0],
        }

    # -- search ---------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20, raw: bool = False) -> list[SearchHit]:
        """Full-text search. By default every word must occur (any order, as a word or the
        start of one); with
        `raw=True` the query is passed to FTS5 as written (phrases, OR, NEAR, prefix*)."""
        match = query if raw else _plain_fts_query(query)
        if not match:
            raise InputError("the search query has no words")
        try:
            rows = self.conn.execute(
                "SELECT d.id, d.title, d.publisher, d.published, d.language, o.id AS original,"
                " snippet(documents_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(documents_fts) AS score"
                " FROM documents_fts JOIN documents d ON d.pk = documents_fts.rowid"
                " LEFT JOIN documents o ON o.pk = d.duplicate_of"
                " WHERE documents_fts MATCH ? ORDER BY score LIMIT ?",
                (match, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise InputError(f"bad search query {query!r} ({exc}); drop --raw to search plain words") from exc
        return [
            SearchHit(r["id"], r["title"], r["publisher"], r["published"], r["language"], r["snippet"],
                      -float(r["score"]), r["original"])
            for r in rows
        ]

    def save_check(self, result: dict, publisher: str | None, *, tlp: str | None = None) -> int:
        """Store a check result; without `tlp` it gets the store's default level."""
        findings = result.get("findings", [])
        claims = result.get("claims", [])
        cursor = self.conn.execute(
            "INSERT INTO checks (doc_id, publisher, checked_on, result, high_findings, claims, corroborated,"
            " created_at, tlp, tlp_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (result["id"], publisher, result.get("published"), json.dumps(result, ensure_ascii=False),
             sum(1 for f in findings if f["severity"] == "high"), len(claims),
             sum(1 for c in claims if c["status"] == "corroborated"), _now(), tlp, _now_precise()),
        )
        return int(cursor.lastrowid)

    # -- TLP levels (see lagebild.share.tlp) -----------------------------------
    def default_tlp(self) -> str:
        row = self.conn.execute("SELECT value FROM settings WHERE key = 'default_tlp'").fetchone()
        return row[0] if row else "AMBER"

    def set_default_tlp(self, level: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('default_tlp', ?)", (level,))

    def set_document_tlp(self, doc_id: str, level: str) -> bool:
        """Mark a document; False when there is no such document."""
        cursor = self.conn.execute(
            "UPDATE documents SET tlp = ?, tlp_at = ? WHERE id = ? AND tlp IS NOT ?",
            (level, _now_precise(), doc_id, level),
        )
        # Marking a document with the level it has changes nothing, not even the time.
        return cursor.rowcount > 0 or self.document_tlp(doc_id) is not None

    def set_check_tlp(self, check_id: int, level: str) -> bool:
        cursor = self.conn.execute(
            "UPDATE checks SET tlp = ?, tlp_at = ? WHERE id = ?", (level, _now_precise(), check_id)
        )
        return cursor.rowcount > 0

    def document_tlp(self, doc_id: str) -> tuple[str, str] | None:
        """(level, when it was set) of a stored document, None when not stored."""
        row = self.conn.execute("SELECT tlp, tlp_at FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def publisher_record(self, publisher: str) -> tuple[int, int, float | None]:
        """(articles checked, high-severity findings, share of corroborated claims)."""
        row = self.conn.execute(
            "SELECT count(*), coalesce(sum(high_findings), 0), sum(claims), sum(corroborated) FROM checks"
            " WHERE publisher = ?",
            (publisher,),
        ).fetchone()
        share = (row[3] / row[2]) if row[2] else None
        return int(row[0]), int(row[1]), share

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_SELECT_DOCUMENT = (
    "SELECT d.*, o.id AS original FROM documents d LEFT JOIN documents o ON o.pk = d.duplicate_of"
)


def _stored(row: sqlite3.Row) -> StoredDocument:
    document = Document(
        id=row["id"],
        text=row["text"],
        title=row["title"],
        publisher=row["publisher"],
        url=row["url"],
        published=date.fromisoformat(row["published"]) if row["published"] else None,
        language=row["language"],
        author=row["author"],
        source=row["source"],
    )
    return StoredDocument(row["pk"], document, row["original"], row["similarity"], row["ingested_at"])


_WORD = re.compile(r"\w+", re.UNICODE)


def _plain_fts_query(query: str) -> str:
    # Prefix matches, so that "Gespräch" also finds the inflected "Gesprächen".
    return " ".join(f'"{word}"*' for word in _WORD.findall(query))


def _entity_sentences(pk: int, analysis: dict) -> list[tuple[int, int, str]]:
    """(doc_pk, sentence index, kb_id) for each linked entity, by where the entity starts."""
    sentences = analysis.get("sentences") or []
    starts = [s["start"] for s in sentences]
    rows = []
    for entity in analysis.get("entities", []):
        index = bisect_right(starts, entity["start"]) - 1
        if entity.get("kb_id") and index >= 0 and entity["start"] < sentences[index]["end"]:
            rows.append((pk, index, entity["kb_id"]))
    return rows


def _split_sql(script: str) -> list[str]:
    """Split a migration into statements, keeping trigger bodies whole."""
    statements, current = [], []
    for line in script.strip().splitlines():
        current.append(line)
        joined = "\n".join(current).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            statements.append(joined)
            current = []
    if "\n".join(current).strip():
        statements.append("\n".join(current))
    return statements
