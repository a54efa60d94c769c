"""The `lagebild` command line: thin commands over the core functions.

Each command parses its options, calls one function of the package and prints the
result (a rich table for people, JSON with --json for programs). Errors become one
line on stderr and the contract's exit status: 2 for bad input, 1 for the rest.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from lagebild import __version__
from lagebild.errors import LagebildError

app = typer.Typer(
    name="lagebild",
    help="Check news reports against each other and a knowledge base of office holders, offline.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store.", show_default=True)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]


def fail(exc: LagebildError) -> None:
    err.print(f"[bold red]lagebild: error:[/] {exc}", highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def reports_errors(command):
    """Turn lagebild's errors into one line on stderr and the right exit status."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except LagebildError as exc:
            fail(exc)
        except (typer.Exit, typer.Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("LAGEBILD_DEBUG"):
                raise
            err.print(
                f"[bold red]lagebild: internal error:[/] {exc.__class__.__name__}: {exc}"
                " (set LAGEBILD_DEBUG=1 for the traceback and report it)",
                highlight=False,
                soft_wrap=True,
            )
            raise typer.Exit(1) from None

    return wrapper


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def _version(value: bool) -> None:
    if value:
        out.print(f"lagebild {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """lagebild: ingest, analyse and verify news reports; share what was verified."""


def _progress(total_hint: str):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn(f"[bold]{total_hint}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


@app.command()
@reports_errors
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or http(s) URLs.")],
    db: DbOption = Path("lagebild.db"),
    analyze: Annotated[bool, typer.Option(help="Analyse each document and store the result.")] = True,
    allow_other_languages: Annotated[
        bool, typer.Option("--allow-other-languages", help="Store documents in languages other than de/en.")
    ] = False,
    encoding: Annotated[Optional[str], typer.Option(help="Decode text files with this encoding, not UTF-8.")] = None,
    max_bytes: Annotated[int, typer.Option(help="Refuse input files larger than this.")] = 20 * 1024 * 1024,
    json_output: JsonOption = False,
) -> None:
    """Read articles into the store, linking near-duplicate copies to their original.

    Every input is read and checked before anything is stored; each file is stored in
    one transaction.

    Example:

        lagebild ingest reports/ feed.xml https://example.org/article.html --db cases.db
    """
    from lagebild.ingest import ingest as ingest_documents
    from lagebild.store import Store

    with Store(db) as store, _progress("ingesting") as progress:
        task = progress.add_task("ingest", total=None)
        report = ingest_documents(
            store,
            inputs,
            analyze=analyze,
            allow_other_languages=allow_other_languages,
            encoding=encoding,
            max_bytes=max_bytes,
            on_loaded=lambda n: progress.update(task, total=n),
            on_document=lambda _: progress.advance(task),
        )
    if json_output:
        print_json(report.to_json())
        return
    for warning in report.warnings:
        err.print(f"[yellow]warning:[/] {warning}", highlight=False)
    out.print(
        f"{report.files} file(s): {report.count('added')} added, {report.count('updated')} updated,"
        f" {report.count('unchanged')} unchanged, {report.near_duplicates} near-duplicate(s) linked → {db}"
    )
    for item in report.documents:
        if item.duplicate_of:
            out.print(f"  {item.id} ≈ {item.duplicate_of} (similarity {item.similarity:.2f})", highlight=False)


@app.command()
@reports_errors
def analyze(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders or http(s) URLs.")],
    json_output: JsonOption = False,
    encoding: Annotated[Optional[str], typer.Option(help="Decode text files with this encoding, not UTF-8.")] = None,
) -> None:
    """Analyse articles: sentences, entities, quantities, dates, quotations and claims.

    With --json, prints one JSON object per document (JSON Lines), in input order.

    Example:

        lagebild analyze article.txt --json
    """
    from lagebild.ingest import load_inputs
    from lagebild.nlp import analyze_document

    loaded = load_inputs(inputs, encoding=encoding)
    documents = [d for _, docs in loaded for d in docs]
    with _progress("analysing") as progress:
        task = progress.add_task("analyze", total=len(documents))
        for document in documents:
            doc = analyze_document(document)
            if json_output:
                print_json(doc.to_json())
            else:
                _print_analysis(document, doc)
            progress.advance(task)


def _print_analysis(document, doc) -> None:
    from rich.table import Table

    table = Table(title=f"{document.id} ({doc.language}, {doc.published or 'no date'})", show_lines=False)
    table.add_column("kind")
    table.add_column("text")
    table.add_column("detail")
    for e in doc.entities:
        table.add_row("entity", e.text, e.label + (f" {e.kb_id}" if e.kb_id else ""))
    for q in doc.quantities:
        table.add_row("quantity", q.text, f"{q.value:g} {q.unit or ''}")
    for d in doc.dates:
        table.add_row("date", d.text, str(d.value))
    for q in doc.quotes:
        table.add_row("quote", q.text[:80], q.speaker or "?")
    out.print(table)
    out.print(f"{len(doc.sentences)} sentences, {len(doc.claims)} claims")
    for warning in doc.warnings:
        err.print(f"[yellow]warning:[/] {warning}")


@app.command()
@reports_errors
def search(
    query: Annotated[str, typer.Argument(help="Words that must all occur (or FTS5 syntax with --raw).")],
    db: DbOption = Path("lagebild.db"),
    limit: Annotated[int, typer.Option(help="At most this many hits.")] = 20,
    raw: Annotated[bool, typer.Option(help="Pass the query to SQLite FTS5 as written.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Full-text search over the stored documents, best match first.

    Example:

        lagebild search "Rutte Nordkorea" --db cases.db
    """
    from rich.table import Table

    from lagebild.store import Store

    _require_store(db)
    with Store(db) as store:
        hits = store.search(query, limit=limit, raw=raw)
    if json_output:
        print_json([hit.__dict__ for hit in hits])
        return
    table = Table(title=f"{len(hits)} hit(s) for {query!r}")
    for column in ("id", "published", "lang", "snippet"):
        table.add_column(column)
    for hit in hits:
        table.add_row(hit.id + (f" (copy of {hit.duplicate_of})" if hit.duplicate_of else ""),
                      hit.published or "", hit.language or "", hit.snippet)
    out.print(table)


def _require_store(db: Path) -> None:
    from lagebild.errors import InputError

    if not db.exists():
        raise InputError(f"no store at {db}; create one with 'lagebild ingest FILES --db {db}'")


@app.command()
@reports_errors
def demo(
    db: DbOption = Path("lagebild-demo.db"),
) -> None:
    """Ingest, analyse and search the bundled demo corpus (no network needed).

    Example:

        lagebild demo --db /tmp/demo.db
    """
    from lagebild.demo import run_demo

    run_demo(db, console=out)


if __name__ == "__main__":
    app()
