"""`kg_entity_merger`: one non-overlapping set of doc.ents from the model and the rulers.

Precedence, most trusted first:
1. a model span that contains rule spans whole, has characters of its own and
   is crossed by no rule span (巴中市妇女联合会 contains 巴中市: no nesting, the
   longer name wins; so do PERSON 郝海东 over the town 海东 and GPE 佛罗里达州
   over the city 达州; but 平昌县白衣镇, nothing but places, is two GPEs, and
   ORG 巴中市委 in 巴中市委书记 loses to GPE 巴中 + TITLE 市委书记);
2. rule spans (lexicon titles, gazetteer places): their boundaries follow the
   guideline exactly, so they beat a model span they overlap;
3. the remaining model spans.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span


_EMPTY_TENSOR = numpy.zeros((0,), dtype="float32")


class EntityMerger:
    def __init__(
        self, nlp: Language, name: str, rule_keys: list[str], keep_tensor: bool = False, keep_rule_spans: bool = False
    ):
        self.name = name
        self.rule_keys = list(rule_keys)
        self.keep_tensor = keep_tensor
        self.keep_rule_spans = keep_rule_spans

    def __call__(self, doc: Doc) -> Doc:
        model = list(doc.ents)
        rules = [s for key in self.rule_keys for s in doc.spans.get(key, ())]
        taken = [False] * len(doc)
        chosen: list[Span] = []

        def take(span: Span) -> bool:
            if any(taken[i] for i in range(span.start, span.end)):
                return False
            for i in range(span.start, span.end):
                taken[i] = True
            chosen.append(span)
            return True

        rules.sort(key=lambda s: (s.start, -(s.end - s.start)))
        rule_starts = [r.start for r in rules]
        rule_ends = sorted(r.end for r in rules)
        for span in sorted(model, key=lambda s: s.start):
            # rules starting inside the span, found by bisection: linear in the doc, not quadratic
            lo, hi = bisect_left(rule_starts, span.start), bisect_left(rule_starts, span.end)
            inner = [r for r in rules[lo:hi] if r.end <= span.end]
            covered = sum(r.end - r.start for r in inner)
            # rules ending inside the span are inner ones or cross its start; those starting inside cross its end
            ending_inside = bisect_right(rule_ends, span.end) - bisect_right(rule_ends, span.start)
            crossed = hi - lo > len(inner) or ending_inside > len(inner)
            if inner and covered < span.end - span.start and not crossed:
                take(span)
        for span in rules:
            take(span)
        for span in model:
            take(span)
        doc.ents = sorted(chosen, key=lambda s: s.start)
        if not self.keep_rule_spans:
            # the rule spans are merged into doc.ents now; with nlp.pipe(n_process=N) they
            # were more than half of the parent's time deserialising Docs
            for key in self.rule_keys:
                doc.spans.pop(key, None)
        if not self.keep_tensor:
            # tok2vec's vectors (96 floats a token) are not used after the NER; with
            # nlp.pipe(n_process=N) every Doc is serialised back to the parent, and the
            # tensor was most of those bytes (scripts/bench.py --parts extract).
            doc.tensor = _EMPTY_TENSOR
        return doc


@Language.factory(
    "kg_entity_merger",
    requires=["doc.ents", "doc.spans"],
    assigns=["doc.ents"],
    default_config={
        "rule_keys": ["kg_persons", "kg_titles", "kg_orgs", "kg_places"],
        "keep_tensor": False,
        "keep_rule_spans": False,
    },
)
def make_entity_merger(
    nlp: Language, name: str, rule_keys: list[str], keep_tensor: bool, keep_rule_spans: bool
) -> EntityMerger:
    return EntityMerger(nlp, name, rule_keys, keep_tensor, keep_rule_spans)
