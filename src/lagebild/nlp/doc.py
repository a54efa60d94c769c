"""`Doc` and its spans: what the pipeline components read and write.

Every span holds character offsets into `Doc.text` (Python string indices, end
exclusive) and a copy of the covered text, so a span can be printed on its own.
"""

from __future__ import annotations

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

    def sentence_at(self, offset: int) -> Span | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

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
