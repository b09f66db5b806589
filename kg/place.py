"""Where an article speaks from, and the division lookups that place names and bodies go through.

`infer_place(article, entities, gazetteer, divisions)` is the article's own place (ANNOTATION.md 4): the
most specific division that at least half of the weighted evidence lies in, at the level the page
speaks from. The evidence: the site's place (from its name or its host's pinyin), the source line's
and the dateline's media, the places and place-named organizations the text names, less the places
the page travels to or whose visitors it receives, and the county or town its headline opens with.

The lookups (`place_prefix`, `org_place_prefix`, `gpe_candidates`, `former_county`, `city_of`, ...)
are shared with `kg.resolve`, which codes every GPE and resolves relative bodies against this place.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Sequence
from urllib.parse import urlsplit

from kg.gazetteer import Division, Gazetteer
from kg.keys import normalize
from kg.lexicon import body_prefix, implied_body, is_bare_body, relative_org
from kg.lexicon.generate import LEVEL_CHARS, RELATIVE_GPE, RELATIVE_ORG
from kg.lexicon.tables import (BARE_BODY_SUFFIXES, COUNTY_SUFFIXES, MEDIA_SUFFIXES, PARTY_PREFIXES, STREET_LEVEL, TOWN_SUFFIXES,
                               VILLAGE_SUFFIXES, ZONE_SUFFIXES)
from kg.records import Article, Entity
from kg.relations import sentence_of, sentences

# Weights of the evidence for an article's place (see `infer_place`).
W_SITE, W_SOURCE, W_ORG, W_GPE, W_DEFAULT = 3.0, 2.0, 1.0, 1.0, 0.5


_PARTY_PREFIX = re.compile(rf"^(?:{'|'.join(PARTY_PREFIXES)})")


def city_of(division: Division | None, gazetteer: Gazetteer) -> Division | None:
    """The city (地级) holding `division`; a province (or municipality) where there is none."""
    if division is None or division.level in ("province", "city"):
        return division
    chain = [division, *gazetteer.ancestors(division.code)]
    for d in chain:
        if d.level == "city":
            return d
    return chain[-1]


def place_prefix(gazetteer: Gazetteer, text: str) -> list[Division]:
    """The divisions named by the longest gazetteer name `text` starts with (巴中日报 → 巴中市)."""
    return _place_prefix(gazetteer, text)[0]


# Words that follow a place in a name and share their first character with a short name's last (镇江新区's short
# name 镇江新): a place never ends inside one.
_WORDS_AFTER_PLACES = ("新闻",)


def _place_prefix(gazetteer: Gazetteer, text: str) -> tuple[list[Division], str]:
    """`place_prefix`, and the rest of `text` after the place names."""
    text = _PARTY_PREFIX.sub("", normalize(text))
    found: list[Division] = []
    while text:
        for k in range(len(text), 1, -1):
            if any(text.startswith(w, k - 1) for w in _WORDS_AFTER_PLACES):
                continue  # 镇江新闻 is 镇江 + 新闻, not 镇江新(区) + 闻
            inner = gazetteer.lookup(text[:k])
            if found:  # a run of names (福州市鼓楼区): keep going down while nested
                inner = [d for d in inner if any(gazetteer.is_within(d.code, o.code) for o in found)]
            if inner:
                found, text = inner, text[k:]
                break
        else:
            break
    return found, text


# The level words of a unit below a county, written right after a name (双桥村委会, 梅西镇政府).
_OTHER_UNIT = (*VILLAGE_SUFFIXES, "居委", *TOWN_SUFFIXES)


def org_place_prefix(gazetteer: Gazetteer, name: str) -> list[Division]:
    """The places an organization's name opens with (巴中日报 → 巴中市, 驻马店网, 平阴政协 → 平阴县,
    奎屯市委), none where a short name leaves only a body's ending (公安局 is no 公安县 + 局:
    ANNOTATION.md 4)."""
    found, rest = _place_prefix(gazetteer, name)
    text = _PARTY_PREFIX.sub("", normalize(name))
    head = text[:len(text) - len(rest)]
    if rest in BARE_BODY_SUFFIXES and not any(head.endswith(d.name) for d in found):
        return []
    if not rest and is_bare_body(text) and all(d.level == "town" for d in found):
        return []  # 林业局, 林场: the body, not the state forestry or farm unit the table codes as a town
    if rest.startswith(_OTHER_UNIT) and not any(head.endswith(d.name) for d in found):
        return []  # 双桥村委会, 梅西镇政府: a village or town that shares a county's short name
    return found


def renamed_county(lv: str, chain: Sequence[Division]) -> Division | None:
    """The county of `chain` under the name it had as a 县, where the table has it as a 市 or 区 since
    (旬阳县 → 旬阳市, 宁河县 → 宁河区): 县委 in its article is its 县委, written as the page writes it
    (旬阳县委, 云安 + 县委书记 → 云安县委; ANNOTATION.md 4: relative names resolve to the article's place).
    Same code, so the same node; None where the chain holds no such county or `lv` is not 县."""
    if lv != "县":
        return None
    d = next((d for d in chain if d.level == "county"), None)
    if d is None or not d.name.endswith(("市", "区")) or d.name.endswith("自治区"):
        return None
    return replace(d, name=body_prefix(d.name) + lv)


def former_county(g: Gazetteer, name: str) -> list[Division]:
    """The county-level 市 or 区 of `name`'s stem where the table has no 县 `name` (旬阳县 → 旬阳市, 宁河县 →
    宁河区): the unit renamed since the page was written, under the name the page writes (`renamed_county`:
    same code, so the same node). None where the table still has such a 县 or no unit of that stem."""
    if len(name) < 3 or not name.endswith("县") or g.lookup(name):
        return []
    out = []
    for d in g.lookup(name[:-1]):
        old = renamed_county("县", [d])
        if old is not None and old.name == name:
            out.append(old)
    return out


def committee_name(d: Division) -> str:
    """The party committee of place `d` as a department's name opens with it: 安吉县 → 安吉县委, 枣林镇 → 枣林镇党委."""
    place = written_place(d)
    return place + ("委" if place[-1:] in "省市州盟县区旗" else "党委")


def written_place(d: Division) -> str:
    """The place as a body without a level unit is prefixed with (公安局 → 陇县公安局, 章贡区农业农村局,
    长白县公安局): the body prefix, then the level unit where the prefix dropped it."""
    prefix = body_prefix(d.name)
    if prefix == d.name:
        return prefix
    unit = STREET_LEVEL if d.name.endswith(STREET_LEVEL) else d.name[-1]
    return prefix + unit


def has_level(d: Division, lv: str) -> bool:
    """Whether `d` is a unit of level character `lv` (巴中市 is 市; 广西壮族自治区 is no 区)."""
    return d.name.endswith(lv) and not (lv == "区" and d.name.endswith("自治区"))


def closeness(g: Gazetteer, cand: Division, evidence: Division) -> float:
    """How well `cand` fits a place the article is known to be about."""
    if g.is_within(cand.code, evidence.code):
        return 2.0
    if g.is_within(evidence.code, cand.code):
        return 1.0
    if cand.code[:4] == evidence.code[:4] and len(cand.code) >= 4 and len(evidence.code) >= 4:
        return 1.0
    if cand.code[:2] == evidence.code[:2]:
        return 0.5
    return 0.0


def gpe_candidates(g: Gazetteer, name: str) -> list[Division]:
    """Divisions a GPE surface can mean; an unsplit run of names (巴中市巴州区) means its last one."""
    name = normalize(name)
    found = g.lookup(name) or former_county(g, name)
    if found:
        return found
    parts = split_place_names(g, name)
    if parts and len(parts) > 1:
        outer: list[Division] = g.lookup(parts[-2])
        last = g.lookup(parts[-1])
        inside = [d for d in last if any(g.is_within(d.code, o.code) for o in outer)]
        return inside or last
    return []


def split_place_names(g: Gazetteer, name: str) -> list[str] | None:
    if not name:
        return []
    for k in range(len(name), 1, -1):
        if g.lookup(name[:k]):
            rest = split_place_names(g, name[k:])
            if rest is not None:
                return [name[:k], *rest]
    return None


def infer_place(article: Article, entities: Sequence[Entity], gazetteer: Gazetteer,
                divisions: dict[int, Division | None], default_place: str | None = None) -> Division | None:
    """The article's own place: the most specific division that at least half the evidence lies in,
    at the level the page speaks from (`place_at_level`).

    Evidence, weighted: the site's place (3), the source's (2), each resolved GPE
    mention (1), each organization starting with a place name (1), and
    `default_place` (0.5, a code) when given.
    """
    evidence = context_evidence(article, entities, gazetteer, default_place)
    cands = {i: gpe_candidates(gazetteer, e.text) for i, e in enumerate(entities) if e.label == "GPE"}
    moved = outside_their_county(article.text, entities, gazetteer, cands)
    evidence += [(d, W_GPE) for i, d in divisions.items() if d is not None and normalize(entities[i].text) not in moved]
    levels = relative_levels(article.text, entities)
    away, above = away_places(article.text, entities, divisions, gazetteer)
    evidence += [(d, W_SITE) for d in above]
    stated = stated_places(article, gazetteer)
    # the site's or source line's own place is home, whatever the text seems to travel to (中国张掖网: 签订张掖市、
    # 海北州合作框架协议 with visitors from 海北州)
    away = [a for a in away if not any(gazetteer.is_within(s.code, a.code) for s in stated)]
    if away:  # a place the page travels to or is visited from is not its own (ANNOTATION.md 4)
        home = [(d, w) for d, w in evidence if not any(gazetteer.is_within(d.code, a.code) for a in away)]
        # the visitors' own province or city (河北省深泽县...来我县) where nothing else of the page lies in it
        home = [(d, w) for d, w in home if not any(gazetteer.is_within(a.code, d.code) for a in away)
                or any(o.code != d.code and gazetteer.is_within(o.code, d.code) for o, _ in home)]
        if not home:  # nothing else named: the page speaks from the place above it at its relative level
            home = [(a, W_GPE) for d in away for a in gazetteer.ancestors(d.code)[:2]
                    if any(has_level(a, lv) for lv in levels)][:1]
        evidence = home
    place = place_at_level(gazetteer, _majority_place(gazetteer, evidence), evidence,
                           levels, self_levels(article.text), stated)
    if any(d.level in ("county", "town") for d in stated):
        return place  # the site or source line is a county's or a town's: its headlines report from there
    acting = headline_place(article.text, gazetteer, evidence)
    if acting is not None and (place is None or gazetteer.is_within(acting.code, place.code)):
        return acting  # a county or town of the place found that the headline says acts (戴庙镇召开...)
    return place


# What may come before the headline's first word: a label, a dash, a date and time of day
# (标题: , ——, 【时政速览】, 2024年10月4日上午,).
_HEADLINE_LEAD = re.compile(r"^(?:标题[:：]|——|—|【[^】]{1,10}】|\d{4}年|\d{1,2}月|\d{1,2}日|[上下中]午|晚上?|早上?|至|[\s\u3000,])*")


# A place acting as the headline's subject: it holds a meeting or an event (戴庙镇召开..., 北站街道组织开展...),
# or it stands alone before a space, a bar or a colon (公园街道 | 一周工作播报, 西湖镇:扎实抓好...), or its people
# act (北林干部群众...).
_ACTS = re.compile(r"(?:隆重|专题|组织)?(?:召开|举行|举办|开展|启动|组织)|干部|群众|党员")


def headline_place(text: str, g: Gazetteer, evidence: Sequence[tuple[Division, float]]) -> Division | None:
    """The county or town the article's first line opens with as its subject (ANNOTATION.md 4: the page's
    title says its place), the namesake the other evidence lies near; None where the line opens otherwise
    (a delegation, a post, a village: 平定县委组织部组团在繁峙县..., 麦积镇滩子村...)."""
    first = _HEADLINE_LEAD.sub("", text.split("\n", 1)[0])
    found, rest = _place_prefix(g, first)
    found = [d for d in outer_namesake(g, found) if d.level in ("county", "town")]
    alone = not _place_prefix(g, re.split(r"[\s\u3000|:：]", first, maxsplit=1)[0])[1]  # the names, a space or colon
    if not found or not (alone or _ACTS.match(rest)):
        return None
    if len(found) > 1:
        found = [d for d in found if any(g.is_within(d.code, o.code) or g.is_within(o.code, d.code)
                                         for o, _ in evidence)]
    return found[0] if len(found) == 1 else None


# A verb of travel written right before its destination (赴洛川县, 考察了嘉兴市), and the page's
# own place as the destination of visitors (清涧县考察团...来我县).
TO_PLACE = re.compile(r"(?:赴|前往|到|来到|抵达|走进|考察了?)[\s\u3000]*$")


_TO_HERE = re.compile(rf"(?:来|到|赴|莅临)(?:我|本)({STREET_LEVEL}|[{LEVEL_CHARS}])")


_CLAUSE_BREAK = re.compile(r"[,;，；]")


_LIST_GAP = re.compile(r"[\s\u3000]*(?:、|和|及|以及|与)?[\s\u3000]*")


# A named host: 来 (not 赴, 到 or 来到, which the travelling side writes too) right before a place and a purpose
# (东丽区代表团来宁河县参观考察, 来太原市清徐县考察调研): the writer is at that place. Not 以来, 近年来 ...
_COME = re.compile(r"(?<![以年未后原从本将近出起下上回过])来$")


_PURPOSE = re.compile(r"[\s\u3000]*(?:参观|考察|调研|视察|检查|指导|学习|交流|慰问|观摩|走访|对接|洽谈|督导|督查)")


def away_places(text: str, entities: Sequence[Entity], divisions: dict[int, Division | None],
                g: Gazetteer) -> tuple[list[Division], list[Division]]:
    """The counties and larger places a page names as elsewhere (ANNOTATION.md 4: two contexts), and
    the cities its own 市 bodies go down from.

    - The destination of a journey whose traveller, written before it in its sentence, is the
      page's own: a place (or a body named by one) of a level the page's own relative mentions are
      written at and the destination's is not (安塞区代表团赴洛川县, then 区人大常委会主任...: the
      page is 安塞's), or an own relative body or post of the destination's level (市委书记...考察了
      嘉兴市: the page's 市 is not 嘉兴). Own relative mentions have no place of their level before
      them in their sentence (洛川县人大常委会主任X,县委常委Y: 县委常委 is 洛川's; 南江县考察团由县长X
      带队: 南江's). A city visiting its own county (巴中市的干部到南江县) says nothing; an own 市 body
      visiting a county-level 市 (市委统战部赴建德市) says the page is the city above it (the second list
      returned). Every stop listed after the verb, or glued to its destination, is
      a destination too (赴赤壁市、嘉鱼县和崇阳县).
    - The places of the visitors to 我县 (清涧县考察团...来我县), except those above the host's level
      (黄冈市委副书记...来我县: the county's own city)."""
    spans = sentences(text)
    places: dict[int, Division] = {}  # mention -> the county or larger place it is or is named by
    for i, e in enumerate(entities):
        d = divisions.get(i) if e.label == "GPE" else None
        if e.label == "ORG" and not relative_org(normalize(e.text)):
            found = place_prefix(g, e.text)
            d = found[0] if len(found) == 1 else None
        if d is not None and d.level != "town":
            places[i] = d
    glued = {e.end for e in entities if e.label in ("GPE", "ORG")}
    free: dict[int, str] = {}  # the page's own relative mentions -> their level unit
    for j, f in enumerate(entities):
        lv = _relative_level(f) if f.start not in glued else ""
        if lv:
            s, _ = sentence_of(spans, f.start)
            if not any(s <= entities[i].start < f.start and has_level(d, lv) for i, d in places.items()):
                free[j] = lv
    own = set(free.values())
    # the places whose party committee the page names before it travels (七台河市委召开会议...市委书记深入到七台河市最偏远的
    # 宏伟镇): its own, wherever its officials go in it; not the hosts' (赴衡水市...衡水市委书记)
    committees = {normalize(e.text): e.start for e in entities if e.label == "ORG"}
    away: dict[str, Division] = {}
    above: dict[str, Division] = {}
    destinations = _destinations(text, entities)
    for i in destinations:
        d = places.get(i)
        if d is None:
            continue
        e = entities[i]
        s, _ = sentence_of(spans, e.start)
        if committees.get(committee_name(d), len(text)) < s:
            continue
        for j, f in enumerate(entities):
            if f.start < s or f.end > e.start or j in destinations:  # the traveller, not a stop before
                continue
            o = places.get(j)
            if o is not None and any(has_level(o, lv) for lv in own) and not any(has_level(d, lv) for lv in own) \
                    and not (g.is_within(d.code, o.code) or g.is_within(o.code, d.code)):
                away[d.code] = d
            elif j in free and has_level(d, free[j]):
                away[d.code] = d
                parent = g.by_code.get(d.parent or "")
                if free[j] == "市" and d.level == "county" and parent is not None:
                    # the page's own 市 going down to a county-level 市 (市委统战部赴建德市): the city above it
                    above[parent.code] = parent
    for m in _TO_HERE.finditer(text):
        s, _ = sentence_of(spans, m.start())
        host = m.group(1)
        for i, d in places.items():
            if not s <= entities[i].start < m.start() or len(_CLAUSE_BREAK.findall(text, entities[i].end, m.start())) > 2 \
                    or TO_PLACE.search(text, max(0, entities[i].start - 8), entities[i].start):
                # 为了解都兰县...创造条件, 12月10日,州人大...来我县; 考察泾川县人大工作...来我县: the place of the purpose
                # or the one visited, not the visitors'
                continue
            # a visitor from above the host's level (黄冈市委副书记...来我县) is the host's own city or province
            # where the page's other places lie in it
            above_host = d.level == "province" or host in COUNTY_SUFFIXES and d.level == "city"
            if not (above_host and any(o is not None and o.code != d.code and g.is_within(o.code, d.code)
                                       for o in divisions.values())):
                away[d.code] = d
    for start, host in _named_hosts(text, entities, divisions):
        s, _ = sentence_of(spans, start)
        for i, d in places.items():
            # the visitors' places; the host's own city (来太原市清徐县) is no visitor
            if s <= entities[i].start < start and not (g.is_within(d.code, host.code) or g.is_within(host.code, d.code)):
                away[d.code] = d
    return list(away.values()), list(above.values())


def _named_hosts(text: str, entities: Sequence[Entity],
                 divisions: dict[int, Division | None]) -> list[tuple[int, Division]]:
    """(where the run of places starts, the place) of each place written after 来 and before a purpose
    (来太原市清徐县考察调研 → 清徐县): the host of visitors, whose page it is (ANNOTATION.md 4)."""
    out = []
    for i, e in enumerate(entities):
        if e.label != "GPE" or not _COME.search(text, 0, e.start) or e.start == 0:
            continue
        k = i
        while k + 1 < len(entities) and entities[k + 1].label == "GPE" and entities[k + 1].start == entities[k].end:
            k += 1  # the run of names down to the host (太原市清徐县)
        host = divisions.get(k)
        if host is not None and _PURPOSE.match(text, entities[k].end):
            out.append((e.start, host))
    return out


def _destinations(text: str, entities: Sequence[Entity]) -> list[int]:
    """The GPE mentions a verb of travel leads to: the one right after it, the places glued to it
    (前往四川凉山州) and those listed after it (赴赤壁市、嘉鱼县和崇阳县)."""
    out: list[int] = []
    previous: int | None = None
    for i, e in enumerate(entities):
        if e.label != "GPE":
            continue
        after_verb = TO_PLACE.search(text[max(0, e.start - 8):e.start]) is not None
        next_stop = previous is not None and previous in out[-1:] \
            and _LIST_GAP.fullmatch(text, entities[previous].end, e.start) is not None
        if after_verb or next_stop:
            out.append(i)
        previous = i
    return out


def _relative_level(e: Entity) -> str:
    """The level unit of a relative body or post (县委, 副县长 → 县); empty for any other mention."""
    name = normalize(e.text)
    if e.label == "ORG":
        m = relative_org(name)
        return m.group(1) if m else ""
    implied = implied_body(name) if e.label == "TITLE" else None
    return implied[0] if implied else ""


def stated_places(article: Article, g: Gazetteer) -> list[Division]:
    """The places the page's site, source line and dateline name (太和县双庙镇 → 双庙镇, 武义新闻网讯 → 武义县); the
    web address is weaker evidence (`url_places`, in `context_evidence`), never a stated place."""
    out = []
    for text in (article.site, article.meta.source, dateline_medium(article.text)):
        found = outer_namesake(g, place_prefix(g, text)) if text else []
        if len(found) == 1:
            out.append(found[0])
    return out


# A dateline naming its medium (武义新闻网讯, 平阴县融媒体中心讯, 巴中日报讯 (记者...)), at a line's start or after a
# space, a bracket or a colon; 本报讯 and 本网讯 name none.
_DATELINE = re.compile(r"(?:^|[\s\u3000)）:])([\u4e00-\u9fff]{2,10}?"
                       rf"(?:{'|'.join(m for m in MEDIA_SUFFIXES if len(m) > 1)}))[\s\u3000]*讯", re.MULTILINE)


def dateline_medium(text: str) -> str | None:
    """The medium a dateline in the article's first lines names, None where there is none."""
    m = _DATELINE.search(text, 0, 400)
    return m.group(1) if m else None


# Host labels of national media and portals that read as a place's pinyin (xinhua: 新化县, 新华区).
_NOT_PLACE_LABELS = frozenset({"www", "gov", "xinhua", "xinhuanet", "people", "renmin", "china", "zhongguo"})


_MIN_PINYIN = 5   # shorter readings (anxi, xian) match too many host names by chance


_AFFIX = 4        # letters a host label may add around the place: sx|zhongyang, naiman|yun


def url_places(url: str | None, g: Gazetteer) -> list[Division]:
    """The cities or counties whose name the page's host spells in pinyin (yuexiu.gov.cn → 越秀区,
    sxzhongyang.gov.cn → 中阳县, naimanyun.cn → 奈曼旗): every namesake of the first label that
    spells one, for the page's other evidence to choose from (ANNOTATION.md 4: what the page
    says of itself, its site included)."""
    host = urlsplit(url).hostname if url else None
    if not host:
        return []
    index = _pinyin_index(g)
    for label in host.lower().split("."):
        if label in _NOT_PLACE_LABELS or not label.isalpha():
            continue
        if label not in index and label in _province_spellings(g):
            continue  # a province's own site (heilongjiang), not the county its letters end with (longjiang)
        n = len(label)
        for i in range(0, min(_AFFIX, n - _MIN_PINYIN) + 1):  # a prefix of i letters, or a suffix
            for part in {label[i:], label[:n - i]}:
                if part in index and (i == 0 or part not in _province_spellings(g)):
                    # henanrd is 河南's people's congress, not the county 河南蒙古族自治县
                    return list(index[part])
    return []


@lru_cache(maxsize=2)
def _province_spellings(g: Gazetteer) -> frozenset[str]:
    from pypinyin import Style, lazy_pinyin

    return frozenset("".join(lazy_pinyin(d.short_name, style=Style.NORMAL))
                     for d in g.by_code.values() if d.level == "province")


@lru_cache(maxsize=2)
def _pinyin_index(g: Gazetteer) -> dict[str, tuple[Division, ...]]:
    """Cities and counties by the pinyin of their short name, every reading of a polyphone
    (长白: changbai, zhangbai); the most common reading first where two names share a spelling."""
    from pypinyin import Style, pinyin  # its dictionary loads only when a page has an address

    primary: dict[str, list[Division]] = {}
    other: dict[str, list[Division]] = {}
    for d in g.by_code.values():
        if d.level not in ("city", "county"):
            continue
        readings = pinyin(d.short_name, style=Style.NORMAL, heteronym=True)
        for k, combo in enumerate(itertools.islice(itertools.product(*readings), 16)):
            spelled = "".join(combo)
            if len(spelled) >= _MIN_PINYIN:
                (primary if k == 0 else other).setdefault(spelled, []).append(d)
    for spelled, ds in other.items():
        primary.setdefault(spelled, ds)
    return {spelled: tuple(ds) for spelled, ds in primary.items()}


def context_evidence(article: Article, entities: Sequence[Entity], g: Gazetteer,
                      default_place: str | None) -> list[tuple[Division, float]]:
    ev: list[tuple[Division, float]] = []
    for text, weight in ((article.site, W_SITE), (article.meta.source, W_SOURCE)):
        found = outer_namesake(g, place_prefix(g, text) if text else [])
        if len(found) == 1:
            ev.append((found[0], weight))
    # the villages and towns the page names (双桥村): an organization named like them (双桥小学) is theirs
    below = {n[:-len(u)] for e in entities if e.label == "GPE" for n in [normalize(e.text)] for u in _OTHER_UNIT
             if n.endswith(u) and len(n) - len(u) >= 2}
    for e in entities:
        if e.label == "ORG" and not RELATIVE_ORG.match(normalize(e.text)) \
                and not any(normalize(e.text).startswith(b) for b in below):
            found = outer_namesake(g, org_place_prefix(g, e.text))
            # a province's name (湖南日报, 湖南某某公司) says nothing of the county; a municipality's does
            if len(found) == 1 and (found[0].level != "province" or found[0].name.endswith("市")):
                ev.append((found[0], W_ORG))
    # a city and its namesake county-level 市 (enshi: 恩施州, 恩施市): the city's site
    found = outer_namesake(g, url_places(article.url, g))
    if len(found) > 1:  # namesakes (wushan: 巫山县, 武山县): the one nearest the places the page names
        named = ev + [(c[0], W_GPE) for e in entities if e.label == "GPE" and len(c := g.lookup(normalize(e.text))) == 1]
        scored = sorted(((sum(w * closeness(g, d, o) for o, w in named), d) for d in found), key=lambda t: -t[0])
        found = [scored[0][1]] if scored[0][0] > 0 and scored[0][0] > scored[1][0] else []
    if len(found) == 1:
        ev.append((found[0], W_SITE))
    if default_place and default_place in g.by_code:
        ev.append((g.by_code[default_place], W_DEFAULT))
    return ev


# The first-person words a page uses of its own place.
_SELF_PLACE = re.compile(rf"(?:我|本)({STREET_LEVEL}|[{LEVEL_CHARS}])(?![委长])")


def relative_levels(text: str, entities: Sequence[Entity]) -> Counter[str]:
    """The level units the article names its own bodies and places by (县委, 副县长, 全县 → 县).

    Only mentions written without a place or organization in front count (枣林镇党委书记 does not)."""
    levels: Counter[str] = Counter()
    glued = {e.end for e in entities if e.label in ("GPE", "ORG")}
    for e in entities:
        if e.start in glued:
            continue
        name = normalize(e.text)
        m = None
        if e.label == "ORG":
            m = relative_org(name)
        elif e.label == "GPE":
            m = RELATIVE_GPE.match(name)
        elif e.label == "TITLE":
            implied = implied_body(name)
            if implied and implied[0]:
                levels[implied[0]] += 1
        if m:
            levels[m.group(1)] += 1
    return levels


def self_levels(text: str) -> set[str]:
    """Level units the page uses of itself in the first person (我县, 本镇)."""
    return {m.group(1) for m in _SELF_PLACE.finditer(text)}


def place_at_level(g: Gazetteer, place: Division | None, evidence: Sequence[tuple[Division, float]],
                   levels: Counter[str], own: set[str], stated: Sequence[Division] = ()) -> Division | None:
    """The article's place at the level the page speaks from (ANNOTATION.md section 4).

    The evidence majority (`_majority_place`) is often a town that a county article
    visits, or the city of several places. A county-level unit is the default: a
    town is the article's place only where the page says so (its site or source names
    the town, it writes 我镇/本镇, or every relative body it names is a town's: 镇党委, 乡政府)
    or names no relative body at all; a city or province is narrowed to the county
    (or city) of the level its relative bodies are written at (县委 → a 县) that
    most of the evidence lies in.
    """
    own_place = next((d for d in stated if d.level in ("county", "town")), None)
    if own_place is not None:  # the site or source line is a county's or a town's
        return own_place
    # the page calls itself 我乡/本镇 (its first person, whatever level its visitors' relative posts are written at), or
    # every relative body it names is a town's (镇党委, 乡政府)
    speaks = own if own and all(lv in TOWN_SUFFIXES for lv in own) else {*levels, *own}
    if speaks and all(lv in TOWN_SUFFIXES for lv in speaks):
        # every relative body of the page is a town's (镇党委, 乡政府): the town of that level the evidence
        # names most, whatever county or province holds it
        town = _leading(g, evidence, lambda a: a.level == "town" and any(has_level(a, lv) for lv in speaks))
        if town is not None:
            return town
    if place is None:
        return None
    # the page calls itself by the level of the place the evidence lies in (我市, 我州), or of the city above it
    # (我州 in a page that names the prefecture's county most)
    higher = [lv for lv in own if lv not in COUNTY_SUFFIXES and lv not in TOWN_SUFFIXES]
    if place.level in ("city", "province") and any(has_level(place, lv) for lv in higher):
        return place
    if place.level == "county" and not any(has_level(place, lv) for lv in higher):
        up = next((a for a in g.ancestors(place.code) if a.level == "city" and any(has_level(a, lv) for lv in higher)),
                  None)
        if up is not None:
            return up
    if place.level == "town":
        if any(d.code == place.code for d in stated) or any(has_level(place, lv) for lv in own) or not (levels or own):
            return place
        parent = g.by_code.get(place.parent or "")  # a county, or a city without counties (儋州市)
        if parent is None or parent.level not in ("county", "city"):
            return place
        place = parent  # and a county is the city's where the page speaks as the city (below)
    units = {lv for lv in (*levels, *own) if lv in COUNTY_SUFFIXES}
    city = g.by_code.get(place.parent or "") if place.level == "county" and not units else None
    if city is not None and (levels["市"] >= 2 and not has_level(place, "市")
                             or levels["州"] >= 2 and has_level(city, "州")):
        # a county named in a city's or a prefecture's article (本报合作讯 in a 甘南州 paper):
        # the city's own bodies (市委, 市长, 州委, 州长) speak for it
        return city if city.level == "city" else place
    target = "county"
    if place.level == "province" and not units and ("市" in levels or "市" in own):
        units, target = {"市"}, "city"
    if not units:
        return place
    scope = place
    if place.level == "county" and not any(has_level(place, lv) for lv in units):
        # a 县 where the page's own bodies are a 区's (区行政审批局 visiting 佛冈县), a county-level 市 where
        # they are a 县's (广平县委 helping 武安市): its city's unit of their level they are
        scope = g.by_code.get(place.parent or "") or place
    def counts(a: Division, d: Division) -> bool:
        # a zone the table codes as a town (某市高新技术产业开发区) is a unit of its 区 level too
        unit = a.level == target or target == "county" and a.level == "town" and a.name.endswith(ZONE_SUFFIXES)
        # beside the place, only a unit the page names itself (广平县委), not one of its towns' counties
        return (scope is place or a is d) and unit and any(has_level(a, lv) for lv in units) \
            and g.is_within(a.code, scope.code)

    support = _support(g, evidence, counts)
    # most support first; of equals, the most specific (a zone over the district all its evidence lies in)
    ranked = sorted(support.items(), key=lambda kv: (-kv[1], -len(kv[0])))
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]
                   or g.is_within(ranked[0][0], ranked[1][0]) and ranked[0][1] == ranked[1][1]):
        return g.by_code[ranked[0][0]]
    return place


def _support(g: Gazetteer, evidence: Sequence[tuple[Division, float]], counts) -> Counter[str]:
    """The weight of the evidence on each division (the evidence's own and each one's ancestors) for which
    `counts(division, the evidence's own)` holds, by code, in the order first supported."""
    support: Counter[str] = Counter()
    for d, w in evidence:
        for a in (d, *g.ancestors(d.code)):
            if counts(a, d):
                support[a.code] += w
    return support


def _leading(g: Gazetteer, evidence: Sequence[tuple[Division, float]], fits) -> Division | None:
    """The division that `fits` which the evidence (or its parts) supports more than any other, if one."""
    ranked = _support(g, evidence, lambda a, d: fits(a)).most_common(2)
    if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return g.by_code[ranked[0][0]]
    return None


def _majority_place(g: Gazetteer, evidence: Sequence[tuple[Division, float]]) -> Division | None:
    total = sum(w for _, w in evidence)
    if not total:
        return None
    support: dict[str, float] = {}
    for d, w in evidence:
        for a in (d, *g.ancestors(d.code)):
            support[a.code] = support.get(a.code, 0.0) + w
    best = max(((len(c), s, c) for c, s in support.items() if s >= total / 2), default=None)
    return g.by_code[best[2]] if best else None


def outside_their_county(text: str, entities: Sequence[Entity], g: Gazetteer,
                          cands: dict[int, list[Division]]) -> set[str]:
    """Names of towns written right after a county (苍梧县龙圩镇), or listed after such a town
    (苍梧县龙圩镇、广平镇), that the table has in no town of that county (the 龙圩镇 it has lies in 龙圩区,
    made of 苍梧县's towns after the article)."""
    names: set[str] = set()
    county: Division | None = None  # the county the previous place was written in
    previous: int | None = None
    for i in sorted(cands, key=lambda i: entities[i].start):
        e = entities[i]
        glued = previous is not None and entities[previous].end == e.start
        listed = previous is not None and _LIST_GAP.fullmatch(text, entities[previous].end, e.start) is not None
        before = cands.get(previous, []) if glued else []
        if len(before) == 1 and before[0].level == "county":
            county = before[0]
        elif not (listed and county is not None):
            county = None
        if county is not None and cands[i] and all(d.level == "town" for d in cands[i]) \
                and not any(g.is_within(d.code, county.code) for d in cands[i]):
            names.add(normalize(e.text))
        previous = i
    return names


def outer_namesake(g: Gazetteer, found: list[Division]) -> list[Division]:
    """A city's short name that a county or district inside it shares (长沙市/长沙县, 淮安市/淮安区), written
    bare (长沙晚报, 长沙): the city, the county being written with its level to tell it apart."""
    if len(found) < 2:
        return found
    outer = min(found, key=lambda d: len(d.code))
    if outer.level in ("province", "city") and all(d is outer or g.is_within(d.code, outer.code) for d in found):
        return [outer]
    return found
