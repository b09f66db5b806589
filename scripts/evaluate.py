"""The single evaluation entry point of `kg`.

    python scripts/evaluate.py relations [--gold tests/data/annotated/gold.jsonl] [--mode pipeline|gold-entities]
    python scripts/evaluate.py ner [--model DIR] [--corpus training/corpus]
    python scripts/evaluate.py seg [--model DIR] [--data ../shared/data]
    python scripts/evaluate.py html [--gold tests/data/html/gold.jsonl] [--pages ../shared/html/gne] [--errors]

`relations` scores the annotated pages of tests/data/annotated (ANNOTATION.md):
  - mode `pipeline` (default) runs the real pipeline end to end on the raw pages
    (`kg.sources.read_pages` → `kg.api.extract_pages`: article extraction, the
    trained NER, `kg.resolve.link_article`);
  - mode `gold-entities` feeds the gold entities to `kg.resolve.link_article`,
    scoring resolution and relation extraction alone.
  It reports relation P/R/F1 (overall and per type), entity P/R/F1 per label, the
  accuracy of GPE codes and of the article's place.

Matching rules:
  - relations: per page, the sets of (head, type, tail) are compared after
    normalising each name: NFKC, no whitespace, and a name that the division
    table resolves to exactly one division is replaced by its full name
    (巴中 ≡ 巴中市); nothing else is forgiven;
  - entities: exact (start, end, label) when the pipeline's article text equals
    the annotated text, else the multiset of (text, label) per page;
  - codes: per page, each distinct gold GPE surface with its gold code (None for
    places outside the table) against the code given to that surface.

`html` scores article extraction from real HTML pages (../shared/html/gne, gold
in tests/data/html/gold.jsonl: title, date, source, author, body per page), for
kg and, side by side in the same run, the raw extractors GNE 0.4.3,
trafilatura 2.3.1 and readability-lxml 0.9, each given the same decoded page
(`kg.sources.read_pages`):
  - yield: article pages that give an article with a non-empty body;
    list pages (manifest.tsv kind=list): pages reported as "no article";
  - title exact: equal after removing all whitespace (the page's own spacing
    differs between <title>, <h1> and the gold);
  - date exact: YYYY-MM-DD equal, over the pages where the gold has a date
    (a raw extractor's date string is read with `kg.article.parse_date`);
  - body character P/R/F1: over the multiset of non-whitespace characters of the
    body (kg: `Article.text` without its title line and byline), micro-averaged
    over the article pages: P = shared / predicted characters, R = shared /
    gold characters, where shared = sum over characters of min(count in
    prediction, count in gold); a page without an article counts with an
    empty body. The mean of per-page F1 is shown too;
  - CPU ms per page of each extractor (process time, same pages, one process).

`ner` and `seg` call `evaluate_ner(args)` / `evaluate_seg(args)` of
scripts/model_eval.py (the model's own dev-set scores).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "tests" / "data" / "annotated" / "gold.jsonl"
RELATION_TYPES = ("HOLDS_TITLE", "PART_OF", "MEMBER_OF", "LOCATED_IN")
ENTITY_LABELS = ("PERSON", "TITLE", "ORG", "GPE", "LOC")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def read_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _norm_name(name: str, gazetteer) -> str:
    name = "".join(unicodedata.normalize("NFKC", name or "").split())
    found = gazetteer.lookup(name)
    return found[0].name if len(found) == 1 else name


def relation_set(triples, gazetteer) -> set[tuple[str, str, str]]:
    return {(_norm_name(h, gazetteer), t, _norm_name(tl, gazetteer)) for h, t, tl in triples}


def _gold_extraction_inputs(g: dict, base: Path):
    from kg.records import Article, ArticleMeta, Entity

    article = Article(id=Path(g["page"]).stem, path=str(base / g["page"]),
                      meta=ArticleMeta(title=g["text"].split("\n", 1)[0], date=g.get("date"), source=g.get("source")),
                      text=g["text"], site=g.get("site"))
    ents = [Entity(t, lab, s, e) for t, lab, s, e in g["entities"]]
    return article, ents


def _pipeline_extractions(gold: list[dict], base: Path, nlp=None) -> dict[str, object]:
    try:
        from kg.api import extract_pages
        from kg.sources import read_pages
    except ImportError as err:  # pragma: no cover - depends on the other stages being present
        raise SystemExit(f"the pipeline is not available ({err}); try --mode gold-entities")
    from kg.errors import KgError

    out: dict[str, object] = {}
    for g in gold:
        page = base / g["page"]
        try:
            exs = list(extract_pages(read_pages([page]), nlp=nlp))
        except KgError as err:
            raise SystemExit(f"the pipeline failed on {page}: {err}\n"
                             "(to score resolution and relations alone: --mode gold-entities)") from err
        out[g["page"]] = exs[0] if exs else None
    return out


def evaluate_relations(gold_path: str | Path = DEFAULT_GOLD, mode: str = "pipeline", nlp=None) -> dict:
    """Scores of the annotated set (see the module docstring); silent, returns a dict."""
    from kg.gazetteer import load_gazetteer
    from kg.resolve import link_article

    gaz = load_gazetteer()
    gold_path = Path(gold_path)
    base = gold_path.parent
    gold = read_gold(gold_path)
    if mode == "gold-entities":
        extractions = {g["page"]: link_article(*_gold_extraction_inputs(g, base)) for g in gold}
    elif mode == "pipeline":
        extractions = _pipeline_extractions(gold, base, nlp)
    else:
        raise ValueError(f"mode must be 'pipeline' or 'gold-entities', not {mode!r}")

    rel_tp, rel_pred, rel_gold = Counter(), Counter(), Counter()
    ent_tp, ent_pred, ent_gold = Counter(), Counter(), Counter()
    code_ok = code_n = place_ok = 0
    errors: list[dict] = []
    for g in gold:
        ex = extractions.get(g["page"])
        pred_rels = relation_set(((r.head, r.type, r.tail) for r in ex.relations) if ex else (), gaz)
        gold_rels = relation_set(g["relations"], gaz)
        for t in RELATION_TYPES:
            rel_tp[t] += len({r for r in pred_rels & gold_rels if r[1] == t})
            rel_pred[t] += len({r for r in pred_rels if r[1] == t})
            rel_gold[t] += len({r for r in gold_rels if r[1] == t})
        ents = list(ex.entities) if ex else []
        if ex is not None and ex.article.text == g["text"]:
            pe = Counter((e.start, e.end, e.label) for e in ents)
            ge = Counter((s, e, lab) for _, lab, s, e in g["entities"])
        else:
            pe = Counter((e.text, e.label) for e in ents)
            ge = Counter((t, lab) for t, lab, _, _ in g["entities"])
        for lab in ENTITY_LABELS:
            ent_tp[lab] += sum((Counter({k: v for k, v in pe.items() if k[-1] == lab})
                                & Counter({k: v for k, v in ge.items() if k[-1] == lab})).values())
            ent_pred[lab] += sum(v for k, v in pe.items() if k[-1] == lab)
            ent_gold[lab] += sum(v for k, v in ge.items() if k[-1] == lab)
        pred_codes = {}
        for e in ents:
            if e.label == "GPE":
                pred_codes.setdefault(e.text, e.code)
        for surface, code in g["codes"].items():
            code_n += 1
            code_ok += pred_codes.get(surface, "missing") == code
        place_ok += (ex.place if ex else None) == g.get("place")
        missing, spurious = sorted(gold_rels - pred_rels), sorted(pred_rels - gold_rels)
        if missing or spurious:
            errors.append({"page": g["page"], "missing": missing, "spurious": spurious})

    def overall(tp, pred, gold_, keys):
        return prf(sum(tp[k] for k in keys), sum(pred[k] for k in keys), sum(gold_[k] for k in keys))

    return {
        "mode": mode,
        "pages": len(gold),
        "relations": {"all": overall(rel_tp, rel_pred, rel_gold, RELATION_TYPES),
                      **{t: prf(rel_tp[t], rel_pred[t], rel_gold[t]) for t in RELATION_TYPES}},
        "entities": {"all": overall(ent_tp, ent_pred, ent_gold, ENTITY_LABELS),
                     **{lab: prf(ent_tp[lab], ent_pred[lab], ent_gold[lab]) for lab in ENTITY_LABELS}},
        "codes": {"accuracy": round(code_ok / code_n, 4) if code_n else 0.0, "correct": code_ok, "total": code_n},
        "place": {"accuracy": round(place_ok / len(gold), 4) if gold else 0.0, "correct": place_ok},
        "errors": errors,
    }


def _model_eval():
    path = ROOT / "scripts" / "model_eval.py"
    if not path.exists():
        raise SystemExit(f"{path} is missing: the `ner` and `seg` scores come from the model's scripts/model_eval.py")
    spec = importlib.util.spec_from_file_location("model_eval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _table(name: str, scores: dict) -> str:
    lines = [f"{name:<12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]
    for k, s in scores.items():
        lines.append(f"{k:<12} {s['p']:>6.3f} {s['r']:>6.3f} {s['f1']:>6.3f} {s['tp']:>5} {s['pred']:>5} {s['gold']:>5}")
    return "\n".join(lines)


# ---------------------------------------------------------------- html

DEFAULT_HTML_GOLD = ROOT / "tests" / "data" / "html" / "gold.jsonl"
DEFAULT_HTML_PAGES = ROOT.parent / "shared" / "html" / "gne"


def _char_counts(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


def _no_space(text: str | None) -> str:
    return "".join((text or "").split())


def _kg_html(page) -> dict | None:
    import re

    from kg.article import _BYLINE_LABELS, extract_article
    from kg.errors import InputError

    try:
        a = extract_article(page)
    except InputError:
        return None
    lines = a.text.split("\n")
    if a.meta.title is not None and lines and lines[0] == a.meta.title:
        lines = lines[1:]
    # the byline (文章来源:巴中日报) is the line after the title that starts with a label and names source/author
    if lines and re.match(_BYLINE_LABELS, lines[0]) and any(v and v in lines[0] for v in (a.meta.source, a.meta.author)):
        lines = lines[1:]
    return {"title": a.meta.title, "date": a.meta.date, "body": "\n".join(lines)}


def _html_extractors() -> dict:
    """name -> function(Page) -> {title, date, body} or None (no article)."""
    import gne
    import trafilatura
    from lxml import html as lxml_html
    from readability import Document

    from kg.article import parse_date

    g = gne.GeneralNewsExtractor()

    def run_gne(page):
        try:
            r = g.extract(page.content)
        except Exception:  # GNE raises on a page it finds no body in
            return None
        return {"title": r.get("title"), "date": parse_date(r.get("publish_time") or ""), "body": r.get("content") or ""}

    def run_trafilatura(page):
        r = trafilatura.bare_extraction(page.content, with_metadata=True)
        if r is None or not r.text:
            return None
        return {"title": r.title, "date": parse_date(r.date or ""), "body": r.text}

    def run_readability(page):
        try:
            doc = Document(page.content)
            body = lxml_html.fromstring(doc.summary()).text_content()
        except Exception:  # readability raises on an empty or odd page
            return None
        return {"title": doc.short_title(), "date": None, "body": body} if body.strip() else None

    return {"kg": _kg_html, "gne": run_gne, "trafilatura": run_trafilatura, "readability": run_readability}


def evaluate_html(gold_path: str | Path = DEFAULT_HTML_GOLD, pages_dir: str | Path = DEFAULT_HTML_PAGES,
                  names: list[str] | None = None) -> dict:
    import csv
    import time

    from kg.sources import read_pages

    pages_dir = Path(pages_dir)
    gold = [g for g in read_gold(gold_path) if g.get("kind", "article") == "article"]
    with open(pages_dir / "manifest.tsv", encoding="utf-8") as f:
        lists = [r["file"] for r in csv.DictReader(f, delimiter="\t") if r["kind"] == "list"]
    pages = {}
    for name in [g["file"] for g in gold] + lists:
        (pages[name],) = read_pages([pages_dir / name])
    extractors = _html_extractors()
    scores = {}
    for name, fn in extractors.items():
        if names and name not in names:
            continue
        t0 = time.process_time()
        out = {f: fn(pages[f]) for f in pages}
        cpu = time.process_time() - t0
        s = {"articles": 0, "pages": len(gold), "no_article_lists": 0, "lists": len(lists), "title": 0,
             "date": 0, "dated": 0, "shared": 0, "pred": 0, "gold": 0, "f1s": [], "errors": [],
             "ms_per_page": round(1000 * cpu / len(pages), 1)}
        for g in gold:
            r = out[g["file"]]
            body = r["body"] if r else ""
            s["articles"] += bool(r and body.strip())
            title_ok = bool(r) and _no_space(r["title"]) == _no_space(g["title"])
            s["title"] += title_ok
            date_ok = None
            if g.get("date"):
                s["dated"] += 1
                date_ok = bool(r) and r["date"] == g["date"]
                s["date"] += date_ok
            pc, gc = _char_counts(body), _char_counts(g["body"] or "")
            shared = sum((pc & gc).values())
            s["shared"] += shared
            s["pred"] += sum(pc.values())
            s["gold"] += sum(gc.values())
            f1 = prf(shared, sum(pc.values()), sum(gc.values()))["f1"]
            s["f1s"].append(f1)
            if not title_ok or date_ok is False or f1 < 0.95:
                s["errors"].append({"file": g["file"], "title": r and r["title"], "gold_title": g["title"],
                                    "date": r and r["date"], "gold_date": g.get("date"), "body_f1": f1})
        s["no_article_lists"] = sum(out[f] is None for f in lists)
        body = prf(s["shared"], s["pred"], s["gold"])
        s["body"] = body
        s["mean_page_f1"] = round(sum(s["f1s"]) / len(s["f1s"]), 4) if s["f1s"] else 0.0
        del s["f1s"]
        scores[name] = s
    return scores


def print_html_scores(scores: dict, errors: bool = False) -> None:
    any_s = next(iter(scores.values()))
    print(f"{any_s['pages']} annotated article pages, {any_s['lists']} list pages")
    print(f"{'extractor':<12} {'yield':>9} {'list=none':>9} {'title':>9} {'date':>9} {'body P':>7} {'body R':>7} "
          f"{'body F1':>7} {'page F1':>7} {'ms/page':>7}")
    for name, s in scores.items():
        b = s["body"]
        print(f"{name:<12} {s['articles']:>4}/{s['pages']:<4} {s['no_article_lists']:>4}/{s['lists']:<4} "
              f"{s['title']:>4}/{s['pages']:<4} {s['date']:>4}/{s['dated']:<4} {b['p']:>7.3f} {b['r']:>7.3f} "
              f"{b['f1']:>7.3f} {s['mean_page_f1']:>7.3f} {s['ms_per_page']:>7}")
    if errors:
        for name, s in scores.items():
            print(f"\n{name}")
            for e in s["errors"]:
                print(f"  {e['file']}: F1 {e['body_f1']:.3f} title {e['title']!r} / {e['gold_title']!r} "
                      f"date {e['date']} / {e['gold_date']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="evaluate.py", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    rel = sub.add_parser("relations", help="relation and entity P/R/F1 on the annotated pages")
    rel.add_argument("--gold", default=str(DEFAULT_GOLD), help="gold JSONL (pages are relative to it)")
    rel.add_argument("--mode", choices=("pipeline", "gold-entities"), default="pipeline")
    rel.add_argument("--model", default=None, help="pipeline folder (default: the shipped model)")
    rel.add_argument("--json", action="store_true", help="print the scores as JSON")
    rel.add_argument("--errors", action="store_true", help="list missing and spurious relations per page")
    ner = sub.add_parser("ner", help="NER scores of the model on its dev splits (scripts/model_eval.py)")
    ner.add_argument("--model", default=None)
    ner.add_argument("--corpus", default="training/corpus")
    ner.add_argument("--ner-only", action="store_true", help="score the NER without the rule components")
    seg = sub.add_parser("seg", help="segmentation scores of the model (scripts/model_eval.py)")
    seg.add_argument("--model", default=None)
    seg.add_argument("--data", default="../shared/data")
    bnd = sub.add_parser("boundary", help="gold entities the tokenizer cuts through (scripts/model_eval.py)")
    bnd.add_argument("--model", default=None)
    bnd.add_argument("--corpus", default="training/corpus")
    bnd.add_argument("--limit", type=int, default=20000, help="training sentences to check (the file is shuffled)")
    htm = sub.add_parser("html", help="article extraction on real HTML pages: kg and the raw extractors side by side")
    htm.add_argument("--gold", default=str(DEFAULT_HTML_GOLD), help="gold JSONL (file, title, date, body, ...)")
    htm.add_argument("--pages", default=str(DEFAULT_HTML_PAGES), help="folder of the pages and manifest.tsv")
    htm.add_argument("--only", nargs="*", default=None, help="extractors to run (kg gne trafilatura readability)")
    htm.add_argument("--json", action="store_true", help="print the scores as JSON")
    htm.add_argument("--errors", action="store_true", help="list the pages each extractor gets wrong")
    args = ap.parse_args(argv)

    if args.command == "html":
        scores = evaluate_html(args.gold, args.pages, args.only)
        if args.json:
            print(json.dumps(scores, ensure_ascii=False, indent=1))
        else:
            print_html_scores(scores, args.errors)
        return 0
    if args.command in ("ner", "seg", "boundary"):
        fn = getattr(_model_eval(), f"evaluate_{args.command}", None)
        if fn is None:
            raise SystemExit(f"scripts/model_eval.py has no evaluate_{args.command}(args)")
        from kg.errors import KgError

        try:
            scores = fn(args)
        except KgError as err:
            raise SystemExit(f"evaluate.py {args.command}: {err}") from err
        print(json.dumps(scores, ensure_ascii=False, indent=1))
        return 0

    nlp = None
    if args.mode == "pipeline" and args.model:
        import kg

        nlp = kg.load_pipeline(args.model)
    scores = evaluate_relations(args.gold, args.mode, nlp=nlp)
    if args.json:
        print(json.dumps(scores if args.errors else {k: v for k, v in scores.items() if k != "errors"},
                         ensure_ascii=False, indent=1))
        return 0
    print(f"{scores['pages']} pages, mode {scores['mode']}")
    print(_table("relation", scores["relations"]))
    print(_table("entity", scores["entities"]))
    c, p = scores["codes"], scores["place"]
    print(f"GPE codes: {c['accuracy']:.3f} ({c['correct']}/{c['total']}); article place: {p['accuracy']:.3f} "
          f"({p['correct']}/{scores['pages']})")
    if args.errors:
        for e in scores["errors"]:
            print(f"\n{e['page']}")
            for r in e["missing"]:
                print("  missing ", " ".join(r))
            for r in e["spurious"]:
                print("  spurious", " ".join(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
