"""`partygraph serve`: the embedded graph over Bolt, loopback only, stopped by Ctrl-C."""

import ipaddress
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from partygraph.build import build
from partygraph.store.location import GraphHome

from ...conftest import ROOT, SEEDS

PASSWORD = "serve-test-password"


def _address(hex_address: str) -> str:
    """A /proc/net/tcp{,6} address (32-bit words in host order) as text."""
    raw = bytes.fromhex(hex_address)
    swapped = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    if len(swapped) == 4:
        return str(ipaddress.IPv4Address(swapped))
    address = ipaddress.IPv6Address(swapped)
    return str(address.ipv4_mapped or address)


def listening_addresses(port: int) -> set[str]:
    """Local addresses listening on ``port``, read from /proc (no traffic sent)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(_address(address))
    return found


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = GraphHome(tmp_path_factory.mktemp("served"))
    build(SEEDS, home)
    return home


def like_a_terminal() -> None:
    """In the child: Ctrl-C as a terminal delivers it. A suite started in the background
    (`cmd &`, nohup) passes SIGINT on ignored, and the server would never see it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def serving(home, *options, env: dict | None = None):
    """`partygraph serve` started: (process, uri, port, what it printed)."""
    env = {**os.environ, "PARTYGRAPH_BOLT_PASSWORD": PASSWORD, **(env or {})}
    process = subprocess.Popen([sys.executable, "-m", "partygraph", "serve", "--db", str(home.root),
                                *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=ROOT, preexec_fn=like_a_terminal)
    lines, deadline = [], time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl-C" in line:
            break
    text = "".join(lines)
    match = re.search(r"uri:\s+(bolt://[\d.]+:(\d+))", text)
    if not match:
        process.kill()
        pytest.fail(f"serve did not start:\n{text}\n{process.stderr.read()}")
    return process, match.group(1), int(match.group(2)), text


@pytest.fixture(scope="module")
def served(home):
    process, uri, port, text = serving(home)
    yield process, uri, port, text
    if process.poll() is None:
        process.kill()


def test_serve_answers_the_official_driver(served):
    _, uri, _, text = served
    assert PASSWORD not in text  # a password from the environment is not echoed
    with GraphDatabase.driver(uri, auth=("reader", PASSWORD)) as driver, \
            driver.session(database="partygraph") as session:
        assert session.run("MATCH (p:Party) RETURN count(p) AS n").single()["n"] == 36
        with pytest.raises(Exception):  # noqa: B017 - a served build is read-only
            session.run("CREATE (:Party {id: 'x'})").consume()


def test_serve_refuses_a_wrong_password(served):
    _, uri, _, _ = served
    with GraphDatabase.driver(uri, auth=("reader", "wrong-password")) as driver, \
            pytest.raises(AuthError):
        driver.verify_connectivity()


def test_serve_listens_on_loopback_only(served):
    _, _, port, _ = served
    addresses = listening_addresses(port)
    assert addresses == {"127.0.0.1"}


def test_ctrl_c_stops_the_server_cleanly(served):
    process, _, port, _ = served
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=60)
    logged = process.stderr.read()
    assert code == 0, logged
    assert PASSWORD not in logged  # nor logged


def test_serve_listens_elsewhere_only_when_told_and_says_so(home):
    process, _, port, text = serving(home, "--host", "0.0.0.0")
    try:
        addresses = listening_addresses(port)
        assert addresses and addresses <= {"0.0.0.0", "::"}, (addresses, text)  # Java: "::"
        assert "other machines can connect" in text and PASSWORD not in text, text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert "stopped" in process.stderr.read()
    assert listening_addresses(port) == set()


def test_serve_without_a_graph_says_how_to_fix(tmp_path):
    done = subprocess.run([sys.executable, "-m", "partygraph", "serve", "--db", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "partygraph build" in done.stderr
