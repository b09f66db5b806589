#!/usr/bin/env python
"""Speed and scale of `kg`, measured side by side in one run.

    python scripts/bench.py [--quick] [--parts extract,push,scaling] [--neo4j-uri URI] [--json FILE]

Each part is a module `scripts/bench_<part>.py` that defines ``PART`` (see `bench_common.Part`)
and is named once in `PARTS` below; all parts run by default, `--parts` picks some:

extract   raw pages -> extractions in one process, against jieba.posseg on the same texts,
          and two processes vs one; peak RSS (bench_extract.py).
push      a generated graph of >= 100,000 nodes and 300,000 relationships written by
          `kg.neo4j_writer.push_graph` and by a naive one-MERGE-per-row loop, against
          --neo4j-uri or a throwaway server from scripts/neo4j (bench_push.py).
scaling   seconds per page and peak RSS at 1x, 2x, 4x, 8x pages streamed through
          `extract_pages` (bench_scaling.py).
ingest    real HTML pages (--data/../html/gne) -> `Article` records, kg beside GNE alone,
          and the RSS over a streamed run (bench_ingest.py).
longpage  one page of 10 KB, 100 KB and 1 MB: seconds per 1,000 characters and their ratio,
          peak RSS (bench_longpage.py).

Corpora come from the bundled pages (kg/examples) and a dev split only: the
People's Daily NER dev sentences (../shared/data/ner/peoples_daily/dev.bio),
wrapped into synthetic news pages (a title line, a date/source line, paragraphs).
No test split is read. Everything is warmed up first, on dev sentences that are
not timed; model loading is excluded (it is paid once per process, and reported as
`model_load_s`). `--quick` finishes in under 5 minutes on 2 cores; `--json FILE`
writes the numbers as one object (one key per part, plus `env`); `--profile FILE.html`
adds a pyinstrument profile of one extract run.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import DEFAULT_DATA, Context, Part  # noqa: E402

#: part name -> the module that defines its PART; a new part is one line here.
PARTS: dict[str, str] = {
    "extract": "bench_extract",
    "push": "bench_push",
    "scaling": "bench_scaling",
    "ingest": "bench_ingest",
    "longpage": "bench_longpage",
    "bulk": "bench_bulk",
}


def part(name: str) -> Part:
    return importlib.import_module(PARTS[name]).PART


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def table(result: dict) -> str:
    """The results of the parts in `result` as a Markdown table: part, metric, value, note."""
    rows: list[tuple[str, str, object, str]] = []
    for name in PARTS:
        if result.get(name):
            rows += [(name, metric, value, note) for metric, value, note in part(name).rows(result[name])]
    widths = [max(len(str(r[i] if i != 2 else _fmt(r[i]))) for r in rows) for i in range(3)] if rows else [0, 0, 0]
    head = f"| {'part':<{widths[0]}} | {'metric':<{widths[1]}} | {'value':>{widths[2]}} | note"
    lines = [head, f"|{'-' * (widths[0] + 2)}|{'-' * (widths[1] + 2)}|{'-' * (widths[2] + 1)}:|------"]
    for name, metric, value, note in rows:
        lines.append(f"| {name:<{widths[0]}} | {metric:<{widths[1]}} | {_fmt(value):>{widths[2]}} | {note}")
    return "\n".join(lines)


def environment(quick: bool) -> dict:
    import spacy

    try:
        from kg.nlp import default_model_path

        meta = json.loads((default_model_path() / "meta.json").read_text(encoding="utf-8"))
        model = f"{meta.get('name', '?')} {meta.get('version', '?')}"
    except Exception:
        model = "?"
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": quick,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": model,
        "platform": platform.platform(terse=True),
        # Other work on the machine distorts every number; say how busy it was.
        "loadavg_1m_at_start": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small corpora and graph (a few minutes on 2 cores)")
    ap.add_argument("--neo4j-uri", metavar="URI", help="an existing Neo4j server (default: start a throwaway one)")
    ap.add_argument("--json", metavar="FILE", type=Path, help="also write the numbers to FILE")
    ap.add_argument("--parts", default=",".join(PARTS),
                    help=f"comma-separated subset of {','.join(PARTS)} (default all)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})")
    ap.add_argument("--profile", metavar="HTML", type=Path,
                    help="also profile one extract run with pyinstrument and write its HTML report")
    args = ap.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        ap.error(f"unknown parts: {', '.join(sorted(unknown))}")
    t_start = time.perf_counter()

    ctx = Context(quick=args.quick, data=args.data, neo4j_uri=args.neo4j_uri, env=environment(args.quick))
    result: dict = {"env": ctx.env}
    for name in PARTS:  # in registry order, whatever the order of --parts
        if name in parts:
            result[name] = part(name).run(ctx)
    if args.profile:
        import bench_extract

        bench_extract.profile(ctx, args.profile)
    result["env"]["total_s"] = round(time.perf_counter() - t_start, 1)
    result["env"]["loadavg_1m_at_end"] = round(os.getloadavg()[0], 2)

    print(table(result))
    env = result["env"]
    print(f"\n{env['date']}, {env['cpus']} CPUs (load {env['loadavg_1m_at_start']} at start, "
          f"{env['loadavg_1m_at_end']} at end), "
          f"Python {env['python']}, spaCy {env['spacy']}, model {env['model']}, "
          f"{'--quick, ' if args.quick else ''}{env['total_s']}s in all")
    if args.json:
        from kg.files import atomic_write_text

        atomic_write_text(args.json, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
