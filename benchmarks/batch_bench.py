"""Batch analysis throughput: documents per second and peak memory of one process, of
Python multiprocessing with 2 workers, and of Spark local[2] (`lagebild batch analyze`),
on the same generated articles.

Articles of 400-600 words are assembled from the bundled demo corpus's sentences (as in
analyze_bench.py), alternately German and English; a quarter carry no language, so that
identification runs too. All three modes run the same per-document function
(`lagebild.batch.analyze.analyse_item`: read the record, identify the language, analyse,
build the table rows), each in a fresh process, timed end to end: interpreter and model
loading, and for Spark the JVM and the Parquet output, included. Peak memory (the
largest sum of resident memory) and CPU seconds are sampled every 0.2 s over the process
and all its children (for Spark: the JVM and its Python workers). On a machine others
share, the CPU seconds still say what each mode costs when the wall clock cannot.

    python benchmarks/batch_bench.py [--docs 5000] [--modes single,mp,spark] [--linearity]
                                     [--ner-de fast|accurate]

German entities use the fast model by default (`--ner-de fast`): the bench compares ways
of running one per-document function, and with the accurate default model German
documents cost about ten times more, which stretches the runs without changing what
they compare (docs/scale.md).

--linearity runs Spark local[2] alone on 1,000, 5,000 and 20,000 documents (about an
hour on 2 cores) and prints the rate of each and of each step between them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from analyze_bench import articles, demo_sentences  # noqa: E402  (the same text generator)

MODES = {"single": "single process", "mp": "multiprocessing, 2 workers", "spark": "Spark local[2]"}
TARGET = 1.7  # Spark local[2] against one process


def make_corpus(path: Path, n: int, seed: int = 11) -> None:
    sentences = demo_sentences()
    half = (n + 1) // 2
    texts = {"de": articles(sentences["de"], half, seed), "en": articles(sentences["en"], half, seed + 1)}
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            language = "de" if i % 2 == 0 else "en"
            record = {"id": f"bench-{i}", "text": texts[language][i // 2], "published": "2024-10-29"}
            if i % 4 < 3:
                record["language"] = language
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


# -- the three modes, each run in a child process ------------------------------------------

def _items(path: Path):
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            yield (str(path), number, "jsonl", line.rstrip("\n"))


def run_single(corpus: Path, out: Path) -> int:
    from lagebild.batch.analyze import analyse_item

    count = 0
    with open(out, "w", encoding="utf-8") as handle:
        for item in _items(corpus):
            row = analyse_item(item)
            if row is not None:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return count


def run_multiprocessing(corpus: Path, out: Path, workers: int = 2) -> int:
    import multiprocessing

    from lagebild.batch.analyze import analyse_item

    count = 0
    # Each worker loads the pipelines on its first document and keeps them (as Spark's
    # Python workers do); chunks keep the pickling overhead small.
    with multiprocessing.get_context("fork").Pool(workers) as pool, open(out, "w", encoding="utf-8") as handle:
        for row in pool.imap(analyse_item, _items(corpus), chunksize=16):
            if row is not None:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
    return count


def child_command(mode: str, corpus: Path, out: Path, partitions: int | None) -> list[str]:
    if mode == "spark":
        command = [sys.executable, "-m", "lagebild", "batch", "analyze", str(corpus), "--out", str(out),
                   "--master", "local[2]", "--json"]
        return command + (["--partitions", str(partitions)] if partitions else [])
    return [sys.executable, str(Path(__file__).resolve()), "--child", mode, str(corpus), str(out)]


# -- measuring ---------------------------------------------------------------------------------

def _tree(root: int) -> list[int]:
    """`root` and all its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = _stat(int(entry))
            if stat:
                children.setdefault(int(stat[1]), []).append(int(entry))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat after the command name (state, ppid, ...)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _sample(root: int, cpu: dict[int, float]) -> float:
    """Resident MiB of the tree now; records each process's CPU seconds so far in `cpu`."""
    total, page, tick = 0, os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    for pid in _tree(root):
        stat = _stat(pid)
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * page
        except OSError:
            continue
        if stat:  # utime and stime: fields 14 and 15 of stat, 12 and 13 after the name
            cpu[pid] = max(cpu.get(pid, 0.0), (int(stat[11]) + int(stat[12])) / tick)
    return total / 2**20


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float, float, str]:
    """(seconds, CPU seconds, peak MiB of the process tree, stdout) of one child run.

    Memory and CPU are sampled over the whole tree (for Spark: the driver, the JVM and
    its Python workers) every 0.2 s; a process living less than that is missed."""
    peak, cpu = 0.0, {}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.2):
            peak = max(peak, _sample(process.pid, cpu))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:6])}... failed ({process.returncode}):\n{stderr[-2000:]}")
    return seconds, sum(cpu.values()), peak, stdout


def run_mode(mode: str, corpus: Path, work: Path, partitions: int | None) -> tuple[float, float, float]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "SPARK_LOCAL_IP": "127.0.0.1"}
    out = work / f"out-{mode}-{time.monotonic_ns()}"
    seconds, cpu, peak, _ = measure(child_command(mode, corpus, out, partitions), env)
    return seconds, cpu, peak


def compare(n: int, modes: list[str], partitions: int | None) -> None:
    with tempfile.TemporaryDirectory(prefix="lagebild-batch-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "articles.jsonl"
        make_corpus(corpus, n)
        words = sum(len(json.loads(line)["text"].split()) for line in open(corpus, encoding="utf-8")) / n
        print(f"documents: {n:,}, half German, half English, ~{words:.0f} words each; {os.cpu_count()} cores;"
              " each mode end to end in a fresh process (OMP_NUM_THREADS=1)")
        print(f"load average at start: {os.getloadavg()[0]:.1f}")
        results = {}
        for mode in modes:
            results[mode] = run_mode(mode, corpus, work, partitions)
            print(f"  {MODES[mode]:<28} done: {results[mode][0]:7.1f} s", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f} (above 2, other work shared the cores)")
    base = results.get("single")
    print(f"\n{'mode':<28} {'seconds':>9} {'docs/s':>8} {'vs single':>10} {'CPU s':>8} {'peak memory':>12}")
    for mode, (seconds, cpu, peak) in results.items():
        ratio = f"{base[0] / seconds:9.2f}x" if base else "         -"
        print(f"{MODES[mode]:<28} {seconds:9.1f} {n / seconds:8.1f} {ratio:>10} {cpu:8.1f} {peak:9.0f} MiB")
    if base and "spark" in results:
        ratio = base[0] / results["spark"][0]
        print(f"target: Spark local[2] >= {TARGET}x one process: {'met' if ratio >= TARGET else 'NOT met'}"
              f" ({ratio:.2f}x)")


def linearity(sizes: list[int], partitions: int | None) -> None:
    print(f"Spark local[2], end to end, on {', '.join(f'{n:,}' for n in sizes)} documents")
    rows = []
    with tempfile.TemporaryDirectory(prefix="lagebild-batch-bench-") as tmp:
        work = Path(tmp)
        for n in sizes:
            corpus = work / f"articles-{n}.jsonl"
            make_corpus(corpus, n)
            seconds, _, peak = run_mode("spark", corpus, work, partitions)
            rows.append((n, seconds, peak))
            print(f"  {n:>7,} documents: {seconds:8.1f} s  {n / seconds:6.1f} docs/s  peak {peak:6.0f} MiB", flush=True)
    print("\nstep                     docs/s of the step  (constant = linear; the first includes start-up)")
    previous_n, previous_s = 0, 0.0
    for n, seconds, _ in rows:
        print(f"  {previous_n:>7,} -> {n:>7,}     {(n - previous_n) / (seconds - previous_s):8.1f}")
        previous_n, previous_s = n, seconds


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        mode, corpus, out = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
        count = (run_single if mode == "single" else run_multiprocessing)(corpus, out)
        print(count)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=5000, help="documents per mode (default 5000)")
    parser.add_argument("--modes", default="single,mp,spark", help="comma-separated: single, mp, spark")
    parser.add_argument("--partitions", type=int, default=None, help="Spark partitions (default: 4 per core)")
    parser.add_argument("--linearity", action="store_true", help="Spark on 1k, 5k and 20k documents instead")
    parser.add_argument("--sizes", default="1000,5000,20000", help="document counts for --linearity")
    parser.add_argument("--ner-de", choices=("fast", "accurate"), default="fast",
                        help="German entity model of all modes (default fast; see the module doc)")
    args = parser.parse_args()
    os.environ["LAGEBILD_NER_DE"] = args.ner_de  # inherited by every child process and Spark worker
    print(f"German entity model: {args.ner_de}")
    if args.linearity:
        linearity([int(s) for s in args.sizes.split(",")], args.partitions)
        return
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s) {', '.join(sorted(unknown))}; use single, mp, spark")
    compare(args.docs, modes, args.partitions)


if __name__ == "__main__":
    main()
