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
    from lagebild import __version__

    return f"lagebild-{__version__}:" + ",".join(get_pipeline(language).names)
