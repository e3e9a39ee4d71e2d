"""Shared fixtures: the seed graph is built once per test session, for real."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from partygraph.api import PartyGraph, open_graph
from partygraph.build import BuildReport, build
from partygraph.store.embedded import EmbeddedStore
from partygraph.store.location import GraphHome

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DATA = Path(__file__).parent / "data"
PARTYGRAPH = str(Path(sys.executable).with_name("partygraph"))  # the installed command
COUNT_NODES = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n"
COUNT_RELS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n"


def user_env() -> dict[str, str]:
    """This environment without the variables that would point a command elsewhere."""
    return {k: v for k, v in os.environ.items() if k not in ("PARTYGRAPH_DB", "NEO4J_URI")}


def run_partygraph(*args: str, cwd: Path, timeout: float = 600,
                   env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``partygraph`` command, as a user would (``env``: variables
    the user set besides their own)."""
    return subprocess.run([PARTYGRAPH, *args], capture_output=True, text=True, cwd=cwd,
                          env={**user_env(), **(env or {})}, timeout=timeout)


def tree_digest(folder: Path) -> str:
    """A hash of every file's relative path and bytes under ``folder``."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode() + b"\0")
        if path.is_file():
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def counts_of(g) -> tuple[dict, dict]:
    """Nodes per label and relationships per type, through an open PartyGraph."""
    return ({r["label"]: r["n"] for r in g.rows(COUNT_NODES)},
            {r["type"]: r["n"] for r in g.rows(COUNT_RELS)})


def published_counts(home: GraphHome) -> tuple[dict, dict]:
    """Open the published graph afresh, read-only, and count it."""
    with open_graph(home.root) as g:
        return counts_of(g)


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


BOLT_PASSWORD = "partygraph-test-password"


@pytest.fixture(scope="session")
def arcadedb_bolt():
    """An ArcadeDB server with its Bolt plugin on a free loopback port, empty database."""
    from partygraph.store.bolt import BoltServer

    server = BoltServer.start(None, password=BOLT_PASSWORD, empty=True)
    yield server
    server.stop()


@pytest.fixture(scope="session", params=["arcadedb-bolt", "neo4j"])
def bolt_store(request, seed_report):
    """The seed graph written through the official neo4j driver into a Bolt server:
    ArcadeDB here, and the Neo4j named by NEO4J_URI when it is set."""
    import os

    from partygraph.settings import Settings
    from partygraph.store.neo4j import Credentials, Neo4jStore

    if request.param == "neo4j":
        if not os.environ.get("NEO4J_URI"):
            pytest.skip("NEO4J_URI is not set: no Neo4j server to compare with "
                        "(set NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD to run these)")
        credentials = Settings.from_env().neo4j_credentials()
    else:
        server = request.getfixturevalue("arcadedb_bolt")
        credentials = Credentials(server.uri, server.user, server.password, server.database)
    store = Neo4jStore.connect(credentials, batch=50)
    build(SEEDS, store, prune=True)
    yield store
    store.close()
