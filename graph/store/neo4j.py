"""The Neo4j store: the same graph in a Neo4j server (or any Bolt server), through
the official ``neo4j`` driver.

Writing creates a uniqueness constraint on ``id`` for every label first, then
MERGEs nodes and relationships by id in batched ``UNWIND`` transactions, so a
re-run updates in place. Reads run in read transactions (the read-only guard
of :class:`partygraph.api.PartyGraph` gives the clear message first).
Credentials are never printed: errors name the URI and user only.

Example (with a server running)::

    store = Neo4jStore.connect("neo4j://localhost:7687", "neo4j", password)
    store.prepare(load_schema())
    store.write(graph.nodes, graph.edges)
    store.run("MATCH (p:Party) RETURN count(p) AS parties")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partygraph.errors import QueryError, ReadOnlyError, StoreError
from partygraph.records import Edge, Node
from partygraph.schema import Schema
from partygraph.store.base import edge_batches, ident, node_batches

BATCH = 1000


@dataclass(frozen=True)
class Credentials:
    """Where and as whom to connect; ``repr`` never shows the password."""

    uri: str
    user: str
    password: str
    database: str | None = None

    def __repr__(self) -> str:
        return f"Credentials(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"


def _python(value: Any) -> Any:
    """Driver values to the plain shapes the embedded store returns."""
    from neo4j.graph import Node as BoltNode
    from neo4j.graph import Path, Relationship

    if isinstance(value, BoltNode):
        label = next(iter(sorted(value.labels)), None)
        return {"_label": label, **{k: _python(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        ends = {"_start": value.start_node.get("id") if value.start_node else None,
                "_end": value.end_node.get("id") if value.end_node else None}
        return {"_type": value.type, **ends, **{k: _python(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [_python(n) for n in value.nodes],
                "relationships": [_python(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: _python(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_python(v) for v in value]
    return value


class Neo4jStore:
    """A graph in a Bolt server, reached through the official driver."""

    def __init__(self, driver, database: str | None = None, *, where: str = "",
                 batch: int = BATCH):
        self._driver = driver
        self.database = database
        self.where = where
        self.batch = batch  # rows per write transaction

    @classmethod
    def connect(cls, credentials: Credentials, *, batch: int = BATCH) -> Neo4jStore:
        """Connect and check the server answers; errors never include the password."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ServiceUnavailable

        where = f"{credentials.uri} as {credentials.user}"
        try:
            driver = GraphDatabase.driver(credentials.uri,
                                          auth=(credentials.user, credentials.password))
            driver.verify_connectivity()
        except AuthError:
            raise StoreError(f"the server at {where} refused the credentials",
                             fix="check NEO4J_USERNAME and NEO4J_PASSWORD") from None
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreError(f"cannot reach {credentials.uri}: {type(exc).__name__}",
                             fix="check the URI, that the server runs, and the port") from None
        return cls(driver, credentials.database, where=where, batch=batch)

    def _session(self):
        return self._driver.session(database=self.database) if self.database else \
            self._driver.session()

    def prepare(self, schema: Schema) -> None:
        """A uniqueness constraint on ``id`` and an index on ``key`` for every label, and
        those the schema asks for (``index: unique`` or ``plain``); idempotent."""
        with self._session() as session:
            for label in sorted(schema.labels):
                session.run(f"CREATE CONSTRAINT {ident(label).lower()}_id IF NOT EXISTS "
                            f"FOR (n:{ident(label)}) REQUIRE n.id IS UNIQUE").consume()
                session.run(f"CREATE INDEX {ident(label).lower()}_key IF NOT EXISTS "
                            f"FOR (n:{ident(label)}) ON (n.key)").consume()
                for prop in schema.labels[label].values():
                    name = ident(f"{label.lower()}_{prop.name}")
                    if prop.index == "unique":
                        session.run(f"CREATE CONSTRAINT {ident(name)} IF NOT EXISTS FOR (n:"
                                    f"{ident(label)}) REQUIRE n.{ident(prop.name)} IS UNIQUE"
                                    ).consume()
                    elif prop.index == "plain":
                        session.run(f"CREATE INDEX {ident(name)} IF NOT EXISTS FOR (n:"
                                    f"{ident(label)}) "
                                    f"ON (n.{ident(prop.name)})").consume()

    def write(self, nodes: list[Node], edges: list[Edge], *, progress=None) -> None:
        """MERGE nodes, then relationships, by id, ``batch`` rows per transaction."""
        batch = self.batch
        labels = {n.id: n.label for n in nodes}
        with self._session() as session:
            for label, rows in node_batches(nodes, batch):
                cypher = (f"UNWIND $rows AS row MERGE (n:{ident(label)} {{id: row.id}}) "
                          "SET n = row")
                session.execute_write(lambda tx, c=cypher, r=rows: tx.run(c, rows=r).consume())
                if progress:
                    progress(len(rows))
            for rel, start, end, rows in edge_batches(edges, labels, batch):
                cypher = (f"UNWIND $rows AS row MATCH (a:{ident(start)} {{id: row.start}}) "
                          f"MATCH (b:{ident(end)} {{id: row.end}}) "
                          f"MERGE (a)-[r:{ident(rel)} {{id: row.props.id}}]->(b) "
                          "SET r = row.props")
                session.execute_write(lambda tx, c=cypher, r=rows: tx.run(c, rows=r).consume())
                if progress:
                    progress(len(rows))

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            write: bool = False, timeout: float | None = None,
            max_rows: int | None = None) -> list[dict[str, Any]]:
        """Run Cypher in a read (or, with ``write=True``, a write) transaction;
        ``timeout`` (seconds) is the server-side transaction time limit; at most
        ``max_rows`` rows are read (the rest are left on the server)."""
        from itertools import islice

        from neo4j import unit_of_work
        from neo4j.exceptions import ClientError, Neo4jError

        @unit_of_work(timeout=timeout)
        def work(tx):
            return [{k: _python(v) for k, v in record.items()}
                    for record in islice(tx.run(cypher, params or {}), max_rows)]

        try:
            with self._session() as session:
                return session.execute_write(work) if write else session.execute_read(work)
        except ClientError as exc:
            if "TimedOut" in (exc.code or "") or "Terminated" in (exc.code or ""):
                raise QueryError(f"{self.where}: the query ran past its time limit and was "
                                 "stopped", fix="start it from a node or add a LIMIT, or allow "
                                 "more time (--timeout SECONDS)") from None
            if "Write" in (exc.message or "") and "read" in (exc.message or "").lower():
                raise ReadOnlyError("this query writes; the graph is read-only here",
                                    fix="pass --write to change the graph") from None
            raise QueryError(f"{self.where}: {exc.message}",
                             fix="check the Cypher syntax and parameters") from None
        except Neo4jError as exc:
            raise StoreError(f"{self.where}: {exc.message}", fix="see the server's log") from None

    def close(self) -> None:
        """Close the driver."""
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
