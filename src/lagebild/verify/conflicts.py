"""`conflicting_number`, `conflicting_date` and `conflicting_fact`: statements of the
article that the corpus reports of the same event give differently.

The three signals share one way of finding the corpus statements about the same thing
(conflicts_common); each compares its own kind of slot: numbers with what they count
(conflicts_numbers), dates and weekdays (conflicts_dates), and places, means, forms of
communication and polarity (conflicts_facts).
"""

from __future__ import annotations

from lagebild.verify.conflicts_dates import find_date_conflicts
from lagebild.verify.conflicts_facts import find_fact_conflicts
from lagebild.verify.conflicts_numbers import find_number_conflicts
from lagebild.verify.context import CheckContext
from lagebild.verify.model import Finding


def find_conflicts(ctx: CheckContext) -> list[Finding]:
    if not ctx.corpus:
        return []
    findings: list[Finding] = []
    findings.extend(find_number_conflicts(ctx))
    findings.extend(find_date_conflicts(ctx))
    findings.extend(find_fact_conflicts(ctx))
    return findings
