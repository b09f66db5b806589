"""Entity resolution: places to gazetteer codes, relative names to canonical ones, stable node keys.

`resolve(article, entities)` is the stage after NER. It

1. takes the article's own place from `kg.place.infer_place` (its site, its source
   line, the places it names and the places its organizations start with);
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

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Sequence

from kg.gazetteer import Division, Gazetteer, load_gazetteer
from kg.keys import normalize, place_key
from kg.lexicon import body_prefix, implied_body, is_bare_body, is_whole_title, relative_org
from kg.lexicon.generate import DEPT_TITLE, LEVEL_CHARS, LEVEL_UNITS, RELATIVE_BODY, RELATIVE_GPE
from kg.lexicon.generate import is_national_title as _is_national_title
from kg.lexicon.tables import (BARE_BODY_SUFFIXES, BARE_TITLES, BUSINESS_SUFFIXES, COMMITTEE_DEPARTMENTS, COUNTRY, COUNTY_SUFFIXES,
                               STREET_LEVEL, TOWN_SUFFIXES, VERBS_AFTER_NAME, VILLAGE_BODY_ENDINGS, VILLAGE_SUFFIXES, ZONE_SHORT_FORMS,
                               ZONE_SUFFIXES)
from kg.place import (W_GPE, W_SITE, city_of, closeness, committee_name, context_evidence, gpe_candidates, has_level, infer_place,
                      org_place_prefix, outer_namesake, outside_their_county, place_prefix, relative_levels, renamed_county,
                      self_levels, split_place_names, written_place)
from kg.records import Article, Entity
from kg.relations import offset_index, sentence_of, sentences


_NOT_ORG_CHARS = re.compile(r"[,，、。;；:：!！?？()（）\s]")
_ZONE = re.compile(rf"(?:{'|'.join(ZONE_SUFFIXES)})$")


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
        return not (self.gazetteer.lookup(name) or split_place_names(self.gazetteer, name))

    def pick(self, candidates: Sequence[Division]) -> Division | None:
        """The candidate nearest to the article's place (None when nothing decides)."""
        if len(candidates) == 1:
            return candidates[0]
        # a city and a county inside it sharing a name (南昌市, 南昌县): a name opening with it is the city's
        outer = min(candidates, key=lambda d: len(d.code))
        nested = all(self.gazetteer.is_within(c.code, outer.code) for c in candidates)
        if self.place is None:
            return outer if nested else None
        scored = sorted(((closeness(self.gazetteer, c, self.place), c) for c in candidates),
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


# A party committee's departments, written without the committee (县委办、组织部、宣传部; ANNOTATION.md 4)
COMMITTEE_DEPARTMENT_NAMES = frozenset(name for names, _ in COMMITTEE_DEPARTMENTS for name in names
                                       if not name.endswith(BARE_BODY_SUFFIXES))


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
    moved = outside_their_county(text, entities, g, cands)
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
                support[d.code] = sum(w * closeness(g, d, e) for e, w in evidence)
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
    context = context_evidence(article, ents, g, default_place)
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
