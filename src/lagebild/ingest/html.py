"""HTML pages: trafilatura finds the main text and the page's metadata."""

from __future__ import annotations

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.ingest.text import parse_date


def read_html(content: str | bytes, *, source: str, url: str | None = None) -> list[Document]:
    import trafilatura

    extracted = trafilatura.bare_extraction(
        content, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    if extracted is None or not (extracted.text or "").strip():
        raise InputError(
            "no article text found in the HTML (is it a page with an article body?)", source=source
        )
    published = None
    if extracted.date:
        try:
            published = parse_date(extracted.date, source=source)
        except InputError:
            published = None  # a page's odd date stamp is not worth refusing the page for
    return [
        Document(
            id=url or source,
            text=extracted.text,
            title=extracted.title or None,
            publisher=extracted.sitename or None,
            url=extracted.url or url,
            published=published,
            author=extracted.author or None,
            source=source,
        )
    ]
