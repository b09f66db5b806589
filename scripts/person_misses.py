#!/usr/bin/env python
"""The PERSON names the shipped pipeline misses on a dev split, sorted into kinds by rule (issue 14).

    python scripts/person_misses.py [--sources msra peoples_daily] [--corpus training/corpus] [--examples N]

A gold PERSON span (MSRA style: the whole pipeline's PERSON against the corpus's PER) that the
pipeline does not give exactly is put in the first kind it fits:

  one character        a surname alone (毛主席, 黄某, 老袁): the guideline's no-PERSON cases and MSRA's habit
  not surname-initial  no common surname (top 1,000) begins it: foreign names, given names, aliases (图灵, 俊平)
  four or more         4+ characters after a surname (富士纯子, 卢卡申科, 宇文虚中)
  in a run of names    beside another gold name with only 、, a space or nothing between (宋宝瑞宋清渭)
  token edge           a token of the tokenizer crosses one of its edges (对方|英梅, 人林|必|炎)
  wrong edges          the pipeline has a span over part of it, or over more (李杰作, 郭达)
  wrong label          the pipeline has the span exactly, with another label
  nothing found        tokens fine, nothing predicted over it

Only dev splits are read; no test split.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KINDS = ("one character", "not surname-initial", "four or more", "in a run of names", "token edge", "wrong edges",
         "wrong label", "nothing found")
SURNAMES_XLSX = ROOT.parent / "shared" / "data" / "lexicon" / "surnames" / "chinese_family_name_1k.xlsx"


def kind_of(text: str, span: tuple[int, int], gold: set[tuple[int, int]], predicted: list[tuple[int, int, str]],
            token_starts: set[int], token_ends: set[int], surnames: set[str]) -> str:
    """The kind of one missed gold PERSON span (module docstring)."""
    s, e = span
    name = text[s:e]
    if len(name) == 1:
        return "one character"
    if name[0] not in surnames and name[:2] not in surnames:
        return "not surname-initial"
    if len(name) - (2 if name[:2] in surnames else 1) >= 3:
        return "four or more"
    for a, b in gold:
        if (a, b) != span and (text[b:s].strip(" 、\u3000") == "" and b <= s or text[e:a].strip(" 、\u3000") == "" and e <= a):
            return "in a run of names"
    if s not in token_starts or e not in token_ends:
        return "token edge"
    over = [(a, b, label) for a, b, label in predicted if a < e and s < b]
    if any((a, b) != span for a, b, _ in over):
        return "wrong edges"
    if over:
        return "wrong label"
    return "nothing found"


def person_misses(nlp, docbin: Path, surnames: set[str]) -> dict:
    from spacy.tokens import DocBin

    gold_docs = list(DocBin().from_disk(docbin).get_docs(nlp.vocab))
    texts = [d.text for d in gold_docs]
    counts, examples, n_gold, n_spurious = Counter(), {}, 0, 0
    for gold_doc, doc in zip(gold_docs, nlp.pipe(texts, batch_size=64)):
        text = gold_doc.text
        gold = {(e.start_char, e.end_char) for e in gold_doc.ents if e.label_ == "PERSON"}
        predicted = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        found = {(a, b) for a, b, label in predicted if label == "PERSON"}
        tokens = nlp.make_doc(text)
        starts, ends = {t.idx for t in tokens}, {t.idx + len(t.text) for t in tokens}
        n_gold += len(gold)
        n_spurious += len(found - gold)
        for span in sorted(gold - found):
            kind = kind_of(text, span, gold, predicted, starts, ends, surnames)
            counts[kind] += 1
            s, e = span
            examples.setdefault(kind, []).append(f"{text[max(0, s - 4):s]}[{text[s:e]}]{text[e:e + 4]}")
    return {"gold": n_gold, "missed": sum(counts.values()), "spurious": n_spurious,
            "kinds": {k: counts[k] for k in KINDS}, "examples": examples}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", nargs="+", default=["msra"], help="dev splits (msra peoples_daily resume weibo)")
    ap.add_argument("--corpus", type=Path, default=ROOT / "training" / "corpus")
    ap.add_argument("--examples", type=int, default=3, help="examples shown per kind")
    args = ap.parse_args(argv)
    import kg
    from kg.pipeline.persons import read_surnames

    nlp = kg.load_pipeline()
    surnames = set(read_surnames(SURNAMES_XLSX, top=1000))
    for source in args.sources:
        r = person_misses(nlp, args.corpus / f"dev_{source}.spacy", surnames)
        print(f"{source}: gold PERSON {r['gold']}, missed {r['missed']}, spurious {r['spurious']}")
        for kind, n in r["kinds"].items():
            shown = "  ".join(r["examples"].get(kind, [])[:args.examples])
            print(f"  {n:>4}  {kind:<20} {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
