"""`lagebild serve`: the workbench under uvicorn, local by default."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from lagebild.errors import InputError

TOKEN_ENV = "LAGEBILD_TOKEN"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_binding(host: str, token: str | None) -> None:
    """Refuse to serve on a non-loopback address without an access token."""
    if not is_loopback(host) and not token:
        raise InputError(
            f"--host {host} makes the workbench reachable from other machines; set an access token "
            f"with --token TOKEN or the {TOKEN_ENV} environment variable, or keep the default 127.0.0.1"
        )


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
          on_ready=None) -> None:
    """Serve the pages and the REST API over the store at `db` until interrupted."""
    import uvicorn

    from lagebild.web.app import create_app

    check_binding(host, token)
    app = create_app(db, token=token or None)
    if on_ready:
        on_ready()
    uvicorn.run(app, host=host, port=port, log_level="warning")
