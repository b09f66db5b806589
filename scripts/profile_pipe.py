#!/usr/bin/env python
"""Where `nlp.pipe` spends its time: cProfile over the People's Daily dev sentences as pages.

    python scripts/profile_pipe.py [--model DIR] [--data ../shared/data] [--top 40]

Twenty dev sentences make one text, as in scripts/bench.py. Prints the functions
with the most cumulative time. Only a dev split is read.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="pipeline folder (default: the shipped model)")
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args(argv)

    import corpora
    import kg

    dev = args.data / "ner" / "peoples_daily" / "dev.bio"
    sentences = [s.text for s in corpora.read_msra(dev, set(), sep=" ")]
    texts = ["".join(sentences[i : i + 20]) for i in range(0, len(sentences), 20)]
    nlp = kg.load_pipeline(args.model)
    list(nlp.pipe(texts[:10]))  # warm up
    profile = cProfile.Profile()
    profile.enable()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    profile.disable()
    print(f"{sum(map(len, texts)):,} chars in {len(texts)} texts")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
