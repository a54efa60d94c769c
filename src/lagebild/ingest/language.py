"""Language identification with langid.py, over its full language set so that text in
a language lagebild does not analyse is named, not forced into German or English."""

from __future__ import annotations

from functools import lru_cache

from lagebild.document import SUPPORTED_LANGUAGES, Document

# langid.py is restricted to languages common in international news: ten times faster
# than its full set of 97, and text in any of them is still named, not forced into
# German or English.
NEWS_LANGUAGES = (
    "de en fr es it nl pl pt ru uk tr ar zh ja ko sv da no fi cs hu ro el bg hr sl sk lt lv et fa he"
).split()
SAMPLE_CHARS = 4000
# Below this many letters langid guesses poorly; such snippets are taken as German or
# English, whichever scores higher, and a warning says so.
MIN_LETTERS = 40


@lru_cache(maxsize=1)
def _identifier():
    from langid.langid import LanguageIdentifier, model

    identifier = LanguageIdentifier.from_modelstring(model, norm_probs=True)
    identifier.set_languages(NEWS_LANGUAGES)
    return identifier


def detect_language(text: str) -> tuple[str, float]:
    """The ISO 639-1 code of the text's language and langid's probability for it."""
    sample = text[:SAMPLE_CHARS]
    identifier = _identifier()
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        ranked = [(lang, p) for lang, p in identifier.rank(sample) if lang in SUPPORTED_LANGUAGES]
        return ranked[0][0], float(ranked[0][1])
    language, probability = identifier.classify(sample)
    return language, float(probability)


def assign_language(document: Document) -> None:
    """Keep a declared language; detect it otherwise, warning on short texts."""
    if document.language:
        return
    language, _ = detect_language(document.text)
    document.language = language
    if sum(ch.isalpha() for ch in document.text[:SAMPLE_CHARS]) < MIN_LETTERS:
        document.warnings.append(f"text too short to identify its language reliably; taken as {language!r}")
