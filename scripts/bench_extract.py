"""Bench part `extract`: raw pages -> extractions in one process against jieba.posseg, and two processes.

`kg_chars_per_s` through `kg.api.extract_pages` in one process, jieba.posseg over the same
article texts (`jieba_chars_per_s`, the fastest offline tagger a user could pick instead),
their ratio, two processes vs one (`n_process_speedup`, spaCy's `nlp.pipe` as
`kg build --n-process 2` runs it) and the peak RSS of the one-process run. Timings are the
best of five runs (one with --quick), kg and jieba taking turns, after a warm-up on dev
sentences that are not timed.
"""
from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench_common import (WARMUP_SENTENCES, Context, Part, PeakRss, Row, best_of, extract_corpus, log, news_page,
                          run_kg, verdict)


@dataclass(frozen=True)
class Sizes:
    sentences: int  # dev sentences in the corpus (0: all but the warm-up ones)
    repeats: int    # timings are the best of this many runs (kg and jieba alternating)


FULL, QUICK = Sizes(sentences=0, repeats=5), Sizes(sentences=900, repeats=1)
TARGETS = {"ratio_vs_jieba": (">=", 0.3), "n_process_speedup": (">=", 1.5)}


def run_jieba(texts: list[str]) -> int:
    import jieba.posseg

    n = 0
    for text in texts:
        for _ in jieba.posseg.cut(text):
            n += 1
    return n


def run(ctx: Context) -> dict:
    import jieba

    sizes = QUICK if ctx.quick else FULL
    nlp, sentences = ctx.nlp, ctx.sentences
    jieba.setLogLevel(logging.WARNING)
    # The last WARMUP_SENTENCES dev sentences warm both taggers up and are not timed:
    # the tokenizer and spaCy's vocabulary keep per-process caches (character-pair
    # feature ids, lexemes) that a long crawl fills, and the first timed run should
    # meet text they have not seen.
    timed, warmup = sentences[:-WARMUP_SENTENCES], sentences[-WARMUP_SENTENCES:]
    pages = extract_corpus(timed, sizes.sentences)
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


def rows(ex: dict) -> list[Row]:
    return [
        ("kg_chars_per_s", ex["kg_chars_per_s"], f"{ex['chars']:,} chars, {ex['articles']} articles, best run"),
        ("kg_first_run_chars_per_s", ex["kg_first_run_chars_per_s"], "first timed run, text unseen"),
        ("jieba_chars_per_s", ex["jieba_chars_per_s"], "jieba.posseg, same texts"),
        ("ratio_vs_jieba", ex["ratio_vs_jieba"], verdict(ex["ratio_vs_jieba"], *TARGETS["ratio_vs_jieba"])),
        ("n_process_speedup", ex["n_process_speedup"],
         verdict(ex["n_process_speedup"], *TARGETS["n_process_speedup"])),
        ("peak_rss_mb", ex["peak_rss_mb"], "one process, model included"),
    ]


PART = Part("extract", run, rows)


def profile(ctx: Context, out: Path) -> None:
    """One extract run under pyinstrument; the HTML report goes to `out`, the top of the tree to stderr."""
    try:
        from pyinstrument import Profiler
    except ImportError:
        raise SystemExit("bench: --profile needs pyinstrument: pip install pyinstrument") from None

    sizes = QUICK if ctx.quick else FULL
    pages = extract_corpus(ctx.sentences, sizes.sentences)
    nlp = ctx.nlp
    profiler = Profiler(interval=0.001)
    profiler.start()
    run_kg(pages, nlp)
    profiler.stop()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(profiler.output_html(), encoding="utf-8")
    print(profiler.output_text(unicode=True, color=False, show_all=False), file=sys.stderr)
    log(f"profile written to {out}")
