"""Relations stated in an article (ANNOTATION.md): HOLDS_TITLE, PART_OF, MEMBER_OF, LOCATED_IN.

Works on the article text and the entities' character offsets only (no spaCy
objects), one sentence at a time (split on 。！？!?；; and newlines):

HOLDS_TITLE  PERSON → TITLE
  - a title right before the name: 市委书记罗增斌, 记者 张三 (whitespace or a colon between);
  - a list sharing its title: 市领导张鹏飞、陶斌、王毅 (names joined by 、 or spaces, the last may follow 和/及),
    also written after the names: 罗增斌、李映等市领导;
  - stacked titles: 市委常委、宣传部部长X gives both (titles joined by 、 or a comma);
  - a title after the name: 罗增斌同志任市委书记, 习近平总书记 (任/担任/当选为/为... or nothing between);
  - a place or organization glued before a title belongs to it: 枣林镇党委书记X.
  A byline such as (车辋镇 曾长新) gives no title.
PART_OF      GPE → GPE: adjacent places, the second inside the first (巴州区枣林镇 → 枣林镇 PART_OF 巴州区).
MEMBER_OF    PERSON → the organization the title implies, resolved (市委书记罗增斌 → 巴中市委;
             枣林镇党委书记X → 枣林镇党委); only when the organization resolves to a place.
LOCATED_IN   ORG → the place it belongs to (市委党校 → 巴中市; 巴中日报 → 巴中市).

Heads and tails are written as ANNOTATION.md writes them: the surface form of
the mention, and the canonical name for MEMBER_OF's organization and
LOCATED_IN's place. Each (head, type, tail) is given once per article, with the
first sentence that states it.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from kg.lexicon.generate import RELATIVE_ORG
from kg.lexicon.tables import VERB_TITLES
from kg.records import Entity, Relation

if TYPE_CHECKING:  # pragma: no cover
    from kg.gazetteer import Division
    from kg.resolve import Resolution

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_WS = r"[\s\u3000]*"
NAME_GAP = re.compile(rf"{_WS}[:：]?{_WS}")                       # 市委书记罗增斌, 记者 张三
LIST_GAP = re.compile(rf"{_WS}、{_WS}|[\s\u3000]+")                # 张鹏飞、陶斌; 记者 张三 李四
LIST_LAST_GAP = re.compile(rf"{_WS}(?:、|和|及|以及){_WS}")          # ...、陶斌和王毅
STACK_GAP = re.compile(rf"{_WS}(?:、|,|，|兼){_WS}")                # 市委常委、宣传部部长
DENG_GAP = re.compile(rf"{_WS}(?:同志)?等(?:\d+名|\d+位)?{_WS}")       # 罗增斌、李映等市领导
AFTER_GAP = re.compile(
    rf"{_WS}(?:同志)?(?:被)?(?:任|担任|出任|兼任|升任|调任|改任|当选|当选为|任命为|为|是)?{_WS}"
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, the end mark included."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if m.end() > start:
            out.append((start, m.end()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    return out


def _sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    for s, e in spans:
        if s <= pos < e:
            return s, e
    return pos, pos


def _glued(entities: list[Entity], i: int, labels: tuple[str, ...]) -> int | None:
    start = entities[i].start
    for j, e in enumerate(entities):
        if j != i and e.label in labels and e.end == start:
            return j
    return None


def title_context(res: "Resolution", i: int) -> tuple["Division | None", str | None, str | None]:
    """For TITLE `i`: the place glued before it, the organization glued before it, and the
    organization of a title stacked right before it (市委常委、宣传部部长 → 巴中市委)."""
    ents, text = res.entities, res.article.text
    glued = glued_org = previous = None
    j = _glued(ents, i, ("GPE", "ORG"))
    if j is not None:
        if ents[j].label == "GPE":
            glued = res.divisions.get(j)
        elif res.is_organization(ents[j].text):
            g2 = _glued(ents, j, ("GPE",))
            glued_org = ents[j].text
            glued = res.divisions.get(g2) if g2 is not None else None
        else:  # a place (or noise) tagged ORG: glue only as a place
            glued = res.place_named(ents[j].text)
    for k, e in enumerate(ents):
        if e.label == "TITLE" and e.end <= ents[i].start and STACK_GAP.fullmatch(text[e.end:ents[i].start]):
            g, go, p = title_context(res, k)
            body = res.title_body(e.text, g, go, p)
            previous = body[0] if body else None
    return glued, glued_org, previous


def _title_chain(ents: list[Entity], text: str, order: list[int], k: int) -> tuple[list[int], int]:
    """Titles stacked from position k of `order` (place/organization glue skipped); returns them and the next position."""
    titles = [order[k]]
    end = ents[order[k]].end
    k += 1
    while k < len(order):
        j = order[k]
        gap = text[end:ents[j].start]
        if not STACK_GAP.fullmatch(gap):
            break
        # glue (GPE/ORG written right before a title) is part of the next title
        m = k
        while m < len(order) and ents[order[m]].label in ("GPE", "ORG") and m + 1 < len(order) \
                and ents[order[m + 1]].start == ents[order[m]].end:
            m += 1
        if m < len(order) and ents[order[m]].label == "TITLE":
            titles.append(order[m])
            end = ents[order[m]].end
            k = m + 1
            continue
        break
    return titles, k


def title_links(ents: list[Entity], text: str) -> Iterator[tuple[int, int]]:
    """(person index, title index) for every title the text gives a person."""
    spans = sentences(text)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, e in enumerate(ents):
        if e.label in ("PERSON", "TITLE", "GPE", "ORG"):
            by_sentence.setdefault(_sentence_of(spans, e.start), []).append(i)
    for order in by_sentence.values():
        order.sort(key=lambda i: (ents[i].start, -ents[i].end))
        k = 0
        while k < len(order):
            i = order[k]
            e = ents[i]
            if e.label == "TITLE":
                titles, k = _title_chain(ents, text, order, k)
                end = ents[titles[-1]].end
                persons: list[int] = []
                while k < len(order) and ents[order[k]].label == "PERSON":
                    gap = text[end:ents[order[k]].start]
                    ok = NAME_GAP.fullmatch(gap) if not persons else (
                        LIST_GAP.fullmatch(gap) or (LIST_LAST_GAP.fullmatch(gap) and len(persons) >= 1
                                                    and _ends_list(ents, text, order, k)))
                    if not ok:
                        break
                    persons.append(order[k])
                    end = ents[order[k]].end
                    k += 1
                for p in persons:
                    for t in titles:
                        yield p, t
                continue
            if e.label == "PERSON":  # 罗增斌、李映等市领导: a list of names, then 等 and the title
                m = k
                while m + 1 < len(order) and ents[order[m + 1]].label == "PERSON" \
                        and LIST_GAP.fullmatch(text[ents[order[m]].end:ents[order[m + 1]].start]):
                    m += 1
                if m + 1 < len(order) and ents[order[m + 1]].label == "TITLE" \
                        and DENG_GAP.fullmatch(text[ents[order[m]].end:ents[order[m + 1]].start]):
                    titles, k2 = _title_chain(ents, text, order, m + 1)
                    for p in order[k:m + 1]:
                        for t in titles:
                            yield p, t
                    k = k2
                    continue
            if e.label == "PERSON" and k + 1 < len(order):
                m = k + 1
                while m < len(order) and ents[order[m]].label in ("GPE", "ORG") and m + 1 < len(order) \
                        and ents[order[m + 1]].start == ents[order[m]].end:
                    m += 1
                nxt = order[m] if m < len(order) else None
                first = order[k + 1]
                if nxt is not None and ents[nxt].label == "TITLE" and not _verb_use(ents, text, nxt) \
                        and AFTER_GAP.fullmatch(text[e.end:ents[first].start]):
                    titles, k2 = _title_chain(ents, text, order, m)
                    # a title followed by a name belongs to that name, not to this one
                    if not (k2 < len(order) and ents[order[k2]].label == "PERSON"
                            and NAME_GAP.fullmatch(text[ents[titles[-1]].end:ents[order[k2]].start])):
                        for t in titles:
                            yield i, t
                        k = k2
                        continue
            k += 1


def _verb_use(ents: list[Entity], text: str, t: int) -> bool:
    """代表 in 罗增斌代表市委: a "title" read as a verb, because a name or body follows it directly."""
    if ents[t].text in VERB_TITLES:
        return True
    return any(e.start == ents[t].end and e.label in ("ORG", "GPE", "PERSON") for e in ents)


def _ends_list(ents: list[Entity], text: str, order: list[int], k: int) -> bool:
    """和/及 joins a name to a list only as its last item (张鹏飞、陶斌和王毅)."""
    return k + 1 >= len(order) or not LIST_GAP.fullmatch(text[ents[order[k]].end:ents[order[k + 1]].start])


def extract_relations(res: "Resolution") -> list[Relation]:
    """Every relation of the article, once per (head, type, tail), keys from `kg.resolve`."""
    from kg.resolve import (COUNTRY_KEY, is_national_title, normalize, org_key, person_key, place_key,
                            title_with_body)

    ents, text, g = res.entities, res.article.text, res.gazetteer
    spans = sentences(text)
    out: dict[tuple[str, str, str], Relation] = {}

    def sentence(pos: int) -> str:
        s, e = _sentence_of(spans, pos)
        return text[s:e].strip()

    def add(head: str, type_: str, tail: str, hk: str | None, tk: str | None, pos: int) -> None:
        key = (head, type_, tail)
        if key not in out:
            out[key] = Relation(head, type_, tail, hk, tk, sentence(pos))  # type: ignore[arg-type]

    # HOLDS_TITLE and MEMBER_OF; a person's key is their name and their title's jurisdiction
    absorbed: set[int] = set()
    links = sorted(set(title_links(ents, text)), key=lambda pt: (ents[pt[0]].start, ents[pt[1]].start))
    for p, t in links:
        person, title = ents[p], ents[t]
        glued, glued_org, previous = title_context(res, t)
        body = res.title_body(title.text, glued, glued_org, previous)
        national = is_national_title(title.text)
        org = body[0] if body and not RELATIVE_ORG.match(body[0]) else None
        where = body[2] if body and body[2] is not None else (res.split_title(title.text, glued)[0] or glued)
        name = normalize(person.text)
        pk = person_key(name, res.jurisdiction(where, national))
        if org is not None:
            tk = org_key(org)
        elif national:
            tk = COUNTRY_KEY
        else:
            d = where if where is not None else res.place
            tk = place_key(d, d.name) if d is not None else None
        pos = min(person.start, title.start)
        surface = title.text if glued_org else res.split_title(title.text)[1]
        j = _glued(ents, t, ("ORG",))
        combined = title_with_body(g, ents[j].text, title.text) if j is not None else None
        if combined:  # the model split 县委 off 县委副书记: the guideline's title, and no ORG there
            surface = combined
            absorbed.add(j)
        add(person.text, "HOLDS_TITLE", surface, pk, tk, pos)
        if org is not None:
            add(person.text, "MEMBER_OF", org, pk, org_key(org), pos)

    # PART_OF from adjacent places
    for i, e in enumerate(ents):
        if e.label != "GPE":
            continue
        j = _glued(ents, i, ("GPE",))
        if j is None:
            continue
        inner, outer = res.divisions.get(i), res.divisions.get(j)
        if inner is not None and outer is not None:
            if inner.code == outer.code or not g.is_within(inner.code, outer.code):
                continue
        elif normalize(e.text) == normalize(ents[j].text):
            continue
        add(e.text, "PART_OF", ents[j].text, res.gpe_key(i), res.gpe_key(j), e.start)

    # LOCATED_IN for organizations with a place
    for i, e in enumerate(ents):
        if e.label != "ORG" or i in absorbed or not res.is_organization(e.text):
            continue
        j = _glued(ents, i, ("GPE",))
        canonical, place = res.resolve_org(e.text, res.divisions.get(j) if j is not None else None)
        if place is not None:
            add(e.text, "LOCATED_IN", place.name, org_key(canonical), place_key(place, place.name), e.start)

    return list(out.values())
