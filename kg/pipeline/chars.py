"""Character-level evidence where the tokens fail (issue 14): two components.

`kg_halfwidth_norm` (before tok2vec): a token with full-width Latin letters or
digits (ｉｂｍ, １９９８) gets the half-width form as its NORM. The tok2vec embeds
NORM, and the training corpora write Latin and digits half-width only, so the
full-width forms are rows the model never trained. PREFIX, SUFFIX and SHAPE are
lexeme attributes and stay as they are. Such a token is first cut between
scripts as its half-width form would be (１９９８年 → １９９８|年).

`kg_char_entities` (after kg_entity_merger, on doc.ents), each step switchable:
- `surname_restore`: a two-character PERSON right after a character that, in the
  training corpora's PERSON spans, begins three-character names far more often
  than it stands before a two-character one (方|英梅 → 方英梅, 对|方英梅 → 方英梅):
  the name takes it, and a token it sits in is split there (对方 → 对|方). The
  counts (`name_char_counts`) are derived by scripts/train.py (ner-data) and shipped in the
  component's folder.
- `name_runs`: a run of characters outside any entity, glued to a PERSON the
  model found (宋宝瑞|宋清渭宋瑞祥), that cuts without rest into names of 2-3
  characters each beginning with such a surname: each is a PERSON.
- `suffix_labels`: a PERSON of four or more characters that ends with a division
  or a body (巴达赫尚省, 苏里南共和国, 乔治·梅森大学) is that place or body: the
  model reads transliterated characters as a foreign name whatever ends them.
"""
from __future__ import annotations

import re
import unicodedata
import weakref
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import registry

from kg.lexicon.tables import FOREIGN_BODY_ENDINGS, FOREIGN_PLACE_ENDINGS, ORG_NAME_SUFFIXES
from kg.pipeline.tokenizer import _split_unknown_word


_TEXTS: "weakref.WeakKeyDictionary[Doc, str]" = weakref.WeakKeyDictionary()


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per doc: spaCy joins every token again on each access, and the rule components
    read it for each span they look at (it was most of their time on long pages: scripts/bench.py --parts
    extract). A doc's text never changes, retokenized or not."""
    text = _TEXTS.get(doc)
    if text is None:
        text = _TEXTS[doc] = doc.text
    return text

# a character is taken as a surname when it begins three-character PERSON spans at least this
# share of the times it begins one or stands right before a two-character one, and often enough
SURNAME_SHARE = 0.9
SURNAME_MIN_COUNT = 5
_ORG_SUFFIXES = tuple(ORG_NAME_SUFFIXES) + FOREIGN_BODY_ENDINGS
_FULLWIDTH_ALNUM = re.compile("[０-９Ａ-Ｚａ-ｚ]")


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def halfwidth(text: str) -> str:
    """`text` with full-width Latin letters and digits half-width, lower-cased like spaCy's NORM."""
    return _FULLWIDTH_ALNUM.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text).lower()


class HalfwidthNorm:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if _FULLWIDTH_ALNUM.search(doc.text) is None:
            return doc
        # PD1998, the segmenter's known words, is written full-width: １９９８年 stays one token
        # where 1998年, unknown, is cut between scripts; cut it as the half-width text would be
        cuts = {t.i: pieces for t in doc if _FULLWIDTH_ALNUM.search(t.text)
                and len(pieces := _split_unknown_word(t.text)) > 1}
        if cuts:
            with doc.retokenize() as retokenizer:
                for i, pieces in cuts.items():
                    retokenizer.split(doc[i], pieces, heads=[(doc[i], 0)] * len(pieces))
        for token in doc:
            if _FULLWIDTH_ALNUM.search(token.text):
                token.norm_ = halfwidth(token.text)
        return doc


@Language.factory("kg_halfwidth_norm", assigns=["token.norm"])
def make_halfwidth_norm(nlp: Language, name: str) -> HalfwidthNorm:
    return HalfwidthNorm(nlp, name)


def name_char_counts(docs) -> dict[str, list[int]]:
    """Per character: [three-character PERSON spans it begins, two-character ones it stands right before].

    From gold docs (the training corpora); a character inside another entity does not count as before.
    """
    counts: dict[str, list[int]] = {}
    for doc in docs:
        text = doc.text
        in_entity = {i for e in doc.ents for i in range(e.start_char, e.end_char)}
        for e in doc.ents:
            if e.label_ != "PERSON":
                continue
            s, n = e.start_char, e.end_char - e.start_char
            if n == 3:
                counts.setdefault(text[s], [0, 0])[0] += 1
            elif n == 2 and s > 0 and s - 1 not in in_entity and _is_han(text[s - 1]):
                counts.setdefault(text[s - 1], [0, 0])[1] += 1
    return dict(sorted(counts.items()))


def surnames_from_counts(counts: dict[str, list[int]]) -> frozenset[str]:
    return frozenset(c for c, (begins, before) in counts.items()
                     if begins >= SURNAME_MIN_COUNT and begins >= SURNAME_SHARE * (begins + before))


class CharEntities:
    def __init__(self, nlp: Language, name: str, surname_restore: bool, name_runs: bool, suffix_labels: bool):
        self.name = name
        self.surname_restore = surname_restore
        self.name_runs = name_runs
        self.suffix_labels = suffix_labels
        self.counts: dict[str, list[int]] = {}
        self.surnames: frozenset[str] = frozenset()

    def initialize(self, get_examples=None, *, nlp=None, counts: dict | None = None):
        self._set_counts(counts or {})

    def _set_counts(self, counts: dict) -> None:
        self.counts = {c: list(v) for c, v in counts.items()}
        self.surnames = surnames_from_counts(self.counts)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.ents:
            return doc
        if self.suffix_labels:
            self._relabel_by_suffix(doc)
        if self.surname_restore:
            self._restore_surnames(doc)
        if self.name_runs:
            self._name_runs(doc)
        return doc

    def _relabel_by_suffix(self, doc: Doc) -> None:
        ents, changed = list(doc.ents), False
        for k, e in enumerate(ents):
            text = e.text
            if e.label_ != "PERSON" or len(text) < 4:
                continue
            label = "GPE" if text.endswith(FOREIGN_PLACE_ENDINGS) else "ORG" if text.endswith(_ORG_SUFFIXES) else None
            if label is not None:
                ents[k] = Span(doc, e.start, e.end, label=label)
                changed = True
        if changed:
            doc.ents = ents

    def _restore_surnames(self, doc: Doc) -> None:
        text = doc.text
        in_entity = {i for e in doc.ents for i in range(e.start_char, e.end_char)}
        wanted = []  # character offsets of names to grow one character to the left
        for e in doc.ents:
            s = e.start_char
            if e.label_ != "PERSON" or e.end_char - s != 2 or not all(map(_is_han, e.text)) or s == 0:
                continue
            c = text[s - 1]
            if c in self.surnames and s - 1 not in in_entity and text[s] not in self.surnames:
                wanted.append((s - 1, e.end_char))
        if not wanted:
            return
        _split_at(doc, [s for s, _ in wanted])
        grown = {(a + 1, b) for a, b in wanted}
        ents = [e for e in doc.ents if (e.start_char, e.end_char) not in grown]
        for a, b in wanted:
            span = doc.char_span(a, b, label="PERSON")
            if span is not None:
                ents.append(span)
        doc.ents = sorted(ents, key=lambda sp: sp.start)

    def _units(self, run: str) -> list[int] | None:
        """Cuts of `run` into names of 2-3 characters, each beginning with a surname; None unless exactly one way."""
        ways: list[list[int]] = []

        def walk(pos: int, cuts: list[int]) -> None:
            if len(ways) > 1:
                return
            if pos == len(run):
                ways.append(cuts)
                return
            if run[pos] not in self.surnames:
                return
            for n in (2, 3):
                if pos + n <= len(run) and all(c not in self.surnames for c in run[pos + 1:pos + n]):
                    walk(pos + n, cuts + [pos + n])

        walk(0, [])
        return ways[0] if len(ways) == 1 else None

    def _name_runs(self, doc: Doc) -> None:
        text = doc.text
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        in_entity = {i for e in doc.ents for i in range(e.start_char, e.end_char)}
        in_person = {i for e in persons for i in range(e.start_char, e.end_char)}
        found = []
        for p in persons:
            for start, step in ((p.end_char, 1), (p.start_char - 1, -1)):
                end = start
                while 0 <= end < len(text) and _is_han(text[end]) and end not in in_entity:
                    end += step
                a, b = (start, end) if step == 1 else (end + 1, start + 1)
                if b - a < 4 or (0 <= end < len(text) and end in in_entity and end not in in_person):
                    continue  # 杭州植物园|高级工程师|郭达: a run between a place and a name is no list
                cuts = self._units(text[a:b])
                if cuts is None:
                    continue
                bounds = [a] + [a + c for c in cuts]
                found.extend(zip(bounds, bounds[1:]))
                in_entity.update(range(a, b))
        if not found:
            return
        _split_at(doc, [x for ab in found for x in ab])
        ents = list(doc.ents)
        for a, b in found:
            span = doc.char_span(a, b, label="PERSON")
            if span is not None:
                ents.append(span)
        doc.ents = sorted(ents, key=lambda sp: sp.start)

    def to_disk(self, path, exclude=()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "name_char_counts.json", self.counts)

    def from_disk(self, path, exclude=()):
        self._set_counts(srsly.read_json(Path(path) / "name_char_counts.json"))
        return self

    def to_bytes(self, exclude=()):
        return srsly.json_dumps(self.counts).encode("utf-8")

    def from_bytes(self, data, exclude=()):
        self._set_counts(srsly.json_loads(data))
        return self


def _split_at(doc: Doc, offsets: list[int]) -> None:
    """Split the tokens that the character offsets fall strictly inside, so that each offset is a token start."""
    by_token: dict[int, set[int]] = {}
    for t in doc:
        for x in offsets:
            if t.idx < x < t.idx + len(t.text):
                by_token.setdefault(t.i, set()).add(x - t.idx)
    if not by_token:
        return
    with doc.retokenize() as retokenizer:
        for i, cuts in by_token.items():
            token = doc[i]
            bounds = [0, *sorted(cuts), len(token.text)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            # no parser here: each piece heads itself (the heads are never read)
            retokenizer.split(token, orths, heads=[(token, k) for k in range(len(orths))])


@registry.misc("kg.name_char_counts.v1")
def name_char_counts_file(path: str) -> dict:
    """The counts scripts/train.py derives from the training corpora (`name_char_counts`)."""
    return srsly.read_json(path)


@Language.factory(
    "kg_char_entities",
    requires=["doc.ents"],
    assigns=["doc.ents"],
    default_config={"surname_restore": True, "name_runs": True, "suffix_labels": True},
)
def make_char_entities(nlp: Language, name: str, surname_restore: bool, name_runs: bool,
                       suffix_labels: bool) -> CharEntities:
    return CharEntities(nlp, name, surname_restore, name_runs, suffix_labels)
