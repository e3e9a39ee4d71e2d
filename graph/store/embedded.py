"""The embedded store: ArcadeDB in this process, queried with OpenCypher.

The engine's Java runtime ships inside the ``arcadedb-embedded`` wheel; it
starts once per process (about a second) and its logging stays off the
terminal. A store opened read-only is shared safely with other readers.

>>> import tempfile
>>> from partygraph.schema import load_schema
>>> path = tempfile.mkdtemp() + "/g"
>>> store = EmbeddedStore.create(path, load_schema())
>>> store.write([Node("Party", "A")], [])
>>> store.run("MATCH (p:Party) RETURN p.name AS name")
[{'name': 'A'}]
>>> store.close()
"""

from __future__ import annotations

import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from partygraph.errors import QueryError, ReadOnlyError, StoreError
from partygraph.records import Edge, Node
from partygraph.schema import Schema
from partygraph.store import engine
from partygraph.store.base import edge_batches, edge_groups, ident, node_batches
from partygraph.store.crossing import (
    create_vertices,
    cross_edges,
    edge_text,
    give_back,
    typed_edges,
)
from partygraph.store.engine import start_engine
from partygraph.store.values import rows as _rows

BATCH = 2000
BULK_ABOVE = 1_000  # records; the bulk loader is 3-5x faster from here (measured at 1k)
VERTEX_CHUNK, EDGE_CHUNK = 20_000, 50_000  # records the bulk loader takes per crossing
# Edges the bulk loader buffers before it flushes them (fewer in a smaller write: its
# arrays are made at that size). Its own default buffers them all (up to 5 million): at
# 100k parties that held 2 GB of heap at the end of the edges step, for no speed the
# 200,000 here does not also give (measured side by side).
EDGE_BUFFER = 200_000
_jvm_lock = engine.lock
_limit_lock = threading.Lock()  # one time limit at a time on a shared database
_open: dict[tuple[str, bool], list] = {}  # (path, read_only) -> [database, users]
ENGINE_TYPES = {"string": "STRING", "int": "LONG", "year": "INTEGER", "bool": "BOOLEAN",
                "date": "STRING", "list": "LIST"}


class EmbeddedStore:
    """An ArcadeDB database directory, opened in this process."""

    def __init__(self, db, path: Path, read_only: bool, unindexed: list[str] | None = None):
        self._db = db
        self.path = path
        self.read_only = read_only
        self._unindexed = unindexed or []  # labels whose indexes are still to be made
        self._indexed: dict[str, list[tuple[str, str]]] = {}  # label: (property, unique|plain)
        self.timings: dict[str, float] = {}  # seconds per step of the last write

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = True) -> EmbeddedStore:
        """Open an existing graph database directory.

        The engine allows one instance of a database per process, so stores
        opened on the same directory and mode in one process share it.
        """
        start_engine()
        path = Path(path).resolve()
        key = (str(path), read_only)
        with _jvm_lock:
            if key in _open:
                _open[key][1] += 1
                return cls(_open[key][0], path, read_only)
            if (str(path), not read_only) in _open:
                raise StoreError(f"the graph at {path} is already open "
                                 f"{'read-write' if read_only else 'read-only'} in this process",
                                 fix="close the other handle first")
            db = cls._open_java(path, read_only)
            _open[key] = [db, 1]
            engine.on_stop(db, db.close)
        return cls(db, path, read_only)

    @staticmethod
    def _open_java(path: Path, read_only: bool):
        import jpype
        from arcadedb_embedded import Database

        if not (path / "configuration.json").exists() and not any(path.glob("*.bucket")):
            raise StoreError(f"no graph database at {path}", fix="run `partygraph build` first")
        factory = jpype.JClass("com.arcadedb.database.DatabaseFactory")(str(path))
        mode = jpype.JClass("com.arcadedb.engine.ComponentFile$MODE")
        try:
            return Database(factory.open(mode.READ_ONLY if read_only else mode.READ_WRITE))
        except Exception as exc:  # noqa: BLE001 - the engine's own message is the useful part
            raise StoreError(f"cannot open the graph at {path}: {_clean(str(exc))}",
                             fix="close other programs writing it, or rebuild") from None

    @classmethod
    def create(cls, path: str | Path, schema: Schema) -> EmbeddedStore:
        """Create an empty database, prepared for ``schema`` (see :meth:`prepare`)."""
        start_engine()
        from arcadedb_embedded import create_database

        path = Path(path)
        db = create_database(str(path))
        engine.on_stop(db, db.close)
        store = cls(db, path, read_only=False)
        store.prepare(schema)
        return store

    def prepare(self, schema: Schema) -> None:
        """A type per label and per relationship type, in one schema script. The labels'
        indexes (unique ``id``, ``key``) are made by the next :meth:`write`: before small
        writes, after a bulk load (an index built over loaded data is several times faster
        than one kept up per record)."""
        if self.read_only:
            raise ReadOnlyError("this store was opened read-only")
        have = {str(t.getName()) for t in self._db._java_db.getSchema().getTypes()}
        ddl = []
        for label in sorted(set(schema.labels) - have):
            ddl += [f"CREATE VERTEX TYPE {ident(label)}",
                    f"CREATE PROPERTY {ident(label)}.id STRING",
                    f"CREATE PROPERTY {ident(label)}.key STRING"]
            ddl += [f"CREATE PROPERTY {ident(label)}.{ident(p.name)} {ident(ENGINE_TYPES[p.type])}"
                    for p in schema.labels[label].values() if p.index]
            self._indexed[label] = [(p.name, p.index) for p in schema.labels[label].values()
                                    if p.index]
        ddl += [f"CREATE EDGE TYPE {ident(rel)}" for rel in sorted(set(schema.types) - have)]
        if ddl:
            self._db.command("sqlscript", ";\n".join(ddl))
        self._unindexed = sorted(set(self._unindexed) | (set(schema.labels) - have))

    def _make_indexes(self) -> None:
        if not self._unindexed:
            return
        ddl = []
        for label in self._unindexed:
            ddl += [f"CREATE INDEX ON {ident(label)} (id) UNIQUE",
                    f"CREATE INDEX ON {ident(label)} (key) NOTUNIQUE"]
            ddl += [f"CREATE INDEX ON {ident(label)} ({ident(name)}) "
                    f"{ident('UNIQUE' if kind == 'unique' else 'NOTUNIQUE')} NULL_STRATEGY SKIP"
                    for name, kind in self._indexed.get(label, [])]
        self._db.command("sqlscript", ";\n".join(ddl))
        self._unindexed = []

    def write(self, nodes: list[Node], edges: list[Edge], *, progress=None,
              release: bool = False) -> None:
        """Write nodes then edges: batched UNWIND transactions, or above ``BULK_ABOVE``
        records the engine's bulk loader (GraphBatch).

        ``progress``, if given, is called with the number of records written;
        ``timings`` says afterwards where the seconds went. With ``release`` the two
        lists are emptied as their records reach the engine, so a caller that keeps no
        other reference gets their memory back while the engine's grows.
        """
        if self.read_only:
            raise ReadOnlyError("this store was opened read-only")
        if len(nodes) + len(edges) > BULK_ABOVE:
            self._write_bulk(nodes, edges, progress, release)
            with self._timed("indexes"):
                self._make_indexes()
            return
        with self._timed("indexes"):
            self._make_indexes()
        labels = {n.id: n.label for n in nodes}
        for label, rows in node_batches(nodes, BATCH):
            with self._db.transaction():
                self._db.command("opencypher",
                                 f"UNWIND $rows AS row CREATE (n:{ident(label)}) SET n = row",
                                 {"rows": rows})
            if progress:
                progress(len(rows))
        for rel, start, end, rows in edge_batches(edges, labels, BATCH):
            with self._db.transaction():
                self._db.command(
                    "opencypher",
                    f"UNWIND $rows AS row MATCH (a:{ident(start)} {{id: row.start}}) "
                    f"MATCH (b:{ident(end)} {{id: row.end}}) "
                    f"CREATE (a)-[r:{ident(rel)}]->(b) SET r = row.props",
                    {"rows": rows},
                )
            if progress:
                progress(len(rows))

    def _write_bulk(self, nodes: list[Node], edges: list[Edge], progress,
                    release: bool = False) -> None:
        labels = {n.id: n.label for n in nodes}
        rid: dict[str, str] = {}
        batch = self._db.graph_batch(expected_edge_count=len(edges), parallel_flush=True,
                                     batch_size=max(1, min(EDGE_BUFFER, len(edges))))
        failed = True
        try:
            with self._timed("vertices"):
                for label, rows in node_batches(nodes, VERTEX_CHUNK, release=release):
                    rids = create_vertices(batch, ident(label), rows)
                    rid.update(zip((row["id"] for row in rows), rids, strict=True))
                    if progress:
                        progress(len(rows))
            with self._timed("edges"):
                for rel, text, chunk, count in _edge_chunks(edges, labels, rid, release):
                    if text is None:
                        typed_edges(batch, rel, chunk, rid)
                    else:
                        cross_edges(batch, rel, text)
                    del text, chunk  # handed on: not held while progress is told
                    if release:
                        give_back()
                    if progress:
                        progress(count)
            failed = False
        finally:
            if failed and self._db.is_transaction_active():
                self._db.rollback()  # let the batch close; the first error is the one to see
            try:
                with self._timed("flush"):
                    batch.close()
            except Exception:
                if not failed:
                    raise

    @contextmanager
    def _timed(self, step: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = round(time.perf_counter() - started, 2)

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            write: bool = False, timeout: float | None = None,
            max_rows: int | None = None) -> list[dict[str, Any]]:
        """Run Cypher with parameters and return rows as dicts (at most ``max_rows``:
        the rest are never read out of the engine).

        Read queries go through the engine's query path, which refuses any
        clause that writes; ``write=True`` needs a store opened for writing.
        ``timeout`` (seconds) stops a query that runs longer, with a QueryError.
        """
        if write and self.read_only:
            raise ReadOnlyError("the graph is open read-only",
                                fix="open it with read_only=False to write")
        engine.guard()
        if timeout:
            with _time_limit(self._db, timeout):
                return self.run(cypher, params, write=write, max_rows=max_rows)
        args = (dict(params),) if params else ()
        try:
            if write:
                with self._db.transaction():
                    result = self._db.command("opencypher", cypher, *args)
                    rows = _rows(result, max_rows) if result is not None else []
                return rows
            return _rows(self._db.query("opencypher", cypher, *args), max_rows)
        except Exception as exc:  # noqa: BLE001
            message = str(exc)
            if "arcadedb.command.timeout" in message:
                raise QueryError("the query ran past its time limit and was stopped",
                                 fix="start it from a node or add a LIMIT, or allow more time "
                                     "(--timeout SECONDS)") from None
            if ("not idempotent" in message or "read only" in message.lower()) and \
                    not _writes(cypher):
                raise QueryError(_refused_function(cypher), fix="check the function's name "
                                 "and namespace, or pass --write if it does change the graph"
                                 ) from None
            if "not idempotent" in message or "read only" in message.lower():
                raise ReadOnlyError("this query writes; the graph is read-only here",
                                    fix="pass --write (CLI) or write=True to change the graph"
                                    ) from None
            raise QueryError(_clean(message),
                             fix="check the Cypher syntax and parameters") from None

    def close(self) -> None:
        """Close the database (when the last store sharing it closes)."""
        if self._db is None:
            return
        with _jvm_lock:
            key = (str(self.path), self.read_only)
            entry = _open.get(key)
            if entry is not None and entry[0] is self._db:
                entry[1] -= 1
                if entry[1] == 0:
                    del _open[key]
                    engine.forget(self._db)
                    self._db.close()
            else:
                engine.forget(self._db)
                self._db.close()
        self._db = None

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _edge_chunks(edges: list[Edge], labels: dict[str, str], rid: dict[str, str],
                 release: bool):
    """``(type, text, edges, count)`` per chunk of edges: its JSON text to hand over, or
    None and the edges themselves for the typed path. With ``release`` every chunk is
    encoded before the first crosses and the records are let go at once: freed together,
    Python's memory goes back to the system while the engine's heap is still small (freed
    chunk by chunk, most of it stayed held until the end, beside the grown heap)."""
    def prepared():
        for rel, _, _, chunk in edge_groups(edges, labels, EDGE_CHUNK, release=release):
            text = edge_text(ident(rel), chunk, rid)
            yield ident(rel), text, None if text is not None else chunk, len(chunk)

    if not release:
        return prepared()
    ready = list(prepared())
    give_back()
    ready.reverse()  # taken from the end: each let go as it is handed on
    return (ready.pop() for _ in range(len(ready)))


@contextmanager
def _time_limit(db, seconds: float):
    """The engine's per-command deadline for this database, for the duration."""
    import jpype

    setting = jpype.JClass("com.arcadedb.GlobalConfiguration").COMMAND_TIMEOUT
    config = db._java_db.getConfiguration()
    with _limit_lock:
        before = config.getValueAsLong(setting)
        config.setValue(setting, max(1, int(seconds * 1000)))
        try:
            yield
        finally:
            config.setValue(setting, before)


def _writes(cypher: str) -> bool:
    """Whether ``cypher`` has a clause that writes (the read-only guard's view)."""
    from partygraph.readonly import check_read_only

    try:
        check_read_only(cypher)
    except ReadOnlyError:
        return True
    return False


def _refused_function(cypher: str) -> str:
    """The engine refuses, as writing, a query with no writing clause: it calls a
    function the engine does not know, or counts as writing by its name (``apoc.create.*``)."""
    from partygraph.readonly import blank_literals

    called = sorted(set(re.findall(r"\b([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s*\(",
                                   blank_literals(cypher))))
    named = ", ".join(called) or "a function in this query"
    return (f"{named}: unknown to the engine, or counted as writing by its name; "
            "the query has no clause that writes")


def _clean(message: str) -> str:
    message = re.sub(r"^(Query|Command) failed: ", "", message)
    message = re.sub(r"com\.arcadedb\.[\w.]+Exception: ", "", message)
    return message.split(" (caused by")[0]
