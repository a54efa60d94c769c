"""The starter pack's integrity: every file readable, every term sourced, no overlapping
terms within an office, and the coverage the project promises."""

from __future__ import annotations

from collections import defaultdict

import pytest

from lagebild.kb.model import ORGANISATIONS, ROLES
from lagebild.kb.pack import pack_files, read_pack, read_pack_file

G20 = "AR AU BR CA CN DE FR GB ID IN IT JP KR MX RU SA TR US ZA".split()
NATO = ("AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES SE TR GB US").split()
EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
OTHERS = "UA RU BY KP KR JP CN TW IL IR".split()
# Countries without the office: Iceland has no defence minister, Malta's armed forces
# answer to the home affairs minister (listed as defence minister there).
NO_OFFICE = {("IS", "defence_minister")}


@pytest.fixture(scope="module")
def terms():
    return read_pack()


def test_every_file_reads(terms):
    assert len(pack_files()) >= 57
    assert len(terms) > 900


def test_coverage_of_countries_and_organisations(terms):
    countries = {t.country for t in terms if t.country}
    assert set(G20 + NATO + EU + OTHERS) <= countries
    orgs = {(t.org, t.role) for t in terms if t.org}
    assert {("NATO", "secretary_general"), ("UN", "secretary_general"), ("EU", "commission_president"),
            ("EU", "council_president"), ("EU", "high_representative")} <= orgs
    for country in countries:
        for role in ROLES[:4]:
            if (country, role) not in NO_OFFICE:
                assert any(t.country == country and t.role == role for t in terms), (country, role)


def test_every_term_has_a_source_url(terms):
    for t in terms:
        assert t.source and t.source.startswith(("https://", "http://")), (t.country or t.org, t.role, t.name)


def test_terms_are_ordered_and_do_not_overlap(terms):
    offices = defaultdict(list)
    for t in terms:
        offices[(t.country or t.org, t.role)].append(t)
    for office, held in offices.items():
        for earlier, later in zip(held, held[1:]):
            assert earlier.end is not None, (office, earlier.name, "open term followed by another")
            # A handover day may be shared (end == next start); anything more is an overlap.
            assert earlier.end <= later.start, (office, earlier.name, later.name)
        for t in held:
            assert t.end is None or t.start < t.end, (office, t.name)


def test_each_office_starts_by_2014(terms):
    first = {}
    for t in terms:
        key = (t.country or t.org, t.role)
        first.setdefault(key, t)
    for office, t in first.items():
        assert t.start.year <= 2014, office


def test_roles_and_orgs_are_from_the_contract(terms):
    assert {t.role for t in terms} <= set(ROLES)
    assert {t.org for t in terms if t.org} <= set(ORGANISATIONS)


def test_a_file_with_an_unknown_role_is_refused(tmp_path):
    from lagebild.errors import InputError

    bad = tmp_path / "xx.yaml"
    bad.write_text("country: DE\noffices:\n  chief_of_staff:\n    terms: []\n")
    with pytest.raises(InputError, match="unknown role 'chief_of_staff'"):
        read_pack_file(bad)
