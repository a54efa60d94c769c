"""`lagebild demo`: the bundled corpus ingested, analysed and searched, offline."""

from __future__ import annotations

from collections import Counter
from importlib.resources import files
from pathlib import Path

from rich.console import Console
from rich.table import Table

from lagebild.ingest import ingest
from lagebild.store import Store


def corpus_dir() -> Path:
    """The bundled reports (a folder that can be ingested as a whole)."""
    return Path(str(files("lagebild.demo") / "corpus"))


def targets_dir() -> Path:
    """The bundled articles to check against the corpus, with the planted errors listed."""
    return Path(str(files("lagebild.demo") / "targets"))


def corpus_inputs() -> list[str]:
    """The demo reports, in name order."""
    root = corpus_dir()
    return sorted(
        str(p) for p in root.iterdir()
        if p.is_file() and p.suffix in {".txt", ".jsonl", ".html", ".xml"}
    )


def run_demo(db: Path, *, console: Console) -> Store:
    console.rule("[bold]lagebild demo")
    console.print(f"Bundled corpus: {corpus_dir()}\nStore: {db}\n")
    store = Store(db)
    report = ingest(store, corpus_inputs())
    console.print(
        f"Ingested {len(report.documents)} documents from {report.files} files "
        f"({report.count('added')} new, {report.near_duplicates} near-duplicate(s) linked)."
    )
    table = Table(title="Documents in the store")
    for column in ("id", "lang", "published", "publisher", "copy of"):
        table.add_column(column)
    for stored in store.documents():
        d = stored.document
        table.add_row(d.id, d.language or "", str(d.published or ""), d.publisher or "", stored.duplicate_of or "")
    console.print(table)

    entities: Counter[str] = Counter()
    for stored in store.documents():
        analysis = store.analysis(stored.document.id) or {}
        entities.update(e["text"] for e in analysis.get("entities", []) if e["label"] in ("PER", "LOC"))
    if entities:
        top = Table(title="Most mentioned persons and places")
        top.add_column("entity")
        top.add_column("mentions", justify="right")
        for text, count in entities.most_common(8):
            top.add_row(text, str(count))
        console.print(top)
        query = entities.most_common(1)[0][0]
        hits = store.search(query, limit=5)
        console.print(f"\n[bold]lagebild search {query!r}[/] → {len(hits)} hit(s)")
        for hit in hits:
            console.print(f"  {hit.id}: {hit.snippet}", highlight=False)
    for target in sorted(targets_dir().glob("*.txt")):
        show_check(target, store, console)
    console.print(
        f"\nNext: lagebild search WORDS --db {db}; lagebild check ARTICLE --db {db}; "
        f"lagebild report ARTICLE --db {db} --format html -o report.html"
    )
    return store


def show_check(target: Path, store: Store, console: Console) -> None:
    from lagebild.ingest import read_input
    from lagebild.kb import KnowledgeBase
    from lagebild.verify.check import check
    from lagebild.verify.run import related_documents

    [document] = read_input(str(target))
    corpus = related_documents(store, document)
    with console.status(f"checking {target.name} against {len(corpus)} stored reports"):
        result = check(document, corpus, kb=KnowledgeBase(store))
    table = Table(title=f"lagebild check {target.name}: {len(result.findings)} finding(s)", show_lines=True)
    for column in ("kind", "text", "explanation"):
        table.add_column(column)
    for finding in sorted(result.findings, key=lambda f: f.start):
        table.add_row(finding.kind, finding.text[:60], finding.explanation)
    console.print(table)
    graded = Counter(c.credibility for c in result.claims)
    console.print("claims by credibility: " + ", ".join(f"{k}: {graded[k]}" for k in sorted(graded)))
