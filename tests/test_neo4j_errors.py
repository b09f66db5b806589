"""kg.neo4j_writer without a server: bounded node keys, passwords in URIs, the driver's retry warnings."""
from __future__ import annotations

import json
import logging

import networkx as nx
import pytest

from kg.errors import GraphStoreError
from kg.neo4j_writer import MAX_KEY_BYTES, _quiet_retries, bounded_key, push_graph_file
from neo4j_fixtures import free_port

SECRET = "S3cret-in-the-uri"


def test_bounded_key():
    assert bounded_key("person:罗增斌@5119") == "person:罗增斌@5119"
    fits = "org:" + "x" * (MAX_KEY_BYTES - 4)
    assert bounded_key(fits) == fits
    a, b = "org:" + "党" * 4000 + "甲", "org:" + "党" * 4000 + "乙"
    ka, kb = bounded_key(a), bounded_key(b)
    assert ka != kb and ka == bounded_key(a)  # distinct tails stay distinct; the same key maps the same
    assert len(ka.encode("utf-8")) <= MAX_KEY_BYTES and a.startswith(ka.split("#~")[0])


@pytest.fixture
def graph_json(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("org:巴中市委", label="Organization", name="巴中市委")
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(nx.node_link_data(G, edges="edges"), ensure_ascii=False), "utf-8")
    return path


@pytest.mark.parametrize("uri", [f"bolt://neo4j:{SECRET}@127.0.0.1:{{port}}",
                                 f"neo4j://neo4j:{SECRET}@127.0.0.1:{{port}}",
                                 f"http://neo4j:{SECRET}@127.0.0.1:{{port}}"])
def test_password_in_the_uri_is_never_shown(graph_json, uri):
    with pytest.raises(GraphStoreError) as info:
        push_graph_file(graph_json, uri.format(port=free_port()))
    msg = str(info.value)
    assert SECRET not in msg and "neo4j:***@127.0.0.1" in msg and "\n" not in msg


def test_retry_warnings_become_one_line(caplog):
    driver_log = logging.getLogger("neo4j.session")
    with caplog.at_level(logging.WARNING, logger="neo4j.session"), _quiet_retries():
        for delay in (1.0, 2.1, 4.3, 8.2):
            driver_log.warning("Transaction failed and will be retried in %ss (%s)", delay,
                               "Couldn't connect to 127.0.0.1:7687\n(reason [Errno 111] Connection refused)")
        driver_log.warning("something else")
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2 and messages[1] == "something else"
    assert "retried in 1.0s" in messages[0] and "\n" not in messages[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="neo4j.session"), _quiet_retries():  # a new push shows it again
        driver_log.warning("Transaction failed and will be retried in %ss (%s)", 1.0, "down")
    assert len(caplog.records) == 1
