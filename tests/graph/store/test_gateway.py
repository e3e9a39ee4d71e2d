"""The Bolt gateway's own parts: PackStream values both ways, messages cut at any byte,
the records it corrects and the ones it leaves alone."""


import pytest

from partygraph.store.gateway import (
    FAILURE,
    FORBIDDEN,
    READ_ONLY,
    RECORD,
    SUCCESS,
    SYSTEM_SHOW,
    _Connection,
    _read_only_failure,
    _truthful,
)
from partygraph.store.packstream import message, pack, split_messages, unpack


@pytest.mark.parametrize("value", [
    None, True, False, 0, 1, 127, -1, -16, -17, 128, -129, 40000, -40000, 2**31, -2**40,
    1.5, "", "read-write", "é" * 300, b"\x00\x01", [], [1, "a", [None]], {"a": {"b": [1.0]}},
    list(range(20)), {str(i): i for i in range(20)}, "x" * 70000,
])
def test_values_survive_a_round_trip(value):
    assert unpack(pack(value)) == (value, len(pack(value)))


@pytest.mark.parametrize("cut", [1, 2, 3, 7, 50])
def test_messages_are_found_whatever_the_reads_cut(cut):
    stream = b"\x00\x00" + message(RECORD, [[1, "x" * 100]]) + message(SUCCESS, [{"n": 2}])
    found, buffer = [], bytearray()
    for start in range(0, len(stream), cut):
        buffer += stream[start:start + cut]
        found += split_messages(buffer)
    assert b"".join(raw for raw, _ in found) == stream and not buffer
    assert [body[1] if body else None for _, body in found] == [None, RECORD, SUCCESS]
    long = message(RECORD, [["y" * 70000]])  # one message over two chunks
    assert split_messages(bytearray(long))[0][1][2:] == pack(["y" * 70000])


@pytest.mark.parametrize("query, system", [
    ("SHOW DATABASES", True), ("show database partygraph yield name", True),
    ("  SHOW CURRENT USER", True), ("CALL dbms.showCurrentUser()", True),
    ("SHOW USERS", True), ("MATCH (n) RETURN 'SHOW DATABASES' AS x", False),
    ("RETURN 1", False), ("SHOW TRANSACTIONS", False),
])
def test_only_system_answers_are_corrected(query, system):
    assert bool(SYSTEM_SHOW.match(query)) is system


def test_a_system_record_tells_what_the_account_may_do():
    fields = ["name", "access", "writer", "note"]
    assert _truthful(fields, ["partygraph", "read-write", True, "read-write"]) == \
        ["partygraph", "read-only", False, "read-write"]
    assert _truthful(["user", "roles"], ["reader", ["admin"]]) == ["reader", ["reader"]]


def test_only_a_refused_write_is_called_read_only():
    refused = message(FAILURE, [{"code": FORBIDDEN, "message": "not allowed"}])
    body = split_messages(bytearray(refused))[0][1]
    said = unpack(split_messages(bytearray(_read_only_failure(refused, body)))[0][1], 2)[0]
    assert said["message"] == f"{READ_ONLY}: not allowed"
    other = message(FAILURE, [{"code": "Neo.ClientError.Statement.SyntaxError",
                               "message": "bad"}])
    assert _read_only_failure(other, split_messages(bytearray(other))[0][1]) == other


def test_the_hidden_port_is_never_handed_out():
    connection = _Connection(None, None, (17687, 7687))
    table = {"rt": {"servers": [{"addresses": ["localhost:17687"], "role": "READ"}],
                    "db": "partygraph"}}
    assert connection._swap(table)["rt"]["servers"][0]["addresses"] == ["localhost:7687"]
    assert connection._swap("localhost:176870") == "localhost:176870"


def test_structures_are_left_as_they_are():
    node = bytes([0xB3, 0x4E]) + pack(1) + pack(["Party"]) + pack({})
    with pytest.raises(Exception) as left:
        unpack(node)
    assert "marker" in str(left.value)


def test_a_client_that_speaks_something_else_is_relayed_untouched():
    """A WebSocket upgrade (how browsers speak Bolt) passes through byte for byte."""
    import socket
    import threading

    from partygraph.store.gateway import Gateway

    upstream = socket.create_server(("127.0.0.1", 0))

    def echo():
        conn, _ = upstream.accept()
        with conn:
            while data := conn.recv(65536):
                conn.sendall(data)

    threading.Thread(target=echo, daemon=True).start()
    gateway = Gateway.start("127.0.0.1", 0, upstream.getsockname())
    try:
        port = gateway._listener.getsockname()[1]
        request = b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n" + bytes(range(256))
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(request)
            got = b""
            while len(got) < len(request):
                got += client.recv(65536)
        assert got == request
    finally:
        gateway.stop()
        upstream.close()
