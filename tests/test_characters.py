"""Pages in traditional characters (big5 mirrors of mainland news): read as simplified, reported as written."""
from __future__ import annotations

from kg.api import extract_pages
from kg.characters import simplified_copy
from kg.records import Page

# The shape of the officials pages O28 and E203 (a 人民日报 item and a city paper copied into big5).
TRADITIONAL = "北海市召開會議\n10月8日,北海市委召開常委會議。廣西北海市市長連友農出席會議並講話,市委書記王小東主持會議。"


def test_a_simplified_page_is_read_as_it_is():
    assert simplified_copy("市委书记罗增斌到枣林镇调研。") is None
    assert simplified_copy("") is None


def test_the_copy_has_the_pages_length_and_offsets():
    copy = simplified_copy(TRADITIONAL)
    assert copy is not None and len(copy) == len(TRADITIONAL)
    assert copy[copy.index("连友农"):][:3] == "连友农"
    assert TRADITIONAL[copy.index("连友农"):][:3] == "連友農"


def test_a_traditional_page_gives_mentions_as_written_and_canonical_names_simplified(nlp):
    (ex,) = extract_pages([Page(path="t.txt", content=TRADITIONAL, kind="text")], nlp=nlp)
    assert ex.article.text.startswith("北海市召開會議")  # the page's own text, not the copy
    entities = {(e.text, e.label) for e in ex.entities}
    assert ("連友農", "PERSON") in entities and ("王小東", "PERSON") in entities
    assert all(e.text == ex.article.text[e.start:e.end] for e in ex.entities)
    relations = {(r.head, r.type, r.tail) for r in ex.relations}
    assert ("連友農", "MEMBER_OF", "北海市政府") in relations
    assert ("王小東", "MEMBER_OF", "北海市委") in relations
    assert ("王小東", "HOLDS_TITLE", "市委書記") in relations  # a title is a mention: as written
    assert ex.place == "4505"
    assert all(r.sentence is None or r.sentence in ex.article.text for r in ex.relations)
