"""The document record every reader produces and every later stage consumes."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date

SUPPORTED_LANGUAGES = ("de", "en")


@dataclass
class Document:
    """One article: its body text and what is known about where it came from.

    `text` is the body exactly as read (for text files: everything after the front
    matter); all offsets anywhere in lagebild index into it.
    """

    id: str
    text: str
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    published: date | None = None
    language: str | None = None
    author: str | None = None
    source: str | None = None  # the file or URL it was read from
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def language_supported(self) -> bool:
        return self.language in SUPPORTED_LANGUAGES

    def to_dict(self) -> dict:
        data = asdict(self)
        data["published"] = self.published.isoformat() if self.published else None
        return data
