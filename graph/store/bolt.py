"""Serve the embedded graph over Bolt (ArcadeDB's Bolt plugin), on loopback.

Any Neo4j driver or tool connects to ``bolt://127.0.0.1:PORT`` as ``reader``
with the password given (or generated), database ``partygraph``, through any
API: auto-commit, managed and explicit transactions, bookmarks. The server
opens a private copy of the build for reading and writing (transactions need
a writable database), and ``reader`` belongs to a group that may only read
records: every write is refused by the server's own access control. Each
query has a time limit (``QUERY_SECONDS`` unless told otherwise), a few run
at once and the others wait their turn. The engine's HTTP API listens on
loopback only, for the server's own ``root``, whose password is random and
never shown.

Example::

    server = BoltServer.start(GraphHome("partygraph.db").current(), password="s3cret-pass")
    print(server.uri, server.user)   # bolt://127.0.0.1:7687 reader
    server.stop()
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
import os
import secrets
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from partygraph.errors import StoreError, UsageError
from partygraph.store import engine
from partygraph.store.engine import start_engine
from partygraph.store.gateway import Gateway
from partygraph.store.location import copy_generation

DATABASE = "partygraph"
USER = "root"  # the server's administrator: an empty served database is written as root
READER = "reader"  # the only account a served build has for its clients
READER_GROUP = "reader"
LOOPBACK = "127.0.0.1"
MIN_PASSWORD = 8
QUERY_SECONDS = 60.0  # a query's time limit on the server, unless told otherwise
AT_ONCE = max(2, (os.cpu_count() or 2))  # queries running at once; more wait their turn
WAIT_SECONDS = 120  # how long a query may wait for its turn before it is refused


def check_host(host: str) -> str:
    """``host`` if it is an IPv4 address or a name; a UsageError naming the fix otherwise.

    >>> check_host("127.0.0.1")
    '127.0.0.1'
    >>> check_host("256.1.1.1")
    Traceback (most recent call last):
    ...
    partygraph.errors.UsageError: --host 256.1.1.1 is not an address this machine can listen on
      fix: pass an IPv4 address such as 127.0.0.1 (this machine) or 0.0.0.0 (every interface)
    """
    fix = "pass an IPv4 address such as 127.0.0.1 (this machine) or 0.0.0.0 (every interface)"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if isinstance(address, ipaddress.IPv6Address):
        raise UsageError(f"--host {host}: the server listens on IPv4 addresses only", fix=fix)
    try:
        with socket.socket() as probe:
            probe.bind((host, 0))
    except (OSError, UnicodeError, OverflowError):
        raise UsageError(f"--host {host} is not an address this machine can listen on",
                         fix=fix) from None
    return host


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
    try:
        while len(probes) < count:
            probe = socket.socket()
            probes.append(probe)
            probe.bind((host, 0))
            if probe.getsockname()[1] in besides:
                continue  # held, so the next one differs; closed with the others
        return [p.getsockname()[1] for p in probes if p.getsockname()[1] not in besides]
    finally:
        for probe in probes:
            probe.close()


# how many times a server start is tried again when a port it was given (chosen free a
# moment before) was taken in between by another process
PORT_RETRIES = 3


def _port_taken(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "unable to listen" in text or "address already in use" in text


def new_password() -> str:
    """A random password for one serving session."""
    return secrets.token_urlsafe(18)


@dataclass
class BoltServer:
    """A running ArcadeDB server with the Bolt plugin, serving one graph directory."""

    port: int
    http_port: int
    password: str = field(repr=False)
    engine_port: int = 0  # the engine's own Bolt, on loopback, behind the gateway
    host: str = LOOPBACK
    database: str = DATABASE
    user: str = READER
    query_seconds: float = QUERY_SECONDS
    _server: object = field(default=None, repr=False)
    _root: Path | None = field(default=None, repr=False)
    _gateway: Gateway | None = field(default=None, repr=False)
    _watch: threading.Event = field(default_factory=threading.Event, repr=False)
    _watcher: threading.Thread | None = field(default=None, repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    @classmethod
    def start(cls, graph_dir: Path | None, *, password: str | None = None,
              port: int | None = None, host: str = LOOPBACK, empty: bool = False,
              query_seconds: float = QUERY_SECONDS) -> BoltServer:
        """Serve ``graph_dir`` read-only (or, with ``empty=True``, a new empty database
        that ``root`` may write)."""
        password = password or new_password()
        if len(password) < MIN_PASSWORD:
            raise StoreError(f"the Bolt password needs at least {MIN_PASSWORD} characters",
                             fix="choose a longer PARTYGRAPH_BOLT_PASSWORD")
        if not empty and (graph_dir is None or not graph_dir.is_dir()):
            raise StoreError("no graph to serve", fix="run `partygraph build` first")
        if query_seconds <= 0:
            raise UsageError("the query time limit must be above 0 seconds",
                             fix="pass --query-timeout 60")
        check_host(host)
        start_engine()
        import arcadedb_embedded as adb

        root = Path(tempfile.mkdtemp(prefix="partygraph-serve-"))
        server = gateway = None
        try:
            if not empty:  # the server finds its databases in root/databases/<name>
                (root / "databases").mkdir()
                # the served copy: the published build stays untouched, whatever the
                # server does, and a later build may replace it while this one is served
                copy_generation(Path(graph_dir), root / "databases" / DATABASE)
                # a served build: clients reach the engine through the gateway, which puts
                # right what its Bolt plugin says of a read-only account. Its port is held
                # from here on, so the engine's ports can never be the same one.
                gateway = Gateway.listen(host, port or 0)
                port = gateway.port
            given = port  # an empty database, that root writes, needs no gateway
            for attempt in range(PORT_RETRIES):
                if empty:
                    port = given or free_port(host)
                    [http_port] = free_ports(1, LOOPBACK, besides=(port,))
                    engine_port = port
                else:
                    http_port, engine_port = free_ports(2, LOOPBACK, besides=(port,))
                server = adb.create_server(str(root), root_password=password if empty else
                                           new_password(), config={
                    "host": host if empty else LOOPBACK, "http_port": http_port,
                    "server_httpIncomingHost": LOOPBACK,  # the HTTP API: this machine only
                    # "test": the engine's own error messages reach the client (production
                    # mode hides them behind "check the server log")
                    "mode": "test",
                    "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                    "bolt_port": engine_port, "grpc_enabled": False,
                    "server_defaultDatabaseMode": "READ_WRITE",
                    "queryMaxConcurrent": AT_ONCE, "queryQueueTimeout": WAIT_SECONDS * 1000,
                })
                try:
                    server.start()
                    break
                except Exception as exc:  # noqa: BLE001
                    with contextlib.suppress(Exception):
                        server.stop()  # whatever part of it did start
                    server = None
                    # a port chosen free a moment ago, taken since by another process:
                    # choose again (a port the user gave is theirs to change)
                    if attempt + 1 == PORT_RETRIES or not _port_taken(exc):
                        raise
            if empty:
                server.create_database(DATABASE)
            else:
                server.get_database(DATABASE)
                _limit_queries(server, query_seconds)
                _add_reader(server, password, query_seconds)
                gateway.serve((LOOPBACK, engine_port))
        except Exception as exc:  # noqa: BLE001
            if server is not None:
                server.stop()
            if gateway is not None:
                gateway.stop()
            shutil.rmtree(root, ignore_errors=True)
            raise StoreError(f"cannot serve over Bolt on {host}:{port}: {exc}",
                             fix="pick another --port, or close what uses it") from None
        served = cls(port, http_port, password, engine_port, host,
                     user=USER if empty else READER, query_seconds=query_seconds,
                     _server=server, _root=root, _gateway=gateway)
        engine.on_stop(served, served.stop)  # stopped before the runtime, if not before
        if Path("/proc/net/tcp").exists():
            served._watcher = threading.Thread(target=served._stop_abandoned, daemon=True,
                                               name="partygraph-bolt-clients")
            served._watcher.start()
        return served

    def _stop_abandoned(self, every: float = 1.0) -> None:
        """Terminate the queries whose Bolt client has gone (closed or killed): nobody
        would read their answer. Runs until :meth:`stop`."""
        import jpype

        try:
            while not self._watch.wait(every):
                with engine.lock:
                    if self._server is None or self._watch.is_set():
                        return
                    engine.guard()  # into the runtime with its fault handlers in place
                    registry = self._server._java_server.getRunningQueries()
                    running = [q for q in registry.getRunning()
                               if "bolt" in str(q.getProtocol()).lower()]
                    if not running:
                        continue
                    connected = connected_clients(self.engine_port)
                    for query in running:
                        client = str(query.getClientAddress() or "").lstrip("/")
                        if client and client not in connected:
                            query.terminate("its client disconnected")
        except Exception:  # noqa: BLE001 - the server stopping under it
            return
        finally:
            if jpype.isJVMStarted():
                jpype.java.lang.Thread.detach()

    def stop(self) -> None:
        """Stop the server and remove its temporary root (the graph stays)."""
        engine.forget(self)
        self._watch.set()
        watcher = self._watcher
        if watcher is not None and watcher is not threading.current_thread():
            # out of the runtime before the server stops: a thread still in it when the
            # server (or the runtime, at exit) goes down can take the process with it
            watcher.join(timeout=10)
        self._watcher = None
        if self._gateway is not None:  # no client reaches the server while it stops
            self._gateway.stop()
            self._gateway = None
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._root is not None:
            shutil.rmtree(self._root, ignore_errors=True)
            self._root = None

    def __enter__(self) -> BoltServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


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


def _limit_queries(server, seconds: float) -> None:
    """The engine's per-statement deadline on the served database (checked in its scan,
    expansion and filter loops; a single long expression or procedure runs on)."""
    import jpype

    setting = jpype.JClass("com.arcadedb.GlobalConfiguration").COMMAND_TIMEOUT
    database = server._java_server.getDatabase(DATABASE)
    database.getConfiguration().setValue(setting, max(1, int(seconds * 1000)))


def _add_reader(server, password: str, query_seconds: float) -> None:
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
