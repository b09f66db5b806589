"""kg.distributed: extraction on a Dask LocalCluster gives the graph of the one-process build.

The cluster tests use the shipped pipeline when it is trained; before that, a
stand-in pipeline (blank Chinese + an entity ruler naming people, titles and
places of the bundled pages) saved in a temp folder, so that what is tested, the
partitioning, the per-worker loading, the merge and the identity rules, does
not wait for a model. Both builds are given the same pipeline folder.
"""
from __future__ import annotations

from pathlib import Path

import pytest

distributed = pytest.importorskip(
    "distributed", reason="dask[distributed] is not installed: pip install 'kg[dask]' to test --dask"
)

from kg.api import extract_pages  # noqa: E402
from kg.distributed import _even_split, extract_with_dask, iter_extract_with_dask  # noqa: E402
from kg.errors import InputError, KgError  # noqa: E402
from kg.records import Page  # noqa: E402
from kg.sources import read_pages  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "kg" / "examples"

# distributed warns when a scheduler's HTTP port is taken (another cluster on this
# machine) and when its scratch folders are slow to create (a busy disk); neither
# says anything about kg. Every other warning stays an error.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Port .* is already in use:UserWarning"),
    pytest.mark.filterwarnings("ignore:Creating scratch directories is taking a surprisingly long time:UserWarning"),
]


@pytest.fixture(scope="module")
def pipeline_dir(tmp_path_factory) -> Path:
    """The trained pipeline if there is one, else a stand-in saved to a temp folder."""
    from kg.nlp import default_model_path

    trained = default_model_path()
    if (trained / "config.cfg").exists():
        return trained
    import spacy

    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    words = {"罗增斌": "PERSON", "市委书记": "TITLE", "巴中市": "GPE", "巴州区": "GPE", "市委": "ORG", "市妇联": "ORG"}
    ruler.add_patterns([{"label": label, "pattern": [{"TEXT": c} for c in w]} for w, label in words.items()])
    path = tmp_path_factory.mktemp("standin") / "kg_zh"
    nlp.to_disk(path)
    return path


@pytest.fixture(scope="module")
def scheduler():
    """The address of a LocalCluster shared by the tests that pass a scheduler address."""
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.CRITICAL) as cluster:
        yield cluster.scheduler_address


def _graph_signature(G) -> tuple:
    nodes = sorted((n, tuple(sorted(d.items()))) for n, d in G.nodes(data=True))
    edges = sorted((u, v, k, tuple(sorted(d.items()))) for u, v, k, d in G.edges(keys=True, data=True))
    return nodes, edges


def _pages() -> list[Page]:
    """The bundled pages, a copy of the first (same article id, other path), and a page with no article."""
    seeds = list(read_pages([EXAMPLES]))
    assert len(seeds) >= 2
    bad = Page(path="menu-only.txt", content="网站首页 工作动态 通知公告 联系我们")
    copy = Page(path="copy-of-first.txt", content=seeds[0].content)
    return [seeds[0], bad, *seeds[1:], copy]


def test_even_split_keeps_order_and_sizes():
    pages = list(range(7))
    parts = list(_even_split(pages, 3))
    assert parts == [[0, 1, 2], [3, 4], [5, 6]]
    assert list(_even_split(pages[:2], 4)) == [[0], [1]]


@pytest.mark.slow
def test_local_cluster_builds_the_graph_of_the_one_process_build(pipeline_dir):
    from kg.graph import build_graph
    from kg.nlp import load_pipeline

    pages = _pages()
    local_errors: list[InputError] = []
    single = list(extract_pages(pages, nlp=load_pipeline(pipeline_dir), on_error=local_errors.append))

    dask_errors: list[InputError] = []
    # One page per partition: the copy of the first page is extracted by another
    # task than the original and must still be dropped by the merge.
    on_cluster = extract_with_dask(pages, "local", n_partitions=len(pages), model=pipeline_dir,
                                   on_error=dask_errors.append)

    assert [ex.article.path for ex in single] == [pages[0].path, *(p.path for p in pages[2:-1])]
    assert on_cluster == single
    assert [(e.path, e.reason) for e in dask_errors] == [(e.path, e.reason) for e in local_errors]
    assert [e.path for e in dask_errors] == ["menu-only.txt"]
    assert any(ex.entities for ex in single)

    G1, G2 = build_graph(single), build_graph(on_cluster)
    assert G2.number_of_nodes() > 0 and G2.number_of_edges() > 0
    assert _graph_signature(G2) == _graph_signature(G1)


@pytest.mark.slow
def test_streamed_partitions_on_a_running_scheduler(scheduler, pipeline_dir):
    pages = _pages()
    errors: list[InputError] = []
    streamed = list(iter_extract_with_dask(pages, scheduler, partition_size=1, model=pipeline_dir,
                                           on_error=errors.append))
    assert [ex.article.path for ex in streamed] == [pages[0].path, *(p.path for p in pages[2:-1])]
    assert [e.path for e in errors] == ["menu-only.txt"]
    # Without on_error the first bad page is raised on the client, as in one process.
    with pytest.raises(InputError, match="menu-only.txt"):
        extract_with_dask(pages, scheduler, n_partitions=2, model=pipeline_dir)


@pytest.mark.slow
def test_a_missing_model_fails_before_any_page_is_sent_and_leaves_the_cluster_usable(scheduler, pipeline_dir,
                                                                                      tmp_path):
    with pytest.raises(KgError, match="no trained pipeline"):
        extract_with_dask(_pages(), scheduler, model=tmp_path / "nowhere")
    assert len(extract_with_dask(_pages()[:1], scheduler, model=pipeline_dir)) == 1


def test_an_unreachable_scheduler_is_a_kg_error():
    with pytest.raises(KgError, match="cannot reach the Dask scheduler"):
        extract_with_dask([], "tcp://127.0.0.1:9", connect_timeout="1s")
