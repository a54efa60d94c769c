"""RSS and Atom feeds: each entry becomes a document (title and summary as text)."""

from __future__ import annotations

import re
from datetime import date

from lagebild.document import Document
from lagebild.errors import InputError

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t]+")


def looks_like_feed(content: str) -> bool:
    head = content[:2048].lstrip().lower()
    return head.startswith("<?xml") and ("<rss" in head or "<feed" in head or "<rdf" in head) or head.startswith(
        ("<rss", "<feed")
    )


def _plain(html_text: str) -> str:
    import html

    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", html_text))).strip()


def read_feed(content: str | bytes, *, source: str) -> list[Document]:
    import feedparser

    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed.bozo_exception, "getMessage", lambda: str(parsed.bozo_exception))()
        raise InputError(f"not a readable RSS/Atom feed ({reason})", source=source)
    if not parsed.entries:
        raise InputError("the feed has no entries", source=source)
    feed_title = parsed.feed.get("title")
    language = (parsed.feed.get("language") or "")[:2].lower() or None
    documents = []
    for number, entry in enumerate(parsed.entries, start=1):
        summary = entry.get("summary") or ""
        if entry.get("content"):
            summary = max((c.get("value", "") for c in entry.content), key=len) or summary
        text = _plain(summary)
        title = _plain(entry.get("title") or "") or None
        if not text and not title:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        documents.append(
            Document(
                id=entry.get("id") or entry.get("link") or f"{source}#{number}",
                text=text or title or "",
                title=title,
                publisher=feed_title,
                url=entry.get("link"),
                published=date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None,
                language=language if language and language.isalpha() else None,
                author=entry.get("author"),
                source=source,
            )
        )
    return documents
