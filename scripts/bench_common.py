"""What the parts of scripts/bench.py share: the `Part` record, the run's `Context`, memory and
timing helpers, and the corpora (bundled pages and People's Daily NER dev sentences).

A part is a module `scripts/bench_<name>.py` that defines ``PART = Part(...)``; bench.py
lists it in its registry (`bench.PARTS`) and does the rest (options, table, JSON).
"""
from __future__ import annotations

import datetime as dt
import gc
import itertools
import random
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.records import Page  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEV_BIO = Path("ner") / "peoples_daily" / "dev.bio"
EXAMPLES = ROOT / "kg" / "examples"
WARMUP_SENTENCES = 400

Row = tuple[str, object, str]
"""One line of the results table: metric, value, note."""


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


@dataclass
class Context:
    """The options of the run, and what parts share: the pipeline and the dev sentences, loaded once on first use."""

    quick: bool = False
    data: Path = DEFAULT_DATA
    neo4j_uri: str | None = None
    env: dict = field(default_factory=dict)
    _nlp: object = None
    _sentences: list[str] | None = None

    @property
    def nlp(self):
        if self._nlp is None:
            from kg.nlp import load_pipeline

            t0 = time.perf_counter()
            self._nlp = load_pipeline()
            self.env["model_load_s"] = round(time.perf_counter() - t0, 2)
        return self._nlp

    @property
    def sentences(self) -> list[str]:
        if self._sentences is None:
            self._sentences = dev_sentences(self.data)
        return self._sentences


@dataclass(frozen=True)
class Part:
    """One benchmark part: `run(ctx)` measures and returns its numbers (the part's object in
    the JSON); `rows(numbers)` gives its lines of the printed table."""

    name: str
    run: Callable[[Context], dict]
    rows: Callable[[dict], list[Row]]


def verdict(value, op: str, bound: float) -> str:
    """The note of a metric with a target: "op bound  ok" or "... MISSED"."""
    ok = value >= bound if op == ">=" else value <= bound
    return f"{op} {bound:g}  {'ok' if ok else 'MISSED'}"


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
    """Extractions of `pages` through `kg.api.extract_pages`; pages without an article are logged."""
    from kg.api import extract_pages

    errors: list = []
    out = list(extract_pages(pages, nlp=nlp, n_process=n_process, batch_size=batch_size, on_error=errors.append))
    if errors:
        log(f"{len(errors)} pages had no article, e.g. {errors[0]}")
    return out
