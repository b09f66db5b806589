"""kg.schema is the one home of the vocabulary: records, graph, Cypher, writer, HTML and Browser style agree with it."""
from __future__ import annotations

import re
from typing import get_args

from kg import cypher, graph_html, records, relations, schema
from kg.graph import build_graph
from kg.link import link_article
from test_relations import _seed000_article
from test_resolve import SEED000, locate


def test_records_take_their_labels_from_the_schema():
    assert records.ENTITY_LABELS == get_args(records.EntityLabel) == schema.ENTITY_LABELS
    assert records.RELATION_TYPES == get_args(records.RelationType) == schema.RELATION_TYPES
    # every extracted relation becomes a graph relationship of the same type
    assert set(schema.RELATION_TYPES) < set(schema.REL_TYPES)
    assert set(relations.MENTION_RULES) <= set(schema.RELATION_TYPES)


def test_graph_vocabulary_agrees_with_the_schema():
    # every entity label but TITLE (titles live on edges) has a node label
    assert set(schema.NODE_LABEL_OF) == set(schema.ENTITY_LABELS) - {"TITLE"}
    assert set(schema.NODE_LABEL_OF.values()) <= set(schema.NODE_LABELS)


def test_triples_are_exactly_what_the_graph_makes():
    art = _seed000_article()
    G = build_graph([link_article(art, locate(art.text, SEED000))])
    label = G.nodes(data="label")
    made = {(d["type"], label[u], label[v]) for u, v, d in G.edges(data=True)}
    assert made == set(schema.TRIPLES)  # the seed page shows every allowed triple, and nothing else


def test_cypher_has_one_statement_per_triple_and_label():
    assert sorted(cypher.REL_MERGE) == sorted(schema.TRIPLES) and len(cypher.REL_MERGE) == 8
    for (rel, a, b), statement in cypher.REL_MERGE.items():
        assert statement.startswith("UNWIND $rows AS row ")
        assert re.findall(r"\((\w):(\w+) ", statement) == [("a", a), ("b", b)]
        assert re.findall(r"\[r:(\w+) ", statement) == [rel]
    assert set(cypher.NODE_MERGE) == set(cypher.CONSTRAINTS) == set(schema.NODE_LABELS)
    assert all("IF NOT EXISTS" in c for c in cypher.CONSTRAINTS.values())


def test_graph_html_colours_are_the_browser_colours():
    assert graph_html.COLORS == {n.label: n.color for n in schema.NODES}
    assert len(set(graph_html.COLORS.values())) == len(schema.NODES)
    page = graph_html.render_html(build_graph([]))
    assert all(colour in page for colour in graph_html.COLORS.values())
