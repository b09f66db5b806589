"""Pages in traditional characters: read a simplified copy, report what the page wrote.

Crawlers save mainland news from big5 mirrors too (廣西北海市市長連友農, 書記). The model, the
vocabulary and the division table are simplified, so the pipeline reads a simplified copy of such
an article, character for character the same length, so that every offset holds in both; mentions,
relation ends written on the page and sentences then take the page's own characters back
(ANNOTATION.md: text as written), while canonical names and keys stay simplified, so that one body
or person is one node whichever script a page used.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from kg.records import Article, ArticleMeta, Extraction

# The share of a page's Chinese characters that the conversion changes above which the page is
# traditional: a simplified page changes none or a stray variant, a traditional one a fifth or more.
MIN_CHANGED_SHARE = 0.05
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Relations whose tail is a canonical name (ANNOTATION.md 3-4), simplified like the division table; the other
# tails are mentions as written.
_CANONICAL_TAILS = ("MEMBER_OF", "LOCATED_IN")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # loaded with the first page, not at import

    return opencc.OpenCC("t2s")


def simplified_copy(text: str) -> str | None:
    """`text` in simplified characters, of the same length; None where it is simplified already.

    >>> simplified_copy("廣西北海市市長連友農說"), simplified_copy("市委书记罗增斌")
    ('广西北海市市长连友农说', None)
    """
    if not text:
        return None
    convert = _converter().convert
    out = convert(text)
    if len(out) != len(text):  # a phrase rule changed the length: character by character
        out = "".join(c if len(s := convert(c)) != 1 else s for c in text)
    han = len(_HAN.findall(text))
    changed = sum(a != b for a, b in zip(text, out))
    return out if han and changed >= MIN_CHANGED_SHARE * han else None


def simplified_article(article: Article) -> Article | None:
    """The article as the pipeline reads it where it is written in traditional characters, else None."""
    text = simplified_copy(article.text)
    if text is None:
        return None
    meta = ArticleMeta(**{k: _simplified(v) for k, v in dataclasses.asdict(article.meta).items()})
    return dataclasses.replace(article, text=text, meta=meta, site=_simplified(article.site))


def _simplified(value: str | None) -> str | None:
    return _converter().convert(value) if value else value


def as_written(extraction: Extraction, original: Article) -> Extraction:
    """`extraction` of the simplified copy of `original`, with the page's own characters back in its
    article, mentions, relation ends that are mentions, and sentences."""
    text = original.text
    entities = tuple(dataclasses.replace(e, text=text[e.start:e.end]) for e in extraction.entities)
    written = {e.text: w.text for e, w in zip(extraction.entities, entities)}
    shadow = extraction.article.text

    def sentence(s: str | None) -> str | None:
        at = shadow.find(s) if s else -1
        return text[at:at + len(s)] if at >= 0 else s

    relations = tuple(dataclasses.replace(r, head=written.get(r.head, r.head), sentence=sentence(r.sentence),
                                          tail=r.tail if r.type in _CANONICAL_TAILS else written.get(r.tail, r.tail))
                      for r in extraction.relations)
    return dataclasses.replace(extraction, article=original, entities=entities, relations=relations)
