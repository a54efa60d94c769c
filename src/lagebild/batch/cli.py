"""`lagebild batch ...`: the batch commands on Apache Spark (the `spark` extra).

The main CLI (lagebild.cli) registers `batch_app`; both take their shared helpers from
`lagebild.console`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from lagebild.console import err, out, print_json, reports_errors, tlp_level

batch_app = typer.Typer(
    help="Analyse, deduplicate and load large collections on Apache Spark (needs 'lagebild\\[spark]').",
    no_args_is_help=True,
)

InputsArgument = Annotated[list[str], typer.Argument(
    help="JSON Lines (.jsonl, .ndjson) or Parquet files, folders of them, or hdfs://, s3a://... paths.")]
OutOption = Annotated[str, typer.Option("--out", help="The folder to write the Parquet tables in.")]
MasterOption = Annotated[Optional[str], typer.Option(
    "--master", help="Spark master URL, e.g. local\\[2], yarn, k8s://https://host:443 (default: local\\[*], "
                     "or spark-submit's --master).")]
PartitionsOption = Annotated[Optional[int], typer.Option(
    "--partitions", min=1, help="Spread the documents over this many partitions (default: 16 per core).")]
OverwriteOption = Annotated[bool, typer.Option("--overwrite", help="Replace tables already in --out.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")]


def _refuse_existing_out(out: str, overwrite: bool) -> None:
    from lagebild.batch.inputs import is_uri
    from lagebild.errors import InputError

    path = Path(out)
    if is_uri(out) or overwrite or not path.exists():
        return
    if not path.is_dir():
        raise InputError("is a file; --out names a folder", source=out)
    if any(path.iterdir()):
        raise InputError("already holds files; choose another --out folder or pass --overwrite", source=out)


def _phase_progress(title: str, unit: str = "tasks"):
    """A progress bar on stderr, fed from Spark's task counts (only on a terminal)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn(f"[bold]{title}[/] {{task.description}}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn(unit), TimeElapsedColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


def _track(spark: Any, progress: Any, task: Any):
    from lagebild.batch.spark import StageProgress

    return StageProgress(spark, lambda done, total: progress.update(task, completed=done, total=total))


def _run_job(title: str, first_phase: str, inputs: list[str], out: str, overwrite: bool, master: Optional[str],
             job: Callable[[Any, list[str], Callable[[str], None]], Any]) -> Any:
    """What `batch analyze` and `batch dedupe` share: local inputs and --out checked before
    Spark starts, then the session, the progress bar fed from Spark's tasks, and the job
    (called with the session, all input paths and a callback that names the next phase)."""
    from lagebild.batch.inputs import local_inputs, remote_inputs
    from lagebild.batch.spark import require_spark, spark_session

    files = local_inputs(inputs)
    _refuse_existing_out(out, overwrite)
    require_spark()
    with spark_session(master, app_name=f"lagebild {title}") as spark, _phase_progress(title) as bar:
        files += remote_inputs(spark, inputs)
        task = bar.add_task(first_phase, total=None)
        with _track(spark, bar, task):
            return job(spark, files, lambda phase: bar.update(task, description=phase, completed=0))


@batch_app.command("analyze")
@reports_errors
def batch_analyze(
    inputs: InputsArgument,
    out: OutOption,
    master: MasterOption = None,
    partitions: PartitionsOption = None,
    overwrite: OverwriteOption = False,
    json_output: JsonOption = False,
) -> None:
    """Analyse many documents on Spark, as 'lagebild analyze --json' does, into Parquet tables.

    One document per row of documents/, one span per row of sentences/, entities/,
    quotes/, quantities/, dates/ and claims/, each row with its doc_id.

    Input records have the fields of a JSON Lines document (id, text, title, publisher,
    url, published, language; only text is required). A record that cannot be read or
    analysed goes to errors/ with its reason; the others are analysed all the same.

    Example:

        lagebild batch analyze articles.jsonl --out results/ --master 'local[2]'
    """
    from lagebild.batch.analyze import run_analyze

    summary = _run_job("batch analyze", "starting", inputs, out, overwrite, master, lambda spark, files, on_phase: run_analyze(
        spark, files, out, partitions=partitions, overwrite=overwrite, on_phase=on_phase))
    if json_output:
        print_json(summary.to_json())
    failed = f", {summary.failed} failed (reasons in {out.rstrip('/')}/errors)" if summary.failed else ", 0 failed"
    err.print(f"lagebild: {summary.documents} document(s) from {summary.files} file(s): {summary.analysed} analysed"
              f"{failed}, in {summary.seconds:.1f} s ({summary.per_second:.1f}/s) → {out}",
              highlight=False, soft_wrap=True)


@batch_app.command("dedupe")
@reports_errors
def batch_dedupe(
    inputs: InputsArgument,
    out: OutOption,
    threshold: Annotated[Optional[float], typer.Option(
        "--threshold", help="Jaccard similarity of word 3-shingles from which a document is a copy "
                            "(default: the store's, 0.5).")] = None,
    master: MasterOption = None,
    partitions: PartitionsOption = None,
    overwrite: OverwriteOption = False,
    json_output: JsonOption = False,
) -> None:
    """Find near-duplicate clusters (syndicated and edited copies) with Spark ML's MinHashLSH.

    Writes clusters/ with one row per document: doc_id, cluster (the id of its
    original), duplicate_of, similarity and cluster_size; unreadable records go to errors/.

    Example:

        lagebild batch dedupe articles.jsonl --out dedupe/ --json
    """
    from lagebild.batch.dedupe import run_dedupe
    from lagebild.ingest.dedupe import THRESHOLD

    summary = _run_job("batch dedupe", "clustering", inputs, out, overwrite, master, lambda spark, files, _: run_dedupe(
        spark, files, out, threshold=THRESHOLD if threshold is None else threshold, partitions=partitions,
        overwrite=overwrite))
    if json_output:
        print_json(summary.to_json())
    err.print(f"lagebild: {summary.documents} document(s), {summary.failed} unreadable: {summary.copies}"
              f" near-duplicate(s) in {summary.clusters} cluster(s) at similarity >= {summary.threshold:g},"
              f" in {summary.seconds:.1f} s → {out}", highlight=False, soft_wrap=True)


@batch_app.command("load")
@reports_errors
def batch_load(
    folder: Annotated[str, typer.Argument(help="The --out folder of 'lagebild batch analyze'.")],
    db: Annotated[Path, typer.Option("--db", help="The SQLite store.", show_default=True)] = Path("lagebild.db"),
    chunk: Annotated[int, typer.Option("--chunk", min=1, help="Documents per transaction.")] = 500,
    allow_other_languages: Annotated[
        bool, typer.Option("--allow-other-languages", help="Store documents in languages other than de/en.")
    ] = False,
    tlp: Annotated[Optional[str], typer.Option(
        "--tlp", help="TLP 2.0 level for every document loaded (default: the store's).")] = None,
    master: MasterOption = None,
    json_output: JsonOption = False,
) -> None:
    """Store the documents and analyses of 'lagebild batch analyze', as ingest stores them.

    Near-duplicates are linked, documents become searchable and ready for 'check'. All
    tables are checked first: bad input is refused and the store left as it was. One
    transaction per --chunk documents.

    Example:

        lagebild batch load results/ --db cases.db
    """
    from lagebild.batch.load import failed_count, load_tables, require_tables
    from lagebild.batch.spark import require_spark, spark_session
    level = tlp_level(tlp)
    require_tables(folder)
    require_spark()
    bar_title = _phase_progress("batch load", "documents")
    with spark_session(master, app_name="lagebild batch load") as spark, bar_title as bar:
        task = bar.add_task("checking", total=None)
        report = load_tables(spark, folder, db, chunk=chunk, tlp=level, allow_other_languages=allow_other_languages,
                             on_total=lambda n: bar.update(task, description="storing", total=n),
                             on_document=lambda _: bar.advance(task))
        failed = failed_count(spark, folder)
    if json_output:
        print_json({**report.to_json(), "failed_in_batch": failed})
        return
    skipped = f"; {failed} document(s) had failed in batch analyze (see {folder.rstrip('/')}/errors)" if failed else ""
    out.print(f"{len(report.documents)} document(s): {report.count('added')} added, "
              f"{report.count('updated')} updated, {report.count('unchanged')} unchanged, "
              f"{report.near_duplicates} near-duplicate(s) linked → {db}{skipped}", highlight=False, soft_wrap=True)
