"""The lexicon scanner (kg.lexicon.scan) over the generated titles, bodies and places: no model needed."""
from __future__ import annotations

import pytest

from kg.gazetteer import load_gazetteer
from kg.lexicon import LongestMatcher, find_lexicon_spans, government_titles, place_names


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
        # a county whose short name is no entry of the lexicon gives its 县 to the party-committee title
        ("天镇县委书记", [("天镇", "GPE"), ("县委书记", "TITLE")]),
        ("西湖区委副书记", [("西湖", "GPE"), ("区委副书记", "TITLE")]),
        ("乐山市副市长", [("乐山市", "GPE"), ("副市长", "TITLE")]),
        ("马边彝族自治县委书记", [("马边彝族自治县", "GPE"), ("书记", "TITLE")]),
        # collective leaders take the level character as a party committee does (县领导 is a title)
        ("天镇县领导", [("天镇", "GPE"), ("县领导", "TITLE")]),
        # the longest place that leaves a whole title: the town 朝阳镇, not the city 朝阳 + 镇党委书记
        ("朝阳镇党委书记", [("朝阳镇", "GPE"), ("党委书记", "TITLE")]),
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


def test_matches_never_run_past_the_end_of_the_text():
    matcher = LongestMatcher(["巴中市", "巴中市群团惠民帮扶中心五楼"])
    assert list(matcher.find_all("单位:巴中市")) == [(3, 6)]


@pytest.mark.parametrize("text, words, expected", [
    # ANNOTATION.md section 2: short place names count as written, once the page names the place in full
    ("县委书记到行唐县调研。他说，行唐发展很快。", (), ["行唐县", "行唐"]),
    ("枣林镇党委召开会议，为枣林发展献策。", (), ["枣林镇", "枣林"]),
    ("长白朝鲜族自治县召开会议，开创长白发展新局面。", (), ["长白朝鲜族自治县", "长白"]),
    # a short name the page never writes in full is left to the model
    ("他说，行唐发展很快。", (), []),
    # a common word of the segmenter is no short name of a town (和平乡 writes 和平, the word); a county's, a
    # district's or a banner's short name is the place even where it is a word (平江县 ... 为平江挺进十强)
    ("和平乡召开会议，维护和平稳定。", ("和平", "稳定"), ["和平乡"]),
    ("平江县召开会议。为平江挺进全省十强", ("平江", "挺进"), ["平江县", "平江"]),
    # a word running across either end of it (安吉|水库, 吉|水果) is read, not the place
    ("到吉水县调研，参观安吉水库", ("安吉", "水库"), ["吉水县"]),
    ("到吉水县调研，吉水果品丰富", ("水果", "果品"), ["吉水县"]),
])
def test_short_names_of_places_written_in_full(matchers, text, words, expected):
    from kg.lexicon import find_short_names

    _, places = matchers
    known = frozenset(words)
    spans = find_lexicon_spans(text, LongestMatcher(()), places, known_words=known)
    spans += find_short_names(text, spans, known)
    assert [text[s:e] for s, e, label in sorted(spans) if label == "GPE"] == expected


@pytest.mark.parametrize("text, expected", [
    # ANNOTATION.md section 6: a 街道 written short (北京街) is a GPE; a street with its house number is no 街道
    ("区长到光塔街、北京街督导检查", ["光塔街", "北京街"]),
    ("北京街道办事处", ["北京街道"]),
    ("地址:光塔街298号", []),
    ("沿光塔街路口", []),
    ("在步行街购物", []),
])
def test_street_offices_written_short(matchers, text, expected):
    from kg.lexicon import find_street_offices

    _, places = matchers
    spans = find_street_offices(text, find_lexicon_spans(text, LongestMatcher(()), places), places)
    assert [text[s:e] for s, e, label in spans if label == "GPE"] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # ANNOTATION.md section 2: a proper place before a body that is no party committee stays one ORG,
        # the post after it is the TITLE
        ("杜集区人大常委会主任", [("杜集区人大常委会", "ORG"), ("主任", "TITLE")]),
        ("乐山市政府副市长", [("乐山市政府", "ORG"), ("副市长", "TITLE")]),
        ("巴州区政协主席", [("巴州区政协", "ORG"), ("主席", "TITLE")]),
        ("巴中市政协副主席", [("巴中市政协", "ORG"), ("副主席", "TITLE")]),
        # a place's own level character opens the body: one ORG, as 巴中市委
        ("枣林镇政府", [("枣林镇政府", "ORG")]),
        ("巴州区委召开会议", [("巴州区委", "ORG")]),
        ("枣林镇党委", [("枣林镇党委", "ORG")]),
        # a party committee's title, a bare post and a deputy's title still split the place off
        ("枣林镇党委书记", [("枣林镇", "GPE"), ("党委书记", "TITLE")]),
        ("巴中市委书记", [("巴中", "GPE"), ("市委书记", "TITLE")]),
        ("乐山市副市长", [("乐山市", "GPE"), ("副市长", "TITLE")]),
        ("巴中市人大代表", [("巴中市", "GPE"), ("人大代表", "TITLE")]),
        # a town's 人大 is a body as 杜集区人大常委会 is: ORG + the post (ANNOTATION.md 2, 6)
        ("枣林镇人大主席", [("枣林镇人大", "ORG"), ("主席", "TITLE")]),
        ("枣林镇人大副主席", [("枣林镇人大", "ORG"), ("副主席", "TITLE")]),
    ],
)
def test_a_body_after_a_proper_place_is_one_org(matchers, text, expected):
    from kg.lexicon import government_bodies

    titles, places = matchers
    spans = find_lexicon_spans(text, titles, places, orgs=LongestMatcher(government_bodies()),
                               bodies_after_places=True)
    assert [(text[s:e], lab) for s, e, lab in spans] == expected
