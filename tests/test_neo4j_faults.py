"""Faults against a dedicated real server with a password: wrong credentials, and a server
SIGKILLed in the middle of a push, restarted, then the push repeated."""
from __future__ import annotations

import json
import os
import signal
import time

import networkx as nx
import pytest

from kg import cypher
from kg.errors import GraphStoreError
from kg.neo4j_writer import push_graph, push_graph_file
from neo4j_fixtures import dump, make_driver, start_neo4j

pytestmark = pytest.mark.neo4j

PASSWORD = "kg-T3st pass'word"


@pytest.fixture(scope="module")
def auth_server(tmp_path_factory):
    server = start_neo4j(tmp_path_factory.mktemp("neo4j-auth"), password=PASSWORD)
    yield server
    server.stop()


def big_graph(n_people: int = 3000) -> nx.MultiDiGraph:
    """Many nodes and edges, so a push takes many batches."""
    G = nx.MultiDiGraph()
    G.add_node("place:511900", label="Place", name="巴中市", code="511900", level="city")
    for a in range(30):
        G.add_node(f"article:{a}", label="Article", name=f"文章{a}", title=f"文章{a}", date=f"2020-06-{a % 28 + 1:02d}")
        G.add_edge("place:511900", f"article:{a}", key="MENTIONED_IN", type="MENTIONED_IN")
    for i in range(n_people):
        p = f"person:人{i}@5119"
        G.add_node(p, label="Person", name=f"人{i}", jurisdiction="5119")
        G.add_edge(p, f"article:{i % 30}", key="MENTIONED_IN", type="MENTIONED_IN", count=i % 5 + 1)
        G.add_edge(p, "place:511900", key=f"HOLDS_TITLE:职务{i % 7}:{i % 30}", type="HOLDS_TITLE",
                   title=f"职务{i % 7}", article=str(i % 30), date="2020-06-12")
    return G


def test_wrong_password_is_one_line_without_the_password(auth_server, tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(big_graph(3), edges="edges")), "utf-8")
    wrong = "Wr0ng-but-secret"
    with pytest.raises(GraphStoreError) as info:
        push_graph_file(path, auth_server.uri, user="neo4j", password=wrong)
    msg = str(info.value)
    assert "refused the credentials" in msg and "\n" not in msg
    assert wrong not in msg and PASSWORD not in msg
    # no auth at all against a server that needs it is refused the same way
    with pytest.raises(GraphStoreError, match="refused the credentials"):
        push_graph_file(path, auth_server.uri)


def test_auth_file_is_private(auth_server):
    auth = auth_server.dir / "data" / "dbms" / "auth.ini"
    assert auth.is_file() and auth.stat().st_mode & 0o077 == 0


def test_right_password_pushes(auth_server, tmp_path):
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(big_graph(3), edges="edges")), "utf-8")
    c = push_graph_file(path, auth_server.uri, password=PASSWORD)  # user defaults to neo4j
    assert c["nodes_created"] == 3 + 31


def test_kill_mid_push_restart_and_push_again_equals_clean_push(auth_server):
    G = big_graph()
    driver = make_driver(auth_server, max_transaction_retry_time=1.0, connection_timeout=2.0)
    try:
        driver.execute_query(cypher.WIPE)
        pid = auth_server.pid
        total = G.number_of_nodes() + G.number_of_edges()
        killed = []

        def kill_midway(done: int, all_rows: int) -> None:
            if not killed and done >= 1000:  # in the middle of the Person batches
                os.kill(pid, signal.SIGKILL)
                killed.append(done)

        with pytest.raises(GraphStoreError) as info:
            push_graph(G, driver, batch_size=250, progress=kill_midway)
        assert killed and killed[0] < total
        assert "\n" not in str(info.value) and PASSWORD not in str(info.value)
    finally:
        driver.close()
    deadline = time.monotonic() + 30
    while os.path.exists(f"/proc/{pid}") and time.monotonic() < deadline:
        time.sleep(0.2)

    auth_server.start()  # the pid file is stale now; start must notice and start again (with recovery)
    assert auth_server.pid != pid
    driver = make_driver(auth_server)
    try:
        partial = driver.execute_query(cypher.COUNT_NODES).records[0]["n"]
        assert 0 < partial < G.number_of_nodes()  # the kill did land in the middle of the push
        push_graph(G, driver, batch_size=250)
        after_crash = dump(driver)
        driver.execute_query(cypher.WIPE)
        push_graph(G, driver, batch_size=1000)
        clean = dump(driver)
    finally:
        driver.close()
    assert len(clean[0]) == G.number_of_nodes() and len(clean[1]) == G.number_of_edges()
    assert after_crash == clean
