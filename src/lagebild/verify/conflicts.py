"""`conflicting_number`, `conflicting_date` and `conflicting_fact`: statements of the
article that the corpus reports of the same event give differently.

The three signals share one way of finding the corpus statements about the same thing
(conflicts_common: sentence alignment across languages, then the clause around each
mention, anchored on the persons it names); each compares its own kind of slot: numbers
with what they count (conflicts_numbers), dates and weekdays (conflicts_dates), and
means of travel, forms of communication, places and polarity (conflicts_facts).
"""

from __future__ import annotations

from lagebild.nlp import Span
from lagebild.verify.conflicts_dates import dates_agree, find_date_conflicts
from lagebild.verify.conflicts_facts import facts_agree, find_fact_conflicts
from lagebild.verify.conflicts_numbers import find_number_conflicts, numbers_agree
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


def sentence_agreement(ctx: CheckContext, sentence: Span) -> bool | None:
    """For claim grading: False where a number, date or fact of the target sentence
    conflicts with the reports of the same event, True where its dates were compared
    and agree, None where nothing could be compared."""
    if not ctx.corpus:
        return None
    verdicts = [numbers_agree(ctx, sentence), dates_agree(ctx, sentence), facts_agree(ctx, sentence)]
    if False in verdicts:
        return False
    return True if True in verdicts else None


__all__ = ["find_conflicts", "sentence_agreement"]
