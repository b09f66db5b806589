"""kg/static/kg.grass: a selector with a caption and a colour for every label and relationship type."""
from __future__ import annotations

import re
from importlib import resources

from kg import cypher


def grass_rules() -> dict[str, dict[str, str]]:
    text = resources.files("kg").joinpath("static/kg.grass").read_text(encoding="utf-8")
    rules = {}
    for selector, body in re.findall(r"([\w.]+)\s*\{([^}]*)\}", text):
        rules[selector] = dict(re.findall(r"([\w-]+)\s*:\s*([^;]+);", body))
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
