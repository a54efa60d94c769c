"""A process killed with SIGKILL in the middle of an ingest leaves a consistent store:
whole files or nothing of them."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

DOCS_PER_FILE = 400


@pytest.mark.slow
def test_sigkill_mid_ingest_leaves_whole_files(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for f in range(40):
        with open(inputs / f"part{f:02d}.jsonl", "w") as handle:
            for i in range(DOCS_PER_FILE):
                text = f"Bericht {f}-{i}: Die Minister trafen sich in Stadt {i} und sprachen über Thema {f * i}."
                handle.write(json.dumps({"id": f"{f}-{i}", "text": text * 3, "language": "de"}) + "\n")
    db = tmp_path / "s.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "lagebild", "ingest", str(inputs), "--db", str(db), "--no-analyze"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # Wait until some files are committed, then kill without warning.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists() and _count(db) >= DOCS_PER_FILE:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    count = _count(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert count % DOCS_PER_FILE == 0, f"a file was half-stored: {count} documents"
    assert 0 < count < 40 * DOCS_PER_FILE, "the kill should land mid-ingest"
    fts = conn.execute("SELECT count(*) FROM documents_fts").fetchone()[0]
    assert fts == count
    conn.close()


def _count(db) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0
