"""Ingest throughput and peak memory for 10,000 short JSON Lines documents.

Baseline, in the same run: the same records inserted with plain `sqlite3.executemany`
into one table (no language identification, no near-duplicate index, no full-text
index). The ratio says what lagebild's extra work costs.

    python benchmarks/ingest_bench.py [--docs 10000] [--analyze]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS_DE = ("die der und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden "
            "aus er hat dass sie nach wird bei Regierung Minister Truppen Gipfel Botschafter Sprecher Ukraine "
            "Russland Brüssel Berlin Kiew Treffen Erklärung Angriff Verhandlungen Sanktionen Hilfe").split()
WORDS_EN = ("the of and to in a that on for with as by at from was said is it has government minister troops "
            "summit ambassador spokesman Ukraine Russia Brussels Washington Kyiv meeting statement attack talks "
            "sanctions aid").split()


def make_corpus(path: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            words = WORDS_DE if i % 2 else WORDS_EN
            text = " ".join(rng.choice(words) for _ in range(rng.randint(40, 90))).capitalize() + "."
            handle.write(json.dumps({"id": f"doc-{i}", "text": text, "published": "2024-10-28"}) + "\n")


def baseline(path: Path, db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE docs (id TEXT PRIMARY KEY, text TEXT, published TEXT)")
    with open(path, encoding="utf-8") as handle:
        rows = [(r["id"], r["text"], r["published"]) for r in map(json.loads, handle)]
    with conn:
        conn.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows)
    conn.close()


def run_child(mode: str, corpus: Path, db: Path, analyze: bool) -> tuple[float, float]:
    """Run one mode in a fresh process; return (seconds, peak resident MiB)."""
    code = (
        "import sys, time, resource\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, str(Path(sys.argv[0]).parent))\n"
        "import ingest_bench as b\n"
        "start = time.perf_counter()\n"
        f"b.run_mode({mode!r}, Path({str(corpus)!r}), Path({str(db)!r}), {analyze!r})\n"
        "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent,
                            check=True)
    seconds, peak = result.stdout.split()[-2:]
    return float(seconds), float(peak)


def run_mode(mode: str, corpus: Path, db: Path, analyze: bool) -> None:
    if mode == "baseline":
        baseline(corpus, db)
        return
    from lagebild.ingest import ingest
    from lagebild.store import Store

    with Store(db) as store:
        ingest(store, [str(corpus)], analyze=analyze)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--analyze", action="store_true", help="also run and store the analysis pipeline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        make_corpus(corpus, args.docs)
        base_s, base_mem = run_child("baseline", corpus, Path(tmp) / "base.db", False)
        ours_s, ours_mem = run_child("lagebild", corpus, Path(tmp) / "ours.db", args.analyze)
    print(f"documents: {args.docs:,} short JSON Lines records (40-90 words, de/en, language not declared)")
    print(f"baseline sqlite3.executemany: {args.docs / base_s:10,.0f} docs/s  {base_s:6.2f} s  peak {base_mem:6.0f} MiB")
    label = "lagebild ingest" + (" + analyze" if args.analyze else " (--no-analyze)")
    print(f"{label:29}: {args.docs / ours_s:10,.0f} docs/s  {ours_s:6.2f} s  peak {ours_mem:6.0f} MiB")
    print(f"ratio lagebild/baseline throughput: {base_s / ours_s:.3f} (lagebild is {ours_s / base_s:.0f}x slower,"
          f" doing language id, MinHash LSH and FTS5)")
    print(f"target: under 60 s and under 1024 MiB -> {'met' if ours_s < 60 and ours_mem < 1024 else 'NOT met'}")


if __name__ == "__main__":
    main()
