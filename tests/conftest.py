"""Shared fixtures: where the seed pages and the shared data live, and the Neo4j server fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = ROOT / "kg" / "examples"

from neo4j_fixtures import *  # noqa: E402,F401,F403  (server fixtures, kept in their own file)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))
