"""Checking one article against stores of growing size.

Stores of 1,000 and 10,000 generated reports (mixed German and English, dated across two
years, built from the bundled demo corpus's sentences with names, places and numbers
varied), plus the demo event's real reports. After a warm-up check (models loaded,
the store's sentences embedded once, as `lagebild check --db` caches them), the demo's
tampered article is checked and timed. The baseline in the same run is the same check
with the whole store passed as the corpus (an all-pairs scan), on the smaller store.

    python benchmarks/check_bench.py [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

NAMES = ["Anna Berg", "Jonas Keller", "Maria Rossi", "Tomas Novak", "Elena Petrova", "Lars Holm",
         "Sofia Marin", "Peter Lund", "Clara Weiss", "Diego Ortiz"]
PLACES = ["Brüssel", "Warschau", "Madrid", "Oslo", "Riga", "Lissabon", "Prag", "Wien", "Rome", "Dublin"]


def generated_reports(n: int, seed: int = 5) -> list[dict]:
    from lagebild.demo import corpus_inputs
    from lagebild.ingest import read_input
    from lagebild.nlp.sentences import split_line

    pool: dict[str, list[str]] = {"de": [], "en": []}
    for path in corpus_inputs():
        for document in read_input(path):
            for line in document.text.split("\n"):
                pool[document.language] += [line[a:b] for a, b in split_line(line, document.language)]
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        language = "de" if i % 2 else "en"
        sentences = rng.sample(pool[language], rng.randint(4, 8))
        name, place = rng.choice(NAMES), rng.choice(PLACES)
        text = " ".join(sentences) + f" {name} sprach in {place} von {rng.randint(2, 900)} Teilnehmern." \
            if language == "de" else " ".join(sentences) + f" {name} spoke in {place} of {rng.randint(2, 900)} participants."
        day = date(2022, 1, 1) + timedelta(days=rng.randint(0, 730))
        reports.append({"id": f"gen-{i}", "text": text, "language": language, "published": day.isoformat(),
                        "publisher": f"Outlet {i % 40}"})
    return reports


def build_store(db: Path, n: int) -> None:
    from lagebild.demo import corpus_inputs
    from lagebild.ingest import ingest
    from lagebild.store import Store

    path = db.with_suffix(".jsonl")
    path.write_text("\n".join(json.dumps(r) for r in generated_reports(n)), encoding="utf-8")
    with Store(db) as store:
        ingest(store, [str(path)])
        ingest(store, corpus_inputs())


def time_check(db: Path, target: str) -> tuple[float, int]:
    """Seconds for one check and the number of findings it made."""
    from lagebild.ingest import read_input
    from lagebild.verify.run import run_check

    [document] = read_input(target)
    start = time.perf_counter()
    result = run_check(document, [], db=db)
    return time.perf_counter() - start, len(result.findings)


def time_all_pairs(db: Path, target: str) -> float:
    from lagebild.ingest import read_input
    from lagebild.kb import KnowledgeBase
    from lagebild.store import Store
    from lagebild.verify.check import check
    from lagebild.verify.run import stored_analyses

    [document] = read_input(target)
    with Store(db) as store:
        corpus = [s.document for s in store.documents()]
        analyses = stored_analyses(store, corpus)
        start = time.perf_counter()
        check(document, corpus, kb=KnowledgeBase(store), analyses=analyses)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    from lagebild.demo import targets_dir

    targets = targets_dir()
    warmup, measured = str(targets / "clean_vilnius_en.txt"), str(targets / "tampered_vilnius_de.txt")
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            db = Path(tmp) / f"store{n}.db"
            start = time.perf_counter()
            build_store(db, n)
            built = time.perf_counter() - start
            time_check(db, warmup)
            time_check(db, measured)  # embeds the retrieved reports once, as a first check would
            runs = [time_check(db, measured) for _ in range(3)]
            times[n] = min(seconds for seconds, _ in runs)
            print(f"store of {n:>6,} generated reports (+ demo corpus), built in {built:6.1f} s:"
                  f" check {times[n]:.2f} s ({runs[0][1]} findings)")
        smallest = min(args.sizes)
        scan = time_all_pairs(Path(tmp) / f"store{smallest}.db", measured)
        print(f"baseline: all-pairs check against every document of the {smallest:,} store: {scan:.2f} s "
              f"(ratio indexed/all-pairs {times[smallest] / scan:.3f})")
    if len(times) > 1:
        small, large = min(times), max(times)
        print(f"store grew {large / small:.0f}x, check time grew {times[large] / times[small]:.2f}x")
    print(f"target: every check under 2 s -> {'met' if max(times.values()) < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
