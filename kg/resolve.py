"""Entity resolution: places to gazetteer codes, relative names to canonical ones, stable node keys.

`resolve(article, entities)` is the stage after NER. It

1. infers the article's own place from its site (巴中市妇女联合会), its source
   (巴中日报), the places it names and the places its organizations start with;
2. gives every GPE its code, choosing among namesakes (枣林镇 exists in four
   provinces) by the other places of the article, the place written right
   before it (巴州区枣林镇) and the site's place;
3. resolves relative organizations against the article's place
   (市委 → 巴中市委, 镇党委 glued to 枣林镇 → 枣林镇党委), naming them by
   ANNOTATION.md's convention: the place without its level suffix, then the
   organization as written, the full place name where one character would
   remain (单县 + 县委 → 单县县委).

`kg.link` joins this with relation extraction (`kg.relations`) into an `Extraction`.

Canonical names (`kg.link` sets them on entities):
  GPE     the division's full name (巴中 → 巴中市); unknown places keep the surface.
  ORG     the resolved name for relative organizations, else as written.
  PERSON  the name.
  TITLE   the resolved title when its organization resolves (市委书记 in a 巴中
          article → 巴中市委书记, 党委书记 after 枣林镇 → 枣林镇党委书记), else as written.
The node keys are described in `kg.link`.
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Sequence
from urllib.parse import urlsplit

from kg.gazetteer import Division, Gazetteer, load_gazetteer, short_name
from kg.keys import COUNTRY_KEY, article_key, normalize, org_key, person_key, place_key  # noqa: F401  (re-exported)
from kg.lexicon import body_prefix, implied_body, is_whole_title
from kg.lexicon.generate import DEPT_TITLE, LEVEL_CHARS, LEVEL_UNITS, RELATIVE_BODY, RELATIVE_GPE, RELATIVE_ORG
from kg.lexicon.generate import is_national_title as _is_national_title
from kg.lexicon.tables import (BARE_BODY_SUFFIXES, BARE_TITLES, BUSINESS_SUFFIXES, COMMITTEE_DEPARTMENTS, COUNTRY, COUNTY_SUFFIXES, COUNTRY_NAMES, PARTY_PREFIXES, STREET_LEVEL, VERBS_AFTER_NAME,  # noqa: F401  (COUNTRY re-exported)
                               MEDIA_SUFFIXES, NATIONAL_BODIES, NATIONAL_TITLE_PREFIXES, NOT_LEVEL_WORDS, TOWN_SUFFIXES, VILLAGE_BODY_ENDINGS, VILLAGE_SUFFIXES,
                               ZONE_SHORT_FORMS, ZONE_SUFFIXES)
from kg.records import Article, Entity
from kg.relations import offset_index, sentence_of, sentences

# Weights of the evidence for an article's place (see `infer_place`).
W_SITE, W_SOURCE, W_ORG, W_GPE, W_DEFAULT = 3.0, 2.0, 1.0, 1.0, 0.5

_NOT_ORG_CHARS = re.compile(r"[,，、。;；:：!！?？()（）\s]")
_ZONE = re.compile(rf"(?:{'|'.join(ZONE_SUFFIXES)})$")
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


def _place_prefix(gazetteer: Gazetteer, text: str) -> tuple[list[Division], str]:
    """`place_prefix`, and the rest of `text` after the place names."""
    text = _PARTY_PREFIX.sub("", normalize(text))
    found: list[Division] = []
    while text:
        for k in range(len(text), 1, -1):
            inner = gazetteer.lookup(text[:k])
            if found:  # a run of names (福州市鼓楼区): keep going down while nested
                inner = [d for d in inner if any(gazetteer.is_within(d.code, o.code) for o in found)]
            if inner:
                found, text = inner, text[k:]
                break
        else:
            break
    return found, text


# National media: no place of their own (ANNOTATION.md 3: 人民网), their branches the place they name.
_NATIONAL_MEDIA = ("人民日报社", "人民日报", "人民网", "新华社", "新华网", "中新社", "中新网", "光明日报", "经济日报",
                   "中央广播电视总台", "央视", "中国新闻社")


@lru_cache(maxsize=2)
def _towns_of(g: Gazetteer) -> dict[str, tuple[Division, ...]]:
    """County code -> its towns."""
    out: dict[str, list[Division]] = {}
    for d in g.by_code.values():
        if d.level == "town" and d.parent:
            out.setdefault(d.parent, []).append(d)
    return {k: tuple(v) for k, v in out.items()}


def _town_short(name: str) -> str:
    for suffix in TOWN_SUFFIXES:
        if name.endswith(suffix):
            return name[:-len(suffix)]
    return name


# A village's or community's body named by it (西山村委, 建北社区党委).
_VILLAGE_BODY = re.compile(rf"^.+(?:{'|'.join(VILLAGE_SUFFIXES[:3])})(?:{'|'.join(VILLAGE_BODY_ENDINGS)})$")
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


@dataclass
class Resolution:
    """Everything resolution found in one article; `kg.relations` reads it."""

    article: Article
    entities: list[Entity]
    gazetteer: Gazetteer
    place: Division | None = None                    # the article's own place
    divisions: dict[int, Division | None] = field(default_factory=dict)  # GPE index -> division

    @property
    def chain(self) -> list[Division]:
        """The article's place and its parents, nearest first."""
        if self.place is None:
            return []
        return [self.place, *self.gazetteer.ancestors(self.place.code)]

    def chain_of(self, division: Division | None) -> list[Division]:
        if division is None:
            return self.chain
        return [division, *self.gazetteer.ancestors(division.code)]

    def level_place(self, lv: str, chain: Sequence[Division] | None = None) -> Division | None:
        """The nearest place of the chain whose name ends with the level character `lv`."""
        for d in self.chain if chain is None else chain:
            if has_level(d, lv):
                return d
        if chain is not None:
            return renamed_county(lv, chain)
        # Not on the chain (区委 in an article placed at the city): the one place of
        # that level the article names inside its own place, else inside its city
        # (区人大常委会 in a 县 article that names one 区 of the city: that 区's delegation).
        for within in (self.place, city_of(self.place, self.gazetteer)):
            counts: dict[str, int] = {}
            for d in self.divisions.values():
                if d is not None and has_level(d, lv) and (
                        within is None or self.gazetteer.is_within(d.code, within.code)):
                    counts[d.code] = counts.get(d.code, 0) + 1
            ranked = sorted(counts.items(), key=lambda kv: -kv[1])
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                return self.gazetteer.by_code[ranked[0][0]]
            if ranked or within is None:
                return self._own_renamed_county(lv) if not ranked else None
        return self._own_renamed_county(lv)

    def _own_renamed_county(self, lv: str) -> Division | None:
        """`renamed_county` of the article's place, where the page writes that old name (旬阳县 in a page
        the table places in 旬阳市): a 县委 in a 区's page that names no such 县 is a visitor's."""
        d = renamed_county(lv, self.chain)
        return d if d is not None and d.name in self.article.text else None

    # ---- keys -------------------------------------------------------------

    @property
    def scope(self) -> str | None:
        city = city_of(self.place, self.gazetteer)
        return city.code if city is not None else None

    def gpe_key(self, i: int) -> str:
        e = self.entities[i]
        if e.label == "GPE":
            return place_key(self.divisions.get(i), e.text)
        return self.loc_key(i)

    def loc_key(self, i: int) -> str:
        """Key of the LOC `i`: one node per place (`_loc_keys`)."""
        return self._loc_keys[i]

    @cached_property
    def sentence_spans(self) -> list[tuple[int, int]]:
        """`kg.relations.sentences` of the article, once: the per-mention lookups (`sentence_of`) share it."""
        return sentences(self.article.text)

    @cached_property
    def _loc_keys(self) -> dict[int, str]:
        """LOC index -> key, in one pass over the entities in text order.

        A LOC that is the short name of a county or larger place of the article (its own
        place, a parent, or a GPE it resolved) is that place (通江 in an article of 通江县),
        except a mountain (光雾山 beside 光雾山镇, 黄山 beside 黄山市: a LOC of ANNOTATION.md).
        Any other LOC is its name within the article's city; in an article placed at a
        province or nowhere, within the city of the nearest coded place before it in its
        sentence (巴中经开区和光雾山: 巴中市). Every mention of a name in the article gets the
        first one's key.
        """
        places = {d.code: d for d in [*self.chain, *self.divisions.values()]
                  if d is not None and d.level in ("province", "city", "county")}
        spans = self.sentence_spans
        keys: dict[int, str] = {}
        by_name: dict[str, str] = {}
        last_place: tuple[tuple[int, int], Division] | None = None  # (its sentence, its division)
        for i, e in enumerate(self.entities):
            if e.label == "GPE":
                # a place the table lacks is within the place its name starts with (巴中经开区)
                coded = [self.divisions[i]] if self.divisions.get(i) else place_prefix(self.gazetteer, e.text)
                if len(coded) == 1:
                    last_place = sentence_of(spans, e.start), coded[0]
            if e.label != "LOC":
                continue
            name = normalize(e.text)
            if name not in by_name:
                same = [d for d in self.gazetteer.lookup(name) if d.code in places]
                if len(same) == 1 and not name.endswith("山"):
                    by_name[name] = place_key(same[0], name)
                else:
                    # only where the article's own place is a province or unknown: a sentence of a
                    # city's article often names a place of elsewhere (北京路 in 广州)
                    near = last_place[1] if last_place and last_place[0] == sentence_of(spans, e.start) and (
                        self.place is None or self.place.level == "province") else None
                    city = city_of(near, self.gazetteer) if near is not None else None
                    by_name[name] = place_key(None, name, city.code if city is not None else self.scope)
            keys[i] = by_name[name]
        return keys

    def jurisdiction(self, division: Division | None, national: bool = False) -> str | None:
        if national:
            return COUNTRY
        city = city_of(division if division is not None else self.place, self.gazetteer)
        return city.code if city is not None else None

    # ---- relative names -----------------------------------------------------

    def resolve_org(self, surface: str, glued: Division | None = None) -> tuple[str, Division | None]:
        """Canonical name and place of an organization mention (市委 → 巴中市委, 巴中市)."""
        name = normalize(surface)
        region = self.own_region(name)
        if region is not None:  # 自治区党委 in a 宁夏 article → 宁夏自治区党委
            return body_prefix(region.name) + name, region
        m = relative_org(name)
        if m:
            lv = m.group(1)
            d = self.level_place(lv, self.chain_of(glued) if glued is not None else None)
            if d is not None:
                return body_prefix(d.name) + name, d
            return name, None
        media = next((m for m in _NATIONAL_MEDIA if name.startswith(m)), None)
        if media is not None:  # a national medium's branch is where its name says (新华社江西分社 → 江西省)
            found = org_place_prefix(self.gazetteer, name[len(media):])
            return name, self.pick(found) if found else None
        branch = _BRANCH.match(name)
        if branch:  # a branch is where its name says, the place right before 分行/支行 (中国银行徐闻支行 → 徐闻县)
            head = branch.group(1)
            for k in range(min(len(head) - 1, 8), 1, -1):
                found = self.gazetteer.lookup(head[-k:])
                if found:
                    picked = self.pick(found)
                    if picked is not None:
                        return name, picked
                    break
        if name.endswith(BUSINESS_SUFFIXES):  # a business is where the article visits it (X镇众诚牧业)
            found = org_place_prefix(self.gazetteer, name)
            named = self.pick(found) if found else None
            if named is not None and named.level in ("county", "town"):
                # unless its name says which county or town (云安县某某石材有限公司, 南沙某某集团), under the name it
                # writes where the county was renamed since (云安县 of 云安区)
                old = renamed_county("县", [named]) if name.startswith(body_prefix(named.name) + "县") else None
                return name, old or named
            return name, glued or self.place
        if name in COMMITTEE_DEPARTMENT_NAMES:  # 组织部 in 县委办、组织部、宣传部: the same committee's department
            d = glued or self.place
            return (committee_name(d) + name, d) if d is not None else (name, None)
        found = org_place_prefix(self.gazetteer, name)
        named = self.pick(found) if found else None
        if glued is not None and not is_bare_body(name):
            # a place written right before a proper name says where it is (苗集镇中化现代农业服务中心),
            # even when the name opens with a wider place (火连坡镇湖南民丰合作社: 火连坡镇, not 湖南省);
            # a narrower one is the name's (黑龙江省大庆市关工委: 大庆市)
            inner = named is not None and named.code != glued.code and self.gazetteer.is_within(named.code, glued.code)
            return name, named if inner else glued
        if found:
            return name, named
        town = self.town_named(name)
        if town is not None:
            return name, town
        if _VILLAGE_BODY.match(name):  # 西山村委: a village's own body, named by it; where it is, the place before it
            return name, glued
        if is_bare_body(name):  # 市场局, 消防大队: the place written or listed before it, else the article's
            d = glued or self.place
            return (written_place(d) + name, d) if d is not None else (name, None)
        return name, None

    def own_region(self, name: str) -> Division | None:
        """The autonomous region of the article a name opening with 自治区 is relative to (自治区党委,
        自治区党委常委 in a 永宁县 article → 宁夏回族自治区; ANNOTATION.md 4: relative names), None otherwise."""
        if not name.startswith(_REGION) or len(name) <= len(_REGION):
            return None
        return next((d for d in self.chain if d.level == "province" and d.name.endswith(_REGION)), None)

    def town_named(self, name: str) -> Division | None:
        """The town of the article's county a name opens with, written without its level (八都党委 in a
        吉水县 article → 八都镇); a town's short name is too common to look up anywhere else."""
        county = next((d for d in self.chain if d.level == "county"), None)
        if county is None:
            return None
        found = [t for t in _towns_of(self.gazetteer).get(county.code, ())
                 if len(short := _town_short(t.name)) >= 2 and name.startswith(short) and len(name) - len(short) >= 2]
        if len(found) == 1 and _town_short(found[0].name) == body_prefix(county.name):
            return county  # the county seat named after its county (广平政府 on a 广平县 page: 广平县, not 广平镇)
        return found[0] if len(found) == 1 else None

    def town_of(self, county: Division, name: str) -> Division | None:
        """The town of `county` that `name` writes without its level (洋桥 → 洋桥镇), if one."""
        found = [t for t in _towns_of(self.gazetteer).get(county.code, ()) if _town_short(t.name) == normalize(name)]
        return found[0] if len(found) == 1 else None

    def place_named(self, surface: str) -> Division | None:
        """The division an ORG mention names when it is only a place (巴中市 tagged ORG), else None."""
        name = normalize(surface)
        if not name or self.is_organization(name):
            return None
        found = gpe_candidates(self.gazetteer, name)
        return self.pick(found) if found else None

    def is_organization(self, surface: str) -> bool:
        """False for ORG mentions that are places (巴中市), zones (巴中经开区), or punctuation."""
        name = normalize(surface)
        if len(name) < 2 or _NOT_ORG_CHARS.search(name) or _ZONE.search(name):
            return False
        return not (self.gazetteer.lookup(name) or _segment(self.gazetteer, name))

    def pick(self, candidates: Sequence[Division]) -> Division | None:
        """The candidate nearest to the article's place (None when nothing decides)."""
        if len(candidates) == 1:
            return candidates[0]
        # a city and a county inside it sharing a name (南昌市, 南昌县): a name opening with it is the city's
        outer = min(candidates, key=lambda d: len(d.code))
        nested = all(self.gazetteer.is_within(c.code, outer.code) for c in candidates)
        if self.place is None:
            return outer if nested else None
        scored = sorted(((_closeness(self.gazetteer, c, self.place), c) for c in candidates),
                        key=lambda t: -t[0])
        if scored[0][0] > 0 and scored[0][0] > scored[1][0]:
            return scored[0][1]
        return outer if nested else None

    def split_title(self, title: str, within: Division | None = None) -> tuple[Division | None, str]:
        """A place the model left inside a title span (巴中市委书记 → 巴中 + 市委书记), and the title.

        Split only where what remains is a whole title (ANNOTATION.md's boundary rule);
        namesakes are decided by `within` (a place written before) or the article's place.
        """
        t = normalize(title)
        for k in range(len(t) - 2, 1, -1):
            if t[:k] in LEVEL_UNITS:  # 街道党工委书记: the level unit of a relative title, not a place named 街道
                continue
            found = self.gazetteer.lookup(t[:k])
            if found and is_whole_title(t[k:]):
                found = of_level(found, t[k:])
                if within is not None:
                    found = [d for d in found if self.gazetteer.is_within(d.code, within.code)] or found
                return self.pick(found), t[k:]
        return None, title

    def title_body(self, title: str, glued: Division | None = None, glued_org: str | None = None,
                   previous: str | None = None) -> tuple[str, str, Division | None] | None:
        """The organization a title implies: (canonical org, canonical title, org's place), or None.

        `glued` is a place written right before the title (枣林镇 + 党委书记),
        `glued_org` an organization written right before it (巴中市妇联 + 主席),
        `previous` the body of the title stacked before it (市委 for 市委常委、宣传部部长).
        """
        t = normalize(title)
        region = self.own_region(t) if glued is None and glued_org is None else None
        implied = implied_body(t[len(_REGION):]) if region is not None else None
        if region is not None and implied is not None and not implied[0]:  # 自治区党委常委 → 宁夏自治区党委
            prefix = body_prefix(region.name)
            return prefix + _REGION + implied[1], prefix + t, region
        if region is not None and _REGION_HEAD.fullmatch(t[len(_REGION):]):
            # 自治区主席, 自治区副主席: the region's head is its government's (ANNOTATION.md 4: 市长 → 市政府)
            prefix = body_prefix(region.name)
            return prefix + _REGION + _GOVERNMENT, prefix + t, region
        if glued_org is None:
            inner, rest = self.split_title(t, glued)
            if rest != t:
                glued, t = inner if inner is not None else glued, rest
        if glued_org:
            org, place = self.resolve_org(glued_org, glued)
            party = implied_body(t)
            if party is not None and not party[0] and party[1] in _PARTY_BODIES and not org.endswith(party[1]):
                # 某县政协 + 党组书记: the post is in the body's party group (ANNOTATION.md 4: a title implies its
                # body; 县政府党组副书记 → 县政府党组). Not 党委: the gold puts 某学院 + 党委书记 in the 学院 itself
                return org + party[1], org + t, place
            return org, org + t, place
        implied = implied_body(t)
        if implied is not None:
            lv, rest = implied
            if t[len(lv) + len(rest):].startswith(_PARTY_GROUP) and not rest.endswith(_PARTY_GROUP):
                rest += _PARTY_GROUP  # 县政府党组副书记: a member of the government's party group, 县政府党组
            written_lv = bool(lv)
            if lv:
                d = self.level_place(lv, self.chain_of(glued) if glued is not None else None)
            elif glued is not None:
                d = glued
                lv = _level_char(glued)
            elif previous and rest == _PARTY_GROUP and _HEADED_BODY.search(previous.removesuffix(_PARTY_GROUP)):
                # 党组成员 next to a post of the 政协 (副主席张三，党组成员、秘书长李四): that body's party group
                org = previous.removesuffix(_PARTY_GROUP) + _PARTY_GROUP
                return org, org + t[len(_PARTY_GROUP):], None
            else:  # 党委书记, 人大主席 with no place written: the article's town
                d = next((x for x in map(self.level_place, ("镇", "乡", "街道")) if x is not None), None)
                if d is None:
                    return None
                lv = _level_char(d)
            if not lv:
                return None
            body = lv + rest
            if d is None:
                return body, t, None
            prefix = body_prefix(d.name)
            if written_lv and 0 <= t.find(rest) < t.find(lv):  # 政府县长: the body written before the level's head
                return prefix + body, prefix + body + t.removeprefix(rest), d
            return prefix + body, prefix + ("" if written_lv else lv) + t, d
        m = DEPT_TITLE.match(t) or _COMMITTEE_DEPT_TITLE.match(t)
        if m and previous and previous.endswith("委"):
            org = previous + m.group("dept")
            return org, org + t[len(m.group("dept")):], None
        if previous and _HEAD_POST.match(t):
            # a body's own post after its party group's (市政协党组书记、主席; 党组成员、秘书长): the body itself
            org = previous.removesuffix(_PARTY_GROUP)
            if _HEADED_BODY.search(org):
                return org, org + t, None
        return None


_PARTY_GROUP = "党组"
_PARTY_BODIES = (_PARTY_GROUP,)  # a body's party group, named after the body
_REGION = "自治区"  # the level unit of an autonomous region, written alone for the article's own region
_REGION_HEAD = re.compile(r"(?:代理|代|常务)?副?主席")   # an autonomous region's head and deputies
_GOVERNMENT = "政府"
# A branch named by its place: 中国银行徐闻支行, 大丰银行广州分行, 某某保险有限公司广东分公司 (ANNOTATION.md 3:
# by its name, 新华社江西分社 → 江西省); the name before the place is the parent's, not a place.
_BRANCH = re.compile(r"^(.{3,}?)(?:分行|支行|分公司|分中心|分社|分校|分院|分局)$")
# Posts a body names only by its head (主席 of a 政协, 主任 of a 人大常委会), and the bodies so headed:
# stacked after a post of that body or of its party group, such a post is in that body (ANNOTATION.md 4).
_HEAD_POST = re.compile(r"^(?:常务)?副?(?:主席|主任|秘书长)$")
_HEADED_BODY = re.compile(r"(?:政协|人大常委会|人大|妇联|总工会|工会|工商联|科协|侨联|文联|残联|关工委)$")
# A committee's department or office posts written short, stacked after the committee's title
# (ANNOTATION.md 4: 县委常委、组织部长 → X县委 and X县委组织部; 县委常委、办公室主任; 市委常委、政法委书记).
_COMMITTEE_DEPT_TITLE = re.compile(r"^(?P<dept>[^部]{2,3}部|办公室|政法委)(?:常务)?副?(?:长|主任|书记)$")


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


def relative_org(name: str) -> re.Match | None:
    """The level unit a relative organization opens with (市委 → 市), None for 市场局 and proper names."""
    return None if name.startswith(NOT_LEVEL_WORDS) else RELATIVE_ORG.match(name)


_NOT_LOCAL = ("村", "社区", "居", *NATIONAL_TITLE_PREFIXES)
_NAMED_COMMITTEES = ("党委", "工委")  # 八都党委, 七师党委: a unit's committee, named by that unit


def is_bare_body(name: str) -> bool:
    """A local body written with neither level nor place (市场局, 消防大队, 政府; not 村委, 国务院办公厅)."""
    return (2 <= len(name) <= 6 and name.endswith(BARE_BODY_SUFFIXES) and not name.startswith(_NOT_LOCAL)
            and not name.endswith(_NAMED_COMMITTEES) and name not in NATIONAL_BODIES)


# A party committee's departments, written without the committee (县委办、组织部、宣传部; ANNOTATION.md 4)
COMMITTEE_DEPARTMENT_NAMES = frozenset(name for names, _ in COMMITTEE_DEPARTMENTS for name in names
                                       if not name.endswith(BARE_BODY_SUFFIXES))


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


def _level_char(d: Division) -> str:
    for lv in LEVEL_UNITS:
        if d.name.endswith(lv):
            return lv
    return ""


def title_with_body(g: Gazetteer, org: str, title: str) -> str | None:
    """The guideline's TITLE when a model split a relative body off it: ORG 县委 + TITLE 副书记
    → 县委副书记; ORG 南江县委 + TITLE 副书记 → 县委副书记 (南江 being the place: only a party
    committee gives its level to the post, ANNOTATION.md section 2: 杜集区人大常委会 + 主任 stays). None otherwise."""
    name, t = normalize(org), normalize(title)
    if t not in BARE_TITLES:
        return None
    if RELATIVE_BODY.match(name):
        return name + t
    for k in range(len(name) - 2, 1, -1):
        # only a party committee splits from its place (ANNOTATION.md 2: 南江县委 + 副书记); any other
        # body stays one ORG with it and the post is the TITLE (杜集区人大常委会 + 主任)
        if g.lookup(name[:k]) and RELATIVE_BODY.match(name[k:]) and _PARTY_COMMITTEE.fullmatch(name[k:]):
            return name[k:] + t
    return None


_PARTY_COMMITTEE = re.compile(rf"(?:[{LEVEL_CHARS}]|{STREET_LEVEL})?(?:委|党委|党工委)")


def is_national_title(title: str) -> bool:
    return _is_national_title(normalize(title))


def _closeness(g: Gazetteer, cand: Division, evidence: Division) -> float:
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
    parts = _segment(g, name)
    if parts and len(parts) > 1:
        outer: list[Division] = g.lookup(parts[-2])
        last = g.lookup(parts[-1])
        inside = [d for d in last if any(g.is_within(d.code, o.code) for o in outer)]
        return inside or last
    return []


def _segment(g: Gazetteer, name: str) -> list[str] | None:
    if not name:
        return []
    for k in range(len(name), 1, -1):
        if g.lookup(name[:k]):
            rest = _segment(g, name[k:])
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
    evidence = _context_evidence(article, entities, gazetteer, default_place)
    cands = {i: gpe_candidates(gazetteer, e.text) for i, e in enumerate(entities) if e.label == "GPE"}
    moved = _outside_their_county(article.text, entities, gazetteer, cands)
    evidence += [(d, W_GPE) for i, d in divisions.items() if d is not None and normalize(entities[i].text) not in moved]
    levels = relative_levels(article.text, entities)
    away, above = away_places(article.text, entities, divisions, gazetteer)
    evidence += [(d, W_SITE) for d in above]
    if away:  # a place the page travels to or is visited from is not its own (ANNOTATION.md 4)
        home = [(d, w) for d, w in evidence if not any(gazetteer.is_within(d.code, a.code) for a in away)]
        # the visitors' own province or city (河北省深泽县...来我县) where nothing else of the page lies in it
        home = [(d, w) for d, w in home if not any(gazetteer.is_within(a.code, d.code) for a in away)
                or any(o.code != d.code and gazetteer.is_within(o.code, d.code) for o, _ in home)]
        if not home:  # nothing else named: the page speaks from the place above it at its relative level
            home = [(a, W_GPE) for d in away for a in gazetteer.ancestors(d.code)[:2]
                    if any(has_level(a, lv) for lv in levels)][:1]
        evidence = home
    stated = stated_places(article, gazetteer)
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
_TO_PLACE = re.compile(r"(?:赴|前往|到|来到|抵达|走进|考察了?)[\s\u3000]*$")
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
                    or _TO_PLACE.search(text, max(0, entities[i].start - 8), entities[i].start):
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
        after_verb = _TO_PLACE.search(text[max(0, e.start - 8):e.start]) is not None
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
    web address is weaker evidence (`url_places`, in `_context_evidence`), never a stated place."""
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


def _context_evidence(article: Article, entities: Sequence[Entity], g: Gazetteer,
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
        scored = sorted(((sum(w * _closeness(g, d, o) for o, w in named), d) for d in found), key=lambda t: -t[0])
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


def resolve_gpes(text: str, entities: Sequence[Entity], g: Gazetteer,
                 context: Sequence[tuple[Division, float]], levels: Sequence[str] = ()) -> dict[int, Division | None]:
    """A division (or None) for every GPE index, namesakes decided by the evidence around them, else by the
    county the page names (`_named_county`; `levels`: the level units of the page's own relative names)."""
    out: dict[int, Division | None] = {}
    cands = {i: gpe_candidates(g, e.text) for i, e in enumerate(entities) if e.label == "GPE"}
    for i in cands:
        cands[i] = of_level_after(text, entities, i, cands[i])
    # 苍梧县龙圩镇、广平镇: a town the text puts in a county the table has it outside of (moved since) says
    # nothing of where the page is
    moved = _outside_their_county(text, entities, g, cands)
    evidence = list(context) + [(c[0], W_GPE) for i, c in cands.items()
                                if len(c) == 1 and normalize(entities[i].text) not in moved]
    evidence += _shared_parent(g, entities, {i: c for i, c in cands.items() if normalize(entities[i].text) not in moved})
    # a 街道 written short (ANNOTATION.md 1: 北京街) where the table has no such name: the 街道 only
    # where the page's other places point to it (a street of that name is a LOC), and no evidence itself
    short_street = {i for i, c in cands.items() if not c and normalize(entities[i].text).endswith(STREET_LEVEL[0])}
    for i in short_street:
        cands[i] = g.lookup(normalize(entities[i].text) + STREET_LEVEL[1:])
    for i, c in cands.items():  # 高新区 is also the name of a few towns elsewhere
        if normalize(entities[i].text) in ZONE_SHORT_FORMS:
            cands[i] = [*c, *_zone_of(g, normalize(entities[i].text), evidence)]
    support: dict[str, float] = {}
    for i in sorted(cands, key=lambda i: entities[i].start):
        c = cands[i]
        prev = _glued_before(text, entities, i, "GPE")
        outer = out.get(prev) if prev is not None else None
        if outer is not None and c and outer.level in ("county", "town") \
                and not any(g.is_within(d.code, outer.code) for d in c):
            # 江北街道莲花社区: the text puts it inside a place where the table has no such name;
            # the table's namesake (in another province) is another place.
            out[i] = None
            continue
        if len(c) <= 1 and i not in short_street:
            out[i] = c[0] if c else None
            continue
        if not c:
            out[i] = None
            continue
        scores = []
        for d in c:
            if d.code not in support:  # the same sum for every mention of the name: once per division
                support[d.code] = sum(w * _closeness(g, d, e) for e, w in evidence)
            s = support[d.code]
            if i in short_street:
                s = sum(w for e, w in context if g.is_within(d.code, e.code))
            if outer is not None and g.is_within(d.code, outer.code):
                s += 100.0
            scores.append((s, d))
        scores.sort(key=lambda t: -t[0])
        if scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
            out[i] = scores[0][1]
        else:
            tied = [d for s, d in scores if s == scores[0][0]]
            outer = outer_namesake(g, tied)  # 长沙 between 长沙市 and 长沙县: the city
            out[i] = outer[0] if len(outer) < len(tied) else _named_county(g, text, tied, levels)
    return out


def _outside_their_county(text: str, entities: Sequence[Entity], g: Gazetteer,
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


def of_level(found: list[Division], after: str) -> list[Division]:
    """The namesakes of the level a post or relative body written right after the name gives it
    (长沙 + 市委书记 → 长沙市, not 长沙县; 吉林 + 市长 → 吉林市, not 吉林省): a post names its place's
    level (ANNOTATION.md 4); all of them where none has that level."""
    name = normalize(after)
    implied = implied_body(name)
    m = relative_org(name) if implied is None else None
    lv = implied[0] if implied is not None else (m.group(1) if m else "")
    return ([d for d in found if has_level(d, lv)] or found) if lv and len(found) > 1 else found


def of_level_after(text: str, entities: Sequence[Entity], i: int, found: list[Division]) -> list[Division]:
    """`of_level` for GPE `i`, by the TITLE or relative ORG that starts where it ends."""
    for j in offset_index(entities)[0].get(entities[i].end, ()):
        if entities[j].label in ("TITLE", "ORG"):
            return of_level(found, entities[j].text)
    return found


def outer_namesake(g: Gazetteer, found: list[Division]) -> list[Division]:
    """A city's short name that a county or district inside it shares (长沙市/长沙县, 淮安市/淮安区), written
    bare (长沙晚报, 长沙): the city, the county being written with its level to tell it apart."""
    if len(found) < 2:
        return found
    outer = min(found, key=lambda d: len(d.code))
    if outer.level in ("province", "city") and all(d is outer or g.is_within(d.code, outer.code) for d in found):
        return [outer]
    return found


def _zone_of(g: Gazetteer, short: str, evidence: Sequence[tuple[Division, float]]) -> list[Division]:
    """The zone a bare 高新区 or 经开区 means: the one zone of that kind in the city most of the page's other
    places lie in (清远 and 高新区 → 清远市高新技术产业开发区); none where that city has none or several."""
    weight: Counter[str] = Counter()
    for d, w in evidence:
        for c in (d, *g.ancestors(d.code)):
            if c.level == "city":
                weight[c.code] += w
    ranked = weight.most_common(2)
    if not ranked or ranked[0][1] * 2 <= sum(weight.values()):
        return []
    city = ranked[0][0]
    found = [d for d in _zones(g) if d.name.endswith(ZONE_SHORT_FORMS[short]) and g.is_within(d.code, city)]
    return found if len(found) == 1 else []


@lru_cache(maxsize=2)
def _zones(g: Gazetteer) -> tuple[Division, ...]:
    return tuple(d for d in g.by_code.values() if d.name.endswith(ZONE_SUFFIXES))


def _named_county(g: Gazetteer, text: str, towns: Sequence[Division], levels: Sequence[str]) -> Division | None:
    """Among namesake towns that the page's places leave open, the one whose county the page names
    (ANNOTATION.md 5: the other places of the article decide): the county's name written anywhere
    (沙厦高速尤溪西互通 → the 西城镇 of 尤溪县), else the level its own relative bodies are written at
    (旗委 → the one 宝山镇 that lies in a 旗). None unless exactly one fits."""
    counties = [(d, g.by_code.get(d.parent or "")) for d in towns if d.level == "town"]
    counties = [(d, c) for d, c in counties if c is not None and c.level in ("county", "city")]
    for fits in (lambda c: len(c.short_name) >= 2 and c.short_name in text,
                 lambda c: any(has_level(c, lv) for lv in levels if lv in COUNTY_SUFFIXES)):
        found = [d for d, c in counties if fits(c)]
        if len(found) == 1:
            return found[0]
    return None


def _shared_parent(g: Gazetteer, entities: Sequence[Entity], cands: dict[int, list[Division]]) -> list[tuple[Division, float]]:
    """The one county where two towns the page names, each with namesakes, both lie (新华乡 and 和平镇:
    eight and seventeen namesakes, one county with both): the other places of the article decide
    (ANNOTATION.md 5). Nothing when no county or more than one has two of them."""
    parents: dict[str, set[str]] = {}
    for i, c in cands.items():
        if len(c) > 1 and all(d.level == "town" for d in c):
            parents.setdefault(normalize(entities[i].text), set()).update(d.parent for d in c if d.parent)
    seen: Counter[str] = Counter(p for ps in parents.values() for p in ps)
    shared = [p for p, n in seen.items() if n >= 2 and p in g.by_code]
    return [(g.by_code[shared[0]], W_GPE)] if len(shared) == 1 else []


def _glued_before(text: str, entities: Sequence[Entity], i: int, label: str) -> int | None:
    """Index of the entity with `label` that ends exactly where entity `i` starts."""
    start = entities[i].start
    for j in offset_index(entities)[1].get(start, ()):  # one index per list, not a scan per mention
        if j != i and entities[j].label == label:
            return j
    return None


def trim_person(text: str, e: Entity) -> Entity:
    """A PERSON span cut back before a verb it swallowed; names keep at least two characters."""
    if e.label != "PERSON" or len(e.text) < 3 or text[e.start:e.end] != e.text:
        return e
    for cut in (1, 2):
        if len(e.text) - cut < 2:
            break
        rest = e.text[-cut:] + text[e.end:e.end + 2]
        if any(len(v) >= cut and rest.startswith(v) for v in VERBS_AFTER_NAME):
            return replace(e, text=e.text[:-cut], end=e.end - cut)
    return e


def resolve(article: Article, entities: Sequence[Entity], *, gazetteer: Gazetteer | None = None,
            default_place: str | None = None) -> Resolution:
    """Resolve places and the article's place; relative names are resolved on demand."""
    g = gazetteer or load_gazetteer()
    ents = sorted((trim_person(article.text, e) for e in entities), key=lambda e: (e.start, -e.end))
    context = _context_evidence(article, ents, g, default_place)
    levels = [*relative_levels(article.text, ents), *self_levels(article.text)]
    divisions = resolve_gpes(article.text, ents, g, context, levels)
    place = infer_place(article, ents, g, divisions, default_place)
    # A second pass: namesakes left open may be decided by the article's place.
    if place is not None:
        divisions = resolve_gpes(article.text, ents, g, context + [(place, W_SITE)], levels)
    res = Resolution(article=article, entities=list(ents), gazetteer=g, place=place, divisions=divisions)
    # Relative GPEs (全市, 本县) are the article's place at that level.
    for i, e in enumerate(res.entities):
        if e.label == "GPE" and divisions.get(i) is None:
            m = RELATIVE_GPE.match(normalize(e.text))
            if m:
                res.divisions[i] = res.level_place(m.group(1))
    # One name, one place in an article: a mention left open (苍梧县龙圩镇, where the table
    # has 龙圩镇 under 龙圩区) is the place another mention of that name resolved to.
    named: dict[str, Division] = {}
    for i, e in enumerate(res.entities):
        if e.label == "GPE" and res.divisions.get(i) is not None:
            named.setdefault(normalize(e.text), res.divisions[i])
    for i, e in enumerate(res.entities):
        if e.label == "GPE" and res.divisions.get(i) is None and normalize(e.text) in named:
            res.divisions[i] = named[normalize(e.text)]
    return res
