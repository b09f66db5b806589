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
"""
from __future__ import annotations

from typing import Callable

from spacy.language import Language
from spacy.util import registry
from thinc.api import NumpyOps


@registry.callbacks("kg.numpy_blas.v1")
def create_numpy_blas(blas_threads: int = 1) -> Callable[[Language], Language]:
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
        return nlp

    return use_numpy_blas


def limit_blas_threads(n: int) -> None:
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=n, user_api="blas")
