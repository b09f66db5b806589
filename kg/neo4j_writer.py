"""Push a `kg` graph (networkx `MultiDiGraph`) into Neo4j: constraints, then batched, idempotent MERGEs.

`push_graph(graph, driver)` writes through a driver you own; `push_graph_file(path, uri, ...)`
opens one, checks it can connect, and pushes a graph.json. Every statement is in `kg.cypher`.

Mapping (see `kg.graph` for the graph side, `kg.schema` for the vocabulary):
  node ``id`` with ``label`` in `kg.schema.NODE_LABELS` -> ``(:Label {key: id, ...attrs})``
  edge ``(u, v, key)`` with ``type`` whose (type, label of u, label of v) is in
      `kg.schema.TRIPLES` -> ``(u)-[:TYPE {key: key, ...attrs}]->(v)``
  a ``date`` attribute "YYYY-MM-DD" -> a Neo4j ``DATE``.

Each batch (at most `batch_size` rows) is one `session.execute_write` transaction. The driver
may retry a transaction; because every row MERGEs on a stable key, a retry, a repeated push or
a push repeated after a crash all end in the same graph. Errors of the driver become
`GraphStoreError` with a one-line message that never holds the password (given as an
argument or inside the URI); while a server is down the driver's retry warnings are
shown once per push, as one line.

A node key longer than `MAX_KEY_BYTES` (UTF-8) is stored cut, with a hash of the whole key
(`bounded_key`), because Neo4j cannot index a property value over about 8 KB; the whole
key is then kept in the node's ``full_key`` property.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import re
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx

from kg import cypher, schema
from kg.errors import GraphStoreError, InputError

Progress = Callable[[int, int], None]
"""progress(done, total): rows written so far and rows in all (nodes + relationships)."""

COUNTERS = ("nodes_created", "relationships_created", "properties_set", "labels_added", "constraints_added")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SCALARS = (str, int, float, bool)
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_USERINFO = re.compile(r"(?<=://)([^/@]*?):([^/@]*)@")
MAX_KEY_BYTES = 4000
"""Longest node key stored as it is; Neo4j's index refuses values over about 8 KB."""


def bounded_key(key: str) -> str:
    """`key` itself when it fits in `MAX_KEY_BYTES`, else its head and a hash of all of it.

    Deterministic, so a repeated push finds the same node.

    >>> bounded_key("person:罗增斌@5119")
    'person:罗增斌@5119'
    >>> long = bounded_key("org:" + "党" * 5000)
    >>> len(long.encode()) <= MAX_KEY_BYTES, long[-42:-40]
    (True, '#~')
    """
    data = key.encode("utf-8")
    if len(data) <= MAX_KEY_BYTES:
        return key
    digest = hashlib.sha1(data).hexdigest()
    head = data[:MAX_KEY_BYTES - len(digest) - 2].decode("utf-8", errors="ignore")
    return f"{head}#~{digest}"


def _redact_uri(uri: str) -> str:
    """`uri` with the password of a ``user:password@`` part replaced by ***."""
    return _USERINFO.sub(lambda m: f"{m.group(1)}:***@", uri)


class _OneRetryWarning(logging.Filter):
    """Lets the driver's first "will be retried" warning of a push through, as one line; drops the rest."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "will be retried" not in message:
            return True
        self.seen += 1
        if self.seen > 1:
            return False
        record.msg, record.args = "Neo4j: %s (retrying; shown once per push)", (" ".join(message.split()),)
        return True


@contextlib.contextmanager
def _quiet_retries() -> Iterator[None]:
    logger = logging.getLogger("neo4j.session")  # where the driver logs its retries
    quiet = _OneRetryWarning()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def _value(name: str, value, where: str):
    if name == "date" and isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None  # "2020-02-30": not a date; leave the property unset rather than a string
    if value is None or isinstance(value, (_SCALARS, _dt.date)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, _SCALARS) for v in value):
        return list(value)
    raise GraphStoreError(f"{where}: attribute {name!r} is a {type(value).__name__}, not a scalar")


def _props(attrs: dict, skip: tuple[str, ...], where: str) -> dict:
    return {k: _value(k, v, where) for k, v in attrs.items() if k not in skip and v is not None}


def _node_label(graph: nx.MultiDiGraph, node) -> str:
    label = graph.nodes[node].get("label")
    if label not in schema.NODE_LABELS:
        raise GraphStoreError(f"node {str(node)[:80]!r}: label {label!r} is not one of {', '.join(schema.NODE_LABELS)}")
    return label


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run_batch(tx, statement: str, rows: list[dict]) -> dict:
    summary = tx.run(statement, rows=rows).consume()
    c = summary.counters
    return {name: getattr(c, name) for name in COUNTERS}


def _message(err: Exception, uri: str | None = None, secrets: Iterable[str | None] = ()) -> str:
    """A one-line description of a driver error, with any secret blanked out."""
    import neo4j.exceptions as nx4

    where = f" at {uri}" if uri else ""
    detail = getattr(err, "message", None) or str(err) or type(err).__name__
    if isinstance(err, nx4.AuthError):
        msg = f"Neo4j{where} refused the credentials (wrong user or password): {detail}"
    elif isinstance(err, nx4.ServiceUnavailable):
        msg = f"cannot reach Neo4j{where} (is the server running? `scripts/neo4j start`): {detail}"
    elif isinstance(err, nx4.SessionExpired):
        msg = f"the connection to Neo4j{where} was lost during the push (push again; it is idempotent): {detail}"
    elif isinstance(err, nx4.Neo4jError):
        msg = f"Neo4j{where} failed the write: {getattr(err, 'code', None) or type(err).__name__}: {detail}"
    elif isinstance(err, nx4.ConfigurationError) or isinstance(err, ValueError):
        msg = f"invalid Neo4j connection settings ({uri}): {detail}"
    else:
        msg = f"Neo4j{where}: {type(err).__name__}: {detail}"
    for s in secrets:
        if s:
            msg = msg.replace(s, "***")
    return " ".join(msg.split())


def _driver_errors() -> tuple[type[BaseException], ...]:
    import neo4j.exceptions as nx4

    return (nx4.Neo4jError, nx4.DriverError, OSError)


def push_graph(graph: nx.MultiDiGraph, driver, *, database: str | None = None, batch_size: int = 1000,
               progress: Progress | None = None) -> dict:
    """Write `graph` into the Neo4j that `driver` reaches; return counters.

    Constraints first (``IF NOT EXISTS``), then nodes per label, then relationships per
    (type, start label, end label), each in batches of at most `batch_size` rows, one
    `execute_write` transaction per batch. Returns ``nodes``, ``relationships`` (rows
    sent), ``batches`` and the server's summed counters (``nodes_created``,
    ``relationships_created``, ``properties_set``, ``labels_added``,
    ``constraints_added``). Pushing the same graph again creates nothing.

    Raises `GraphStoreError` for a node or edge outside the vocabulary and for any
    driver error.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    # Validate and group everything before the first write, so bad input writes nothing.
    nodes_by_label: dict[str, list] = defaultdict(list)
    for node in graph.nodes:
        nodes_by_label[_node_label(graph, node)].append(node)
    edges_by_kind: dict[tuple[str, str, str], list] = defaultdict(list)
    for u, v, k, attrs in graph.edges(keys=True, data=True):
        rel = attrs.get("type")
        if rel not in schema.REL_TYPES:
            raise GraphStoreError(f"edge {str(u)[:40]!r} -> {str(v)[:40]!r}: type {rel!r} is not one of "
                                  f"{', '.join(schema.REL_TYPES)}")
        kind = (rel, _node_label(graph, u), _node_label(graph, v))
        if kind not in cypher.REL_MERGE:
            allowed = ", ".join(f"{a}->{b}" for t, a, b in schema.TRIPLES if t == rel)
            raise GraphStoreError(f"edge {str(u)[:40]!r} -> {str(v)[:40]!r}: {rel} from {kind[1]} to {kind[2]} "
                                  f"is not in the schema (only {allowed})")
        edges_by_kind[kind].append((u, v, k))

    def node_rows(nodes: list) -> Iterator[dict]:
        for n in nodes:
            props = _props(graph.nodes[n], ("label", "key"), f"node {str(n)[:80]!r}")
            key = bounded_key(str(n))
            if key != str(n):
                props["full_key"] = str(n)
            yield {"key": key, "props": props}

    def edge_rows(edges: list) -> Iterator[dict]:
        for u, v, k in edges:
            attrs = graph.edges[u, v, k]
            yield {"start": bounded_key(str(u)), "end": bounded_key(str(v)), "key": str(k),
                   "props": _props(attrs, ("type", "key"), f"edge {str(k)[:80]!r}")}

    n_nodes = graph.number_of_nodes()
    n_rels = graph.number_of_edges()
    total = n_nodes + n_rels
    counters = {"nodes": n_nodes, "relationships": n_rels, "batches": 0, **{c: 0 for c in COUNTERS}}
    done = 0
    try:
        with _quiet_retries(), driver.session(database=database) as session:
            for statement in cypher.SCHEMA:
                c = session.execute_write(_run_batch, statement, [])
                counters["constraints_added"] += c["constraints_added"]
            session.run(cypher.AWAIT_INDEXES, seconds=300).consume()
            if progress is not None:
                progress(0, total)
            work = [(cypher.NODE_MERGE[label], node_rows(nodes_by_label[label]))
                    for label in schema.NODE_LABELS if nodes_by_label.get(label)]
            work += [(cypher.REL_MERGE[kind], edge_rows(edges)) for kind, edges in sorted(edges_by_kind.items())]
            for statement, rows in work:
                for batch in _batches(rows, batch_size):
                    c = session.execute_write(_run_batch, statement, batch)
                    for name in COUNTERS:
                        counters[name] += c[name]
                    counters["batches"] += 1
                    done += len(batch)
                    if progress is not None:
                        progress(done, total)
    except GraphStoreError:
        raise
    except _driver_errors() as err:
        raise GraphStoreError(_message(err)) from err
    return counters


def load_graph_json(path: str | Path) -> nx.MultiDiGraph:
    """Read a node-link graph.json (``edges="edges"``) as a `MultiDiGraph`."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:  # AttributeError: a JSON list
        raise InputError(str(p), f"cannot read the graph: {err}", hint="build one with `kg build PATH --out DIR`") from err
    return G if isinstance(G, nx.MultiDiGraph) else nx.MultiDiGraph(G)


def push_graph_file(path: str | Path, uri: str, user: str | None = None, password: str | None = None,
                    database: str | None = None, batch_size: int = 1000, progress: Progress | None = None) -> dict:
    """Push the graph.json at `path` to the Neo4j server at `uri`; return `push_graph`'s counters.

    No `user` and no `password` means no authentication (a local server started by
    `scripts/neo4j` without ``--password``); a password alone means user ``neo4j``.
    Raises `GraphStoreError` (one line, never with the password) when the server cannot be
    reached, refuses the credentials or fails a write.
    """
    import neo4j

    shown = _redact_uri(uri)
    in_uri = _USERINFO.search(uri)
    secrets = (password, in_uri.group(2) if in_uri else None)
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in _SCHEMES:
        raise GraphStoreError(f"invalid Neo4j connection settings: URI {shown!r} must start with one of "
                              f"{', '.join(s + '://' for s in _SCHEMES)}")
    graph = load_graph_json(path)
    auth = (user or "neo4j", password or "") if (user or password) else None
    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=10.0,
                                              notifications_min_severity="OFF")
    except (ValueError, neo4j.exceptions.ConfigurationError, neo4j.exceptions.DriverError) as err:
        raise GraphStoreError(_message(err, shown, secrets)) from err
    try:
        try:
            driver.verify_connectivity()
        except (*_driver_errors(), ValueError) as err:  # ValueError: an address it cannot resolve (host:notaport)
            raise GraphStoreError(_message(err, shown, secrets)) from err
        try:
            return push_graph(graph, driver, database=database, batch_size=batch_size, progress=progress)
        except GraphStoreError as err:
            msg = str(err)
            for secret in secrets:
                if secret:
                    msg = msg.replace(secret, "***")
            raise GraphStoreError(msg) from err.__cause__
    finally:
        driver.close()
