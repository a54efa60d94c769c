"""A small store with checked articles at known TLP levels, shared by test_stix and
test_tlp. Built once per session (checks load the NLP models); each test gets a copy."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from lagebild.ingest import ingest, read_input
from lagebild.store import Store
from lagebild.verify.run import run_check
from tests.conftest import write

TARGET = """---
id: kiew-1
title: Außenminister beraten in Kiew
publisher: Testblatt
published: 2024-10-29
language: de
---
Die Außenminister mehrerer Staaten sind am Dienstag zu Gesprächen in Kiew eingetroffen.
Nato-Generalsekretär Mark Rutte sagte, die Allianz werde die Ukraine weiter unterstützen.
Nach Angaben der Regierung wurden 40 Panzer zugesagt.
"""

WITNESS = """---
id: kiew-2
title: Minister in Kiew
publisher: Zweites Blatt
published: 2024-10-29
language: de
---
Die Außenminister mehrerer Staaten sind am Dienstag zu Gesprächen in Kiew eingetroffen.
Nato-Generalsekretär Mark Rutte sagte, die Allianz werde die Ukraine weiter unterstützen.
Nach Angaben der Regierung wurden 60 Panzer zugesagt.
"""

OTHER = """---
id: summit-1
title: Ministers meet in Brussels
publisher: Test Wire
published: 2024-11-05
language: en
---
Foreign ministers of the European Union met in Brussels on Tuesday to discuss sanctions.
The ministers agreed to prepare a new package of measures, a spokesman said.
"""


def build_store(folder: Path) -> Path:
    """kiew-1 (GREEN) checked against kiew-2 (GREEN), check saved at CLEAR;
    summit-1 (AMBER, the default) checked and saved at the default."""
    db = folder / "shared.db"
    files = [write(folder / "kiew-1.txt", TARGET), write(folder / "kiew-2.txt", WITNESS)]
    other = write(folder / "summit-1.txt", OTHER)
    with Store(db) as store:
        ingest(store, [str(f) for f in files], tlp="GREEN")
        ingest(store, [str(other)])
    result = run_check(read_input(str(files[0]))[0], [], db=db)
    with Store(db) as store, store.transaction():
        store.save_check(result.to_json(), "Testblatt", tlp="CLEAR")
    run_check(read_input(str(other))[0], [], db=db, save=True)
    _checkpoint(db)
    return db


def copy_store(db: Path, folder: Path) -> Path:
    target = folder / "store.db"
    shutil.copy(db, target)
    return target


def _checkpoint(db: Path) -> None:
    # Fold the WAL into the main file so that copying that file copies the whole store.
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


_built: dict[str, Path] = {}


def shared_store(tmp_path_factory) -> Path:
    """The store of `build_store`, built once per test session."""
    if "db" not in _built:
        _built["db"] = build_store(tmp_path_factory.mktemp("sharing"))
    return _built["db"]
