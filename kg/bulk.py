"""First load of a `kg` graph into an empty Neo4j database through the server's own bulk importer.

`load_graph(graph, run_import, uri)` does it all (`kg push --bulk DIR`):
`write_import_csv(graph, out_dir)` writes the graph as CSV files for ``neo4j-admin database
import full`` and returns an `ImportPlan` (its ``admin_args()`` are the importer's arguments,
also saved as ``import.json`` beside the files). After the importer has run and the server
is up, `finish(driver)` creates the constraints `kg push` relies on and waits for their
indexes. `is_empty(driver)` is the check that must pass before any of it: the importer only
loads an empty database. `script_importer(DIR)` runs the importer through ``scripts/neo4j
import`` (stop, import, start the server of DIR).

The files hold what `kg.neo4j_writer.push_graph` would write, key for key and property for
property: a node's ``key`` is ``bounded_key(id)`` (``full_key`` when cut), a relationship's
``key`` is its edge key, every other attribute except ``label``/``type`` is a property, a
valid ``date`` "YYYY-MM-DD" is a DATE, and lists are arrays (an empty list, which the
importer cannot express, is left unset where `kg push` stores ``[]``). So a bulk-loaded database
takes later incremental pushes of the same graph without creating anything.

One file per node label and per relationship type, with typed headers; a property whose
values have several types within one label (or type) splits that label's rows over one
file per combination, since a column has one type. Strings are always quoted (a quote is
doubled), so an empty string stays an empty string and an unquoted empty cell means "no
property". Newlines need the importer's slower multi-line parser: only the files that
hold one are named in ``--multiline-fields``. Array elements are joined with a delimiter
that none of the graph's list elements contains.
"""
from __future__ import annotations

import datetime as _dt
import functools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from kg import cypher, schema
from kg.errors import GraphStoreError
from kg.neo4j_writer import _DATE, _driver_errors, _message, _node_label, bounded_key

PLAN_FILE = "import.json"
# Characters that never occur in news text first; the first one no list element holds is used.
_ARRAY_DELIMITERS = ("\x1f", "\x1e", "\x1d", "\x1c", "|", ";", "\x01", "\x02")
_LONG = (-(2 ** 63), 2 ** 63 - 1)
_SCALAR_KIND = {str: "string", bool: "boolean", int: "long", float: "double"}


@dataclass(frozen=True)
class CsvSource:
    """One CSV file of the import: the rows of one node label or relationship type with one header."""

    kind: str        # "nodes" or "relationships"
    name: str        # the label or relationship type
    path: Path
    rows: int
    multiline: bool  # holds a newline inside a value


@dataclass(frozen=True)
class ImportPlan:
    """The CSV files written for one graph, and how the importer must read them."""

    directory: Path
    sources: tuple[CsvSource, ...]
    array_delimiter: str
    nodes: int
    relationships: int

    def counts(self, kind: str) -> dict[str, int]:
        """Rows per label (kind "nodes") or per relationship type (kind "relationships")."""
        out: dict[str, int] = defaultdict(int)
        for s in self.sources:
            if s.kind == kind:
                out[s.name] += s.rows
        return dict(out)

    def admin_args(self, database: str = "neo4j", relative: bool = False) -> list[str]:
        """The arguments of ``neo4j-admin`` that import these files into `database`.

        `relative`: file names relative to the plan's folder (the importer then runs there).
        """
        where = (lambda p: p.name) if relative else str
        args = ["database", "import", "full",
                f"--array-delimiter=U+{ord(self.array_delimiter):04X}",
                "--delimiter=,", "--quote=\"", "--id-type=string",
                "--legacy-style-quoting=false", "--trim-strings=false", "--ignore-empty-strings=false",
                "--skip-duplicate-nodes=false", "--skip-bad-relationships=false", "--bad-tolerance=0"]
        args += [f"--{s.kind}={s.name}={where(s.path)}" for s in self.sources]
        multiline = [where(s.path) for s in self.sources if s.multiline]
        if multiline:
            args += ["--multiline-fields-format=v2", f"--multiline-fields={','.join(multiline)}"]
        return [*args, database]


@functools.lru_cache(maxsize=1 << 16)  # a crawl has few distinct dates, each on many rows
def _date_string_kind(value: str) -> str | None:
    if _DATE.fullmatch(value):
        try:
            _dt.date.fromisoformat(value)
        except ValueError:
            return None  # "2020-02-30": push leaves it unset too
        return "date"
    return "string"


def _kind(name: str, value) -> str | None:
    """The import type of a property value, as `kg.neo4j_writer._value` would store it; None: not stored."""
    t = type(value)
    if t is str:
        return _date_string_kind(value) if name == "date" else "string"
    if t is int and not _LONG[0] <= value <= _LONG[1]:
        raise GraphStoreError(f"attribute {name!r}: {value} does not fit a 64-bit integer")
    if t in _SCALAR_KIND:
        return _SCALAR_KIND[t]
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return "datetime" if value.tzinfo is not None else "localdatetime"
    if isinstance(value, _dt.date):
        return "date"
    if isinstance(value, (list, tuple)):
        kinds = {_SCALAR_KIND.get(type(v)) for v in value}
        if None in kinds:
            raise GraphStoreError(f"attribute {name!r} is a list holding a non-scalar")
        if len(kinds) > 1:
            raise GraphStoreError(f"attribute {name!r} is a list of mixed types ({', '.join(sorted(kinds))}); "
                                  "Neo4j stores only lists of one type")
        return (kinds.pop() if kinds else "string") + "[]"
    if isinstance(value, (str, bool, int, float)):  # subclasses (an IntEnum, a str subclass)
        return _SCALAR_KIND[next(k for k in _SCALAR_KIND if isinstance(value, k))]
    raise GraphStoreError(f"attribute {name!r} is a {type(value).__name__}, not a scalar")


def _quote(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def _double(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return repr(v)


def _scalar_cell(kind: str, v) -> str:
    if kind == "string":
        return _quote(str(v))
    if kind == "boolean":
        return "true" if v else "false"
    if kind == "long":
        return str(int(v))
    if kind == "double":
        return _double(float(v))
    return v if isinstance(v, str) else v.isoformat()  # date, localdatetime, datetime


def _cell(kind: str, v, delimiter: str) -> str:
    if kind.endswith("[]"):
        inner = kind[:-2]
        if inner == "string":
            return _quote(delimiter.join(v))
        return _quote(delimiter.join(_scalar_cell(inner, x) for x in v))
    return _scalar_cell(kind, v)


_SIMPLE = {str: "string", bool: "boolean", int: "long", float: "double"}
_SKIP = {"nodes": ("label", "key"), "relationships": ("type", "key")}


def _long(v) -> str:
    if not _LONG[0] <= v <= _LONG[1]:
        raise GraphStoreError(f"{v} does not fit a 64-bit integer")
    return str(int(v))


def _formatter(name: str, kind: str, delimiter: str) -> Callable[[object], str]:
    """value -> cell of a column of `kind` (never given None)."""
    if kind == "string":  # one call per cell, not two: most cells are strings
        f = (lambda v: '"' + (v if type(v) is str else str(v)).replace('"', '""') + '"')
    elif kind == "long":
        f = _long
    elif kind == "double":
        f = (lambda v: _double(float(v)))
    elif kind == "boolean":
        f = (lambda v: "true" if v else "false")
    elif kind.endswith("[]"):
        f = (lambda v: _cell(kind, v, delimiter) if len(v) else "")  # the importer has no empty array
    else:  # date, localdatetime, datetime: ISO text
        f = (lambda v: v if type(v) is str else v.isoformat())
    if name == "date":  # "2020-02-30" is left unset, as by `kg push`
        return lambda v: "" if type(v) is str and _date_string_kind(v) is None else f(v)
    return f


class _Table:
    """Rows of one label or type: the columns' types (learnt in pass 1), then the files (pass 2)."""

    def __init__(self, kind: str, name: str) -> None:
        self.kind, self.name = kind, name
        self.seen: set[tuple[str, type]] = set()     # (property, Python type) of every row
        self.dates: set[str | None] = set()          # `_date_string_kind` of the str values of `date`
        self.kinds: dict[str, set[str]] = defaultdict(set)
        self.scan: set[str] = set()                  # properties whose kinds need each value looked at
        self.writers: dict[tuple, _Writer] = {}

    def see(self, attrs: dict) -> None:
        """Pass 1 for one row: its (property, type) pairs, and what its `date` string is."""
        self.seen.update(zip(attrs, map(type, attrs.values())))
        date = attrs.get("date")
        if type(date) is str:
            self.dates.add(_date_string_kind(date))

    def resolve(self) -> None:
        """Kinds from the Python types where the type tells; the rest are learnt by `scan_row`."""
        for name, t in self.seen:
            if name in _SKIP[self.kind] or t is type(None):
                continue
            _check_name(name, self.name)
            if name == "date" and t is str:  # a DATE, a string, or unset when not a real day
                self.kinds[name].update(k for k in self.dates if k is not None)
            elif t in _SIMPLE:
                self.kinds[name].add(_SIMPLE[t])
            else:
                self.scan.add(name)

    def scan_row(self, attrs: dict, lists: list[str]) -> None:
        for name in self.scan:
            v = attrs.get(name)
            if v is not None:
                kind = _kind(name, v)
                if kind is not None:
                    self.kinds[name].add(kind)
                if kind and kind.endswith("[]"):
                    lists.extend(x for x in v if isinstance(x, str))

    def open(self, out: Path, delimiter: str) -> None:
        self.delimiter, self.out = delimiter, out
        self.mixed = sorted(name for name, ks in self.kinds.items() if len(ks) > 1)
        self.fixed = [(name, next(iter(ks))) for name, ks in self.kinds.items() if len(ks) == 1]

    def writer(self, attrs: dict) -> "_Writer":
        key = () if not self.mixed else tuple(
            (name, kind) for name in self.mixed
            if (v := attrs.get(name)) is not None and (kind := _kind(name, v)) is not None)
        w = self.writers.get(key)
        if w is None:
            stem = "nodes" if self.kind == "nodes" else "rels"
            path = self.out / f"{stem}-{self.name}-{len(self.writers)}.csv"
            w = self.writers[key] = _Writer(self, path, sorted(self.fixed + list(key)), self.delimiter)
        return w


def _check_name(name: str, where: str) -> None:
    # A header entry is "name:type"; the importer splits on ':' and cannot carry a line break.
    if not isinstance(name, str) or not name or any(c in name for c in ':"\n\r') or name.startswith(" "):
        raise GraphStoreError(f"{where}: property name {name!r} cannot be a column of the bulk importer "
                              "(use `kg push`)")


def _edge_kind(labels: dict, u, v, attrs: dict) -> str:
    rel = attrs.get("type")
    if rel not in schema.REL_TYPES:
        raise GraphStoreError(f"edge {str(u)[:40]!r} -> {str(v)[:40]!r}: type {rel!r} is not one of "
                              f"{', '.join(schema.REL_TYPES)}")
    kind = (rel, labels[u], labels[v])
    if kind not in cypher.REL_MERGE:
        allowed = ", ".join(f"{a}->{b}" for t, a, b in schema.TRIPLES if t == rel)
        raise GraphStoreError(f"edge {str(u)[:40]!r} -> {str(v)[:40]!r}: {rel} from {kind[1]} to {kind[2]} "
                              f"is not in the schema (only {allowed})")
    return rel


def write_import_csv(graph: nx.MultiDiGraph, out_dir: str | Path) -> ImportPlan:
    """Write `graph` as importer CSV files (and ``import.json``) into `out_dir`; return the plan.

    Validates everything first (labels, triples, property types and names, distinct node
    keys), so bad input writes no file; raises `GraphStoreError` for what the importer
    could not load as `kg push` would (and then removes what it wrote).
    """
    out = Path(out_dir)
    node_tables = {label: _Table("nodes", label) for label in schema.NODE_LABELS}
    rel_tables = {rel: _Table("relationships", rel) for rel in schema.REL_TYPES}
    labels: dict = {}
    keys: dict = {}    # node -> its quoted key cell
    cut: dict = {}     # node -> its whole key, for the keys stored cut
    seen_keys: set[str] = set()

    # Pass 1: validate, and learn each column's types from the Python types.
    for n, attrs in graph.nodes(data=True):
        label = attrs.get("label")
        if label not in node_tables:
            label = _node_label(graph, n)  # raises the writer's message
        labels[n] = label
        whole = n if type(n) is str else str(n)
        key = bounded_key(whole)
        if key in seen_keys:
            raise GraphStoreError(f"node {whole[:80]!r}: another node has the same key {key[:80]!r}")
        seen_keys.add(key)
        keys[n] = _quote(key)
        table = node_tables[label]
        table.see(attrs)
        if key != whole:
            cut[n] = whole
            table.seen.add(("full_key", str))
    seen_keys.clear()
    n_edges = 0
    for u, nbrs in graph.adjacency():  # the graph's own dicts: no view object per edge
        for v, keyed in nbrs.items():
            for attrs in keyed.values():
                rel = attrs.get("type")
                try:
                    ok = (rel, labels[u], labels[v]) in cypher.REL_MERGE  # its keys are the schema's triples
                except TypeError:  # an unhashable type
                    ok = False
                if not ok:
                    _edge_kind(labels, u, v, attrs)  # raises the writer's message
                rel_tables[rel].see(attrs)
                n_edges += 1
    tables = (*node_tables.values(), *rel_tables.values())
    for table in tables:
        table.resolve()
    lists: list[str] = []
    if any(t.scan for t in node_tables.values()):
        for n, attrs in graph.nodes(data=True):
            if node_tables[labels[n]].scan:
                node_tables[labels[n]].scan_row(attrs, lists)
    if any(t.scan for t in rel_tables.values()):
        for _, _, attrs in graph.edges(data=True):  # only lists and other types: rare
            if rel_tables[attrs["type"]].scan:
                rel_tables[attrs["type"]].scan_row(attrs, lists)
    joined = "\n".join(lists)
    delimiter = next((d for d in _ARRAY_DELIMITERS if d not in joined), None)
    if delimiter is None:
        raise GraphStoreError("every candidate array delimiter occurs in a list element; use `kg push`")

    # Pass 2: write. A property of one type is a column of every file of its table; a property
    # of several types sends each row to the file of its combination of them.
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    for table in tables:
        table.open(out, delimiter)
    try:
        for n, attrs in graph.nodes(data=True):
            if n in cut:
                attrs = {**attrs, "full_key": cut[n]}
            node_tables[labels[n]].writer(attrs).row(keys[n], attrs)
        for u, nbrs in graph.adjacency():
            start = keys[u]
            for v, keyed in nbrs.items():
                lead = f"{start},{keys[v]},"
                for k, attrs in keyed.items():
                    rel_tables[attrs["type"]].writer(attrs).row(lead + _quote(k if type(k) is str else str(k)), attrs)
    except BaseException:
        for table in tables:
            for w in table.writers.values():
                w.close()
                w.path.unlink(missing_ok=True)
        if created:
            out.rmdir()
        raise
    for table in tables:
        for w in table.writers.values():
            w.close()
    sources = tuple(w.source() for table in tables for w in table.writers.values())
    plan = ImportPlan(out, sources, delimiter, len(keys), n_edges)  # number_of_edges() walks every node
    (out / PLAN_FILE).write_text(json.dumps({
        "admin_args": plan.admin_args("neo4j", relative=True)[:-1],
        "nodes": plan.counts("nodes"), "relationships": plan.counts("relationships"),
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return plan


class _Writer:
    """One CSV file: its header, then a line per row (cells in column order, empty when absent)."""

    def __init__(self, table: _Table, path: Path, columns: list[tuple[str, str]], delimiter: str) -> None:
        self.table, self.path = table, path
        self.columns = [(name, _formatter(name, kind, delimiter)) for name, kind in columns]
        self.rows = 0
        self.multiline = False
        self.f = open(path, "w", encoding="utf-8", newline="")
        lead = ['"key:ID"'] if table.kind == "nodes" else ['":START_ID"', '":END_ID"', '"key:string"']
        self.f.write(",".join(lead + [_quote(f"{name}:{kind}") for name, kind in columns]) + "\n")
        self._buffer: list[str] = []

    def row(self, lead: str, attrs: dict) -> None:
        get = attrs.get
        self._buffer.append(",".join([lead] + [f(v) if (v := get(name)) is not None else ""
                                               for name, f in self.columns]))
        self.rows += 1
        if len(self._buffer) >= 10000:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            text = "\n".join(self._buffer) + "\n"
            if not self.multiline and (text.count("\n") != len(self._buffer) or "\r" in text):
                self.multiline = True  # a line break inside a value
            self.f.write(text)
            self._buffer = []

    def close(self) -> None:
        if not self.f.closed:
            self._flush()
            self.f.close()

    def source(self) -> CsvSource:
        return CsvSource(self.table.kind, self.table.name, self.path, self.rows, self.multiline)

def is_empty(driver, database: str | None = None) -> bool:
    """True when the database that `driver` reaches holds no node (and so no relationship)."""
    records, _, _ = driver.execute_query(cypher.COUNT_NODES, database_=database)
    return records[0]["n"] == 0


def finish(driver, database: str | None = None, index_wait_s: int = 3600) -> int:
    """After an import: create `kg push`'s constraints and wait for their indexes; return constraints added."""
    added = 0
    with driver.session(database=database) as session:
        for statement in cypher.SCHEMA:
            added += session.run(statement).consume().counters.constraints_added
        session.run(cypher.AWAIT_INDEXES, seconds=index_wait_s).consume()
    return added


def script_importer(server_dir: str | Path, *, database: str | None = None, password: str | None = None,
                    options: Iterable[str] = (), script: str | Path | None = None) -> Callable[[Path], str]:
    """`run_import(csv_dir)` through ``scripts/neo4j import CSV_DIR --dir server_dir [options]``; returns its output.

    `options`: more of the script's options (``--bolt-port``, ``--heap``, ...).
    The script is the one beside this checkout's `kg` (or `script`, or $KG_NEO4J_SCRIPT); the
    password travels in the environment, never on a command line.
    """
    options = list(options)
    path = Path(script or os.environ.get("KG_NEO4J_SCRIPT") or Path(__file__).resolve().parents[1] / "scripts" / "neo4j")

    def run_import(csv_dir: Path) -> str:
        if not path.is_file():
            raise GraphStoreError(f"bulk load needs scripts/neo4j (not found at {path}; set KG_NEO4J_SCRIPT)")
        cmd = [sys.executable, str(path), "import", str(csv_dir), "--dir", str(Path(server_dir))]
        if database:
            cmd += ["--database", database]
        cmd += list(options)
        env = dict(os.environ, **({"NEO4J_PASSWORD": password} if password else {}))
        proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if proc.returncode != 0:
            lines = [line.removeprefix("neo4j: error: ") for line in proc.stdout.strip().splitlines()]
            raise GraphStoreError(f"bulk import into {server_dir} failed: " + " | ".join(lines[-12:]))
        return proc.stdout

    return run_import


def load_graph(graph: nx.MultiDiGraph, run_import: Callable[[Path], object], uri: str, *,
               user: str | None = None, password: str | None = None, database: str | None = None,
               csv_dir: str | Path | None = None) -> dict:
    """First load of `graph` into the empty database behind `uri`, by the bulk importer.

    Refuses (`GraphStoreError`) when the server answers and its database holds a node; writes
    the CSV files (into `csv_dir`, else a temporary folder removed afterwards), calls
    `run_import(folder)` (which must leave the server running on the imported store, as
    `script_importer` does), then creates the constraints and checks that the database holds
    exactly the graph's nodes and relationships. Returns ``nodes``, ``relationships``,
    ``constraints_added`` and the seconds of each step (``csv_s``, ``import_s``, ``finish_s``).
    """
    import neo4j

    auth = (user or "neo4j", password or "") if (user or password) else None

    def connect():
        return neo4j.GraphDatabase.driver(uri, auth=auth, connection_timeout=10.0, notifications_min_severity="OFF")

    try:
        with connect() as driver:
            try:
                driver.verify_connectivity()
                up = True
            except neo4j.exceptions.ServiceUnavailable:
                up = False  # not running: the importer's side checks the store
            if up and not is_empty(driver, database):
                raise GraphStoreError(f"the database at {uri} is not empty; bulk load only fills an empty "
                                      "database: use `kg push` (incremental) for this one")
    except _driver_errors() as err:
        raise GraphStoreError(_message(err, uri, (password,))) from err
    with tempfile.TemporaryDirectory(prefix="kg-bulk-") as tmp:
        t0 = time.perf_counter()
        plan = write_import_csv(graph, Path(csv_dir) if csv_dir else Path(tmp))
        t1 = time.perf_counter()
        run_import(plan.directory)
        t2 = time.perf_counter()
    try:
        with connect() as driver:
            added = finish(driver, database)
            with driver.session(database=database) as session:
                n = session.run(cypher.COUNT_NODES).single()["n"]
                r = session.run(cypher.COUNT_RELATIONSHIPS).single()["n"]
    except _driver_errors() as err:
        raise GraphStoreError(_message(err, uri, (password,))) from err
    if (n, r) != (plan.nodes, plan.relationships):
        raise GraphStoreError(f"after the import the database holds {n} nodes and {r} relationships, "
                              f"not the graph's {plan.nodes} and {plan.relationships}")
    return {"nodes": n, "relationships": r, "constraints_added": added, "csv_s": round(t1 - t0, 2),
            "import_s": round(t2 - t1, 2), "finish_s": round(time.perf_counter() - t2, 2)}
