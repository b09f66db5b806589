"""Readers for the public NER corpora in shared/data/ner, harmonised to the kg labels.

Every reader yields `Sentence(text, spans, missing)`: `spans` are (start, end,
label) with label in PERSON/TITLE/ORG/GPE/LOC; `missing` are character ranges
whose annotation is unknown (a CLUENER address that runs several places
together, an occupation that is not an official title), trained as missing
rather than as "not an entity".
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from kg.lexicon import LongestMatcher, find_lexicon_spans, is_official_title
from kg.lexicon.tables import ADMIN_SUFFIXES, NATURAL_SUFFIXES, ROLE_WORDS, TITLE_MODIFIERS


@dataclass
class Sentence:
    text: str
    spans: list[tuple[int, int, str]]
    missing: list[tuple[int, int]] = field(default_factory=list)
    source: str = ""


def split_loc(text: str, place_names: set[str]) -> str:
    if text in place_names or text.endswith(ADMIN_SUFFIXES):
        return "GPE"
    if text.endswith(NATURAL_SUFFIXES):
        return "LOC"
    return "GPE"


def _bio_to_spans(chars: list[str], tags: list[str]) -> list[tuple[int, int, str]]:
    spans, start, label = [], None, None
    for i, tag in enumerate(tags + ["O"]):
        if tag.startswith(("B-", "S-")) or tag == "O" or (tag.startswith(("I-", "M-", "E-")) and tag[2:] != label):
            if start is not None:
                spans.append((start, i, label))
                start, label = None, None
            if tag.startswith(("B-", "S-")):
                start, label = i, tag[2:]
            elif tag.startswith(("I-", "M-", "E-")):  # an entity cut by the sentence split
                start, label = i, tag[2:]
        if tag.startswith(("S-", "E-")) and start is not None:
            spans.append((start, i + 1, label))
            start, label = None, None
    return spans


def read_char_columns(path: Path, sep: str | None = None, strip_digit: bool = False) -> Iterator[tuple[str, list]]:
    chars: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield "".join(chars), _bio_to_spans(chars, tags)
                chars, tags = [], []
                continue
            parts = line.split(sep) if sep else line.split()
            if len(parts) < 2:
                ch, tag = (" ", parts[0]) if len(parts) == 1 else (" ", "O")
            else:
                ch, tag = parts[0], parts[-1]
            if strip_digit and len(ch) > 1 and ch[-1].isdigit():
                ch = ch[:-1]
            chars.append(ch[:1] or " ")
            tags.append(tag)
    if chars:
        yield "".join(chars), _bio_to_spans(chars, tags)


_MSRA_MAP = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}


def read_msra(path: Path, place_names: set[str], sep: str | None = "\t") -> Iterator[Sentence]:
    for text, spans in read_char_columns(path, sep=sep):
        out = []
        for s, e, lab in spans:
            lab = _MSRA_MAP.get(lab)
            if lab == "LOC":
                lab = split_loc(text[s:e], place_names)
            if lab:
                out.append((s, e, lab))
        yield Sentence(text, out, source=path.parent.name)


_WEIBO_MAP = {"PER.NAM": "PERSON", "ORG.NAM": "ORG", "GPE.NAM": "GPE", "LOC.NAM": "LOC"}


def read_weibo(path: Path) -> Iterator[Sentence]:
    for text, spans in read_char_columns(path, sep="\t", strip_digit=True):
        out, missing = [], []
        for s, e, lab in spans:
            if lab in _WEIBO_MAP:
                out.append((s, e, _WEIBO_MAP[lab]))
            elif lab in ("ORG.NOM", "GPE.NOM", "LOC.NOM"):
                missing.append((s, e))
        yield Sentence(text, out, missing, source="weibo")


def read_resume(path: Path, place_names: set[str]) -> Iterator[Sentence]:
    for text, spans in read_char_columns(path, sep=" "):
        out, missing = [], []
        for s, e, lab in spans:
            t = text[s:e]
            if lab == "NAME":
                out.append((s, e, "PERSON"))
            elif lab == "ORG":
                out.append((s, e, "ORG"))
            elif lab == "LOC":
                out.append((s, e, split_loc(t, place_names)))
            elif lab == "TITLE":
                (out.append((s, e, "TITLE")) if is_official_title(t) else missing.append((s, e)))
        yield Sentence(text, out, missing, source="resume")


def read_cluener(path: Path) -> Iterator[Sentence]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            text = d["text"]
            out, missing = [], []
            for lab, ents in d.get("label", {}).items():
                for ent, offsets in ents.items():
                    for s, e_incl in offsets:
                        e = e_incl + 1
                        if lab == "name":
                            out.append((s, e, "PERSON"))
                        elif lab in ("government", "organization", "company"):
                            out.append((s, e, "ORG"))
                        elif lab == "scene":
                            out.append((s, e, "LOC"))
                        elif lab == "position":
                            (out.append((s, e, "TITLE")) if is_official_title(ent) else missing.append((s, e)))
                        elif lab == "address":
                            missing.append((s, e))
            yield Sentence(text, out, missing, source="cluener")


def add_silver_titles(sent: Sentence, titles: LongestMatcher, places: LongestMatcher, as_missing: bool = False) -> Sentence:
    """Label lexicon titles in corpora that never annotate titles (MSRA, People's Daily, Weibo).

    Without this, every 市长 in MSRA would teach the model that titles are not entities.
    Only spans that touch no gold entity are added. With `as_missing` they are marked
    unknown instead (the missing-label alternative, measured by train.py --title-labels).
    """
    taken = [False] * len(sent.text)
    for s, e, _ in sent.spans:
        for i in range(s, e):
            taken[i] = True
    for s, e in sent.missing:
        for i in range(s, e):
            taken[i] = True
    extra = [
        (s, e, "TITLE")
        for s, e, lab in find_lexicon_spans(sent.text, titles, places)
        if lab == "TITLE" and not any(taken[s:e])
    ]
    if as_missing:
        return Sentence(sent.text, sent.spans, sorted(sent.missing + [(s, e) for s, e, _ in extra]), sent.source)
    return Sentence(sent.text, sorted(sent.spans + extra), sent.missing, sent.source)


def split_fraction(items: list, fraction: float, seed: int) -> tuple[list, list]:
    """A fixed, seeded (train, held) split: the MSRA dev carve-out."""
    idx = list(range(len(items)))
    random.Random(seed).shuffle(idx)
    n_held = int(round(len(items) * fraction))
    held = set(idx[:n_held])
    return [x for i, x in enumerate(items) if i not in held], [x for i, x in enumerate(items) if i in held]


def corpus_titles(sentences: Iterable[Sentence]) -> set[str]:
    """Official titles seen annotated in the corpora (CLUENER positions, Resume titles)."""
    return {s.text[a:b] for s in sentences for a, b, lab in s.spans if lab == "TITLE" and 2 <= b - a <= 10}


def atomic_titles(corpus: set[str], curated: set[str]) -> set[str]:
    """Corpus titles that are not a body, department or place glued to a shorter title.

    The tokenizer keeps every lexicon title whole, so 人力资源部经理 or 北京市政协副主席
    in the lexicon would make the ORG or GPE in front of the title impossible for the
    NER. Curated government titles (市委书记, 村党支部书记) stay: the guideline keeps them whole.
    """
    every = corpus | curated | ROLE_WORDS
    kept = set()
    for title in corpus:
        if title in curated:
            kept.add(title)
            continue
        glued = any(title[i:] in every and title[:i] not in TITLE_MODIFIERS for i in range(1, len(title) - 1))
        if not glued:
            kept.add(title)
    return kept
