"""Throughput and publication-to-verdict delay of `lagebild watch --check`.

A local feed server (127.0.0.1) publishes short generated German and English news
items in several RSS feeds, some of them syndicated near-copies of wire items. The
watcher runs as the real command, `lagebild watch URL... --check`, in its own process;
this script reads the store from outside and takes a verdict's time as the moment its
saved check becomes visible there.

1. Warm-up: one item per feed, so that the models are loaded before the clock starts.
2. Burst: all `--items` items appear in the feeds at once. Throughput = items / seconds
   until the last verdict is stored. Each item's delay here is mostly its place in the
   queue.
3. Steady: `--steady` further items appear one by one at half the burst throughput, a
   load the watcher keeps up with: their delay (median, p95) is what a user waits for a
   verdict in normal operation (poll interval + download + ingest + check).

Baseline, in the same run: the burst's items read from local RSS files (one per feed)
by the core functions of `lagebild ingest FILE` and then `lagebild check ITEM --db
--save` for each new item, feed after feed as the watcher stores them, in one process
after the same warm-up: no HTTP, no polling. (Calling the commands 1,000 times would
mostly time model loading.) Each side has its own embedding cache. The ratio is watch
throughput / baseline throughput.

All feeds share the host 127.0.0.1, so the watcher runs with --host-delay 0: on real
feeds from different publishers, the per-host spacing would not slow it either.

Both sides run with OMP_WAIT_POLICY=passive (unless it is set): on a busy machine the
embedding model's OpenMP threads, spinning while they wait, made calls from a
process's main thread (where the baseline checks) up to 50 times slower than from a
worker thread (where the watcher checks), which would measure the scheduler, not lagebild.

    python benchmarks/watch_bench.py [--items 1000] [--feeds 5] [--every 1s] [--steady 100]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

CITIES_DE = ["Rostock", "Kassel", "Passau", "Görlitz", "Trier", "Lübeck", "Erfurt", "Ulm", "Bamberg", "Jena",
             "Kiel", "Siegen", "Cottbus", "Gießen", "Hameln", "Coburg", "Wismar", "Landshut", "Fulda", "Celle"]
CITIES_EN = ["Leeds", "Cork", "Aberdeen", "Bristol", "Galway", "Norwich", "Dundee", "Exeter", "Derby", "York",
             "Swansea", "Limerick", "Hull", "Bath", "Carlisle", "Sligo", "Perth", "Truro", "Lincoln", "Wexford"]
PERSONS = ["Henrike Vollmar", "Jasper Quandt", "Mirela Kostić", "Ottokar Brenn", "Signe Aalto", "Ruairi Fenwick",
           "Lucinda Marsh", "Teodor Halvorsen", "Imke Sterzing", "Nadir Okafor", "Wiebke Lorenzen", "Cormac Doyle",
           "Ysolde Patten", "Arvid Lindqvist", "Greta Hollmann", "Tobias Renner", "Maeve Kinsella", "Jonte Albers"]
COMPANIES = ["Nordwerk", "Elbstahl", "Kestrel Freight", "Brightwater Energy", "Lindauer Bahn", "Harbourline",
             "Moorfeld Chemie", "Saltmarsh Foods", "Weserkraft", "Oakridge Motors"]
DAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

SENTENCES = {
    "de": [
        "Der Stadtrat von {city} hat am {day} {n} Millionen Euro für neue Straßenbahnlinien bewilligt.",
        "Die Polizei in {city} meldete nach Protesten gegen steigende Mieten {n} Festnahmen.",
        "{person}, Leiterin des Wasserverbands, warnte, die Talsperren bei {city} seien nur zu {p} Prozent gefüllt.",
        "Das Unternehmen {company} will bis Jahresende {n} Stellen in seinem Werk in {city} abbauen.",
        "Hochwasser sperrte am {day} {n} Straßen rund um {city}; Helfer brachten {m} Anwohner in Sicherheit.",
        "Vertreter aus {n} Ländern berieten in {city} über Getreideexporte, teilten die Veranstalter mit.",
        "{person} sagte in {city}: „Wir erwarten eine Entscheidung innerhalb von {n} Tagen.“",
        "Der Bahnbetreiber {company} strich wegen eines Streiks {n} Züge zwischen {city} und {city2}.",
    ],
    "en": [
        "The city council of {city} approved {n} million pounds for new tram lines on {day}.",
        "Police in {city} reported {n} arrests after protests against rising rents.",
        "{person}, head of the water authority, warned that reservoirs near {city} were only {p} percent full.",
        "The company {company} plans to cut {n} jobs at its plant in {city} by the end of the year.",
        "Flooding closed {n} roads around {city} on {day}; rescuers moved {m} residents to safety.",
        "Delegates from {n} countries met in {city} to discuss grain exports, the organisers said.",
        "{person} said in {city}: \"We expect a decision within {n} days.\"",
        "The rail operator {company} cancelled {n} trains between {city} and {city2} because of a strike.",
    ],
}
TITLES = {"de": "Meldung aus {city}", "en": "Report from {city}"}
# Feed name → language of its items (None: a ticker mixing both, without a declared language).
FEEDS = [("wire-de", "de"), ("wire-en", "en"), ("zeitung", "de"), ("herald", "en"), ("ticker", None)]
COPY_SHARE = 0.15  # of the other feeds' items: syndicated copies of an earlier wire item


@dataclass
class Item:
    guid: str
    feed: str
    language: str
    title: str
    text: str
    copy_of: str | None = None
    published_at: float | None = None  # when it appears in its feed (epoch seconds)


def make_text(rng: random.Random, language: str) -> tuple[str, str]:
    cities = CITIES_DE if language == "de" else CITIES_EN
    city, city2 = rng.sample(cities, 2)
    values = {"city": city, "city2": city2, "person": rng.choice(PERSONS), "company": rng.choice(COMPANIES),
              "day": rng.choice(DAYS_DE if language == "de" else DAYS_EN), "n": rng.randint(3, 900),
              "m": rng.randint(10, 400), "p": rng.randint(12, 95)}
    sentences = rng.sample(SENTENCES[language], rng.randint(2, 3))
    return TITLES[language].format(**values), " ".join(s.format(**values) for s in sentences)


def make_items(count: int, feeds: list[tuple[str, str | None]], prefix: str, seed: int) -> list[Item]:
    """`count` items spread over the feeds in turn; a share of the papers' items copy a
    wire item of their language with one sentence added (near-duplicates to link)."""
    rng = random.Random(seed)
    items: list[Item] = []
    wire: dict[str, list[Item]] = {"de": [], "en": []}
    for number in range(count):
        name, language = feeds[number % len(feeds)]
        language = language or rng.choice(["de", "en"])
        guid = f"{prefix}-{name}-{number}"
        if not name.startswith("wire") and wire[language] and rng.random() < COPY_SHARE:
            source = rng.choice(wire[language])
            extra = " Weitere Einzelheiten folgen." if language == "de" else " More details to follow."
            items.append(Item(guid, name, language, source.title, source.text + extra, copy_of=source.guid))
            continue
        title, text = make_text(rng, language)
        items.append(Item(guid, name, language, title, text))
        if name.startswith("wire"):
            wire[language].append(items[-1])
    return items


def rss(name: str, language: str | None, items: list[Item]) -> bytes:
    declared = f"<language>{language}</language>" if language else ""
    entries = "".join(
        f"<item><guid>{i.guid}</guid><title>{escape(i.title)}</title><link>http://127.0.0.1/{i.guid}</link>"
        f"<description>{escape(i.text)}</description><pubDate>{formatdate(i.published_at or 0, usegmt=True)}"
        "</pubDate></item>"
        for i in sorted(items, key=lambda i: -(i.published_at or 0))
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>{declared}'
            f"<link>http://127.0.0.1/{name}</link>{entries}</channel></rss>").encode()


class FeedServer:
    """Serves /NAME.rss with every item whose publication time has come, an ETag per
    version and 304s; items are scheduled by setting `published_at`."""

    def __init__(self, feeds: list[tuple[str, str | None]]) -> None:
        self.languages = dict(feeds)
        self.items: dict[str, list[Item]] = {name: [] for name, _ in feeds}
        self.lock = threading.Lock()
        self._cache: dict[tuple[str, int], bytes] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - http.server's naming
                status, headers, body = server.answer(self.path.strip("/").removesuffix(".rss"),
                                                      self.headers.get("If-None-Match"))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{name}.rss"

    def add(self, items: list[Item]) -> None:
        with self.lock:
            for item in items:
                self.items[item.feed].append(item)

    def visible(self, name: str, now: float | None = None) -> list[Item]:
        now = time.time() if now is None else now
        with self.lock:
            return [i for i in self.items[name] if i.published_at is not None and i.published_at <= now]

    def answer(self, name: str, if_none_match: str | None) -> tuple[int, dict, bytes]:
        if name not in self.items:
            return 404, {"Content-Type": "text/plain"}, b"no such feed"
        shown = self.visible(name)
        tag = f'"{len(shown)}"'  # items only ever appear, so their number names the version
        if if_none_match == tag:
            return 304, {"ETag": tag}, b""
        key = (name, len(shown))
        if key not in self._cache:
            self._cache[key] = rss(name, self.languages[name], shown)
        return 200, {"Content-Type": "application/rss+xml; charset=utf-8", "ETag": tag}, self._cache[key]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# -- the watcher, seen from outside --------------------------------------------------
class VerdictLog:
    """Reads the store every `interval` seconds and notes when each saved check appears."""

    def __init__(self, db: Path, interval: float = 0.05) -> None:
        self.db, self.interval = db, interval
        self.seen: dict[str, float] = {}
        self._last_id = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)
        try:
            while not self._stop.wait(self.interval):
                try:
                    rows = conn.execute("SELECT id, doc_id FROM checks WHERE id > ? ORDER BY id",
                                        (self._last_id,)).fetchall()
                except sqlite3.OperationalError:  # the table is not there yet, or the store is busy
                    continue
                now = time.time()
                for check_id, doc_id in rows:
                    self.seen.setdefault(doc_id, now)
                    self._last_id = check_id
        finally:
            conn.close()

    def wait_for(self, guids: list[str], *, process: subprocess.Popen, budget: float) -> None:
        deadline = time.monotonic() + budget
        while any(g not in self.seen for g in guids):
            if process.poll() is not None:
                raise SystemExit(f"the watcher exited early: {process.stderr.read().decode()[-2000:]}")
            if time.monotonic() > deadline:
                missing = sum(g not in self.seen for g in guids)
                raise SystemExit(f"{missing} verdict(s) still missing after {budget:.0f} s")
            time.sleep(self.interval)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def start_watch(db: Path, urls: list[str], every: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "lagebild", "watch", *urls, "--db", str(db), "--check", "--every", every,
               "--host-delay", "0", "--timeout", "60", "--json"]
    env = {**os.environ, "LAGEBILD_CACHE": str(db.with_suffix(".embeddings"))}
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def stop_watch(process: subprocess.Popen) -> dict:
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=300)
    if process.returncode != 0:
        raise SystemExit(f"watch exited {process.returncode}: {stderr.decode()[-2000:]}")
    return json.loads(stdout)


@dataclass
class WatchRun:
    summary: dict  # the watcher's --json summary
    delays: dict[str, float]  # per item: publication to stored verdict, seconds
    burst_seconds: float  # publication of the burst to its last stored verdict
    burst_cpu: float | None  # CPU seconds the watcher used meanwhile (None without /proc)
    steady_rate: float  # items per second in the steady phase


@dataclass
class BaselineRun:
    seconds: float
    cpu: float
    counts: dict


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a running process so far (Linux /proc; else None)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_watch(tmp: Path, warmup: list[Item], burst: list[Item], steady: list[Item], every: str,
              budget: float) -> WatchRun:
    """The three phases with `lagebild watch --check` polling a local server; the feeds
    are then written to `tmp` as files for the baseline."""
    server = FeedServer(FEEDS)
    db = tmp / "watch.db"
    server.add(warmup + burst + steady)
    now = time.time()
    for item in warmup:
        item.published_at = now
    from lagebild.store import Store

    Store(db).close()  # so that the reader below can open it before the watcher writes
    log = VerdictLog(db)
    process = start_watch(db, [server.url(name) for name, _ in FEEDS], every)
    try:
        log.wait_for([i.guid for i in warmup], process=process, budget=budget)
        cpu_before, started = cpu_seconds(process.pid), time.time()
        for item in burst:
            item.published_at = started
        log.wait_for([i.guid for i in burst], process=process, budget=budget)
        cpu_after = cpu_seconds(process.pid)
        seconds = max(log.seen[i.guid] for i in burst) - started
        rate = len(burst) / seconds / 2  # half of what the burst showed: a load it keeps up with
        begin = time.time() + 1
        for number, item in enumerate(steady):
            item.published_at = begin + number / rate
        log.wait_for([i.guid for i in steady], process=process, budget=budget + len(steady) / rate)
        summary = stop_watch(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()
    server.close()
    for folder, items in (("warmup", warmup), ("feeds", burst)):
        (tmp / folder).mkdir(exist_ok=True)
        for name, language in FEEDS:
            (tmp / folder / f"{name}.rss").write_bytes(rss(name, language, [i for i in items if i.feed == name]))
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    delays = {i.guid: log.seen[i.guid] - i.published_at for i in burst + steady}
    return WatchRun(summary, delays, seconds, cpu, rate)


def run_baseline_child(tmp: Path, count: int) -> BaselineRun:
    """The baseline in a child process, as the watcher runs in one: on a shared machine
    both then compete for the CPU on the same terms."""
    code = ("import json, sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import watch_bench as b;"
            " print(json.dumps(b.run_baseline(Path(sys.argv[2]), int(sys.argv[3])).__dict__))")
    result = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parent), str(tmp), str(count)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the baseline failed: {result.stderr[-2000:]}")
    return BaselineRun(**json.loads(result.stdout.splitlines()[-1]))


def run_baseline(tmp: Path, count: int) -> BaselineRun:
    """Ingest + check --save of the burst's items from local files, after the same
    warm-up as the watcher had: seconds, CPU seconds and what the store then holds."""
    from lagebild.ingest import ingest
    from lagebild.store import Store
    from lagebild.verify.run import run_check

    db = tmp / "baseline.db"
    # Its own embedding cache: the watcher's would hand it every sentence embedded already.
    os.environ["LAGEBILD_CACHE"] = str(db.with_suffix(".embeddings"))

    def ingest_and_check(folder: Path) -> int:
        checked = 0
        for name, _ in FEEDS:  # feed by feed, as the watcher checks a feed's items after storing them
            with Store(db) as store:
                report = ingest(store, [str(folder / f"{name}.rss")])
                documents = [store.get(d.id).document for d in report.documents if d.status == "added"]
            for document in documents:
                run_check(document, [], db=db, save=True)
            checked += len(documents)
        return checked

    ingest_and_check(tmp / "warmup")
    start, cpu = time.perf_counter(), time.process_time()
    checked = ingest_and_check(tmp / "feeds")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if checked != count:
        raise SystemExit(f"the baseline stored {checked} of {count} items")
    return BaselineRun(seconds, cpu, burst_counts(db))


def burst_counts(db: Path) -> dict:
    """What a store holds of the burst's items: documents, saved checks, linked copies."""
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": conn.execute("SELECT count(*) FROM documents WHERE id LIKE 'item-%'").fetchone()[0],
            "checks": conn.execute("SELECT count(*) FROM checks WHERE doc_id LIKE 'item-%'").fetchone()[0],
            "near_duplicates": conn.execute(
                "SELECT count(*) FROM documents WHERE id LIKE 'item-%' AND duplicate_of IS NOT NULL").fetchone()[0],
        }
    finally:
        conn.close()


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")  # before the model's OpenMP runtime starts
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000, help="items published at once (the burst)")
    parser.add_argument("--steady", type=int, default=100, help="items then published one by one")
    parser.add_argument("--every", default="1s", help="the watcher's poll interval")
    parser.add_argument("--budget", type=float, default=3600, help="seconds to wait for a phase's verdicts")
    args = parser.parse_args()

    warmup = make_items(len(FEEDS), FEEDS, "warm", seed=1)
    burst = make_items(args.items, FEEDS, "item", seed=2)
    steady = make_items(args.steady, FEEDS, "later", seed=3)
    copies = sum(1 for i in burst if i.copy_of)
    german = sum(1 for i in burst if i.language == "de")
    print(f"items: {len(burst)} in the burst ({german} de, {len(burst) - german} en, {copies} syndicated copies)"
          f" over {len(FEEDS)} feeds, then {len(steady)} one by one; watch --check --every {args.every}"
          f" --host-delay 0; OMP_WAIT_POLICY={os.environ['OMP_WAIT_POLICY']}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        watched = run_watch(tmp, warmup, burst, steady, args.every, args.budget)
        watch_counts = burst_counts(tmp / "watch.db")
        baseline = run_baseline_child(tmp, len(burst))
    report(watched, baseline, watch_counts, burst, steady)


def report(watched: WatchRun, baseline: BaselineRun, watch_counts: dict, burst: list[Item],
           steady: list[Item]) -> None:
    watch_rate, baseline_rate = len(burst) / watched.burst_seconds, len(burst) / baseline.seconds
    in_burst = [watched.delays[i.guid] for i in burst]
    in_steady = [watched.delays[i.guid] for i in steady]
    print(f"baseline: ingest + check --save from local RSS files (no HTTP): {len(burst)} items in"
          f" {baseline.seconds:.1f} s = {baseline_rate:.2f} items/s ({baseline.cpu:.1f} CPU s)")
    cpu = f", {watched.burst_cpu:.1f} CPU s" if watched.burst_cpu is not None else ""
    print(f"watch --check, burst: last verdict stored {watched.burst_seconds:.1f} s after publication ="
          f" {watch_rate:.2f} items/s{cpu} (ratio watch/baseline {watch_rate / baseline_rate:.3f})")
    if watched.burst_cpu:
        print(f"  per CPU second: watch {len(burst) / watched.burst_cpu:.2f} items, baseline"
              f" {len(burst) / baseline.cpu:.2f} items (ratio {baseline.cpu / watched.burst_cpu:.3f})")
    print(f"  publication to stored verdict in the burst: median {statistics.median(in_burst):.1f} s,"
          f" p95 {percentile(in_burst, 0.95):.1f} s (mostly waiting in the queue)")
    if in_steady:
        print(f"watch --check, steady {len(steady)} items at {watched.steady_rate:.2f} items/s: publication to"
              f" stored verdict median {statistics.median(in_steady):.2f} s, p95 {percentile(in_steady, 0.95):.2f} s")
    summary = watched.summary
    print(f"watch run: {summary['polls']} polls, {summary['not_modified']} not modified (304), {summary['errors']}"
          f" errors, stopped by {summary['stopped_by']} (exit 0)")
    same = all(watch_counts[k] == baseline.counts[k] for k in ("documents", "checks"))
    verdict = "the same items and checks" if same else "DIFFERENT"
    print(f"burst items stored: watch {watch_counts}, baseline {baseline.counts} ({verdict}; near-duplicate"
          " links follow the order the items arrive in)")

if __name__ == "__main__":
    main()
