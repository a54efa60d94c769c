"""What the knowledge base holds: persons, offices and dated terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ROLES = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "secretary_general",
    "commission_president",
    "council_president",
    "high_representative",
)
ORGANISATIONS = ("NATO", "UN", "EU")

ROLE_TITLES = {
    "head_of_state": "head of state",
    "head_of_government": "head of government",
    "foreign_minister": "foreign minister",
    "defence_minister": "defence minister",
    "secretary_general": "Secretary General",
    "commission_president": "President of the European Commission",
    "council_president": "President of the European Council",
    "high_representative": "High Representative for Foreign Affairs and Security Policy",
}


@dataclass
class Person:
    id: str
    name: str
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Term:
    """One holder of one office from `start` (inclusive) to `end` (exclusive, None: open)."""

    person_id: str
    name: str
    role: str
    country: str | None
    org: str | None
    start: date
    end: date | None
    acting: bool = False
    source: str | None = None
    note: str | None = None
    title: str | None = None

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)

    @property
    def office_label(self) -> str:
        return self.title or f"{ROLE_TITLES[self.role]} of {self.country or self.org}"

    def to_json(self) -> dict:
        """The contract's `kb who` record."""
        return {
            "name": self.name,
            "kb_id": self.person_id,
            "role": self.role,
            "country": self.country,
            "org": self.org,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "acting": self.acting,
            "source": self.source,
        }


def office_id(role: str, country: str | None, org: str | None) -> str:
    return f"{role}@{country or org}"
