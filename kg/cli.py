"""The `kg` command: flags, progress bars, and errors turned into messages and exit codes.

Thin over `kg.api`. Exit status: 0 all went well; 1 some input could not be
read or held no article (each one reported as `kg: PATH[:LINE]: reason (hint)`,
the rest processed); 2 a usage error or a `KgError` (one line, no traceback).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterable, Sequence

from kg.errors import InputError, KgError

EXIT_OK, EXIT_INPUT, EXIT_ERROR = 0, 1, 2


class _Errors:
    """Prints each InputError as one line on stderr and remembers that there was one."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: InputError) -> None:
        self.count += 1
        _say(str(error))


def _say(message: str) -> None:
    print("kg: " + " ".join(str(message).split("\n")), file=sys.stderr, flush=True)


def _progress(args, unit: str):
    """A tqdm wrapper on stderr, or None when quiet or stderr is not a terminal."""
    if getattr(args, "quiet", False) or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return lambda it: tqdm(it, unit=unit, file=sys.stderr, dynamic_ncols=True)


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def _parser() -> argparse.ArgumentParser:
    from kg import __version__

    p = argparse.ArgumentParser(prog="kg", description="Chinese government news pages to a knowledge graph.")
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def common(sp):
        sp.add_argument("paths", nargs="+", metavar="PATH",
                        help="page files, folders (read recursively) or - for stdin; text, HTML or JSONL")
        sp.add_argument("--n-process", type=_positive, default=1, help="spaCy worker processes (default 1)")
        sp.add_argument("--batch-size", type=_positive, default=8, help="articles per spaCy batch (default 8; small batches keep --n-process workers evenly loaded)")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bars")

    ex = sub.add_parser("extract", help="print one JSON object per article")
    common(ex)
    ex.add_argument("--format", choices=("jsonl", "json"), default="jsonl",
                    help="jsonl: one object per line (default); json: one array")

    bd = sub.add_parser("build", help="write extractions.jsonl and the graph files into a folder")
    common(bd)
    bd.add_argument("--out", required=True, metavar="DIR", help="output folder")
    mode = bd.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help="overwrite the outputs in a non-empty DIR")
    mode.add_argument("--update", action="store_true", help="add new articles to the outputs already in DIR")
    bd.add_argument("--neo4j", metavar="URI", help="push the graph to this Neo4j server after building")
    _neo4j_flags(bd, uri=False)
    bd.add_argument("--dask", metavar="SCHEDULER", help="extract on a Dask cluster (scheduler address)")

    ps = sub.add_parser("push", help="push a graph.json to Neo4j")
    ps.add_argument("graph", metavar="GRAPH_JSON", help="graph.json written by `kg build`")
    _neo4j_flags(ps, uri=True)
    ps.add_argument("--batch-size", type=_positive, default=1000, help="rows per write transaction (default 1000)")
    ps.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    ps.add_argument("--bulk", metavar="DIR", help="first load of an EMPTY database by the bulk importer, "
                    "into the server of scripts/neo4j whose folder is DIR (it is restarted)")

    cs = sub.add_parser("careers", help="career spells (person, post, organization, place, dates) from a graph.json")
    cs.add_argument("graph", metavar="GRAPH_JSON", help="graph.json written by `kg build` (or its folder)")
    cs.add_argument("--out", metavar="FILE", help="careers.csv, .jsonl or .parquet (default: CSV on stdout)")
    cs.add_argument("--person", metavar="NAME", help="only this person (name or node key)")
    cs.add_argument("--place", metavar="CODE", help="only posts in this place or under it (division code: 5119)")
    cs.add_argument("--candidates", metavar="FILE", help="also write possible homonym links (.csv, .jsonl, .parquet)")
    return p


def _neo4j_flags(sp, *, uri: bool) -> None:
    if uri:
        sp.add_argument("--uri", help="bolt/neo4j URI (default $NEO4J_URI)")
    sp.add_argument("--user", help="Neo4j user (default $NEO4J_USER)")
    sp.add_argument("--password", help="Neo4j password (default $NEO4J_PASSWORD; prefer the variable)")
    sp.add_argument("--database", help="Neo4j database (default: the server's default)")


def _credentials(args) -> tuple[str | None, str | None]:
    return args.user or os.environ.get("NEO4J_USER"), args.password or os.environ.get("NEO4J_PASSWORD")


def _write(text: str) -> None:
    sys.stdout.write(text)


def _cmd_extract(args, errors: _Errors) -> None:
    from kg import api

    pages = api.read_pages(args.paths, on_error=errors)
    stream: Iterable = api.extract_pages(pages, n_process=args.n_process, batch_size=args.batch_size,
                                         on_error=errors)
    wrap = _progress(args, "article")
    if wrap is not None:
        stream = wrap(stream)
    if args.format == "jsonl":
        for ex in stream:
            _write(json.dumps(ex.to_dict(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
    else:
        items = [ex.to_dict() for ex in stream]
        _write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")


def _push_progress(args):
    """progress(done, total) for the Neo4j writer, drawn as a tqdm bar; None when quiet or not a terminal."""
    if _progress(args, "row") is None:
        return None
    from tqdm import tqdm

    bar: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit="row", file=sys.stderr, dynamic_ncols=True)
        b = bar["bar"]
        b.update(done - b.n)
        if done >= total:
            b.close()

    return update


def _push(path, uri: str, args, user, password, batch_size: int) -> None:
    from kg import api

    counters = api.push_graph_file(path, uri, user=user, password=password, database=args.database,
                                   batch_size=batch_size, progress=_push_progress(args))
    _write(json.dumps(counters, ensure_ascii=False, sort_keys=True, default=str) + "\n")


def _cmd_build(args, errors: _Errors) -> None:
    from kg import api

    result = api.build(args.paths, args.out, force=args.force, update=args.update, n_process=args.n_process,
                       batch_size=args.batch_size, on_error=errors, dask=args.dask,
                       progress=_progress(args, "article"))
    if not args.quiet:
        print(f"kg: wrote {', '.join(result.files)} to {result.out_dir} "
              f"({result.new_articles} new articles, {result.total_articles} in all)", file=sys.stderr)
    if args.neo4j:
        user, password = _credentials(args)
        _push(result.out_dir / api.GRAPH_FILE, args.neo4j, args, user, password, 1000)


def _cmd_push(args, errors: _Errors) -> None:
    uri = args.uri or os.environ.get("NEO4J_URI")
    if not uri:
        raise KgError("no Neo4j URI: pass --uri or set NEO4J_URI")
    user, password = _credentials(args)
    if args.bulk:
        from kg import bulk
        from kg.neo4j_writer import load_graph_json

        run_import = bulk.script_importer(args.bulk, database=args.database, password=password)
        counters = bulk.load_graph(load_graph_json(args.graph), run_import, uri, user=user, password=password,
                                   database=args.database)
        _write(json.dumps(counters, sort_keys=True) + "\n")
        return
    _push(args.graph, uri, args, user, password, args.batch_size)


def _cmd_careers(args, errors: _Errors) -> None:
    from kg import career as c

    for path in (args.out, args.candidates):
        if path:
            c.check_output(path)
    G = c.read_graph(args.graph)
    spells = c.careers(G, person=args.person, place=args.place)
    if args.out:
        c.write_rows(spells, args.out, c.CareerSpell)
    else:
        _write(c.to_csv(spells))
    if args.candidates:
        links = [k for k in c.candidates(G, c.careers(G, place=args.place))
                 if args.person is None or args.person in (k.name, k.earlier, k.later)]
        c.write_rows(links, args.candidates, c.CareerCandidate)


def main(argv: Sequence[str] | None = None) -> int:
    """Run `kg` with `argv` (default sys.argv[1:]); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse already printed
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    errors = _Errors()
    command = {"extract": _cmd_extract, "build": _cmd_build, "push": _cmd_push, "careers": _cmd_careers}[args.command]
    password = getattr(args, "password", None) or os.environ.get("NEO4J_PASSWORD")
    try:
        command(args, errors)
    except KgError as exc:
        message = str(exc)
        if password:
            message = message.replace(password, "***")
        _say(message)
        return EXIT_ERROR
    except BrokenPipeError:
        # `kg extract ... | head`: the reader left; not an error of ours.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        _say("interrupted")
        return 130
    return EXIT_INPUT if errors.count else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
