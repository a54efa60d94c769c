"""Fetching `http(s)://` inputs with httpx: bounded time, size and content types.

The size cap counts decompressed bytes, and the body is inflated here rather than by
httpx: httpx inflates each network chunk in one call, so a 64 KiB chunk of a gzip bomb
becomes 64 MiB (or gigabytes, with `gzip, gzip`) before any cap can look at it.
`CappedBody` inflates with a limit on every call and stops at the cap; the rest of
the response is never read, whatever its size.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from lagebild.errors import FetchError
from lagebild.ingest.limits import DEFAULT_MAX_BYTES

ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "text/plain",
    "text/markdown",
)
USER_AGENT = "lagebild (offline news verification; +https://example.org/lagebild)"
# Only the codings CappedBody can inflate under the cap; httpx would add br/zstd when
# their packages happen to be installed.
ACCEPT_ENCODING = "gzip, deflate"
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


class BodyRefused(Exception):
    """A response refused before or while its body is read; the message is the reason."""


def screen_response(headers, *, max_bytes: int) -> str:
    """The response's content type, once its headers pass: a type lagebild reads and a
    declared length within the cap (so a huge download is refused before it starts)."""
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and content_type not in ACCEPTED_TYPES:
        raise BodyRefused(f"content type {content_type!r} is not an article, page or feed (HTML, XML, text)")
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyRefused(f"the response is {int(declared)} bytes, over the {max_bytes}-byte cap")
    return content_type


class CappedBody:
    """A response body collected from its raw chunks, inflated step by step so that it
    never holds more than `max_bytes` (plus one chunk) whatever the server sends."""

    def __init__(self, content_encoding: str | None, *, max_bytes: int) -> None:
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        codings = [c for c in codings if c and c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in _WBITS):
            # Stacked codings multiply the ratio; nothing sensible sends them to a reader
            # that asked for "gzip, deflate".
            raise BodyRefused(f"content encoding {content_encoding!r} is not supported (one of gzip or deflate)")
        self.coding = codings[0] if codings else None
        self.max_bytes = max_bytes
        self.size = 0  # decoded bytes kept
        self.raw_size = 0
        self._chunks: list[bytes] = []
        self._inflater = zlib.decompressobj(_WBITS[self.coding]) if self.coding else None

    def feed(self, raw: bytes) -> None:
        first = self.raw_size == 0
        self.raw_size += len(raw)
        if self.raw_size > self.max_bytes:
            raise BodyRefused(f"the response is over the {self.max_bytes}-byte cap")
        if self._inflater is None:
            self._keep(raw)
            return
        data = raw
        while data and not self._inflater.eof:
            # At most one byte past the cap per call: enough to know it is exceeded.
            self._keep(self._inflate(data, self.max_bytes - self.size + 1, first=first))
            data = self._inflater.unconsumed_tail
            first = False

    def finish(self) -> bytes:
        if self._inflater is not None and not self._inflater.eof:
            self._keep(self._inflater.flush())
        return b"".join(self._chunks)

    def _inflate(self, data: bytes, limit: int, *, first: bool) -> bytes:
        try:
            return self._inflater.decompress(data, limit)
        except zlib.error as exc:
            if first and self.coding == "deflate":
                # Some servers send "deflate" without its zlib header (raw deflate).
                self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                return self._inflate(data, limit, first=False)
            raise BodyRefused(f"the response's {self.coding} data is corrupt ({exc})") from None

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.max_bytes:
            how = f" once decompressed ({self.coding}; {self.raw_size} bytes received)" if self.coding else ""
            raise BodyRefused(f"the response is over the {self.max_bytes}-byte cap{how}")
        if piece:
            self._chunks.append(piece)


def fetch(url: str, *, timeout: float = 15.0, max_bytes: int = DEFAULT_MAX_BYTES, transport=None) -> Fetched:
    import httpx

    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=5,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPT_ENCODING},
            transport=transport,
        ) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"the server answered HTTP {response.status_code}", source=url)
                content_type = screen_response(response.headers, max_bytes=max_bytes)
                body = CappedBody(response.headers.get("content-encoding"), max_bytes=max_bytes)
                for raw in response.iter_raw():
                    body.feed(raw)
                return Fetched(str(response.url), content_type, body.finish())
    except BodyRefused as exc:
        raise FetchError(str(exc), source=url) from None
    except httpx.TooManyRedirects:
        raise FetchError("too many redirects (more than 5)", source=url) from None
    except httpx.TimeoutException:
        raise FetchError(f"no answer within {timeout:g} s; check the address or try again later", source=url) from None
    except httpx.ConnectError as exc:
        raise FetchError(
            f"cannot connect ({exc}); are you offline? save the page and ingest the file instead", source=url
        ) from None
    except httpx.HTTPError as exc:
        raise FetchError(f"fetch failed ({exc.__class__.__name__}: {exc})", source=url) from None
