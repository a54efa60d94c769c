"""Registered components and the per-language pipelines built from them.

A component is registered with `@component(name, requires=..., assigns=...)` on a
factory `factory(language) -> callable(doc) -> doc`. The factory runs once per
language and process, so models load once; the returned callable runs per document.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from lagebild.nlp.doc import Doc

ComponentFn = Callable[[Doc], Doc]
Factory = Callable[[str], ComponentFn]

# Modules whose import registers components. Listed here rather than imported at the
# top so that `import lagebild` stays light and heavy models load only when needed.
COMPONENT_MODULES = (
    "lagebild.nlp.sentences",
    "lagebild.nlp.entities",
    "lagebild.nlp.linking",
    "lagebild.nlp.quantities",
    "lagebild.nlp.dates",
    "lagebild.nlp.quotes",
    "lagebild.nlp.claims",
)

# The order in which components run; a name that no module registers is an error.
PIPELINE_ORDER = ("sentences", "entities", "entity_linker", "quantities", "dates", "quotes", "claims")


@dataclass(frozen=True)
class ComponentInfo:
    name: str
    factory: Factory
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    languages: tuple[str, ...] | None  # None: runs for any language


REGISTRY: dict[str, ComponentInfo] = {}


def component(
    name: str,
    *,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    languages: Iterable[str] | None = None,
) -> Callable[[Factory], Factory]:
    """Register a component factory under `name`."""

    def register(factory: Factory) -> Factory:
        REGISTRY[name] = ComponentInfo(
            name, factory, tuple(requires), tuple(assigns), tuple(languages) if languages else None
        )
        return factory

    return register


def _load_component_modules() -> None:
    for module in COMPONENT_MODULES:
        importlib.import_module(module)


class Pipeline:
    def __init__(self, language: str, names: Iterable[str] = PIPELINE_ORDER) -> None:
        _load_component_modules()
        self.language = language
        self.components: list[tuple[str, ComponentFn]] = []
        assigned: set[str] = set()
        for name in names:
            info = REGISTRY[name]
            if info.languages is not None and language not in info.languages:
                continue
            missing = [attr for attr in info.requires if attr not in assigned]
            if missing:
                raise ValueError(f"component {name!r} requires {missing}, which no earlier component assigns")
            self.components.append((name, info.factory(language)))
            assigned.update(info.assigns)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.components]

    def __call__(self, doc: Doc) -> Doc:
        for _, fn in self.components:
            doc = fn(doc)
        return doc

    def pipe(self, docs: Iterable[Doc]) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


@lru_cache(maxsize=8)
def get_pipeline(language: str) -> Pipeline:
    return Pipeline(language)


def analyze(doc: Doc) -> Doc:
    """Run the pipeline of the document's language over it."""
    return get_pipeline(doc.language)(doc)
