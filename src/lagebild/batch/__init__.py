"""Batch analysis on Apache Spark: `lagebild batch analyze | dedupe | load`.

    inputs.py   JSON Lines and Parquet documents as Spark data; one item to one Document
    tables.py   the Parquet tables written, and the way back to one document's analysis
    analyze.py  the per-document analysis of `lagebild analyze`, per partition
    dedupe.py   near-duplicate clusters with Spark ML's MinHashLSH
    load.py     checked tables into the store, as ingest stores documents
    spark.py    starting or joining a session; pyspark is the optional `spark` extra
    cli.py      the typer sub-app the main CLI registers

Nothing here imports pyspark at import time (see docs/scale.md).
"""
