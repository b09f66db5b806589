"""An article's entities as displaCy HTML, with kg's labels and a colour for each (TITLE included).

spaCy's own `displacy.render(doc, style="ent")` needs a Doc; kg's records are plain offsets into
`Article.text`, so this builds displaCy's manual input from them. spaCy is imported on the call.
"""
from __future__ import annotations

import html
from typing import Iterable

from kg.records import ENTITY_LABELS, Article, Entity, Extraction

COLORS = {
    "PERSON": "#aa9cfc",
    "TITLE": "#ffd166",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "LOC": "#9cc9cc",
}


def _parts(item, entities) -> tuple[Article, list[Entity]]:
    if isinstance(item, Extraction):
        if entities is not None:
            raise TypeError("render(extraction) takes no entities: they are the extraction's")
        return item.article, list(item.entities)
    if isinstance(item, tuple) and len(item) == 2 and entities is None:
        item, entities = item  # an (article, entities) pair, as kg.nlp.annotate yields
    if isinstance(item, Article):
        return item, list(entities or ())
    raise TypeError(f"render() takes an Extraction, or an Article and its entities, not {type(item).__name__}")


def render(item: Extraction | Article | tuple, entities: Iterable[Entity] | None = None, *,
           page: bool = False) -> str:
    """displaCy "ent" HTML of an `Extraction`, or of an `Article` and its `entities`.

    The title above the text is the article's; each mark carries kg's label. With `page`,
    a whole HTML page (for a file); without, a fragment (for a notebook: `IPython.display.HTML`).

    >>> from kg.records import Article, ArticleMeta, Entity
    >>> a = Article(id="x", path="-", meta=ArticleMeta(title="t"), text="市委书记罗增斌讲话")
    >>> html = render(a, [Entity("市委书记", "TITLE", 0, 4), Entity("罗增斌", "PERSON", 4, 7)])
    >>> "TITLE" in html and "#ffd166" in html
    True
    """
    from spacy import displacy

    article, ents = _parts(item, entities)
    spans = [{"start": e.start, "end": e.end, "label": e.label}
             for e in sorted(ents, key=lambda e: (e.start, -e.end))]
    doc = {"text": article.text, "ents": spans, "title": html.escape(article.meta.title or article.path)}
    options = {"ents": list(ENTITY_LABELS), "colors": dict(COLORS)}
    return displacy.render(doc, style="ent", manual=True, options=options, page=page, jupyter=False)
