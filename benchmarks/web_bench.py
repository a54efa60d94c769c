"""Response times of the workbench's pages, server-rendered, through FastAPI's test client.

(a) The article view of a document whose saved check has 50 findings (target: under
    200 ms); the baseline is the same document's JSON from GET /api/documents/{id}.
(b) The inbox over a store of 10,000 documents (ingested as ingest_bench.py makes them,
    without analysis; a fifth of them with a saved check): the first page, a deep
    offset and a search (target: under 300 ms each); the baseline is the bare JSON of
    GET /api/documents (GET /api/search for the search) for the same page.

Each time is the median of --repeat requests after one warm-up request.

    python benchmarks/web_bench.py [--docs 10000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ingest_bench import make_corpus  # noqa: E402

ARTICLE_TARGET_MS = 200
INBOX_TARGET_MS = 300
SENTENCE = ("Der Minister {n} sagte am Dienstag in Berlin, die Regierung werde {n} Millionen Euro "
            "für den Wiederaufbau bereitstellen. ")


def median_ms(request: Callable[[], object], repeat: int) -> float:
    request()  # warm-up: templates compiled, caches filled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def fetch(client, url: str) -> Callable[[], object]:
    def request():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:200])
        return response

    return request


def check_with_findings(doc_id: str, text: str, count: int) -> dict:
    """A saved check of the `check --json` shape with `count` findings, one per sentence,
    each with evidence, and a graded claim for every other sentence."""
    findings, claims, start = [], [], 0
    kinds = ("wrong_office_holder", "unverifiable_person", "conflicting_number", "generation_artifact")
    for n, sentence in enumerate(text.split(". ")[:count]):
        end = start + len(sentence)
        evidence = [{"source": f"doc-{n}", "text": "Die Regierung werde andere Summen bereitstellen."},
                    {"source": "kb:olaf-scholz", "text": "head_of_government of DE from 2021-12-08"}]
        findings.append({"kind": kinds[n % len(kinds)], "start": start, "end": end, "text": sentence,
                         "severity": ("high", "medium", "low")[n % 3],
                         "explanation": f"Finding {n}: the sentence disagrees with other reports.", "evidence": evidence})
        if n % 2 == 0:
            claims.append({"start": start, "end": end, "text": sentence, "status": "contradicted", "credibility": 5,
                           "evidence": evidence[:1]})
        start = end + 2
    return {"id": doc_id, "text": text, "published": "2024-10-28", "findings": findings, "claims": claims,
            "source_reliability": "C", "notes": []}


def build_store(folder: Path, docs: int) -> Path:
    """`docs` short documents (no analysis), every fifth with a saved check, and one long
    article whose check has 50 findings."""
    from lagebild.document import Document
    from lagebild.ingest import ingest, ingest_documents
    from lagebild.store import Store
    from lagebild.web import create_app

    db = folder / "bench.db"
    create_app(db)  # migrated, knowledge base loaded
    corpus = folder / "corpus.jsonl"
    make_corpus(corpus, docs)
    text = "".join(SENTENCE.format(n=n) for n in range(60))
    with Store(db) as store:
        ingest(store, [str(corpus)], analyze=False)
        ingest_documents(store, [Document(id="article-50", text=text, title="Fifty findings", publisher="Testblatt",
                                          language="de")], analyze=False)
        with store.transaction():
            store.save_check(check_with_findings("article-50", text, 50), "Testblatt")
            for n in range(0, docs, 5):
                store.save_check({"id": f"doc-{n}", "text": "", "published": "2024-10-28", "findings": [],
                                  "claims": [], "source_reliability": "F", "notes": []}, f"Publisher {n % 40}")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        db = build_store(Path(tmp), args.docs)
        built = time.perf_counter() - start
        client = TestClient(create_app(db))
        page = client.get("/documents/article-50").text
        assert page.count('<li id="finding-') == 50, "the article view should list 50 findings"
        rows = [
            ("article view, 50 findings", "/documents/article-50", "/api/documents/article-50", ARTICLE_TARGET_MS),
            ("inbox, first page", "/documents", "/api/documents", INBOX_TARGET_MS),
            ("inbox, deep offset", f"/documents?offset={args.docs - 50}", f"/api/documents?offset={args.docs - 50}",
             INBOX_TARGET_MS),
            ("inbox, search", "/documents?q=Regierung+Minister", "/api/search?q=Regierung+Minister&limit=50",
             INBOX_TARGET_MS),
        ]
        print(f"store: {args.docs:,} documents + 1 article with a 50-finding check, {args.docs // 5:,} saved checks "
              f"(built in {built:.0f} s); median of {args.repeat} requests via TestClient")
        print(f"{'page':28} {'page ms':>8} {'JSON ms':>8} {'ratio':>6}  target")
        missed = 0
        for label, url, baseline_url, target in rows:
            ours = median_ms(fetch(client, url), args.repeat)
            base = median_ms(fetch(client, baseline_url), args.repeat)
            met = ours < target
            missed += not met
            print(f"{label:28} {ours:8.1f} {base:8.1f} {ours / base:6.2f}  < {target} ms: {'met' if met else 'NOT met'}")
        print(f"targets: {'all met' if not missed else f'{missed} NOT met'}")


if __name__ == "__main__":
    main()
