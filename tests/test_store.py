"""The SQLite store: schema migrations, WAL, transactions, search."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from lagebild.document import Document
from lagebild.errors import InputError, StoreError
from lagebild.store import SCHEMA_VERSION, Store


def _doc(doc_id: str, text: str, **meta) -> Document:
    return Document(id=doc_id, text=text, language="en", **meta)


def test_new_store_is_migrated_and_in_wal_mode(tmp_path):
    with Store(tmp_path / "s.db") as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_from_a_newer_lagebild_is_refused(tmp_path):
    path = tmp_path / "s.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="upgrade lagebild"):
        Store(path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path):
    path = tmp_path / "s.db"
    path.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(path)


def test_failed_transaction_rolls_back_everything(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.transaction():
        store.upsert_document(_doc("a", "first text about the summit"))
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.upsert_document(_doc("b", "second text"))
            raise RuntimeError("boom")
    assert [d.document.id for d in store.documents()] == ["a"]
    assert [h.id for h in store.search("second")] == []


def test_upsert_reports_unchanged_and_replaces_changed_text(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.transaction():
        pk, changed = store.upsert_document(_doc("a", "the ministers met in Vilnius"))
        assert changed
        assert store.upsert_document(_doc("a", "the ministers met in Vilnius")) == (pk, False)
        assert store.upsert_document(_doc("a", "the ministers met in Madrid")) == (pk, True)
    assert [h.id for h in store.search("Madrid")] == ["a"]
    assert store.search("Vilnius") == []


def test_documents_round_trip_with_metadata(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.transaction():
        store.upsert_document(_doc("a", "text", title="T", publisher="P", url="https://e.org/a",
                                   published=date(2024, 1, 2), author="A"))
    stored = store.get("a")
    assert stored.document.title == "T" and stored.document.published == date(2024, 1, 2)
    assert stored.document.url == "https://e.org/a" and stored.duplicate_of is None


def test_search_raw_syntax_errors_are_input_errors(tmp_path):
    store = Store(tmp_path / "s.db")
    with pytest.raises(InputError, match="bad search query"):
        store.search('"unbalanced', raw=True)
    with pytest.raises(InputError, match="no words"):
        store.search("?!")


def test_search_ranks_better_matches_first(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.transaction():
        store.upsert_document(_doc("once", "Rutte spoke once in a long text about many other things and topics"))
        store.upsert_document(_doc("often", "Rutte, Rutte and again Rutte"))
    assert [h.id for h in store.search("Rutte")] == ["often", "once"]
