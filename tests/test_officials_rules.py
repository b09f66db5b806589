"""How Chinese news writes a city's top posts (市委书记, 市长) and the relations kg must give for them
(ANNOTATION.md 3, 4): appointments after a former title, city names shared with a county, 中共 before
the committee, stacked committee posts. Sentences written for these tests in the guideline's style."""
from __future__ import annotations

import pytest

from kg.link import link_article
from test_resolve import make

PROVINCE_SITE = "四川省人民政府"

# (text, entities in order, relations that must be found, relations that must not)
APPOINTMENTS = [
    pytest.param("原乐山市长张三接任乐山市委书记。",
                 [("乐山", "GPE"), ("市长", "TITLE"), ("张三", "PERSON"), ("乐山", "GPE"), ("市委书记", "TITLE")],
                 {("张三", "HOLDS_TITLE", "市委书记"), ("张三", "MEMBER_OF", "乐山市委")}, set(), id="former-post-then-jieren"),
    pytest.param("副省长李四兼任南充市委书记。",
                 [("副省长", "TITLE"), ("李四", "PERSON"), ("南充", "GPE"), ("市委书记", "TITLE")],
                 {("李四", "HOLDS_TITLE", "副省长"), ("李四", "MEMBER_OF", "南充市委")}, set(), id="post-then-jianren"),
    pytest.param("原巴中市委常委、常务副市长王五调任广元市委书记。",
                 [("巴中", "GPE"), ("市委常委", "TITLE"), ("常务副市长", "TITLE"), ("王五", "PERSON"), ("广元", "GPE"),
                  ("市委书记", "TITLE")],
                 {("王五", "MEMBER_OF", "巴中市委"), ("王五", "MEMBER_OF", "广元市委"),
                  ("王五", "HOLDS_TITLE", "市委书记")}, set(), id="stacked-posts-then-diaoren"),
    pytest.param("绵阳市长赵六被任命为绵阳市委书记。",
                 [("绵阳", "GPE"), ("市长", "TITLE"), ("赵六", "PERSON"), ("绵阳", "GPE"), ("市委书记", "TITLE")],
                 {("赵六", "MEMBER_OF", "绵阳市委")}, set(), id="post-then-bei-renming"),
    # no verb of taking the post: the title after the name is not given to it
    pytest.param("宜宾市长张三不再担任宜宾市委副书记。",
                 [("宜宾", "GPE"), ("市长", "TITLE"), ("张三", "PERSON"), ("宜宾", "GPE"), ("市委副书记", "TITLE")],
                 {("张三", "MEMBER_OF", "宜宾市政府")}, {("张三", "HOLDS_TITLE", "市委副书记")}, id="not-a-taking-verb"),
    # a title followed by its own name stays that name's
    pytest.param("市长张三任命市委书记李四为组长。",
                 [("市长", "TITLE"), ("张三", "PERSON"), ("市委书记", "TITLE"), ("李四", "PERSON")],
                 {("李四", "HOLDS_TITLE", "市委书记")}, {("张三", "HOLDS_TITLE", "市委书记")}, id="title-of-the-next-name"),
]


@pytest.mark.parametrize("text,spec,must,must_not", APPOINTMENTS)
def test_post_taken_after_a_titled_name(text, spec, must, must_not):
    art, ents = make(text, spec, site=PROVINCE_SITE)
    got = {(r.head, r.type, r.tail) for r in link_article(art, ents).relations}
    assert must <= got
    assert not (must_not & got)


JIANGXI_SITE = "江西省人民政府"

# a city name that is also a county's or district's: the post glued after it names the level
# (text, entities in order, the code the place must get, relations that must be found)
NAMESAKES = [
    pytest.param("省委常委、南昌市委书记张三出席。",
                 [("省委常委", "TITLE"), ("南昌", "GPE"), ("市委书记", "TITLE"), ("张三", "PERSON")],
                 "3601", {("张三", "MEMBER_OF", "南昌市委"), ("张三", "MEMBER_OF", "江西省委")}, id="city-party-secretary"),
    pytest.param("南昌县委书记李四主持。", [("南昌", "GPE"), ("县委书记", "TITLE"), ("李四", "PERSON")],
                 "360121", {("李四", "MEMBER_OF", "南昌县委")}, id="county-of-the-same-name"),
    pytest.param("副省长、南昌市长王五讲话。",
                 [("副省长", "TITLE"), ("南昌", "GPE"), ("市长", "TITLE"), ("王五", "PERSON")],
                 "3601", {("王五", "MEMBER_OF", "南昌市政府")}, id="city-mayor"),
    pytest.param("吉林市长赵六致辞。", [("吉林", "GPE"), ("市长", "TITLE"), ("赵六", "PERSON")],
                 "2202", {("赵六", "MEMBER_OF", "吉林市政府")}, id="city-not-province"),
]


@pytest.mark.parametrize("text,spec,code,must", NAMESAKES)
def test_post_after_a_name_picks_the_namesake_of_its_level(text, spec, code, must):
    art, ents = make(text, spec, site=JIANGXI_SITE)
    ex = link_article(art, ents)
    assert [e.code for e in ex.entities if e.label == "GPE"] == [code]
    assert must <= {(r.head, r.type, r.tail) for r in ex.relations}


@pytest.mark.parametrize("title,org", [("南昌市委书记", "南昌市委"), ("南昌县委书记", "南昌县委"), ("淮安市长", "淮安市政府"),
                                       ("淮安区长", "淮安区政府")])
def test_post_span_with_a_namesake_place_splits_to_its_level(title, org):
    text = f"{title}张三讲话。"
    art, ents = make(text, [(title, "TITLE"), ("张三", "PERSON")], site=JIANGXI_SITE)
    assert ("张三", "MEMBER_OF", org) in {(r.head, r.type, r.tail) for r in link_article(art, ents).relations}


# 中共 + place + committee post: the place and the post are the guideline's spans (ANNOTATION.md 2), 中共 none;
# a model span of the party's name and a body in full stays one ORG
@pytest.mark.parametrize("text,model,expected", [
    ("中共|乐山|市委书记|张三", [("中共乐山", "ORG"), ("张三", "PERSON")],
     [("乐山", "GPE"), ("市委书记", "TITLE"), ("张三", "PERSON")]),
    ("中国共产党|南江|县委副书记", [("中国共产党南江", "ORG")], [("南江", "GPE"), ("县委副书记", "TITLE")]),
    ("中共|济南|市委书记|张三", [("中共济南市委书记", "ORG"), ("张三", "PERSON")],
     [("济南", "GPE"), ("市委书记", "TITLE"), ("张三", "PERSON")]),
    ("中共|济南|市委书记|市长", [("中共济南市委书记市长", "ORG")], [("中共济南市委书记市长", "ORG")]),
    ("中共|巴中|市委|召开", [("中共巴中市委", "ORG")], [("中共巴中市委", "ORG")]),
    ("中国|巴中|市委书记", [("中国巴中", "ORG")], [("中国巴中", "ORG"), ("市委书记", "TITLE")]),
])
def test_party_name_before_a_place_and_its_committee_post(text, model, expected):
    from test_rulers import _merged

    places = [(w, "GPE") for w in ("乐山", "南江", "巴中", "济南")]
    titles = [(w, "TITLE") for w in ("市委书记", "县委副书记", "市长") if w in text]
    assert _merged(text, model, {"kg_places": [p for p in places if p[0] in text], "kg_titles": titles}) == expected


@pytest.mark.parametrize("text,spec,must", [
    pytest.param("张三同志任中共乐山市委书记。", [("张三", "PERSON"), ("乐山", "GPE"), ("市委书记", "TITLE")],
                 {("张三", "HOLDS_TITLE", "市委书记"), ("张三", "MEMBER_OF", "乐山市委")}, id="ren-zhonggong"),
    pytest.param("乐山市委副书记、市长李四任中共乐山市委书记。",
                 [("乐山", "GPE"), ("市委副书记", "TITLE"), ("市长", "TITLE"), ("李四", "PERSON"), ("乐山", "GPE"),
                  ("市委书记", "TITLE")],
                 {("李四", "HOLDS_TITLE", "市委书记"), ("李四", "MEMBER_OF", "乐山市政府")}, id="stacked-then-ren-zhonggong"),
])
def test_post_taken_with_the_party_name_written_before_it(text, spec, must):
    art, ents = make(text, spec, site=PROVINCE_SITE)
    assert must <= {(r.head, r.type, r.tail) for r in link_article(art, ents).relations}


# a city's short name shared by a county or district inside it, written bare, is the city: the county is
# written with its level to tell it apart (长沙 → 长沙市, not 长沙县); namesakes elsewhere stay open
@pytest.mark.parametrize("text,spec,place,codes,must", [
    pytest.param("南昌深入推进改革。市委书记张三讲话。", [("南昌", "GPE"), ("市委书记", "TITLE"), ("张三", "PERSON")],
                 "3601", ["3601"], {("张三", "MEMBER_OF", "南昌市委")}, id="bare-city-name"),
    pytest.param("淮安召开大会,市长李四出席。", [("淮安", "GPE"), ("市长", "TITLE"), ("李四", "PERSON")],
                 "3208", ["3208"], {("李四", "MEMBER_OF", "淮安市政府")}, id="city-and-district"),
    pytest.param("南昌晚报讯 市长王五出席。", [("南昌晚报", "ORG"), ("市长", "TITLE"), ("王五", "PERSON")],
                 "3601", [], {("王五", "MEMBER_OF", "南昌市政府")}, id="city-paper"),
    pytest.param("朝阳召开大会。", [("朝阳", "GPE")], None, [None], set(), id="namesakes-not-nested-stay-open"),
])
def test_bare_short_name_of_a_city_and_its_county_is_the_city(text, spec, place, codes, must):
    art, ents = make(text, spec)
    ex = link_article(art, ents)
    assert ex.place == place
    assert [e.code for e in ex.entities if e.label == "GPE"] == codes
    assert must <= {(r.head, r.type, r.tail) for r in ex.relations}
