"""The engine's own server (ArcadeDB with its Bolt plugin), in this process.

``serve`` runs it in a process of its own (:mod:`partygraph.store.served`), behind the
gateway; an empty database that ``root`` writes runs it here. Ports are chosen free
together and chosen again if another process takes one before the server starts;
:class:`QueryWatch` stops the queries nobody waits for and reports those that run on
past every limit, which only ending the process can stop.

Example::

    server, bolt_port, http_port = start_server(root, host="127.0.0.1",
                                                root_password="s3cret-pass")
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from partygraph.store import engine
from partygraph.store.engine import start_engine

DATABASE = "partygraph"
READER = "reader"  # the only account a served build has for its clients
READER_GROUP = "reader"
LOOPBACK = "127.0.0.1"
AT_ONCE = max(2, (os.cpu_count() or 2))  # queries running at once; more wait their turn
WAIT_SECONDS = 120  # how long a query may wait for its turn before it is refused
# how many times a server start is tried again when a port it was given (chosen free a
# moment before) was taken in between by another process
PORT_RETRIES = 3


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on right now."""
    return free_ports(1, host)[0]


def free_ports(count: int, host: str = LOOPBACK, *, besides: tuple[int, ...] = ()) -> list[int]:
    """``count`` different TCP ports nobody listens on right now (all held at once, so
    never the same one twice), none of them in ``besides``.

    >>> a, b = free_ports(2)
    >>> a != b
    True
    """
    probes: list[socket.socket] = []
    ports: list[int] = []
    try:
        while len(ports) < count:
            probe = socket.socket()
            probes.append(probe)
            probe.bind((host, 0))  # held, so the next one differs; all closed below
            if probe.getsockname()[1] not in besides:
                ports.append(probe.getsockname()[1])
        return ports
    finally:
        for probe in probes:
            probe.close()


def port_taken(exc: BaseException) -> bool:
    """Whether a server failed to start because a port it was given is in use."""
    text = str(exc).lower()
    return "unable to listen" in text or "address already in use" in text


def start_server(root: Path, *, host: str, root_password: str, bolt_port: int = 0,
                 http_port: int = 0, keep_bolt_port: bool = False):
    """Start the engine's server on ``root``: (server, bolt port, http port).

    Bolt listens on ``host``, HTTP on loopback only. A port given is tried first; one
    taken is replaced by a free one, except a Bolt port to keep (a user's choice).
    """
    start_engine()
    import arcadedb_embedded as adb

    for attempt in range(PORT_RETRIES):
        bolt = bolt_port or free_ports(1, host)[0]
        http = http_port if http_port and http_port != bolt else free_ports(
            1, LOOPBACK, besides=(bolt,))[0]
        server = adb.create_server(str(root), root_password=root_password, config={
            "host": host, "http_port": http,
            "server_httpIncomingHost": LOOPBACK,  # the HTTP API: this machine only
            # "test": the engine's own error messages reach the client (production mode
            # hides them behind "check the server log")
            "mode": "test",
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt, "grpc_enabled": False,
            "server_defaultDatabaseMode": "READ_WRITE",
            "queryMaxConcurrent": AT_ONCE, "queryQueueTimeout": WAIT_SECONDS * 1000,
        })
        try:
            server.start()
            return server, bolt, http
        except Exception as exc:
            with contextlib.suppress(Exception):
                server.stop()  # whatever part of it did start
            # a port chosen free a moment ago (or free when last used), taken since by
            # another process: choose again (a port the user gave is theirs to change)
            if attempt + 1 == PORT_RETRIES or not port_taken(exc):
                raise
            bolt_port = bolt_port if keep_bolt_port else 0
            http_port = 0
    raise AssertionError("unreachable")


def limit_queries(server, seconds: float) -> None:
    """The engine's per-statement deadline on the served database (checked in its scan,
    expansion and filter loops; a single long expression or procedure runs on)."""
    import jpype

    setting = jpype.JClass("com.arcadedb.GlobalConfiguration").COMMAND_TIMEOUT
    database = server._java_server.getDatabase(DATABASE)
    database.getConfiguration().setValue(setting, max(1, int(seconds * 1000)))


def add_reader(server, password: str, query_seconds: float) -> None:
    """The ``reader`` account: read records of every type, nothing else."""
    import jpype

    Json = jpype.JClass("com.arcadedb.serializer.json.JSONObject")
    security = server._java_server.getSecurity()
    security.saveGroup(DATABASE, READER_GROUP, Json(json.dumps({
        "access": [], "resultSetLimit": -1, "readTimeout": int(query_seconds * 1000),
        "types": {"*": {"access": ["readRecord"]}}})))
    security.createUser(Json(json.dumps({
        "name": READER, "password": str(security.encodePassword(password)),
        "databases": {DATABASE: [READER_GROUP]}})))


class QueryWatch:
    """Every ``every`` seconds, over the server's running Bolt queries: terminate those
    whose client has gone (closed or killed: nobody would read their answer), and report
    those still running ``grace`` seconds past their time limit or past their
    termination (a long expression or a procedure, which the engine never checks) as
    ``report({client address: "terminated" or "timeout", ...})``.

    >>> QueryWatch(None, 7687, limit=60, grace=5).overdue_after
    65
    """

    def __init__(self, server, engine_port: int, *, limit: float, grace: float,
                 report: Callable[[dict[str, str]], None] | None = None):
        self.server, self.engine_port = server, engine_port
        self.limit, self.grace, self.report = limit, grace, report
        self.overdue_after = limit + grace
        self._stop = threading.Event()
        self._terminated: dict[str, float] = {}  # query id -> when it was terminated
        self._thread: threading.Thread | None = None

    def start(self, every: float = 1.0) -> QueryWatch:
        if Path("/proc/net/tcp").exists():
            self._thread = threading.Thread(target=self._run, args=(every,), daemon=True,
                                            name="partygraph-bolt-clients")
            self._thread.start()
        return self

    def _run(self, every: float) -> None:
        import jpype

        try:
            while not self._stop.wait(every):
                with engine.lock:
                    if self._stop.is_set():
                        return
                    engine.guard()  # into the runtime with its fault handlers in place
                    overdue = self._look()
                if overdue and self.report is not None:
                    self.report(overdue)
        except Exception:  # noqa: BLE001 - the server stopping under it
            return
        finally:
            if jpype.isJVMStarted():
                jpype.java.lang.Thread.detach()

    def _look(self) -> dict[str, str]:
        registry = self.server._java_server.getRunningQueries()
        running = [q for q in registry.getRunning() if "bolt" in str(q.getProtocol()).lower()
                   and not q.isEnded()]
        now, overdue, seen = time.monotonic(), {}, set()
        connected = connected_clients(self.engine_port) if running else set()
        for query in running:
            key, client = str(query.getId()), str(query.getClientAddress() or "").lstrip("/")
            seen.add(key)
            if client and client not in connected and key not in self._terminated:
                query.terminate("its client disconnected")
            if query.isTerminated():
                self._terminated.setdefault(key, now)
            past_termination = now - self._terminated.get(key, now) > self.grace
            if past_termination:
                overdue[client] = "terminated"
            elif query.getElapsedMillis() > self.overdue_after * 1000:
                overdue[client] = "timeout"
        self._terminated = {k: v for k, v in self._terminated.items() if k in seen}
        return overdue

    def stop(self) -> None:
        """Stop watching; returns once out of the runtime (a thread still in it when the
        server, or the runtime at exit, goes down can take the process with it)."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        self._thread = None


def _address(hex_address: str) -> str:
    """A /proc/net/tcp{,6} address (32-bit words in host order) as text."""
    raw = bytes.fromhex(hex_address)
    swapped = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
    address = ipaddress.ip_address(swapped)
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)


def connected_clients(port: int) -> set[str]:
    """``address:port`` of every client with an open connection to local ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, state = fields[1], fields[2], fields[3]
            if state == "01" and int(local.split(":")[1], 16) == port:  # 01: ESTABLISHED
                address, remote_port = remote.split(":")
                found.add(f"{_address(address)}:{int(remote_port, 16)}")
    return found
