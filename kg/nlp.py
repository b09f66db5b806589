"""Load the shipped spaCy pipeline and turn Articles into entity mentions.

The pipeline (`models/kg_zh`, or `kg/models/kg_zh` in an installed package, or
the path in $KG_MODEL) is loaded on first use and cached per process; importing
this module loads nothing.
"""
from __future__ import annotations

import dataclasses
import os
from collections import deque
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, NamedTuple

from kg.errors import ModelError
from kg.records import ENTITY_LABELS, Article, Entity

MODEL_NAME = "kg_zh"


def default_model_path() -> Path:
    """$KG_MODEL, else the pipeline shipped with the package, else models/ beside the source tree."""
    env = os.environ.get("KG_MODEL")
    if env:
        return Path(env)
    installed = Path(__file__).resolve().parent / "models" / MODEL_NAME
    if installed.exists():
        return installed
    return Path(__file__).resolve().parent.parent / "models" / MODEL_NAME


@lru_cache(maxsize=4)
def _load(path: str):
    import spacy

    import kg.pipeline  # noqa: F401  (registers the factories and callback when entry points are absent)

    if not (Path(path) / "config.cfg").exists():
        raise ModelError(
            f"no trained pipeline at {path}: reinstall kg, set KG_MODEL to a pipeline folder, "
            "or train one with `python scripts/train.py --data ../shared/data --out models/kg_zh`"
        )
    try:
        return spacy.load(path)
    except Exception as exc:  # spaCy raises many kinds; all mean the same thing to a user
        raise ModelError(f"cannot load the pipeline at {path}: {exc}") from exc


def load_pipeline(path: str | Path | None = None):
    """The `kg_zh` spaCy pipeline, loaded once per process and path.

    Loading it changes no setting of the process. While kg runs it (`annotate`, and the
    `kg.api` functions on top), numpy's BLAS pool is capped at one thread and given back
    after each step, so numpy code of the caller, in a notebook say, keeps its threads;
    worker processes forked for `n_process > 1` keep freed memory on glibc's heap
    (`kg.pipeline.blas`; README, Model). The caller's own process gets that malloc setting
    only if it asks: `kg.pipeline.blas.keep_freed_memory(32)`, as the `kg` command does.

    >>> import kg
    >>> nlp = kg.load_pipeline()           # doctest: +SKIP
    >>> [(e.text, e.label_) for e in nlp("市委书记罗增斌").ents]  # doctest: +SKIP
    [('市委书记', 'TITLE'), ('罗增斌', 'PERSON')]
    """
    return _load(str(Path(path) if path else default_model_path()))


def doc_entities(doc) -> list[Entity]:
    """The doc's entities as records (offsets into doc.text)."""
    return [
        Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char)
        for e in doc.ents
        if e.label_ in ENTITY_LABELS
    ]


# Texts longer than MAX_CHUNK_CHARS go through the model in pieces of at most PIECE_CHARS
# cut at sentence ends: the CNN holds every token of a batch at once (one 1 MB line
# without a break took about 8 GB as one Doc, and 20,000-character pieces in batches of 8
# took 2.5 GB on a 1 MB page), while small pieces cost what a batch of ordinary articles
# costs, so memory stays flat whatever the length (scripts/bench.py --parts longpage).
# Texts up to MAX_CHUNK_CHARS go whole, as they always did.
MAX_CHUNK_CHARS = 20_000
PIECE_CHARS = 4_000
# Pages longer than this (in characters of the raw page, markup included) are reported as too
# large and skipped, so that one huge file cannot hold back the pages after it. Extraction is
# linear in the text, about 0.12 s of CPU per 1,000 characters of article text (scripts/bench.py
# --parts longpage), so a plain-text page at the limit is about four minutes of work; HTML
# pages carry mostly markup, hence the room. Set $KG_MAX_PAGE_CHARS to change it.
MAX_PAGE_CHARS = 2_000_000


def max_page_chars() -> int:
    """$KG_MAX_PAGE_CHARS if set (0: no limit), else `MAX_PAGE_CHARS`."""
    env = os.environ.get("KG_MAX_PAGE_CHARS")
    return int(env) if env else MAX_PAGE_CHARS
_SENTENCE_ENDS = "。！？!?\n"
# where a window has no sentence end (one long line of clauses), a clause end: a name cut in
# two at a hard cut is lost to both pieces
_CLAUSE_ENDS = "；;，,、 \u3000"


def text_chunks(text: str, limit: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, piece) covering `text`: one piece up to `limit` (MAX_CHUNK_CHARS) characters, else
    pieces of at most min(limit, PIECE_CHARS) characters cut after a sentence end where one is in
    the second half of the window, else after a clause end."""
    limit = limit or MAX_CHUNK_CHARS
    if len(text) <= limit:
        yield 0, text
        return
    limit = min(limit, PIECE_CHARS)
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = max(text.rfind(c, start + limit // 2, end) for c in _SENTENCE_ENDS)
            if cut < 0:
                cut = max(text.rfind(c, start + limit // 2, end) for c in _CLAUSE_ENDS)
            if cut >= 0:
                end = cut + 1
        yield start, text[start:end]
        start = end


class _Piece(NamedTuple):
    index: int  # of the article in the input
    article: Article
    offset: int
    text: str
    last: bool


def annotate(
    articles: Iterable[Article], nlp=None, n_process: int = 1, batch_size: int = 8,
    on_error: Callable[[Article, Exception], None] | None = None,
) -> Iterator[tuple[Article, list[Entity]]]:
    """Stream (article, entities) pairs in input order through `nlp.pipe`; long texts go in pieces.

    An article on which the pipeline raises is passed to `on_error` with the exception and left
    out, and the stream goes on with the next one; without `on_error` the exception ends the stream.
    """
    from kg.pipeline.blas import pipeline_scope

    nlp = nlp or load_pipeline()
    pieces = (_Piece(i, a, offset, piece, offset + len(piece) == len(a.text))
              for i, a in enumerate(articles) for offset, piece in text_chunks(a.text))
    # Plain texts into nlp.pipe, the pieces kept aside in `pending` until their doc comes back: with
    # as_tuples spaCy tokenises in the parent and ships whole Docs to the workers, which made two
    # processes slower than one (scripts/bench.py).
    pending: deque[_Piece] = deque()
    reading_failed: list[BaseException] = []

    def texts() -> Iterator[str]:
        while True:
            try:
                piece = next(pieces)
            except StopIteration:
                return
            except BaseException as exc:  # the articles' own stream failed: not a pipeline error
                reading_failed.append(exc)
                raise
            pending.append(piece)
            yield piece.text

    found: list[Entity] = []
    failed = -1  # the index of the last article that failed

    def done(piece: _Piece, doc) -> Iterator[tuple[Article, list[Entity]]]:
        if piece.index != failed:
            found.extend(_shifted(e, piece.offset) for e in doc_entities(doc))
            if piece.last:
                yield piece.article, found.copy()
                found.clear()

    def fail(piece: _Piece, exc: Exception) -> None:
        nonlocal failed
        found.clear()
        if piece.index != failed:
            failed = piece.index
            on_error(piece.article, exc)

    while True:
        docs = pipeline_scope(nlp, nlp.pipe(texts(), n_process=n_process, batch_size=batch_size))
        while True:
            try:
                doc = next(docs)
            except StopIteration:
                return
            except Exception:
                # raised by no piece of ours (nothing pending): the pipeline itself is broken
                if on_error is None or reading_failed or not pending:
                    raise
                break
            yield from done(pending.popleft(), doc)
        # nlp.pipe is spent: one of the pieces it held raised, and the batch with it is lost. Run
        # them one at a time to find which, then go on with a fresh nlp.pipe.
        while pending:
            piece = pending.popleft()
            if piece.index == failed:
                continue
            try:
                doc = next(pipeline_scope(nlp, nlp.pipe([piece.text])))
            except Exception as exc:
                fail(piece, exc)
                continue
            yield from done(piece, doc)


def _shifted(entity: Entity, offset: int) -> Entity:
    if not offset:
        return entity
    return dataclasses.replace(entity, start=entity.start + offset, end=entity.end + offset)
