"""Partners' STIX 2.1 bundles into the store, as they are (confidence, markings and all).

A bundle is checked whole before anything is written: JSON, STIX 2.1 only, then
stix2-validator's checks (through `share/validation.py`, which gives the validator's
verdict and reasons without its per-object set-up cost). Any error refuses the bundle
with the validator's reasons (one line) and stores nothing; a valid bundle is stored in
one transaction. Validator warnings (e.g. ids that are not UUIDv4) do not refuse a
partner's bundle.

Each stored object gets a TLP level: the strictest TLP marking it carries (TLP 2.0, or
TLP 1.0 with WHITE read as CLEAR), raised to `--tlp` when that is stricter; an object
without a TLP marking gets `--tlp`, or else the store's default.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lagebild.errors import InputError
from lagebild.share import tlp
from lagebild.store import Store

MAX_BUNDLE_BYTES = 100 * 1024 * 1024
MAX_REASONS = 5  # validator reasons quoted in the one-line error


@dataclass
class ImportReport:
    file: str
    objects: int = 0
    added: int = 0
    unchanged: int = 0
    levels: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"file": self.file, "objects": self.objects, "added": self.added,
                "unchanged": self.unchanged, "tlp": self.levels}


def read_bundle(path: Path) -> dict:
    """The bundle in `path`, checked; raises InputError with the reasons otherwise."""
    name = str(path)
    if not path.is_file():
        raise InputError("no such file", source=name)
    if path.stat().st_size > MAX_BUNDLE_BYTES:
        raise InputError(f"larger than {MAX_BUNDLE_BYTES} bytes; split the bundle", source=name)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", source=name) from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", source=name) from exc
    check_bundle_shape(data, source=name)
    validate(data, source=name)
    return data


def check_bundle_shape(data: object, *, source: str) -> None:
    if not isinstance(data, dict) or data.get("type") != "bundle" or not isinstance(data.get("objects"), list):
        raise InputError("not a STIX bundle (a JSON object with type 'bundle' and a list 'objects')", source=source)
    for obj in data["objects"]:
        if not isinstance(obj, dict):
            raise InputError("the bundle holds something that is not a STIX object", source=source)
        # The validator only warns about other versions and then checks them as 2.1;
        # we hold 2.1 objects only, so other versions are refused outright.
        if obj.get("spec_version") != "2.1":
            raise InputError(
                f"{obj.get('id', 'an object')} has spec_version {obj.get('spec_version')!r}; only STIX 2.1 is accepted",
                source=source,
            )


def validate(bundle: dict, *, source: str) -> None:
    """Refuse `bundle` unless stix2-validator would find no error in it (imported on first
    use: it takes seconds to import)."""
    from lagebild.share.validation import bundle_errors

    try:
        reasons = bundle_errors(bundle)
    except Exception as exc:  # the validator raises on input it cannot read at all
        raise InputError(f"stix2-validator refused it: {exc}", source=source) from exc
    if reasons:
        shown = "; ".join(" ".join(reason.split()) for reason in reasons[:MAX_REASONS])
        more = f" (and {len(reasons) - MAX_REASONS} more)" if len(reasons) > MAX_REASONS else ""
        raise InputError(f"invalid STIX 2.1 (stix2-validator): {shown}{more}", source=source)


def import_bundle(store: Store, data: dict, *, origin: str, level: str | None = None) -> ImportReport:
    """Store the objects of a checked bundle in one transaction. Versions already held
    (same id and modified) are left as they are."""
    report = ImportReport(file=origin)
    known_markings = _tlp_markings(data["objects"])
    default = store.default_tlp()
    added = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    rows = [(obj["id"], obj["type"], obj["spec_version"], obj.get("modified") or obj.get("created") or added,
             object_tlp(obj, known_markings, level, default), json.dumps(obj, ensure_ascii=False, sort_keys=True),
             origin, added) for obj in data["objects"]]
    with store.transaction():
        held = _held_versions(store, [row[0] for row in rows])
        store.conn.executemany(
            "INSERT OR IGNORE INTO stix_objects (id, type, spec_version, modified, tlp, json, origin, added)"
            " VALUES (?,?,?,?,?,?,?,?)", rows)
    for object_id, _, _, version, object_level, *_ in rows:
        report.objects += 1
        if (object_id, version) in held:  # held before, or earlier in this bundle
            report.unchanged += 1
            continue
        held.add((object_id, version))
        report.added += 1
        report.levels[object_level] = report.levels.get(object_level, 0) + 1
    return report


def _held_versions(store: Store, ids: list[str]) -> set[tuple[str, str]]:
    """(id, modified) of the stored versions of these ids."""
    held: set[tuple[str, str]] = set()
    unique = sorted(set(ids))
    for start in range(0, len(unique), 500):
        part = unique[start:start + 500]
        rows = store.conn.execute(f"SELECT id, modified FROM stix_objects WHERE id IN ({','.join('?' * len(part))})",
                                  part).fetchall()
        held.update((row[0], row[1]) for row in rows)
    return held


def import_file(db: Path, path: Path, *, level: str | None = None) -> ImportReport:
    data = read_bundle(path)  # before the store is opened: a refused bundle touches nothing
    with Store(db) as store:
        return import_bundle(store, data, origin=f"file:{path.name}", level=level)


def object_tlp(obj: dict, markings: dict[str, str], given: str | None, default: str) -> str:
    """The level an imported object is stored at (see the module doc)."""
    if obj["type"] == "marking-definition" and obj["id"] in markings:
        return "CLEAR"  # a TLP definition itself is public
    refs = list(obj.get("object_marking_refs", []))
    refs += [ref for g in obj.get("granular_markings", []) for ref in ([g["marking_ref"]] if "marking_ref" in g else [])]
    own = tlp.level_of_markings(refs, markings)
    if own is None:
        return given or default
    return tlp.strictest(own, given)


def _tlp_markings(objects: list[dict]) -> dict[str, str]:
    """Marking ids that mean a TLP level: the official TLP 2.0 and 1.0 ids, and any
    TLP marking definition in the bundle itself (read by its content)."""
    levels = dict(tlp.LEVEL_OF_MARKING)
    levels.update(tlp.tlp1_marking_levels())
    for obj in objects:
        if obj.get("type") != "marking-definition":
            continue
        tlp2 = obj.get("extensions", {}).get(tlp.TLP2_EXTENSION_ID, {})
        name = tlp2.get("tlp_2_0") if isinstance(tlp2, dict) else None
        if name is None and obj.get("definition_type") == "tlp":
            name = (obj.get("definition") or {}).get("tlp")
        if isinstance(name, str):
            try:
                # setdefault: a bundle cannot redefine what an official marking id means
                levels.setdefault(obj["id"], tlp.parse_level(name))
            except InputError:
                continue
    return levels
