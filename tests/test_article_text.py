"""Text pages: what the page says stays in the article's text (bylines, dated headers, 原标题), and
scripts/page_eval.py's check of the gold surfaces that the article text leaves out."""
from __future__ import annotations

import sys

import pytest

from kg.article import _info_fields, extract_article
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


# ---------------------------------------------------------------- bylines are article text

BODY = "6月25日,县委书记赵明正带队赴上街镇调研乡村振兴工作。\n赵明正强调,要强化规划引领,传承发扬好侯官文化。\n"


@pytest.mark.parametrize("head, byline", [
    # newspaper pages: a box or bullet before the byline, names between spaces (menu-like)
    ("县领导调研乡村振兴工作\n内容更新时间:2023-09-01 16:15:25来源:闽侯乡音报\n", "■记者 林若野 余圣建 陈堡"),
    ("专访筠连县委书记石进\n来源:宜宾日报 2021-12-08 00:51\n", "□汤正平 本报记者 刘路"),
    # an e-paper page: the title under its date line, the byline under the title
    ("2024年06月23日\n色务,不再遥远\n", "本报记者 赵书彬 万靖"),
    # a media byline with the photographer's credit, no title line
    ("", "华声在线全媒体记者 罗新国 摄"),
])
def test_a_byline_between_title_and_body_stays_in_the_text(head, byline):
    a = extract_article(text_page(head + byline + "\n" + BODY))
    assert byline in a.text.split("\n")
    assert a.meta.title != byline


@pytest.mark.parametrize("credits", ["采写|梁辉森", "摄影 | 陈相如", "文/图 张三", "记者 李婷婷 通讯员 王五"])
def test_a_byline_below_the_body_stays_in_the_text(credits):
    a = extract_article(text_page("高新区领导到高岗镇调研\n" + BODY + credits + "\n上一篇:镇政府召开会议\n"))
    assert a.text.split("\n")[-1] == credits


@pytest.mark.parametrize("line", ["首页 新闻 记者", "记者节 座谈会 召开", "• 记者之家", "网站首页 政务公开 互动交流"])
def test_menus_that_name_a_role_are_still_menus(line):
    # where a byline would stay (under the date line, above the body)
    a = extract_article(text_page("县领导调研乡村振兴工作\n2023-09-01\n" + line + "\n" + BODY))
    assert a.text == "县领导调研乡村振兴工作\n" + BODY.strip()


def test_bylines_stay_out_of_the_body_of_html_pages():
    # the body gold of evaluate.py html (tests/data/html/gold.jsonl) leaves bylines out
    html = ("<html><body><h1>县领导调研乡村振兴工作</h1><div>2023-09-01 来源:闽侯乡音报</div>"
            "<div id='content'><p>■记者 林若野 余圣建 陈堡</p>"
            + "".join(f"<p>{p}</p>" for p in BODY.split("\n") if p) + "</div></body></html>")
    a = extract_article(Page(path="p.html", content=html, kind="html"))
    assert "赵明正强调" in a.text and "林若野" not in a.text


# ---------------------------------------------------------------- a dated header line is metadata, not the title

@pytest.mark.parametrize("title, header, date, source", [
    ("福安市领导赴甘棠检查指导防台防汛工作", "2021-07-23 09:58 今日福安", "2021-07-23", "今日福安"),
    ("时政要闻丨区领导赴陆家嘴街道调研", "政务 2024-11-30 22:47 上海", "2024-11-30", None),
    ("宝山区领导赴部分居委会调研换届选举工作", "2018-9-10 15:53:06发布95次查看", "2018-09-10", None),
    ("刘强任济南市委书记 于海田任济南市代市长", "齐鲁晚报 2022年03月30日", "2022-03-30", "齐鲁晚报"),
    ("时隔5个月,鹿城迎来新任“一把手”", "2022-09-06 19:32:36 大字体 小字体 扫码带走", "2022-09-06", None),
])
def test_a_dated_header_line_is_metadata_and_the_line_above_is_the_title(title, header, date, source):
    a = extract_article(text_page(f"首页>新闻频道>国内\n{title}\n{header}\n打印\n" + BODY))
    assert (a.meta.title, a.meta.date, a.meta.source) == (title, date, source)
    # the body is all there (an end marker such as 打印 before the first paragraph does not end it),
    # and a source printed beside the date stays in the text as the byline
    assert a.text == "\n".join([title, *([source] if source else []), *BODY.strip().split("\n")])


@pytest.mark.parametrize("line", ["2021年3月5日 县委常委会召开", "县委召开常委会 2020-06-12"])
def test_a_title_or_list_item_with_a_date_is_no_header(line):
    a = extract_article(text_page(line + "\n" + BODY))
    assert a.meta.title == line


def test_a_label_glued_to_the_time_before_it_is_read():
    a = extract_article(text_page("县领导调研乡村振兴工作\n内容更新时间:2023-09-01 16:15:25来源:闽侯乡音报\n" + BODY))
    assert (a.meta.date, a.meta.source) == ("2023-09-01", "闽侯乡音报")
    assert a.text.split("\n")[1] == "来源:闽侯乡音报"


# ---------------------------------------------------------------- an information-disclosure catalogue

@pytest.mark.parametrize("catalogue, title, date, publisher_line, publisher", [
    # labels with colons, the title repeated as 名称 (昆明 官渡区 style)
    (["索引号: 015117762-202107-425851 主题分类: 新闻发布", "发布机构: 某某区人民政府 发布日期: 2021-07-03 11:06",
      "名 称: 全区巩固提升文明城市创建成果现场推进会召开", "文号: 关键字:"],
     "全区巩固提升文明城市创建成果现场推进会召开", "2021-07-03", "发布机构: 某某区人民政府 发布日期: 2021-07-03 11:06",
     "某某区人民政府"),
    # labels and values between spaces, labels spaced out (嘉兴 南湖区 style)
    (["索 引 号 1211/2024-173976 公开分类", "发布单位 中共某某区委 发布日期 2024-03-18", "文 号 主题词"],
     "区四套班子领导深入基层一线开展大走访活动", "2024-03-18", "发布单位 中共某某区委 发布日期 2024-03-18",
     "中共某某区委"),
    # a table saved with bars (内蒙古 乌拉特后旗 style), no title line
    (["索引号 | whq_wgsm/2022-07948 | 效力属性 | |", "发布机构 | 乌盖苏木 | 文 号 | |", "成文日期 | 发布日期 | 2022-10-26 |"],
     None, "2022-10-26", "发布机构 | 乌盖苏木 | 文 号 | |", "乌盖苏木"),
])
def test_a_disclosure_catalogue_is_metadata_and_its_publisher_stays_in_the_text(
        catalogue, title, date, publisher_line, publisher):
    page = "\n".join(["政府信息公开", "政府信息公开指南", *catalogue, *([title] if title else []), BODY])
    a = extract_article(text_page(page))
    assert (a.meta.title, a.meta.date, a.meta.source) == (title, date, publisher)
    assert a.text.split("\n") == [*([title] if title else []), publisher_line, *BODY.strip().split("\n")]


@pytest.mark.parametrize("line", ["文号很长的一句话", "关键字是发展", "名称"])
def test_a_line_with_one_catalogue_word_is_no_catalogue(line):
    assert _info_fields(line) == {}


# ---------------------------------------------------------------- a photo credit in the body is no header

@pytest.mark.parametrize("caption", ["会议现场(来源:《吉林日报》)", "胡家福(来源:吉林日报)", "(图片来源:新华社)"])
def test_a_credit_under_the_first_paragraphs_does_not_cut_them_off(caption):
    first = "据《吉林日报》报道,6月24日,延边州召开领导干部会议,宣布省委有关人事安排的决定。"
    second = "景俊海指出,胡家福同志任延边州委委员、常委、书记,是省委从大局出发作出的决定。"
    a = extract_article(text_page(f"{first}\n{second}\n{caption}\n" + BODY))
    assert a.text.split("\n")[:2] == [first, second]


# ---------------------------------------------------------------- 原标题 is article text on text pages

@pytest.mark.parametrize("page, title", [
    # first line of a reprint, no other title
    ("原标题:虞爱华任合肥市委书记,中候补宋国权卸任\n" + BODY, "虞爱华任合肥市委书记,中候补宋国权卸任"),
    # under the body of a page that shows no title
    (BODY + "原标题: 市长王吉到舒兰市调研时强调 强化举措狠抓落实\n反侵权公告:\n", "市长王吉到舒兰市调研时强调 强化举措狠抓落实"),
    # under the page's own title and date line: the page's title stays the title
    ("“农民兄”期待“卖菜郎”来访\n日期:2019-03-08\n(原标题:“农民兄”期待“卖菜郎”来访)\n" + BODY, "“农民兄”期待“卖菜郎”来访"),
])
def test_an_original_headline_stays_in_the_text_and_is_the_title_when_there_is_none(page, title):
    a = extract_article(text_page(page))
    original = next(line for line in page.split("\n") if "原标题" in line)
    assert original in a.text.split("\n")
    assert a.meta.title == title


def test_an_original_headline_stays_out_of_the_body_of_html_pages():
    html = ("<html><body><h1>县领导调研乡村振兴工作</h1><div id='content'><p>(原标题:县领导赴上街镇调研)</p>"
            + "".join(f"<p>{p}</p>" for p in BODY.split("\n") if p) + "</div></body></html>")
    a = extract_article(Page(path="p.html", content=html, kind="html"))
    assert "赵明正强调" in a.text and "原标题" not in a.text


# ---------------------------------------------------------------- newspaper page furniture is not the title

@pytest.mark.parametrize("top, title, rest", [
    # an e-paper: the switch between the group's papers, the day, the title, the byline
    ("《西藏日报》 《西藏日报藏文版》 《人民日报藏文版》 《西藏商报》\n2024年06月23日", "色务,不再遥远", "本报记者 赵书彬 万靖"),
    # a newspaper archive: day and paper, page, column, title, subtitle, names
    ("2002年5月23日人民日报 第8版\n第8版(专版)\n专栏:发展特色 争创优势", "为中外人士打造最佳创业平台",
     "——南宁市市长林国强访谈录"),
])
def test_a_newspaper_page_and_column_are_not_the_title(top, title, rest):
    a = extract_article(text_page(f"{top}\n{title}\n{rest}\n" + BODY))
    assert a.meta.title == title
    assert a.text.split("\n")[:2] == [title, rest]


# The article place is right under the old 县 name of a county renamed since, by the pipeline's own rule
# (kg.resolve.former_county: same stem, 县 -> 市/区, same unit); never another stem or level.
@pytest.mark.parametrize("code,gold,right", [
    ("610981", "旬阳市", True), ("610981", "旬阳县", True), ("120117", "宁河县", True),
    ("610981", "旬阳区", False), ("5115", "宜宾县", False), ("371722", "单县", True), ("120110", "宁河县", False),
])
def test_place_right_accepts_a_county_under_its_former_name(code, gold, right):
    from kg.gazetteer import load_gazetteer

    assert page_eval._place_right(code, gold, load_gazetteer()) is right
