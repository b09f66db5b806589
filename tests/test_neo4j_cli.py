"""`kg push` end to end against the real server: counters printed, idempotent, one-line errors."""
from __future__ import annotations

import json

import networkx as nx
import pytest

from kg import cypher
from kg.cli import main
from neo4j_fixtures import free_port
from test_neo4j_writer import small_graph

pytestmark = pytest.mark.neo4j


@pytest.fixture
def graph_json(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(small_graph(), edges="edges"), ensure_ascii=False), "utf-8")
    return path


def test_kg_push_twice(neo4j_server, neo4j_driver, graph_json, capsys, monkeypatch):
    for var in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    assert main(["push", str(graph_json), "--uri", neo4j_server.uri, "--batch-size", "2", "-q"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["nodes_created"], first["relationships_created"]) == (4, 6)
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    assert main(["push", str(graph_json), "-q"]) == 0
    second = json.loads(capsys.readouterr().out)
    assert (second["nodes_created"], second["relationships_created"]) == (0, 0)
    assert neo4j_driver.execute_query(cypher.COUNT_NODES).records[0]["n"] == 4


def test_kg_push_to_no_server_is_one_line(graph_json, capsys, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "Very-Secret-1")
    code = main(["push", str(graph_json), "--uri", f"bolt://127.0.0.1:{free_port()}", "--user", "neo4j", "-q"])
    out, err = capsys.readouterr()
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "cannot reach Neo4j" in err and "Very-Secret-1" not in err
