"""The kg_zh pipeline: lexicon rules (no model needed) and the shipped model on the seeds and odd input."""
from __future__ import annotations

import time

import pytest

from kg.gazetteer import load_gazetteer
from kg.lexicon import LongestMatcher, find_lexicon_spans, government_titles, place_names

from conftest import SEEDS


@pytest.fixture(scope="module")
def matchers():
    return LongestMatcher(government_titles()), LongestMatcher(place_names(load_gazetteer()))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("罗增斌代表市委、市政府", [("市委", "ORG"), ("市政府", "ORG")]),
        ("在市委党校开班", [("市委党校", "ORG")]),
        ("巴中市委召开全会", [("巴中市委", "ORG")]),
        ("巴中市委书记罗增斌", [("巴中", "GPE"), ("市委书记", "TITLE")]),
        ("全面落实党中央、省委和市委决策部署", [("党中央", "ORG"), ("省委", "ORG"), ("市委", "ORG")]),
        ("区民政局负责同志介绍了情况", [("区民政局", "ORG")]),
        ("县文化广电旅游局、光雾山镇相关负责人陪同", [("县文化广电旅游局", "ORG"), ("光雾山镇", "GPE")]),
        ("文章来源:巴中市人民政府办公室", [("巴中市人民政府办公室", "ORG")]),
    ],
)
def test_bodies_are_org_spans(matchers, text, expected):
    from kg.lexicon import government_bodies

    titles, places = matchers
    spans = find_lexicon_spans(text, titles, places, orgs=LongestMatcher(government_bodies()))
    assert [(text[s:e], lab) for s, e, lab in spans] == expected


def test_bare_suffixes_are_not_titles():
    from kg.lexicon import is_official_title

    assert is_official_title("人大代表") and is_official_title("副局长")
    assert not is_official_title("代表") and not is_official_title("学生")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("巴中市委书记罗增斌", [("巴中", "GPE"), ("市委书记", "TITLE")]),
        ("枣林镇党委书记", [("枣林镇", "GPE"), ("党委书记", "TITLE")]),
        ("巴州区枣林镇", [("巴州区", "GPE"), ("枣林镇", "GPE")]),
        ("市委常委、宣传部部长", [("市委常委", "TITLE"), ("宣传部部长", "TITLE")]),
        ("市领导张鹏飞、陶斌、王毅", [("市领导", "TITLE")]),
        ("全市参训乡镇党委书记", [("乡镇党委书记", "TITLE")]),
        ("四川省巴中市", [("四川省", "GPE"), ("巴中市", "GPE")]),
    ],
)
def test_lexicon_spans_follow_the_guideline(matchers, text, expected):
    titles, places = matchers
    assert [(text[s:e], lab) for s, e, lab in find_lexicon_spans(text, titles, places)] == expected


def test_title_cutting_into_words_on_both_sides_is_ignored(matchers):
    titles, places = matchers
    text = "城市长期发展"  # 市长 straddles 城市|长期
    assert find_lexicon_spans(text, titles, places, boundaries={0, 2, 4, 6}) == []


def test_a_place_gives_its_last_character_to_a_common_word(matchers):
    titles, places = matchers
    known = frozenset({"市民", "市区", "县城"})

    def found(text):
        return [(text[s:e], lab) for s, e, lab in find_lexicon_spans(text, titles, places, known_words=known)]

    assert found("北京市民") == [("北京", "GPE"), ("市民", "WORD")]
    assert found("巴中市区") == [("巴中", "GPE"), ("市区", "WORD")]
    # 平昌 alone is no place name: 平昌县 stays whole; titles and bodies still come first
    assert found("平昌县城") == [("平昌县", "GPE")]
    assert found("巴中市长") == [("巴中", "GPE"), ("市长", "TITLE")]
    assert found("巴中市") == [("巴中市", "GPE")]


def test_a_place_that_a_common_word_runs_into_is_no_place(matchers):
    titles, places = matchers
    known = frozenset({"扩大", "复合", "模范", "中国"})

    def found(text):
        spans = find_lexicon_spans(text, titles, places, known_words=known, drop_crossed_places=True)
        return [(text[s:e], lab) for s, e, lab in spans]

    # pkuseg's user dictionary glues 扩|大同|中国; the word 扩大 runs into 大同
    assert ("大同", "GPE") not in found("扩大同中国的交流")
    assert ("合肥", "GPE") not in found("专用复合肥")
    assert ("巴中", "GPE") in found("扩大巴中的交流") and ("大同", "GPE") in found("山西大同")
    # the tokenizer keeps the old behaviour (it must cut as it cut the training data)
    assert find_lexicon_spans("扩大同中国", titles, places, known_words=known) == [(1, 3, "GPE")]  # 大同


def test_acting_heads_are_titles_of_their_government():
    from kg.lexicon import implied_body

    assert {"代县长", "代市长", "代理镇长", "副县长"} <= government_titles()
    assert implied_body("代县长") == ("县", "政府")


def test_town_units_named_with_a_common_noun_are_not_places():
    names = place_names(load_gazetteer())
    assert not {"开发区", "高新区", "农场", "林场", "小城镇", "城区街道"} & names
    assert {"枣林镇", "渔溪镇", "巴州区"} <= names


from kg.nlp import default_model_path  # noqa: E402

MODEL = default_model_path()
needs_model = pytest.mark.skipif(not (MODEL / "config.cfg").exists(), reason=f"no trained pipeline at {MODEL}")


@pytest.fixture(scope="module")
def nlp():
    import kg

    return kg.load_pipeline()


@pytest.fixture(scope="module")
def seed_entities(nlp):
    from kg.article import extract_article
    from kg.sources import read_pages

    found = set()
    for page in read_pages(sorted(SEEDS.glob("*.txt"))):
        doc = nlp(extract_article(page).text)
        found |= {(e.text, e.label_) for e in doc.ents}
    return found


SEED_GOLD = (
    [(n, "PERSON") for n in "罗增斌 李映 张鹏飞 陶斌 王毅 习近平 曾长新".split()]
    + [(n, "GPE") for n in "巴中 巴州区 恩阳区 南江县 通江县 平昌县 枣林镇 渔溪镇 兴马镇 广纳镇 白衣镇 车辋镇".split()]
    + [(n, "ORG") for n in "市委 市政府 省委 党中央 市委党校 巴中日报".split()]
    + [(n, "TITLE") for n in "市委书记 市委副书记 市领导 总书记".split()]
)


@needs_model
@pytest.mark.parametrize("text, label", SEED_GOLD)
def test_seed_entities_found_with_their_label(seed_entities, text, label):
    assert (text, label) in seed_entities


@needs_model
def test_pipeline_tokens_keep_titles_and_places_whole(nlp):
    doc = nlp.make_doc("开班式上，巴州区枣林镇、巴中市委书记罗增斌出席")
    words = [t.text for t in doc]
    for w in ("巴州区", "枣林镇", "市委书记"):
        assert w in words


@needs_model
@pytest.mark.parametrize("text", ["", "   ", "。，、！？……——", "😀🎉 kg ✓ مرحبا Привет 市委书记😀罗增斌", "\n\n\t"])
def test_odd_input_goes_through(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    for e in doc.ents:
        assert text[e.start_char : e.end_char] == e.text


@needs_model
@pytest.mark.slow
def test_one_megabyte_line_is_not_pathological(nlp):
    unit = "市委书记罗增斌在巴州区枣林镇调研，强调要抓好脱贫攻坚工作"
    text = unit * (1_000_000 // len(unit))  # about 1 MB, no newline, no 。
    start = time.process_time()
    doc = nlp(text)
    assert doc.text == text
    assert sum(1 for e in doc.ents if e.text == "罗增斌") > 1000
    # a generous bound: linear work at the benchmarked speed takes well under it
    assert time.process_time() - start < 600


def test_import_kg_loads_no_model():
    import subprocess
    import sys

    code = "import sys, kg; print(int(any(m.startswith(('spacy', 'thinc')) for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_matches_never_run_past_the_end_of_the_text():
    matcher = LongestMatcher(["巴中市", "巴中市群团惠民帮扶中心五楼"])
    assert list(matcher.find_all("单位:巴中市")) == [(3, 6)]


def _char_doc(text):
    import spacy

    return spacy.blank("zh")(text)  # one token per character


def test_person_ruler_reads_bylines_and_relabels_a_name_before_a_title():
    import spacy

    from kg.pipeline.persons import PersonRuler

    ruler = PersonRuler(spacy.blank("zh"), "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=["曾", "习", "王"])
    doc = _char_doc("以习近平总书记为核心。(车辋镇  曾长新)")
    doc.ents = [doc.char_span(1, 4, label="ORG")]  # the model's mistake
    doc.spans["kg_titles"] = [doc.char_span(4, 7, label="TITLE")]
    found = [(s.text, s.label_) for s in ruler(doc).spans["kg_persons"]]
    assert found == [("习近平", "PERSON"), ("曾长新", "PERSON")]


def test_person_ruler_leaves_places_and_bodies_alone():
    import spacy

    from kg.pipeline.persons import PersonRuler

    ruler = PersonRuler(spacy.blank("zh"), "kg_person_ruler", "kg_persons", "kg_titles", ["kg_places", "kg_orgs"])
    ruler.initialize(surnames=["国", "巴"])
    doc = _char_doc("国务院总理")
    doc.ents = [doc.char_span(0, 3, label="ORG")]
    doc.spans["kg_titles"] = [doc.char_span(3, 5, label="TITLE")]
    doc.spans["kg_orgs"] = [doc.char_span(0, 3, label="ORG")]
    assert list(ruler(doc).spans["kg_persons"]) == []


def test_merger_prefers_rules_but_keeps_a_longer_name_with_words_of_its_own():
    import spacy

    from kg.pipeline.merge import EntityMerger

    merger = EntityMerger(spacy.blank("zh"), "m", ["kg_places"])
    doc = _char_doc("巴中市妇女联合会和平昌县白衣镇")
    doc.ents = [doc.char_span(0, 8, label="ORG"), doc.char_span(9, 15, label="ORG")]
    doc.spans["kg_places"] = [doc.char_span(s, e, label="GPE") for s, e in ((0, 3), (9, 12), (12, 15))]
    assert [(e.text, e.label_) for e in merger(doc).ents] == [
        ("巴中市妇女联合会", "ORG"), ("平昌县", "GPE"), ("白衣镇", "GPE")
    ]


def test_merger_keeps_a_model_person_or_place_that_holds_a_rule_place_and_more():
    import spacy

    from kg.pipeline.merge import EntityMerger

    merger = EntityMerger(spacy.blank("zh"), "m", ["kg_places", "kg_titles"])
    doc = _char_doc("郝海东在佛罗里达州，巴中市委书记")
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


@needs_model
def test_fast_pkuseg_segments_word_for_word_like_pkuseg(nlp):
    from kg.article import extract_article
    from kg.pipeline.pkuseg_fast import FastPkuseg
    from kg.pipeline.tokenizer import _TO_FULL_WIDTH, pieces
    from kg.sources import read_pages

    texts = [extract_article(page).text for page in read_pages(sorted(SEEDS.glob("*.txt")))]
    texts += ["2026年11月23日ＡＢＣ公司CEO王小明说：GDP增长6.5%。", "😀🎉 kg ✓ مرحبا Привет 市委书记😀罗增斌", "１２３４５", "a"]
    seg = nlp.tokenizer.pkuseg_seg
    fast = FastPkuseg(seg)
    n_pieces = 0
    for text in texts:
        for _, piece in pieces(text):
            wide = piece.translate(_TO_FULL_WIDTH)
            assert fast.cut(wide) == seg.cut(wide), piece
            n_pieces += 1
    assert n_pieces > 50


@needs_model
@pytest.mark.parametrize("text", ["巴中\n市委书记罗增斌", "巴州区 枣林镇", "市委\n书记", "巴中市妇女联合会\n\n巴中日报"])
def test_titles_and_places_never_span_whitespace(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert all(not any(c.isspace() for c in t.text) for t in doc if not t.is_space)


@needs_model
def test_unknown_words_become_characters_and_learned_splits_apply(nlp):
    import copy

    tokenizer = copy.deepcopy(nlp.tokenizer)
    text = "罗斌少时访华"
    assert tokenizer._cut(text) == ["罗", "斌少", "时", "访华"]  # pkuseg glues the name's end to 少
    tokenizer.set_lexicon(tokenizer.titles.words, tokenizer.places.words, {"访华"}, {"访华": [1]})
    assert [t.text for t in tokenizer(text)] == ["罗", "斌", "少", "时", "访", "华"]
    # a word the segmenter never saw in training is cut into characters
    tokenizer.set_lexicon(tokenizer.titles.words, tokenizer.places.words, {"x"}, {})
    words = [t.text for t in tokenizer(text)]
    assert all(len(w) == 1 for w in words)
    # lexicon matches are rejoined even when their characters were cut apart
    words = [t.text for t in tokenizer("巴中市委书记罗增斌")]
    assert "市委书记" in words and "巴中" in words


@needs_model
def test_tokenizer_lexicon_round_trips_through_bytes_and_disk(nlp, tmp_path):
    import copy

    tokenizer = copy.deepcopy(nlp.tokenizer)
    tokenizer.set_lexicon(["市委书记"], ["巴中"], ["访问", "中国"], {"访华": [1]})
    for restored in (copy.deepcopy(nlp.tokenizer).from_bytes(tokenizer.to_bytes()),
                     (tokenizer.to_disk(tmp_path / "tok"), copy.deepcopy(nlp.tokenizer).from_disk(tmp_path / "tok"))[1]):
        assert restored.known_words == frozenset({"访问", "中国"})
        assert restored.token_splits == {"访华": (1,)}
        assert restored.titles.words == tokenizer.titles.words


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


@needs_model
def test_generic_references_are_not_places(nlp):
    # the division table has towns named 街道; the guideline counts 乡镇(街道) as generic
    doc = nlp("乡镇(街道)的同志们坚守抗疫第一线，社区干部走访巴州区枣林镇")
    assert {(e.text, e.label_) for e in doc.ents if e.label_ == "GPE"} == {("巴州区", "GPE"), ("枣林镇", "GPE")}


def test_text_chunks_cover_the_text_and_cut_after_sentence_ends():
    from kg.nlp import text_chunks

    assert list(text_chunks("")) == [(0, "")]
    text = "市委书记罗增斌出席。" * 30 + "无标点" * 40
    chunks = list(text_chunks(text, limit=50))
    assert "".join(piece for _, piece in chunks) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in chunks)
    assert all(len(piece) <= 50 for _, piece in chunks)
    assert all(piece.endswith("。") for _, piece in chunks[:5])


@needs_model
def test_long_articles_are_annotated_in_pieces_with_offsets_into_the_whole(nlp, monkeypatch):
    import kg.nlp
    from kg.article import extract_article
    from kg.sources import read_pages

    article = extract_article(next(iter(read_pages(sorted(SEEDS.glob("*.txt"))))))
    whole = kg.nlp.annotate([article], nlp=nlp)
    (_, expected), = list(whole)
    monkeypatch.setattr(kg.nlp, "MAX_CHUNK_CHARS", 300)
    assert len(list(kg.nlp.text_chunks(article.text))) > 2
    (same, entities), = list(kg.nlp.annotate([article, article], nlp=nlp))[:1]
    assert same is article
    assert all(article.text[e.start : e.end] == e.text for e in entities)
    # cutting at sentence ends keeps nearly every mention the whole text gave
    assert len({(e.start, e.label) for e in entities} & {(e.start, e.label) for e in expected}) >= 0.9 * len(expected)


@needs_model
def test_pipeline_multiplies_through_numpy_blas_on_one_thread(nlp):
    import numpy
    from thinc.api import NumpyOps
    from threadpoolctl import threadpool_info

    tok2vec = nlp.get_pipe("tok2vec")
    assert all(not node.ops.use_blis for node in tok2vec.model.walk())
    assert all(pool["num_threads"] == 1 for pool in threadpool_info() if pool["user_api"] == "blas")
    # the same vectors as thinc's blis products, up to the order of the sums
    doc = nlp.make_doc("巴中市委书记罗增斌在巴州区枣林镇调研")
    numpy_vectors = tok2vec.model.predict([doc])[0]
    blis = NumpyOps(use_blis=True)
    saved = [(node, node.ops) for node in tok2vec.model.walk()]
    try:
        for node, _ in saved:
            node.ops = blis
        blis_vectors = tok2vec.model.predict([doc])[0]
    finally:
        for node, ops in saved:
            node.ops = ops
    assert numpy.allclose(numpy_vectors, blis_vectors, atol=1e-4)


def test_malloc_setting_applies_on_glibc_only_when_asked():
    import platform

    import spacy

    from kg.pipeline.blas import keep_freed_memory

    assert keep_freed_memory(0) is False
    if platform.libc_ver()[0] == "glibc":
        assert keep_freed_memory(32) is True
    # the shipped pipeline asks for it
    assert spacy.util.load_config(MODEL / "config.cfg")["nlp"]["after_pipeline_creation"]["malloc_mmap_threshold_mb"] == 32
