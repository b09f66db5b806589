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
