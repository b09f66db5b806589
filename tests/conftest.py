"""Shared fixtures: where the seed pages and the shared data live, and the Neo4j server fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "kg" / "examples"

from neo4j_fixtures import *  # noqa: E402,F401,F403  (server fixtures, kept in their own file)


def _model_path() -> Path:
    from kg.nlp import default_model_path

    return default_model_path()


MODEL = _model_path()
needs_model = pytest.mark.skipif(not (MODEL / "config.cfg").exists(), reason=f"no trained pipeline at {MODEL}")


@pytest.fixture(scope="session")
def nlp():
    """The shipped pipeline, loaded once for the whole session."""
    import kg

    return kg.load_pipeline()


def char_doc(text: str):
    """A Doc of one token per character (the rule components on text the tokenizer did not cut)."""
    import spacy

    return spacy.blank("zh")(text)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def failing_pipeline():
    """A blank pipeline that finds 罗增斌 and raises on any text with 炸 in it, as a buggy rule would."""
    import spacy
    from spacy.language import Language

    if "kg_test_raises_on_zha" not in Language.factories:
        @Language.component("kg_test_raises_on_zha")
        def raises_on_zha(doc):
            if "炸" in doc.text:
                raise ValueError("a rule broke on this text")
            return doc

    nlp = spacy.blank("zh")  # one token per character
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "PERSON", "pattern": "罗增斌"}])
    nlp.add_pipe("kg_test_raises_on_zha")
    return nlp

