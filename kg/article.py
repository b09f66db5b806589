"""Keep the article of a crawled page and drop the rest: `Page -> Article`.

One responsibility: find the title, the metadata (date, source, author) and the
body paragraphs, and remove menus, breadcrumbs, footers, navigation lists and a
repeated copy of the article. Every line of `Article.text` is a line of the page
after whitespace normalisation (`page_lines`): nothing is rewritten or invented.

An HTML page is parsed once with lxml; one walk of the tree gives its lines and
the lines of every element. GNE (GeneralNewsExtractor) scores which element holds
the body; kg's rules, the same as for text pages, find the title and the
metadata line and drop the furniture left in or around that element. A page
whose best element is a list of links is reported as a list page.

>>> from kg.records import Page
>>> page = Page("x.txt", "首页 新闻 联系我们\\n市委召开全会\\n发布时间:2020年6月12日\\n会议由市委书记主持。\\n版权所有 某市人民政府")
>>> a = extract_article(page)
>>> a.meta.title, a.meta.date, a.text
('市委召开全会', '2020-06-12', '市委召开全会\\n会议由市委书记主持。')
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from kg.errors import InputError
from kg.records import Article, ArticleMeta, Page

__all__ = ["extract_article", "page_lines", "html_to_lines", "normalize_line", "article_id", "parse_date"]

# ---------------------------------------------------------------- HTML -> lines

# <head> and <title> are not body text (the <title> is kept aside as a hint).
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "select", "option",
                        "textarea", "head", "title"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul",
})


@dataclass
class _Html:
    """One parse of an HTML page: its visible lines, and where each element's lines are.

    `spans` maps every element of the tree to the range of `lines` it covers, so
    the node an extractor picks (the same lxml element) gives back its lines as
    the page shows them, without a second walk.
    """

    lines: list[str]
    root: object = None
    title: str | None = None
    h1: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    spans: dict = field(default_factory=dict)


def _drop_inner_html_end(html: str) -> str:
    """`html` without an </html> that is not at its end: libxml2 drops everything after one.

    Saved pages often have one in the middle (a template included twice); GNE
    repairs its input the same way.
    """
    low = html.lower()
    first = low.find("</html>")
    if first == -1 or not html[first + 7:].strip():
        return html
    pieces = []
    pos = 0
    while (i := low.find("</html>", pos)) != -1:
        pieces.append(html[pos:i])
        pos = i + 7
    pieces.append(html[pos:])
    return "".join(pieces)


def _parse_tree(html: str):
    """The lxml tree of `html`, or None when there is no document to parse."""
    from lxml import etree
    from lxml import html as lxml_html

    html = _drop_inner_html_end(html)
    # huge_tree: libxml2 otherwise drops what is nested deeper than 256 elements
    try:
        return lxml_html.document_fromstring(html, parser=lxml_html.HTMLParser(huge_tree=True))
    except etree.ParserError:
        return None
    except ValueError:
        pass  # a str that declares its encoding (<?xml ... encoding=...?>): parse its UTF-8 bytes
    try:
        parser = lxml_html.HTMLParser(encoding="utf-8", huge_tree=True)
        return lxml_html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _parse_html(html: str) -> _Html:
    """Parse `html` once with lxml and walk it once: visible lines, <title>, first <h1>, <meta> tags."""
    from lxml import etree

    root = _parse_tree(html)
    page = _Html(lines=[], root=root)
    if root is None:
        return page
    lines = page.lines
    spans = page.spans
    buf: list[str] = []
    has_text = [False]  # whether buf holds more than whitespace (asked at every element's end)
    skip = 0

    def add(text: str) -> None:
        # Newlines inside an inline run are layout in HTML: join them with a space.
        buf.append(text.replace("\n", " "))
        if not has_text[0] and not text.isspace():
            has_text[0] = True

    def flush() -> None:
        if buf:
            for piece in "".join(buf).splitlines():
                line = normalize_line(piece)
                if line:
                    lines.append(line)
            buf.clear()
            has_text[0] = False

    for event, el in etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = el.tag.lower() if isinstance(el.tag, str) else None  # None: a comment or processing instruction
        if tag is None:
            if not skip and el.tail:
                add(el.tail)
            continue
        if event == "start":
            if tag == "meta":
                name = (el.get("name") or el.get("property") or "").strip().lower()
                content = el.get("content")
                if name and content:
                    page.meta.setdefault(name, content)
            elif tag == "title" and page.title is None:
                page.title = normalize_line(el.text_content()) or None
            if tag in _SKIP_TAGS:
                skip += 1
            if skip:
                continue
            if tag in _BLOCK_TAGS:
                flush()
            if tag == "h1" and page.h1 is None:
                page.h1 = normalize_line(el.text_content()) or None
            spans[el] = len(lines)
            if el.text:
                add(el.text)
            continue
        if tag in _SKIP_TAGS:
            skip -= 1
        elif not skip:
            if tag in _BLOCK_TAGS:
                flush()
            begin = spans.get(el)
            if begin is not None:
                spans[el] = (begin, len(lines) + has_text[0])
        if not skip and el.tail and el is not root:
            add(el.tail)
    flush()
    return page


def html_to_lines(html: str) -> list[str]:
    """Visible text of an HTML page as normalised, non-empty lines (block elements break lines).

    >>> html_to_lines("<html><head><style>p{}</style></head><body><p>第一段<b>加粗</b></p><div>第二段<br>第三行</div><script>x()</script>")
    ['第一段加粗', '第二段', '第三行']
    """
    return _parse_html(html).lines


# ---------------------------------------------------------------- normalisation

_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")


def normalize_line(line: str) -> str:
    """Strip a line and collapse runs of ASCII, no-break and full-width spaces into one space.

    >>> normalize_line("\\u3000\\u3000市委副书记\\xa0\\xa0李映主持。  ")
    '市委副书记 李映主持。'
    """
    line = _ZERO_WIDTH.sub("", line)
    return _SPACES.sub(" ", line).strip()


def page_lines(page: Page) -> list[str]:
    """The page's text as normalised non-empty lines: what every output line must come from."""
    if page.kind == "html":
        return html_to_lines(page.content)
    lines = []
    for piece in page.content.splitlines():
        line = normalize_line(piece)
        if line:
            lines.append(line)
    return lines


_BYLINE_LABELS = r"(?:作\s*者|撰\s*稿|文章来源|信息来源|稿件来源|新闻来源|来源于|来\s*源)"


def _byline(lines: list[str], source: str | None, author: str | None, bare: bool = False) -> str | None:
    """The source and author as the page writes them (文章来源:巴中日报), for the text.

    ANNOTATION.md counts the metadata as part of the article, so its entities
    (巴中日报, a byline's person) need offsets in `Article.text`. The byline is
    one stretch copied from one metadata line, never composed. With `bare`, a
    source printed beside the date without a label (2021-07-23 09:58 今日福安) is
    the byline when no labelled one is found.
    """
    found: dict[int, list[tuple[int, int]]] = {}
    for value in (author, source):
        if not value:
            continue
        pattern = re.compile(_BYLINE_LABELS + r"\s*[:：]\s*" + re.escape(value))
        for i, line in enumerate(lines):
            m = pattern.search(line)
            if m:
                found.setdefault(i, []).append(m.span())
                break
    if not found:
        if bare and source and any(source in (_dated_header_words(line) or ()) for line in lines):
            return source
        return None
    i, spans = max(found.items(), key=lambda kv: len(kv[1]))
    return lines[i][min(s for s, _ in spans): max(e for _, e in spans)]


def article_id(title: str | None, body: list[str] | tuple[str, ...]) -> str:
    """Content-based id: sha1 of the NFKC-folded title and body with all whitespace removed, 16 hex chars.

    The same article saved twice (two files, two crawls, GBK or UTF-8, text or
    HTML) gets the same id.

    >>> article_id("标题", ["正文。"]) == article_id(" 标题", ["正文。 "])
    True
    """
    text = "\n".join([title or "", *body])
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- dates

_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")


def parse_date(text: str) -> str | None:
    """The first valid date in `text` as YYYY-MM-DD, or None.

    >>> [parse_date(s) for s in ["2020-06-12", "2020年6月12日 08:30", "2020/6/12", "2020.06.12 10:00:01", "6月12日"]]
    ['2020-06-12', '2020-06-12', '2020-06-12', '2020-06-12', None]
    """
    return next((d for d in map(_ymd, _DATE.finditer(text)) if d), None)


def _ymd(m: re.Match, century: int = 0) -> str | None:
    """Groups 1-3 of `m` (year, month, day) as YYYY-MM-DD, or None when that day does not exist."""
    try:
        return _dt.date(century + int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return None


def _parse_compact_date(text: str) -> str | None:
    m = _COMPACT_DATE.search(text)
    return _ymd(m) if m else None


# the day may run into the time on a page that lost its space (18-03-0823:16)
_SHORT_YEAR = re.compile(r"^\s*(\d{2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{2}|\d(?!\d))")


def _parse_short_year(value: str) -> str | None:
    """A labelled date with a two-digit year (发布时间：18-03-08 23:16) as 20YY-MM-DD.

    >>> _parse_short_year("18-03-08 23:16"), _parse_short_year("18-03-0823:16"), _parse_short_year("10-08 12:00")
    ('2018-03-08', '2018-03-08', None)
    """
    m = _SHORT_YEAR.match(value)
    return _ymd(m, century=2000) if m else None


# Content-management systems write the publication day into the article's address:
# TRS .../202310/t20231019_123.html, Xinhua .../2023-10/19/c_1.htm, People's Daily .../2023/1019/c1-2.html,
# .../art/2023/10/19/art_1_2.html, .../20231019/abc.shtml.
_URL_DATES = (
    re.compile(r"[/_]t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/((?:19|20)\d{2})-(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
    re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})/"),
)


def date_from_url(url: str | None) -> str | None:
    """The publication day a CMS wrote into the article's address, as YYYY-MM-DD, or None.

    >>> [date_from_url(u) for u in ["http://www.a.gov.cn/xw/202310/t20231019_4567.html",
    ...  "http://www.news.cn/politics/2023-10/19/c_1129.htm", "http://gx.people.com.cn/n2/2023/1019/c1-2.html",
    ...  "https://www.b.gov.cn/art/2023/10/9/art_1229_77.html", "http://c.gov.cn/20231019/abc.shtml",
    ...  "http://d.gov.cn/col/col123/index.html", "http://e.gov.cn/2023/1399/x.html", None]]
    ['2023-10-19', '2023-10-19', '2023-10-19', '2023-10-09', '2023-10-19', None, None, None]
    """
    if not url:
        return None
    for pattern in _URL_DATES:
        m = pattern.search(url)
        day = _ymd(m) if m else None
        if day:
            return day
    return None


# A line that is only a date (and maybe a time): the date line under a title.
_DATE_LINE = re.compile(
    r"^[\[(（【]?\s*(?:(?:发布|更新|发表|上传|创建)?(?:时间|日期)\s*[:：]\s*)?" + _DATE.pattern + r"\s*[\])）】]?$"
)

# ---------------------------------------------------------------- metadata line

_META_LABEL = re.compile(
    # a count label glued to the value before it (信息来源:区委办公室浏览次数:) ends that value
    r"(点击数|点击量|浏览次数|浏览量|阅读次数|阅读量|访问量)\s*[:：]\s*|"
    r"(?:^|(?<=[\s|｜/【\[(（\d]))"  # a digit: a label glued to the time before it (16:15:25来源:闽侯乡音报)
    r"(作\s*者|撰\s*稿|文章来源|信息来源|稿件来源|新闻来源|来源于|来\s*源|发布时间|发布日期|更新时间|更新日期|发表时间|"
    r"时\s*间|日\s*期|点击数|点击量|点击|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读|访问量|编辑|责任编辑|字号|字体|"
    r"发布者|发布人|发布机构|发文机关|审核|校对|信息员)\s*[:：]\s*"
)
_KEY_LABELS = ("作者", "撰稿", "来源", "来源于", "文章来源", "信息来源", "稿件来源", "新闻来源", "发布时间", "发布日期",
               "更新时间", "更新日期", "发表时间", "时间", "日期")
_NO_AUTHOR = frozenset({"佚名", "未知", "不详", "无", "admin", "管理员", "本站", "--", "-"})


def _meta_fields(line: str) -> dict[str, str]:
    """Label -> value for a metadata line such as 作者:佚名 文章来源:巴中日报 更新时间:2020-06-12."""
    matches = list(_META_LABEL.finditer(line))
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[m.end():end]
        value = re.split(r"\s*[|｜【\[]\s*", value)[0].strip(" :：|｜/")
        label = re.sub(r"\s+", "", m.group(1) or m.group(2))
        fields.setdefault(label, value)
    return fields


# The words a dated header line may carry without a label: a paper and its page (齐鲁晚报, 人民日报 第8版).
_MEDIA_WORD = re.compile(r"(?:报|网|台|社|刊|新闻|客户端|第\d+版|专版)$")


def _dated_header_words(line: str) -> list[str] | None:
    """The words beside the date of a header line that has no label, or None when `line` is no such line.

    A date with its time and a few short words (2021-07-23 09:58 今日福安, 政务 2024-11-30 22:47 上海,
    2018-9-10 15:53:06发布95次查看), or a date beside a paper's name (齐鲁晚报 2022年03月30日), is the
    page's metadata line, not its title (a title with a date has more words: 2021年3月5日 县委常委会召开).

    >>> [_dated_header_words(s) for s in ["2021-07-23 09:58 今日福安", "齐鲁晚报 2022年03月30日", "2021年3月5日 县委常委会召开"]]
    [['今日福安'], ['齐鲁晚报'], None]
    """
    if len(line) > 50 or re.search(r"[。！？，,；;“”《》]", line):
        return None
    m = _DATE.search(line)
    if not m or not _ymd(m):
        return None
    words = (line[:m.start()] + " " + line[m.end():]).split()
    if not words or len(words) > 4 or any(len(w) > 10 for w in words):
        return None
    timed = m.group(4) is not None
    return words if timed or all(_MEDIA_WORD.search(w) for w in words) else None


# A source printed beside the date without a label (2021-07-23 09:58 今日福安): one word, no page furniture.
_BARE_SOURCE = re.compile(r"^[\u4e00-\u9fff·]{2,12}$")
_NOT_SOURCE = re.compile(r"字体|字号|打印|分享|收藏|浏览|阅读|查看|扫码|评论|点击|关闭|发布|更新")


def _header_fields(line: str) -> dict[str, str]:
    """`_meta_fields` of a metadata line, with the date line itself as 日期 when no label holds the date,
    and as 来源 the one word a dated header line prints beside its date (2021-07-23 09:58 今日福安)."""
    fields = _meta_fields(line)
    for label, value in _info_fields(line).items():
        if value:
            fields.setdefault(label, value)
    words = _dated_header_words(line)
    if _DATE_LINE.match(line) or words:
        fields.setdefault("日期", line)
    if words and len(words) == 1 and _BARE_SOURCE.match(words[0]) and not _NOT_SOURCE.search(words[0]):
        fields.setdefault("来源", words[0])
    return fields


# The catalogue table of a government information-disclosure page (政府信息公开): 索引号, 发布机构, 成文日期,
# 文号 ..., each label before its value with a colon, a bar or only spaces, sometimes spaced out (索 引 号).
_INFO_LABELS = ("索引号", "公开分类", "主题分类", "信息分类", "体裁分类", "组配分类", "发布机构", "发布单位", "发文机关",
                "成文日期", "发布日期", "公开日期", "生成日期", "文号", "发文字号", "主题词", "关键字", "关键词", "效力属性",
                "有效性", "名称", "公开方式", "公开范围")
_INFO_LABEL = re.compile(
    r"(?:^|(?<=[\s|｜]))(" + "|".join(r"\s?".join(label) for label in sorted(_INFO_LABELS, key=len, reverse=True))
    + r")(?=\s*[:：|｜]|\s|$)")
_PUBLISHER_LABELS = ("发布机构", "发布单位", "发文机关")


def _info_fields(line: str) -> dict[str, str]:
    """Label -> value of a line of an information-disclosure catalogue, {} for any other line.

    Two labels make such a line (索 引 号 1211/2024-173976 公开分类, 发布机构 | 乌盖苏木 | 文 号 | |);
    one label does when the line starts with it and a colon (名 称: 昆明市...现场推进会).

    >>> _info_fields("发布单位 中共南湖区委 发布日期 2024-03-18"), _info_fields("名 称: 某会议召开"), _info_fields("文号很长的一句话")
    ({'发布单位': '中共南湖区委', '发布日期': '2024-03-18'}, {'名称': '某会议召开'}, {})
    """
    matches = list(_INFO_LABEL.finditer(line))
    if not matches or (len(matches) == 1 and not (matches[0].start() == 0
                                                  and re.match(r"\s*[:：]", line[matches[0].end():]))):
        return {}
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = re.split(r"\s*[|｜]\s*", line[m.end():end].strip(" :：|｜"))[0].strip()
        fields.setdefault(re.sub(r"\s+", "", m.group(1)), value)
    return fields


def _publisher(lines: list[str]) -> tuple[str, str] | None:
    """The publishing body an information-disclosure catalogue names (发布机构: 昆明市官渡区人民政府), with
    the line that says so, for the text (ANNOTATION.md: the metadata is article text). The whole line:
    the next label after the name (发布日期) keeps the NER from running the name into the next line."""
    for line in lines:
        for label, value in _info_fields(line).items():
            if label in _PUBLISHER_LABELS and value and _CJK.search(value):
                return value, line
    return None


def _is_meta_line(line: str) -> bool:
    if len(line) > 200:
        return False
    if _DATE_LINE.match(line) or _dated_header_words(line) or _info_fields(line):
        return True
    fields = _meta_fields(line)
    if not any(k in fields for k in _KEY_LABELS):
        return False
    # A body sentence that happens to say 来源: is long prose; a metadata line is mostly
    # labels, and a date beside them (2019年06月15日08:18 来源：人民网 | 来源：央视网 | 2020年09月11日).
    labelled = sum(len(k) + len(v) + 1 for k, v in fields.items())
    labelled += sum(len(m.group(0)) for m in _DATE.finditer(line)) if len(fields) == 1 else 0
    return labelled >= 0.6 * len(line.replace(" ", "")) or len(fields) >= 2


# ---------------------------------------------------------------- boilerplate

_BREADCRUMB = re.compile(r"^(?:您现在的位置|你现在的位置|您的位置|你的位置|您所在的位置|您当前的位置|当前位置|所在位置|当前的位置|位置)\s*[:：]?")
_CRUMB_SPLIT = re.compile(r"\s*(?:>>|>|›|»|→|/|＞|\\)\s*")
_HOME = frozenset({"首页", "网站首页", "主页", "返回首页", "home", "Home", "HOME"})
_FOOTER = re.compile(
    r"copyright|©|\(c\)\s*\d{4}|版权所有|版权归|ICP|备案号|备案序号|公网安备|网站标识码|网站地图|技术支持|"
    r"^(?:主办单位|承办单位|主办|承办|协办|维护单位|联系地址|联系电话|联系邮箱|联系我们|通讯地址|办公地址|地址|电话|"
    r"传真|邮编|邮政编码|邮箱|电子邮箱|e-?mail)\s*[:：]",
    re.IGNORECASE,
)
# Lines after which the article is over (page furniture, not article text).
_END = re.compile(
    r"^(?:上一篇|下一篇|上一条|下一条|相关(?:文章|新闻|链接|阅读|报道|推荐)|推荐阅读|延伸阅读|热点(?:新闻|文章)|"
    r"为你推荐|为您推荐|猜你喜欢|点击进入专题|转载请注明|最热文章|最新文章|热门评论|网友评论|发表评论|我要评论|"
    r"热门推荐|精彩推荐|更多推荐|热门文章|(?:免责|特别|版权)?声明\s*[:：]|"
    r"【?\s*(?:打印|关闭|打印本页|关闭窗口|返回顶部|加入收藏|分享到)\s*】?)"
)
_FURNITURE = re.compile(
    r"^【?\s*(?:打印|关闭|打印本页|关闭窗口|返回顶部|加入收藏|分享到|分享|收藏本页|字号|字体)\s*[:：】]?$|"
    r"^【?\s*(?:打印|关闭|打印本页|关闭窗口|返回顶部|加入收藏|分享到|收藏本页|字号|字体)\s*[:：】]?|"
    r"^(?:责任编辑|编辑|审核|校对|初审|复审|终审|分享到)\s*[:：]|"
    r"^[（(]?\s*(?:本文)?原标题\s*[:：]|^本文来源\s*[:：]|"
    r"^\[?\s*字体\s*[:：]?\s*大\s*中\s*小|"
    # a newspaper's page and column above its articles (第8版(专版), 第2版(), 专栏:发展特色 争创优势)
    r"^第\s*\d+\s*版\s*(?:[(（][^()（）]{0,10}[)）])?$|^专栏\s*[:：][^。，,]{0,20}$"
)
# The headline the article had where it was first published (原标题:甘南州党政考察团来我市考察): the page
# says it, so on a text page it is article text (ANNOTATION.md), and the title when the page shows no other.
# The body gold of evaluate.py html leaves it out, so on HTML pages it stays furniture.
_ORIGINAL_TITLE = re.compile(r"^[（(]?\s*(?:本文)?原标题\s*[:：]\s*(.+?)\s*[)）]?$")
_BULLET = re.compile(r"^[•·●▪◦■□◆◇►▶▸‣∙・\-*>»]\s*")
_SENTENCE_PUNCT = re.compile(r"[。！？；，、：“”\"!?;,:()（）《》]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_WORD = re.compile(r"[^\W_]")


# A reporter's byline on a line of its own (本报记者 赵书彬 万靖, ■记者 林若野 余圣建, □汤正平 本报记者 刘路,
# 华声在线全媒体记者 罗新国 摄, 采写|梁辉森): ANNOTATION.md section 2 counts its names as PERSON, so the line is
# article text, not a menu of short words or a bullet item. The role must be followed by a separator
# (记者节座谈会 is no byline) and every other word must be a name.
_BYLINE_ROLE = r"(?:记者|通讯员|实习生|摄影|摄像|采写|撰文|撰稿|供稿)"
_BYLINE_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,5}"
_BYLINE_NAMES = rf"{_BYLINE_NAME}(?:\s*[、，,]\s*{_BYLINE_NAME}|\s+{_BYLINE_NAME})*(?:\s*(?:摄|报道))?"
_BYLINE_PART = (rf"(?:[\u4e00-\u9fff·]{{0,12}}?{_BYLINE_ROLE}(?:\s*[:：/|｜]\s*|\s+)|(?:文|图)\s*[:：/|｜]\s*|"
                rf"(?:文/图|图/文)(?:\s*[:：|｜]\s*|\s+))?"
                rf"{_BYLINE_NAMES}")
_BYLINE_LINE = re.compile(rf"^[■□●◆▲★◇○•]?\s*[(（【\[]?\s*{_BYLINE_PART}(?:\s+{_BYLINE_PART})*\s*[)）】\]]?$")
_BYLINE_HAS_ROLE = re.compile(rf"{_BYLINE_ROLE}\s*[:：/|｜\s]|(?:^|[\s■□●◆▲★◇○•(（【\[])(?:文|图|文/图|图/文)\s*[:：/|｜\s]")


def _is_byline_line(line: str) -> bool:
    """A line that is only a byline: reporters' or photographers' names after their role.

    >>> [_is_byline_line(s) for s in ["本报记者 赵书彬 万靖", "□汤正平 本报记者 刘路", "采写|梁辉森", "记者节 座谈会", "首页 新闻 记者"]]
    [True, True, True, False, False]
    """
    return len(line) <= 50 and bool(_BYLINE_HAS_ROLE.search(line)) and bool(_BYLINE_LINE.match(line))


def _is_text_credit(line: str) -> bool:
    """A byline line or an original headline (原标题:...): article text on a text page, though the menu and
    furniture rules would drop it (ANNOTATION.md counts them)."""
    return _is_byline_line(line) or _ORIGINAL_TITLE.match(line) is not None


def _is_breadcrumb(line: str) -> bool:
    return bool(_BREADCRUMB.match(line)) and (":" in line[:12] or "：" in line[:12] or ">" in line)


def _is_footer(line: str) -> bool:
    return bool(_FOOTER.search(line))


def _is_nav_list(line: str) -> bool:
    """A run of short menu items on one line: 网站首页 妇联简介 工作动态 ..."""
    tokens = line.split(" ")
    if len(tokens) >= 3 and all(re.fullmatch(r"《[^《》]{1,12}》", t) for t in tokens):
        return True  # a newspaper site's switch between its papers: 《西藏日报》 《西藏商报》 《西藏法制报》
    if len(tokens) < 3 or _SENTENCE_PUNCT.search(line):
        return False
    return all(len(t) <= (8 if len(tokens) >= 4 else 6) for t in tokens)


def _is_bullet_item(line: str) -> bool:
    """A menu bullet (• 首页, • /, • 1): short text after a bullet sign."""
    m = _BULLET.match(line)
    if not m:
        return False
    rest = line[m.end():]
    return len(rest) <= 20 and not re.search(r"[。！？]", rest)


def _is_short_nav(line: str) -> bool:
    """A lone menu item: short, no sentence punctuation (工作动态, 通知公告, 1, /)."""
    return len(line) <= 8 and not _SENTENCE_PUNCT.search(line) and not _DATE.search(line)


def _is_boilerplate(line: str) -> bool:
    return (
        _is_breadcrumb(line)
        or _is_footer(line)
        or _is_nav_list(line)
        or _is_bullet_item(line)
        or bool(_FURNITURE.match(line))
        or bool(_END.match(line))
    )


def _is_prose(line: str) -> bool:
    """A body paragraph: a sentence of some length."""
    if _is_boilerplate(line) or _is_meta_line(line):
        return False
    if re.search(r"[。！？!?]$|[。！？]", line) and len(line) >= 6:
        return True
    return len(line) >= 30 and bool(_SENTENCE_PUNCT.search(line))


def _looks_like_title(line: str) -> bool:
    return (
        4 <= len(line) <= 100
        and not _is_boilerplate(line)
        and not _is_meta_line(line)
        and not _is_byline_line(line)
        and not line.endswith(("。", "：", ":"))
        and bool(_CJK.search(line) or re.search(r"[A-Za-z]{3}", line))
    )


# ---------------------------------------------------------------- site

_ORG_END = re.compile(r"(?:会|委|局|府|院|网|站|部|厅|办|处|所|中心|政府|委员会|联合会|报|社|台|馆|校|司|队|团|署|室)$")


def _site_from_breadcrumb(line: str) -> str | None:
    rest = _BREADCRUMB.sub("", line, count=1).strip(" :：")
    for item in _CRUMB_SPLIT.split(rest):
        item = item.strip()
        if not item or item in _HOME or item == "正文":
            continue
        if (len(item) >= 5 and _ORG_END.search(item) or _SITE_NAME.fullmatch(item)) and not _GENERIC_COLUMN.search(item):
            return item
        return None
    return None


# A site or its news column named after its place, first in a trail (镇江新闻 > 要闻, 天长先锋网>> 先锋动态).
_SITE_NAME = re.compile(r"[\u4e00-\u9fff]{2,8}(?:网|新闻)")
# A trail written without a lead (天长先锋网>> 先锋动态>> 正文内容): a site's name, then two crumbs or more.
_BARE_TRAIL = re.compile(r"^\s*[\u4e00-\u9fff]{2,8}网\s*(?:>>|>|›|»|＞)(?:[^>›»＞]{1,12}(?:>>|>|›|»|＞)){1,}")


# Column names that look like organizations in a breadcrumb (新闻中心 is a section, not the site).
_GENERIC_COLUMN = re.compile(r"^(?:新闻|信息|资讯|政务|公开|服务|互动|办事|专题|图片|视频|媒体|工作|综合)")

_OWNER = [
    re.compile(r"([\u4e00-\u9fff（）()]{3,40}?)\s*版权所有"),
    re.compile(r"版权所有\s*[:：]?\s*(?:©\s*)?([\u4e00-\u9fff（）()]{3,40})"),
    re.compile(r"(?:copyright|©)[\s©\d\-—–~,.]*([\u4e00-\u9fff（）()]{3,40})", re.IGNORECASE),
    re.compile(r"^主办(?:单位)?\s*[:：]\s*([\u4e00-\u9fff（）()]{3,40})"),
]


def _site_from_footer(line: str) -> str | None:
    for rx in _OWNER:
        m = rx.search(line)
        if m and _ORG_END.search(m.group(1)):
            return m.group(1)
    return None


# ---------------------------------------------------------------- extraction


def _clean_value(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _find_meta(lines: list[str]) -> int | None:
    """Index of the article's metadata line.

    The best one sits between a title-like line and a paragraph (a date in the
    top bar or a sidebar does not); then one after a title-like line; then the first.
    """
    metas = [i for i, line in enumerate(lines) if _is_meta_line(line)]
    if not metas:
        return None

    def titled(i: int) -> bool:
        return any(_looks_like_title(lines[j]) for j in range(max(0, i - 2), i))

    def followed_by_prose(i: int) -> bool:
        for line in lines[i + 1: i + 6]:
            if _is_prose(line):
                return True
            if not (_is_meta_line(line) or _is_boilerplate(line) or len(line) <= 20):
                return False
        return False

    def prose_after(i: int) -> bool:
        return any(_is_prose(line) for line in lines[i + 1:])

    # A date at the very end (a notice's signature) is not the metadata line.
    metas = [i for i in metas if prose_after(i)]
    for ok in (lambda i: titled(i) and followed_by_prose(i), titled):
        found = [i for i in metas if ok(i)]
        if found:
            best = found[0]
            # Of two candidates before the same paragraph, the one nearer to it is the article's.
            for i in found[1:]:
                if any(_is_prose(line) for line in lines[best + 1: i]):
                    break
                best = i
            return best
    # Untitled, the header is above the article: a line below a paragraph that only credits a
    # photo (会议现场(来源:《吉林日报》)) would cut off the paragraphs above it.
    return next((i for i in metas if not any(_is_prose(line) for line in lines[:i])), None)


def _title_before(lines: list[str], idx: int, html: _Html | None) -> int | None:
    """Index of the title among the few lines before `idx` (the metadata line or first paragraph)."""
    for j in range(idx - 1, max(-1, idx - 4), -1):
        line = lines[j]
        if html is not None and line in (html.h1, html.meta.get("articletitle")):
            return j
        # The line right above may be a short title (市委召开全会); further up, short lines are menu items.
        if _looks_like_title(line) and (j == idx - 1 or not _is_short_nav(line)):
            return j
    return None


def extract_article(page: Page) -> Article:
    """Find the article of `page`: title, date, source, author, body, site, content id.

    `Article.text` is the title, a newline, then the body paragraphs joined by
    newlines (just the body when no title is found), then the credit lines found
    below the body (编辑:张三, 记者/王宁), whose names are PERSON (ANNOTATION.md). Raises `InputError` when the
    page holds no article (nothing but menus, footers or metadata, or a list of links).

    An HTML page is parsed once (lxml); GNE (GeneralNewsExtractor) picks the
    element that holds the body, and kg's rules find the title, the metadata
    line (发布时间/来源/作者, 佚名) and drop the furniture left around it.
    """
    if page.kind == "html":
        html = _parse_html(page.content)
        try:
            article = _extract_html(page, html)
        except InputError as exc:
            if "list" in exc.reason:
                raise
            article = None  # nothing but furniture in GNE's block: kg's rules over the whole page decide
        if article is not None:
            return article
        return _extract_lines(page, html.lines, html)
    return _extract_lines(page, page_lines(page), None)


def _extract_lines(page: Page, lines: list[str], html: _Html | None) -> Article:
    """kg's own rules on the page's lines: the metadata line, the title above it, the body below."""
    if not lines:
        raise InputError(page.path, "no article: the page has no text", page.line,
                         "check that the crawler saved the page body")

    site = _site_of(lines)
    title: str | None = None
    title_idx: int | None = None
    meta: dict[str, str] = {}
    meta_idx = _find_meta(lines)
    if meta_idx is not None:
        body_start = meta_idx + 1
        for i in range(meta_idx, len(lines)):
            if i > meta_idx and not _is_meta_line(lines[i]):
                break
            body_start = i + 1
            for k, v in _header_fields(lines[i]).items():
                meta.setdefault(k, v)
        title_idx = _title_before(lines, meta_idx, html)
        title = lines[title_idx] if title_idx is not None else None
    else:
        first_prose = next((i for i, ln in enumerate(lines) if _is_prose(ln)), None)
        if first_prose is None:
            raise InputError(page.path, "no article: only menus, footers or metadata", page.line,
                             "the page has no paragraph of text")
        body_start = first_prose
        title_idx = _title_before(lines, first_prose, html)
        title = lines[title_idx] if title_idx is not None else None
        if title_idx is not None:
            body_start = title_idx + 1  # keep a salutation (各乡镇：) between title and paragraph
    if title is None and html is not None:
        # An <h1> (or the <title>) that is itself a line of the page before the body.
        for hint in (html.h1, html.meta.get("articletitle"), html.title):
            if hint and hint in lines[:body_start]:
                title, title_idx = hint, lines.index(hint)
                break

    title, body = _clean_body(page, lines[body_start:], title, bylines=html is None)
    return _finish(page, lines, html, site, title, title_idx, meta, body_start, body)


def _site_of(lines: list[str]) -> str | None:
    for line in lines:
        if _is_breadcrumb(line) or _BARE_TRAIL.match(line):
            site = _site_from_breadcrumb(line)
            if site:
                return site
    return None


# ---------------------------------------------------------------- HTML: GNE picks the body

_GNE: dict = {}


def _gne_extractors():
    """GNE's title and content extractors, made once (GNE reads its optional .gne config when imported)."""
    if not _GNE:
        from gne.extractor import ContentExtractor, TitleExtractor

        class OnePassContentExtractor(ContentExtractor):
            """GNE's ContentExtractor, its per-node numbers counted in one bottom-up pass.

            GNE scores every node from the text of its whole subtree, collected
            again for each node (`.//text()` per node: quadratic in the depth). The
            counts it needs (text length, link text, tags, links, <p> tags, direct
            text nodes, punctuation) add up from the children, so they are counted
            once; the scoring (density, symbol density, `calc_new_score`) is GNE's
            own. `node_info["text"]` holds the node instead of its text (kg takes
            the node's lines from the page walk).
            """

            def extract(self, selector, *args, **kwargs):
                self._stats = _subtree_counts(selector, self.punctuation)
                try:
                    return super().extract(selector, *args, **kwargs)
                finally:
                    self._stats = {}

            def calc_text_density(self, element):
                n = self._stats[element]
                ti = self.increase_tag_weight(n[0], element)
                lti, tgi, ltgi = n[1], n[2], n[3]
                if tgi - ltgi == 0:
                    if not self.need_skip_ltgi(ti, lti):
                        return {"density": 0, "ti_text": element, "ti": ti, "lti": lti, "tgi": tgi, "ltgi": ltgi}
                    ltgi = 0
                density = (ti - lti) / (tgi - ltgi)
                return {"density": density, "ti_text": element, "ti": ti, "lti": lti, "tgi": tgi, "ltgi": ltgi}

            def count_text_tag(self, element, tag="p"):
                n = self._stats[element]
                return n[4] + n[5]

            def count_punctuation_num(self, element):
                return self._stats[element][6]

        _GNE["title"] = TitleExtractor()
        _GNE["content"] = OnePassContentExtractor()
    return _GNE["title"], _GNE["content"]


def _clean_piece(text: str | None) -> str:
    """A text node as GNE counts it: stripped, runs of spaces as one, newlines removed."""
    if not text:
        return ""
    text = text.strip()
    return re.sub(" +", " ", text).replace("\n", "") if text else ""


def _subtree_counts(root, punctuation) -> dict:
    """Per element: (length of its text pieces joined by newlines, length of the text inside its <a>s,
    descendant elements, descendant <a>s, descendant <p>s, direct text nodes, punctuation marks)."""
    from lxml import etree
    from lxml.html import HtmlElement

    counts: dict = {}
    direct_text = etree.XPath("text()")  # the text nodes as libxml2 holds them (an edit can leave two side by side)
    # children before parents
    for el in reversed(list(root.iter())):
        if not isinstance(el, HtmlElement):
            continue
        pieces = chars = link_chars = elements = links = paras = punct = direct = 0
        for text in direct_text(el):
            direct += 1
            piece = _clean_piece(text)
            if piece:
                pieces += 1
                chars += len(piece)
                punct += sum(1 for ch in piece if ch in punctuation)
        for child in el:
            sub = counts.get(child)
            if sub is None:
                continue  # a comment or processing instruction: only its tail is text (counted above)
            pieces += sub[0]
            chars += sub[1]
            link_chars += sub[2] + (sub[1] if child.tag == "a" else 0)
            elements += 1 + sub[3]
            links += sub[4] + (child.tag == "a")
            paras += sub[5] + (child.tag == "p")
            punct += sub[6]
        counts[el] = (pieces, chars, link_chars, elements, links, paras, punct, direct)
    # GNE's text of a node is its pieces joined by newlines: that many more characters
    return {el: (c[1] + max(0, c[0] - 1), c[2], c[3], c[4], c[5], c[7], c[6]) for el, c in counts.items()}


def _gne_body(html: _Html) -> tuple[str, tuple[int, int] | None, float]:
    """GNE's title, the line range of the element GNE scores as the body, and that element's share of link text.

    GNE works on the tree in place (drops <br>, scripts, nodes named share/related/...),
    after `_parse_html` has taken the page's lines from it.
    """
    from gne.utils import pre_parse
    from lxml import etree

    title_extractor, content_extractor = _gne_extractors()
    root = html.root
    try:
        title = title_extractor.extract(root) or ""
    except Exception:  # GNE's title rules must never cost the article (a malformed page)
        title = ""
    try:
        try:
            etree.strip_tags(root, "br")  # GNE's own input step (a regex there), so its scores are GNE's
            pre_parse(root)
            ranked = content_extractor.extract(root)
        except (ValueError, ZeroDivisionError, RecursionError):
            # GNE fails on degenerate pages (control characters it cannot write back into
            # the tree, the log of a link-only density): kg's line rules instead
            ranked = []
        if not ranked:
            return title, None, 0.0
        info = ranked[0][1]
        span = html.spans.get(info["node"])
        # GNE may rank one long paragraph above the block of paragraphs it is part of:
        # take the parent when it adds paragraphs, not links or menus.
        parent = info["node"].getparent()
        if isinstance(span, tuple) and span[1] - span[0] <= 1 and parent is not None and parent.tag != "body":
            outer = html.spans.get(parent)
            parent_info = content_extractor.node_info.get(hash(parent))
            if isinstance(outer, tuple) and parent_info and parent_info["ti"]:
                lines = html.lines[outer[0]:outer[1]]
                prose = sum(len(line) for line in lines if _is_prose(line))
                if (parent_info["lti"] / parent_info["ti"] < 0.1 and prose >= 0.8 * sum(map(len, lines))
                        and prose > 1.5 * sum(len(line) for line in html.lines[span[0]:span[1]])):
                    span, info = outer, parent_info
        node = info["node"]
    finally:
        content_extractor.reset()  # release the page's nodes
    links = info["lti"] / info["ti"] if info["ti"] else 1.0
    if _in_list_item(node):
        links = 1.0  # one item of a list (a forum thread, a news index): the page is the list
    return normalize_line(title), span if isinstance(span, tuple) else None, links


def _in_list_item(node, depth: int = 5, items: int = 5) -> bool:
    """True when `node` is, or is inside, an <li> among `items` or more (or is that list): an entry of a list page."""
    if node is not None and node.tag in ("ul", "ol") and sum(1 for c in node if c.tag == "li") >= items:
        return True
    for _ in range(depth):
        if node is None:
            return False
        parent = node.getparent()
        if node.tag == "li" and parent is not None and sum(1 for c in parent if c.tag == "li") >= items:
            return True
        node = parent
    return False


def _line_of(lines: list[str], hint: str | None, start: int, before: int) -> int | None:
    """Index of the page line that is the title `hint` (or holds it, GNE's title can be part of a line)."""
    if not hint or len(hint) < 2:
        return None
    best = None
    # above the body block first (nearest first), then inside its first lines
    for i in [*range(min(start, len(lines)) - 1, -1, -1), *range(start, min(before, len(lines)))]:
        line = lines[i]
        if line == hint:
            return i
        if best is None and _looks_like_title(line) and (
                (hint in line and len(line) <= len(hint) + 12) or (line in hint and len(line) >= 0.6 * len(hint))):
            best = i
    return best


# A list page: the element GNE ranks first is mostly link text (a news index, a forum).
_MAX_LINK_SHARE = 0.5


def _extract_html(page: Page, html: _Html) -> Article | None:
    """The article of an HTML page, its body being the element GNE picks; None when GNE finds none."""
    lines = html.lines
    if html.root is None or not lines:
        return None
    gne_title, span, links = _gne_body(html)
    if span is None:
        return None
    start, end = span
    if links > _MAX_LINK_SHARE:
        raise InputError(page.path, "no article: a list or index page (the main block is mostly links)", page.line,
                         "expected an article page")
    site = _site_of(lines)

    # The title: GNE's (the <h1> that matches <title>), an <h1>, or kg's line above the metadata.
    title_idx = None
    for hint in (gne_title, html.h1, _clean_value(html.meta.get("articletitle"))):
        title_idx = _line_of(lines, hint, start, min(end, start + 40))
        if title_idx is not None:
            break
    # The metadata line: after the title, or at the top of the body element.
    first = title_idx + 1 if title_idx is not None and title_idx < start + 3 else start
    meta_idx = None
    for i in range(first, min(len(lines), max(start, first) + 4)):
        if _is_meta_line(lines[i]):
            meta_idx = i
            break
        if _is_prose(lines[i]):
            break  # the body has begun: a metadata line below it is not the header
    if meta_idx is None and title_idx is None:
        top = max(0, start - 10)
        meta_idx = _find_meta(lines[top: min(end, start + 4)])
        meta_idx = None if meta_idx is None else meta_idx + top
    meta: dict[str, str] = {}
    meta_end = -1
    if meta_idx is not None:
        for i in range(meta_idx, len(lines)):
            if i > meta_idx and not _is_meta_line(lines[i]):
                break
            meta_end = i
            for k, v in _header_fields(lines[i]).items():
                meta.setdefault(k, v)
        if title_idx is None:
            title_idx = _title_before(lines, meta_idx, html)
    if title_idx is None:
        first_prose = next((i for i in range(start, end) if _is_prose(lines[i])), start)
        title_idx = _title_before(lines, first_prose, html)
    title = lines[title_idx] if title_idx is not None else None

    fallback = False
    if title_idx is not None:
        # GNE's block must be the text under the title. A block above it, inside the
        # metadata, or below more prose than it holds (a 推荐阅读 box) is not: then
        # kg's own rules take the lines from the title down, to the page furniture.
        after = max(title_idx, meta_end) + 1

        def prose(a: int, b: int) -> int:
            return sum(len(line) for line in lines[a:b] if _is_prose(line))

        if end <= after or (start > after and prose(after, start) > prose(start, end)):
            fallback = True
            # from the first paragraph: what lies between it and the title is the share bar
            start = next((i for i in range(after, len(lines)) if _is_prose(lines[i])), after)
            end = len(lines)
    body_start = max(start, (title_idx + 1) if title_idx is not None and title_idx < end else start,
                     meta_end + 1 if start <= meta_end < end else start)
    try:
        title, body = _clean_body(page, lines[body_start:end], title, dedupe=False, restart=not fallback)
    except InputError:
        if links > 0.3:
            raise InputError(page.path, "no article: a list or index page (the main block is mostly links)",
                             page.line, "expected an article page") from None
        raise
    if not any(parse_date(v) for v in meta.values()):
        # A date printed near the title but in no labelled line (2020-06-12 10:00 新华网),
        # or a metadata line under the body (发布日期：... 责任编辑：...).
        near = range(title_idx + 1 if title_idx is not None else start, min(len(lines), body_start + 1))
        for i in [*near, *range(end, min(len(lines), end + 8))]:
            line = lines[i]
            if len(line) <= 80 and not _is_prose(line) and parse_date(line) and (i in near or _is_meta_line(line)):
                meta.setdefault("日期", line)
                break
    return _finish(page, lines, html, site, title, title_idx, meta, body_start, body)


def _prose_chars(lines: list[str]) -> int:
    return sum(len(line) for line in lines if _is_prose(line))


def _clean_body(page: Page, lines: list[str], title: str | None, dedupe: bool = True, restart: bool = False,
                bylines: bool = False) -> tuple[str | None, list[str]]:
    """The body paragraphs of `lines` (from where the body starts): furniture, metadata and repeats dropped.

    `dedupe` drops a line seen before (a text page may hold its article twice);
    the body element of an HTML page repeats lines only on purpose (code, refrains).
    `restart`: `lines` are one block of the page (GNE's); at an end marker after a
    line or two of prose, with far more still to come in the block, what came
    before was a promo box or a teaser, and the body starts again after the marker.
    `bylines` keeps a line that is only a byline (■记者 林若野 余圣建) or an original headline
    (原标题:...), which the menu and furniture rules would drop: ANNOTATION.md counts them.
    Text pages only: the body gold of `evaluate.py html` leaves them out.
    """
    body: list[str] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if title and line == title and body and not _copy_follows(lines, i, title, seen if dedupe else set(body)):
            continue  # a photo caption that repeats the title, with more of the article below it
        if _is_breadcrumb(line) or _END.match(line) or (title and line == title and body):
            if not body:
                continue  # a share bar or breadcrumb above the first paragraph
            collected = _prose_chars(body)
            if restart and collected < 150 and _prose_chars(lines[i + 1:]) > 3 * collected:
                body, seen = [], set()
                continue
            break  # the article is over: a second copy, or page furniture follows
        if bylines and _is_text_credit(line):
            if line not in body:
                body.append(line)
            continue
        if _is_footer(line) or _is_boilerplate(line):
            if _is_footer(line) and body:
                break
            continue
        if _is_meta_line(line) and not body:
            continue
        if not _WORD.search(line):
            continue  # no letter, digit or character at all (•••, ������ where emoji were lost)
        if dedupe:
            if line in seen:
                continue
            seen.add(line)
        body.append(line)
    # Trailing menu items after the last paragraph (a list of short links).
    while len(body) > 1 and _is_short_nav(body[-1]) and not _is_prose(body[-1]):
        body.pop()
    # A trailing list of links (related articles): three or more lines that are not sentences.
    tail = 0
    while tail < len(body) and not _is_prose(body[-1 - tail]):
        tail += 1
    if tail >= 3 and tail < len(body):
        del body[-tail:]
    if title is None and len(body) > 1 and not _is_prose(body[0]):
        if _looks_like_title(body[0]):
            title = body.pop(0)  # the title under its date line (2020-06-12 / 标题 / 正文)
        elif _is_short_nav(body[0]) and not (bylines and _is_byline_line(body[0])):
            body.pop(0)
    if not any(_is_prose(ln) or len(ln) >= 15 for ln in body):
        raise InputError(page.path, "no article: only menus, footers or metadata", page.line,
                         "the page has no paragraph of text")

    return title, body


def _copy_follows(lines: list[str], i: int, title: str, body: set[str]) -> bool:
    """Whether the title at lines[i] starts a second copy of the article (a paragraph already read
    follows within a few lines) or ends it (no paragraph follows at all), rather than being a
    caption repeated under a photo."""
    ahead = [ln for ln in lines[i + 1: i + 8] if ln != title]
    return not any(_is_prose(ln) for ln in lines[i + 1:]) or any(ln in body for ln in ahead)


# Credit lines (责任编辑:李四, 记者/王宁, 编辑:张三 审核:李四): ANNOTATION.md section 2 counts their
# names as PERSON, so they stay in the article's text, after the body.
_CREDIT_LABEL = (r"(?:责任编辑|新媒体编辑|网络编辑|值班编辑|编辑|责编|审核|审校|校对|初审|复审|终审|记者|通讯员|"
                 r"摄影|撰稿|供稿|监制)")
_CREDIT_NAMES = r"[\u4e00-\u9fff·]{2,6}(?:[ \u3000、，,]+[\u4e00-\u9fff·]{2,6})*"
_CREDIT_LINE = re.compile(
    rf"^[【\[(（]?\s*{_CREDIT_LABEL}\s*[:：/｜|]\s*{_CREDIT_NAMES}"
    rf"(?:[ \u3000]+{_CREDIT_LABEL}\s*[:：/｜|]\s*{_CREDIT_NAMES})*\s*[】\])）]?$")
# A credit that names no person: the site itself, an office, nobody (编辑:本站, 审核:办公室, 佚名).
_NOT_A_NAME = re.compile(r"本站|佚名|未知|不详|管理员|(?:网|站|办|部|室|社|局|委|会|中心|报|台)(?:\s|$)")
# How far below the last paragraph credit lines are looked for, and how far above the first for bylines.
_CREDIT_WINDOW = 8
_HEAD_WINDOW = 4


def _credits(lines: list[str], body_start: int, body: list[str], bylines: bool) -> list[str]:
    """The credit lines among and just below the body's lines of the page that the body left out
    (and the bylines, with `bylines`)."""
    last, k = body_start - 1, body_start
    for line in body:
        try:
            k = lines.index(line, k)
        except ValueError:
            continue
        last = k
    kept = set(body)
    found: list[str] = []
    for line in lines[body_start: last + 1 + _CREDIT_WINDOW]:
        if line in kept or line in found:
            continue
        if (_CREDIT_LINE.match(line) and not _NOT_A_NAME.search(line)) or (
                bylines and _is_text_credit(line)):
            found.append(line)
    return found


def _finish(page: Page, lines: list[str], html: _Html | None, site: str | None, title: str | None,
            title_idx: int | None, meta: dict[str, str], body_start: int, body: list[str]) -> Article:
    """Site, date, source, author and the `Article` record, from what the page's rules found."""
    for line in lines:
        if site:
            break
        if _is_footer(line):
            site = _site_from_footer(line)
    if not site and html is not None:
        site = _clean_value(html.meta.get("sitename") or html.meta.get("og:site_name"))
        if not site and html.title:
            # <title>文章标题 - 某某市人民政府</title>: the last part names the site.
            last = re.split(r"\s*[-_|｜—–]+\s*", html.title)[-1].strip()
            if last != html.title and len(last) >= 4 and _ORG_END.search(last) and not _GENERIC_COLUMN.search(last):
                site = last

    date = None
    for key in ("发布时间", "发布日期", "更新时间", "更新日期", "发表时间", "时间", "日期"):
        if key in meta:
            date = parse_date(meta[key]) or _parse_short_year(meta[key])
            if date:
                break
    if date is None and meta:
        date = next((d for d in (parse_date(v) for v in meta.values()) if d), None)
    if date is None and html is not None:
        for key in ("pubdate", "publishdate", "firstpublishedtime", "article:published_time", "date"):
            if key in html.meta:
                date = parse_date(html.meta[key]) or _parse_compact_date(html.meta[key])
                if date:
                    break
    if date is None and title_idx is not None:
        # A date line just under the title, not recognised as a metadata line.
        for line in lines[title_idx + 1: title_idx + 3]:
            date = parse_date(line) if len(line) <= 60 else None
            if date:
                break
    if date is None:
        # the page prints no date of its own (a text dump of the body, a page that lost its header)
        date = date_from_url(page.url)

    source = None
    for key in ("文章来源", "来源", "来源于", "信息来源", "稿件来源", "新闻来源"):
        if meta.get(key):
            source = meta[key]
            break
    if source is None and html is not None:
        source = _clean_value(html.meta.get("contentsource") or html.meta.get("source"))
    author = _clean_value(meta.get("作者") or meta.get("撰稿"))
    if author in _NO_AUTHOR:
        author = None

    text_page = html is None
    publisher = _publisher(lines[:body_start]) if text_page else None
    # a bare source and the publisher only on text pages: the body gold of evaluate.py html keeps no
    # metadata but the labelled byline
    byline = _byline(lines[:body_start], _clean_value(source), author, bare=text_page)
    if not text_page or (publisher and title and publisher[0] in title):
        publisher = None
    # in the page's order: the catalogue that names the publisher comes before the source line
    head = [x for x in (title, publisher and publisher[1], byline) if x]
    if source is None and publisher:
        source = publisher[0]
    if text_page:
        # A reporters' line between the title and the body (标题 / 本报记者 赵书彬 万靖 / 正文), or an
        # original headline near the title, is article text too. Not on HTML pages: the body gold
        # of evaluate.py html leaves them out.
        top = max(title_idx + 1 if title_idx is not None else 0, body_start - _HEAD_WINDOW)
        near = max(0, (title_idx if title_idx is not None else body_start) - _HEAD_WINDOW)
        head += [line for i, line in enumerate(lines[:body_start]) if line not in body and line not in head
                 and ((i >= top and _is_byline_line(line)) or (i >= near and _ORIGINAL_TITLE.match(line)))]
    credits = _credits(lines, body_start, body, bylines=text_page)
    if title is None and text_page:
        original = next((m for m in map(_ORIGINAL_TITLE.match, [*head, *body, *credits]) if m), None)
        title = original.group(1) if original else None
    text = "\n".join([*head, *body, *credits])
    return Article(
        id=article_id(title, [*body, *credits]),
        path=page.path,
        meta=ArticleMeta(title=title, date=date, source=_clean_value(source), author=author),
        text=text,
        url=page.url,
        site=site,
    )
