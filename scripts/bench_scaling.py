"""Bench part `scaling`: seconds per page and peak RSS at 1x, 2x, 4x, 8x pages streamed through
`extract_pages`; `per_page_growth` is the largest over the smallest."""
from __future__ import annotations

import gc
import itertools
import time

from bench_common import Context, Part, PeakRss, Row, log, page_stream, run_kg, verdict

BASE_PAGES = {False: 60, True: 24}  # pages at 1x, full and --quick
TARGETS = {"per_page_growth": ("<=", 1.3)}


def run(ctx: Context) -> dict:
    from kg.api import extract_pages

    nlp, sentences = ctx.nlp, ctx.sentences
    run_kg(itertools.islice(page_stream(sentences, seed=99), 32), nlp)  # warm-up: vocab, arenas
    points = []
    for factor in (1, 2, 4, 8):
        n_pages = BASE_PAGES[ctx.quick] * factor
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


def rows(sc: dict) -> list[Row]:
    out: list[Row] = []
    for point in sc["points"]:
        key = f"{point['factor']}x"
        out.append((f"s_per_page {key}", point["s_per_page"],
                    f"{point['pages']} pages, peak {point['peak_rss_mb']:,.0f} MB"))
    out.append(("per_page_growth", sc["per_page_growth"], verdict(sc["per_page_growth"], *TARGETS["per_page_growth"])))
    out.append(("peak_rss_growth", sc["peak_rss_growth"], "1x..8x"))
    return out


PART = Part("scaling", run, rows)
