"""Read what a crawler saved (files, directories, stdin; text, HTML, JSONL) into `Page` records.

One responsibility: bytes -> decoded `Page`s. Nothing here cleans the page; that
is `kg.article`. Encoding is detected per file (UTF-8 with or without BOM, then
GB18030/GBK, both decoded strictly). A bad file or a bad JSONL line never stops
the stream: it becomes an `InputError` handed to the caller, and reading goes on.

>>> from kg.sources import decode_bytes
>>> decode_bytes("巴中".encode("gbk"), "x.txt")
('巴中', 'gbk')
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import InputError
from kg.records import Page

#: Extensions picked up when walking a directory (a file named explicitly is read whatever its name).
PAGE_SUFFIXES: frozenset[str] = frozenset({".txt", ".html", ".htm", ".jsonl", ".json"})
HTML_SUFFIXES: frozenset[str] = frozenset({".html", ".htm"})
JSON_SUFFIXES: frozenset[str] = frozenset({".jsonl", ".json"})

_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|meta|title|div|p|br|table|span|a\s+href|script|style)\b",
    re.IGNORECASE,
)
_UTF8_BOM = b"\xef\xbb\xbf"
# Control characters that never occur in a real page (tab, LF, CR, FF are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

ErrorSink = Callable[[InputError], None]


def decode_bytes(data: bytes, path: str = "-", line: int | None = None) -> tuple[str, str]:
    """Decode a page's bytes; return `(text, encoding)`.

    Tries UTF-8 (a BOM is removed and reported as ``utf-8-sig``), then GBK and
    GB18030, each strictly; UTF-16 only with its BOM. Raises `InputError` for an empty file, a binary file
    (NUL bytes or mostly control characters) and bytes that are none of these.
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
        raise InputError(path, "binary file (NUL bytes)", line, "expected a text, HTML or JSONL page")
    if data.startswith(_UTF8_BOM):
        candidates = ("utf-8-sig",)
    else:
        candidates = ("utf-8", "gbk", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            # A UTF-8 page cut off inside its last character (a truncated download)
            # is still UTF-8: drop the partial character rather than misread it as GBK.
            if encoding.startswith("utf-8") and exc.reason == "unexpected end of data" and exc.end == len(data):
                try:
                    text = data[: exc.start].decode(encoding)
                except UnicodeDecodeError:
                    continue
                break
            continue
        break
    else:
        raise InputError(path, "undecodable: neither UTF-8 nor GB18030/GBK", line,
                         "re-save the page as UTF-8")
    if not text.strip():
        raise InputError(path, "empty file", line, "the crawler saved nothing for this page")
    n_control = len(_CONTROL.findall(text))
    if n_control and n_control > max(2, len(text) // 20):
        raise InputError(path, "binary file (control characters)", line, "expected a text, HTML or JSONL page")
    return text, encoding


def looks_like_html(text: str) -> bool:
    """True when the start of `text` has HTML tags (a doctype, <html>, <body>, <div>, <p>, ...)."""
    return _HTML_SNIFF.search(text[:4096]) is not None


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
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield InputError(path, f"invalid JSON: {exc.msg} (column {exc.colno})", lineno,
                             "one JSON object per line")
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
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        return False


def pages_from_bytes(data: bytes, path: str, suffix: str = "") -> Iterator[Page | InputError]:
    """Pages of one input's bytes, errors yielded in place (never raised).

    `suffix` (".jsonl", ".html", ...) decides the format; without one (stdin) it
    is sniffed: JSONL when the first line is a JSON object, else HTML or text.
    """
    try:
        text, encoding = decode_bytes(data, path)
    except InputError as exc:
        yield exc
        return
    suffix = suffix.lower()
    if suffix == ".jsonl" or (not suffix and _looks_like_jsonl(text)):
        yield from _pages_from_jsonl(text, path, encoding)
    elif suffix == ".json":
        yield from _pages_from_json(text, path, encoding)
    else:
        kind = "html" if suffix in HTML_SUFFIXES else None
        yield _page(path, text, encoding, kind=kind)


def _walk(directory: Path) -> Iterator[Path]:
    """Page files under `directory`, recursively, sorted by path, hidden files and folders skipped."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and Path(name).suffix.lower() in PAGE_SUFFIXES:
                found.append(Path(root) / name)
    return iter(sorted(found, key=lambda p: p.relative_to(directory).parts))


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
                yield from _read_file(file)
            if not found:
                yield InputError(name, "no page files in directory", None,
                                 "expected " + ", ".join(sorted(PAGE_SUFFIXES)) + " files")
        elif path.exists():
            yield from _read_file(path)
        else:
            yield InputError(name, "no such file or directory")


def _read_file(path: Path) -> Iterator[Page | InputError]:
    try:
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

    `paths` are files, directories (walked recursively in sorted order; only
    .txt .html .htm .jsonl .json files, hidden ones skipped) or "-" for stdin
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
