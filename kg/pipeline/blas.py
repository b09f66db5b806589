"""`kg.numpy_blas.v1`: the pipeline's matrix products through numpy's BLAS, on one thread.

thinc's CPU backend multiplies matrices with blis. On these machines blis is about
three times slower than numpy's OpenBLAS for the tok2vec layers' shapes, 31 ms
against 10 ms for a 6,000 x 288 by 288 x 288 product on one thread
(`scripts/profile_pipe.py` shows the stage times). The results are the same
products, summed in another order.

The callback runs after spaCy builds the pipeline (`[nlp.after_pipeline_creation]`
in the model's config.cfg), so `kg.load_pipeline()` and `spacy.load()` both get it.
It also caps the BLAS thread pool of the process at `blas_threads` (default 1): kg
scales with processes (`--n-process`, Dask workers), and the speed figures are per
core. Pass `blas_threads = 0` in the config to leave the pool alone.

With `malloc_mmap_threshold_mb` (the shipped config sets 32), glibc serves blocks up to
that size from its heap and keeps up to four times that freed, instead of mapping every
block over 128 KB (most activation arrays) fresh from the OS and unmapping it when freed.
Worker processes forked by `nlp.pipe(n_process=2)` start with a cold heap and paid about
220,000 page faults per extract run of `scripts/bench.py`, against 82,000 with this; two
processes went from 1.29-1.36x to 1.50-1.62x one process in runs side by side (README).
Like the thread cap, this is process-wide; 0 leaves malloc alone, and it does nothing
where the C library is not glibc.
"""
from __future__ import annotations

import ctypes
import ctypes.util
from typing import Callable

from spacy.language import Language
from spacy.util import registry
from thinc.api import NumpyOps


@registry.callbacks("kg.numpy_blas.v1")
def create_numpy_blas(blas_threads: int = 1, malloc_mmap_threshold_mb: int = 0) -> Callable[[Language], Language]:
    def use_numpy_blas(nlp: Language) -> Language:
        ops = NumpyOps(use_blis=False)
        for _, component in nlp.pipeline:
            model = getattr(component, "model", None)
            if model is None or not hasattr(model, "walk"):
                continue
            for node in model.walk():
                if type(node.ops) is NumpyOps:
                    node.ops = ops
        if blas_threads > 0:
            limit_blas_threads(blas_threads)
        keep_freed_memory(malloc_mmap_threshold_mb)
        return nlp

    return use_numpy_blas


def limit_blas_threads(n: int) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n, user_api="blas")


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's malloc.h


def keep_freed_memory(mmap_threshold_mb: int) -> bool:
    """glibc's mallopt: heap blocks up to `mmap_threshold_mb`, trimmed past 4x that. False where not applied."""
    if mmap_threshold_mb <= 0:
        return False
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):  # no glibc (macOS has no mallopt)
        return False
    size = mmap_threshold_mb * 1024 * 1024
    return bool(mallopt(_M_MMAP_THRESHOLD, size)) and bool(mallopt(_M_TRIM_THRESHOLD, 4 * size))
