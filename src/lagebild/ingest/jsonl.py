"""JSON Lines: one document an object, `text` required."""

from __future__ import annotations

import json

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.ingest.text import document_from_fields


def read_jsonl(content: str, *, source: str) -> list[Document]:
    documents = []
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: not valid JSON ({exc.msg}, column {exc.colno})", source=source) from None
        if not isinstance(record, dict):
            raise InputError(f"line {number}: expected a JSON object, got {type(record).__name__}", source=source)
        text = record.get("text")
        if not isinstance(text, str):
            raise InputError(f"line {number}: the required string field 'text' is missing", source=source)
        fields = {key: str(value) for key, value in record.items() if key != "text" and value is not None}
        try:
            documents.append(
                document_from_fields(fields, text, source=source, default_id=f"{source}#{number}")
            )
        except InputError as exc:
            raise InputError(f"line {number}: {exc.reason}", source=source) from None
    return documents
