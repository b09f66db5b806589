"""Each ready query of the README (kg.cypher.README_QUERIES) against a pushed graph shaped like the seed."""
from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from kg import cypher
from kg.neo4j_writer import push_graph

pytestmark = pytest.mark.neo4j


def seed_like_graph() -> nx.MultiDiGraph:
    """What kg.graph.build_graph makes of two 巴中 articles and one national one."""
    G = nx.MultiDiGraph()

    def node(key, label, name, **attrs):
        G.add_node(key, label=label, name=name, key=key, **attrs)

    def edge(u, v, key, type, **attrs):
        G.add_edge(u, v, key=key, type=type, **attrs)

    node("place:510000", "Place", "四川省", code="510000", level="province")
    node("place:511900", "Place", "巴中市", code="511900", level="city")
    node("place:511902", "Place", "巴州区", code="511902", level="county")
    node("place:511903", "Place", "恩阳区", code="511903", level="county")
    node("place:511902122", "Place", "枣林镇", code="511902122", level="town")
    node("place:511902100", "Place", "大和乡", code="511902100", level="town")
    node("place:511903101", "Place", "下八庙镇", code="511903101", level="town")
    node("place:光辉村@5119", "Place", "光辉村", kind="LOC")
    node("place:中国", "Place", "中国", level="country")
    for child, parent in [("511900", "510000"), ("511902", "511900"), ("511903", "511900"),
                          ("511902122", "511902"), ("511902100", "511902"), ("511903101", "511903")]:
        edge(f"place:{child}", f"place:{parent}", "PART_OF:gazetteer", "PART_OF", source="gazetteer")
    edge("place:光辉村@5119", "place:511902122", "PART_OF:a2", "PART_OF", source="text", article="a2")
    edge("place:511902122", "place:511902", "PART_OF:a1", "PART_OF", source="text", article="a1",
         date="2020-06-12", sentence="罗增斌到巴州区枣林镇调研。")

    node("org:巴中市委", "Organization", "巴中市委")
    node("org:巴州区委", "Organization", "巴州区委")
    node("org:外交部", "Organization", "外交部")
    edge("org:巴州区委", "place:511902", "LOCATED_IN:a2", "LOCATED_IN", article="a2", date="2020-07-01")

    node("person:罗增斌@5119", "Person", "罗增斌", jurisdiction="5119", jurisdiction_name="巴中市")
    node("person:张鹏飞@5119", "Person", "张鹏飞", jurisdiction="5119", jurisdiction_name="巴中市")
    node("person:陶斌@5119", "Person", "陶斌", jurisdiction="5119", jurisdiction_name="巴中市")
    node("person:李明@511902", "Person", "李明", jurisdiction="511902", jurisdiction_name="巴州区")
    node("person:王毅@中国", "Person", "王毅", jurisdiction="中国", jurisdiction_name="中国")

    node("article:a1", "Article", "罗增斌到巴州区调研", title="罗增斌到巴州区调研", date="2020-06-12",
         url="http://www.cnbz.gov.cn/a1.html", source="巴中日报", path="000.txt")
    node("article:a2", "Article", "全市党建工作会议", title="全市党建工作会议", date="2020-07-01",
         url="http://www.cnbz.gov.cn/a2.html", path="003.txt")
    node("article:a3", "Article", "外交部长会见", title="外交部长会见", date="2020-08-01", path="004.txt")

    def holds(p, target, title, art, date):
        edge(p, target, f"HOLDS_TITLE:{title}:{art}", "HOLDS_TITLE", title=title, article=art, date=date)

    holds("person:罗增斌@5119", "org:巴中市委", "市委书记", "a1", "2020-06-12")
    holds("person:罗增斌@5119", "org:巴中市委", "市委书记", "a2", "2020-07-01")
    holds("person:张鹏飞@5119", "place:511900", "市领导", "a1", "2020-06-12")
    holds("person:陶斌@5119", "place:511900", "市领导", "a1", "2020-06-12")
    holds("person:李明@511902", "org:巴州区委", "区委书记", "a2", "2020-07-01")
    holds("person:王毅@中国", "org:外交部", "外交部长", "a3", "2020-08-01")
    edge("person:罗增斌@5119", "org:巴中市委", "MEMBER_OF:a1", "MEMBER_OF", article="a1", date="2020-06-12")

    mentions = {"a1": ["罗增斌@5119", "张鹏飞@5119", "陶斌@5119"], "a2": ["罗增斌@5119", "张鹏飞@5119", "李明@511902"],
                "a3": ["王毅@中国"]}
    dates = {"a1": "2020-06-12", "a2": "2020-07-01", "a3": "2020-08-01"}
    for art, people in mentions.items():
        for i, p in enumerate(people):
            edge(f"person:{p}", f"article:{art}", "MENTIONED_IN", "MENTIONED_IN", article=art, date=dates[art],
                 count=i + 1)
    edge("place:511902122", "article:a1", "MENTIONED_IN", "MENTIONED_IN", article="a1", date="2020-06-12", count=1)
    return G


@pytest.fixture
def seeded(neo4j_driver):
    push_graph(seed_like_graph(), neo4j_driver)
    return neo4j_driver


def run(driver, name):
    return [r.data() for r in driver.execute_query(cypher.README_QUERIES[name]).records]


def test_titles_in_bazhong(seeded):
    rows = run(seeded, "titles_in_bazhong")
    got = {r["person"]: (sorted(r["titles"]), sorted(r["at"])) for r in rows}
    assert got == {
        "罗增斌": (["市委书记"], ["巴中市委"]),
        "张鹏飞": (["市领导"], ["巴中市"]),
        "陶斌": (["市领导"], ["巴中市"]),
        "李明": (["区委书记"], ["巴州区委"]),  # through 巴州区委 LOCATED_IN 巴州区 PART_OF 巴中市
    }


def test_towns_in_bazhou(seeded):
    assert run(seeded, "towns_in_bazhou") == [
        {"town": "大和乡", "code": "511902100"},
        {"town": "枣林镇", "code": "511902122"},
    ]


def test_who_appears_with_luozengbin(seeded):
    rows = run(seeded, "with_luozengbin")
    assert [(r["person"], r["articles"]) for r in rows] == [("张鹏飞", 2), ("李明", 1), ("陶斌", 1)]
    assert sorted(rows[0]["titles"]) == ["全市党建工作会议", "罗增斌到巴州区调研"]


def test_articles_of_person_by_date(seeded):
    rows = run(seeded, "articles_of_person")
    assert [(r["date"].to_native(), r["title"]) for r in rows] == [
        (dt.date(2020, 7, 1), "全市党建工作会议"),
        (dt.date(2020, 6, 12), "罗增斌到巴州区调研"),
    ]
    assert rows[1]["url"] == "http://www.cnbz.gov.cn/a1.html" and rows[1]["mentions"] == 1


def test_around_luozengbin(seeded):
    rows = seeded.execute_query(cypher.README_QUERIES["around_luozengbin"]).records
    assert len(rows) == 5  # 2 HOLDS_TITLE, 1 MEMBER_OF, 2 MENTIONED_IN
    assert {r["r"].type for r in rows} == {"HOLDS_TITLE", "MEMBER_OF", "MENTIONED_IN"}


def test_every_readme_query_is_tested():
    tested = {"titles_in_bazhong", "towns_in_bazhou", "with_luozengbin", "articles_of_person", "around_luozengbin"}
    assert set(cypher.README_QUERIES) == tested
