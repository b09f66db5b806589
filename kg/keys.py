"""Node keys: the stable ids of graph nodes, written by `kg.link` on entities and relations.

The formats are described in `kg.link`; `kg.graph` uses the keys as they come and never rebuilds one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.lexicon.tables import COUNTRY, COUNTRY_NAMES

if TYPE_CHECKING:  # pragma: no cover
    from kg.gazetteer import Division

COUNTRY_KEY = f"place:{COUNTRY}"


def normalize(text: str) -> str:
    """NFKC and no whitespace: how names are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def place_key(division: Division | None, name: str, scope: str | None = None) -> str:
    """Key of a place node: its code, else its name (a LOC scoped to the article's city)."""
    if division is not None:
        return code_key(division.code)
    if normalize(name) in COUNTRY_NAMES:
        return COUNTRY_KEY
    return f"place:{normalize(name)}@{scope}" if scope else f"place:{normalize(name)}"


def code_key(code: str) -> str:
    """Key of the place with a division code."""
    return f"place:{code}"


def org_key(canonical: str) -> str:
    return f"org:{normalize(canonical)}"


def person_key(name: str, jurisdiction: str | None) -> str:
    return f"person:{normalize(name)}@{jurisdiction}" if jurisdiction else f"person:{normalize(name)}"


def article_key(article_id: str) -> str:
    return f"article:{article_id}"


@dataclass(frozen=True)
class NodeKey:
    """A node key read back: its kind (place, org, person, article), the name or code, and the scope after @."""

    kind: str
    name: str
    scope: str | None = None


def parse_key(key: str) -> NodeKey:
    """The parts of a key made by this module: ``person:罗增斌@5119`` → (person, 罗增斌, 5119)."""
    kind, _, rest = key.partition(":")
    name, at, scope = rest.partition("@")
    return NodeKey(kind, name, scope if at else None)
