"""scripts/officials_eval.py counts facts right: hand-built Extractions, not kg's accuracy."""
from __future__ import annotations

import csv
import json
import sys

import pytest

from kg.records import Article, ArticleMeta, Entity, Extraction, Relation

from conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT / "scripts"))
import officials_eval  # noqa: E402

TEXT = "省委常委、长沙市委书记吴桂英,市委副书记、市长郑建新出席。上官吉庆任中共宝鸡市委书记。"


def fact(person, post, city, body, **extra):
    return {"person": person, "post": post, "city": city, "body": body, "where": "", **extra}


PAGE = {"id": "T01", "raw_text": TEXT, "facts": [
    fact("吴桂英", "市委书记", "长沙市", "长沙市委"),
    fact("郑建新", "市长", "长沙市", "长沙市政府", body_also=["长沙市人民政府"]),
    fact("上官吉庆", "市委书记", "宝鸡市", "宝鸡市委"),
]}


def span(text, label):
    i = TEXT.index(text)
    return Entity(text, label, i, i + len(text))


def extraction(entities, relations, place="4301"):
    article = Article(id="T01", path="T01", meta=ArticleMeta(), text=TEXT)
    return Extraction(article, tuple(entities), tuple(Relation(h, t, tl) for h, t, tl in relations), place)


@pytest.fixture
def kg_output():
    """吴桂英 all right; 郑建新 found, HOLDS_TITLE right, MEMBER_OF the province's body; 上官吉庆 cut to 吉庆."""
    return extraction(
        [span("吴桂英", "PERSON"), span("市委书记", "TITLE"), span("郑建新", "PERSON"), span("吉庆", "PERSON")],
        [("吴桂英", "HOLDS_TITLE", "市委书记"), ("吴桂英", "MEMBER_OF", "长沙市委"),
         ("郑建新", "HOLDS_TITLE", "市长"), ("郑建新", "MEMBER_OF", "湖南省政府"),
         ("吉庆", "HOLDS_TITLE", "市委书记"), ("吉庆", "MEMBER_OF", "宝鸡市委")])


def test_counts_right_wrong_body_and_missing_person(kg_output):
    s = officials_eval.score([PAGE], [kg_output], place_name={"4301": "长沙市"}.get)
    counts = (s["facts"], s["person_found"]["count"], s["body_right"]["count"], s["title_right"]["count"])
    assert counts == (3, 2, 1, 2)
    assert s["person_found"]["rate"] == round(2 / 3, 4) and s["body_right"]["of_found"] == 0.5
    assert s["by_post"] == {"市委书记": {"facts": 2, "body_right": 1}, "市长": {"facts": 1, "body_right": 0}}
    wrong = {w["person"]: w for w in s["wrong"]}
    assert set(wrong) == {"郑建新", "上官吉庆"}
    assert wrong["郑建新"]["person_found"] and not wrong["郑建新"]["body_right"] and wrong["郑建新"]["title_right"]
    assert wrong["郑建新"]["kg_member_of"] == ["湖南省政府"] and wrong["郑建新"]["kg_place"] == "长沙市"
    # the cut name is not the person, and the error says what kg made of the name's span
    assert not wrong["上官吉庆"]["person_found"] and not wrong["上官吉庆"]["body_right"]
    assert wrong["上官吉庆"]["kg_spans_over_name"] == ["吉庆/PERSON"]


def test_other_written_body_and_title_ending_count():
    """body_also is the same body written another way; a title counts when it ends with the fact's title."""
    ex = extraction([span("郑建新", "PERSON")],
                    [("郑建新", "MEMBER_OF", "长沙市人民政府"), ("郑建新", "HOLDS_TITLE", "代市长")])
    got = officials_eval.judge(officials_eval.Fact.from_gold("T01", PAGE["facts"][1]), ex)
    assert got["person_found"] and got["body_right"] and got["title_right"]
    ex = extraction([span("郑建新", "PERSON")], [("郑建新", "HOLDS_TITLE", "市长助理")])
    got = officials_eval.judge(officials_eval.Fact.from_gold("T01", PAGE["facts"][1]), ex)
    assert not got["body_right"] and not got["title_right"]


def test_page_without_article_gets_nothing():
    s = officials_eval.score([PAGE], [None])
    assert (s["person_found"]["count"], s["body_right"]["count"], s["body_right"]["of_found"]) == (0, 0, 0.0)
    assert all(w["no_article"] for w in s["wrong"]) and len(s["wrong"]) == 3


def test_gold_file_is_well_formed():
    """Each fact's person is on its page and its city is a prefecture-level name of the division table."""
    table = SHARED / "data" / "gazetteer" / "cities.csv"
    if table.exists():
        with open(table, encoding="utf-8") as f:
            cities = {r["name"] for r in csv.DictReader(f)}
    else:  # a clone without ../shared: the names are then checked by the scorer's run only
        cities = None
    pages = [json.loads(line) for line in officials_eval.DEFAULT_GOLD.read_text(encoding="utf-8").splitlines()]
    assert len({p["source_url"] for p in pages}) == len(pages)
    for p in pages:
        for f in p["facts"]:
            assert f["person"] in p["raw_text"], (p["id"], f["person"])
            assert f["post"] in ("市委书记", "市长", "州委书记", "州长")
            assert cities is None or f["city"] in cities, (p["id"], f["city"])
