"""Shared base of the title and place rulers: lexicon matches over the text as token-aligned spans."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

import srsly
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.lexicon import LongestMatcher, find_lexicon_spans


CACHE_PREFIX = "kg_lexicon_spans:"
_TEXT_KEY = CACHE_PREFIX + "text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per doc for all the rule components (spaCy rebuilds it from the tokens on every access)."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


class LexiconRuler:
    """Finds TITLE, ORG and GPE lexicon spans and keeps those of `self.label` in `doc.spans[spans_key]`.

    The title, org and place rulers run the same joint scan, because where a place ends and a title
    begins is decided jointly (巴中市委书记 -> 巴中 + 市委书记).
    """

    label = ""

    def __init__(self, nlp: Language, name: str, spans_key: str):
        self.name = name
        self.spans_key = spans_key
        self.titles = LongestMatcher(())
        self.places = LongestMatcher(())
        self.orgs = LongestMatcher(())
        self._lexicon_id: int | None = None
        # the segmenter's vocabulary, so places are cut as the tokenizer cut them (北京|市民)
        self._tokenizer = nlp.tokenizer

    def initialize(
        self, get_examples=None, *, nlp=None, titles: Iterable[str] = (), places: Iterable[str] = (), orgs: Iterable[str] = ()
    ):
        self._load({"titles": titles, "places": places, "orgs": orgs})

    def __call__(self, doc: Doc) -> Doc:
        # The title, body and place rulers share one lexicon: the first to run scans
        # the text, the others reuse its result (kg_entity_merger drops it).
        key = f"{CACHE_PREFIX}{self._fingerprint()}"
        found = doc.user_data.get(key)
        if found is None:
            text = doc_text(doc)
            bounds = set(doc.to_array(IDX).tolist())
            bounds.add(len(text))
            known_words = getattr(self._tokenizer, "known_words", None)
            found = find_lexicon_spans(text, self.titles, self.places, bounds, self.orgs, known_words, drop_crossed_places=True)
            doc.user_data[key] = found
        spans = []
        for s, e, label in found:
            if label != self.label:
                continue
            span = doc.char_span(s, e, label=label, alignment_mode="strict")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc

    def _fingerprint(self) -> int:
        if self._lexicon_id is None:
            self._lexicon_id = hash((self.titles.words, self.places.words, self.orgs.words))
        return self._lexicon_id

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_msgpack(path / "lexicon", self._data())

    def from_disk(self, path, exclude=()):
        self._load(srsly.read_msgpack(Path(path) / "lexicon"))
        return self

    def to_bytes(self, exclude=()):
        return srsly.msgpack_dumps(self._data())

    def from_bytes(self, data, exclude=()):
        self._load(srsly.msgpack_loads(data))
        return self

    def _data(self) -> dict:
        return {key: sorted(getattr(self, key).words) for key in ("titles", "places", "orgs")}

    def _load(self, data: dict) -> None:
        for key in ("titles", "places", "orgs"):
            setattr(self, key, LongestMatcher(data.get(key, ())))
        self._lexicon_id = None


def as_spans(doc: Doc, key: str) -> list[Span]:
    return list(doc.spans[key]) if key in doc.spans else []
