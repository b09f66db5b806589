"""spaCy components of the `kg_zh` pipeline, one per module, registered as factories.

Importing this package registers the factories, the tokenizer, the callback and the
lexicon functions the config names; `spacy.load` finds them through the entry points
declared in pyproject.toml when kg is installed, and `kg.nlp` imports this package
for when it is not.
"""
from kg.pipeline import blas, chars, lexicon, merge, persons, tokenizer  # noqa: F401
