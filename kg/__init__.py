"""`kg`: Chinese government news pages to a knowledge graph.

Importing `kg` is cheap: the spaCy pipeline loads on first use of
`load_pipeline()` (or of a function that needs it), never at import.

>>> import kg
>>> kg.ENTITY_LABELS
('PERSON', 'TITLE', 'ORG', 'GPE', 'LOC')
"""
from __future__ import annotations

from kg.errors import GraphStoreError, InputError, KgError, ModelError, OutputError
from kg.records import (
    ENTITY_LABELS,
    RELATION_TYPES,
    Article,
    ArticleMeta,
    Entity,
    Extraction,
    Page,
    Relation,
)

__version__ = "0.1.0"

_LAZY = {
    # name -> module that defines it; imported on first attribute access so that
    # `import kg` never pulls spaCy, networkx or the neo4j driver.
    "read_pages": "kg.sources",
    "extract_article": "kg.article",
    "load_pipeline": "kg.nlp",
    "extract": "kg.api",
    "extract_pages": "kg.api",
    "build_graph": "kg.graph",
    "push_graph": "kg.neo4j_writer",
    "CareerSpell": "kg.careers",
    "CareerCandidate": "kg.careers",
}
# Submodules reached as attributes. `kg.careers` is the module and is callable: kg.careers(G)
# is kg.careers.careers(G), whichever of `import kg.careers` or `kg.careers` comes first.
_MODULES = ("careers",)


def __getattr__(name: str):
    import importlib

    if name in _MODULES:
        return importlib.import_module(f"kg.{name}")
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_MODULES))


__all__ = [
    "KgError", "InputError", "ModelError", "GraphStoreError", "OutputError",
    "Page", "Article", "ArticleMeta", "Entity", "Relation", "Extraction",
    "ENTITY_LABELS", "RELATION_TYPES", *_LAZY, *_MODULES,
]
