"""Title lexicon and a longest-match scanner over characters.

The lexicon is generated from the ways Chinese official titles are built (an
organisation, relative or named, then a role), plus standalone titles. It is the
seed of the title ruler's patterns and of the segmenter's user dictionary.
"""
from __future__ import annotations

from typing import Iterable, Iterator

# Bodies named relative to the article's place, and bodies inside a party committee.
_PARTY_BODIES = (
    "省委", "市委", "州委", "县委", "区委", "镇党委", "乡党委", "街道党工委", "党工委", "党委", "党组",
    "党支部", "村党支部", "社区党支部", "党总支", "省纪委", "市纪委", "县纪委", "区纪委", "镇纪委", "纪委",
    "纪工委", "省监委", "市监委", "县监委", "区监委", "监委",
)
_PARTY_ROLES = ("书记", "副书记", "常委", "委员", "第一书记", "专职副书记")
_COMMITTEE_DEPARTMENTS = (
    "组织部", "宣传部", "统战部", "政法委", "政研室", "办公室", "编办", "网信办", "巡察办", "农办",
    "社工部", "市委组织部", "市委宣传部", "市委统战部", "市委政法委", "县委组织部", "县委宣传部",
    "县委统战部", "县委政法委", "区委组织部", "区委宣传部", "区委统战部", "区委政法委",
)
_DEPARTMENT_ROLES = ("部长", "副部长", "常务副部长", "书记", "副书记", "主任", "副主任", "常务副主任")
_GOV_LEVELS = ("省", "市", "州", "县", "区", "镇", "乡")
_CONGRESS_BODIES = (
    "全国人大常委会", "省人大常委会", "市人大常委会", "州人大常委会", "县人大常委会", "区人大常委会",
    "人大常委会", "全国政协", "省政协", "市政协", "州政协", "县政协", "区政协", "政协", "镇人大", "乡人大", "人大",
)
_CONGRESS_ROLES = ("主任", "副主任", "主席", "副主席", "秘书长", "副秘书长", "党组书记", "委员", "常委")
_AGENCY_HEADS = (
    "局长", "副局长", "厅长", "副厅长", "处长", "副处长", "科长", "副科长", "主任", "副主任", "所长",
    "站长", "院长", "副院长", "校长", "副校长", "社长", "总编辑", "台长", "馆长", "会长", "副会长",
    "理事长", "秘书长", "检察长", "副检察长", "庭长", "审判长", "司令员", "政委", "政治委员", "参谋长",
)
_STANDALONE = (
    "总书记", "国家主席", "国家副主席", "总理", "副总理", "国务委员", "委员长", "副委员长", "外交部长",
    "部长", "副部长", "省领导", "市领导", "州领导", "县领导", "区领导", "镇领导", "乡领导", "党和国家领导人",
    "中央领导", "村支书", "支部书记", "村主任", "村委会主任", "村党支部书记", "社区书记", "社区主任",
    "第一书记", "驻村第一书记", "驻村工作队队长", "人大主席", "人大副主席", "政协主席", "纪委书记",
    "监委主任", "纪委监委主任", "组织部长", "宣传部长", "统战部长", "政法委书记", "常务副市长",
    "常务副县长", "常务副区长", "常务副省长", "市长助理", "县长助理", "党委书记", "党委副书记",
    "党组书记", "党组副书记", "党组成员", "党委委员", "巡视员", "副巡视员", "调研员", "书记", "副书记",
    "秘书长", "副秘书长", "董事长", "总经理", "副总经理", "记者", "通讯员", "乡镇党委书记", "乡镇党委副书记",
    "乡镇长", "乡镇党政主要负责人",
)


_NATIONAL_BODIES = (
    "党中央", "中共中央", "国务院", "全国人大", "全国人大常委会", "全国政协", "中央军委", "中央纪委",
    "国家监委", "中国共产党", "中央政治局", "中央办公厅", "国务院办公厅", "中央组织部", "中央宣传部",
)
_BODY_SUFFIXES = (
    "委", "政府", "人民政府", "人大", "人大常委会", "政协", "纪委", "监委", "委办", "政府办", "委组织部",
    "委宣传部", "委统战部", "委政法委", "委党校", "委办公室", "政府办公室", "人民政府办公室", "人大常委会办公室",
)
# Government departments, named relative to a place as bodies are (区民政局, 县文化广电旅游局).
_DEPARTMENTS = (
    "发展改革委", "发改委", "教育局", "科技局", "经信局", "公安局", "民政局", "司法局", "财政局", "人社局",
    "自然资源局", "生态环境局", "住建局", "交通运输局", "水利局", "农业农村局", "商务局", "文化广电旅游局",
    "文旅局", "卫生健康委", "卫健委", "退役军人事务局", "应急管理局", "审计局", "统计局", "市场监管局",
    "医保局", "林业局", "信访局", "乡村振兴局", "税务局", "国资委", "投促局", "民宗局", "残联", "妇联",
    "总工会", "团委", "科协", "工商联", "红十字会",
)


def government_bodies() -> set[str]:
    """Party and government bodies named relative to a place (市委, 县政府, 镇党委) and national ones."""
    bodies = set(_NATIONAL_BODIES)
    for level in ("省", "市", "州", "县", "区", "镇", "乡"):
        bodies.update(level + suffix for suffix in _BODY_SUFFIXES)
        if level not in ("镇", "乡"):
            bodies.update(level + dept for dept in _DEPARTMENTS)
    bodies.update({"镇党委", "乡党委", "街道党工委", "乡镇党委", "村党支部", "村委会", "居委会", "社区党委"})
    return bodies


def government_titles() -> set[str]:
    """Every generated title: party roles, department heads, government and congress posts."""
    titles = set(_STANDALONE)
    for body in _PARTY_BODIES:
        for role in _PARTY_ROLES:
            titles.add(body + role)
    for level in ("省委", "市委", "州委", "县委", "区委"):
        titles.add(level + "常委")
    for dept in _COMMITTEE_DEPARTMENTS:
        for role in _DEPARTMENT_ROLES:
            titles.add(dept + role)
    for level in _GOV_LEVELS:
        # acting heads too: without them 代县长 reads as the county 代县 + 长
        titles.update({level + "长", "副" + level + "长", "常务副" + level + "长", "代" + level + "长", "代理" + level + "长"})
        titles.add(level + "政府" + "党组书记")
    # 全国政协副主席 is ORG 全国政协 + TITLE 副主席: a named national body is an
    # organization of its own (and MSRA annotates it so), unlike the relative 市政协.
    # The bare 政协/人大常委会 forms are left out too: in 全国政协副主席 they would match
    # 政协副主席 and cut through the ORG.
    for body in _CONGRESS_BODIES:
        if body.startswith("全国") or body in ("人大常委会", "政协", "人大"):
            continue
        for role in _CONGRESS_ROLES:
            titles.add(body + role)
    for head in _AGENCY_HEADS:
        titles.add(head)
    # 区长/乡长 are real titles, but 州长 and 省长 too; 镇长 etc. are covered above.
    return {t for t in titles if len(t) >= 2}


# Suffixes that make a corpus "position" an official's title rather than an occupation
# (学生, 选手, 投资者 are positions in CLUENER but not titles in ANNOTATION.md).
OFFICIAL_SUFFIXES = (
    "书记", "长", "主任", "主席", "委员", "常委", "领导", "秘书", "干部", "代表", "总理", "部长", "巡视员",
    "调研员", "总监", "经理", "董事", "理事", "记者", "通讯员", "政委", "发言人", "负责人", "专员", "参事",
)


def is_official_title(text: str) -> bool:
    """A corpus position that names an official's post: 人大代表 yes, 代表 or 学生 no."""
    return any(text.endswith(sfx) and len(text) > len(sfx) for sfx in OFFICIAL_SUFFIXES) or text in _STANDALONE


class LongestMatcher:
    """Leftmost-longest dictionary matching over characters (no overlaps)."""

    def __init__(self, words: Iterable[str]):
        self.words = frozenset(w for w in words if w)
        lengths: dict[str, set[int]] = {}
        for w in self.words:
            lengths.setdefault(w[0], set()).add(len(w))
        self._lengths = {c: sorted(ls, reverse=True) for c, ls in lengths.items()}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def find_all(self, text: str) -> Iterator[tuple[int, int]]:
        """Every (start, end) where some word matches, longest first at each start, overlaps allowed."""
        words, lengths, n_text = self.words, self._lengths, len(text)
        for i, ch in enumerate(text):
            for n in lengths.get(ch, ()):
                # a slice past the end is shorter than n and could equal another word
                if i + n <= n_text and text[i : i + n] in words:
                    yield i, i + n


# Two-character district names that are also ordinary words (城区, 郊区, 新区 ...).
# Division names that are also generic words: the table has towns named 街道, and the
# guideline counts 乡镇(街道) as a generic reference, not a place.
_GENERIC_PLACE_NAMES = frozenset(
    {"城区", "郊区", "矿区", "新区", "东区", "西区", "南区", "北区", "中区", "市区", "市中区", "街道", "社区", "乡镇", "办事处"}
)
# Town-level units the table names with a bare common noun (a farm, a development zone):
# the town-level names without a 镇/乡/街道/苏木 ending that People's Daily 1998 uses as
# ordinary words, and compounds of them. "开发区" alone is generic; "巴中经济开发区" is a place.
_GENERIC_TOWN_NAMES = frozenset(
    {
        "农场", "林场", "盐场", "良种场", "种畜场", "种羊场", "苗圃", "农科所", "林业局",
        "开发区", "高新区", "保税区", "工业园区", "高校园区", "经济开发区", "经济技术开发区",
        "高新技术产业开发区", "农业技术服务中心", "城南", "城区街道", "小城镇",
    }
)


def place_names(gazetteer) -> set[str]:
    """Names the place ruler matches: every full name, plus province and city short names."""
    names = set()
    for d in gazetteer.by_code.values():
        if d.name not in _GENERIC_PLACE_NAMES and d.name not in _GENERIC_TOWN_NAMES and len(d.name) >= 2:
            names.add(d.name)
        if d.level in ("province", "city") and len(d.short_name) >= 2:
            names.add(d.short_name)
    return names


def _word_from(text: str, start: int, words: frozenset[str]) -> int:
    """Length of the longest word of 2-4 characters in `words` starting at `start`, or 0."""
    for n in (4, 3, 2):
        if start + n <= len(text) and text[start : start + n] in words:
            return n
    return 0


def _word_into(text: str, start: int, end: int, words: frozenset[str]) -> bool:
    """Whether a word of 2-4 characters in `words` begins before `start` and ends inside text[start:end]."""
    for j in range(max(0, start - 3), start):
        for k in range(start + 1, min(end, j + 5)):
            if k - j >= 2 and text[j:k] in words:
                return True
    return False


def find_lexicon_spans(
    text: str,
    titles: LongestMatcher,
    places: LongestMatcher,
    boundaries: set[int] | None = None,
    orgs: LongestMatcher | None = None,
    known_words: frozenset[str] | None = None,
    drop_crossed_places: bool = False,
) -> list[tuple[int, int, str]]:
    """Title, body and place spans in `text`, leftmost-longest, as (start, end, "TITLE"|"ORG"|"GPE"|"WORD").

    A place glued before a title is split off when what remains is a whole title
    (巴中市委书记 -> 巴中 + 市委书记; 枣林镇党委书记 -> 枣林镇 + 党委书记), per
    ANNOTATION.md; a place glued to a body is one ORG (巴中市委). With
    `boundaries` (token boundary offsets of a segmentation), a title or body that
    cuts into a word on both sides (城市长期 has 市长) is ignored. With `known_words`
    (the segmenter's vocabulary), a place whose last character begins a common word
    gives that character up when the rest is a place: 北京市民 is GPE 北京 and the
    word 市民 (a "WORD" span, kept whole by the tokenizer), not 北京市 + 民. With
    `drop_crossed_places` (the rulers; not the tokenizer, which must cut as it cut the
    training data), a place that a known word runs into from the left is dropped: pkuseg's
    user dictionary glues 扩|大同|中国, and 扩大 shows 大同 is not meant.
    """
    spans: list[tuple[int, int, str]] = []

    def longest(matcher) -> dict[int, int]:
        ends: dict[int, int] = {}
        if matcher is not None:
            for s, e in matcher.find_all(text):
                if e > ends.get(s, 0):
                    ends[s] = e
        return ends

    place_ends, title_ends, org_ends = longest(places), longest(titles), longest(orgs)

    def named(k: int) -> tuple[int, str] | None:
        """The longest title or body starting at k."""
        te, oe = title_ends.get(k, 0), org_ends.get(k, 0)
        if not te and not oe:
            return None
        return (te, "TITLE") if te >= oe else (oe, "ORG")

    i, n = 0, len(text)
    after_place = -1
    while i < n:
        pe = place_ends.get(i)
        here = named(i)
        if pe is not None and (here is None or pe >= here[0]):
            # A title or body starting inside the place and running past it: the
            # place's front part, when itself a place name, is split off (巴中|市委书记)
            # or joins the body (巴中市委).
            for k in range(i + 2, pe):
                inner = named(k)
                if inner is not None and inner[0] > pe and text[i:k] in places:
                    if inner[1] == "TITLE":
                        spans.append((i, k, "GPE"))
                        after_place = i = k
                    else:
                        spans.append((i, inner[0], "ORG"))
                        i = inner[0]
                    break
            else:
                if drop_crossed_places and known_words and _word_into(text, i, pe, known_words):
                    i += 1
                    continue
                word_after = _word_from(text, pe - 1, known_words) if known_words and pe - i >= 3 else 0
                if word_after and text[i : pe - 1] in places:
                    spans.append((i, pe - 1, "GPE"))
                    spans.append((pe - 1, pe - 1 + word_after, "WORD"))
                    i = pe - 1 + word_after
                else:
                    spans.append((i, pe, "GPE"))
                    after_place = i = pe
            continue
        if here is not None:
            end, label = here
            if boundaries is None or i == after_place or i in boundaries or end in boundaries or end - i >= 4:
                spans.append((i, end, label))
                i = end
                continue
        i += 1
    return spans
