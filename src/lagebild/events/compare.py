"""What the reports of one event agree and disagree on, read from their saved checks.

Nothing is compared anew here: `lagebild check` already aligns every claim of a report
with the sentences of the other reports of the same event, in any language, and names
the numbers, dates, facts and quotations they give differently. This module collects
those results for the reports of one event: corroborated claims whose evidence is
another report of the event become agreements (a statement and its counterparts, side
by side), and the cross-document findings become conflicts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lagebild.events.grouping import Event
from lagebild.store import Store

# Findings that come from comparing reports (the others come from the knowledge base or
# the text alone, and are shown on each article's page).
CROSS_DOCUMENT_KINDS = ("conflicting_number", "conflicting_date", "conflicting_fact", "unsupported_quote")


@dataclass(frozen=True)
class Statement:
    document: str
    text: str

    def to_json(self) -> dict:
        return {"document": self.document, "text": self.text}


@dataclass
class Agreement:
    """One thing several reports state, each in its own words and language."""

    statements: list[Statement]
    credibility: int  # the best Admiralty credibility its claims got (1 confirmed ... 6)

    reports: int = 0  # independent reports among them: a near-copy counts with its original

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(s.document for s in self.statements))

    def to_json(self) -> dict:
        return {"documents": self.documents, "reports": self.reports, "credibility": self.credibility,
                "statements": [s.to_json() for s in self.statements]}


@dataclass
class Conflict:
    """A finding of one report's check that other reports give it differently."""

    document: str
    kind: str
    severity: str
    start: int
    end: int
    text: str
    explanation: str
    evidence: list[Statement] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"document": self.document, "kind": self.kind, "severity": self.severity, "start": self.start,
                "end": self.end, "text": self.text, "explanation": self.explanation,
                "evidence": [e.to_json() for e in self.evidence]}


@dataclass
class Comparison:
    checks: dict[str, dict]  # report id -> its latest saved check (`check --json`), current ones only
    unchecked: list[str]  # reports without a saved check of their present text
    agreements: list[Agreement]
    conflicts: list[Conflict]

    def to_json(self) -> dict:
        return {"checked": list(self.checks), "unchecked": self.unchecked,
                "agreements": [a.to_json() for a in self.agreements],
                "conflicts": [c.to_json() for c in self.conflicts]}


def latest_checks(store: Store, doc_ids: list[str]) -> dict[str, dict]:
    """The latest saved check of each document, where it checked the document's present text."""
    if not doc_ids:
        return {}
    marks = ",".join("?" * len(doc_ids))
    texts = dict(store.conn.execute(f"SELECT id, text FROM documents WHERE id IN ({marks})", doc_ids).fetchall())
    rows = store.conn.execute(
        f"SELECT doc_id, result FROM checks WHERE id IN"
        f" (SELECT max(id) FROM checks WHERE doc_id IN ({marks}) GROUP BY doc_id)", doc_ids).fetchall()
    checks = {}
    for doc_id, result in rows:
        data = json.loads(result)
        if data.get("text") == texts.get(doc_id):
            checks[doc_id] = data
    return checks


def compare(store: Store, event: Event) -> Comparison:
    checks = latest_checks(store, event.reports)
    order = {doc_id: i for i, doc_id in enumerate(event.documents)}
    return Comparison(
        checks={doc_id: checks[doc_id] for doc_id in event.reports if doc_id in checks},
        unchecked=[doc_id for doc_id in event.reports if doc_id not in checks],
        agreements=agreements(checks, event.copies, order),
        conflicts=conflicts(checks, order),
    )


def agreements(checks: dict[str, dict], copies: dict[str, str], order: dict[str, int]) -> list[Agreement]:
    """Each corroborated claim with the sentences of the event's other reports that back
    it, most reports first. A near-copy counts with its original (`copies`): backing its
    own original, or repeating its original's sentence, it says nothing new."""
    found = [agreement for doc_id in sorted(checks, key=lambda d: order.get(d, len(order)))
             for claim in checks[doc_id].get("claims", [])
             if (agreement := _agreement(doc_id, claim, copies, order)) is not None]
    kept = _without_repeats(found, copies)
    kept.sort(key=lambda a: (-a.reports, a.credibility, order.get(a.statements[0].document, 0)))
    return kept


def _agreement(doc_id: str, claim: dict, copies: dict[str, str], order: dict[str, int]) -> Agreement | None:
    if claim["status"] != "corroborated":
        return None
    own = copies.get(doc_id, doc_id)
    backing = [Statement(e["source"], _clean(e["text"])) for e in claim.get("evidence", [])
               if e["source"] in order and copies.get(e["source"], e["source"]) != own]
    if not backing:
        return None
    statements, seen = [], set()
    for statement in [Statement(doc_id, _clean(claim["text"]))] + backing:
        key = _key(statement, copies)
        if key not in seen:
            seen.add(key)
            statements.append(statement)
    return Agreement(statements, claim["credibility"], len({key[0] for key in seen}))


def _without_repeats(found: list[Agreement], copies: dict[str, str]) -> list[Agreement]:
    """The same pair found from both sides (A's claim backed by B's sentence, and B's by
    A's) is one agreement: one whose statements another holds is dropped."""
    kept: list[Agreement] = []
    for agreement in sorted(found, key=lambda a: -len(a.statements)):
        held = {_key(s, copies) for s in agreement.statements}
        twin = next((k for k in kept if held <= {_key(s, copies) for s in k.statements}), None)
        if twin is None:
            kept.append(agreement)
        else:
            twin.credibility = min(twin.credibility, agreement.credibility)
    return kept


def _key(statement: Statement, copies: dict[str, str]) -> tuple[str, str]:
    return copies.get(statement.document, statement.document), statement.text


def conflicts(checks: dict[str, dict], order: dict[str, int]) -> list[Conflict]:
    found = [
        Conflict(doc_id, f["kind"], f["severity"], f["start"], f["end"], f["text"], f["explanation"],
                 [Statement(e["source"], _clean(e["text"])) for e in f.get("evidence", [])])
        for doc_id, check in checks.items()
        for f in check.get("findings", [])
        if f["kind"] in CROSS_DOCUMENT_KINDS
    ]
    return sorted(found, key=lambda c: (order.get(c.document, len(order)), c.start, c.kind))


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
