"""The package's modules import one another in one direction: no cycles in kg/."""
from __future__ import annotations

import ast
from pathlib import Path

KG = Path(__file__).resolve().parents[1] / "kg"


def _module_name(path: Path) -> str:
    parts = path.relative_to(KG.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """{module: the kg modules it imports}, anywhere in its source (function-level imports too)."""
    modules = {_module_name(p): p for p in KG.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            deps.update(t for t in targets if t in modules and t != name)
        graph[name] = deps
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle of `graph` as a path that ends where it starts, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_kg_has_no_import_cycle():
    graph = import_graph()
    assert "kg.link" in graph and {"kg.resolve", "kg.relations"} <= graph["kg.link"]
    # a package's __init__ importing its own submodules is how packages work, not a cycle
    for pkg in [m for m in graph if (KG.parent / m.replace(".", "/") / "__init__.py").exists()]:
        graph[pkg] = {d for d in graph[pkg] if not d.startswith(pkg + ".")}
    assert find_cycle(graph) is None


def test_only_link_joins_resolution_and_relations():
    graph = import_graph()
    both = [m for m, deps in graph.items() if {"kg.resolve", "kg.relations"} <= deps]
    assert both == ["kg.link"]
