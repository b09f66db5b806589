"""The neighbour look-ups of kg.relations, kg.resolve and kg.link: linear in the mentions, same answers as a scan.

Each helper is checked against the scan over all entities it replaced (issue 17: a page of
1,100 titles in a row overflowed the stack, a 1 MB page did not finish in 30 minutes).
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.link import STACK_GAP, _title_body, link_article, title_context
from kg.records import Article, ArticleMeta, Entity
from kg.relations import _verb_use, glued_before, sentence_of, sentences
from kg.resolve import _glued_before, resolve

LABELS = ("PERSON", "TITLE", "GPE", "ORG", "LOC")


def scan_glued_before(entities, i, labels):
    start = entities[i].start
    for j, e in enumerate(entities):
        if j != i and e.label in labels and e.end == start:
            return j
    return None


def scan_sentence_of(spans, pos):
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return pos, pos


def scan_verb_use(ents, t):
    return any(e.start == ents[t].end and e.label in ("ORG", "GPE", "PERSON") for e in ents)


def scan_title_context(res, i):
    """title_context as it was: recursive, a scan over all entities per title."""
    ents, text = res.entities, res.article.text
    glued, glued_org, _ = title_context(res, i)
    previous = None
    for k, e in enumerate(ents):
        if e.label == "TITLE" and e.end <= ents[i].start and STACK_GAP.fullmatch(text[e.end:ents[i].start]):
            g, go, p = scan_title_context(res, k)
            body = _title_body(res, e.text, g, go, p)
            previous = body[0] if body else None
    return glued, glued_org, previous


spans_st = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 4), st.sampled_from(LABELS)), max_size=25)


def entities_from(spans):
    return [Entity(text="x" * n, label=label, start=s, end=s + n) for s, n, label in spans]


@settings(max_examples=300, deadline=None)
@given(spans_st, st.sampled_from([("GPE",), ("ORG",), ("GPE", "ORG"), ("TITLE", "PERSON")]))
def test_glued_before_matches_a_scan(spans, labels):
    ents = entities_from(spans)
    for i in range(len(ents)):
        assert glued_before(ents, i, labels) == scan_glued_before(ents, i, labels)
        assert _glued_before("", ents, i, labels[0]) == scan_glued_before(ents, i, labels[:1])
        assert _verb_use(ents, "", i) == (ents[i].text in _verb_titles() or scan_verb_use(ents, i))


def _verb_titles():
    from kg.lexicon.tables import VERB_TITLES
    return VERB_TITLES


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab。！\n；", max_size=40))
def test_sentence_of_matches_a_scan(text):
    spans = sentences(text)
    for pos in range(-1, len(text) + 2):
        assert sentence_of(spans, pos) == scan_sentence_of(spans, pos)


PIECES = ["市委常委", "宣传部部长", "县委书记", "副县长", "巴中市", "市委"]
GAPS = ["、", "，", " 、 ", "兼", "", "和", "\u3000,", " "]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(GAPS)), min_size=1, max_size=12))
def test_title_context_matches_the_recursive_scan(parts):
    text, ents = "", []
    for piece, gap in parts:
        label = "GPE" if piece == "巴中市" else "ORG" if piece == "市委" else "TITLE"
        ents.append(Entity(piece, label, len(text), len(text) + len(piece)))
        text += piece + gap
    res = resolve(Article("a", "-", ArticleMeta(), text, site="巴中市妇女联合会"), ents)
    for i, e in enumerate(res.entities):
        if e.label == "TITLE":
            assert title_context(res, i) == scan_title_context(res, i)


def test_a_thousand_titles_in_a_row_link_without_overflowing_the_stack():
    text = "、".join(["市委常委"] * 1100) + "何平主持。"
    ents = [Entity("市委常委", "TITLE", k * 5, k * 5 + 4) for k in range(1100)]
    ents.append(Entity("何平", "PERSON", 1100 * 5 - 1, 1100 * 5 + 1))
    ex = link_article(Article("a", "-", ArticleMeta(), text, site="巴中市妇女联合会"), ents)
    assert ("何平", "HOLDS_TITLE", "市委常委") in {(r.head, r.type, r.tail) for r in ex.relations}
