"""Top city posts on national and provincial media pages (`python scripts/evaluate.py officials`).

The development analogue of issue 16's third-party check: pages of tests/data/officials/officials.jsonl
(README there) each state some facts "this person holds the 市委书记 / 市长 (州委书记 / 州长) post of this
city". Each page runs through the pipeline alone (`page_eval.run_pipeline`), and per fact:

  - person found: kg has a PERSON entity with exactly the fact's `person` text on the page;
  - body right: kg has MEMBER_OF (person -> tail) whose tail is the fact's `body` (or one of its
    `body_also`, another written form of the same body the guideline also gives);
  - title right: kg has HOLDS_TITLE (person -> tail) whose tail ends with the fact's `title`
    (the post itself unless the fact names another written ending: 市長, 书记).

Names are compared after the normalisation of the pages scorer (NFKC, `page_eval._nfkc`) and nothing
else: a body is right only under the canonical name ANNOTATION.md section 4 gives it. Rates are over all
facts; the body rate is also given over the facts whose person kg found.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from page_eval import _nfkc, read_pages_gold, run_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT / "tests" / "data" / "officials" / "officials.jsonl"


@dataclass(frozen=True)
class Fact:
    page: str
    person: str
    post: str
    city: str
    bodies: tuple[str, ...]   # the canonical body first, then other written forms of it
    title: str                # the ending a HOLDS_TITLE tail must have

    @classmethod
    def from_gold(cls, page: str, f: dict) -> "Fact":
        return cls(page, f["person"], f["post"], f["city"], (f["body"], *f.get("body_also", ())),
                   f.get("title") or f["post"])


def facts_of(pages: list[dict]) -> list[Fact]:
    return [Fact.from_gold(p["id"], f) for p in pages for f in p["facts"]]


def judge(fact: Fact, ex, place_name=lambda code: code) -> dict:
    """What kg got of one fact on its page's Extraction (None when kg found no article)."""
    person = _nfkc(fact.person)
    ents = list(ex.entities) if ex else []
    rels = list(ex.relations) if ex else []
    tails = {typ: sorted({_nfkc(r.tail) for r in rels if r.type == typ and _nfkc(r.head) == person})
             for typ in ("MEMBER_OF", "HOLDS_TITLE")}
    # PERSON spans that overlap the name's occurrences: what a cut or glued name became
    text = ex.article.text if ex else ""
    spots = [(i, i + len(fact.person)) for i in _occurrences(text, fact.person)]
    near = sorted({f"{e.text}/{e.label}" for e in ents
                   if any(e.start < b and a < e.end for a, b in spots) and _nfkc(e.text) != person})
    return {
        "page": fact.page, "person": fact.person, "post": fact.post, "city": fact.city, "body": fact.bodies[0],
        "person_found": any(e.label == "PERSON" and _nfkc(e.text) == person for e in ents),
        "body_right": bool({_nfkc(b) for b in fact.bodies} & set(tails["MEMBER_OF"])),
        "title_right": any(t.endswith(_nfkc(fact.title)) for t in tails["HOLDS_TITLE"]),
        "kg_member_of": tails["MEMBER_OF"], "kg_holds_title": tails["HOLDS_TITLE"],
        "kg_spans_over_name": near, "no_article": ex is None,
        "kg_place": place_name(ex.place) if ex and ex.place else None,
    }


def _occurrences(text: str, name: str) -> list[int]:
    out, i = [], text.find(name)
    while i >= 0:
        out.append(i)
        i = text.find(name, i + 1)
    return out


def score(pages: list[dict], extractions: list, place_name=lambda code: code) -> dict:
    """Rates over the facts of `pages`, given one Extraction (or None) per page in the same order."""
    judged = [judge(Fact.from_gold(p["id"], f), ex, place_name)
              for p, ex in zip(pages, extractions) for f in p["facts"]]
    n = len(judged)
    found = sum(j["person_found"] for j in judged)
    body = sum(j["body_right"] for j in judged)
    by_post: Counter = Counter()
    for j in judged:
        by_post[(j["post"], "facts")] += 1
        by_post[(j["post"], "body_right")] += j["body_right"]

    def rate(k: int, d: int) -> float:
        return round(k / d, 4) if d else 0.0

    return {
        "pages": len(pages),
        "facts": n,
        "person_found": {"rate": rate(found, n), "count": found},
        "body_right": {"rate": rate(body, n), "count": body,
                       "of_found": rate(sum(j["body_right"] for j in judged if j["person_found"]), found)},
        "title_right": {"rate": rate(sum(j["title_right"] for j in judged), n),
                        "count": sum(j["title_right"] for j in judged)},
        "by_post": {post: {"facts": by_post[(post, "facts")], "body_right": by_post[(post, "body_right")]}
                    for post in sorted({j["post"] for j in judged})},
        "wrong": [j for j in judged if not (j["person_found"] and j["body_right"] and j["title_right"])],
    }


def evaluate_officials(gold_paths=None, nlp=None, extractions=None) -> dict:
    """Scores of the pipeline (or of given `extractions`, one per page) on the officials pages; silent."""
    from kg.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    pages = read_pages_gold(gold_paths or [DEFAULT_GOLD])
    if extractions is None:
        extractions = run_pipeline(pages, nlp=nlp)

    def place_name(code: str) -> str:
        d = gaz.by_code.get(code)
        return d.name if d is not None else code

    return score(pages, extractions, place_name)
