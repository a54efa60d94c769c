"""The Parquet tables `lagebild batch analyze` writes, and the way back to one
document's analysis.

One table per kind of span, each row carrying `doc_id`, its position `n` in the
document's list, and the fields of the contract's `analyze --json` output, plus the few
the store keeps besides (`Doc.to_record`). Pure Python: the Spark types are built from
these specs only where Spark runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lagebild.document import Document
from lagebild.nlp.doc import Doc

Spec = tuple[tuple[str, str], ...]  # (column, type): string, int, long, double, boolean, array<string>

_SPAN: Spec = (("start", "int"), ("end", "int"), ("text", "string"))
SPAN_TABLES: dict[str, Spec] = {
    "sentences": (("start", "int"), ("end", "int")),
    "entities": (*_SPAN, ("label", "string"), ("kb_id", "string")),
    "quotes": (*_SPAN, ("speaker", "string"), ("speaker_start", "int"), ("speaker_end", "int"),
               ("role", "string"), ("direct", "boolean")),
    "quantities": (*_SPAN, ("value", "double"), ("unit", "string"), ("approximate", "boolean")),
    "dates": (*_SPAN, ("value", "string"), ("granularity", "string"), ("weekday_only", "boolean")),
    "claims": _SPAN,
}
DOCUMENT: Spec = (
    ("doc_id", "string"), ("language", "string"), ("text", "string"), ("published", "string"),
    ("title", "string"), ("publisher", "string"), ("url", "string"), ("author", "string"),
    ("source", "string"), ("line", "long"), ("pipeline", "string"),
    ("warnings", "array<string>"),  # the analysis's, as the store keeps them
    ("input_warnings", "array<string>"),  # from reading (e.g. a short text's guessed language)
)
ERRORS: Spec = (("source", "string"), ("line", "long"), ("doc_id", "string"), ("reason", "string"))
# What the analysis job yields per input item: a document with its spans nested, or an error.
ITEM: Spec = (*DOCUMENT, *((name, "spans") for name in SPAN_TABLES), ("error", "string"))
TABLES = ("documents", *SPAN_TABLES, "errors")


def item_row(document: Document, doc: Doc, pipeline: str, line: int | None) -> tuple:
    """One analysed document as a row of ITEM (spans nested, in ITEM's order)."""
    record = doc.to_record()
    scalars = {
        "doc_id": document.id, "language": doc.language, "text": doc.text, "published": record["published"],
        "title": document.title, "publisher": document.publisher, "url": document.url, "author": document.author,
        "source": document.source, "line": line, "pipeline": pipeline, "warnings": record["warnings"],
        "input_warnings": list(document.warnings), "error": None,
    }
    for name, spec in SPAN_TABLES.items():
        scalars[name] = [tuple(_cell(span.get(column), kind) for column, kind in spec) for span in record[name]]
    return tuple(scalars[name] for name, _ in ITEM)


def _cell(value: Any, kind: str) -> Any:
    # The contract prints integral numbers as int; Parquet keeps one type per column.
    return float(value) if kind == "double" and value is not None else value


def error_row(source: str, line: int | None, doc_id: str | None, reason: str) -> tuple:
    """A row of ITEM for input that could not be read or analysed."""
    values: dict[str, Any] = {"source": source, "line": line, "doc_id": doc_id, "error": reason}
    return tuple(values.get(name) if kind != "spans" else [] for name, kind in ITEM)


def record_from_rows(document: Mapping[str, Any], spans: Mapping[str, Iterable[Mapping[str, Any]]]) -> dict:
    """A document's analysis rebuilt from its table rows, as `Doc.to_record()` gives it
    (the contract's `analyze --json` object plus the store's extra fields).

    `spans` maps a table name to that document's rows (any order: `n` orders them).
    """
    data: dict[str, Any] = {
        "id": document["doc_id"], "language": document["language"], "text": document["text"],
        "published": document["published"], "warnings": list(document.get("warnings") or []),
    }
    for name in SPAN_TABLES:
        rows = sorted(spans.get(name, ()), key=lambda row: row["n"])
        data[name] = [{column: row[column] for column, _ in SPAN_TABLES[name]} for row in rows]
    # Doc.from_json restores the types the contract prints (integral values as int,
    # ISO dates), so the result is exactly what the analysis itself returned.
    return Doc.from_json(data).to_record()


def contract_json(record: dict) -> dict:
    """The contract's `analyze --json` object from a `to_record()` dict."""
    return Doc.from_json(record).to_json()


def document_from_row(row: Mapping[str, Any]) -> Document:
    """The `Document` a documents/ row describes (as read by `batch analyze`)."""
    from datetime import date

    published = row.get("published")
    return Document(
        id=row["doc_id"], text=row["text"], title=row.get("title"), publisher=row.get("publisher"),
        url=row.get("url"), published=date.fromisoformat(published) if published else None,
        language=row.get("language"), author=row.get("author"), source=row.get("source"),
        warnings=list(row.get("input_warnings") or []),
    )


def spark_type(kind: str) -> Any:
    from pyspark.sql import types as T

    simple = {"string": T.StringType(), "int": T.IntegerType(), "long": T.LongType(),
              "double": T.DoubleType(), "boolean": T.BooleanType(), "array<string>": T.ArrayType(T.StringType())}
    return simple[kind]


def spark_schema(spec: Sequence[tuple[str, str]]) -> Any:
    """A Spark StructType for a spec; nested span lists become arrays of structs."""
    from pyspark.sql import types as T

    fields = []
    for name, kind in spec:
        if kind == "spans":
            element = T.StructType([T.StructField(c, spark_type(k), True) for c, k in SPAN_TABLES[name]])
            fields.append(T.StructField(name, T.ArrayType(element, containsNull=False), False))
        else:
            fields.append(T.StructField(name, spark_type(kind), True))
    return T.StructType(fields)
