"""Bench part `push`: the same generated graph written by `kg.neo4j_writer.push_graph` and by a naive loop.

The graph (>= 100,000 nodes and 300,000 relationships, far fewer with --quick) is shaped
like `kg.graph`'s; `push_graph` writes it with batched `UNWIND ... MERGE`, the naive loop
sends one MERGE per node and per relationship, constraints in place for both; rows per
second and ratio. Against --neo4j-uri (its user/password from $NEO4J_USERNAME or
$NEO4J_USER and $NEO4J_PASSWORD, database $NEO4J_DATABASE; only nodes this benchmark made
are deleted) or a throwaway server started with scripts/neo4j and stopped afterwards.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import os
import random
import time
from dataclasses import dataclass

from bench_common import Context, Part, PeakRss, Row, log, verdict
from neo4j_server import throwaway

NEO4J_HEAP, NEO4J_PAGECACHE = "1g", "512m"
TARGETS = {"push_ratio": (">=", 20.0)}


@dataclass(frozen=True)
class Sizes:
    nodes: int       # at least this many nodes and relationships in the generated graph
    rels: int
    naive_rows: int  # rows the naive loop sends: the first articles of the same graph
                     # (its rate is per-transaction latency, so a prefix measures it)


FULL = Sizes(nodes=100_000, rels=300_000, naive_rows=5_000)
QUICK = Sizes(nodes=20_000, rels=60_000, naive_rows=1_000)

# The benchmark's own housekeeping statements (kg's writes are all in kg.cypher).
# Only nodes tagged with this run's id are ever deleted, so a user's server keeps its data.
DELETE_RUN = ("MATCH (n) WHERE n.bench_run = $run "
              "CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")
COUNT_RUN = "MATCH (n) WHERE n.bench_run = $run RETURN count(n) AS n"

_PROVINCES = ("四川省", "广东省", "河南省", "山东省", "江苏省", "浙江省", "湖北省", "湖南省", "河北省", "安徽省")
_TITLES = ("书记", "副书记", "市长", "副市长", "主任", "局长", "县长", "镇长", "部长", "主席")
_ORG_KINDS = ("委", "政府", "人大常委会", "政协", "发展和改革委员会", "教育局", "卫生健康委员会", "妇女联合会")


def bench_graph(n_nodes: int, n_rels: int, run: str, seed: int = 7):
    """A graph shaped like `kg.graph`'s (labels, keys, edge keys, provenance) with at least this many nodes and rels.

    Built article by article: each article brings a few new people, organizations
    and places and mentions some earlier ones; every edge touches a node of its
    own article, so the nodes of the first articles induce exactly those articles:
    a closed graph with the same proportions (the naive loop writes such a prefix).
    Returns the graph and, per article, the node and edge counts so far.
    """
    import networkx as nx

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    persons: list[str] = []
    orgs: list[str] = []
    places: list[str] = []
    marks: list[tuple[int, int]] = []
    n_edges = 0  # G.number_of_edges() of a MultiDiGraph walks every node: count here instead

    def node(key: str, label: str, name: str, **attrs) -> str:
        G.add_node(key, label=label, name=name, key=key, bench_run=run, **attrs)
        return key

    def edge(u: str, v: str, key: str, **attrs) -> None:
        nonlocal n_edges
        G.add_edge(u, v, key=key, **attrs)
        n_edges += 1

    for i, prov in enumerate(_PROVINCES):
        places.append(node(f"place:{run}-{i:02d}0000", "Place", prov, code=f"{i:02d}0000", level="province",
                           kind="GPE"))
    i = 0
    while len(G) < n_nodes or n_edges < n_rels:
        aid = f"{run}{i:010x}"
        date = (dt.date(2015, 1, 1) + dt.timedelta(days=i % 3000)).isoformat()
        sent = f"第{i}篇报道：某某同志在会议上讲话，强调要抓好各项工作落实。"
        art = node(f"article:{aid}", "Article", f"新闻标题{i}", title=f"新闻标题{i}", date=date, source="人民日报",
                   path=f"crawl/{aid}.html", url=f"http://www.example.gov.cn/{aid}.html")
        new_person = node(f"person:人物{i}@{run}", "Person", f"人物{i}", jurisdiction=run, titles=_TITLES[i % 10])
        new_org = node(f"org:{run}单位{i}{_ORG_KINDS[i % len(_ORG_KINDS)]}", "Organization",
                       f"单位{i}{_ORG_KINDS[i % len(_ORG_KINDS)]}", aliases=f"单位{i}")
        mentioned = {new_person, new_org}
        if i % 2 == 0:
            new_place = node(f"place:{run}-{i:08d}", "Place", f"地方{i}县", level="county", kind="GPE",
                             code=f"{i:08d}")
            edge(new_place, rng.choice(places[:len(_PROVINCES)]), key="PART_OF:gazetteer", type="PART_OF",
                       source="gazetteer")
            places.append(new_place)
            mentioned.add(new_place)
        for pool, k in ((persons, 2), (orgs, 1), (places, 1)):
            for _ in range(k):
                if pool:
                    mentioned.add(pool[rng.randrange(max(0, len(pool) - 5000), len(pool))])
        for key in sorted(mentioned):
            edge(key, art, key="MENTIONED_IN", type="MENTIONED_IN", article=aid, date=date, sentence=sent,
                       surface=G.nodes[key]["name"], count=1 + rng.randrange(3))
        title = _TITLES[i % len(_TITLES)]
        edge(new_person, new_org, key=f"HOLDS_TITLE:{title}:{aid}", type="HOLDS_TITLE", title=title,
                   title_canonical=G.nodes[new_org]["name"] + title, article=aid, date=date, sentence=sent,
                   head=G.nodes[new_person]["name"], tail=title)
        if persons:  # someone already known takes a post in the new organization
            p, title2 = rng.choice(persons), _TITLES[(i + 3) % len(_TITLES)]
            edge(p, new_org, key=f"HOLDS_TITLE:{title2}:{aid}", type="HOLDS_TITLE", title=title2,
                 title_canonical=G.nodes[new_org]["name"] + title2, article=aid, date=date, sentence=sent,
                 head=G.nodes[p]["name"], tail=title2)
        edge(new_org, rng.choice(places), key=f"LOCATED_IN:{aid}", type="LOCATED_IN", article=aid, date=date,
                   sentence=sent)
        edge(new_person, new_org, key=f"MEMBER_OF:{aid}", type="MEMBER_OF", article=aid, date=date,
                   sentence=sent)
        persons.append(new_person)
        orgs.append(new_org)
        marks.append((len(G), n_edges))
        i += 1
    return G, marks


def prefix_graph(G, marks: list[tuple[int, int]], rows: int):
    """The first articles of `G` (nodes and edges in insertion order) holding about `rows` rows."""
    n = next((k for k, (nn, ne) in enumerate(marks) if nn + ne >= rows), len(marks) - 1)
    n_nodes, n_edges = marks[n]
    H = G.subgraph(itertools.islice(G.nodes, n_nodes)).copy()
    assert H.number_of_edges() == n_edges, (H.number_of_edges(), n_edges)
    return H


def naive_push(graph, driver, database: str | None = None) -> int:
    """The loop a user writes first: one auto-commit MERGE per node, then one per relationship."""
    from kg import cypher
    from kg.neo4j_writer import _props

    rows = 0
    with driver.session(database=database) as session:
        for n, attrs in graph.nodes(data=True):
            row = {"key": n, "props": _props(attrs, ("label", "key"), n)}
            session.run(cypher.NODE_MERGE[attrs["label"]], rows=[row]).consume()
            rows += 1
        labels = graph.nodes(data="label")
        for u, v, k, attrs in graph.edges(keys=True, data=True):
            row = {"start": u, "end": v, "key": k, "props": _props(attrs, ("type", "key"), k)}
            session.run(cypher.REL_MERGE[(attrs["type"], labels[u], labels[v])], rows=[row]).consume()
            rows += 1
    return rows


def _delete_run(driver, run: str, database: str | None) -> None:
    with driver.session(database=database) as session:
        session.run(DELETE_RUN, run=run).consume()
        left = session.run(COUNT_RUN, run=run).single()["n"]
    if left:
        raise SystemExit(f"bench: {left} benchmark nodes were not deleted")


def run(ctx: Context) -> dict:
    import neo4j

    from kg.neo4j_writer import push_graph

    sizes = QUICK if ctx.quick else FULL
    uri = given = ctx.neo4j_uri
    run_id = f"bench{os.getpid():x}{int(time.time()):x}"
    t0 = time.perf_counter()
    G, marks = bench_graph(sizes.nodes, sizes.rels, run_id)
    naive_graph = prefix_graph(G, marks, sizes.naive_rows)
    warm_graph = prefix_graph(G, marks, 2_000)
    log(f"push: graph of {G.number_of_nodes():,} nodes, {G.number_of_edges():,} rels in "
        f"{time.perf_counter() - t0:.1f}s; naive loop on its first {naive_graph.number_of_nodes():,} nodes, "
        f"{naive_graph.number_of_edges():,} rels")
    database = os.environ.get("NEO4J_DATABASE") or None
    user = os.environ.get("NEO4J_USERNAME") or os.environ.get("NEO4J_USER")
    password = os.environ.get("NEO4J_PASSWORD")
    auth = (user or "neo4j", password or "") if (uri and (user or password)) else None
    with contextlib.ExitStack() as stack:
        if uri is None:
            log("push: starting a throwaway Neo4j server (scripts/neo4j)")
            try:
                uri = stack.enter_context(throwaway(heap=NEO4J_HEAP, pagecache=NEO4J_PAGECACHE)).uri
            except RuntimeError as err:
                raise SystemExit(f"bench: {err}") from None
        driver = stack.enter_context(neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF"))
        driver.verify_connectivity()
        # Warm the server (constraints, query plans, JIT) on a small prefix, then start clean.
        push_graph(warm_graph, driver, database=database)
        _delete_run(driver, run_id, database)
        naive_push(prefix_graph(G, marks, 200), driver, database)
        _delete_run(driver, run_id, database)

        with PeakRss() as mem:
            t0 = time.perf_counter()
            counters = push_graph(G, driver, database=database, batch_size=1000)
            batched_s = time.perf_counter() - t0
        log(f"push: batched {counters['nodes'] + counters['relationships']:,} rows in {batched_s:.1f}s")
        created = (counters["nodes_created"], counters["relationships_created"])
        if created != (G.number_of_nodes(), G.number_of_edges()):
            raise SystemExit(f"bench: the push created {created}, expected {G.number_of_nodes()} nodes and "
                             f"{G.number_of_edges()} relationships")
        _delete_run(driver, run_id, database)

        t0 = time.perf_counter()
        naive_rows = naive_push(naive_graph, driver, database)
        naive_s = time.perf_counter() - t0
        log(f"push: naive {naive_rows:,} rows in {naive_s:.1f}s")
        _delete_run(driver, run_id, database)
    n_rows = G.number_of_nodes() + G.number_of_edges()
    batched = n_rows / batched_s
    naive = naive_rows / naive_s
    return {
        "batched_rows_per_s": round(batched),
        "naive_rows_per_s": round(naive),
        "ratio": round(batched / naive, 2),
        "nodes": G.number_of_nodes(),
        "relationships": G.number_of_edges(),
        "batched_seconds": round(batched_s, 2),
        "batch_size": 1000,
        "naive_rows": naive_rows,
        "naive_seconds": round(naive_s, 2),
        "push_peak_rss_mb": round(mem.peak_mb, 1),
        "server": ("given (--neo4j-uri)" if given else
                   f"throwaway (scripts/neo4j, heap {NEO4J_HEAP}, page cache {NEO4J_PAGECACHE})"),
    }


def rows(ps: dict) -> list[Row]:
    return [
        ("batched_rows_per_s", ps["batched_rows_per_s"], f"{ps['nodes']:,} nodes + {ps['relationships']:,} rels"),
        ("naive_rows_per_s", ps["naive_rows_per_s"], f"{ps['naive_rows']:,} rows, one MERGE each"),
        ("ratio", ps["ratio"], verdict(ps["ratio"], *TARGETS["push_ratio"])),
    ]


PART = Part("push", run, rows)
