"""`Doc` and its spans: what the pipeline components read and write.

Every span holds character offsets into `Doc.text` (Python string indices, end
exclusive) and a copy of the covered text, so a span can be printed on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date


@dataclass
class Span:
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Entity(Span):
    label: str = "MISC"  # PER, ORG, LOC or MISC
    kb_id: str | None = None

    def to_json(self) -> dict:
        return {**super().to_json(), "label": self.label, "kb_id": self.kb_id}


@dataclass
class Quantity(Span):
    value: float = 0.0
    unit: str | None = None  # the counted noun ("Offiziere", "troops") or a unit ("%", "EUR")
    approximate: bool = False  # "rund", "about", "etwa"

    def to_json(self) -> dict:
        value: float | int = int(self.value) if float(self.value).is_integer() else self.value
        return {**super().to_json(), "value": value, "unit": self.unit}


@dataclass
class DateMention(Span):
    value: date | None = None
    granularity: str = "day"  # day, week, month or year: how precise `value` is
    weekday_only: bool = False  # "am Dienstag": only the weekday was stated

    def to_json(self) -> dict:
        return {**super().to_json(), "value": self.value.isoformat() if self.value else None}


@dataclass
class Quote(Span):
    speaker: str | None = None  # canonical name where it could be resolved
    speaker_start: int | None = None  # the mention in this text: name, role phrase or pronoun
    speaker_end: int | None = None
    role: str | None = None  # e.g. "NATO Secretary General"
    direct: bool = True  # False for indirect speech

    def to_json(self) -> dict:
        return {
            **super().to_json(),
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "role": self.role,
        }


@dataclass
class Claim(Span):
    pass


@dataclass
class Doc:
    """One document under analysis. Components append to the span lists."""

    text: str
    language: str
    published: date | None = None
    id: str = ""
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def sentence_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each sentence; each line when no sentences were split."""
        if self.sentences:
            return [(s.start, s.end) for s in self.sentences]
        return [m.span() for m in re.finditer(r"[^\n]+", self.text)]

    def sentence_at(self, offset: int) -> Span | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    @classmethod
    def from_json(cls, data: dict) -> Doc:
        """Rebuild a Doc from its `to_json()` form (as stored by ingest)."""
        text = data["text"]

        def piece(span: dict) -> dict:
            return {"start": span["start"], "end": span["end"], "text": span.get("text", text[span["start"]:span["end"]])}

        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            text=text,
            language=data["language"],
            published=day(data.get("published")),
            id=data.get("id", ""),
            sentences=[Span(**piece(s)) for s in data.get("sentences", [])],
            entities=[Entity(**piece(e), label=e["label"], kb_id=e.get("kb_id")) for e in data.get("entities", [])],
            quantities=[
                Quantity(**piece(q), value=q["value"], unit=q.get("unit"), approximate=q.get("approximate", False))
                for q in data.get("quantities", [])
            ],
            dates=[
                DateMention(**piece(d), value=day(d.get("value")), granularity=d.get("granularity", "day"),
                            weekday_only=d.get("weekday_only", False))
                for d in data.get("dates", [])
            ],
            quotes=[
                Quote(**piece(q), speaker=q.get("speaker"), speaker_start=q.get("speaker_start"),
                      speaker_end=q.get("speaker_end"), role=q.get("role"), direct=q.get("direct", True))
                for q in data.get("quotes", [])
            ],
            claims=[Claim(**piece(c)) for c in data.get("claims", [])],
            warnings=list(data.get("warnings", [])),
        )

    def to_record(self) -> dict:
        """`to_json()` plus the fields the contract leaves out (as kept in the store)."""
        record = self.to_json()
        for out, span in zip(record["quantities"], self.quantities):
            out["approximate"] = span.approximate
        for out, span in zip(record["dates"], self.dates):
            out["granularity"] = span.granularity
            out["weekday_only"] = span.weekday_only
        for out, span in zip(record["quotes"], self.quotes):
            out["direct"] = span.direct
        record["warnings"] = list(self.warnings)
        return record

    def to_json(self) -> dict:
        """The contract's `analyze --json` object for this document."""
        return {
            "id": self.id,
            "language": self.language,
            "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "sentences": [{"start": s.start, "end": s.end} for s in self.sentences],
            "entities": [e.to_json() for e in self.entities],
            "quotes": [q.to_json() for q in self.quotes],
            "quantities": [q.to_json() for q in self.quantities],
            "dates": [d.to_json() for d in self.dates],
            "claims": [c.to_json() for c in self.claims],
        }
