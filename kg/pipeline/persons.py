"""`kg_person_ruler`: person names the statistical model misses, from two patterns.

1. Bylines: `(车辋镇 曾长新)` at the end of a paragraph, `作者:张三` in the
   metadata line. pkuseg often splits such a name into single characters,
   where the NER has little to go on.
2. A name directly before a title (习近平总书记): a model span of 2-3 Han
   characters that begins with a common surname, is no lexicon place or body,
   and is immediately followed by a TITLE span is a PERSON, whatever label the
   model gave it, except a place the segmenter knows as one word (印度总理:
   印 is a surname, but 印度 is one token the model calls a place). So are
   2-3 single-character tokens there, outside any model span (the tokenizer
   cuts unknown names into characters), unless the run of single characters
   goes on to their left (科|普|室|主任).

Spans go to doc.spans["kg_persons"]; `kg_entity_merger` ranks them with the other rules.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry


_HAN_NAME = r"[\u4e00-\u9fff]{2,3}"
_BYLINE_PATTERNS = (
    re.compile(r"[（(][^（）()\n]{0,20}?[\s\u3000]+(" + _HAN_NAME + r")[\s\u3000]*[)）]"),
    re.compile(r"(?:作\s*者|撰\s*稿|记\s*者|通讯员)\s*[:：]?\s*(" + _HAN_NAME + r")(?![\u4e00-\u9fff])"),
)
_PLACE_LABELS = ("GPE", "LOC")
# single-character words that often stand right before a name (在习近平总书记...)
_FUNCTION_CHARACTERS = frozenset("在和与及对向由以把被将为同跟给让请据经从于是的了、，。：；“”（）")


def _is_loose_character(text: str) -> bool:
    """A one-character token that is no function word: part of a longer run the segmenter cut up."""
    return len(text) == 1 and "\u4e00" <= text <= "\u9fff" and text not in _FUNCTION_CHARACTERS
_NOT_NAME_END = tuple("部委院局会厅办所司处府党社校团队军行省市县区镇乡村国")


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


class PersonRuler:
    def __init__(self, nlp: Language, name: str, spans_key: str, title_key: str, block_keys: list[str]):
        self.name = name
        self.spans_key = spans_key
        self.title_key = title_key
        self.block_keys = list(block_keys)
        self.surnames: frozenset[str] = frozenset()

    def initialize(self, get_examples=None, *, nlp=None, surnames: Iterable[str] = ()):
        self.surnames = frozenset(surnames)

    def _is_name(self, text: str) -> bool:
        return (
            2 <= len(text) <= 3
            and (text[0] in self.surnames or text[:2] in self.surnames)
            and not text.endswith(_NOT_NAME_END)
        )

    def __call__(self, doc: Doc) -> Doc:
        found = {}
        text = doc.text
        for pattern in _BYLINE_PATTERNS:
            for m in pattern.finditer(text):
                s, e = m.span(1)
                if self._is_name(m.group(1)):
                    span = doc.char_span(s, e, label="PERSON")
                    if span is not None:
                        found[(span.start, span.end)] = span
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
        in_entity = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        for end in title_starts:
            for n in (3, 2):
                start = end - n
                if start < 0 or any(i in in_entity or len(doc[i]) != 1 for i in range(start, end)):
                    continue
                if start > 0 and _is_loose_character(doc[start - 1].text):
                    continue  # 科|普|室|主任: the run of characters goes on to the left
                if (start, end) not in blocked and self._is_name(doc[start:end].text):
                    found[(start, end)] = Span(doc, start, end, label="PERSON")
                    break
        doc.spans[self.spans_key] = sorted(found.values(), key=lambda s: s.start)
        return doc

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "surnames.json", sorted(self.surnames))

    def from_disk(self, path, exclude=()):
        self.surnames = frozenset(srsly.read_json(Path(path) / "surnames.json"))
        return self

    def to_bytes(self, exclude=()):
        return srsly.json_dumps(sorted(self.surnames)).encode("utf-8")

    def from_bytes(self, data, exclude=()):
        self.surnames = frozenset(srsly.json_loads(data))
        return self


@registry.misc("kg.surnames.v1")
def surnames(path: str) -> list[str]:
    """The most frequent surnames, from shared/data/lexicon/surnames/chinese_family_name_1k.xlsx."""
    return read_surnames(path)


@Language.factory(
    "kg_person_ruler",
    requires=["doc.ents", "doc.spans"],
    assigns=["doc.spans"],
    default_config={"spans_key": "kg_persons", "title_key": "kg_titles", "block_keys": ["kg_places", "kg_orgs"]},
)
def make_person_ruler(nlp: Language, name: str, spans_key: str, title_key: str, block_keys: list[str]) -> PersonRuler:
    return PersonRuler(nlp, name, spans_key, title_key, block_keys)
