"""Every README code block that is Python or a `kg` command runs here, so the README cannot go stale.

Python blocks are executed (doctest blocks through doctest), `kg ...` lines of shell blocks run
through `kg.cli.main` on the bundled example pages with temp output folders, and the example
outputs (the extraction JSON, the careers table) are compared with what kg writes. Lines that need
a Neo4j server or a Dask cluster are listed and skipped here: the Neo4j tests cover them
(tests/test_neo4j_queries.py, tests/test_careers_neo4j.py), tests/test_distributed.py the Dask path;
every Cypher block also runs here on the bundled pages as `kg push` writes them, and fails on any
notification of the server (a warning such as an unknown property). Running the model makes most of
these slow.
"""
from __future__ import annotations

import doctest
import json
import re
import shlex
from pathlib import Path

import pytest

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SEED_000 = "kg/examples/000_5875c8a5bb91bb6f.txt"


def blocks(lang: str | None = None) -> list[tuple[str, str]]:
    """(language, body) of each fenced block, in order; `lang` keeps only that language ("" = no language)."""
    found = re.findall(r"^```([\w-]*)\n(.*?)^```", README, re.M | re.S)
    return [(lg, body) for lg, body in found if lang is None or lg == lang]


def kg_lines() -> list[str]:
    """The `kg ...` commands of the sh blocks, comments dropped, `a && kg ...` reduced to the kg part."""
    lines = []
    for _, body in blocks("sh"):
        body = re.sub(r"\n\s+(?=\[|--)", " ", body)  # synopsis lines continued on the next line
        for line in body.splitlines():
            for part in line.split("#", 1)[0].split("&&"):
                part = part.strip()
                if part.startswith("kg "):
                    lines.append(part)
    return lines


PLACEHOLDER = re.compile(r"\b[A-Z][A-Z_]{2,}\b|\.\.\.|\[")  # PATH, DIR, GRAPH_JSON, [--flag]: a synopsis
NEEDS_SERVER = ("kg push", "--neo4j", "--dask")


def runnable(line: str) -> bool:
    return not PLACEHOLDER.search(line) and not any(s in line for s in NEEDS_SERVER)


def test_the_readme_has_the_blocks_this_file_runs():
    assert len([b for b in blocks("python")]) >= 2
    assert [line for line in kg_lines() if runnable(line)]
    assert [line for line in kg_lines() if not runnable(line) and PLACEHOLDER.search(line)]  # the synopses


@pytest.mark.parametrize("line", [line for line in kg_lines() if PLACEHOLDER.search(line)])
def test_every_flag_of_a_synopsis_exists(line, capsys):
    command = line.split()[1]
    assert main([command, "--help"]) == 0
    help_text = capsys.readouterr().out
    for flag in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", line):
        assert re.search(rf"(?<![\w-]){re.escape(flag)}\b", help_text), f"{flag} of `{line}` not in kg {command} --help"


@pytest.mark.parametrize("index", range(len(blocks("python"))))
def test_python_blocks_compile(index):
    _, body = blocks("python")[index]
    if body.lstrip().startswith(">>>"):
        assert doctest.DocTestParser().get_examples(body)
    else:
        compile(body, f"README python block {index}", "exec")


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(blocks("python"))))
def test_python_blocks_run(index, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # the blocks use the bundled pages by their repository path
    _, body = blocks("python")[index]
    if body.lstrip().startswith(">>>"):
        test = doctest.DocTestParser().get_doctest(body, {}, f"README block {index}", "README.md", 0)
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
        runner.run(test)
        assert runner.summarize(verbose=False).failed == 0
    else:
        namespace: dict = {}
        exec(compile(body, f"README python block {index}", "exec"), namespace)
        assert namespace["errors"] == []  # every example page read and had an article
        out = capsys.readouterr().out
        assert "牢记组织重托" in out


def _localised(line: str, tmp_path: Path) -> list[str]:
    """The command with its output paths moved into `tmp_path` (out/, /tmp/ex)."""
    def moved(arg: str) -> str:
        for folder in ("out", "/tmp/ex"):
            if arg.rstrip("/") == folder or arg.startswith(folder + "/"):
                return str(tmp_path / folder.strip("/").replace("/", "_") / arg[len(folder):].strip("/"))
        return arg

    return [moved(a) for a in shlex.split(line)[1:]]


@pytest.mark.slow
@pytest.mark.parametrize("line", [line for line in kg_lines() if runnable(line)])
def test_kg_commands_run(line, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(_localised(line, tmp_path) + ["-q"]) == 0


@pytest.mark.slow
def test_the_output_format_example_is_what_kg_writes():
    import kg

    (ex,) = kg.extract([ROOT / SEED_000])
    real = ex.to_dict()
    (example,) = [body for lg, body in blocks("json") if '"entities"' in body]
    assert re.search(r'"place": "(\w+)"', example).group(1) == real["place"]
    assert re.search(r'"id": "(\w+)"', example).group(1) == real["id"]
    shown = [json.loads(m) for m in re.findall(r'\{"text": [^{}]*\}', example)]
    assert shown and all(e in real["entities"] for e in shown), shown
    (relation,) = re.findall(r'\{"head": [^{}]*\}', example)
    relation = json.loads(relation.replace('"sentence": "…", ', ""))
    assert any(relation.items() <= r.items() for r in real["relations"])


@pytest.mark.slow
def test_the_careers_example_is_what_kg_writes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    prose = re.search(r"\(`python -m kg (build [^`]+)`, then\s+`python -m kg (careers [^`]+)`", README)
    build, careers = (_localised("kg " + prose.group(i), tmp_path) for i in (1, 2))
    assert main(build + ["-q"]) == 0
    capsys.readouterr()
    assert main(careers) == 0
    table = capsys.readouterr().out
    (shown,) = [body for lg, body in blocks("") if body.startswith("person,person_key,")]
    assert table.splitlines() == shown.splitlines()


@pytest.mark.slow
@pytest.mark.neo4j
def test_every_cypher_block_runs_on_the_pushed_bundled_pages_without_a_notification(neo4j_driver, neo4j_server):
    import kg
    from kg.neo4j_writer import push_graph
    from neo4j_fixtures import make_driver

    push_graph(kg.build_graph(kg.extract([ROOT / "kg/examples"])), neo4j_driver)
    params = dict(re.findall(r":param (\w+) => '([^']*)'", README))  # what the README tells Browser users to set
    queries = [body for _, body in blocks("cypher")]
    assert len(queries) >= 7 and {"name", "post"} <= set(params)
    with make_driver(neo4j_server, notifications_min_severity="INFORMATION") as driver:  # the fixtures' are OFF
        for query in queries:
            records, summary, _ = driver.execute_query(query, {k: v for k, v in params.items() if f"${k}" in query})
            notes = [f"{n.gql_status}: {n.status_description}" for n in summary.gql_status_objects if n.is_notification]
            assert notes == [], query
            assert records, query  # each one finds something in the bundled pages
