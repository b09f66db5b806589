"""Run extraction on a Dask distributed cluster: `kg build --dask SCHEDULER` (or `--dask local`).

One responsibility: pages in, `Extraction`s out, in page order, computed on Dask
workers. The pages are cut into contiguous partitions; each partition is one
task that runs `kg.api.extract_pages` on a worker; the client gathers the
results partition by partition, in order, and drops a repeated article by the
rule of the single-process build (`Article.id`, the first one in page order
wins). The caller merges the extractions into one graph (`kg.graph.build_graph`)
and pushes it as usual, so a cluster build and a one-process build give the
same graph.

Each worker loads the pipeline once: a `WorkerPlugin` loads it when the worker
joins (a worker that cannot is an error on the client before any page is sent),
and `kg.nlp.load_pipeline` caches it in the worker process for every later task.
Workers need `kg` (and its model) installed; `model` names a pipeline folder as
seen from the workers, default their own `kg.nlp.default_model_path()`.

Pages stream: at most a few partitions per worker are in flight, so the client
holds a bounded number of pages however large the crawl (the extractions it
returns are, of course, all held). `n_partitions` instead splits a known list
of pages evenly, all at once.

Why workers do not push their partitions to Neo4j themselves
-------------------------------------------------------------
They could, safely: every push is idempotent (`UNWIND ... MERGE` on
deterministic keys, in retried write transactions), so partitions pushed in any
order, or twice after a worker restarts, leave the same nodes and relationships.
That would spare the client from gathering every extraction, spread the write
load, and start writing before the last page is read. We gather instead, because:

* a node seen in several articles is merged by `kg.graph`'s rules (first
  scalar value wins, `aliases` and `titles` are unioned); partitions pushed
  separately would each `SET n += props` with their own partial view, so the
  stored node would depend on which worker wrote last. Keys and edges would
  agree (they are deterministic per article, and a repeated article MERGEs
  onto the same keys), the node properties would not;
* `kg build` also writes extractions.jsonl and graph.json, which need every
  extraction in one place, and `--update` merges with the previous run;
* concurrent MERGEs on the same hub nodes (a province, 市委) from several
  workers contend for the same locks and deadlock-retry, so on a single
  Neo4j server parallel pushes are often slower than one batched push, which
  is not the bottleneck (extraction is);
* every worker would need network access and credentials to the database.

A user who only wants the database filled, from a cluster large enough that the
gather hurts, can push from the workers (`kg.neo4j_writer.push_graph` on
`kg.graph.build_graph(partition)` in a task), accepting last-writer-wins node
properties; a final `kg push` of the gathered graph.json repairs them.
"""
from __future__ import annotations

import itertools
import os
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from kg.errors import InputError, KgError
from kg.records import Extraction, Page

__all__ = ["extract_with_dask", "iter_extract_with_dask", "LOCAL", "LOCAL_WORKERS"]

#: The scheduler name that starts a `LocalCluster` on this machine.
LOCAL = "local"
#: Workers of that cluster (one thread each: spaCy and pkuseg hold the GIL).
LOCAL_WORKERS = 2
#: Partitions in flight per worker while streaming: one running, one queued.
IN_FLIGHT_PER_WORKER = 2

ErrorSink = Callable[[InputError], None]

try:  # the plugin must subclass distributed's; without dask the functions below say how to install it
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - exercised only without the dask extra
    _WorkerPlugin = object


class PipelineLoader(_WorkerPlugin):
    """Loads the pipeline once per worker, when the worker joins the cluster.

    Named after the model, so a long-lived cluster keeps one loader per pipeline
    and registering the same one again does nothing.
    """

    idempotent = True

    def __init__(self, model: str | None = None):
        self.model = model
        self.name = f"kg-pipeline-loader:{model or 'default'}"

    def setup(self, worker=None) -> None:
        from kg.nlp import load_pipeline

        load_pipeline(self.model)


def _register_loader(client, model: str | None) -> None:
    """Load the pipeline on every worker now; a worker that cannot is an error here, and the loader is removed
    again so that it does not fail every worker that joins the cluster later."""
    plugin = PipelineLoader(model)
    try:
        client.register_plugin(plugin)
    except Exception:
        try:
            client.unregister_worker_plugin(plugin.name)
        except Exception:  # already gone: the error above is the one that matters
            pass
        raise


@dataclass(frozen=True)
class _PartitionResult:
    """What one task sends back: its extractions in page order and its bad pages (as plain fields).

    `InputError` has a custom constructor and does not survive pickling, so it
    travels as `(path, reason, line, hint)` and is rebuilt on the client.
    """

    extractions: tuple[Extraction, ...]
    errors: tuple[tuple[str, str, int | None, str | None], ...]


def _extract_partition(pages: Sequence[Page], model: str | None, batch_size: int) -> _PartitionResult:
    """The task run on a worker: `kg.api.extract_pages` over one partition, errors collected."""
    from kg.api import extract_pages
    from kg.nlp import load_pipeline

    errors: list[InputError] = []
    extractions = tuple(extract_pages(pages, nlp=load_pipeline(model), batch_size=batch_size,
                                      on_error=errors.append))
    return _PartitionResult(extractions, tuple((e.path, e.reason, e.line, e.hint) for e in errors))


def _require_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise KgError("distributed extraction needs Dask: pip install 'kg[dask]' "
                      "(or pip install 'dask[distributed]')") from exc
    return distributed


def _chunks(pages: Iterable[Page], size: int) -> Iterator[list[Page]]:
    it = iter(pages)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _even_split(pages: list[Page], n: int) -> Iterator[list[Page]]:
    """`n` contiguous partitions whose sizes differ by at most one (empty ones skipped)."""
    q, r = divmod(len(pages), n)
    start = 0
    for i in range(n):
        end = start + q + (1 if i < r else 0)
        if end > start:
            yield pages[start:end]
        start = end


class _Cluster:
    """A client on `scheduler`: a fresh LocalCluster for "local", else the address of a running scheduler."""

    def __init__(self, scheduler: str, timeout: str | float = "30s"):
        self.scheduler = scheduler
        self.timeout = timeout
        self.cluster = None
        self.client = None

    def __enter__(self):
        distributed = _require_distributed()
        try:
            if self.scheduler == LOCAL:
                import logging

                self.cluster = distributed.LocalCluster(
                    n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True,
                    # A free port for the scheduler's HTTP server: another cluster on 8787 is not an error.
                    # Worker failures reach the caller as exceptions; their log lines would only
                    # repeat them on stderr, which belongs to the CLI.
                    dashboard_address=":0", silence_logs=logging.CRITICAL,
                )
                self.client = distributed.Client(self.cluster, set_as_default=False)
            else:
                self.client = distributed.Client(self.scheduler, set_as_default=False, timeout=self.timeout)
        except (OSError, TimeoutError) as exc:
            self.__exit__(None, None, None)
            raise KgError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc} "
                          f"(start one with `dask scheduler` and `dask worker ADDRESS`, or use --dask local)") from exc
        return self.client

    def __exit__(self, *exc_info) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _n_workers(client) -> int:
    return max(1, len(client.scheduler_info().get("workers", {})))


def iter_extract_with_dask(
    pages: Iterable[Page],
    scheduler: str,
    *,
    n_partitions: int | None = None,
    partition_size: int | None = None,
    batch_size: int = 8,
    model: str | os.PathLike | None = None,
    on_error: ErrorSink | None = None,
    connect_timeout: str | float = "30s",
) -> Iterator[Extraction]:
    """Stream the extractions of `pages` computed on a Dask cluster, in page order, duplicates dropped.

    Same contract as `kg.api.extract_pages`: one `Extraction` per distinct
    article (`Article.id`, first in page order wins); a page without an article
    is an `InputError` passed to `on_error`, or raised (the first one, in page
    order) when `on_error` is None.

    `scheduler` is "local" (a `LocalCluster` of two single-threaded worker
    processes, started and closed here) or the address of a running scheduler
    ("tcp://10.0.0.5:8786"). `n_partitions` splits the pages (read into a list
    first) into that many even parts; without it pages stream in partitions of
    `partition_size` pages (default 4 x `batch_size`). `batch_size` is the
    spaCy batch on each worker; `model` the pipeline folder as the workers see
    it. A scheduler that does not answer within `connect_timeout` is a `KgError`.
    """
    if n_partitions is not None and n_partitions < 1:
        raise ValueError(f"n_partitions must be at least 1, got {n_partitions}")
    if partition_size is not None and partition_size < 1:
        raise ValueError(f"partition_size must be at least 1, got {partition_size}")
    from kg.api import distinct_articles

    model_name = os.fspath(Path(model)) if model is not None else None
    distributed = _require_distributed()
    with _Cluster(scheduler, connect_timeout) as client:
        _register_loader(client, model_name)
        if n_partitions is not None:
            pages = list(pages)
            partitions: Iterable[list[Page]] = _even_split(pages, n_partitions)
            max_in_flight = n_partitions
        else:
            partition_size = partition_size or 4 * batch_size
            partitions = _chunks(pages, partition_size)
            max_in_flight = IN_FLIGHT_PER_WORKER * _n_workers(client)

        in_flight: deque = deque()

        def drain_one() -> Iterator[Extraction]:
            try:
                result: _PartitionResult = in_flight.popleft().result()
            except distributed.KilledWorker as exc:
                raise KgError(f"a Dask worker died while extracting pages (out of memory? "
                              f"try a smaller --batch-size): {exc}") from exc
            for path, reason, line, hint in result.errors:
                error = InputError(path, reason, line, hint)
                if on_error is None:
                    raise error
                on_error(error)
            yield from result.extractions

        def extractions() -> Iterator[Extraction]:
            for part in partitions:
                in_flight.append(client.submit(_extract_partition, part, model_name, batch_size, pure=False))
                while len(in_flight) >= max_in_flight:
                    yield from drain_one()
            while in_flight:
                yield from drain_one()

        # an article saved twice in two partitions comes back twice: kg.api's one filter drops it
        yield from distinct_articles(extractions(), lambda ex: ex.article)


def extract_with_dask(
    pages: Iterable[Page],
    scheduler: str,
    *,
    n_partitions: int | None = None,
    batch_size: int = 8,
    **kw,
) -> list[Extraction]:
    """The extractions of `pages` computed on a Dask cluster, as a list in page order.

    See `iter_extract_with_dask` for the arguments (`partition_size`, `model`,
    `on_error`, `connect_timeout`). The result equals `list(kg.api.extract_pages(pages))` run in one
    process with the same pipeline.
    """
    return list(iter_extract_with_dask(pages, scheduler, n_partitions=n_partitions, batch_size=batch_size, **kw))
