"""spaCy components of the `kg_zh` pipeline, one per module, registered as factories.

Importing this package registers the factories; `spacy.load` finds them through
the `spacy_factories` entry points declared in pyproject.toml.
"""
