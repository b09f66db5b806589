"""kg/pipeline/chars.py: full-width NORM and the character-level fixes of doc.ents (short sentences)."""
from __future__ import annotations

import pytest

from conftest import needs_model

# per character: [three-character PERSON spans it begins, two-character ones it stands before]
COUNTS = {"宋": [60, 0], "方": [63, 0], "高": [90, 2], "程": [40, 1], "由": [1, 14], "李": [770, 0]}


def _component(**steps):
    import spacy

    import kg.pipeline  # noqa: F401  registers the factories

    nlp = spacy.blank("zh")
    config = {"surname_restore": False, "name_runs": False, "suffix_labels": False, **steps}
    component = nlp.add_pipe("kg_char_entities", config=config)
    component.initialize(counts=COUNTS)
    return nlp, component


def _doc(nlp, words: list[str], ents: list[tuple[str, str]]):
    """A Doc of `words`; each (text, label) of `ents` is set at its first occurrence."""
    from spacy.tokens import Doc

    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc.ents = [doc.char_span(doc.text.index(t), doc.text.index(t) + len(t), label=lab) for t, lab in ents]
    return doc


def _ents(doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_surnames_come_from_the_counts():
    from kg.pipeline.chars import surnames_from_counts

    assert surnames_from_counts(COUNTS) == frozenset("宋方高程李")


def test_name_char_counts_reads_gold_person_spans():
    import spacy
    from spacy.tokens import Doc

    from kg.pipeline.chars import name_char_counts

    vocab = spacy.blank("zh").vocab
    a = Doc(vocab, words=list("由李小龙主持"), spaces=[False] * 6, ents=["O", "B-PERSON", "I-PERSON", "I-PERSON", "O", "O"])
    b = Doc(vocab, words=list("由喜贵主持"), spaces=[False] * 5, ents=["O", "B-PERSON", "I-PERSON", "O", "O"])
    assert name_char_counts([a, b]) == {"李": [1, 0], "由": [0, 1]}


@pytest.mark.parametrize("words, ents, expected, tokens", [
    # the surname sits inside a token the segmenter made: the token is split
    (["对方", "英梅", "来说"], [("英梅", "PERSON")], [("方英梅", "PERSON")], ["对", "方", "英梅", "来说"]),
    (["方", "英梅", "说"], [("英梅", "PERSON")], [("方英梅", "PERSON")], ["方", "英梅", "说"]),
    # 由 stands before names far more often than it begins one
    (["由", "喜贵", "主持"], [("喜贵", "PERSON")], [("喜贵", "PERSON")], ["由", "喜贵", "主持"]),
    # a surname-initial name keeps what stands before it
    (["方", "李明", "说"], [("李明", "PERSON")], [("李明", "PERSON")], ["方", "李明", "说"]),
    # only names grow
    (["对方", "英梅", "来说"], [("英梅", "ORG")], [("英梅", "ORG")], ["对方", "英梅", "来说"]),
])
def test_surname_restore(words, ents, expected, tokens):
    nlp, component = _component(surname_restore=True)
    doc = component(_doc(nlp, words, ents))
    assert _ents(doc) == expected
    assert [t.text for t in doc] == tokens


@pytest.mark.parametrize("words, ents, expected", [
    (["宋宝瑞", "宋清", "渭", "宋瑞祥", "。"], [("宋宝瑞", "PERSON")],
     [("宋宝瑞", "PERSON"), ("宋清渭", "PERSON"), ("宋瑞祥", "PERSON")]),
    (["宋清", "渭宋", "瑞祥", "宋宝瑞", "出席"], [("宋宝瑞", "PERSON")],
     [("宋清渭", "PERSON"), ("宋瑞祥", "PERSON"), ("宋宝瑞", "PERSON")]),
    # between a place and a name: no list (高 and 程 are surnames)
    (["杭州", "植物园", "高级", "工程师", "李达"], [("杭州植物园", "LOC"), ("李达", "PERSON")],
     [("杭州植物园", "LOC"), ("李达", "PERSON")]),
    # no name found beside the run: nothing
    (["宋清", "渭宋", "瑞祥", "。"], [], []),
    # a run that does not cut into names without rest
    (["宋宝瑞", "宋清渭", "大会", "。"], [("宋宝瑞", "PERSON")], [("宋宝瑞", "PERSON")]),
])
def test_name_runs(words, ents, expected):
    nlp, component = _component(name_runs=True)
    doc = component(_doc(nlp, words, ents))
    assert _ents(doc) == expected
    assert all(doc[e.start].idx == e.start_char for e in doc.ents)


@pytest.mark.parametrize("name, label", [
    ("巴达赫尚省", "GPE"),
    ("苏里南共和国", "GPE"),
    ("斯特拉斯堡市", "GPE"),
    ("乔治·梅森大学", "ORG"),
    ("斯特拉斯堡总领事馆", "ORG"),
    ("李建国", "PERSON"),  # three characters: a name that ends like a place stays a name
    ("司马相如", "PERSON"),
])
def test_suffix_labels(name, label):
    nlp, component = _component(suffix_labels=True)
    doc = component(_doc(nlp, ["访问", name, "。"], [(name, "PERSON")]))
    assert _ents(doc) == [(name, label)]


@pytest.mark.parametrize("text, norms", [
    ("ｉｂｍ", ["ibm"]),
    ("ＩＢＭ", ["ibm"]),
    ("１９９８年", ["1998", "年"]),  # cut between scripts, as 1998年 would be
    ("３７．５％", ["37．5％"]),  # MSRA writes its signs full-width: only letters and digits change
    ("ａ股", ["a", "股"]),
    ("北京", ["北京"]),
])
def test_halfwidth_norm(text, norms):
    import spacy
    from spacy.tokens import Doc

    import kg.pipeline  # noqa: F401

    nlp = spacy.blank("zh")
    component = nlp.add_pipe("kg_halfwidth_norm")
    doc = component(Doc(nlp.vocab, words=[text, "公司"], spaces=[False, False]))
    assert [t.norm_ for t in doc] == [*norms, "公司"]
    assert doc.text == text + "公司"


@needs_model
def test_shipped_pipeline_ends_with_char_entities_and_its_counts(nlp):
    assert nlp.pipe_names[-1] == "kg_char_entities"
    component = nlp.get_pipe("kg_char_entities")
    assert {"李", "王", "张"} <= component.surnames and "由" not in component.surnames
    doc = nlp("代表团访问了阿富汗东北部的巴达赫尚省。")
    assert all(e.label_ != "PERSON" for e in doc.ents)
