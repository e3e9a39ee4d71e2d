"""`partygraph query --timeout N` stops a read-only query the engine cannot stop itself: one
long expression (it never looks at the engine's deadline)."""

import subprocess
import time

import pytest

from ..conftest import PARTYGRAPH
from .test_crash import cache_env, crash_logs

LONG = [
    "RETURN reduce(s = 0, x IN range(1, 6000) | s + reduce(t = 0, y IN range(1, 6000) | t + y))"
    " AS s",
]


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
