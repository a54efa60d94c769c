"""The analysis pipeline: per-language components that fill a `Doc` with spans."""

from lagebild.nlp.doc import Claim, DateMention, Doc, Entity, Quantity, Quote, Span
from lagebild.nlp.pipeline import analyze, get_pipeline

__all__ = ["Claim", "DateMention", "Doc", "Entity", "Quantity", "Quote", "Span", "analyze", "get_pipeline"]


def analyze_document(document):
    """Analyse a `lagebild.document.Document` with the pipeline of its language."""
    doc = Doc(
        text=document.text,
        language=document.language or "und",
        published=document.published,
        id=document.id,
    )
    return analyze(doc)


def pipeline_name(language: str) -> str:
    """What made an analysis, stored beside it: version, components and, for German, which
    entity model (`entities(accurate)` or `entities(fast)`)."""
    from lagebild import __version__

    names = get_pipeline(language).names
    if language == "de":
        from lagebild.nlp.ner_de import mode

        names = [f"entities({mode()})" if name == "entities" else name for name in names]
    return f"lagebild-{__version__}:" + ",".join(names)
