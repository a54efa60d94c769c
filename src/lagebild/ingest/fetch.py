"""Fetching `http(s)://` inputs with httpx: bounded time, size and content types."""

from __future__ import annotations

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


@dataclass
class Fetched:
    url: str  # after redirects
    content_type: str
    body: bytes


def fetch(url: str, *, timeout: float = 15.0, max_bytes: int = DEFAULT_MAX_BYTES, transport=None) -> Fetched:
    import httpx

    try:
        with httpx.Client(
            follow_redirects=True,
            max_redirects=5,
            timeout=httpx.Timeout(timeout),
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        ) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"the server answered HTTP {response.status_code}", source=url)
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if content_type and content_type not in ACCEPTED_TYPES:
                    raise FetchError(
                        f"content type {content_type!r} is not an article or feed (HTML, XML, text)",
                        source=url,
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(f"the response is {int(declared)} bytes, over the {max_bytes}-byte cap", source=url)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(f"the response is over the {max_bytes}-byte cap", source=url)
                    chunks.append(chunk)
                return Fetched(str(response.url), content_type, b"".join(chunks))
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
