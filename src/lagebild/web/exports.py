"""Downloads of an article's latest saved check: the Markdown and HTML reports of
`lagebild report`, the `lagebild check --json` object, and a STIX 2.1 bundle of that
article as `lagebild export stix` would share it.

TLP:RED never leaves the store. The reports and the JSON carry the check's evidence,
so they are as restricted as the check, its article and every stored document it
cites (`check_level`); the STIX bundle marks each object by itself and drops what is
RED, so only a RED article or check refuses it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from lagebild.share import tlp
from lagebild.store import Store
from lagebild.web import core


@dataclass(frozen=True)
class Format:
    label: str
    media_type: str
    suffix: str


FORMATS: dict[str, Format] = {
    "md": Format("Markdown", "text/markdown; charset=utf-8", "md"),
    "html": Format("HTML report", "text/html; charset=utf-8", "html"),
    "json": Format("JSON", "application/json", "json"),
    "stix": Format("STIX 2.1", "application/stix+json;version=2.1", "stix.json"),
}
RED_REASON = {
    "article": "TLP:RED: the article or its check is for its named recipients only; lagebild never exports it",
    "evidence": "TLP:RED: the check cites a document marked RED as evidence; only the STIX bundle, which "
                "leaves out what quotes it, may be exported",
}


class Refused(Exception):
    """An export that cannot be made: HTTP status and the reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Download:
    """One export button of the article view; `refused` says why it is disabled."""

    fmt: str
    label: str
    href: str
    refused: str | None


@dataclass
class Export:
    body: bytes
    media_type: str
    filename: str

    @property
    def disposition(self) -> str:
        return f'attachment; filename="{self.filename}"'


def export_href(doc_id: str, fmt: str) -> str:
    return "/api" + core.document_href(doc_id, f"/export/{fmt}")


def latest_check(store: Store, doc_id: str):
    return store.conn.execute(
        "SELECT id, tlp, result FROM checks WHERE doc_id = ? ORDER BY id DESC LIMIT 1", (doc_id,)).fetchone()


def refusal(store: Store, doc_id: str, fmt: str, check) -> str | None:
    """Why this export of the check may not leave the store, or None."""
    marked = store.document_tlp(doc_id)
    if tlp.strictest(check["tlp"], marked[0] if marked else None) == "RED":
        return RED_REASON["article"]
    if fmt != "stix" and report_level(store, check["id"]) == "RED":
        return RED_REASON["evidence"]
    return None


def report_level(store: Store, check_id: int) -> str:
    from lagebild.share.marking import check_level

    return check_level(store, check_id)


def downloads(store: Store, doc_id: str) -> list[Download]:
    """The export buttons of a checked article (none before its first check)."""
    check = latest_check(store, doc_id)
    if check is None:
        return []
    return [Download(fmt, f.label, export_href(doc_id, fmt), refusal(store, doc_id, fmt, check))
            for fmt, f in FORMATS.items()]


def export(store: Store, doc_id: str, fmt: str) -> Export:
    """The file for one export; raises `Refused` (404, 409 or 403) with the reason."""
    if store.get(doc_id) is None:
        raise Refused(404, f"no document with id {doc_id!r}")
    check = latest_check(store, doc_id)
    if check is None:
        raise Refused(409, f"document {doc_id!r} has not been checked yet; run the check first")
    reason = refusal(store, doc_id, fmt, check)
    if reason:
        raise Refused(403, reason)
    return Export(_body(store, doc_id, fmt, check), FORMATS[fmt].media_type, filename(doc_id, fmt))


def _body(store: Store, doc_id: str, fmt: str, check) -> bytes:
    from lagebild.verify.report import render_html, render_markdown

    if fmt == "json":
        return check["result"].encode("utf-8") + b"\n"  # saved exactly as `check --json` prints it
    if fmt == "stix":
        from lagebild.share.export import document_bundle

        return (json.dumps(document_bundle(store, doc_id), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    result = core.result_from_json(json.loads(check["result"]))
    level = report_level(store, check["id"])
    text = render_markdown(result, tlp=level) if fmt == "md" else render_html(result, tlp=level)
    return text.encode("utf-8")


def filename(doc_id: str, fmt: str) -> str:
    """An ASCII file name from the id (ids may hold slashes, '#' and any letters)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", doc_id).strip("-.")[:80] or "document"
    return f"lagebild-{slug}.{FORMATS[fmt].suffix}"
