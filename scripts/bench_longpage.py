"""Bench part `longpage`: one page of 10 KB, 100 KB and 1 MB (UTF-8) of dev sentences through `extract_pages`;
seconds (wall and CPU) per 1,000 characters at each size, peak RSS, and `per_char_growth` (the largest
CPU cost per character over the smallest: 1.0 is linear in the text). Issue 17: a 1 MB page used to take over
30 minutes (a scan over all mentions per mention)."""
from __future__ import annotations

import gc
import random
import time

from bench_common import Context, Part, PeakRss, Row, log, news_page, run_kg, verdict

SIZES = (10_000, 100_000, 1_000_000)  # bytes of the page in UTF-8 (a Chinese character is 3)
TARGETS = {"per_char_growth": ("<=", 1.5), "seconds_1mb": ("<=", 60.0), "peak_rss_mb_1mb": ("<=", 2048.0)}


def long_page(sentences: list[str], size: int, seed: int):
    """A news page whose body is dev sentences drawn at random (seeded) until it has `size` bytes in UTF-8."""
    rng = random.Random(seed)
    picked, total = [], 0
    while total < size:
        s = rng.choice(sentences)
        picked.append(s)
        total += len(s.encode("utf-8"))
    return news_page(seed, picked, path_prefix="long")


def run(ctx: Context) -> dict:
    nlp, sentences = ctx.nlp, ctx.sentences
    run_kg([long_page(sentences, 5_000, seed=0)], nlp)  # warm-up, not timed
    points = []
    for size in SIZES:
        page = long_page(sentences, size, seed=size)
        gc.collect()
        with PeakRss() as mem:
            t0, c0 = time.perf_counter(), time.process_time()
            out = run_kg([page], nlp)
            seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        n = len(page.content)
        points.append({"bytes": size, "chars": n, "seconds": round(seconds, 3), "cpu_s": round(cpu, 3),
                       "s_per_1k_chars": round(seconds / n * 1000, 5), "cpu_s_per_1k_chars": round(cpu / n * 1000, 5),
                       "entities": sum(len(x.entities) for x in out), "peak_rss_mb": round(mem.peak_mb, 1)})
        log(f"longpage: {n:,} chars in {seconds:.2f}s ({cpu:.2f}s CPU), peak {mem.peak_mb:.0f} MB")
    # the ratio from CPU time: on a shared machine wall time measures the neighbours too
    per_char = [p["cpu_s_per_1k_chars"] for p in points]
    return {
        "s_per_1k_chars": {_size(p["bytes"]): p["s_per_1k_chars"] for p in points},
        "per_char_growth": round(max(per_char) / min(per_char), 3),
        "wall_per_char_growth": round(max(p["s_per_1k_chars"] for p in points)
                                      / min(p["s_per_1k_chars"] for p in points), 3),
        "seconds_1mb": points[-1]["seconds"],
        "cpu_s_1mb": points[-1]["cpu_s"],
        "peak_rss_mb_1mb": points[-1]["peak_rss_mb"],
        "points": points,
    }


def _size(size: int) -> str:
    return f"{size // 1000:,}KB" if size < 1_000_000 else f"{size / 1e6:g}MB"


def rows(lp: dict) -> list[Row]:
    out: list[Row] = []
    for p in lp["points"]:
        out.append((f"s_per_1k_chars {_size(p['bytes'])}", p["s_per_1k_chars"],
                    f"{p['chars']:,} chars, {p['seconds']:.1f}s ({p['cpu_s']:.1f}s CPU), {p['entities']:,} entities, "
                    f"peak {p['peak_rss_mb']:,.0f} MB"))
    for key in ("per_char_growth", "seconds_1mb", "peak_rss_mb_1mb"):
        out.append((key, lp[key], verdict(lp[key], *TARGETS[key])))
    out.append(("wall_per_char_growth", lp["wall_per_char_growth"], "from wall time (load-sensitive)"))
    out.append(("cpu_s_1mb", lp["cpu_s_1mb"], "CPU seconds of the 1 MB page"))
    return out


PART = Part("longpage", run, rows)
