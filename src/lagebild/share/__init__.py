"""Sharing with partners: STIX 2.1 mapping, export and import, and TLP 2.0 levels.

    tlp         the five TLP 2.0 levels, their order, the official marking definitions
    marking     levels of what the store holds: mark, defaults, inheritance
    stix        a checked article → report, identities, locations and notes
    export      what a reader cleared for a level may see (`shareable_objects`), bundles
    importer    partners' bundles: validate, then store with their markings
    validation  stix2-validator's verdict and reasons, compiled once (fast enough for TAXII)
    loopback    TAXII servers on 127.0.0.1 as child processes, for tests and benchmarks
"""
