"""The Bolt server's ports: chosen so that two of them are never the same, and chosen
again when another process takes one between the choice and the start."""

from __future__ import annotations

import socket

import pytest
from neo4j import GraphDatabase

from partygraph.errors import StoreError
from partygraph.store import arcade_server
from partygraph.store.arcade_server import free_ports, start_server
from partygraph.store.bolt import BoltServer

PASSWORD = "bolt-ports-test-password"


@pytest.fixture
def taken():
    """A loopback port someone else listens on."""
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        yield holder.getsockname()[1]


def test_ports_chosen_together_differ_and_avoid_the_ones_named():
    for _ in range(50):
        ports = free_ports(3, besides=(7687,))
        assert len(set(ports)) == 3 and 7687 not in ports


def test_a_port_taken_between_choice_and_start_is_chosen_again(taken, monkeypatch):
    chosen = []
    real = arcade_server.free_ports

    def first_a_taken_one(count, host="127.0.0.1", *, besides=()):
        ports = real(count, host, besides=besides)
        if not chosen:
            ports[-1] = taken  # the Bolt port, as if taken since it was chosen
        chosen.append(ports)
        return ports

    monkeypatch.setattr(arcade_server, "free_ports", first_a_taken_one)
    server = BoltServer.start(None, password=PASSWORD, empty=True)
    try:
        assert taken in chosen[0] and server.port != taken
        with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
            assert driver.execute_query("RETURN 1 AS one", database_=server.database
                                        ).records[0]["one"] == 1
    finally:
        server.stop()


def test_an_engine_started_again_on_ports_taken_since_takes_others(tmp_path, taken):
    """What a restart of the served engine does when its old ports are gone."""
    server, bolt, http = start_server(tmp_path, host="127.0.0.1", root_password=PASSWORD,
                                      bolt_port=taken, http_port=taken)
    try:
        assert taken not in (bolt, http) and bolt != http
    finally:
        server.stop()


@pytest.mark.parametrize("empty", [False, True], ids=["served-build", "empty-database"])
def test_a_port_the_user_gave_that_is_taken_says_how_to_fix(seed_home, taken, empty):
    with pytest.raises(StoreError) as raised:
        BoltServer.start(None if empty else seed_home.current(), password=PASSWORD,
                         port=taken, empty=empty)
    assert f"127.0.0.1:{taken}" in str(raised.value)
    assert "pick another --port" in raised.value.fix
