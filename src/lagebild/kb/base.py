"""The knowledge base in the store: loading, date-aware queries, name lookup."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from lagebild.errors import InputError
from lagebild.kb.model import ORGANISATIONS, ROLES, Person, Term, office_id
from lagebild.kb.names import normalize_name, slug
from lagebild.kb.pack import STARTER_ORIGIN, PackTerm, pack_hash, read_pack
from lagebild.store import Store

_TERM_SELECT = (
    "SELECT t.person_id, p.name, o.role, o.country, o.org, t.start, t.end, t.acting, t.source, t.note,"
    " o.title_en FROM kb_terms t JOIN kb_persons p ON p.id = t.person_id JOIN kb_offices o ON o.id = t.office_id"
)


def _term(row) -> Term:
    return Term(
        person_id=row[0], name=row[1], role=row[2], country=row[3], org=row[4],
        start=date.fromisoformat(row[5]), end=date.fromisoformat(row[6]) if row[6] else None,
        acting=bool(row[7]), source=row[8], note=row[9], title=row[10],
    )


class KnowledgeBase:
    """Office holders by date, over the `kb_*` tables of a store.

    The starter pack shipped with lagebild is (re)loaded into the store whenever the
    store holds an older version of it; imported entries are kept apart by origin.
    """

    def __init__(self, store: Store, *, load_starter: bool = True) -> None:
        self.store = store
        self.conn = store.conn
        if load_starter:
            self.ensure_starter_pack()

    @classmethod
    def in_memory(cls) -> KnowledgeBase:
        return cls(Store(":memory:"))

    # -- loading --------------------------------------------------------------
    def ensure_starter_pack(self) -> None:
        current = pack_hash()
        row = self.conn.execute("SELECT value FROM kb_meta WHERE key = 'starter_pack'").fetchone()
        if row and row[0] == current:
            return
        terms = read_pack()
        with self.store.transaction():
            self._delete_origin(STARTER_ORIGIN)
            self.add_terms(terms, origin=STARTER_ORIGIN)
            self.conn.execute("INSERT OR REPLACE INTO kb_meta (key, value) VALUES ('starter_pack', ?)", (current,))

    def _delete_origin(self, origin: str) -> None:
        self.conn.execute("DELETE FROM kb_terms WHERE origin = ?", (origin,))
        self.conn.execute(
            "DELETE FROM kb_persons WHERE origin = ? AND id NOT IN (SELECT person_id FROM kb_terms)", (origin,)
        )

    def add_terms(self, terms: Iterable[PackTerm], *, origin: str) -> int:
        """Add terms (inside the caller's transaction); persons merge by name or Wikidata id."""
        count = 0
        for term in terms:
            person_id = self._person_for(term, origin)
            office = office_id(term.role, term.country, term.org)
            self.conn.execute(
                "INSERT OR IGNORE INTO kb_offices (id, role, country, org, title_en, title_de) VALUES (?,?,?,?,?,?)",
                (office, term.role, term.country, term.org, term.title_en, term.title_de),
            )
            duplicate = self.conn.execute(
                "SELECT 1 FROM kb_terms WHERE person_id = ? AND office_id = ? AND start = ?",
                (person_id, office, term.start.isoformat()),
            ).fetchone()
            if duplicate:
                continue
            self.conn.execute(
                "INSERT INTO kb_terms (person_id, office_id, start, end, acting, source, note, origin)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (person_id, office, term.start.isoformat(), term.end.isoformat() if term.end else None,
                 int(term.acting), term.source, term.note, origin),
            )
            count += 1
        return count

    def _person_for(self, term: PackTerm, origin: str) -> str:
        person_id = None
        if term.wikidata:
            row = self.conn.execute("SELECT id FROM kb_persons WHERE wikidata = ?", (term.wikidata,)).fetchone()
            person_id = row[0] if row else None
        if person_id is None:
            candidate = slug(term.name)
            row = self.conn.execute("SELECT id FROM kb_persons WHERE id = ?", (candidate,)).fetchone()
            person_id = row[0] if row else None
            if person_id is None:
                person_id = candidate
                self.conn.execute(
                    "INSERT INTO kb_persons (id, name, wikidata, origin) VALUES (?,?,?,?)",
                    (person_id, term.name, term.wikidata, origin),
                )
        if term.wikidata:
            self.conn.execute(
                "UPDATE kb_persons SET wikidata = ? WHERE id = ? AND wikidata IS NULL", (term.wikidata, person_id)
            )
        self._add_alias(person_id, term.name, "name")
        for alias in term.aliases:
            self._add_alias(person_id, alias, "alias")
        surname = term.name.split()[-1] if len(term.name.split()) > 1 else None
        if surname:
            self._add_alias(person_id, surname, "surname")
        return person_id

    def _add_alias(self, person_id: str, alias: str, kind: str) -> None:
        norm = normalize_name(alias)
        if norm:
            self.conn.execute(
                "INSERT OR IGNORE INTO kb_aliases (person_id, alias, norm, kind) VALUES (?,?,?,?)",
                (person_id, alias, norm, kind),
            )

    # -- queries --------------------------------------------------------------
    def validate_office(self, role: str, country: str | None, org: str | None) -> None:
        if role not in ROLES:
            raise InputError(f"unknown role {role!r}; valid roles: {', '.join(ROLES)}")
        if (country is None) == (org is None):
            raise InputError("give exactly one of --country CC and --org ORG")
        countries, orgs = self.covered()
        if country is not None and country not in countries:
            raise InputError(f"unknown country {country!r}; the knowledge base covers: {', '.join(countries)}")
        if org is not None and org not in orgs:
            raise InputError(f"unknown organisation {org!r}; valid: {', '.join(orgs)}")

    def covered(self) -> tuple[list[str], list[str]]:
        rows = self.conn.execute("SELECT DISTINCT country, org FROM kb_offices").fetchall()
        countries = sorted({r[0] for r in rows if r[0]})
        orgs = sorted({r[1] for r in rows if r[1]} | set(ORGANISATIONS))
        return countries, orgs

    def who(self, role: str, *, on: date, country: str | None = None, org: str | None = None) -> list[Term]:
        """The holders of an office on a day (usually one; two on a disputed day)."""
        rows = self.conn.execute(
            _TERM_SELECT + " WHERE t.office_id = ? AND t.start <= ? AND (t.end IS NULL OR t.end > ?)"
            " ORDER BY t.acting, t.start",
            (office_id(role, country, org), on.isoformat(), on.isoformat()),
        ).fetchall()
        return [_term(r) for r in rows]

    def office_terms(self, role: str, *, country: str | None = None, org: str | None = None) -> list[Term]:
        rows = self.conn.execute(
            _TERM_SELECT + " WHERE t.office_id = ? ORDER BY t.start", (office_id(role, country, org),)
        ).fetchall()
        return [_term(r) for r in rows]

    def terms_of(self, person_id: str) -> list[Term]:
        rows = self.conn.execute(_TERM_SELECT + " WHERE t.person_id = ? ORDER BY t.start", (person_id,)).fetchall()
        return [_term(r) for r in rows]

    def person(self, person_id: str) -> Person | None:
        row = self.conn.execute("SELECT id, name, wikidata FROM kb_persons WHERE id = ?", (person_id,)).fetchone()
        if row is None:
            return None
        aliases = [r[0] for r in self.conn.execute(
            "SELECT alias FROM kb_aliases WHERE person_id = ? AND kind != 'surname' ORDER BY alias", (person_id,))]
        return Person(row[0], row[1], row[2], aliases)

    def find_persons(self, mention: str, *, surnames: bool = True) -> list[Person]:
        """Persons whose name or alias equals the mention (case and accents folded).

        Full names win: a bare surname is looked up only when no full name matches.
        """
        norm = normalize_name(mention)
        if not norm:
            return []
        rows = self.conn.execute(
            "SELECT DISTINCT person_id, kind FROM kb_aliases WHERE norm = ?", (norm,)
        ).fetchall()
        exact = [r[0] for r in rows if r[1] != "surname"]
        chosen = exact or ([r[0] for r in rows] if surnames else [])
        return [p for p in (self.person(pid) for pid in dict.fromkeys(chosen)) if p]

    def stats(self) -> dict:
        one = self.conn.execute
        origins = {r[0]: r[1] for r in one("SELECT origin, count(*) FROM kb_terms GROUP BY origin")}
        countries, orgs = self.covered()
        return {
            "persons": one("SELECT count(*) FROM kb_persons").fetchone()[0],
            "offices": one("SELECT count(*) FROM kb_offices").fetchone()[0],
            "terms": one("SELECT count(*) FROM kb_terms").fetchone()[0],
            "terms_by_origin": origins,
            "countries": countries,
            "organisations": orgs,
            "latest_change": one("SELECT max(max(start), coalesce(max(end), '')) FROM kb_terms").fetchone()[0],
        }
