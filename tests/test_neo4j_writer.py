"""kg.neo4j_writer against the real server: idempotence, constraints, dates, hostile names, errors."""
from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import pytest
from neo4j.time import Date

import kg
from kg import cypher
from kg.errors import GraphStoreError
from kg.neo4j_writer import push_graph, push_graph_file
from neo4j_fixtures import dump, free_port

pytestmark = pytest.mark.neo4j

HOSTILE = [
    "O'Brien \"the\" `boss`",
    "}) DETACH DELETE n //",
    "MATCH (n) DETACH DELETE n",
    "{key: 'x'}",
    "line one\nline two\r\n",
    "王毅 😀 \\u0000 \\",
    "$rows",
    "`Person`:Organization",
    "",
]


def small_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("person:罗增斌@5119", label="Person", name="罗增斌", key="person:罗增斌@5119",
               jurisdiction="5119", jurisdiction_name="巴中市")
    G.add_node("org:巴中市委", label="Organization", name="巴中市委", key="org:巴中市委")
    G.add_node("place:511900", label="Place", name="巴中市", code="511900", level="city")
    G.add_node("article:a1", label="Article", name="调研", title="调研", date="2020-06-12",
               source="巴中日报", url="http://example.org/a1", path="a1.txt")
    G.add_edge("person:罗增斌@5119", "org:巴中市委", key="HOLDS_TITLE:市委书记:a1", type="HOLDS_TITLE",
               title="市委书记", article="a1", date="2020-06-12", sentence="市委书记罗增斌到巴州区调研。")
    G.add_edge("person:罗增斌@5119", "org:巴中市委", key="MEMBER_OF:a1", type="MEMBER_OF", article="a1",
               date="2020-06-12")
    G.add_edge("org:巴中市委", "place:511900", key="LOCATED_IN:a1", type="LOCATED_IN", article="a1")
    for n in ("person:罗增斌@5119", "org:巴中市委", "place:511900"):
        G.add_edge(n, "article:a1", key="MENTIONED_IN", type="MENTIONED_IN", article="a1", date="2020-06-12",
                   count=1)
    return G


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    G.add_node("article:h", label="Article", name="h", title="`}) MATCH (n) DELETE n", date="2021-01-02")
    G.add_node("org:h", label="Organization", name="}) DETACH DELETE n //")
    for i, name in enumerate(HOSTILE):
        key = f"person:{name}@{i}"
        G.add_node(key, label="Person", name=name, jurisdiction=name)
        G.add_edge(key, "article:h", key=f"MENTIONED_IN:{name}", type="MENTIONED_IN", sentence=name,
                   article="h")
        G.add_edge(key, "org:h", key=f"HOLDS_TITLE:{name}:h", type="HOLDS_TITLE", title=name, article="h")
    return G


def counts(driver) -> tuple[int, int]:
    n = driver.execute_query(cypher.COUNT_NODES).records[0]["n"]
    r = driver.execute_query(cypher.COUNT_RELATIONSHIPS).records[0]["n"]
    return n, r


def test_push_creates_everything_and_is_idempotent(neo4j_driver):
    G = small_graph()
    first = push_graph(G, neo4j_driver)
    assert first["nodes_created"] == 4 and first["relationships_created"] == 6
    assert counts(neo4j_driver) == (4, 6)
    snapshot = dump(neo4j_driver)
    second = push_graph(G, neo4j_driver)
    assert second["nodes_created"] == 0 and second["relationships_created"] == 0
    assert counts(neo4j_driver) == (4, 6)
    assert dump(neo4j_driver) == snapshot


def test_push_adds_only_what_is_new(neo4j_driver):
    G = small_graph()
    push_graph(G, neo4j_driver)
    G.add_node("place:511902", label="Place", name="巴州区", code="511902", level="county")
    G.add_edge("place:511902", "place:511900", key="PART_OF:gazetteer", type="PART_OF", source="gazetteer")
    c = push_graph(G, neo4j_driver)
    assert (c["nodes_created"], c["relationships_created"]) == (1, 1)
    assert counts(neo4j_driver) == (5, 7)


def test_labels_types_and_properties(neo4j_driver):
    push_graph(small_graph(), neo4j_driver)
    rec = neo4j_driver.execute_query(
        "MATCH (p:Person)-[h:HOLDS_TITLE]->(o:Organization) RETURN p, h, o").records
    assert len(rec) == 1
    p, h, o = rec[0]["p"], rec[0]["h"], rec[0]["o"]
    assert dict(p) == {"key": "person:罗增斌@5119", "name": "罗增斌", "jurisdiction": "5119",
                       "jurisdiction_name": "巴中市"}
    assert h["key"] == "HOLDS_TITLE:市委书记:a1" and h["title"] == "市委书记" and h["article"] == "a1"
    assert o["name"] == "巴中市委"
    assert "label" not in p and "type" not in h


def test_constraints_exist(neo4j_driver):
    push_graph(small_graph(), neo4j_driver)
    rows = neo4j_driver.execute_query(cypher.SHOW_CONSTRAINTS).records
    unique = {(r["labelsOrTypes"][0], tuple(r["properties"])) for r in rows if r["type"] == "UNIQUENESS"}
    assert unique >= {(label, ("key",)) for label in cypher.NODE_LABELS}
    with pytest.raises(Exception, match="already exists"):
        neo4j_driver.execute_query("CREATE (:Person {key: 'person:罗增斌@5119'})")


def test_dates_are_neo4j_dates(neo4j_driver):
    G = small_graph()
    G.add_node("article:bad", label="Article", name="bad", date="2020-02-30")
    push_graph(G, neo4j_driver)
    rec = neo4j_driver.execute_query(
        "MATCH (a:Article {key: 'article:a1'}) RETURN a.date AS d, valueType(a.date) AS t").records[0]
    assert rec["d"] == Date(2020, 6, 12) and rec["t"].startswith("DATE")
    rec = neo4j_driver.execute_query("MATCH ()-[h:HOLDS_TITLE]->() RETURN h.date AS d").records[0]
    assert rec["d"].to_native() == dt.date(2020, 6, 12)
    found = neo4j_driver.execute_query(
        "MATCH (a:Article) WHERE a.date >= date('2020-01-01') RETURN collect(a.key) AS k").records[0]["k"]
    assert found == ["article:a1"]  # an impossible date is left unset, never stored as a string
    assert neo4j_driver.execute_query(
        "MATCH (a:Article {key: 'article:bad'}) RETURN a.date AS d").records[0]["d"] is None


def test_hostile_names_arrive_as_data(neo4j_driver):
    G = hostile_graph()
    push_graph(G, neo4j_driver, batch_size=3)
    assert counts(neo4j_driver) == (len(HOSTILE) + 2, 2 * len(HOSTILE))
    names = neo4j_driver.execute_query("MATCH (p:Person) RETURN p.name AS n").records
    assert sorted(r["n"] for r in names) == sorted(HOSTILE)
    titles = neo4j_driver.execute_query("MATCH ()-[h:HOLDS_TITLE]->() RETURN h.title AS t").records
    assert sorted(r["t"] for r in titles) == sorted(HOSTILE)
    labels = neo4j_driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN collect(DISTINCT l) AS l").records
    assert set(labels[0]["l"]) == {"Person", "Organization", "Article"}
    types = neo4j_driver.execute_query(
        "MATCH ()-[r]->() RETURN collect(DISTINCT type(r)) AS t").records
    assert set(types[0]["t"]) == {"MENTIONED_IN", "HOLDS_TITLE"}
    push_graph(G, neo4j_driver, batch_size=4)
    assert counts(neo4j_driver) == (len(HOSTILE) + 2, 2 * len(HOSTILE))


def test_batches_and_progress(neo4j_driver):
    G = hostile_graph()
    seen = []
    c = push_graph(G, neo4j_driver, batch_size=4, progress=lambda done, total: seen.append((done, total)))
    total = G.number_of_nodes() + G.number_of_edges()
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert all(b[0] - a[0] <= 4 for a, b in zip(seen, seen[1:]))
    assert c["batches"] == len(seen) - 1 > total // 4


@pytest.mark.parametrize("bad", ["label", "type", "triple"])
def test_vocabulary_is_closed_and_nothing_is_written(neo4j_driver, bad):
    G = small_graph()
    if bad == "label":
        G.add_node("x", label="Person) DETACH DELETE (n", name="x")
    elif bad == "type":
        G.add_edge("org:巴中市委", "place:511900", key="k", type="KNOWS")
    else:  # a known type between labels the schema does not join
        G.add_edge("article:a1", "place:511900", key="k", type="LOCATED_IN")
    with pytest.raises(GraphStoreError, match="not one of" if bad != "triple" else
                       "LOCATED_IN from Article to Place is not in the schema"):
        push_graph(G, neo4j_driver)
    assert counts(neo4j_driver) == (0, 0)


def test_push_graph_file_and_lazy_export(neo4j_server, neo4j_driver, tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(small_graph(), edges="edges"), ensure_ascii=False), "utf-8")
    c = push_graph_file(path, neo4j_server.uri, batch_size=2)
    assert (c["nodes_created"], c["relationships_created"]) == (4, 6)
    assert kg.push_graph is push_graph
    from kg import api
    assert api.push_graph_file(path, neo4j_server.uri)["nodes_created"] == 0


def test_server_down_is_one_line_graph_store_error(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(small_graph(), edges="edges")), "utf-8")
    secret = "s3cret-Pa55word"
    with pytest.raises(GraphStoreError) as info:
        push_graph_file(path, f"bolt://127.0.0.1:{free_port()}", user="neo4j", password=secret)
    msg = str(info.value)
    assert "cannot reach Neo4j" in msg and "\n" not in msg and secret not in msg


def test_invalid_uri_is_graph_store_error(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(small_graph(), edges="edges")), "utf-8")
    with pytest.raises(GraphStoreError, match="invalid Neo4j connection settings"):
        push_graph_file(path, "http://127.0.0.1:1")


def test_missing_database_is_graph_store_error(neo4j_server, neo4j_driver, tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(small_graph(), edges="edges")), "utf-8")
    with pytest.raises(GraphStoreError) as info:
        push_graph_file(path, neo4j_server.uri, database="nosuchdb")
    assert "\n" not in str(info.value) and "nosuchdb" in str(info.value)


def test_a_node_key_over_8_kb_is_stored_bounded_with_the_full_key(neo4j_driver):
    G = small_graph()
    name = "巴中市" + "某某" * 3000  # 18 KB of UTF-8: over what Neo4j can index
    key = f"org:{name}"
    G.add_node(key, label="Organization", name=name, key=key)
    G.add_edge("person:罗增斌@5119", key, key="MEMBER_OF:a2", type="MEMBER_OF", article="a2")
    G.add_edge(key, "article:a1", key="MENTIONED_IN", type="MENTIONED_IN", article="a1")
    first = push_graph(G, neo4j_driver)
    assert (first["nodes_created"], first["relationships_created"]) == (5, 8)
    rec = neo4j_driver.execute_query(
        "MATCH (:Person)-[:MEMBER_OF {key: 'MEMBER_OF:a2'}]->(o:Organization) RETURN o").records
    o = rec[0]["o"]
    assert o["name"] == name and o["full_key"] == key and len(o["key"].encode()) < 8000
    again = push_graph(G, neo4j_driver)
    assert (again["nodes_created"], again["relationships_created"]) == (0, 0)
