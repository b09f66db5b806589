"""The README's queries against the real seed graph: the bundled pages, extracted by the shipped model, pushed."""
from __future__ import annotations

import pytest

import kg
from kg import cypher
from kg.neo4j_writer import push_graph

from conftest import SEEDS

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


@pytest.fixture(scope="module")
def seed_graph():
    return kg.build_graph(kg.extract([SEEDS]))


@pytest.fixture
def pushed(neo4j_driver, seed_graph):
    push_graph(seed_graph, neo4j_driver)
    return neo4j_driver


def run(driver, name):
    records, _, _ = driver.execute_query(cypher.README_QUERIES[name])
    return [r.data() for r in records]


def test_titles_held_in_bazhong(pushed):
    rows = {r["person"]: set(r["titles"]) for r in run(pushed, "titles_in_bazhong")}
    assert "市委书记" in rows["罗增斌"]
    assert "市委副书记" in rows["李映"]
    for name in ("张鹏飞", "陶斌", "王毅"):
        assert "市领导" in rows[name]


def test_towns_in_bazhou(pushed):
    rows = run(pushed, "towns_in_bazhou")
    assert {"town": "枣林镇", "code": "511902122"} in rows


def test_who_appears_with_luozengbin(pushed):
    people = {r["person"] for r in run(pushed, "with_luozengbin")}
    assert {"李映", "张鹏飞", "陶斌", "王毅"} <= people


def test_articles_mentioning_luozengbin_by_date(pushed):
    rows = run(pushed, "articles_of_person")
    assert [r["title"] for r in rows] == ["牢记组织重托 强化使命担当在决胜脱贫攻坚同步全面小康中奋发作为"]
    assert rows[0]["date"].iso_format() == "2020-06-12"


def test_around_luozengbin_returns_his_neighbourhood(pushed):
    records, _, _ = pushed.execute_query(cypher.README_QUERIES["around_luozengbin"])
    assert len(records) >= 3
