"""Name normalisation for matching mentions to knowledge-base persons."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_DROP = re.compile(r"[.'’`\"()]")
# Letters that NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "Ø": "o", "æ": "ae", "Æ": "ae", "ł": "l", "Ł": "l", "đ": "d",
                       "Đ": "d", "ı": "i", "ð": "d", "þ": "th", "œ": "oe"})


def normalize_name(name: str) -> str:
    """Case, accents, hyphens and dots folded: 'Jean-Noël Barrot' -> 'jean noel barrot'."""
    folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _DROP.sub("", folded.replace("-", " ").replace("‐", " "))
    return _SPACE.sub(" ", folded).strip().lower()


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize_name(name)).strip("-")
