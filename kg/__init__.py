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


def _version() -> str:
    """The version in pyproject.toml: from the installed package's metadata, else read from the source tree."""
    from importlib import metadata
    from pathlib import Path

    try:
        return metadata.version("kg")
    except metadata.PackageNotFoundError:  # not installed: run from a source checkout (python -m kg)
        pass
    import re

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8") if pyproject.is_file() else ""
    found = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return found.group(1) if found else "0+unknown"


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
    "render": "kg.highlight",  # not kg.render: importing a submodule of that name would replace the function
    "CareerSpell": "kg.career",
    "CareerCandidate": "kg.career",
}


def __getattr__(name: str):
    import importlib

    if name == "__version__":
        value = _version()
        globals()[name] = value
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | {"__version__"})


__all__ = [
    "KgError", "InputError", "ModelError", "GraphStoreError", "OutputError",
    "Page", "Article", "ArticleMeta", "Entity", "Relation", "Extraction",
    "ENTITY_LABELS", "RELATION_TYPES", *_LAZY,
]
