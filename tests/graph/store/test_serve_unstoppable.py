"""`partygraph serve` and the queries its engine cannot stop by itself (a procedure that
sleeps, one long expression): past the time limit or a TERMINATE, and when their client
goes, the engine process is ended and started again; the others are answered."""

import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError

from .test_serve import PASSWORD, home, serving  # noqa: F401 - the module's graph fixture
from .test_serve_clients import COUNT, _family, stop

LIMIT, GRACE = 3, 5  # --query-timeout here, and the grace past it before the engine ends
SLEEP = "CALL apoc.util.sleep(60000) RETURN 1 AS x"
LONG = "RETURN reduce(s = 0, x IN range(1, 100000) | s + reduce(t = 0, y IN range(1, 100000) | t + y % 7)) AS n"  # noqa: E501 - 10^10 steps: minutes on any machine
UNSTOPPABLE = pytest.mark.parametrize("query", [SLEEP, LONG], ids=["sleep", "long-expression"])


@pytest.fixture(scope="module")
def server(home):  # noqa: F811
    process, uri, port, text = serving(home, "--query-timeout", str(LIMIT))
    yield uri, process
    stop(process)


def answered(uri: str, seconds: float = 90) -> int:
    """The party count, through a managed transaction (retried over a restart)."""
    with GraphDatabase.driver(uri, auth=("reader", PASSWORD),
                              max_transaction_retry_time=seconds) as driver:
        return driver.execute_query(COUNT, database_="partygraph").records[0]["n"]


def in_background(uri: str, query: str, outcomes: list) -> threading.Thread:
    """``query`` run by a client of its own in a thread; its outcome ("finished", or the
    error's code) appended to ``outcomes``."""
    def run():
        try:
            with GraphDatabase.driver(uri, auth=("reader", PASSWORD)) as driver:
                driver.execute_query(query, database_="partygraph")
            outcomes.append("finished")
        except ClientError as exc:
            outcomes.append(exc.code)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def engine_of(process) -> list[int]:
    return [pid for pid in _family(process.pid) if pid != process.pid]


@UNSTOPPABLE
def test_past_its_time_limit_a_query_is_stopped_and_the_server_answers_again(server, query):
    uri, process = server
    before = engine_of(process)
    started = time.monotonic()
    with GraphDatabase.driver(uri, auth=("reader", PASSWORD)) as driver, \
            pytest.raises(ClientError) as late:
        driver.execute_query(query, database_="partygraph")
    took = time.monotonic() - started
    assert late.value.code == "Neo.ClientError.Transaction.TransactionTimedOut", late.value
    assert "timeout" in late.value.message and f"{LIMIT} s" in late.value.message
    assert LIMIT <= took < LIMIT + GRACE + 10, took
    assert answered(uri) == 36
    assert engine_of(process) != before  # the engine process was ended and another started


def test_heavy_unstoppable_clients_do_not_starve_a_light_one(server):
    uri, _ = server
    outcomes = []
    threads = [in_background(uri, SLEEP, outcomes) for _ in range(4)]
    time.sleep(1)
    started = time.monotonic()
    assert answered(uri) == 36
    light = time.monotonic() - started
    for thread in threads:
        thread.join(timeout=120)
    assert light < 45, light  # 60 s sleeps would hold both slots for a minute
    assert "finished" not in outcomes and len(outcomes) == 4, outcomes


def running_sleeps(uri: str) -> list[str]:
    with GraphDatabase.driver(uri, auth=("reader", PASSWORD),
                              max_transaction_retry_time=60) as driver:
        rows = driver.execute_query("SHOW TRANSACTIONS", database_="partygraph").records
    return [r["transactionId"] for r in rows if r["currentQuery"].startswith("CALL apoc")]


def wait_for_sleep(uri: str) -> list[str]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if found := running_sleeps(uri):
            return found
        time.sleep(0.2)
    pytest.fail("the sleeping query never showed up")


@pytest.fixture(scope="module")
def patient(home):  # noqa: F811
    """A server whose time limit is long: only TERMINATE or a client gone can stop a query."""
    process, uri, port, text = serving(home, "--query-timeout", "600")
    yield uri, process
    stop(process)


def test_terminate_transactions_ends_a_sleeping_query(patient):
    uri, _ = patient
    outcome = []
    thread = in_background(uri, SLEEP, outcome)
    [running] = wait_for_sleep(uri)
    said_at = time.monotonic()
    with GraphDatabase.driver(uri, auth=("reader", PASSWORD)) as driver:
        said = driver.execute_query(f"TERMINATE TRANSACTIONS '{running}'",
                                    database_="partygraph").records
    thread.join(timeout=60)
    assert said[0]["message"] == "Transaction terminated."
    assert outcome == ["Neo.ClientError.Transaction.Terminated"], outcome
    assert time.monotonic() - said_at < GRACE + 20
    assert answered(uri) == 36


SLEEPING_CLIENT = """
import sys
from neo4j import GraphDatabase
with GraphDatabase.driver(sys.argv[1], auth=("reader", sys.argv[2])) as driver:
    driver.execute_query("CALL apoc.util.sleep(60000) RETURN 1 AS x", database_="partygraph")
"""


def test_a_sleeping_query_stops_when_its_client_goes(patient):
    uri, _ = patient
    client = subprocess.Popen([sys.executable, "-c", SLEEPING_CLIENT, uri, PASSWORD])
    try:
        assert wait_for_sleep(uri)
    finally:
        client.kill()
        client.wait(30)
    gone = time.monotonic()
    while running_sleeps(uri) and time.monotonic() - gone < 40:
        time.sleep(0.5)
    assert running_sleeps(uri) == [], "the query sleeps on without its client"
    assert time.monotonic() - gone < GRACE + 25


def gone(pid: int) -> bool:
    """``pid`` has ended (a zombie nobody has reaped yet counts as ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_the_engine_process_and_its_copy_never_outlive_serve(home, tmp_path):  # noqa: F811
    process, uri, _, _ = serving(home, env={"TMPDIR": str(tmp_path)})
    [engine] = engine_of(process)
    assert list(tmp_path.glob("partygraph-serve-*"))  # the served copy, with its accounts
    process.send_signal(signal.SIGKILL)  # serve itself killed: no chance to stop anything
    process.wait(30)
    deadline = time.monotonic() + 60
    while not (gone(engine) and not list(tmp_path.iterdir())) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert gone(engine), "the engine process runs on alone"
    assert list(tmp_path.iterdir()) == []  # no copy, no password hash left behind
