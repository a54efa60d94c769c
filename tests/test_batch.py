"""`lagebild batch analyze | dedupe | load` on Spark in local mode (local[2], one session
for the module), on 200 documents made from the bundled demo corpus and short texts
written here.

Without pyspark or Java the Spark tests skip with the reason; LAGEBILD_REQUIRE_SPARK=1
(set by `.ci/run`) turns that skip into a failure.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

from lagebild.batch.dedupe import assign_clusters
from lagebild.batch.inputs import read_item
from lagebild.batch.tables import ITEM, SPAN_TABLES, contract_json, error_row, item_row, record_from_rows
from lagebild.document import Document
from lagebild.errors import InputError
from tests.conftest import store_fingerprint

SHORT_TEXTS = [
    ("de", "Der Stadtrat von Lindenau hat am Montag 2,4 Millionen Euro für die Sanierung der Brücke am "
           "Mühlbach bewilligt. „Wir können nicht länger warten“, sagte Bürgermeisterin Karin Vogt."),
    ("en", "The harbour authority in Port Elwin closed two of its five piers on Friday after a storm damaged "
           "the breakwater, a spokesman said. Repairs are expected to cost about $3 million."),
    ("de", "Rund 1.200 Beschäftigte des Zulieferers Hemmler & Söhne haben am Mittwoch in Kassel gestreikt. "
           "Die Gewerkschaft fordert sieben Prozent mehr Lohn."),
    ("en", "Voters in the county of Ashmere approved a new school levy on Tuesday by 54 percent to 46 percent, "
           "election officials said on Wednesday."),
]
BAD_LINES = [
    ('{"id": "bad-json", "text": "Ein Satz."', "not valid JSON"),
    ('["not", "an", "object"]', "expected a JSON object"),
    ('{"id": "no-text", "title": "Nur ein Titel"}', "'text' is missing"),
    ('{"id": "bad-date", "text": "Ein kurzer Text über nichts.", "published": "gestern"}', "not an ISO date"),
]


def _demo_documents() -> list[Document]:
    from lagebild.demo import corpus_inputs
    from lagebild.ingest import load_inputs

    return [d for _, docs in load_inputs(corpus_inputs()) for d in docs]


def generated_records(n: int = 200, seed: int = 8) -> list[dict]:
    """`n` JSON Lines records: pieces of the demo reports (one to three paragraphs,
    rotated), the short texts above, some with no language (detected) or no id."""
    rng = random.Random(seed)
    demo = _demo_documents()
    records = []
    for i in range(n):
        if i % 10 == 9:
            language, text = SHORT_TEXTS[(i // 10) % len(SHORT_TEXTS)]
            base = None
        else:
            base = demo[i % len(demo)]
            paragraphs = [p for p in base.text.split("\n\n") if p.strip()]
            start = rng.randrange(len(paragraphs))
            text = "\n\n".join(paragraphs[start:start + rng.randint(1, 3)])
            language = base.language
        record: dict = {"text": text}
        if i % 25 != 7:
            record["id"] = f"gen-{i:03d}"
        if i % 3 != 2:
            record["language"] = language
        if base is not None:
            record.update({k: v for k, v in (("title", base.title), ("publisher", base.publisher),
                                             ("url", base.url)) if v})
            if base.published and i % 4:
                record["published"] = base.published.isoformat()
        records.append(record)
    return records


def write_jsonl(path: Path, records: list[dict], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- plain Python: no Spark needed ----------------------------------------------------------

def test_read_item_applies_the_checks_of_analyze():
    document = read_item(("in.jsonl", 3, "jsonl", '{"text": "Der Bundestag hat am Donnerstag getagt."}'))
    assert document.id == "in.jsonl#3" and document.language == "de"
    assert read_item(("in.jsonl", 4, "jsonl", "   ")) is None
    with pytest.raises(InputError, match="line 5: not valid JSON"):
        read_item(("in.jsonl", 5, "jsonl", "{"))
    with pytest.raises(InputError, match="has no text"):
        read_item(("in.jsonl", 6, "jsonl", '{"id": "e", "text": "  "}'))
    row = read_item(("t.parquet", 2, "parquet", {"doc_id": "p-1", "text": "The summit ended on Tuesday.",
                                                  "published": date(2024, 7, 11)}))
    assert row.id == "p-1" and row.published.isoformat() == "2024-07-11"
    with pytest.raises(InputError, match="row 9: the required string field 'text' is missing"):
        read_item(("t.parquet", 9, "parquet", {"id": "p-2", "text": None}))


def test_table_rows_rebuild_the_analysis_exactly():
    from lagebild.nlp import analyze_document

    document = Document(id="r-1", text=SHORT_TEXTS[0][1], language="de")
    doc = analyze_document(document)
    row = item_row(document, doc, "pipeline", 1)
    values = dict(zip([name for name, _ in ITEM], row))
    spans = {name: [{"n": n, **dict(zip([c for c, _ in spec], cells))} for n, cells in enumerate(values[name])]
             for name, spec in SPAN_TABLES.items()}
    random.Random(1).shuffle(spans["entities"])  # tables carry no order: `n` restores it
    record = record_from_rows(values, spans)
    assert record == doc.to_record()
    assert contract_json(record) == doc.to_json()
    assert values["error"] is None and values["quantities"] and isinstance(values["quantities"][0][3], float)
    assert error_row("x.jsonl", 2, None, "bad")[-1] == "bad"


def test_clusters_follow_the_stores_choice_of_original():
    # Input orders 1-2-3 form a chain of similar pairs; 4 and 5 are a pair of their own.
    pairs = [(1, "a", None, 2, "b", "2024-01-02", 0.8), (2, "b", "2024-01-02", 3, "c", "2024-01-01", 0.6),
             (4, "d", "2024-02-01", 5, "e", "2024-02-01", 0.9)]
    clusters = assign_clusters(pairs)
    # a, read first, has no date: no later member can be shown to predate it, so it stays
    # the original, as the first stored document does in the store. Equal dates: the first.
    assert clusters[1] == ("a", None, None, 3)
    assert clusters[2][:2] == ("a", "a") and clusters[3][:2] == ("a", "a")
    assert clusters[5] == ("d", "d", 0.9, 2) and clusters[4] == ("d", None, None, 2)
    earlier = assign_clusters([(1, "x", "2024-03-02", 2, "y", "2024-03-01", 0.7)])
    assert earlier[1] == ("y", "y", 0.7, 2) and earlier[2] == ("y", None, None, 2)


def test_missing_pyspark_is_one_line_with_the_install_command(cli, tmp_path, monkeypatch):
    import lagebild.batch.spark as spark_module

    monkeypatch.setattr(spark_module, "pyspark_available", lambda: False)
    source = write_jsonl(tmp_path / "in.jsonl", [{"text": "Ein Satz."}])
    (tmp_path / "results" / "documents").mkdir(parents=True)
    for args in (("analyze", source, "--out", tmp_path / "out"), ("dedupe", source, "--out", tmp_path / "d"),
                 ("load", tmp_path / "results", "--db", tmp_path / "x.db")):
        result = cli("batch", *args)
        assert result.exit_code == 2, result.stderr
        assert "pip install 'lagebild[spark]'" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.db").exists()


def test_bad_paths_are_refused_before_spark_starts(cli, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", [{"text": "Ein Satz."}])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("x")
    cases = [(("analyze", tmp_path / "missing.jsonl", "--out", tmp_path / "o"), "no such file"),
             (("analyze", write_jsonl(tmp_path / "in.txt", []), "--out", tmp_path / "o"), "unknown file type"),
             (("analyze", source, "--out", tmp_path / "out"), "--overwrite"),
             (("dedupe", tmp_path / "out", "--out", tmp_path / "o"), "holds no .jsonl"),
             (("load", tmp_path / "out", "--db", tmp_path / "x.db"), "holds no documents/ table")]
    for args, message in cases:
        result = cli("batch", *args)
        assert result.exit_code == 2 and message in result.stderr, result.stderr


# -- on Spark -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def spark():
    from lagebild.batch.spark import java_available, local_defaults, pyspark_available

    reason = None if pyspark_available() else "pyspark is not installed (pip install 'lagebild[spark]')"
    reason = reason or (None if java_available() else "Java is not installed (Spark needs Java 17+)")
    if reason:
        if os.environ.get("LAGEBILD_REQUIRE_SPARK") == "1":
            pytest.fail(f"Spark tests are required here (LAGEBILD_REQUIRE_SPARK=1) but {reason}")
        pytest.skip(reason)
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.master("local[2]").appName("lagebild-tests")
    for key, value in {**local_defaults("local[2]"), "spark.sql.shuffle.partitions": "4"}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    yield session
    session.stop()


def _rows(spark, path: Path) -> list[dict]:
    return [row.asDict(recursive=True) for row in spark.read.parquet(str(path)).collect()]


@pytest.fixture(scope="module")
def analysed(spark, tmp_path_factory):
    """200 documents (160 in JSON Lines, 40 in Parquet) plus bad records, through
    `lagebild batch analyze` once; and the same 200 through `lagebild analyze --json`."""
    from typer.testing import CliRunner

    from lagebild.cli import app

    root = tmp_path_factory.mktemp("batch")
    records = generated_records(200)
    jsonl = write_jsonl(root / "docs.jsonl", records[:160], extra_lines=[line for line, _ in BAD_LINES[:2]])
    parquet_records = [{"id": f"pq-{i:02d}", **{k: v for k, v in r.items() if k != "id"}}
                       for i, r in enumerate(records[160:])]
    columns = ("id", "text", "title", "publisher", "url", "published", "language")
    frame = spark.createDataFrame([tuple(r.get(c) for c in columns) + (None,) for r in parquet_records]
                                  + [("pq-null", None, None, None, None, None, None, None)],
                                  ", ".join(f"{c} string" for c in columns) + ", extra string")
    frame.coalesce(1).write.parquet(str(root / "docs.parquet"))
    bad = write_jsonl(root / "more" / "bad.jsonl", [], extra_lines=[line for line, _ in BAD_LINES[2:]])
    # The CLI reads JSON Lines only: the Parquet documents go to it as JSON Lines.
    mirror = write_jsonl(root / "mirror.jsonl", parquet_records)

    single_jsonl = write_jsonl(root / "single.jsonl", records[:160])  # docs.jsonl without its bad lines

    runner = CliRunner()
    single = runner.invoke(app, ["analyze", str(single_jsonl), str(mirror), "--json"], catch_exceptions=False)
    assert single.exit_code == 0, single.stderr
    out = root / "out"
    batch = runner.invoke(app, ["batch", "analyze", str(jsonl), str(root / "docs.parquet"), str(bad.parent),
                                "--out", str(out), "--json"], catch_exceptions=False)
    assert batch.exit_code == 0, batch.stderr
    expected = [json.loads(line) for line in single.stdout.splitlines()]
    # Default ids name the file and line: the CLI's run read single.jsonl, the batch docs.jsonl.
    for record in expected:
        record["id"] = record["id"].replace("single.jsonl", "docs.jsonl")
    return {"root": root, "out": out, "summary": json.loads(batch.stdout), "expected": expected,
            "stderr": batch.stderr}


@pytest.mark.slow
def test_batch_analyze_equals_analyze_json_field_by_field(spark, analysed):
    out = analysed["out"]
    documents = {row["doc_id"]: row for row in _rows(spark, out / "documents")}
    spans: dict[str, dict[str, list[dict]]] = {}
    for name in SPAN_TABLES:
        for row in _rows(spark, out / name):
            spans.setdefault(row["doc_id"], {}).setdefault(name, []).append(row)
    expected = analysed["expected"]
    assert len(expected) == 200 and set(documents) == {e["id"] for e in expected}
    for record in expected:
        got = contract_json(record_from_rows(documents[record["id"]], spans.get(record["id"], {})))
        for field in record:
            assert got[field] == record[field], (record["id"], field)
    # Spot check the table form itself: every entity row is the contract's entity plus doc_id and n.
    sample = expected[0]
    rows = sorted(spans[sample["id"]]["entities"], key=lambda r: r["n"])
    assert [{k: r[k] for k in ("start", "end", "text", "label", "kb_id")} for r in rows] == sample["entities"]
    assert any(e["quotes"] for e in expected) and any(e["dates"] for e in expected)
    assert {documents[e["id"]]["language"] for e in expected} == {"de", "en"}


@pytest.mark.slow
def test_bad_records_are_counted_and_written_to_errors(spark, analysed):
    summary = analysed["summary"]
    assert summary["documents"] == 205 and summary["analysed"] == 200 and summary["failed"] == 5
    assert summary["rows"]["errors"] == 5 and summary["rows"]["documents"] == 200
    errors = _rows(spark, analysed["out"] / "errors")
    assert len(errors) == 5 and all(e["reason"] and e["source"] and e["line"] for e in errors)
    reasons = " | ".join(e["reason"] for e in errors)
    for _, fragment in BAD_LINES:
        assert fragment in reasons
    assert any(e["doc_id"] == "pq-null" and e["source"].endswith(".parquet") for e in errors)
    assert any(e["doc_id"] == "bad-date" and e["source"].endswith("bad.jsonl") for e in errors)
    assert "5 failed" in analysed["stderr"]


@pytest.mark.slow
def test_dedupe_finds_planted_near_copies(cli, spark, tmp_path):
    demo = [d for d in _demo_documents() if len(d.text.split()) > 150 and not d.id.endswith("-syndicated")]
    rng = random.Random(4)
    records, planted = [], {}
    for i, document in enumerate(demo):
        records.append({"id": f"orig-{i}", "text": document.text, "published": "2024-05-02"})
    for i, document in enumerate(demo[:6]):
        words = document.text.split(" ")
        for _ in range(len(words) // 40):  # reword a few words, cut the ending, add a credit line
            words[rng.randrange(len(words))] = rng.choice(["also", "auch", "reportedly", "demnach"])
        text = " ".join(words[: int(len(words) * 0.85)]) + "\n\n(Reporting by the syndication desk.)"
        records.append({"id": f"copy-{i}", "text": text, "published": "2024-05-03"})
        planted[f"copy-{i}"] = f"orig-{i}"
    # An earlier-published copy becomes the original of its cluster, as in the store.
    records.append({"id": "early", "text": demo[7].text + " Update.", "published": "2024-05-01"})
    source = write_jsonl(tmp_path / "in.jsonl", records, extra_lines=["{oops"])
    result = cli("batch", "dedupe", source, "--out", tmp_path / "dd", "--json")
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["failed"] == 1 and summary["documents"] == len(records)
    rows = {r["doc_id"]: r for r in _rows(spark, tmp_path / "dd" / "clusters")}
    assert len(rows) == len(records)
    for copy, original in planted.items():
        assert rows[copy]["duplicate_of"] == original and rows[copy]["similarity"] >= 0.5, rows[copy]
        assert rows[original]["cluster"] == original and rows[original]["duplicate_of"] is None
    assert rows["orig-7"]["duplicate_of"] == "early" and rows["early"]["cluster"] == "early"
    # Different reports of one event are not copies of each other.
    copies = {d for d, r in rows.items() if r["duplicate_of"]}
    assert copies == set(planted) | {"orig-7"}
    assert summary["copies"] == len(copies) and summary["clusters"] == len(planted) + 1


@pytest.mark.slow
def test_batch_load_round_trip_stores_documents_and_analyses(cli, spark, analysed, tmp_path):
    from lagebild.store import Store

    db = tmp_path / "cases.db"
    result = cli("batch", "load", analysed["out"], "--db", db, "--chunk", "64", "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["added"] == 200 and report["failed_in_batch"] == 5
    with Store(db) as store:
        assert store.count() == 200
        for record in analysed["expected"]:
            stored = store.analysis(record["id"])
            assert stored is not None and contract_json(stored) == record, record["id"]
            assert "warnings" in stored and "direct" in (stored["quotes"] or [{"direct": True}])[0]
        assert store.search("Vilnius")  # indexed for full-text search, as ingest does
    again = cli("batch", "load", analysed["out"], "--db", db, "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["unchanged"] == 200


@pytest.mark.slow
def test_batch_load_refuses_bad_tables_and_leaves_the_store_unchanged(cli, spark, analysed, tmp_path):
    db = tmp_path / "cases.db"
    seed = write_jsonl(tmp_path / "seed.jsonl", [{"id": "seed", "text": SHORT_TEXTS[1][1], "language": "en"}])
    assert cli("ingest", seed, "--db", db, "--no-analyze").exit_code == 0
    before = store_fingerprint(db)

    broken = tmp_path / "broken"
    shutil.copytree(analysed["out"], broken)
    shutil.rmtree(broken / "entities")
    from pyspark.sql import functions as F

    entities = spark.read.parquet(str(analysed["out"] / "entities"))
    entities.withColumn("end", F.when(F.col("n") == 0, F.lit(10**7)).otherwise(F.col("end"))) \
        .write.parquet(str(broken / "entities"))
    no_documents = tmp_path / "empty"
    no_documents.mkdir()
    for folder, message in ((broken, "entities/ spans outside their document's text"),
                            (no_documents, "holds no documents/ table"),
                            (tmp_path / "absent", "holds no documents/ table")):
        result = cli("batch", "load", folder, "--db", db)
        assert result.exit_code == 2, result.stderr
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert store_fingerprint(db) == before
