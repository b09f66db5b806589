"""Read what a crawler saved (files, directories, stdin; text, HTML, JSONL) into `Page` records.

One responsibility: bytes -> decoded `Page`s. Nothing here cleans the page; that
is `kg.article`. Encoding is detected per file: a BOM, then strict UTF-8, then the
charset an HTML page declares (`<meta charset>`, `http-equiv`, an XML
declaration), then GB18030/GBK or Big5, whichever reads as Chinese text. A bad
file or a bad JSONL line never stops the stream: it becomes an `InputError`
handed to the caller, and reading goes on.

>>> from kg.sources import decode_bytes
>>> decode_bytes("巴中".encode("gbk"), "x.txt")
('巴中', 'gbk')
"""
from __future__ import annotations

import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import InputError
from kg.records import Page

#: Extensions crawlers give HTML pages (server-side templates keep theirs: .shtml, .php, .aspx, ...).
HTML_SUFFIXES: frozenset[str] = frozenset(
    {".html", ".htm", ".shtml", ".shtm", ".xhtml", ".php", ".asp", ".aspx", ".jsp"})
JSON_SUFFIXES: frozenset[str] = frozenset({".jsonl", ".json"})
#: Extensions picked up when walking a directory, besides files without an extension
#: (a file named explicitly is read whatever its name). Each is recognised by its
#: content: a .html file holding plain text is a text page.
PAGE_SUFFIXES: frozenset[str] = frozenset({".txt", *HTML_SUFFIXES, *JSON_SUFFIXES})

_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|br|table|span|a\s+href|script|style)\b",
    re.IGNORECASE,
)
_UTF8_BOM = b"\xef\xbb\xbf"
# Control characters that never occur in a real page (tab, LF, CR, FF are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

ErrorSink = Callable[[InputError], None]


# The WHATWG encoding prescan reads a declared charset from the first bytes, before
# any parsing (a parser needs the text decoded first): <meta charset=...>,
# <meta http-equiv content="...; charset=...">, <?xml ... encoding="..."?>.
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
# A declared charset -> the Python codec that reads it. GB2312 and GBK pages are
# decoded as GB18030, their superset (browsers do the same), Big5 as Big5-HKSCS.
_CHARSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "x-x-big5": "big5hkscs", "cp950": "big5hkscs",
}
# Characters written alike in simplified and traditional Chinese and frequent in
# any text: GBK bytes read as Big5 (or the reverse) give rare characters instead.
_COMMON_HANZI = frozenset("的一是不了在人有我他中上大和地到以就出也你生能而子那得于下自之年作用道行所然家事成"
                          "方多去法如都同天分好小部其主理心本前但因只想日者力十民公此工使明性全三又正外"
                          "高由相見被利二等或新己制身果加月合回特代內信表化老世位次度任常先海通原名")


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED_CHARSET.search(data[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    return _CHARSETS.get(name, name)


def _chinese_score(text: str) -> int:
    return sum(1 for ch in text if ch in _COMMON_HANZI)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """`(text, encoding)` of UTF-16 without a BOM, or None: the NUL bytes of its ASCII sit all on one side of each pair."""
    if len(data) % 2:
        return None
    for encoding, zeros, other in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        # (a CJK character can have a NUL byte too, 开 is U+5F00: a few on the other side)
        if zeros.count(0) >= len(zeros) // 4 and other.count(0) * 8 <= zeros.count(0):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if text.strip() and not _CONTROL.search(text):
                return text, encoding
    return None


def decode_bytes(data: bytes, path: str = "-", line: int | None = None) -> tuple[str, str]:
    """Decode a page's bytes; return `(text, encoding)`.

    In order: a BOM (UTF-8, reported as ``utf-8-sig``; UTF-16), strict UTF-8 (valid
    UTF-8 is UTF-8 whatever a page declares: many saved pages say gb2312 and are
    not), the charset an HTML page declares, then GBK, GB18030 or Big5 (when both
    Chinese codecs read the bytes, the one giving more common characters wins).
    Raises `InputError` for an empty file, a binary file (NUL bytes or mostly
    control characters) and bytes that are none of these.
    """
    if not data.strip():
        raise InputError(path, "empty file" if line is None else "empty page", line,
                         "the crawler saved nothing for this page")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM (a page saved on Windows)
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(path, "undecodable: broken UTF-16", line, "re-save the page as UTF-8") from None
        if not text.strip():
            raise InputError(path, "empty file", line, "the crawler saved nothing for this page")
        return text, "utf-16"
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise InputError(path, "binary file (NUL bytes)", line, "expected a text, HTML or JSONL page")
    text, encoding = _decode_text(data)
    if text is None:
        declared = _declared_charset(data)
        hint = f"the page declares {declared}, " if declared else ""
        raise InputError(path, "undecodable: neither UTF-8 nor GB18030/GBK", line,
                         hint + "re-save the page as UTF-8")
    if not text.strip():
        raise InputError(path, "empty file", line, "the crawler saved nothing for this page")
    n_control = len(_CONTROL.findall(text))
    if n_control and n_control > max(2, len(text) // 20):
        raise InputError(path, "binary file (control characters)", line, "expected a text, HTML or JSONL page")
    return text, encoding


def _decode_utf8(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # A UTF-8 page cut off inside its last character (a truncated download)
        # is still UTF-8: drop the partial character rather than misread it as GBK.
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            try:
                return data[: exc.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None


def _decode_text(data: bytes) -> tuple[str | None, str]:
    if data.startswith(_UTF8_BOM):
        return _decode_utf8(data, "utf-8-sig"), "utf-8-sig"
    text = _decode_utf8(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    declared = _declared_charset(data)
    if declared and declared not in ("utf-8", "utf8"):
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong or unknown declaration: detect instead
    chinese = None
    for encoding in ("gbk", "gb18030"):
        try:
            chinese = (data.decode(encoding), encoding)
            break
        except UnicodeDecodeError:
            continue
    try:
        big5 = (data.decode("big5hkscs"), "big5hkscs")
    except UnicodeDecodeError:
        big5 = None
    if chinese and big5:
        return chinese if _chinese_score(chinese[0]) >= _chinese_score(big5[0]) else big5
    return chinese or big5 or (None, "")


def looks_like_html(text: str, limit: int | None = 4096) -> bool:
    """True when `text` has HTML tags (a doctype, <html>, <body>, <div>, <p>, ...) in its first `limit` characters."""
    return _HTML_SNIFF.search(text if limit is None else text[:limit]) is not None


def _page(path: str, text: str, encoding: str, *, kind: str | None = None, url: str | None = None,
          line: int | None = None) -> Page:
    if kind is None:
        kind = "html" if looks_like_html(text) else "text"
    return Page(path=path, content=text, kind=kind, url=url, encoding=encoding, line=line)


def _page_from_json(obj: object, path: str, encoding: str, line: int | None) -> Page:
    if not isinstance(obj, dict):
        raise InputError(path, "JSON page is not an object", line, 'expected {"text": ...} or {"html": ...}')
    url = obj.get("url")
    url = url if isinstance(url, str) and url else None
    for key, kind in (("html", "html"), ("text", None), ("content", None)):
        value = obj.get(key)
        if isinstance(value, str):
            if not value.strip():
                raise InputError(path, f"empty page ('{key}' is blank)", line)
            return _page(path, value, encoding, kind=kind, url=url, line=line)
    raise InputError(path, "JSON page has no 'text' or 'html' string", line, 'expected {"text": ...} or {"html": ...}')


def _pages_from_jsonl(text: str, path: str, encoding: str) -> Iterator[Page | InputError]:
    # JSON Lines ends a line at "\n" only: U+2028, U+0085 or a lone "\r" inside a string are text
    for lineno, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", lineno,
                             "one JSON object per line")
            continue
        except RecursionError:
            yield InputError(path, "invalid JSON: nested too deep", lineno, "one JSON object per line")
            continue
        except ValueError as exc:  # an integer of more digits than Python converts (sys.set_int_max_str_digits)
            yield InputError(path, f"invalid JSON: {exc}", lineno, "one JSON object per line")
            continue
        try:
            yield _page_from_json(obj, path, encoding, lineno)
        except InputError as exc:
            yield exc


def _pages_from_json(text: str, path: str, encoding: str) -> Iterator[Page | InputError]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        # A .json file holding one object per line is JSONL under another name.
        if text.lstrip().startswith("{") and exc.msg == "Extra data":
            yield from _pages_from_jsonl(text, path, encoding)
            return
        yield InputError(path, f"invalid JSON: {exc.msg}", exc.lineno, "expected a JSON object or a list of objects")
        return
    items = obj if isinstance(obj, list) else [obj]
    for item in items:
        try:
            yield _page_from_json(item, path, encoding, None)
        except InputError as exc:
            yield exc


def _looks_like_jsonl(text: str) -> bool:
    first = next((ln for ln in text.split("\n") if ln.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (json.JSONDecodeError, RecursionError, ValueError):
        return False


def pages_from_bytes(data: bytes, path: str, suffix: str = "") -> Iterator[Page | InputError]:
    """Pages of one input's bytes, errors yielded in place (never raised).

    `suffix` ".jsonl" or ".json" makes it JSON; without a suffix (stdin, a file
    without an extension) it is JSONL when the first line is a JSON object. Any
    other page is HTML or text by its content (tags anywhere in a page with an
    HTML extension, in the first 4,096 characters of the rest).
    """
    try:
        text, encoding = decode_bytes(data, path)
    except InputError as exc:
        yield exc
        return
    suffix = _suffix(suffix)
    if suffix == ".jsonl" or (not suffix and _looks_like_jsonl(text)):
        yield from _pages_from_jsonl(text, path, encoding)
    elif suffix == ".json":
        yield from _pages_from_json(text, path, encoding)
    else:
        # The content decides; a page named .html may still hold only text. An
        # HTML name lets the tags be anywhere (a page may open with a long comment).
        is_html = looks_like_html(text, None if suffix in HTML_SUFFIXES else 4096)
        yield _page(path, text, encoding, kind="html" if is_html else "text")


def _suffix(name: str) -> str:
    """The extension that says the format: lower case, without a saved query (page.php?id=3 -> .php)."""
    return name.split("?", 1)[0].lower()


def _walk(directory: Path) -> list[Path | InputError]:
    """Page files under `directory`, recursively, sorted by path, hidden files and folders skipped.

    A subfolder that cannot be listed is an `InputError` in its place, like an unreadable file.
    """
    found: list[tuple[tuple[str, ...], Path | InputError]] = []

    def unreadable(err: OSError) -> None:
        where = Path(err.filename) if err.filename else directory
        found.append((_rel(where), InputError(str(where), f"cannot read: {err.strerror or err}")))

    def _rel(path: Path) -> tuple[str, ...]:
        try:
            return path.relative_to(directory).parts
        except ValueError:
            return path.parts

    for root, dirs, files in os.walk(directory, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            suffix = _suffix(Path(name).suffix)
            if not name.startswith(".") and (not suffix or suffix in PAGE_SUFFIXES):
                path = Path(root) / name
                found.append((_rel(path), path))
    return [item for _, item in sorted(found, key=lambda kv: kv[0])]


def _iter_inputs(paths: Iterable[str | os.PathLike], stdin) -> Iterator[Page | InputError]:
    for raw in paths:
        name = os.fspath(raw)
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin
            data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
            if isinstance(data, str):
                data = data.encode("utf-8")
            yield from pages_from_bytes(data, "-")
            continue
        path = Path(name)
        if path.is_dir():
            found = False
            for file in _walk(path):
                found = True
                if isinstance(file, InputError):
                    yield file
                else:
                    yield from _read_file(file)
            if not found:
                yield InputError(name, "no page files in directory", None,
                                 "expected " + ", ".join(sorted(PAGE_SUFFIXES)) + " files or files without an extension")
        elif path.exists():
            yield from _read_file(path)
        else:
            yield InputError(name, "no such file or directory")


def _read_file(path: Path) -> Iterator[Page | InputError]:
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            # a FIFO would block the run, a device never ends: never opened
            yield InputError(str(path), "skipped: not a regular file (a FIFO, socket or device)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    yield from pages_from_bytes(data, str(path), path.suffix)


def read_pages(
    paths: Iterable[str | os.PathLike],
    *,
    errors: list[InputError] | None = None,
    on_error: ErrorSink | None = None,
    stdin=None,
) -> Iterator[Page]:
    """Yield a `Page` for every page under `paths`, lazily, in order.

    `paths` are files, directories (walked recursively in sorted order; files
    with a `PAGE_SUFFIXES` extension or none, hidden ones skipped) or "-" for stdin
    (`stdin` overrides `sys.stdin`, for tests). A JSONL file gives one page per
    line (`text` or `html`, optional `url`), with `Page.line` its 1-based line.

    An input that cannot be read (missing, empty, binary, undecodable, a bad
    JSON line) is an `InputError`: it is appended to `errors` and/or passed to
    `on_error`, and reading continues. With neither given the error is raised,
    so nothing is ever dropped silently.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_bytes("标题\\n正文。".encode("gbk"))
    >>> _ = (d / "b.txt").write_bytes(b"")
    >>> errs = []
    >>> [(p.kind, p.encoding) for p in read_pages([d], errors=errs)]
    [('text', 'gbk')]
    >>> errs[0].reason
    'empty file'
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    for item in _iter_inputs(paths, stdin):
        if isinstance(item, InputError):
            if errors is None and on_error is None:
                raise item
            if errors is not None:
                errors.append(item)
            if on_error is not None:
                on_error(item)
        else:
            yield item
