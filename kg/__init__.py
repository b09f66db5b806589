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
    "careers": "kg.career",
    "CareerSpell": "kg.career",
    "CareerCandidate": "kg.career",
}


def __getattr__(name: str):
    import importlib

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "KgError", "InputError", "ModelError", "GraphStoreError", "OutputError",
    "Page", "Article", "ArticleMeta", "Entity", "Relation", "Extraction",
    "ENTITY_LABELS", "RELATION_TYPES", *_LAZY,
]
