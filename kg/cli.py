"""The `kg` command: flags, progress bars, and errors turned into messages and exit codes.

Thin over `kg.api`. Exit status: 0 all went well; 1 some input could not be
read or held no article (each one reported as `kg: PATH[:LINE]: reason (hint)`,
the rest processed); 2 a usage error or a `KgError` (one line, no traceback).
"""
from __future__ import annotations

import argparse
import json
import logging
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


log = logging.getLogger("kg")

_SIZE_SCAN_LIMIT = 100_000  # files; past this the bar goes without a total rather than walk longer


def _input_files(paths: Sequence[str]) -> int | None:
    """How many page files `paths` name (folders walked), or None when unknown: stdin, JSON/JSONL, or too many."""
    n = 0
    for path in paths:
        if path == "-" or not os.path.exists(path):
            return None
        found = [path] if os.path.isfile(path) else (
            os.path.join(d, f) for d, _, files in os.walk(path) for f in files if not f.startswith("."))
        for f in found:
            if f.lower().endswith((".json", ".jsonl")):
                return None  # many pages per file
            n += 1
            if n > _SIZE_SCAN_LIMIT:
                return None
    return n


def _progress(args, unit: str, *, model: bool = False):
    """A tqdm wrapper on stderr, or None when quiet or stderr is not a terminal.

    With `model`, it says "loading model" and starts the bar when the first article comes out
    (the bar would otherwise sit at 0 while the pipeline loads); its total is the number of
    input files when that is known (see `_input_files`).
    """
    if getattr(args, "quiet", False) or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    if not model:
        return lambda it: tqdm(it, unit=unit, file=sys.stderr, dynamic_ncols=True)
    total = _input_files(getattr(args, "paths", ["-"]))

    def wrap(stream):
        stream = iter(stream)
        if getattr(args, "dask", None):
            _say("sending pages to the Dask cluster...")
        else:
            _say("loading model...")
        sentinel = object()
        first = next(stream, sentinel)
        if first is sentinel:
            return
        with tqdm(total=total, initial=1, unit=unit, file=sys.stderr, dynamic_ncols=True) as bar:
            yield first
            for item in stream:
                bar.update(1)
                yield item

    return wrap


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
        sp.add_argument("--model", metavar="PATH",
                        help="spaCy pipeline folder (default $KG_MODEL, else the pipeline shipped with kg)")
        sp.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
        sp.add_argument("-v", "--verbose", action="count", default=0, help="log what kg does (-vv: debug)")

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
    ps.add_argument("-v", "--verbose", action="count", default=0, help="log what kg does (-vv: debug)")
    ps.add_argument("--bulk", metavar="DIR", help="first load of an EMPTY database by the bulk importer, "
                    "into the server of scripts/neo4j whose folder is DIR (it is restarted)")

    sub.add_parser("style", help="print the Neo4j Browser style (a .grass file) of kg's labels and types")

    cs = sub.add_parser("careers", help="career spells (person, post, organization, place, dates) from a graph.json")
    cs.add_argument("graph", metavar="GRAPH_JSON", help="graph.json written by `kg build` (or its folder)")
    cs.add_argument("--out", metavar="FILE", help="careers.csv, .jsonl or .parquet (default: CSV on stdout)")
    cs.add_argument("--person", metavar="NAME", help="only this person (name or node key)")
    cs.add_argument("--place", metavar="CODE", help="only posts in this place or under it (division code: 5119)")
    cs.add_argument("--candidates", metavar="FILE", help="also write possible homonym links (.csv, .jsonl, .parquet)")
    cs.add_argument("-v", "--verbose", action="count", default=0, help="log what kg does (-vv: debug)")
    return p


def _neo4j_flags(sp, *, uri: bool) -> None:
    if uri:
        sp.add_argument("--uri", help="bolt/neo4j URI (default $NEO4J_URI)")
    sp.add_argument("--user", help="Neo4j user (default $NEO4J_USERNAME, else $NEO4J_USER)")
    sp.add_argument("--password", help="Neo4j password (default $NEO4J_PASSWORD; prefer the variable)")
    sp.add_argument("--database", help="Neo4j database (default $NEO4J_DATABASE, else the server's default)")


def _credentials(args) -> tuple[str | None, str | None]:
    user = args.user or os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER")
    return user, args.password or os.environ.get("NEO4J_PASSWORD")


def _database(args) -> str | None:
    return args.database or os.environ.get("NEO4J_DATABASE") or None


def _write(text: str) -> None:
    sys.stdout.write(text)


def _cmd_extract(args, errors: _Errors) -> None:
    from kg import api

    pages = api.read_pages(args.paths, on_error=errors)
    stream: Iterable = api.extract_pages(pages, n_process=args.n_process, batch_size=args.batch_size,
                                         on_error=errors)
    wrap = _progress(args, "article", model=True)
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

    log.info("pushing %s to %s", path, uri.split("@")[-1])
    counters = api.push_graph_file(path, uri, user=user, password=password, database=_database(args),
                                   batch_size=batch_size, progress=_push_progress(args))
    _write(json.dumps(counters, ensure_ascii=False, sort_keys=True, default=str) + "\n")


def _cmd_build(args, errors: _Errors) -> None:
    from kg import api

    result = api.build(args.paths, args.out, force=args.force, update=args.update, n_process=args.n_process,
                       batch_size=args.batch_size, on_error=errors, dask=args.dask,
                       progress=_progress(args, "article", model=True))
    if not result.files:
        if result.total_articles:  # --update and every article already there
            if not args.quiet:
                _say(f"no new article: {result.out_dir} unchanged ({result.total_articles} articles)")
        else:
            errors.count += 1
            _say(f"no article in the input: nothing written to {result.out_dir}")
        return
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


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a redirected stderr is honoured)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def _logging(verbose: int) -> None:
    """-v: kg's INFO messages on stderr; -vv: DEBUG, from every library. Set anew on each `main` call."""
    for logger in (log, logging.getLogger()):
        for h in [h for h in logger.handlers if isinstance(h, _StderrHandler)]:
            logger.removeHandler(h)
    log.setLevel(logging.NOTSET)
    if not verbose:
        return
    target = logging.getLogger() if verbose > 1 else log
    handler = _StderrHandler()
    handler.setFormatter(logging.Formatter("kg: %(name)s: %(message)s"))
    target.addHandler(handler)
    target.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)


def _cmd_style(args, errors: _Errors) -> None:
    from kg.schema import grass

    _write(grass())


def main(argv: Sequence[str] | None = None) -> int:
    """Run `kg` with `argv` (default sys.argv[1:]); return the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors: argparse already printed
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    _logging(getattr(args, "verbose", 0))
    if getattr(args, "model", None):
        os.environ["KG_MODEL"] = args.model  # kg.nlp.default_model_path reads it, in worker processes too
    errors = _Errors()
    command = {"extract": _cmd_extract, "build": _cmd_build, "push": _cmd_push, "careers": _cmd_careers,
               "style": _cmd_style}[args.command]
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
    except OSError as exc:  # stdout on a full disk, and any output error the library did not name
        where = f"{exc.filename}: " if exc.filename else ""
        _say(f"cannot write: {where}{exc.strerror or exc}")
        return EXIT_ERROR
    return EXIT_INPUT if errors.count else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
