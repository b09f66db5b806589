"""Harmonisation of the training corpora (scripts/corpora.py): what the lexicon and the silver labels become."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import corpora  # noqa: E402
from kg.lexicon import LongestMatcher, government_titles  # noqa: E402


def test_only_atomic_corpus_titles_enter_the_lexicon():
    curated = government_titles()
    corpus = {"人力资源部经理", "北京市政协副主席", "常务副院长", "副行长", "市委书记", "研究所所长"}
    kept = corpora.atomic_titles(corpus, curated)
    assert kept == {"常务副院长", "副行长", "市委书记"}


def test_named_national_bodies_are_not_part_of_a_title():
    titles = government_titles()
    assert "全国政协副主席" not in titles and "政协副主席" not in titles
    assert "市政协副主席" in titles and "市委书记" in titles


def test_silver_titles_or_missing_spans_never_touch_gold():
    titles, places = LongestMatcher(["市长", "副市长"]), LongestMatcher(["北京"])
    sent = corpora.Sentence("北京市长王某会见副市长", [(0, 2, "GPE"), (4, 6, "PERSON")])
    silver = corpora.add_silver_titles(sent, titles, places)
    assert (8, 11, "TITLE") in silver.spans and not silver.missing
    missing = corpora.add_silver_titles(sent, titles, places, as_missing=True)
    assert missing.spans == sent.spans and (8, 11) in missing.missing


def _doc(words: list[str]):
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    return Doc(Vocab(), words=words, spaces=[False] * len(words))


def test_guideline_spans_split_a_place_off_a_title_and_keep_a_place_whole():
    import model_eval

    titles, places = {"市委书记", "部长"}, {"沈阳", "北京市", "北京"}
    doc = _doc(["沈阳", "市委书记", "张三"])
    # MSRA: ORG 沈阳市委 + 书记; the guideline: GPE 沈阳 + TITLE 市委书记
    assert model_eval.guideline_spans(doc, 0, 4, "ORG", doc[1], titles, places) == (
        [(0, 2, "GPE"), (2, 6, "TITLE")], [])
    doc = _doc(["北京市", "人民"])
    assert model_eval.guideline_spans(doc, 0, 2, "LOC", doc[0], titles, places) == ([(0, 3, "GPE")], [])
    # a head that is no place is left unlabelled, not taught as outside
    doc = _doc(["国防", "部长"])
    assert model_eval.guideline_spans(doc, 0, 3, "ORG", doc[1], titles, places) == ([(2, 4, "TITLE")], [(0, 2)])


def test_boundary_loss_counts_source_and_as_trained_rates(tmp_path):
    from types import SimpleNamespace

    import model_eval
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    # gold is per character, as the corpora are; the "tokenizer" below cuts the words given
    tokens = {"沈阳市委书记张三": ["沈阳", "市委书记", "张三"], "美军到": ["美军", "到"]}
    gold = {"沈阳市委书记张三": [(0, 4, "ORG"), (6, 8, "PERSON")], "美军到": [(0, 1, "GPE")]}
    db = DocBin()
    for text, ents in gold.items():
        ref = _doc(list(text))
        ref.set_ents([ref.char_span(s, e, label=label) for s, e, label in ents])
        db.add(ref)
    db.to_disk(tmp_path / "train.spacy")
    nlp = SimpleNamespace(
        vocab=Vocab(),
        tokenizer=SimpleNamespace(titles={"市委书记"}, places={"沈阳"}),
        make_doc=lambda text: _doc(tokens[text]),
    )
    loss = model_eval.boundary_loss(nlp, tmp_path / "train.spacy")
    # 沈阳市委 ends inside the title 市委书记 (rewritten the guideline's way);
    # 美 is inside the word 美军 (impossible either way); 张三 is fine
    assert (loss["entities"], loss["inside_token"], loss["inside_lexicon_token"], loss["rewritten_to_guideline"]) == (3, 2, 1, 1)
    assert loss["rate"] == round(2 / 3, 4) and loss["rate_as_trained"] == round(1 / 3, 4)


def test_train_set_option_parses_config_values():
    import argparse

    import pytest
    import train

    assert train._config_override("components.tok2vec.model.encode.width=128") == ("components.tok2vec.model.encode.width", 128)
    assert train._config_override("training.optimizer.learn_rate=0.0005") == ("training.optimizer.learn_rate", 0.0005)
    assert train._config_override("paths.vectors=/tmp/v") == ("paths.vectors", "/tmp/v")
    with pytest.raises(argparse.ArgumentTypeError):
        train._config_override("width128")


def test_pretraining_reads_the_precut_token_lines_in_pieces(tmp_path):
    import spacy
    import train

    lines = tmp_path / "tokens.txt"
    lines.write_text("巴中市 市委 书记 罗增斌 调研\n\n枣林镇 召开 会议\n", encoding="utf-8")
    read = train._token_lines_reader(str(lines), max_tokens=2)
    pieces = [[t.text for t in eg.reference] for eg in read(spacy.blank("zh"))]
    assert pieces == [["巴中市", "市委"], ["书记", "罗增斌"], ["调研"], ["枣林镇", "召开"], ["会议"]]
    assert list(train._token_lines_reader(None, max_tokens=2)(spacy.blank("zh"))) == []  # the ner stage's view

    # the [pretraining] block of the NER config is complete and pretrains the NER's own tok2vec
    config = spacy.util.load_config(train.HERE / "configs" / "ner.cfg", interpolate=False)
    block = {k: v for k, v in config["pretraining"].items() if k not in ("batcher", "objective", "optimizer")}
    assert block["component"] == "tok2vec" and block["corpus"] == "corpora.pretrain"
    assert config["corpora"]["pretrain"]["@readers"] == "kg.token_lines.v1"
    assert config["pretraining"]["objective"]["@architectures"] == "spacy.PretrainVectors.v1"


def test_a_page_becomes_sentences_with_every_occurrence_of_its_gold_texts(tmp_path):
    import spacy
    import train
    from spacy.tokens import DocBin

    page = {
        "id": "t1",
        "raw_text": "天镇县委书记张三到天镇调研。\n  张三指出,天镇县人民政府要抓好落实;李四陪同。\n网站首页 | 联系我们",
        "entities": [
            {"text": "天镇", "label": "GPE"},
            {"text": "天镇县委书记", "label": "TITLE"},
            {"text": "张三", "label": "PERSON"},
            {"text": "天镇县人民政府", "label": "ORG"},
            {"text": "李四", "label": "PERSON"},
        ],
    }
    sents = train.page_sentences(page)
    labelled = [[(s.text[a:b], lab) for a, b, lab in s.spans] for s in sents]
    assert [s.text for s in sents] == ["天镇县委书记张三到天镇调研。", "张三指出,天镇县人民政府要抓好落实;", "李四陪同。", "网站首页 | 联系我们"]
    # the longest text wins where texts overlap: 天镇 is never taken out of 天镇县委书记 or 天镇县人民政府
    assert labelled == [
        [("天镇县委书记", "TITLE"), ("张三", "PERSON"), ("天镇", "GPE")],
        [("张三", "PERSON"), ("天镇县人民政府", "ORG")],
        [("李四", "PERSON")],
        [],
    ]
    # the Docs the finetune stage writes: these spans, the rest outside
    stats = train._to_docbin(sents, spacy.blank("zh"), tmp_path / "pages.spacy")
    assert stats == {"sentences": 4, "entities": 6, "misaligned": 0}
    docs = list(DocBin().from_disk(tmp_path / "pages.spacy").get_docs(spacy.blank("zh").vocab))
    assert [[(e.text, e.label_) for e in d.ents] for d in docs] == labelled
    assert all(t.ent_iob_ in ("B", "I", "O") for d in docs for t in d)


def test_keep_checkpoints_saves_every_evaluations_model_under_its_step(tmp_path):
    import argparse

    import spacy
    import train
    from spacy.cli.train import train as spacy_train
    from spacy.tokens import Doc, DocBin

    nlp = spacy.blank("en")
    bin_ = DocBin()
    for words, ents in ((["Zhang", "visits", "Bazhong"], ["B-PERSON", "O", "B-GPE"]),
                        (["Li", "meets", "Zhang"], ["B-PERSON", "O", "B-PERSON"])):
        bin_.add(Doc(nlp.vocab, words=words, ents=ents))
    bin_.to_disk(tmp_path / "train.spacy")
    config = spacy.util.load_config_from_str(f"""
[paths]
train = "{tmp_path / 'train.spacy'}"
dev = "{tmp_path / 'train.spacy'}"
[nlp]
lang = "en"
pipeline = ["ner"]
[components]
[components.ner]
factory = "ner"
[corpora]
[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${{paths.train}}
[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${{paths.dev}}
[training]
max_steps = 4
eval_frequency = 2
[training.batcher]
@batchers = "spacy.batch_by_sequence.v1"
size = 2
""")
    config_path = tmp_path / "tiny.cfg"
    spacy.util.load_model_from_config(config, auto_fill=True).config.to_disk(config_path)  # spaCy's defaults filled in
    args = argparse.Namespace(keep_checkpoints=True, set=[("training.eval_frequency", 2)])
    overrides = train._register_keep_checkpoints(args, tmp_path / "out")
    spacy_train(config_path, output_path=tmp_path / "out", overrides=overrides)

    kept = sorted(p.name for p in (tmp_path / "out" / "checkpoints").iterdir())
    assert kept == ["step-0", "step-2", "step-4"]
    # each is a whole pipeline that loads and tags
    assert spacy.load(tmp_path / "out" / "checkpoints" / "step-4")("Zhang visits Bazhong").ents is not None
    assert train._register_keep_checkpoints(argparse.Namespace(keep_checkpoints=False, set=[]), tmp_path) == {}
