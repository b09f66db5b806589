"""`kg.numpy_blas.v1`: the pipeline's matrix products through numpy's BLAS, on one thread.

thinc's CPU backend multiplies matrices with blis. On these machines blis is about
three times slower than numpy's OpenBLAS for the tok2vec layers' shapes, 31 ms
against 10 ms for a 6,000 x 288 by 288 x 288 product on one thread
(`scripts/profile_pipe.py` shows the stage times). The results are the same
products, summed in another order.

The callback runs after spaCy builds the pipeline (`[nlp.after_pipeline_creation]`
in the model's config.cfg), so `kg.load_pipeline()` and `spacy.load()` both get it.
Loading changes nothing else in the process. Its two settings apply only while kg runs
the pipeline (`pipeline_scope`, around each step of `nlp.pipe` in `kg.nlp.annotate`):

- `blas_threads` (default 1) caps numpy's BLAS thread pool while a step runs, and gives the
  caller's setting back after it: kg scales with processes (`--n-process`, Dask workers),
  and the speed figures are per core. 0 leaves the pool alone.
- `malloc_mmap_threshold_mb` (the shipped config sets 32): in the worker processes that
  `nlp.pipe(n_process=2)` forks, glibc serves blocks up to that size from its heap and keeps
  up to four times that freed, instead of mapping every block over 128 KB (most activation
  arrays) fresh from the OS and unmapping it when freed. The workers start with a cold heap
  and paid about 220,000 page faults per extract run of `scripts/bench.py`, against 82,000
  with this; two processes went from 1.29-1.36x to 1.50-1.62x one process in runs side by
  side (README). glibc has no way to read the setting back, so it is never made in the
  caller's process (one process paid about 11,000 page faults more per extract run
  without it, against 75,000 that two workers pay: `keep_freed_memory` applies it there
  on request). 0 leaves malloc alone; it does nothing where the C library is not glibc.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator, TypeVar

from spacy.language import Language
from spacy.util import registry
from thinc.api import NumpyOps

T = TypeVar("T")
CALLBACK = "kg.numpy_blas.v1"


@registry.callbacks(CALLBACK)
def create_numpy_blas(blas_threads: int = 1, malloc_mmap_threshold_mb: int = 0) -> Callable[[Language], Language]:
    # the two settings are read from nlp.config by `pipeline_scope`, when kg runs the pipeline
    def use_numpy_blas(nlp: Language) -> Language:
        ops = NumpyOps(use_blis=False)
        for _, component in nlp.pipeline:
            model = getattr(component, "model", None)
            if model is None or not hasattr(model, "walk"):
                continue
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
        return nlp

    return use_numpy_blas


@dataclass(frozen=True)
class RunSettings:
    """What the pipeline's config asks for while kg runs it (0: leave alone)."""

    blas_threads: int = 0
    malloc_mmap_threshold_mb: int = 0


def run_settings(nlp) -> RunSettings:
    """The `kg.numpy_blas.v1` settings of `nlp`'s config; none for another pipeline."""
    config = getattr(nlp, "config", None) or {}
    callback = config.get("nlp", {}).get("after_pipeline_creation") or {}
    if callback.get("@callbacks") != CALLBACK:
        return RunSettings()
    return RunSettings(int(callback.get("blas_threads", 1)), int(callback.get("malloc_mmap_threshold_mb", 0)))


def pipeline_scope(nlp, steps: Iterable[T]) -> Iterator[T]:
    """`steps` (an `nlp.pipe` stream), each step run under `nlp`'s `RunSettings`.

    Only the computation of each item is scoped: between items, while the caller holds one,
    numpy's BLAS pool has the caller's setting, whatever kg's pipeline asks for.
    """
    settings = run_settings(nlp)
    if settings.blas_threads <= 0 and settings.malloc_mmap_threshold_mb <= 0:
        yield from steps
        return
    _watch_forks()
    steps = iter(steps)
    while True:
        _forking.malloc_mmap_threshold_mb = settings.malloc_mmap_threshold_mb
        try:
            with _blas_limit(settings.blas_threads):
                item = next(steps)
        except StopIteration:
            return
        finally:
            _forking.malloc_mmap_threshold_mb = 0
        yield item


def _blas_limit(n: int):
    from contextlib import nullcontext

    if n <= 0:
        return nullcontext()
    # the limiter reads the pools' sizes on entry and sets them back on exit
    return _controller().limit(limits=n, user_api="blas")


@lru_cache(maxsize=1)
def _controller():
    # made once: finding the loaded BLAS libraries takes milliseconds, a limit microseconds
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


# Forks made while a step runs are nlp.pipe's workers: they get the malloc setting, and the
# BLAS cap with the memory they copy. Thread-local, so a fork elsewhere in the caller's
# program, in another thread, is left alone.
_forking = threading.local()


@lru_cache(maxsize=1)
def _watch_forks() -> None:
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_in_worker)


def _in_worker() -> None:
    mmap_threshold_mb = getattr(_forking, "malloc_mmap_threshold_mb", 0)
    if mmap_threshold_mb > 0:
        keep_freed_memory(mmap_threshold_mb)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def keep_freed_memory(mmap_threshold_mb: int) -> bool:
    """glibc's mallopt for this whole process, for good: heap blocks up to `mmap_threshold_mb`,
    trimmed past 4x that. False where not applied (0, or no glibc)."""
    if mmap_threshold_mb <= 0:
        return False
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):  # no glibc (macOS has no mallopt)
        return False
    size = mmap_threshold_mb * 1024 * 1024
    return bool(mallopt(_M_MMAP_THRESHOLD, size)) and bool(mallopt(_M_TRIM_THRESHOLD, 4 * size))
