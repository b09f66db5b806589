"""Ingestion: files, folders, stdin, JSONL, encodings, and every kind of bad input."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.sources import decode_bytes, looks_like_html, read_pages

DATA = Path(__file__).parent / "data"
TEXT = "市委召开全会\n发布时间:2020年6月12日\n会议由市委书记主持，研究部署重点工作。\n"


def read_all(paths, **kw):
    errors: list[InputError] = []
    pages = list(read_pages(paths, errors=errors, **kw))
    return pages, errors


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        # 㐀 (CJK extension A) is outside GBK: only GB18030 decodes it.
        (("㐀" + TEXT).encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings_are_detected_per_file(tmp_path, data, encoding):
    (tmp_path / "page.txt").write_bytes(data)
    pages, errors = read_all([tmp_path / "page.txt"])
    assert errors == []
    assert [p.encoding for p in pages] == [encoding]
    assert pages[0].content.endswith(TEXT)
    assert not pages[0].content.startswith("\ufeff")


def test_gb18030_only_text_is_not_gbk():
    with pytest.raises(UnicodeEncodeError):
        "㐀".encode("gbk")


def test_utf8_cut_inside_last_character_stays_utf8():
    data = "巴中市委召开会议".encode("utf-8")[:-1]
    text, encoding = decode_bytes(data, "x.txt")
    assert (text, encoding) == ("巴中市委召开会", "utf-8")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b" \n\r\n\t ", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file (NUL bytes)"),
        (bytes(range(1, 9)) * 20 + b"abc", "binary file (control characters)"),
        (b"\x80\xff\xfe abc \xff", "undecodable: neither UTF-8 nor GB18030/GBK"),
    ],
)
def test_bad_files_are_reported_with_path_and_reason(tmp_path, data, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    pages, errors = read_all([bad, good])
    assert [p.path for p in pages] == [str(good)]  # the good file is still read
    assert len(errors) == 1
    assert errors[0].path == str(bad)
    assert errors[0].reason == reason
    assert str(bad) in str(errors[0])


def test_without_an_error_sink_the_error_is_raised(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match="empty file"):
        list(read_pages([tmp_path / "empty.txt"]))


def test_on_error_callback_gets_every_error(tmp_path):
    seen = []
    pages = list(read_pages([tmp_path / "missing.txt", DATA / "article.html"], on_error=seen.append))
    assert len(pages) == 1
    assert [e.reason for e in seen] == ["no such file or directory"]


def test_directories_are_walked_recursively_sorted_skipping_hidden_and_other_files(tmp_path):
    html = "<html><body><p>正文</p></body></html>"
    files = {"b.txt": TEXT, "a/z.html": html, "a/y.htm": TEXT, ".hidden.txt": TEXT, ".git/c.txt": TEXT,
             "notes.md": TEXT, "img.png": TEXT, "c.jsonl": '{"text": "标题\\n正文内容很长，这是一段话。"}\n',
             "s/1.shtml": html, "s/2.php": html, "s/3.aspx": TEXT, "s/4": html, "s/5": TEXT, "s/6.jsp?id=7": html}
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    pages, errors = read_all([tmp_path])
    assert errors == []
    found = {Path(p.path).relative_to(tmp_path).as_posix(): p.kind for p in pages}
    assert list(found) == ["a/y.htm", "a/z.html", "b.txt", "c.jsonl", "s/1.shtml", "s/2.php", "s/3.aspx", "s/4",
                           "s/5", "s/6.jsp?id=7"]
    # each page is recognised by its content, whatever its name says
    assert found == {"a/y.htm": "text", "a/z.html": "html", "b.txt": "text", "c.jsonl": "text", "s/1.shtml": "html",
                     "s/2.php": "html", "s/3.aspx": "text", "s/4": "html", "s/5": "text", "s/6.jsp?id=7": "html"}


def test_a_named_file_is_read_whatever_its_extension(tmp_path):
    path = tmp_path / "page.dat"
    path.write_text(TEXT, encoding="utf-8")
    pages, errors = read_all([path])
    assert errors == [] and len(pages) == 1


def test_an_empty_directory_is_an_error(tmp_path):
    pages, errors = read_all([tmp_path])
    assert pages == []
    assert errors[0].reason == "no page files in directory"


def test_html_is_detected_by_content():
    assert looks_like_html("<!DOCTYPE html><html><body><p>正文</p></body></html>")
    assert looks_like_html("  <div class='a'>正文</div>")
    assert not looks_like_html(TEXT)
    assert not looks_like_html("价格 < 100 且 > 50 的商品")


def test_html_in_a_txt_file_is_html(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text("<html><body><p>正文</p></body></html>", encoding="utf-8")
    (page,), _ = read_all([path])
    assert page.kind == "html"


def test_jsonl_gives_one_page_per_line_and_reports_bad_lines_with_their_number():
    pages, errors = read_all([DATA / "pages.jsonl"])
    assert [(p.line, p.kind) for p in pages] == [(1, "text"), (3, "html"), (6, "text")]
    assert pages[0].url == "http://example.gov.cn/a.html"
    assert pages[1].url is None
    assert all(p.path == str(DATA / "pages.jsonl") for p in pages)
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (2, "invalid JSON"),
        (4, "JSON page has no 'text' or 'html' string"),
    ]
    assert str(errors[0]).startswith(f"{DATA / 'pages.jsonl'}:2: invalid JSON")


def test_json_file_with_a_list_of_pages(tmp_path):
    path = tmp_path / "pages.json"
    path.write_text('[{"text": "第一页"}, {"html": "<p>第二页</p>"}, 3]', encoding="utf-8")
    pages, errors = read_all([path])
    assert [p.content for p in pages] == ["第一页", "<p>第二页</p>"]
    assert [e.reason for e in errors] == ["JSON page is not an object"]


def test_gbk_jsonl(tmp_path):
    path = tmp_path / "pages.jsonl"
    path.write_bytes('{"text": "巴中市委召开会议"}\n'.encode("gbk"))
    (page,), errors = read_all([path])
    assert errors == [] and page.encoding == "gbk" and page.content == "巴中市委召开会议"


def test_stdin_text_and_jsonl():
    stdin = io.TextIOWrapper(io.BytesIO(TEXT.encode("gbk")))
    (page,), errors = read_all(["-"], stdin=stdin)
    assert (page.path, page.encoding, page.kind, page.content) == ("-", "gbk", "text", TEXT)

    stdin = io.TextIOWrapper(io.BytesIO('{"text": "甲"}\n{"html": "<p>乙</p>"}\n'.encode("utf-8")))
    pages, errors = read_all(["-"], stdin=stdin)
    assert [(p.path, p.line, p.kind) for p in pages] == [("-", 1, "text"), ("-", 2, "html")]


def test_a_single_path_string_is_accepted(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    pages, _ = read_all(str(path))
    assert len(pages) == 1


# ---------------------------------------------------------------- HTML pages as crawlers save them

BIG5_TEXT = "臺灣新聞報導，今天的天氣很好，我們一起去公園散步。這是一個很重要的會議。"


@pytest.mark.parametrize(
    "html, codec, expected",
    [
        # declared in <meta>, the bytes GBK (GB2312 pages are read as GB18030, their superset)
        ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
         "<body><p>巴中市委召开全会，研究部署工作。</p></body></html>", "gbk", "gb18030"),
        ('<html><head><meta charset="big5"></head><body><p>' + BIG5_TEXT + "</p></body></html>", "big5", "big5hkscs"),
        # no declaration: Big5 bytes read as GBK give rare characters, Big5 gives common ones
        ("<html><body><p>" + BIG5_TEXT + "</p></body></html>", "big5", "big5hkscs"),
        ("<html><body><p>巴中市委召开全会，研究部署工作。我们的会议很重要。</p></body></html>", "gbk", "gbk"),
        # a page that says gb2312 but was saved as UTF-8 is UTF-8
        ('<html><head><meta charset="gb2312"></head><body><p>巴中市委召开全会。</p></body></html>', "utf-8", "utf-8"),
        ('<?xml version="1.0" encoding="gbk"?><html><body><p>巴中市委召开全会。</p></body></html>', "gbk", "gb18030"),
    ],
)
def test_html_charset_from_meta_or_detection(tmp_path, html, codec, expected):
    path = tmp_path / "page.shtml"
    path.write_bytes(html.encode(codec))
    (page,), errors = read_all([path])
    assert errors == []
    assert (page.kind, page.encoding, page.content) == ("html", expected, html)


def test_undecodable_html_names_its_declared_charset(tmp_path):
    bad = tmp_path / "bad.htm"
    bad.write_bytes(b'<html><head><meta charset="gb2312"></head><body><p>\x80\xff\xfe abc \xff</p></body></html>')
    pages, errors = read_all([bad])
    assert pages == [] and errors[0].path == str(bad)
    assert errors[0].reason == "undecodable: neither UTF-8 nor GB18030/GBK"
    assert "declares gb18030" in str(errors[0])


def test_a_crawler_folder_of_real_pages_gives_their_articles(tmp_path):
    from kg.article import extract_article

    src = DATA / "html" / "tests_zsnews_1.html"
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "1.shtml").write_bytes(src.read_bytes())
    # no extension, GBK bytes under a meta tag that says utf-8: the bytes win
    (tmp_path / "news" / "2").write_bytes(src.read_bytes().decode("utf-8").encode("gbk"))
    (tmp_path / "news" / "3.jsonl").write_text(
        json.dumps({"url": "http://www.zsnews.cn/1.shtml", "html": src.read_text(encoding="utf-8")}) + "\n",
        encoding="utf-8")
    pages, errors = read_all([tmp_path])
    assert errors == []
    assert [(Path(p.path).name, p.kind, p.encoding, p.line) for p in pages] == [
        ("1.shtml", "html", "utf-8", None), ("2", "html", "gbk", None), ("3.jsonl", "html", "utf-8", 1)]
    titles = {extract_article(p).meta.title for p in pages}
    assert titles == {"顺德区大良街道党工委委员潘卓辉一行到众创金融街开展调研工作"}


# ---------------------------------------------------------------- odd inputs (issue 17)


def test_jsonl_lines_end_at_newline_only(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps({"text": "第一段\u2028第二段\u0085第三段\r第四段"}, ensure_ascii=False) + "\n"
                    + '{"text": "乙"}\n', encoding="utf-8")
    pages, errors = read_all([path])
    assert errors == []
    assert [(p.line, p.content) for p in pages] == [(1, "第一段\u2028第二段\u0085第三段\r第四段"), (2, "乙")]


@pytest.mark.parametrize("bad_line, reason", [
    ("[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deep"),
    ('{"text": "甲", "n": ' + "9" * 5000 + "}", "invalid JSON: Exceeds the limit"),
])
def test_a_hostile_jsonl_line_is_that_line_and_the_run_goes_on(tmp_path, bad_line, reason):
    path = tmp_path / "p.jsonl"
    path.write_text('{"text": "甲"}\n' + bad_line + '\n{"text": "乙"}\n', encoding="utf-8")
    pages, errors = read_all([path])
    assert [p.content for p in pages] == ["甲", "乙"]
    assert [e.line for e in errors] == [2] and errors[0].reason.startswith(reason)


def test_an_unreadable_subfolder_is_reported_like_an_unreadable_file(tmp_path, monkeypatch):
    import os as os_module

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "z.txt").write_text(TEXT, encoding="utf-8")
    real_walk = os_module.walk

    def walk(top, onerror=None, **kw):  # what os.walk does when listing a folder fails (root reads any folder)
        for root, dirs, files in real_walk(top, onerror=onerror, **kw):
            if "locked" in dirs:
                dirs.remove("locked")
                onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
            yield root, dirs, files

    monkeypatch.setattr("kg.sources.os.walk", walk)
    pages, errors = read_all([tmp_path])
    assert [Path(p.path).name for p in pages] == ["a.txt", "z.txt"]
    assert [(e.path, e.reason) for e in errors] == [(str(tmp_path / "locked"), "cannot read: Permission denied")]


def test_a_fifo_is_skipped_never_read(tmp_path):
    os_mkfifo = getattr(__import__("os"), "mkfifo")
    os_mkfifo(tmp_path / "pipe")  # opening it for reading would block the run forever
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    pages, errors = read_all([tmp_path])
    assert [Path(p.path).name for p in pages] == ["b.txt"]
    assert [(Path(e.path).name, e.reason) for e in errors] == [
        ("pipe", "skipped: not a regular file (a FIFO, socket or device)")]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(tmp_path, codec):
    path = tmp_path / "page.html"
    html = "<html><body><p>巴中市委召开全会，研究部署工作。</p></body></html>"
    path.write_bytes(html.encode(codec))
    (page,), errors = read_all([path])
    assert errors == [] and (page.encoding, page.kind, page.content) == (codec, "html", html)
