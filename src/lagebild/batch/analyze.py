"""`lagebild batch analyze`: the per-document analysis of `lagebild analyze`, on Spark.

Each partition runs `analyse_partition` in a Python worker: the pipelines load on the
first document of a language and stay loaded for the worker's life (Spark reuses its
Python workers), so a model loads once per executor core, not once per document. A
document that cannot be read or analysed becomes a row of errors/, never a failed job.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lagebild.batch.inputs import InputFile, Item, item_id, read_item, read_items
from lagebild.batch.tables import DOCUMENT, ERRORS, ITEM, SPAN_TABLES, error_row, item_row, spark_schema
from lagebild.errors import InputError


def analyse_item(item: Item) -> tuple | None:
    """One input item as a row of ITEM: the document with its analysis, or an error;
    None for a blank line."""
    from lagebild.nlp import analyze_document, pipeline_name

    source, number = item[0], item[1]
    try:
        document = read_item(item)
    except InputError as exc:
        return error_row(source, number, item_id(item), exc.reason)
    if document is None:
        return None
    try:
        doc = analyze_document(document)
        return item_row(document, doc, pipeline_name(doc.language), number)
    except Exception as exc:  # one document's failure must not stop the other million
        return error_row(source, number, document.id, f"analysis failed: {exc.__class__.__name__}: {exc}")


def analyse_partition(items: Iterable[Item]) -> Iterator[tuple]:
    for item in items:
        row = analyse_item(item)
        if row is not None:
            yield row


@dataclass
class AnalyzeSummary:
    files: int
    out: str
    documents: int = 0  # read from the input: analysed + failed
    analysed: int = 0
    failed: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict:
        return {"files": self.files, "documents": self.documents, "analysed": self.analysed,
                "failed": self.failed, "rows": self.rows, "seconds": round(self.seconds, 2),
                "documents_per_second": round(self.per_second, 2), "out": self.out}


def run_analyze(
    spark: Any,
    inputs: list[InputFile],
    out: str,
    *,
    partitions: int | None = None,
    overwrite: bool = False,
    on_phase: Callable[[str], None] = lambda _: None,
) -> AnalyzeSummary:
    """Analyse every input document and write the tables under `out` (see tables.py)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    started = time.perf_counter()
    summary = AnalyzeSummary(files=len(inputs), out=out)
    rows = read_items(spark, inputs, partitions=partitions).mapPartitions(analyse_partition)
    # The rows are built to the schema (tables.item_row), so Spark need not check each one;
    # persisted so that the eight tables are written from one pass of the analysis.
    frame = spark.createDataFrame(rows, spark_schema(ITEM), verifySchema=False)
    frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        on_phase("analysing")
        ok = F.col("error").isNull()
        counts = frame.agg(
            F.count(F.lit(1)).alias("documents"),
            F.count(F.when(~ok, 1)).alias("failed"),
            *(F.sum(F.when(ok, F.size(name)).otherwise(0)).alias(name) for name in SPAN_TABLES),
        ).first()
        summary.documents, summary.failed = counts["documents"], counts["failed"]
        summary.analysed = summary.documents - summary.failed
        summary.rows = {"documents": summary.analysed, **{name: int(counts[name] or 0) for name in SPAN_TABLES},
                        "errors": summary.failed}
        on_phase("writing")
        # Fewer, larger files than analysis partitions: one per core and table.
        files = spark.sparkContext.defaultParallelism
        for name, table in output_tables(frame).items():
            write_table(table.coalesce(files), f"{out.rstrip('/')}/{name}", overwrite=overwrite)
    finally:
        frame.unpersist()
    summary.seconds = time.perf_counter() - started
    return summary


def output_tables(frame: Any) -> dict[str, Any]:
    """The tables of one analysed frame: documents, one per span kind, and errors."""
    from pyspark.sql import functions as F

    ok = frame.filter(F.col("error").isNull())
    tables = {"documents": ok.select(*(name for name, _ in DOCUMENT))}
    for name, spec in SPAN_TABLES.items():
        spans = ok.select("doc_id", F.posexplode(name).alias("n", "span"))
        tables[name] = spans.select("doc_id", "n", *(F.col(f"span.{column}").alias(column) for column, _ in spec))
    reasons = frame.filter(F.col("error").isNotNull()).withColumnRenamed("error", "reason")
    tables["errors"] = reasons.select(*(name for name, _ in ERRORS))
    return tables


def write_table(table: Any, path: str, *, overwrite: bool) -> None:
    try:
        table.write.mode("overwrite" if overwrite else "errorifexists").parquet(path)
    except Exception as exc:
        if "PATH_ALREADY_EXISTS" in str(exc) or "already exists" in str(exc):
            raise InputError("already exists; choose another --out folder or pass --overwrite", source=path) from None
        raise
