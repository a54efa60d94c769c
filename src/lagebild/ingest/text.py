"""Plain text and Markdown files, with an optional front-matter block."""

from __future__ import annotations

from datetime import date, datetime

from lagebild.document import Document
from lagebild.errors import InputError

KNOWN_KEYS = ("id", "title", "publisher", "url", "published", "language", "author")


def parse_date(value: str, *, source: str, field: str = "published") -> date:
    """An ISO date or date-time, as a date; anything else is bad input."""
    text = value.strip().strip("'\"")
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise InputError(
            f"{field} {value.strip()!r} is not an ISO date (write it as YYYY-MM-DD)", source=source
        ) from None


def split_front_matter(content: str, *, source: str) -> tuple[dict[str, str], str]:
    """Return the front-matter fields and the body exactly as it follows the block."""
    lines = content.split("\n")
    if not lines or lines[0].rstrip("\r") != "---":
        return {}, content
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r") == "---":
            fields: dict[str, str] = {}
            for number, line in enumerate(lines[1:index], start=2):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                key, sep, value = line.partition(":")
                if not sep:
                    raise InputError(f"front matter line {number} is not 'key: value'", source=source)
                fields[key.strip().lower()] = value.strip()
            return fields, "\n".join(lines[index + 1 :])
    raise InputError("front matter opened with '---' is never closed", source=source)


def document_from_fields(fields: dict[str, str], body: str, *, source: str, default_id: str) -> Document:
    published = parse_date(fields["published"], source=source) if fields.get("published") else None
    language = fields.get("language", "").strip().lower() or None
    if language is not None and (len(language) != 2 or not language.isalpha()):
        raise InputError(f"language {language!r} is not an ISO 639-1 code such as 'de' or 'en'", source=source)
    return Document(
        id=fields.get("id") or default_id,
        text=body,
        title=fields.get("title") or None,
        publisher=fields.get("publisher") or None,
        url=fields.get("url") or None,
        published=published,
        language=language,
        author=fields.get("author") or None,
        source=source,
    )


def read_text(content: str, *, source: str) -> list[Document]:
    fields, body = split_front_matter(content, source=source)
    return [document_from_fields(fields, body, source=source, default_id=source)]
