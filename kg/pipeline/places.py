"""`kg_place_ruler`: administrative places from the gazetteer as GPE spans (doc.spans["kg_places"]).

Full names (巴中市, 枣林镇) and province/city short names (巴中, 四川) match;
adjacent places are separate spans (巴州区枣林镇 -> 巴州区 + 枣林镇). Codes are
not assigned here: which 枣林镇 is meant depends on the whole article, which
`kg.resolve` sees.
"""
from __future__ import annotations

from spacy.language import Language

from kg.pipeline.rulers import LexiconRuler


class PlaceRuler(LexiconRuler):
    label = "GPE"


@Language.factory(
    "kg_place_ruler",
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_places"},
)
def make_place_ruler(nlp: Language, name: str, spans_key: str) -> PlaceRuler:
    return PlaceRuler(nlp, name, spans_key)
