#!/usr/bin/env python
"""The `ingest` part of scripts/bench.py: real HTML pages -> `Article` records, kg beside its extractor.

    python scripts/bench_ingest.py [--pages ../shared/html/gne] [--repeats 3] [--stream 20000]
    python scripts/bench.py --parts ingest [--quick]

Speed: the pages of `--pages` (71 real Chinese news pages, 4 of them list pages),
decoded once by `kg.sources.read_pages`, go through `kg.article.extract_article`
and through GNE 0.4.3 alone (`GeneralNewsExtractor().extract`, the extractor kg
uses for the body), taking turns, best of `--repeats`; process CPU time, one
process. `ratio` is kg's time over GNE's (target <= 1.2); `kg_pages_per_s` is
the throughput (target >= 20). A page GNE or kg finds no article in still counts
(it cost the time).

Memory: `--stream` pages (the same pages over and over, as symlinks in a temp
folder, so the folder walk, the reading and the decoding are real) streamed
through `read_pages` -> `extract_article` in one process, the RSS sampled
throughout; `rss_growth_mb` is the peak over the whole run minus the peak over
its first tenth (flat: a few MB).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT.parent / "shared" / "html" / "gne"
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench_common import Context, PeakRss, Part, Row, log, verdict  # noqa: E402


def _pages(pages_dir: Path) -> list:
    from kg.sources import read_pages

    return list(read_pages(sorted(pages_dir.glob("*.html"))))


def _time(run, pages) -> float:
    t0 = time.process_time()
    for page in pages:
        run(page)
    return time.process_time() - t0


def bench_ingest(pages_dir: Path = DEFAULT_PAGES, repeats: int = 3, stream: int = 20000) -> dict:
    import gne

    from kg.article import extract_article
    from kg.errors import InputError
    from kg.sources import read_pages

    pages = _pages(Path(pages_dir))
    g = gne.GeneralNewsExtractor()

    def kg_one(page):
        try:
            extract_article(page)
        except InputError:
            pass  # a list page: "no article" is its answer

    def gne_one(page):
        try:
            g.extract(page.content)
        except Exception:  # GNE raises when it finds no body
            pass

    kg_one(pages[0]), gne_one(pages[0])  # warm up imports and caches
    kg_s, gne_s = [], []
    for i in range(repeats):
        kg_s.append(_time(kg_one, pages))
        gne_s.append(_time(gne_one, pages))
        log(f"ingest run {i + 1}/{repeats}: kg {kg_s[-1]:.2f}s, gne {gne_s[-1]:.2f}s CPU for {len(pages)} pages")
    kg_best, gne_best = min(kg_s), min(gne_s)
    result = {
        "pages": len(pages),
        "kb_per_page": round(sum(len(p.content) for p in pages) / len(pages) / 1024, 1),
        "kg_pages_per_s": round(len(pages) / kg_best, 1),
        "gne_pages_per_s": round(len(pages) / gne_best, 1),
        "ratio": round(kg_best / gne_best, 3),
    }
    if stream:
        files = sorted(Path(pages_dir).glob("*.html"))
        with tempfile.TemporaryDirectory(prefix="kg-ingest-") as tmp:
            for i in range(stream):
                os.symlink(files[i % len(files)].resolve(), Path(tmp) / f"{i:06d}.html")
            n = 0
            early = None
            t0 = time.perf_counter()
            with PeakRss() as rss:
                for page in read_pages([tmp], on_error=lambda e: None):
                    kg_one(page)
                    n += 1
                    if n == max(1, stream // 10):
                        early = rss.peak_mb if rss.peak else None
            wall = time.perf_counter() - t0
        result.update({
            "stream_pages": n,
            "stream_pages_per_s": round(n / wall, 1),
            "rss_first_tenth_mb": round(early or 0.0, 1),
            "rss_peak_mb": round(rss.peak_mb, 1),
            "rss_growth_mb": round(rss.peak_mb - (early or 0.0), 1),
        })
    return result


def rows(r: dict) -> list[Row]:
    """The part's lines of bench.py's table."""
    out: list[Row] = [
        ("kg_pages_per_s", r["kg_pages_per_s"], f"{r['pages']} pages, {r['kb_per_page']} KB each on average; "
         + verdict(r["kg_pages_per_s"], ">=", 20)),
        ("gne_pages_per_s", r["gne_pages_per_s"], "GNE 0.4.3 alone, same decoded pages"),
        ("ratio", r["ratio"], "kg time / GNE time; " + verdict(r["ratio"], "<=", 1.2)),
    ]
    if "stream_pages" in r:
        out += [
            ("stream_pages_per_s", r["stream_pages_per_s"], f"{r['stream_pages']:,} pages read from a folder, wall"),
            ("rss_peak_mb", r["rss_peak_mb"], f"after the first tenth {r['rss_first_tenth_mb']} MB"),
            ("rss_growth_mb", r["rss_growth_mb"], "peak minus peak over the first tenth"),
        ]
    return out


def run(ctx: Context) -> dict:
    return bench_ingest(Path(ctx.data).parent / "html" / "gne", 1 if ctx.quick else 3, 2000 if ctx.quick else 20000)


PART = Part("ingest", run, rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of real HTML pages")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--stream", type=int, default=20000, help="pages to stream for the memory check (0: none)")
    args = ap.parse_args(argv)
    result = bench_ingest(args.pages, args.repeats, args.stream)
    print("\n".join(f"| ingest | {k} | {v:,} | {note}" for k, v, note in rows(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
