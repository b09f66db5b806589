"""Neo4j server fixtures (session-scoped server started through scripts/neo4j).

`neo4j_server` starts one real Neo4j for the whole session with `scripts/neo4j start` on free
ports in a temp dir, and stops it (by pid) at the end. `neo4j_driver` hands each test a driver
to that server with an empty database. `start_neo4j` starts further, dedicated servers (the
kill test needs one of its own).

When a server cannot start the tests that need it are skipped with the reason, except with
KG_REQUIRE_NEO4J=1 (CI), where that is a failure.
"""
from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

# The server helper lives beside scripts/neo4j and is shared with scripts/bench.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from neo4j_server import SCRIPT, Neo4jServer, free_port  # noqa: E402,F401  (re-exported to the tests)

HEAP = "512m"
PAGECACHE = "128m"


# Every server this process started. Fixture teardown stops them; if pytest dies
# first (Ctrl-C, SIGTERM from a CI timeout) atexit stops what is left, so no Java
# process outlives the run. Only SIGKILL can still leave one behind.
_STARTED: list[Neo4jServer] = []


@atexit.register
def _stop_leftover_servers() -> None:
    for server in _STARTED:
        if (server.dir / "neo4j.pid").exists():
            server.stop()


if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
    # the default SIGTERM action skips atexit; exiting through SystemExit runs it
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def _required() -> bool:
    return os.environ.get("KG_REQUIRE_NEO4J") == "1"


def start_neo4j(directory: Path, password: str | None = None) -> Neo4jServer:
    """Start a server in `directory` on free ports; skip (or fail under KG_REQUIRE_NEO4J=1) if it cannot."""
    server = Neo4jServer.on_free_ports(Path(directory), password=password, heap=HEAP, pagecache=PAGECACHE)
    _STARTED.append(server)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as err:
        server.stop()
        if _required():
            pytest.fail(f"KG_REQUIRE_NEO4J=1 and the Neo4j server did not start: {err}", pytrace=False)
        pytest.skip(f"Neo4j server not available: {err}")
    return server


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory):
    """One real Neo4j (auth off) for the session; stopped at the end."""
    server = start_neo4j(tmp_path_factory.mktemp("neo4j"))
    yield server
    server.stop()


def make_driver(server: Neo4jServer, **config):
    import neo4j

    config.setdefault("notifications_min_severity", "OFF")
    return neo4j.GraphDatabase.driver(server.uri, auth=server.auth, **config)


@pytest.fixture(scope="session")
def neo4j_session_driver(neo4j_server):
    driver = make_driver(neo4j_server)
    yield driver
    driver.close()


@pytest.fixture
def neo4j_driver(neo4j_session_driver):
    """A driver to the session server, whose database is empty at the start of the test."""
    from kg import cypher

    neo4j_session_driver.execute_query(cypher.WIPE)
    return neo4j_session_driver


def dump(driver) -> tuple[list, list]:
    """Everything in the database, comparable across servers: nodes and relationships with properties."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.key")
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.key AS start, type(r) AS type, b.key AS end, properties(r) AS props "
        "ORDER BY start, type, end, r.key")
    return ([(sorted(r["labels"]), sorted(r["props"].items())) for r in nodes],
            [(r["start"], r["type"], r["end"], sorted(r["props"].items())) for r in rels])
