"""Mapping checked articles to STIX 2.1 objects (plain dicts, ready to serialise).

One checked article becomes:

    report     the article: title, text, publication date; object_refs to the entities
    identity   its publisher, and each person (individual) and organisation it names
    location   each place it names that is linked to a country or a city
    note       one per graded claim (confidence from the Admiralty credibility) and one
               per finding (kind, explanation, evidence); object_refs to the report

What STIX has no property for (the Admiralty codes, claim status, finding kind, text
offsets) goes into a property extension of ours, defined by the `extension-definition`
object `extension_definition()` returns.

The objects are built as dicts rather than stix2 classes: a store exports thousands of
objects, the stix2 constructors are slow for that, and dicts let us control every
property so that the same input serialises to the same bytes. The tests validate the
output with stix2-validator and parse it with stix2.

Ids are deterministic: a SHA-1 hash of a namespace of ours and a stable content key,
laid out like uuid5 but with the version nibble of a UUIDv4. The STIX 2.1 spec and
stix2-validator expect UUIDv4 for domain objects (a uuid5 id draws a warning), and a
hash-derived id is as unique as a random one; so the same article, claim or finding gets
the same id in every export, and a partner updates its copy instead of duplicating it.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from lagebild.verify.report import CREDIBILITY, KIND_LABELS
from lagebild.share import tlp

SPEC_VERSION = "2.1"
# Our namespace for ids; never change it, or every id a partner holds changes.
NAMESPACE = uuid.UUID("6f1c2a4e-9b1d-4c3e-8f5a-2d7b0e9c4a13")

# Admiralty information credibility (1 confirmed … 6 cannot be judged) → STIX confidence.
# 6 means "cannot be judged", which is no confidence at all, so the property is left out.
CONFIDENCE: dict[int, int] = {1: 90, 2: 70, 3: 50, 4: 30, 5: 10}

EXTENSION_NAME = "lagebild verification"
EXTENSION_VERSION = "1.0.0"
EXTENSION_SCHEMA = (
    "A property extension on report and note objects produced by lagebild. "
    "On a report: document_id (the article's id in the producer's store), source_reliability "
    "(Admiralty source reliability A-F of the publisher at check time), publisher_ref (identity "
    "id), article_url, text_sha256 (SHA-256 of the article text in the description), checked "
    "(timestamp of the check). On a note: note_kind ('claim' or 'finding'); start and end "
    "(character offsets into the report's description); for a claim: claim_status "
    "(corroborated, contradicted or uncorroborated), credibility (Admiralty information "
    "credibility 1-6) and admiralty_code (reliability letter and credibility digit, e.g. B2); "
    "for a finding: finding_kind, severity (high, medium, low) and evidence (a list of "
    "{source, text}: a document id or kb:<person id>, and the sentence that shows it)."
)

# One wording for the labels across reports and shared objects.
FINDING_LABELS = KIND_LABELS
CREDIBILITY_LABELS = CREDIBILITY


# -- ids and timestamps ----------------------------------------------------------------
def stix_id(object_type: str, *key: object) -> str:
    """A deterministic id for `object_type` from a content key (see the module doc)."""
    text = "\x1f".join([object_type, *(str(part) for part in key)])
    digest = bytearray(hashlib.sha1(NAMESPACE.bytes + text.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x40  # version 4 layout
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    return f"{object_type}--{uuid.UUID(bytes=bytes(digest))}"


def parse_time(value: str | datetime | date) -> datetime:
    """A timezone-aware UTC datetime from the store's ISO strings or a date."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def timestamp(value: str | datetime | date) -> str:
    """STIX timestamp: UTC, millisecond precision, as the spec requires for created/modified."""
    moment = parse_time(value)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def normalize_key(name: str) -> str:
    return " ".join(name.casefold().split())


# -- the inputs of the mapping ----------------------------------------------------------
@dataclass
class Entity:
    """A person, organisation or place an article names, as the STIX object it becomes."""

    id: str
    fields: dict  # type-specific properties (name, identity_class, country, …)


@dataclass
class CheckedArticle:
    """Everything the mapping needs about one checked article (built by export.py)."""

    doc_id: str
    text: str
    result: dict  # CheckResult.to_json()
    level: str  # the report's TLP level (strictest of the check and the article)
    created: datetime  # first check of this article
    modified: datetime  # latest change of the check, the article or their markings
    checked: datetime  # when the exported check ran
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    published: date | None = None
    entities: list[Entity] = field(default_factory=list)
    # Stored documents cited as evidence: id → (level, when the level was set).
    evidence_levels: dict[str, tuple[str, datetime]] = field(default_factory=dict)


# -- objects of our own -----------------------------------------------------------------
PRODUCER_CREATED = "2026-01-01T00:00:00.000Z"


def producer_identity(name: str) -> dict:
    """The identity that created every object we export (`created_by_ref`)."""
    return {
        "type": "identity",
        "spec_version": SPEC_VERSION,
        "id": stix_id("identity", "producer", normalize_key(name)),
        "created": PRODUCER_CREATED,
        "modified": PRODUCER_CREATED,
        "name": name,
        "identity_class": "organization",
        "object_marking_refs": [tlp.MARKING_IDS["CLEAR"]],
    }


def extension_id() -> str:
    return stix_id("extension-definition", "lagebild-verification", EXTENSION_VERSION)


def extension_definition(producer_id: str) -> dict:
    return {
        "type": "extension-definition",
        "spec_version": SPEC_VERSION,
        "id": extension_id(),
        "created_by_ref": producer_id,
        "created": PRODUCER_CREATED,
        "modified": PRODUCER_CREATED,
        "name": EXTENSION_NAME,
        "description": "Admiralty codes and verification details of articles checked with lagebild.",
        "schema": EXTENSION_SCHEMA,
        "version": EXTENSION_VERSION,
        "extension_types": ["property-extension"],
        "object_marking_refs": [tlp.MARKING_IDS["CLEAR"]],
    }


def _extension(properties: dict) -> dict:
    values = {key: value for key, value in properties.items() if value is not None}
    return {extension_id(): {"extension_type": "property-extension", **values}}


def common(obj_id: str, level: str, created: datetime, modified: datetime, producer_id: str) -> dict:
    """The properties every exported domain object carries."""
    object_type = obj_id.split("--", 1)[0]
    return {
        "type": object_type,
        "spec_version": SPEC_VERSION,
        "id": obj_id,
        "created_by_ref": producer_id,
        "created": timestamp(created),
        "modified": timestamp(max(created, modified)),
        "object_marking_refs": [tlp.MARKING_IDS[level]],
    }


# -- entities ---------------------------------------------------------------------------
def publisher_entity(publisher: str) -> Entity:
    return Entity(stix_id("identity", "publisher", normalize_key(publisher)),
                  {"name": publisher, "identity_class": "organization", "roles": ["publisher"]})


def person_entity(name: str, kb_id: str | None, wikidata: str | None = None) -> Entity:
    key = kb_id or "name:" + normalize_key(name)
    fields: dict = {"name": name, "identity_class": "individual"}
    if wikidata:
        fields["external_references"] = [{"source_name": "wikidata", "external_id": wikidata}]
    return Entity(stix_id("identity", "person", key), fields)


def organisation_entity(name: str, kb_id: str | None) -> Entity:
    key = kb_id or "name:" + normalize_key(name)
    return Entity(stix_id("identity", "organization", key), {"name": name, "identity_class": "organization"})


def country_entity(code: str, name: str) -> Entity:
    return Entity(stix_id("location", f"country:{code}"), {"name": name, "country": code})


def city_entity(geonames_id: str, name: str, country: str, latitude: float, longitude: float) -> Entity:
    return Entity(
        stix_id("location", f"city:{geonames_id}"),
        {"name": name, "city": name, "country": country, "latitude": latitude, "longitude": longitude},
    )


def entity_object(entity: Entity, level: str, created: datetime, modified: datetime, producer_id: str) -> dict:
    return {**common(entity.id, level, created, modified, producer_id), **entity.fields}


# -- one checked article ----------------------------------------------------------------
def report_id(doc_id: str) -> str:
    return stix_id("report", doc_id)


def report_object(article: CheckedArticle, producer_id: str) -> dict:
    refs = [entity.id for entity in article.entities] or [producer_id]
    publisher_ref = publisher_entity(article.publisher).id if article.publisher else None
    obj = common(report_id(article.doc_id), article.level, article.created, article.modified, producer_id)
    obj.update({
        "name": article.title or article.doc_id,
        "description": article.text,
        # The article's own date when known; otherwise the day it was checked.
        "published": timestamp(article.published or article.checked),
        "object_refs": list(dict.fromkeys(refs)),
    })
    if article.language:
        obj["lang"] = article.language
    reliability = article.result.get("source_reliability")
    obj["extensions"] = _extension({
        "document_id": article.doc_id,
        "source_reliability": reliability,
        "publisher_ref": publisher_ref,
        "article_url": article.url,
        "text_sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
        "checked": timestamp(article.checked),
    })
    return obj


def _evidence_level(article: CheckedArticle, evidence: list[dict]) -> tuple[str, datetime]:
    """A note quoting stored documents is at least as restricted as they are."""
    level, modified = article.level, article.modified
    for item in evidence:
        cited = article.evidence_levels.get(item.get("source", ""))
        if cited is not None:
            level = tlp.strictest(level, cited[0])
            modified = max(modified, cited[1])
    return level, modified


def claim_note(article: CheckedArticle, claim: dict, producer_id: str) -> tuple[dict, str]:
    """The note for one graded claim, and its TLP level."""
    level, modified = _evidence_level(article, claim.get("evidence", []))
    credibility = int(claim["credibility"])
    reliability = article.result.get("source_reliability") or "F"
    note_id = stix_id("note", "claim", article.doc_id, claim["start"], claim["text"])
    note = common(note_id, level, article.created, modified, producer_id)
    note.update({
        "abstract": f"Claim {claim['status']} (credibility {credibility}: {CREDIBILITY_LABELS[credibility]})",
        "content": claim["text"] + _evidence_text(claim.get("evidence", [])),
        "object_refs": [report_id(article.doc_id)],
    })
    if credibility in CONFIDENCE:
        note["confidence"] = CONFIDENCE[credibility]
    if article.language:
        note["lang"] = article.language
    note["extensions"] = _extension({
        "note_kind": "claim",
        "claim_status": claim["status"],
        "credibility": credibility,
        "admiralty_code": f"{reliability}{credibility}",
        "start": claim["start"],
        "end": claim["end"],
    })
    return note, level


def finding_note(article: CheckedArticle, finding: dict, producer_id: str) -> tuple[dict, str]:
    """The note for one finding, and its TLP level."""
    level, modified = _evidence_level(article, finding.get("evidence", []))
    note_id = stix_id("note", "finding", article.doc_id, finding["kind"], finding["start"], finding["end"])
    label = FINDING_LABELS.get(finding["kind"], finding["kind"])
    note = common(note_id, level, article.created, modified, producer_id)
    note.update({
        "abstract": f"{label} ({finding['severity']})",
        "content": f"“{finding['text']}”\n{finding['explanation']}" + _evidence_text(finding.get("evidence", [])),
        "object_refs": [report_id(article.doc_id)],
        "extensions": _extension({
            "note_kind": "finding",
            "finding_kind": finding["kind"],
            "severity": finding["severity"],
            "start": finding["start"],
            "end": finding["end"],
            "evidence": [{"source": e["source"], "text": e["text"]} for e in finding.get("evidence", [])] or None,
        }),
    })
    return note, level


def _evidence_text(evidence: list[dict]) -> str:
    if not evidence:
        return ""
    return "\nEvidence:\n" + "\n".join(f"- {e['source']}: {e['text']}" for e in evidence)


def article_objects(article: CheckedArticle, producer_id: str) -> list[tuple[dict, str]]:
    """The report and its notes for one checked article, each with its TLP level.
    The entities are shared between articles and built by the caller."""
    objects = [(report_object(article, producer_id), article.level)]
    objects += [claim_note(article, claim, producer_id) for claim in article.result.get("claims", [])]
    objects += [finding_note(article, finding, producer_id) for finding in article.result.get("findings", [])]
    return objects
