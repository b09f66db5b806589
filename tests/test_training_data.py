"""Harmonisation of the training corpora (scripts/corpora.py): what the lexicon and the silver labels become."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import corpora  # noqa: E402
from kg.pipeline.lexicon import LongestMatcher, government_titles  # noqa: E402


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
