"""`kg_org_ruler`: party and government bodies (市委, 市政府, 党中央, 市委党校) as ORG spans (doc.spans["kg_orgs"]).

These bodies are named relative to the article's place; `kg.resolve` turns 市委
into 巴中市委. A place glued in front makes one ORG (巴中市委).
"""
from __future__ import annotations

from spacy.language import Language

from kg.pipeline.rulers import LexiconRuler


class OrgRuler(LexiconRuler):
    label = "ORG"


@Language.factory(
    "kg_org_ruler",
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_orgs"},
)
def make_org_ruler(nlp: Language, name: str, spans_key: str) -> OrgRuler:
    return OrgRuler(nlp, name, spans_key)
