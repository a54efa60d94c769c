"""schemathesis over every /api/ operation of the OpenAPI schema (/api/openapi.json),
against the ASGI app over a store with the demo corpus (some of it checked): no 500s,
status codes, content types, headers and bodies as the schema documents them, and
input the schema forbids is refused.

The number of examples per operation is bounded (LAGEBILD_SCHEMATHESIS_EXAMPLES,
default 25) so that the module runs in about a minute.
"""

from __future__ import annotations

import os

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lagebild.errors import FetchError  # noqa: E402

pytestmark = pytest.mark.slow
EXAMPLES = int(os.environ.get("LAGEBILD_SCHEMATHESIS_EXAMPLES", "25"))
# Left out: positive_data_acceptance, because the schema cannot say everything the API
# refuses with 400 (a date that is not ISO, a language other than de/en, an unknown
# role, a file that is not an article); the other default checks are about
# authentication and resources that this API does not have.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]
# Every operation, one test each (test_every_api_operation_is_covered keeps the list
# complete). schemathesis's own pytest integration is not used: its lazy loader,
# needed to build the store in a fixture, does not run under pytest 9.
OPERATIONS = [
    ("POST", "/api/check"), ("POST", "/api/documents"), ("POST", "/api/ingest"), ("GET", "/api/documents"),
    ("GET", "/api/documents/{doc_id}"), ("GET", "/api/documents/{doc_id}/export/{fmt}"), ("GET", "/api/search"),
    ("GET", "/api/kb/who"), ("GET", "/api/kb/person"),
]
CHECKED = ("demo-vilnius-1", "demo-aukus-1")
STORED = CHECKED + ("demo-abraham-1", "demo-aukus-1-syndicated")  # checked, unchecked, a near-copy


def saved_check(document) -> dict:
    """A check result of the `check --json` shape with one finding and one claim, saved
    without running the check (the schema, not the verification, is under test)."""
    first = document.text.split(".")[0]
    evidence = [{"source": "kb:olaf-scholz", "text": "head_of_government of DE from 2021-12-08"}]
    return {
        "id": document.id, "text": document.text,
        "published": document.published.isoformat() if document.published else None,
        "findings": [{"kind": "generation_artifact", "start": 0, "end": len(first), "text": first,
                      "severity": "high", "explanation": "planted for the schema test", "evidence": evidence}],
        "claims": [{"start": 0, "end": len(first), "text": first, "status": "unverified", "credibility": 6,
                    "evidence": []}],
        "source_reliability": "F", "notes": [],
    }


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    """The schema as the app serves it, bound to the app over a store with the demo
    corpus (two documents with a saved check, so that checks and exports are answered).
    URLs it generates are never fetched: the fetcher refuses them at once."""
    from lagebild.demo import corpus_inputs
    from lagebild.ingest import ingest
    from lagebild.store import Store
    from lagebild.web import create_app

    def offline(url: str, **_) -> None:
        raise FetchError("not fetched in this test", source=url)

    db = tmp_path_factory.mktemp("schemathesis") / "demo.db"
    app = create_app(db)
    with Store(db) as store:
        ingest(store, corpus_inputs(), analyze=False)
        with store.transaction():
            for doc_id in CHECKED:
                document = store.get(doc_id).document
                store.save_check(saved_check(document), document.publisher)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("lagebild.ingest.fetch.fetch", offline)
        yield schemathesis.openapi.from_asgi("/api/openapi.json", app)


@pytest.mark.parametrize("method, path", OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_api_conforms_to_its_schema(api_schema, method, path):
    operation = api_schema[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))
    if "{doc_id}" in path:  # random ids are never stored: ask for the stored ones as often
        cases = st.one_of(cases, st.sampled_from(STORED).flatmap(
            lambda doc_id: operation.as_strategy(GenerationMode.POSITIVE, path_parameters={"doc_id": doc_id})))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def run(case) -> None:
        case.call_and_validate(checks=CHECKS)

    run()


def test_every_api_operation_is_covered(api_schema):
    operations = {(result.ok().method.upper(), result.ok().path) for result in api_schema.get_all_operations()}
    assert operations == set(OPERATIONS)
