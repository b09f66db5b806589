"""Library entry points: run the stages over a batch of pages and write the outputs.

pages (`kg.sources`) -> articles (`kg.article`, duplicates dropped by content id)
-> entities (`kg.nlp.annotate`) -> linked extraction (`kg.link.link_article`)
-> extractions.jsonl and the graph files (`kg.graph`) -> Neo4j (`kg.neo4j_writer`).

The library never prints or exits: errors are `KgError`s, bad inputs are
`InputError`s handed to `on_error`. The later stages are imported when first
used, so `import kg.api` stays cheap.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, TypeVar

from kg.article import extract_article
from kg.errors import InputError, KgError, OutputError
from kg.io import atomic_open
from kg.nlp import max_page_chars
from kg.records import Article, Entity, Extraction, Page
from kg.sources import read_pages

__all__ = [
    "extract_pages", "extract", "extract_article", "read_pages", "write_extractions", "read_extractions",
    "build", "BuildResult", "push_graph_file", "EXTRACTIONS_FILE", "GRAPH_FILE",
]

EXTRACTIONS_FILE = "extractions.jsonl"
GRAPH_FILE = "graph.json"

T = TypeVar("T")
ErrorSink = Callable[[InputError], None]
Progress = Callable[[Iterable], Iterable]


def _stage(module: str, what: str):
    """Import a later stage's module; a missing module is a `KgError` that says which stage."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            raise KgError(f"{what} is not available: module {module} is missing from this installation") from exc
        raise


def _optional(module: str):
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return None
        raise


def _annotator() -> Callable[..., Iterator[tuple[Article, list[Entity]]]]:
    """`kg.nlp.annotate`; without that stage, articles pass on with no entities."""
    nlp = _optional("kg.nlp")
    if nlp is None:
        def no_entities(articles, nlp=None, n_process=1, batch_size=8):
            for article in articles:
                yield article, []
        return no_entities
    return nlp.annotate


def _linker() -> Callable[[Article, list[Entity]], Extraction]:
    """`kg.link.link_article`; without that stage, entities stay unresolved and there are no relations."""
    link = _optional("kg.link")
    if link is None:
        return lambda article, entities: Extraction(article=article, entities=tuple(entities))
    return link.link_article


def _report(error: InputError, on_error: ErrorSink | None) -> None:
    if on_error is None:
        raise error
    on_error(error)


def distinct_articles(items: Iterable[T], article_of: Callable[[T], Article],
                      skip_ids: Collection[str] = ()) -> Iterator[T]:
    """`items` without those whose article was seen before or is in `skip_ids` (the one place
    duplicates are dropped: the same article saved twice, or already in the output being updated)."""
    seen: set[str] = set(skip_ids)
    for item in items:
        article_id = article_of(item).id
        if article_id not in seen:
            seen.add(article_id)
            yield item


def _articles(pages: Iterable[Page], on_error: ErrorSink | None, skip_ids: Collection[str]) -> Iterator[Article]:
    def articles() -> Iterator[Article]:
        limit = max_page_chars()
        for page in pages:
            if limit and len(page.content) > limit:
                _report(InputError(page.path, f"too large: {len(page.content):,} characters", page.line,
                                   hint=f"kg reads pages of up to {limit:,}; split it, or set KG_MAX_PAGE_CHARS"),
                        on_error)
                continue
            try:
                yield extract_article(page)
            except InputError as exc:
                _report(exc, on_error)

    return distinct_articles(articles(), lambda article: article, skip_ids)


def extract_pages(
    pages: Iterable[Page],
    *,
    nlp=None,
    n_process: int = 1,
    batch_size: int = 8,
    on_error: ErrorSink | None = None,
    skip_ids: Collection[str] = (),
) -> Iterator[Extraction]:
    """Stream one `Extraction` per distinct article of `pages`, in input order.

    Each page becomes an `Article` (`extract_article`); a page without one is an
    `InputError` passed to `on_error` (raised when `on_error` is None). An article
    whose id was already seen in this run, or is in `skip_ids`, is dropped. The
    rest are annotated by `kg.nlp.annotate` (with `nlp`, `n_process`,
    `batch_size`) and linked by `kg.link.link_article`.
    """
    annotate = _annotator()
    link = _linker()
    articles = _articles(pages, on_error, skip_ids)
    for article, entities in annotate(articles, nlp=nlp, n_process=n_process, batch_size=batch_size):
        yield link(article, list(entities))


def extract(paths: Iterable[str | os.PathLike] | str | os.PathLike, *, on_error: ErrorSink | None = None,
            **kw) -> list[Extraction]:
    """Read `paths` and return their extractions; `kw` go to `extract_pages`.

    Bad inputs go to `on_error`; without it the first one is raised.
    """
    pages = read_pages(paths, on_error=on_error)
    return list(extract_pages(pages, on_error=on_error, **kw))


def write_extractions(extractions: Iterable[Extraction], path: str | Path) -> int:
    """Write one `Extraction.to_dict()` JSON object per line, atomically; return how many."""
    n = 0
    with atomic_open(path, "w") as f:
        for ex in extractions:
            f.write(json.dumps(ex.to_dict(), ensure_ascii=False))
            f.write("\n")
            n += 1
    return n


def read_extractions(path: str | Path) -> Iterator[Extraction]:
    """The extractions of an extractions.jsonl file (as written by `write_extractions`)."""
    path = Path(path)
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                yield Extraction.from_dict(json.loads(line))
            except (ValueError, KeyError, TypeError) as exc:
                raise KgError(f"{path}:{lineno}: not an extraction record ({exc})") from exc


@dataclass
class BuildResult:
    """What `build` wrote: the output folder, its files, and how many articles (new in this run, in total)."""

    out_dir: Path
    files: list[str] = field(default_factory=list)
    new_articles: int = 0
    total_articles: int = 0


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _check_out_dir(out_dir: Path, force: bool, update: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} exists and is not a directory")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (force or update):
        raise OutputError(f"output directory {out_dir} is not empty: use --force to overwrite or --update to add to it")


def _extract_with_dask(pages: Iterable[Page], scheduler: str, *, batch_size: int, on_error: ErrorSink | None,
                       skip_ids: Collection[str]) -> Iterator[Extraction]:
    distributed = _stage("kg.distributed", "distributed extraction (--dask)")
    extractions = distributed.extract_with_dask(pages, scheduler, batch_size=batch_size, on_error=on_error)
    return distinct_articles(extractions, lambda ex: ex.article, skip_ids)


def build(
    paths: Iterable[str | os.PathLike],
    out_dir: str | Path,
    *,
    force: bool = False,
    update: bool = False,
    nlp=None,
    n_process: int = 1,
    batch_size: int = 8,
    on_error: ErrorSink | None = None,
    dask: str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Extract every article under `paths` and write `out_dir`/extractions.jsonl and the graph files.

    An existing non-empty `out_dir` is an `OutputError` unless `force` (replace
    its outputs) or `update` (keep its articles, add the new ones by id, rewrite).
    Everything is written into a temp folder first and moved into place at the
    end, so a failed run leaves `out_dir` as it was. `progress` wraps the stream
    of extractions (e.g. a tqdm). `dask` is a scheduler address for
    `kg.distributed.extract_with_dask`.
    """
    out_dir = Path(out_dir)
    _check_out_dir(out_dir, force, update)
    graph_mod = _stage("kg.graph", "graph building (kg.graph)")

    old: list[Extraction] = []
    graph = None
    if update and out_dir.is_dir():
        if (out_dir / EXTRACTIONS_FILE).exists():
            old = list(read_extractions(out_dir / EXTRACTIONS_FILE))
        if (out_dir / GRAPH_FILE).exists():
            graph = graph_mod.load_graph(out_dir / GRAPH_FILE)
        elif old:
            graph = graph_mod.build_graph(old, graph=None)
    old_ids = {ex.article.id for ex in old}

    pages = read_pages(paths, on_error=on_error)
    if dask:
        stream = _extract_with_dask(pages, dask, batch_size=batch_size, on_error=on_error, skip_ids=old_ids)
    else:
        stream = extract_pages(pages, nlp=nlp, n_process=n_process, batch_size=batch_size, on_error=on_error,
                               skip_ids=old_ids)
    if progress is not None:
        stream = progress(stream)
    new = list(stream)

    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".tmp", dir=out_dir.parent))
    try:
        write_extractions([*old, *new], tmp / EXTRACTIONS_FILE)
        graph = graph_mod.build_graph(new, graph=graph)
        graph_mod.save_graph(graph, tmp)
        files = sorted(p.name for p in tmp.iterdir() if p.is_file() and not p.name.startswith("."))
        out_dir.mkdir(parents=True, exist_ok=True)
        mode = _file_mode()
        for name in files:
            os.chmod(tmp / name, mode)  # temp files are private (0600); outputs get the usual mode
            os.replace(tmp / name, out_dir / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return BuildResult(out_dir=out_dir, files=files, new_articles=len(new), total_articles=len(old) + len(new))


def push_graph_file(path: str | Path, uri: str, *, user: str | None = None, password: str | None = None,
                    database: str | None = None, batch_size: int = 1000, progress=None) -> dict:
    """Push a graph.json to Neo4j through `kg.neo4j_writer.push_graph_file`; return its counters."""
    writer = _stage("kg.neo4j_writer", "the Neo4j writer (kg.neo4j_writer)")
    path = Path(path)
    if not path.is_file():
        raise KgError(f"{path}: no such graph file (build one with `kg build PATH --out DIR`)")
    return writer.push_graph_file(path, uri, user=user, password=password, database=database,
                                  batch_size=batch_size, progress=progress)
