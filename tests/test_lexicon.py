"""The lexicon tables: every body they generate resolves, every post they imply has its body."""
from __future__ import annotations

import pytest

from kg.gazetteer import load_gazetteer
from kg.lexicon import body_prefix, government_bodies, government_titles, implied_titles, relative_bodies
from kg.lexicon.tables import GENERIC_BODIES, NATIONAL_BODIES
from kg.records import Article, ArticleMeta


def placed_at(name: str, within: str | None = None):
    """Resolution of an empty article placed at the division `name` (inside `within`)."""
    from kg.resolve import Resolution

    g = load_gazetteer()
    found = [d for d in g.by_name[name] if within is None or any(a.name == within for a in g.ancestors(d.code))]
    return Resolution(Article("a", "-", ArticleMeta(), "x"), [], g, place=found[0])


@pytest.fixture(scope="module")
def articles():
    """An article per level unit, placed where every level of the table is on its chain of places."""
    town = placed_at("枣林镇", "巴州区")          # 枣林镇, 巴州区, 巴中市, 四川省
    township = placed_at("鸡冠乡", "汪清县")      # 鸡冠乡, 汪清县, 延边朝鲜族自治州, 吉林省
    street = placed_at("江北街道", "巴州区")
    banner = placed_at("洪格尔苏木", "苏尼特左旗")  # 洪格尔苏木, 苏尼特左旗, 锡林郭勒盟, 内蒙古自治区
    return {"省": town, "市": town, "区": town, "镇": town, "县": township, "州": township, "乡": township,
            "街道": street, "旗": banner}


def test_every_relative_body_resolves_to_a_place_of_its_level(articles):
    unresolved = []
    for level, _, name in relative_bodies():
        if not level:
            continue
        canonical, place = articles[level].resolve_org(name)
        if place is None or not place.name.endswith(level) or canonical != body_prefix(place.name) + name:
            unresolved.append((name, canonical))
    assert unresolved == []
    assert articles["区"].resolve_org("区公安局")[0] == "巴州区公安局"
    assert articles["州"].resolve_org("州委")[0] == "延边州委"  # autonomous units drop the ethnic names too


def test_every_body_the_rulers_match_is_relative_national_or_below_the_table():
    relative = {name for level, _, name in relative_bodies() if level}
    alone = {name for level, _, name in relative_bodies() if not level}
    assert government_bodies() == relative | set(NATIONAL_BODIES) | (alone - GENERIC_BODIES)
    assert "乡委党校" not in government_bodies() and "镇政协" not in government_bodies()
    assert {"县人民政府", "县政府", "区人大常委会", "镇党委", "街道党工委", "县公安局", "市委党校"} <= government_bodies()


def test_every_title_the_table_implies_has_its_body(articles):
    titles = government_titles()
    missing = []
    for title, level, body in implied_titles():
        assert title in titles
        found = articles[level or "镇"].title_body(title)
        if found is None or not found[0].endswith(level + body):
            missing.append((title, found))
    assert missing == []


@pytest.mark.parametrize("org, title, expected", [
    ("县委", "副书记", "县委副书记"),
    ("县人民政府", "秘书长", "县人民政府秘书长"),
    ("市教育局", "局长", "市教育局局长"),
    ("南江县委", "副书记", "县委副书记"),
    ("巴中日报", "主任", None),
])
def test_a_relative_body_split_off_a_bare_post_joins_it(org, title, expected):
    from kg.resolve import title_with_body

    assert title_with_body(load_gazetteer(), org, title) == expected
