"""`kg_entity_merger`: one non-overlapping set of doc.ents from the model and the rulers.

Precedence, most trusted first:
1. a model span that contains rule spans whole, has characters of its own and
   is crossed by no rule span (巴中市妇女联合会 contains 巴中市: no nesting, the
   longer name wins; so do PERSON 郝海东 over the town 海东 and GPE 佛罗里达州
   over the city 达州; but 平昌县白衣镇, nothing but places, is two GPEs, and
   ORG 巴中市委 in 巴中市委书记 loses to GPE 巴中 + TITLE 市委书记);
2. rule spans (lexicon titles, gazetteer places): their boundaries follow the
   guideline exactly, so they beat a model span they overlap;
3. the remaining model spans.

Then the guideline's span conventions that neither the model nor the lexicon knows
(`conform`): a relative body right before a post is one TITLE (县委党校 + 校长 →
县委党校校长), and so is a bare 村 before a village post (12个村 + 支部书记); a town glued to a village is two GPEs (西合营镇南大坪村); villages,
communities and 嘎查 are GPE whatever the model called them; businesses, media and
named facilities are found by their kind's suffix (某某大酒店 ORG, 某某高速 LOC), the
media of a dateline or source line by where they stand (驻马店网讯); job roles (记者)
and generic words (民生, 中心) are no entity.
"""
from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.lexicon.generate import (LEVEL_CHARS, PARTY_CONGRESS, PLACE_LIST_CLOSER, RELATIVE_GPE, RELATIVE_ORG, TERM, TERM_BODY,
                                 is_job_role, is_whole_title)
from kg.pipeline.chars import doc_text
from kg.lexicon.tables import (ACCOUNT_CREDITS, ACCOUNT_SUFFIXES, AD_HOC_GROUP_SUFFIXES, ADMIN_SUFFIXES, COUNTY_SUFFIXES, BARE_LISTED_ENDINGS, BARE_UNITS, CENTRAL, CENTRAL_VERBS,
                               GENERIC_COMMUNITY_WORDS, GENERIC_VILLAGE_WORDS, GOVERNMENT_AFTER_COMMITTEE, LIST_SEPARATORS,
                               LISTED_BODY_ENDINGS, LOCAL_MEDIA_BODIES, LOCAL_MEDIA_NOT_AFTER, LOCAL_MEDIA_NOT_BEFORE, NOT_CENTRAL_AFTER,
                               PLACE_BODIES, ROAD_SUFFIXES, STANDING_COMMITTEE, FORMER_MODIFIERS, MEETING_NAMES, TERM_BODY_POSTS,
                               TERM_COMMITTEE, TERM_COMMITTEE_OWNERS,
                               GENERIC_FACILITIES, GENERIC_WORDS, BARE_TITLES,
                               FACILITY_NOT_PLACE, FUNCTION_CHARS, INSTITUTION_KINDS, WORK_WORDS, LEADERSHIP_TEAM, LOC_FOUND_SUFFIXES, LOC_NAME_SUFFIXES, VERBS_IN_NO_ORG,
                               BEARINGS, BEARING_VERBS,
                               MEDIA_SUFFIXES, NAME_BREAK_WORDS, NATURAL_SUFFIXES, NOT_VILLAGE_WORDS, NATIONAL_NAME_PREFIXES, PLACELESS_BODY_ENDINGS, PLACELESS_DEPARTMENTS, NAME_BREAKS, NAME_LEFT_BREAKS, NATIONAL_BODIES, SLOGANS, UNIT_WORDS, VISIT_WORDS,
                               ORG_FOUND_SUFFIXES, ORG_NAME_SUFFIXES, RELATIVE_PLACE_PREFIXES, SOURCE_LINE_FIELDS, SOURCE_LINE_OPENERS, SOURCE_NOT_NAMES, TOWN_SUFFIXES,
                               VILLAGE_SUFFIXES, VILLAGE_TITLES)


_EMPTY_TENSOR = numpy.zeros((0,), dtype="float32")


class EntityMerger:
    def __init__(
        self, nlp: Language, name: str, rule_keys: list[str], keep_tensor: bool = False, keep_rule_spans: bool = False
    ):
        self.name = name
        self.rule_keys = list(rule_keys)
        self.keep_tensor = keep_tensor
        self.keep_rule_spans = keep_rule_spans
        # the segmenter's vocabulary lives on the tokenizer (filled when it is loaded)
        self._tokenizer = nlp.tokenizer

    def __call__(self, doc: Doc) -> Doc:
        # an ad-hoc group (清涧县党政考察团) is no ORG: the rule spans inside it (清涧县) stay
        model = [s for s in doc.ents if not (s.label_ == "ORG" and s.text.endswith(AD_HOC_GROUP_SUFFIXES))]
        rules = [s for key in self.rule_keys for s in doc.spans.get(key, ())]
        taken = [False] * len(doc)
        chosen: list[Span] = []

        def take(span: Span) -> bool:
            if any(taken[i] for i in range(span.start, span.end)):
                return False
            for i in range(span.start, span.end):
                taken[i] = True
            chosen.append(span)
            return True

        rules.sort(key=lambda s: (s.start, -(s.end - s.start)))
        rule_starts = [r.start for r in rules]
        rule_ends = sorted(r.end for r in rules)
        for span in sorted(model, key=lambda s: s.start):
            # rules starting inside the span, found by bisection: linear in the doc, not quadratic
            lo, hi = bisect_left(rule_starts, span.start), bisect_left(rule_starts, span.end)
            inner = [r for r in rules[lo:hi] if r.end <= span.end]
            covered = sum(r.end - r.start for r in inner)
            # rules ending inside the span are inner ones or cross its start; those starting inside cross its end
            ending_inside = bisect_right(rule_ends, span.end) - bisect_right(rule_ends, span.start)
            crossed = hi - lo > len(inner) or ending_inside > len(inner)
            if inner and covered < span.end - span.start and not crossed and not _party_and_place(span, inner):
                take(span)
        for span in rules:
            take(span)
        for span in model:
            take(span)
        # filter_spans is a last guard: spaCy refuses overlapping entities and the whole batch of pages would fail
        # with it; of overlapping spans (a conform pass that found one item twice) the longest stays
        doc.ents = filter_spans(conform(doc, sorted(chosen, key=lambda s: s.start),
                                        getattr(self._tokenizer, "known_words", frozenset())))
        if not self.keep_rule_spans:
            # the rule spans are merged into doc.ents now; with nlp.pipe(n_process=N) they
            # were more than half of the parent's time deserialising Docs
            for key in self.rule_keys:
                doc.spans.pop(key, None)
        if not self.keep_tensor:
            # tok2vec's vectors (96 floats a token) are not used after the NER; with
            # nlp.pipe(n_process=N) every Doc is serialised back to the parent, and the
            # tensor was most of those bytes (scripts/bench.py --parts extract).
            doc.tensor = _EMPTY_TENSOR
        return doc


_PARTY = ("中共", "中国共产党")


def _party_and_place(span: Span, inner: list[Span]) -> bool:
    """A model ORG that is 中共 + one place and nothing else (中共济南 before 市委书记), or 中共 + place + the
    post the lexicon finds right after it (中共济南市委书记 whole): the body's full name (中共济南市委) cut
    where the lexicon splits the post off, or run on into the post; the place and the title are the
    guideline's spans (ANNOTATION.md 2: 济南 + 市委书记), and 中共 alone names no body here."""
    if span.label_ != "ORG" or not 1 <= len(inner) <= 2 or inner[0].label_ != "GPE" or inner[-1].end != span.end:
        return False
    if len(inner) == 2 and not (inner[1].label_ == "TITLE" and inner[1].start == inner[0].end):
        return False
    return span.text[:inner[0].start_char - span.start_char] in _PARTY


def _is_relative_body(span: Span) -> bool:
    """An ORG named by its level unit (县委党校, 区民政局, 市政府), not a proper name (市场监管局 is no level)."""
    text = span.text
    if span.label_ == "ORG" and text in PLACE_BODIES:  # written alone, the page's own: 政府县长, 人大常委会主任 (section 2)
        return True
    return span.label_ == "ORG" and bool(RELATIVE_ORG.match(text)) and text not in NATIONAL_BODIES \
        and not text.startswith(("市场", "区域", "市民", "县城", "省级", "市级", "县级"))


def _is_relative_body_title(span: Span) -> bool:
    """A TITLE that is a relative body and no post (区检察院, 县政协经科委, 省委宣传部文改处): the NER took the body for
    the title it opens, so the post after it is a TITLE of its own; the two are one TITLE (ANNOTATION.md 2)."""
    text = span.text
    return span.label_ == "TITLE" and bool(RELATIVE_ORG.match(text)) and len(text) >= 3 and not is_whole_title(text)


def _is_placeless_body(doc: Doc, span: Span) -> bool:
    """An ORG named by its function alone, with neither level nor place nor a name of its own (人武部, 老干部局,
    党员教育中心, 驻镇工作队): the page's own body, which ANNOTATION.md section 4 resolves to the article's place
    (公安局政委 → 陇县公安局), so that before a post it belongs to the TITLE as a relative body does (section 2).
    A proper name keeps its ORG: one with a place in it (南昌师范学院, 人民日报社天津分社), a school or a business
    (井冈山经贸学校, 八五四农场), or a name the text runs into from the left (枣庄市委组织部组织 | 二科)."""
    text = span.text
    if span.label_ != "ORG" or len(text) < 3 or not (text.endswith(PLACELESS_BODY_ENDINGS) or text in PLACELESS_DEPARTMENTS) \
            or text.endswith(ORG_NAME_SUFFIXES) or text in NATIONAL_BODIES or text.startswith(NATIONAL_NAME_PREFIXES):
        return False
    if any(p.start < span.end and span.start < p.end for key in ("kg_places", "kg_orgs") for p in doc.spans.get(key, ())):
        return False
    k = span.start_char
    before = doc_text(doc)[k - 1] if k > 0 else ""
    return not before.isalpha() or any(doc_text(doc).endswith(w, 0, k) for w in (*NAME_BREAK_WORDS, *VISIT_WORDS)) \
        or before in NAME_BREAKS


# What may stand before a bare 村 that starts a village post (12个村支部书记, 本村支部书记, 各村书记): not a name.
_BEFORE_BARE_VILLAGE = frozenset("个本各该全每和及与、，,：:（(") | frozenset("0123456789０１２３４５６７８９")


def _with_bare_village(doc: Doc, span: Span, prev: Span | None) -> Span:
    """A village post written after a bare 村 is one TITLE with it (ANNOTATION.md section 2: 村支部书记);
    after a village's name the 村 stays the village's (望山村 + 支部书记)."""
    start = span.start_char - 1
    if start < 0 or doc_text(doc)[start] != "村" or "村" + span.text not in VILLAGE_TITLES \
            or (prev is not None and prev.end_char > start):
        return span
    if start > 0 and doc_text(doc)[start - 1] not in _BEFORE_BARE_VILLAGE and not doc_text(doc)[start - 1].isspace():
        return span
    wider = doc.char_span(start, span.end_char, label="TITLE")
    return wider if wider is not None else span


def _split_town_village(doc: Doc, span: Span) -> list[Span] | None:
    """西合营镇南大坪村 → GPE 西合营镇 + GPE 南大坪村, when the cut falls between tokens."""
    text = span.text
    if not text.endswith(VILLAGE_SUFFIXES):
        return None
    for suffix in TOWN_SUFFIXES:
        cut = text.find(suffix, 2)
        while cut != -1:
            end = cut + len(suffix)
            rest = text[end:]
            if rest == "村":  # X镇村: the town and its villages (镇村 is a generic reference), not a village
                town = doc.char_span(span.start_char, span.start_char + end, label="GPE")
                if town is not None:
                    return [town]
            if len(rest) >= 2 and not rest.startswith(VILLAGE_SUFFIXES):
                start_char = span.start_char
                town = doc.char_span(start_char, start_char + end, label="GPE")
                village = doc.char_span(start_char + end, span.end_char, label="GPE")
                if town is not None and village is not None:
                    return [town, village]
            cut = text.find(suffix, cut + 1)
    # a county or a city the place ruler found, glued before its village (台江县九摆村 → 台江县 + 九摆村)
    for place in doc.spans.get("kg_places", ()):
        rest = text[place.end_char - span.start_char:]
        if place.start == span.start and place.end < span.end and place.text.endswith(("市", *COUNTY_SUFFIXES)) \
                and len(rest) >= 3 and _is_village(rest) and _is_name(rest):
            return [Span(doc, place.start, place.end, label="GPE"),
                    Span(doc, place.end, span.end, label="GPE")]
    return None


def _is_village(text: str) -> bool:
    """A named village or community (景家湾村, 花园社区), not the bare unit (居委会) or a generic reference (全市…社区)."""
    suffix = next((x for x in VILLAGE_SUFFIXES if text.endswith(x)), None)
    return suffix is not None and len(text) > len(suffix) and not RELATIVE_GPE.match(text[:2]) \
        and text not in GENERIC_WORDS and not _is_generic_village(text)


def _is_generic_village(text: str) -> bool:
    """A village or community named by what it is to the page, not by its name (帮扶村, 重点推进村, 移民安置村,
    现有城市社区), or a word that ends in 村 (紧扣乡村, 驻临县驻村): ANNOTATION.md section 1, generic references are no
    place."""
    if text.endswith(_COMMUNITY):
        return any(text[:-len(_COMMUNITY)].endswith(w) for w in GENERIC_COMMUNITY_WORDS)
    return text.endswith("村") and (any(text[:-1].endswith(w) for w in GENERIC_VILLAGE_WORDS)
                                   or text.endswith(NOT_VILLAGE_WORDS))


# Longest first, so 有限公司 is read before 公司 and 家庭牧场 before 牧场.
_KIND_SUFFIXES = sorted([(x, "ORG") for x in (*ORG_NAME_SUFFIXES, *ORG_FOUND_SUFFIXES)]
                        + [(x, "LOC") for x in (*LOC_NAME_SUFFIXES, *LOC_FOUND_SUFFIXES)], key=lambda x: -len(x[0]))
# How many characters a name may run on after the span the NER or the rulers found (润锦生物科技有限公司).
_MAX_NAME_RUN = 10
# What may follow a name that ran on: the end of a list item or of a clause.
_ITEM_ENDS = frozenset("、，。；：,;:!?！？）)”\"\n 和及与等")


def _kind_of(text: str, shortest: int = 1) -> str | None:
    """ORG or LOC when `text` ends with a name suffix of that kind (of `shortest` characters or more)
    and has a name before it. The longest suffix decides: 有限公司 alone is no name (某某禽业 + 有限公司 is one)."""
    sfx, kind = next(((sfx, kind) for sfx, kind in _KIND_SUFFIXES if text.endswith(sfx)), ("", None))
    return kind if len(sfx) >= shortest and len(text) > len(sfx) else None


def _run_on(doc: Doc, span: Span, next_start: int) -> Span | None:
    """The span carried on to the end of the name it starts (麻河口 + 龙虾店, 单县 + 润锦生物科技有限公司):
    a few characters with no break in them, ending in a name suffix at the end of a list item or clause.
    The first suffix ends the name (交通 + 路步行街, then 钟楼广场 is another name)."""
    text, start, end = doc_text(doc), span.start_char, span.end_char
    limit = min(len(text), end + _MAX_NAME_RUN, next_start)
    for k in range(end + 1, limit + 1):
        if text[k - 1] in NAME_BREAKS or not text[k - 1].isalpha() or any(w in text[end:k] for w in NAME_BREAK_WORDS):
            return None
        kind = _kind_of(text[end:k]) if k >= end + 2 else None
        if kind is None:
            continue
        if k < len(text) and text[k] not in _ITEM_ENDS:
            # a second name right after the first (交通路步行街钟楼广场): the first ends here
            rest = next((j for j in range(k + 2, min(len(text), k + _MAX_NAME_RUN) + 1)
                         if _kind_of(text[k:j]) and (j == len(text) or text[j] in _ITEM_ENDS)), None)
            if rest is None or any(c in NAME_BREAKS or not c.isalpha() for c in text[k:rest]):
                continue
        if span.label_ == "GPE" and _with_level(span.text, kind):
            return None   # 白沙镇 | 青龙水库, 某镇 | 众诚牧业: a place with its level is its own (`_with_level`)
        return doc.char_span(start, k, label=kind)
    return None


def _named_kinds(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names of businesses, schools, media and facilities (ANNOTATION.md section 6) the NER cut short or
    labelled as places: a span runs on to the name suffix after it, and takes the suffix's kind."""
    out: list[Span] = []
    for i, span in enumerate(ents):
        if span.label_ not in ("GPE", "LOC", "ORG") or _is_village(span.text):
            # a village's name runs on into what it holds (园艺村 | 千头肉牛养殖场): no run-on from one
            out.append(span)
            continue
        next_start = ents[i + 1].start_char if i + 1 < len(ents) else len(doc_text(doc))
        longer = _run_on(doc, span, next_start) if len(span.text) >= 2 else None
        if longer is not None:
            span = longer
        else:
            # one-character suffixes (店, 厂) end too many place names (驻马店) to relabel a span by
            kind = _kind_of(span.text, shortest=2)
            if kind is not None and kind != span.label_:
                span = Span(doc, span.start, span.end, label=kind)
        out.append(span)
    return out


# Suffixes the suffix rule finds names by, longest first (有限公司 before 公司).
_FOUND_KINDS = dict([(x, "ORG") for x in (*ORG_NAME_SUFFIXES, *ORG_FOUND_SUFFIXES)]
                    + [(x, "LOC") for x in (*LOC_NAME_SUFFIXES, *LOC_FOUND_SUFFIXES)])
_FOUND_SUFFIX = re.compile("|".join(map(re.escape, sorted(_FOUND_KINDS, key=len, reverse=True))))
_FOUND_ENDS = tuple(_FOUND_KINDS)
_LOC_ENDS = (*LOC_NAME_SUFFIXES, *LOC_FOUND_SUFFIXES)
_LEFT_BREAKS = tuple(sorted({*NAME_BREAK_WORDS, *NAME_LEFT_BREAKS}, key=len, reverse=True))
# A place written with its level is a place of its own before a facility (东方镇 | 某某水库); before a business,
# a town or a village is (X镇众诚牧业 is X镇's business), while a county's or a city's name begins registered
# names (单县润锦生物科技有限公司). 杭州 is a name, not 杭 + 州: a 州 is a level after two characters.
_PLACE_ENDS = tuple(x for x in (*ADMIN_SUFFIXES, *VILLAGE_SUFFIXES, *TOWN_SUFFIXES) if x != "国")
_LOCAL_ENDS = (*TOWN_SUFFIXES, *VILLAGE_SUFFIXES, "州")


def _with_level(place: str, kind: str = "LOC") -> bool:
    """Whether `place` is written with a level that parts it from a name of `kind` after it (module notes above)."""
    return any(place.endswith(x) and len(place) > len(x) + (x == "州")
               for x in (_PLACE_ENDS if kind == "LOC" else _LOCAL_ENDS))
_COUNTED = re.compile("[一二两三四五六七八九十几数百千万亿]+[头亩吨个只户名座条台辆套间栋处元]|[一二两三四五六七八九十几数]+家")
_MAX_FOUND_NAME = 10   # characters of a name before its suffix (萨如拉民族服饰手工艺 + 车间)
_STOP = -2             # a name found here: the next one to its right stops at it


_TOKENS: "weakref.WeakKeyDictionary[Doc, _Tokens]" = weakref.WeakKeyDictionary()


def _tokens(doc: Doc) -> "_Tokens":
    """The doc's `_Tokens`, built once per doc: three steps of the merger read them, and the merger never
    retokenizes (the rulers before it split tokens, it only labels spans)."""
    tokens = _TOKENS.get(doc)
    if tokens is None:
        tokens = _TOKENS[doc] = _Tokens(doc)
    return tokens


class _Tokens:
    """Token starts, ends and the offsets of one-character tokens of a doc."""

    def __init__(self, doc: Doc):
        self.starts = {t.idx for t in doc}
        self.ends = {t.idx + len(t) for t in doc}
        self.single = {t.idx for t in doc if len(t) == 1}
        self.word_ending: dict[int, list[int]] = {}
        for t in doc:
            self.word_ending.setdefault(t.idx + len(t), []).append(t.idx)


def _name_start(doc: Doc, ents: list[Span], owner: list[int], tokens: _Tokens, start: int, kind: str,
                media: bool = False) -> tuple[int, list[int]] | None:
    """Where the name ending in a suffix at `start` begins, and the spans inside it; None when no clean
    boundary is found within _MAX_FOUND_NAME characters or what is before the suffix is no name.

    The name runs left over name characters and over the span of a name the NER cut (宇田园 of 同宇田园综合体);
    a place's short name or a person's name starts it (驻马店 + 网, 湖南民丰 + 合作社, 某某 + 家庭牧场). It stops at
    punctuation, a title, a place written with its level (东方镇 | 岭头方水库, ANNOTATION.md: X镇众诚牧业 is X镇 +
    the business), another name (沙厦高速 | 尤溪西互通), the verb of a visit (来到 | 某某超市) and a function word
    written alone (无界运动花园 和 | 科学之门步道). Ordinary words alone are no name (生产车间, 市民学校, 老旧小区):
    pkuseg writes a name it does not know character by character, so a name has a character of its own.
    """
    text = doc_text(doc)
    j, inner = start, []
    while j > 0:
        c, o = text[j - 1], owner[j - 1]
        # past a span the name goes on only over characters pkuseg wrote alone (同 + 宇田园, not 形成 + 长三角)
        if o == _STOP or not c.isalpha() or (inner and o < 0 and j - 1 not in tokens.single):
            break
        if o >= 0:
            span = ents[o]
            if span.label_ == "TITLE" or (span.label_ == "GPE" and _with_level(span.text, kind)) \
                    or (span.label_ in ("ORG", "LOC") and span.text.endswith(_FOUND_ENDS)):
                break
            if span.label_ == "PERSON" and start - span.end_char > 2:   # 毛泽东 | 祖籍地龙城遗址
                break
            inner.append(o)
            j = span.start_char
            if start - j > _MAX_FOUND_NAME:
                return None
            if span.label_ == "PERSON" or (span.label_ == "GPE" and len(span.text) > 1):
                break
            continue
        if any(text.endswith(w, 0, j) for w in _LEFT_BREAKS) or (j in tokens.ends and _ends_in_suffix(text, j)):
            break
        if (c in NAME_BREAKS or c in FUNCTION_CHARS) and j - 1 in tokens.single:
            if start - j < 2:
                return None
            break
        if start - j >= _MAX_FOUND_NAME:
            return None
        j -= 1
    # a name of its own: a span of the NER other than a place's name (美国 + 公司 is no business; 武汉 + 都市圈 is a
    # region), or two characters running that pkuseg wrote alone (白嘎力 + 家庭牧场), not two one-character
    # places (日美两国…银行)
    def alone(k: int) -> bool:
        return k in tokens.single and (owner[k] < 0 or len(ents[owner[k]].text) > 1)

    # a medium is named after its place, written right before its suffix (张掖 + 日报, ANNOTATION.md section 1:
    # 巴中日报): a place of the division table alone is its name (not 法国 + 全国性日报, not the country 中国)
    named_after = media and len(inner) == 1 and ents[inner[0]].end_char == start and any(
        p.start_char == ents[inner[0]].start_char and p.end_char == start for p in doc.spans.get("kg_places", ()))
    own = named_after or any(ents[o].label_ != "GPE" or kind == "LOC" for o in inner) or any(
        alone(k) and alone(k + 1) for k in range(j, start - 1))
    # a number and its measure are no name (30多万元…大学, 13家子公司, 千头肉牛养殖场)
    if start - j < 2 or not own or (j > 0 and text[j - 1].isdigit()) or _COUNTED.match(text, j):
        return None
    return j, inner


def _ends_in_suffix(text: str, j: int) -> bool:
    """Whether a name suffix of two characters or more ends at `j` (高速 | 引线某某大道)."""
    return any(len(sfx) >= 2 and text.endswith(sfx, 0, j) for sfx in _FOUND_KINDS)


def _found_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Names of businesses, shops, schools and named facilities that no span found (ANNOTATION.md section 6:
    ORG 火箭大酒店, 某某家庭牧场; LOC 某某水库, 某某高速, 某某屋场): the name before a kind's suffix,
    as `_name_start` bounds it, takes the suffix's kind. A suffix inside a span is that span's business;
    a one-character suffix (店, 厂) counts only written as a word of its own (旗舰店 is a kind of shop)."""
    text = doc_text(doc)
    owner = [-1] * len(text)
    for i, span in enumerate(ents):
        owner[span.start_char:span.end_char] = [i] * (span.end_char - span.start_char)
    tokens = _tokens(doc)
    found: list[Span] = []
    dropped: set[int] = set()
    for m in _FOUND_SUFFIX.finditer(text):
        s, e = m.span()
        if e not in tokens.ends or any(o != -1 for o in owner[s:e]) or (e - s == 1 and s not in tokens.single):
            continue
        kind = _FOUND_KINDS[m.group()]
        bounds = _name_start(doc, ents, owner, tokens, s, kind, media=m.group() in MEDIA_SUFFIXES)
        if bounds is None or (e - s == 1 and s - bounds[0] < 3):
            continue
        j, inner = bounds
        span = doc.char_span(j, e, label=kind)
        if span is None or span.text in GENERIC_WORDS:
            continue
        found += _village_before_facility(doc, span) or [span]   # 某某村 | 畜牧养殖场
        dropped.update(inner)
        owner[j:e] = [_STOP] * (e - j)
    if not found:
        return ents
    return sorted([s for i, s in enumerate(ents) if i not in dropped] + found, key=lambda s: s.start)


_LOCAL_MEDIA = re.compile(rf"(?<![{''.join(LOCAL_MEDIA_NOT_BEFORE)}])(?:{'|'.join(LOCAL_MEDIA_BODIES)})"
                          rf"(?!{'|'.join(LOCAL_MEDIA_NOT_AFTER)})")


def _local_media(doc: Doc, ents: list[Span]) -> list[Span]:
    """A county's own medium written with no name of its own before it (tables: LOCAL_MEDIA_BODIES) as ORG: after a
    place, the place's (GPE 某某县 + 融媒体中心 → ORG 某某县融媒体中心, where the NER read the body as a place), else
    alone, the page's own (我县融媒体中心 → ORG 融媒体中心); one inside a longer span is that span's."""
    text = doc_text(doc)
    out = list(ents)
    for m in _LOCAL_MEDIA.finditer(text):
        s, e = m.span()
        inside = [i for i, x in enumerate(out) if x.start_char < e and s < x.end_char]
        if any(out[i].start_char < s or out[i].end_char > e or out[i].label_ in ("PERSON", "TITLE") for i in inside):
            continue
        before = next((i for i, x in enumerate(out) if x.end_char == s and x.label_ == "GPE"), None)
        span = doc.char_span(out[before].start_char if before is not None else s, e, label="ORG")
        if span is None:
            continue
        drop = set(inside) | ({before} if before is not None else set())
        out = sorted([x for i, x in enumerate(out) if i not in drop] + [span], key=lambda x: x.start)
    return out


def _places_before_facilities(doc: Doc, ents: list[Span]) -> list[Span]:
    """A place written with its level before a named facility is a place of its own (ANNOTATION.md section 2:
    adjacent names are separate; X镇众诚牧业 is in X镇): LOC 东方镇岭头方水库 → GPE 东方镇 + LOC 岭头方水库.
    The places are the place ruler's; organizations keep theirs (单县润锦生物科技有限公司 is a registered name)."""
    places = _rule_places(doc)
    out: list[Span] = []
    for span in ents:
        cut, parts = span.start, []
        village = _village_before_facility(doc, span)
        if village is not None:   # 某某社区 + 某某水库: the village or community is a place of its own
            out += village
            continue
        while span.label_ == "LOC" and cut in places and places[cut].end < span.end:
            parts.append(places[cut])
            cut = places[cut].end
        rest = doc[cut:span.end].text if parts else ""
        if parts and any(rest.endswith(sfx) and len(rest) >= len(sfx) + 2 for sfx in _LOC_ENDS):
            out += [Span(doc, p.start, p.end, label="GPE") for p in parts]
            out.append(Span(doc, cut, span.end, label="LOC"))
        else:
            out.append(span)
    return out


def _village_before_facility(doc: Doc, span: Span) -> list[Span] | None:
    """A LOC or ORG span that is a village or community, then a facility or business (某某社区菜籽沟水库,
    某某村奶制品加工厂): GPE + the facility, which is nothing where it is ordinary words alone (ANNOTATION.md
    section 1: generic facilities are nothing; pkuseg writes a name it does not know character by character)."""
    text = span.text
    if span.label_ not in ("LOC", "ORG"):
        return None
    for n in _VILLAGE_NAME:
        for suffix in VILLAGE_SUFFIXES:
            cut = n + len(suffix)
            rest = text[cut:]
            if text[n:cut] != suffix or len(rest) < 3 or not _is_name(text[:n]) or _kind_of(rest) is None:
                continue
            place = doc.char_span(span.start_char, span.start_char + cut, label="GPE")
            facility = doc.char_span(span.start_char + cut, span.end_char, label=_kind_of(rest))
            if place is None or facility is None or len(place) == 1:   # 新农村 is one word, no village
                continue
            return [place] + ([facility] if any(len(t) == 1 for t in facility) else [])
    return None


def _rule_places(doc: Doc) -> dict[int, Span]:
    """The place ruler's places written with their level, the longest at each start token."""
    places: dict[int, Span] = {}
    for p in doc.spans.get("kg_places", ()):
        if _with_level(p.text) and (p.start not in places or p.end > places[p.start].end):
            places[p.start] = p
    return places


def _bodies_and_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """Organization spans that are places and something else (ANNOTATION.md sections 1 and 2):
    - two places and a body: the first places are GPEs of their own (某省 + 某市关工委; adjacent places are
      separate, a proper place before a body stays the ORG's);
    - places and a generic facility: the places alone (某街道某社区 + 党群服务中心; a bare unit + one: nothing);
    - a span across the verb of a visit (某镇调研指导…): no ORG, the place ruler's places in it stay."""
    places = _rule_places(doc)
    out: list[Span] = []
    for span in ents:
        if span.label_ not in ("ORG", "LOC", "GPE"):
            out.append(span)
            continue
        text = span.text
        if span.label_ == "GPE" and not text.endswith(GENERIC_FACILITIES):
            out.append(span)
            continue
        if span.label_ == "ORG" and any(v in text for v in VERBS_IN_NO_ORG) and not text.endswith(_FOUND_ENDS):
            out += [Span(doc, p.start, p.end, label="GPE") for p in places.values()
                    if span.start <= p.start and p.end <= span.end]
            continue
        facility = next((f for f in GENERIC_FACILITIES if text.endswith(f)), None)
        if facility is not None:
            rest = text[: -len(facility)]
            if not rest or rest in BARE_UNITS:
                continue
            if _with_level(rest):
                place = doc.char_span(span.start_char, span.start_char + len(rest), label="GPE")
                if place is not None:
                    out.append(place)
                    continue
        chain = [span.start]
        while chain[-1] in places and places[chain[-1]].end < span.end:
            chain.append(places[chain[-1]].end)
        if span.label_ == "ORG" and len(chain) >= 3:   # two places or more before the body
            out += [Span(doc, places[k].start, places[k].end, label="GPE") for k in chain[:-2]]
            out.append(Span(doc, chain[-2], span.end, label="ORG"))
            continue
        out.append(span)
    return out


_MEDIA_NAME = (rf"(?!本报|本台|本网)[^\W\d_]{{2,10}}?(?:{'|'.join(map(re.escape, MEDIA_SUFFIXES))})")
_MEDIA_SEP = r"[·•\-—|/]"
# The dateline that opens a line (驻马店网讯, 映象网驻马店讯, 湖南日报·新湖南客户端12月23日讯) and the source line
# (来源：长江日报-长江网): the media names in them, one or more joined by a separator.
_DATELINE = re.compile(rf"^[ \t\u3000]*((?:{_MEDIA_NAME}{_MEDIA_SEP})*{_MEDIA_NAME})(?=[^\n，。,]{{0,16}}?讯)", re.M)
_SOURCE_LINE = re.compile(rf"(?:{'|'.join(SOURCE_LINE_OPENERS)})[:：][ \t\u3000]*"
                          rf"((?:{_MEDIA_NAME}{_MEDIA_SEP})*{_MEDIA_NAME})(?=[\s]|$)")
_MEDIA_ONE = re.compile(_MEDIA_NAME)
# A source line's value of no medium's suffix (来源：大姚发布, 来源: 2021-10-09 08:27 某某报社融媒体, 来源：建设管理科):
# the one name after the opener and an optional date, up to a space, a bar or the page's next field (浏览次数, 作者).
_SOURCE_NAME = re.compile(rf"(?:{'|'.join(SOURCE_LINE_OPENERS)})[:：][ \t\u3000]*"
                          r"(?:\d{4}-\d{1,2}-\d{1,2}[ \t\u3000]*(?:\d{1,2}:\d{2}(?::\d{2})?[ \t\u3000]*)?)?"
                          rf"([^\W\d_][^\W_]{{1,14}}?)(?=[\s|【]|$|{'|'.join(SOURCE_LINE_FIELDS)})", re.M)


# A line that opens with a government's account (tables: ACCOUNT_SUFFIXES), before a space, the line's end or a credit.
_ACCOUNT = re.compile(rf"^[ \t\u3000]*([^\W\d_]{{2,8}}?(?:{'|'.join(ACCOUNT_SUFFIXES)}))"
                      rf"(?=[ \t\u3000]|$|{'|'.join(ACCOUNT_CREDITS)})", re.M)


def _accounts(doc: Doc, ents: list[Span]) -> list[Span]:
    """The accounts a line opens with, named after places (某市某县发布: a place opens the name, and no span but
    places is in it), as ORG: a verb after a body (县政府发布) or a generic word (信息发布) is no account."""
    found: list[Span] = []
    for m in _ACCOUNT.finditer(doc_text(doc)):
        span = doc.char_span(m.start(1), m.end(1), label="ORG")
        places = [e for e in ents if span is not None and span.start <= e.start and e.end <= span.end]
        if span is None or not places or places[0].start != span.start or any(e.label_ != "GPE" for e in places):
            continue
        found.append(span)
    return found


def _media_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """The newspapers, broadcasters and websites of a page's dateline and source line as ORG (ANNOTATION.md
    section 2: 文章来源:巴中日报 is an ORG; 驻马店网 is one ORG, not the city 驻马店 + 网)."""
    text = doc_text(doc)
    found: list[Span] = _accounts(doc, ents)
    for pattern in (_DATELINE, _SOURCE_LINE):
        for m in pattern.finditer(text):
            group_start = m.start(1)
            for part in re.split(_MEDIA_SEP, m.group(1)):
                if _MEDIA_ONE.fullmatch(part):
                    span = doc.char_span(group_start, group_start + len(part), label="ORG")
                    if span is not None:
                        found.append(span)
                group_start += len(part) + 1

    def crosses(a: Span, b: Span) -> bool:
        return a.start < b.end and b.start < a.end

    for m in _SOURCE_NAME.finditer(text):
        span = doc.char_span(m.start(1), m.end(1), label="ORG")
        # a source that is a place (来源：某县某镇) stays the places; one a medium's rule found is that one
        if span is None or span.text in SOURCE_NOT_NAMES or any(f.start < span.end and span.start < f.end for f in found) \
                or all(e.label_ == "GPE" for e in ents if span.start <= e.start and e.end <= span.end) \
                and any(span.start == e.start for e in ents) and any(span.end == e.end for e in ents):
            continue
        found.append(span)
    # a person or title in the line (a byline) is never part of a medium's name
    found = [f for f in dict.fromkeys(found)
             if not any(crosses(f, span) for span in ents if span.label_ in ("PERSON", "TITLE"))]
    if not found:
        return ents
    return sorted([span for span in ents if not any(crosses(f, span) for f in found)] + found, key=lambda s: s.start)


_GOVERNMENT = re.compile(rf"、?{GOVERNMENT_AFTER_COMMITTEE}")
_CENTRAL = re.compile(rf"(?<={'|'.join(CENTRAL_VERBS)}){CENTRAL}(?!{'|'.join(NOT_CENTRAL_AFTER)})")
_STANDING_COMMITTEE = re.compile(rf"(?<![大会委党局协]){STANDING_COMMITTEE}")


def _bodies_alone(doc: Doc, ents: list[Span]) -> list[Span]:
    """Bodies written alone that name one body (tables: GOVERNMENT_AFTER_COMMITTEE, CENTRAL, STANDING_COMMITTEE) as
    ORG: 镇党委、政府 and 旗委政府 (ANNOTATION.md section 2: ORG 旗委 + ORG 政府), 落实中央决策部署, 开完常委会."""
    text = doc_text(doc)
    taken = bytearray(len(text))
    for span in ents:
        taken[span.start_char:span.end_char] = b"\x01" * (span.end_char - span.start_char)
    found: list[Span] = []
    for span in ents:
        if span.label_ != "ORG" or not span.text.endswith("委"):
            continue
        m = _GOVERNMENT.match(text, span.end_char)
        if m is not None:
            found.append(doc.char_span(m.end() - len(GOVERNMENT_AFTER_COMMITTEE), m.end(), label="ORG"))
    found += [doc.char_span(*m.span(), label="ORG") for m in _CENTRAL.finditer(text)]
    found += [doc.char_span(*m.span(), label="ORG") for m in _STANDING_COMMITTEE.finditer(text)]
    found = [f for f in found if f is not None and not any(taken[f.start_char:f.end_char])]
    if not found:
        return ents
    return sorted([*ents, *dict.fromkeys(found)], key=lambda x: x.start)


_LISTED_BODY = re.compile(
    rf"(?:(?<=[{LIST_SEPARATORS}\n])|^)([省市州县区旗][^\W\d_{LIST_SEPARATORS}{''.join(sorted(NAME_BREAKS))}]{{1,7}}?"
    rf"(?:{'|'.join(LISTED_BODY_ENDINGS)}))(?=[{LIST_SEPARATORS}等的就])", re.M)


def _replacing_inner(ents: list[Span], found: list[Span]) -> list[Span]:
    """`found` spans in the list, each replacing the spans that lie inside it."""
    if not found:
        return ents
    return sorted([e for e in ents if not any(f.start <= e.start and e.end <= f.end for f in found)] + found,
                  key=lambda x: x.start)


def _listed_bodies(doc: Doc, ents: list[Span]) -> list[Span]:
    """Relative bodies written as a list's items (`_LISTED_BODY`: 县应急局、, 、县档案馆、) as ORG; the spans inside
    one give way (县委 of 县委编办, LOC 县档案馆), one that crosses its ends keeps it out."""
    found: list[Span] = []
    for m in _LISTED_BODY.finditer(doc_text(doc)):
        span = doc.char_span(m.start(1), m.end(1), label="ORG")
        if span is None or span.text.endswith(GENERIC_FACILITIES) or any(
                e.start < span.end and span.start < e.end and not (span.start <= e.start and e.end <= span.end)
                for e in ents):
            continue
        if any(e.label_ in ("PERSON", "TITLE") and span.start <= e.start and e.end <= span.end for e in ents):
            continue
        found.append(span)
    return _replacing_inner(ents, found)


# What parts the items of a list of bodies (县委办、组织部、宣传部、政法委以及…; 民政局和执法局), and what may close
# its last item (…扶贫办等部门, …执法局的负责同志).
_ITEM_SEPARATORS = ("以及", "、", "和", "及", "与")
_ITEM_CLOSERS = (*_ITEM_SEPARATORS, "等", "的", "，", ",", "。", "；", ";", "：", ":")
_MAX_BARE_ITEM = 8


def _bare_item(text: str, tokens: _Tokens, start: int, end: int) -> bool:
    """Whether text[start:end] (`text`: the doc's) can be a body written bare as a list item: a run of name
    characters on token bounds, ending in a body's ending, no generic reference (全县各部门) and no 部门 (a kind,
    not a body)."""
    item = text[start:end]
    return (2 <= len(item) <= _MAX_BARE_ITEM and start in tokens.starts and end in tokens.ends and _is_name(item)
            and item.endswith(BARE_LISTED_ENDINGS) and not item.endswith(("部门", "干部")) and item not in GENERIC_WORDS
            and not RELATIVE_GPE.match(item[:2]) and not item.startswith(RELATIVE_PLACE_PREFIXES))


_BODY_LEVEL_CHARS = frozenset("省市州县区旗镇乡")


def _item_before(text: str, tokens: _Tokens, taken: bytearray, p: int) -> tuple[int, int] | None:
    """The bare body ending at separator offset `p`: the shortest that starts after a separator or a clause's
    start, or after a one-character word that does or that follows a span (王明率 | 林业局、民族局: the verb of
    the list is no part of it);
    none that a span lies in (聚焦 | 市委、: the span is the item)."""
    for j in range(p - 1, max(-1, p - _MAX_BARE_ITEM - 1), -1):
        if taken[j]:
            return None
        if not _bare_item(text, tokens, j, p):
            continue
        # a level unit opens a relative body's name: the word before it is no part of it (挂点单位 | 县水务局、)
        opened = j == 0 or not text[j - 1].isalpha() or text.endswith(_ITEM_CLOSERS, 0, j) or text[j] in _BODY_LEVEL_CHARS
        if opened or (j - 1 in tokens.single and (j == 1 or not text[j - 2].isalpha() or taken[j - 2])):
            return j, p
    return None


def _item_after(text: str, tokens: _Tokens, taken: bytearray, p: int) -> tuple[int, int] | None:
    """The bare body starting at offset `p`, right after a separator: the shortest closed by a separator or closer,
    none that a span lies in."""
    for k in range(p + 1, min(len(text), p + _MAX_BARE_ITEM) + 1):
        if taken[k - 1]:
            return None
        if _bare_item(text, tokens, p, k) and (k == len(text) or text.startswith(_ITEM_CLOSERS, k)
                                              or not text[k].isalpha()):
            return p, k
    return None


def _listed_bare_bodies(doc: Doc, ents: list[Span]) -> list[Span]:
    """Bodies written bare, with neither level nor place, as items of a list of bodies (率林业局、民族局、扶贫办等部门;
    区委办、组织部、宣传部、政法委以及…): ORG, like the items beside them (ANNOTATION.md section 1: party and government
    bodies named relative to the article's place are ORG). An item counts only beside an ORG item, or beside one found
    so, and where no span lies across it."""
    text = doc_text(doc)
    seps = [(m.start(), m.end()) for m in re.finditer("|".join(_ITEM_SEPARATORS), text)]
    if not seps:
        return ents
    tokens = _tokens(doc)
    taken = bytearray(len(text))
    for x in ents:
        taken[x.start_char:x.end_char] = b"\x01" * (x.end_char - x.start_char)
    orgs = {(e.start_char, e.end_char) for e in ents if e.label_ == "ORG"}
    items: dict[tuple[int, int], tuple[tuple[int, int] | None, tuple[int, int] | None]] = {}   # separator -> items
    for s, e in seps:
        items[(s, e)] = (_item_before(text, tokens, taken, s), _item_after(text, tokens, taken, e))
    found: set[tuple[int, int]] = set()
    changed = True
    while changed:
        changed = False
        for (s, e), (before, after) in items.items():
            left = next((o for o in orgs | found if o[1] == s), None)
            right = next((o for o in orgs | found if o[0] == e), None)
            for item, beside in ((before, right), (after, left)):
                if item is not None and beside is not None and item not in found and item not in orgs:
                    found.add(item)
                    changed = True
    # a middle item is found from both its separators, each reading its extent its own way (市武装部 after 、,
    # 武装部 before the next 、): the longest of overlapping finds is the item
    kept: list[tuple[int, int]] = []
    for s, e in sorted(found, key=lambda se: (se[0] - se[1], se[0])):
        if not any(s < ke and ks < e for ks, ke in kept):
            kept.append((s, e))
    spans = [doc.char_span(s, e, label="ORG") for s, e in sorted(kept)]
    return sorted([*ents, *(x for x in spans if x is not None)], key=lambda x: x.start)


# The level units after which a short name is a place's (涪陵 of 涪陵区, 海子洼 of 海子洼村).
_SHORT_NAME_LEVELS = ("街道", "社区", "区", "县", "市", "镇", "乡", "村", "旗")
# A river's, a lake's or a mountain's name is its own even where a place is named after it (深溪河 | 深溪河镇).
_NATURAL_ENDS = ("河", "江", "湖", "山", "海", "溪", "泉", "峰", "岭")


def _short_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """A LOC or PERSON span that is the short name of a place the page writes in full (涪陵 where 涪陵区 is written,
    云安 of 云安县委书记 where 云安县 is) is that place: GPE (ANNOTATION.md section 2: short place names count as
    written). The NER reads such names as a river's or a person's."""
    text = doc_text(doc)
    out = []
    for span in ents:
        t = span.text
        if span.label_ in ("LOC", "PERSON") and 2 <= len(t) <= 3 and all("\u4e00" <= c <= "\u9fff" for c in t) \
                and not (span.label_ == "LOC" and t.endswith(_NATURAL_ENDS)) and _written_in_full(t).search(text):
            span = Span(doc, span.start, span.end, label="GPE")
        out.append(span)
    return out


_BARE_PLACE = range(2, 5)      # characters of a place's name written bare (黎塘, 北丁集)
_LEVELLED_ITEM = 8             # characters of a list item written with its level (七里坪镇)


def _place_item(text: str, start: int, end: int) -> bool:
    item = text[start:end]
    if not all("\u4e00" <= c <= "\u9fff" for c in item) or item in GENERIC_WORDS \
            or any(w in item for w in NAME_BREAK_WORDS) or RELATIVE_GPE.match(item[:2]):
        return False
    return len(item) in _BARE_PLACE or (len(item) <= _LEVELLED_ITEM and _with_level(item))


def _first_place_item(text: str, tokens: _Tokens, ents: list[Span], sep: int) -> tuple[int, int] | None:
    """The list's first item, ending at the separator offset `sep`: a span or a word that ends there (华池县 | 白马,
    新建了 | 黎明), else a run of up to three characters pkuseg wrote alone (来到 | 茆圩), which a function character
    ends unless it would leave one (对 | 螺山, 走过 | 和吉)."""
    span = next((e for e in ents if e.end_char == sep), None)
    if span is not None:
        return (span.start_char, sep) if _place_item(text, span.start_char, sep) else None
    j = sep
    while j - 1 in tokens.single and sep - j < max(_BARE_PLACE) - 1 and "\u4e00" <= text[j - 1] <= "\u9fff" \
            and not any(e.start_char < j <= e.end_char for e in ents) and (text[j - 1] not in NAME_BREAKS and text[j - 1] not in FUNCTION_CHARS or sep - j < 2):
        j -= 1
    if j == sep:
        word = next((t for t in tokens.word_ending.get(sep, ()) if sep - t in _BARE_PLACE), None)
        j = word if word is not None else sep
    return (j, sep) if j < sep and _place_item(text, j, sep) else None


def _listed_places(doc: Doc, ents: list[Span]) -> list[Span]:
    """The items of a list of places written bare: one GPE each (ANNOTATION.md section 2: 中原、西桥、小坝子等村 → GPE
    中原, GPE 西桥, GPE 小坝子), whatever the NER read them as (黎塘 a person's name, 白马 a mountain), where their kind
    closes the list (`PLACE_LIST_CLOSER`; a lone item only right after its place: 某镇道仁等村) or where it opens
    right after a place with its level and the NER read one of its items as a place (某镇宝溪、香溪、赛智,). A list
    with a post in it is no list of places."""
    text = doc_text(doc)
    if "、" not in text and not PLACE_LIST_CLOSER.search(text):
        return ents
    tokens = _tokens(doc)
    after_place = {e.end_char for e in ents if e.label_ == "GPE" and _with_level(e.text)}
    found: list[Span] = []
    for m in PLACE_LIST_CLOSER.finditer(text):
        items: list[tuple[int, int]] = []
        end = m.start()
        while True:
            sep = text.rfind("、", max(0, end - _LEVELLED_ITEM - 1), end)
            if sep < 0 or not _place_item(text, sep + 1, end):
                break
            items.append((sep + 1, end))
            end = sep
        if items:
            first = _first_place_item(text, tokens, ents, end)
        else:
            first = next(((end - n, end) for n in (2, 3) if end - n in after_place and m.group("own") is None), None)
        if first is not None and _place_item(text, *first):
            items.append(first)
        if len(items) > 1 or (items and items[-1][0] in after_place):
            found.extend(_as_places(doc, ents, items))
    gpes = {(e.start_char, e.end_char) for e in ents if e.label_ == "GPE"}
    for start in sorted(after_place):
        items = _items_after(doc, ents, start)
        if len(items) > 1 and any(item in gpes for item in items):
            found.extend(_as_places(doc, ents, items))
    return _replacing_inner(ents, list(dict.fromkeys(found)))


def _items_after(doc: Doc, ents: list[Span], start: int) -> list[tuple[int, int]]:
    """The bare items of a list joined by 、 that starts at `start`, each closed by the next 、; the last one a span that
    starts there, or a name a break closes."""
    text = doc_text(doc)
    items: list[tuple[int, int]] = []
    while True:
        sep = text.find("、", start, start + max(_BARE_PLACE))
        if sep < 0 or not _place_item(text, start, sep) or _with_level(text[start:sep]):
            break
        items.append((start, sep))
        start = sep + 1
    if items:
        span = next((e for e in ents if e.start_char == start), None)
        end = span.end_char if span is not None else start
        if span is None:
            while end < len(text) and end - start < max(_BARE_PLACE) and "\u4e00" <= text[end] <= "\u9fff":
                end += 1
            end = end if end == len(text) or not "\u4e00" <= text[end] <= "\u9fff" else start
        if end > start and _place_item(text, start, end) and not _with_level(text[start:end]):
            items.append((start, end))
    return items


def _as_places(doc: Doc, ents: list[Span], items: list[tuple[int, int]]) -> list[Span]:
    """GPE spans for the items, none for a list with a post in it, none for an item a span crosses the ends of."""
    spans = []
    for s, e in items:
        inside = [x for x in ents if x.start_char < e and s < x.end_char]
        if any(x.label_ == "TITLE" for x in inside):
            return []
        if any(x.start_char < s or e < x.end_char for x in inside):
            continue  # a span across the item's ends: the list's reading is not the only one
        span = doc.char_span(s, e, label="GPE")
        if span is not None:
            spans.append(span)
    return spans


def _written_in_full(name: str) -> re.Pattern:
    """`name` written in full with a level unit, not as a surname before a post (刘惠区长 is 刘惠 + 区长)."""
    return re.compile(rf"{re.escape(name)}(?:{'|'.join(_SHORT_NAME_LEVELS)})(?![长委])")


_VILLAGE_NAME = range(2, 5)  # characters of a village's name before its suffix (圪崂村, 罗家坡村, 西城仔村)


def _is_name(text: str) -> bool:
    return all(c.isalpha() and c not in NAME_BREAKS for c in text) and not any(w in text for w in NAME_BREAK_WORDS)


def _village_at(doc: Doc, start: int, limit: int, item_end: bool) -> Span | None:
    """The village (name + 村/社区/嘎查) written from `start`, the shortest, ending by `limit`; with
    `item_end`, only one that ends a list item (西城镇联建村、团结村、).
    """
    text = doc_text(doc)
    for n in _VILLAGE_NAME:
        for suffix in VILLAGE_SUFFIXES:
            end = start + n + len(suffix)
            if end > limit or text[start + n: end] != suffix or not _is_name(text[start: start + n]):
                continue
            if text[start:end] in GENERIC_WORDS or (item_end and end < len(text) and text[end] not in _ITEM_ENDS):
                continue
            span = doc.char_span(start, end, label="GPE")
            if span is not None:
                return span
    return None


# A villagers' group written short after its village (军庄村|三组, 顺庆村|三组的): a 村民小组, GPE (ANNOTATION.md
# section 6); not 组长, 组织 or 组员.
_NUMBERED_GROUP = re.compile(r"[一二三四五六七八九十]{1,3}组(?![长织员建合成])")


# What a community's name is written after when no span found it: a place with its level (某街道 | 和平路社区), a
# list's comma (某社区、| 迎宾社区) or the verb of a visit (来到 | 朝晖社区); else 社区 is as often a generic word.
_COMMUNITY = "社区"
_COMMUNITY_NAME = range(2, 6)


def _community_at(doc: Doc, ents: list[Span], owner: list[int], k: int) -> tuple[int, int | None, int] | None:
    """The community whose 社区 is the token at `k`: (start of its name, the span it takes in or trims or None,
    that span's new end). The name runs left over tokens to a place with its level, a break or a visit's verb; a
    span the NER cut the 社区 off (东书院 | 社区, 扎西曲登 | 社区) is the name, and a town the NER glued to the name's
    first character (北站街道府 | 北社区) gives it back. ANNOTATION.md section 6: communities are GPE."""
    text = doc_text(doc)
    j, start, taken, singles = k - 1, doc[k].idx, None, 0
    reason = None
    while j >= 0:
        tok = doc[j]
        o = owner[tok.idx]
        if o >= 0:
            span = ents[o]
            if span.label_ == "GPE" and _with_level(span.text):
                reason = "place"
            elif span.label_ == "GPE" and taken is None and span.end_char == start:
                cut = max((span.text.rfind(x) + len(x) for x in TOWN_SUFFIXES if x in span.text[1:-1]), default=0)
                if cut and _with_level(span.text[:cut]) and len(span.text) - cut <= 2:   # 北站街道府 | 北社区
                    return span.start_char + cut, o, span.start_char + cut
            if span.label_ in ("GPE", "LOC") and taken is None and span.end_char == start == doc[k].idx \
                    and not _with_level(span.text) and reason is None:
                taken, start = o, span.start_char   # 东书院 | 社区: the NER's name; 浮 | 图关 | 社区 goes on left
                j = span.start - 1
                continue
            break
        if len(tok.text) == 1 and (tok.text in VISIT_WORDS or tok.text in NAME_BREAKS
                                   or tok.text in FUNCTION_CHARS or not tok.text.isalpha()):
            reason = "context" if tok.text in VISIT_WORDS else None
            break
        end = tok.idx + len(tok.text)
        if any(text.endswith(w, 0, end) for w in _LEFT_BREAKS):
            reason = "context" if any(text.endswith(w, 0, end) for w in VISIT_WORDS) else None   # 来到 | 朝晖社区
            break
        if not tok.text.isalpha() or doc[k].idx - tok.idx > max(_COMMUNITY_NAME):
            return None
        singles += len(tok.text) == 1
        start = tok.idx
        j -= 1
    if taken is not None and start < ents[taken].start_char and reason != "place":
        start = ents[taken].start_char   # characters before the NER's name count only after a place (浮 | 图关)
    name = text[start:doc[k].idx]
    if len(name) not in _COMMUNITY_NAME or RELATIVE_GPE.match(name[:2]) or name in GENERIC_COMMUNITY_WORDS \
            or any(name.endswith(w) for w in GENERIC_COMMUNITY_WORDS):
        return None
    if taken is None and (reason is None or (singles and reason != "place")):
        return None
    return start, taken, start if taken is None else ents[taken].start_char


def _communities(doc: Doc, ents: list[Span]) -> list[Span]:
    """Communities (某某社区) the NER cut the 社区 off or did not find: GPE (`_community_at`)."""
    text = doc_text(doc)
    if _COMMUNITY not in text:
        return ents
    owner = [-1] * len(text)
    for i, span in enumerate(ents):
        owner[span.start_char:span.end_char] = [i] * (span.end_char - span.start_char)
    out = list(ents)
    found: list[Span] = []
    for tok in doc:
        if tok.text != _COMMUNITY or owner[tok.idx] != -1:
            continue
        at = _community_at(doc, ents, owner, tok.i)
        if at is None:
            continue
        start, o, new_end = at
        span = doc.char_span(start, tok.idx + len(tok.text), label="GPE")
        if span is None:
            continue
        if o is not None:
            old = ents[o]
            kept = doc.char_span(old.start_char, new_end, label=old.label_) if new_end > old.start_char else None
            out[o] = kept
        found.append(span)
    if not found:
        return ents
    return sorted([x for x in out if x is not None] + found, key=lambda x: x.start)


def _villages(doc: Doc, ents: list[Span]) -> list[Span]:
    """Villages and communities the NER missed or cut (ANNOTATION.md section 2: X镇Y村 is two GPEs; a
    list of villages gives one GPE each): a village right after a place (永乡镇圪崂村), the next item of
    a list of villages (罗家坡村、小山岔村、三官社区), and a one-character name the NER cut a character
    off (围 | 塔村)."""
    text = doc_text(doc)
    out: list[Span] = []
    for i, span in enumerate(ents):
        prev_end = out[-1].end_char if out else 0
        if span.label_ == "GPE" and _is_village(span.text) and len(span.text) == 2 and span.start_char - 1 >= prev_end:
            c = text[span.start_char - 1: span.start_char]
            wider = doc.char_span(span.start_char - 1, span.end_char, label="GPE") if _is_name(c) else None
            if wider is not None and (span.start_char - 2 < prev_end or not _is_name(text[span.start_char - 2])):
                span = wider
        out.append(span)
        limit = ents[i + 1].start_char if i + 1 < len(ents) else len(text)
        while span.label_ == "GPE" or (span.label_ in ("ORG", "LOC") and _is_village(span.text)):
            village = None
            group = _NUMBERED_GROUP.match(text, span.end_char) if span.text.endswith("村") else None
            if group is not None and group.end() <= limit:
                village = doc.char_span(group.start(), group.end(), label="GPE")
                if village is not None:
                    out.append(village)
                break
            if _is_village(span.text) and text[span.end_char: span.end_char + 1] == "、":
                village = _village_at(doc, span.end_char + 1, limit, item_end=True)
            elif not _is_village(span.text) and span.text.endswith(("省", "市", "县", "区", "旗", *TOWN_SUFFIXES)):
                village = _village_at(doc, span.end_char, limit, item_end=False)
            if village is None:
                break
            out.append(village)
            span = village
    return out


# A name's span the NER ran on over a space into the page's furniture (a newspaper site's list line
# `1 1 某某日报 content_171266.html`): the name is the run of letters before the space.
_LATIN_TAIL = re.compile(r"[ \t\u3000]+[A-Za-z][\w.]*$")
_CHUNK_START = re.compile(r"[^\W\d_]+$")


def _without_furniture(doc: Doc, ents: list[Span]) -> list[Span]:
    """ORG, GPE and LOC spans that run from a name over a space into Latin furniture (某某日报 content) cut back to
    the name: the whole word the space ends (ANNOTATION.md section 2: a source that is a newspaper is an ORG;
    some pages list their paper as `1 1 某某时报 content_90766.html`, where the NER took `时报 content`)."""
    text = doc_text(doc)
    out: list[Span] = []
    for span in ents:
        tail = _LATIN_TAIL.search(span.text) if span.label_ in ("ORG", "GPE", "LOC") else None
        if tail is None or tail.start() == 0:
            out.append(span)
            continue
        end = span.start_char + tail.start()
        word = _CHUNK_START.search(text, max(0, end - _MAX_FOUND_NAME), end)
        start = word.start() if word is not None and word.end() == end and word.start() <= span.start_char \
            and (word.start() == 0 or text[word.start() - 1].isspace()) else span.start_char
        name = doc.char_span(start, end, label=span.label_)
        if name is not None and any(x.start < name.end and name.start < x.end for x in out):
            name = doc.char_span(span.start_char, end, label=span.label_)
        if name is not None:
            out.append(name)
    return out


# A title in 《》 (a document, a programme, a slogan): the bodies and facilities in it are no entity (ANNOTATION.md
# section 1); a title runs within one line.
_BOOK_TITLE = re.compile(r"《[^《》\n]*》")


def _outside_titles(doc: Doc, ents: list[Span]) -> list[Span]:
    """`ents` less the ORG and LOC spans inside a 《》 title (《市政府工作报告》, 《某某地区区域规划》). Places stay:
    a document title may be all a page says of its own place (《关于某某市2019年…的报告》); so does a name that is
    the whole title (《人民日报》 is the newspaper)."""
    titles = [m.span() for m in _BOOK_TITLE.finditer(doc_text(doc))]
    if not titles:
        return ents
    return [e for e in ents if e.label_ not in ("ORG", "LOC") or not any(
        s < e.start_char and e.end_char < t and (e.start_char, e.end_char) != (s + 1, t - 1) for s, t in titles)]


def _place_ends(doc: Doc, ents: list[Span]) -> dict[int, int]:
    """The places of the doc (GPE spans and the place ruler's), by end character: the start of the longest."""
    ends: dict[int, int] = {}
    for p in (*(e for e in ents if e.label_ == "GPE"), *doc.spans.get("kg_places", ())):
        ends[p.end_char] = min(ends.get(p.end_char, p.start_char), p.start_char)
    return ends


def _place_run(ends: dict[int, int], start: int, end: int) -> bool:
    """Whether the characters start..end are places written one after another (天津市宝坻区)."""
    while end > start and end in ends:
        end = ends[end]
    return end == start


def _replace(ents: list[Span], found: list[tuple[int, int, Span | None]]) -> list[Span]:
    """`ents` less those overlapping a found character range, with the found spans."""
    if not found:
        return ents
    kept = [e for e in ents if not any(e.start_char < t and s < e.end_char for s, t, _ in found)]
    return sorted([*kept, *dict.fromkeys(f for _, _, f in found if f is not None)], key=lambda x: x.start)


_MAX_TERM_PLACES = 16   # characters of the places between a term and 委员会 (第五届广西壮族自治区某某县委员会)


def _termed_bodies(doc: Doc, ents: list[Span]) -> list[Span]:
    """Bodies named with their term (ANNOTATION.md section 1, an organization named in a meeting's name, as written):
    the ordinal 届 before a congress or its organs is the ORG's, with the places or the
    level unit glued before it and the party's or the conference's name before those (宁东镇第五届人民代表大会,
    县十八届人大, 中国人民政治协商会议某市某区第五届委员会; tables: TERM_BODIES). Before a post the
    ordinal is dropped with what precedes it (某州第十四届人大代表 → TITLE 人大代表: section 6). A party congress
    named with its session is a meeting: the party and the places in it stay (中国共产党某镇第十一次代表大会 → ORG
    中国共产党 + GPE 某镇), and so does nothing of 县第十五次党代会."""
    text = doc_text(doc)
    titles = [m.span() for m in _BOOK_TITLE.finditer(text)]
    ends = _place_ends(doc, ents)
    found: list[tuple[int, int, Span | None]] = []

    def in_title(s: int, t: int) -> bool:
        return any(a < s and t < b for a, b in titles)

    for m in TERM.finditer(text):
        p, q = m.span()
        body = TERM_BODY.match(text, q)
        end = body.end() if body is not None else None
        if end is not None and text.startswith(TERM_BODY_POSTS, end):
            title = doc.char_span(q, end + next(len(x) for x in TERM_BODY_POSTS if text.startswith(x, end)), label="TITLE")
            if title is not None and not in_title(p, title.end_char):
                found.append((p, title.end_char, title))
            continue
        committee = end is None
        if committee:   # the conference's committee: the ordinal, the places it is of, 委员会 (政协第十一届某县委员会)
            r = text.find(TERM_COMMITTEE, q, q + _MAX_TERM_PLACES + len(TERM_COMMITTEE))
            if r < 0 or r > q and not _place_run(ends, q, r):
                continue
            end = r + len(TERM_COMMITTEE)
        s = p
        while s in ends and ends[s] < s:
            s = ends[s]
        if s == p and p > 0 and text[p - 1] in LEVEL_CHARS:
            s = p - 1
        owner = next((o for o in TERM_COMMITTEE_OWNERS if text.endswith(o, 0, s)), None)
        if committee and owner is None:
            continue
        s -= len(owner or "")
        # a longer model ORG of the same body (新区二届人大常委会) keeps its start
        s = min([s, *(e.start_char for e in ents if e.label_ == "ORG" and e.start_char < s < e.end_char <= end)])
        if in_title(s, end) or any(e.label_ in ("PERSON", "TITLE") and e.start_char < end and s < e.end_char for e in ents):
            continue
        span = doc.char_span(s, end, label="ORG")
        if span is not None:
            found.append((s, end, span))
    for m in PARTY_CONGRESS.finditer(text):
        s, t = m.span()
        party, between = m.span("party"), m.group("between") or ""
        if party[0] >= 0 and between and not _place_run(ends, m.start("between"), m.end("between")):
            s = m.start("between") + len(between)   # not a place between (中共党员…): the session's name alone
            party = (-1, -1)
        found.append((s, t, None))
        if party[0] >= 0:
            found.append((-1, -1, doc.char_span(*party, label="ORG")))
            r = m.end("between")
            while r > m.start("between"):
                found.append((-1, -1, doc.char_span(ends[r], r, label="GPE")))
                r = ends[r]
    ents = _replace(ents, found)
    # the congress's short name is a meeting wherever it stands (县党代会)
    return [e for e in ents if not (e.label_ == "ORG" and e.text.endswith(MEETING_NAMES))]


_SLOGAN = re.compile("|".join(map(re.escape, SLOGANS)))


def _outside_slogans(doc: Doc, ents: list[Span]) -> list[Span]:
    """`ents` less the spans inside one of the party's standing slogans (SLOGANS: 中国 of 中国特色社会主义)."""
    slogans = [m.span() for m in _SLOGAN.finditer(doc_text(doc))]
    if not slogans:
        return ents
    return [e for e in ents if not any(s <= e.start_char and e.end_char <= t for s, t in slogans)]


# A village's committee written after the village's name (曲界村委会, 育民村委) stands for the village: GPE
# (ANNOTATION.md section 6: villages are GPE; the bare 村委会 is generic).
_VILLAGE_COMMITTEES = ("村委会", "村委")
# what stands before a village's name, not in it (来到|曲|界|村委会, 在|三|江|村委会)
_BEFORE_VILLAGE_NAME = frozenset("在到至赴和与及对向从于是的了、，。：；“”（）")


def _committee_village(doc: Doc, committee: Span, prev: Span | None) -> tuple[Span, bool] | None:
    """The village (its name + `committee`) as GPE, and whether it takes in `prev` (顺城街|村委会); None where
    no name of 2-3 characters stands right before it."""
    if prev is not None and prev.end == committee.start and prev.label_ in ("GPE", "LOC") \
            and 2 <= len(prev.text) <= 3 and _is_name(prev.text) and not prev.text.endswith(VILLAGE_SUFFIXES):
        return Span(doc, prev.start, committee.end, label="GPE"), True
    start = committee.start
    while start > 0 and committee.start - start < 3 and len(doc[start - 1].text) == 1 \
            and _is_name(doc[start - 1].text) and doc[start - 1].text not in _BEFORE_VILLAGE_NAME \
            and (prev is None or start - 1 >= prev.end):
        start -= 1
    if committee.start - start < 2 or (start > 0 and len(doc[start - 1].text) == 1
                                       and doc[start - 1].text not in _BEFORE_VILLAGE_NAME
                                       and _is_name(doc[start - 1].text)):
        return None  # no name, or a run of characters going on to the left
    return Span(doc, start, committee.end, label="GPE"), False


# A development zone written with its place's name (平阴经济开发区, 漳河新区) or alone as the page's own (高新区) is
# a GPE (ANNOTATION.md section 1: development or management zones are administrative places); its 管委会 is one
# ORG with it (沈抚示范区管委会).
_ZONE = re.compile(r"([\u4e00-\u9fff]{2})?(经济技术开发区|经济开发区|高新区|经开区|新区|开发区|示范区)(?!管委会|管理委员会)")


def _zones(doc: Doc, ents: list[Span]) -> list[Span]:
    """`ents` with the development zones (_ZONE) as GPE spans: a zone's name of two characters set off on its
    left, or 高新区 and 经开区 alone; a place span inside one (新区 of 漳河新区) gives way, any other span keeps its text."""
    text = doc_text(doc)
    found: list[Span] = []
    for m in _ZONE.finditer(text):
        s, e = m.span()
        if m.group(1) and s > 0 and _is_name(text[s - 1]) and text[s - 1] not in _BEFORE_VILLAGE_NAME:
            continue  # the name runs on to the left: not the place's name alone
        if not m.group(1) and m.group(2) not in ("高新区", "经开区"):
            continue
        span = doc.char_span(s, e, label="GPE")
        if span is None or any(x.start < span.end and span.start < x.end and not (
                x.label_ == "GPE" and span.start <= x.start and x.end <= span.end) for x in ents):
            continue
        found.append(span)
    return _replacing_inner(ents, found)


# (not 海, 江, 峰 or 林, which end many given names: 欧阳振海)
_MOUNTAIN_RIVER = ("山", "河", "湖")
_LOC_SUFFIXES_LONG = tuple(x for x in (*NATURAL_SUFFIXES, *LOC_NAME_SUFFIXES, *LOC_FOUND_SUFFIXES) if len(x) >= 2)


def _place_by_suffix(text: str) -> bool:
    """A "name" that ends as a non-administrative place does (ANNOTATION.md section 1, LOC): with a suffix of two
    characters or more (达娃卓玛故居, 某某公园), or, four characters long or more, with a mountain's, a river's or a
    lake's (唐古拉山): the NER read its transliterated characters as a person's."""
    return (len(text) > 2 and text.endswith(_LOC_SUFFIXES_LONG)) or (len(text) >= 4 and text.endswith(_MOUNTAIN_RIVER))


def _leadership_team(doc: Doc, span: Span) -> bool:
    """A collective leader term before 班子 (该乡领导班子, 乡镇领导班子): the team, a body of the page's, not a post
    held by the names the text gives (ANNOTATION.md section 1: generic references; section 2 makes 县领导 a TITLE for
    the names it introduces)."""
    return span.label_ == "TITLE" and span.text.endswith("领导") and doc_text(doc).startswith(LEADERSHIP_TEAM, span.end_char)


def _kind_of_work(doc: Doc, span: Span) -> bool:
    """A congress or a conference written bare before the work it names (人大工作, 政协协商民主, 人大各项工作): the kind
    of institution, no specific body (ANNOTATION.md section 1: generic references; section 6 takes 政协 alone as ORG
    where it is one local body)."""
    return span.label_ == "ORG" and span.text in INSTITUTION_KINDS and doc_text(doc).startswith(WORK_WORDS, span.end_char)


# Conjunctions that open a two-character place name (和县): written after a word, they join it to what follows.
_CONJUNCTIONS = frozenset("和与及同跟")


def _conjunction_place(doc: Doc, span: Span) -> bool:
    """A two-character "place" that is a conjunction and a level character after a word (精神和|县委, 熊德蓉和|县乡村振兴
    局): no place (ANNOTATION.md section 4, a word that merely contains a place name is none); at a clause's start
    (和县县委书记) it is the county."""
    k = span.start_char
    return (span.label_ == "GPE" and len(span.text) == 2 and span.text[0] in _CONJUNCTIONS
            and span.text[1] in _BODY_LEVEL_CHARS and k > 0 and doc_text(doc)[k - 1].isalpha())


def _word_before_unit_word(doc: Doc, span: Span, known_words: frozenset[str]) -> bool:
    """A "place" that is an ordinary word of the segmenter's vocabulary before a word its unit character begins
    (发展乡 of 发展乡村, 鼓励村 of 鼓励村两委): no village or town (UNIT_WORDS)."""
    text = span.text
    return (span.label_ == "GPE" and len(text) >= 3 and text[-1] in "村乡镇" and text[:-1] in known_words
            and doc_text(doc).startswith(UNIT_WORDS, span.end_char - 1))


def _whole_place_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """A village or town the page names whole once (青台子村, 西宝山村) is that name wherever the text spells it and a
    span took only a part of it (青 + 台子村, 西宝 + 山村): one GPE, the parts inside it give way (ANNOTATION.md section
    2: no nesting; one name is one span). A part that another span crosses (巴中 of 巴中市委书记) stays."""
    names = {e.text for e in ents if e.label_ == "GPE" and len(e.text) >= 3
             and e.text.endswith((*VILLAGE_SUFFIXES, *TOWN_SUFFIXES)) and _is_village_or_town_name(e.text)}
    if not names:
        return ents
    text = doc_text(doc)
    found: list[Span] = []
    for span in ents:
        if span.label_ != "GPE":
            continue
        for name in names:
            k = name.find(span.text)
            while k != -1 and span.text != name:
                start = span.start_char - k
                if start >= 0 and text.startswith(name, start):
                    whole = doc.char_span(start, start + len(name), label="GPE")
                    if whole is not None and not any(e.start < whole.end and whole.start < e.end and not (
                            whole.start <= e.start and e.end <= whole.end) for e in ents):
                        found.append(whole)
                        break
                k = name.find(span.text, k + 1)
    return _replacing_inner(ents, list(dict.fromkeys(found)))


def _is_village_or_town_name(text: str) -> bool:
    """A village's or a town's name written with its unit and nothing but name characters before it."""
    return _is_name(text) and not RELATIVE_GPE.match(text[:2])


def _stacked_posts(doc: Doc, ents: list[Span]) -> list[Span]:
    """`ents` with the bare posts stacked after a TITLE (区妇联党组书记、主席 → TITLE 区妇联党组书记 + TITLE 主席,
    ANNOTATION.md section 2: stacked titles are separate), each a word of its own after the list's 、 that no
    span holds: the lexicon leaves bare 主席 out, where it would cut 主席台."""
    taken = {i for e in ents for i in range(e.start, e.end)}
    out: list[Span] = []
    for span in ents:
        out.append(span)
        while (span.label_ == "TITLE" and span.end + 1 < len(doc) and doc[span.end].text == "、"
               and doc[span.end + 1].text in BARE_TITLES and span.end + 1 not in taken):
            span = Span(doc, span.end + 1, span.end + 2, label="TITLE")
            taken.add(span.start)
            out.append(span)
    return sorted(out, key=lambda e: e.start)


def _with_former(doc: Doc, span: Span, prev: Span | None) -> Span:
    """A TITLE with the 原 (former) written alone before it (原第一书记, 原市级领导, 市委原常委): ANNOTATION.md
    section 6 takes a title with its modifiers as written, and 原 is one of them (TITLE_MODIFIERS)."""
    k = span.start - 1
    if k >= 0 and doc[k].text in FORMER_MODIFIERS and not doc[k].whitespace_ and (prev is None or prev.end <= k):
        return Span(doc, k, span.end, label="TITLE")
    return span


# Where a photo caption places a person (石录明(右一), 前排左三): no name (the real pages' captions, L107 and L303).
_CAPTION_POSITION = re.compile(r"(?:前排|后排|中排)?[左右](?:起第?)?[一二三四五六七八九十]")


_BEARING = re.compile(f"[{BEARINGS}]{{1,2}}[{BEARING_VERBS}](?=..)")


def _without_bearing(doc: Doc, span: Span) -> Span:
    """A place span less the bearing and verb glued before it (东临蜀河 → 蜀河; module notes at BEARINGS)."""
    m = _BEARING.match(span.text)
    cut = doc.char_span(span.start_char + m.end(), span.end_char, label=span.label_) if m else None
    return cut if cut is not None else span


def conform(doc: Doc, ents: list[Span], known_words: frozenset[str] = frozenset()) -> list[Span]:
    """`ents` (sorted, not overlapping) made to follow ANNOTATION.md's span conventions (module docstring);
    `known_words`: the segmenter's vocabulary."""
    out: list[Span] = []
    ents = _places_before_facilities(doc, _named_kinds(doc, _termed_bodies(doc, _bodies_and_places(doc, _outside_titles(
        doc, _outside_slogans(doc, _without_furniture(doc, ents)))))))
    ents = _stacked_posts(doc, _listed_places(doc, _short_places(doc, _zones(doc, ents))))
    for span in _whole_place_names(doc, _villages(doc, _local_media(doc, _found_names(doc, _communities(doc, _bodies_alone(doc, _listed_bare_bodies(doc, _listed_bodies(doc, _media_names(doc, ents))))))))):
        text, label = span.text, span.label_
        name = next((text[:-len(x)] for x in _VILLAGE_COMMITTEES if text.endswith(x)), "")
        if label == "ORG" and 2 <= len(name) <= 4 and _is_name(name) and not RELATIVE_GPE.match(name):
            span = Span(doc, span.start, span.end, label="GPE")  # 育民村委: the village (section 6)
            out.append(span)
            continue
        if label == "ORG" and text in _VILLAGE_COMMITTEES:
            found = _committee_village(doc, span, out[-1] if out else None)
            if found is not None:
                village, takes_prev = found
                if takes_prev:
                    out[-1] = village
                else:
                    out.append(village)
                continue
        if (label == "PERSON" and _CAPTION_POSITION.fullmatch(text)) or (label == "TITLE" and is_job_role(text)) or _leadership_team(doc, span) or _kind_of_work(doc, span) or (label in ("ORG", "GPE", "LOC") and text in GENERIC_WORDS) \
                or (label in ("ORG", "GPE", "LOC") and _is_generic_village(text)) \
                or (label == "GPE" and text.endswith(FACILITY_NOT_PLACE)) or _conjunction_place(doc, span) \
                or _word_before_unit_word(doc, span, known_words):
            continue
        if label in ("GPE", "LOC"):
            span = _without_bearing(doc, span)
            text = span.text
        if label in ("ORG", "GPE", "LOC"):
            parts = _split_town_village(doc, span)
            if parts is not None:
                out.extend(parts)
                continue
            if label != "GPE" and _is_village(text):
                span = Span(doc, span.start, span.end, label="GPE")
            elif label == "GPE" and any(text.endswith(x) and len(text) > len(x) + 1 for x in ROAD_SUFFIXES):
                span = Span(doc, span.start, span.end, label="LOC")   # 东六环路, 109国道: roads are LOC
        if label == "PERSON" and _place_by_suffix(text):
            span = Span(doc, span.start, span.end, label="LOC")   # 唐古拉山, 某某故居: no person's name
        prev = out[-1] if out else None
        if label == "TITLE":
            span = _with_former(doc, span, prev)
        if (label == "TITLE" and prev is not None and prev.end == span.start and (_is_relative_body(prev) or _is_placeless_body(doc, prev)
                                                                                   or _is_relative_body_title(prev))
                and not doc[prev.end - 1].whitespace_):
            # ANNOTATION.md section 2: a relative body in front of a post belongs to the TITLE
            out[-1] = Span(doc, prev.start, span.end, label="TITLE")
            continue
        if label == "TITLE":
            span = _with_bare_village(doc, span, prev)
        out.append(span)
    return out


@Language.factory(
    "kg_entity_merger",
    requires=["doc.ents", "doc.spans"],
    assigns=["doc.ents"],
    default_config={
        "rule_keys": ["kg_persons", "kg_titles", "kg_orgs", "kg_places"],
        "keep_tensor": False,
        "keep_rule_spans": False,
    },
)
def make_entity_merger(
    nlp: Language, name: str, rule_keys: list[str], keep_tensor: bool, keep_rule_spans: bool
) -> EntityMerger:
    return EntityMerger(nlp, name, rule_keys, keep_tensor, keep_rule_spans)
