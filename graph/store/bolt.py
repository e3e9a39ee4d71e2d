"""Serve the embedded graph over Bolt (ArcadeDB's Bolt plugin), on loopback.

Any Neo4j driver or tool connects to ``bolt://127.0.0.1:PORT`` as ``reader``
with the password given (or generated), database ``partygraph``, through any
API: auto-commit, managed and explicit transactions, bookmarks. The server
opens a private copy of the build for reading and writing (transactions need
a writable database), and ``reader`` belongs to a group that may only read
records: every write is refused by the server's own access control. Each
query has a time limit (``QUERY_SECONDS`` unless told otherwise), a few run
at once and the others wait their turn. The engine runs in a process of its
own behind a gateway (:mod:`partygraph.store.gateway`): a query still running
``GRACE_SECONDS`` past its limit, or past its termination, is one the engine
cannot stop (a long expression, a sleeping procedure), and ending that process
stops it; its client is told the time limit ended it, the other clients'
connections close (drivers retry managed transactions) and the engine starts
again on the same copy. The engine's HTTP API listens on loopback only, for
the server's own ``root``, whose password is random and never shown.

Example::

    server = BoltServer.start(GraphHome("partygraph.db").current(), password="s3cret-pass")
    print(server.uri, server.user)   # bolt://127.0.0.1:7687 reader
    server.stop()
"""

from __future__ import annotations

import atexit
import ipaddress
import logging
import secrets
import shutil
import socket
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from partygraph.errors import StoreError, UsageError
from partygraph.store import engine
from partygraph.store.arcade_server import (
    DATABASE,
    LOOPBACK,
    READER,
    QueryWatch,
    connected_clients,
    free_port,
    free_ports,
    start_server,
)
from partygraph.store.gateway import Gateway
from partygraph.store.location import copy_generation
from partygraph.store.supervisor import GRACE_SECONDS, EngineProcess

__all__ = ["DATABASE", "LOOPBACK", "READER", "BoltServer", "check_host", "connected_clients",
           "free_port", "free_ports", "new_password"]

USER = "root"  # the server's administrator: an empty served database is written as root
MIN_PASSWORD = 8
QUERY_SECONDS = 60.0  # a query's time limit on the server, unless told otherwise
TIMED_OUT = "Neo.ClientError.Transaction.TransactionTimedOut"
TERMINATED = "Neo.ClientError.Transaction.Terminated"
log = logging.getLogger("partygraph.serve")


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


def new_password() -> str:
    """A random password for one serving session."""
    return secrets.token_urlsafe(18)


@dataclass
class BoltServer:
    """A running Bolt server: a served build (read-only, behind the gateway, its engine
    in a process of its own) or an empty database that ``root`` writes (in this one)."""

    port: int
    http_port: int
    password: str = field(repr=False)
    engine_port: int = 0  # the engine's own Bolt, on loopback, behind the gateway
    host: str = LOOPBACK
    database: str = DATABASE
    user: str = READER
    query_seconds: float = QUERY_SECONDS
    restarts: int = 0  # times the engine was ended to stop a query and started again
    _server: object = field(default=None, repr=False)  # the empty database's, in this process
    _watch: QueryWatch | None = field(default=None, repr=False)
    _root: Path | None = field(default=None, repr=False)
    _gateway: Gateway | None = field(default=None, repr=False)
    _engine: EngineProcess | None = field(default=None, repr=False)
    _restarting: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _stopping: bool = field(default=False, repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    @property
    def engine_pid(self) -> int | None:
        """The engine process's id (a served build), or ``None``."""
        return self._engine.pid if self._engine is not None else None

    @classmethod
    def start(cls, graph_dir: Path | None, *, password: str | None = None,
              port: int | None = None, host: str = LOOPBACK, empty: bool = False,
              query_seconds: float = QUERY_SECONDS, grace: float = GRACE_SECONDS
              ) -> BoltServer:
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
        root = Path(tempfile.mkdtemp(prefix="partygraph-serve-"))
        served = cls(port or 0, 0, password, host=host, query_seconds=query_seconds,
                     user=USER if empty else READER, _root=root)
        try:
            if empty:
                served._start_here()
            else:
                served._start_apart(Path(graph_dir), grace)
        except Exception as exc:  # noqa: BLE001
            served.stop()
            why = exc.message if isinstance(exc, StoreError) else exc
            raise StoreError(f"cannot serve over Bolt on {host}:{served.port or port or 0}: "
                             f"{why}", fix="pick another --port, or close what uses it") from None
        return served

    def _start_here(self) -> None:
        """An empty database that root writes, in this process: nothing to correct."""
        self._server, self.port, self.http_port = start_server(
            self._root, host=self.host, root_password=self.password, bolt_port=self.port,
            keep_bolt_port=bool(self.port))
        self.engine_port = self.port
        engine.on_stop(self, self.stop)  # stopped before the runtime, if not before
        self._server.create_database(DATABASE)
        self._watch = QueryWatch(self._server, self.port, limit=self.query_seconds,
                                 grace=GRACE_SECONDS).start()

    def _start_apart(self, graph_dir: Path, grace: float) -> None:
        """A served build: the gateway holds its port from here on (so the engine's can
        never be the same), the engine starts in its own process on a private copy
        (the published build stays untouched, and a later build may replace it)."""
        (self._root / "databases").mkdir()  # where the server finds its databases
        copy_generation(graph_dir, self._root / "databases" / DATABASE)
        self._gateway = Gateway.listen(self.host, self.port)
        self.port = self._gateway.port
        self._engine = EngineProcess(self._root, password=self.password,
                                     query_seconds=self.query_seconds, grace=grace,
                                     on_overdue=self._restart, on_exit=self._restart)
        atexit.register(self.stop)  # the engine process and the copy go with this one
        engine.on_stop(self, self.stop)  # or with the engine of this process, if it stops first
        self.engine_port, self.http_port = self._engine.start()
        self._gateway.serve((LOOPBACK, self.engine_port))

    def _restart(self, overdue: dict[str, str] | None = None) -> None:
        """End the engine process to stop what runs past every limit (``overdue``: the
        engine's view of those clients, and why), tell those clients so, and start it
        again on the same copy."""
        with self._restarting:
            if self._stopping or self._engine is None or self._gateway is None:
                return
            self._gateway.hold()
            for client, why in (overdue or {}).items():
                self._gateway.fail([client], self._stopped(why))
            self._engine.end()
            self._gateway.drop()
            shutil.rmtree(self._root / "config", ignore_errors=True)  # accounts made anew
            try:
                self.engine_port, self.http_port = self._engine.start(self.engine_port,
                                                                      self.http_port)
            except StoreError as exc:  # new clients keep waiting, then are turned away
                log.error("the engine did not start again: %s", exc.message)
                return
            self.restarts += 1
            self._gateway.resume((LOOPBACK, self.engine_port))

    def _stopped(self, why: str) -> dict:
        """What a client whose query a restart stopped is told (a FAILURE's metadata)."""
        if why == "terminated":
            return {"code": TERMINATED, "message": "the query was terminated, and is stopped"}
        return {"code": TIMED_OUT, "message": f"timeout: the query ran past the server's time "
                f"limit of {self.query_seconds:g} s and was stopped (--query-timeout)"}

    def stop(self) -> None:
        """Stop the server and remove its temporary root (the graph stays)."""
        self._stopping = True
        engine.forget(self)
        atexit.unregister(self.stop)
        with self._restarting:
            if self._watch is not None:
                self._watch.stop()
                self._watch = None
            if self._gateway is not None:  # no client reaches the server while it stops
                self._gateway.stop()
                self._gateway = None
            if self._engine is not None:
                self._engine.stop()
                self._engine = None
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
