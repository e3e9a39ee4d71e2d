"""`partygraph serve` for every client: the official drivers' APIs read, nothing writes,
errors keep their meaning, queries have a time limit, heavy clients do not starve others."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, CypherSyntaxError

from ...conftest import ROOT, tree_digest
from .test_serve import PASSWORD, home, serving  # noqa: F401 - the module's graph fixture

JS = ROOT / "tests" / "js"
COUNT = "MATCH (p:Party) RETURN count(p) AS n"
DISGUISED_WRITES = [
    "CREATE (:Party {id: 'w'})",
    "MERGE (:Party {id: 'w'})",
    "MATCH (p:Party) SET p.name = 'w'",
    "MATCH (p:Party) SET p:Hacked",
    "match (p:Party) remove p.name",
    "MATCH (p:Party) DETACH DELETE p",
    "UNWIND [1, 2] AS x CREATE (:Party {id: 'w' + x})",
    "CALL { CREATE (:Party {id: 'w'}) } RETURN 1 AS x",
    "FOREACH (x IN [1] | CREATE (:Party {id: 'w'}))",
    "MATCH (a:Party), (b:Party) WITH a, b LIMIT 1 CREATE (a)-[:ALLIED_WITH]->(b)",
]


def stop(process) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def server(home):  # noqa: F811
    before = tree_digest(home.current())
    process, uri, port, text = serving(home, "--query-timeout", "3")
    yield uri, process, text
    stop(process)
    assert tree_digest(home.current()) == before  # the published build is never touched


@pytest.fixture(scope="module")
def driver(server):
    with GraphDatabase.driver(server[0], auth=("reader", PASSWORD)) as driver:
        yield driver


def test_every_python_driver_api_reads(driver):
    assert driver.execute_query(COUNT, database_="partygraph").records[0]["n"] == 36
    with driver.session(database="partygraph") as session:
        assert session.run(COUNT).single()["n"] == 36
        assert session.execute_read(lambda tx: tx.run(COUNT).single()["n"]) == 36
        assert session.execute_write(lambda tx: tx.run("RETURN 1 AS x").single()["x"]) == 1
        with session.begin_transaction() as tx:
            assert tx.run(COUNT).single()["n"] == 36
            tx.commit()
        bookmarks = session.last_bookmarks()
    assert bookmarks  # a bookmark to chain the next session on
    with driver.session(database="partygraph", bookmarks=bookmarks) as session:
        assert session.execute_read(lambda tx: tx.run(COUNT).single()["n"]) == 36


@pytest.mark.parametrize("cypher", DISGUISED_WRITES)
def test_writes_are_refused_through_every_api(driver, cypher):
    def explicit():
        with driver.session(database="partygraph") as session, \
                session.begin_transaction() as tx:
            tx.run(cypher).consume()
            tx.commit()

    def managed():
        with driver.session(database="partygraph") as session:
            session.execute_write(lambda tx: tx.run(cypher).consume())

    def auto():
        with driver.session(database="partygraph") as session:
            session.run(cypher).consume()

    for api in (lambda: driver.execute_query(cypher, database_="partygraph"), managed,
                explicit, auto):
        with pytest.raises(ClientError) as refused:
            api()
        assert refused.value.code == "Neo.ClientError.Security.Forbidden", refused.value
        assert "served read-only" in refused.value.message, refused.value
    with driver.session(database="partygraph") as session:
        assert session.run(COUNT).single()["n"] == 36
        assert session.run("MATCH (p:Party) WHERE p.id STARTS WITH 'w' OR p:Hacked "
                           "RETURN count(p) AS n").single()["n"] == 0
        assert session.run("MATCH (p:Party) WHERE p.name IS NULL OR p.name = 'w' "
                           "RETURN count(p) AS n"
                           ).single()["n"] == 0


def test_errors_keep_their_meaning(driver):
    with driver.session(database="partygraph") as session:
        with pytest.raises(CypherSyntaxError) as syntax:
            session.run("MATC (p) RETURN p").consume()
        assert "MATC" in syntax.value.message and "server log" not in syntax.value.message
        with pytest.raises(ClientError) as unknown:
            session.run("RETURN nosuchfunction(1) AS x").consume()
        assert "nosuchfunction" in unknown.value.message


def test_system_answers_tell_what_the_account_may_do(driver, server):
    """The engine's plugin calls every database read-write and every user admin; what the
    client is told is what it may do."""
    port = int(server[0].rsplit(":", 1)[1])
    with driver.session(database="partygraph") as session:
        databases = session.run("SHOW DATABASES").data()
        assert {d["name"] for d in databases} >= {"partygraph"}
        assert {d["access"] for d in databases} == {"read-only"}, databases
        assert not any(d["writer"] for d in databases), databases
        assert all(d["address"].endswith(f":{port}") for d in databases), databases
        named = session.run("SHOW DATABASE partygraph YIELD name, access").data()
        assert {d["access"] for d in named} == {"read-only"}, named
        user = session.run("SHOW CURRENT USER").single()
        assert user["user"] == "reader" and user["roles"] == ["reader"], user
        # a user's own data is never rewritten, whatever it holds
        assert session.run("RETURN 'read-write' AS access, true AS writer").single().values() \
            == ["read-write", True]


def test_a_routing_client_stays_on_the_served_address(server):
    uri = server[0].replace("bolt://", "neo4j://")
    with GraphDatabase.driver(uri, auth=("reader", PASSWORD)) as routed:
        assert routed.execute_query(COUNT, database_="partygraph").records[0]["n"] == 36
        with routed.session(database="partygraph") as session:
            assert session.execute_read(lambda tx: tx.run(COUNT).single()["n"]) == 36


def test_the_server_stops_a_query_past_its_time_limit(driver, server):
    assert "3 s a query" in server[2]
    started = time.monotonic()
    with driver.session(database="partygraph") as session, pytest.raises(ClientError) as late:
        session.run("UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
                    "RETURN count(*) AS n").consume()
    assert "timeout" in late.value.message
    assert time.monotonic() - started < 20


def test_heavy_clients_do_not_starve_a_light_one(driver):
    heavy = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
    outcomes = []

    def run_heavy():
        try:
            with driver.session(database="partygraph") as session:
                session.run(heavy).consume()
            outcomes.append("finished")
        except ClientError as exc:
            outcomes.append(exc.message)

    threads = [threading.Thread(target=run_heavy) for _ in range(5)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    started = time.monotonic()
    with driver.session(database="partygraph") as session:
        assert session.run(COUNT).single()["n"] == 36
    answered = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=120)
    assert answered < 30, answered  # 5 heavy clients at 3 s each, 2 at a time
    assert len(outcomes) == 5 and all("timeout" in o for o in outcomes), outcomes


def _family(pid: int) -> list[int]:
    """``pid`` and every process below it (from each process's parent in /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def _listening_ports(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket ``pid`` and its children listen on, from /proc."""
    from .test_serve import _address

    inodes = set()
    for member in _family(pid):
        for fd in Path(f"/proc/{member}/fd").iterdir():
            target = os.readlink(fd) if fd.is_symlink() else ""
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:
                address, port = fields[1].split(":")
                found.add((_address(address), int(port, 16)))
    return found


def test_only_bolt_is_open_to_others_and_the_rest_is_announced(home):  # noqa: F811
    process, uri, port, text = serving(home, "--host", "0.0.0.0")
    try:
        ports = _listening_ports(process.pid)
    finally:
        stop(process)
    wide = {(a, p) for a, p in ports if a not in ("127.0.0.1", "::1")}
    assert {p for _, p in wide} == {port}, ports
    local = {p for a, p in ports if p != port}
    assert len(local) == 2, ports  # the engine's own Bolt and its HTTP API, on loopback
    for other in local:
        assert f"127.0.0.1:{other}" in text, text


def test_the_javascript_driver_reads_and_cannot_write(server):
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "neo4j-driver").is_dir():
        print("skipped: needs node and `npm install --prefix tests/js` (neo4j-driver)")
        pytest.skip("node or the neo4j-driver package is missing (npm install --prefix tests/js)")
    done = subprocess.run([node, str(JS / "drive.js"), server[0], "reader", PASSWORD],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["executeQuery"] == found["executeRead"] == 36 and found["explicit"] == 2
    assert found["bookmarks"] >= 1
    assert "served read-only" in found["write"] and found["after"] == 0, found
    assert found["access"] == ["read-only"] and found["roles"] == ["reader"], found
    assert found["syntax"].startswith("Neo.ClientError.Statement.SyntaxError") and \
        "MATC" in found["syntax"], found


@pytest.mark.parametrize("host", ["::1", "256.1.1.1", "no-such-host.invalid"])
def test_a_host_it_cannot_listen_on_exits_2_and_leaves_nothing(home, tmp_path, host):  # noqa: F811
    env = {**os.environ, "PARTYGRAPH_BOLT_PASSWORD": PASSWORD, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "partygraph", "serve", "--db", str(home.root),
                           "--host", host], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "fix:" in done.stderr and host in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_terminate_stops_a_running_query(driver):
    heavy = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b RETURN count(*) AS n"
    outcome = []

    def run_heavy():
        try:
            with driver.session(database="partygraph") as session:
                session.run(heavy).consume()
            outcome.append("finished")
        except ClientError as exc:
            outcome.append(exc.code)

    thread = threading.Thread(target=run_heavy)
    thread.start()
    with driver.session(database="partygraph") as session:
        running = []
        deadline = time.monotonic() + 10
        while not running and time.monotonic() < deadline:
            running = [r["transactionId"] for r in session.run("SHOW TRANSACTIONS").data()
                       if r["currentQuery"].startswith("UNWIND")]
        assert running, "the heavy query never showed up"
        said = session.run(f"TERMINATE TRANSACTIONS '{running[0]}'").data()
    thread.join(timeout=60)
    assert said[0]["message"] == "Transaction terminated."
    assert outcome == ["Neo.ClientError.Transaction.Terminated"], outcome  # not timed out


CLIENT = """
import sys
from neo4j import GraphDatabase
with GraphDatabase.driver(sys.argv[1], auth=("reader", sys.argv[2])) as driver:
    driver.session(database="partygraph").run(
        "UNWIND range(1, 20000) AS a UNWIND range(1, 20000) AS b RETURN count(*) AS n").consume()
"""


def test_a_query_stops_when_its_client_goes(home):  # noqa: F811
    process, uri, _, _ = serving(home, "--query-timeout", "300")
    try:
        client = subprocess.Popen([sys.executable, "-c", CLIENT, uri, PASSWORD])
        with GraphDatabase.driver(uri, auth=("reader", PASSWORD)) as driver, \
                driver.session(database="partygraph") as session:
            def running():
                return [r for r in session.run("SHOW TRANSACTIONS").data()
                        if r["currentQuery"].startswith("UNWIND")]
            deadline = time.monotonic() + 60
            while not running() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert running(), "the client's query never started"
            client.kill()
            client.wait(30)
            gone = time.monotonic()
            while running() and time.monotonic() - gone < 30:
                time.sleep(0.5)
            assert running() == [], "the query runs on without its client"
            assert time.monotonic() - gone < 15
    finally:
        stop(process)


def test_wrong_passwords_lock_the_account_for_a_bounded_time_only(server):
    from neo4j.exceptions import AuthError

    for _ in range(8):  # the engine locks an account out after 5 wrong passwords
        with GraphDatabase.driver(server[0], auth=("reader", "not-the-password")) as wrong, \
                pytest.raises(AuthError):
            wrong.verify_connectivity()
    started = time.monotonic()
    while True:
        try:
            with GraphDatabase.driver(server[0], auth=("reader", PASSWORD)) as right:
                right.verify_connectivity()
            break
        except AuthError:
            assert time.monotonic() - started < 45, "still locked out after 45 s"
            time.sleep(2)
    assert time.monotonic() - started < 45


def test_help_states_the_query_time_limit():
    done = subprocess.run([sys.executable, "-m", "partygraph", "serve", "--help"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={**os.environ, "COLUMNS": "160"})
    assert done.returncode == 0 and "--query-timeout" in done.stdout
    assert "default: 60" in done.stdout, done.stdout
