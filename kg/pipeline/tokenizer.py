"""spaCy's Chinese tokenizer (pkuseg segmenter) that also keeps titles and places whole.

pkuseg's user dictionary is applied by forced forward maximum matching, which
glues a place to the title after it (巴中市|委书记). This subclass splits the
pkuseg words again at the boundaries of title and place matches, so that every
entity the guideline defines can be a whole number of tokens. Training and
inference share it, so the NER model always sees the same tokens.

Before that re-cut, two data-driven splits keep entity boundaries out of the
middle of a token (a boundary there is an entity the NER cannot produce):
- `token_splits`: words that the NER training data splits at a fixed place in
  most of their occurrences (访华 -> 访|华, 邓小平理论 -> 邓小平|理论);
- `known_words`: the words of the segmenter's own training data. Any other
  all-Han word pkuseg outputs is usually an unknown name glued to its neighbour
  (罗斌|少 as 斌少) or to a symbol (李菊／): it is cut where the script changes,
  and its Han characters are split, so the NER decides.
Lexicon matches are re-joined afterwards, so titles and places stay whole.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterable, Optional

import srsly
from spacy import util
from spacy.lang.zh import ChineseTokenizer, Segmenter
from spacy.tokens import Doc
from spacy.util import registry

from kg.lexicon import LongestMatcher, find_lexicon_spans
from kg.pipeline.pkuseg_fast import FastPkuseg, FastPreprocesser

# pkuseg decodes a whole chunk with Viterbi; long chunks cost memory and time for
# nothing, so text is cut at sentence ends, and hard-cut past this length.
MAX_CHUNK = 400
_CHUNK_END = re.compile(r"[。！？；!?;\n]")
_TO_FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}
# Runs of one script: Han characters, letters, digits, anything else (punctuation, @, /).
_SCRIPT_RUNS = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff]+"  # Han
    r"|\d+(?:[.．,，:：]\d+)*[%％]?"  # a number, 37.5% or 12:30 whole
    r"|[^\W\d_\u3400-\u4dbf\u4e00-\u9fff]+"  # letters of other scripts
    r"|[\W_]+?"  # each symbol on its own
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def _split_unknown_word(word: str) -> list[str]:
    """A word pkuseg made up: cut between scripts (莲@, vs多特), Han runs into characters."""
    pieces: list[str] = []
    for run in _SCRIPT_RUNS.findall(word):
        if _HAN.match(run):
            pieces.extend(run)
        else:
            pieces.append(run)
    return pieces if "".join(pieces) == word else list(word)


@registry.tokenizers("kg.zh_tokenizer.v1")
def create_kg_tokenizer(segmenter: str = "pkuseg") -> Callable:
    def make(nlp):
        return KgChineseTokenizer(nlp.vocab, segmenter=segmenter)

    return make


def _chunks(text: str) -> Iterable[tuple[int, str]]:
    start, n = 0, len(text)
    while start < n:
        m = _CHUNK_END.search(text, start, min(n, start + MAX_CHUNK))
        end = m.end() if m else min(n, start + MAX_CHUNK)
        yield start, text[start:end]
        start = end


def pieces(text: str) -> Iterable[tuple[int, str]]:
    """(offset, piece): the whitespace-free pieces of `text`, each segmented on its own.

    Whitespace ends a word, so no title or place can run across a line break
    (巴中\n市委书记); chunks keep pkuseg's Viterbi short.
    """
    for offset, chunk in _chunks(text):
        pos = 0
        for piece in chunk.split():
            pos = chunk.index(piece, pos)
            yield offset + pos, piece
            pos += len(piece)


class KgChineseTokenizer(ChineseTokenizer):
    def __init__(self, vocab, segmenter: str = "pkuseg"):
        super().__init__(vocab, segmenter=Segmenter(segmenter))
        self.titles = LongestMatcher(())
        self.places = LongestMatcher(())
        self.known_words: frozenset[str] = frozenset()
        self.token_splits: dict[str, tuple[int, ...]] = {}
        self._fast: FastPkuseg | None = None

    def initialize(
        self,
        get_examples=None,
        *,
        nlp=None,
        pkuseg_model: Optional[str] = None,
        pkuseg_user_dict: Optional[str] = "default",
        titles: Iterable[str] = (),
        places: Iterable[str] = (),
        known_words: Iterable[str] = (),
        token_splits: Optional[dict] = None,
    ):
        super().initialize(get_examples, nlp=nlp, pkuseg_model=pkuseg_model, pkuseg_user_dict=pkuseg_user_dict)
        self._weights_as_float64()
        self.set_lexicon(titles, places, known_words, token_splits)

    def set_lexicon(
        self,
        titles: Iterable[str],
        places: Iterable[str],
        known_words: Iterable[str] = (),
        token_splits: Optional[dict] = None,
    ) -> None:
        self.titles = LongestMatcher(titles)
        self.places = LongestMatcher(places)
        self.known_words = frozenset(known_words)
        self.token_splits = {w: tuple(int(i) for i in cuts) for w, cuts in (token_splits or {}).items()}

    def _lexicon_data(self) -> dict:
        return {
            "titles": sorted(self.titles.words),
            "places": sorted(self.places.words),
            "known_words": sorted(self.known_words),
            "token_splits": {w: list(c) for w, c in sorted(self.token_splits.items())},
        }

    def _set_lexicon_data(self, data: dict) -> None:
        self.set_lexicon(data["titles"], data["places"], data.get("known_words", ()), data.get("token_splits"))

    def segment(self, text: str) -> list[str]:
        """pkuseg words of `text` (whitespace dropped), split at title and place boundaries."""
        if self.segmenter != Segmenter.pkuseg or self.pkuseg_seg is None:
            return [c for c in text if not c.isspace()]
        words: list[str] = []
        for _, piece in pieces(text):
            words.extend(self._refine(piece, self._split_unknown(self._cut(piece))))
        return words

    def _split_unknown(self, words: list[str]) -> list[str]:
        if not self.known_words:
            return words
        out: list[str] = []
        for w in words:
            cuts = self.token_splits.get(w)
            if cuts:
                out.extend(w[a:b] for a, b in zip((0, *cuts), (*cuts, len(w))))
            elif len(w) > 1 and w not in self.known_words:
                out.extend(_split_unknown_word(w))
            else:
                out.append(w)
        return out

    def _cut(self, piece: str) -> list[str]:
        # pkuseg learned PD1998, written in full-width forms: half-width
        # punctuation (王毅,) would stick to the word before it. The mapping is
        # one character to one, so the words are sliced back out of the original.
        wide = piece.translate(_TO_FULL_WIDTH)
        words, pos = [], 0
        for w in self._fast_pkuseg().cut(wide):
            if w:
                start = wide.index(w, pos)
                words.append(piece[start : start + len(w)])
                pos = start + len(w)
        return words

    def _refine(self, piece: str, words: list[str]) -> list[str]:
        """Re-cut `words` (which concatenate to `piece`) so every title and place is one token."""
        if not self.titles.words and not self.places.words:
            return words
        bounds, pos = {0}, 0
        for w in words:
            pos += len(w)
            bounds.add(pos)
        spans = find_lexicon_spans(piece, self.titles, self.places, bounds, known_words=self.known_words)
        if not spans:
            return words
        inside = {i for s, e, _ in spans for i in range(s + 1, e)}
        cuts = (bounds - inside) | {i for s, e, _ in spans for i in (s, e)}
        if cuts == bounds:
            return words
        ordered = sorted(cuts)
        return [piece[a:b] for a, b in zip(ordered, ordered[1:]) if b > a]

    def __call__(self, text: str) -> Doc:
        words, spaces = util.get_words_and_spaces(self.segment(text), text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def _fast_pkuseg(self) -> FastPkuseg:
        # built on first use, again whenever from_disk/initialize loaded another pkuseg model
        if self._fast is None or self._fast.seg is not self.pkuseg_seg:
            self._fast = FastPkuseg(self.pkuseg_seg)
        return self._fast

    def _weights_as_float64(self) -> None:
        # the shipped weights are float32 to halve their size; pkuseg's decoder needs float64
        if self.pkuseg_seg is not None:
            self.pkuseg_seg.model.w = self.pkuseg_seg.model.w.astype("float64")

    def to_disk(self, path, **kwargs):
        super().to_disk(path, **kwargs)
        path = Path(path)
        srsly.write_msgpack(path / "kg_lexicon", self._lexicon_data())

    def from_disk(self, path, **kwargs):
        path = Path(path)
        if (path / "pkuseg_processors").exists():
            self._pkuseg_from_disk(path)
        else:
            super().from_disk(path, **kwargs)
        self._weights_as_float64()
        lex = Path(path) / "kg_lexicon"
        if lex.exists():
            self._set_lexicon_data(srsly.read_msgpack(lex))
        return self

    def _pkuseg_from_disk(self, path: Path) -> None:
        """`ChineseTokenizer.from_disk` with the same resulting state, loaded faster: pkuseg's default
        dictionaries, which the saved processors replace, are not read, and the user dictionary
        goes into a `FastPreprocesser` instead of pkuseg's trie of one object per character."""
        import spacy_pkuseg

        def load_model(p: Path) -> None:
            if p.exists():
                self.pkuseg_seg = spacy_pkuseg.pkuseg(p, user_dict=None)

        def load_processors(p: Path) -> None:
            if self.segmenter == Segmenter.pkuseg:
                user_dict, do_process, common_words, other_words = srsly.read_msgpack(p)
                self.pkuseg_seg.preprocesser = FastPreprocesser(user_dict)
                self.pkuseg_seg.postprocesser.do_process = do_process
                self.pkuseg_seg.postprocesser.common_words = set(common_words)
                self.pkuseg_seg.postprocesser.other_words = set(other_words)

        util.from_disk(path, {"cfg": lambda p: self._set_config(srsly.read_json(p)),
                              "pkuseg_model": load_model, "pkuseg_processors": load_processors}, [])

    def to_bytes(self, **kwargs):
        base = super().to_bytes(**kwargs)
        return srsly.msgpack_dumps({"base": base, **self._lexicon_data()})

    def from_bytes(self, data, **kwargs):
        msg = srsly.msgpack_loads(data)
        super().from_bytes(msg["base"], **kwargs)
        self._weights_as_float64()
        self._set_lexicon_data(msg)
        return self


@registry.misc("kg.title_lexicon.v1")
def title_lexicon(path: Optional[str] = None) -> list[str]:
    """The titles of a file of one title per line (scripts/train.py's lexicon stage writes the titles of
    `kg.lexicon` and those the corpora add), else the titles of `kg.lexicon`.

    The file is the list the NER was trained with: the tokenizer keeps it as it was."""
    if path:
        titles = {line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines()}
    else:
        from kg.lexicon import government_titles

        titles = government_titles()
    return sorted(t for t in titles if len(t) >= 2)


@registry.misc("kg.place_names.v1")
def place_name_list() -> list[str]:
    """Every gazetteer name the place ruler and the tokenizer keep whole."""
    from kg.gazetteer import load_gazetteer
    from kg.lexicon import place_names

    return sorted(place_names(load_gazetteer()))


@registry.misc("kg.word_list.v1")
def word_list(path: Optional[str] = None) -> list[str]:
    """One word per line (the segmenter's known words); none without a path."""
    if not path:
        return []
    return [line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


@registry.misc("kg.token_splits.v1")
def token_splits(path: Optional[str] = None) -> dict:
    """{word: [cut offsets]} learned by scripts/train.py; none without a path."""
    return dict(srsly.read_json(path)) if path else {}
