"""TAXII servers on 127.0.0.1 as child processes, for the interoperability tests and the
TAXII benchmark: `lagebild serve` over a store, and the OASIS reference server medallion
(memory backend, test extra) over collections given as data.

Each `start_*` returns the process and its URL once something listens on the port;
`stop` ends the process (and only it).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

MEDIA_STIX = "application/stix+json;version=2.1"
MEDIA_TAXII = "application/taxii+json;version=2.1"
STARTUP_SECONDS = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def executable(name: str) -> str:
    """A console script of this environment (next to its Python)."""
    return str(Path(sys.executable).parent / name)


def start(args: list[str], port: int, seconds: float = STARTUP_SECONDS) -> subprocess.Popen:
    """Run `args` and wait until 127.0.0.1:`port` accepts connections."""
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{args[0]} exited: {process.stderr.read().decode(errors='replace')[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds:g} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start_lagebild(db: Path) -> tuple[subprocess.Popen, str]:
    """`lagebild serve` over `db`; the URL is its TAXII discovery endpoint."""
    port = free_port()
    process = start([executable("lagebild"), "serve", "--db", str(db), "--port", str(port)], port)
    return process, f"http://127.0.0.1:{port}/taxii2/"


def medallion_collection(collection_id: str, title: str, objects: list[dict], added: list[str], *,
                         can_write: bool) -> dict:
    """A collection for medallion's memory backend: `objects` with their `added` dates."""
    manifest = [{"id": o["id"], "date_added": when, "version": o["modified"], "media_type": MEDIA_STIX}
                for o, when in zip(objects, added, strict=True)]
    return {"id": collection_id, "title": title, "can_read": True, "can_write": can_write,
            "media_types": [MEDIA_STIX], "objects": objects, "manifest": manifest}


def start_medallion(folder: Path, collections: list[dict], users: dict[str, str], *, max_page: int,
                    max_bytes: int) -> tuple[subprocess.Popen, str]:
    """medallion with one API root holding `collections` (see `medallion_collection`), its
    data and configuration written to `folder`; the URL is the API root."""
    port = free_port()
    root = f"http://127.0.0.1:{port}/api1/"
    data = {
        "/discovery": {"title": "medallion", "description": "lagebild tests", "default": root, "api_roots": [root]},
        "api1": {
            "information": {"title": "api1", "description": "lagebild tests", "max_content_length": max_bytes,
                            "versions": [MEDIA_TAXII]},
            "status": [],
            "collections": collections,
        },
    }
    data_file = folder / f"medallion-data-{port}.json"
    data_file.write_text(json.dumps(data), encoding="utf-8")
    config = folder / f"medallion-{port}.json"
    config.write_text(json.dumps({
        "backend": {"module": "medallion.backends.memory_backend", "module_class": "MemoryBackend",
                    "filename": str(data_file), "session_timeout": 3600},
        "users": users,
        "taxii": {"max_page_size": max_page},
    }), encoding="utf-8")
    process = start([executable("medallion"), "--host", "127.0.0.1", "--port", str(port), str(config)], port)
    return process, root
