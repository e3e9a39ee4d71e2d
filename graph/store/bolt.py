"""Serve the embedded graph over Bolt (ArcadeDB's Bolt plugin), on loopback.

Any Neo4j driver or tool connects to ``bolt://127.0.0.1:PORT`` as ``root``
with the password given (or generated), database ``partygraph``. A served
build is opened read-only: a published graph only changes by a new build.

Example::

    server = BoltServer.start(GraphHome("partygraph.db").current(), password="s3cret-pass")
    print(server.uri)          # bolt://127.0.0.1:7687
    server.stop()
"""

from __future__ import annotations

import secrets
import shutil
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from partygraph.errors import StoreError
from partygraph.store import engine
from partygraph.store.engine import start_engine

DATABASE = "partygraph"
USER = "root"
LOOPBACK = "127.0.0.1"
MIN_PASSWORD = 8


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def new_password() -> str:
    """A random password for one serving session."""
    return secrets.token_urlsafe(18)


@dataclass
class BoltServer:
    """A running ArcadeDB server with the Bolt plugin, serving one graph directory."""

    port: int
    http_port: int
    password: str = field(repr=False)
    host: str = LOOPBACK
    database: str = DATABASE
    user: str = USER
    _server: object = field(default=None, repr=False)
    _root: Path | None = field(default=None, repr=False)

    @property
    def uri(self) -> str:
        return f"bolt://{self.host}:{self.port}"

    @classmethod
    def start(cls, graph_dir: Path | None, *, password: str | None = None,
              port: int | None = None, host: str = LOOPBACK, empty: bool = False) -> BoltServer:
        """Serve ``graph_dir`` (or, with ``empty=True``, a new empty database)."""
        password = password or new_password()
        if len(password) < MIN_PASSWORD:
            raise StoreError(f"the Bolt password needs at least {MIN_PASSWORD} characters",
                             fix="choose a longer PARTYGRAPH_BOLT_PASSWORD")
        if not empty and (graph_dir is None or not graph_dir.is_dir()):
            raise StoreError("no graph to serve", fix="run `partygraph build` first")
        start_engine()
        import arcadedb_embedded as adb

        root = Path(tempfile.mkdtemp(prefix="partygraph-serve-"))
        if not empty:  # the server finds its databases in root/databases/<name>
            (root / "databases").mkdir()
            (root / "databases" / DATABASE).symlink_to(Path(graph_dir).resolve(),
                                                       target_is_directory=True)
        port = port or free_port(host)
        http_port = free_port(host)
        server = adb.create_server(str(root), root_password=password, config={
            "host": host, "http_port": http_port, "mode": "production",
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin", "bolt_port": port,
            # a published build is never changed in place: clients read it
            "server_defaultDatabaseMode": "READ_WRITE" if empty else "READ_ONLY",
        })
        try:
            server.start()
            if empty:
                server.create_database(DATABASE)
            else:
                server.get_database(DATABASE)
        except Exception as exc:  # noqa: BLE001
            server.stop()
            shutil.rmtree(root, ignore_errors=True)
            raise StoreError(f"cannot serve over Bolt on {host}:{port}: {exc}",
                             fix="pick another --port, or close what uses it") from None
        served = cls(port, http_port, password, host, _server=server, _root=root)
        engine.on_stop(served, served.stop)  # stopped before the runtime, if not before
        return served

    def stop(self) -> None:
        """Stop the server and remove its temporary root (the graph stays)."""
        engine.forget(self)
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
