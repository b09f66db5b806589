"""kg.bulk: a first load by the server's own importer equals a clean `kg push`, and takes later pushes."""
from __future__ import annotations

import csv
import datetime as dt
import io

import networkx as nx
import pytest

from kg import bulk, cypher
from kg.cli import main
from kg.errors import GraphStoreError
from kg.neo4j_writer import MAX_KEY_BYTES, push_graph
from neo4j_fixtures import HEAP, PAGECACHE, Neo4jServer, dump, make_driver
from test_neo4j_writer import HOSTILE, hostile_graph, small_graph

# Beyond the writer's hostile names: what a CSV file and the importer's parser could trip on.
CSV_HOSTILE = ["a,b", '"', '""', "tab\there", "nul\x00byte", "unit\x1fsep", "\rcr only", " padded ", "x;y|z",
               "\\\"", "末尾\\"]


def bulk_graph() -> nx.MultiDiGraph:
    """The writer's small and hostile graphs, bench-shaped articles, and every kind of property value."""
    import bench_push  # scripts/ is on sys.path through neo4j_fixtures

    G, _ = bench_push.bench_graph(300, 900, "bk")
    G = nx.compose_all([G, small_graph(), hostile_graph()])
    for i, name in enumerate(CSV_HOSTILE):
        key = f"person:{name}@c{i}"
        G.add_node(key, label="Person", name=name, aliases=[name, "别名"], jurisdiction=name)
        G.add_edge(key, "article:h", key=f"MENTIONED_IN:{name}", type="MENTIONED_IN", sentence=name, count=i)
    G.add_node("org:" + "党" * 2000, label="Organization", name="long")  # 6 KB: stored cut, with full_key
    G.add_node("place:mixed-1", label="Place", name="混一", code=511900, area=1.5, capital=True,
               scores=[1.5, 2.0], years=[2019, 2020], flags=[True, False])
    G.add_node("place:mixed-2", label="Place", name="混二", code="5119", area=float("inf"), capital=False)
    G.add_node("article:bad", label="Article", name="bad", date="2020-02-30")  # left unset, as by push
    G.add_node("article:when", label="Article", name="when", date=dt.date(2020, 6, 12))
    G.add_edge("place:mixed-1", "place:mixed-2", key="PART_OF:x", type="PART_OF", weight=None, note="无")
    return G


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory):
    """A server of its own whose first load was `kg push --bulk` of `bulk_graph()`."""
    server = Neo4jServer.on_free_ports(tmp_path_factory.mktemp("bulk") / "neo4j", heap=HEAP, pagecache=PAGECACHE)
    options = ["--bolt-port", str(server.bolt_port), "--http-port", str(server.http_port),
               "--heap", HEAP, "--pagecache", PAGECACHE]
    try:
        run_import = bulk.script_importer(server.dir, options=options)
        counters = bulk.load_graph(bulk_graph(), run_import, server.uri)
        driver = make_driver(server)
        yield server, driver, counters
        driver.close()
    finally:
        server.stop()


def by_label(driver) -> dict:
    records, _, _ = driver.execute_query("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS n")
    return {r["l"]: r["n"] for r in records}


def by_type(driver) -> dict:
    records, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")
    return {r["t"]: r["n"] for r in records}


@pytest.mark.neo4j
def test_bulk_load_equals_a_clean_push(bulk_server, neo4j_driver):
    _, bulk_driver, counters = bulk_server
    G = bulk_graph()
    assert (counters["nodes"], counters["relationships"]) == (G.number_of_nodes(), G.number_of_edges())
    assert counters["constraints_added"] == len(cypher.CONSTRAINTS)
    push_graph(G, neo4j_driver)
    assert by_label(bulk_driver) == by_label(neo4j_driver)
    assert by_type(bulk_driver) == by_type(neo4j_driver)
    # every node and relationship with all its properties (types included: DATE, arrays, floats)
    (bulk_nodes, bulk_rels), (push_nodes, push_rels) = dump(bulk_driver), dump(neo4j_driver)
    assert [n for n in bulk_nodes if n not in push_nodes] == [n for n in push_nodes if n not in bulk_nodes] == []
    assert [r for r in bulk_rels if r not in push_rels] == [r for r in push_rels if r not in bulk_rels] == []
    assert (bulk_nodes, bulk_rels) == (push_nodes, push_rels)
    long_key = bulk_driver.execute_query("MATCH (o:Organization {name: 'long'}) RETURN o.key AS k, o.full_key AS f")
    assert len(long_key.records[0]["k"].encode()) <= MAX_KEY_BYTES and long_key.records[0]["f"] == "org:" + "党" * 2000


@pytest.mark.neo4j
def test_a_later_push_of_the_same_graph_creates_nothing(bulk_server):
    _, driver, _ = bulk_server
    before = dump(driver)
    constraints = driver.execute_query(cypher.SHOW_CONSTRAINTS).records
    assert {tuple(r["labelsOrTypes"]) for r in constraints} == {(label,) for label in cypher.NODE_LABELS}
    c = push_graph(bulk_graph(), driver)
    assert (c["nodes_created"], c["relationships_created"], c["constraints_added"]) == (0, 0, 0)
    assert dump(driver) == before
    # and a new article pushed incrementally joins the loaded nodes
    extra = nx.MultiDiGraph()
    extra.add_node("person:罗增斌@5119", label="Person", name="罗增斌")
    extra.add_node("article:new", label="Article", name="新", date="2024-01-02")
    extra.add_edge("person:罗增斌@5119", "article:new", key="MENTIONED_IN", type="MENTIONED_IN", count=1)
    c = push_graph(extra, driver)
    assert (c["nodes_created"], c["relationships_created"]) == (1, 1)


@pytest.mark.neo4j
def test_hostile_names_round_trip(bulk_server):
    _, driver, _ = bulk_server
    names = driver.execute_query("MATCH (p:Person)-[:MENTIONED_IN]->(:Article {key: 'article:h'}) "
                                 "RETURN p.name AS n, p.aliases AS a").records
    assert sorted(r["n"] for r in names) == sorted(HOSTILE + CSV_HOSTILE)
    assert sorted(r["a"][0] for r in names if r["a"]) == sorted(CSV_HOSTILE)
    titles = driver.execute_query("MATCH ()-[h:HOLDS_TITLE]->(:Organization {key: 'org:h'}) RETURN h.title AS t")
    assert sorted(r["t"] for r in titles.records) == sorted(HOSTILE)


@pytest.mark.neo4j
def test_a_non_empty_database_is_refused(neo4j_server, neo4j_driver, tmp_path, capsys):
    push_graph(small_graph(), neo4j_driver)
    before = dump(neo4j_driver)
    path = tmp_path / "graph.json"
    path.write_text(__import__("json").dumps(nx.node_link_data(small_graph(), edges="edges"), default=str))
    assert main(["push", str(path), "--uri", neo4j_server.uri, "--bulk", str(neo4j_server.dir)]) == 2
    assert "not empty" in capsys.readouterr().err
    # the script refuses on its own too (it counts the nodes before stopping anything)
    with pytest.raises(GraphStoreError, match="holds 4 nodes"):
        bulk.script_importer(neo4j_server.dir)(bulk.write_import_csv(small_graph(), tmp_path / "csv").directory)
    assert dump(neo4j_driver) == before


def test_csv_files_are_typed_and_escaped(tmp_path):
    plan = bulk.write_import_csv(bulk_graph(), tmp_path)
    assert plan.counts("nodes")["Place"] == bulk_graph().number_of_nodes() - sum(
        v for k, v in plan.counts("nodes").items() if k != "Place")
    heads = {s.path.name: s.path.read_text(encoding="utf-8").split("\n", 1)[0] for s in plan.sources}
    place = [h for name, h in heads.items() if name.startswith("nodes-Place")]
    assert len(place) == 2  # `code` is a long on one place and a string on the others: two files
    assert any('"code:long"' in h for h in place) and any('"code:string"' in h for h in place)
    assert any('"scores:double[]"' in h and '"flags:boolean[]"' in h for h in place)
    assert plan.array_delimiter not in "".join(CSV_HOSTILE)
    assert {s.path.name for s in plan.sources if s.multiline} >= {"nodes-Person-0.csv"}
    assert "nodes-Article-0.csv" not in {s.path.name for s in plan.sources if s.multiline}


def test_an_empty_list_is_an_empty_cell(tmp_path):
    # The importer has no empty array: the property is left unset (`kg push` stores []).
    G = small_graph()
    G.add_node("article:when", label="Article", name="when", tags=[])
    G.add_node("article:then", label="Article", name="then", tags=["a", "b"])
    plan = bulk.write_import_csv(G, tmp_path)
    path = next(s.path for s in plan.sources if s.name == "Article")
    rows = {r[0]: r for r in csv.reader(io.StringIO(path.read_text(encoding="utf-8")))}
    tags = rows["key:ID"].index("tags:string[]")
    assert rows["article:when"][tags] == "" and rows["article:then"][tags] == f"a{plan.array_delimiter}b"


@pytest.mark.parametrize("bad", [
    lambda G: G.add_node("x", label="Thing"),
    lambda G: G.add_node("person:罗增斌@5119", label="Person", friends=["a", 1]),
    lambda G: G.add_node("person:罗增斌@5119", label="Person", **{"a:b": 1}),
    lambda G: G.add_node("person:罗增斌@5119", label="Person", big=2 ** 70),
    lambda G: G.add_edge("org:巴中市委", "person:罗增斌@5119", key="k", type="HOLDS_TITLE"),
])
def test_what_the_importer_cannot_load_is_refused_before_any_file(tmp_path, bad):
    G = small_graph()
    bad(G)
    with pytest.raises(GraphStoreError):
        bulk.write_import_csv(G, tmp_path / "out")
    assert not (tmp_path / "out").exists()
