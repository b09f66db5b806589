"""Career rows against the gold of the real annotated pages (`python scripts/evaluate.py careers`).

Each gold HOLDS_TITLE fact of tests/data/real/*.jsonl (person, title as written, on one page)
should be one spell row of `kg.careers`: the person's name, the page's article among its
articles, the title among its `post_as_written`, and

  - organization and canonical post: the gold's organization of the title (its MEMBER_OF,
    `gold_organization`) and `expected_post` of it; a title the gold gives no organization
    (市领导, 总书记) is its own post with no organization; where the gold has several
    organizations for the person and does not say which is the title's, the row's is one
    of them (or none) and its post ends with the title;
  - first_seen / last_seen: the earliest and latest gold date of the row's articles (None
    when none of them has one).

Modes (what builds the graph the rows come from):
  gold           the gold entities placed in `raw_text`, the gold facts with their gold
                 organizations as `kg.link.link_article(holds=...)`, then `kg.graph.build_graph`
                 (what tests/test_careers.py checks: the table is right when the facts are);
  gold-entities  the same entities and (person, title) pairs, but kg's own resolution
                 decides each title's organization and place;
  pipeline       `python -m kg build` on the pages (raw_text and source_url, one JSONL file a
                 page), the trained model and all: kg's own extraction end to end.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL_DIR = ROOT / "tests" / "data" / "real"
MODES = ("gold", "gold-entities", "pipeline")
UNTOLD = "?"  # the gold has several organizations for the person and does not say which is the title's


@dataclass(frozen=True)
class Fact:
    article: str            # the page id
    person: str
    title: str              # as written
    organizations: tuple[str, ...]  # the person's gold MEMBER_OF tails on that page


def read_pages(paths=None) -> list[dict]:
    paths = paths or sorted(REAL_DIR.glob("*.jsonl"))
    return [json.loads(line) for path in paths
            for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_facts(pages: list[dict]) -> list[Fact]:
    out = []
    for page in pages:
        orgs: dict[str, list[str]] = {}
        for r in page["relations"]:
            if r["type"] == "MEMBER_OF":
                orgs.setdefault(r["head"], []).append(r["tail"])
        out += [Fact(page["id"], r["head"], r["tail"], tuple(orgs.get(r["head"], ())))
                for r in page["relations"] if r["type"] == "HOLDS_TITLE"]
    return out


def _overlap(org: str, title: str) -> int:
    """How many characters the title's start repeats of the organization's end (at least 2)."""
    return max((k for k in range(2, min(len(org), len(title)) + 1) if org.endswith(title[:k])), default=0)


def gold_organization(title: str, orgs) -> str | None:
    """The gold MEMBER_OF tail a HOLDS_TITLE belongs to, None without one, UNTOLD where the gold does not say.

    The gold pairs no title with an organization: a person's one MEMBER_OF is it; among several,
    the one whose name ends with the body the title starts with (县委常委 → 长白县委), for a
    government post (县长, 常务副县长) the 政府 one; otherwise it is not told (政委 with 七师党委 and 七师)."""
    orgs = list(orgs)
    if not orgs:
        return None
    if len(orgs) == 1:
        return orgs[0]
    best = max(_overlap(o, title) for o in orgs)
    found = [o for o in orgs if _overlap(o, title) == best]
    if best == 0 and re.fullmatch(r"(常务)?副?[省市县区州旗镇乡]长", title):
        found = [o for o in orgs if o.endswith("政府")]
    return found[0] if len(found) == 1 else UNTOLD


def expected_post(org: str, title: str) -> str:
    """The canonical post: the organization, then the title without the body both write
    (苏尼特左旗委 + 旗委书记 → 苏尼特左旗委书记); a government's head is the place's short name
    and the post (吉林市政府 + 市长 → 吉林市长, 澧县县政府 + 县长 → 澧县县长)."""
    k = _overlap(org, title)
    if k:
        return org + title[k:]
    m = re.fullmatch(r"(.+)([省市县区州旗镇乡])政府", org)
    if m and re.fullmatch(rf"(常务)?副?{m.group(2)}长", title):
        return m.group(1) + title
    return org + title


def _occurrences(text: str, s: str):
    i = text.find(s)
    while i >= 0:
        yield i
        i = text.find(s, i + 1)


def gold_extraction(page: dict, *, organizations: bool = True):
    """`kg.link.link_article` on a gold page: the gold entities found in raw_text, the gold HOLDS_TITLE
    facts as `holds` (with their gold organizations when `organizations`, else resolution's).

    Gold entities have no offsets: each fact's person and title are placed first (the closest pair
    in each sentence holding both, longer titles first, never cutting more than one character of a
    gold place), then every other entity where it does not overlap one placed (longest first; an
    autonomous unit's GPE may share its last character with a title: 凉山彝族自治州委副书记)."""
    from kg.link import link_article
    from kg.records import Article, ArticleMeta, Entity
    from kg.relations import sentence_of, sentences

    text = page["raw_text"]
    spans = sentences(text)
    placed: dict[tuple[int, str], Entity] = {}
    places = sorted({(a, a + len(e["text"])) for e in page["entities"] if e["label"] == "GPE"
                     for a in _occurrences(text, e["text"])})

    def free(start: int, end: int, label: str) -> bool:
        if (start, label) in placed and placed[(start, label)].end == end:
            return True
        clash = [e for e in placed.values() if e.start < end and start < e.end]
        return not clash or all((label, e.label) in (("TITLE", "GPE"), ("GPE", "TITLE"))
                                and (e.end == start + 1 or e.start == end - 1) for e in clash)

    def cuts_a_place(start: int, end: int) -> bool:
        # 自治区人大代表 inside 西藏自治区人大代表 is GPE 西藏自治区 + TITLE 人大代表
        return any(min(end, e) - max(start, s) > 1 and not (s <= start and end <= e) and not (start <= s and e <= end)
                   for s, e in places if s < end and start < e)

    def put(start: int, surface: str, label: str) -> Entity:
        return placed.setdefault((start, label), Entity(surface, label, start, start + len(surface)))

    holds = []
    facts = [f for f in gold_facts([page])]
    for f in sorted(facts, key=lambda f: -len(f.title)):  # 书记 must not take the characters of 县委副书记
        p, t = f.person, f.title
        nearest: dict[tuple[int, int], tuple[int, int, int]] = {}
        for a in _occurrences(text, p):
            for b in _occurrences(text, t):
                where = sentence_of(spans, a)
                if where != sentence_of(spans, b) or (a < b + len(t) and b < a + len(p)) \
                        or not free(a, a + len(p), "PERSON") or not free(b, b + len(t), "TITLE") \
                        or cuts_a_place(a, a + len(p)) or cuts_a_place(b, b + len(t)):
                    continue
                if where not in nearest or abs(a - b) < nearest[where][0]:
                    nearest[where] = (abs(a - b), a, b)
        org = gold_organization(t, f.organizations) if organizations else None
        for _, a, b in nearest.values():
            holds.append((put(a, p, "PERSON"), put(b, t, "TITLE"), None if org == UNTOLD else org))
    for e in sorted(page["entities"], key=lambda e: -len(e["text"])):
        for start in _occurrences(text, e["text"]):
            if free(start, start + len(e["text"]), e["label"]):
                put(start, e["text"], e["label"])
    article = Article(id=page["id"], path=page["id"], text=text, url=page["source_url"],
                      meta=ArticleMeta(title=page["meta"]["title"], date=page["meta"]["date"]))
    return link_article(article, sorted(placed.values(), key=lambda e: (e.start, -e.end)), holds=holds)


def pipeline_graph(pages: list[dict], work: Path):
    """`python -m kg build` (this checkout's kg and model) on one JSONL file a page ({"url", "text"}, as a
    crawler saves it); the graph and {article id: page id}."""
    from kg.graph import load_graph

    src = work / "pages"
    src.mkdir(parents=True, exist_ok=True)
    for page in pages:
        line = {"url": page["source_url"], "text": page["raw_text"]}
        (src / f"{page['id']}.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg", "build", str(src), "--out", str(work / "out"), "-q"],
                   cwd=ROOT, check=True)
    G = load_graph(work / "out")
    page_of = {str(d["key"])[len("article:"):]: Path(str(d.get("path") or "")).stem
               for _, d in G.nodes(data=True) if d.get("label") == "Article"}
    return G, page_of


def score(rows, pages: list[dict], page_of: dict[str, str] | None = None) -> dict:
    """Each gold fact against the spell rows: counts and the facts that are no row or a wrong one.

    `page_of` maps the rows' article ids to page ids (identity when the articles are the pages)."""
    page_of = page_of or {}
    date = {page["id"]: page["meta"]["date"] for page in pages}
    by_page: dict[tuple[str, str], list] = {}
    for s in rows:
        for a in s.articles:
            by_page.setdefault((page_of.get(a, a), s.person), []).append(s)
    facts = gold_facts(pages)
    missing, wrong_post, wrong_date = [], [], []
    for f in facts:
        found = [s for s in by_page.get((f.article, f.person), []) if f.title in s.post_as_written]
        if len(found) != 1:
            missing.append((f.article, f.person, f.title))
            continue
        s = found[0]
        org = gold_organization(f.title, f.organizations)
        if org == UNTOLD:
            right = s.organization in [*f.organizations, None] and s.post.endswith(f.title)
        else:
            right = (s.organization, s.post) == ((org, expected_post(org, f.title)) if org else (None, f.title))
        if not right:
            wrong_post.append((f.article, f.person, f.title, s.post, s.organization))
        dates = sorted(d for d in (date.get(page_of.get(a, a)) for a in s.articles) if d)
        if (s.first_seen, s.last_seen) != ((dates[0], dates[-1]) if dates else (None, None)):
            wrong_date.append((f.article, f.person, f.title, s.first_seen, s.last_seen))
    bad = {x[:3] for x in wrong_post} | {x[:3] for x in wrong_date}
    return {"facts": len(facts), "rows": len(facts) - len(missing),
            "post_right": len(facts) - len(missing) - len(wrong_post),
            "date_right": len(facts) - len(missing) - len(wrong_date),
            "all_right": len(facts) - len(missing) - len(bad),
            "missing": missing, "wrong_post": wrong_post, "wrong_date": wrong_date}


def evaluate_careers(mode: str = "gold", paths=None) -> dict:
    from kg.career import careers
    from kg.graph import build_graph

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    pages = read_pages(paths)
    if mode == "pipeline":
        with tempfile.TemporaryDirectory(prefix="kg-careers-") as tmp:
            G, page_of = pipeline_graph(pages, Path(tmp))
            return {"mode": mode, "pages": len(pages), **score(careers(G), pages, page_of)}
    G = build_graph(gold_extraction(page, organizations=mode == "gold") for page in pages)
    return {"mode": mode, "pages": len(pages), **score(careers(G), pages)}
