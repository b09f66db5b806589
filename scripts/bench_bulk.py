"""Bench part `bulk`: one generated graph loaded into an empty database by `kg push --bulk` and by `kg push`.

The graph is bench_push's generator at >= 1,000,000 nodes and 3,000,000 relationships (far
fewer with --quick). Bulk: `kg.bulk.load_graph` on a fresh server folder: CSV files, the
server's own importer through `scripts/neo4j import` (which also starts the server), then
constraints and their indexes; its rows/s count all of that. The importer's own time on the
same CSV files (as `scripts/neo4j import` reports it) is the floor. Push: `push_graph` with
batches of 1000 rows into a running, empty server (constraints first). Both servers are
throwaway ones of scripts/neo4j with the same heap and page cache; --neo4j-uri is not used
(the importer needs a server folder of its own). $KG_BENCH_BULK_NODES sets another size
(that many nodes, three times as many relationships), for a machine where the full size
does not fit.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench_common import Context, Part, PeakRss, Row, log, verdict
from bench_push import NEO4J_HEAP, NEO4J_PAGECACHE, bench_graph
from neo4j_server import Neo4jServer, throwaway

TARGETS = {"bulk_vs_push": (">=", 10.0), "bulk_vs_import_tool": ("<=", 2.0)}
_IMPORT_TOOL = re.compile(r"import tool: ([0-9.]+) s")


@dataclass(frozen=True)
class Sizes:
    nodes: int
    rels: int


FULL = Sizes(nodes=1_000_000, rels=3_000_000)
QUICK = Sizes(nodes=20_000, rels=60_000)


def run(ctx: Context) -> dict:
    import neo4j

    from kg import bulk
    from kg.neo4j_writer import push_graph

    sizes = QUICK if ctx.quick else FULL
    if os.environ.get("KG_BENCH_BULK_NODES"):
        n = int(os.environ["KG_BENCH_BULK_NODES"])
        sizes = Sizes(nodes=n, rels=3 * n)
    t0 = time.perf_counter()
    G, _ = bench_graph(sizes.nodes, sizes.rels, "bulk")
    n_rows = G.number_of_nodes() + G.number_of_edges()
    log(f"bulk: graph of {G.number_of_nodes():,} nodes, {G.number_of_edges():,} rels in "
        f"{time.perf_counter() - t0:.1f}s")

    with contextlib.ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="kg-bench-bulk-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        server = Neo4jServer.on_free_ports(work / "neo4j", heap=NEO4J_HEAP, pagecache=NEO4J_PAGECACHE)
        stack.callback(server.stop)
        options = ["--bolt-port", str(server.bolt_port), "--http-port", str(server.http_port),
                   "--heap", NEO4J_HEAP, "--pagecache", NEO4J_PAGECACHE]
        script = bulk.script_importer(server.dir, options=options)
        outputs: list[str] = []
        with PeakRss() as mem:
            t0 = time.perf_counter()
            counters = bulk.load_graph(G, lambda d: outputs.append(script(d)), server.uri, csv_dir=work / "csv")
            bulk_s = time.perf_counter() - t0
        found = _IMPORT_TOOL.search(outputs[0]) if outputs else None
        if found is None:
            raise SystemExit(f"bench: no importer time in the output of scripts/neo4j import: {outputs!r}")
        tool_s = float(found.group(1))
        log(f"bulk: {n_rows:,} rows in {bulk_s:.1f}s (csv {counters['csv_s']}s, import+start {counters['import_s']}s, "
            f"constraints {counters['finish_s']}s; importer alone {tool_s:.1f}s)")
        server.stop()

        log("bulk: starting a throwaway Neo4j server for `kg push`")
        try:
            uri = stack.enter_context(throwaway(heap=NEO4J_HEAP, pagecache=NEO4J_PAGECACHE)).uri
        except RuntimeError as err:
            raise SystemExit(f"bench: {err}") from None
        with neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF") as driver:
            t0 = time.perf_counter()
            pushed = push_graph(G, driver, batch_size=1000, progress=_progress_log(t0))
            push_s = time.perf_counter() - t0
        if (pushed["nodes_created"], pushed["relationships_created"]) != (counters["nodes"], counters["relationships"]):
            raise SystemExit(f"bench: push created {pushed['nodes_created']} nodes, "
                             f"{pushed['relationships_created']} rels; bulk loaded {counters}")
        log(f"bulk: push of {n_rows:,} rows in {push_s:.1f}s")
    return {
        "bulk_rows_per_s": round(n_rows / bulk_s),
        "push_rows_per_s": round(n_rows / push_s),
        "import_tool_rows_per_s": round(n_rows / tool_s),
        "bulk_vs_push": round(push_s / bulk_s, 2),
        "bulk_vs_import_tool": round(bulk_s / tool_s, 2),
        "nodes": counters["nodes"],
        "relationships": counters["relationships"],
        "bulk_seconds": round(bulk_s, 2),
        "bulk_csv_seconds": counters["csv_s"],
        "bulk_import_and_start_seconds": counters["import_s"],
        "bulk_constraints_seconds": counters["finish_s"],
        "import_tool_seconds": round(tool_s, 2),
        "push_seconds": round(push_s, 2),
        "bulk_peak_rss_mb": round(mem.peak_mb, 1),
        "server": f"throwaway (scripts/neo4j, heap {NEO4J_HEAP}, page cache {NEO4J_PAGECACHE})",
    }


def _progress_log(t0: float, every_s: float = 120.0):
    """A `push_graph` progress callback that logs rows done and their rate every `every_s` seconds.

    The full push takes most of an hour on 2 shared cores: the log shows how far it got
    (nodes come first, then relationships, so the rate of a prefix is not the whole one's).
    """
    last = [t0]

    def progress(done: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] >= every_s or done == total:
            last[0] = now
            log(f"bulk: push {done:,}/{total:,} rows in {now - t0:.0f}s ({done / max(now - t0, 1e-9):,.0f} rows/s so far)")

    return progress


def rows(b: dict) -> list[Row]:
    return [
        ("bulk_rows_per_s", b["bulk_rows_per_s"],
         f"{b['nodes']:,} nodes + {b['relationships']:,} rels: CSV {b['bulk_csv_seconds']}s, import+start "
         f"{b['bulk_import_and_start_seconds']}s, constraints {b['bulk_constraints_seconds']}s"),
        ("push_rows_per_s", b["push_rows_per_s"], "kg push, batches of 1000, empty database"),
        ("import_tool_rows_per_s", b["import_tool_rows_per_s"], "neo4j-admin database import full alone"),
        ("bulk_vs_push", b["bulk_vs_push"], verdict(b["bulk_vs_push"], *TARGETS["bulk_vs_push"])),
        ("bulk_vs_import_tool", b["bulk_vs_import_tool"],
         "bulk seconds / importer seconds: " + verdict(b["bulk_vs_import_tool"], *TARGETS["bulk_vs_import_tool"])),
    ]


PART = Part("bulk", run, rows)
