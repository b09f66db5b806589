"""kg_person_ruler on names the tokens fail (issue 14): runs of names glued together or set off by spaces, and
a name the model read with the verb after it."""
from __future__ import annotations

import pytest

# 宁, 乐, 和, 那 and 解 are surnames too: the cuts must survive them
_SURNAMES = list("宋王符朱宁汪赵韩李乐周孙解那和陈常柳叶徐彭蒋董阿杜扬汤国普时万")


def _ruled(words, spaces, model):
    """doc.ents after kg_person_ruler and kg_entity_merger on a doc of `words` with the model's `model` spans."""
    import spacy
    from spacy.tokens import Doc, Span

    from kg.pipeline.merge import EntityMerger
    from kg.pipeline.persons import PersonRuler

    nlp = spacy.blank("zh")
    doc = Doc(nlp.vocab, words=words, spaces=spaces or [False] * len(words))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in model]
    ruler = PersonRuler(nlp, "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=_SURNAMES)
    merger = EntityMerger(nlp, "m", ["kg_persons", "kg_titles", "kg_orgs", "kg_places"])
    return [(e.text, e.label_) for e in merger(ruler(doc)).ents]


def _persons(*names):
    return [(n, "PERSON") for n in names]


# (words, spaces or None, the model's spans (start, end, label) in tokens, doc.ents after the rules);
# the model's spans are what the shipped model gives on these texts
RUN_CASES = [
    # the MSRA test writes a list whose spaces were dropped; the model reads a surname alone, a given name as a place
    pytest.param(["还有", "宋", "宝瑞", "宋", "清", "渭", "宋", "瑞祥", "王", "忠", "禹", "等"], None,
                 [(1, 2, "PERSON"), (3, 6, "PERSON"), (7, 8, "GPE"), (8, 11, "PERSON")],
                 _persons("宋宝瑞", "宋清渭", "宋瑞祥", "王忠禹"), id="glued-list"),
    # the segmenter glued the last name to 等 (平等): the token is split there
    pytest.param(["考察", "符", "宣", "朝", "朱", "允", "彦", "宁", "虹", "雯", "符", "平等", "陪同"],
                 [True] + [False] * 12, [(4, 9, "PERSON"), (9, 11, "PERSON")],
                 _persons("符宣朝", "朱允彦", "宁虹雯", "符平"), id="glued-list-token-split"),
    # set off by spaces, one name the model found is enough
    pytest.param(["成员", "王", "兆兰", "蒋", "莎", "王", "仁", "忠", "董", "庚臣", "来到"],
                 [False, False, True, False, True, False, False, True, False, False, False],
                 [(1, 3, "PERSON"), (8, 10, "PERSON")],
                 _persons("王兆兰", "蒋莎", "王仁忠", "董庚臣"), id="spaced-list"),
    # two cuts as long and as close to the model's edges: the one of more three-character names
    pytest.param(["主持", "汪", "洋", "王", "沪", "宁", "赵", "乐", "际", "韩", "正", "出席"], None,
                 [(1, 8, "PERSON"), (9, 11, "PERSON")],
                 _persons("汪洋", "王沪宁", "赵乐际", "韩正"), id="three-character-names-first"),
    # a count closes a run (叶江川徐俊汪自力彭小民四位棋手)
    pytest.param(["男队", "叶", "江川", "徐", "俊", "汪", "自力", "彭", "小", "民", "四", "位"], None,
                 [(1, 6, "PERSON"), (7, 10, "PERSON")],
                 _persons("叶江川", "徐俊", "汪自力", "彭小民"), id="count-after-run"),
]

NO_RUN_CASES = [
    # a name the model found whole is one of the run's names or in none: 李雪梅|今年, not 李雪|梅今年
    pytest.param(["但", "李", "雪梅", "今年", "一直"], None, [(1, 3, "PERSON")], _persons("李雪梅"), id="name-then-words"),
    # 周瑜|那样|开解|孙权: ordinary words that happen to begin with surnames are no names
    pytest.param(["像", "周瑜", "那样", "开解", "孙权", "，"], None, [(1, 2, "PERSON"), (4, 5, "PERSON")],
                 _persons("周瑜", "孙权"), id="words-between-names"),
    # 和 is a conjunction unless the model begins a name with it
    pytest.param(["陈", "祖德", "和", "常", "昊", "四", "位"], None, [(0, 2, "PERSON"), (3, 5, "PERSON")],
                 _persons("陈祖德", "常昊"), id="conjunction-surname"),
    # a numeral closes a run only as a count of the names (那种|一上场 is no count)
    pytest.param(["柳", "青", "李", "昕", "那种", "一", "上场"], None, [(0, 2, "PERSON"), (2, 4, "PERSON")],
                 _persons("柳青", "李昕"), id="no-count"),
    # foreign names glued together: a word the model read inside one name is not cut (阿卜|杜拉), no name
    # takes the verb that closes it (扬|表示), no name is cut out of a word where the model saw nothing (国|王图)
    pytest.param(["外长", "阿卜杜拉", "希", "扬", "会面", "时", "指出"], None, [(1, 2, "PERSON"), (2, 4, "PERSON")],
                 _persons("阿卜杜拉", "希扬"), id="foreign-names"),
    pytest.param(["上午", "汤", "加", "国王", "图", "普", "六", "世", "前往"], None, [(1, 2, "PERSON"), (4, 6, "PERSON")],
                 _persons("汤", "图普"), id="foreign-name-after-a-place"),
    # one long name the model read whole, nothing past it: left as the model read it
    pytest.param(["元老", "宋", "双", "周", "森", "古", "沙", "和", "方", "炳", "祯"], None,
                 [(1, 7, "PERSON"), (8, 11, "PERSON")], _persons("宋双周森古沙", "方炳祯"), id="one-long-name"),
]


# 了 follows no name: a three-character name right before it ends in the verb (ANNOTATION.md: the name alone)
VERB_CASES = [
    # the model read the verb into the name; the token 杰作 is split
    pytest.param(["主任", "李", "杰作", "了", "报告"], None, [(1, 3, "PERSON")], _persons("李杰"), id="verb-in-a-token"),
    # the last item of a list grows to the name before the verb, not over it
    pytest.param(["李", "玉", "茹", "、", "万", "方", "发", "了", "个"], None, [(0, 3, "PERSON"), (4, 6, "ORG")],
                 _persons("李玉茹", "万方"), id="verb-after-a-list"),
    # 了 of a word (了解) is no particle: the name stays whole
    pytest.param(["主任", "李", "杰明", "了解", "情况"], None, [(1, 3, "PERSON")], _persons("李杰明"), id="no-particle"),
]


@pytest.mark.parametrize("words,spaces,model,expected", RUN_CASES + NO_RUN_CASES + VERB_CASES)
def test_person_ruler_reads_names_the_tokens_fail(words, spaces, model, expected):
    assert _ruled(words, spaces, model) == expected


def test_a_split_token_keeps_the_span_groups_on_their_characters():
    """Splitting 平等 moves token indices; the lexicon's spans after it still cover their own characters."""
    import spacy
    from spacy.tokens import Doc, Span

    from kg.pipeline.persons import PersonRuler

    nlp = spacy.blank("zh")
    words = ["符", "宣", "朝", "朱", "允", "彦", "宁", "虹", "雯", "符", "平等", "陪同", "，", "市委书记", "王", "明"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc.ents = [Span(doc, 3, 8, label="PERSON"), Span(doc, 8, 10, label="PERSON")]
    doc.spans["kg_titles"] = [Span(doc, 13, 14, label="TITLE")]
    ruler = PersonRuler(nlp, "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=_SURNAMES)
    doc = ruler(doc)
    assert [t.text for t in doc][9:12] == ["符", "平", "等"]
    assert [s.text for s in doc.spans["kg_titles"]] == ["市委书记"]
    assert [s.text for s in doc.spans["kg_persons"]][:4] == ["符宣朝", "朱允彦", "宁虹雯", "符平"]
