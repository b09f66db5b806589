"""The rule components after the NER: kg_person_ruler and kg_entity_merger (on character docs)."""
from __future__ import annotations

import pytest

from conftest import char_doc, needs_model


def test_person_ruler_reads_bylines_and_relabels_a_name_before_a_title():
    import spacy

    from kg.pipeline.persons import PersonRuler

    ruler = PersonRuler(spacy.blank("zh"), "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=["曾", "习", "王"])
    doc = char_doc("以习近平总书记为核心。(车辋镇  曾长新)")
    doc.ents = [doc.char_span(1, 4, label="ORG")]  # the model's mistake
    doc.spans["kg_titles"] = [doc.char_span(4, 7, label="TITLE")]
    found = [(s.text, s.label_) for s in ruler(doc).spans["kg_persons"]]
    assert found == [("习近平", "PERSON"), ("曾长新", "PERSON")]


def test_person_ruler_leaves_places_and_bodies_alone():
    import spacy

    from kg.pipeline.persons import PersonRuler

    ruler = PersonRuler(spacy.blank("zh"), "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=["国", "巴"])
    doc = char_doc("国务院总理")
    doc.ents = [doc.char_span(0, 3, label="ORG")]
    doc.spans["kg_titles"] = [doc.char_span(3, 5, label="TITLE")]
    doc.spans["kg_orgs"] = [doc.char_span(0, 3, label="ORG")]
    assert list(ruler(doc).spans["kg_persons"]) == []


def test_merger_prefers_rules_but_keeps_a_longer_name_with_words_of_its_own():
    import spacy

    from kg.pipeline.merge import EntityMerger

    merger = EntityMerger(spacy.blank("zh"), "m", ["kg_places"])
    doc = char_doc("巴中市妇女联合会和平昌县白衣镇")
    doc.ents = [doc.char_span(0, 8, label="ORG"), doc.char_span(9, 15, label="ORG")]
    doc.spans["kg_places"] = [doc.char_span(s, e, label="GPE") for s, e in ((0, 3), (9, 12), (12, 15))]
    assert [(e.text, e.label_) for e in merger(doc).ents] == [
        ("巴中市妇女联合会", "ORG"), ("平昌县", "GPE"), ("白衣镇", "GPE")
    ]


def test_merger_keeps_a_model_person_or_place_that_holds_a_rule_place_and_more():
    import spacy

    from kg.pipeline.merge import EntityMerger

    merger = EntityMerger(spacy.blank("zh"), "m", ["kg_places", "kg_titles"])
    doc = char_doc("郝海东在佛罗里达州，巴中市委书记")
    doc.ents = [
        doc.char_span(0, 3, label="PERSON"),  # contains the town 海东
        doc.char_span(4, 9, label="GPE"),  # contains the city 达州
        doc.char_span(10, 14, label="ORG"),  # 巴中市委, crossed by the title 市委书记
    ]
    doc.spans["kg_places"] = [doc.char_span(1, 3, label="GPE"), doc.char_span(7, 9, label="GPE"), doc.char_span(10, 12, label="GPE")]
    doc.spans["kg_titles"] = [doc.char_span(12, 16, label="TITLE")]
    assert [(e.text, e.label_) for e in merger(doc).ents] == [
        ("郝海东", "PERSON"), ("佛罗里达州", "GPE"), ("巴中", "GPE"), ("市委书记", "TITLE")
    ]


def test_person_ruler_leaves_a_one_word_place_before_a_title():
    import spacy

    from kg.pipeline.persons import PersonRuler

    ruler = PersonRuler(spacy.blank("zh"), "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=["印"])
    from spacy.tokens import Doc

    doc = Doc(spacy.blank("zh").vocab, words=["印度", "总理", "印", "度", "总理"], spaces=[False] * 5)
    doc.ents = [doc.char_span(0, 2, label="GPE"), doc.char_span(4, 6, label="GPE")]
    doc.spans["kg_titles"] = [doc.char_span(2, 4, label="TITLE"), doc.char_span(6, 8, label="TITLE")]
    # one segmenter word called a place stays a place; two single characters may be a name
    assert [(s.start_char, s.text) for s in ruler(doc).spans["kg_persons"]] == [(4, "印度")]


def test_person_ruler_needs_the_characters_before_a_title_to_start_a_run():
    import spacy
    from spacy.tokens import Doc

    from kg.pipeline.persons import PersonRuler

    ruler = PersonRuler(spacy.blank("zh"), "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=["普", "习"])
    words = ["科", "普", "室", "主任", "在", "习", "近", "平", "总书记"]
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    doc.spans["kg_titles"] = [doc[3:4], doc[8:9]]
    assert [s.text for s in ruler(doc).spans["kg_persons"]] == ["习近平"]


def test_merger_drops_the_tok2vec_tensor_unless_asked_to_keep_it():
    import numpy
    import spacy

    from kg.pipeline.merge import EntityMerger

    nlp = spacy.blank("zh")
    for keep in (False, True):
        doc = nlp.make_doc("市委书记罗增斌")
        doc.tensor = numpy.ones((len(doc), 4), dtype="float32")
        merged = EntityMerger(nlp, "m", [], keep_tensor=keep)(doc)
        assert merged.tensor.size == (len(doc) * 4 if keep else 0)


def test_merger_drops_the_rule_spans_it_merged_unless_asked_to_keep_them():
    import spacy

    from kg.pipeline.merge import EntityMerger

    nlp = spacy.blank("zh")
    for keep in (False, True):
        doc = nlp("市委书记罗增斌")
        doc.spans["kg_titles"] = [doc.char_span(0, 4, label="TITLE")]
        doc.spans["other"] = [doc.char_span(4, 7, label="PERSON")]
        merged = EntityMerger(nlp, "m", ["kg_titles"], keep_rule_spans=keep)(doc)
        assert [(e.text, e.label_) for e in merged.ents] == [("市委书记", "TITLE")]
        assert set(merged.spans) == ({"kg_titles", "other"} if keep else {"other"})


def test_lexicon_component_puts_each_label_in_its_span_group():
    import spacy

    import kg.pipeline  # noqa: F401
    from kg.lexicon import government_bodies, government_titles

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.zh_tokenizer.v1", "segmenter": "char"}}})
    nlp.tokenizer.set_lexicon(government_titles(), ["巴中", "巴中市", "巴州区", "枣林镇"])
    lexicon = nlp.add_pipe("kg_lexicon")
    lexicon.initialize(orgs=government_bodies())
    doc = nlp("巴中市委书记罗增斌在巴州区枣林镇出席市委党校开班。")
    assert [(s.text, s.label_) for s in doc.spans["kg_titles"]] == [("市委书记", "TITLE")]
    assert [s.text for s in doc.spans["kg_places"]] == ["巴中", "巴州区", "枣林镇"]
    assert [s.text for s in doc.spans["kg_orgs"]] == ["市委党校"]
    assert doc.user_data == {}
    copy = nlp.get_pipe("kg_lexicon").from_bytes(lexicon.to_bytes())
    assert copy.orgs.words == frozenset(government_bodies())


@pytest.mark.parametrize("text, titles, orgs", [
    # a town committee's members by their charge and its armed-forces head are posts, not bodies
    ("枣林镇宣传委员罗增斌、政法委员李明、武装部长王强出席。", ["宣传委员", "政法委员", "武装部长"], []),
    ("镇党委委员、组织委员张华", ["镇党委委员", "组织委员"], []),
    # 人武部 is a body of its own before its post (the NER's 县人武部 + 部长 → TITLE 县人武部部长 in the merger)
    ("县人武部部长王强", ["部长"], []),
])
def test_lexicon_reads_the_posts_of_a_town_committee(text, titles, orgs):
    import spacy

    import kg.pipeline  # noqa: F401
    from kg.lexicon import government_bodies, government_titles

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.zh_tokenizer.v1", "segmenter": "char"}}})
    nlp.tokenizer.set_lexicon(government_titles(), ["枣林镇"])
    nlp.add_pipe("kg_lexicon").initialize(orgs=government_bodies())
    doc = nlp(text)
    assert [s.text for s in doc.spans["kg_titles"]] == titles
    assert [s.text for s in doc.spans["kg_orgs"]] == orgs


def test_lexicon_component_splits_a_token_where_a_body_after_a_place_ends_and_its_post_begins():
    """ANNOTATION.md section 2: 巴州区政协主席 is ORG 巴州区政协 + TITLE 主席, where the tokenizer wrote 政协主席 whole."""
    import spacy
    from spacy.tokens import Doc

    from kg.pipeline.lexicon import _split_at_posts

    doc = Doc(spacy.blank("zh").vocab, words=["巴州区", "政协主席", "张华"], spaces=[False] * 3)
    _split_at_posts(doc, [(0, 5, "ORG"), (5, 7, "TITLE")])
    assert [t.text for t in doc] == ["巴州区", "政协", "主席", "张华"]
    doc = Doc(spacy.blank("zh").vocab, words=["枣林镇", "党委书记"], spaces=[False] * 2)
    _split_at_posts(doc, [(0, 3, "GPE"), (3, 7, "TITLE")])
    assert [t.text for t in doc] == ["枣林镇", "党委书记"]


@pytest.mark.parametrize("words, ents, expected", [
    # ANNOTATION.md section 2: the longest place name that leaves a whole title; the lexicon's 村党支部书记 is for a
    # bare 村 (各村党支部书记), after a village's name the 村 is the village's
    (["听取", "清", "溪", "村党支部书记", "张", "三"], [], [("清溪村", "GPE"), ("党支部书记", "TITLE")]),
    (["东湖", "社区党支部副书记", "李四"], [("东湖", "LOC")], [("东湖社区", "GPE"), ("党支部副书记", "TITLE")]),
    (["龙", "王", "庙", "村党支部书记"], [("龙王庙", "GPE")], [("龙王庙村", "GPE"), ("党支部书记", "TITLE")]),
    (["各", "村党支部书记"], [], [("村党支部书记", "TITLE")]),
    (["三十", "个", "行政", "村党支部书记"], [], [("村党支部书记", "TITLE")]),
])
def test_lexicon_gives_the_village_its_unit_before_a_branch_post(words, ents, expected):
    import spacy
    from spacy.tokens import Doc

    from kg.lexicon import government_titles
    from kg.lexicon.scan import LongestMatcher
    from kg.pipeline.lexicon import _villages_before_branch_posts

    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    text = doc.text
    doc.ents = [doc.char_span(text.index(t), text.index(t) + len(t), label=label) for t, label in ents]
    titles = LongestMatcher(government_titles())
    found = [(s, e, "TITLE") for s, e in titles.find_all(text) if text[s:e] in ("村党支部书记", "社区党支部副书记")]
    out = _villages_before_branch_posts(doc, found)
    assert [(text[s:e], label) for s, e, label in out] == expected
    assert all(doc.char_span(s, e) is not None for s, e, _ in out)   # token boundaries where the spans are


@pytest.mark.parametrize("words, ents, found, expected", [
    # ANNOTATION.md section 2: a proper body + post is ORG + TITLE; the party group is the body named
    (["南江县", "政协", "党组书记", "、", "主席"], [], [("南江县政协", "ORG"), ("党组书记", "TITLE")],
     [("南江县政协党组", "ORG"), ("书记", "TITLE")]),
    (["某某日报社", "党组成员"], [("某某日报社", "ORG")], [("党组成员", "TITLE")], [("某某日报社党组", "ORG"), ("成员", "TITLE")]),
    # a relative body + post is one TITLE (县政协党组书记); a relative ORG of the NER gives no group either
    (["县政协党组书记"], [], [("县政协党组书记", "TITLE")], [("县政协党组书记", "TITLE")]),
    (["县政协", "党组书记"], [("县政协", "ORG")], [("党组书记", "TITLE")], [("党组书记", "TITLE")]),
])
def test_lexicon_reads_a_party_group_post_after_a_named_body(words, ents, found, expected):
    import spacy
    from spacy.tokens import Doc

    from kg.pipeline.lexicon import _party_groups_of_named_bodies

    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    text = doc.text
    doc.ents = [doc.char_span(text.index(t), text.index(t) + len(t), label=label) for t, label in ents]
    out = _party_groups_of_named_bodies(doc, [(text.index(t), text.index(t) + len(t), label) for t, label in found])
    assert [(text[s:e], label) for s, e, label in out] == expected
    assert all(doc.char_span(s, e) is not None for s, e, _ in out)


@needs_model
def test_shipped_pipeline_is_the_assembly_config():
    import spacy

    from conftest import MODEL, ROOT

    shipped = spacy.util.load_config(MODEL / "config.cfg", interpolate=False)
    assembly = spacy.util.load_config(ROOT / "scripts" / "configs" / "kg_zh.cfg", interpolate=False)
    assert shipped["nlp"]["pipeline"] == assembly["nlp"]["pipeline"]
    for name in ("kg_halfwidth_norm", "kg_lexicon", "kg_person_ruler", "kg_entity_merger", "kg_char_entities"):
        assert shipped["components"][name] == assembly["components"][name]
    assert shipped["nlp"]["after_pipeline_creation"] == assembly["nlp"]["after_pipeline_creation"]
    # the lexicon is stored once: the tokenizer's words, and the bodies alone in kg_lexicon
    assert sorted(p.name for p in (MODEL / "kg_lexicon").iterdir()) == ["orgs.json"]


def _merged(text: str, ents: list[tuple[str, str]], rules: dict[str, list[tuple[str, str]]] | None = None):
    """The merger's doc.ents on a character doc of `text`, with model spans `ents` and rule spans `rules`
    ({span key: [(text, label)]}), each given by its text (first occurrence). A text written with "|" is a doc
    of those words instead (as pkuseg cuts: known words whole, a name it does not know character by character)."""
    import spacy
    from spacy.tokens import Doc

    from kg.pipeline.merge import EntityMerger

    words = text.split("|")
    text = "".join(words)

    def span(doc, s, label):
        i = text.index(s)
        return doc.char_span(i, i + len(s), label=label)

    doc = char_doc(text) if len(words) == 1 else Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    doc.ents = [span(doc, s, label) for s, label in ents]
    for key, spans in (rules or {}).items():
        doc.spans[key] = [span(doc, s, label) for s, label in spans]
    merger = EntityMerger(spacy.blank("zh"), "m", list(rules or {}))
    return [(e.text, e.label_) for e in merger(doc).ents]


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: a relative body in front of a post belongs to the TITLE
    ("县公安局局长王明", [("县公安局", "ORG"), ("局长", "TITLE"), ("王明", "PERSON")],
     [("县公安局局长", "TITLE"), ("王明", "PERSON")]),
    ("区妇联主席李芳讲话", [("区妇联", "ORG"), ("主席", "TITLE"), ("李芳", "PERSON")],
     [("区妇联主席", "TITLE"), ("李芳", "PERSON")]),
    ("县委党校校长张华", [("县委党校", "ORG"), ("校长", "TITLE"), ("张华", "PERSON")],
     [("县委党校校长", "TITLE"), ("张华", "PERSON")]),
    ("县政协党组副书记刘强", [("县政协", "ORG"), ("党组副书记", "TITLE")], [("县政协党组副书记", "TITLE")]),
    ("政府县长王明", [("政府", "ORG"), ("县长", "TITLE")], [("政府县长", "TITLE")]),
    ("人大常委会主任王明", [("人大常委会", "ORG"), ("主任", "TITLE")], [("人大常委会主任", "TITLE")]),
    # a proper place before the body keeps the ORG (乐山市政府 + 副市长); a space parts them
    ("乐山市政府副市长", [("乐山市政府", "ORG"), ("副市长", "TITLE")], [("乐山市政府", "ORG"), ("副市长", "TITLE")]),
    ("县委 书记", [("县委", "ORG"), ("书记", "TITLE")], [("县委", "ORG"), ("书记", "TITLE")]),
    # a bare 村 before a village post is part of the TITLE (村支部书记); after a village's name it is the village's
    ("全镇12个村支部书记参加", [("支部书记", "TITLE")], [("村支部书记", "TITLE")]),
    ("本村书记介绍", [("书记", "TITLE")], [("村书记", "TITLE")]),
    ("西山村支部书记王明", [("西山村", "GPE"), ("支部书记", "TITLE"), ("王明", "PERSON")],
     [("西山村", "GPE"), ("支部书记", "TITLE"), ("王明", "PERSON")]),
    ("新村支部书记", [("支部书记", "TITLE")], [("支部书记", "TITLE")]),
    # the NER's TITLE that is a relative body and no post (区检察院) joins the post after it; a whole title does not
    ("区检察院检察长王明", [("区检察院", "TITLE"), ("检察长", "TITLE"), ("王明", "PERSON")],
     [("区检察院检察长", "TITLE"), ("王明", "PERSON")]),
    ("县政协经科委副主任", [("县政协经科委", "TITLE"), ("副主任", "TITLE")], [("县政协经科委副主任", "TITLE")]),
    ("市委常委宣传部部长", [("市委常委", "TITLE"), ("宣传部部长", "TITLE")], [("市委常委", "TITLE"), ("宣传部部长", "TITLE")]),
])
def test_merger_joins_a_relative_body_and_the_post_after_it(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # ANNOTATION.md sections 2 and 4: a body written with neither level nor place is the page's own (公安局政委 →
    # 陇县公安局), and in front of a post it belongs to the TITLE as a relative body does
    ("县委常委、人武部部长王强", [("县委常委", "TITLE"), ("人武部", "ORG"), ("部长", "TITLE"), ("王强", "PERSON")], {},
     [("县委常委", "TITLE"), ("人武部部长", "TITLE"), ("王强", "PERSON")]),
    ("市委组织部副部长、老干部局局长李华", [("老干部局", "ORG"), ("局长", "TITLE"), ("李华", "PERSON")], {},
     [("老干部局局长", "TITLE"), ("李华", "PERSON")]),
    ("会上，驻镇工作队队长张三发言", [("驻镇工作队", "ORG"), ("队长", "TITLE"), ("张三", "PERSON")], {},
     [("驻镇工作队队长", "TITLE"), ("张三", "PERSON")]),
    ("市场监管局局长王明", [("市场监管局", "ORG"), ("局长", "TITLE"), ("王明", "PERSON")], {},
     [("市场监管局局长", "TITLE"), ("王明", "PERSON")]),
    # a proper name keeps its ORG: a place in it, a school, a name the text runs into from the left, a space
    ("南昌航空学院党委书记", [("南昌航空学院", "ORG"), ("党委书记", "TITLE")], {"kg_places": [("南昌", "GPE")]},
     [("南昌航空学院", "ORG"), ("党委书记", "TITLE")]),
    ("洛川县人大常委会主任", [("洛川县人大常委会", "ORG"), ("主任", "TITLE")], {"kg_orgs": [("洛川县人大常委会", "ORG")]},
     [("洛川县人大常委会", "ORG"), ("主任", "TITLE")]),
    ("井冈山经贸学校校长", [("井冈山经贸学校", "ORG"), ("校长", "TITLE")], {},
     [("井冈山经贸学校", "ORG"), ("校长", "TITLE")]),
    ("市委宣传部新闻科科长", [("新闻科", "ORG"), ("科长", "TITLE")], {}, [("新闻科", "ORG"), ("科长", "TITLE")]),
    ("人武部 部长", [("人武部", "ORG"), ("部长", "TITLE")], {}, [("人武部", "ORG"), ("部长", "TITLE")]),
])
def test_merger_joins_a_placeless_body_and_the_post_after_it(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 6: a title with its modifiers as written; 原 (former) written alone is one of them
    ("会上|，|原|第一书记|王明", [("第一书记", "TITLE"), ("王明", "PERSON")],
     [("原第一书记", "TITLE"), ("王明", "PERSON")]),
    ("原|市级领导|李华", [("市级领导", "TITLE"), ("李华", "PERSON")], [("原市级领导", "TITLE"), ("李华", "PERSON")]),
    ("市委|原|常委|王明", [("市委", "ORG"), ("常委", "TITLE")], [("市委原常委", "TITLE")]),
    # 原 inside another word (草原, 平原) is no modifier of the post
    ("草原|书记", [("书记", "TITLE")], [("书记", "TITLE")]),
])
def test_merger_keeps_the_former_of_a_former_post(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: stacked titles are separate; a later bare post is a TITLE of its own
    ("区妇联党组书记|、|主席|李芳", [("区妇联党组书记", "TITLE"), ("李芳", "PERSON")],
     [("区妇联党组书记", "TITLE"), ("主席", "TITLE"), ("李芳", "PERSON")]),
    ("县政协党组书记|、|主席|、|副主席", [("县政协党组书记", "TITLE")],
     [("县政协党组书记", "TITLE"), ("主席", "TITLE"), ("副主席", "TITLE")]),
    # not after a person or a body, nor inside a longer word (主席台)
    ("李芳|、|主席", [("李芳", "PERSON")], [("李芳", "PERSON")]),
    ("党组书记|、|主席台", [("党组书记", "TITLE")], [("党组书记", "TITLE")]),
])
def test_merger_reads_a_bare_post_stacked_after_a_title(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: X镇Y村 is two GPEs; villages, communities and 嘎查 are GPE
    ("西合营镇南大坪村", [("西合营镇南大坪村", "ORG")], [("西合营镇", "GPE"), ("南大坪村", "GPE")]),
    ("凤栖街道胡村", [("凤栖街道胡村", "GPE")], [("凤栖街道", "GPE"), ("胡村", "GPE")]),
    ("来到史楼村", [("史楼村", "LOC")], [("史楼村", "GPE")]),
    ("花园社区居民", [("花园社区", "ORG")], [("花园社区", "GPE")]),
    ("巴彦查干嘎查牧民", [("巴彦查干嘎查", "LOC")], [("巴彦查干嘎查", "GPE")]),
    ("居委会干部", [("居委会", "ORG")], []),
    # section 1: roles that are jobs are no TITLE; generic words are no entity (issue 17's must-not cases)
    ("记者 王明 通讯员 李芳", [("记者", "TITLE"), ("王明", "PERSON"), ("通讯员", "TITLE"), ("李芳", "PERSON")],
     [("王明", "PERSON"), ("李芳", "PERSON")]),
    ("单县部署秋冬季安全生产工作", [("单县", "GPE"), ("秋冬季", "GPE")], [("单县", "GPE")]),
    ("艰辛而荣耀的历程", [("荣耀", "ORG")], []),
    ("办好民生实事", [("民生", "ORG")], []),
    # a photo caption's position is no name
    ("王明(右一)察看", [("王明", "PERSON"), ("右一", "PERSON")], [("王明", "PERSON")]),
    ("前排左三为李芳", [("前排左三", "PERSON"), ("李芳", "PERSON")], [("李芳", "PERSON")]),
    ("服务中心", [("中心", "ORG")], []),
    # section 1: slogans contribute no place; 中国 elsewhere is the country
    ("学习新时代中国特色社会主义思想", [("中国", "GPE")], []),
    ("推进中国式现代化", [("中国", "GPE")], []),
    ("中国代表团访问", [("中国", "GPE")], [("中国", "GPE")]),
])
def test_merger_follows_the_guideline_on_villages_roles_and_generic_words(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # ANNOTATION.md section 1 (an organization named in a meeting's name, as written): an ordinal term (届) before a
    # congress or its organs is part of the ORG, with the places or the level unit glued before it ...
    ("长赤镇召开第五届人民代表大会第一次会议", [("长赤镇", "GPE")], {}, [("长赤镇", "GPE"), ("第五届人民代表大会", "ORG")]),
    ("长赤镇第五届人民代表大会第三次会议召开", [("长赤镇", "GPE")], {"kg_places": [("长赤镇", "GPE")]},
     [("长赤镇第五届人民代表大会", "ORG")]),
    ("巴中市巴州区五届人大六次会议", [("巴中市", "GPE"), ("巴州区五届人大", "ORG")],
     {"kg_places": [("巴中市", "GPE"), ("巴州区", "GPE")]}, [("巴中市巴州区五届人大", "ORG")]),
    ("督办县十八届人大二次会议建议", [("人大", "ORG")], {}, [("县十八届人大", "ORG")]),
    ("新区二届人大常委会举行会议", [("新区二届人大常委会", "ORG")], {}, [("新区二届人大常委会", "ORG")]),
    # ... and the party's or the conference's name before the places, for its committee
    ("中国人民政治协商会议巴中市巴州区第五届委员会第四次会议", [("中国人民政治协商会议", "ORG"), ("巴中市", "GPE"),
                                            ("巴州区第五届委员会", "ORG")],
     {"kg_places": [("巴中市", "GPE"), ("巴州区", "GPE")]}, [("中国人民政治协商会议巴中市巴州区第五届委员会", "ORG")]),
    ("选举产生中共长赤镇第十一届委员会", [("中共长赤镇第十一届委员会", "ORG")], {"kg_places": [("长赤镇", "GPE")]},
     [("中共长赤镇第十一届委员会", "ORG")]),
    ("政协第十一届南江县委员会第二次会议", [], {"kg_places": [("南江县", "GPE")]}, [("政协第十一届南江县委员会", "ORG")]),
    # an ordinal after the body is the meeting's; 新一届 is no ordinal; a bare 委员会 after a term is no name
    ("市委六届二次全会精神", [("市委", "ORG")], {}, [("市委", "ORG")]),
    ("选举产生新一届人大、政府领导班子", [], {}, []),
    ("第三届委员会成立", [], {}, []),
    # inside a 《》 title nothing (section 1)
    ("审议《长赤镇第五届人民代表大会第二次会议议程》", [], {"kg_places": [("长赤镇", "GPE")]}, [("长赤镇", "GPE")]),
    # before a post the ordinal drops out of the title (section 6: 十三届全国人大代表 → 全国人大代表)
    ("当选巴中市第十四届人大代表", [("巴中市", "GPE"), ("人大代表", "TITLE")], {}, [("巴中市", "GPE"), ("人大代表", "TITLE")]),
    ("镇第八届人大主席团成员参加会议", [("镇第八届人大主席团", "ORG")], {}, [("人大主席团成员", "TITLE")]),
    # a party congress named with its session is a meeting: the party and the places in its name stay
    ("中国共产党长赤镇第十一次代表大会召开", [("中国共产党长赤镇第十一次代表大会", "ORG")], {"kg_places": [("长赤镇", "GPE")]},
     [("中国共产党", "ORG"), ("长赤镇", "GPE")]),
    ("在中国共产党第十九次全国代表大会上", [("中国共产党第十九次全国代表大会", "ORG")], {}, [("中国共产党", "ORG")]),
    ("中国共产党长赤镇第十六次党员代表大会", [("中国共产党长赤镇第十六次党员代表大会", "ORG")],
     {"kg_places": [("长赤镇", "GPE")]}, [("中国共产党", "ORG"), ("长赤镇", "GPE")]),
    ("出席县第十五次党代会的代表", [("出席县第十五次党代会", "ORG")], {}, []),
    ("选出出席县党代会代表", [("县党代会", "ORG")], {}, []),
])
def test_merger_reads_termed_bodies_and_numbered_congresses(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # section 6: a village's committee after the village's name stands for the village (GPE), the bare one is generic
    ("来到|曲|界|村委会|召开", [], {"kg_orgs": [("村委会", "ORG")]}, [("曲界村委会", "GPE")]),
    ("在|三|江|村委会|，", [], {"kg_orgs": [("村委会", "ORG")]}, [("三江村委会", "GPE")]),
    ("调研|顺城街|村委会|以及", [("顺城街", "LOC")], {"kg_orgs": [("村委会", "ORG")]}, [("顺城街村委会", "GPE")]),
    ("到|育|民|村委|、", [("育民村委", "ORG")], {}, [("育民村委", "GPE")]),
    ("查看|村委会|工作", [], {"kg_orgs": [("村委会", "ORG")]}, []),
    ("加强|村委会|建设", [], {"kg_orgs": [("村委会", "ORG")]}, []),
    ("科|普|示|范|村委会", [], {"kg_orgs": [("村委会", "ORG")]}, []),
])
def test_merger_reads_a_village_committee_as_the_village(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, known, expected", [
    # an ordinary word before a word its unit character begins is no village or town (ANNOTATION.md section 1)
    ("鼓励村两委干部担当作为", [("鼓励村", "GPE")], ["鼓励"], []),
    ("引导村民发展乡村旅游", [("发展乡", "GPE")], ["发展"], []),
    ("聚焦村集体转型", [("聚焦村", "GPE")], ["聚焦"], []),
    # a village named with a word stays one where the text goes on otherwise; so does a name the vocabulary lacks
    ("来到团结村、光明村", [("团结村", "GPE"), ("光明村", "GPE")], ["团结", "光明"],
     [("团结村", "GPE"), ("光明村", "GPE")]),
    ("白云村第一书记", [("白云村", "GPE"), ("第一书记", "TITLE")], ["白云"], [("白云村", "GPE"), ("第一书记", "TITLE")]),
    ("史楼村两委干部", [("史楼村", "GPE")], ["鼓励"], [("史楼村", "GPE")]),
])
def test_merger_reads_no_ordinary_word_before_a_unit_word_as_a_place(text, ents, known, expected):
    import spacy

    from kg.pipeline.merge import EntityMerger

    doc = char_doc(text)
    doc.ents = [doc.char_span(text.index(t), text.index(t) + len(t), label=label) for t, label in ents]
    nlp = spacy.blank("zh")
    nlp.tokenizer.known_words = frozenset(known)
    assert [(e.text, e.label_) for e in EntityMerger(nlp, "m", [])(doc).ents] == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 6: businesses, shops, schools, media are ORG; parks, roads, named facilities LOC.
    # A span the NER cut short runs on to the name suffix at the end of its list item or clause ...
    ("先后来到麻河口龙虾店、赤沙影城等地", [("麻河口", "GPE"), ("赤沙影城", "GPE")],
     [("麻河口龙虾店", "ORG"), ("赤沙影城", "ORG")]),
    ("在单县润锦生物科技有限公司和某某化学有限公司", [("单县", "GPE")],
     [("单县润锦生物科技有限公司", "ORG"), ("某某化学有限公司", "ORG")]),
    ("察看龙虎山山体休闲公园，听取汇报", [("龙虎山", "LOC")], [("龙虎山山体休闲公园", "LOC")]),
    ("在交通路步行街钟楼广场，市长宣布", [("交通", "ORG")], [("交通路步行街", "LOC"), ("钟楼广场", "LOC")]),
    ("走访了雅苑小区", [("雅苑小区", "GPE")], [("雅苑小区", "LOC")]),
    # a state forest or farm is an enterprise (the real pages' gold: 7 of 7 named 林场/农场 ORG)
    ("前往东山林场、八一农场调研", [("东山林场", "LOC"), ("八一农场", "GPE")], [("东山林场", "ORG"), ("八一农场", "ORG")]),
    ("参观高家渡革命历史展览馆，", [("高家渡革命历史展览馆", "ORG")], [("高家渡革命历史展览馆", "LOC")]),
    # museums and memorial halls are institutions (the real pages' gold: 23 of 25 ORG)
    ("参观通江银耳博物馆，", [("通江银耳博物馆", "LOC")], [("通江银耳博物馆", "ORG")]),
    ("走进六盘水美术馆、华罗庚林业情怀纪念馆，", [("六盘水美术馆", "LOC"), ("华罗庚林业情怀纪念馆", "LOC")],
     [("六盘水美术馆", "ORG"), ("华罗庚林业情怀纪念馆", "ORG")]),
    # ... but not across a verb or a function word, nor into a word that goes on, nor out of a village
    ("到巴中参观纪念馆、博物馆", [("巴中", "GPE")], [("巴中", "GPE")]),
    ("巴中和平昌学校", [("巴中", "GPE")], [("巴中", "GPE"), ("平昌学校", "ORG")]),
    ("中国|大学生|就业", [("中国", "GPE")], [("中国", "GPE")]),
    ("建设了园艺村千头肉牛养殖场，", [("园艺村", "GPE")], [("园艺村", "GPE")]),
    # a one-character suffix ends too many place names to relabel one (驻马店 is a city)
    ("来到驻马店调研", [("驻马店", "GPE")], [("驻马店", "GPE")]),
])
def test_merger_carries_a_name_on_to_its_kind_suffix(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 6: businesses, shops, farms and named facilities are ORG or LOC where no span found
    # them too: the name runs left from its suffix to a verb, a list's comma, a title or a place with its level ...
    ("听取|花|果|山|产业|小镇|综合|配套|工程", [], [("花果山产业小镇", "LOC")]),
    ("依托|紧邻|新|坝|水库|的|地理|优势", [], [("新坝水库", "LOC")]),
    # a village before a business or facility is a place of its own (X镇众诚牧业 is in X镇); ordinary words alone
    # after it are a generic facility, nothing (section 1)
    ("调研|洛|脚|俄|补|村|畜牧|养殖场|。", [], [("洛脚俄补村", "GPE")]),
    ("到|西|山|村|润|锦|种植|专业|合作社", [], [("西山村", "GPE"), ("润锦种植专业合作社", "ORG")]),
    ("检查组|先后|来到|金|顺|大酒店|、|青|松|超市|等|经营|单位", [], [("金顺大酒店", "ORG"), ("青松超市", "ORG")]),
    ("利用|成|渝|高速公路|穿|境|而|过", [], [("成渝高速公路", "LOC")]),
    ("察看|龙|岗|高速|清|溪|互通|建设", [], [("龙岗高速", "LOC"), ("清溪互通", "LOC")]),
    ("走访|了|白沙镇|青|龙|水库", [("白沙镇", "GPE")], [("白沙镇", "GPE"), ("青龙水库", "LOC")]),
    ("察看|无|界|运动|花园|和|科|学|之|门|步道", [], [("无界运动花园", "LOC"), ("科学之门步道", "LOC")]),
    # ... over a name the NER cut or read as a person, up to a place's short name that starts it ...
    ("实地|察看|巴|图|家庭|牧场", [("巴图", "PERSON")], [("巴图家庭牧场", "ORG")]),
    ("深入|郝家镇|丰|宇|田园|综合体|项目", [("郝家镇", "GPE"), ("宇田园", "LOC")],
     [("郝家镇", "GPE"), ("丰宇田园综合体", "LOC")]),
    ("前往|柳溪镇|湖南|丰|源|油茶|专业|合作社|产业|基地", [("柳溪镇", "GPE"), ("湖南丰源", "ORG")],
     [("柳溪镇", "GPE"), ("湖南丰源油茶专业合作社", "ORG")]),
    ("在|成|华|联|超市|，", [], [("成华联超市", "ORG")]),
    ("融入|成都|都市圈|，|形成|川|南|城市群", [("成都", "GPE")], [("成都都市圈", "LOC"), ("川南城市群", "LOC")]),
    ("来到|丽|景|家园|、|紫|金|名|邸|小区", [], [("丽景家园", "LOC"), ("紫金名邸", "LOC")]),
    ("走进|景向家园|小区", [("景向家园", "GPE")], [("景向家园", "LOC")]),
    ("考察|衡水湖|国家级|自然|保护区|，", [("衡水湖", "LOC")], [("衡水湖国家级自然保护区", "LOC")]),
    ("参观|了|黄|松|甸|食用菌|大|市场|。", [], [("黄松甸食用菌大市场", "LOC")]),
    # ... a business named after its trade, after a town (ANNOTATION.md section 3: X镇众诚牧业 → X镇), or read as a place
    ("来到|白沙镇|众|诚|牧业|调研", [("白沙镇", "GPE")], [("白沙镇", "GPE"), ("众诚牧业", "ORG")]),
    ("察看|了|金|穗|饲料|、|红|岭|果业", [("金穗饲料", "GPE"), ("红岭果业", "LOC")],
     [("金穗饲料", "ORG"), ("红岭果业", "ORG")]),
    ("考察|了|浙江|金|禾|禽业|有限公司|。", [("浙江", "GPE")], [("浙江金禾禽业有限公司", "ORG")]),
    ("察看|智慧|城|管|指挥中心|、", [("智慧城管指挥中心", "LOC")], [("智慧城管指挥中心", "ORG")]),
    # ... but ordinary words before a suffix are no name, nor a number's measure, nor a kind of shop
    ("进入|生产|车间|检查", [], []),
    ("察看|了|市民|学校", [], []),
    ("投入|30|多|万|元|援助|考入|大学|的|学生", [], []),
    ("开设|旗舰店|4|个", [], []),
    ("在|超市|检查", [], []),
    ("改造|辖区|老|旧|小区", [], []),
    ("建设|美丽|家园", [], []),
    # ... nor a country or a province and a kind (美国公司), nor function words pkuseg writes alone
    ("比较|美国|公司|和|日本|公司", [("美国", "GPE"), ("日本", "GPE")], [("美国", "GPE"), ("日本", "GPE")]),
    ("而|当兵|上|大学", [], []),
    ("日|美|两|国|中央|银行", [("日", "GPE"), ("美", "GPE")], [("日", "GPE"), ("美", "GPE")]),
])
def test_merger_finds_a_name_by_its_kind_suffix(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: a source that is a newspaper, broadcaster or website is an ORG, in the dateline too
    ("驻马店网讯（记者 王明）", [("驻马店", "GPE"), ("王明", "PERSON")], [("驻马店网", "ORG"), ("王明", "PERSON")]),
    ("四川日报·川观新闻客户端3月2日讯", [("四川日报·川观", "ORG")], [("四川日报", "ORG"), ("川观新闻客户端", "ORG")]),
    ("标题\n来源：巴中日报-巴中网\n正文", [("巴中", "GPE")], [("巴中日报", "ORG"), ("巴中网", "ORG")]),
    # section 1: bodies in a 《》 title are nothing, a medium that is the whole title is the medium
    ("讨论《市政府工作报告》", [("市政府", "ORG")], []),
    ("据《人民日报》报道", [("人民日报", "ORG")], [("人民日报", "ORG")]),
    ("本报讯 3月2日", [], []),
    ("晚报讯 3月2日", [], []),
    # the one name of a source line is its source, after a date too, up to the page's next field; not a place, 本站
    ("标题\n来源：某某发布    点击：12\n正文", [], [("某某发布", "ORG")]),
    ("标题\n来源： 2021-10-09 08:27 某某报社融媒体\n正文", [("某某报社", "ORG")], [("某某报社融媒体", "ORG")]),
    ("标题\n来源：区委办公室浏览次数：3\n正文", [("区委办公室", "ORG")], [("区委办公室", "ORG")]),
    ("标题\n来源：太和县双庙镇 作者：无\n正文", [("太和县", "GPE"), ("双庙镇", "GPE")],
     [("太和县", "GPE"), ("双庙镇", "GPE")]),
    ("标题\n来源：本站\n正文", [], []),
    ("标题\n来源：本站原创\n正文", [], []),
    # a medium is named after its place (section 1: 巴中日报)

])
def test_merger_reads_the_media_of_the_dateline_and_source_line(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # a medium is named after its place of the division table, written right before its suffix (section 1: 巴中日报)
    ("共促|两地|发展|。|\n|（|张掖|日报|）", [("张掖", "GPE")], {"kg_places": [("张掖", "GPE")]}, [("张掖日报", "ORG")]),
    # a place alone names no business (美国公司)
    ("美国|公司", [("美国", "GPE")], {"kg_places": [("美国", "GPE")]}, [("美国", "GPE")]),
])
def test_merger_reads_a_medium_named_after_its_place(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # ANNOTATION.md section 6: media are ORG; a county's 融媒体中心 after its place is one ORG with it, where the NER
    # read the body as a place too
    ("来到|某某县|融|媒体|中心|，", [("某某县", "GPE"), ("融媒体中心", "GPE")], {}, [("某某县融媒体中心", "ORG")]),
    ("今年|某某县|融|媒体|中心|紧|扣", [("某某县", "GPE")], {"kg_places": [("某某县", "GPE")]},
     [("某某县融媒体中心", "ORG")]),
    # written alone it is the page's own (section 4: relative names take the article's place)
    ("了解|了|我县|融|媒|体|中心|的|设施", [], {}, [("融媒体中心", "ORG")]),
    ("融|媒体|中心|记者|/|王|明", [("王明", "PERSON")], {}, [("融媒体中心", "ORG"), ("王明", "PERSON")]),
    ("县|融|媒体|中心|和", [("县融媒体中心", "ORG")], {}, [("县融媒体中心", "ORG")]),
    # the kind and the campaign are no body (推进县级融媒体中心建设)
    ("推进|融|媒体|中心|建设", [], {}, []),
    ("各|融|媒体|中心|要", [], {}, []),
])
def test_merger_reads_a_county_media_centre(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # a government's account opening a line before a date or a credit is an ORG (section 6: media are ORG)
    ("某市某县发布 2020-05-22\n正文", [("某市", "GPE"), ("某县", "GPE")], [("某市某县发布", "ORG")]),
    ("正文。\n某市某县发布出品", [("某市", "GPE")], [("某市某县发布", "ORG")]),
    # a body's verb and a generic word are no account; nor a place publishing in running text
    ("县政府发布 通知", [("县政府", "ORG")], [("县政府", "ORG")]),
    ("信息发布 2020", [], []),
    ("近日某县发布了通知", [("某县", "GPE")], [("某县", "GPE")]),
])
def test_merger_reads_a_government_account(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # a paper's name the NER ran on over a space into a newspaper site's list line: the word before the space
    # (section 2: a source that is a newspaper is an ORG)
    ("1| |1| |某某|时报| |content|_|123|.|html", [("时报 content", "ORG")], [("某某时报", "ORG")]),
    ("1| |某州|日报| |content|_|123", [("某州日报 content", "ORG")], [("某州日报", "ORG")]),
    # a name with a space in it and no Latin after it stays
    ("会见|某某| |公司", [("某某 公司", "ORG")], [("某某 公司", "ORG")]),
])
def test_merger_cuts_a_name_at_the_page_furniture(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # ANNOTATION.md section 2: a place written with its level before a named facility is a place of its own ...
    ("走访了白沙县青龙镇石门水库", [("青龙镇石门水库", "LOC")], {"kg_places": [("白沙县", "GPE"), ("青龙镇", "GPE")]},
     [("白沙县", "GPE"), ("青龙镇", "GPE"), ("石门水库", "LOC")]),
    # ... an organization keeps the place of its registered name
    ("在青山县华丰农业科技有限公司", [("青山县华丰农业科技有限公司", "ORG")], {"kg_places": [("青山县", "GPE")]},
     [("青山县华丰农业科技有限公司", "ORG")]),
])
def test_merger_parts_a_place_from_the_facility_after_it(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # ANNOTATION.md section 2: adjacent places are separate, the proper place before a body stays the ORG's
    ("四川省巴中市关工委主任", [("四川省巴中市关工委", "ORG")], {"kg_places": [("四川省", "GPE"), ("巴中市", "GPE")]},
     [("四川省", "GPE"), ("巴中市关工委", "ORG")]),
    ("巴中市妇女联合会", [("巴中市妇女联合会", "ORG")], {"kg_places": [("巴中市", "GPE")]}, [("巴中市妇女联合会", "ORG")]),
    # section 1: generic facilities are nothing, the places before one stay (X街道Y社区 is two GPEs)
    ("察看北京街道花园社区党群服务中心", [("北京街道花园社区党群服务中心", "ORG")], {},
     [("北京街道", "GPE"), ("花园社区", "GPE")]),
    ("在村便民服务中心座谈", [("村便民服务中心", "ORG")], {}, []),
    # a span across the verb of a visit is no organization; the place in it stays
    ("到枣林镇调研指导产业发展", [("枣林镇调研指导产业发展", "ORG")], {"kg_places": [("枣林镇", "GPE")]},
     [("枣林镇", "GPE")]),
])
def test_merger_parts_places_from_bodies_and_generic_facilities(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: X镇Y村 is two GPEs, even where the NER found only the town ...
    ("来到永乡镇圪崂村走访", [("永乡镇", "GPE")], [("永乡镇", "GPE"), ("圪崂村", "GPE")]),
    ("察看了行唐县西城仔村村容村貌", [("行唐县", "GPE")], [("行唐县", "GPE"), ("西城仔村", "GPE")]),
    # ... a list of villages gives one GPE an item ...
    ("先后抽查罗家坡村、小山岔村、三官社区，", [("罗家坡村", "GPE")],
     [("罗家坡村", "GPE"), ("小山岔村", "GPE"), ("三官社区", "GPE")]),
    ("来到西城镇联建村、团结村、加工区", [("西城镇联建村", "ORG")],
     [("西城镇", "GPE"), ("联建村", "GPE"), ("团结村", "GPE")]),
    # ... a village name the NER cut a character off is whole again ...
    ("一行人到围塔村走访", [("塔村", "GPE")], [("围塔村", "GPE")]),
    ("在杨村调研", [("杨村", "GPE")], [("杨村", "GPE")]),
    # ... and generic references stay none: 镇村, 部分嘎查, 各村
    ("到闽宁镇村、企业调研", [("闽宁镇村", "GPE")], [("闽宁镇", "GPE")]),
    ("在洪格尔苏木部分嘎查调研", [("洪格尔苏木", "GPE")], [("洪格尔苏木", "GPE")]),
    ("要求枣林镇各村落实", [("枣林镇", "GPE")], [("枣林镇", "GPE")]),
    # section 1: development and management zones are GPE, with their place's name or alone as the page's own
    ("平阴经济开发区党工委副书记", [], [("平阴经济开发区", "GPE")]),
    ("漳河新区党委书记", [("新区", "GPE")], [("漳河新区", "GPE")]),
    ("先后到昌邑区、高新区调研", [("昌邑区", "GPE")], [("昌邑区", "GPE"), ("高新区", "GPE")]),
    ("先后到昌邑区、经开区调研", [("昌邑区", "GPE")], [("昌邑区", "GPE"), ("经开区", "GPE")]),
    ("全省各开发区", [], []),
    ("平阴经济开发区管委会主任", [], []),
    ("国家级高新技术产业开发区", [], []),
    # section 6: a villagers' group written short after its village (村民小组) is a GPE; a post or 组织 is none
    ("慰问了西山村三组的王明", [("西山村", "GPE"), ("王明", "PERSON")],
     [("西山村", "GPE"), ("三组", "GPE"), ("王明", "PERSON")]),
    ("他是东坡村十二组脱贫户", [("东坡村", "GPE")], [("东坡村", "GPE"), ("十二组", "GPE")]),
    ("西山村三组长王明", [("西山村", "GPE")], [("西山村", "GPE")]),
    ("西山村组织开展", [("西山村", "GPE")], [("西山村", "GPE")]),
])
def test_merger_finds_the_villages_after_a_place_and_in_a_list(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 1: generic references are no place: a village named by what it is to the page, a word
    # that ends in 村 or a community named by a generic word
    ("深入帮扶村开展回访", [("帮扶村", "GPE")], []),
    ("欢塘村是全县乡村振兴重点推进村", [("欢塘村", "GPE"), ("重点推进村", "GPE")], [("欢塘村", "GPE")]),
    ("搬迁至乌盖苏木移民村", [("乌盖苏木", "GPE"), ("移民村", "GPE")], [("乌盖苏木", "GPE")]),
    ("西山镇紧扣乡村振兴", [("西山镇", "GPE"), ("紧扣乡村", "GPE")], [("西山镇", "GPE")]),
    ("省直单位驻临县驻村帮扶工作", [("临县驻村", "GPE")], []),
    ("寒亭街道现有城市社区10个", [("寒亭街道", "GPE"), ("现有城市社区", "GPE")], [("寒亭街道", "GPE")]),
    # named villages and communities stay: also with a word that only looks so (团结村, 联建村, 花园社区)
    ("先后到团结村、联建村", [("团结村", "GPE"), ("联建村", "ORG")], [("团结村", "GPE"), ("联建村", "GPE")]),
    ("走访花园社区", [("花园社区", "GPE")], [("花园社区", "GPE")]),
])
def test_merger_drops_generic_villages(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, rules, expected", [
    # ANNOTATION.md section 2: adjacent places are separate, a county or city the place ruler knows before its village too
    ("调研组在黄埔区麦村村学习", [("黄埔区麦村村", "GPE")], {"kg_places": [("黄埔区", "GPE")]},
     [("黄埔区", "GPE"), ("麦村村", "GPE")]),
    ("台江县九摆村原第一书记", [("台江县九摆村", "GPE")], {"kg_places": [("台江县", "GPE")]},
     [("台江县", "GPE"), ("九摆村", "GPE")]),
    # a name the ruler does not know as a place stays whole (新区村 is one village's name)
    ("来到新区村", [("新区村", "GPE")], {}, [("新区村", "GPE")]),
])
def test_merger_splits_a_county_glued_to_its_village(text, ents, rules, expected):
    assert _merged(text, ents, rules) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2 (no nesting): a village the page names whole once is that name where a span took a part;
    # each span is (text, label, occurrence of the text)
    ("来到青台子村。听取青台子村汇报", [("青台子村", "GPE", 0), ("青", "GPE", 1), ("台子村", "GPE", 1)],
     [("青台子村", "GPE"), ("青台子村", "GPE")]),
    ("到西宝山村调研，西宝山村", [("西宝山村", "GPE", 0), ("西宝", "GPE", 1)], [("西宝山村", "GPE"), ("西宝山村", "GPE")]),
    # where the text spells the part alone, it stays; a part another span crosses stays too
    ("到青台子村和台子村", [("青台子村", "GPE", 0), ("台子村", "GPE", 1)], [("青台子村", "GPE"), ("台子村", "GPE")]),
    ("到东方镇。东方镇长王明", [("东方镇", "GPE", 0), ("东方", "GPE", 1), ("镇长", "TITLE", 0), ("王明", "PERSON", 0)],
     [("东方镇", "GPE"), ("东方", "GPE"), ("镇长", "TITLE"), ("王明", "PERSON")]),
])
def test_merger_reads_a_village_named_whole_once_whole_everywhere(text, ents, expected):
    import spacy

    from kg.pipeline.merge import EntityMerger

    def at(s: str, n: int) -> int:
        i = text.index(s)
        for _ in range(n):
            i = text.index(s, i + 1)
        return i

    doc = char_doc(text)
    doc.ents = [doc.char_span(at(s, n), at(s, n) + len(s), label=label) for s, label, n in ents]
    assert [(e.text, e.label_) for e in EntityMerger(spacy.blank("zh"), "m", [])(doc).ents] == expected


@pytest.mark.parametrize("text, ents, expected", [
    # section 1: a 基地 is a facility, no administrative place (generic ones are nothing)
    ("把加依村打造成为县内的爱国主义教育基地", [("加依村", "GPE"), ("爱国主义教育基地", "GPE")], [("加依村", "GPE")]),
    # section 4: a set phrase or a conjunction that only contains a place's name is no place
    ("推动全县的长足发展和长治久安", [("长治", "GPE")], []),
    ("长治市委书记王明", [("长治", "GPE"), ("市委书记", "TITLE"), ("王明", "PERSON")],
     [("长治", "GPE"), ("市委书记", "TITLE"), ("王明", "PERSON")]),
    ("传达文件精神和县委书记批示", [("和县", "GPE")], []),
    # a collective leader term before 班子 is the team, no title (section 1); before names it is one (section 2)
    ("看望该乡领导班子成员", [("乡领导", "TITLE")], []),
    ("乡领导王明出席", [("乡领导", "TITLE"), ("王明", "PERSON")], [("乡领导", "TITLE"), ("王明", "PERSON")]),
    # a congress or conference written bare before the work it names is its kind, no body (section 1); alone it is one
    ("做好人大各项工作", [("人大", "ORG")], []),
    ("围绕政协协商民主向基层延伸", [("政协", "ORG")], []),
    ("会同政协开展视察", [("政协", "ORG")], [("政协", "ORG")]),
    ("和县县委书记王明", [("和县", "GPE"), ("县委书记", "TITLE"), ("王明", "PERSON")],
     [("和县", "GPE"), ("县委书记", "TITLE"), ("王明", "PERSON")]),
])
def test_merger_drops_facilities_and_words_that_hold_a_place_name(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: a village list sharing one suffix gives one GPE per item as written, whatever the
    # NER read the bare names as; so does a list of towns closed by their kind ...
    ("深入|中|原|、|西|桥|、|小|坝|子|等|村|调研", [("西桥", "LOC")],
     [("中原", "GPE"), ("西桥", "GPE"), ("小坝子", "GPE")]),
    ("足迹走过|和|吉|、|黎|塘|、|露|圩|全县|3|个|乡镇", [("黎塘", "PERSON")],
     [("和吉", "GPE"), ("黎塘", "GPE"), ("露圩", "GPE")]),
    ("深入|平昌县|白|马|、|怀|安|等|乡镇|调研", [("平昌县", "GPE"), ("白马", "LOC")],
     [("平昌县", "GPE"), ("白马", "GPE"), ("怀安", "GPE")]),
    ("新建了|黎明|、|解放|等|2|个|新|村|舍", [], [("黎明", "GPE"), ("解放", "GPE")]),
    # ... or opened right after its place, where the NER read one item as a place; a lone item after its town
    ("前往|长赤镇|宝|溪|、|香|溪|、|赛|智|,|赤溪镇|道|仁|等|村", [("长赤镇", "GPE"), ("宝溪", "GPE"), ("赛智", "PERSON"),
                                                   ("赤溪镇", "GPE"), ("道仁", "ORG")],
     [("长赤镇", "GPE"), ("宝溪", "GPE"), ("香溪", "GPE"), ("赛智", "GPE"), ("赤溪镇", "GPE"), ("道仁", "GPE")]),
    ("在|长赤镇|张三|、|李四|家中", [("长赤镇", "GPE"), ("张三", "PERSON"), ("李四", "PERSON")],
     [("长赤镇", "GPE"), ("张三", "PERSON"), ("李四", "PERSON")]),
    ("潞源街道|将|作为|全市|街道|管理|改革|试点", [("潞源街道", "GPE")], [("潞源街道", "GPE")]),
    # ... not a list of people or posts before a body or group (等村干部, 等乡镇负责人)
    ("王明|、|李强|等|乡镇|负责人", [("王明", "PERSON"), ("李强", "PERSON")], [("王明", "PERSON"), ("李强", "PERSON")]),
    ("王明|、|李强|等|村|干部", [("王明", "PERSON"), ("李强", "PERSON")], [("王明", "PERSON"), ("李强", "PERSON")]),
    ("副县长|、|镇长|等|乡镇|干部", [("副县长", "TITLE"), ("镇长", "TITLE")], [("副县长", "TITLE"), ("镇长", "TITLE")]),
])
def test_merger_reads_the_bare_items_of_a_list_of_places(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 1: mountains, rivers and named facilities are LOC, whatever the NER read in their
    # transliterated characters
    ("翻越唐古拉山到达安多", [("唐古拉山", "PERSON")], [("唐古拉山", "LOC")]),
    ("参观达娃卓玛故居", [("达娃卓玛故居", "PERSON")], [("达娃卓玛故居", "LOC")]),
    # a name that only ends so stays a person (two or three characters, or a given name of 海/江/峰)
    ("记者王青山报道", [("王青山", "PERSON")], [("王青山", "PERSON")]),
    ("欧阳振海同志", [("欧阳振海", "PERSON")], [("欧阳振海", "PERSON")]),
])
def test_merger_reads_a_place_the_ner_took_for_a_person(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 6: communities are GPE, also where the NER cut the 社区 off ...
    ("前往|西湖区|东|书|院|社区|察看", [("西湖区", "GPE"), ("东书院", "GPE")], [("西湖区", "GPE"), ("东书院社区", "GPE")]),
    ("在|花园街道|浮|图|关|社区|调研", [("花园街道", "GPE"), ("图关", "GPE")], [("花园街道", "GPE"), ("浮图关社区", "GPE")]),
    # ... or glued a town to the name's first character (section 2: X街道Y社区 is two GPEs) ...
    ("北站街道|府|北|社区|、", [("北站街道府", "GPE")], [("北站街道", "GPE"), ("府北社区", "GPE")]),
    # ... or found nothing, where a place, a list or a visit goes before the name
    ("来到|朝晖|社区|、|南通|公司", [], [("朝晖社区", "GPE")]),
    ("到|冬梅|社区|调研", [], [("冬梅社区", "GPE")]),
    ("太和街道|和平路|社区|和", [("太和街道", "GPE")], [("太和街道", "GPE"), ("和平路社区", "GPE")]),
    # section 1: generic references stay none
    ("推进|城乡|社区|治理", [], []),
    ("以|党|的|建设|统领|社区|治理", [], []),
    ("送|温暖|进|社区", [], []),
    ("走进|社区", [], []),
    # a community before a named facility is a place of its own; a generic facility after one is nothing
    ("牛角湾社区菜籽沟水库", [("牛角湾社区菜籽沟水库", "LOC")], [("牛角湾社区", "GPE"), ("菜籽沟水库", "LOC")]),
    ("铁路二村社区党群服务中心", [("铁路二村社区党群服务中心", "GPE")], [("铁路二村社区", "GPE")]),
    ("南关社区党群服务工作站", [("南关社区党群服务工作站", "ORG")], [("南关社区", "GPE")]),
])
def test_merger_finds_the_communities(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: 旗委政府 is ORG 旗委 + ORG 政府; section 6: 政府 alone for a specific local body
    ("旗委|政府|研究", [("旗委", "ORG")], [("旗委", "ORG"), ("政府", "ORG")]),
    ("枣林镇党委|、|政府|要", [("枣林镇党委", "ORG")], [("枣林镇党委", "ORG"), ("政府", "ORG")]),
    ("两地|党委|政府", [], []),
    # section 1: 中央 is an ORG where its decisions are carried out; 中央媒体 is none
    ("认真|落实|中央|决策|部署", [], [("中央", "ORG")]),
    ("多家|中央|媒体", [], []),
    ("落实|中央|媒体", [], []),
    # a committee's 常委会 written alone; inside a longer name it is that name's
    ("开|完|常委会|又", [], [("常委会", "ORG")]),
    ("区|人大|常委会", [("区人大常委会", "ORG")], [("区人大常委会", "ORG")]),
    ("中共中央|政治局|常委会|会议", [], []),
])
def test_merger_reads_bodies_written_alone(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 1: bodies named relative to the article's place are ORG, also as a list writes them
    ("县长|王明|,|县|应|急|局|、|市场局|、", [("王明", "PERSON"), ("市场局", "ORG")],
     [("王明", "PERSON"), ("县应急局", "ORG"), ("市场局", "ORG")]),
    ("召集单位：|县|水务局|、|县委|编|办|、|县|档案馆|、", [("县委", "ORG"), ("县档案馆", "LOC")],
     [("县水务局", "ORG"), ("县委编办", "ORG"), ("县档案馆", "ORG")]),
    ("区|两|委|办|、|区|行政|审|批|局|、", [("区两委办", "ORG"), ("区行政审", "ORG")],
     [("区两委办", "ORG"), ("区行政审批局", "ORG")]),
    # not a title, nor words that only open with a level character
    ("县委常委|、|县委办主任", [("县委常委", "TITLE"), ("县委办主任", "TITLE")],
     [("县委常委", "TITLE"), ("县委办主任", "TITLE")]),
    # a list item that runs across a verb is no body (从市局、县区局到中心分局)
    ("、|县|区|局|到|中心|分局|、", [], []),
    # section 1: roads are LOC, whatever the NER called them
    ("西至|东六环路|,", [("东六环路", "GPE")], [("东六环路", "LOC")]),
    ("109|国道|至", [("109国道", "GPE")], [("109国道", "LOC")]),
])
def test_merger_reads_listed_bodies_and_roads(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 1: a body written bare (no level, no place) is the page's own, an ORG as the items of
    # its list are; the verb of the list is no part of the first item
    ("县长|王明|率|林业局|、|民族局|、|扶贫办|等|部门", [("王明", "PERSON"), ("民族局", "ORG"), ("扶贫办", "ORG")],
     [("王明", "PERSON"), ("林业局", "ORG"), ("民族局", "ORG"), ("扶贫办", "ORG")]),
    ("区委办|、|组织部|、|宣传部|、|政法委|以及|区直|部门", [("区委办", "ORG"), ("组织部", "ORG"), ("宣传部", "ORG")],
     [("区委办", "ORG"), ("组织部", "ORG"), ("宣传部", "ORG"), ("政法委", "ORG")]),
    ("民政局|和|执法局|的|负责|同志", [("民政局", "ORG")], [("民政局", "ORG"), ("执法局", "ORG")]),
    # a level unit opens a relative body's name, after whatever word (挂点单位 | 县水务局、县委编办)
    ("召集|挂点|单位|县|水务局|、|县委编办|、", [("县委编办", "ORG")], [("县水务局", "ORG"), ("县委编办", "ORG")]),
    # beside no ORG, a span's own words (聚焦|市委), cadres and kinds of body are no body
    ("林业局|、|民族局|负责人", [], []),
    ("聚焦|市委|、|县委|部署", [("市委", "ORG"), ("县委", "ORG")], [("市委", "ORG"), ("县委", "ORG")]),
    ("县委|、|村|干部|、|相关|部门", [("县委", "ORG")], [("县委", "ORG")]),
    ("县委常委|、|宣传部", [("县委常委", "TITLE"), ("宣传部", "ORG")], [("县委常委", "TITLE"), ("宣传部", "ORG")]),
    # a middle item read from both its separators (市武装部 after 、, 武装部 before 、) is one span: overlapping
    # spans made spaCy refuse the doc (real_I page I303)
    ("宣读|了|市委|、|市|武装部|、|镇党委|的|通知", [("市委", "ORG"), ("镇党委", "ORG")],
     [("市委", "ORG"), ("市武装部", "ORG"), ("镇党委", "ORG")]),
])
def test_merger_reads_bare_bodies_listed_beside_bodies(text, ents, expected):
    assert _merged(text, ents) == expected


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: short place names count as written, where the page writes the place in full
    ("涪陵围绕发展。涪陵区政协召开会议", [("涪陵", "LOC"), ("涪陵区政协", "ORG")], [("涪陵", "GPE"), ("涪陵区政协", "ORG")]),
    ("海子洼有二百户。在海子洼村调研", [("海子洼", "LOC"), ("海子洼村", "GPE")], [("海子洼", "GPE"), ("海子洼村", "GPE")]),
    ("云安县委书记讲话。云安县六都镇", [("云安", "PERSON")], [("云安", "GPE")]),
    # a name before a post stays a person (刘惠区长 is no 刘惠区); a river stays a river (深溪河 | 深溪河镇)
    ("刘惠区长指出", [("刘惠", "PERSON")], [("刘惠", "PERSON")]),
    ("治理深溪河。深溪河镇", [("深溪河", "LOC"), ("深溪河镇", "GPE")], [("深溪河", "LOC"), ("深溪河镇", "GPE")]),
])
def test_merger_reads_a_short_name_of_a_place_written_in_full_as_the_place(text, ents, expected):
    assert _merged(text, ents) == expected


def test_merger_drops_an_ad_hoc_group_but_keeps_the_place_inside_it():
    """ANNOTATION.md section 1: 调研组, 考察组 ... are no ORG; the place named in one still counts."""
    assert _merged("巴州区考察团一行", [("巴州区考察团", "ORG")], {"kg_places": [("巴州区", "GPE")]}) == [("巴州区", "GPE")]
    assert _merged("市委调研组到村", [("市委调研组", "ORG")]) == []
    assert _merged("会见巴州区党政代表团", [("巴州区党政代表团", "ORG")], {"kg_places": [("巴州区", "GPE")]}) \
        == [("巴州区", "GPE")]



# Surnames of the person-ruler cases; 和, 强 and 温 are surnames too, which the guards must survive.
_SURNAMES = list("刘蒋孙张周冯牛郑平王尚高吴白文杨曹徐郝康欧范和强温及陈")


def _ruled(words, spaces, model, titles):
    """The doc.ents after kg_person_ruler and kg_entity_merger on a doc of `words` with the model's `model` spans."""
    import spacy
    from spacy.tokens import Doc, Span

    from kg.pipeline.merge import EntityMerger
    from kg.pipeline.persons import PersonRuler

    nlp = spacy.blank("zh")
    doc = Doc(nlp.vocab, words=words, spaces=spaces or [False] * len(words))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in model]
    doc.spans["kg_titles"] = [Span(doc, s, e, label="TITLE") for s, e in titles]
    ruler = PersonRuler(nlp, "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=_SURNAMES)
    merger = EntityMerger(nlp, "m", ["kg_persons", "kg_titles", "kg_orgs", "kg_places"])
    return [(e.text, e.label_) for e in merger(ruler(doc)).ents]


# (words, spaces or None, model spans (start, end, label) in tokens, lexicon titles (start, end), doc.ents after the rules)
PERSON_CASES = [
    pytest.param(["刘", "局长", "指出"], None, [(0, 1, "PERSON")], [(1, 2)], [("局长", "TITLE")], id="surname-title"),
    pytest.param(["蒋", "主席", "强调"], None, [(0, 2, "PERSON")], [], [("主席", "TITLE")], id="surname-title-one-span"),
    pytest.param(["周", "书记", "到", "我", "镇"], None, [(0, 1, "PERSON")], [], [("书记", "TITLE")], id="surname-bare-title"),
    pytest.param(["市委常委", "孙", "书", "申", "、", "张", "新奇", "出席"], None,
                 [(0, 1, "TITLE"), (1, 4, "PERSON"), (5, 6, "PERSON")], [(0, 1)],
                 [("市委常委", "TITLE"), ("孙书申", "PERSON"), ("张新奇", "PERSON")], id="name-cut-short"),
    pytest.param(["周", "一鸣", "、", "张三", "出席"], None, [(0, 3, "PERSON"), (3, 4, "PERSON")], [],
                 [("周一鸣", "PERSON"), ("张三", "PERSON")], id="punctuation-swallowed"),
    pytest.param(["冯", "创新", "通", "迅", "员"], [False, True, False, False, False], [(0, 3, "PERSON")], [],
                 [("冯创新", "PERSON")], id="space-past-a-name"),
    pytest.param(["牛", "腾", "说"], [True, False, False], [(0, 2, "PERSON")], [], [("牛 腾", "PERSON")],
                 id="space-inside-a-name"),
    pytest.param(["德刚", "同志", "讲话"], None, [(0, 1, "PERSON")], [], [], id="given-name-alone"),
    pytest.param(["镇长", "郑", "丽", "安排", "部署"], None, [(0, 1, "TITLE"), (1, 4, "PERSON")], [(0, 1)],
                 [("镇长", "TITLE"), ("郑丽", "PERSON")], id="verb-after-name"),
    pytest.param(["市领导", "平", "遂", "民", "、", "王", "冬梅", "、", "尚", "德", "山", "等", "列席"], None,
                 [(0, 1, "TITLE"), (5, 7, "PERSON"), (8, 11, "LOC")], [(0, 1)],
                 [("市领导", "TITLE"), ("平遂民", "PERSON"), ("王冬梅", "PERSON"), ("尚德山", "PERSON")],
                 id="list-after-collective-title"),
    pytest.param(["干部", "高志国", "、", "吴", "建海", "、", "白", "雪亮", "、", "王巍", "五", "人"], None,
                 [(1, 2, "PERSON"), (3, 5, "PERSON"), (9, 10, "PERSON")], [],
                 [("高志国", "PERSON"), ("吴建海", "PERSON"), ("白雪亮", "PERSON"), ("王巍", "PERSON")],
                 id="list-among-names"),
    pytest.param(["党委书记", "文", "永明", "表示"], None, [(0, 1, "TITLE")], [(0, 1)],
                 [("党委书记", "TITLE"), ("文永明", "PERSON")], id="name-after-title"),
    pytest.param(["县委书记", "高度", "重视", "。", "市长", "强调", "要", "抓"], None, [(0, 1, "TITLE"), (4, 5, "TITLE")],
                 [(0, 1), (4, 5)], [("县委书记", "TITLE"), ("市长", "TITLE")], id="word-after-title"),
    pytest.param(["书记", "和", "三", "个", "连队"], None, [(0, 1, "TITLE")], [(0, 1)], [("书记", "TITLE")],
                 id="function-word-after-title"),
    pytest.param(["小", "温", "消失", "在"], None, [(1, 2, "PERSON")], [], [], id="nickname-not-grown"),
    # only a surname before a title gives up its PERSON; elsewhere the model's one-character name stands
    pytest.param(["李", "老师", "看", "了"], None, [(0, 1, "PERSON")], [], [("李", "PERSON")],
                 id="one-character-name-without-title"),
    # but 汪某 (someone) and 张家 (a family) name nobody (ANNOTATION.md section 1: the name of one specific person)
    pytest.param(["王", "某", "正常", "分娩"], None, [(0, 1, "PERSON")], [], [], id="surname-of-nobody"),
    pytest.param(["来到", "张", "家", "七组"], None, [(1, 2, "PERSON")], [], [], id="surname-of-a-family"),
    # a title the model took into a name is the TITLE, the rest the name
    pytest.param(["县人大常委会副主任", "张", "明", "走访"], None, [(0, 3, "PERSON")], [(0, 1)],
                 [("县人大常委会副主任", "TITLE"), ("张明", "PERSON")], id="title-inside-a-model-name"),
    # villages, 嘎查 and communities are GPE (section 6), whatever the model called them
    pytest.param(["到", "白音", "嘎查", "调研"], None, [(1, 3, "PERSON")], [], [("白音嘎查", "GPE")],
                 id="village-read-as-name"),
    # the front of a place's or a facility's name is no person (沈抚示范区: a zone)
    pytest.param(["高新", "示范区", "管委会"], None, [(0, 1, "PERSON")], [], [], id="front-of-a-zone-name"),
    # (the app after it is a medium, found by its suffix: ORG)
    pytest.param(["图源", ":", "某某", "客户端"], None, [(0, 1, "PERSON")], [], [("某某客户端", "ORG")], id="credit-label-no-name"),
    # a name right after a title, whatever label the model gave it, where what follows closes it
    pytest.param(["市人大代表", "张", "红梅", "和", "县人大代表", "王", "平"], None, [(1, 3, "ORG"), (5, 7, "PERSON")],
                 [(0, 1), (4, 5)], [("市人大代表", "TITLE"), ("张红梅", "PERSON"), ("县人大代表", "TITLE"), ("王平", "PERSON")],
                 id="name-after-title-read-as-org"),
    pytest.param(["县委", "办公室", "及", "各", "乡镇书记", "陪同"], None, [(0, 2, "ORG")], [(4, 5)],
                 [("县委办公室", "ORG"), ("乡镇书记", "TITLE")], id="function-word-before-title"),
]


# A name the model read with the word after it (ANNOTATION.md section 2: the name as written, nothing more):
# no three-character name ends in 等, 边 or 逐 and no four-character one in 和, so these end the name; a name of
# three may end in 和 (张凤和). A byline name glued to the word after it ends where the model's name does.
GLUED_WORD_CASES = [
    pytest.param(["副镇长", "王", "平等", "参加", "会议"], None, [(0, 1, "TITLE"), (1, 3, "PERSON")], [(0, 1)],
                 [("副镇长", "TITLE"), ("王平", "PERSON")], id="etc-glued-into-a-word"),
    pytest.param(["看望", "了", "陈", "建英", "和", "张", "明"], None, [(2, 5, "PERSON"), (5, 7, "PERSON")], [],
                 [("陈建英", "PERSON"), ("张明", "PERSON")], id="and-after-a-name-of-three"),
    pytest.param(["随后", "，", "孙", "强", "逐", "一", "点评"], None, [(2, 5, "PERSON")], [],
                 [("孙强", "PERSON")], id="one-by-one-after-a-name"),
    pytest.param(["周", "明", "边", "听", "边", "看"], None, [(0, 3, "PERSON")], [], [("周明", "PERSON")],
                 id="while-after-a-name"),
    pytest.param(["张", "凤和", "说"], None, [(0, 2, "PERSON")], [], [("张凤和", "PERSON")], id="name-ending-in-and"),
    pytest.param(["（", "记者", "杨", "彬", "、", "曹", "露", "根据", "《", "日报", "》", "整理", "）"], None,
                 [(2, 4, "PERSON"), (5, 7, "PERSON")], [], [("杨彬", "PERSON"), ("曹露", "PERSON")],
                 id="byline-name-before-according-to"),
    pytest.param(["作者", ":", "徐", "林", "张", "彪", "浏览", ":", "35"], [False, False, False, True] + [False] * 5,
                 [(2, 4, "PERSON"), (4, 6, "PERSON")], [], [("徐林", "PERSON"), ("张彪", "PERSON")],
                 id="byline-name-before-views"),
]


@pytest.mark.parametrize("words,spaces,model,titles,expected", GLUED_WORD_CASES)
def test_person_ruler_ends_a_name_before_the_word_glued_to_it(words, spaces, model, titles, expected):
    assert _ruled(words, spaces, model, titles) == expected


@pytest.mark.parametrize("words,spaces,model,titles,expected", PERSON_CASES)
def test_person_ruler_follows_the_guideline(words, spaces, model, titles, expected):
    assert _ruled(words, spaces, model, titles) == expected


@pytest.mark.parametrize("text,names", [
    ("(记者 杨晓 见习记者 冯创新 通迅员 曹聪)3月22日", ["杨晓", "冯创新", "曹聪"]),
    ("来源:南县公众信息网\n编辑:周瑞", ["周瑞"]),
    ("记者/王宁\n新媒体编辑/周瑞", ["王宁", "周瑞"]),
    ("审核:欧秀芬\n终审:范晔", ["欧秀芬", "范晔"]),
    ("意见建议。(徐洋)", ["徐洋"]),
    ("本报讯(郝文军)7月25日", ["郝文军"]),
    ("本报讯(实习记者郝学文康涛)12月2日", ["郝学文", "康涛"]),
    ("新华社北京5月8日电记者王中文报道:第九届", ["王中文"]),
    ("(车辋镇 曾长新)", ["曾长新"]),
    ("并讲话。(陈卓 张译丹)\n● 长寿区", ["陈卓", "张译丹"]),
    ("作者:佚名 来源:巴中日报", []),
    ("看望贫困户汪某和刘某。(本网)", []),
])
def test_person_ruler_reads_every_name_of_a_byline(text, names):
    import spacy

    from kg.pipeline.persons import PersonRuler

    ruler = PersonRuler(spacy.blank("zh"), "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=_SURNAMES + ["曾", "汪"])
    doc = ruler(char_doc(text))
    assert [s.text for s in doc.spans["kg_persons"]] == names


def test_merger_keeps_the_longest_of_overlapping_spans_a_conform_pass_gives(monkeypatch):
    """Whatever a conform pass gets wrong on an unseen page, the merger sets entities spaCy accepts: of two spans
    sharing a token the longest stays, rather than the whole batch failing on the doc."""
    from spacy.tokens import Span

    import kg.pipeline.merge as merge

    def overlapping(doc, ents, known_words=frozenset()):
        return [*ents, Span(doc, 4, 6, label="ORG"), Span(doc, 5, 6, label="ORG")]

    monkeypatch.setattr(merge, "conform", overlapping)
    assert _merged("宣读|了|市委|、|市|武装部|的|通知", [("市委", "ORG")]) == [("市委", "ORG"), ("市武装部", "ORG")]


@pytest.mark.parametrize("text, ents, expected", [
    # ANNOTATION.md section 2: the span is the name as written; where a place lies from another (东临, 北依, 西连)
    # is no part of the neighbour's name
    ("该镇东临长江、北依光雾山", [("东临长江", "LOC"), ("北依光雾山", "LOC")], [("长江", "LOC"), ("光雾山", "LOC")]),
    ("西连枣林镇，南靠巴河", [("西连枣林镇", "GPE"), ("南靠巴河", "LOC")], [("枣林镇", "GPE"), ("巴河", "LOC")]),
    ("东南濒临大海", [("东南濒临", "LOC")], [("东南濒临", "LOC")]),   # no name after the verb: left alone
    # ... but a name that opens with a bearing alone keeps it
    ("来到东湖公园", [("东湖公园", "LOC")], [("东湖公园", "LOC")]),
    ("来到南依村", [("南依村", "GPE")], [("南依村", "GPE")]),
])
def test_merger_cuts_a_bearing_off_a_neighbours_name(text, ents, expected):
    assert _merged(text, ents) == expected
