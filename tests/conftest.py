"""Shared fixtures: the seed graph is built once per test session, for real."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.api import PartyGraph
from graph.build import BuildReport, build
from graph.store.embedded import EmbeddedStore
from graph.store.location import GraphHome

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> tuple[GraphHome, BuildReport]:
    """The seed corpus built into a fresh graph home."""
    home = GraphHome(tmp_path_factory.mktemp("seed-graph"))
    return home, build(SEEDS, home)


@pytest.fixture(scope="session")
def seed_home(seed_build) -> GraphHome:
    return seed_build[0]


@pytest.fixture(scope="session")
def seed_report(seed_build) -> BuildReport:
    return seed_build[1]


@pytest.fixture(scope="session")
def graph(seed_home):
    """The seed graph, open read-only, through the notebook API."""
    g = PartyGraph(EmbeddedStore.open(seed_home.current()))
    yield g
    g.close()


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target
