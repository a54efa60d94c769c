"""What the batch commands read: JSON Lines and Parquet documents, as Spark data.

Each input item is (source, number, kind, payload): the file as the user named it (or
as the cluster's file system lists it), the line (JSON Lines, from 1) or row (Parquet,
from 1), and the raw line or the row's fields. Turning an item into a `Document` is
plain Python (`read_item`), the same on the driver, on an executor or in a benchmark.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lagebild.document import Document
from lagebild.errors import InputError
from lagebild.ingest.jsonl import document_from_record, parse_jsonl_line
from lagebild.ingest.language import assign_language
from lagebild.ingest.limits import MAX_DOCUMENT_CHARS
from lagebild.ingest.readers import JSONL_SUFFIXES

PARQUET_SUFFIXES = {".parquet"}
Item = tuple[str, int, str, Any]  # (source, line or row, "jsonl" | "parquet", line or fields)
_FORMATS = {**{s: "jsonl" for s in JSONL_SUFFIXES}, **{s: "parquet" for s in PARQUET_SUFFIXES}}


@dataclass(frozen=True)
class InputFile:
    path: str  # as named (local) or as listed by the cluster's file system (URI)
    kind: str  # jsonl or parquet


def is_uri(name: str) -> bool:
    """A location only Spark can reach (hdfs://, s3a://, ...); file: URIs are local."""
    scheme = urlparse(name).scheme
    return len(scheme) > 1 and scheme != "file"


def _kind(path: str) -> str | None:
    return _FORMATS.get(Path(urlparse(path).path if is_uri(path) else path).suffix.lower())


def _hidden(path: Path, root: Path) -> bool:
    # Spark and Hadoop write _SUCCESS, .crc files and _temporary/ folders next to the data.
    return any(part.startswith(("_", ".")) for part in path.relative_to(root).parts)


def local_inputs(names: Iterable[str]) -> list[InputFile]:
    """Local files as given, folders recursively in name order (JSON Lines and Parquet
    files only); checked before Spark starts, so a typo costs no session start."""
    found: list[InputFile] = []
    for name in names:
        if is_uri(name):
            continue
        path = Path(local_path(name))
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path) and _kind(str(p)))
            if not files:
                raise InputError("the folder holds no .jsonl, .ndjson or .parquet files", source=name)
            found.extend(InputFile(str(p), _kind(str(p)) or "") for p in files)
        elif path.is_file():
            kind = _kind(str(path))
            if kind is None:
                raise InputError(f"unknown file type {path.suffix or '(none)'!r}; the batch commands read"
                                 " .jsonl, .ndjson and .parquet", source=name)
            found.append(InputFile(str(path), kind))
        else:
            raise InputError("no such file or folder", source=name)
    return found


def remote_inputs(spark: Any, names: Iterable[str]) -> list[InputFile]:
    """Files under URIs, listed with Hadoop's file system API (what Spark reads with)."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    found: list[InputFile] = []
    for name in names:
        if not is_uri(name):
            continue
        root = jvm.org.apache.hadoop.fs.Path(name)
        fs = root.getFileSystem(conf)
        if not fs.exists(root):
            raise InputError("no such file or folder", source=name)
        listing = fs.listFiles(root, True)
        files = []
        while listing.hasNext():
            path = listing.next().getPath()
            text = path.toString()
            if not path.getName().startswith(("_", ".")) and _kind(text):
                files.append(text)
        if not files:
            raise InputError("holds no .jsonl, .ndjson or .parquet files", source=name)
        found.extend(InputFile(f, _kind(f) or "") for f in sorted(files))
    return found


def read_item(item: Item, *, identify_language: bool = True) -> Document | None:
    """The document an input item holds (None for a blank line); InputError if it is bad.

    The checks are those `lagebild analyze` applies to a JSON Lines file, per document.
    Without `identify_language`, a document without a declared language keeps none."""
    source, number, kind, payload = item
    if kind == "jsonl":
        line = payload[1:] if number == 1 and payload.startswith("\ufeff") else payload
        document = parse_jsonl_line(line, source=source, number=number)
    else:
        document = document_from_record(_fields(payload), source=source, number=number, unit="row")
    if document is None:
        return None
    if not document.text.strip():
        raise InputError(f"document {document.id!r} has no text", source=source)
    if len(document.text) > MAX_DOCUMENT_CHARS:
        raise InputError(f"document {document.id!r} has {len(document.text):,} characters, over the"
                         f" {MAX_DOCUMENT_CHARS:,} limit for one article", source=source)
    if identify_language:
        assign_language(document)
    return document


def _fields(row: dict) -> dict:
    """A Parquet row's fields as JSON Lines would give them: dates as ISO text, and the
    `doc_id` of lagebild's own tables taken as the id."""
    fields = {key: value.isoformat() if isinstance(value, (date, datetime)) else value for key, value in row.items()}
    if isinstance(fields.get("published"), str) and "T" in fields["published"]:
        fields["published"] = fields["published"][:10]
    if fields.get("id") is None and fields.get("doc_id") is not None:
        fields["id"] = fields["doc_id"]
    return fields


def item_id(item: Item) -> str | None:
    """The id an unreadable item declares, where one can be made out (for errors/)."""
    _, _, kind, payload = item
    if kind == "parquet":
        value = payload.get("id", payload.get("doc_id"))
        return None if value is None else str(value)
    import json

    try:
        record = json.loads(payload)
    except ValueError:
        return None
    value = record.get("id") if isinstance(record, dict) else None
    return None if value is None else str(value)


def local_path(uri: str) -> str:
    """The local path of a file: URI as Spark names it (file:/a/b.parquet)."""
    return unquote(urlparse(uri).path) if uri.startswith("file:") else uri


def read_items(spark: Any, inputs: list[InputFile], *, partitions: int | None = None) -> Any:
    """An RDD of Items over all inputs, spread over `partitions`.

    The default, 16 per core, keeps every core busy almost to the end although documents
    differ in length (a core idles at most one small partition's time while the last ones
    finish); Spark reuses its Python workers, so more partitions load no more models."""
    sc = spark.sparkContext
    rdds = [_jsonl_items(sc, f.path) for f in inputs if f.kind == "jsonl"]
    parquet = [f.path for f in inputs if f.kind == "parquet"]
    if parquet:
        rdds.append(_parquet_items(spark, parquet))
    items = sc.union(rdds) if len(rdds) > 1 else rdds[0]
    wanted = partitions or max(items.getNumPartitions(), 16 * sc.defaultParallelism)
    return items.repartition(wanted) if wanted != items.getNumPartitions() else items


def _jsonl_items(sc: Any, path: str) -> Any:
    # zipWithIndex numbers the lines in file order, so that errors and default ids name
    # the line as `analyze` does. It costs an extra pass only over a file that spans
    # several splits (over 32 MiB locally, a block on HDFS): smaller ones stay whole.
    lines = sc.textFile(path, minPartitions=1)
    return lines.zipWithIndex().map(lambda pair: (path, pair[1] + 1, "jsonl", pair[0]))


def _parquet_items(spark: Any, paths: list[str]) -> Any:
    from pyspark.sql import functions as F

    # Spark names each row's file by its absolute URI; errors and ids use the name given.
    named = {p if is_uri(p) else os.path.abspath(p): p for p in paths}
    try:
        frame = spark.read.option("mergeSchema", "true").parquet(*paths)
    except Exception as exc:  # AnalysisException and its kin: unreadable footers, clashing schemas
        raise InputError(f"cannot read the Parquet input: {first_line(exc)}", source=paths[0]) from None
    columns = [c for c in frame.columns if not c.startswith("__lagebild_")]
    frame = frame.select(*columns, F.col("_metadata.file_path").alias("__lagebild_file"),
                         F.col("_metadata.row_index").alias("__lagebild_row"))

    def item(row: Any) -> Item:
        fields = row.asDict(recursive=True)
        uri = fields.pop("__lagebild_file")
        number = fields.pop("__lagebild_row") + 1
        return (named.get(local_path(uri), uri), number, "parquet", fields)

    return frame.rdd.map(item)


def first_line(exc: BaseException) -> str:
    """Spark's messages run over many lines (with JVM stack traces); one is enough."""
    text = str(exc).strip().splitlines()
    return text[0] if text else exc.__class__.__name__
