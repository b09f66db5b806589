"""Load the shipped spaCy pipeline and turn Articles into entity mentions.

The pipeline (`models/kg_zh`, or `kg/models/kg_zh` in an installed package, or
the path in $KG_MODEL) is loaded on first use and cached per process; importing
this module loads nothing.
"""
from __future__ import annotations

import itertools
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.errors import ModelError
from kg.records import ENTITY_LABELS, Article, Entity

MODEL_NAME = "kg_zh"


def default_model_path() -> Path:
    """$KG_MODEL, else the pipeline shipped with the package, else models/ beside the source tree."""
    env = os.environ.get("KG_MODEL")
    if env:
        return Path(env)
    installed = Path(__file__).resolve().parent / "models" / MODEL_NAME
    if installed.exists():
        return installed
    return Path(__file__).resolve().parent.parent / "models" / MODEL_NAME


@lru_cache(maxsize=4)
def _load(path: str):
    import spacy

    import kg.pipeline.merge  # noqa: F401  (registers the factories when entry points are absent)
    import kg.pipeline.orgs  # noqa: F401
    import kg.pipeline.persons  # noqa: F401
    import kg.pipeline.places  # noqa: F401
    import kg.pipeline.titles  # noqa: F401
    import kg.pipeline.tokenizer  # noqa: F401

    if not (Path(path) / "config.cfg").exists():
        raise ModelError(
            f"no trained pipeline at {path}: reinstall kg, set KG_MODEL to a pipeline folder, "
            "or train one with `python scripts/train.py --data ../shared/data --out models/kg_zh`"
        )
    try:
        return spacy.load(path)
    except Exception as exc:  # spaCy raises many kinds; all mean the same thing to a user
        raise ModelError(f"cannot load the pipeline at {path}: {exc}") from exc


def load_pipeline(path: str | Path | None = None):
    """The `kg_zh` spaCy pipeline, loaded once per process and path.

    >>> import kg
    >>> nlp = kg.load_pipeline()           # doctest: +SKIP
    >>> [(e.text, e.label_) for e in nlp("市委书记罗增斌").ents]  # doctest: +SKIP
    [('市委书记', 'TITLE'), ('罗增斌', 'PERSON')]
    """
    return _load(str(Path(path) if path else default_model_path()))


def doc_entities(doc) -> list[Entity]:
    """The doc's entities as records (offsets into doc.text)."""
    return [
        Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char)
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    ]


def annotate(
    articles: Iterable[Article], nlp=None, n_process: int = 1, batch_size: int = 32
) -> Iterator[tuple[Article, list[Entity]]]:
    """Stream (article, entities) pairs in input order through `nlp.pipe`."""
    nlp = nlp or load_pipeline()
    # Plain texts into nlp.pipe, articles kept aside: with as_tuples spaCy tokenises
    # in the parent and ships whole Docs to the workers, which made two processes
    # slower than one (scripts/bench.py).
    for_texts, for_pairing = itertools.tee(articles)
    texts = (article.text for article in for_texts)
    for article, doc in zip(for_pairing, nlp.pipe(texts, n_process=n_process, batch_size=batch_size)):
        yield article, doc_entities(doc)
