#!/usr/bin/env python
"""Where `kg push --bulk` spends its time: CPU seconds of kg's own Python, of the importer, of the server.

    python scripts/profile_bulk.py [--nodes 20000]

One bulk load (`kg.bulk.load_graph` through `scripts/neo4j import`, as bench part `bulk` does) of
bench_push's generated graph (that many nodes, three times as many relationships) into a
throwaway server folder. Prints the wall seconds of each step and the CPU seconds of:
  - kg (this process: the CSV files, the driver calls),
  - the import (`scripts/neo4j import`'s Python and the importer's JVM, reaped children),
  - the server's JVM, once it answers after the import, and after the constraints.
CPU seconds say what each part costs where wall seconds on a shared machine say mostly how
busy it is. The server gets a start timeout of 900 s (a loaded machine needs more than 120).
The load average before and after is printed too.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_push import NEO4J_HEAP, NEO4J_PAGECACHE, bench_graph  # noqa: E402
from neo4j_server import Neo4jServer  # noqa: E402


def _cpu_of(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def main(argv: list[str] | None = None) -> int:
    from kg import bulk

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=20_000)
    args = ap.parse_args(argv)
    G, _ = bench_graph(args.nodes, 3 * args.nodes, "bulk")
    work = Path(tempfile.mkdtemp(prefix="kg-profile-bulk-"))
    server = Neo4jServer.on_free_ports(work / "neo4j", heap=NEO4J_HEAP, pagecache=NEO4J_PAGECACHE)
    options = ["--bolt-port", str(server.bolt_port), "--http-port", str(server.http_port), "--heap", NEO4J_HEAP,
               "--pagecache", NEO4J_PAGECACHE, "--timeout", "900"]
    script = bulk.script_importer(server.dir, options=options)
    out: dict = {"rows": G.number_of_nodes() + G.number_of_edges(), "load_before": round(os.getloadavg()[0], 1)}

    def server_cpu() -> float:
        return _cpu_of(int((server.dir / "neo4j.pid").read_text()))

    def run_import(csv_dir: Path) -> None:
        before = _children_cpu()
        lines = script(csv_dir).splitlines()
        out["import_cpu_s"] = round(_children_cpu() - before, 1)
        out["import_tool"] = next((line for line in lines if line.startswith("import tool:")), None)
        out["server_start"] = next((line for line in lines if line.startswith("started")), None)
        out["server_cpu_s_started"] = round(server_cpu(), 1)

    t0, c0 = time.perf_counter(), time.process_time()
    try:
        out.update(bulk.load_graph(G, run_import, server.uri, csv_dir=work / "csv"))
        out["server_cpu_s_with_constraints"] = round(server_cpu(), 1)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    out["kg_cpu_s"] = round(time.process_time() - c0, 1)
    out["wall_s"] = round(time.perf_counter() - t0, 1)
    out["load_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
