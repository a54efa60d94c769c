"""From what the user named (files, folders, URLs) to `Document`s.

Every input is read and checked completely before anything is stored, so a bad
input is reported with its reason and the store stays as it was.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.ingest.feeds import looks_like_feed, read_feed
from lagebild.ingest.html import read_html
from lagebild.ingest.jsonl import read_jsonl
from lagebild.ingest.language import assign_language
from lagebild.ingest.limits import DEFAULT_MAX_BYTES, MAX_DOCUMENT_CHARS
from lagebild.ingest.text import read_text

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | FEED_SUFFIXES


def is_url(name: str) -> bool:
    return name.startswith(("http://", "https://"))


def expand_inputs(inputs: Iterable[str]) -> Iterator[str]:
    """Files and URLs as given; folders recursively, in name order, known suffixes only."""
    for name in inputs:
        if is_url(name):
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            found = sorted(
                str(p) for p in path.rglob("*") if p.is_file() and p.suffix.lower() in KNOWN_SUFFIXES
            )
            if not found:
                raise InputError("the folder holds no .txt, .md, .html, .jsonl or feed files", source=name)
            yield from found
        elif path.exists():
            yield name
        else:
            raise InputError("no such file or folder", source=name)


def _read_bytes(path: str, max_bytes: int) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > max_bytes:
            raise InputError(
                f"file is {size / 2**20:.1f} MiB, over the {max_bytes / 2**20:.0f} MiB limit;"
                " split it or raise --max-bytes",
                source=path,
            )
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", source=path) from None
    _require_text(data, source=path)
    return data


def _require_text(data: bytes, *, source: str) -> None:
    if not data.strip():
        raise InputError("file is empty", source=source)
    if b"\x00" in data[:8192]:
        raise InputError("looks like a binary file (NUL bytes), not text, HTML, JSON Lines or a feed", source=source)


ENCODING_HINT = "convert it or pass --encoding, e.g. --encoding cp1252"


def decode(data: bytes, *, source: str, encoding: str | None = None, hint: str = ENCODING_HINT) -> str:
    """`hint` says how to name another encoding where the input came from (CLI or web)."""
    if encoding:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot decode as {encoding} ({exc})", source=source) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not valid UTF-8 (byte {exc.start}); {hint}", source=source) from None


def read_input(name: str, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Read one file or URL into documents (language assigned, nothing stored)."""
    if is_url(name):
        documents = _read_url(name, max_bytes=max_bytes)
    else:
        _require_known_suffix(name)
        documents = _parse(_read_bytes(name, max_bytes), name, encoding=encoding)
    return _finish(documents, source=name)


def read_bytes(data: bytes, name: str, *, encoding: str | None = None, hint: str = ENCODING_HINT) -> list[Document]:
    """Read the content of a file called `name` that is already in memory (an upload),
    exactly as `read_input` reads that file from disk."""
    _require_known_suffix(name)
    _require_text(data, source=name)
    return _finish(_parse(data, name, encoding=encoding, hint=hint), source=name)


def _finish(documents: list[Document], *, source: str) -> list[Document]:
    for document in documents:
        if len(document.text) > MAX_DOCUMENT_CHARS:
            raise InputError(
                f"document {document.id!r} has {len(document.text):,} characters, over the"
                f" {MAX_DOCUMENT_CHARS:,} limit for one article",
                source=source,
            )
        assign_language(document)
    return documents


def _require_known_suffix(path: str) -> None:
    suffix = Path(path).suffix.lower()
    if suffix not in KNOWN_SUFFIXES:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}; lagebild reads .txt, .md, .html, .jsonl, .xml/.rss/.atom",
            source=path,
        )


def _parse(data: bytes, path: str, *, encoding: str | None, hint: str = ENCODING_HINT) -> list[Document]:
    suffix = Path(path).suffix.lower()
    if suffix in HTML_SUFFIXES:
        # Pages declare their own charset; trafilatura honours it when given bytes.
        documents = read_html(data if encoding is None else decode(data, source=path, encoding=encoding), source=path)
    else:
        content = decode(data, source=path, encoding=encoding, hint=hint)
        if suffix in JSONL_SUFFIXES:
            documents = read_jsonl(content, source=path)
        elif suffix in FEED_SUFFIXES:
            documents = read_feed(content, source=path)
        else:
            documents = read_text(content, source=path)
    documents = [d for d in documents if d.text.strip()] if suffix in FEED_SUFFIXES else documents
    for document in documents:
        if not document.text.strip():
            raise InputError(f"document {document.id!r} has no text", source=path)
    return documents


def _read_url(url: str, *, max_bytes: int) -> list[Document]:
    from lagebild.ingest.fetch import fetch

    fetched = fetch(url, max_bytes=max_bytes)
    if fetched.content_type in ("text/plain", "text/markdown"):
        content = decode(fetched.body, source=url)
        return read_text(content, source=url)
    head = fetched.body[:2048].decode("utf-8", "replace")
    if "xml" in fetched.content_type or looks_like_feed(head):
        if looks_like_feed(head):
            return read_feed(fetched.body, source=url)
    return read_html(fetched.body, source=url, url=fetched.url)


def load_inputs(
    inputs: Iterable[str], *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[tuple[str, list[Document]]]:
    """Read every input, in order; raises on the first bad one, before anything is stored."""
    return [(name, read_input(name, encoding=encoding, max_bytes=max_bytes)) for name in expand_inputs(inputs)]
