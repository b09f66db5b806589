"""kg/static/kg.grass: a selector with a caption and a colour for every label and relationship type."""
from __future__ import annotations

import re
from importlib import resources

from kg import cypher


def grass_rules() -> dict[str, dict[str, str]]:
    text = resources.files("kg").joinpath("static/kg.grass").read_text(encoding="utf-8")
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
    rules = grass_rules()
    for label in cypher.NODE_LABELS:
        rule = rules[f"node.{label}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]) and rule["caption"] in ("'{name}'", "'{title}'")
    for rel in cypher.REL_TYPES:
        assert rules[f"relationship.{rel}"]["caption"] in ("'<type>'", "'{title}'")
    assert rules["relationship.HOLDS_TITLE"]["caption"] == "'{title}'"
    colours = [rules[f"node.{label}"]["color"] for label in cypher.NODE_LABELS]
    assert len(set(colours)) == len(colours)


def test_readme_shows_every_ready_query():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Neo4j\n"):]
    for name, query in cypher.README_QUERIES.items():
        assert f"```cypher\n{query}\n```" in section, name
