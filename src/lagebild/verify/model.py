"""What `lagebild check` reports: findings with evidence, graded claims, a verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FINDING_KINDS = (
    "wrong_office_holder",
    "unverifiable_person",
    "unsupported_quote",
    "conflicting_number",
    "conflicting_date",
    "conflicting_fact",
    "off_topic_passage",
    "generation_artifact",
)
SEVERITIES = ("high", "medium", "low")
CLAIM_STATUSES = ("corroborated", "contradicted", "uncorroborated")


@dataclass
class Evidence:
    source: str  # a corpus document id, or "kb:<person id>"
    text: str  # the sentence or knowledge-base entry that shows it

    def to_json(self) -> dict:
        return {"source": self.source, "text": self.text}


@dataclass
class Finding:
    kind: str
    start: int
    end: int
    text: str
    severity: str
    explanation: str  # one or two sentences a reader understands
    evidence: list[Evidence] = field(default_factory=list)

    def __post_init__(self) -> None:
        assert self.kind in FINDING_KINDS, self.kind
        assert self.severity in SEVERITIES, self.severity

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "severity": self.severity,
            "explanation": self.explanation,
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass
class ClaimVerdict:
    start: int
    end: int
    text: str
    status: str
    credibility: int  # Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged)
    evidence: list[Evidence] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "status": self.status,
            "credibility": self.credibility,
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass
class CheckResult:
    id: str
    text: str
    published: date | None
    findings: list[Finding]
    claims: list[ClaimVerdict]
    source_reliability: str
    notes: list[str] = field(default_factory=list)  # e.g. how the date was chosen

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "findings": [f.to_json() for f in sorted(self.findings, key=lambda f: (f.start, f.kind))],
            "claims": [c.to_json() for c in self.claims],
            "source_reliability": self.source_reliability,
            "notes": self.notes,
        }
