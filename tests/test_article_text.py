"""Text pages: what the page says stays in the article's text (bylines, dated headers, 原标题), and
scripts/page_eval.py's check of the gold surfaces that the article text leaves out."""
from __future__ import annotations

import sys

from kg.article import extract_article
from kg.records import Page

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import page_eval  # noqa: E402


def text_page(text: str) -> Page:
    return Page(path="p.txt", content=text)


def gold_page(raw_text: str, entities: list[tuple[str, str]], relations=()) -> dict:
    return {"id": "T1", "_source": "t.jsonl:1", "raw_text": raw_text,
            "entities": [{"text": t, "label": lab} for t, lab in entities],
            "relations": [{"head": h, "type": typ, "tail": t} for h, typ, t in relations]}


# ---------------------------------------------------------------- the check (scripts/page_eval.py)

def test_lost_surfaces_counts_what_the_page_holds_and_the_article_leaves_out():
    raw = ("镇党委召开会议\n2022-05-06\n镇党委书记张三主持召开会议，研究部署工作。\n"
           "主办单位:某某县人民政府 地址:某某路1号\n")
    page = gold_page(raw, [("张三", "PERSON"), ("某某县人民政府", "ORG"), ("李四", "PERSON")],
                     [("王五", "HOLDS_TITLE", "县长")])
    (result,) = page_eval.lost_surfaces([page])
    # 张三 is in the body, 李四 and 王五 are nowhere in the page: only the footer's ORG is lost
    assert [(x["text"], x["label"]) for x in result["lost"]] == [("某某县人民政府", "ORG")]
    assert result["lost"][0]["cause"] == "tail: cut at footer"
    assert page_eval.lost_by_cause([result]) == {"tail: cut at footer": {"pages": 1, "surfaces": 1}}


def test_lost_surfaces_counts_the_people_of_facts_and_holds_title():
    raw = "首页 新闻 政务 联系我们\n市委书记王五到镇调研，察看了道路建设情况。\n"
    page = gold_page(raw, [], [("王五", "HOLDS_TITLE", "市委书记")])
    page["facts"] = [{"person": "首页"}]  # a fact's person the menu holds: lost with the menu
    (result,) = page_eval.lost_surfaces([page])
    assert [x["text"] for x in result["lost"]] == ["首页"]
