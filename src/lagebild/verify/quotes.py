"""(being written)"""

from __future__ import annotations

from lagebild.verify.context import CheckContext
from lagebild.verify.model import Finding


def find_unsupported_quotes(ctx: CheckContext) -> list[Finding]:
    return []
