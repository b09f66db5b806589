"""What the tables of `kg.lexicon.tables` generate: the bodies and titles the rulers and the
tokenizer keep whole, the place names, and the patterns relative-name resolution reads."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from kg.lexicon.tables import (
    AGENCY_HEADS, AUTONOMOUS_SUFFIXES, DEPUTY_TITLES, HEAD_POST_MODIFIERS, BARE_BODY_SUFFIXES, BARE_TITLES, BODIES, BYLINE_ROLE_PREFIXES, BYLINE_ROLES, COMMITTEE_DEPARTMENTS, ETHNIC_GROUPS, FULL_NAME_UNITS, GENERIC_BODIES, GENERIC_PLACE_NAMES, GENERIC_TOWN_NAMES, HEAD_BODY, HEAD_MODIFIERS, IN_CHARGE_SUFFIXES,
    NATIONAL_BODIES, NATIONAL_NAME_PREFIXES, NATIONAL_TITLE_PREFIXES, NATIONAL_TITLES, NOT_COMMITTEE_DEPARTMENTS, NOT_LEVEL_WORDS, OFFICIAL_SUFFIXES, OTHER_JOBS,
    NOT_ORDINAL_BEFORE, PARTY_CONGRESSES, PARTY_PREFIXES, PLACELESS_BODY_ENDINGS, PLACELESS_DEPARTMENTS, RELATIVE_LEVELS,
    RELATIVE_PLACE_PREFIXES, SESSION_ORDINAL, STANDALONE_TITLES, STREET_LEVEL, TERM_BODIES, TERM_ORDINAL, UPPER_LEVELS,
)


def relative_bodies() -> Iterator[tuple[str, str, str]]:
    """(level, body, written name) of every body the table names: ("市", "委", "市委"), ("", "党委", "党委")."""
    for body in BODIES:
        for level in body.levels:
            yield level, body.name, level + body.name


def implied_titles() -> Iterator[tuple[str, str, str]]:
    """(title, level, body) for every post of the table: (市委书记, 市, 委), (副县长, 县, 政府), (党委书记, "", 党委)."""
    for body in BODIES:
        for level in body.levels:
            for post in body.posts:
                yield level + body.name + post, level, body.name
    for level in RELATIVE_LEVELS:
        for modifier in HEAD_MODIFIERS:
            yield f"{modifier}{level}长", level, HEAD_BODY


@lru_cache(maxsize=1)
def title_bodies() -> dict[str, tuple[str, str]]:
    """{title: (level as written, body)} from the table (市委书记 → (市, 委), 县公安局局长 → (县, 公安局))."""
    return {title: (level, body) for title, level, body in implied_titles()}


def government_bodies() -> set[str]:
    """Party and government bodies named relative to a place (市委, 县政府, 镇党委) and national ones."""
    return set(NATIONAL_BODIES) | {name for _, _, name in relative_bodies() if name not in GENERIC_BODIES}


def government_titles() -> set[str]:
    """Every title of the tables: the posts bodies imply, committee departments' posts, agency heads, standalone titles."""
    titles = set(STANDALONE_TITLES) | set(AGENCY_HEADS) | set(title_bodies())
    titles.update(m + h for h in AGENCY_HEADS if not h.startswith("副") for m in HEAD_POST_MODIFIERS)
    titles.update(lv + grade + deputy for deputy, _ in DEPUTY_TITLES for lv in UPPER_LEVELS for grade in ("", "级"))
    for departments, roles in COMMITTEE_DEPARTMENTS:
        titles.update(d + r for d in departments for r in roles)
    return {t for t in titles if len(t) >= 2}


def is_official_title(text: str) -> bool:
    """A corpus position that names an official's post: 人大代表 yes, 代表 or 学生 no."""
    return any(text.endswith(sfx) and len(text) > len(sfx) for sfx in OFFICIAL_SUFFIXES) or text in STANDALONE_TITLES


def place_names(gazetteer) -> set[str]:
    """Names the place ruler matches: every full name, plus province and city short names, plus autonomous units
    as pages write them (积石山县, 黔南州, 镇宁自治县: the NER cut 积石山县 to 石山县 and 禄劝县委统战部 to 县委统战部)."""
    from kg.gazetteer import autonomous_written

    names = set()
    for d in gazetteer.by_code.values():
        if d.name not in GENERIC_PLACE_NAMES and d.name not in GENERIC_TOWN_NAMES and len(d.name) >= 2:
            names.add(d.name)
        if d.level in ("province", "city") and len(d.short_name) >= 2:
            names.add(d.short_name)
        names.update(w for w in autonomous_written(d.name) if gazetteer.lookup(w) == [d])
    return names


_AUTONOMOUS = re.compile(
    rf"^(?P<name>.{{2,}}?)(?:(?:{'|'.join(sorted(ETHNIC_GROUPS, key=len, reverse=True))})族?)+(?:{'|'.join(AUTONOMOUS_SUFFIXES)})$")


def body_prefix(place_name: str) -> str:
    """What a relative body's canonical name starts with: 巴中市 → 巴中, 单县 → 单县, 凉山彝族自治州 → 凉山."""
    from kg.gazetteer import short_name

    if place_name.endswith(FULL_NAME_UNITS):
        return place_name
    m = _AUTONOMOUS.match(place_name)
    if m:
        return m.group("name")
    return short_name(place_name)


def is_national_title(title: str) -> bool:
    return title in NATIONAL_TITLES or title.startswith(NATIONAL_TITLE_PREFIXES)


def _spaced(word: str) -> str:
    return r"\s*".join(map(re.escape, word))


def _longest_first(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# A byline role as written (ANNOTATION.md sections 1, 2, 6): an optional prefix, then the role, a space
# allowed between its characters (记 者, 编 辑 in bylines laid out by hand). A regex string, so that the
# person ruler can build its byline patterns around it.
BYLINE_ROLE_PATTERN = (rf"(?:(?:{_longest_first(BYLINE_ROLE_PREFIXES)})?"
                       rf"(?:{_longest_first(map(_spaced, BYLINE_ROLES))}))")
BYLINE_ROLE = re.compile(BYLINE_ROLE_PATTERN)


def is_job_role(text: str) -> bool:
    """A job, not a post (记者, 实习记者, 责任编辑, 志愿者), or who is in charge said of no post (相关负责人):
    never a TITLE (ANNOTATION.md section 1).

    >>> is_job_role("见习记者"), is_job_role("通讯员"), is_job_role("相关负责人"), is_job_role("县委书记")
    (True, True, True, False)
    """
    return text in OTHER_JOBS or text.endswith(IN_CHARGE_SUFFIXES) or BYLINE_ROLE.fullmatch(text) is not None


# ---- patterns for relative-name resolution (kg.resolve) ------------------------

LEVEL_CHARS = "".join(RELATIVE_LEVELS)
LEVEL_UNITS = (STREET_LEVEL, *RELATIVE_LEVELS)   # 街道 first: it is the one unit of two characters
_LV = rf"(?:{STREET_LEVEL}|[{LEVEL_CHARS}])"

# A name that opens with a level unit: 市委, 区政府, 镇党委, 中共市委.
RELATIVE_ORG = re.compile(rf"^(?:中共)?({STREET_LEVEL}|[{LEVEL_CHARS}])(?=\w)")


def relative_org(name: str) -> re.Match | None:
    """The level unit a relative organization opens with (市委 → 市), None for 市场局 and proper names."""
    return None if name.startswith(NOT_LEVEL_WORDS) else RELATIVE_ORG.match(name)


_NOT_LOCAL = ("村", "社区", "居", *NATIONAL_TITLE_PREFIXES)
_NAMED_COMMITTEES = ("党委", "工委")  # 八都党委, 七师党委: a unit's committee, named by that unit


def is_bare_body(name: str) -> bool:
    """A local body written with neither level nor place (市场局, 消防大队, 政府; not 村委, 国务院办公厅)."""
    return (2 <= len(name) <= 6 and name.endswith(BARE_BODY_SUFFIXES) and not name.startswith(_NOT_LOCAL)
            and not name.endswith(_NAMED_COMMITTEES) and name not in NATIONAL_BODIES)


# What closes a list of places written bare, naming its items' kind (甘棠、松罗、溪柄等乡镇; 中原、西桥、小坝子等村;
# 和吉、洋桥…新圩全县16个乡镇; `own`: the page's own place the list is of); no body, post or group of people begins
# there (等乡镇负责人, 等村干部, 等村民, 等镇村).
PLACE_LIST_CLOSER = re.compile(r"(?:等(?:[0-9一二三四五六七八九十两]+个)?|全(?P<own>[县区市旗])[0-9一二三四五六七八九十两]+个)"
                               r"(?=(?P<kind>乡镇|镇街|镇|乡|新村|村|社区|嘎查|街道|苏木))(?P=kind)"
                               r"(?![长委政府党干领班人书主民两级组代支务部办负分村])")
# The article's own place at a level: 全市, 本县.
RELATIVE_GPE = re.compile(rf"^(?:{'|'.join(RELATIVE_PLACE_PREFIXES)})({STREET_LEVEL}|[{LEVEL_CHARS}])$")
_BODY_NAMES = sorted({b.name for b in BODIES}, key=len, reverse=True)
# A relative body (县委, 区委办, 市委宣传部, 县公安局): the level unit, then a body of the table.
RELATIVE_BODY = re.compile(rf"^{_LV}(?:{'|'.join(map(re.escape, _BODY_NAMES))}|委\w{{1,4}}部)$")

# An ordinal term or session as written (第五届, 十八届, 第十一次, 第19次).
_ORDINAL = rf"(?<![{NOT_ORDINAL_BEFORE}])第?(?:[一二三四五六七八九十百零〇]{{1,4}}|\d{{1,3}})"
TERM = re.compile(rf"{_ORDINAL}{TERM_ORDINAL}")
# What a term names right after it: a congress or its organs (TERM_BODIES).
TERM_BODY = re.compile("|".join(TERM_BODIES))
# A party congress named with its session: the party and what stands between (a place), then the session.
PARTY_CONGRESS = re.compile(rf"(?:(?P<party>{'|'.join(p for p in PARTY_PREFIXES if '共' in p)})(?P<between>[^\W\d_]{{0,12}}?))?"
                            rf"{_ORDINAL}{SESSION_ORDINAL}(?:{'|'.join(PARTY_CONGRESSES)})")

# A title's implied body, by the way titles are built. `lv` is the level unit when written.
_LV_GROUP = rf"(?P<lv>{STREET_LEVEL}|[{LEVEL_CHARS}])"
TITLE_BODY_PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(rf"^{_LV_GROUP}委(?:常务)?副?书记$"), "{lv}委"),
    (re.compile(rf"^{_LV_GROUP}委(?:常委|委员)$"), "{lv}委"),
    (re.compile(rf"^{_LV_GROUP}委(?P<dept>\w+?部)(?:常务)?副?部长$"), "{lv}委{dept}"),
    # a head, also written after its government (政府县长, 人民政府副镇长: ANNOTATION.md 6, a modifier kept as written)
    (re.compile(rf"^(?:{HEAD_BODY}|人民{HEAD_BODY})?(?:代理|代|常务)?副?{_LV_GROUP}长$"), "{lv}政府"),
    (re.compile(rf"^{_LV_GROUP}?(?P<party>党委|党工委)(?:常务)?副?书记$"), "{lv}{party}"),
    # a 街道's working committees, the party's and the congress's (街道工委书记, 街道人大工委主任)
    (re.compile(rf"^(?P<lv>{STREET_LEVEL})工委(?:常务)?副?书记$"), "{lv}工委"),
    (re.compile(rf"^(?P<lv>{STREET_LEVEL})?人大工委(?:常务)?副?主任$"), "{lv}人大工委"),
    (re.compile(rf"^{_LV_GROUP}?纪委(?:常务)?副?书记$"), "{lv}纪委"),
    (re.compile(rf"^{_LV_GROUP}?人大(?:主席团)?副?主席$"), "{lv}人大"),
    (re.compile(rf"^{_LV_GROUP}?人大常委会副?主任$"), "{lv}人大常委会"),
    (re.compile(rf"^{_LV_GROUP}?政协副?主席$"), "{lv}政协"),
    # a deputy of the level's congress or conference: 市人大代表 (no level, or 市级: no body written)
    *((re.compile(rf"^{_LV_GROUP}{deputy}$"), "{lv}" + body) for deputy, body in DEPUTY_TITLES),
    # a department written inside the title: 市教育局局长, 市监委主任, 县人民政府秘书长
    # (a procuratorate's head, a division's or section's inside a department: 区检察院检察长, 省委宣传部某处处长)
    (re.compile(rf"^{_LV_GROUP}(?P<unit>[^、,，\s]*?(?:局|委员会|监委|办公室|办|厅|院|中心|政府|联合会|妇联|总工会|团委|处|科))"
                r"(?:常务)?(?:副)?(?:局长|主任|书记|院长|主席|秘书长|厅长|部长|理事长|会长|检察长|处长|科长)$"), "{lv}{unit}"),
    # any other relative body + post, one TITLE as written (ANNOTATION.md section 2): 县人武部政委,
    # 县老促会会长, 县政协党组副书记, 县政府副县长, 县委党校校长
    (re.compile(rf"^{_LV_GROUP}(?P<unit>[^、,，\s]*?(?:局|厅|部|会|委|人大|政协|党校|政府|所|站|队))"
                rf"(?:党组(?:副?书记|成员)|(?:常务)?副?(?:会长|校长|政委|所长|站长|队长|部长|主任|主席|[{LEVEL_CHARS}]长))$"),
     "{lv}{unit}"),
)
# A department head with no level (宣传部部长) after a stacked 市委常委 belongs to 市委宣传部.
# 人武部 is the armed forces' own department, no committee's: 县委常委、人武部部长 is in 县人武部, not 县委人武部.
DEPT_TITLE = re.compile(rf"^(?!{'|'.join(NOT_COMMITTEE_DEPARTMENTS)})(?P<dept>\w+?部)(?:常务)?副?部长$")
_LEVEL_LEADERS = re.compile(rf"^[{LEVEL_CHARS}]领导$")
# A body named by its function alone, then its post, as one TITLE (人武部部长, 武装部长, 公安局政委, 动防站站长): the
# body is the page's own, at the place of the post stacked or listed before it, else the article's (ANNOTATION.md 4:
# 公安局政委 in a 陇县 article → 陇县公安局). The post may share the body's last character (武装部 + 部长 = 武装部长).
# Not a post's modifier read as a unit (副局长), a national body (国家…中心), nor a team sent from elsewhere (驻村工作队).
_UNIT = r"(?!常务|副|代)[^、,，\s驻]"
PLACELESS_TITLE = re.compile(
    rf"^(?P<unit>(?!{'|'.join(NATIONAL_NAME_PREFIXES)})(?:{_UNIT}{{0,8}}?(?:{'|'.join(PLACELESS_DEPARTMENTS)})"
    rf"|{_UNIT}{{1,8}}?(?:{'|'.join(sorted(PLACELESS_BODY_ENDINGS, key=len, reverse=True))})))"
    r"(?:常务)?副?(?:主任|书记|政委|教导员|指导员|[局部所站队科处室院馆校]长|(?<=[局部所站队科处])长)$")


def is_whole_title(text: str) -> bool:
    """True when `text` is a title on its own (市委书记, 党委书记, 镇长), not a fragment (委书记)."""
    return text in BARE_TITLES or any(p.match(text) for p, _ in TITLE_BODY_PATTERNS) or bool(DEPT_TITLE.match(text)) \
        or bool(_LEVEL_LEADERS.match(text))


def implied_body(title: str) -> tuple[str, str] | None:
    """The body a title implies: (its level unit as written, "" if none; the body after the level).

    市委书记 → (市, 委); 党委书记 → ("", 党委); 市教育局局长 → (市, 教育局); 县委党校副校长 → (县, 委党校).
    The ways titles are built (TITLE_BODY_PATTERNS) are tried first, then the table's posts.
    """
    for pattern, template in TITLE_BODY_PATTERNS:
        m = pattern.match(title)
        if m:
            groups = {k: v or "" for k, v in m.groupdict().items()}
            level = groups.pop("lv")
            return level, template.format(lv="", **groups)
    return title_bodies().get(title)
