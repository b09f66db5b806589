"""Loading the model faster without changing it: `FastPreprocesser` against pkuseg's trie."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from spacy_pkuseg import Preprocesser

from conftest import MODEL, needs_model
from kg.pipeline.pkuseg_fast import FastPreprocesser

words = st.lists(st.one_of(st.text("abcd", min_size=1, max_size=4),
                           st.tuples(st.text("abcd", min_size=1, max_size=4), st.sampled_from(["", "nr", "ns"]))),
                 max_size=12)


@settings(max_examples=500, deadline=None)
@given(words, st.text("abcde", max_size=30))
def test_fast_preprocesser_solves_as_pkuseg_does(dictionary, text):
    from spacy.lang.zh import _get_pkuseg_trie_data

    fast, slow = FastPreprocesser(dictionary), Preprocesser(dictionary)
    assert fast.solve(text) == slow.solve(text)
    assert _get_pkuseg_trie_data(fast.trie) == _get_pkuseg_trie_data(slow.trie)  # what to_disk saves


@needs_model
def test_the_loaded_tokenizer_has_the_saved_processors(nlp):
    import srsly

    user_dict, do_process, common, other = srsly.read_msgpack(MODEL / "tokenizer" / "pkuseg_processors")
    seg = nlp.tokenizer.pkuseg_seg
    assert isinstance(seg.preprocesser, FastPreprocesser) and seg.preprocesser.dict_data == user_dict
    assert (seg.postprocesser.do_process, seg.postprocesser.common_words, seg.postprocesser.other_words) == (
        do_process, set(common), set(other))
    text = "市委书记罗增斌在巴州区枣林镇调研"
    assert seg.preprocesser.solve(text) == Preprocesser(user_dict).solve(text)
