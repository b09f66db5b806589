"""pkuseg's word segmentation with the same model and the same output, computed faster.

spacy_pkuseg builds each character's CRF features one character at a time: about
20 dictionary-word slices and 50 "ww" feature strings per character, most of them
the same "**noWord" pairs, then sums their weights. Profiling `nlp.pipe` on the
People's Daily dev sentences (`scripts/profile_pipe.py`) put 2.7 s of the
tokenizer's 3.3 s in pkuseg's `cut`. Here the dictionary words around every position are
found once per text, the repeated "ww" pairs are looked up once and weighted by
how often they occur, and the per-character weights are summed with numpy. The
Viterbi decoder is pkuseg's own. `tests/test_pipeline.py` checks the output is
word for word pkuseg's.
"""
from __future__ import annotations

import numpy
from spacy_pkuseg import Preprocesser
from spacy_pkuseg import config as pkuseg_config
from spacy_pkuseg.inference import run_viterbi

_NO_WORD = "**noWord"
_MAX_CACHED_PAIRS = 500_000


class FastPkuseg:
    """Wraps a loaded `spacy_pkuseg.pkuseg` (its feature table, weights and pre/post-processing)."""

    def __init__(self, seg):
        if not (pkuseg_config.wordFeature and pkuseg_config.numLetterNorm):
            raise ValueError("FastPkuseg reproduces pkuseg's default feature set only (wordFeature, numLetterNorm)")
        self.seg = seg
        fe = seg.feature_extractor
        self._normalize = fe.normalize_text
        self._ids = fe.feature_to_idx
        self._unigram = fe.unigram
        self._word_min, self._word_max = pkuseg_config.wordMin, pkuseg_config.wordMax
        self._n_lengths = self._word_max - self._word_min + 1
        n_tag, n_feature = seg.n_tag, seg.n_feature
        w = numpy.asarray(seg.model.w, dtype="float64")
        # one zero row at the end: feature id -1 (absent) adds nothing
        self._node_weights = numpy.vstack([w[: n_feature * n_tag].reshape(n_feature, n_tag), numpy.zeros((1, n_tag))])
        # pkuseg's getLogYY starts edge scores at one, not zero
        edges = w[n_feature * n_tag : n_feature * n_tag + n_tag * n_tag].reshape(n_tag, n_tag)
        self._edge_score = numpy.ascontiguousarray(1.0 + edges.T)
        self._starts_word = [tag for tag, name in seg.idx_to_tag.items() if "B" in name]
        get = self._ids.get
        self._nw_nw = (get(f"ww.l.{_NO_WORD}*{_NO_WORD}"), get(f"ww.r.{_NO_WORD}*{_NO_WORD}"))
        self._word_ids: dict[str, tuple] = {}
        self._single_ids: dict[str, tuple] = {}
        self._double_ids: dict[tuple, tuple] = {}
        # normalize_text's multi-character nodes become one private-use character each, so
        # that text slices are node slices; no dictionary word contains either form
        self._placeholder = {"**Num": "\ue000", "**Letter": "\ue001"}
        if any("**" in w or "\ue000" in w or "\ue001" in w for w in self._unigram):
            raise ValueError("FastPkuseg: pkuseg's word list contains placeholder characters")

    def cut(self, text: str) -> list[str]:
        """`pkuseg.cut(text)` for a text without whitespace."""
        if not text:
            return []
        seg = self.seg
        out: list[str] = []
        pieces, is_user_word, _ = seg.preprocesser.solve(text)
        for piece, user_word in zip(pieces, is_user_word):
            if user_word:
                out.append(piece)
            else:
                out.extend(seg.postprocesser(self._cut(piece)))
        return out

    def _word_feature_ids(self, word: str) -> tuple:
        """Feature ids of a dictionary word: w-1, w1, and its ww pairs with "no word" on either side."""
        ids = self._word_ids.get(word)
        if ids is None:
            get = self._ids.get
            ids = self._word_ids[word] = (
                get("w-1." + word, -1),  # the word ends at the character
                get("w1." + word, -1),  # the word starts at it
                get(f"ww.l.{word}*{_NO_WORD}", -1),  # word just before the character, nothing from it
                get(f"ww.l.{_NO_WORD}*{word}", -1),  # nothing before, word from the character
                get(f"ww.r.{word}*{_NO_WORD}", -1),  # word up to the character, nothing after
                get(f"ww.r.{_NO_WORD}*{word}", -1),  # nothing up to it, word just after
            )
        return ids

    def _char_ids(self, c: str) -> tuple:
        """Ids of the five features that look at one character, as it sits at offsets 0, -1, +1, -2, +2."""
        ids = self._single_ids.get(c)
        if ids is None:
            get = self._ids.get
            ids = self._single_ids[c] = tuple(get(p + c, -1) for p in ("c.", "c-1.", "c1.", "c-2.", "c2."))
        return ids

    def _pair_ids(self, pair: tuple[str, str]) -> tuple:
        """Ids of the three features on two adjacent characters a, b: at b (c-1c), at a (cc1), after b (c-2c-1)."""
        ids = self._double_ids.get(pair)
        if ids is None:
            if len(self._double_ids) >= _MAX_CACHED_PAIRS:
                self._double_ids.clear()  # bounded memory over a long crawl
            get = self._ids.get
            a, b = pair
            ids = self._double_ids[pair] = (get(f"c-1c.{a}.{b}", -1), get(f"cc1.{a}.{b}", -1), get(f"c-2c-1.{a}.{b}", -1))
        return ids

    def _node_scores(self, nodes: list[str]) -> numpy.ndarray:
        n = len(nodes)
        weights = self._node_weights
        # the character features of position i, one column each, -1 (a zero row) where absent
        ids = numpy.full((n, 9), -1, dtype="intp")
        ids[:, 0] = 0  # pkuseg's "$$" feature, on every character
        single = numpy.array([self._char_ids(c) for c in nodes], dtype="intp").reshape(n, 5)
        ids[:, 1] = single[:, 0]  # c.
        ids[1:, 2] = single[:-1, 1]  # c-1. (the character before)
        ids[:-1, 3] = single[1:, 2]  # c1. (the character after)
        ids[2:, 4] = single[:-2, 3]  # c-2.
        ids[:-2, 5] = single[2:, 4]  # c2.
        if n > 1:
            double = numpy.array([self._pair_ids(p) for p in zip(nodes, nodes[1:])], dtype="intp").reshape(n - 1, 3)
            ids[1:, 6] = double[:, 0]  # c-1c. at the second character of a pair
            ids[:-1, 7] = double[:, 1]  # cc1. at the first
            ids[2:, 8] = double[:-1, 2]  # c-2c-1. at the character after the pair
        node_score = weights[ids].sum(axis=1)

        # dictionary words (pkuseg's unigram set, 2-6 characters) by start and by end offset
        placeholder = self._placeholder
        joined = "".join([placeholder.get(c, c) for c in nodes])
        unigram = self._unigram
        words: list[tuple[int, int, str]] = []
        starting_at: dict[int, list[str]] = {}
        ending_at: dict[int, list[str]] = {}
        for length in range(self._word_max, self._word_min - 1, -1):
            for s in [s for s in range(n - length + 1) if joined[s : s + length] in unigram]:
                word = joined[s : s + length]
                words.append((s, s + length, word))
                starting_at.setdefault(s, []).append(word)
                ending_at.setdefault(s + length, []).append(word)

        # pkuseg pairs, at character i, each of the 5 word slots before i with each from i
        # ("ww.l") and each up to i with each after it ("ww.r"); a slot without a word is
        # "**noWord". Pairs of two gaps, the same string at every character, count as one
        # lookup times how often they occur.
        k = self._n_lengths
        gaps_starting = numpy.full(n + 1, float(k))
        gaps_ending = numpy.full(n + 1, float(k))
        for s, found in starting_at.items():
            gaps_starting[s] -= len(found)
        for e, found in ending_at.items():
            gaps_ending[e] -= len(found)
        nw_l, nw_r = self._nw_nw
        if nw_l is not None:
            node_score += numpy.outer(gaps_ending[:n] * gaps_starting[:n], weights[nw_l])
        if nw_r is not None:
            node_score += numpy.outer(gaps_ending[1:] * gaps_starting[1:], weights[nw_r])
        if not words:
            return node_score

        word_ids = self._word_feature_ids
        ids = numpy.array([word_ids(word) for _, _, word in words], dtype="intp")
        starts = numpy.array([s for s, _, _ in words], dtype="intp")
        ends = starts + numpy.array([len(word) for _, _, word in words], dtype="intp")
        one = numpy.ones(len(words))
        # where each of a word's six features sits, and how many gap slots pair with it
        positions = numpy.concatenate([ends - 1, starts, ends, starts, ends - 1, starts - 1])
        counts = numpy.concatenate(
            [one, one, gaps_starting[ends], gaps_ending[starts], gaps_starting[ends], gaps_ending[starts]]
        )
        feats = ids.T.reshape(-1)  # column by column, in the order of `positions`
        keep = (feats >= 0) & (positions >= 0) & (positions < n) & (counts > 0)
        rows, feats, counts = positions[keep].tolist(), feats[keep].tolist(), counts[keep].tolist()
        get = self._ids.get
        for j, lefts in ending_at.items():
            rights = starting_at.get(j)
            if not rights:
                continue
            for a in lefts:
                for b in rights:
                    for i, key in ((j, f"ww.l.{a}*{b}"), (j - 1, f"ww.r.{a}*{b}")):
                        f = get(key)
                        if f is not None and 0 <= i < n:
                            rows.append(i), feats.append(f), counts.append(1)
        if rows:
            scores = weights[feats] * numpy.asarray(counts, dtype="float64")[:, None]
            positions = numpy.asarray(rows, dtype="intp")
            for t in range(scores.shape[1]):
                node_score[:, t] += numpy.bincount(positions, weights=scores[:, t], minlength=n)
        return node_score

    def _cut(self, text: str) -> list[str]:
        nodes = list(self._normalize(text))
        _, tags = run_viterbi(self._node_scores(nodes), self._edge_score)
        words: list[str] = []
        start = 0
        starts_word = self._starts_word
        for i in range(1, len(text)):
            if tags[i] in starts_word:
                words.append(text[start:i])
                start = i
        words.append(text[start:])
        return words


class FastPreprocesser(Preprocesser):
    """pkuseg's `Preprocesser` (forced user-dictionary words) with the same `solve`, built in a tenth of the time.

    pkuseg builds a trie of one Python object per character of the user dictionary
    (36,501 words, the slowest step of loading the model); here every prefix of a word is a key
    of one dict, and `solve` walks those keys as pkuseg walks the trie. spaCy's `to_disk`
    reads `.trie`: it is built from the same words when first asked for.
    """

    def __init__(self, dict_file):
        if isinstance(dict_file, str):  # a file of word<TAB>tag lines, as pkuseg reads it
            with open(dict_file, encoding="utf-8") as f:
                dict_file = [tuple((line.strip().split("\t") + [""])[:2]) for line in f]
        self.dict_data = dict_file if dict_file is not None else []
        self._trie = None
        nodes: dict[str, tuple[bool, str]] = {}  # prefix -> (is a word, its user tag), as the trie's nodes
        for w_t in self.dict_data:
            if isinstance(w_t, str):
                w, t = w_t.strip(), ""
            else:
                assert len(w_t) == 2
                w, t = (x.strip() for x in w_t)
            for k in range(1, len(w)):
                nodes.setdefault(w[:k], (False, ""))
            nodes[w] = (True, t)
        self._nodes = nodes

    @property
    def trie(self):
        if self._trie is None:
            self._trie = Preprocesser(self.dict_data).trie
        return self._trie

    @trie.setter
    def trie(self, value) -> None:
        self._trie = value

    def solve(self, txt):
        """`Preprocesser.solve`, step for step (a mismatch after a word ends the match where it fails)."""
        nodes = self._nodes
        outlst, iswlst, taglst = [], [], []
        n = len(txt)
        last = i = 0
        while i < n:
            j = i
            found = False
            usertag = ""
            last_word_idx = -1
            while True:
                node = nodes.get(txt[i:j + 1])
                if node is None:
                    found = last_word_idx != -1
                    break
                if node[0]:
                    last_word_idx = j
                    usertag = node[1]
                j += 1
                if j == n:
                    if last_word_idx != -1:
                        j = last_word_idx + 1
                        found = True
                    break
            if found:
                if last != i:
                    outlst.append(txt[last:i])
                    iswlst.append(False)
                    taglst.append("")
                outlst.append(txt[i:j])
                iswlst.append(True)
                taglst.append(usertag)
                last = i = j
            else:
                i += 1
        if last < n:
            outlst.append(txt[last:n])
            iswlst.append(False)
            taglst.append("")
        return outlst, iswlst, taglst
