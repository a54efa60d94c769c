"""`lagebild batch dedupe`: near-duplicate clusters with Spark ML's MinHashLSH.

The same notion of "copy" as the store's (`lagebild.ingest.dedupe`): Jaccard similarity
of the sets of 3-word shingles of the lower-cased words, a copy at 0.5 or more, and the
cluster's original its earliest published member (the first read when dates are equal
or missing). What differs is how candidates are found (see docs/scale.md): Spark's
MinHashLSH ORs single-hash tables, then measures each candidate pair's Jaccard
distance exactly on the hashed shingle sets, where the store estimates it from 128
MinHash values.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lagebild.batch.inputs import InputFile, Item, item_id, read_item, read_items
from lagebild.errors import InputError
from lagebild.ingest.dedupe import SHINGLE_WORDS, THRESHOLD

# Each table is one MinHash; a pair with Jaccard J becomes a candidate with probability
# 1 - (1 - J)^8: 0.996 at J = 0.5, where the store's 32 bands of 4 rows give 0.87.
HASH_TABLES = 8
# Shingles are hashed into this many features before MinHash; at 2^22 two distinct
# shingles of a 600-word article collide with probability ~1e-4.
FEATURES = 1 << 22
SEED = 7
# Java's \w is ASCII-only unless (?U) asks for Unicode, as Python's \w (dedupe.py) is.
WORD_PATTERN = r"(?U)\w+"
_ORDER_BITS = 40  # input order = file index << 40 | line: files of up to 10^12 lines


@dataclass
class DedupeSummary:
    documents: int = 0
    failed: int = 0
    clusters: int = 0  # with two or more members
    copies: int = 0
    pairs: int = 0  # similar pairs found
    threshold: float = THRESHOLD
    seconds: float = 0.0
    out: str = ""

    def to_json(self) -> dict:
        return {"documents": self.documents, "failed": self.failed, "clusters": self.clusters,
                "copies": self.copies, "pairs": self.pairs, "threshold": self.threshold,
                "seconds": round(self.seconds, 2), "out": self.out}


def _parse_partition(items: Iterable[tuple[int, Item]]) -> Iterator[tuple]:
    """(order, doc_id, text, published, error source, line, reason) per item."""
    for file_index, item in items:
        source, number = item[0], item[1]
        order = (file_index << _ORDER_BITS) | number
        try:
            document = read_item(item, identify_language=False)  # shingles need no language
        except InputError as exc:
            yield (order, item_id(item), None, None, source, number, exc.reason)
            continue
        if document is not None:
            published = document.published.isoformat() if document.published else None
            yield (order, document.id, document.text, published, source, number, None)


def run_dedupe(
    spark: Any,
    inputs: list[InputFile],
    out: str,
    *,
    threshold: float = THRESHOLD,
    partitions: int | None = None,
    overwrite: bool = False,
) -> DedupeSummary:
    """Cluster the input documents; write clusters/ (one row per document) and errors/."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from lagebild.batch.analyze import write_table

    started = time.perf_counter()
    if not 0 < threshold <= 1:
        raise InputError(f"--threshold {threshold} must be above 0 and at most 1")
    index = {f.path: i for i, f in enumerate(inputs)}
    items = read_items(spark, inputs, partitions=partitions).map(lambda item: (index.get(item[0], len(index)), item))
    schema = ("order long, doc_id string, text string, published string, source string, line long, reason string")
    parsed = spark.createDataFrame(items.mapPartitions(_parse_partition), schema).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        documents = parsed.filter(F.col("reason").isNull()).select("order", "doc_id", "text", "published")
        summary = DedupeSummary(threshold=threshold, out=out)
        pairs = similar_pairs(documents, threshold)
        summary.pairs = len(pairs)
        members = assign_clusters(pairs)
        clusters = _cluster_table(spark, documents, members)
        counts = parsed.agg(F.count(F.lit(1)).alias("n"), F.count("reason").alias("failed")).first()
        summary.failed = counts["failed"]
        summary.documents = counts["n"] - summary.failed
        summary.copies = sum(1 for m in members.values() if m[1] is not None)
        summary.clusters = len({m[0] for m in members.values()})
        write_table(clusters, f"{out.rstrip('/')}/clusters", overwrite=overwrite)
        errors = parsed.filter(F.col("reason").isNotNull()).select("source", "line", "doc_id", "reason")
        write_table(errors, f"{out.rstrip('/')}/errors", overwrite=overwrite)
    finally:
        parsed.unpersist()
    summary.seconds = time.perf_counter() - started
    return summary


def shingle_features(documents: Any) -> Any:
    """Documents with `features`: their set of hashed 3-word shingles (empty texts are
    left out: MinHash needs at least one shingle)."""
    from pyspark.ml.feature import HashingTF, NGram, RegexTokenizer
    from pyspark.sql import functions as F

    words = RegexTokenizer(inputCol="text", outputCol="words", pattern=WORD_PATTERN, gaps=False,
                           toLowercase=True, minTokenLength=1).transform(documents)
    grams = NGram(n=SHINGLE_WORDS, inputCol="words", outputCol="grams").transform(words)
    # As in dedupe.py, a text shorter than one shingle is one shingle of all its words.
    short = F.size("words") < SHINGLE_WORDS
    grams = grams.withColumn("shingles", F.when(short, F.array(F.concat_ws(" ", "words"))).otherwise(F.col("grams")))
    grams = grams.filter(F.size("words") > 0)
    hashed = HashingTF(inputCol="shingles", outputCol="features", numFeatures=FEATURES, binary=True)
    return hashed.transform(grams).select("order", "doc_id", "published", "features")


def similar_pairs(documents: Any, threshold: float) -> list[tuple]:
    """Pairs of documents with Jaccard similarity >= threshold, each once:
    (order, doc_id, published) of both, and the similarity."""
    from pyspark.ml.feature import MinHashLSH
    from pyspark.sql import functions as F

    features = shingle_features(documents).persist()
    try:
        model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=HASH_TABLES, seed=SEED).fit(features)
        # Spark keeps distances strictly below its threshold; the store keeps similarity >= THRESHOLD.
        joined = model.approxSimilarityJoin(features, features, 1.0 - threshold + 1e-9, distCol="distance")
        rows = joined.filter(F.col("datasetA.order") < F.col("datasetB.order")).select(
            F.col("datasetA.order"), F.col("datasetA.doc_id"), F.col("datasetA.published"),
            F.col("datasetB.order"), F.col("datasetB.doc_id"), F.col("datasetB.published"),
            (1.0 - F.col("distance")).alias("similarity"),
        ).collect()
    finally:
        features.unpersist()
    return [tuple(row) for row in rows]


def assign_clusters(pairs: list[tuple]) -> dict[int, tuple]:
    """Connected components of the similar pairs, each with its original.

    Returns, per document in a cluster (by input order): (original's doc_id, original's
    doc_id or None for the original itself, best similarity, cluster size). The original
    follows the store's rule: going through the members in input order, a member
    replaces the current original only when both are dated and it was published earlier.
    """
    parent: dict[int, int] = {}

    def find(node: int) -> int:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    info: dict[int, tuple[str, str | None]] = {}
    best: dict[int, float] = {}
    for a, a_id, a_pub, b, b_id, b_pub, score in pairs:
        info[a], info[b] = (a_id, a_pub), (b_id, b_pub)
        best[a] = max(best.get(a, 0.0), score)
        best[b] = max(best.get(b, 0.0), score)
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)
    components: dict[int, list[int]] = {}
    for node in sorted(info):
        components.setdefault(find(node), []).append(node)
    result: dict[int, tuple] = {}
    for nodes in components.values():
        original = nodes[0]
        for node in nodes[1:]:
            published, current = info[node][1], info[original][1]
            if published and current and published < current:
                original = node
        original_id = info[original][0]
        for node in nodes:
            copy_of = None if node == original else original_id
            result[node] = (original_id, copy_of, None if copy_of is None else round(best[node], 4), len(nodes))
    return result


def _cluster_table(spark: Any, documents: Any, members: dict[int, tuple]) -> Any:
    """One row per document: doc_id, cluster (its original's doc_id), duplicate_of,
    similarity and cluster_size; a document in no cluster is its own original."""
    from pyspark.sql import functions as F

    schema = "order long, cluster string, duplicate_of string, similarity double, cluster_size int"
    assigned = spark.createDataFrame([(order, *member) for order, member in members.items()], schema)
    joined = documents.select("order", "doc_id").join(assigned, "order", "left").orderBy("order")
    return joined.select(
        "doc_id",
        F.coalesce("cluster", "doc_id").alias("cluster"),
        "duplicate_of",
        "similarity",
        F.coalesce("cluster_size", F.lit(1)).alias("cluster_size"),
    )
