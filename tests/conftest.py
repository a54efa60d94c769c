"""Shared fixtures: a CLI runner with separate stdout/stderr, a store fingerprint, stores
for the web tests, and paths to the evaluation data next to the repository (absent in a
user's clone)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lagebild.cli import app

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _embedding_cache(tmp_path_factory):
    """Keep the tests' sentence-embedding cache out of the user's home."""
    import os

    previous = os.environ.get("LAGEBILD_CACHE")
    os.environ["LAGEBILD_CACHE"] = str(tmp_path_factory.mktemp("cache") / "embeddings.sqlite")
    yield
    if previous is None:
        os.environ.pop("LAGEBILD_CACHE", None)
    else:
        os.environ["LAGEBILD_CACHE"] = previous
SHARED = REPO.parent / "shared"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args: str) -> Run:
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def store_fingerprint(db: Path) -> str:
    """A hash of every row of every table: equal fingerprints mean an unchanged store."""
    if not db.exists():
        return "absent"
    conn = sqlite3.connect(db)
    digest = hashlib.sha256()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for table in tables:
        if table.startswith("documents_fts_"):
            continue
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "CONTRACT.md").exists():
        pytest.skip("needs ../shared (evaluation data next to the repository), absent in a user's clone")
    return SHARED


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GERMAN_REPORT = """---
id: de-1
title: Außenminister reisen nach Kiew
publisher: Testblatt
published: 2024-10-29
language: de
---
Die Außenminister mehrerer Staaten sind am Dienstag zu Gesprächen in Kiew eingetroffen.
Sie wollen über weitere Hilfen für die Ukraine beraten, sagte ein Sprecher der Regierung.
"""

ENGLISH_REPORT = """---
id: en-1
title: Ministers arrive in Kyiv
publisher: Test Wire
published: 2024-10-29
---
Foreign ministers from several countries arrived in Kyiv on Tuesday for talks with the government.
They want to discuss further support for Ukraine, a government spokesman said in a statement.
"""


# -- stores for the web tests ------------------------------------------------------------------


@pytest.fixture(scope="session")
def empty_store(tmp_path_factory) -> Path:
    """A migrated store with the knowledge base loaded, made once and copied per test."""
    from lagebild.web import create_app

    db = tmp_path_factory.mktemp("web") / "template.db"
    create_app(db)
    return db


@pytest.fixture
def db(empty_store, tmp_path) -> Path:
    path = tmp_path / "cases.db"
    shutil.copy(empty_store, path)
    return path


@pytest.fixture
def client(db):
    from fastapi.testclient import TestClient

    from lagebild.web import create_app

    return TestClient(create_app(db))


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The demo corpus ingested once (analysed, near-copies linked, nothing checked).
    Read it in place; a test that writes works on a copy."""
    from lagebild.demo import corpus_inputs
    from lagebild.ingest import ingest
    from lagebild.store import Store
    from lagebild.web import create_app

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    create_app(db)
    with Store(db) as store:
        ingest(store, corpus_inputs())
    return db
