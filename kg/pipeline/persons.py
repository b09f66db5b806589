"""`kg_person_ruler`: person names the statistical model misses or cuts wrongly.

0. The model's own PERSON spans are made to follow the guideline first (in
   doc.ents): punctuation at an edge is dropped (周一鸣、), a span that runs over a
   space past a whole name is cut there (冯创新 通 → 冯创新; 牛 腾 keeps its space),
   so is a word after a whole name (郑丽|安排 → 郑丽) or a character no name ends in (张|平等 → 张平), surname + title is the
   title alone (蒋主席 → TITLE 主席), and a one-character span becomes the name it begins (张|新奇 → 张新奇) or
   is dropped: a surname is no name (刘局长, 周书记, 汪某). A title the model took into a name is the
   TITLE (县人大常委会副主任|张明), a span ending in 村/社区/嘎查 is the village's GPE, and a span that is
   the front of a place's or facility's name (沈抚|示范区, a place right after it) or a credit
   label (图源) is no PERSON.
1. Bylines and credit lines: `(车辋镇 曾长新)`, `(徐洋)` and `(陈卓 张译丹)` at the end of a
   paragraph, `本报讯(郝文军)`, `作者:张三`, `记者 杨晓 见习记者 冯创新`,
   `编辑/周瑞`: each name after a role. pkuseg often splits such a name into
   single characters, where the NER has little to go on.
2. A name directly before a title (习近平总书记): a model span of 2-3 Han
   characters that begins with a common surname, is no lexicon place or body,
   and is immediately followed by a TITLE span is a PERSON, whatever label the
   model gave it, except a place the segmenter knows as one word (印度总理:
   印 is a surname, but 印度 is one token the model calls a place). So are
   2-3 single-character tokens there, outside any model span (the tokenizer
   cuts unknown names into characters), unless the run of single characters
   goes on to their left (科|普|室|主任).
   A model span of another label right after a title, that is a name and is closed by what follows
   (市人大代表|张红梅|和), is a PERSON too.
3. Lists of names sharing a title (市领导张鹏飞、陶斌、王毅; 县人大常委会副主任王桂芳、曹富强):
   after a title, or beside a name the model found, every item of a 、 list
   that is a surname-initial name of 2-3 characters is a PERSON, whatever the
   model called it; the last item ends where the segmenter ends a word.
4. Runs of names with nothing or only spaces between them (宋宝瑞宋清渭宋瑞祥王忠禹等; 王兆兰 蒋莎 王仁忠; the MSRA
   test writes lists whose spaces were dropped): the run is cut into surname-initial names of 2-3
   characters, the cut that agrees best with the model's PERSON edges, then the one of more
   three-character names; where the tokenizer glued a name to the word after it (符平|等 from 符|平等)
   the token is split there. The run begins where a name can (after a space, a title, or where the
   model's PERSON begins) and ends where a name does (a space, 等, 陪同, 四位, a title...); it holds
   names the model found, two or more, or one where spaces set the names off; and where nothing sets
   them off, most of its names hold something the model took for an entity. A name of the model's
   that is a name by itself (李雪梅|今年) is one of the run's names or none; no name is cut out of a word
   the model read inside one name (阿卜杜拉) or, mid-run, out of one where it saw nothing (汤加国|王图).

Spans go to doc.spans["kg_persons"]; `kg_entity_merger` ranks them with the other rules.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Container, Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from kg.lexicon.generate import BYLINE_ROLE_PATTERN
from kg.lexicon.tables import (BARE_TITLES, LOC_NAME_SUFFIXES, ORG_NAME_SUFFIXES, VERBS_AFTER_NAME, VILLAGE_SUFFIXES,
                               ZONE_SUFFIXES)
from kg.pipeline.chars import _split_at, doc_text


_HAN = re.compile(r"[\u4e00-\u9fff]")
# Roles of a byline or credit line (ANNOTATION.md section 2): each name after one is a PERSON.
_ROLE = BYLINE_ROLE_PATTERN
_NAME_RUN = r"[\u4e00-\u9fff]{2,6}"
_SEP = r"[ \t\u3000]*[:：/]?[ \t\u3000]*"  # within the line
_BYLINE_PATTERNS = (
    # (车辋镇 曾长新) — a place and a name in brackets
    re.compile(r"[（(][^（）()\n]{0,20}?[\s\u3000]+([\u4e00-\u9fff]{2,3})[\s\u3000]*[)）]"),
    # (徐洋) closing a paragraph, 本报讯(郝文军) opening one
    re.compile(r"[（(][\s\u3000]*([\u4e00-\u9fff]{2,3})[\s\u3000]*[)）][\s\u3000]*(?=\n|$)"),
    re.compile(r"讯[\s\u3000]*[（(][\s\u3000]*([\u4e00-\u9fff]{2,3})[\s\u3000]*[)）]"),
)
# (陈卓 张译丹) closing a paragraph: a credit of several names, each a PERSON where all are names
_BYLINE_NAME_LIST = re.compile(r"[（(][\s\u3000]*([\u4e00-\u9fff]{2,3}(?:[ \t\u3000]+[\u4e00-\u9fff]{2,3})+)"
                               r"[\s\u3000]*[)）][\s\u3000]*(?=\n|$)")
# 记者 杨晓 李四 / 编辑:周瑞 / 实习记者郝学文康涛: a role, then names up to the next role or the line's end
_ROLE_NAMES = re.compile(_ROLE + _SEP + r"(" + _NAME_RUN + r"(?:[ \t\u3000、，,]+" + _NAME_RUN + r")*)(?![\u4e00-\u9fff])")
_ROLE_PREFIX = re.compile(_ROLE)
# What closes a byline glued to the name: 记者李中文报道, 通讯员王五摄 (the name is what comes before)
_BYLINE_CLOSE = re.compile(r"(?:报道|摄影|摄|撰稿|整理|供稿)$")
_NOT_NAMES = frozenset({"佚名", "消息", "本网", "本报", "本台", "本站", "综合", "整理", "报道", "供图", "来源", "图源"})
# What a place, an organization or a facility is named with after its proper part (沈抚|示范区): a "name"
# the model found right before one is the front of that name, not a person (ANNOTATION.md section 2)
_NAME_PART_AFTER = tuple(x for x in (*ZONE_SUFFIXES, *LOC_NAME_SUFFIXES, *ORG_NAME_SUFFIXES) if len(x) >= 2)
_PLACE_LABELS = ("GPE", "LOC")
# single-character words that often stand right before a name (在习近平总书记...)
_FUNCTION_CHARACTERS = frozenset("在和与及对向由以把被将为同跟给让请据经从于是的了、，。：；“”（）")
# single characters that end a name rather than continue it (王毅|说, 刘念|等, 汪某)
_AFTER_NAME_CHARACTERS = frozenset("等和与及的了是在到说讲对向为将也还都就又再从率带陪看听问任兼代某同一等我你他她")
# the characters of that set that end no three-character name (none of the 13,872 such PERSON names of the NER
# corpora ends in one, a few end in 和, 为, 同, 一, 在): a model name of three that ends in one is a name of two and
# the word after it (张平|等, 周萌|边听边看, 张强|逐一); so is one of four that ends in any of the set (陈秋英|和)
_NEVER_NAME_END = frozenset("等与边逐的了是到说对向将还就又再从率带陪看听兼")
# what follows a surname where it is no name's start (温先生, 张经理, 潘老, 汪某)
_HONORIFICS = ("先生", "女士", "小姐", "老师", "经理", "师傅", "大爷", "大妈", "阿姨", "妈妈", "爸爸", "奶奶", "爷爷",
               "老", "总", "某", "氏")
# words that close a name the text does not otherwise set off (文永明|表示, 胡建辉|带队)
_NAME_END_WORDS = (*VERBS_AFTER_NAME, "同志", "等", "一行", "带领", "率领", "率", "和", "与", "及", "说", "赴", "深入",
                   "主持", "来到", "前往", "代表", "就", "也", "还", "先后", "分别", "认为", "提出", "希望")
# what makes a surname name nobody in particular: 汪某 (someone), 张家 (a family, a hamlet)
_NOBODY_AFTER_SURNAME = ("某", "家")
_LIST_SEP = re.compile(r"[\s\u3000]*、[\s\u3000]*")
# a stretch of Han characters and the spaces within a line that may set names off (王兆兰 蒋莎 王仁忠)
_INLINE_SPACES = " \t\u3000\u00a0"
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+(?:[ \t\u3000\u00a0]+[\u4e00-\u9fff]+)*")
# what ends a run of names besides _NAME_END_WORDS: a count of them (叶江川徐俊汪自力彭小民|四位棋手)
_RUN_END_COUNT = re.compile(r"[一二三四五六七八九十两几][位人名]")


def _is_loose_character(text: str) -> bool:
    """A one-character token that is no function word: part of a longer run the segmenter cut up."""
    return len(text) == 1 and "\u4e00" <= text <= "\u9fff" and text not in _FUNCTION_CHARACTERS
_NOT_NAME_END = tuple("部委院局会厅办所司处府党社校团队军行省市县区镇乡村国州")
# 军 and 国 end many names (徐军, 李建国); where the text marks off the name (a byline, a list
# item), they are read as names, elsewhere as the body they usually are (解放军, 陆军)
_NOT_NAME_END_MARKED = tuple(c for c in _NOT_NAME_END if c not in "军国")


def _split_keeping_spans(doc: Doc, offsets: list[int]) -> None:
    """Split the tokens the character offsets fall inside (`_split_at`) and set doc.spans again: a span
    group keeps token indices, which a split moves."""
    groups = {key: [(s.start_char, s.end_char, s.label_) for s in group] for key, group in doc.spans.items()}
    _split_at(doc, offsets)
    for key, spans in groups.items():
        doc.spans[key] = [sp for a, b, label in spans if (sp := doc.char_span(a, b, label=label)) is not None]


@dataclass(frozen=True)
class _RunMarks:
    """What `PersonRuler._cut_runs` reads off a doc: the model's PERSON starts and edges, its names that are
    names by themselves (character → span), the titles, the character offsets inside tokens, the characters
    in any entity, the offsets inside tokens that hold no entity and inside tokens within one entity, the
    spans of other labels, and where each word of 2+ characters ends (by its start)."""
    person_starts: set[int]
    edges: set[int]
    whole: dict[int, tuple[int, int]]
    in_title: set[int]
    title_starts: set[int]
    inner_token_edges: set[int]
    in_entity: set[int]
    bare_inner_edges: set[int]
    firm_inner_edges: set[int]
    not_names: set[tuple[int, int]]
    word_ends: dict[int, int]


def read_surnames(xlsx: str | Path, top: int = 400) -> list[str]:
    """The `top` most frequent surnames of shared/data/lexicon/surnames (an .xlsx read with the stdlib)."""
    with zipfile.ZipFile(xlsx) as z:
        strings = re.findall(r"<t[^>]*>([^<]*)</t>", z.read("xl/sharedStrings.xml").decode("utf-8"))
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    rows = []
    for row in re.findall(r"<row[^>]*>(.*?)</row>", sheet, flags=re.S):
        cells = re.findall(r'<c r="([A-Z]+)\d+"([^>]*)>(?:<v>([^<]*)</v>)?', row)
        values = {}
        for col, attrs, value in cells:
            values[col] = strings[int(value)] if 't="s"' in attrs and value else value
        try:
            rows.append((float(values.get("B", "")), values["A"]))
        except (ValueError, KeyError):
            continue  # header row
    return [name for _, name in sorted(rows, reverse=True)[:top] if len(name) == 1 or len(name) == 2]


# How many of the most frequent surnames start a name anywhere (byline, list, before a title).
COMMON_SURNAMES = 400


class PersonRuler:
    def __init__(self, nlp: Language, name: str, spans_key: str, title_key: str, block_keys: list[str]):
        self.name = name
        self.spans_key = spans_key
        self.title_key = title_key
        self.block_keys = list(block_keys)
        self.surnames: frozenset[str] = frozenset()
        self.title_surnames: frozenset[str] = frozenset()

    def initialize(self, get_examples=None, *, nlp=None, surnames: Iterable[str] = ()):
        """`surnames` most frequent first: the first COMMON_SURNAMES start a name anywhere, the rest only
        right after a title (市委书记郄英才), where the text itself marks a name."""
        ordered = list(surnames)
        self.surnames = frozenset(ordered[:COMMON_SURNAMES])
        self.title_surnames = frozenset(ordered)

    def _is_name(self, text: str, marked: bool = False, after_title: bool = False) -> bool:
        """A surname-initial name of 2-3 characters; `marked`: the text sets it off as a name (byline, list);
        `after_title`: it follows a title, so a rarer surname starts it too."""
        surnames = self.title_surnames | self.surnames if after_title else self.surnames
        return (
            2 <= len(text) <= 3
            and all(_HAN.match(c) for c in text)
            and not text[1:].startswith(_HONORIFICS)
            and (text[0] in surnames or text[:2] in surnames)
            and not text.endswith(_NOT_NAME_END_MARKED if marked else _NOT_NAME_END)
            and text not in _NOT_NAMES
        )

    def __call__(self, doc: Doc) -> Doc:
        blocked_tokens = {i for key in (self.title_key, *self.block_keys) for s in doc.spans.get(key, ())
                          for i in range(s.start, s.end)}
        ents = self._conform_model_persons(doc, blocked_tokens)
        text = doc_text(doc)  # a split leaves it as it is
        runs = self._name_runs(doc, text, ents)
        if runs:
            _split_keeping_spans(doc, sorted({x for ab in runs for x in ab}))
            blocked_tokens = {i for key in (self.title_key, *self.block_keys) for s in doc.spans.get(key, ())
                              for i in range(s.start, s.end)}
        found: dict[tuple[int, int], Span] = {}

        def add(span: Span | None) -> None:
            if span is not None and not any(i in blocked_tokens for i in range(span.start, span.end)):
                found[(span.start, span.end)] = Span(doc, span.start, span.end, label="PERSON")

        for pattern in _BYLINE_PATTERNS:
            for m in pattern.finditer(text):
                if self._is_name(m.group(1), marked=True):
                    add(doc.char_span(*m.span(1)))
        for m in _BYLINE_NAME_LIST.finditer(text):
            names = list(re.finditer(r"[\u4e00-\u9fff]+", m.group(1)))
            if all(self._is_name(n.group(0), marked=True) for n in names):
                for n in names:
                    add(doc.char_span(m.start(1) + n.start(), m.start(1) + n.end()))
        for span in self._credit_names(doc):
            add(span)
        title_starts = {t.start for t in doc.spans.get(self.title_key, ())}
        blocked = {(s.start, s.end) for key in self.block_keys for s in doc.spans.get(key, ())}
        for ent in doc.ents:
            if (
                ent.label_ != "PERSON"
                and not (ent.label_ in _PLACE_LABELS and len(ent) == 1)
                and ent.end in title_starts
                and (ent.start, ent.end) not in blocked
                and self._is_name(ent.text)
            ):
                found[(ent.start, ent.end)] = Span(doc, ent.start, ent.end, label="PERSON")
        title_ends = {t.end for t in doc.spans.get(self.title_key, ())}
        for ent in doc.ents:
            # 市级人大代表|乌日娜|和: a name right after a title, whatever label the model gave it, where what
            # follows closes a name
            after = text[ent.end_char:ent.end_char + 4]
            if (ent.label_ != "PERSON" and ent.start in title_ends and (ent.start, ent.end) not in blocked
                    and self._is_name(ent.text, after_title=True) and not (after and _HAN.match(after) and not after.startswith(_NAME_END_WORDS))):
                found[(ent.start, ent.end)] = Span(doc, ent.start, ent.end, label="PERSON")
        in_entity = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        for end in title_starts:
            for n in (3, 2):
                start = end - n
                if start < 0 or any(i in in_entity or len(doc[i]) != 1 for i in range(start, end)):
                    continue
                if start > 0 and _is_loose_character(doc[start - 1].text):
                    continue  # 科|普|室|主任: the run of characters goes on to the left
                if doc[start].text in _FUNCTION_CHARACTERS:
                    continue  # 及|各|乡镇书记: a function word, not a surname
                if (start, end) not in blocked and self._is_name(doc[start:end].text):
                    found[(start, end)] = Span(doc, start, end, label="PERSON")
                    break
        for span in self._list_names(doc, blocked_tokens):
            add(span)
        # 党委书记文|永明: a name the model missed right after a title
        for end in {t.end for t in doc.spans.get(self.title_key, ())} | {e.end for e in doc.ents if e.label_ == "TITLE"}:
            if end < len(doc) and end not in in_entity:
                add(self._name_at(doc, end, blocked_tokens, in_entity, marked=False, min_tokens=2, ending=True,
                                  after_title=True))
        if runs:  # a run's names stand whole: what another rule found across them gives way
            in_run = {i for a, b in runs for i in range(a, b)}
            found = {k: v for k, v in found.items() if not any(i in in_run for i in range(v.start_char, v.end_char))}
            for a, b in runs:
                span = doc.char_span(a, b, label="PERSON")
                if span is not None:
                    found[(span.start, span.end)] = span
        doc.spans[self.spans_key] = sorted(found.values(), key=lambda s: s.start)
        return doc

    def _name_runs(self, doc: Doc, text: str, doc_ents: list[Span]) -> list[tuple[int, int]]:
        """Character offsets of the names in runs of names glued together or set off by spaces (docstring, 4);
        `text` and `doc_ents`: doc.text and doc.ents."""
        ents = [(e.start_char, e.end_char, e.label_) for e in doc_ents]
        persons = [(a, b) for a, b, label in ents if label == "PERSON"]
        if not persons:
            return []
        # a run needs two names of the model's, or one and a space: most segments have neither
        person_at = {i: k for k, (a, b) in enumerate(persons) for i in range(a, b)}
        segments = [seg.span() for seg in _HAN_RUN.finditer(text)]
        segments = [(a, b) for a, b in segments if len({person_at[i] for i in range(a, b) if i in person_at}) >= 2
                    or (any(i in person_at for i in range(a, b)) and any(c in _INLINE_SPACES for c in text[a:b]))]
        if not segments:
            return []
        person_starts = {a for a, _ in persons}
        edges = person_starts | {b for _, b in persons}
        titles = [(s.start_char, s.end_char) for s in doc.spans.get(self.title_key, ())]
        titles += [(a, b) for a, b, label in ents if label == "TITLE"]
        title_ends = {b for _, b in titles}
        others = [(a, b) for a, b, label in ents if label not in ("PERSON", "TITLE")]
        entities = persons + others
        entity_at = {i: (a, b) for a, b in entities for i in range(a, b)}  # doc.ents: no two overlap
        in_entity = set(entity_at)
        others += [(s.start_char, s.end_char) for key in self.block_keys for s in doc.spans.get(key, ())]
        marks = _RunMarks(
            person_starts=person_starts, edges=edges,
            # a name of the model's that is a name by itself is one of the run's names or none of them: no cut
            # falls inside it (李雪梅|今年, 邓小平|理论), no name of the run takes part of it (周瑜那样开|解|孙权)
            whole={i: (a, b) for a, b in persons if self._is_name(text[a:b]) for i in range(a, b)},
            in_title={i for a, b in titles for i in range(a, b)}, title_starts={a for a, _ in titles},
            inner_token_edges={t.idx + k for t in doc for k in range(1, len(t.text))},
            in_entity=in_entity, not_names=set(others),
            bare_inner_edges={t.idx + k for t in doc
                              if not any(i in in_entity for i in range(t.idx, t.idx + len(t.text)))
                              for k in range(1, len(t.text))},
            # a word the model read inside one name of its own is cut by neither (阿卜杜拉: not 阿卜|杜拉希)
            firm_inner_edges={t.idx + k for t in doc if len(t.text) > 1 and t.idx in entity_at
                              and entity_at[t.idx] == entity_at.get(t.idx + len(t.text) - 1)
                              for k in range(1, len(t.text))},
            word_ends={t.idx: t.idx + len(t.text) for t in doc if len(t.text) >= 2})
        runs: list[tuple[int, int]] = []
        for a, b in segments:
            cuts = self._cut_runs(text, a, b, marks)
            starts = sorted({a} | {p for p in range(a + 1, b) if text[p - 1] in _INLINE_SPACES}
                            | {p for p in title_ends | person_starts if a < p < b})
            done = a
            for p in starts:
                units = cuts.get(p)
                if p < done or not units or len(units) < 2:
                    continue
                first, last = units[0][0], units[-1][1]
                if any(x < last and first < y and not (first <= x and y <= last) for x, y in others):
                    continue  # a place or body that runs into the names: no list of names
                # names the model found in the run, each counted once: a name the model reads whole
                # (宋双周森古沙, 普里马科夫) is no run unless the run goes on past it
                support = sum(1 for x, y in persons if x < last and first < y)
                spaced = all(y < x2 and text[y:x2].strip(_INLINE_SPACES) == ""
                             for (_, y), (x2, _) in zip(units, units[1:]))
                # and, where nothing sets them off, most of its names hold something the model took for an
                # entity (宋|瑞祥: a GPE)
                seen = sum(any(x < y2 and x2 < y for x2, y2 in entities) for x, y in units)
                if (support and spaced) or (support >= 2 and 3 * seen >= 2 * len(units)):
                    runs.extend(units)
                    done = last
        return runs

    def _cut_runs(self, text: str, start: int, stop: int, marks: _RunMarks
                  ) -> dict[int, list[tuple[int, int]] | None]:
        """For each position of text[start:stop], the longest cut from there into names of 2-3 characters
        (spaces may stand between them), each a surname and one or two more characters, that ends where a
        name ends; of two cuts as long, the one whose edges agree more with the model's PERSON edges and
        less often fall inside a token, then the one of fewer names. A name of the model's in `marks.whole`
        is one of the names or overlaps none; a surname that is also a function word (和, 于) begins a name
        only where the model's PERSON does (陈祖德和常昊); no name takes the word that closes it (扬|表示).
        None where there is none, or two agree equally well.
        """
        # best[q]: (characters covered, agreement, names, tied) of the best cut from q, None where there is none
        best: dict[int, tuple[int, float, list[tuple[int, int]], bool] | None] = {stop: (0, 0.0, [], False)}
        whole = marks.whole
        for q in range(stop - 1, start - 1, -1):
            if q in whole and whole[q][0] < q:
                best[q] = None  # inside a name of the model's
                continue
            ends_here = (text[q] in _INLINE_SPACES or q in marks.title_starts or _RUN_END_COUNT.match(text, q)
                         or text.startswith(_NAME_END_WORDS, q))
            options = [(0, 0.0, [], False)] if ends_here else []
            for sl in (1, 2):
                if text[q:q + sl] not in self.surnames:
                    continue
                for g in (1, 2):
                    e = q + sl + g
                    if e > stop:
                        continue
                    name = text[q:e]
                    # a name spaces set off on both sides may hold 和 and a name of the model's (魏凤和, where the
                    # model read 魏凤); one glued to more may not (陈祖德和常昊, 扬表示)
                    alone = (q == start or text[q - 1] in _INLINE_SPACES) and (e == stop or text[e] in _INLINE_SPACES)
                    if any(c in _INLINE_SPACES for c in name) or q in marks.firm_inner_edges \
                            or e in marks.firm_inner_edges \
                            or (not alone and (text.startswith(_NAME_END_WORDS, q + sl) or any(
                                c in _AFTER_NAME_CHARACTERS or c in _FUNCTION_CHARACTERS for c in name[sl:]))) \
                            or (name[0] in _FUNCTION_CHARACTERS and q not in marks.person_starts) \
                            or any(i in whole and whole[i] != (q, e) and not (alone and q <= whole[i][0]
                                                                             and whole[i][1] <= e)
                                   for i in range(q, e)) \
                            or any(i in marks.in_title for i in range(q, e)) or not self._is_name(name, marked=True):
                        continue
                    word_end = marks.word_ends.get(q, e + 1)
                    if (q, e) in marks.not_names or (word_end <= e and not any(
                            i in marks.in_entity for i in range(q, word_end))):
                        continue  # the model's place, or a word of the segmenter's where it saw nothing (原名, 国王|图)
                    r = e
                    while r < stop and text[r] in _INLINE_SPACES:
                        r += 1
                    rest = best[r] if best[r] is not None else best[e]  # the names may stop at the space
                    if rest is None or (rest[2] and e in marks.bare_inner_edges):
                        continue  # no names go on past a cut inside a word where the model saw nothing (汤加国|王图)
                    agree = (q in marks.edges) + (e in marks.edges) \
                        - sum(1 for i in range(q + 1, e) if i in marks.edges) \
                        - 0.5 * ((q in marks.inner_token_edges) + (e in marks.inner_token_edges))
                    options.append((e - q + rest[0], agree + rest[1], [(q, e)] + rest[2], rest[3]))
            if not options:
                best[q] = None
                continue
            # most names of three characters, as most names are, where the model's edges do not decide
            # (汪洋|王沪宁|赵乐际, not 汪洋|王沪|宁赵|乐际)
            rank = [(o[0], o[1], -len(o[2])) for o in options]
            top = max(range(len(options)), key=rank.__getitem__)
            tied = options[top][3] or rank.count(rank[top]) > 1
            best[q] = (*options[top][:3], tied)
        return {q: (None if v is None or v[3] else v[2]) for q, v in best.items() if q < stop}

    def _name_at(self, doc: Doc, start: int, blocked_tokens: set[int], taken: Container[int] = (),
                 marked: bool = True, min_tokens: int = 1, ending: bool = False, after_title: bool = False
                 ) -> Span | None:
        """The name of 3 or 2 characters that begins at token `start` and ends where a word ends (张|新奇|出席 → 张新奇).

        `min_tokens` 2 keeps out a word the segmenter knows whole (书记|高度|重视); `ending`: what
        follows must close a name (punctuation, 表示, 同志, 等...), not go on (小温|消失|在).
        """
        for n in (3, 2):
            end, length = start, 0
            while end < len(doc) and length < n:
                length += len(doc[end].text)
                end += 1
            if length != n or any(i in blocked_tokens or i in taken for i in range(start, end)):
                continue
            span = doc[start:end]
            if not marked and (span.text[0] in _FUNCTION_CHARACTERS or "个" in span.text):
                continue  # 书记和三个连队: 和 and 个 are words here, not a surname and a name
            surnames = self.title_surnames | self.surnames if after_title else self.surnames
            if len(span) < min_tokens or (len(span) > 1 and span[0].text not in surnames) \
                    or any(c in _AFTER_NAME_CHARACTERS for c in span.text[1:]) \
                    or not self._is_name(span.text, marked, after_title) or span[1:].text in BARE_TITLES:
                continue
            if end < len(doc) and _is_loose_character(doc[end].text) and doc[end].text not in _AFTER_NAME_CHARACTERS \
                    and not (end + 1 < len(doc) and doc[end + 1].text == "了"):
                continue  # 王|毅|说 and 万|方|发|了 are fine, 张|新|奇|怪 is not a name that ends here
            if self._ends_in_verb(doc, span.text, end):
                continue  # 万|方|发|了: 万方 and the verb 发
            after = doc_text(doc)[span.end_char:span.end_char + 4]
            if ending and after and _HAN.match(after) and not after.startswith(_NAME_END_WORDS):
                continue
            return span
        return None

    def _conform_model_persons(self, doc: Doc, blocked_tokens: set[int]) -> list[Span]:
        """The model's PERSON spans trimmed, cut or dropped as the module docstring says (in doc.ents); returns
        doc.ents as they are now (reading doc.ents walks every token)."""
        ents = list(doc.ents)
        taken = {i for e in ents if e.label_ != "PERSON" for i in range(e.start, e.end)}
        title_tokens = {i for s in doc.spans.get(self.title_key, ()) for i in range(s.start, s.end)}
        place_starts = {e.start for e in ents if e.label_ in ("GPE", "LOC")}
        out: list[Span] = []
        changed = False
        verbs: set[int] = set()  # where a name ends that the model read with the verb after it
        for e in ents:
            if e.label_ != "PERSON":
                out.append(e)
                continue
            if self._ends_in_verb(doc, e.text, e.end):
                verbs.add(e.end_char - 1)  # 李杰作|了: the name is 李杰, 作 the verb (below, it may split a token)
                out.append(e)
                changed = True
                continue
            start, end = e.start, e.end
            while start < end and not _HAN.match(doc[start].text):
                start += 1
            while end > start and not _HAN.match(doc[end - 1].text):
                end -= 1
            for k in range(start + 1, end):
                # 冯创新 通: a space after a whole name ends it; 牛 腾 (one character before it) keeps it
                if doc[k - 1].whitespace_ or doc[k].is_space:
                    if len(doc[start:k].text.strip()) >= 2:
                        end = k
                    break
            if end - start >= 2 and doc[start:end].text.endswith(VILLAGE_SUFFIXES):
                out.append(Span(doc, start, end, label="GPE"))  # 萨如拉嘎查: a village (section 6)
                changed = True
                continue
            if end - start >= 2 and len(doc[end - 1].text) >= 2 and _HAN.match(doc[end - 1].text) \
                    and self._is_name(doc[start:end - 1].text) and doc[start:end - 1].text not in self.surnames:
                end -= 1  # 郑丽|安排: a word after a whole name is the verb, not the name
            span = doc[start:end] if end > start else None
            if span is not None and (span.text in _NOT_NAMES or span.end in place_starts
                                     or doc_text(doc).startswith(_NAME_PART_AFTER, span.end_char)):
                changed = True  # 图源; 胡地亚|于孜镇, 沈抚|示范区: part of a place's or a facility's name
                continue
            if span is not None and len(span) >= 2 and span[0].text not in self.surnames:
                # 旗人大常委会副主任|宝龙: a title the model took into the name is the TITLE, the rest the name
                k = start
                while k < end and k in title_tokens:
                    k += 1
                if start < k < end and self._is_name(doc[k:end].text, marked=True):
                    out.append(Span(doc, start, k, label="TITLE"))
                    start, span, changed = k, doc[k:end], True
            if span is not None and len(span) >= 2 and span[0].text in self.surnames \
                    and (span[1:].text in BARE_TITLES or all(i in title_tokens for i in range(start + 1, end))):
                # 蒋主席, 刘局长: surname + title is the TITLE alone (ANNOTATION.md section 2)
                out.append(Span(doc, start + 1, end, label="TITLE"))
                changed = True
                continue
            if span is not None and len("".join(span.text.split())) == 1:
                one = span
                nickname = start > 0 and doc[start - 1].text in ("小", "老", "大")  # 小温|消失: no name to grow
                span = None if nickname else self._name_at(doc, start, blocked_tokens, taken, ending=True)
                before_title = one.end < len(doc) and (doc[one.end].text in BARE_TITLES or one.end in title_tokens)
                if span is None and before_title and doc[one.end].text in BARE_TITLES \
                        and one.end not in taken and one.end not in blocked_tokens:
                    out.append(Span(doc, one.end, one.end + 1, label="TITLE"))  # 蒋|主席: the title alone
                elif span is None and not before_title and not nickname \
                        and not doc_text(doc).startswith(_NOBODY_AFTER_SURNAME, one.end_char):
                    # only surname + title is no PERSON (ANNOTATION.md section 2); 李老师, 胡老 stay as the model
                    # said (People's Daily and MSRA name the surname alone); 汪某, 张家 name nobody
                    span = one
            elif span is not None and len(span.text) == 2 and span.text[0] not in self.surnames \
                    and doc_text(doc).startswith("同志", span.end_char):
                span = None  # 德刚同志: a given name alone is no PERSON
            if span is None or (span.start, span.end) != (e.start, e.end):
                changed = True
            if span is not None and (span.text[-1] in _NEVER_NAME_END or len(span.text) == 4
                                     and span.text[-1] in _AFTER_NAME_CHARACTERS) \
                    and all(_HAN.match(c) for c in span.text) and self._is_name(span.text[:-1]):
                # 张|平等, 陈|秋英|和: the name and the word after it (below, it may split a token)
                verbs.add(span.end_char - 1)
                changed = True
            if span is not None:
                out.append(Span(doc, span.start, span.end, label="PERSON"))
        if changed:
            out.sort(key=lambda s: s.start)
            kept: list[Span] = []
            for span in out:  # a name grown into the next span gives way to it
                if kept and span.start < kept[-1].end:
                    continue
                kept.append(span)
            if verbs:
                bounds = [(sp.start_char, sp.end_char - (sp.end_char - 1 in verbs), sp.label_) for sp in kept]
                _split_keeping_spans(doc, sorted(verbs))
                kept = [sp for a, b, label in bounds if (sp := doc.char_span(a, b, label=label)) is not None]
            doc.set_ents(kept, default="outside")
            return kept
        return ents

    def _ends_in_verb(self, doc: Doc, name: str, end: int) -> bool:
        """A name of three characters right before the token 了 ends in a verb: 了 follows no name (李杰作|了, 万方发|了)."""
        return (len(name) == 3 and end < len(doc) and doc[end].text == "了" and all(_HAN.match(c) for c in name)
                and self._is_name(name[:2]))

    def _credit_names(self, doc: Doc) -> Iterable[Span | None]:
        """Each name after a byline role (记者 杨晓 见习记者 冯创新; 编辑/周瑞; 实习记者郝学文康涛)."""
        model = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        words = {t.idx: t.idx + len(t.text) for t in doc if len(t.text) >= 2}
        for m in _ROLE_NAMES.finditer(doc_text(doc)):
            s0 = m.start(1)
            for part in re.finditer(r"[\u4e00-\u9fff]+", m.group(1)):
                word, offset = part.group(0), s0 + part.start()
                role = _ROLE_PREFIX.match(word)
                if role:  # the next role (见习记者 冯创新): its names follow
                    word, offset = word[role.end():], offset + role.end()
                word = _BYLINE_CLOSE.sub("", word)
                for a, b in self._split_names(word, offset, model, words):
                    yield doc.char_span(a, b)

    def _split_names(self, word: str, offset: int, model: list[tuple[int, int]],
                     words: dict[int, int]) -> list[tuple[int, int]]:
        """Character offsets of the names in a run of Han characters after a role (郝学文康涛 → 郝学文, 康涛);
        `words`: where each word of 2+ characters of the segmenter's ends (by its start)."""
        n = len(word)
        if word in _NOT_NAMES:
            return []
        # 曾露|根据, 张彪|浏览: the model's name and a word of the segmenter's after it that ends the run
        named = [(a, b) for a, b in model if a == offset and b < offset + n and words.get(b) == offset + n]
        if named and self._is_name(word[:named[0][1] - offset], marked=True):
            return named[:1]
        if n <= 3:
            return [(offset, offset + n)] if self._is_name(word, marked=True) else []
        if n == 4 and any(a < offset + n and b > offset and b - a >= 2 for a, b in model):
            return [(offset, offset + n)]  # 才项仁增: one name, the model found part of it
        for cut in ((3,) if n == 5 else (3, 2) if n == 6 else ()) + ((2,) if n in (4, 5) else ()):
            head, tail = word[:cut], word[cut:]
            if self._is_name(head, marked=True) and self._is_name(tail, marked=True):
                return [(offset, offset + cut), (offset + cut, offset + n)]
        return []

    def _list_names(self, doc: Doc, blocked_tokens: set[int]) -> Iterable[Span]:
        """Items of 、 lists of names: after a title, or where the model found a name among the items."""
        text = doc_text(doc)
        title_ends = {t.end_char for t in doc.spans.get(self.title_key, ())}
        title_ends |= {e.end_char for e in doc.ents if e.label_ == "TITLE"}
        persons = {e.end_char: e.start_char for e in doc.ents if e.label_ == "PERSON" and len(e.text) >= 2}
        person_starts = set(persons.values())
        token_at = {t.idx: t.i for t in doc}
        seps = list(_LIST_SEP.finditer(text))
        k = 0
        while k < len(seps):
            run = [seps[k]]  # one list: separators with items of 2-3 characters between them
            while k + 1 < len(seps) and 2 <= seps[k + 1].start() - run[-1].end() <= 3:
                run.append(seps[k + 1])
                k += 1
            k += 1
            items = [(a.end(), b.start()) for a, b in zip(run, run[1:])]
            first_end = run[0].start()
            after_title = next((first_end - n for n in (3, 2) if first_end - n in title_ends), None)
            first_start = after_title if after_title is not None else persons.get(first_end)
            if first_start is not None:
                items.insert(0, (first_start, first_end))
            if after_title is None and not any(persons.get(b) == a for a, b in items):
                continue
            for a, b in items:
                if self._is_name(text[a:b], marked=True):
                    span = doc.char_span(a, b)
                    if span is not None:
                        yield span
            last = token_at.get(run[-1].end())
            if last is not None and run[-1].end() not in person_starts:
                span = self._name_at(doc, last, blocked_tokens)
                if span is not None:
                    yield span


    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "surnames.json", self._surname_data())

    def from_disk(self, path, exclude=()):
        self._set_surname_data(srsly.read_json(Path(path) / "surnames.json"))
        return self

    def to_bytes(self, exclude=()):
        return srsly.json_dumps(self._surname_data()).encode("utf-8")

    def from_bytes(self, data, exclude=()):
        self._set_surname_data(srsly.json_loads(data))
        return self

    def _surname_data(self) -> dict:
        return {"common": sorted(self.surnames), "after_title": sorted(self.title_surnames - self.surnames)}

    def _set_surname_data(self, data) -> None:
        if isinstance(data, list):  # a model saved before the rarer surnames: one list
            data = {"common": data, "after_title": []}
        self.surnames = frozenset(data["common"])
        self.title_surnames = self.surnames | frozenset(data["after_title"])


@registry.misc("kg.surnames.v1")
def surnames(path: str) -> list[str]:
    """The 1,000 most frequent surnames, most frequent first, from
    shared/data/lexicon/surnames/chinese_family_name_1k.xlsx (`PersonRuler.initialize` reads the rarer ones
    only right after a title: 郄, 翦, 揭 of officials, not 时, 采 of 采访时表示)."""
    return read_surnames(path, top=1000)


@Language.factory(
    "kg_person_ruler",
    requires=["doc.ents", "doc.spans"],
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_persons", "title_key": "kg_titles", "block_keys": ["kg_places", "kg_orgs"]},
)
def make_person_ruler(nlp: Language, name: str, spans_key: str, title_key: str, block_keys: list[str]) -> PersonRuler:
    return PersonRuler(nlp, name, spans_key, title_key, block_keys)
