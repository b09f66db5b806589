"""kg.pipeline.tokenizer: pkuseg words re-cut so titles and places stay whole (the shipped model's tokenizer)."""
from __future__ import annotations

import pytest

from conftest import SEEDS, needs_model


@needs_model
def test_pipeline_tokens_keep_titles_and_places_whole(nlp):
    doc = nlp.make_doc("开班式上，巴州区枣林镇、巴中市委书记罗增斌出席")
    words = [t.text for t in doc]
    for w in ("巴州区", "枣林镇", "市委书记"):
        assert w in words


@needs_model
def test_fast_pkuseg_segments_word_for_word_like_pkuseg(nlp):
    from kg.article import extract_article
    from kg.pipeline.pkuseg_fast import FastPkuseg
    from kg.pipeline.tokenizer import _TO_FULL_WIDTH, pieces
    from kg.sources import read_pages

    texts = [extract_article(page).text for page in read_pages(sorted(SEEDS.glob("*.txt")))]
    texts += ["2026年11月23日ＡＢＣ公司CEO王小明说：GDP增长6.5%。", "😀🎉 kg ✓ مرحبا Привет 市委书记😀罗增斌", "１２３４５", "a"]
    seg = nlp.tokenizer.pkuseg_seg
    fast = FastPkuseg(seg)
    n_pieces = 0
    for text in texts:
        for _, piece in pieces(text):
            wide = piece.translate(_TO_FULL_WIDTH)
            assert fast.cut(wide) == seg.cut(wide), piece
            n_pieces += 1
    assert n_pieces > 50


@needs_model
@pytest.mark.parametrize("text", ["巴中\n市委书记罗增斌", "巴州区 枣林镇", "市委\n书记", "巴中市妇女联合会\n\n巴中日报"])
def test_titles_and_places_never_span_whitespace(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert all(not any(c.isspace() for c in t.text) for t in doc if not t.is_space)


@needs_model
def test_unknown_words_become_characters_and_learned_splits_apply(nlp):
    import copy

    tokenizer = copy.deepcopy(nlp.tokenizer)
    text = "罗斌少时访华"
    assert tokenizer._cut(text) == ["罗", "斌少", "时", "访华"]  # pkuseg glues the name's end to 少
    tokenizer.set_lexicon(tokenizer.titles.words, tokenizer.places.words, {"访华"}, {"访华": [1]})
    assert [t.text for t in tokenizer(text)] == ["罗", "斌", "少", "时", "访", "华"]
    # a word the segmenter never saw in training is cut into characters
    tokenizer.set_lexicon(tokenizer.titles.words, tokenizer.places.words, {"x"}, {})
    words = [t.text for t in tokenizer(text)]
    assert all(len(w) == 1 for w in words)
    # lexicon matches are rejoined even when their characters were cut apart
    words = [t.text for t in tokenizer("巴中市委书记罗增斌")]
    assert "市委书记" in words and "巴中" in words


@needs_model
def test_tokenizer_lexicon_round_trips_through_bytes_and_disk(nlp, tmp_path):
    import copy

    tokenizer = copy.deepcopy(nlp.tokenizer)
    tokenizer.set_lexicon(["市委书记"], ["巴中"], ["访问", "中国"], {"访华": [1]})
    for restored in (copy.deepcopy(nlp.tokenizer).from_bytes(tokenizer.to_bytes()),
                     (tokenizer.to_disk(tmp_path / "tok"), copy.deepcopy(nlp.tokenizer).from_disk(tmp_path / "tok"))[1]):
        assert restored.known_words == frozenset({"访问", "中国"})
        assert restored.token_splits == {"访华": (1,)}
        assert restored.titles.words == tokenizer.titles.words
