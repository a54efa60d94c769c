"""Verification: findings with evidence, graded claims, source reliability."""

from lagebild.verify.check import check
from lagebild.verify.model import FINDING_KINDS, CheckResult, ClaimVerdict, Evidence, Finding

__all__ = ["FINDING_KINDS", "CheckResult", "ClaimVerdict", "Evidence", "Finding", "check"]
