"""Keep the article of a crawled page and drop the rest: `Page -> Article`.

One responsibility: find the title, the metadata (date, source, author) and the
body paragraphs, and remove menus, breadcrumbs, footers, navigation lists and a
repeated copy of the article. Every line of `Article.text` is a line of the page
after whitespace normalisation (`page_lines`): nothing is rewritten or invented.

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
from html.parser import HTMLParser

from kg.errors import InputError
from kg.records import Article, ArticleMeta, Page

__all__ = ["extract_article", "page_lines", "html_to_lines", "normalize_line", "article_id", "parse_date"]

# ---------------------------------------------------------------- HTML -> lines

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "object", "select", "option"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header",
    "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
    "thead", "title", "tr", "ul",
})
_VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "wbr"})


class _LineParser(HTMLParser):
    """Collects visible text as lines; remembers <title>, <h1> and <meta name=... content=...>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._buf: list[str] = []
        self._skip = 0
        self._in_title = False
        self._in_h1 = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.meta: dict[str, str] = {}

    def _flush(self) -> None:
        if self._buf:
            self.lines.append("".join(self._buf))
            self._buf = []

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            if tag not in _VOID_TAGS:
                self._skip += 1
            return
        if tag == "meta":
            d = {k.lower(): (v or "") for k, v in attrs if k}
            name = (d.get("name") or d.get("property") or "").strip().lower()
            if name and d.get("content"):
                self.meta.setdefault(name, d["content"])
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title":
            self._in_title = True
        elif tag == "h1":
            self._in_h1 = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS:
            self._skip = max(0, self._skip - 1)

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._skip:
            return
        if self._in_title:
            # The <title> is not body text: kept aside as a hint only.
            self.title_parts.append(data)
            return
        if self._in_h1:
            self.h1_parts.append(data)
        parts = data.split("\n")
        # Newlines inside an inline run are layout in HTML: join them with a space.
        self._buf.append(" ".join(parts))

    def close(self):
        super().close()
        self._flush()


@dataclass
class _Html:
    lines: list[str]
    title: str | None = None
    h1: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def _parse_html(html: str) -> _Html:
    parser = _LineParser()
    # A truncated page may end inside a tag ("...</p"): that is markup, not text.
    last_lt, last_gt = html.rfind("<"), html.rfind(">")
    if last_lt > last_gt and re.match(r"<[/!?a-zA-Z]", html[last_lt:last_lt + 2]):
        html = html[:last_lt]
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient, but a hostile page must never crash extraction
        parser._flush()
    title = normalize_line("".join(parser.title_parts)) or None
    h1 = normalize_line("".join(parser.h1_parts)) or None
    return _Html(lines=parser.lines, title=title, h1=h1, meta=parser.meta)


def html_to_lines(html: str) -> list[str]:
    """Visible text of an HTML page as normalised, non-empty lines (block elements break lines).

    >>> html_to_lines("<html><head><style>p{}</style></head><body><p>第一段<b>加粗</b></p><div>第二段<br>第三行</div><script>x()</script>")
    ['第一段加粗', '第二段', '第三行']
    """
    lines = []
    for raw in _parse_html(html).lines:
        for piece in raw.splitlines():
            line = normalize_line(piece)
            if line:
                lines.append(line)
    return lines


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


_BYLINE_LABELS = r"(?:作\s*者|撰\s*稿|文章来源|信息来源|稿件来源|新闻来源|来\s*源)"


def _byline(lines: list[str], source: str | None, author: str | None) -> str | None:
    """The source and author as the page writes them (文章来源:巴中日报), for the text.

    ANNOTATION.md counts the metadata as part of the article, so its entities
    (巴中日报, a byline's person) need offsets in `Article.text`. The byline is
    one stretch copied from one metadata line, never composed.
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
    for m in _DATE.finditer(text):
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


def _parse_compact_date(text: str) -> str | None:
    m = _COMPACT_DATE.search(text)
    if m:
        try:
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    return None


# A line that is only a date (and maybe a time): the date line under a title.
_DATE_LINE = re.compile(
    r"^[\[(（【]?\s*(?:(?:发布|更新|发表|上传|创建)?(?:时间|日期)\s*[:：]\s*)?" + _DATE.pattern + r"\s*[\])）】]?$"
)

# ---------------------------------------------------------------- metadata line

_META_LABEL = re.compile(
    r"(?:^|(?<=[\s|｜/【\[(（]))"
    r"(作\s*者|撰\s*稿|文章来源|信息来源|稿件来源|新闻来源|来\s*源|发布时间|发布日期|更新时间|更新日期|发表时间|"
    r"时\s*间|日\s*期|点击数|点击量|点击|浏览次数|浏览量|浏览|阅读次数|阅读量|阅读|访问量|编辑|责任编辑|字号|字体|"
    r"发布者|发布人|发布机构|发文机关|审核|校对|信息员)\s*[:：]\s*"
)
_KEY_LABELS = ("作者", "撰稿", "来源", "文章来源", "信息来源", "稿件来源", "新闻来源", "发布时间", "发布日期",
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
        label = re.sub(r"\s+", "", m.group(1))
        fields.setdefault(label, value)
    return fields


def _is_meta_line(line: str) -> bool:
    if len(line) > 200:
        return False
    if _DATE_LINE.match(line):
        return True
    fields = _meta_fields(line)
    if not any(k in fields for k in _KEY_LABELS):
        return False
    # A body sentence that happens to say 来源: is long prose; a metadata line is mostly labels.
    labelled = sum(len(k) + len(v) + 1 for k, v in fields.items())
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
    r"^(?:上一篇|下一篇|上一条|下一条|相关(?:文章|新闻|链接|阅读|报道)|推荐阅读|延伸阅读|热点(?:新闻|文章)|"
    r"【?\s*(?:打印|关闭|打印本页|关闭窗口|返回顶部|加入收藏|分享到)\s*】?)"
)
_FURNITURE = re.compile(
    r"^【?\s*(?:打印|关闭|打印本页|关闭窗口|返回顶部|加入收藏|分享到|收藏本页|字号|字体)\s*[:：】]?|"
    r"^(?:责任编辑|编辑|审核|校对|初审|复审|终审|分享到)\s*[:：]|"
    r"^\[?\s*字体\s*[:：]?\s*大\s*中\s*小"
)
_BULLET = re.compile(r"^[•·●▪◦■□◆◇►▶▸‣∙・\-*>»]\s*")
_SENTENCE_PUNCT = re.compile(r"[。！？；，、：“”\"!?;,:()（）《》]")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_breadcrumb(line: str) -> bool:
    return bool(_BREADCRUMB.match(line)) and (":" in line[:12] or "：" in line[:12] or ">" in line)


def _is_footer(line: str) -> bool:
    return bool(_FOOTER.search(line))


def _is_nav_list(line: str) -> bool:
    """A run of short menu items on one line: 网站首页 妇联简介 工作动态 ..."""
    tokens = line.split(" ")
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
        if len(item) >= 5 and _ORG_END.search(item) and not _GENERIC_COLUMN.search(item):
            return item
        return None
    return None


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
    return metas[0] if metas else None


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
    newlines (just the body when no title is found). Raises `InputError` when the
    page holds no article (nothing but menus, footers or metadata).
    """
    html = _parse_html(page.content) if page.kind == "html" else None
    lines = page_lines(page)
    if not lines:
        raise InputError(page.path, "no article: the page has no text", page.line,
                         "check that the crawler saved the page body")

    site = None
    for line in lines:
        if _is_breadcrumb(line):
            site = _site_from_breadcrumb(line)
            if site:
                break

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
            for k, v in _meta_fields(lines[i]).items():
                meta.setdefault(k, v)
            if _DATE_LINE.match(lines[i]):
                meta.setdefault("日期", lines[i])
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

    body: list[str] = []
    seen: set[str] = set()
    for line in lines[body_start:]:
        if _is_breadcrumb(line) or _END.match(line) or (title and line == title and body):
            break  # the article is over: a second copy, or page furniture follows
        if _is_footer(line) or _is_boilerplate(line):
            if _is_footer(line) and body:
                break
            continue
        if _is_meta_line(line) and not body:
            continue
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
        elif _is_short_nav(body[0]):
            body.pop(0)
    if not any(_is_prose(ln) or len(ln) >= 15 for ln in body):
        raise InputError(page.path, "no article: only menus, footers or metadata", page.line,
                         "the page has no paragraph of text")

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
            date = parse_date(meta[key])
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

    source = None
    for key in ("文章来源", "来源", "信息来源", "稿件来源", "新闻来源"):
        if meta.get(key):
            source = meta[key]
            break
    if source is None and html is not None:
        source = _clean_value(html.meta.get("contentsource") or html.meta.get("source"))
    author = _clean_value(meta.get("作者") or meta.get("撰稿"))
    if author in _NO_AUTHOR:
        author = None

    byline = _byline(lines[:body_start], _clean_value(source), author)
    head = [x for x in (title, byline) if x]
    text = "\n".join([*head, *body])
    return Article(
        id=article_id(title, body),
        path=page.path,
        meta=ArticleMeta(title=title, date=date, source=_clean_value(source), author=author),
        text=text,
        url=page.url,
        site=site,
    )
