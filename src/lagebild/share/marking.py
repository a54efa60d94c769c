"""TLP levels of what the store holds: documents, saved checks, imported STIX objects.

Every row carries a level. Rows stored without one get the store's default (AMBER
unless `lagebild mark --default` changed it; see migration 5 in lagebild.store).
Derived things inherit the strictest level of what they come from: a check's
effective level is the strictest of its own, its article's and the stored documents it
cites as evidence, and the STIX objects built from it follow the same rule.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from lagebild.errors import InputError
from lagebild.share import tlp
from lagebild.store import Store

DEFAULT_PRODUCER = "lagebild"
STIX_ID = re.compile(r"^[a-z][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CHECK_ID = re.compile(r"^check:(\d+)$")


def producer_name(store: Store) -> str:
    """The name of our organisation in exported objects (setting 'organisation')."""
    row = store.conn.execute("SELECT value FROM settings WHERE key = 'organisation'").fetchone()
    return row[0] if row else DEFAULT_PRODUCER


@dataclass
class Marked:
    kind: str  # document, check, stix object or default
    id: str
    previous: str | None
    level: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "id": self.id, "previous": self.previous, "tlp": self.level}


def mark(store: Store, target: str, level: str) -> Marked:
    """Set the level of a document (by id), a saved check ("check:N") or an imported
    STIX object (by STIX id). Raises InputError when nothing has that id."""
    with store.transaction():
        if STIX_ID.match(target):
            return _mark_stix(store, target, level)
        match = CHECK_ID.match(target)
        if match:
            row = store.conn.execute("SELECT tlp FROM checks WHERE id = ?", (int(match[1]),)).fetchone()
            if row is None:
                raise InputError(f"no saved check {target}; 'lagebild check ... --save' lists none by that number")
            if row[0] != level:
                store.set_check_tlp(int(match[1]), level)
            return Marked("check", target, row[0], level)
        current = store.document_tlp(target)
        if current is None:
            raise InputError(
                f"no document, saved check (check:N) or imported STIX object has the id {target!r}")
        if current[0] != level:
            store.set_document_tlp(target, level)
        return Marked("document", target, current[0], level)


def _mark_stix(store: Store, stix_id: str, level: str) -> Marked:
    rows = store.conn.execute("SELECT DISTINCT tlp FROM stix_objects WHERE id = ?", (stix_id,)).fetchall()
    if not rows:
        raise InputError(f"no imported STIX object has the id {stix_id!r}")
    previous = tlp.strictest(*(r[0] for r in rows))
    # Every stored version: an older version must not stay readable at the old level.
    store.conn.execute("UPDATE stix_objects SET tlp = ? WHERE id = ?", (level, stix_id))
    return Marked("stix object", stix_id, previous, level)


def mark_default(store: Store, level: str) -> Marked:
    with store.transaction():
        previous = store.default_tlp()
        store.set_default_tlp(level)
    return Marked("default", "default", previous, level)


def save_marked_check(db: Path, result: dict, publisher: str | None, level: str) -> int:
    """Save a check result with an explicit level in one transaction (no moment where
    it is stored at the default level)."""
    with Store(db) as store, store.transaction():
        return store.save_check(result, publisher, tlp=level)


def check_level(store: Store, check_id: int) -> str:
    """A saved check's effective level: the strictest of its own, its article's and
    those of the stored documents it cites as evidence."""
    row = store.conn.execute("SELECT doc_id, tlp, result FROM checks WHERE id = ?", (check_id,)).fetchone()
    if row is None:
        raise InputError(f"no saved check check:{check_id}")
    levels = [row["tlp"]]
    result = json.loads(row["result"])
    sources = {row["doc_id"]} | {
        e["source"] for item in result.get("claims", []) + result.get("findings", [])
        for e in item.get("evidence", []) if not e["source"].startswith("kb:")
    }
    for source in sources:
        marked = store.document_tlp(source)
        if marked is not None:
            levels.append(marked[0])
    return tlp.strictest(*levels)
