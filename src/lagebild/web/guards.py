"""Two ASGI guards in front of the app: the access token, then the request-size cap.

Both answer before any route runs, so a refused request never reaches the store.
"""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

MAX_BODY_BYTES = 2 * 1024 * 1024
# A refused body is read on (and dropped) up to this much, so that a browser still
# sending a large file gets to read the 413 instead of a reset connection.
DRAIN_BYTES = 32 * 1024 * 1024
TOKEN_COOKIE = "lagebild_token"


async def _send_json(send, status: int, payload: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                    *headers],
    })
    await send({"type": "http.response.body", "body": body})


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class TokenGate:
    """Every request must carry the token: `Authorization: Bearer TOKEN` or the cookie that
    `/login?token=TOKEN` sets. Without a token configured, everything passes."""

    def __init__(self, app, token: str | None) -> None:
        self.app = app
        self.token = token

    def _matches(self, supplied: str | None) -> bool:
        return supplied is not None and hmac.compare_digest(supplied.encode(), self.token.encode())

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or self.token is None:
            await self.app(scope, receive, send)
            return
        if scope["path"] == "/login":
            supplied = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [None])[0]
            if not self._matches(supplied):
                await _send_json(send, 401, {"error": "wrong or missing token; open /login?token=TOKEN"})
                return
            cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", b"/documents"), (b"set-cookie", cookie.encode()),
                                    (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        authorization = _header(scope, b"authorization") or ""
        supplied = authorization[7:].strip() if authorization.lower().startswith("bearer ") else None
        if supplied is None:
            cookies = SimpleCookie()
            try:
                cookies.load(_header(scope, b"cookie") or "")
            except Exception:  # a malformed cookie header carries no token
                cookies = SimpleCookie()
            supplied = cookies[TOKEN_COOKIE].value if TOKEN_COOKIE in cookies else None
        if not self._matches(supplied):
            await _send_json(
                send, 401,
                {"error": "this server needs its access token: send 'Authorization: Bearer TOKEN' "
                          "or open /login?token=TOKEN once in the browser"},
                [(b"www-authenticate", b"Bearer")],
            )
            return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuse request bodies over `max_bytes` with 413, before anything parses them.

    The body is read here (at most `max_bytes` + one chunk) and replayed to the app.
    """

    def __init__(self, app, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _too_large(self, scope, receive, send, *, drain: bool) -> None:
        from starlette.requests import Request

        from lagebild.web.app import _error  # JSON, or the error page for a browser's form

        if drain:
            await _drain(receive)
        size = f"{self.max_bytes / 2**20:g} MiB" if self.max_bytes >= 2**20 else f"{self.max_bytes:,}-byte"
        reason = f"the request body is over the {size} limit; upload a smaller file or send one article at a time"
        await _error(Request(scope), 413, reason)(scope, receive, send)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _send_json(send, 400, {"error": f"bad Content-Length header {declared!r}"})
                return
            if int(declared) > self.max_bytes:
                await self._too_large(scope, receive, send, drain=int(declared) <= DRAIN_BYTES)
                return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._too_large(scope, receive, send, drain=message.get("more_body", False))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _drain(receive) -> None:
    """Read and drop the rest of a refused body, up to DRAIN_BYTES."""
    seen = 0
    while seen <= DRAIN_BYTES:
        message = await receive()
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return
        seen += len(message.get("body", b""))
