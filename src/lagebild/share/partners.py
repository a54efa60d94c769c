"""TAXII partners: who may read and write what, their API keys, and the audit log.

A partner has a name, a maximum TLP level, a write flag and an own-organisation flag.
Its API key is shown once, when it is added; the store keeps only a salted scrypt hash.
Partners authenticate to /taxii2/ with HTTP Basic (name, key).

What a partner may read is decided per object (`may_read`):
TLP:RED never leaves the store; AMBER+STRICT only goes to our own organisation (a
partner added with --own-org and --max-tlp AMBER+STRICT); AMBER and GREEN only to
partners allowed that level; CLEAR to every partner.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timezone

from lagebild.errors import InputError
from lagebild.share import tlp
from lagebild.store import Store

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# scrypt: 16 MiB of memory and ~50 ms per check; verified keys are remembered in memory
# (as a keyed digest) so that a paginated pull does not pay this on every page.
SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Partner:
    name: str
    max_tlp: str
    can_write: bool
    own_org: bool
    created: str
    revoked: str | None = None

    def to_json(self) -> dict:
        return {"name": self.name, "max_tlp": self.max_tlp, "write": self.can_write,
                "own_org": self.own_org, "created": self.created, "revoked": self.revoked}


def may_read(partner: Partner, level: str) -> bool:
    """May an object marked `level` go to this partner? (See the module doc.)"""
    if level == "RED":
        return False
    if level == "AMBER+STRICT":
        return partner.own_org and partner.max_tlp == "AMBER+STRICT"
    return tlp.allowed(level, partner.max_tlp)


def _hash(key: str, salt: bytes) -> bytes:
    return hashlib.scrypt(key.encode("utf-8"), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT)


def _row(row) -> Partner:
    return Partner(row["name"], row["max_tlp"], bool(row["can_write"]), bool(row["own_org"]),
                   row["created"], row["revoked"])


def add_partner(store: Store, name: str, max_tlp: str, *, write: bool = False,
                own_org: bool = False) -> tuple[Partner, str]:
    """Add (or re-add a revoked) partner; returns it and its new key (shown only now)."""
    if not NAME.match(name):
        raise InputError("a partner name is 1-64 letters, digits, '.', '_' or '-' (it is the "
                         "HTTP Basic user name, so no ':' or spaces)", source="NAME")
    if max_tlp == "RED":
        raise InputError("TLP:RED never leaves the store; a partner may be cleared for at most "
                         "AMBER+STRICT (with --own-org)", source="--max-tlp")
    if max_tlp == "AMBER+STRICT" and not own_org:
        raise InputError("AMBER+STRICT is for our own organisation only; add --own-org if this "
                         "partner is, or use AMBER", source="--max-tlp")
    key = secrets.token_urlsafe(32)
    salt = secrets.token_bytes(16)
    with store.transaction():
        existing = store.conn.execute("SELECT revoked FROM taxii_partners WHERE name = ?", (name,)).fetchone()
        if existing is not None and existing["revoked"] is None:
            raise InputError(f"partner {name!r} exists; 'lagebild partner revoke {name}' first to give it a new key")
        store.conn.execute(
            "INSERT OR REPLACE INTO taxii_partners (name, salt, key_hash, max_tlp, can_write, own_org, created, revoked)"
            " VALUES (?,?,?,?,?,?,?,NULL)",
            (name, salt, _hash(key, salt), max_tlp, int(write), int(own_org), _now()),
        )
    partner = get_partner(store, name)
    assert partner is not None
    return partner, key


def get_partner(store: Store, name: str) -> Partner | None:
    row = store.conn.execute("SELECT * FROM taxii_partners WHERE name = ?", (name,)).fetchone()
    return _row(row) if row else None


def list_partners(store: Store) -> list[Partner]:
    return [_row(r) for r in store.conn.execute("SELECT * FROM taxii_partners ORDER BY name")]


def revoke_partner(store: Store, name: str) -> Partner:
    with store.transaction():
        partner = get_partner(store, name)
        if partner is None:
            raise InputError(f"no partner {name!r}; 'lagebild partner list' shows them")
        if partner.revoked is None:
            store.conn.execute("UPDATE taxii_partners SET revoked = ? WHERE name = ?", (_now(), name))
    revoked = get_partner(store, name)
    assert revoked is not None
    return revoked


class KeyChecker:
    """Checks (name, key) against the stored hashes. A verified key is remembered as an
    HMAC under a per-process secret, tied to the stored hash, so a new key or a
    revocation takes effect on the next request."""

    def __init__(self) -> None:
        self._secret = secrets.token_bytes(32)
        self._verified: dict[str, tuple[bytes, bytes]] = {}
        self._lock = threading.Lock()

    def check(self, store: Store, name: str, key: str) -> Partner | None:
        row = store.conn.execute("SELECT * FROM taxii_partners WHERE name = ?", (name,)).fetchone()
        if row is None or row["revoked"] is not None:
            _hash(key, b"\0" * 16)  # the same work as for a known name: no timing hint
            return None
        digest = hmac.new(self._secret, key.encode("utf-8"), "sha256").digest()
        with self._lock:
            known = self._verified.get(name)
        if known is not None and known[1] == bytes(row["key_hash"]) and hmac.compare_digest(known[0], digest):
            return _row(row)
        if not hmac.compare_digest(_hash(key, bytes(row["salt"])), bytes(row["key_hash"])):
            return None
        with self._lock:
            self._verified[name] = (digest, bytes(row["key_hash"]))
        return _row(row)


# -- the audit log -------------------------------------------------------------------------
def audit(store: Store, *, partner: str | None, method: str, path: str, action: str, status: int,
          collection: str | None = None, ids: list[str] | None = None, note: str | None = None) -> None:
    with store.transaction():
        store.conn.execute(
            "INSERT INTO taxii_audit (at, partner, method, path, action, collection, status, objects, ids, note)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (_now(), partner, method, path, action, collection, status, len(ids or []),
             json.dumps(ids) if ids else None, note),
        )


def audit_entries(store: Store, *, partner: str | None = None, limit: int | None = None) -> list[dict]:
    sql = "SELECT * FROM taxii_audit"
    params: list = []
    if partner is not None:
        sql += " WHERE partner = ?"
        params.append(partner)
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    rows = store.conn.execute(sql, params).fetchall()
    return [{"id": r["id"], "at": r["at"], "partner": r["partner"], "method": r["method"], "path": r["path"],
             "action": r["action"], "collection": r["collection"], "status": r["status"],
             "objects": r["objects"], "ids": json.loads(r["ids"]) if r["ids"] else [], "note": r["note"]}
            for r in reversed(rows)]
