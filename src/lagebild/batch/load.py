"""`lagebild batch load`: the tables of `batch analyze` into a store, as ingest stores.

Everything is checked with Spark first (columns, types, references, offsets, languages,
dates); only then is the store opened and written, one transaction per chunk of
documents, each document linked to the original it copies and stored with its analysis.
So bad input leaves the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lagebild.batch.inputs import first_line, is_uri
from lagebild.batch.tables import DOCUMENT, SPAN_TABLES, document_from_row, record_from_rows, spark_type
from lagebild.document import SUPPORTED_LANGUAGES
from lagebild.errors import InputError, UnsupportedLanguage
from lagebild.ingest.store_docs import IngestReport, ingest_documents

DEFAULT_CHUNK = 500
# Fields the contract allows to be null; every other column must hold a value.
NULLABLE = {"kb_id", "speaker", "speaker_start", "speaker_end", "role", "unit"}
LABELS = ("PER", "ORG", "LOC", "MISC")
_LOADED_COLUMNS = ("doc_id", "language", "text", "published", "title", "publisher", "url", "author",
                   "source", "line", "pipeline", "warnings", "input_warnings")


def _nullable(table: str, column: str) -> bool:
    return column in NULLABLE or (table == "dates" and column == "value")


def require_tables(folder: str) -> None:
    """Refuse a local folder without documents/ before Spark starts."""
    if not is_uri(folder) and not (Path(folder) / "documents").is_dir():
        raise InputError("holds no documents/ table; name the --out folder of 'lagebild batch analyze'",
                         source=folder)


def read_tables(spark: Any, folder: str) -> dict[str, Any]:
    """documents/ and the span tables under `folder`, with their columns checked."""
    require_tables(folder)
    tables = {}
    for name, spec in {"documents": DOCUMENT, **{n: (("doc_id", "string"), ("n", "int"), *s)
                                                  for n, s in SPAN_TABLES.items()}}.items():
        path = f"{folder.rstrip('/')}/{name}"
        try:
            frame = spark.read.parquet(path)
        except Exception as exc:
            raise InputError(f"cannot read the {name}/ table: {first_line(exc)}", source=folder) from None
        types = dict(frame.dtypes)
        for column, kind in spec:
            if column not in types:
                raise InputError(f"{name}/ has no column {column!r}; was it written by 'lagebild batch analyze'?",
                                 source=folder)
            expected = spark_type(kind).simpleString()
            if types[column] != expected:
                raise InputError(f"{name}/ column {column!r} is {types[column]}, expected {expected}", source=folder)
        tables[name] = frame
    return tables


def validate(tables: dict[str, Any], *, allow_other_languages: bool, source: str) -> int:
    """Raise InputError on the first problem found; return the number of documents.

    One aggregate query per table counts every kind of problem at once (with the
    smallest doc_id concerned as the example), so that checking costs seven passes."""
    from pyspark.sql import functions as F

    documents = tables["documents"]
    bad_date = F.col("published").isNotNull() & (
        ~F.col("published").rlike(r"^\d{4}-\d{2}-\d{2}$") | F.try_to_date("published", "yyyy-MM-dd").isNull())
    other_language = ~F.col("language").isin(*SUPPORTED_LANGUAGES)
    checks = {
        "documents/ rows without doc_id, text, language or pipeline":
            F.col("doc_id").isNull() | F.col("text").isNull() | F.col("language").isNull()
            | F.col("pipeline").isNull(),
        "documents/ published is not a YYYY-MM-DD date": bad_date,
    }
    found = _problems(documents, checks, extra=[F.count(F.lit(1)).alias("rows"),
                                                F.countDistinct("doc_id").alias("distinct"),
                                                F.min(F.when(other_language, F.col("doc_id"))).alias("other"),
                                                F.min(F.when(other_language, F.col("language"))).alias("other_lang")])
    _refuse(found, checks, source)
    if found["rows"] != found["distinct"]:
        raise InputError(f"documents/ holds {found['rows'] - found['distinct']} row(s) whose doc_id another row"
                         " has too", source=source)
    if found["other"] is not None and not allow_other_languages:
        raise UnsupportedLanguage(
            f"document {found['other']!r} is in language {found['other_lang']!r}; lagebild analyses"
            f" {', '.join(SUPPORTED_LANGUAGES)} (pass --allow-other-languages to store it anyway)", source=source)
    lengths = documents.select("doc_id", F.length("text").alias("length"))
    for name, spec in SPAN_TABLES.items():
        required = ["doc_id", "n", *(column for column, _ in spec if not _nullable(name, column))]
        missing = F.lit(False)
        for column in required:
            missing = missing | F.col(column).isNull()
        known = F.col("length").isNotNull()
        checks = {
            f"{name}/ rows name documents not in documents/": ~known,
            f"{name}/ rows with an empty required column ({', '.join(required)})": missing,
            f"{name}/ spans outside their document's text":
                known & ((F.col("start") < 0) | (F.col("end") < F.col("start")) | (F.col("end") > F.col("length"))),
        }
        if name == "entities":
            checks[f"entities/ labels other than {', '.join(LABELS)}"] = ~F.col("label").isin(*LABELS)
        _refuse(_problems(tables[name].join(lengths, "doc_id", "left"), checks), checks, source)
    return found["rows"]


def _problems(frame: Any, checks: dict[str, Any], extra: list[Any] = ()) -> Any:
    """One row: per check, how many rows fail it and the smallest doc_id among them."""
    from pyspark.sql import functions as F

    columns = []
    for index, condition in enumerate(checks.values()):
        failing = F.coalesce(condition, F.lit(True))  # a comparison with null is a failure too
        columns += [F.count(F.when(failing, 1)).alias(f"n{index}"),
                    F.min(F.when(failing, F.col("doc_id"))).alias(f"id{index}")]
    return frame.agg(*columns, *extra).first()


def _refuse(found: Any, checks: dict[str, Any], source: str) -> None:
    for index, problem in enumerate(checks):
        if found[f"n{index}"]:
            example = found[f"id{index}"]
            first = f", for example doc_id {example!r}" if example is not None else ""
            raise InputError(f"{problem}: {found[f'n{index}']} row(s){first}", source=source)


def analysed_documents(tables: dict[str, Any]) -> Iterator[tuple[Any, tuple[str, dict]]]:
    """(Document, (pipeline, record)) per document, streamed to the driver in input order."""
    from pyspark.sql import functions as F

    joined = tables["documents"].select(*_LOADED_COLUMNS)
    for name, spec in SPAN_TABLES.items():
        nested = tables[name].groupBy("doc_id").agg(
            F.collect_list(F.struct("n", *(column for column, _ in spec))).alias(name))
        joined = joined.join(nested, "doc_id", "left")
    for row in joined.orderBy("source", "line", "doc_id").toLocalIterator():
        data = row.asDict(recursive=True)
        spans = {name: data.get(name) or [] for name in SPAN_TABLES}
        yield document_from_row(data), (data["pipeline"], record_from_rows(data, spans))


def load_tables(
    spark: Any,
    folder: str,
    db: Path,
    *,
    chunk: int = DEFAULT_CHUNK,
    tlp: str | None = None,
    allow_other_languages: bool = False,
    on_total: Callable[[int], None] = lambda _: None,
    on_document: Callable[[Any], None] | None = None,
) -> IngestReport:
    """Check the tables under `folder`, then store their documents and analyses."""
    from lagebild.store import Store

    if chunk < 1:
        raise InputError(f"--chunk {chunk} must be at least 1")
    tables = read_tables(spark, folder)
    on_total(validate(tables, allow_other_languages=allow_other_languages, source=folder))
    report = IngestReport(files=1)
    with Store(db) as store:
        documents, analyses = [], []
        for document, analysis in analysed_documents(tables):
            documents.append(document)
            analyses.append(analysis)
            if len(documents) >= chunk:
                _store_chunk(store, documents, analyses, report, tlp, on_document)
                documents, analyses = [], []
        if documents:
            _store_chunk(store, documents, analyses, report, tlp, on_document)
    return report


def _store_chunk(store: Any, documents: list, analyses: list, report: IngestReport, tlp: str | None,
                 on_document: Callable[[Any], None] | None) -> None:
    stored = ingest_documents(store, documents, analyses=analyses, tlp=tlp, on_document=on_document)
    report.documents.extend(stored.documents)
    report.warnings.extend(stored.warnings)


def failed_count(spark: Any, folder: str) -> int:
    """Rows of errors/ (documents `batch analyze` could not read or analyse), 0 if none."""
    try:
        return spark.read.parquet(f"{folder.rstrip('/')}/errors").count()
    except Exception:
        return 0
