"""Article extraction: the seeds, HTML, metadata formats, boilerplate, duplicates, and property tests."""
from __future__ import annotations

import html as html_lib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.article import _CREDIT_LINE, article_id, extract_article, html_to_lines, normalize_line, page_lines, parse_date
from kg.errors import InputError
from kg.records import Article, Page
from kg.sources import read_pages

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "kg" / "examples"
SEED_000 = EXAMPLES / "000_5875c8a5bb91bb6f.txt"
SEED_003 = EXAMPLES / "003_72360f13c9a92e36.txt"


def article_of(path: Path) -> Article:
    (page,) = read_pages([path])
    return extract_article(page)


def text_page(text: str, path: str = "p.txt") -> Page:
    return Page(path=path, content=text)


# ---------------------------------------------------------------- seeds


def test_seed_000_metadata_and_body():
    a = article_of(SEED_000)
    assert a.meta.title == "牢记组织重托 强化使命担当在决胜脱贫攻坚同步全面小康中奋发作为"
    assert a.meta.date == "2020-06-12"
    assert a.meta.source == "巴中日报"
    assert a.meta.author is None  # 佚名
    assert a.site == "巴中市妇女联合会"
    lines = a.text.split("\n")
    assert lines[0] == a.meta.title
    assert lines[1] == "文章来源:巴中日报"  # metadata is part of the article (ANNOTATION.md)
    assert lines[2].startswith("6月11日上午,2020年全市乡镇党委书记脱贫攻坚培训班在市委党校开班。")
    assert lines[-1] == "市领导张鹏飞、陶斌、王毅,市级相关部门主要负责同志及全市参训乡镇党委书记参加开班式。"
    assert len(lines) == 1 + 1 + 9  # title + byline + the nine paragraphs
    for junk in ["网站首页", "栏目导航", "财务专栏", "您现在的位置", "作者", "点击数", "Copyright", "版权所有",
                 "ICP", "联系电话", "0827-8666329", "bzsfl@126.com", "承办单位", "石井街298号", "•"]:
        assert junk not in a.text, junk


def test_seed_003_keeps_its_repeated_article_once():
    a = article_of(SEED_003)
    assert a.meta.title == "打赢脱贫攻坚战,关键在党,关键在人"
    assert a.meta.date == "2020-03-17"
    assert a.meta.source is None and a.meta.author is None
    assert a.text.count("今年是全面建成小康社会和打赢脱贫攻坚战的收官之年") == 1
    assert a.text.count("(车辋镇 曾长新)") == 1
    assert a.text.split("\n")[0] == a.meta.title
    for junk in ["当前位置", "首页", "区域在线", "22:09:04", "•"]:
        assert junk not in a.text, junk


def test_the_same_article_in_gbk_and_as_html_has_the_same_id(tmp_path):
    original = SEED_000.read_text(encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(original.encode("gb18030"))
    body = "".join(f"<p>{html_lib.escape(line)}</p>\n" for line in original.splitlines())
    (tmp_path / "page.html").write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    ids = {extract_article(p).id for p in read_pages([SEED_000, tmp_path])}
    assert ids == {article_of(SEED_000).id}
    assert article_of(SEED_000).id != article_of(SEED_003).id
    assert len(article_of(SEED_000).id) == 16


def test_article_id_ignores_whitespace_and_width():
    assert article_id("标题", ["正文，一。"]) == article_id("标题 ", ["　正文,一。"])
    assert article_id("标题", ["正文一。"]) != article_id("标题", ["正文二。"])


# ---------------------------------------------------------------- HTML


def test_html_drops_scripts_styles_and_keeps_blocks_as_lines():
    lines = html_to_lines((DATA / "article.html").read_text(encoding="utf-8"))
    assert "网站首页" in lines and "政务公开" in lines  # <li> items are lines of their own
    assert "会议指出，要持续优化营商环境，推动重点项目早开工、早见效。" in lines  # inline <b> joined
    joined = "\n".join(lines)
    for hidden in ["var menu", "广告", "console.log", "后台统计", "color: red", "区政府召开常务会议 - 颍东区人民政府"]:
        assert hidden not in joined, hidden


def test_html_article():
    a = article_of(DATA / "article.html")
    assert a.meta.title == "区政府召开第十二次常务会议"
    assert a.meta.date == "2021-03-05"
    assert a.meta.source == "区政府办公室"
    assert a.meta.author == "王小明"
    assert a.site == "颍东区人民政府"
    assert a.text == (
        "区政府召开第十二次常务会议\n"
        "来源：区政府办公室 作者：王小明\n"
        "3月4日，区长李强主持召开区政府第十二次常务会议，研究部署近期重点工作。\n"
        "会议指出，要持续优化营商环境，推动重点项目早开工、早见效。\n"
        "副区长张伟、刘芳参加会议。"
    )


def test_truncated_html_keeps_what_was_saved_and_no_markup():
    full = article_of(DATA / "article.html")
    cut = article_of(DATA / "truncated.html")
    assert "<" not in cut.text
    assert cut.text == full.text
    # Cut anywhere: never a crash, never markup in the text.
    raw = (DATA / "article.html").read_text(encoding="utf-8")
    for end in range(0, len(raw), 37):
        try:
            a = extract_article(Page("t.html", raw[:end], kind="html"))
        except InputError:
            continue
        assert "</" not in a.text and "<p" not in a.text


def test_html_meta_tags_fill_missing_metadata():
    page = Page("m.html", kind="html", content=(
        '<html><head><meta name="PubDate" content="2019-10-01 08:00"><meta name="ContentSource" content="新华社">'
        "</head><body><h1>国庆庆典隆重举行</h1><p>庆祝大会在天安门广场隆重举行，各界群众参加。</p></body></html>"
    ))
    a = extract_article(page)
    assert (a.meta.title, a.meta.date, a.meta.source) == ("国庆庆典隆重举行", "2019-10-01", "新华社")


# ---------------------------------------------------------------- metadata


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2020-06-12", "2020-06-12"),
        ("2020年6月12日", "2020-06-12"),
        ("2020 年 06 月 12 日 10:30", "2020-06-12"),
        ("2020/6/12", "2020-06-12"),
        ("2020.06.12", "2020-06-12"),
        ("2020-03-17 22:09:04", "2020-03-17"),
        ("发布时间：2021-1-5", "2021-01-05"),
        ("2020-13-45", None),
        ("6月12日", None),
        ("电话 0827-8666329", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "meta_line, date, source, author, byline",
    [
        ("作者:佚名    文章来源:巴中日报    点击数:1775    更新时间:2020-06-12", "2020-06-12", "巴中日报", None, "文章来源:巴中日报"),
        ("发布时间：2020年6月12日 09:00 来源：四川日报 作者：张三", "2020-06-12", "四川日报", "张三", "来源：四川日报 作者：张三"),
        ("来源: 巴中市人民政府 | 发布日期: 2020/06/12", "2020-06-12", "巴中市人民政府", None, "来源: 巴中市人民政府"),
        ("2020.06.12", "2020-06-12", None, None, None),
        ("【2020-06-12】", "2020-06-12", None, None, None),
        ("信息来源：市委办 日期：2020-06-12 浏览次数：12", "2020-06-12", "市委办", None, "信息来源：市委办"),
        ("作者：未知 来源：本站原创 时间：2020年06月12日", "2020-06-12", "本站原创", None, "来源：本站原创"),
    ],
)
def test_metadata_line_formats(meta_line, date, source, author, byline):
    page = text_page(f"首页\n新闻动态\n市委召开常委会会议\n{meta_line}\n会议传达学习了上级会议精神，研究部署下一步工作。\n")
    a = extract_article(page)
    assert a.meta.title == "市委召开常委会会议"
    assert (a.meta.date, a.meta.source, a.meta.author) == (date, source, author)
    head = "市委召开常委会会议\n" + (byline + "\n" if byline else "")
    assert a.text == head + "会议传达学习了上级会议精神，研究部署下一步工作。"


def test_a_body_sentence_mentioning_a_source_is_not_metadata():
    page = text_page("县政府召开会议\n2021-01-01\n会议要求，资金来源：县财政和上级补助要管好用好，确保专款专用，不得挪用。\n")
    a = extract_article(page)
    assert "资金来源" in a.text


# ---------------------------------------------------------------- boilerplate


def test_breadcrumbs_menus_footers_and_furniture_are_removed():
    page = text_page(
        "网站首页 机构概况 政务公开 新闻中心 互动交流\n"
        "  • 首页\n  • 新闻\n"
        "当前位置：首页 > 新闻中心 > 工作动态\n"
        "镇党委召开专题会议\n"
        "发布日期：2022-05-06\n"
        "5月6日，镇党委书记主持召开专题会议，研究部署防汛工作。\n"
        "会议要求，各村要落实防汛责任。\n"
        "【打印本页】【关闭窗口】\n"
        "上一篇：镇政府召开安全生产会议\n"
        "下一篇：无\n"
        "主办单位：某某镇人民政府 地址：某某镇政府路1号\n"
        "电话：0000-1234567 邮箱：abc@example.com\n"
        "备案号：蜀ICP备00000000号-1\n"
    )
    a = extract_article(page)
    assert a.text == "镇党委召开专题会议\n5月6日，镇党委书记主持召开专题会议，研究部署防汛工作。\n会议要求，各村要落实防汛责任。"
    assert a.site == "某某镇人民政府"


@pytest.mark.parametrize("trail, site", [
    # a trail's first crumb is the site, also without a lead (天长先锋网>> ...) and where it is a place's news column
    ("天长先锋网>> 先锋动态>> 先锋动态>>正文内容", "天长先锋网"),
    ("您现在的位置: 镇江新闻 > 镇江新闻 - 要闻", "镇江新闻"),
    ("您现在的位置: 首页 > 新闻中心 > 工作动态", None),
    ("会议指出,要抓好安全生产>>", None),
])
def test_the_site_is_the_first_crumb_of_a_trail(trail, site):
    page = text_page(f"{trail}\n市委召开常委会会议\n发布时间:2024-01-05\n1月4日,市委书记主持召开会议。\n会议强调,要抓好落实。\n")
    assert extract_article(page).site == site


@pytest.mark.parametrize(
    "content",
    [
        "首页\n新闻中心\n联系我们\n",
        "网站首页 机构概况 政务公开 新闻中心\nCopyright © 2021 某某市人民政府 版权所有\n",
        "发布时间：2020-06-12 来源：巴中日报\n",
        "<html><body><ul><li>首页</li><li>新闻</li></ul><script>var a = '很长的一段脚本文字，不是正文。';</script></body></html>",
        "   \n\u3000\n",
    ],
)
def test_a_page_without_an_article_is_an_input_error(content):
    kind = "html" if content.startswith("<") else "text"
    with pytest.raises(InputError, match="no article") as info:
        extract_article(Page("nav.html", content, kind=kind, line=7))
    assert info.value.path == "nav.html" and info.value.line == 7


def test_whitespace_is_normalised_inside_lines():
    assert normalize_line("\u3000\u3000市委副书记\xa0\xa0李映  主持。\t") == "市委副书记 李映 主持。"
    a = extract_article(text_page("市委召开全体会议\u3000\u3000部署工作\n\u3000\u3000正文第一段，内容\xa0\xa0充实。\n"))
    assert a.text == "市委召开全体会议 部署工作\n正文第一段，内容 充实。"


def test_page_without_metadata_uses_the_line_before_the_first_paragraph_as_title():
    a = extract_article(text_page("首页\n通知公告\n关于做好春节期间安全工作的通知\n各乡镇、各部门：春节将至，为做好节日期间安全工作，现通知如下。\n"))
    assert a.meta.title == "关于做好春节期间安全工作的通知"
    assert a.meta.date is None
    assert a.text.startswith("关于做好春节期间安全工作的通知\n各乡镇")


def test_url_and_path_are_carried():
    page = Page("pages.jsonl", "标题\n正文是一句完整的话。", url="http://x.gov.cn/1.html", line=3)
    a = extract_article(page)
    assert (a.path, a.url) == ("pages.jsonl", "http://x.gov.cn/1.html")


# ---------------------------------------------------------------- properties

_pieces = st.sampled_from([
    "首页", "新闻中心", " • 首页", "您现在的位置：首页 > 新闻", "发布时间：2020-06-12", "来源：巴中日报", "作者：佚名",
    "2020年6月12日", "Copyright © 2021 某市政府 版权所有", "蜀ICP备12011401号", "联系电话：0827-1234567",
    "市委书记罗增斌出席会议并讲话。", "会议由市长主持，研究部署工作。", "巴州区枣林镇召开会议", "\u3000", "\xa0", " ",
    "\n", "\n\n", "。", "，", "【打印】", "上一篇：无",
])
_texts = st.lists(st.one_of(_pieces, st.text(max_size=30)), max_size=30).map("".join)


def _check(page: Page) -> None:
    try:
        a = extract_article(page)
    except InputError as exc:
        assert exc.path == page.path
        return
    source = "\n".join(page_lines(page))
    for line in a.text.split("\n"):
        assert line and line == normalize_line(line)
        assert line in source  # nothing invented
    if a.meta.title is not None:
        assert a.text.split("\n")[0] == a.meta.title
    if a.meta.date is not None:
        assert parse_date(a.meta.date) == a.meta.date
    rest = a.text.split("\n")[1:] if a.meta.title else a.text.split("\n")
    # the id covers title and body; a byline line (source/author) may follow the title
    assert a.id in (article_id(a.meta.title, rest), article_id(a.meta.title, rest[1:]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_property_text_pages_never_crash_and_never_invent(text):
    _check(Page("p.txt", text))
    # What a text page yields is in its raw content, once whitespace is normalised.
    try:
        a = extract_article(Page("p.txt", text))
    except InputError:
        return
    raw = [normalize_line(ln) for ln in text.splitlines()]
    # whole lines, except the byline, which is a stretch of one metadata line
    assert all(line in raw or any(line in r for r in raw) for line in a.text.split("\n"))


_tags = st.sampled_from(["p", "div", "li", "ul", "h1", "span", "b", "br", "script", "style", "td", "title", "a"])


@st.composite
def _html(draw):
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        kind = draw(st.integers(0, 3))
        tag = draw(_tags)
        if kind == 0:
            parts.append(f"<{tag}>")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(st.one_of(_pieces, st.text(max_size=20))))
    html = "".join(parts)
    cut = draw(st.integers(0, len(html)))
    return html[:cut] if draw(st.booleans()) else html


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_html())
def test_property_html_pages_never_crash_and_never_invent(html):
    _check(Page("p.html", html, kind="html"))


def test_a_date_in_the_top_bar_and_a_related_list_are_not_the_article():
    page = text_page(
        "巴中市人民政府\n2020年6月12日\n首页 新闻 政务 服务 互动\n"
        "市委召开全会\n发布时间：2020-06-13 来源：巴中日报\n"
        "会议由市委书记主持，研究部署下半年工作。\n会议强调，要狠抓落实。\n"
        "巴中市召开2020年第一次常务会议\n巴州区召开脱贫攻坚推进会议\n恩阳区召开安全生产工作会议\n"
    )
    a = extract_article(page)
    assert (a.meta.title, a.meta.date, a.meta.source) == ("市委召开全会", "2020-06-13", "巴中日报")
    assert a.text == "市委召开全会\n来源：巴中日报\n会议由市委书记主持，研究部署下半年工作。\n会议强调，要狠抓落实。"


def test_a_title_under_its_date_line():
    a = extract_article(text_page("2020-06-12\n市委召开全会\n会议由市委书记主持，研究工作。\n"))
    assert (a.meta.title, a.meta.date) == ("市委召开全会", "2020-06-12")
    assert a.text == "市委召开全会\n会议由市委书记主持，研究工作。"


def test_a_signature_at_the_end_is_kept():
    a = extract_article(text_page("关于开展安全检查的通知\n各乡镇：\n请于6月底前完成安全检查，并报送结果。\n巴中市应急管理局\n2020年6月12日\n"))
    assert a.meta.title == "关于开展安全检查的通知"
    assert a.text == "关于开展安全检查的通知\n各乡镇：\n请于6月底前完成安全检查，并报送结果。\n巴中市应急管理局\n2020年6月12日"


def test_site_from_the_html_title():
    page = Page("t.html", kind="html", content=(
        "<html><head><title>镇党委召开会议_枣林镇人民政府</title></head>"
        "<body><h1>镇党委召开会议</h1><p>镇党委书记在会上强调，要抓好春季农业生产。</p></body></html>"))
    a = extract_article(page)
    assert (a.meta.title, a.site) == ("镇党委召开会议", "枣林镇人民政府")


def test_docstring_examples_run():
    import doctest

    import kg.article
    import kg.sources

    for module in (kg.article, kg.sources):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


# ---------------------------------------------------------------- real pages (tests/data/html, from ../shared/html/gne)

HTML = DATA / "html"


@pytest.mark.parametrize(
    "name, title, date, first, last",
    [
        ("tests_zsnews_1.html", "顺德区大良街道党工委委员潘卓辉一行到众创金融街开展调研工作", "2019-03-06",
         "2019年2月27日下午，佛山顺德区大良街道党工委委员", "为中山经济发展提供创新驱动力。"),
        ("tests_baijiahao_2.html", "日本最后一家传呼机公司停止服务，殡仪馆为BB机送终", None,
         "IT之家9月30日消息 据外媒报道", "有年轻网民表示“没见过也没用过”。"),
        ("tests_xinhuanet_1.html", "法国全国大罢工再次严重影响交通", "2019-12-10",
         None, "总理菲利普将于11日宣布退休制度改革的总体架构。"),
        # the date is printed under the body (发布日期：2019-09-23 14:34:05)
        ("tests_cjddsb_1.html", "常德市金融系统积极开展“金融知识普及月 金融知识进万家”活动", "2019-09-23",
         "为持续推动金融消费者教育和金融知识普及工作", "(文/图 刘玺东 易赛楠)"),
    ],
)
def test_real_article_pages(name, title, date, first, last):
    a = article_of(HTML / name)
    assert (a.meta.title, a.meta.date) == (title, date)
    lines = a.text.split("\n")
    assert lines[0] == title
    body = lines[2:] if a.meta.source and lines[1].startswith("来源") else lines[1:]
    while body and _CREDIT_LINE.match(body[-1]):
        body.pop()  # credit lines (责任编辑： 尹世杰) follow the body: their names are PERSON
    if first:
        assert body[0].startswith(first)
    assert body[-1].endswith(last)
    # boilerplate of these pages: menus, share bars, footers, related lists
    for junk in ["首页", "分享", "版权", "ICP", "上一篇", "热门文章", "【打印本页】", "返回顶部"]:
        assert junk not in "\n".join(body), (name, junk)
    _check(Page(name, (HTML / name).read_text(encoding="utf-8"), kind="html"))  # nothing invented


def test_real_page_source_from_its_metadata_line():
    a = article_of(HTML / "tests_xinhuanet_1.html")
    assert a.meta.source == "新华网"
    assert a.text.split("\n")[1] == "来源： 新华网"


def test_a_page_with_html_end_tag_in_the_middle_keeps_its_article():
    # gov.cn saved the page with "</html>" half-way: libxml2 alone drops the article after it
    a = article_of(HTML / "tests_other_1.html")
    assert "第十届全国人民代表大会常务委员会第二十八次会议，听取了财政部部长金人庆" in a.text
    assert a.text.endswith("批准2007年末国债余额限额调整为53365.53亿元。")


def test_a_real_list_page_is_no_article_and_the_rest_go_on(tmp_path):
    seen = []
    pages = list(read_pages([HTML / "test_list_page_netease_forum_1.html", HTML / "tests_zsnews_1.html"]))
    articles = []
    for page in pages:
        try:
            articles.append(extract_article(page))
        except InputError as exc:
            seen.append(exc)
    assert [e.path for e in seen] == [str(HTML / "test_list_page_netease_forum_1.html")]
    assert "no article" in seen[0].reason and "list" in seen[0].reason
    assert [a.meta.date for a in articles] == ["2019-03-06"]


def test_a_list_of_links_in_li_items_is_a_list_page():
    items = "".join(f'<li><div class="abs">第{i}条帖子的摘要，网友们正在热烈地讨论这件事情，欢迎大家参与。</div>'
                    f'<a href="/p/{i}">作者{i}</a></li>' for i in range(8))
    page = Page("list.html", f"<html><body><h1>某某吧</h1><ul>{items}</ul></body></html>", kind="html")
    with pytest.raises(InputError, match="no article: a list or index page"):
        extract_article(page)


def test_html_and_text_of_the_same_article_share_the_metadata():
    html = (HTML / "tests_zsnews_1.html").read_text(encoding="utf-8")
    a = extract_article(Page("z.html", html, kind="html"))
    b = extract_article(Page("z.txt", "\n".join(page_lines(Page("z.html", html, kind="html")))))
    # kg's metadata rules run on the lines of either form (来源于：东区办事处)
    assert (a.meta.title, a.meta.source) == (b.meta.title, b.meta.source) == (
        "顺德区大良街道党工委委员潘卓辉一行到众创金融街开展调研工作", "东区办事处")


def _broadcaster_page(layout: str) -> str:
    """An item page laid out as national broadcasters' news sites are (<div><p>, a source/date line, menus, related list)."""
    nav = "".join(f'<li><a href="/{i}">栏目{i}</a></li>' for i in range(12))
    related = "".join(f'<li><a href="/n{i}.shtml">相关新闻标题第{i}条，内容很精彩</a><span>2020-09-1{i}</span></li>'
                      for i in range(8))
    paras = "".join(f"<p>\u3000\u3000{p}</p>" for p in (
        "央视网消息：9月11日，全国疫情防控工作会议在北京召开，会议总结了前一阶段工作。",
        "会议指出，当前疫情防控形势总体平稳，但仍需坚持常态化精准防控。",
        "会议要求，要做好秋冬季疫情防控准备，完善应急预案，加强物资储备。"))
    if layout == "cctv":
        head = ('<meta charset="utf-8"><title>全国疫情防控工作会议在京召开_新闻频道_央视网(cctv.com)</title>',
                '<div class="title_area"><h1>全国疫情防控工作会议在京召开</h1>'
                '<div class="info1">来源：央视网 | 2020年09月11日 19:05</div></div>'
                '<div class="share"><a>分享到：</a><a>微博</a><a>微信</a></div>'
                f'<div class="content_area" id="content_area">{paras}</div>')
    else:
        head = ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>全国疫情防控工作会议在京召开_央广网</title>',
                '<div class="article-header"><h1>全国疫情防控工作会议在京召开</h1><div class="source">'
                '<span>2020-09-11 19:05:00</span>&nbsp;&nbsp;<span>来源：央视网</span></div></div>'
                f'<div class="article-content"><div class="TRS_Editor">{paras}</div></div>')
    return (f"<html><head>{head[0]}</head><body><div class='nav'><ul>{nav}</ul></div>"
            "<div class='crumb'>您的位置：<a href='/'>首页</a> &gt; <a>新闻频道</a> &gt; 正文</div>"
            f"{head[1]}<div class='editor'>编辑：王小明 责任编辑：李大华</div>"
            f"<div class='related'><h3>相关新闻</h3><ul>{related}</ul></div>"
            "<div class='footer'><p>Copyright &copy; 中央广播电视总台 版权所有</p><p>京ICP证060535号</p></div></body></html>")


@pytest.mark.parametrize("layout, codec", [("cctv", "utf-8"), ("cnr", "gbk")])
def test_broadcaster_item_page_saved_as_shtml(tmp_path, layout, codec):
    path = tmp_path / "ARTI1599822300000.shtml"
    path.write_bytes(_broadcaster_page(layout).encode(codec))
    a = article_of(path)
    assert (a.meta.title, a.meta.date, a.meta.source) == ("全国疫情防控工作会议在京召开", "2020-09-11", "央视网")
    assert a.text == (
        "全国疫情防控工作会议在京召开\n来源：央视网\n"
        "央视网消息：9月11日，全国疫情防控工作会议在北京召开，会议总结了前一阶段工作。\n"
        "会议指出，当前疫情防控形势总体平稳，但仍需坚持常态化精准防控。\n"
        "会议要求，要做好秋冬季疫情防控准备，完善应急预案，加强物资储备。\n"
        "编辑：王小明 责任编辑：李大华")  # a credit line: its names are PERSON (ANNOTATION.md section 2)


@pytest.mark.parametrize("name", ["tests_zsnews_1.html", "tests_xinhuanet_1.html", "tests_other_1.html",
                                  "test_list_page_netease_forum_1.html"])
def test_one_pass_scores_are_gnes_own(name):
    from gne.extractor import ContentExtractor
    from gne.utils import pre_parse
    from lxml import etree

    from kg.article import _gne_extractors, _parse_tree

    def ranked(extractor):
        root = _parse_tree((HTML / name).read_text(encoding="utf-8"))
        etree.strip_tags(root, "br")
        pre_parse(root)
        out = extractor.extract(root)
        return root.getroottree().getpath(out[0][1]["node"]), [round(info["score"], 9) for _, info in out[:10]]

    assert ranked(_gne_extractors()[1]) == ranked(ContentExtractor())


def test_a_bracketed_editor_line_stays_in_the_text():
    # ANNOTATION.md counts a byline such as 【责任编辑:贺清玲】 as part of the article (a PERSON)
    a = extract_article(text_page("镇党委召开会议\n2022-05-06\n镇党委书记主持召开会议，研究部署工作。\n【责任编辑:贺清玲】\n"))
    assert a.text.endswith("\n【责任编辑:贺清玲】")


@pytest.mark.parametrize("credits", [
    ["编辑:张三"],
    ["责任编辑:李四"],
    ["记者/王宁", "新媒体编辑/周瑞"],
    ["编辑:张三", "审核:李四", "终审:王五"],
    ["责编:赵六"],
])
def test_credit_lines_below_the_body_stay_in_the_text(credits):
    # ANNOTATION.md section 2: the names of credit lines are PERSON, so the lines are part of the article
    body = "镇党委召开会议\n2022-05-06\n镇党委书记主持召开会议，研究部署工作。\n会议要求各村落实责任。\n"
    a = extract_article(text_page(body + "\n".join(credits) + "\n上一篇：镇政府召开会议\n"))
    assert a.text == "镇党委召开会议\n镇党委书记主持召开会议，研究部署工作。\n会议要求各村落实责任。\n" + "\n".join(credits)


def test_a_line_that_only_starts_like_a_credit_is_no_credit():
    a = extract_article(text_page("镇党委召开会议\n镇党委书记主持召开会议，研究部署工作。\n编辑:本站\n分享到:\n"))
    assert a.text == "镇党委召开会议\n镇党委书记主持召开会议，研究部署工作。"


def test_a_photo_caption_repeating_the_title_does_not_end_the_article():
    title = "县领导到镇调研"
    a = extract_article(text_page(f"{title}\n2022-05-06\n3月22日，县领导到镇调研产业发展。\n{title}\n{title}\n"
                                  "调研组还察看了道路建设情况，听取了汇报。\n"))
    assert a.text.endswith("调研组还察看了道路建设情况，听取了汇报。")
    # a second copy of the article after its title is still dropped
    a = extract_article(text_page(f"{title}\n2022-05-06\n3月22日，县领导到镇调研产业发展。\n{title}\n"
                                  "2022-05-06\n3月22日，县领导到镇调研产业发展。\n"))
    assert a.text == f"{title}\n3月22日，县领导到镇调研产业发展。"


@pytest.mark.parametrize("url, printed, expected", [
    # no date on the page: the day the CMS wrote into the address
    ("http://www.xx.gov.cn/xwzx/202310/t20231019_4567.html", "", "2023-10-19"),
    ("http://www.news.cn/local/2021-03/05/c_1127.htm", "", "2021-03-05"),
    # a date printed on the page wins over the address
    ("http://www.xx.gov.cn/xwzx/202310/t20231019_4567.html", "发布时间：2023-10-20 09:00\n", "2023-10-20"),
    # an address without a day gives none
    ("http://www.xx.gov.cn/col/col1234/index.html", "", None),
])
def test_date_from_the_address_when_the_page_prints_none(url, printed, expected):
    text = f"县长到枣林镇调研产业发展\n{printed}4月5日，县长张三到枣林镇调研产业发展工作，察看了园区建设情况，要求加快项目进度。\n"
    article = extract_article(Page(path="p.txt", content=text, url=url))
    assert article is not None and article.meta.date == expected
