"""TLP 2.0: the five levels, their order, and the official STIX marking definitions.

stix2 3.0.2 only ships the TLP 1.0 markings (TLP:WHITE …), so the TLP 2.0 ones are
written out here exactly as OASIS publishes them (cti-stix-common-objects,
extension-definition-specifications/tlp-2.0): fixed ids, created 2022-10-01, and the
level in the `tlp_2_0` property of the OASIS TLP 2.0 property extension. Partners
recognise the markings by these ids, so they must never be generated.
"""

from __future__ import annotations

from lagebild.errors import InputError

# Least to most restricted: a larger index is stricter.
LEVELS: tuple[str, ...] = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
DEFAULT_LEVEL = "AMBER"  # a store's default until configured otherwise

TLP2_EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
MARKING_IDS: dict[str, str] = {
    "CLEAR": "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
    "GREEN": "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
    "AMBER": "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
    "AMBER+STRICT": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "RED": "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}
LEVEL_OF_MARKING: dict[str, str] = {marking: level for level, marking in MARKING_IDS.items()}
MARKINGS_CREATED = "2022-10-01T00:00:00.000Z"

# Names partners may send for the TLP 1.0 levels that TLP 2.0 renamed.
_ALIASES = {"WHITE": "CLEAR", "AMBER_STRICT": "AMBER+STRICT", "AMBER-STRICT": "AMBER+STRICT"}


def parse_level(value: str, *, source: str = "--tlp") -> str:
    """A level from user input: case-insensitive, with or without the 'TLP:' prefix."""
    name = value.strip().upper().removeprefix("TLP:")
    name = _ALIASES.get(name, name)
    if name not in LEVELS:
        raise InputError(f"unknown TLP level {value!r}; use one of {', '.join(LEVELS)}", source=source)
    return name


def rank(level: str) -> int:
    return LEVELS.index(level)


def strictest(*levels: str | None) -> str:
    """The most restricted of the given levels (None entries are ignored)."""
    present = [level for level in levels if level is not None]
    if not present:
        raise ValueError("strictest() needs at least one level")
    return max(present, key=rank)


def least_strict(*levels: str) -> str:
    return min(levels, key=rank)


def allowed(level: str, maximum: str) -> bool:
    """May something marked `level` go to a reader cleared for `maximum`?"""
    return rank(level) <= rank(maximum)


def marking_definition(level: str) -> dict:
    """The official TLP 2.0 marking-definition object for a level."""
    return {
        "type": "marking-definition",
        "spec_version": "2.1",
        "id": MARKING_IDS[level],
        "created": MARKINGS_CREATED,
        "name": f"TLP:{level}",
        "extensions": {TLP2_EXTENSION_ID: {"extension_type": "property-extension", "tlp_2_0": level.lower()}},
    }


def level_of_markings(refs: list[str] | None, tlp1_levels: dict[str, str] | None = None) -> str | None:
    """The strictest TLP level among marking refs (TLP 2.0 ids, or TLP 1.0 ids when
    their levels are passed in); None when no TLP marking is among them."""
    found = []
    for ref in refs or []:
        if ref in LEVEL_OF_MARKING:
            found.append(LEVEL_OF_MARKING[ref])
        elif tlp1_levels and ref in tlp1_levels:
            found.append(tlp1_levels[ref])
    return strictest(*found) if found else None


def tlp1_marking_levels() -> dict[str, str]:
    """The TLP 1.0 marking ids that stix2 ships, mapped to their TLP 2.0 level, so that
    bundles from partners still on TLP 1.0 keep their marking (WHITE became CLEAR)."""
    from stix2 import TLP_AMBER, TLP_GREEN, TLP_RED, TLP_WHITE

    return {TLP_WHITE.id: "CLEAR", TLP_GREEN.id: "GREEN", TLP_AMBER.id: "AMBER", TLP_RED.id: "RED"}
