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
import logging
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator, TypeVar

from kg.article import extract_article
from kg.characters import as_written, simplified_article
from kg.errors import InputError, KgError, OutputError
from kg.files import atomic_open, visible_path
from kg.nlp import max_page_chars
from kg.records import Article, Entity, Extraction, Page
from kg.sources import read_pages

__all__ = [
    "extract_pages", "extract", "extract_article", "read_pages", "write_extractions", "read_extractions",
    "build", "BuildResult", "push_graph_file", "EXTRACTIONS_FILE", "GRAPH_FILE",
]

EXTRACTIONS_FILE = "extractions.jsonl"
GRAPH_FILE = "graph.json"

log = logging.getLogger(__name__)

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
        def no_entities(articles, nlp=None, n_process=1, batch_size=8, on_error=None):
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


def _failed(path: str, line: int | None, stage: str, exc: Exception) -> InputError:
    """A stage that raised on one page: that page is reported and left out, the others go on.

    A `KgError` (no model, a broken installation) is no page's fault: it is raised again."""
    if isinstance(exc, KgError):
        raise exc
    log.info("%s: %s failed", path, stage, exc_info=exc)
    return InputError(path, f"{stage} failed on this page ({type(exc).__name__}: {exc})", line,
                      hint="a bug in kg, not in the page; the other pages go on: please report it with this page")


def _visible_paths(pages: Iterable[Page]) -> Iterator[Page]:
    """Pages whose path had undecodable bytes (a file name that is not UTF-8) get a printable path,
    so that every output stays valid UTF-8."""
    for page in pages:
        path = visible_path(page.path)
        yield page if path == page.path else replace(page, path=path)


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


def _articles(pages: Iterable[Page], on_error: ErrorSink | None, skip_ids: Collection[str],
              lines: dict[str, int]) -> Iterator[Article]:
    """The distinct articles of `pages`; `lines` gets the JSONL line of each that has one."""
    def articles() -> Iterator[tuple[Article, int | None]]:
        limit = max_page_chars()
        for page in pages:
            if limit and len(page.content) > limit:
                _report(InputError(page.path, f"too large: {len(page.content):,} characters", page.line,
                                   hint=f"kg reads pages of up to {limit:,}; split it, or set KG_MAX_PAGE_CHARS"),
                        on_error)
                continue
            try:
                article = extract_article(page)
            except InputError as exc:
                _report(exc, on_error)
                continue
            except Exception as exc:
                if on_error is None:
                    raise
                _report(_failed(page.path, page.line, "article extraction", exc), on_error)
                continue
            yield article, page.line

    for article, line in distinct_articles(articles(), lambda pair: pair[0], skip_ids):
        if line is not None:
            lines[article.id] = line
        yield article


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
    `batch_size`) and linked by `kg.link.link_article`. A page on which a
    stage raises is an `InputError` too: with `on_error` it is reported and
    the other pages go on; without, the stage's exception is raised.
    """
    annotate = _annotator()
    link = _linker()
    lines: dict[str, int] = {}
    articles = _articles(_visible_paths(pages), on_error, skip_ids, lines)
    written: dict[str, Article] = {}  # id -> the article as the page wrote it, where the pipeline reads a copy

    def failed(article: Article, stage: str, exc: Exception) -> None:
        written.pop(article.id, None)
        _report(_failed(article.path, lines.pop(article.id, None), stage, exc), on_error)

    def readable(items: Iterable[Article]) -> Iterator[Article]:
        for article in items:
            copy = simplified_article(article)
            if copy is not None:
                written[article.id] = article
            yield copy or article

    entity_failed = None if on_error is None else lambda article, exc: failed(article, "entity recognition", exc)
    for article, entities in annotate(readable(articles), nlp=nlp, n_process=n_process, batch_size=batch_size,
                                      on_error=entity_failed):
        original = written.pop(article.id, None)
        try:
            extraction = link(article, list(entities))
        except Exception as exc:
            if on_error is None:
                raise
            failed(article, "relation extraction", exc)
            continue
        lines.pop(article.id, None)
        yield extraction if original is None else as_written(extraction, original)


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


LOCK_FILE = ".kg.lock"
STAGING_DIR = ".kg-commit"
_COMMIT_MARK = "COMMIT"
_move = os.replace  # the commit's renames; a test replaces it to crash between two of them


def _file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _check_out_dir(out_dir: Path, force: bool, update: bool) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} exists and is not a directory")
    ours = {LOCK_FILE, STAGING_DIR}
    if out_dir.is_dir() and any(p.name not in ours for p in out_dir.iterdir()) and not (force or update):
        raise OutputError(f"output directory {out_dir} is not empty: use --force to overwrite or --update to add to it")


@contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold `out_dir`/.kg.lock for the whole build, so two runs on one folder cannot lose each other's articles.

    flock is released by the kernel when a process dies, so a killed run never leaves a stale lock;
    the file is removed on release, and a lock taken on a file that was removed meanwhile is retaken.
    """
    import fcntl

    path = out_dir / LOCK_FILE
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _output_error(out_dir, exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(f"{out_dir} is being written by another `kg build` (lock file {path}): "
                              "wait for it to finish, then run again") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        os.close(fd)


def _finish_commit(staging: Path, out_dir: Path) -> list[str]:
    """Move every output named in `staging`/COMMIT into `out_dir`, then drop `staging`.

    Idempotent: a run that died between two renames is completed by the next run (`_recover`),
    so extractions.jsonl and the graph files always come from the same build.
    """
    names = json.loads((staging / _COMMIT_MARK).read_text(encoding="utf-8"))
    for name in names:
        if (staging / name).exists():
            _move(staging / name, out_dir / name)
    shutil.rmtree(staging, ignore_errors=True)
    return names


def _recover(out_dir: Path) -> None:
    """Finish a commit that a crash interrupted, or drop a staging folder that never reached its commit."""
    staging = out_dir / STAGING_DIR
    if not staging.exists():
        return
    if (staging / _COMMIT_MARK).is_file():
        log.warning("%s: completing the commit of a build that was interrupted", out_dir)
        _finish_commit(staging, out_dir)
    else:
        shutil.rmtree(staging, ignore_errors=True)


def _output_error(out_dir: Path, exc: OSError) -> OutputError:
    where = exc.filename or out_dir
    return OutputError(f"cannot write {where}: {exc.strerror or exc}")


def _load_old(out_dir: Path, graph_mod) -> tuple[list[Extraction], object]:
    old: list[Extraction] = []
    graph = None
    if (out_dir / EXTRACTIONS_FILE).exists():
        old = list(read_extractions(out_dir / EXTRACTIONS_FILE))
    if (out_dir / GRAPH_FILE).exists():
        try:
            graph = graph_mod.load_graph(out_dir / GRAPH_FILE)
        except KgError:
            raise
        except Exception as exc:  # node_link_graph on a JSON that is not a node-link graph: any of several errors
            raise KgError(f"{out_dir / GRAPH_FILE}: not a graph written by `kg build` ({type(exc).__name__}: {exc}); "
                          "rebuild with --force") from exc
    elif old:
        graph = graph_mod.build_graph(old, graph=None)
    return old, graph


def _extract_with_dask(pages: Iterable[Page], scheduler: str, *, batch_size: int, on_error: ErrorSink | None,
                       skip_ids: Collection[str]) -> Iterator[Extraction]:
    distributed = _stage("kg.distributed", "distributed extraction (--dask)")
    extractions = distributed.extract_with_dask(_visible_paths(pages), scheduler, batch_size=batch_size,
                                                on_error=on_error)
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
    A run with no new article writes nothing (`BuildResult.files` is empty).
    `out_dir`/.kg.lock is held for the whole run: a second build on the same
    folder is an `OutputError`. Everything is written into `out_dir`/.kg-commit
    first and moved into place once complete; a run killed during those moves
    is completed by the next one, so a failed run leaves `out_dir` as it was and
    the extractions and the graph always match. `progress` wraps the stream of
    extractions (e.g. a tqdm). `dask` is a scheduler address for
    `kg.distributed.extract_with_dask`.
    """
    out_dir = Path(out_dir)
    _check_out_dir(out_dir, force, update)
    graph_mod = _stage("kg.graph", "graph building (kg.graph)")
    created = not out_dir.exists()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _output_error(out_dir, exc) from exc
    try:
        with _locked(out_dir):
            _recover(out_dir)
            _check_out_dir(out_dir, force, update)  # again: another run may have written it meanwhile
            result = _build_locked(paths, out_dir, graph_mod, update=update, nlp=nlp, n_process=n_process,
                                   batch_size=batch_size, on_error=on_error, dask=dask, progress=progress)
    except BaseException:
        if created:
            _remove_if_empty(out_dir)
        raise
    if created and not result.files:
        _remove_if_empty(out_dir)
    return result


def _remove_if_empty(out_dir: Path) -> None:
    try:
        out_dir.rmdir()
    except OSError:
        pass


def _build_locked(paths, out_dir: Path, graph_mod, *, update: bool, nlp, n_process: int, batch_size: int,
                  on_error: ErrorSink | None, dask: str | None, progress: Progress | None) -> BuildResult:
    old, graph = _load_old(out_dir, graph_mod) if update else ([], None)
    old_ids = {ex.article.id for ex in old}
    if update:
        log.info("%s holds %d articles; adding the new ones", out_dir, len(old))

    pages = read_pages(paths, on_error=on_error)
    if dask:
        stream = _extract_with_dask(pages, dask, batch_size=batch_size, on_error=on_error, skip_ids=old_ids)
    else:
        stream = extract_pages(pages, nlp=nlp, n_process=n_process, batch_size=batch_size, on_error=on_error,
                               skip_ids=old_ids)
    if progress is not None:
        stream = progress(stream)
    new = list(stream)
    if not new:
        return BuildResult(out_dir=out_dir, files=[], new_articles=0, total_articles=len(old))

    staging = out_dir / STAGING_DIR
    try:
        staging.mkdir()
        try:
            write_extractions([*old, *new], staging / EXTRACTIONS_FILE)
            graph = graph_mod.build_graph(new, graph=graph)
            graph_mod.save_graph(graph, staging)
            files = sorted(p.name for p in staging.iterdir() if p.is_file() and not p.name.startswith("."))
            mode = _file_mode()
            for name in files:
                os.chmod(staging / name, mode)  # temp files are private (0600); outputs get the usual mode
            with atomic_open(staging / _COMMIT_MARK, "w") as f:
                f.write(json.dumps(files))
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        # From here the build is committed: if a move fails, the next run completes it.
        log.info("moving %s into %s", ", ".join(files), out_dir)
        _finish_commit(staging, out_dir)
    except OSError as exc:
        raise _output_error(out_dir, exc) from exc
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
