"""TAXII 2.1 throughput: lagebild's server against medallion on the same STIX objects.

Baseline, in the same run: the OASIS reference server medallion (memory backend), on
127.0.0.1 like ours. Both get the same N valid STIX 2.1 objects (identities, indicators
and notes, TLP:GREEN, deterministic ids) and are measured on

- a full paginated GET of a collection holding them (pages of the server's max page size,
  following `next`), and
- a POST ingest of the same objects in envelopes into an empty writable collection,

in objects per second; each server process serves one measurement and is stopped after
it. Before a POST measurement each server takes one untimed envelope with one extra
object (not among the N), so that one-time loading (our STIX validator takes seconds to
import) is not timed, just as the sign-in before each measurement is not. Ours runs with
enforcement on: an authenticated partner allowed GREEN (with --write), per-object TLP
checks and the audit log. Its GET reads the `inbox` collection, where the
objects are stored as that partner's (the `lagebild` collection only serves what lagebild
itself verified); its POST goes to the inbox of an empty store (the same ids already held
would be skipped). Each measurement has a time budget: when it runs out, the rate is over
what was done and the line says "cut" (a cut full GET also bounds the rate from above:
fewer than N objects in the budget).

    python benchmarks/taxii_bench.py [--objects 10000] [--budget 90] [--envelope 500]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from lagebild.share.loopback import medallion_collection, start_lagebild, start_medallion, stop

MEDIA = "application/taxii+json;version=2.1"
HEADERS = {"Accept": MEDIA, "Content-Type": MEDIA}
TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
MEDALLION_READ = "3f4b1c2d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
MEDALLION_WRITE = "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d"
AIM = 5.0


# -- the objects ---------------------------------------------------------------------------
def stix_id(kind: str, key: str) -> str:
    """Deterministic, laid out as a UUIDv4 (what STIX 2.1 recommends)."""
    digest = hashlib.sha1(f"taxii-bench/{kind}/{key}".encode()).digest()[:16]
    return f"{kind}--{uuid.UUID(bytes=digest, version=4)}"


def make_objects(n: int) -> list[dict]:
    """n objects, cycling identity, indicator, note; all TLP:GREEN."""
    objects: list[dict] = []
    author = stix_id("identity", "0")
    for i in range(n):
        second = i % 86400
        stamp = f"2024-{1 + (i // 86400) % 12:02d}-15T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.000Z"
        common = {"spec_version": "2.1", "created": stamp, "modified": stamp, "created_by_ref": author,
                  "object_marking_refs": [TLP_GREEN]}
        kind = ("identity", "indicator", "note")[i % 3]
        if kind == "identity":
            obj = {"type": "identity", "id": author if i == 0 else stix_id("identity", str(i)), **common,
                   "name": f"Organisation {i}", "identity_class": "organization",
                   "description": f"A source of reports, number {i}."}
        elif kind == "indicator":
            obj = {"type": "indicator", "id": stix_id("indicator", str(i)), **common, "name": f"host {i}",
                   "description": f"A host named in verified reports ({i}).", "indicator_types": ["malicious-activity"],
                   "pattern": f"[domain-name:value = 'h{i}.example.org']", "pattern_type": "stix",
                   "valid_from": stamp}
        else:
            obj = {"type": "note", "id": stix_id("note", str(i)), **common, "abstract": f"Finding {i}",
                   "content": f"Host h{i - 1}.example.org was named in a verified report ({i}).",
                   "object_refs": [objects[i - 1]["id"]]}
        objects.append(obj)
    return objects


# -- servers -------------------------------------------------------------------------------
def lagebild_store(db: Path, objects: list[dict] | None) -> tuple[str, str]:
    """A store with partner 'ally' (GREEN, --write); with `objects`, held as ally's inbox."""
    from lagebild.share.importer import import_bundle
    from lagebild.share.partners import add_partner
    from lagebild.store import Store

    with Store(db) as store:
        _, key = add_partner(store, "ally", "GREEN", write=True)
        if objects:
            report = import_bundle(store, {"type": "bundle", "objects": objects}, origin="taxii:ally")
            assert report.added == len(objects) and report.levels == {"GREEN": len(objects)}, report
    return "ally", key


def lagebild_server(db: Path):
    process, discovery = start_lagebild(db)
    return process, discovery + "lagebild/"


def medallion_server(folder: Path, objects: list[dict], max_page: int, max_bytes: int):
    """medallion (memory backend): READ holds `objects`, WRITE is empty."""
    added = [f"2024-12-01T00:00:00.{n % 1000:03d}{n // 1000:03d}Z" for n in range(len(objects))]
    collections = [medallion_collection(MEDALLION_READ, "read", objects, added, can_write=False),
                   medallion_collection(MEDALLION_WRITE, "write", [], [], can_write=True)]
    process, root = start_medallion(folder, collections, {"bench": "secret"}, max_page=max_page, max_bytes=max_bytes)
    return process, root, ("bench", "secret")


# -- measurements --------------------------------------------------------------------------
@dataclass
class Result:
    objects: int
    seconds: float
    cut: bool
    requests: int

    @property
    def rate(self) -> float:
        return self.objects / self.seconds if self.seconds else 0.0


def session(auth: tuple[str, str], root: str) -> requests.Session:
    s = requests.Session()
    s.auth = auth
    s.headers.update(HEADERS)
    s.get(root + "collections/", timeout=60).raise_for_status()  # sign in once (ours: scrypt) before timing
    return s


def full_get(s: requests.Session, url: str, limit: int, budget: float) -> tuple[Result, list[str]]:
    ids: list[str] = []
    params = {"limit": str(limit)}
    start_t = time.perf_counter()
    count = 0
    while True:
        remaining = budget - (time.perf_counter() - start_t)
        if remaining <= 0:
            return Result(len(ids), time.perf_counter() - start_t, True, count), ids
        try:
            response = s.get(url, params=params, timeout=(5, remaining))
        except requests.Timeout:
            return Result(len(ids), time.perf_counter() - start_t, True, count), ids
        count += 1
        if response.status_code != 200:
            raise RuntimeError(f"GET {response.url}: {response.status_code} {response.text[:500]}")
        body = response.json()
        ids += [o["id"] for o in body.get("objects", [])]
        if not body.get("more"):
            return Result(len(ids), time.perf_counter() - start_t, False, count), ids
        params = {"limit": str(limit), "next": body["next"]}


def warm_up(s: requests.Session, url: str, body: bytes) -> None:
    """One untimed POST before the measurement (see the module doc)."""
    response = s.post(url, data=body, timeout=120)
    if response.status_code not in (200, 201, 202) or response.json().get("success_count") != 1:
        raise RuntimeError(f"warm-up POST {url}: {response.status_code} {response.text[:500]}")


def post_all(s: requests.Session, url: str, bodies: list[tuple[int, bytes]], budget: float) -> Result:
    done = 0
    start_t = time.perf_counter()
    for count, (n, body) in enumerate(bodies):
        remaining = budget - (time.perf_counter() - start_t)
        if remaining <= 0:
            return Result(done, time.perf_counter() - start_t, True, count)
        try:
            response = s.post(url, data=body, timeout=(5, remaining))
        except requests.Timeout:
            return Result(done, time.perf_counter() - start_t, True, count)
        if response.status_code not in (200, 201, 202):
            raise RuntimeError(f"POST {url}: {response.status_code} {response.text[:500]}")
        status = response.json()
        if status.get("success_count") != n:
            raise RuntimeError(f"POST {url}: {n} objects sent, status {json.dumps(status)[:500]}")
        done += n
    return Result(done, time.perf_counter() - start_t, False, len(bodies))


# -- the run -------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=90.0, help="seconds per measurement")
    parser.add_argument("--envelope", type=int, default=500, help="objects per POST envelope")
    args = parser.parse_args()
    from lagebild.share.taxii import INBOX_COLLECTION, MAX_CONTENT_LENGTH, MAX_PAGE

    objects = make_objects(args.objects + 1)
    extra = objects.pop()  # for the warm-up: the same kind of object, not among the N
    ids = {o["id"] for o in objects}
    assert len(ids) == len(objects)
    chunks = [objects[i:i + args.envelope] for i in range(0, len(objects), args.envelope)]
    bodies = [(len(c), json.dumps({"objects": c}).encode()) for c in chunks]
    largest = max(len(b) for _, b in bodies)
    warm_body = json.dumps({"objects": [extra]}).encode()
    assert largest <= MAX_CONTENT_LENGTH, f"envelopes of {args.envelope} objects are too large ({largest} bytes)"
    results: dict[tuple[str, str], Result] = {}

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # ours: GET from a store holding the objects, POST into an empty one
        for op in ("GET", "POST"):
            db = folder / f"ours-{op}.db"
            auth = lagebild_store(db, objects if op == "GET" else None)
            process, root = lagebild_server(db)
            try:
                s = session(auth, root)
                url = root + f"collections/{INBOX_COLLECTION}/objects/"
                if op == "GET":
                    results["ours", op], got = full_get(s, url, MAX_PAGE, args.budget)
                    if not results["ours", op].cut:
                        assert sorted(got) == sorted(ids), "our server did not return exactly the objects"
                else:
                    warm_up(s, url, warm_body)
                    results["ours", op] = post_all(s, url, bodies, args.budget)
            finally:
                stop(process)
            if op == "POST" and not results["ours", op].cut:
                import sqlite3

                conn = sqlite3.connect(db)
                held = conn.execute("SELECT count(*) FROM stix_objects WHERE tlp = 'GREEN'").fetchone()[0]
                conn.close()
                assert held == len(objects) + 1, f"our store holds {held} of {len(objects)} + 1 posted objects"
        # medallion: a fresh process for each measurement
        for op in ("GET", "POST"):
            process, root, auth = medallion_server(folder, objects if op == "GET" else [], MAX_PAGE,
                                                   MAX_CONTENT_LENGTH)
            try:
                s = session(auth, root)
                if op == "GET":
                    results["medallion", op], got = full_get(s, root + f"collections/{MEDALLION_READ}/objects/",
                                                             MAX_PAGE, args.budget)
                    if not results["medallion", op].cut:
                        assert sorted(got) == sorted(ids), "medallion did not return exactly the objects"
                else:
                    url = root + f"collections/{MEDALLION_WRITE}/objects/"
                    warm_up(s, url, warm_body)
                    results["medallion", op] = post_all(s, url, bodies, args.budget)
            finally:
                stop(process)

    n = len(objects)
    print(f"objects: {n:,} STIX 2.1 (identity/indicator/note, TLP:GREEN, deterministic ids) on 127.0.0.1;"
          f" budget {args.budget:g} s per measurement")
    print(f"GET: full paginated GET, pages of {MAX_PAGE} (both servers' max page size), following next;"
          f" POST: envelopes of {args.envelope} objects ({len(bodies)} requests, up to {largest / 1e6:.1f} MB)")
    print("ours: lagebild serve, partner 'ally' (max TLP GREEN, --write, HTTP Basic), per-object TLP checks,"
          " audit log; inbox collection")
    print("baseline: medallion 3.0.0, memory backend, one fresh process per measurement")
    print("before each POST measurement: one untimed envelope of 1 extra object to each server (warm-up)")
    print(f"{'':10} {'lagebild':>34} {'medallion':>34} {'ratio':>10}")
    met = True
    for op in ("GET", "POST"):
        ours, base = results["ours", op], results["medallion", op]
        cells = []
        for r in (ours, base):
            note = f" CUT at {r.objects:,}" if r.cut else ""
            cells.append(f"{r.rate:9,.1f} obj/s {r.seconds:6.1f} s{note}")
        if base.cut and base.objects < n:
            # it did not get through all n objects within the budget: its rate over the
            # whole job is below n / budget
            bound = n / base.seconds
            ratio_text = f">= {ours.rate / bound:.1f}x" if not ours.cut else "n/a"
            ratio = ours.rate / bound
            if base.objects:
                ratio_text += f" ({ours.rate / base.rate:.1f}x on done)"
        else:
            ratio = ours.rate / base.rate if base.rate else float("inf")
            ratio_text = f"{ratio:.1f}x"
        met = met and not ours.cut and ratio >= AIM
        print(f"{op:10} {cells[0]:>34} {cells[1]:>34} {ratio_text:>10}")
        if base.cut:
            print(f"{'':10} medallion cut by the budget after {base.requests} answered requests:"
                  f" {base.objects:,} of {n:,} objects in {base.seconds:.1f} s (so below {n / base.seconds:,.0f} obj/s"
                  " over the whole job)")
        if ours.cut:
            print(f"{'':10} lagebild cut by the budget: {ours.objects:,} of {n:,} objects")
    print(f"aim: >= {AIM:g}x medallion on GET and POST, enforcement on -> {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()
