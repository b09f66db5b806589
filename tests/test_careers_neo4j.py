"""The career queries of the README (kg.cypher.CAREER_OF, HOLDERS_OF) against a real server, next to kg.careers."""
from __future__ import annotations

import pytest

import kg
from kg.career import careers
from kg.cypher import CAREER_OF, HOLDERS_OF
from kg.neo4j_writer import push_graph

from conftest import SEEDS
from test_careers import gold, gold_graph  # noqa: F401  (module fixtures: the annotated pages, no model)

pytestmark = pytest.mark.neo4j


def run(driver, query, **params):
    records, _, _ = driver.execute_query(query, params)
    return [{k: (v.iso_format() if hasattr(v, "iso_format") else v) for k, v in r.data().items()} for r in records]


@pytest.fixture(scope="module")
def seed_graph():
    from kg.nlp import default_model_path

    if not (default_model_path() / "config.cfg").exists():
        pytest.skip("the trained pipeline models/kg_zh does not exist yet")
    return kg.build_graph(kg.extract([SEEDS]))


@pytest.mark.slow
def test_bundled_pages_career_of_and_holders_of(neo4j_driver, seed_graph):
    push_graph(seed_graph, neo4j_driver)
    article = next(d for _, d in seed_graph.nodes(data=True) if d.get("label") == "Article" and d["date"] == "2020-06-12")
    aid = article["key"][len("article:"):]
    assert run(neo4j_driver, CAREER_OF, name="罗增斌") == [
        {"person_key": "person:罗增斌@5119", "post": "巴中市委书记", "at": "巴中市委", "first_seen": "2020-06-12",
         "last_seen": "2020-06-12", "n_articles": 1, "articles": [aid], "urls": []}]
    assert run(neo4j_driver, HOLDERS_OF, post="巴中市委书记") == [
        {"person": "罗增斌", "person_key": "person:罗增斌@5119", "first_seen": "2020-06-12",
         "last_seen": "2020-06-12", "articles": [aid], "titles": [article["title"]], "urls": []}]


def test_annotated_pages_holders_and_career_agree_with_the_table(neo4j_driver, gold_graph):  # noqa: F811
    push_graph(gold_graph, neo4j_driver)
    assert run(neo4j_driver, HOLDERS_OF, post="巴中市委书记") == [
        {"person": "罗增斌", "person_key": "person:罗增斌@5119", "first_seen": "2021-03-05",
         "last_seen": "2021-07-22", "articles": ["01_bz_women_meeting", "11_tongjiang_visit"],
         "titles": ["巴中召开全市妇女儿童工作会议", "罗增斌到通江调研"], "urls": []}]
    # 何平's career: the same posts, dates and articles as kg.careers' rows
    rows = run(neo4j_driver, CAREER_OF, name="何平")
    table = careers(gold_graph, person="何平")
    assert [(r["post"], r["first_seen"], r["last_seen"], r["articles"]) for r in rows] == [
        (s.post, s.first_seen, s.last_seen, list(s.articles)) for s in table]
    assert [r["post"] for r in rows] == ["巴中市委宣传部部长", "巴中市委常委", "巴中市长"]
