"""kg.graph: stable node ids and edge keys, idempotent builds, JSON/GraphML/HTML output."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from kg.graph import build_graph, load_graph, save_graph
from kg.schema import NODE_LABELS, REL_TYPES
from kg.records import Extraction, Relation
from kg.link import link_article
from test_relations import _seed000_article
from test_resolve import SEED000, locate, make


@pytest.fixture(scope="module")
def seed000():
    art = _seed000_article()
    return link_article(art, locate(art.text, SEED000))


@pytest.fixture(scope="module")
def graph(seed000):
    return build_graph([seed000])


def _edges(G):
    return sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))


def test_node_contract(graph):
    for n, d in graph.nodes(data=True):
        assert d["label"] in NODE_LABELS and d["key"] == n and d["name"]
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
    for _, _, d in graph.edges(data=True):
        assert d["type"] in REL_TYPES
        assert all(isinstance(v, (str, int, float, bool)) for v in d.values())
    town = graph.nodes["place:511902122"]
    assert (town["label"], town["name"], town["code"], town["level"]) == ("Place", "枣林镇", "511902122", "town")
    assert graph.nodes["person:罗增斌@5119"]["jurisdiction"] == "5119"
    assert graph.nodes["org:巴中市委"]["label"] == "Organization"
    article = graph.nodes["article:" + _seed000_article().id]
    assert article["date"] == "2020-06-12" and article["source"] == "巴中日报" and article["label"] == "Article"


def test_holds_title_points_to_the_resolved_organization(graph, seed000):
    held = [(v, d) for _, v, d in graph.out_edges("person:罗增斌@5119", data=True) if d["type"] == "HOLDS_TITLE"]
    assert [v for v, _ in held] == ["org:巴中市委"]
    d = held[0][1]
    assert d["title"] == "市委书记" and d["title_canonical"] == "巴中市委书记"
    assert d["article"] == seed000.article.id and d["date"] == "2020-06-12" and "罗增斌" in d["sentence"]
    # 市领导 implies no organization: the edge goes to the article's place
    assert graph.has_edge("person:王毅@5119", "place:5119")


def test_part_of_from_text_and_gazetteer(graph):
    kinds = {d["origin"] for _, v, d in graph.out_edges("place:511902122", data=True) if d["type"] == "PART_OF"}
    assert kinds == {"text", "gazetteer"}
    chain, node = [], "place:511902122"
    while True:
        ups = [v for _, v, k in graph.out_edges(node, keys=True) if k == "PART_OF:gazetteer"]
        if not ups:
            break
        node = ups[0]
        chain.append(node)
    assert chain == ["place:511902", "place:5119", "place:51"]


def test_mentioned_in_and_located_in(graph, seed000):
    akey = "article:" + seed000.article.id
    d = graph.get_edge_data("org:巴中市委党校", akey, key="MENTIONED_IN")
    assert d["type"] == "MENTIONED_IN" and "市委党校" in d["sentence"] and d["surface"] == "市委党校"
    assert graph.get_edge_data("person:罗增斌@5119", akey, key="MENTIONED_IN")["count"] == sum(1 for s, _ in SEED000 if s == "罗增斌")
    assert graph.has_edge("org:巴中市委党校", "place:5119", key=f"LOCATED_IN:{seed000.article.id}")


def test_build_is_idempotent(seed000, graph):
    again = build_graph([seed000, seed000])
    assert _edges(again) == _edges(graph) and dict(again.nodes(data=True)) == dict(graph.nodes(data=True))
    updated = build_graph([seed000], graph=build_graph([seed000]))
    assert _edges(updated) == _edges(graph)


def test_json_graphml_html_round_trip(tmp_path, graph):
    paths = save_graph(graph, tmp_path)
    loaded = load_graph(paths["json"])
    assert isinstance(loaded, nx.MultiDiGraph)
    assert dict(loaded.nodes(data=True)) == dict(graph.nodes(data=True))
    assert _edges(loaded) == _edges(graph)
    assert _edges(load_graph(tmp_path)) == _edges(graph)
    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert "edges" in data and "links" not in data
    assert nx.read_graphml(paths["graphml"]).number_of_edges() == graph.number_of_edges()
    page = paths["html"].read_text(encoding="utf-8")
    assert "<script src" not in page and "http://" not in page and "https://" not in page
    assert "罗增斌" in page and "</script>" in page
    # build --update: load, add the same extraction, same graph
    assert _edges(build_graph([], graph=loaded)) == _edges(graph)


def test_load_graph_missing_file_is_an_input_error(tmp_path):
    from kg.errors import InputError

    with pytest.raises(InputError):
        load_graph(tmp_path / "nope.json")


def test_one_node_per_real_entity_across_articles():
    exs = []
    for aid, text, spec, site in [
        ("a", "市委书记罗增斌出席。市领导王毅参加。", [("市委书记", "TITLE"), ("罗增斌", "PERSON"), ("市领导", "TITLE"), ("王毅", "PERSON")], "巴中市妇女联合会"),
        ("b", "市委书记罗增斌到巴州区调研。", [("市委书记", "TITLE"), ("罗增斌", "PERSON"), ("巴州区", "GPE")], "巴中市人民政府"),
        ("c", "外交部长王毅在北京会见外宾。", [("外交部长", "TITLE"), ("王毅", "PERSON"), ("北京", "GPE")], None),
    ]:
        art, ents = make(text, spec, site=site, aid=aid)
        exs.append(link_article(art, ents))
    G = build_graph(exs)
    persons = sorted(n for n, d in G.nodes(data=True) if d["label"] == "Person")
    assert persons == ["person:王毅@5119", "person:王毅@中国", "person:罗增斌@5119"]
    held = [k for _, _, k in G.out_edges("person:罗增斌@5119", keys=True)]
    assert sorted(k for k in held if k.startswith("HOLDS_TITLE")) == ["HOLDS_TITLE:市委书记:a", "HOLDS_TITLE:市委书记:b"]
    assert [e.key for e in exs[2].entities] == [None, "person:王毅@中国", "place:11"]


def test_odd_extractions():
    art, ents = make("某某村张三讲话。", [("某某村", "GPE"), ("张三", "PERSON")])
    ex = link_article(art, ents)
    broken = Extraction(article=ex.article, entities=ex.entities,
                        relations=(Relation("张三", "HOLDS_TITLE", "书记", None, None, "某某村张三讲话。"),))
    G = build_graph([ex, broken])
    assert "place:某某村" in G and "person:张三" in G
    assert not [1 for _, _, d in G.edges(data=True) if d["type"] == "HOLDS_TITLE"]
    assert build_graph([]).number_of_nodes() == 0


@pytest.mark.parametrize("module", ["kg.link", "kg.graph"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0 and result.attempted > 0


def test_title_canonical_is_per_mention():
    text = "枣林镇党委书记吴刚、白衣镇党委书记赵明发言。"
    art, ents = make(text, [("枣林镇", "GPE"), ("党委书记", "TITLE"), ("吴刚", "PERSON"), ("白衣镇", "GPE"),
                            ("党委书记", "TITLE"), ("赵明", "PERSON")], site="巴中市妇女联合会")
    G = build_graph([link_article(art, ents)])
    got = {u: d["title_canonical"] for u, _, d in G.edges(data=True) if d["type"] == "HOLDS_TITLE"}
    assert got == {"person:吴刚@5119": "枣林镇党委书记", "person:赵明@5119": "白衣镇党委书记"}
    assert G.has_edge("person:吴刚@5119", "org:枣林镇党委") and G.has_edge("person:赵明@5119", "org:白衣镇党委")


def test_keys_read_back_as_they_were_made():
    from kg.keys import NodeKey, org_key, parse_key, person_key, place_key

    assert parse_key(person_key("罗增斌", "5119")) == NodeKey("person", "罗增斌", "5119")
    assert parse_key(person_key("罗增斌", None)) == NodeKey("person", "罗增斌")
    assert parse_key(place_key(None, "光雾山", "5119")) == NodeKey("place", "光雾山", "5119")
    assert parse_key(org_key("巴中市委")) == NodeKey("org", "巴中市委")
