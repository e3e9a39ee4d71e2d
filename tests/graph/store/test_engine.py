"""The engine stops in order: a process that used it exits 0, with no crash log.

The crash this holds: pytest's faulthandler plugin (like any code that enables
and then disables Python's faulthandler after the engine started) leaves the
default action on SIGSEGV, a signal the Java runtime handles itself; the next
benign fault inside the runtime then killed the process with exit 139.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import run_partygraph, user_env

# What the test command's process does: faulthandler on (pytest_configure), the embedded
# graph opened and queried, a Bolt server started, queried with the official driver and
# stopped, faulthandler off again (pytest_unconfigure), then the interpreter exits.
SESSION = textwrap.dedent("""
    import faulthandler, sys
    faulthandler.enable()
    from partygraph.api import open_graph
    from partygraph.store.bolt import BoltServer
    from partygraph.store import engine
    from neo4j import GraphDatabase

    home = sys.argv[1]
    graph = open_graph(home)
    assert graph.rows("MATCH (p:Party) RETURN count(p) AS n")[0]["n"] > 0
    server = BoltServer.start(graph.store.path, password="partygraph-exit-test")
    with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
        with driver.session(database=server.database) as session:
            assert session.run("MATCH (p:Party) RETURN count(p) AS n").single()["n"] > 0
    server.stop()
    for _ in range(50):
        graph.rows("MATCH (p:Party)-[a:ATTENDED]->(c) RETURN p.name, c.name")
    faulthandler.disable()
    print("handlers replaced:", not engine.handlers_in_place())
""")

# A benign fault inside the runtime, made certain: a method compiled with an implicit
# null check, then handed a null. With the runtime's handler in place this is an
# ordinary NullPointerException; with the default action it is exit 139.
COMPILED_NULL_CHECK = textwrap.dedent("""
    import faulthandler, sys
    faulthandler.enable()
    from partygraph.store import engine
    engine.start_engine()
    import jpype
    faulthandler.disable()
    assert not engine.handlers_in_place()
    if sys.argv[1] == "guarded":
        engine.guard()
        assert engine.handlers_in_place()
    String = jpype.JClass("java.lang.String")
    chars = jpype.JArray(jpype.JChar)("abc")
    for _ in range(200_000):
        String.valueOf(chars)
    try:
        String.valueOf(jpype.JObject(None, jpype.JArray(jpype.JChar)))
    except Exception as exc:
        print(type(exc).__name__)
""")


def crash_logs(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.is_dir() for p in folder.glob("hs_err*")]


def run_child(code: str, *args: str, cwd: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {**user_env(), "XDG_CACHE_HOME": str(cache), "PARTYGRAPH_JVM_CACHE": "off"}
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def test_a_session_process_exits_cleanly_ten_times_in_a_row(seed_home, tmp_path):
    cache = tmp_path / "cache"
    for attempt in range(10):
        done = run_child(SESSION, str(seed_home.root), cwd=tmp_path, cache=cache)
        assert done.returncode == 0, f"run {attempt + 1}: exit {done.returncode}\n{done.stderr}"
        assert "handlers replaced: True" in done.stdout  # the condition that crashed it
        assert "Fatal Python error" not in done.stderr
    assert crash_logs(tmp_path, tmp_path / "log", cache / "partygraph" / "crash") == []


@pytest.mark.parametrize(("mode", "code"), [("guarded", 0), ("unguarded", -11)])
def test_the_runtime_handlers_are_what_keep_a_benign_fault_benign(tmp_path, mode, code):
    done = run_child(COMPILED_NULL_CHECK, mode, cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == code, done.stderr
    if mode == "guarded":
        assert "NullPointerException" in done.stdout


def test_stop_closes_what_was_left_open_and_puts_the_handlers_back(seed_home, tmp_path):
    code = textwrap.dedent("""
        import faulthandler, sys
        faulthandler.enable()
        from partygraph.api import open_graph
        from partygraph.store import engine
        from partygraph.store.bolt import BoltServer
        graph = open_graph(sys.argv[1])
        server = BoltServer.start(graph.store.path, password="partygraph-exit-test")
        faulthandler.disable()
        engine.stop_engine()
        assert engine.handlers_in_place()
        assert server._server is None and server._root is None  # stopped, root removed
        assert graph.store._db.is_open() is False
        print("stopped")
    """)
    done = run_child(code, str(seed_home.root), cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == 0 and "stopped" in done.stdout, done.stderr


def test_crash_logs_would_go_to_the_cache_folder_not_the_working_directory(tmp_path):
    code = ("import jpype; from partygraph import settings; from partygraph.store import engine; "
            "settings.current(); engine.start_engine(); "
            "args = list(jpype.java.lang.management.ManagementFactory.getRuntimeMXBean()"
            ".getInputArguments()); print([a for a in args if 'ErrorFile' in a])")
    done = run_child(code, cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == 0, done.stderr
    flags = done.stdout.strip()
    assert str(tmp_path / "cache" / "partygraph" / "crash") in flags
    assert "./log" not in flags


def test_a_later_call_for_another_heap_is_warned_about(graph, caplog):
    from partygraph.store import engine

    with caplog.at_level("WARNING", logger="partygraph.engine"):
        engine.start_engine("7g")  # the runtime of this process started with its own heap
    assert any("takes a new process" in r.getMessage() for r in caplog.records)



NUMPY_AFTER = textwrap.dedent("""
    import sys
    from partygraph.store import engine
    engine.quick_start()
    engine.start_engine()
    assert "numpy" not in sys.modules, "numpy was loaded by the quick start"
    import numpy
    print(numpy.__name__)
""")


def test_the_query_command_loads_no_numpy_and_answers_as_the_api_does(seed_home, graph,
                                                                      tmp_path):
    done = run_partygraph("query", "--name", "conference_participants", "--param",
                          "conference=Paris, 1995", "--format", "json",
                          "--db", str(seed_home.root), cwd=tmp_path,
                          env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert done.returncode == 0, done.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "arcadedb_embedded" in imported and "jpype" in imported
    # a blocked attempt is logged as a bare "numpy"; a real load brings its submodules
    assert not [name for name in imported if name.startswith("numpy.")]
    assert json.loads(done.stdout) == json.loads(json.dumps(
        graph.named("conference_participants", conference="Paris, 1995")
        .to_dict("records"), default=str))


def test_numpy_still_imports_after_a_quick_start(tmp_path):
    done = run_child(NUMPY_AFTER, cwd=tmp_path, cache=tmp_path / "cache")
    assert done.returncode == 0 and done.stdout.strip() == "numpy", done.stderr
