"""Scores of the pipeline on real annotated pages (`python scripts/evaluate.py pages`).

The gold format and the scoring are those of `shared/pages/README.md`: one JSON
object a page (`raw_text`, `place_context`, distinct `entities` {text, label} and
`relations` {head, type, tail}); per page, the set of (text, label) and the set
of (head, type, tail) are compared exactly, and P/R/F1 are micro-averaged over
pages, per label and per relation type. Nothing is normalised beyond what the
gold itself is: a relation tail is right only when it is the canonical name the
guideline asks for.

On top, the article's place: the share of pages whose `place_context` is the
place kg gives the article (`Extraction.place`, a division code), and a count
of the errors by class (the classes of issue 16), so that a change can be read
as "which kind of error went away".
"""
from __future__ import annotations

import json
import unicodedata
from collections import Counter
from pathlib import Path

from eval_common import micro, prf
from kg.place import former_county
from kg.schema import ENTITY_LABELS, RELATION_TYPES

ROOT = Path(__file__).resolve().parents[1]
SHARED_DEV = ROOT.parent / "shared" / "pages" / "dev.jsonl"
REAL_DIR = ROOT / "tests" / "data" / "real"
# Roles that are jobs, not posts (ANNOTATION.md section 1): tagging them TITLE is error class 7.
ROLE_WORDS = ("记者", "通讯员", "编辑", "责任编辑", "审核", "撰稿", "终审", "摄影", "校对")
PARTY_TITLE_HEADS = ("市委", "县委", "区委", "州委", "旗委", "党委", "党工委")


def default_gold() -> list[Path]:
    """`shared/pages/dev.jsonl` and every JSONL under tests/data/real/ that exists."""
    paths = [SHARED_DEV] if SHARED_DEV.exists() else []
    return paths + sorted(REAL_DIR.glob("*.jsonl"))


def read_pages_gold(paths) -> list[dict]:
    pages = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if line.strip():
                    page = json.loads(line)
                    page.setdefault("_source", f"{Path(path).name}:{n}")
                    pages.append(page)
    return pages


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s or "")


def run_pipeline(pages: list[dict], nlp=None) -> list:
    """One Extraction (or None when kg finds no article) per gold page, each page alone.

    Pages go one at a time so that two pages with the same text are both scored
    (a build would drop the second as a repeated article).
    """
    from kg.api import extract_pages
    from kg.errors import InputError
    from kg.records import Page

    out = []
    for page in pages:
        doc = Page(path=page.get("id") or page["_source"], content=page["raw_text"], kind="text",
                   url=page.get("source_url"))
        errors: list[InputError] = []
        found = list(extract_pages([doc], nlp=nlp, on_error=errors.append))
        out.append(found[0] if found else None)
    return out


def _place_right(place_code: str | None, place_name: str | None, gazetteer) -> bool | None:
    """None when the gold names no place; else whether kg's article place is that place."""
    if not place_name:
        return None
    if not place_code:
        return False
    division = gazetteer.by_code.get(place_code)
    if division is not None:
        # a county the page names as the 县 it was (旬阳县, now 旬阳市): the pipeline's own rule (former_county)
        return division.name == place_name or any(d.code == place_code for d in former_county(gazetteer, place_name))
    return place_code == place_name


def classify_entity_errors(gold: set, pred: set) -> Counter:
    """Error classes of the entity differences of one page (issue 16's list, where it applies)."""
    classes: Counter = Counter()
    missed = gold - pred
    spurious = pred - gold
    pred_by_text: dict[str, set] = {}
    for t, lab in pred:
        pred_by_text.setdefault(t, set()).add(lab)
    gold_texts = {t for t, _ in gold}
    for t, lab in missed:
        if lab == "TITLE" and any(p_lab == "ORG" and t.startswith(p) and len(p) < len(t) for p, p_lab in pred):
            classes["1 relative body + post split into ORG + TITLE"] += 1
        elif lab == "TITLE" and t.startswith(PARTY_TITLE_HEADS) and any(
                p_lab == "ORG" and p.endswith(t[:2]) for p, p_lab in pred):
            classes["4 place + party title read as ORG + bare title"] += 1
        elif lab == "GPE" and pred_by_text.get(t, set()) & {"LOC", "ORG"}:
            classes["5 village/community/街道 tagged LOC or ORG"] += 1
        elif lab == "GPE" and any(p_lab == "GPE" and t in p and p != t for p, p_lab in pred):
            classes["5 places glued into one span"] += 1
        elif lab == "PERSON" and any(p_lab == "PERSON" and (t in p or p in t) for p, p_lab in pred):
            classes["6 PERSON span too long or cut short"] += 1
        elif lab in ("ORG", "LOC") and t not in pred_by_text:
            classes[f"9 {lab} missed"] += 1
        elif t in pred_by_text:
            classes[f"label: {lab} as {'/'.join(sorted(pred_by_text[t]))}"] += 1
        else:
            classes[f"missed {lab}"] += 1
    for t, lab in spurious:
        if lab == "TITLE" and t in ROLE_WORDS:
            classes["7 role tagged TITLE"] += 1
        elif lab == "PERSON" and len(t) == 1:
            classes["6 one-character PERSON (surname + title)"] += 1
        elif lab == "GPE" and "族" in t and t not in gold_texts:
            classes["3 autonomous unit name"] += 1
        elif t in gold_texts:
            pass  # counted on the gold side as a label error
        elif any(g_lab == lab and (t in g or g in t) for g, g_lab in gold):
            classes[f"boundary {lab}"] += 1
        else:
            classes[f"spurious {lab}"] += 1
    return classes


def classify_relation_errors(gold: set, pred: set) -> Counter:
    classes: Counter = Counter()
    for h, typ, t in gold - pred:
        if typ == "HOLDS_TITLE" and t.endswith("领导"):
            classes["8 list under a collective title: HOLDS_TITLE missed"] += 1
        elif typ in ("MEMBER_OF", "LOCATED_IN") and any(ph == h and pt == typ for ph, pt, _ in pred):
            classes[f"2 {typ} to the wrong body/place"] += 1
        else:
            classes[f"missed {typ}"] += 1
    for h, typ, t in pred - gold:
        if typ == "HOLDS_TITLE" and t in ROLE_WORDS:
            classes["7 byline role linked by HOLDS_TITLE"] += 1
        elif typ in ("MEMBER_OF", "LOCATED_IN") and "族" in t:
            classes["3 autonomous unit canonical name"] += 1
        elif not any(gh == h and gt == typ for gh, gt, _ in gold):
            classes[f"spurious {typ}"] += 1
    return classes


def evaluate_pages(gold_paths=None, nlp=None, extractions=None) -> dict:
    """Scores on real annotated pages; silent, returns a dict (see the module docstring)."""
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    pages = read_pages_gold(gold_paths or default_gold())
    if extractions is None:
        extractions = run_pipeline(pages, nlp=nlp)
    ent_tp, ent_pred, ent_gold = Counter(), Counter(), Counter()
    rel_tp, rel_pred, rel_gold = Counter(), Counter(), Counter()
    classes: Counter = Counter()
    place_ok = place_n = no_article = 0
    per_page = []
    for page, ex in zip(pages, extractions):
        no_article += ex is None
        gold_e = {(_nfkc(e["text"]), e["label"]) for e in page["entities"]}
        gold_r = {(_nfkc(r["head"]), r["type"], _nfkc(r["tail"])) for r in page["relations"]}
        pred_e = {(_nfkc(e.text), e.label) for e in ex.entities} if ex else set()
        pred_r = {(_nfkc(r.head), r.type, _nfkc(r.tail)) for r in ex.relations} if ex else set()
        for lab in ENTITY_LABELS:
            ent_tp[lab] += len({e for e in gold_e & pred_e if e[1] == lab})
            ent_pred[lab] += len({e for e in pred_e if e[1] == lab})
            ent_gold[lab] += len({e for e in gold_e if e[1] == lab})
        for typ in RELATION_TYPES:
            rel_tp[typ] += len({r for r in gold_r & pred_r if r[1] == typ})
            rel_pred[typ] += len({r for r in pred_r if r[1] == typ})
            rel_gold[typ] += len({r for r in gold_r if r[1] == typ})
        right = _place_right(ex.place if ex else None, page.get("place_context"), gaz)
        if right is not None:
            place_n += 1
            place_ok += right
            if not right:
                classes["2 article place wrong or missing"] += 1
        classes += classify_entity_errors(gold_e, pred_e)
        classes += classify_relation_errors(gold_r, pred_r)
        per_page.append({
            "id": page.get("id"), "source": page["_source"], "place_gold": page.get("place_context"),
            "place_pred": ex.place if ex else None,
            "entities_missed": sorted(gold_e - pred_e), "entities_spurious": sorted(pred_e - gold_e),
            "relations_missed": sorted(gold_r - pred_r), "relations_spurious": sorted(pred_r - gold_r),
        })

    return {
        "pages": len(pages),
        "no_article": no_article,
        "entities": {"all": micro(ent_tp, ent_pred, ent_gold, ENTITY_LABELS),
                     **{lab: prf(ent_tp[lab], ent_pred[lab], ent_gold[lab]) for lab in ENTITY_LABELS}},
        "relations": {"all": micro(rel_tp, rel_pred, rel_gold, RELATION_TYPES),
                      **{t: prf(rel_tp[t], rel_pred[t], rel_gold[t]) for t in RELATION_TYPES}},
        "place": {"accuracy": round(place_ok / place_n, 4) if place_n else 0.0, "correct": place_ok,
                  "total": place_n},
        "error_classes": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),  # ties by name: runs compare as text
        "per_page": per_page,
    }


# ---------------------------------------------------------------- text the article drops

def _gold_surfaces(page: dict) -> dict[str, str]:
    """Surface -> label of what the page's gold says is there: entities, HOLDS_TITLE heads, facts' persons."""
    out = {e["text"]: e["label"] for e in page.get("entities", ())}
    for r in page.get("relations", ()):
        if r["type"] == "HOLDS_TITLE":
            out.setdefault(r["head"], "PERSON")
    for f in page.get("facts", ()):
        out.setdefault(f["person"], "PERSON")
    return out


def _line_cause(lines: list[str], i: int, title_i: int | None, first: int | None, last: int | None) -> str:
    """Why kg's article leaves out page line `i`, from where it lies and which of kg's line rules it meets.

    `title_i`, `first`, `last`: the page lines of the article's title and of its first and last body lines.
    """
    from kg import article as A

    line = lines[i]
    if first is None:
        return "no body at all"
    if i < first:
        if A._is_meta_line(line):
            where = "date line" if A._DATE_LINE.match(line) else "metadata/source line"
            return f"head: {where}"
        if A._is_boilerplate(line):
            return "head: furniture rule"
        if A._is_prose(line):
            return "head: prose above the body start"
        if title_i is not None and title_i < i:
            return "head: line between title and body (subtitle, byline)"
        if A._looks_like_title(line):
            return "head: title-like line not taken as title"
        return "head: short line above the body"
    if i > last:
        # the first line after the body that ended it, by kg's rules
        stop = next((k for k in range(last + 1, len(lines)) if lines[k]), i)
        why = ("end marker" if A._END.match(lines[stop]) or A._is_breadcrumb(lines[stop]) else
               "footer" if A._is_footer(lines[stop]) else
               "title repeated" if title_i is not None and lines[stop] == lines[title_i] else
               "trailing non-prose lines")
        return f"tail: cut at {why}"
    if A._is_meta_line(line):
        return "body: metadata/source line"
    if A._FURNITURE.match(line):
        return "body: furniture rule (_FURNITURE)"
    if A._is_nav_list(line) or A._is_bullet_item(line):
        return "body: menu rule (nav list, bullet)"
    if A._is_boilerplate(line):
        return "body: other boilerplate rule"
    return "body: dropped (repeat or other)"


def lost_surfaces(pages: list[dict]) -> list[dict]:
    """Per page, the gold surfaces (`_gold_surfaces`) that occur in the page's text but not in the text of
    kg's article (title, byline, body and credits: what the NER reads), each with the cause of its line.

    No model is run: this checks `kg.article.extract_article` alone, on the page as a text page (as
    `run_pipeline` gives it).
    """
    from kg.article import extract_article, page_lines
    from kg.errors import InputError
    from kg.records import Page

    out = []
    for page in pages:
        doc = Page(path=page.get("id") or page["_source"], content=page["raw_text"], kind="text",
                   url=page.get("source_url"))
        lines = page_lines(doc)
        try:
            art = extract_article(doc)
            kept = art.text.split("\n")
            title = art.meta.title
        except InputError:
            kept, title = [], None
        # page lines of the title and of the body (the first and last lines after the title and byline)
        title_i = lines.index(title) if title in lines else None
        at = [k for k, line in enumerate(lines) if line in set(kept) and line != title]
        first, last = (at[0], at[-1]) if at else (None, None)
        lost = []
        for surface, label in sorted(_gold_surfaces(page).items()):
            where = [k for k, line in enumerate(lines) if surface in line]
            if where and not any(surface in line for line in kept):
                # the occurrence nearest to the article's lines tells why the article left it out
                k = min(where, key=lambda k: 0 if first is None else max(first - k, k - last, 0))
                lost.append({"text": surface, "label": label, "line": lines[k][:60],
                             "cause": _line_cause(lines, k, title_i, first, last)})
        out.append({"id": page.get("id"), "source": page["_source"], "title": title, "lost": lost})
    return out


def lost_by_cause(results: list[dict]) -> dict[str, dict[str, int]]:
    """Cause -> {pages, surfaces} over the output of `lost_surfaces`, most surfaces first."""
    table: dict[str, dict[str, int]] = {}
    for page in results:
        for cause in {x["cause"] for x in page["lost"]}:
            table.setdefault(cause, {"pages": 0, "surfaces": 0})["pages"] += 1
        for x in page["lost"]:
            table[x["cause"]]["surfaces"] += 1
    return dict(sorted(table.items(), key=lambda kv: (-kv[1]["surfaces"], kv[0])))
