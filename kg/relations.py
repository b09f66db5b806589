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
  A byline such as (车辋镇 曾长新) gives no title, nor does a role in one (记者 张三: 记者 is a job).
PART_OF      GPE → GPE: adjacent places, the second inside the first (巴州区枣林镇 → 枣林镇 PART_OF 巴州区).
MEMBER_OF    PERSON → the organization the title implies, resolved (市委书记罗增斌 → 巴中市委;
             枣林镇党委书记X → 枣林镇党委); only when the organization resolves to a place.
LOCATED_IN   ORG → the place it belongs to (市委党校 → 巴中市; 巴中日报 → 巴中市).

This module finds which mentions the text relates (`title_links`), from the text
and the offsets alone; `kg.link` resolves their ends and writes the `Relation`s.
A relation type whose two ends are mentions needs no resolving of its own: its rule
goes into `MENTION_RULES`, and `kg.link` writes it between the mentions' nodes.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import Callable, Iterable, Iterator

from kg.lexicon.generate import BYLINE_ROLE, PLACE_LIST_CLOSER  # 记者 张三: a job, so never the tail of HOLDS_TITLE (ANNOTATION.md 6)
from kg.lexicon.tables import BUSINESS_SUFFIXES, COUNTY_SUFFIXES, TOWN_SUFFIXES, VERB_TITLES, VILLAGE_SUFFIXES
from kg.records import Entity

SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_WS = r"[\s\u3000]*"
NAME_GAP = re.compile(rf"{_WS}[:：]?{_WS}")                       # 市委书记罗增斌, 记者 张三
LIST_GAP = re.compile(rf"{_WS}、{_WS}|[\s\u3000]+")                # 张鹏飞、陶斌; 记者 张三 李四
LIST_LAST_GAP = re.compile(rf"{_WS}(?:、|和|及|以及){_WS}")          # ...、陶斌和王毅; 龙圩镇、广平镇和大坡镇
STACK_GAP = re.compile(rf"{_WS}(?:、|,|，|兼){_WS}")                # 市委常委、宣传部部长
_COUNT = r"[\d一二两三四五六七八九十]+(?:名|位|人)"
DENG_GAP = re.compile(rf"{_WS}(?:同志)?(?:等(?:{_COUNT})?|{_COUNT}){_WS}")  # 罗增斌、李映等市领导; 张三、李四2名县政协委员
_PARTY = r"(?:中共|中国共产党)?"  # 任中共某市委书记: the party's name before the place of a committee post
_APPOINT_VERBS = r"任|担任|出任|兼任|接任|升任|调任|转任|改任|当选为?|任命为"
AFTER_GAP = re.compile(rf"{_WS}(?:同志)?(?:被)?(?:{_APPOINT_VERBS}|为|是)?{_WS}{_PARTY}")
# a verb of taking a post: the title after it is the name's too, though a title stands before the name
# (原某市长张三接任某市委书记, 副省长张三兼任某市委书记)
APPOINT_GAP = re.compile(rf"{_WS}(?:同志)?(?:被)?(?:{_APPOINT_VERBS}){_WS}{_PARTY}")
# a verb giving a list of names one post (张三、李四为某镇副镇长; 张三、李四当选为副主席): a verb, not nothing
LIST_VERB_GAP = re.compile(rf"{_WS}(?:同志)?(?:被)?(?:{_APPOINT_VERBS}|为){_WS}{_PARTY}")
# The posts a verb gives stack only with 、 or 兼: after a comma a new clause starts, often with the next
# person's title (田向利兼任秦皇岛市委书记,新任副省长姜德果兼任唐山市委书记)
APPOINTED_STACK_GAP = re.compile(rf"{_WS}(?:、|兼){_WS}")


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


def sentence_of(spans: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    # spans are sorted and disjoint (`sentences`): a binary search, not a scan per mention
    k = bisect_right(spans, pos, key=lambda span: span[0]) - 1
    if k >= 0 and spans[k][0] <= pos < spans[k][1]:
        return spans[k]
    return pos, pos


def glued_before(entities: list[Entity], i: int, labels: tuple[str, ...]) -> int | None:
    """Index of the first entity with a label in `labels` that ends exactly where entity `i` starts."""
    start = entities[i].start
    for j in offset_index(entities)[1].get(start, ()):
        if j != i and entities[j].label in labels:
            return j
    return None


_index_cache: tuple[list[Entity], int, dict[int, list[int]], dict[int, list[int]]] | None = None


def offset_index(entities: list[Entity]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Entity indices by start offset and by end offset, each list in index order.

    Built once per entity list, so that looking up the neighbours of every mention is
    linear in the mentions (a scan per mention made a 1 MB page take hours). The list
    is recognised by identity and length: callers do not change entity lists once
    resolution has built them.
    """
    global _index_cache
    cache = _index_cache
    if cache is not None and cache[0] is entities and cache[1] == len(entities):
        return cache[2], cache[3]
    by_start: dict[int, list[int]] = {}
    by_end: dict[int, list[int]] = {}
    for j, e in enumerate(entities):
        by_start.setdefault(e.start, []).append(j)
        by_end.setdefault(e.end, []).append(j)
    _index_cache = (entities, len(entities), by_start, by_end)
    return by_start, by_end


def _title_chain(ents: list[Entity], text: str, order: list[int], k: int,
                 appointed: bool = False) -> tuple[list[int], int]:
    """Titles stacked from position k of `order` (place/organization glue skipped); returns them and the next position.
    `appointed`: the posts a verb gives, which stack only across APPOINTED_STACK_GAP and take no qualified title."""
    stack = APPOINTED_STACK_GAP if appointed else STACK_GAP
    titles = [order[k]]
    end = ents[order[k]].end
    k += 1
    while k < len(order):
        j = order[k]
        gap = text[end:ents[j].start]
        m = None
        if stack.fullmatch(gap):
            # glue (GPE/ORG written right before a title) is part of the next title
            m = _past_glue(ents, order, k)
            if not (m < len(order) and ents[order[m]].label == "TITLE"):
                m = None
        if m is None and not appointed:
            m = _qualified_title(ents, text, order, k, end)
        if m is None:
            break
        titles.append(order[m])
        end = ents[order[m]].end
        k = m + 1
    return titles, k


# A stacked title written after a few words naming its unit (省委常委、省军区少将司令员; 县委常委、政府副区长;
# 县委副书记、省直单位驻某县帮扶工作队队长; 宣传部部长,创文指挥部副指挥长): 、 or a comma, then up to sixteen
# characters, no punctuation, no name
QUALIFIED_GAP = re.compile(rf"{_WS}[、,，]{_WS}[\u4e00-\u9fff]{{1,16}}")


def _qualified_title(ents: list[Entity], text: str, order: list[int], k: int, end: int) -> int | None:
    """Position in `order` of the next title stacked after words that qualify it (QUALIFIED_GAP), places and
    organizations allowed among the words; None where a name or anything else comes first."""
    m = k
    while m < len(order) and ents[order[m]].label in ("GPE", "ORG"):
        m += 1
    if m < len(order) and ents[order[m]].label == "TITLE" and ents[order[m]].start > end \
            and QUALIFIED_GAP.fullmatch(text, end, ents[order[m]].start):
        return m
    return None


def title_links(ents: list[Entity], text: str) -> Iterator[tuple[int, int]]:
    """(person index, title index) for every title the text gives a person."""
    spans = sentences(text)
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, e in enumerate(ents):
        if e.label in ("PERSON", "TITLE", "GPE", "ORG") and not (e.label == "TITLE" and BYLINE_ROLE.fullmatch(e.text)):
            by_sentence.setdefault(sentence_of(spans, e.start), []).append(i)
    for order in by_sentence.values():
        order.sort(key=lambda i: (ents[i].start, -ents[i].end))
        yield from _titled_list_then_collective(ents, text, order)
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
                if len(persons) == 1 and _takes_post_after(ents, text, order, k):
                    k -= 1  # the name again, as a name before its new post
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
                if m > k and m + 1 < len(order) and LIST_VERB_GAP.fullmatch(text, ents[order[m]].end, ents[order[m + 1]].start):
                    # 张三、李四、王五为某镇副镇长: the names of a list given one post by a verb all hold it
                    t = _past_glue(ents, order, m + 1)
                    if t < len(order) and ents[order[t]].label == "TITLE" and not _verb_use(ents, text, order[t]):
                        titles, k2 = _title_chain(ents, text, order, t, True)
                        for p in order[k:m + 1]:
                            for t2 in titles:
                                yield p, t2
                        k = k2
                        continue
            if e.label == "PERSON" and k + 1 < len(order):
                m = _past_glue(ents, order, k + 1)
                nxt = order[m] if m < len(order) else None
                first = order[k + 1]
                gap = text[e.end:ents[first].start]
                if nxt is not None and ents[nxt].label == "TITLE" and not _verb_use(ents, text, nxt) \
                        and AFTER_GAP.fullmatch(gap):
                    appointed = APPOINT_GAP.fullmatch(gap) is not None
                    titles, k2 = _title_chain(ents, text, order, m, appointed)
                    # a title followed by a name belongs to that name, not to this one; after a verb of taking a
                    # post only a name written right on (a space parts a headline's clauses: 刘强任济南市委书记 于海田任...)
                    before_name = text[ents[titles[-1]].end:ents[order[k2]].start] if k2 < len(order) else None
                    if not (k2 < len(order) and ents[order[k2]].label == "PERSON" and NAME_GAP.fullmatch(before_name)
                            and not (appointed and before_name.isspace())):
                        for t in titles:
                            yield i, t
                        k = k2
                        continue
            k += 1


ITEM_SEP = re.compile(rf"{_WS}(?:、|,|，){_WS}|{_WS}")             # between the items of a list, or nothing


def _titled_list_then_collective(ents: list[Entity], text: str, order: list[int]) -> Iterator[tuple[int, int]]:
    """区委书记张三,区长李四,区委常委王五等区级领导: every name of a list of titled names before
    等 and a collective title holds it too (ANNOTATION.md 6: collective leader terms)."""
    for m, t in enumerate(order):
        if ents[t].label != "TITLE" or not ents[t].text.endswith("领导") or m == 0:
            continue
        p = order[m - 1]
        if ents[p].label != "PERSON" or not DENG_GAP.fullmatch(text[ents[p].end:ents[t].start]):
            continue
        persons = [p]
        n = m - 1
        while n > 0 and ITEM_SEP.fullmatch(text[ents[order[n - 1]].end:ents[order[n]].start]) \
                and ents[order[n - 1]].end <= ents[order[n]].start:
            n -= 1
            if ents[order[n]].label == "PERSON":
                persons.append(order[n])
        if len(persons) > 1:
            for q in persons:
                yield q, t


def _takes_post_after(ents: list[Entity], text: str, order: list[int], k: int) -> bool:
    """Whether the name before position k of `order` is followed by a verb of taking a post and a
    title (glue between allowed): 原某市长张三接任某市委书记."""
    p = order[k - 1]
    if k >= len(order) or not APPOINT_GAP.fullmatch(text, ents[p].end, ents[order[k]].start):
        return False
    return ents[order[_past_glue(ents, order, k)]].label == "TITLE"


def _past_glue(ents: list[Entity], order: list[int], m: int) -> int:
    """Position in `order` from m past the places and organizations each written right before the next
    mention (the glue of 巴中 + 市委书记, 县政协 + 党组书记), to the mention they are glued to."""
    while m + 1 < len(order) and ents[order[m]].label in ("GPE", "ORG") \
            and ents[order[m + 1]].start == ents[order[m]].end:
        m += 1
    return m


def _verb_use(ents: list[Entity], text: str, t: int) -> bool:
    """代表 in 罗增斌代表市委: a "title" read as a verb, because a name or body follows it directly."""
    if ents[t].text in VERB_TITLES:
        return True
    return any(ents[j].label in ("ORG", "GPE", "PERSON") for j in offset_index(ents)[0].get(ents[t].end, ()))


def _ends_list(ents: list[Entity], text: str, order: list[int], k: int) -> bool:
    """和/及 joins a name to a list only as its last item (张鹏飞、陶斌和王毅)."""
    return k + 1 >= len(order) or not LIST_GAP.fullmatch(text[ents[order[k]].end:ents[order[k + 1]].start])


# a village written as its committee is the village (ANNOTATION.md 6: 居委会 and 村委 written for the place)
_VILLAGE_BODIES = ("村委", "村委会")


def place_rank(name: str) -> int | None:
    """3 for a village or community, 2 for a town, 1 for a county, by the suffix; None otherwise."""
    for rank, suffixes in ((3, (*VILLAGE_SUFFIXES, *_VILLAGE_BODIES)), (2, TOWN_SUFFIXES), (1, COUNTY_SUFFIXES)):
        if name.endswith(suffixes) and len(name) > 2:
            return rank
    return None


_LIST_COMMA = re.compile(rf"{_WS}、{_WS}")
_KIND_RANKS = {"村": 3, "新村": 3, "社区": 3, "嘎查": 3}   # else a town's kind: 乡镇, 镇, 乡, 街道, 苏木


def closed_lists(ents: list[Entity], text: str) -> Iterator[tuple[list[int], re.Match]]:
    """(the places of the list, its closer) for each list of places joined by 、 that its kind closes
    (`PLACE_LIST_CLOSER`: 甘棠、松罗、溪柄等乡镇; 和吉、洋桥…新圩全县16个乡镇)."""
    run: list[int] = []
    for i in sorted((i for i, e in enumerate(ents) if e.label == "GPE"), key=lambda i: ents[i].start):
        if run and not _LIST_COMMA.fullmatch(text, ents[run[-1]].end, ents[i].start):
            run = []
        run.append(i)
        m = PLACE_LIST_CLOSER.match(text, ents[i].end)
        if m is not None:
            if len(run) > 1:
                yield run, m
            run = []


def listed_ranks(ents: list[Entity], text: str) -> dict[int, int]:
    """The rank (`place_rank`) of each place written bare in a list that its kind closes (甘棠、松罗、溪柄等乡镇 → 2;
    黎明、解放等4个新村 → 3), by index."""
    return {j: _KIND_RANKS.get(m.group("kind"), 2) for run, m in closed_lists(ents, text) for j in run
            if place_rank(ents[j].text) is None}


_CLAUSE_END = re.compile(r"[，,。;；：:！？!?|\n]")
# a county joined to what follows (吉水县以及八都镇, 某县和某镇) is listed beside it, not around it
# (全州县长蒋某: the county's post, fused, is no list's head either)
_JOINED = re.compile(r"[\s\u3000]*(?:、|和|与|及|以及|并|同|至|到)|长")


# 在某县, opening a sentence: the place where all that the sentence lists is
_FRAME = re.compile(r"在[^，,]+[，,]")


def part_links(ents: list[Entity], text: str) -> Iterator[tuple[int, int, bool]]:
    """(child, parent, adjacent) for each GPE the text places inside another, nearest parent only.

    - adjacency: 巴州区枣林镇 (adjacent True), and the next items of a list it opens, of the same rank
      (苍梧县龙圩镇、广平镇 → 广平镇 in 苍梧县; 注溪镇衙院村、周坪村 → 周坪村 in 注溪镇; adjacent True);
    - a place, then a list in its sentence: 在泥溪镇景家湾村、郭家坪村 (郭家坪村 → 泥溪镇), 在X镇,先后到A嘎查、B嘎查:
      a village takes the one town written before it in the sentence (none when two towns were);
      a town takes the county that heads a place before it (颍东区正午镇吴寨村及插花镇杨桥村 → 插花镇 in
      颍东区), or the county that opens the town's clause (前往某县“某某”试点项目某镇; 某区某项目、某基地、
      某街道; not 某县以及某镇, nor a county before a person), also after a village of the list
      (团结社区二道桥镇), or the county that frames the sentence (在某县,察看某镇...、某乡...), which `kg.link`
      keeps only where the division table agrees (adjacent False). A town
      written before a post or body (双石镇党委书记) names whose post it is, and heads no list;
    - a village whose sentence names no town before it: the one town the article named before that
      sentence (到X镇调研。先后到A村、B村).
    Adjacency never puts a town in a village, nor uses a one-character place. A place written bare ranks as the
    kind that closes its list (`listed_ranks`).
    """
    spans = sentences(text)
    kinds = listed_ranks(ents, text)

    def rank_of(i: int) -> int | None:
        return place_rank(ents[i].text) or kinds.get(i)

    by_sentence: dict[tuple[int, int], list[int]] = {}
    for i, e in enumerate(ents):
        if e.label == "GPE":
            by_sentence.setdefault(sentence_of(spans, e.start), []).append(i)
    # a place written before a post or a body names whose post it is (双石镇党委书记), not where a list lies;
    # before a business it is where the business is, and may head a list (在兰里镇某某公司和苍冲村)
    body_starts = {e.start for e in ents
                   if e.label == "TITLE" or (e.label == "ORG" and not e.text.endswith(BUSINESS_SUFFIXES))}
    # a village in a sentence that names no town before it takes the one town the article named before
    # that sentence, a place it visits (到大沁他拉镇调研。调研组先后到先锋村、胜利村): none when two were
    person_starts = {e.start for e in ents if e.label == "PERSON"}  # 某县张三: the county's man, not a list
    head_towns = sorted((i for i, e in enumerate(ents) if e.label == "GPE" and place_rank(e.text) == 2
                         and e.end not in body_starts), key=lambda i: ents[i].start)
    for span, order in by_sentence.items():
        order.sort(key=lambda i: ents[i].start)
        earlier = [t for t in head_towns if ents[t].end <= span[0]]
        if len({ents[t].text for t in earlier}) != 1:
            earlier = []
        towns: list[int] = []
        heads: list[int] = []  # counties written right before a town of the sentence: a list's head
        clause_heads: list[int] = []  # other counties of the sentence, not before a post or a body
        previous: int | None = None
        listed: tuple[int, int | None] | None = None  # (parent, rank) of the list the previous place is in
        for i in order:
            rank = rank_of(i)
            if listed is not None and previous is not None and rank == listed[1] \
                    and LIST_LAST_GAP.fullmatch(text, ents[previous].end, ents[i].start):
                # the next item of a list opened by adjacency (苍梧县龙圩镇、广平镇; 注溪镇衙院村、周坪村):
                # under the same parent, as the text states it
                yield i, listed[0], True
                previous = i
                continue
            listed = None
            glued = previous is not None and (ents[previous].end == ents[i].start or (
                # 某镇的某村, 某乡镇的某村: a village (or town) of the place before it, as adjacency states it
                text[ents[previous].end:ents[i].start] == "的" and rank is not None
                and (rank_of(previous) or 0) < rank))
            outer = rank_of(previous) if glued and previous is not None else None
            # a village does not hold a town (包扶村河峪乡: 包扶村 is a misread word, 团结社区二道桥镇 two
            # items of a list), and a one-character "place" is a cut name (ANNOTATION.md 2)
            holds = glued and not (rank is not None and outer is not None and outer >= rank)
            if glued and previous is not None and rank == 2 and outer == 1:
                heads.append(previous)
            elif rank == 1 and ents[i].end not in body_starts and ents[i].end not in person_starts \
                    and not _JOINED.match(text, ents[i].end):
                clause_heads.append(i)
            if holds and previous is not None:
                if min(len(ents[previous].text), len(ents[i].text)) > 1:
                    yield i, previous, True
                    # a list of bare names opened after a county or a town (某县白马、怀安; 某镇宝溪、香溪)
                    # goes on over the bare names
                    if (rank is not None or rank_of(previous) is not None) \
                            and ents[i].end not in body_starts:
                        listed = (previous, rank)
            elif rank == 3 and len({ents[t].text for t in towns}) == 1:
                yield i, towns[-1], False
            elif rank == 3 and earlier and not ents[earlier[-1]].text.startswith(ents[i].text):
                yield i, earlier[-1], False  # (北臧村 in a 北臧村镇 article is the town written short)
            elif rank == 2 and (heads or clause_heads):
                # the nearest head, or a county that opens the clause the town is listed in
                # (前往某县“某某”试点项目某镇某社区; 某区某项目、某基地、某街道某社区)
                c = clause_heads[-1] if clause_heads else None
                if c is not None and _CLAUSE_END.search(text, ents[c].end, ents[i].start) \
                        and not _FRAME.fullmatch(text, ents[c].start - 1, ents[c].end + 1):
                    c = None  # (在某县,察看某镇...、某乡...: the county that frames the sentence heads it)
                found = [k for k in (heads[-1] if heads else None, c) if k is not None]
                if found:
                    yield i, max(found, key=lambda k: ents[k].start), False
            if rank == 2:
                earlier = []  # from here on, the sentence's own towns decide
                if ents[i].end not in body_starts:
                    towns.append(i)
            previous = i


# ---- relation types between two mentions ------------------------------------------------

MentionRule = Callable[[list[Entity], str], Iterable[tuple[int, int]]]
"""rule(entities, text) -> the (head index, tail index) pairs of the mentions the text relates."""

#: relation type (of `kg.schema`) -> its rule. `kg.link` runs every rule on the article's linked
#: mentions (canonical names, codes and node keys set) and writes each pair as a `Relation` between
#: the two mentions' nodes, so a new type of this kind is its entry in `kg.schema` and its rule here.
#: The types with a resolved end (HOLDS_TITLE, MEMBER_OF, PART_OF, LOCATED_IN) are linked in `kg.link`.
MENTION_RULES: dict[str, MentionRule] = {}
