"""JSON Lines: one document an object, `text` required."""

from __future__ import annotations

import json

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.ingest.text import document_from_fields


def read_jsonl(content: str, *, source: str) -> list[Document]:
    documents = []
    for number, line in enumerate(content.split("\n"), start=1):
        document = parse_jsonl_line(line, source=source, number=number)
        if document is not None:
            documents.append(document)
    return documents


def parse_jsonl_line(line: str, *, source: str, number: int) -> Document | None:
    """The document on line `number` of `source`; None for a blank line."""
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"line {number}: not valid JSON ({exc.msg}, column {exc.colno})", source=source) from None
    if not isinstance(record, dict):
        raise InputError(f"line {number}: expected a JSON object, got {type(record).__name__}", source=source)
    return document_from_record(record, source=source, number=number)


def document_from_record(record: dict, *, source: str, number: int, unit: str = "line") -> Document:
    """A document from one record's fields (a JSON object or a table row); `number` is
    its line or row (`unit`), named in errors and in the id it gets when it has none."""
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{unit} {number}: the required string field 'text' is missing", source=source)
    fields = {key: str(value) for key, value in record.items() if key != "text" and value is not None}
    try:
        return document_from_fields(fields, text, source=source, default_id=f"{source}#{number}")
    except InputError as exc:
        raise InputError(f"{unit} {number}: {exc.reason}", source=source) from None
