"""`partygraph query --timeout N` stops a query the engine cannot stop itself: one long
expression or a sleeping procedure (they never look at the engine's deadline), reading or
writing; a write runs on a copy, so one stopped half-way leaves the published graph as it
was."""

import json
import shutil
import subprocess
import time

import pytest

from partygraph.store.location import GraphHome

from ..conftest import PARTYGRAPH, tree_digest
from .test_crash import cache_env, crash_logs

LONG = [
    "RETURN reduce(s = 0, x IN range(1, 6000) | s + reduce(t = 0, y IN range(1, 6000) | t + y))"
    " AS s",
]  # procedures (apoc.util.sleep) are refused outright when reading: see SLOW_WRITES
SLOW_WRITES = [
    "CALL apoc.util.sleep(30000) CREATE (:Party {id: 'party:slow', name: 'Slow'}) RETURN 1 AS x",
    "UNWIND range(1, 3) AS i CREATE (:Party {id: 'party:slow' + i, name: 'Slow'}) WITH i "
    "RETURN reduce(s = 0, x IN range(1, 6000) | s + reduce(t = 0, y IN range(1, 6000) | t + y))"
    " AS s",
]


def query(home: GraphHome, cwd, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([PARTYGRAPH, "query", "--db", str(home.root), *args],
                          capture_output=True, text=True, cwd=cwd, env=cache_env(cwd),
                          timeout=120)


@pytest.mark.parametrize("cypher", LONG, ids=["expression"])
def test_timeout_stops_a_query_the_engine_cannot(seed_home, tmp_path, cypher):
    started = time.monotonic()
    done = subprocess.run([PARTYGRAPH, "query", "--timeout", "2", "--db",
                           str(seed_home.root), cypher], capture_output=True, text=True,
                          cwd=tmp_path, env=cache_env(tmp_path), timeout=120)
    took = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "time limit (2 s)" in done.stderr and "--timeout" in done.stderr
    assert "Traceback" not in done.stderr
    # start-up of the runtime (a few seconds on a busy machine) + 2 s + 1 s of grace
    assert took < 30, took
    assert crash_logs(tmp_path) == []


def test_a_query_inside_its_time_limit_answers(seed_home, tmp_path):
    done = subprocess.run([PARTYGRAPH, "query", "--timeout", "30", "--format", "json", "--db",
                           str(seed_home.root), "MATCH (p:Party) RETURN count(p) AS n"],
                          capture_output=True, text=True, cwd=tmp_path,
                          env=cache_env(tmp_path), timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"n": 36' in done.stdout


def test_the_graph_opens_cleanly_after_a_query_stopped_at_its_limit(seed_home, tmp_path):
    stopped = subprocess.run([PARTYGRAPH, "query", "--timeout", "1", "--db", str(seed_home.root),
                              LONG[0]], capture_output=True, text=True, cwd=tmp_path,
                             env=cache_env(tmp_path), timeout=120)
    assert stopped.returncode == 2, stopped.stderr
    test_a_query_inside_its_time_limit_answers(seed_home, tmp_path)


@pytest.fixture
def own_home(seed_home, tmp_path) -> GraphHome:
    """A copy of the seed home, to write in."""
    shutil.copytree(seed_home.root, tmp_path / "home", symlinks=True)
    return GraphHome(tmp_path / "home")


@pytest.mark.parametrize("cypher", SLOW_WRITES, ids=["sleep-then-create", "create-then-long"])
def test_timeout_stops_a_write_and_leaves_the_published_graph_as_it_was(own_home, tmp_path,
                                                                        cypher):
    before, listing = tree_digest(own_home.current()), sorted(p.name for p in
                                                              own_home.root.iterdir())
    started = time.monotonic()
    done = query(own_home, tmp_path, "--write", "--timeout", "2", cypher)
    took = time.monotonic() - started
    assert done.returncode == 2, done.stderr
    assert "time limit (2 s)" in done.stderr and "Traceback" not in done.stderr
    assert took < 30, took
    assert tree_digest(own_home.current()) == before
    assert sorted(p.name for p in own_home.root.iterdir()) == listing  # the copy is gone
    after = query(own_home, tmp_path, "--format", "json",
                  "MATCH (p:Party) WHERE p.id STARTS WITH 'party:slow' RETURN count(p) AS n")
    assert after.returncode == 0 and json.loads(after.stdout) == [{"n": 0}], after.stderr
    assert crash_logs(tmp_path) == []


def test_a_write_inside_its_time_limit_is_published(own_home, tmp_path):
    before = own_home.current()
    done = query(own_home, tmp_path, "--write", "--timeout", "60",
                 "CREATE (:Party {id: 'party:quick', name: 'Quick'}) RETURN 1 AS x")
    assert done.returncode == 0, done.stderr
    assert own_home.current() != before  # a new generation, switched to at once
    found = query(own_home, tmp_path, "--format", "json",
                  "MATCH (p:Party {id: 'party:quick'}) RETURN p.name AS name")
    assert json.loads(found.stdout) == [{"name": "Quick"}], found.stderr
