"""Claims are the sentences that state something checkable."""

from __future__ import annotations

from datetime import date

import pytest

from lagebild.nlp import Doc
from lagebild.nlp.pipeline import Pipeline


@pytest.fixture(scope="module")
def nlp_en():
    return Pipeline("en")


@pytest.mark.parametrize(
    "text, is_claim",
    [
        ("The ministers met in Brussels on Tuesday.", True),
        ("About 12,000 soldiers were sent to the region.", True),
        ('“We will not give in,” said Biden.', True),
        ("It was a long day for everyone involved.", False),
        ("Will the talks in Geneva succeed?", False),
        ("Brussels, Tuesday.", False),
    ],
)
def test_claims_are_checkable_sentences(nlp_en, text, is_claim):
    doc = nlp_en(Doc(text=text, language="en", published=date(2024, 10, 29)))
    assert bool(doc.claims) is is_claim
    for claim in doc.claims:
        assert text[claim.start : claim.end] == claim.text
