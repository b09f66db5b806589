"""`kg style`: the Neo4j Browser style written from kg.schema, a selector with a caption and a colour for every label and type."""
from __future__ import annotations

import re

from kg import cypher, schema
from kg.cli import main


def test_kg_style_prints_the_schema_style(capsys):
    assert main(["style"]) == 0
    assert capsys.readouterr().out == schema.grass()


def grass_rules(text: str) -> dict[str, dict[str, str]]:
    rules: dict[str, dict[str, str]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if line.endswith("{"):
            current = rules.setdefault(line[:-1].strip(), {})
        elif line == "}":
            current = None
        elif line:
            key, _, value = line.partition(":")
            current[key.strip()] = value.strip().rstrip(";")
    return rules


def test_every_label_and_type_is_styled():
    rules = grass_rules(schema.grass())
    for label in schema.NODE_LABELS:
        rule = rules[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]) and rule["caption"] in ("'{name}'", "'{title}'")
    for rel in schema.REL_TYPES:
        assert rules[f"relationship.{rel}"]["caption"] in ("'<type>'", "'{title}'")
    assert rules["relationship.HOLDS_TITLE"]["caption"] == "'{title}'"
    colours = [rules[f"node.{label}"]["color"] for label in schema.NODE_LABELS]
    assert len(set(colours)) == len(colours)


def test_readme_shows_every_ready_query():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Neo4j\n"):]
    for name, query in cypher.README_QUERIES.items():
        assert f"```cypher\n{query}\n```" in section, name
