"""The `lagebild` command line: thin commands over the core functions.

Each command parses its options, calls one function of the package and prints the
result (a rich table for people, JSON with --json for programs). Errors become one
line on stderr and the contract's exit status: 2 for bad input, 1 for the rest.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from lagebild import __version__
from lagebild.console import err, fail, out, print_json, reports_errors, tlp_level

app = typer.Typer(
    name="lagebild",
    help="Check news reports against each other and a knowledge base of office holders, offline.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)

DbOption = Annotated[Path, typer.Option("--db", help="The SQLite store.", show_default=True)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout instead of a table.")]
TlpOption = Annotated[
    Optional[str],
    typer.Option("--tlp", help="TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED (default: the store's)."),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"lagebild {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
    ner_de: Annotated[
        Optional[str],
        typer.Option(
            "--ner-de",
            help="German entity model: 'accurate' (default; e5 encoder, ~2 German articles/s a core) or "
            "'fast' (spaCy CNN, ~10x faster, lower recall). Same as LAGEBILD_NER_DE.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """lagebild: ingest, analyse and verify news reports; share what was verified."""
    if ner_de is not None:
        from lagebild.errors import InputError
        from lagebild.nlp.ner_de import MODE_VARIABLE, MODES

        choice = ner_de.strip().lower()
        if choice not in MODES:
            fail(InputError(f"--ner-de {ner_de!r} is not a German entity model; use one of: {', '.join(MODES)}"))
        # An environment variable, so that worker processes (batch, web) follow it too.
        os.environ[MODE_VARIABLE] = choice


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
    tlp: TlpOption = None,
) -> None:
    """Read articles into the store, linking near-duplicate copies to their original.

    Every input is read and checked before anything is stored; each file is stored in
    one transaction.

    Example:

        lagebild ingest reports/ feed.xml https://example.org/article.html --db cases.db
    """
    from lagebild.ingest import ingest as ingest_documents
    from lagebild.store import Store

    level = tlp_level(tlp)
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
            tlp=level,
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

    with _existing_store(db) as store:
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


def _existing_store(db: Path):
    """The store at `db`, which must exist: commands that only read or amend a store
    never create an empty one by accident."""
    from lagebild.store import Store

    _require_store(db)
    return Store(db)


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


TargetArgument = Annotated[str, typer.Argument(help="The article to verify: a file or an http(s) URL.")]
CorpusOption = Annotated[
    Optional[list[str]], typer.Option("--corpus", help="Reports to verify against (files, folders, URLs).")
]
CheckDateOption = Annotated[Optional[str], typer.Option("--date", help="Check against this date, not the article's.")]
CheckDbOption = Annotated[
    Optional[Path], typer.Option("--db", help="Also use the documents and knowledge base of this store.")
]


def _check_inputs(target: str, corpus: Optional[list[str]], date_: Optional[str], command: str):
    """The article, the corpus documents and the date override that check and report take."""
    from lagebild.errors import InputError
    from lagebild.ingest import load_inputs, read_input
    from lagebild.ingest.text import parse_date

    day = parse_date(date_, source="--date", field="date") if date_ else None
    documents = read_input(target)
    if len(documents) != 1:
        raise InputError(f"holds {len(documents)} documents; {command} takes one article", source=target)
    corpus_documents = [d for _, docs in load_inputs(corpus or []) for d in docs]
    return documents[0], corpus_documents, day


@app.command()
@reports_errors
def check(
    target: TargetArgument,
    corpus: CorpusOption = None,
    date_: CheckDateOption = None,
    db: CheckDbOption = None,
    save: Annotated[bool, typer.Option(help="Store the result (needs --db); builds the publisher's record.")] = False,
    json_output: JsonOption = False,
    tlp: TlpOption = None,
) -> None:
    """Verify an article against the knowledge base and other reports of the same event.

    Example:

        lagebild check article.txt --corpus reports/ --json
    """
    from lagebild.errors import InputError
    from lagebild.verify.run import run_check

    if save and db is None:
        raise InputError("--save needs --db PATH: the store to save the result in")
    level = tlp_level(tlp)
    if level is not None and not save:
        raise InputError("--tlp marks the saved result; add --save --db PATH")
    document, corpus_documents, day = _check_inputs(target, corpus, date_, "check")
    result = run_check(document, corpus_documents, on=day, db=db, save=save and level is None)
    if level is not None:
        from lagebild.share.marking import save_marked_check

        save_marked_check(db, result.to_json(), document.publisher, level)
    if json_output:
        print_json(result.to_json())
        return
    _print_check(result)


def _print_check(result) -> None:
    from rich.table import Table

    out.print(f"[bold]{result.id}[/] ({result.published or 'no date'}), source reliability "
              f"{result.source_reliability}")
    for note in result.notes:
        out.print(f"[dim]note: {note}[/]")
    table = Table(title=f"{len(result.findings)} finding(s)", show_lines=True)
    for column in ("kind", "severity", "text", "explanation"):
        table.add_column(column)
    for f in sorted(result.findings, key=lambda f: f.start):
        table.add_row(f.kind, f.severity, f.text[:80], f.explanation)
    out.print(table)
    graded = Table(title="claims")
    for column in ("credibility", "status", "claim"):
        graded.add_column(column)
    for c in result.claims:
        graded.add_row(str(c.credibility), c.status, c.text[:100])
    out.print(graded)


@app.command()
@reports_errors
def report(
    target: TargetArgument,
    corpus: CorpusOption = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html or json.")] = "md",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    date_: CheckDateOption = None,
    db: CheckDbOption = None,
) -> None:
    """A readable report of a check: the article with its findings highlighted, the
    evidence, and the graded claims.

    Example:

        lagebild report article.txt --corpus reports/ --format html -o report.html
    """
    from lagebild.errors import InputError
    from lagebild.verify.report import render
    from lagebild.verify.run import run_check

    if fmt not in ("md", "html", "json"):
        raise InputError(f"unknown format {fmt!r}; use md, html or json")
    document, corpus_documents, day = _check_inputs(target, corpus, date_, "report")
    text = render(run_check(document, corpus_documents, on=day, db=db), fmt)
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"report written to {output}")


@app.command()
@reports_errors
def serve(
    db: DbOption = Path("lagebild.db"),
    host: Annotated[str, typer.Option(help="Address to listen on; any but a loopback address needs a token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    token: Annotated[
        Optional[str],
        typer.Option("--token", envvar="LAGEBILD_TOKEN", show_envvar=True,
                     help="Access token every request must carry (Bearer header or /login?token=...)."),
    ] = None,
) -> None:
    """The web workbench and REST API over a store: inbox, add and check, article view,
    knowledge base; the API under /api/ (OpenAPI schema at /api/openapi.json).

    Listens on 127.0.0.1 unless --host says otherwise; another address needs --token
    (or LAGEBILD_TOKEN), and then every request must carry the token. Creates the store
    if it does not exist.

    Example:

        lagebild serve --db cases.db --port 8000
    """
    from lagebild.web.server import serve as run_server

    def ready() -> None:
        where = f"http://{host}:{port}/"
        err.print(f"lagebild: serving {db} at {where} (Ctrl+C stops)", highlight=False, soft_wrap=True)
        if token:
            err.print(f"lagebild: open {where}login?token=TOKEN once in the browser, or send "
                      "'Authorization: Bearer TOKEN'", highlight=False, soft_wrap=True)

    run_server(db, host=host, port=port, token=token, on_ready=ready)


kb_app = typer.Typer(help="The knowledge base of office holders: who held which office when.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")


def _knowledge_base(db: Optional[Path]):
    """The store's knowledge base when a store is named or present here, else the
    starter pack alone (in memory, nothing written)."""
    from lagebild.kb import KnowledgeBase
    from lagebild.store import DEFAULT_DB, Store

    if db is None and Path(DEFAULT_DB).exists():
        db = Path(DEFAULT_DB)
    return KnowledgeBase(Store(db)) if db is not None else KnowledgeBase.in_memory()


KbDbOption = Annotated[
    Optional[Path], typer.Option("--db", help="Store with imported entries (default: lagebild.db if present).")
]


@kb_app.command("who")
@reports_errors
def kb_who(
    role: Annotated[str, typer.Argument(help="head_of_state, head_of_government, foreign_minister, "
                                             "defence_minister, secretary_general, commission_president, "
                                             "council_president or high_representative.")],
    date_: Annotated[str, typer.Option("--date", help="The day, YYYY-MM-DD.")],
    country: Annotated[Optional[str], typer.Option(help="ISO 3166-1 alpha-2 code, e.g. US, DE, KR.")] = None,
    org: Annotated[Optional[str], typer.Option(help="NATO, UN or EU.")] = None,
    db: KbDbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Who held an office on a date.

    Example:

        lagebild kb who secretary_general --org NATO --date 2024-10-28 --json
    """
    from lagebild.ingest.text import parse_date

    day = parse_date(date_, source="--date", field="date")
    kb = _knowledge_base(db)
    country = country.upper() if country else None
    org = org.upper() if org else None
    kb.validate_office(role, country, org)
    holders = kb.who(role, on=day, country=country, org=org)
    if json_output:
        print_json([h.to_json() for h in holders])
        return
    if not holders:
        out.print(f"No holder of {role} ({country or org}) is known for {day}.")
    for h in holders:
        until = h.end.isoformat() if h.end else "today"
        out.print(f"{h.name} ({h.office_label}{', acting' if h.acting else ''}), {h.start} – {until}  [kb:{h.person_id}]")
        if h.source:
            out.print(f"  source: {h.source}", highlight=False)


@kb_app.command("person")
@reports_errors
def kb_person(
    name: Annotated[str, typer.Argument(help="A name, alias or surname, in any spelling the knowledge base knows.")],
    db: KbDbOption = None,
    json_output: JsonOption = False,
) -> None:
    """All known offices of a person.

    Example:

        lagebild kb person Selenskyj
    """
    kb = _knowledge_base(db)
    persons = kb.find_persons(name)
    result = [
        {"kb_id": p.id, "name": p.name, "wikidata": p.wikidata, "aliases": p.aliases,
         "terms": [t.to_json() for t in kb.terms_of(p.id)]}
        for p in persons
    ]
    if json_output:
        print_json(result)
        return
    if not result:
        out.print(f"No person called {name!r} is in the knowledge base.")
    for p, person in zip(result, persons):
        out.print(f"[bold]{person.name}[/] [kb:{person.id}]" + (f" wikidata {person.wikidata}" if person.wikidata else ""))
        for t in kb.terms_of(person.id):
            until = t.end.isoformat() if t.end else "today"
            out.print(f"  {t.office_label}: {t.start} – {until}{' (acting)' if t.acting else ''}")


@kb_app.command("stats")
@reports_errors
def kb_stats(db: KbDbOption = None, json_output: JsonOption = False) -> None:
    """How much the knowledge base holds.

    Example:

        lagebild kb stats --json
    """
    stats = _knowledge_base(db).stats()
    if json_output:
        print_json(stats)
        return
    out.print(f"{stats['persons']} persons, {stats['offices']} offices, {stats['terms']} terms "
              f"({', '.join(f'{k}: {v}' for k, v in stats['terms_by_origin'].items())})")
    out.print(f"countries: {' '.join(stats['countries'])}; organisations: {' '.join(stats['organisations'])}")
    out.print(f"latest change recorded: {stats['latest_change']}")


@kb_app.command("import")
@reports_errors
def kb_import(
    file: Annotated[Path, typer.Argument(help="Wikidata SPARQL JSON results, Wikidata JSON dump lines, "
                                              "or a YAML file in the starter-pack format.")],
    db: DbOption = Path("lagebild.db"),
    json_output: JsonOption = False,
) -> None:
    """Add office holders from a file to the store's knowledge base (all or nothing).

    Example:

        lagebild kb import ministers.sparql.json --db cases.db
    """
    from lagebild.kb import KnowledgeBase
    from lagebild.kb.importers import import_file
    from lagebild.store import Store

    with Store(db) as store:
        report = import_file(KnowledgeBase(store), file)
    if json_output:
        print_json(report.to_json())
        return
    out.print(f"{report.terms} term(s) of {report.persons} person(s) imported from {file} into {db}")


# -- sharing with partners: STIX 2.1 and TLP 2.0 (see docs/sharing.md) ---------------------
export_app = typer.Typer(help="Export what was verified for partners.", no_args_is_help=True)
app.add_typer(export_app, name="export")
import_app = typer.Typer(help="Import what partners shared.", no_args_is_help=True)
app.add_typer(import_app, name="import")


@export_app.command("stix")
@reports_errors
def export_stix(
    output: Annotated[Path, typer.Option("-o", "--output", help="The bundle file to write.")],
    db: DbOption = Path("lagebild.db"),
    tlp: Annotated[str, typer.Option("--tlp", help="Export objects marked at most this level "
                                                   "(CLEAR, GREEN, AMBER or AMBER+STRICT; never RED).")] = "AMBER",
    since: Annotated[Optional[str], typer.Option("--since", help="Only articles whose check, document "
                                                               "or marking changed on or after this day.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Write the saved checks and their articles as a STIX 2.1 bundle, TLP-marked.

    Objects above --tlp are left out; TLP:RED never leaves the store.

    Example:

        lagebild export stix --db cases.db --tlp GREEN -o lagebild-green.json
    """
    from lagebild.ingest.text import parse_date
    from lagebild.share.export import export_bundle

    level = tlp_level(tlp)
    day = parse_date(since, source="--since", field="date") if since else None
    summary = export_bundle(db, output, max_tlp=level, since=day)
    if json_output:
        print_json(summary)
        return
    out.print(f"{summary['objects']} STIX object(s) from {summary['reports']} checked article(s), "
              f"at most TLP:{level} → {output}", highlight=False, soft_wrap=True)


@import_app.command("stix")
@reports_errors
def import_stix(
    file: Annotated[Path, typer.Argument(help="A STIX 2.1 bundle (JSON).")],
    db: DbOption = Path("lagebild.db"),
    tlp: TlpOption = None,
    json_output: JsonOption = False,
) -> None:
    """Store a partner's STIX 2.1 bundle, keeping its confidence and markings.

    The bundle is validated with stix2-validator first; an invalid one is refused with
    the validator's reasons and nothing is stored. --tlp raises every object to at least
    that level; objects without a TLP marking get it (or the store's default).

    Example:

        lagebild import stix partner-bundle.json --db cases.db --tlp AMBER
    """
    from lagebild.share.importer import import_file

    report = import_file(db, file, level=tlp_level(tlp))
    if json_output:
        print_json(report.to_json())
        return
    levels = ", ".join(f"{k}: {v}" for k, v in report.levels.items()) or "none new"
    out.print(f"{report.objects} STIX object(s) read from {file}: {report.added} added, "
              f"{report.unchanged} already held ({levels}) → {db}", highlight=False, soft_wrap=True)


@app.command()
@reports_errors
def mark(
    target: Annotated[Optional[str], typer.Argument(
        help="A document id, a saved check (check:N) or an imported STIX object id.")] = None,
    tlp: Annotated[Optional[str], typer.Option("--tlp", help="CLEAR, GREEN, AMBER, AMBER+STRICT or RED.")] = None,
    default: Annotated[bool, typer.Option("--default", help="Set the store's default level for "
                                                            "what is stored without --tlp.")] = False,
    db: DbOption = Path("lagebild.db"),
    json_output: JsonOption = False,
) -> None:
    """Change the TLP level of a document, a saved check or an imported STIX object.

    What is derived from it (reports, notes) follows: it is shared at the strictest
    level of everything it comes from.

    Example:

        lagebild mark de-1 --tlp RED --db cases.db
    """
    from lagebild.errors import InputError
    from lagebild.share.marking import mark as mark_target
    from lagebild.share.marking import mark_default

    if tlp is None:
        raise InputError("--tlp LEVEL is required: CLEAR, GREEN, AMBER, AMBER+STRICT or RED")
    level = tlp_level(tlp)
    if default == (target is not None):
        raise InputError("name what to mark (ID) or pass --default for the store's default, not both")
    with _existing_store(db) as store:
        marked = mark_default(store, level) if default else mark_target(store, target, level)
    if json_output:
        print_json(marked.to_json())
        return
    out.print(f"{marked.kind} {marked.id}: TLP:{marked.previous} → TLP:{marked.level}", highlight=False, soft_wrap=True)


# -- watching feeds and pages (see docs/watch.md) -------------------------------------------
feeds_app = typer.Typer(help="The feeds and pages 'lagebild watch' polls, kept in the store.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")
EveryOption = Annotated[
    Optional[str], typer.Option("--every", help="Poll interval, e.g. 30s, 15m, 1h (default 15m).")
]


def _feed_rows(feeds) -> None:
    from rich.table import Table

    from lagebild.ingest.watch import format_interval

    table = Table(title=f"{len(feeds)} feed(s)")
    for column in ("id", "url", "every", "kind", "items", "last poll (UTC)", "status"):
        table.add_column(column, overflow="fold")

    def minute(iso) -> str:
        return iso[:16].replace("T", " ") if iso else ""

    for f in feeds:
        status = f.last_status or "never polled"
        if f.last_status == "error":
            status = f"error ×{f.failures}: {f.last_error} (next try {minute(f.next_poll)})"
        table.add_row(str(f.id), f.url, format_interval(f.every), f.kind or "", str(f.items), minute(f.last_polled),
                      status)
    out.print(table)


@feeds_app.command("add")
@reports_errors
def feeds_add(
    url: Annotated[str, typer.Argument(help="An RSS/Atom feed or a page, http(s)://.")],
    every: EveryOption = None,
    db: DbOption = Path("lagebild.db"),
    json_output: JsonOption = False,
) -> None:
    """Put a feed or page on the watch list (again: change its interval).

    Example:

        lagebild feeds add https://example.org/news.rss --every 15m --db cases.db
    """
    from lagebild.ingest.watch import DEFAULT_EVERY, add_feed, format_interval, parse_interval
    from lagebild.store import Store

    seconds = parse_interval(every) if every is not None else DEFAULT_EVERY
    with Store(db) as store:
        feed = add_feed(store, url, every=seconds)
    if json_output:
        print_json(feed.to_json())
        return
    out.print(f"feed {feed.id}: {feed.url}, every {format_interval(feed.every)} → {db}", highlight=False,
              soft_wrap=True)


@feeds_app.command("list")
@reports_errors
def feeds_list(
    db: DbOption = Path("lagebild.db"),
    all_feeds: Annotated[bool, typer.Option("--all", help="Also URLs only named to 'watch', not added.")] = False,
    json_output: JsonOption = False,
) -> None:
    """The watch list with each feed's state: interval, last poll, errors and backoff.

    Example:

        lagebild feeds list --db cases.db --json
    """
    from lagebild.ingest.watch import list_feeds

    with _existing_store(db) as store:
        feeds = list_feeds(store, all_feeds=all_feeds)
    if json_output:
        print_json([f.to_json() for f in feeds])
        return
    _feed_rows(feeds)


@feeds_app.command("remove")
@reports_errors
def feeds_remove(
    url: Annotated[str, typer.Argument(help="The feed's URL or its id from 'feeds list'.")],
    db: DbOption = Path("lagebild.db"),
    json_output: JsonOption = False,
) -> None:
    """Take a feed off the watch list; the documents it brought stay in the store.

    Example:

        lagebild feeds remove https://example.org/news.rss --db cases.db
    """
    from lagebild.ingest.watch import remove_feed

    with _existing_store(db) as store:
        feed = remove_feed(store, url)
    if json_output:
        print_json(feed.to_json())
        return
    out.print(f"feed {feed.id} removed: {feed.url}", highlight=False, soft_wrap=True)


@app.command()
@reports_errors
def watch(
    feeds: Annotated[Optional[list[str]], typer.Argument(
        help="Feed or page URLs, or ids from 'feeds list' (default: every listed feed).")] = None,
    every: Annotated[Optional[str], typer.Option(
        "--every", help="Poll interval for all feeds, e.g. 30s, 15m, 1h (default: each feed's own, 15m).")] = None,
    db: DbOption = Path("lagebild.db"),
    check_items: Annotated[bool, typer.Option("--check", help="Verify each new item against the store "
                                                             "and save the result.")] = False,
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once and exit (for cron).")] = False,
    analyze: Annotated[bool, typer.Option(help="Analyse each new item and store the result.")] = True,
    allow_other_languages: Annotated[
        bool, typer.Option("--allow-other-languages", help="Store items in languages other than de/en.")
    ] = False,
    timeout: Annotated[float, typer.Option(min=0.01, help="Seconds one request may take.")] = 15.0,
    concurrency: Annotated[int, typer.Option(min=1, max=64, help="Requests in flight at once.")] = 4,
    host_delay: Annotated[float, typer.Option(min=0.0, help="Seconds between two requests to one host.")] = 1.0,
    max_bytes: Annotated[int, typer.Option(help="Refuse responses larger than this.")] = 20 * 1024 * 1024,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON on stdout.")] = False,
) -> None:
    """Poll RSS/Atom feeds and pages; ingest, analyse and (with --check) verify new items.

    Conditional requests (ETag, Last-Modified); a failing feed is reported and backed
    off, never stopping the others. Ctrl-C or SIGTERM finishes the current transaction
    and exits with a summary; a restart ingests only what is new.

    Example:

        lagebild watch https://example.org/news.rss --every 15m --db cases.db --check
    """
    from lagebild.ingest.watch import Watcher, format_interval, parse_interval

    def show(result) -> None:
        if result.status == "error":
            err.print(f"[red]✗[/] {result.url}: {result.error}; next try in {format_interval(result.retry_in)}",
                      highlight=False, soft_wrap=True)
        elif result.status == "backing_off":
            err.print(f"[yellow]…[/] {result.url}: backing off after errors ({result.error}); next try in "
                      f"{format_interval(result.retry_in)}", highlight=False, soft_wrap=True)
        elif result.status == "not_modified":
            err.print(f"[dim]· {result.url}: not modified[/]", highlight=False, soft_wrap=True)
        else:
            parts = [f"{result.added} new", f"{result.updated} updated"]
            if result.near_duplicates:
                parts.append(f"{result.near_duplicates} near-duplicate(s) linked")
            if result.checked:
                parts.append(f"{result.checked} checked")
            if result.skipped:
                parts.append(f"{result.skipped} skipped")
            err.print(f"[green]✓[/] {result.url}: {', '.join(parts)}", highlight=False, soft_wrap=True)
        for warning in result.warnings:
            err.print(f"  [yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)

    def cycle_done(number: int, wait) -> None:
        err.print(f"[dim]cycle {number} done; next poll in {format_interval(max(wait, 0.001))} "
                  "(Ctrl-C stops)[/]", highlight=False)

    watcher = Watcher(
        db, feeds or [], every=parse_interval(every) if every is not None else None, analyze=analyze,
        check=check_items, allow_other_languages=allow_other_languages, timeout=timeout, concurrency=concurrency,
        host_delay=host_delay, max_bytes=max_bytes, on_result=show, on_cycle=cycle_done,
    )
    err.print(f"lagebild: watching {len(watcher.feed_ids)} feed(s) into {db}"
              + ("" if once else " (Ctrl-C stops)"), highlight=False, soft_wrap=True)
    summary = watcher.run_sync(once=once)
    if json_output:
        print_json(summary.to_json())
    stopped = f", stopped by {summary.stopped_by}" if summary.stopped_by else ""
    err.print(
        f"lagebild: {summary.cycles} cycle(s), {summary.polls} poll(s): {summary.added} new, {summary.updated} updated,"
        f" {summary.near_duplicates} near-duplicate(s), {summary.not_modified} not modified, {summary.errors} error(s)"
        + (f", {summary.checked} checked" if check_items else "") + f"{stopped} → {db}",
        highlight=False, soft_wrap=True,
    )


# -- TAXII 2.1 partners, audit and sync (see docs/sharing.md) --------------------------------
partner_app = typer.Typer(help="Partners who read (and may write) over TAXII 2.1, and their keys.",
                          no_args_is_help=True)
app.add_typer(partner_app, name="partner")
sync_app = typer.Typer(help="Pull from and push to TAXII 2.1 servers.", no_args_is_help=True)
app.add_typer(sync_app, name="sync")


@partner_app.command("add")
@reports_errors
def partner_add(
    name: Annotated[str, typer.Argument(help="The partner's name, its HTTP Basic user name.")],
    max_tlp: Annotated[str, typer.Option("--max-tlp", help="The most restricted level it may read: "
                                                           "CLEAR, GREEN, AMBER or AMBER+STRICT (with --own-org).")],
    write: Annotated[bool, typer.Option("--write", help="It may send objects to the inbox collection.")] = False,
    own_org: Annotated[bool, typer.Option("--own-org", help="It is our own organisation "
                                                            "(the only reader of AMBER+STRICT).")] = False,
    db: DbOption = Path("lagebild.db"),
    json_output: JsonOption = False,
) -> None:
    """Add a TAXII partner and print its new API key, once: only a salted hash is stored.

    The partner connects to /taxii2/ of 'lagebild serve' with HTTP Basic (NAME, KEY).
    TLP:RED never leaves the store, whatever --max-tlp says.

    Example:

        lagebild partner add cert-bund --max-tlp AMBER --write --db cases.db
    """
    from lagebild.share.partners import add_partner
    from lagebild.store import Store

    level = tlp_level(max_tlp, "--max-tlp")
    with Store(db) as store:
        partner, key = add_partner(store, name, level, write=write, own_org=own_org)
    if json_output:
        print_json({"name": partner.name, "key": key})
        return
    out.print(f"partner {partner.name}: up to TLP:{partner.max_tlp}"
              f"{', may write' if partner.can_write else ''}{', own organisation' if partner.own_org else ''}",
              highlight=False, soft_wrap=True)
    out.print(f"key (shown only now): {key}", highlight=False, soft_wrap=True)


@partner_app.command("list")
@reports_errors
def partner_list(db: DbOption = Path("lagebild.db"), json_output: JsonOption = False) -> None:
    """List the partners, their levels and whether their key is revoked.

    Example:

        lagebild partner list --db cases.db
    """
    from rich.table import Table

    from lagebild.share.partners import list_partners

    with _existing_store(db) as store:
        partners = list_partners(store)
    if json_output:
        print_json([p.to_json() for p in partners])
        return
    table = Table("name", "max TLP", "write", "own org", "added", "revoked")
    for p in partners:
        table.add_row(p.name, p.max_tlp, "yes" if p.can_write else "", "yes" if p.own_org else "",
                      p.created[:19], (p.revoked or "")[:19])
    out.print(table)


@partner_app.command("revoke")
@reports_errors
def partner_revoke(
    name: Annotated[str, typer.Argument(help="The partner whose key stops working.")],
    db: DbOption = Path("lagebild.db"),
    json_output: JsonOption = False,
) -> None:
    """Revoke a partner's key: its next request is refused. 'partner add' gives it a new one.

    Example:

        lagebild partner revoke cert-bund --db cases.db
    """
    from lagebild.share.partners import revoke_partner

    with _existing_store(db) as store:
        partner = revoke_partner(store, name)
    if json_output:
        print_json(partner.to_json())
        return
    out.print(f"partner {partner.name}: key revoked ({partner.revoked})", highlight=False, soft_wrap=True)


@app.command()
@reports_errors
def audit(
    db: DbOption = Path("lagebild.db"),
    partner: Annotated[Optional[str], typer.Option("--partner", help="Only this partner's requests.")] = None,
    limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the last N entries.")] = None,
    json_output: JsonOption = False,
) -> None:
    """The audit log of the TAXII server: every read and write of every partner, refused
    ones included, with the ids of the objects that went out or came in.

    Example:

        lagebild audit --db cases.db --partner cert-bund --limit 20
    """
    from rich.table import Table

    from lagebild.share.partners import audit_entries

    with _existing_store(db) as store:
        entries = audit_entries(store, partner=partner, limit=limit)
    if json_output:
        print_json(entries)
        return
    table = Table("at", "partner", "action", "collection", "status", "objects", "note")
    for e in entries:
        table.add_row(e["at"][:23], e["partner"] or "", f"{e['method']} {e['action']}", e["collection"] or "",
                      str(e["status"]), str(e["objects"]), e["note"] or "")
    out.print(table)


SyncCollection = Annotated[str, typer.Option("--collection", help="The collection's id (or alias on lagebild).")]
SyncUser = Annotated[Optional[str], typer.Option("--user", help="HTTP Basic user name (a partner name).")]
SyncPassword = Annotated[Optional[str], typer.Option("--password", envvar="LAGEBILD_TAXII_PASSWORD",
                                                     show_envvar=True, help="HTTP Basic password (the key).")]


@sync_app.command("pull")
@reports_errors
def sync_pull(
    url: Annotated[str, typer.Argument(help="The TAXII 2.1 API root (or discovery) URL.")],
    collection: SyncCollection,
    user: SyncUser = None,
    password: SyncPassword = None,
    db: DbOption = Path("lagebild.db"),
    tlp: TlpOption = None,
    page_size: Annotated[int, typer.Option("--page-size", min=1, help="Objects asked for per page.")] = 1000,
    restart: Annotated[bool, typer.Option("--restart", help="Ignore the resume point: pull everything.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Pull a collection's objects into the store, all pages, validated page by page.

    Resumable: the store remembers the last date added per URL and collection, and the
    next pull asks only for what was added after it. --tlp works as for 'import stix'.

    Example:

        lagebild sync pull https://taxii.example.org/api1/ --collection 91a7b528-80eb-42ed-a74d-c6fbd5a26116 --user me --password KEY --db cases.db
    """
    from lagebild.share.sync import pull

    summary = pull(db, url, collection, user=user, password=password, level=tlp_level(tlp),
                   page_size=page_size, restart=restart)
    if json_output:
        print_json(summary)
        return
    out.print(f"{summary['objects']} object(s) in {summary['pages']} page(s) from {url}: {summary['added']} added, "
              f"{summary['unchanged']} already held; next pull resumes after {summary['resume_from'] or 'the start'}",
              highlight=False, soft_wrap=True)


@sync_app.command("push")
@reports_errors
def sync_push(
    url: Annotated[str, typer.Argument(help="The TAXII 2.1 API root (or discovery) URL.")],
    collection: SyncCollection,
    user: SyncUser = None,
    password: SyncPassword = None,
    db: DbOption = Path("lagebild.db"),
    tlp: Annotated[str, typer.Option("--tlp", help="Push objects marked at most this level "
                                                   "(CLEAR, GREEN, AMBER or AMBER+STRICT; never RED).")] = "AMBER",
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1024, help="Largest envelope to send.")] = 1024 * 1024,
    json_output: JsonOption = False,
) -> None:
    """Push our shareable objects (as 'export stix' selects them) to a TAXII collection,
    in envelopes of bounded size (also at most the server's max_content_length).

    Example:

        lagebild sync push https://taxii.example.org/api1/ --collection inbox --user me --password KEY --tlp GREEN --db cases.db
    """
    from lagebild.share.sync import push

    summary = push(db, url, collection, user=user, password=password, max_tlp=tlp_level(tlp), max_bytes=max_bytes)
    if json_output:
        print_json(summary)
        return
    out.print(f"{summary['objects']} object(s) at most TLP:{summary['tlp']} in {summary['envelopes']} envelope(s) "
              f"to {url}: {summary['succeeded']} accepted, {summary['failed']} refused, {summary['pending']} pending",
              highlight=False, soft_wrap=True)


# -- batch analysis on Apache Spark (see docs/scale.md) --------------------------------------
from lagebild.batch.cli import batch_app  # noqa: E402  (light: pyspark loads only when a command runs)

app.add_typer(batch_app, name="batch")


if __name__ == "__main__":
    app()
