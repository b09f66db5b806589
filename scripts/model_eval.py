"""Scores of the trained pipeline on the dev splits: segmentation, NER per label, speed, token-boundary loss.

Used by `scripts/train.py assemble` (scores go into meta.json) and by
`scripts/evaluate.py ner|seg`. Only train/dev data is read.
"""
from __future__ import annotations

import contextlib
import time
from collections import Counter
from pathlib import Path

MSRA_MAP = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
LABELS = ("PERSON", "TITLE", "ORG", "GPE", "LOC")


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f": round(f, 4), "n_gold": n_gold}


def _gold(docbin_path: Path, vocab):
    from spacy.tokens import DocBin

    out = []
    for doc in DocBin().from_disk(docbin_path).get_docs(vocab):
        ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        missing = [(t.idx, t.idx + len(t)) for t in doc if t.ent_iob_ == ""]
        out.append((doc.text, ents, missing))
    return out


def full_width(text: str) -> str:
    """`text` with its ASCII letters and digits full-width (ｉｂｍ, １９９８), one character for one."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def name_lists(gold: list, joiner: str) -> list:
    """Only the sentences with a 、 between two gold PERSON spans, that 、 made `joiner` ("" glues the names,
    as the MSRA test writes a list whose spaces were dropped: 宋宝瑞宋清渭宋瑞祥; " " spaces them, as pages
    write credit lines), the gold offsets moved to match."""
    out = []
    for text, ents, missing in gold:
        persons = sorted((s, e) for s, e, lab in ents if lab == "PERSON")
        seps = {e for (s, e), (s2, _) in zip(persons, persons[1:]) if text[e:s2] == "、"}
        if not seps:
            continue

        def moved(x: int, end: bool = False) -> int:
            # a separator at or before x (before it, for an end offset) shifts it
            return x - sum(1 for p in seps if p < x or (p == x and not end)) * (1 - len(joiner))

        new = "".join(joiner if i in seps else c for i, c in enumerate(text))
        out.append((new, {(moved(s), moved(e, True), lab) for s, e, lab in ents},
                    [(moved(s), moved(e, True)) for s, e in missing]))
    return out


def score_ner(nlp, docbin_path: Path, batch_size: int = 64, errors: bool = False, fullwidth: bool = False,
              lists: str | None = None) -> dict:
    """Per-label and micro P/R/F1 on character offsets, plus the MSRA-style micro F1 and chars/s.

    `errors`: also the sentences where the MSRA-style entities differ, with what was missed and
    what is spurious ("text/LABEL"), to read the model's mistakes by kind. `fullwidth`: the texts
    with Latin letters and digits full-width, as the MSRA test writes some (the training corpora
    never do); the offsets, and so the gold, stay the same. `lists` "kept", "glued" or "spaced": only the
    sentences with a 、 list of names, its separators between names dropped or made spaces (`name_lists`).
    """
    gold = _gold(docbin_path, nlp.vocab)
    if fullwidth:
        gold = [(full_width(text), ents, missing) for text, ents, missing in gold]
    if lists:
        gold = name_lists(gold, {"kept": "、", "glued": "", "spaced": " "}[lists])
    texts = [g[0] for g in gold]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    seconds = time.perf_counter() - t0
    tp, n_pred, n_gold = Counter(), Counter(), Counter()
    mtp = mpred = mgold = 0
    wrong = []
    for doc, (text, gents, missing) in zip(docs, gold):
        pents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        # predictions inside a span whose annotation is unknown are neither right nor wrong
        pents = {p for p in pents if not any(ms <= p[0] and p[1] <= me for ms, me in missing) or p in gents}
        for s, e, lab in pents:
            n_pred[lab] += 1
            tp[lab] += (s, e, lab) in gents
        for _, _, lab in gents:
            n_gold[lab] += 1
        pm = {(s, e, MSRA_MAP[l]) for s, e, l in pents if l in MSRA_MAP}
        gm = {(s, e, MSRA_MAP[l]) for s, e, l in gents if l in MSRA_MAP}
        mtp += len(pm & gm)
        mpred += len(pm)
        mgold += len(gm)
        if errors and pm != gm:
            wrong.append({"text": text, "missed": [f"{text[s:e]}/{l}" for s, e, l in sorted(gm - pm)],
                          "spurious": [f"{text[s:e]}/{l}" for s, e, l in sorted(pm - gm)]})
    per_label = {lab: prf(tp[lab], n_pred[lab], n_gold[lab]) for lab in LABELS if n_gold[lab] or n_pred[lab]}
    return {
        "per_label": per_label,
        "micro": prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values())),
        "msra_micro": prf(mtp, mpred, mgold),
        "chars_per_s": round(sum(map(len, texts)) / seconds),
        "n_sentences": len(texts),
        **({"errors": wrong} if errors else {}),
    }


def score_segmentation(nlp, pd1998_part: Path, limit: int | None = None) -> dict:
    """Word P/R/F1 against a PD1998 part (words as character spans).

    `pkuseg` scores the segmenter's own words (with its user dictionary); `tokens`
    scores the tokens the NER sees, after the lexicon re-cut and the splits that
    keep entity boundaries out of tokens (unknown words become characters, so this
    is lower by design).
    """
    tokenizer = nlp.tokenizer
    counts = {"pkuseg": [0, 0, 0], "tokens": [0, 0, 0]}
    lines = [l.replace("[", "").replace("]", "").strip() for l in pd1998_part.read_text(encoding="utf-8").splitlines()]
    lines = [l for l in lines if l][:limit]
    for line in lines:
        words = line.split()
        text = "".join(words)
        gold, pos = set(), 0
        for w in words:
            gold.add((pos, pos + len(w)))
            pos += len(w)
        predicted = {"tokens": {(t.idx, t.idx + len(t)) for t in nlp.make_doc(text) if not t.is_space}}
        if hasattr(tokenizer, "_cut") and getattr(tokenizer, "pkuseg_seg", None) is not None:
            spans, pos = set(), 0
            for w in tokenizer._cut(text):
                spans.add((pos, pos + len(w)))
                pos += len(w)
            predicted["pkuseg"] = spans
        for key, pred in predicted.items():
            c = counts[key]
            c[0] += len(gold & pred)
            c[1] += len(pred)
            c[2] += len(gold)
    return {key: prf(*c) for key, c in counts.items() if c[2]}


def tokens_cut_by(doc, start: int, end: int) -> list:
    """The tokens that an entity's start or end falls strictly inside."""
    return [t for t in doc if t.idx < start < t.idx + len(t) or t.idx < end < t.idx + len(t)]


def guideline_spans(doc, start: int, end: int, label: str, lexicon_token, titles, places):
    """What the guideline makes of a gold span that ends inside a lexicon title or place token.

    MSRA writes 沈阳市委书记 as ORG 沈阳市委 + 书记 and 北京市 as LOC 北京 + 市; the
    guideline says GPE 沈阳 + TITLE 市委书记, and GPE 北京市. Returns (entities, missing).
    """
    t_start, t_end = lexicon_token.idx, lexicon_token.idx + len(lexicon_token)
    is_title = lexicon_token.text in titles
    if not is_title and label in ("GPE", "LOC") and t_start == start and end < t_end:
        return [(start, t_end, "GPE")], []
    if is_title and start < t_start < end < t_end:
        head = doc.text[start:t_start]
        ents = [(t_start, t_end, "TITLE")]
        if head in places:
            return [(start, t_start, "GPE")] + ents, []
        return ents, [(start, t_start)]
    return [], [(min(start, t_start), max(end, t_end))]


def rewrite_cut_entity(doc, start: int, end: int, label: str, titles, places) -> tuple[bool, list, list]:
    """For a gold span that a token cuts: (cut by a lexicon token?, entities, missing) as training takes it.

    A span cut by one title or place token is rewritten the guideline's way (`guideline_spans`);
    any other span is missing.
    """
    cut = tokens_cut_by(doc, start, end)
    lexicon_cut = any(t.text in titles or t.text in places for t in cut)
    if len(cut) == 1 and lexicon_cut:
        return True, *guideline_spans(doc, start, end, label, cut[0], titles, places)
    return lexicon_cut, [], [(start, end)]


def boundary_loss(nlp, docbin_path: Path, limit: int | None = None) -> dict:
    """Share of gold entities whose start or end falls inside a token (the tokenizer makes them impossible).

    Counted twice. `rate` is against the source annotation as it is. `inside_lexicon_token`
    counts the ones cut by a title or place token that the guideline itself keeps whole
    (MSRA's ORG 沈阳市委 in 沈阳市委书记, LOC 北京 in 北京市): there the source disagrees
    with ANNOTATION.md, and training rewrites the span the guideline's way
    (`guideline_spans`, as train.py's tokens stage does). `rate_as_trained` leaves out the
    ones that rewrite turns into entities the tokens can express.
    """
    gold = _gold(docbin_path, nlp.vocab)[:limit]
    tokenizer = nlp.tokenizer
    titles, places = getattr(tokenizer, "titles", ()), getattr(tokenizer, "places", ())
    inside = lexicon = rewritten = total = 0
    for text, ents, _ in gold:
        doc = nlp.make_doc(text)
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t) for t in doc}
        for s, e, label in ents:
            total += 1
            if s in starts and e in ends:
                continue
            inside += 1
            lexicon_cut, rewrite, _ = rewrite_cut_entity(doc, s, e, label, titles, places)
            lexicon += lexicon_cut
            rewritten += bool(rewrite)
    rate = lambda n: round(n / total, 4) if total else 0.0  # noqa: E731
    return {
        "sentences": len(gold),
        "entities": total,
        "inside_token": inside,
        "rate": rate(inside),
        "inside_lexicon_token": lexicon,
        "rate_outside_guideline_words": rate(inside - lexicon),
        "rewritten_to_guideline": rewritten,
        "rate_as_trained": rate(inside - rewritten),
    }


def score_pipeline(nlp, corpus_dir: Path, data_dir: Path) -> dict:
    corpus_dir, data_dir = Path(corpus_dir), Path(data_dir)
    scores = {"ner": {}}
    for path in sorted(corpus_dir.glob("dev_*.spacy")):
        scores["ner"][path.stem[4:]] = score_ner(nlp, path)
    scores["seg_pd1998_part5"] = score_segmentation(nlp, data_dir / "seg" / "pd1998_janfeb" / "part-5.txt")
    # train.spacy is shuffled (seeded), so its first 20,000 sentences are a fair sample
    scores["boundary_loss_train"] = boundary_loss(nlp, corpus_dir / "train.spacy", limit=20000)
    scores["boundary_loss_dev_msra"] = boundary_loss(nlp, corpus_dir / "dev_msra.spacy")
    return scores


def evaluate_ner(args) -> dict:
    import kg

    nlp = kg.load_pipeline(getattr(args, "model", None))
    corpus = Path(getattr(args, "corpus", "training/corpus"))
    if not corpus.exists():
        raise SystemExit(f"{corpus} not found: run `python scripts/train.py --data ../shared/data --stages lexicon ner-data` first")
    # --ner-only: the statistical model alone; what the rule components add is the difference
    pipes = nlp.select_pipes(enable=["tok2vec", "ner"]) if getattr(args, "ner_only", False) else contextlib.nullcontext()
    sources = getattr(args, "sources", None)
    paths = [p for p in sorted(corpus.glob("dev_*.spacy")) if not sources or p.stem[4:] in sources]
    if not paths:
        raise SystemExit(f"no dev split of {sources} in {corpus}")
    with pipes:
        return {p.stem[4:]: score_ner(nlp, p, errors=getattr(args, "errors", False),
                                       fullwidth=getattr(args, "fullwidth", False),
                                       lists=getattr(args, "name_lists", None)) for p in paths}


def evaluate_seg(args) -> dict:
    import kg

    nlp = kg.load_pipeline(getattr(args, "model", None))
    data = Path(getattr(args, "data", "../shared/data"))
    return {"pd1998_part5": score_segmentation(nlp, data / "seg" / "pd1998_janfeb" / "part-5.txt")}


def evaluate_boundary(args) -> dict:
    import kg

    nlp = kg.load_pipeline(getattr(args, "model", None))
    corpus = Path(getattr(args, "corpus", "training/corpus"))
    if not (corpus / "train.spacy").exists():
        raise SystemExit(f"{corpus}/train.spacy not found: run `python scripts/train.py --data ../shared/data --stages lexicon ner-data` first")
    return {
        "train": boundary_loss(nlp, corpus / "train.spacy", limit=getattr(args, "limit", 20000)),
        "dev_msra": boundary_loss(nlp, corpus / "dev_msra.spacy"),
    }
