"""scripts/bench.py: the part registry, the table, the push part's graph, and the push part end to end."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import bench  # noqa: E402
import bench_push  # noqa: E402
from bench_common import Context  # noqa: E402

from kg import schema  # noqa: E402


def test_every_registered_part_is_defined_by_its_module():
    assert list(bench.PARTS)[:3] == ["extract", "push", "scaling"]
    for name in bench.PARTS:
        p = bench.part(name)
        assert p.name == name and callable(p.run) and callable(p.rows)


def test_unknown_part_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        bench.main(["--parts", "extract,nope"])
    assert info.value.code == 2 and "unknown parts: nope" in capsys.readouterr().err


def test_table_has_a_row_per_metric_in_registry_order():
    result = {
        "scaling": {"points": [{"factor": 1, "pages": 24, "s_per_page": 0.5, "peak_rss_mb": 700.0}],
                    "per_page_growth": 1.5, "peak_rss_growth": 1.0},
        "push": {"batched_rows_per_s": 20000, "naive_rows_per_s": 500, "ratio": 40.0, "nodes": 10,
                 "relationships": 30, "naive_rows": 40},
    }
    lines = bench.table(result).splitlines()
    assert [line.split("|")[1].strip() for line in lines[2:]] == ["push"] * 3 + ["scaling"] * 3
    assert ">= 20  ok" in lines[4] and "<= 1.3  MISSED" in lines[6]


def test_push_graph_is_closed_and_within_the_schema():
    G, marks = bench_push.bench_graph(300, 900, "t")
    label = G.nodes(data="label")
    assert {(d["type"], label[u], label[v]) for u, v, d in G.edges(data=True)} <= set(schema.TRIPLES)
    assert G.number_of_nodes() >= 300 and G.number_of_edges() >= 900
    H = bench_push.prefix_graph(G, marks, 200)  # asserts the prefix holds exactly its own edges
    assert 0 < H.number_of_nodes() < G.number_of_nodes()


@pytest.mark.neo4j
def test_push_part_against_a_given_server(neo4j_server, neo4j_driver, monkeypatch):
    monkeypatch.setattr(bench_push, "QUICK", bench_push.Sizes(nodes=300, rels=900, naive_rows=200))
    for var in ("NEO4J_USERNAME", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"):
        monkeypatch.delenv(var, raising=False)
    out = bench.part("push").run(Context(quick=True, neo4j_uri=neo4j_server.uri))
    assert out["nodes"] >= 300 and out["relationships"] >= 900 and out["server"] == "given (--neo4j-uri)"
    assert out["batched_rows_per_s"] > 0 and out["naive_rows"] >= 200
    # the benchmark deletes what it wrote, and only that
    assert neo4j_driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0


@pytest.mark.neo4j
def test_throwaway_server_is_gone_afterwards():
    from neo4j_server import throwaway

    import neo4j

    with throwaway() as server:
        pid = server.pid
        with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            driver.verify_connectivity()
        directory = server.dir
    assert not directory.exists()
    stat = Path(f"/proc/{pid}/stat")
    assert not stat.exists() or stat.read_text().split(")")[-1].split()[0] == "Z"  # gone, or a zombie
