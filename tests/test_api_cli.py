"""API plumbing and the `kg` command: dedup, errors, exit codes, atomic outputs, push; end to end with the real pipeline.

Unit tests of the plumbing inject a fake annotator, linker and graph module so
that they test this code only; the end-to-end tests at the bottom use the real
pipeline and the real graph module.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import kg
from conftest import failing_pipeline
from kg import api
from kg.cli import main
from kg.errors import GraphStoreError, InputError, KgError, ModelError
from kg.records import Entity, Extraction, Page, Relation

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
EXAMPLES = ROOT / "kg" / "examples"
SEED_000 = EXAMPLES / "000_5875c8a5bb91bb6f.txt"
SEED_003 = EXAMPLES / "003_72360f13c9a92e36.txt"
NAMES = {"罗增斌": "PERSON", "市委书记": "TITLE", "李强": "PERSON"}


def fake_annotate(articles, nlp=None, n_process=1, batch_size=8, on_error=None):
    for a in articles:
        ents = []
        for name, label in NAMES.items():
            start = a.text.find(name)
            if start >= 0:
                ents.append(Entity(name, label, start, start + len(name)))
        yield a, sorted(ents, key=lambda e: e.start)


def fake_link(article, entities):
    rels = ()
    if {e.text for e in entities} >= {"罗增斌", "市委书记"}:
        rels = (Relation("罗增斌", "HOLDS_TITLE", "市委书记"),)
    return Extraction(article=article, entities=tuple(entities), relations=rels, place="511900")


def fake_graph_module(fail_on_save: bool = False):
    mod = types.ModuleType("kg.graph")

    def build_graph(extractions, graph=None):
        graph = graph if graph is not None else {"articles": []}
        graph["articles"].extend(ex.article.id for ex in extractions)
        return graph

    def save_graph(graph, out_dir):
        Path(out_dir, "graph.json").write_text(json.dumps(graph), encoding="utf-8")
        if fail_on_save:
            raise KgError("disk full while writing graph.html")
        Path(out_dir, "graph.html").write_text("<html></html>", encoding="utf-8")

    def load_graph(path):
        return json.loads(Path(path).read_text(encoding="utf-8"))

    mod.build_graph, mod.save_graph, mod.load_graph = build_graph, save_graph, load_graph
    return mod


@pytest.fixture
def fake_stages(monkeypatch):
    monkeypatch.setattr(api, "_annotator", lambda: fake_annotate)
    monkeypatch.setattr(api, "_linker", lambda: fake_link)
    monkeypatch.setitem(sys.modules, "kg.graph", fake_graph_module())


@pytest.fixture
def dup_dir(tmp_path):
    """Seed 000 saved twice (UTF-8 and GBK), seed 003, and an empty file."""
    d = tmp_path / "pages"
    d.mkdir()
    text = SEED_000.read_text(encoding="utf-8")
    (d / "a.txt").write_text(text, encoding="utf-8")
    (d / "b_gbk.txt").write_bytes(text.encode("gb18030"))
    (d / "c.txt").write_bytes(SEED_003.read_bytes())
    (d / "d_empty.txt").write_bytes(b"")
    return d


# ---------------------------------------------------------------- library


def test_extract_pages_drops_duplicates_and_reports_bad_pages(fake_stages, dup_dir):
    errors: list[InputError] = []
    pages = kg.read_pages([dup_dir, DATA / "pages.jsonl"], errors=errors)
    out = list(kg.extract_pages(pages, on_error=errors.append))
    titles = [ex.article.meta.title for ex in out]
    assert titles == [
        "牢记组织重托 强化使命担当在决胜脱贫攻坚同步全面小康中奋发作为",
        "打赢脱贫攻坚战,关键在党,关键在人",
        "市政府召开全体会议",
        "镇党委召开会议",
    ]
    assert len({ex.article.id for ex in out}) == 4
    reasons = sorted((Path(e.path).name, e.line, e.reason.split(":")[0]) for e in errors)
    assert reasons == [
        ("d_empty.txt", None, "empty file"),
        ("pages.jsonl", 2, "invalid JSON"),
        ("pages.jsonl", 4, "JSON page has no 'text' or 'html' string"),
        ("pages.jsonl", 6, "no article"),
    ]
    first = out[0]
    assert [(e.text, first.article.text[e.start:e.end]) for e in first.entities][:2] == [
        ("市委书记", "市委书记"), ("罗增斌", "罗增斌")]
    assert first.relations == (Relation("罗增斌", "HOLDS_TITLE", "市委书记"),)


def test_extract_pages_skip_ids(fake_stages):
    seed_id = kg.extract_article(next(kg.read_pages([SEED_000]))).id
    out = list(kg.extract_pages(kg.read_pages([SEED_000, SEED_003]), skip_ids={seed_id}))
    assert [ex.article.path for ex in out] == [str(SEED_003)]


def test_extract_raises_the_first_bad_input_without_on_error(fake_stages, dup_dir):
    with pytest.raises(InputError, match="empty file"):
        kg.extract([dup_dir])
    seen = []
    assert len(kg.extract([dup_dir], on_error=seen.append)) == 2
    assert len(seen) == 1


def test_extract_pages_passes_the_pipeline_arguments_through(monkeypatch):
    calls = {}

    def annotate(articles, nlp=None, n_process=1, batch_size=8, on_error=None):
        calls.update(nlp=nlp, n_process=n_process, batch_size=batch_size)
        return ((a, []) for a in articles)

    monkeypatch.setattr(api, "_annotator", lambda: annotate)
    monkeypatch.setattr(api, "_linker", lambda: fake_link)
    sentinel = object()
    list(kg.extract_pages(kg.read_pages([SEED_000]), nlp=sentinel, n_process=2, batch_size=7))
    assert calls == {"nlp": sentinel, "n_process": 2, "batch_size": 7}


def test_missing_stages_degrade_or_fail_clearly(monkeypatch):
    monkeypatch.setitem(sys.modules, "kg.nlp", None)
    monkeypatch.setitem(sys.modules, "kg.link", None)
    (ex,) = kg.extract([SEED_000])  # without NLP: the article with no entities
    assert ex.entities == () and ex.relations == ()
    monkeypatch.setitem(sys.modules, "kg.graph", None)
    with pytest.raises(KgError, match="kg.graph is missing"):
        api.build([SEED_000], "unused-out")


def test_write_and_read_extractions_round_trip(fake_stages, tmp_path):
    out = kg.extract([SEED_000, SEED_003])
    path = tmp_path / "x" / "extractions.jsonl"
    assert api.write_extractions(out, path) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "牢记组织重托" in lines[0]  # ensure_ascii=False
    assert list(api.read_extractions(path)) == out


def test_import_kg_is_cheap():
    code = "import sys, kg; kg.read_pages; kg.extract_article; print(sorted(m for m in ('spacy', 'networkx', 'neo4j') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- kg extract


def test_cli_extract_jsonl(fake_stages, dup_dir, capsys):
    rc = main(["extract", str(dup_dir), str(DATA / "article.html"), "--quiet"])
    out, err = capsys.readouterr()
    assert rc == 1  # the empty file failed, the rest were processed
    assert err == f"kg: {dup_dir / 'd_empty.txt'}: empty file (the crawler saved nothing for this page)\n"
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3
    for r in records:
        assert {"id", "path", "meta", "text", "entities", "relations"} <= set(r)
        assert set(r["meta"]) == {"title", "date", "source", "author"}
        for e in r["entities"]:
            assert r["text"][e["start"]:e["end"]] == e["text"]
    assert records[0]["meta"] == {"title": "牢记组织重托 强化使命担当在决胜脱贫攻坚同步全面小康中奋发作为",
                                  "date": "2020-06-12", "source": "巴中日报", "author": None}
    assert records[1]["meta"]["date"] == "2020-03-17"
    assert records[2]["meta"]["title"] == "区政府召开第十二次常务会议"
    assert records[0]["relations"] == [{"head": "罗增斌", "type": "HOLDS_TITLE", "tail": "市委书记",
                                        "head_key": None, "tail_key": None, "sentence": None, "canonical": None}]


def test_cli_extract_json_and_all_good_exit_zero(fake_stages, capsys):
    assert main(["extract", str(SEED_003), "--format", "json"]) == 0
    out, err = capsys.readouterr()
    (record,) = json.loads(out)
    assert record["meta"]["title"] == "打赢脱贫攻坚战,关键在党,关键在人"
    assert err == ""


def test_cli_reports_jsonl_lines_and_no_article(fake_stages, capsys):
    assert main(["extract", str(DATA / "pages.jsonl")]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    path = DATA / "pages.jsonl"
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"kg: {path}:2: invalid JSON")
    assert lines[1].startswith(f"kg: {path}:4: JSON page has no 'text' or 'html' string")
    assert lines[2].startswith(f"kg: {path}:6: no article")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "data, reason",
    [(b"\x00\x01binary\x00", "binary file"), (b"\x80\xff\xfe\xff", "undecodable"), (b"", "empty file")],
)
def test_cli_bad_files_exit_1_and_others_still_output(fake_stages, tmp_path, capsys, data, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(data)
    assert main(["extract", str(bad), str(SEED_000)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 1
    assert err.startswith(f"kg: {bad}: {reason}") and err.count("\n") == 1


def test_cli_stdin(fake_stages, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED_000.read_bytes())))
    assert main(["extract", "-"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["path"] == "-" and record["meta"]["date"] == "2020-06-12"


def test_a_stage_that_raises_on_one_page_fails_that_page_and_the_build_goes_on(fake_stages, monkeypatch, tmp_path,
                                                                               capsys):
    def link(article, entities):  # a rule with a bug that one page's text reaches
        if "李强" in article.text:
            raise IndexError("list index out of range")
        return fake_link(article, entities)

    monkeypatch.setattr(api, "_linker", lambda: link)
    pages = tmp_path / "pages.jsonl"
    texts = [SEED_000.read_text(encoding="utf-8"), "市长李强在通江县调研脱贫攻坚工作。", SEED_003.read_text(encoding="utf-8")]
    pages.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    assert main(["build", str(pages), "--out", str(tmp_path / "out"), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"kg: {pages}:2: relation extraction failed on this page (IndexError: list index out of range)")
    assert "report it with this page" in err and err.count("\n") == 1
    assert len((tmp_path / "out" / "extractions.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    with pytest.raises(IndexError):  # the library without an error sink raises it
        list(kg.extract_pages(kg.read_pages([pages])))


def test_a_page_the_pipeline_raises_on_is_reported_and_the_others_come_out(monkeypatch):
    monkeypatch.setattr(api, "_linker", lambda: fake_link)
    texts = ["市委书记罗增斌到巴州区调研脱贫攻坚工作。\n罗增斌强调，要抓好产业发展。",
             "市委书记罗增斌到恩阳区调研，炸了。\n罗增斌强调，要抓好安全生产。",
             "市长李强到通江县调研脱贫攻坚工作。\n李强强调，要抓好产业发展。"]
    pages = [Page(path=f"p{i}.txt", content=t) for i, t in enumerate(texts)]
    errors = []
    out = list(kg.extract_pages(pages, nlp=failing_pipeline(), on_error=errors.append))
    assert [ex.article.path for ex in out] == ["p0.txt", "p2.txt"]
    assert [ent.text for ent in out[0].entities] == ["罗增斌", "罗增斌"]
    (error,) = errors
    assert error.path == "p1.txt" and error.reason.startswith("entity recognition failed on this page (ValueError")


def test_a_kg_error_inside_a_stage_is_not_blamed_on_the_page(fake_stages, monkeypatch):
    def link(article, entities):
        raise KgError("the gazetteer is missing from this installation")

    monkeypatch.setattr(api, "_linker", lambda: link)
    with pytest.raises(KgError, match="gazetteer"):
        list(kg.extract_pages(kg.read_pages([SEED_000]), on_error=lambda error: None))


def test_cli_kg_error_is_one_line_exit_2(monkeypatch, capsys):
    def broken(articles, **kw):
        raise ModelError("no trained pipeline at models/kg_zh: set KG_MODEL")
        yield  # pragma: no cover

    monkeypatch.setattr(api, "_annotator", lambda: broken)
    assert main(["extract", str(SEED_000)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == "kg: no trained pipeline at models/kg_zh: set KG_MODEL\n"


def test_cli_usage_error_exit_2(capsys):
    assert main(["extract"]) == 2
    assert main(["build", str(SEED_000)]) == 2  # --out is required
    assert main(["extract", str(SEED_000), "--n-process", "0"]) == 2


def test_python_dash_m_kg():
    out = subprocess.run([sys.executable, "-m", "kg", "--help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "extract" in out.stdout and "build" in out.stdout and "push" in out.stdout


# ---------------------------------------------------------------- kg build


def test_cli_build_writes_outputs(fake_stages, dup_dir, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["build", str(dup_dir), "--out", str(out_dir)]) == 1  # the empty file
    assert sorted(p.name for p in out_dir.iterdir()) == ["extractions.jsonl", "graph.html", "graph.json"]
    records = [json.loads(line) for line in (out_dir / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 2
    assert json.loads((out_dir / "graph.json").read_text())["articles"] == [r["id"] for r in records]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder left
    umask = os.umask(0)
    os.umask(umask)
    assert all((p.stat().st_mode & 0o777) == 0o666 & ~umask for p in out_dir.iterdir())  # not left private


def test_build_with_the_real_resolve_and_graph_stages(monkeypatch, tmp_path, capsys):
    pytest.importorskip("kg.graph", reason="kg.graph (the graph stage) is not in this checkout yet")
    monkeypatch.setattr(api, "_annotator", lambda: fake_annotate)  # only the model is faked
    out_dir = tmp_path / "out"
    assert main(["build", str(EXAMPLES), str(DATA / "article.html"), "--out", str(out_dir), "-q"]) == 0
    assert {"extractions.jsonl", "graph.json", "graph.graphml", "graph.html"} <= {p.name for p in out_dir.iterdir()}
    before = (out_dir / "extractions.jsonl").read_bytes()
    assert main(["build", str(EXAMPLES), "--out", str(out_dir), "--update", "-q"]) == 0
    assert (out_dir / "extractions.jsonl").read_bytes() == before  # nothing new: same articles by id
    (ex,) = [e for e in api.read_extractions(out_dir / "extractions.jsonl") if e.article.path == str(SEED_000)]
    assert {(e.text, e.label) for e in ex.entities} >= {("罗增斌", "PERSON"), ("市委书记", "TITLE")}


def test_cli_build_refuses_a_non_empty_out_dir(fake_stages, tmp_path, capsys):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["build", str(SEED_000), "--out", str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--force" in err and "--update" in err
    assert sorted(p.name for p in out_dir.iterdir()) == ["keep.txt"]
    assert main(["build", str(SEED_000), "--out", str(out_dir), "--force", "-q"]) == 0
    assert (out_dir / "extractions.jsonl").exists()


def test_cli_build_update_adds_only_new_articles(fake_stages, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["build", str(SEED_000), "--out", str(out_dir)]) == 0
    assert main(["build", str(SEED_000), str(SEED_003), "--out", str(out_dir), "--update"]) == 0
    records = [json.loads(line) for line in (out_dir / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["path"] for r in records] == [str(SEED_000), str(SEED_003)]
    assert json.loads((out_dir / "graph.json").read_text())["articles"] == [r["id"] for r in records]
    assert "1 new articles, 2 in all" in capsys.readouterr().err


def test_a_failed_build_leaves_the_outputs_as_they_were(fake_stages, monkeypatch, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["build", str(SEED_000), "--out", str(out_dir)]) == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    monkeypatch.setitem(sys.modules, "kg.graph", fake_graph_module(fail_on_save=True))
    assert main(["build", str(SEED_003), "--out", str(out_dir), "--force"]) == 2
    assert "disk full" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_cli_build_without_graph_module_is_a_clear_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(sys.modules, "kg.graph", None)
    assert main(["build", str(SEED_000), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        "kg: graph building (kg.graph) is not available: module kg.graph is missing from this installation\n")
    assert not (tmp_path / "out").exists()


def test_cli_build_dask_flag_is_wired(fake_stages, monkeypatch, tmp_path):
    calls = {}
    mod = types.ModuleType("kg.distributed")

    def extract_with_dask(pages, scheduler, *, batch_size, on_error):
        calls.update(scheduler=scheduler, batch_size=batch_size)
        return list(api.extract_pages(pages, on_error=on_error))

    mod.extract_with_dask = extract_with_dask
    monkeypatch.setitem(sys.modules, "kg.distributed", mod)
    assert main(["build", str(SEED_000), "--out", str(tmp_path / "o"), "--dask", "tcp://h:8786", "-q"]) == 0
    assert calls == {"scheduler": "tcp://h:8786", "batch_size": 8}


# ---------------------------------------------------------------- kg push


def fake_writer(calls, error=None):
    mod = types.ModuleType("kg.neo4j_writer")

    def push_graph_file(path, uri, user=None, password=None, database=None, batch_size=1000, progress=None):
        calls.append(dict(path=Path(path).name, uri=uri, user=user, password=password, database=database,
                          batch_size=batch_size))
        if error:
            raise GraphStoreError(error)
        return {"nodes_created": 3, "relationships_created": 2}

    mod.push_graph_file = push_graph_file
    return mod


def test_cli_push_uses_env_fallbacks_and_prints_counters(monkeypatch, tmp_path, capsys):
    calls = []
    monkeypatch.setitem(sys.modules, "kg.neo4j_writer", fake_writer(calls))
    graph = tmp_path / "graph.json"
    graph.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("NEO4J_URI", "bolt://localhost:7687")
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pw")
    assert main(["push", str(graph), "--database", "kg", "--batch-size", "10"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"nodes_created": 3, "relationships_created": 2}
    assert calls == [dict(path="graph.json", uri="bolt://localhost:7687", user="neo4j", password="s3cret-pw",
                          database="kg", batch_size=10)]
    assert "s3cret-pw" not in out + err


def test_cli_push_never_prints_the_password(monkeypatch, tmp_path, capsys):
    calls = []
    monkeypatch.setitem(sys.modules, "kg.neo4j_writer", fake_writer(calls, "auth failed for neo4j/hunter2"))
    graph = tmp_path / "graph.json"
    graph.write_text("{}", encoding="utf-8")
    assert main(["push", str(graph), "--uri", "bolt://x:7687", "--password", "hunter2"]) == 2
    out, err = capsys.readouterr()
    assert "hunter2" not in out + err and err == "kg: auth failed for neo4j/***\n"


def test_cli_push_without_uri_or_graph(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setitem(sys.modules, "kg.neo4j_writer", fake_writer([]))
    assert main(["push", str(tmp_path / "graph.json")]) == 2
    assert "NEO4J_URI" in capsys.readouterr().err
    assert main(["push", str(tmp_path / "graph.json"), "--uri", "bolt://x"]) == 2
    assert "no such graph file" in capsys.readouterr().err


def test_cli_build_then_push(fake_stages, monkeypatch, tmp_path, capsys):
    calls = []
    monkeypatch.setitem(sys.modules, "kg.neo4j_writer", fake_writer(calls))
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-from-env")
    out_dir = tmp_path / "out"
    assert main(["build", str(SEED_000), "--out", str(out_dir), "--neo4j", "bolt://db:7687", "--user", "u", "-q"]) == 0
    assert calls[0]["uri"] == "bolt://db:7687" and calls[0]["user"] == "u" and calls[0]["password"] == "pw-from-env"
    assert json.loads(capsys.readouterr().out)["nodes_created"] == 3


# ---------------------------------------------------------------- end to end, real pipeline


def _require_model():
    from kg.nlp import default_model_path

    path = default_model_path()
    if not (path / "config.cfg").exists():
        pytest.skip(f"the trained pipeline {path} does not exist yet (models/kg_zh); train it first")


@pytest.mark.slow
def test_end_to_end_extract_with_the_real_pipeline(capsys):
    _require_model()
    assert main(["extract", str(EXAMPLES), "-q"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    for r in records:
        assert r["entities"], r["path"]
        for e in r["entities"]:
            assert r["text"][e["start"]:e["end"]] == e["text"]
            assert e["label"] in kg.ENTITY_LABELS
    persons = {e["text"] for e in records[0]["entities"] if e["label"] == "PERSON"}
    assert "罗增斌" in persons


@pytest.mark.slow
def test_end_to_end_build_with_the_real_pipeline_and_graph(tmp_path):
    _require_model()
    pytest.importorskip("kg.graph", reason="kg.graph (the graph stage) is not in this checkout yet")
    out_dir = tmp_path / "out"
    assert main(["build", str(EXAMPLES), "--out", str(out_dir), "-q"]) == 0
    names = {p.name for p in out_dir.iterdir()}
    assert {"extractions.jsonl", "graph.json"} <= names
    assert len((out_dir / "extractions.jsonl").read_text(encoding="utf-8").splitlines()) == 2


# ---------------------------------------------------------------- first contact and faults (issue 17)


def _one_line(err: str) -> bool:
    return err.count("\n") == 1 and "Traceback" not in err


def test_build_of_a_mistyped_path_writes_nothing(fake_stages, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["build", str(tmp_path / "mistyped" / "path"), "--out", str(out_dir)]) == 1
    err = capsys.readouterr().err
    assert "no such file" in err and "no article in the input: nothing written" in err
    assert not out_dir.exists()
    # the corrected run needs no --force
    assert main(["build", str(SEED_000), "--out", str(out_dir), "-q"]) == 0
    assert (out_dir / "extractions.jsonl").exists()


def test_a_file_name_that_is_not_utf8_is_shown_escaped(fake_stages, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsdecode(b"seed\xff\xfe.txt")
    (folder / name).write_bytes(SEED_000.read_bytes())
    out_dir = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out_dir), "-q"]) == 0
    (record,) = [json.loads(line) for line in (out_dir / "extractions.jsonl").read_bytes().decode("utf-8").splitlines()]
    assert record["path"].endswith("seed\\xff\\xfe.txt")
    capsys.readouterr()
    assert main(["extract", str(folder), "-q"]) == 0
    out = capsys.readouterr().out
    (record,) = [json.loads(line) for line in out.encode("utf-8").decode("utf-8").splitlines()]  # strict UTF-8
    assert record["path"].endswith("seed\\xff\\xfe.txt")


def test_two_builds_on_one_folder_at_once_the_second_is_refused(fake_stages, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["build", str(SEED_000), "--out", str(out_dir), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    with api._locked(out_dir):  # another run holds the folder
        assert main(["build", str(SEED_003), "--out", str(out_dir), "--update", "-q"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and "another `kg build`" in err and ".kg.lock" in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before
    assert main(["build", str(SEED_003), "--out", str(out_dir), "--update", "-q"]) == 0  # lock released
    assert not (out_dir / api.LOCK_FILE).exists()


def test_two_build_processes_on_one_folder_do_not_lose_articles(tmp_path):
    """The same race with two real processes (fake stages): both exit 0 only if they ran one after the other."""
    out_dir = tmp_path / "out"
    script = (
        "import sys, time, kg.api as api\n"
        "from kg.records import Extraction\n"
        "api._annotator = lambda: (lambda arts, **kw: ((a, []) for a in arts if not time.sleep(1.5)))\n"
        "api._linker = lambda: (lambda a, e: Extraction(article=a, entities=()))\n"
        "from kg.cli import main\n"
        "sys.exit(main(['build', sys.argv[1], '--out', sys.argv[2], '--update', '-q']))\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", script, str(seed), str(out_dir)], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for seed in (SEED_000, SEED_003)]
    results = [(p.returncode, p.communicate(timeout=120)[1]) for p in procs]
    results = [(p.returncode, err) for p, (_, err) in zip(procs, results)]
    ids = [json.loads(line)["id"] for line in (out_dir / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 2])
    if codes == [0, 2]:
        assert any("another `kg build`" in err for _, err in results)
    assert len(ids) == (2 if codes == [0, 0] else 1)  # nothing a run reported as written is lost


def test_a_crash_between_the_final_renames_is_completed_by_the_next_run(fake_stages, monkeypatch, tmp_path):
    out_dir = tmp_path / "out"
    assert main(["build", str(SEED_000), "--out", str(out_dir), "-q"]) == 0
    real_move, moves = os.replace, []

    def crash_after_one(src, dst):
        if moves:
            raise KeyboardInterrupt  # stands for kill -9: nothing after this point runs
        moves.append(dst)
        real_move(src, dst)

    monkeypatch.setattr(api, "_move", crash_after_one)
    assert main(["build", str(SEED_003), "--out", str(out_dir), "--update", "-q"]) == 130
    monkeypatch.setattr(api, "_move", real_move)
    # a later run, with nothing new, finishes the interrupted commit
    assert main(["build", str(SEED_003), "--out", str(out_dir), "--update", "-q"]) == 0
    ids = [json.loads(line)["id"] for line in (out_dir / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(ids) == 2
    assert json.loads((out_dir / "graph.json").read_text())["articles"] == ids
    assert sorted(p.name for p in out_dir.iterdir()) == ["extractions.jsonl", "graph.html", "graph.json"]


def test_a_full_disk_is_one_line_and_leaves_the_outputs(fake_stages, monkeypatch, tmp_path, capsys):
    import errno

    out_dir = tmp_path / "out"
    assert main(["build", str(SEED_000), "--out", str(out_dir), "-q"]) == 0
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    mod = fake_graph_module()

    def full(graph, out):
        raise OSError(errno.ENOSPC, "No space left on device", str(Path(out) / "graph.html"))

    mod.save_graph = full
    monkeypatch.setitem(sys.modules, "kg.graph", mod)
    assert main(["build", str(SEED_003), "--out", str(out_dir), "--update", "-q"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and "No space left on device" in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before

    def full_stdout(text):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("kg.cli._write", full_stdout)
    assert main(["extract", str(SEED_000), "-q"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and "No space left on device" in err


def test_an_unwritable_out_is_one_line(fake_stages, tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["build", str(SEED_000), "--out", str(blocker / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and "cannot write" in err


def test_update_over_a_malformed_graph_json_is_one_line(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(api, "_annotator", lambda: fake_annotate)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    for bad in ("[1, 2]", '{"nodes": 5}', "{not json"):
        (out_dir / "graph.json").write_text(bad, encoding="utf-8")
        assert main(["build", str(SEED_000), "--out", str(out_dir), "--update", "-q"]) == 2
        err = capsys.readouterr().err
        assert _one_line(err) and "graph.json" in err, (bad, err)


def test_push_of_a_json_list_and_a_bad_port_are_one_line(tmp_path, capsys):
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    assert main(["push", str(listed), "--uri", "bolt://127.0.0.1:7687", "-q"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and "cannot read the graph" in err
    good = tmp_path / "graph.json"
    good.write_text('{"directed": true, "multigraph": true, "graph": {}, "nodes": [], "edges": []}', encoding="utf-8")
    assert main(["push", str(good), "--uri", "bolt://127.0.0.1:notaport", "-q"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and "notaport" in err


def test_a_control_character_in_a_page_keeps_graphml_readable(tmp_path):
    import networkx as nx
    from kg.graph import save_graph

    G = nx.MultiDiGraph()
    G.add_node("person:罗\x1b增斌", label="Person", name="罗\x1b增斌")
    G.add_node("title:市委书记", label="Title", name="市委书记")
    G.add_edge("person:罗\x1b增斌", "title:市委书记", key="HOLDS_TITLE", sentence="a\x1bb\x00c")
    save_graph(G, tmp_path)
    H = nx.read_graphml(tmp_path / "graph.graphml")
    assert sorted(H.nodes) == ["person:罗\ufffd增斌", "title:市委书记"]
    assert json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))["nodes"][0]["name"] == "罗\x1b增斌"


def test_neo4j_environment_names(fake_stages, monkeypatch, tmp_path):
    calls = {}
    monkeypatch.setattr(api, "push_graph_file", lambda path, uri, **kw: calls.update(kw) or {})
    graph = tmp_path / "graph.json"
    graph.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("NEO4J_USER", "old")
    monkeypatch.setenv("NEO4J_USERNAME", "new")
    monkeypatch.setenv("NEO4J_DATABASE", "kgdb")
    assert main(["push", str(graph), "--uri", "bolt://h:7687", "-q"]) == 0
    assert calls["user"] == "new" and calls["database"] == "kgdb"
    monkeypatch.delenv("NEO4J_USERNAME")
    assert main(["push", str(graph), "--uri", "bolt://h:7687", "-q", "--database", "other"]) == 0
    assert calls["user"] == "old" and calls["database"] == "other"


def test_one_version_number_from_pyproject(capsys):
    import re

    declared = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert kg.__version__ == declared.group(1)
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"kg {declared.group(1)}\n"


def test_help_names_the_model_flag_and_variable_and_verbose(capsys):
    for command in ("extract", "build"):
        assert main([command, "--help"]) == 0
        out = " ".join(capsys.readouterr().out.split())
        assert "--model PATH" in out and "$KG_MODEL" in out and "-v, --verbose" in out


def test_model_flag_is_the_pipeline_used(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("KG_MODEL", str(tmp_path / "from-the-variable"))  # restored after the test
    assert main(["extract", str(SEED_000), "--model", str(tmp_path / "nope"), "-q"]) == 2
    err = capsys.readouterr().err
    assert _one_line(err) and f"no trained pipeline at {tmp_path / 'nope'}" in err


def test_verbose_logs_what_build_does(fake_stages, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["build", str(SEED_000), "--out", str(out_dir), "--update", "-q", "-v"]) == 0
    err = capsys.readouterr().err
    assert "holds 0 articles" in err and "moving extractions.jsonl" in err
    assert main(["build", str(SEED_003), "--out", str(out_dir), "--update", "-q"]) == 0
    assert capsys.readouterr().err == ""  # without -v, no log lines


def test_progress_says_loading_model_then_counts_to_the_known_total(monkeypatch):
    import argparse
    from kg import cli

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    args = argparse.Namespace(quiet=False, paths=[str(SEED_000), str(SEED_003)], dask=None)
    wrap = cli._progress(args, "article", model=True)
    assert list(wrap(iter(["a", "b"]))) == ["a", "b"]
    text = err.getvalue()
    assert text.startswith("kg: loading model...\n") and "2/2" in text and "0/2" not in text
    assert cli._input_files([str(EXAMPLES)]) == len([p for p in EXAMPLES.iterdir() if not p.name.startswith(".")])
    assert cli._input_files(["-"]) is None


def test_render_gives_displacy_html_with_kg_labels(fake_stages):
    import importlib
    import re

    (ex,) = kg.extract([SEED_000])
    html = kg.render(ex)
    marks = re.findall(r'<mark class="entity" style="background: (#[0-9a-f]+);[^>]*>\s*(.*?)\s*<span[^>]*>(\w+)</span>',
                       html, re.S)
    assert [(text, label) for _, text, label in marks] == [(e.text, e.label) for e in ex.entities]
    assert ("#ffd166", "市委书记", "TITLE") in marks  # TITLE has its own colour
    assert ex.article.meta.title in html
    assert kg.render(ex.article, ex.entities) == html == kg.render((ex.article, list(ex.entities)))
    with pytest.raises(TypeError):
        kg.render("市委书记罗增斌")
    importlib.import_module("kg.highlight")  # the module behind it; importing it must not shadow the function
    assert kg.render(ex) == html
