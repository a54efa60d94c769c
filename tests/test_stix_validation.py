"""The fast validation path (lagebild.share.validation) against stix2-validator itself:
the same verdict and the same reasons on valid and invalid objects and bundles, and the
cheap fronts of the MUST checks never let through what the validator's own check refuses."""

from __future__ import annotations

import copy
import json
import random

import pytest

from lagebild.share import validation

ID = "0b4f6c1e-2d3a-4e5f-8a6b-7c8d9e0f1a2b"
STAMP = "2024-03-01T10:00:00.000Z"
GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"
TLP1_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"
AUTHOR = f"identity--{ID}"
SDO = {"spec_version": "2.1", "created": STAMP, "modified": STAMP}


def sdo(kind: str, **properties) -> dict:
    return {"type": kind, "id": f"{kind}--{ID}", **SDO, **properties}


def sco(kind: str, **properties) -> dict:
    return {"type": kind, "id": f"{kind}--{ID}", "spec_version": "2.1", **properties}


IDENTITY = sdo("identity", name="Baltic Wire", identity_class="organization", created_by_ref=AUTHOR,
               object_marking_refs=[GREEN], confidence=80, labels=["source"], lang="de")
INDICATOR = sdo("indicator", name="host", pattern="[domain-name:value = 'h1.example.org']", pattern_type="stix",
                valid_from=STAMP, indicator_types=["malicious-activity"])
NOTE = sdo("note", abstract="Finding", content="A host was named.", object_refs=[INDICATOR["id"]])

VALID = {
    "identity": IDENTITY,
    "indicator": INDICATOR,
    "note": NOTE,
    "report": sdo("report", name="Gipfel", published=STAMP, object_refs=[AUTHOR], report_types=["threat-report"],
                  external_references=[{"source_name": "wire", "url": "https://example.org/a",
                                        "hashes": {"SHA-256": "a" * 64}}]),
    "relationship": sdo("relationship", relationship_type="indicates", source_ref=INDICATOR["id"],
                        target_ref=f"malware--{ID}"),
    "sighting": sdo("sighting", sighting_of_ref=INDICATOR["id"], where_sighted_refs=[AUTHOR], count=3),
    "location": sdo("location", country="DE", latitude=52.5, longitude=13.4),
    "malware": sdo("malware", name="x", is_family=False, first_seen=STAMP, last_seen="2024-03-02T00:00:00Z"),
    "campaign with later last_seen": sdo("campaign", name="c", first_seen="2024-03-01T00:00:00.5Z",
                                         last_seen="2024-03-01T00:00:00.9Z"),
    "later modified": sdo("note", content="x", object_refs=[AUTHOR], modified="2024-03-02T00:00:00.000Z"),
    "modified, longer fraction": sdo("note", content="x", object_refs=[AUTHOR], modified="2024-03-01T10:00:00.0001Z"),
    "indicator, hash pattern": sdo("indicator", pattern="[file:hashes.'SHA-256' = '" + "ab" * 32 + "']",
                                   pattern_type="stix", valid_from=STAMP),
    "indicator, compound pattern": sdo("indicator", pattern="[ipv4-addr:value = '198.51.100.1'] OR "
                                       "[url:value LIKE '%.example.org/%']", pattern_type="stix", valid_from=STAMP),
    "indicator, sigma pattern": sdo("indicator", pattern="title: x", pattern_type="sigma", valid_from=STAMP),
    "indicator, escaped quote": sdo("indicator", pattern=r"[file:name = 'it\'s [x]\\']", pattern_type="stix",
                                    valid_from=STAMP),
    "indicator, pattern_version": sdo("indicator", pattern="[file:name = 'x']", pattern_type="stix",
                                      pattern_version="2.1", valid_from=STAMP),
    "custom property": sdo("note", content="x", object_refs=[AUTHOR], x_lagebild_score=3),
    "custom object": sdo("x-lagebild-finding", name="x"),
    "unknown type, custom allowed by default": sdo("finding", name="x"),
    "tlp 2.0 marking": {"type": "marking-definition", "spec_version": "2.1", "id": GREEN,
                        "created": "2022-10-01T00:00:00.000Z", "name": "TLP:GREEN", "extensions": {
                            "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
                                "extension_type": "property-extension", "tlp_2_0": "green"}}},
    "tlp 1.0 marking": {"type": "marking-definition", "spec_version": "2.1", "id": TLP1_GREEN,
                        "created": "2017-01-20T00:00:00.000Z", "definition_type": "tlp",
                        "name": "TLP:GREEN", "definition": {"tlp": "green"}},
    "extension definition": sdo("extension-definition", name="lagebild verification", created_by_ref=AUTHOR,
                                schema="https://example.org/schema", version="1.0.0",
                                extension_types=["property-extension"]),
    "granular marking": sdo("note", content="x", object_refs=[AUTHOR],
                            granular_markings=[{"marking_ref": GREEN, "selectors": ["content"]}]),
    "language content": sdo("language-content", object_ref=AUTHOR, object_modified=STAMP,
                            contents={"de": {"name": "Baltischer Draht"}}),
    "observed data, refs": sdo("observed-data", first_observed=STAMP, last_observed=STAMP, number_observed=1,
                               object_refs=[f"domain-name--{ID}"]),
    "domain-name": sco("domain-name", value="example.org"),
    "ipv4-addr": sco("ipv4-addr", value="198.51.100.7"),
    "email-addr": sco("email-addr", value="desk@example.org"),
    "url": sco("url", value="https://example.org/a?b=c"),
    "file": sco("file", name="a.pdf", hashes={"SHA-256": "c" * 64}),
    "leap day": sdo("note", content="x", object_refs=[AUTHOR], created="2024-02-29T00:00:00.000Z",
                    modified="2024-02-29T00:00:00.000Z"),
}


def broken(base: dict, **changes) -> dict:
    """`base` with properties changed; a value of None removes the property."""
    obj = copy.deepcopy(base)
    for name, value in changes.items():
        if value is None:
            obj.pop(name, None)
        else:
            obj[name] = value
    return obj


EMBEDDED = sdo("observed-data", first_observed=STAMP, last_observed=STAMP, number_observed=1,
               objects={"0": {"type": "domain-name", "value": "a.org"}})

INVALID = {
    "observed data, embedded objects (the validator raises)": EMBEDDED,
    "missing required property": broken(IDENTITY, name=None),
    "missing pattern": broken(INDICATOR, pattern=None),
    "missing created": broken(NOTE, created=None),
    "bad id format": broken(NOTE, id="note--1234"),
    "id of another type": broken(NOTE, id=f"report--{ID}"),
    "bad created_by_ref": broken(NOTE, created_by_ref="Baltic Wire"),
    "timestamp without milliseconds": broken(NOTE, created="2024-03-01T10:00:00Z", modified="2024-03-01T10:00:00Z"),
    "timestamp without zone": broken(NOTE, created="2024-03-01T10:00:00.000", modified="2024-03-01T10:00:00.000"),
    "february 30": broken(NOTE, created="2024-02-30T00:00:00.000Z", modified="2024-02-30T00:00:00.000Z"),
    "february 29, not a leap year": broken(NOTE, created="2023-02-29T00:00:00.000Z",
                                           modified="2023-03-01T00:00:00.000Z"),
    "leap second": broken(NOTE, created="2016-12-31T23:59:60.000Z", modified="2016-12-31T23:59:60.000Z"),
    "year 0": broken(NOTE, created="0000-01-01T00:00:00.000Z", modified="0000-01-01T00:00:00.000Z"),
    "month 13": broken(NOTE, created="2024-13-01T00:00:00.000Z", modified="2024-13-01T00:00:00.000Z"),
    "modified before created": broken(NOTE, modified="2024-02-01T10:00:00.000Z"),
    "modified before created, other length": broken(NOTE, modified="2024-03-01T09:59:59.9999Z"),
    "valid_until before valid_from": broken(INDICATOR, valid_until="2024-01-01T00:00:00Z"),
    "valid_until equal to valid_from": broken(INDICATOR, valid_until=STAMP),
    "last_seen before first_seen": broken(VALID["malware"], last_seen="2024-01-01T00:00:00Z"),
    "unknown type too short": sdo("ab", name="x"),
    "unknown type in capitals": sdo("Finding", name="x"),
    "type with two hyphens": sdo("x--finding", name="x"),
    "unknown spec_version": broken(NOTE, spec_version="3.0"),
    "bad marking ref": broken(NOTE, object_marking_refs=["tlp-green"]),
    "marking ref not an id": broken(NOTE, object_marking_refs=["marking-definition--green"]),
    "empty marking refs": broken(NOTE, object_marking_refs=[]),
    "granular marking without selectors": broken(NOTE, granular_markings=[{"marking_ref": GREEN}]),
    "granular marking, bad selector": broken(NOTE, granular_markings=[{"marking_ref": GREEN, "selectors": ["nope"]}]),
    "confidence over 100": broken(NOTE, confidence=101),
    "confidence as text": broken(NOTE, confidence="high"),
    "confidence true": broken(NOTE, confidence=True),
    "empty labels": broken(NOTE, labels=[]),
    "custom property in capitals": broken(NOTE, **{"Bad-Property": 1}),
    "custom property too short": broken(NOTE, ab=1),
    "reserved property": broken(NOTE, severity="high"),
    "bad identity_class type": broken(IDENTITY, identity_class=7),
    "bad pattern syntax": broken(INDICATOR, pattern="[domain-name:value = 'x'"),
    "pattern without brackets": broken(INDICATOR, pattern="domain-name:value = 'x'"),
    "pattern of an unknown observable": broken(INDICATOR, pattern="[Domain_Name:value = 'x']"),
    "pattern property in capitals": broken(INDICATOR, pattern="[domain-name:Value = 'x']"),
    "pattern with a bad hash": broken(INDICATOR, pattern="[file:hashes.MD5 = 'zz']"),
    "pattern, 2.0 grammar asked": broken(INDICATOR, pattern="[file:name = 'x'] START '2024' STOP '2025'",
                                         pattern_version="2.0"),
    "pattern, duplicate qualifier": broken(INDICATOR, pattern="[file:name = 'x'] WITHIN 5 SECONDS WITHIN 6 SECONDS"),
    "pattern not a string": broken(INDICATOR, pattern=["[file:name = 'x']"]),
    "external reference without source": broken(VALID["report"], external_references=[{"url": "https://e.org"}]),
    "external reference, bad url": broken(VALID["report"],
                                          external_references=[{"source_name": "w", "url": "not a url"}]),
    "relationship without target": broken(VALID["relationship"], target_ref=None),
    "sighting where_sighted_refs not identities": broken(VALID["sighting"], where_sighted_refs=[INDICATOR["id"]]),
    "sighting count negative": broken(VALID["sighting"], count=-1),
    "latitude out of range": broken(VALID["location"], latitude=91.0),
    "location without place": broken(VALID["location"], country=None, latitude=None, longitude=None),
    "language content, bad language key": broken(VALID["language content"], contents={"deutsch": {"name": "x"}}),
    "tlp marking with another definition": broken(VALID["tlp 1.0 marking"], definition={"tlp": "purple"}),
    "extension key not allowed": broken(NOTE, extensions={"my extension": {"x": 1}}),
    "observed data, objects not a dict": broken(EMBEDDED, objects=[{"type": "url"}]),
    "observed data, object without type": broken(EMBEDDED, objects={"0": {"value": "x"}}),
    "observed data, bad embedded object": broken(EMBEDDED,
                                                 objects={"0": {"type": "domain-name", "value": 5}}),
    "domain-name not a hostname": broken(VALID["domain-name"], value="exa mple..org"),
    "email-addr without @": broken(VALID["email-addr"], value="desk"),
    "ipv4-addr as a number": broken(VALID["ipv4-addr"], value=3325256711),
    "url not a uri": broken(VALID["url"], value="example dot org"),
    "file hash of the wrong length": broken(VALID["file"], hashes={"SHA-256": "c" * 10}),
    "process id not a uuid4": sco("process", id="process--0b4f6c1e-2d3a-1e5f-8a6b-7c8d9e0f1a2b", pid=4),
    "empty object": {"type": "note", "id": f"note--{ID}"},
}


def reference(obj: dict) -> tuple[bool, list[str] | str]:
    """stix2-validator's verdict and reasons (or the exception it raises)."""
    from stix2validator import ValidationOptions, validate_instance

    try:
        result = validate_instance(copy.deepcopy(obj), ValidationOptions(version="2.1"))
    except Exception as exc:  # the importer refuses these too
        return False, f"raises {type(exc).__name__}"
    return result.is_valid, [str(e) for e in result.errors]


def fast(obj: dict) -> tuple[bool, list[str] | str]:
    try:
        errors = validation.object_errors(copy.deepcopy(obj))
    except Exception as exc:
        return False, f"raises {type(exc).__name__}"
    return not errors, errors


@pytest.mark.parametrize("name", list(VALID))
def test_valid_objects_are_valid_for_both(name):
    assert reference(VALID[name]) == (True, [])
    assert fast(VALID[name]) == (True, [])


def same_outcome(ours: tuple, theirs: tuple) -> bool:
    """The same verdict, and the same reasons unless the validator crashed: its SHOULD
    checks (warnings only, not run on the fast path) raise on some invalid input, where
    the fast path lists the errors instead. Either way the input is refused."""
    if isinstance(theirs[1], str) and not isinstance(ours[1], str):
        return ours[0] is theirs[0] is False
    return ours == theirs


@pytest.mark.parametrize("name", list(INVALID))
def test_invalid_objects_get_the_same_verdict_and_reasons(name):
    expected = reference(INVALID[name])
    assert expected[0] is False, "not an invalid case for stix2-validator"
    assert same_outcome(fast(INVALID[name]), expected)


def test_spec_version_2_0_is_only_a_warning_for_both_and_refused_by_the_importer():
    older = broken(NOTE, spec_version="2.0")
    assert reference(older) == fast(older) == (True, [])
    from lagebild.errors import InputError
    from lagebild.share.importer import check_bundle_shape

    with pytest.raises(InputError, match="only STIX 2.1"):
        check_bundle_shape({"type": "bundle", "id": f"bundle--{ID}", "objects": [older]}, source="test")


def bundle_reference(bundle: dict) -> tuple[bool, list[str] | str]:
    from stix2validator import ValidationOptions, validate_string

    try:
        result = validate_string(json.dumps(bundle), ValidationOptions(version="2.1"))
    except Exception as exc:
        return False, f"raises {type(exc).__name__}"
    return result.is_valid, [str(e) for e in result.errors]


def bundle_fast(bundle: dict) -> tuple[bool, list[str] | str]:
    try:
        errors = validation.bundle_errors(copy.deepcopy(bundle))
    except Exception as exc:
        return False, f"raises {type(exc).__name__}"
    return not errors, errors


BUNDLE_ID = f"bundle--{ID}"
BUNDLES = {
    "valid": {"type": "bundle", "id": BUNDLE_ID, "objects": list(VALID.values())},
    "invalid members": {"type": "bundle", "id": BUNDLE_ID, "objects": [NOTE, *list(INVALID.values())[:12]]},
    "bad bundle id": {"type": "bundle", "id": "bundle-1", "objects": [NOTE]},
    "no bundle id": {"type": "bundle", "objects": [NOTE]},
    "member without type": {"type": "bundle", "id": BUNDLE_ID, "objects": [NOTE, {"id": f"note--{ID}"}]},
    "member without spec_version": {"type": "bundle", "id": BUNDLE_ID,
                                    "objects": [broken(NOTE, spec_version=None)]},
    "2.0 member": {"type": "bundle", "id": BUNDLE_ID, "objects": [broken(NOTE, spec_version="2.0")]},
    "empty": {"type": "bundle", "id": BUNDLE_ID, "objects": []},
}


@pytest.mark.parametrize("name", list(BUNDLES))
def test_bundles_get_the_same_verdict_and_reasons(name):
    assert same_outcome(bundle_fast(BUNDLES[name]), bundle_reference(BUNDLES[name]))


# -- the fronts of the expensive MUST checks -------------------------------------------------
def musts_pair():
    from stix2validator.v21 import musts

    return validation._musts(), musts


def errors_of(check, *args) -> list[str]:
    from stix2validator.errors import pretty_error

    return [pretty_error(e, False) for e in check(*args)]


def timestamps(count: int) -> list[str]:
    rng = random.Random(7)
    found = ["2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2100-02-29T00:00:00.1Z", "2000-02-29T23:59:59.999Z",
             "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "0099-12-31T00:00:00Z", "9999-12-31T23:59:59.9999999Z",
             "2016-12-31T23:59:60Z", "2024-04-31T00:00:00Z", "2024-06-30T12:00:00.000000001Z", "2024-1-01T00:00:00Z"]
    for _ in range(count):
        fraction = rng.choice(["", "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 12)))])
        found.append(f"{rng.randint(0, 9999):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 31):02d}T"
                     f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.choice([0, 30, 59, 60]):02d}{fraction}Z")
    return found


def test_the_timestamp_front_agrees_with_the_validator():
    mine, theirs = musts_pair()
    for stamp in timestamps(400):
        for obj in (broken(NOTE, created=stamp, modified=stamp), broken(INDICATOR, valid_from=stamp)):
            assert errors_of(mine.timestamp, obj) == errors_of(theirs.timestamp, obj), stamp


def test_the_timestamp_order_front_agrees_with_the_validator():
    mine, theirs = musts_pair()
    stamps = timestamps(60) + ["2024-03-01", "not a time", "2024-03-01T10:00:00.000Z"]
    rng = random.Random(11)
    for _ in range(1500):
        first, second = rng.choice(stamps), rng.choice(stamps)
        if rng.random() < 0.3:  # same moment, other precision
            second = first.replace("Z", "0Z") if "." in first else first.replace("Z", ".0Z")
        for obj in (broken(NOTE, created=first, modified=second),
                    broken(INDICATOR, valid_from=first, valid_until=second)):
            assert errors_of(mine.timestamp_compare, obj) == errors_of(theirs.timestamp_compare, obj), (first, second)


def test_every_pattern_the_front_accepts_passes_the_validators_check():
    mine, theirs = musts_pair()
    from stix2validator.v21 import enums

    literals = ["x", "", "it\\'s", "a\\\\b", "] OR [file:name = 'y", "ünïcode ✓", "line\nbreak", "(", "%"]
    checked = 0
    for kind in enums.OBSERVABLE_TYPES:
        for prop in enums.OBSERVABLE_PROPERTIES.get(kind, []):
            for op in ("=", "!="):
                literal = literals[checked % len(literals)]
                for pattern in (f"[{kind}:{prop} {op} '{literal}']", f"[{kind}:{prop}{op}'{literal}']"):
                    obj = broken(INDICATOR, pattern=pattern)
                    ours = errors_of(mine.patterns, obj, mine.options)
                    assert ours == errors_of(theirs.patterns, obj, mine.options), pattern
                    checked += 1
    assert checked > 400


def test_the_schemas_are_compiled_not_left_to_jsonschema():
    schemas = validation._load()
    for name in schemas.files:
        check = schemas.check(name)
        assert getattr(check, "__self__", None) is None, f"{name} fell back to jsonschema"
