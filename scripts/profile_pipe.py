#!/usr/bin/env python
"""Where `nlp.pipe` spends its time: cProfile over the People's Daily dev sentences as pages.

    python scripts/profile_pipe.py [--model DIR] [--data ../shared/data] [--top 40]
    python scripts/profile_pipe.py --load [--repeat 3] [--root CHECKOUT]

`--load` times loading instead, each time in a fresh process: importing spaCy, then
`kg.load_pipeline()` (the kg of --root, default this checkout, so that two checkouts
can be compared on one machine), and prints the median.

Twenty dev sentences make one text, as in scripts/bench.py. Prints the wall time
of each stage (no profiler), then the functions with the most cumulative time
under cProfile. Only a dev split is read.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def print_component_times(nlp, texts: list[str], batch_size: int = 8) -> None:
    """Wall time of the tokenizer and of each component, without a profiler (which inflates Python-heavy code)."""
    t0 = time.perf_counter()
    docs = [nlp.make_doc(t) for t in texts]
    times = {"tokenizer": time.perf_counter() - t0}
    for name, component in nlp.pipeline:
        t0 = time.perf_counter()
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=batch_size))
        else:
            docs = [component(doc) for doc in docs]
        times[name] = time.perf_counter() - t0
    total = sum(times.values())
    chars = sum(map(len, texts))
    print(f"wall time per stage, {chars:,} chars in {len(texts)} texts, {chars / total:,.0f} chars/s:")
    for name, seconds in times.items():
        print(f"  {name:<18} {seconds:6.2f} s  {seconds / total:5.1%}")


_LOAD_CODE = """if True:
    import json, sys, time
    sys.path.insert(0, sys.argv[1])
    t0 = time.perf_counter()
    import spacy  # noqa: F401
    t1 = time.perf_counter()
    import kg
    kg.load_pipeline(sys.argv[2] or None)
    t2 = time.perf_counter()
    print(json.dumps({"import_spacy_s": t1 - t0, "load_pipeline_s": t2 - t1, "total_s": t2 - t0}))
"""


def print_load_times(root: Path, model: str | None, repeat: int) -> None:
    """Median seconds to import spaCy and to load the pipeline, each run in a fresh process."""
    import json
    import os
    import statistics
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(root)}
    runs = [json.loads(subprocess.run([sys.executable, "-c", _LOAD_CODE, str(root), model or ""], env=env, cwd=root,
                                      capture_output=True, text=True, check=True).stdout) for _ in range(repeat)]
    print(f"load times of {root}, median of {repeat} fresh processes:")
    for key in runs[0]:
        values = [r[key] for r in runs]
        print(f"  {key:<16} {statistics.median(values):6.2f} s  (min {min(values):.2f}, max {max(values):.2f})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="pipeline folder (default: the shipped model)")
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--load", action="store_true", help="time model loading in fresh processes instead")
    ap.add_argument("--repeat", type=int, default=3, help="fresh processes for --load (default 3)")
    ap.add_argument("--root", type=Path, default=HERE.parent, help="checkout whose kg --load times")
    args = ap.parse_args(argv)
    if args.load:
        print_load_times(args.root.resolve(), args.model, args.repeat)
        return 0

    import corpora
    import kg

    dev = args.data / "ner" / "peoples_daily" / "dev.bio"
    sentences = [s.text for s in corpora.read_msra(dev, set(), sep=" ")]
    texts = ["".join(sentences[i : i + 20]) for i in range(0, len(sentences), 20)]
    nlp = kg.load_pipeline(args.model)
    list(nlp.pipe(texts[:10]))  # warm up
    print_component_times(nlp, texts)
    profile = cProfile.Profile()
    profile.enable()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    profile.disable()
    print(f"cProfile of nlp.pipe: {sum(map(len, texts)):,} chars in {len(texts)} texts")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
