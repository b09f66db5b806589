#!/usr/bin/env python
"""Speed and scale of `kg`, measured side by side in one run.

    python scripts/bench.py [--quick] [--neo4j-uri URI] [--json FILE]

Three parts (all by default; `--parts` picks some):

extract   raw pages -> extractions through `kg.api.extract_pages` in one process
          (`kg_chars_per_s`), jieba.posseg over the same article texts
          (`jieba_chars_per_s`, the fastest offline tagger a user could pick instead),
          their ratio, two processes vs one (`n_process_speedup`, spaCy's `nlp.pipe`
          as `kg build --n-process 2` runs it) and the peak RSS of the one-process run.
push      the same generated graph (>= 100,000 nodes and 300,000 relationships, far
          fewer with --quick) written by `kg.neo4j_writer.push_graph` (batched
          `UNWIND ... MERGE`) and by a naive loop that sends one MERGE per node and
          per relationship, constraints in place for both; rows per second and ratio.
          Against --neo4j-uri (its user/password from $NEO4J_USER/$NEO4J_PASSWORD;
          only nodes this benchmark made are deleted) or a throwaway server started
          with scripts/neo4j and stopped afterwards.
scaling   seconds per page and peak RSS at 1x, 2x, 4x, 8x pages streamed through
          `extract_pages`; `per_page_growth` is the largest over the smallest.
ingest    (only with --parts ingest) real HTML pages (--data/../html/gne) -> `Article`
          records, kg beside GNE alone, and the RSS over a streamed run:
          scripts/bench_ingest.py.

Corpora come from the bundled pages (kg/examples) and a dev split only: the
People's Daily NER dev sentences (../shared/data/ner/peoples_daily/dev.bio),
wrapped into synthetic news pages (a title line, a date/source line, paragraphs).
No test split is read. Everything is warmed up first, on dev sentences that are
not timed; the extract timings are the best of five runs (one with --quick), kg
and jieba taking turns; model loading is excluded (it is paid once per process). `--quick` finishes in under 5 minutes on 2 cores; `--json FILE`
writes the numbers as one object; `--profile FILE.html` adds a pyinstrument
profile of one extract run.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import itertools
import json
import logging
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.records import Page  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEV_BIO = Path("ner") / "peoples_daily" / "dev.bio"
EXAMPLES = ROOT / "kg" / "examples"
NEO4J_SCRIPT = ROOT / "scripts" / "neo4j"
NEO4J_HEAP, NEO4J_PAGECACHE = "1g", "512m"

#: Targets from the issue, printed beside the numbers.
TARGETS = {
    "ratio_vs_jieba": (">=", 0.3),
    "n_process_speedup": (">=", 1.5),
    "per_page_growth": ("<=", 1.3),
    "push_ratio": (">=", 20.0),
}


@dataclass(frozen=True)
class Sizes:
    """How much work each part does."""

    extract_sentences: int   # dev sentences in the extract corpus (0: all but the warm-up ones)
    repeats: int             # extract timings are the best of this many runs (kg and jieba alternating)
    scaling_base: int        # pages at 1x
    push_nodes: int          # at least this many nodes and relationships in the generated graph
    push_rels: int
    naive_rows: int          # rows the naive loop sends: the first articles of the same graph
                             # (its rate is per-transaction latency, so a prefix measures it)


WARMUP_SENTENCES = 400

FULL = Sizes(extract_sentences=0, repeats=5, scaling_base=60, push_nodes=100_000, push_rels=300_000,
             naive_rows=5_000)
QUICK = Sizes(extract_sentences=900, repeats=1, scaling_base=24, push_nodes=20_000, push_rels=60_000,
              naive_rows=1_000)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- memory


class PeakRss:
    """Samples the RSS of this process (plus its children when asked) in a thread; `peak_mb` after exit."""

    def __init__(self, children: bool = False, interval: float = 0.02):
        import psutil

        self.proc = psutil.Process()
        self.children = children
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _rss(self) -> int:
        total = self.proc.memory_info().rss
        if self.children:
            for child in self.proc.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except Exception:  # a child that just exited
                    pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self.peak = self._rss()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20


# ---------------------------------------------------------------- corpora


def dev_sentences(data: Path) -> list[str]:
    """The sentences of the People's Daily NER dev split (one `char tag` per line, blank between sentences)."""
    path = data / DEV_BIO
    if not path.is_file():
        raise SystemExit(f"bench: {path} not found: pass --data DIR (the shared data folder)")
    sentences, chars = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    sentences.append("".join(chars))
                    chars = []
                continue
            chars.append(line.split(" ", 1)[0] or " ")
    if chars:
        sentences.append("".join(chars))
    return sentences


_SOURCES = ("人民日报", "本报", "市政府办公室", "县融媒体中心")


def _title(sentence: str) -> str:
    """A headline-like first clause of a sentence (no final punctuation)."""
    for stop in "，。；：！？":
        sentence = sentence.split(stop, 1)[0]
    return sentence[:28].strip() or "新闻"


def news_page(serial: int, sentences: list[str], path_prefix: str = "dev") -> Page:
    """A synthetic news page: title line, metadata line, paragraphs of two sentences each."""
    day = dt.date(2020, 1, 1) + dt.timedelta(days=serial % 365)
    paragraphs = ["".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
    meta = f"发布时间：{day.isoformat()}  来源：{_SOURCES[serial % len(_SOURCES)]}  浏览次数：{100 + serial % 900}"
    lines = [_title(sentences[0]), meta, *paragraphs]
    return Page(path=f"{path_prefix}/{serial:06d}.txt", content="\n".join(lines))


def bundled_pages() -> list[Page]:
    from kg.sources import read_pages

    return list(read_pages([EXAMPLES]))


def extract_corpus(sentences: list[str], limit: int, per_page: int = 20) -> list[Page]:
    """The bundled pages, then the dev sentences in order, `per_page` to a page."""
    if limit:
        sentences = sentences[:limit]
    dev = [news_page(i, sentences[s:s + per_page]) for i, s in enumerate(range(0, len(sentences), per_page))]
    return bundled_pages() + dev


def page_stream(sentences: list[str], seed: int, per_page: int = 20) -> Iterator[Page]:
    """Endless distinct pages of `per_page` dev sentences drawn at random (seeded); nothing is held."""
    rng = random.Random(seed)
    for serial in itertools.count():
        yield news_page(serial, rng.sample(sentences, per_page), path_prefix=f"scale{seed}")


# ---------------------------------------------------------------- timing


def best_of(repeats: int, run: Callable[[], object]) -> tuple[float, object]:
    """The fastest of `repeats` runs (seconds, and that run's result)."""
    best, result = float("inf"), None
    for _ in range(max(1, repeats)):
        gc.collect()
        t0 = time.perf_counter()
        out = run()
        elapsed = time.perf_counter() - t0
        if elapsed < best:
            best, result = elapsed, out
    return best, result


def run_kg(pages: Iterable[Page], nlp, n_process: int = 1, batch_size: int = 8) -> list:
    from kg.api import extract_pages

    errors: list = []
    out = list(extract_pages(pages, nlp=nlp, n_process=n_process, batch_size=batch_size, on_error=errors.append))
    if errors:
        log(f"{len(errors)} pages had no article, e.g. {errors[0]}")
    return out


def run_jieba(texts: list[str]) -> int:
    import jieba.posseg

    n = 0
    for text in texts:
        for _ in jieba.posseg.cut(text):
            n += 1
    return n


def bench_extract(nlp, sentences: list[str], sizes: Sizes) -> dict:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    # The last WARMUP_SENTENCES dev sentences warm both taggers up and are not timed:
    # the tokenizer and spaCy's vocabulary keep per-process caches (character-pair
    # feature ids, lexemes) that a long crawl fills, and the first timed run should
    # meet text they have not seen.
    timed, warmup = sentences[:-WARMUP_SENTENCES], sentences[-WARMUP_SENTENCES:]
    pages = extract_corpus(timed, sizes.extract_sentences)
    warm_pages = [news_page(i, warmup[s:s + 20], path_prefix="warmup") for i, s in enumerate(range(0, len(warmup), 20))]
    log(f"extract: {len(pages)} pages; warming up on {len(warm_pages)} others")
    run_kg(warm_pages, nlp)
    jieba.initialize()
    run_jieba([p.content for p in warm_pages])

    # kg and jieba take turns, so a slow spell of the machine hits both alike
    kg_runs, jieba_runs = [], []
    with PeakRss() as mem:
        for _ in range(sizes.repeats):
            t0 = time.perf_counter()
            extractions = run_kg(pages, nlp)
            kg_runs.append(time.perf_counter() - t0)
            texts = [ex.article.text for ex in extractions]  # jieba gets the same article texts
            t0 = time.perf_counter()
            run_jieba(texts)
            jieba_runs.append(time.perf_counter() - t0)
    kg_s, jieba_s = min(kg_runs), min(jieba_runs)
    chars = sum(map(len, texts))
    log(f"extract: kg {chars} chars in {kg_s:.2f}s (runs {', '.join(f'{t:.2f}' for t in kg_runs)})")
    log(f"extract: jieba {chars} chars in {jieba_s:.2f}s (runs {', '.join(f'{t:.2f}' for t in jieba_runs)})")
    with PeakRss(children=True) as mem2:
        kg2_s, ex2 = best_of(sizes.repeats, lambda: run_kg(pages, nlp, n_process=2))
    if [e.to_dict() for e in ex2] != [e.to_dict() for e in extractions]:
        raise SystemExit("bench: n_process=2 gave other extractions than n_process=1")
    log(f"extract: kg n_process=2 in {kg2_s:.2f}s")
    return {
        "kg_chars_per_s": round(chars / kg_s),
        "kg_first_run_chars_per_s": round(chars / kg_runs[0]),
        "jieba_chars_per_s": round(chars / jieba_s),
        "ratio_vs_jieba": round(jieba_s / kg_s, 3),
        "n_process_speedup": round(kg_s / kg2_s, 3),
        "peak_rss_mb": round(mem.peak_mb, 1),
        "pages": len(pages),
        "articles": len(extractions),
        "chars": chars,
        "entities": sum(len(e.entities) for e in extractions),
        "relations": sum(len(e.relations) for e in extractions),
        "kg_seconds": round(kg_s, 3),
        "jieba_seconds": round(jieba_s, 3),
        "kg_n_process_2_seconds": round(kg2_s, 3),
        "n_process_2_peak_rss_mb": round(mem2.peak_mb, 1),
    }


def bench_scaling(nlp, sentences: list[str], sizes: Sizes) -> dict:
    from kg.api import extract_pages

    run_kg(itertools.islice(page_stream(sentences, seed=99), 32), nlp)  # warm-up: vocab, arenas
    points = []
    for factor in (1, 2, 4, 8):
        n_pages = sizes.scaling_base * factor
        stream = itertools.islice(page_stream(sentences, seed=factor), n_pages)
        gc.collect()
        with PeakRss() as mem:
            t0 = time.perf_counter()
            n_articles = sum(1 for _ in extract_pages(stream, nlp=nlp, on_error=lambda e: None))
            seconds = time.perf_counter() - t0
        points.append({"factor": factor, "pages": n_pages, "articles": n_articles, "seconds": round(seconds, 3),
                       "s_per_page": round(seconds / n_pages, 5), "peak_rss_mb": round(mem.peak_mb, 1)})
        log(f"scaling: {factor}x {n_pages} pages in {seconds:.2f}s, peak {mem.peak_mb:.0f} MB")
    per_page = [p["s_per_page"] for p in points]
    rss = [p["peak_rss_mb"] for p in points]
    return {
        "s_per_page": {f"{p['factor']}x": p["s_per_page"] for p in points},
        "per_page_growth": round(max(per_page) / min(per_page), 3),
        "peak_rss_mb": {f"{p['factor']}x": p["peak_rss_mb"] for p in points},
        "peak_rss_growth": round(max(rss) / min(rss), 3),
        "points": points,
    }


# ---------------------------------------------------------------- push

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Neo4jServer:
    """A throwaway server started with scripts/neo4j in a temp folder, stopped and removed on exit."""

    def __init__(self, heap: str, pagecache: str):
        self.heap, self.pagecache = heap, pagecache
        self.dir = Path(tempfile.mkdtemp(prefix="kg-bench-neo4j-"))
        self.bolt = _free_port()
        self.http = _free_port()

    def __enter__(self) -> str:
        log(f"push: starting a Neo4j server in {self.dir} (bolt {self.bolt})")
        cmd = [sys.executable, str(NEO4J_SCRIPT), "start", "--dir", str(self.dir), "--bolt-port", str(self.bolt),
               "--http-port", str(self.http), "--heap", self.heap, "--pagecache", self.pagecache]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            self.__exit__()
            raise SystemExit(f"bench: scripts/neo4j start failed:\n{proc.stdout}{proc.stderr}")
        return f"bolt://127.0.0.1:{self.bolt}"

    def __exit__(self, *exc) -> None:
        subprocess.run([sys.executable, str(NEO4J_SCRIPT), "stop", "--dir", str(self.dir)], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def _delete_run(driver, run: str, database: str | None) -> None:
    with driver.session(database=database) as session:
        session.run(DELETE_RUN, run=run).consume()
        left = session.run(COUNT_RUN, run=run).single()["n"]
    if left:
        raise SystemExit(f"bench: {left} benchmark nodes were not deleted")


def bench_push(uri: str | None, sizes: Sizes) -> dict:
    import neo4j

    from kg.neo4j_writer import push_graph

    run = f"bench{os.getpid():x}{int(time.time()):x}"
    t0 = time.perf_counter()
    G, marks = bench_graph(sizes.push_nodes, sizes.push_rels, run)
    naive_graph = prefix_graph(G, marks, sizes.naive_rows)
    warm_graph = prefix_graph(G, marks, 2_000)
    log(f"push: graph of {G.number_of_nodes():,} nodes, {G.number_of_edges():,} rels in "
        f"{time.perf_counter() - t0:.1f}s; naive loop on its first {naive_graph.number_of_nodes():,} nodes, "
        f"{naive_graph.number_of_edges():,} rels")
    database = os.environ.get("NEO4J_DATABASE") or None
    user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
    auth = (user or "neo4j", password or "") if (uri and (user or password)) else None
    with contextlib.ExitStack() as stack:
        target = uri or stack.enter_context(Neo4jServer(heap=NEO4J_HEAP, pagecache=NEO4J_PAGECACHE))
        driver = stack.enter_context(neo4j.GraphDatabase.driver(target, auth=auth, notifications_min_severity="OFF"))
        driver.verify_connectivity()
        # Warm the server (constraints, query plans, JIT) on a small prefix, then start clean.
        push_graph(warm_graph, driver, database=database)
        _delete_run(driver, run, database)
        naive_push(prefix_graph(G, marks, 200), driver, database)
        _delete_run(driver, run, database)

        with PeakRss() as mem:
            t0 = time.perf_counter()
            counters = push_graph(G, driver, database=database, batch_size=1000)
            batched_s = time.perf_counter() - t0
        log(f"push: batched {counters['nodes'] + counters['relationships']:,} rows in {batched_s:.1f}s")
        created = (counters["nodes_created"], counters["relationships_created"])
        if created != (G.number_of_nodes(), G.number_of_edges()):
            raise SystemExit(f"bench: the push created {created}, expected {G.number_of_nodes()} nodes and "
                             f"{G.number_of_edges()} relationships")
        _delete_run(driver, run, database)

        t0 = time.perf_counter()
        naive_rows = naive_push(naive_graph, driver, database)
        naive_s = time.perf_counter() - t0
        log(f"push: naive {naive_rows:,} rows in {naive_s:.1f}s")
        _delete_run(driver, run, database)
    rows = G.number_of_nodes() + G.number_of_edges()
    batched = rows / batched_s
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
        "server": ("given (--neo4j-uri)" if uri else
                   f"throwaway (scripts/neo4j, heap {NEO4J_HEAP}, page cache {NEO4J_PAGECACHE})"),
    }


# ---------------------------------------------------------------- report


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if value < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _verdict(key: str, value) -> str:
    if key not in TARGETS or not isinstance(value, (int, float)):
        return ""
    op, bound = TARGETS[key]
    ok = value >= bound if op == ">=" else value <= bound
    return f"{op} {bound:g}  {'ok' if ok else 'MISSED'}"


def table(result: dict) -> str:
    rows = []
    ex = result.get("extract")
    if ex:
        rows += [
            ("extract", "kg_chars_per_s", ex["kg_chars_per_s"], f"{ex['chars']:,} chars, {ex['articles']} articles, best run"),
            ("extract", "kg_first_run_chars_per_s", ex["kg_first_run_chars_per_s"], "first timed run, text unseen"),
            ("extract", "jieba_chars_per_s", ex["jieba_chars_per_s"], "jieba.posseg, same texts"),
            ("extract", "ratio_vs_jieba", ex["ratio_vs_jieba"], _verdict("ratio_vs_jieba", ex["ratio_vs_jieba"])),
            ("extract", "n_process_speedup", ex["n_process_speedup"],
             _verdict("n_process_speedup", ex["n_process_speedup"])),
            ("extract", "peak_rss_mb", ex["peak_rss_mb"], "one process, model included"),
        ]
    ps = result.get("push")
    if ps:
        rows += [
            ("push", "batched_rows_per_s", ps["batched_rows_per_s"],
             f"{ps['nodes']:,} nodes + {ps['relationships']:,} rels"),
            ("push", "naive_rows_per_s", ps["naive_rows_per_s"], f"{ps['naive_rows']:,} rows, one MERGE each"),
            ("push", "ratio", ps["ratio"], _verdict("push_ratio", ps["ratio"])),
        ]
    sc = result.get("scaling")
    if sc:
        for key, value in sc["s_per_page"].items():
            rss = sc["peak_rss_mb"][key]
            pages = next(p["pages"] for p in sc["points"] if f"{p['factor']}x" == key)
            rows.append(("scaling", f"s_per_page {key}", value, f"{pages} pages, peak {rss:,.0f} MB"))
        rows.append(("scaling", "per_page_growth", sc["per_page_growth"],
                     _verdict("per_page_growth", sc["per_page_growth"])))
        rows.append(("scaling", "peak_rss_growth", sc["peak_rss_growth"], "1x..8x"))
    widths = [max(len(str(r[i] if i != 2 else _fmt(r[i]))) for r in rows) for i in range(3)] if rows else [0, 0, 0]
    head = f"| {'part':<{widths[0]}} | {'metric':<{widths[1]}} | {'value':>{widths[2]}} | note"
    lines = [head, f"|{'-' * (widths[0] + 2)}|{'-' * (widths[1] + 2)}|{'-' * (widths[2] + 1)}:|------"]
    for part, metric, value, note in rows:
        lines.append(f"| {part:<{widths[0]}} | {metric:<{widths[1]}} | {_fmt(value):>{widths[2]}} | {note}")
    return "\n".join(lines)


def environment(quick: bool) -> dict:
    import spacy

    try:
        from kg.nlp import default_model_path

        meta = json.loads((default_model_path() / "meta.json").read_text(encoding="utf-8"))
        model = f"{meta.get('name', '?')} {meta.get('version', '?')}"
    except Exception:
        model = "?"
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "quick": quick,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "model": model,
        "platform": platform.platform(terse=True),
        # Other work on the machine distorts every number; say how busy it was.
        "loadavg_1m_at_start": round(os.getloadavg()[0], 2),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small corpora and graph (a few minutes on 2 cores)")
    ap.add_argument("--neo4j-uri", metavar="URI", help="an existing Neo4j server (default: start a throwaway one)")
    ap.add_argument("--json", metavar="FILE", type=Path, help="also write the numbers to FILE")
    ap.add_argument("--parts", default="extract,push,scaling",
                    help="comma-separated subset of extract,push,scaling (default all)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})")
    ap.add_argument("--profile", metavar="HTML", type=Path,
                    help="also profile one extract run with pyinstrument and write its HTML report")
    args = ap.parse_args(argv)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - {"extract", "push", "scaling", "ingest"}
    if unknown:
        ap.error(f"unknown parts: {', '.join(sorted(unknown))}")
    sizes = QUICK if args.quick else FULL
    t_start = time.perf_counter()

    result: dict = {"env": environment(args.quick)}
    nlp = sentences = None
    if "extract" in parts or "scaling" in parts or args.profile:
        from kg.nlp import load_pipeline

        t0 = time.perf_counter()
        nlp = load_pipeline()
        result["env"]["model_load_s"] = round(time.perf_counter() - t0, 2)
        sentences = dev_sentences(args.data)
    if "extract" in parts:
        result["extract"] = bench_extract(nlp, sentences, sizes)
    if "push" in parts:
        result["push"] = bench_push(args.neo4j_uri, sizes)
    if "scaling" in parts:
        result["scaling"] = bench_scaling(nlp, sentences, sizes)
    if "ingest" in parts:
        from bench_ingest import bench_ingest

        result["ingest"] = bench_ingest(args.data.parent / "html" / "gne", 1 if args.quick else 3,
                                        2000 if args.quick else 20000)
    if args.profile:
        profile(nlp, sentences, sizes, args.profile)
    result["env"]["total_s"] = round(time.perf_counter() - t_start, 1)
    result["env"]["loadavg_1m_at_end"] = round(os.getloadavg()[0], 2)

    print(table(result))
    if "ingest" in result:
        from bench_ingest import ingest_table

        print(ingest_table(result["ingest"]))
    env = result["env"]
    print(f"\n{env['date']}, {env['cpus']} CPUs (load {env['loadavg_1m_at_start']} at start, "
          f"{env['loadavg_1m_at_end']} at end), "
          f"Python {env['python']}, spaCy {env['spacy']}, model {env['model']}, "
          f"{'--quick, ' if args.quick else ''}{env['total_s']}s in all")
    if args.json:
        from kg.io import atomic_write_text

        atomic_write_text(args.json, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


def profile(nlp, sentences: list[str], sizes: Sizes, out: Path) -> None:
    """One extract run under pyinstrument; the HTML report goes to `out`, the top of the tree to stderr."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("bench: --profile needs pyinstrument: pip install pyinstrument") from None

    pages = extract_corpus(sentences, sizes.extract_sentences)
    profiler = Profiler(interval=0.001)
    profiler.start()
    run_kg(pages, nlp)
    profiler.stop()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
    log(f"profile written to {out}")


if __name__ == "__main__":
    raise SystemExit(main())
