"""What every store offers: Cypher with parameters in, rows out; bulk writes.

Stores never parse documents: they receive validated records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from partygraph.cypher import IDENT, ident  # noqa: F401 - where stores take it from
from partygraph.records import Edge, Node
from partygraph.schema import Schema


class Store(Protocol):
    """A Cypher database holding one partygraph graph: the embedded engine or a Bolt
    server. The pipeline (:func:`partygraph.build.build`) and the notebook API
    (:class:`partygraph.api.PartyGraph`) use nothing else."""

    def prepare(self, schema: Schema) -> None:
        """Make the types, constraints and indexes the schema's labels need (idempotent)."""

    def write(self, nodes: list[Node], edges: list[Edge], *, progress=None) -> None:
        """Write validated records; ``progress(n)`` after each batch of ``n``."""

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            write: bool = False, timeout: float | None = None,
            max_rows: int | None = None) -> list[dict[str, Any]]:
        """Run Cypher; rows come back as dicts of plain Python values (a node as
        ``{"_label", **props}``, a relationship ``{"_type", "_start", "_end", **props}``,
        a path ``{"nodes", "relationships"}``). Writing needs ``write=True``; ``timeout``
        (seconds) stops a query that runs longer; at most ``max_rows`` rows are read."""

    def close(self) -> None:
        """Release the database."""


STALE = ("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) AND NOT n.id IN $ids "
         "RETURN count(n) AS n")
PRUNE = ("MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) AND NOT n.id IN $ids "
         "DETACH DELETE n")


def stale(store: Store, nodes: list[Node], schema: Schema) -> int:
    """How many nodes with the schema's labels the store has that ``nodes`` has not."""
    rows = store.run(STALE, {"labels": sorted(schema.labels), "ids": [n.id for n in nodes]})
    return rows[0]["n"] if rows else 0


def prune(store: Store, nodes: list[Node], schema: Schema) -> int:
    """Delete those stale nodes (with their relationships); how many there were."""
    count = stale(store, nodes, schema)
    if count:
        store.run(PRUNE, {"labels": sorted(schema.labels), "ids": [n.id for n in nodes]},
                  write=True)
    return count


def node_batches(nodes: list[Node], size: int, *, release: bool = False):
    """``(label, rows)`` chunks of at most ``size`` property maps, by label. With
    ``release`` the list is emptied first and each chunk let go once the next is asked
    for (the maps are built from the records, which are then no longer held).

    >>> [(label, len(rows)) for label, rows in node_batches([Node("Party", "A")], 10)]
    [('Party', 1)]
    """
    by_label: dict[str, list[dict]] = defaultdict(list)
    for node in nodes:
        by_label[node.label].append(node.properties())
    if release:
        nodes.clear()
    for label in sorted(by_label):
        rows = by_label.pop(label) if release else by_label[label]
        yield from ((label, chunk) for chunk in _chunks(rows, size, release))


def edge_groups(edges: list[Edge], labels: dict[str, str], size: int, *,
                release: bool = False):
    """``(type, start label, end label, edges)`` chunks of at most ``size`` edges. With
    ``release`` the list is emptied first and each chunk let go once the next is asked
    for, so only the edges not yet handed on are held.

    >>> e = Edge("BASED_IN", "party:a", "country:be")
    >>> [(t, a, b, len(c)) for t, a, b, c in edge_groups([e], {"party:a": "Party",
    ...                                                  "country:be": "Country"}, 10)]
    [('BASED_IN', 'Party', 'Country', 1)]
    """
    groups: dict[tuple[str, str, str], list[Edge]] = defaultdict(list)
    for edge in edges:
        groups[(edge.type, labels[edge.start], labels[edge.end])].append(edge)
    if release:
        edges.clear()
    for key in sorted(groups):
        chunk = groups.pop(key) if release else groups[key]
        yield from ((*key, part) for part in _chunks(chunk, size, release))


def _chunks(items: list, size: int, release: bool):
    """``items`` in chunks of ``size``, in order; with ``release`` the list gives up each
    chunk as it is taken (it is kept reversed, so taking costs nothing).

    >>> [len(c) for c in _chunks(list(range(5)), 2, release=True)]
    [2, 2, 1]
    """
    if not release:
        for i in range(0, len(items), size):
            yield items[i : i + size]
        return
    items.reverse()
    while items:
        chunk = items[-size:]
        del items[-size:]
        chunk.reverse()
        yield chunk
        del chunk


def edge_batches(edges: Iterable[Edge], labels: dict[str, str], size: int):
    """``(type, start label, end label, rows)`` chunks; rows are ``{start, end, props}``."""
    for rel, start, end, chunk in edge_groups(edges, labels, size):
        yield rel, start, end, [{"start": e.start, "end": e.end, "props": e.properties()}
                                for e in chunk]
