"""The Bolt gateway in front of the served engine: bytes pass through, and the few answers
the engine's Bolt plugin gets wrong about a read-only account are put right.

ArcadeDB's plugin answers ``SHOW DATABASES`` with ``access: read-write`` and
``writer: true`` and ``SHOW CURRENT USER`` with ``roles: [admin]`` whatever the
account may do, and refuses a write with a bare "not allowed" or "error executing".
The gateway listens where clients connect, relays every connection to the
engine's own Bolt port on loopback, and, knowing the account is read-only:

- rewrites the records of those two system answers (``access: read-only``,
  ``writer: false``, ``roles: [reader]``, Neo4j's name for the read-only role);
- gives its own address where the engine gives its hidden one (the routing table a
  ``neo4j://`` client asks for, the ``address`` of ``SHOW DATABASES``), so every
  client stays on the gateway;
- prefixes a refused write (``Neo.ClientError.Security.Forbidden``) with
  "the graph is served read-only".

Everything else (handshake, WebSocket clients, records of every other query)
passes unchanged. Responses arrive in request order, so a queue of the requests
sent tells which answer a message belongs to.

Example::

    gateway = Gateway.start("127.0.0.1", 7687, upstream=("127.0.0.1", 17687))
    ...
    gateway.stop()
"""

from __future__ import annotations

import contextlib
import re
import socket
import struct
import threading
from collections import deque
from dataclasses import dataclass, field

from partygraph.store.packstream import Unsupported, message, split_messages, unpack

MAGIC = b"\x60\x60\xb0\x17"
RUN, PULL, GOODBYE, ROUTE = 0x10, 0x3F, 0x02, 0x66
SUCCESS, RECORD, IGNORED, FAILURE = 0x70, 0x71, 0x7E, 0x7F
SUMMARIES = {SUCCESS, IGNORED, FAILURE}
FORBIDDEN = "Neo.ClientError.Security.Forbidden"
READ_ONLY = "the graph is served read-only (this account may read, not write)"
READER_ROLE = "reader"
HOLD_SECONDS = 120  # how long a new client waits for a restarting engine
# system answers whose records describe access: SHOW DATABASE(S), SHOW CURRENT USER, and
# the dbms procedures behind them
SYSTEM_SHOW = re.compile(r"^\s*(show\s+(databases?|default\s+database|home\s+database|"
                         r"current\s+user|users?)\b|call\s+dbms\.(listdatabases|showdatabase|"
                         r"showcurrentuser)\b)", re.IGNORECASE)


# --- one relayed connection ---------------------------------------------------------

@dataclass
class _Request:
    signature: int
    system: bool = False  # a RUN of a system answer to put right, or a PULL of its records


@dataclass(eq=False)
class _Connection:
    client: socket.socket
    engine: socket.socket
    ports: tuple[int, int] = (0, 0)  # (the engine's hidden port, the gateway's)
    sent: deque = field(default_factory=deque)  # requests whose summary has not come back
    fields: list = field(default_factory=list)  # the last system RUN's columns
    last_run_system: bool = False
    _out: threading.Lock = field(default_factory=threading.Lock)  # whole messages to the client

    @property
    def engine_side(self) -> str:
        """``address:port`` the engine sees this connection come from."""
        try:
            host, port = self.engine.getsockname()[:2]
        except OSError:
            return ""
        return f"{host}:{port}"

    def fail(self, metadata: dict) -> None:
        """Answer the request the client waits on with a FAILURE, then close."""
        with self._out:
            if self.sent and self.sent[0] is not None:
                with contextlib.suppress(OSError):
                    self.client.sendall(message(FAILURE, [metadata]))
            self.close()

    def close(self) -> None:
        for sock in (self.client, self.engine):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    # client -> engine
    def relay_requests(self) -> None:
        try:
            if not self._handshake():
                return
            buffer = bytearray()
            while chunk := self.client.recv(65536):
                buffer += chunk
                for _raw, body in split_messages(buffer):
                    if body:
                        self._note(body)
                self.engine.sendall(chunk)
        except OSError:
            pass
        finally:
            self.close()

    def _handshake(self) -> bool:
        """Relay the version handshake; ``False`` when the client speaks something else
        (a WebSocket upgrade): then bytes are relayed untouched, both ways."""
        opening = self._read(self.client, 20)
        if opening[:4] != MAGIC:
            self.sent.append(None)  # tells the other direction to relay untouched (first)
            self.engine.sendall(opening)
            while chunk := self.client.recv(65536):
                self.engine.sendall(chunk)
            return False
        self.engine.sendall(opening)
        return True

    def _note(self, body: bytes) -> None:
        signature = body[1] if len(body) > 1 else -1
        if signature == GOODBYE:
            return
        request = _Request(signature)
        if signature == RUN:
            try:
                query = unpack(body, 2)[0]
            except (Unsupported, IndexError, UnicodeDecodeError):
                query = ""
            request.system = self.last_run_system = bool(
                isinstance(query, str) and SYSTEM_SHOW.match(query))
        elif signature == PULL:
            request.system = self.last_run_system
        self.sent.append(request)

    # engine -> client
    def relay_answers(self) -> None:
        try:
            answer = self._read(self.engine, 4)  # the version chosen
            self.client.sendall(answer)
            buffer = bytearray()
            while chunk := self.engine.recv(65536):
                if self.sent and self.sent[0] is None:
                    with self._out:
                        self.client.sendall(chunk)
                    continue
                buffer += chunk
                out = bytearray()
                for raw, body in split_messages(buffer):
                    out += self._answer(raw, body)
                if out:
                    with self._out:
                        self.client.sendall(out)
        except OSError:
            pass
        finally:
            self.close()

    def _answer(self, raw: bytes, body: bytes) -> bytes:
        if not body:
            return raw
        signature = body[1]
        request = self.sent[0] if self.sent else None
        if signature in SUMMARIES and self.sent:
            self.sent.popleft()
        try:
            if signature == FAILURE:
                return _read_only_failure(raw, body)
            if signature == SUCCESS and request is not None and request.signature == ROUTE:
                return message(SUCCESS, [self._swap(unpack(body, 2)[0])])
            if request is not None and request.system:
                if signature == SUCCESS and request.signature == RUN:
                    self.fields = list(unpack(body, 2)[0].get("fields") or [])
                elif signature == RECORD:
                    values = unpack(body, 2)[0]
                    return message(RECORD, [self._swap(_truthful(self.fields, values))])
        except (Unsupported, IndexError, KeyError, AttributeError, struct.error):
            return raw
        return raw

    def _swap(self, value):
        """``value`` with every ``host:<engine port>`` given as ``host:<gateway port>``."""
        hidden, shown = self.ports
        if isinstance(value, str) and value.endswith(f":{hidden}") and hidden:
            return f"{value[:-len(str(hidden))]}{shown}"
        if isinstance(value, list):
            return [self._swap(v) for v in value]
        if isinstance(value, dict):
            return {k: self._swap(v) for k, v in value.items()}
        return value

    @staticmethod
    def _read(sock: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
        return data


def _read_only_failure(raw: bytes, body: bytes) -> bytes:
    """A refused write says why: the graph is served read-only."""
    metadata = unpack(body, 2)[0]
    code = metadata.get("code") or metadata.get("neo4j_code")
    if code != FORBIDDEN or READ_ONLY in str(metadata.get("message", "")):
        return raw
    for key in ("message", "description"):
        if isinstance(metadata.get(key), str):
            metadata[key] = f"{READ_ONLY}: {metadata[key]}"
    return message(FAILURE, [metadata])


def _truthful(fields: list, values: list) -> list:
    """A system record as it is for this account: no database it may write, the
    read-only role."""
    values = list(values)
    for i, name in enumerate(fields[:len(values)]):
        if name == "access" and values[i] == "read-write":
            values[i] = "read-only"
        elif name == "writer" and values[i] is True:
            values[i] = False
        elif name == "roles" and isinstance(values[i], list):
            values[i] = [READER_ROLE]
    return values


# --- the listener -------------------------------------------------------------------

@dataclass
class Gateway:
    """Listens on ``host:port`` and relays each client to ``upstream``."""

    host: str
    port: int
    upstream: tuple[str, int]
    _listener: socket.socket | None = field(default=None, repr=False)
    _connections: set = field(default_factory=set, repr=False)
    _threads: list = field(default_factory=list, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _open: threading.Event = field(default_factory=threading.Event, repr=False)

    @classmethod
    def listen(cls, host: str, port: int, upstream: tuple[str, int] | None = None) -> Gateway:
        """Hold ``host:port`` now (``0``: a free port, read from :attr:`port`; an address
        in use raises ``OSError``); clients wait in the backlog until :meth:`serve`."""
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((host, port))
            listener.listen(64)
        except OSError:
            listener.close()
            raise
        return cls(host, listener.getsockname()[1], upstream or ("", 0), _listener=listener)

    def serve(self, upstream: tuple[str, int] | None = None) -> Gateway:
        """Accept in a thread, relaying each client to ``upstream``."""
        if upstream is not None:
            self.upstream = upstream
        self._open.set()
        accepting = threading.Thread(target=self._accept, daemon=True,
                                     name="partygraph-bolt-gateway")
        accepting.start()
        self._threads.append(accepting)
        return self

    @classmethod
    def start(cls, host: str, port: int, upstream: tuple[str, int]) -> Gateway:
        """Listen now (an address in use raises ``OSError``) and accept in a thread."""
        return cls.listen(host, port, upstream).serve()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return  # closed by stop()
            # while the engine restarts, a new client waits for it (in the backlog)
            if not self._open.wait(HOLD_SECONDS):
                client.close()
                continue
            try:
                engine = socket.create_connection(self.upstream, timeout=30)
                engine.settimeout(None)
            except OSError:
                client.close()
                continue
            for sock in (client, engine):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(client, engine, (self.upstream[1], self.port))
            with self._lock:
                self._connections.add(connection)
                self._threads = [t for t in self._threads if t.is_alive()]
            for pump in (connection.relay_requests, connection.relay_answers):
                thread = threading.Thread(target=self._run, args=(connection, pump),
                                          daemon=True, name="partygraph-bolt-relay")
                thread.start()
                with self._lock:
                    self._threads.append(thread)

    def _run(self, connection: _Connection, pump) -> None:
        try:
            pump()
        finally:
            with self._lock:
                self._connections.discard(connection)

    def hold(self) -> None:
        """New clients wait (the engine is about to restart)."""
        self._open.clear()

    def resume(self, upstream: tuple[str, int]) -> None:
        """Relay new clients to ``upstream`` from now on."""
        self.upstream = upstream
        self._open.set()

    def fail(self, engine_sides: list[str], metadata: dict) -> int:
        """Answer the clients the engine sees at ``engine_sides`` with a FAILURE and close
        them: how many there were."""
        with self._lock:
            chosen = [c for c in self._connections if c.engine_side in engine_sides]
        for connection in chosen:
            connection.fail(metadata)
        return len(chosen)

    def drop(self) -> None:
        """Close every relayed connection (their engine is gone); keep listening."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            connection.close()

    def stop(self) -> None:
        """Stop listening and close every relayed connection."""
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            connections, threads = list(self._connections), list(self._threads)
        for connection in connections:
            connection.close()
        for thread in threads:
            if thread is not threading.current_thread():
                thread.join(timeout=5)
