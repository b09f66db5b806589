"""Scores of article extraction on real HTML pages (`python scripts/evaluate.py html`).

See the `html` paragraph of scripts/evaluate.py's docstring for the measures.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from eval_common import prf, read_gold

ROOT = Path(__file__).resolve().parents[1]


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


