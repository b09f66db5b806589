"""Typed records passed between the stages: Page -> Article -> Extraction (Entities, Relations).

Every record is a frozen dataclass with a closed vocabulary of labels, so no bare
dict crosses a stage boundary. `to_dict` gives the JSON shape of `kg extract`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Literal

from kg.schema import ENTITY_LABELS, RELATION_TYPES, EntityLabel, RelationType  # noqa: F401  (the vocabulary)

PageKind = Literal["text", "html"]


@dataclass(frozen=True)
class Page:
    """One crawled page, decoded to str, before any cleaning.

    `path` is where it came from ("-" for stdin); `line` is the 1-based line of a
    JSONL input, None otherwise; `kind` says whether `content` is HTML or plain text.
    """

    path: str
    content: str
    kind: PageKind = "text"
    url: str | None = None
    encoding: str = "utf-8"
    line: int | None = None


@dataclass(frozen=True)
class ArticleMeta:
    """Metadata found around the article. Missing values are None; `date` is YYYY-MM-DD."""

    title: str | None = None
    date: str | None = None
    source: str | None = None
    author: str | None = None

    def to_dict(self) -> dict:
        return {"title": self.title, "date": self.date, "source": self.source, "author": self.author}


@dataclass(frozen=True)
class Article:
    """The article of a page: title and body, boilerplate removed.

    `text` is the title, a newline, then the body paragraphs joined by newlines;
    every entity offset refers to it. `id` is content-based (same article saved
    twice -> same id). `site` is the publishing site as named on the page
    (breadcrumb or copyright line, e.g. 巴中市妇女联合会), a hint for place resolution.
    """

    id: str
    path: str
    meta: ArticleMeta
    text: str
    url: str | None = None
    site: str | None = None


class _Flat:
    """A record of scalars: its JSON shape is its fields."""

    def to_dict(self) -> dict:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True)
class Mention(_Flat):
    """A span of `Article.text[start:end]` with its label, as the NER finds it."""

    text: str
    label: EntityLabel
    start: int
    end: int


@dataclass(frozen=True)
class Entity(Mention):
    """A mention and what linking (`kg.link`) finds of it; the NER leaves these fields None.

    `canonical` is the resolved name (巴中 -> 巴中市, 市委 -> 巴中市委), `code` the
    administrative-division code of a GPE, `key` the graph node the mention refers to
    (None for TITLE).
    """

    canonical: str | None = None
    code: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Relation(_Flat):
    """A fact stated in the article, per ANNOTATION.md.

    `head`/`tail` are the names as the guideline writes them: the surface form of
    a mention, or for an implied or resolved end (MEMBER_OF's organization,
    LOCATED_IN's place) its canonical name. `head_key`/`tail_key` are the graph
    node ids of both ends; `sentence` is the sentence that states it; `canonical` is
    the resolved tail of a HOLDS_TITLE (市委书记 in a 巴中 article -> 巴中市委书记).
    """

    head: str
    type: RelationType
    tail: str
    head_key: str | None = None
    tail_key: str | None = None
    sentence: str | None = None
    canonical: str | None = None


@dataclass(frozen=True)
class Extraction:
    """What `kg` extracts from one article: the unit written to extractions.jsonl."""

    article: Article
    entities: tuple[Entity, ...] = field(default_factory=tuple)
    relations: tuple[Relation, ...] = field(default_factory=tuple)
    place: str | None = None  # code (or canonical name) of the article's own place, once resolved

    def to_dict(self) -> dict:
        a = self.article
        return {
            "id": a.id,
            "path": a.path,
            "url": a.url,
            "site": a.site,
            "meta": a.meta.to_dict(),
            "text": a.text,
            "place": self.place,
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Extraction":
        meta = ArticleMeta(**{k: d.get("meta", {}).get(k) for k in ("title", "date", "source", "author")})
        article = Article(
            id=d["id"], path=d["path"], meta=meta, text=d["text"], url=d.get("url"), site=d.get("site")
        )
        ents = tuple(Entity(**{f.name: e.get(f.name) for f in fields(Entity)}) for e in d.get("entities", []))
        rels = tuple(Relation(**{f.name: r.get(f.name) for f in fields(Relation)}) for r in d.get("relations", []))
        return cls(article=article, entities=ents, relations=rels, place=d.get("place"))
