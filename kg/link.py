"""Linking: the one stage that joins resolution (`kg.resolve`) and relation extraction (`kg.relations`).

Flow: Page → Article → Mentions (`kg.nlp`) → `link_article` → linked Entities (canonical
name, GPE code, node key) and Relations (node keys of both ends, the resolved title of
HOLDS_TITLE) → `kg.graph`, which only reads these records → Neo4j.

Node keys (also the graph's node ids), stable across articles and runs:
  Place         ``place:<code>``; without a code ``place:<name>`` (GPE) or
                ``place:<name>@<city code>`` (LOC, scoped to the article's city);
                the country is ``place:中国``.
  Organization  ``org:<canonical name>``.
  Person        ``person:<name>@<jurisdiction>``: the code of the city (地级)
                holding the place of the person's title's organization, else the
                article's place (a province or municipality where no city exists;
                ``中国`` for national titles such as 总书记 or 外交部长);
                ``person:<name>`` when no place is known at all.
  Article       ``article:<Article.id>``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Iterable, Iterator

from kg.gazetteer import Division, Gazetteer
from kg.keys import COUNTRY_KEY, normalize, org_key, parse_key, person_key, place_key
from kg.lexicon import implied_body, is_bare_body, relative_org
from kg.lexicon.generate import DEPT_TITLE, PLACELESS_TITLE, RELATIVE_GPE, RELATIVE_ORG, TERM
from kg.lexicon.tables import (BARE_TITLES, BUSINESS_SUFFIXES, CONVENE_ADVERBS, CONVENE_VERBS, COUNTRY, COUNTRY_NAMES, COUNTY_SUFFIXES,
                               MEDIA_BRANCH_ENDINGS, NATIONAL_BODIES,
                               PLACELESS_BODY_ENDINGS, STREET_LEVEL, STREET_OFFICE, TOWN_SUFFIXES, VILLAGE_BODY_ENDINGS, VILLAGE_SUFFIXES,
                               VISITOR_GROUP_WORDS, ZONE_SUFFIXES)
from kg.place import (TO_PLACE, city_of, committee_name, has_level, org_place_prefix, relative_levels, renamed_county,
                      self_levels, written_place)
from kg.records import Article, Entity, Extraction, Relation
from kg.relations import (MENTION_RULES, STACK_GAP, closed_lists, glued_before, listed_ranks, offset_index, part_links, place_rank, sentence_of,
                          sentences, title_links)
from kg.resolve import COMMITTEE_DEPARTMENT_NAMES, Resolution, is_national_title, resolve, title_with_body


def link_article(article: Article, entities: Iterable[Entity], *, gazetteer: Gazetteer | None = None,
                 default_place: str | None = None,
                 holds: Iterable[tuple[Entity, Entity, str | None]] | None = None) -> Extraction:
    """Resolve `entities` (NER output on `article.text`) and extract the relations.

    Returns an `Extraction` whose entities carry `canonical` (and `code` for
    GPEs) and `key` (the graph node of the mention; None for TITLE), whose `place` is the code of the article's own place (its name where the
    table cannot tell which namesake it is, `unresolved_place`; None when unknown), and whose relations follow ANNOTATION.md. A PERSON span that
    swallowed the verb after the name (吴静作 in 吴静作工作部署) is cut back to the
    name (`trim_person`); a one-character GPE is dropped (an abbreviation or a cut name,
    ANNOTATION.md 2); other spans are kept as given. `default_place` (a
    division code) is weak evidence for articles that name no place.

    `holds` gives the HOLDS_TITLE facts when they are known (an annotated page):
    (person mention, title mention, the canonical organization of the title or
    None), each mention one of `entities`. They replace the pairs that
    `kg.relations.title_links` would find; a given organization replaces the one
    the title implies (its place from its name), None leaves that to resolution.

    >>> from kg.records import Article, ArticleMeta, Entity
    >>> text = "市委书记罗增斌在巴州区枣林镇调研。"
    >>> ents = [Entity("市委书记", "TITLE", 0, 4), Entity("罗增斌", "PERSON", 4, 7),
    ...         Entity("巴州区", "GPE", 8, 11), Entity("枣林镇", "GPE", 11, 14)]
    >>> ex = link_article(Article("a1", "-", ArticleMeta(), text, site="巴中市妇女联合会"), ents)
    >>> ex.place, [e.code for e in ex.entities if e.label == "GPE"]
    ('5119', ['511902', '511902122'])
    >>> sorted((r.head, r.type, r.tail) for r in ex.relations)[:3]
    [('枣林镇', 'PART_OF', '巴州区'), ('罗增斌', 'HOLDS_TITLE', '市委书记'), ('罗增斌', 'MEMBER_OF', '巴中市委')]
    """
    # a one-character "place" is an abbreviation or a cut name, never a GPE (ANNOTATION.md 2: 来璧, 返杨)
    entities = [e for e in entities if not (e.label == "GPE" and len(normalize(e.text)) < 2)]
    res = resolve(article, entities, gazetteer=gazetteer, default_place=default_place)
    given = None
    if holds is not None:
        # resolve() sorts the mentions and may trim a person's end: find them again by start and label
        at = {(e.start, e.label): i for i, e in enumerate(res.entities)}
        given = [(at[(p.start, p.label)], at[(t.start, t.label)], org) for p, t, org in holds]
    relations = extract_relations(res, given)
    canonical = [_canonical(res, i) for i in range(len(res.entities))]
    keys = _entity_keys(res, canonical, relations)
    linked = tuple(replace(e, key=k) for e, k in zip(canonical, keys))
    relations += mention_relations(list(linked), article.text)
    return Extraction(article=article, entities=linked, relations=tuple(relations),
                      place=uncoded_zone(res) or (res.place.code if res.place is not None else unresolved_place(res)))


# Level endings of a place an article can be about (a village or a community is visited, not the speaker).
_OWN_PLACE_ENDINGS = (*TOWN_SUFFIXES, *COUNTY_SUFFIXES, "市")


def unresolved_place(res: Resolution) -> str | None:
    """The name of the article's place where the table cannot give its code: the place of a
    town's or county's level the article names most, none of them resolved (泥溪镇 has four
    namesakes and nothing on the page chooses). A name, never a guessed code (ANNOTATION.md 5); never a
    village or community's (冬梅社区 is visited), nor one of another level than the page calls itself (南站街道
    where the page says 我区: ANNOTATION.md 4, what the page says of itself)."""
    own = self_levels(res.article.text)
    counts: dict[str, int] = {}
    for i, e in enumerate(res.entities):
        name = normalize(e.text)
        if e.label == "GPE" and res.divisions.get(i) is None and name.endswith(_OWN_PLACE_ENDINGS) \
                and not name.endswith(VILLAGE_SUFFIXES) and (not own or name.endswith(tuple(own))) \
                and not RELATIVE_GPE.match(name) and name not in COUNTRY_NAMES:
            counts[name] = counts.get(name, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def uncoded_zone(res: Resolution) -> str | None:
    """The name of a zone the table lacks (某某示范区, 某某新区) where the page names it more often than all its
    coded places together and writes no relative body of another level than a zone's 区 (or the province's):
    the page is the zone's, whatever town the table codes inside it (ANNOTATION.md 4)."""
    zones: Counter[str] = Counter()
    coded = 0
    for i, e in enumerate(res.entities):
        if e.label != "GPE":
            continue
        name = normalize(e.text)
        if res.divisions.get(i) is not None:
            coded += 1
        elif len(name) >= 4 and name.endswith(ZONE_SUFFIXES):
            zones[name] += 1
    own = {*relative_levels(res.article.text, res.entities), *self_levels(res.article.text)}
    if own - {"区", "省"}:  # its own bodies are a county's or a town's (县委 beside 某经济开发区): not the zone's
        return None
    ranked = zones.most_common(2)
    if ranked and ranked[0][1] > coded and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return ranked[0][0]
    return None


def _canonical(res: Resolution, i: int) -> Entity:
    e = res.entities[i]
    name = normalize(e.text) or e.text
    if e.label == "GPE":
        d = res.divisions.get(i)
        if d is not None:
            return replace(e, canonical=d.name, code=d.code)
        return replace(e, canonical=COUNTRY if name in COUNTRY_NAMES else name, code=None)
    if e.label == "ORG":
        org, _ = res.resolve_org(e.text, org_context(res, i))
        return replace(e, canonical=org, code=None)
    if e.label == "TITLE":
        glued, glued_org, previous = title_context(res, i)
        body = res.title_body(e.text, glued, glued_org, previous)
        return replace(e, canonical=body[1] if body else name, code=None)
    return replace(e, canonical=name, code=None)


_LISTED = re.compile(r"[\s\u3000]*(?:、|和|及|与)?[\s\u3000]*")


def org_context(res: Resolution, i: int) -> Division | None:
    """The place written for ORG `i`: a place glued before it (枣林镇党委), else the one its sentence
    gives a relative name (`sentence_context`), else, for a body written bare, the place of the body
    listed right before it (麦积镇党委、政府; 北臧村镇党委政府: ANNOTATION.md 2, 旗委政府)."""
    ents = res.entities
    j = glued_before(ents, i, ("GPE",))
    if j is not None:
        return res.divisions.get(j)
    found = sentence_context(res, i)
    name = normalize(ents[i].text)
    if found is None and (is_bare_body(name) or name in COMMITTEE_DEPARTMENT_NAMES):
        by_end = offset_index(ents)[1]
        text, start = res.article.text, ents[i].start
        for end in range(max(0, start - 3), start + 1):  # the gap: nothing, or a 、 or 和 with spaces
            for k in by_end.get(end, ()):
                if ents[k].label == "ORG" and k != i and _LISTED.fullmatch(text, end, start) \
                        and not is_bare_body(normalize(ents[k].text)):
                    found = res.resolve_org(ents[k].text, org_context(res, k))[1]
    return found


def sentence_context(res: Resolution, i: int) -> Division | None:
    """The place a relative mention takes from its own sentence: the nearest place of its
    level written before it there (清涧县考察团一行..., 县长X → 清涧县), for articles with
    two contexts (ANNOTATION.md section 4: visitors from one county, hosts in another)."""
    ents = res.entities
    e = ents[i]
    name = normalize(e.text)
    if e.label == "ORG":
        m = relative_org(name)
        lv = m.group(1) if m else ""
    else:
        implied = implied_body(name)
        lv = implied[0] if implied else ""
    if not lv:
        return None
    start, end = sentence_of(res.sentence_spans, e.start)
    # the visitors who join (参加视察) are the travellers, not the hosts (陪同): the place they go to is not theirs
    joins = _JOINS.match(res.article.text, e.end, end) is not None
    found = None
    for j, f in enumerate(ents):
        if f.start < start or f.end > e.start or f.label not in ("GPE", "ORG"):
            continue
        if joins and TO_PLACE.search(res.article.text, max(0, f.start - 8), f.start):
            continue
        if f.label == "GPE":
            # one of several places listed (到杭锦后旗、临河区、五原县考察学习): the places a page went to, no
            # one of them the home of a relative body
            d = None if _in_place_list(res, j) else res.divisions.get(j)
        elif relative_org(normalize(f.text)) is None:
            d = res.resolve_org(f.text)[1]
        else:
            d = None
        if d is not None and has_level(d, lv) and (res.place is None or d.code[:2] == res.place.code[:2]):
            found = d  # (a namesake in another province is a misread word: 和县 in ...和县乡村振兴局)
    return found


# What the travellers of a visit do in its sentence, unlike the hosts, who accompany (陪同) or receive them.
_JOINS = re.compile(r"[^。;；!！?？]*?(?:参加|参与|随同)了?(?:视察|调研|考察|检查|活动)")

_PLACE_ITEM = re.compile(r"[\s\u3000]*、[\s\u3000]*")


def _in_place_list(res: Resolution, j: int) -> bool:
    """Whether GPE `j` is written with 、 beside another GPE (an item of a list of places)."""
    ents, text = res.entities, res.article.text
    by_start, by_end = offset_index(ents)
    e = ents[j]
    after = _PLACE_ITEM.match(text, e.end)
    if after and any(ents[k].label == "GPE" for k in by_start.get(after.end(), ())):
        return True
    return any(ents[k].label == "GPE" and _PLACE_ITEM.fullmatch(text, ents[k].end, e.start) is not None
               for end in range(max(0, e.start - 3), e.start) for k in by_end.get(end, ()))


MEMBER_ROLE = re.compile(r"(?:记者|通讯员|特约记者|首席记者)[\s\u3000]*$")

# What a page visits and finds where it is: businesses, shops, farms, schools (ANNOTATION.md 3:
# X镇众诚牧业 → X镇), not media or offices, whose place is their name's or the page's.
# Businesses named by their trade rather than by 公司 (海某饲料, 某某果业, 某某光电)
_INDUSTRY_ENDINGS = ("饲料", "光电", "农业", "果业", "牧业", "渔业", "茶业", "药业", "食品", "科技", "实业", "能源",
                     "电子", "物流", "建材", "纺织", "服饰", "石材", "纸业")
VISITED_SUFFIXES = (*BUSINESS_SUFFIXES, "家庭农场", "小学", "中学", "学校", "幼儿园", "卫生院")


# A town, then the rest of a list item's name, then the list goes on (某镇委员联络站、某公司); not a town
# that frames the list (某街道辖区某工地、某社区及某中学)
_ITEM_AFTER_TOWN = re.compile(r"(?!辖区|境内)[^\W\d_、,，。;；和及与]{2,12}、")
# A place that names a visiting party (某县党政代表团, 某市人大视察组一行): the visitors' home, a few words between
_VISITORS_AFTER = re.compile(rf"[^\W\d_、,，。;；]{{0,6}}?(?:{'|'.join(VISITOR_GROUP_WORDS)})")


def visit_place(res: Resolution, i: int) -> tuple[Division | None, bool]:
    """The place the page visits organization `i` in, and whether its own sentence names it: the last
    coded place written before it in its sentence (在东方镇走访了某水库和某公司, 考察了嘉兴市...和某集团),
    the county of that place where it is a town written into another item of the list (先后到大有镇某水库、
    某某公司; 某镇委员联络站、某某公司: the company is in the county, not in the town of the other item), else the one town the page
    named before that sentence (到X镇调研。一行先后到A村、某家庭牧场; none where it named two)."""
    ents = res.entities
    start, _ = sentence_of(res.sentence_spans, ents[i].start)
    last = None
    towns: set[str] = set()
    for j, f in enumerate(ents):
        d = res.divisions.get(j) if f.label == "GPE" else None
        if d is None or f.end > ents[i].start:
            continue
        if f.start >= start:
            if not _VISITORS_AFTER.match(res.article.text, f.end):
                last = j
        elif d.level == "town" and (res.place is None or d.code != res.place.code):  # a zone's page visiting a town
            towns.add(d.code)
    if last is not None:
        d = res.divisions[last]
        # a town written into another item of the list (大有镇下溪水库、某某公司; 党寨镇陈寨村、某某园) is that
        # item's: the items after it are in the county the list goes through
        text, end = res.article.text, ents[last].end
        if d.level == "town" and (any(k != i and ents[k].label in ("GPE", "ORG", "LOC")
                                      for k in offset_index(ents)[0].get(end, ()))
                                  or _ITEM_AFTER_TOWN.match(text, end, ents[i].start)):
            d = next((a for a in res.gazetteer.ancestors(d.code) if a.level == "county"), d)
        return d, True
    return (res.gazetteer.by_code[towns.pop()] if len(towns) == 1 else None), False


def uncoded_town(surface: str) -> Division | None:
    """A town the table cannot code (双石镇 has namesakes and nothing chose), as a place without a code:
    a post glued after it still names its body (双石镇党委书记 → 双石镇党委, ANNOTATION.md 4)."""
    name = normalize(surface)
    if len(name) >= 3 and name.endswith(TOWN_SUFFIXES):
        return Division(code="", name=name, level="town", parent=None)
    if len(name) >= 4 and name.endswith(ZONE_SUFFIXES):  # a zone the table lacks (某某示范区党工委副书记)
        return Division(code="", name=name, level="county", parent=None)
    return None


def title_context(res: Resolution, i: int) -> tuple[Division | None, str | None, str | None]:
    """For TITLE `i`: the place glued before it, the organization glued before it, and the
    organization of a title stacked right before it (市委常委、宣传部部长 → 巴中市委)."""
    ents = res.entities
    glued = glued_org = previous = None
    placeless = None
    j = glued_before(ents, i, ("GPE", "ORG"))
    if j is not None:
        if ents[j].label == "GPE":
            glued = res.divisions.get(j) or uncoded_town(ents[j].text)
        elif placeless_body(res, j, i):
            placeless = normalize(ents[j].text)
        elif res.is_organization(ents[j].text):
            g2 = glued_before(ents, j, ("GPE",))
            glued_org = ents[j].text
            glued = res.divisions.get(g2) if g2 is not None else None
        else:  # a place (or noise) tagged ORG: glue only as a place
            glued = res.place_named(ents[j].text)
    k = _previous_title(res, i if placeless is None else j)
    if k is not None:
        g, go, p = _context_of_stacked(res, k)
        body = _title_body(res, ents[k].text, g, go, p)
        previous = body[0] if body else None
        if placeless is not None and body is not None and body[2] is not None:
            glued = body[2]  # 镇党委委员、人武部部长: the place of the post stacked before
        if glued is None and glued_org is None and body is not None:
            glued = _shared_place(ents[i].text, body[2])
            if glued is None and body[2] is not None and _stacked_before(res, i) is None \
                    and _same_body_post(normalize(ents[i].text), body[0]):
                glued_org = body[0]
    if glued is None and glued_org is None:
        glued = sentence_context(res, i)
    if placeless is not None:  # the body without its place: the place found, else as written
        glued_org = (written_place(glued) if glued is not None and glued.code else "") + placeless
    return glued, glued_org, previous


# A village's party branch post (王庄村支部书记, 村党支部第一书记, 韩村党总支书记, 某社区党委书记): the body is the branch
_VILLAGE_POST = re.compile(r"(?:村|社区)?(?P<body>党支部|支部|党总支|党委)(?:第一|副)?书记")
# The units whose own party branch a post glued after them is in (ANNOTATION.md section 6: villages and communities)
_BRANCH_UNITS = ("村", "社区", "嘎查")


def village_branch(res: Resolution, t: int) -> tuple[str, str, Division | None] | None:
    """The party branch or the committee of the village a village post is written for (ANNOTATION.md 4: a title
    implies its body): the village glued before the post, or, for a post opening with 村 or 社区, the last village
    written before it in its sentence (在清泉村,村党支部书记张三 → 清泉村党支部; 某村党支部书记、村主任 → 某村委会)."""
    ents = res.entities
    title = normalize(ents[t].text)
    m = _VILLAGE_POST.fullmatch(title)
    committee = _VILLAGE_COMMITTEE_POST.fullmatch(title) if m is None else None
    if m is None and committee is None:
        return None
    j = glued_before(ents, t, ("GPE",))
    village = normalize(ents[j].text) if j is not None else None
    if village is None and title.startswith(_BRANCH_UNITS):
        start, _ = sentence_of(res.sentence_spans, ents[t].start)
        village = next((normalize(f.text) for f in reversed(ents[:t]) if f.label == "GPE" and f.start >= start
                        and normalize(f.text).endswith(_BRANCH_UNITS)), None)
    if village is None or len(village) < 2 or not village.endswith(_BRANCH_UNITS) \
            or (m is not None and m.group("body") == "党委" and j is None):
        return None   # a bare 党委书记 is the town's (镇党委), not a village's
    if committee is not None:
        return _village_committee(village), title, None
    body = "党支部" if m.group("body") == "支部" else m.group("body")
    return village + body, title, None


# A village committee's post (村主任, 村委会主任, 村长, 社区主任, 居委会主任): the body is the village's committee
_VILLAGE_COMMITTEE_POST = re.compile(r"(?:村(?:委会?)?|社区|居委会?)副?主任|村长")


def _village_committee(village: str) -> str:
    """The committee of a village or community as the guideline names it (ANNOTATION.md 4: the place without its
    unit, then the body, where that leaves more than one character): 大旺村 → 大旺村委会, 韩村 → 韩村村委会,
    建北社区 → 建北社区居委会."""
    if village.endswith("村"):
        return (village[:-1] if len(village) > 2 else village) + "村委会"
    return village + ("居委会" if village.endswith("社区") else "委员会")


# A local body written with neither level nor place in front of a post is part of the TITLE
# (ANNOTATION.md 2: a relative body in front of a post; 人武部部长, 办事处主任, 老干部局局长)
_PLACELESS_ENDINGS = ("局", "办", "办公室", "中心", "部", "办事处", "站", "所")


def placeless_body(res: Resolution, j: int, t: int) -> bool:
    """Whether ORG `j`, glued before bare post `t`, is a local body written without level or place
    (人武部 + 部长, 办事处 + 主任): the model split one TITLE; not a named organization (清华大学某学院)."""
    name = normalize(res.entities[j].text)
    return (3 <= len(name) <= 6 and name.endswith(_PLACELESS_ENDINGS) and normalize(res.entities[t].text) in BARE_TITLES
            and relative_org(name) is None and not org_place_prefix(res.gazetteer, name)
            and name not in NATIONAL_BODIES and res.is_organization(name))


# A department of a party committee (县委组织部, 市委政法委): a department post stacked after it is of the
# same committee (县委常委、组织部长、统战部长 → 县委统战部, ANNOTATION.md 4)
_COMMITTEE_DEPT = re.compile(r"^(?P<committee>.+?(?:[省市州盟县区旗镇乡]委|党委|党工委))(?:[^委]{1,4}部|办公室|政法委)$")


# A zone's (开发区, 示范区, 高新区) party working committee and its management board, posts stacked in one line
_WORKING_COMMITTEE = "党工委"
_ZONE_BOARD_POST = re.compile(r"(?P<board>管委会)(?:常务)?副?主任")


def _title_body(res: Resolution, title: str, glued: Division | None, glued_org: str | None,
                previous: str | None) -> tuple[str, str, Division | None] | None:
    """`res.title_body`, where a post stacked after a committee department's post is tried against the committee."""
    post = _ZONE_BOARD_POST.fullmatch(normalize(title))
    if post and previous and previous.endswith(_WORKING_COMMITTEE) and glued is None and glued_org is None:
        # 某示范区党工委副书记、管委会主任: the zone's board, beside its working committee (ANNOTATION.md 4)
        org = previous[:-len(_WORKING_COMMITTEE)] + post.group("board")
        return org, org + normalize(title)[len(post.group("board")):], None
    m = _COMMITTEE_DEPT.match(previous) if previous and glued is None and glued_org is None else None
    if m and DEPT_TITLE.match(normalize(title)):
        # one department's head after another's (市委常委、政法委书记、统战部部长): a department of the committee,
        # not of the department before it
        previous = m.group("committee")
    body = res.title_body(title, glued, glued_org, previous)
    if body is None and glued is None and glued_org is None and previous:
        m = _COMMITTEE_DEPT.match(previous)
        if m:
            body = res.title_body(title, None, None, m.group("committee"))
    if body is None and glued_org is None:
        body = placeless_title_body(res, title, glued, previous) or street_office_body(title, glued)
    return body


# The head of a 街道 is its office's: 某街道 + 主任, 街道党工委副书记、办事处主任 (ANNOTATION.md 4: a title implies its body)
_STREET_HEAD = re.compile(rf"(?:{STREET_OFFICE})?(?:常务)?副?主任")


def street_office_body(title: str, street: Division | None) -> tuple[str, str, Division | None] | None:
    """(某街道办事处, its post, the street) for a 主任 of street `street` (glued before the post or the place of
    the post stacked before it), None for any other post or place."""
    t = normalize(title)
    if street is None or not street.name.endswith(STREET_LEVEL) or not _STREET_HEAD.fullmatch(t):
        return None
    org = written_place(street) + STREET_OFFICE
    return org, org + t.removeprefix(STREET_OFFICE), street


def placeless_unit(title: str) -> str | None:
    """The body of a TITLE written as a body named by its function alone and its post (人武部部长 → 人武部,
    武装部长 → 武装部, 动防站站长 → 动防站; `PLACELESS_TITLE`), None for any other title."""
    m = PLACELESS_TITLE.match(normalize(title))
    unit = m.group("unit") if m else None
    if unit is None or len(unit) < 3 or unit in PLACELESS_BODY_ENDINGS or unit in NATIONAL_BODIES \
            or relative_org(unit) is not None:
        return None  # (办公室主任: which office is not written; 县公安局局长: a relative body, implied_body's)
    return unit


def placeless_title_body(res: Resolution, title: str, glued: Division | None,
                         previous: str | None) -> tuple[str, str, Division | None] | None:
    """(org, canonical post, place) of a placeless body's post written as one TITLE (`placeless_unit`): the body at
    the place glued or stacked before it (邹区镇党委委员、人武部部长 → 邹区镇人武部), else, with no post before it,
    at the article's place (公安局政委 in a 陇县 article → 陇县公安局, ANNOTATION.md 4). A committee's department
    written so (宣传部部长) is in the place's committee; a town has no such department."""
    unit = placeless_unit(title)
    if unit is None or org_place_prefix(res.gazetteer, unit):
        return None
    d = glued if glued is not None else (res.place if previous is None else None)
    if d is None or (previous is not None and not previous.startswith(written_place(d))):
        return None  # after a post of a named body (某某学院党委书记、组织部部长): that body's, not a place's
    if unit in COMMITTEE_DEPARTMENT_NAMES:
        if d.level == "town":
            return None
        org = committee_name(d) + unit
    else:
        org = written_place(d) + unit
    return org, org + normalize(title)[len(unit):], d


# A post that names its body by the body's last character (副局长 of a 局, 副院长 of a 院), or 主任 of an office
_HEAD_OF = re.compile(r"(?:常务)?副?(?:(?P<unit>[局院所校社站行馆队处科])长|主任)")
_OFFICE_ENDINGS = ("办", "办公室", "委员会", "委会", "中心", "办事处", "室")
# a commission (发改委, 卫健委) has a 主任; a party committee (县委, 镇党委, 党工委) has none
_COMMISSION = re.compile(r"[^省市州盟县区旗镇乡党工]委$")


def _same_body_post(title: str, org: str) -> bool:
    """Whether a bare post written after another member of body `org`, in a list of its members, is a post
    of that body (农业农村局局长张三、副局长李四 → 李四 in the same 局; ANNOTATION.md 3, 4)."""
    m = _HEAD_OF.fullmatch(title)
    if m is None:
        return False
    if m.group("unit"):
        return org.endswith(m.group("unit"))
    return org.endswith(_OFFICE_ENDINGS) or _COMMISSION.search(org) is not None


def _shared_place(title: str, before: Division | None) -> Division | None:
    """The place of the title stacked or listed before a relative post, where it is of the post's level:
    乌什县委副书记、县长X → 乌什县政府, 湖北省委副书记、省长X → 湖北省政府 (ANNOTATION.md 4: stacked
    titles, visitors with their own place); None for another level (市委副书记、县长). A post of a body every
    place has, written without level (县委副书记、人大常委会主任X → 某县人大常委会), is of that place too."""
    implied = implied_body(normalize(title))
    if before is not None and before.code and implied is None and (
            placeless_unit(title) is not None or street_office_body(title, before) is not None):
        return before  # 镇党委委员、人武部部长: the town's 人武部; 街道党工委副书记、办事处主任: the street's office
    if before is None or not before.code or implied is None:
        return None
    if not implied[0]:
        return before if implied[1] in _PLACE_BODIES else None
    return before if has_level(before, implied[0]) else None


# The bodies of every place's leadership, which a post names without the level (人大常委会主任, 政协主席);
# not a party committee or group, which any unit has (党委书记, 党组副书记)
_PLACE_BODIES = ("人大常委会", "人大", "政协", "纪委", "监委")


_memo: tuple[Resolution, dict[int, tuple[Division | None, str | None, str | None]]] | None = None


def _context_of_stacked(res: Resolution, k: int) -> tuple[Division | None, str | None, str | None]:
    """`title_context(res, k)`, computed once per title and without recursion: a page of
    1,100 titles in a row overflowed the stack and took time cubic in the titles."""
    global _memo
    if _memo is None or _memo[0] is not res:
        _memo = (res, {})
    memo = _memo[1]
    chain = [k]  # k, the title stacked before it, the one before that...
    while chain[-1] not in memo:
        before = _previous_title(res, chain[-1])
        if before is None:
            break
        chain.append(before)
    for t in reversed(chain):
        if t not in memo:
            memo[t] = title_context(res, t)  # the title before t is in memo by now: no deeper call
    return memo[k]


def _stacked_before(res: Resolution, i: int) -> int | None:
    """The last (by index) TITLE that ends a STACK_GAP before entity `i` starts, found by offset."""
    ents, text = res.entities, res.article.text
    start = ents[i].start
    q = start  # the gap is whitespace, one separator, whitespace: walk back over it
    while q > 0 and text[q - 1].isspace():
        q -= 1
    if q == 0 or text[q - 1] not in "、,，兼":
        return None
    p = q - 1
    while p > 0 and text[p - 1].isspace():
        p -= 1
    by_end = offset_index(ents)[1]
    found = [k for end in range(p, q) for k in by_end.get(end, ())
             if ents[k].label == "TITLE" and STACK_GAP.fullmatch(text[end:start])]
    return max(found, default=None)


def _previous_title(res: Resolution, i: int) -> int | None:
    """The title whose body a title at `i` may share: stacked right before it, else that of the
    previous member of a list."""
    k = _stacked_before(res, i)
    return k if k is not None else _listed_before(res, i)


def _listed_before(res: Resolution, i: int) -> int | None:
    """The TITLE glued before the PERSON that ends one separator before entity `i`: a list of one
    body's members, each with their post (县政协副主席张三、秘书长李四: 李四's post is the 政协's)."""
    ents, text = res.entities, res.article.text
    q = ents[i].start
    while q > 0 and text[q - 1].isspace():
        q -= 1
    if q == 0 or text[q - 1] not in "、,，":
        return None
    by_end = offset_index(ents)[1]
    person = next((p for p in by_end.get(q - 1, ()) if ents[p].label == "PERSON"), None)
    if person is None:
        return None
    title = glued_before(ents, person, ("TITLE",))
    return title if title is not None and ents[title].end == ents[person].start else None


def extract_relations(res: Resolution,
                      holds: Iterable[tuple[int, int, str | None]] | None = None) -> list[Relation]:
    """Every relation of the article, once per (head, type, tail), with the node keys of both ends.

    HOLDS_TITLE carries the resolved title (`Relation.canonical`: 市委书记 in a 巴中 article → 巴中市委书记).
    `holds`: (person index, title index, organization or None) when the facts are known
    (`link_article`), else the pairs of `kg.relations.title_links`."""
    ents, text, g = res.entities, res.article.text, res.gazetteer
    spans = res.sentence_spans
    out: dict[tuple[str, str, str], Relation] = {}

    def sentence(pos: int) -> str:
        s, e = sentence_of(spans, pos)
        return text[s:e].strip()

    def add(head: str, type_: str, tail: str, hk: str | None, tk: str | None, pos: int,
            canonical: str | None = None) -> None:
        key = (head, type_, tail)
        if key not in out:
            out[key] = Relation(head, type_, tail, hk, tk, sentence(pos), canonical)  # type: ignore[arg-type]

    # HOLDS_TITLE and MEMBER_OF; a person's key is their name and their title's jurisdiction
    absorbed: set[int] = set()
    if holds is None:
        holds = [(p, t, None) for p, t in set(title_links(ents, text))]
    links = sorted(set(holds), key=lambda pt: (ents[pt[0]].start, ents[pt[1]].start))
    for p, t, given in links:
        person, title = ents[p], ents[t]
        if given is None:
            glued, glued_org, previous = title_context(res, t)
            body = village_branch(res, t) or _title_body(res, title.text, glued, glued_org, previous)
            j = glued_before(ents, p, ("ORG",))
            if body is None and j is not None and person.end == title.start and res.is_organization(ents[j].text):
                # the body written before the name, the post after it (县委张三书记): the post is in that body
                glued_org = ents[j].text
                body = res.title_body(title.text, None, glued_org, previous)
        else:
            glued, glued_org = None, given  # the title is kept as written
            body = given_body(res, normalize(given), normalize(title.text))
        national = is_national_title(title.text) and given is None
        org = body[0] if body and not RELATIVE_ORG.match(body[0]) else None
        where = body[2] if body and body[2] is not None else (res.split_title(title.text, glued)[0] or glued)
        if where is not None and not where.code:
            where = None  # an uncoded town: the person's key takes the article's place
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
        j = glued_before(ents, t, ("ORG",))
        combined = title_with_body(g, ents[j].text, title.text) if j is not None and given is None else None
        if j is not None and given is None and combined is None and placeless_body(res, j, t):
            combined = normalize(ents[j].text) + normalize(title.text)
        if combined:  # the model split 县委 off 县委副书记: the guideline's title, and no ORG there
            surface = combined
            absorbed.add(j)
        add(person.text, "HOLDS_TITLE", surface, pk, tk, pos, body[1] if body else surface)
        if org is not None:
            add(person.text, "MEMBER_OF", org, pk, org_key(org), pos)

    # written as a member: an organization right before the name (西山村委谭荣波, ANNOTATION.md 3), a job
    # word between allowed (某某日报社记者张三: no title, but a member)
    by_end = offset_index(ents)[1]
    for person in ents:
        if person.label != "PERSON":
            continue
        q = person.start
        role = MEMBER_ROLE.search(text, 0, q)
        if role is not None and role.end() == q:
            q = role.start()
        for j in by_end.get(q, ()):
            if ents[j].label == "ORG" and res.is_organization(ents[j].text) \
                    and normalize(ents[j].text) not in NATIONAL_BODIES:  # no MEMBER_OF of a national body
                org, where = res.resolve_org(ents[j].text, org_context(res, j))
                if not RELATIVE_ORG.match(org):
                    pk = person_key(normalize(person.text), res.jurisdiction(where))
                    add(person.text, "MEMBER_OF", org, pk, org_key(org), person.start)
                break

    _join_short_repeats(out)

    # PART_OF from adjacent places and from lists under a place (kg.relations.part_links)
    kinds = listed_ranks(ents, text)
    for i, j, adjacent in part_links(ents, text):
        e = ents[i]
        inner, outer = res.divisions.get(i), res.divisions.get(j)
        if inner is not None and outer is not None:
            # written side by side, the text's statement stands where the table moved the town
            # (苍梧县龙圩镇: 龙圩镇 is under 龙圩区 now); a list only where the table agrees
            if inner.code == outer.code or not (adjacent or g.is_within(inner.code, outer.code)):
                continue
        elif normalize(e.text) == normalize(ents[j].text):
            continue
        elif not adjacent and (place_rank(e.text) or kinds.get(i)) != 3:
            continue  # a town under a county it is not written beside: only where the table agrees
        add(e.text, "PART_OF", ents[j].text, res.gpe_key(i), res.gpe_key(j), e.start)
    parented = {r.head for r in out.values() if r.type == "PART_OF"}
    for i, own in (*framed_by_own_place(res), *listed_in_own_place(res)):
        if ents[i].text not in parented:
            add(ents[i].text, "PART_OF", own.name, res.gpe_key(i), place_key(own, own.name), ents[i].start)

    # LOCATED_IN for organizations with a place; a proper name is in one place, that of the mention
    # whose own sentence says most (在五芳斋集团,... after 考察了嘉兴市...和五芳斋集团)
    proper: dict[str, tuple[int, int, str, Division]] = {}
    for i, e in enumerate(ents):
        if e.label != "ORG" or i in absorbed or not (res.is_organization(e.text) or _coded_body(res, e.text)):
            continue
        village = village_of(res, i)
        if village is not None:
            name, vk = village
            add(e.text, "LOCATED_IN", name, org_key(res.resolve_org(e.text)[0]), vk, e.start)
            continue
        context = org_context(res, i)
        if context is None and is_bare_body(normalize(e.text)):
            context = _written_in_full(res, i)
        strength = 2 if context is not None else 0
        if context is None and normalize(e.text).endswith(VISITED_SUFFIXES) and not _named_local(res, e.text):
            visit, stated = visit_place(res, i)
            if visit is not None:
                context, strength = visit, 1 + stated
        canonical, place = res.resolve_org(e.text, context)
        place = front_body_place(res, e.text) or own_county_short(res, e.text) or written_with_level(res, e.text) \
            or media_place(res, e.text) or media_branch_place(res, e.text) or place
        if place is None and TERM.match(normalize(e.text)):
            place = convening_place(res, i)
        if place is None and normalize(e.text) in _TOWN_BODIES:
            # 党委, 人大, 主席团 written alone on a town's page: the town's (a county's are its 县委, 人大常委会)
            town = context or res.place
            place = town if town is not None and town.level == "town" and town.code else None
        if place is None and res.place is None:
            place = _uncoded_own_town(res, e.text)
        if place is None:
            place = _paragraph_town(res, i)
        if place is None and normalize(e.text).endswith(_INDUSTRY_ENDINGS):
            # a business named by its trade (某某饲料, 某某果业): where the page visits it, else the page's place
            visit, stated = visit_place(res, i)
            place, strength = (visit, 1 + stated) if visit is not None else (res.place, 0)
        if place is None:
            continue
        old = renamed_county("县", [place]) if place.level == "county" else None
        if old is not None and normalize(e.text).startswith(old.name):
            place = old  # a name written with the county's former name (宁河县委 of 宁河区): the place as it writes it
        if relative_org(normalize(e.text)):
            add(e.text, "LOCATED_IN", place.name, org_key(canonical), _place_node(place), e.start)
        elif e.text not in proper or strength > proper[e.text][0]:
            proper[e.text] = (strength, e.start, canonical, place)
    for text_, (_, start, canonical, place) in proper.items():
        add(text_, "LOCATED_IN", place.name, org_key(canonical), _place_node(place), start)

    return list(out.values())


# The people's political consultative conference and the democratic parties: their local committees name the
# place after the body's name (政协宝坻区委员会, 中国民主促进会赤峰市委员会, 民进赤峰市委, 九三学社某大学基层委员会)
_FRONT_BODY = re.compile(r"^(?:中国人民政治协商会议|政协|中国国民党革命委员会|中国民主同盟|中国民主建国会|中国民主促进会"
                         r"|中国农工民主党|中国致公党|九三学社|台湾民主自治同盟|民革|民盟|民建|民进|农工党|致公党|台盟)"
                         r"(?:第[一二三四五六七八九十\d]{1,3}届)?(?P<rest>\w+)$")


def front_body_place(res: Resolution, surface: str) -> Division | None:
    """The place named after a consultative conference's or a democratic party's name (政协第十一届平阴县委员会 →
    平阴县, 民进赤峰市委 → 赤峰市; ANNOTATION.md 3: by its name), None where no place follows it."""
    m = _FRONT_BODY.match(normalize(surface))
    found = org_place_prefix(res.gazetteer, m.group("rest")) if m else []
    return res.pick(found) if found else None


# A body of the page's own banner or county written with its common abbreviation (东乌旗委, 阿旗委统战部, 中旗政协)
_SHORT_UNIT = re.compile(r"^(?:中共)?(?P<short>\w{1,3}?)(?P<lv>旗|县)(?:委|政府|政协|人大)")


def own_county_short(res: Resolution, surface: str) -> Division | None:
    """The page's own county or banner where an organization's name opens with an abbreviation of it that the
    table lacks: the abbreviation's characters in order in the full name, same level (东乌旗 → 东乌珠穆沁旗,
    中旗 → 乌拉特中旗; ANNOTATION.md 2: short place names count as written)."""
    county = next((d for d in res.chain if d.level == "county"), None)
    m = _SHORT_UNIT.match(normalize(surface))
    if county is None or m is None or not county.name.endswith(m.group("lv")) or len(county.name) < 4:
        return None
    short = m.group("short")
    if res.gazetteer.lookup(short + m.group("lv")) or county.name.startswith(short + m.group("lv")):
        return None
    chars = iter(county.name[:-1])
    return county if all(c in chars for c in short) else None


def written_with_level(res: Resolution, surface: str) -> Division | None:
    """The place a short body's name opens with where the place is written with its level character (甘南州政府 →
    甘南藏族自治州: ANNOTATION.md 3, by its name), which `org_place_prefix` leaves to the page's place because
    the body's ending alone (政府, 局) follows it; never a bare word (公安局 is no 公安县)."""
    name = normalize(surface)
    if relative_org(name) is not None or org_place_prefix(res.gazetteer, name):
        return None
    for k in range(min(len(name) - 2, 8), 2, -1):
        head = name[:k]
        found = res.gazetteer.lookup(head) if head[-1] in "省市州盟县区旗" else []
        if found and is_bare_body(name[k:]):
            return res.pick(found)
    return None


_CONVENED = re.compile(rf"(?:{'|'.join(CONVENE_ADVERBS)})?(?:{'|'.join(CONVENE_VERBS)})")


def convening_place(res: Resolution, i: int) -> Division | None:
    """The place written right before the verb that convenes ORG `i`, a congress named by its term alone
    (某镇召开第五届人民代表大会第一次会议 → 某镇: ANNOTATION.md 3, the organization belongs to that place)."""
    ents, text = res.entities, res.article.text
    start = ents[i].start
    by_end = offset_index(ents)[1]
    for k in range(max(0, start - 6), start - 1):
        if _CONVENED.fullmatch(text, k, start):
            j = next((j for j in by_end.get(k, ()) if ents[j].label == "GPE"), None)
            if j is not None:
                return res.divisions.get(j)
    return None


_MEDIA_WORDS = re.compile(r"日报|晚报|报业|报社|广播电视|电视台|传媒")


def media_place(res: Resolution, surface: str) -> Division | None:
    """The place a medium's name opens with, also where the name ends like a business (甘肃日报报业集团公司 →
    甘肃省: ANNOTATION.md 3, 巴中日报 → 巴中市 by its name), not where the page visits it."""
    name = normalize(surface)
    if not _MEDIA_WORDS.search(name) or not name.endswith(BUSINESS_SUFFIXES):
        return None
    found = org_place_prefix(res.gazetteer, name)
    return res.pick(found) if found else None


_MEDIA_BRANCH = re.compile(rf"^\w{{1,6}}?(?:网|报|报社|台)(?P<place>\w{{2,8}}?)(?:{'|'.join(MEDIA_BRANCH_ENDINGS)})$")


def media_branch_place(res: Resolution, surface: str) -> Division | None:
    """The place a medium's station is named after, the whole of what stands between the medium and the station
    (某某网某县站 → 某县, ANNOTATION.md 3: 新华社江西分社 → 江西省, by its name)."""
    m = _MEDIA_BRANCH.match(normalize(surface))
    found = res.gazetteer.lookup(m.group("place")) if m else []
    return res.pick(found) if found else None


def _paragraph_town(res: Resolution, i: int) -> Division | None:
    """For a town's relative body that the page's places leave open (乡党委 on a county's page naming two 乡
    as often): the last town of its level written before it in its paragraph (在万寨乡集镇,...该乡...乡党委要...),
    inside the page's place (ANNOTATION.md 4: each relative name takes the context of its sentence)."""
    ents, text = res.entities, res.article.text
    m = relative_org(normalize(ents[i].text))
    if m is None or m.group(1) not in TOWN_SUFFIXES or res.place is None:
        return None
    start = text.rfind("\n", 0, ents[i].start) + 1
    found = None
    for j, f in enumerate(ents[:i]):
        d = res.divisions.get(j) if f.label == "GPE" and f.start >= start else None
        if d is not None and has_level(d, m.group(1)) and res.gazetteer.is_within(d.code, res.place.code):
            found = d
    return found


def _place_node(place: Division) -> str:
    """The node key of a LOCATED_IN tail: its code, or its name where the table gave none (`uncoded_town`)."""
    return place_key(place if place.code else None, place.name)


def _uncoded_own_town(res: Resolution, surface: str) -> Division | None:
    """The page's own town where the table cannot code it (牌楼镇 with namesakes, nothing on the page choosing),
    as a place without a code, for the town's bodies: written relative (镇纪委), bare (农经站), or named by it
    (牌楼镇党委). ANNOTATION.md 3: a relative body is in the article's place, which has a name if no code."""
    town = uncoded_town(unresolved_place(res) or "")
    name = normalize(surface)
    if town is None or town.level != "town":
        return None
    m = relative_org(name)
    if (m and town.name.endswith(m.group(1))) or is_bare_body(name) \
            or (name.startswith(town.name) and len(name) > len(town.name)):
        return town
    return None


def _named_local(res: Resolution, surface: str) -> bool:
    """Whether an organization's name opens with a county or town of the page's province (黄平民族中学 on a
    黄平县 page): it is there, wherever the page visits it (ANNOTATION.md 3: by its name); a province or a city in
    a name (四川某某公司, 南通某某有限公司) says too little, and a namesake elsewhere is a word (三江小学)."""
    found = org_place_prefix(res.gazetteer, surface)
    named = res.pick(found) if found else None
    return named is not None and named.level in ("county", "town") and res.place is not None \
        and named.code[:2] == res.place.code[:2]


def _written_in_full(res: Resolution, i: int) -> Division | None:
    """The place of the proper name that bare body `i` repeats short (方兴社区指挥调度中心 ... 在指挥调度中心召开
    现场会: the community's centre, not the page's), where the page's longer names ending with it agree on one
    town or community of the page's city."""
    name = normalize(res.entities[i].text)
    city = city_of(res.place, res.gazetteer)
    places = {}
    for f in res.entities:
        other = normalize(f.text)
        if f.label == "ORG" and other != name and other.endswith(name) and relative_org(other) is None:
            d = res.resolve_org(f.text)[1]
            if d is None or d.level != "town" or city is None or not res.gazetteer.is_within(d.code, city.code):
                return None  # (武安市财政局 beside the 财政局 of a 广平县 page: another county's, not this one's)
            places[d.code or d.name] = d
    return places.popitem()[1] if len(places) == 1 else None


def _coded_body(res: Resolution, surface: str) -> bool:
    """A body written bare that the table also codes as a town (林业局, 林场: the state forestry and farm
    units): an organization of the page's place all the same (ANNOTATION.md 4: a body without a level
    takes the article's place), not a place tagged ORG."""
    name = normalize(surface)
    found = res.gazetteer.lookup(name)
    return is_bare_body(name) and bool(found) and all(d.level == "town" for d in found)


# The bodies a town names without a level (ANNOTATION.md 6: 妇联 / 政协 / 政府 used alone for a specific
# local body): a town's party committee, its people's congress and that congress's presidium
_TOWN_BODIES = ("党委", "人大", "主席团", "人大主席团")


# A village's or community's own body named by it (西山村委, 建北社区党委): the village is its name's first part
# (a town written before it is the town's: 朝阳街道山川社区党委 → 山川社区; 农业农村委 is no village's)
_VILLAGE_BODY_NAME = re.compile(rf"^(?:\w+?(?:镇|乡|街道))?(?P<village>\w{{2,}}?(?<!农)(?:{'|'.join(VILLAGE_SUFFIXES[:3])}))"
                                rf"(?:{'|'.join(VILLAGE_BODY_ENDINGS)})$")
# What follows a village's name inside a town's (北臧村镇党委) or another unit's name: no body of the village
_UNIT_AFTER = ("镇", "乡", "街道", "村", "社区", "区", "县", "市")
# A village's body written relative (村党支部, 村委会 after 在清泉村,): the village its sentence names
_RELATIVE_VILLAGE_BODY = re.compile(rf"^村(?:{'|'.join(x for x in VILLAGE_BODY_ENDINGS if x != '居委会')})$")


def village_of(res: Resolution, i: int) -> tuple[str, str] | None:
    """(village, its node key) for ORG `i` where it belongs to a village or community (ANNOTATION.md 3, by
    name or adjacency): a village's own body (西山村委 → 西山村), a village written right before it (到西宝山村
    某某养殖有限公司), a name opening with a village the page writes (后杨村小学; 双桥小学 beside 双桥村), or a
    relative village body after its paragraph's last village (在清泉村,村党支部...). None otherwise: the table codes
    no village, so the place of an organization there is its name or its neighbour's, never a guess."""
    ents = res.entities
    name = normalize(ents[i].text)
    m = _VILLAGE_BODY_NAME.fullmatch(name)
    if m and relative_org(name) is None:
        return m.group("village"), place_key(None, m.group("village"))
    villages = [(j, normalize(f.text)) for j, f in enumerate(ents)
                if f.label == "GPE" and normalize(f.text).endswith(VILLAGE_SUFFIXES) and len(normalize(f.text)) >= 3
                and (res.divisions.get(j) is None or res.divisions[j].level not in ("town", "county", "city"))]
    j = glued_before(ents, i, ("GPE",))
    for k, v in villages:
        if k == j:
            return v, res.gpe_key(k)
    for k, v in villages:
        short = v.removesuffix("村")
        if name.startswith(v) and len(name) > len(v) and not name.startswith(_UNIT_AFTER, len(v)) \
                or (name.endswith(VISITED_SUFFIXES) and len(short) >= 2 and name.startswith(short) and short != v
                    and not name.startswith(_UNIT_AFTER, len(short))):
            return v, res.gpe_key(k)
    if _RELATIVE_VILLAGE_BODY.fullmatch(name):  # (在清泉村,...。该村..., 村党支部: the paragraph's last village)
        start = res.article.text.rfind("\n", 0, ents[i].start) + 1
        found = [(k, v) for k, v in villages if start <= ents[k].start and ents[k].end <= ents[i].start]
        if found:
            return found[-1][1], res.gpe_key(found[-1][0])
    return None


# A sentence framed by the page's own place, written relative (在我县期间, 在本区调研时,): what it lists is there
_OWN_FRAME = re.compile(r"[\s\u3000]*在(?:我|本)(?P<lv>县|区|市|旗)[^，,。]{0,6}[，,]")


def framed_by_own_place(res: Resolution) -> Iterator[tuple[int, Division]]:
    """(town, the article's place) for each town listed in a sentence that the page's own place frames
    (在我县期间,一行先后深入某镇、某乡...: ANNOTATION.md 3, a list under a place), where the table agrees."""
    text = res.article.text
    for start, end in res.sentence_spans:
        m = _OWN_FRAME.match(text, start, end)
        own = res.level_place(m.group("lv")) if m else None
        if own is None or not own.code:
            continue
        for i, e in enumerate(res.entities):
            d = res.divisions.get(i) if e.label == "GPE" and start <= e.start < end else None
            if d is not None and d.level == "town" and res.gazetteer.is_within(d.code, own.code):
                yield i, own


def listed_in_own_place(res: Resolution) -> Iterator[tuple[int, Division]]:
    """(town, the article's place) for each town of a list that the page's own place closes (和吉、洋桥…新圩全县16个
    乡镇: ANNOTATION.md 3, a list under a place), where the table has the town in that place, also by the short name
    the list writes."""
    g = res.gazetteer
    for run, m in closed_lists(res.entities, res.article.text):
        own = res.level_place(m.group("own")) if m.group("own") else None
        if own is None or not own.code:
            continue
        for i in run:
            d = res.divisions.get(i)
            if (d is not None and d.level == "town" and g.is_within(d.code, own.code)) \
                    or res.town_of(own, res.entities[i].text) is not None:
                yield i, own


def _join_short_repeats(out: dict[tuple[str, str, str], Relation]) -> None:
    """A post written short after the page gave it in full (宣传部部长冬月 ... 冬月部长) is the same post:
    the short HOLDS_TITLE, which alone resolves to no body (a person keyed by name only, a post of
    the article's place), takes the full one's person, organization and canonical post, so one
    person and one career row carry both forms."""
    full: dict[str, list[Relation]] = {}
    for r in out.values():
        if r.type == "HOLDS_TITLE" and _in_org(r) and r.head_key and parse_key(r.head_key).scope is not None:
            full.setdefault(normalize(r.head), []).append(r)
    for key, r in list(out.items()):
        if r.type != "HOLDS_TITLE" or _in_org(r):
            continue
        longer = {(f.head_key, f.tail_key, f.canonical) for f in full.get(normalize(r.head), ())
                  if len(f.tail) > len(r.tail) and f.tail.endswith(r.tail)}
        if len(longer) == 1:
            hk, tk, canonical = longer.pop()
            out[key] = replace(r, head_key=hk, tail_key=tk, canonical=canonical)


def _in_org(r: Relation) -> bool:
    return r.tail_key is not None and parse_key(r.tail_key).kind == "org"


def mention_relations(entities: list[Entity], text: str) -> list[Relation]:
    """The relations of `kg.relations.MENTION_RULES` on linked `entities`, once per (head, type, tail),
    between the node keys of the two mentions."""
    if not MENTION_RULES:
        return []  # none registered today: no second sentence scan per article
    spans = sentences(text)
    out: dict[tuple[str, str, str], Relation] = {}
    for type_, rule in MENTION_RULES.items():
        for i, j in rule(entities, text):
            head, tail = entities[i], entities[j]
            s, e = sentence_of(spans, min(head.start, tail.start))
            out.setdefault((head.text, type_, tail.text),
                           Relation(head.text, type_, tail.text, head.key, tail.key, text[s:e].strip()))  # type: ignore[arg-type]
    return list(out.values())


def given_body(res: Resolution, org: str, title: str) -> tuple[str, str, Division | None]:
    """(org, canonical post, org's place) of `title` held in the known organization `org`.

    The place is the one the organization's name begins with. The post is written as
    resolution writes it: the body the title implies, when `org` ends with it, is the
    organization's (子长县政府 + 县长 → 子长县长, 苏尼特左旗委 + 旗委书记 →
    苏尼特左旗委书记); else a body both write is written once (银川市委组织部 +
    组织部部长 → 银川市委组织部部长); else the organization, then the title (广州市政协 + 主席)."""
    _, place = res.resolve_org(org)
    implied = implied_body(title)
    if implied is not None and implied[0] and org.endswith(implied[0] + implied[1]) \
            and not 0 <= title.find(implied[1]) < title.find(implied[0]):  # (政府县长: the overlap below)
        return org, org[:-len(implied[0] + implied[1])] + title, place
    overlap = max((k for k in range(2, min(len(org), len(title)) + 1) if org.endswith(title[:k])), default=0)
    return org, org + title[overlap:], place


def _entity_keys(res: Resolution, entities: list[Entity], relations: list[Relation]) -> list[str | None]:
    """The node key of each entity (None for TITLE: titles live on edges).

    A person's key comes from their titles: the one stated in the mention's own
    sentence, else the first one of that name in the article, else the name and the
    article's city.
    """
    text, scope = res.article.text, res.scope
    persons: dict[str, str] = {}
    in_sentence: dict[tuple[str, str], str] = {}
    for r in relations:
        if r.type in ("HOLDS_TITLE", "MEMBER_OF") and r.head_key and parse_key(r.head_key).kind == "person":
            persons.setdefault(normalize(r.head), r.head_key)
            in_sentence.setdefault((normalize(r.head), r.sentence or ""), r.head_key)
    spans = sentences(text)
    keys: list[str | None] = []
    for i, e in enumerate(entities):
        name = normalize(e.canonical or e.text)
        if e.label == "PERSON":
            s, t = sentence_of(spans, e.start)
            sent = text[s:t].strip()
            keys.append(in_sentence.get((normalize(e.text), sent)) or persons.get(normalize(e.text))
                        or person_key(name, scope))
        elif e.label == "ORG":
            keys.append(org_key(name))
        elif e.label == "GPE":
            keys.append(place_key(res.divisions.get(i), name))
        elif e.label == "LOC":
            keys.append(res.loc_key(i))
        else:
            keys.append(None)
    return keys
