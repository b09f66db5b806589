"""kg.errors: every error survives pickling (it crosses process boundaries), message and fields intact."""
from __future__ import annotations

import pickle

import pytest

from kg import errors
from kg.errors import GraphStoreError, InputError, KgError, ModelError, OutputError


@pytest.mark.parametrize("err", [
    InputError("pages.jsonl", "not UTF-8", line=7, hint="save it as UTF-8"),
    InputError("a.txt", "no article"),
    KgError("plain"),
    ModelError("no model at models/kg_zh"),
    GraphStoreError("cannot reach Neo4j at bolt://127.0.0.1:7687"),
    OutputError("out exists: pass --force"),
])
def test_pickle_round_trip(err):
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err) and str(back) == str(err) and back.args == err.args
    assert vars(back) == vars(err)


def test_every_error_class_is_covered():
    classes = {c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, KgError)}
    assert classes == {KgError, InputError, ModelError, GraphStoreError, OutputError}
