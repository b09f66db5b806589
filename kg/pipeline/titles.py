"""`kg_title_ruler`: official titles from the title lexicon as TITLE spans (doc.spans["kg_titles"]).

A place glued in front of a title is left to the place ruler (枣林镇党委书记 ->
TITLE 党委书记), per ANNOTATION.md.
"""
from __future__ import annotations

from spacy.language import Language

from kg.pipeline.rulers import LexiconRuler


class TitleRuler(LexiconRuler):
    label = "TITLE"


@Language.factory(
    "kg_title_ruler",
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_titles"},
)
def make_title_ruler(nlp: Language, name: str, spans_key: str) -> TitleRuler:
    return TitleRuler(nlp, name, spans_key)
