#!/usr/bin/env python
"""Train the shipped pipeline models/kg_zh from the public corpora in a data directory.

    python scripts/train.py --data ../shared/data --out models/kg_zh [--work training/] [--stages ...]

Stages (all by default, in order; each reuses what an earlier run left in --work):
  seg       train the pkuseg segmenter on PD1998 parts 1-4 (part 5 is dev)
  lexicon   title list and pkuseg user dictionary (gazetteer names + titles)
  ner-data  harmonise MSRA / CLUENER / Resume / Weibo into DocBins (MSRA: a fixed 5% dev carve-out),
            and count from the training PERSON spans which characters begin names (name_char_counts.json)
  tokens    learn the tokenizer's split table from the NER training data, then tokenise the
            corpus once with the kg tokenizer (training reads these tokens: gold_preproc)
  vectors   (optional) floret vectors from the unlabelled news of raw/ and the PD1998 text, cut by the
            kg tokenizer, into --work/vectors/model; the ner stage uses them with --vectors
  pretrain  (optional) the tok2vec pretrained on the vectors stage's tokens (raw/ news + PD1998): a masked
            token's floret vector predicted from its neighbours, into --work/pretrain/; the ner stage
            starts from it with --pretrained
  ner       spaCy training of tok2vec + ner (checkpoints in --work/ner/)
  finetune  (optional, not in the default run) continue the NER at a lower learning
            rate, from --work/ner/model-best (or the pipeline of --finetune-from) into
            --work/FINETUNE_DIR/ (--finetune-dir, default ner-finetuned), on all the training data (--finetune-data all) or on MSRA
            alone (msra), plus the annotated real pages of --finetune-pages, oversampled
  assemble  scripts/configs/kg_zh.cfg: the trained tok2vec + ner sourced, the tokenizer, kg_lexicon,
            the person ruler and the merger set up by nlp.initialize() -> --out, with dev scores in meta.json

Seeded (--seed) and never run in CI. Test splits are not used (they are not in the data dir).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpora  # noqa: E402
import model_eval  # noqa: E402

STAGES = ("seg", "lexicon", "ner-data", "tokens", "vectors", "pretrain", "ner", "finetune", "assemble")
# a word goes into the split table when the NER data cuts it in at least this share of its occurrences
TOKEN_SPLIT_MIN_SHARE = 0.5
TOKEN_SPLIT_MIN_COUNT = 2
MSRA_DEV_FRACTION = 0.05
# dev splits the NER checkpoint is chosen on (spaCy reads every .spacy file of corpus/tok/dev/)
SELECTION_DEV_SOURCES = ("msra", "peoples_daily")
# measured: pruning pkuseg features below this weight keeps segmentation F1 unchanged
PKUSEG_PRUNE_THRESHOLD = 0.05


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def pd1998_lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.replace("[", "").replace("]", "").strip()
        if line:
            out.append(line)
    return out


def stage_seg(args) -> None:
    import spacy_pkuseg
    from spacy_pkuseg.config import config as pkuseg_config

    seg_dir = args.data / "seg" / "pd1998_janfeb"
    work = args.work / "seg"
    work.mkdir(parents=True, exist_ok=True)
    train = [l for i in (1, 2, 3, 4) for l in pd1998_lines(seg_dir / f"part-{i}.txt")]
    dev = pd1998_lines(seg_dir / "part-5.txt")
    (work / "train.txt").write_text("\n".join(train) + "\n", encoding="utf-8")
    # pkuseg scores its test file after every iteration: a slice keeps that cheap;
    # the full part 5 is scored by scripts/evaluate.py seg.
    (work / "monitor.txt").write_text("\n".join(dev[:800]) + "\n", encoding="utf-8")
    pkuseg_config.nThread = 1
    log(f"pkuseg: {len(train)} training lines, {args.seg_iter} iterations")
    spacy_pkuseg.train(str(work / "train.txt"), str(work / "monitor.txt"), str(args.work / "pkuseg_model"), train_iter=args.seg_iter)


def stage_lexicon(args) -> None:
    from kg.gazetteer import load_gazetteer
    from kg.lexicon import government_titles, is_official_title, place_names

    ner = args.data / "ner"
    corpus = list(corpora.read_cluener(ner / "cluener" / "train.json"))
    corpus += list(corpora.read_resume(ner / "resume" / "train.char.bmes", set()))
    seen = {t for t in corpora.corpus_titles(corpus) if is_official_title(t)}
    curated = government_titles()
    titles = curated | corpora.atomic_titles(seen, curated)
    places = place_names(load_gazetteer())
    (args.work / "titles.txt").write_text("\n".join(sorted(titles)) + "\n", encoding="utf-8")
    # The user dictionary forces whole words; 2-character names (东区, 城关) are too
    # common as parts of other words, so only 3+ characters and province/city short names go in.
    user_dict = sorted({t for t in titles if len(t) >= 3} | {p for p in places if len(p) >= 3})
    (args.work / "user_dict.txt").write_text("\n".join(user_dict) + "\n", encoding="utf-8")
    # Words the segmenter was trained on: the tokenizer splits any other word it
    # outputs into characters (an unknown name glued to the next word, 罗斌少).
    seg_dir = args.data / "seg" / "pd1998_janfeb"
    known = {w for i in (1, 2, 3, 4) for line in pd1998_lines(seg_dir / f"part-{i}.txt") for w in line.split()}
    known = {w for w in known if len(w) > 1}
    (args.work / "known_words.txt").write_text("\n".join(sorted(known)) + "\n", encoding="utf-8")
    log(f"lexicon: {len(titles)} titles, {len(places)} place names, {len(user_dict)} user-dictionary words, {len(known)} known words")


def _set_gold(doc, ents: list, missing: list) -> list:
    """Set `ents` (longest kept where they overlap) and `missing` (where no entity is) on `doc`; the rest is outside."""
    from spacy.util import filter_spans

    ents = filter_spans(ents)
    taken = {i for sp in ents for i in range(sp.start, sp.end)}
    missing = filter_spans([sp for sp in missing if not any(i in taken for i in range(sp.start, sp.end))])
    doc.set_ents(ents, missing=missing, default="outside")
    return ents


def _to_docbin(sentences, nlp, path: Path) -> dict:
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=False)
    stats = {"sentences": 0, "entities": 0, "misaligned": 0}
    for sent in sentences:
        doc = nlp.make_doc(sent.text)
        ents, missing = [], []
        for s, e, lab in sent.spans:
            span = doc.char_span(s, e, label=lab)
            if span is None:
                stats["misaligned"] += 1
                continue
            ents.append(span)
        for s, e in sent.missing:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                missing.append(span)
        ents = _set_gold(doc, ents, missing)
        db.add(doc)
        stats["sentences"] += 1
        stats["entities"] += len(ents)
    db.to_disk(path)
    return stats


def load_ner_sentences(args):
    """(train, dev_sets) of harmonised sentences; MSRA dev is a fixed seeded 5% carve-out."""
    from kg.gazetteer import load_gazetteer
    from kg.lexicon import LongestMatcher, place_names

    ner = args.data / "ner"
    pn = place_names(load_gazetteer())
    titles = LongestMatcher(l.strip() for l in (args.work / "titles.txt").read_text(encoding="utf-8").splitlines() if l.strip())
    places = LongestMatcher(pn)
    silver = lambda sents: [corpora.add_silver_titles(s, titles, places) for s in sents]  # noqa: E731
    # --title-labels: how training treats titles in corpora that never label them (dev always gets silver)
    mode = getattr(args, "title_labels", "silver")
    if mode == "silver":
        unlabelled = silver
    elif mode == "missing":
        unlabelled = lambda sents: [corpora.add_silver_titles(s, titles, places, as_missing=True) for s in sents]  # noqa: E731
    else:
        unlabelled = list
    msra = list(corpora.read_msra(ner / "msra" / "train.bio", pn))
    msra_train, msra_dev = corpora.split_fraction(msra, MSRA_DEV_FRACTION, args.seed)
    train = unlabelled(msra_train)
    train += list(corpora.read_cluener(ner / "cluener" / "train.json"))
    train += list(corpora.read_resume(ner / "resume" / "train.char.bmes", pn))
    train += unlabelled(corpora.read_weibo(ner / "weibo" / "train.conll"))
    dev = {
        "msra": silver(msra_dev),
        "peoples_daily": silver(corpora.read_msra(ner / "peoples_daily" / "dev.bio", pn, sep=" ")),
        "weibo": silver(corpora.read_weibo(ner / "weibo" / "dev.conll")),
        "resume": list(corpora.read_resume(ner / "resume" / "dev.char.bmes", pn)),
    }
    return train, dev


def stage_ner_data(args) -> None:
    import random

    import spacy

    # These reference docs are tokenised per character so every gold span aligns; the
    # tokens stage re-tokenises them with the kg tokenizer for training, and they are
    # what the dev scores and the boundary-loss count are measured against.
    nlp = spacy.blank("zh")
    train, dev = load_ner_sentences(args)
    random.Random(args.seed).shuffle(train)
    out = args.work / "corpus"
    out.mkdir(parents=True, exist_ok=True)
    stats = {"train": _to_docbin(train, nlp, out / "train.spacy")}
    for name, sents in dev.items():
        stats[f"dev_{name}"] = _to_docbin(sents, nlp, out / f"dev_{name}.spacy")
    (out / "stats.json").write_text(json.dumps(stats, indent=2))
    write_name_char_counts(out / "train.spacy", args.work / "name_char_counts.json")
    log(f"ner-data: {json.dumps(stats)}")


def write_name_char_counts(train_docbin: Path, path: Path) -> None:
    """kg_char_entities' surname evidence, from the training split's PERSON spans (kg/pipeline/chars.py)."""
    import spacy
    from spacy.tokens import DocBin

    from kg.pipeline.chars import name_char_counts

    docs = DocBin().from_disk(train_docbin).get_docs(spacy.blank("zh").vocab)
    path.write_text(json.dumps(name_char_counts(docs), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def kg_tokenizer_nlp(args, token_splits: dict | None = None):
    """A blank pipeline whose tokenizer is the one that ships, built from --work."""
    import spacy

    from kg.pipeline.tokenizer import place_name_list, title_lexicon, word_list

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.zh_tokenizer.v1", "segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(
        pkuseg_model=str(args.work / "pkuseg_model"),
        pkuseg_user_dict=str(args.work / "user_dict.txt"),
        titles=title_lexicon(str(args.work / "titles.txt")),
        places=place_name_list(),
        known_words=word_list(str(args.work / "known_words.txt")),
        token_splits=token_splits,
    )
    return nlp


def learn_token_splits(tokenizer, docs) -> dict:
    """Words that gold entity boundaries cut at the same place in most of their occurrences."""
    from collections import Counter, defaultdict

    from kg.pipeline.tokenizer import pieces

    seen, cut_at = Counter(), defaultdict(Counter)
    for doc in docs:
        bounds = {e.start_char for e in doc.ents} | {e.end_char for e in doc.ents}
        for start, piece in pieces(doc.text):
            for w in tokenizer._cut(piece):
                seen[w] += 1
                inner = tuple(i - start for i in range(start + 1, start + len(w)) if i in bounds)
                if inner:
                    cut_at[w][inner] += 1
                start += len(w)
    table = {}
    for w, patterns in cut_at.items():
        n_cut = sum(patterns.values())
        if n_cut >= TOKEN_SPLIT_MIN_COUNT and n_cut / seen[w] >= TOKEN_SPLIT_MIN_SHARE:
            table[w] = list(patterns.most_common(1)[0][0])
    return table


def _retokenised(nlp, docs, follow_guideline: bool = False):
    """The gold docs re-tokenised; an entity the tokens cannot express becomes missing, not outside.

    With follow_guideline, an entity cut by a lexicon token (a title or place the guideline
    keeps whole) is rewritten the guideline's way instead (model_eval.rewrite_cut_entity).
    """
    tokenizer = nlp.tokenizer
    stats = {"entities": 0, "inside_token": 0, "inside_lexicon_token": 0, "rewritten_to_guideline": 0}
    for ref in docs:
        doc = nlp.make_doc(ref.text)
        char_ents, char_missing = [], []
        for e in ref.ents:
            stats["entities"] += 1
            if doc.char_span(e.start_char, e.end_char) is not None:
                char_ents.append((e.start_char, e.end_char, e.label_))
                continue
            stats["inside_token"] += 1
            lexicon_cut, ents, missing = model_eval.rewrite_cut_entity(
                doc, e.start_char, e.end_char, e.label_, tokenizer.titles, tokenizer.places)
            stats["inside_lexicon_token"] += lexicon_cut
            if follow_guideline:
                char_ents += ents
                char_missing += missing
                stats["rewritten_to_guideline"] += bool(ents)
            else:
                char_missing.append((e.start_char, e.end_char))
        char_missing += [(t.idx, t.idx + len(t)) for t in ref if t.ent_iob_ == ""]
        ents = [sp for s, e, lab in char_ents if (sp := doc.char_span(s, e, label=lab)) is not None]
        missing = [sp for s, e in char_missing if (sp := doc.char_span(s, e, alignment_mode="expand")) is not None]
        _set_gold(doc, ents, missing)
        yield doc, stats


def _write_tokenised(nlp, docs, path: Path, follow_guideline: bool) -> tuple[int, dict]:
    from spacy.tokens import DocBin

    db, stats = DocBin(store_user_data=False), {}
    for doc, stats in _retokenised(nlp, docs, follow_guideline):
        db.add(doc)
    db.to_disk(path)
    return len(db), stats


def stage_tokens(args) -> None:
    from spacy.tokens import DocBin

    corpus = args.work / "corpus"
    nlp = kg_tokenizer_nlp(args)
    train_docs = list(DocBin().from_disk(corpus / "train.spacy").get_docs(nlp.vocab))
    table = learn_token_splits(nlp.tokenizer, train_docs)
    (args.work / "token_splits.json").write_text(json.dumps(table, ensure_ascii=False, indent=0), encoding="utf-8")
    log(f"tokens: {len(table)} words in the split table")
    nlp = kg_tokenizer_nlp(args, table)
    out = corpus / "tok"
    out.mkdir(exist_ok=True)
    (out / "dev").mkdir(exist_ok=True)
    # training keeps the checkpoint best on MSRA and People's Daily dev together, not on MSRA alone:
    # MSRA dev alone overrated the model by 0.06 against the MSRA test (issue 14)
    for name, target in (("train", out / "train.spacy"), *((f"dev_{s}", out / "dev" / f"{s}.spacy") for s in SELECTION_DEV_SOURCES)):
        docs = train_docs if name == "train" else list(DocBin().from_disk(corpus / f"{name}.spacy").get_docs(nlp.vocab))
        n_docs, stats = _write_tokenised(nlp, docs, target, follow_guideline=name == "train")
        log(f"tokens: {name}: {n_docs} docs, {stats}")


def _raw_texts(data: Path):
    """The unlabelled news of raw/ and the PD1998 training parts, as plain text lines."""
    import gzip

    with gzip.open(data / "raw" / "news-zh.txt.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            for paragraph in json.loads(line)["text"].splitlines():
                if paragraph.strip():
                    yield paragraph.strip()
    for i in (1, 2, 3, 4):
        for line in pd1998_lines(data / "seg" / "pd1998_janfeb" / f"part-{i}.txt"):
            yield "".join(w.split("/")[0] for w in line.split())


def stage_vectors(args) -> None:
    import floret
    import spacy
    from spacy.training.initialize import convert_vectors

    out = args.work / "vectors"
    out.mkdir(parents=True, exist_ok=True)
    tokens = out / "tokens.txt"
    if not tokens.exists():
        nlp = kg_tokenizer_nlp(args, json.loads((args.work / "token_splits.json").read_text(encoding="utf-8")))
        n_chars = 0
        with open(str(tokens) + ".part", "w", encoding="utf-8") as f:
            for doc in nlp.tokenizer.pipe(_raw_texts(args.data), batch_size=256):
                f.write(" ".join(t.text for t in doc if not t.is_space) + "\n")
                n_chars += len(doc.text)
                if n_chars % 1_000_000 < len(doc.text):
                    log(f"vectors: {n_chars / 1e6:.0f} M characters cut into tokens")
        Path(str(tokens) + ".part").replace(tokens)
    log(f"vectors: floret, {args.vectors_dim} dims, {args.vectors_buckets} buckets")
    model = floret.train_unsupervised(
        str(tokens), model="cbow", mode="floret", hashCount=2, bucket=args.vectors_buckets,
        minn=1, maxn=3, dim=args.vectors_dim, epoch=5, minCount=3, thread=1,  # one thread: the same vectors every run
    )
    model.save_floret_vectors(str(out / "vectors.floret"))
    nlp = spacy.blank("zh")
    convert_vectors(nlp, out / "vectors.floret", truncate=0, prune=-1, mode="floret")
    nlp.to_disk(out / "model")
    log(f"vectors: {nlp.vocab.vectors.shape} -> {out / 'model'}")


def _token_lines_reader(path: Optional[str], max_tokens: int):
    """spaCy corpus reader of one pre-cut sentence per line (tokens joined by spaces), cut into
    pieces of at most max_tokens: pretraining reads the vectors stage's tokens without cutting them again.
    No path (the ner stage, which resolves every corpus of the config but never reads this one): no text."""
    from spacy.tokens import Doc
    from spacy.training import Example

    def read(nlp):
        if path is None:
            return
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                words = line.split()
                for start in range(0, len(words), max_tokens):
                    doc = Doc(nlp.vocab, words=words[start:start + max_tokens])
                    yield Example(doc, doc)

    return read


def _register_token_lines() -> None:
    """ner.cfg names the pretraining reader; spaCy resolves every corpus of the config, so training needs it too."""
    import spacy

    if "kg.token_lines.v1" not in spacy.registry.readers:
        spacy.registry.readers.register("kg.token_lines.v1", func=_token_lines_reader)


class _KeepCheckpoints:
    """Callbacks that copy each evaluation's model into out/checkpoints/step-N (--keep-checkpoints).

    spaCy writes model-last, with the optimizer's averaged weights, at every evaluation and keeps only the
    best by the dev corpus's score; a fine-tune on real pages is chosen on pages no model trained on instead
    (evaluate.py pages), so every evaluation's state is kept. `before_update` learns the step spaCy is at;
    `before_to_disk` runs at each evaluation's save and once more when training ends."""

    def __init__(self, out: Path):
        self.out = out
        self.step = 0

    def before_update(self, nlp, info: dict) -> None:
        self.step = info["step"]

    def before_to_disk(self, nlp):
        target = self.out / "checkpoints" / f"step-{self.step}"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            nlp.to_disk(target)
        return nlp


def _register_keep_checkpoints(args, out: Path) -> dict:
    """The config overrides that turn on `_KeepCheckpoints` (--keep-checkpoints), else none."""
    import spacy

    if not args.keep_checkpoints:
        return {}
    keep = _KeepCheckpoints(out)
    # registered as factories without arguments: spaCy's config resolves a callback by calling what is registered
    spacy.registry.callbacks.register("kg.checkpoint_step.v1", func=lambda: keep.before_update)
    spacy.registry.callbacks.register("kg.keep_checkpoint.v1", func=lambda: keep.before_to_disk)
    return {"training.before_update": {"@callbacks": "kg.checkpoint_step.v1"},
            "training.before_to_disk": {"@callbacks": "kg.keep_checkpoint.v1"}}


def stage_pretrain(args) -> None:
    import spacy
    from spacy.training.pretrain import pretrain

    import kg.pipeline.blas  # noqa: F401
    import kg.pipeline.tokenizer  # noqa: F401

    tokens = args.work / "vectors" / "tokens.txt"
    vectors = args.work / "vectors" / "model"
    if not (tokens.exists() and vectors.exists()):
        raise SystemExit(f"pretrain: run the vectors stage first ({tokens} and {vectors} are its output)")
    _register_token_lines()
    overrides = {
        **_training_overrides(args, "train.spacy", args.max_steps),
        "paths.raw_text": str(tokens),
        "paths.vectors": str(vectors),  # the objective's targets only; the tok2vec does not read them
        "pretraining.max_epochs": args.pretrain_epochs,
    }
    config = spacy.util.load_config(HERE / "configs" / "ner.cfg", overrides=overrides, interpolate=True)
    out = args.work / "pretrain"
    out.mkdir(parents=True, exist_ok=True)
    log(f"pretrain: {tokens}, {args.pretrain_epochs} epoch(s) -> {out}")
    with _one_blas_thread():
        pretrain(config, out, silent=False)


def _training_overrides(args, train_file: str, max_steps: int) -> dict:
    """Config overrides shared by the ner and finetune stages: the pre-tokenised corpus and the tokenizer's files."""
    tokenised = args.work / "corpus" / "tok"
    return {
        "paths.train": str(tokenised / train_file),
        "paths.dev": str(tokenised / "dev"),
        "paths.pkuseg_model": str(args.work / "pkuseg_model"),
        "paths.pkuseg_user_dict": str(args.work / "user_dict.txt"),
        "paths.titles": str(args.work / "titles.txt"),
        "paths.known_words": str(args.work / "known_words.txt"),
        "paths.token_splits": str(args.work / "token_splits.json"),
        "system.seed": args.seed,
        "training.max_steps": max_steps,
        **({"paths.init_tok2vec": str(args.work / "pretrain" / args.pretrained)} if args.pretrained else {}),
        **({"paths.vectors": str(args.work / "vectors" / "model"),
            "components.tok2vec.model.embed.include_static_vectors": True} if args.vectors else {}),
        **dict(args.set),
    }


def stage_ner(args) -> None:
    import kg.pipeline.tokenizer  # noqa: F401  registers kg.zh_tokenizer.v1
    from spacy.cli.train import train as spacy_train

    import kg.pipeline.blas  # noqa: F401  registers kg.numpy_blas.v1 (the training config uses it)

    overrides = _training_overrides(args, "train.spacy", args.max_steps)
    overrides.update(_register_keep_checkpoints(args, args.work / args.ner_dir))
    _register_token_lines()
    with _one_blas_thread():
        spacy_train(HERE / "configs" / "ner.cfg", output_path=args.work / args.ner_dir, overrides=overrides)


def _one_blas_thread():
    """numpy's BLAS on one thread for a training (kg.numpy_blas.v1 caps it only while kg extracts),
    so that two trainings share the two cores."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def page_sentences(page: dict) -> list:
    """An annotated page (raw_text + document-level gold entities) as training sentences.

    The gold list says which texts are entities, not where: every occurrence of each text takes
    its label, the longest texts first and none over one already taken (ANNOTATION.md's spans:
    天镇县委书记 is one TITLE wherever it is written, not 天镇 inside it). Text outside every
    occurrence is not-an-entity, as the annotation is complete.
    """
    from kg.relations import sentences

    text = page["raw_text"]
    taken = [False] * len(text)
    spans = []
    for ent in sorted(page["entities"], key=lambda e: (-len(e["text"]), e["text"], e["label"])):
        needle = ent["text"]
        start = text.find(needle) if needle else -1
        while start != -1:
            end = start + len(needle)
            if not any(taken[start:end]):
                spans.append((start, end, ent["label"]))
                taken[start:end] = [True] * len(needle)
            start = text.find(needle, start + 1)
    out = []
    for s, e in sentences(text):
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        if s >= e:
            continue
        # a span across a sentence cut cannot be a gold entity of either sentence
        inside = sorted((a - s, b - s, lab) for a, b, lab in spans if s <= a and b <= e)
        out.append(corpora.Sentence(text[s:e], inside, source=f"page:{page.get('id', '')}"))
    return out


def _pages_train_file(args, train_file: str) -> str:
    """--work/corpus/tok/<train_file> with the pages of --finetune-pages appended --finetune-pages-repeat times."""
    import spacy
    from spacy.tokens import DocBin

    pages = [json.loads(line) for f in args.finetune_pages for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    sents = [s for page in pages for s in page_sentences(page)]
    corpus = args.work / "corpus"
    pages_file = f"pages-{args.finetune_dir}.spacy"  # one per run: two fine-tunes can train side by side
    stats = _to_docbin(sents, spacy.blank("zh"), corpus / pages_file)
    nlp = kg_tokenizer_nlp(args, json.loads((args.work / "token_splits.json").read_text(encoding="utf-8")))
    reference = DocBin().from_disk(corpus / pages_file).get_docs(nlp.vocab)
    n_docs, tok_stats = _write_tokenised(nlp, reference, corpus / "tok" / pages_file, follow_guideline=True)
    log(f"finetune: {len(pages)} pages, {stats}, tokenised {tok_stats}")
    merged = DocBin(store_user_data=False).from_disk(corpus / "tok" / train_file)
    page_docs = DocBin(store_user_data=False).from_disk(corpus / "tok" / pages_file)
    for _ in range(args.finetune_pages_repeat):
        merged.merge(page_docs)
    out = f"{Path(train_file).stem}+{pages_file}"
    merged.to_disk(corpus / "tok" / out)
    log(f"finetune: {out}: {len(merged)} docs ({n_docs} page sentences x {args.finetune_pages_repeat})")
    return out


def stage_finetune(args) -> None:
    import spacy
    from spacy.cli.train import train as spacy_train

    import kg.pipeline  # noqa: F401  the tokenizer, and the components a whole pipeline of --finetune-from names

    if args.finetune_data == "msra":
        from spacy.tokens import DocBin

        train, _ = load_ner_sentences(args)
        msra = [s for s in train if s.source == "msra"]
        corpus = args.work / "corpus"
        _to_docbin(msra, spacy.blank("zh"), corpus / "train_msra.spacy")
        nlp = kg_tokenizer_nlp(args, json.loads((args.work / "token_splits.json").read_text(encoding="utf-8")))
        reference = DocBin().from_disk(corpus / "train_msra.spacy").get_docs(nlp.vocab)
        n_docs, _ = _write_tokenised(nlp, reference, corpus / "tok" / "train_msra.spacy", follow_guideline=True)
        train_file = "train_msra.spacy"
        log(f"finetune: {n_docs} MSRA sentences")
    else:
        train_file = "train.spacy"  # the tokens stage's output, every source
    if args.finetune_pages:
        train_file = _pages_train_file(args, train_file)
    config = spacy.util.load_config(HERE / "configs" / "ner.cfg")
    source = str(args.finetune_from or args.work / args.ner_dir / "model-best")
    config["components"]["tok2vec"] = {"source": source}
    config["components"]["ner"] = {"source": source}
    config["training"]["optimizer"]["learn_rate"] = args.finetune_learn_rate
    config_path = args.work / f"{args.finetune_dir}.cfg"
    config.to_disk(config_path)
    log(f"finetune: {train_file} from {source}, learn rate {args.finetune_learn_rate}, {args.finetune_steps} steps")
    overrides = _training_overrides(args, train_file, args.finetune_steps)
    overrides.update(_register_keep_checkpoints(args, args.work / args.finetune_dir))
    _register_token_lines()
    with _one_blas_thread():
        spacy_train(config_path, output_path=args.work / args.finetune_dir, overrides=overrides)


def compact_pkuseg(model_dir: Path, threshold: float) -> dict:
    """Drop pkuseg features whose weights are all below `threshold`, store weights as float32.

    pkuseg keeps every feature it ever saw (1.7M, 110 MB); most weigh next to
    nothing. The node weights are laid out [feature, tag] row-major, then the
    tag-transition weights.
    """
    import numpy as np
    import srsly

    z = np.load(model_dir / "weights.npz")
    n_tag, n_feature = (int(x) for x in z["sizes"])
    w = z["w"]
    node = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    edge = w[n_feature * n_tag :]
    keep = np.abs(node).max(axis=1) > threshold
    keep[0] = True  # pkuseg's fallback feature for a character with none
    new_index = np.cumsum(keep) - 1
    data = srsly.read_msgpack(model_dir / "features.msgpack")
    data["feature_to_idx"] = {f: int(new_index[i]) for f, i in data["feature_to_idx"].items() if keep[i]}
    new_w = np.concatenate([node[keep].ravel(), edge]).astype(np.float32)
    np.savez_compressed(model_dir / "weights.npz", sizes=np.array([n_tag, int(keep.sum())]), w=new_w)
    srsly.write_msgpack(model_dir / "features.msgpack", data)
    return {"features_before": n_feature, "features_kept": int(keep.sum()), "threshold": threshold}


def assemble_pipeline(config_path: Path, overrides: dict):
    """The shipped pipeline from its full config: the trained tok2vec and ner are sourced as they
    are; everything else (the tokenizer and its lexicon, kg_lexicon's bodies, the surnames) is
    set by nlp.initialize() from [initialize]."""
    import spacy

    import kg.pipeline  # noqa: F401  registers the factories, the tokenizer and the lexicon functions

    config = spacy.util.load_config(config_path, overrides=overrides, interpolate=False)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    sourced = [name for name, cfg in config["components"].items() if "source" in cfg]
    with nlp.select_pipes(disable=sourced):
        nlp.initialize()
    return nlp


def _has_vectors(pipeline_dir: Path) -> bool:
    cfg = (pipeline_dir / "config.cfg").read_text(encoding="utf-8")
    return "include_static_vectors = true" in cfg


def stage_assemble(args) -> None:
    import spacy

    if args.ner_model is not None:
        if not (args.ner_model / "config.cfg").exists():
            raise SystemExit(f"--ner-model {args.ner_model}: no trained pipeline there (config.cfg missing)")
        trained = args.ner_model
    else:
        trained = args.work / args.ner_dir / "model-best"
        if not trained.exists():
            trained = args.work / args.ner_dir / "model-last"
    overrides = {
        "paths.ner_model": str(trained),
        "paths.pkuseg_model": str(args.work / "pkuseg_model"),
        "paths.pkuseg_user_dict": str(args.work / "user_dict.txt"),
        "paths.titles": str(args.work / "titles.txt"),
        "paths.known_words": str(args.work / "known_words.txt"),
        "paths.token_splits": str(args.work / "token_splits.json"),
        "paths.surnames": str(args.data / "lexicon" / "surnames" / "chinese_family_name_1k.xlsx"),
        "paths.name_char_counts": str(args.work / "name_char_counts.json"),
    }
    if _has_vectors(trained):
        # the sourced tok2vec reads static vectors: the shipped vocab must carry the same table
        overrides["paths.vectors"] = str(trained)
    nlp = assemble_pipeline(HERE / "configs" / "kg_zh.cfg", overrides)
    nlp.meta.update({"name": "kg_zh", "version": "0.1.0", "description": "kg: pkuseg segmenter + NER (PERSON, TITLE, ORG, GPE, LOC) + title/place rules"})

    tmp = args.out.with_name(args.out.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    nlp.to_disk(tmp)
    compacted = compact_pkuseg(tmp / "tokenizer" / "pkuseg_model", PKUSEG_PRUNE_THRESHOLD)
    # score what ships: the compacted pipeline, loaded back from disk
    shipped = spacy.load(tmp)
    scores = model_eval.score_pipeline(shipped, args.work / "corpus", args.data)
    scores["pkuseg_compaction"] = compacted
    meta = json.loads((tmp / "meta.json").read_text(encoding="utf-8"))
    meta["kg_dev_scores"] = scores
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.out.exists():
        shutil.rmtree(args.out)
    tmp.rename(args.out)
    log(f"assembled {args.out}: {json.dumps(scores, ensure_ascii=False)}")


def _config_override(text: str) -> tuple[str, object]:
    """KEY=VALUE for --set; the value is parsed as JSON where it can be (128, 0.001, true), else kept as a string."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="the shared/data directory")
    ap.add_argument("--out", type=Path, default=Path("models/kg_zh"))
    ap.add_argument("--work", type=Path, default=Path("training"))
    ap.add_argument("--stages", nargs="+", choices=STAGES, default=[s for s in STAGES if s not in ("finetune", "vectors", "pretrain")])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--seg-iter", type=int, default=10)
    ap.add_argument("--vectors", action="store_true", help="ner/finetune: train with the vectors stage's floret vectors")
    ap.add_argument("--vectors-dim", type=int, default=64)
    ap.add_argument("--vectors-buckets", type=int, default=20000)
    ap.add_argument("--pretrain-epochs", type=int, default=1)
    ap.add_argument("--pretrained", default=None, metavar="FILE",
                    help="ner: start the tok2vec from this file of --work/pretrain/ (e.g. model-last.bin)")
    ap.add_argument("--max-steps", type=int, default=14000)
    ap.add_argument("--finetune-steps", type=int, default=4000)
    ap.add_argument("--finetune-data", choices=("all", "msra"), default="all", help="what the finetune stage trains on")
    ap.add_argument("--finetune-learn-rate", type=float, default=0.0003)
    ap.add_argument("--finetune-from", type=Path, default=None, metavar="DIR",
                    help="finetune: the pipeline whose tok2vec and ner to continue (default: --work/NER_DIR/model-best)")
    ap.add_argument("--finetune-pages", type=Path, nargs="+", default=[], metavar="FILE",
                    help="finetune: annotated page JSONL files (tests/data/real/*.jsonl format) added to the training data")
    ap.add_argument("--finetune-pages-repeat", type=int, default=10, help="finetune: how many times the pages are added")
    ap.add_argument("--finetune-dir", default="ner-finetuned", help="folder under --work that the finetune stage "
                    "trains into")
    ap.add_argument("--keep-checkpoints", action="store_true",
                    help="ner/finetune: keep the model of every evaluation in <out>/checkpoints/step-N, to choose one "
                    "on pages no model trained on")
    ap.add_argument("--ner-dir", default="ner", help="folder under --work that the ner stage trains into "
                    "(and finetune starts from)")
    ap.add_argument("--set", type=_config_override, action="append", default=[], metavar="KEY=VALUE",
                    help="override the NER training config, e.g. components.tok2vec.model.encode.width=128")
    ap.add_argument("--ner-model", type=Path, default=None,
                    help="assemble this trained NER (default: --work/ner/model-best)")
    ap.add_argument("--title-labels", choices=("silver", "missing", "none"), default="silver",
                    help="titles in MSRA/Weibo train, which never label them: silver TITLE from the lexicon "
                         "(default), lexicon matches as missing (unknown), or left as not-an-entity")
    args = ap.parse_args(argv)
    if not (args.data / "ner" / "msra" / "train.bio").exists():
        ap.error(f"{args.data} does not look like shared/data (no ner/msra/train.bio)")
    args.work.mkdir(parents=True, exist_ok=True)
    for stage in STAGES:
        if stage in args.stages:
            t0 = time.time()
            log(f"stage {stage}")
            globals()["stage_" + stage.replace("-", "_")](args)
            log(f"stage {stage} done in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
