"""What every store offers: Cypher with parameters in, rows out; bulk writes.

Stores never parse documents: they receive validated records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from graph.errors import StoreError
from graph.records import Edge, Node

IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def ident(name: str) -> str:
    """A label or relationship type, checked: the only thing ever written into
    Cypher text; every value travels as a parameter.

    >>> ident("Party")
    'Party'
    >>> ident("Party) DETACH DELETE (n")
    Traceback (most recent call last):
    ...
    graph.errors.StoreError: not a valid label or type: 'Party) DETACH DELETE (n'
    """
    if not isinstance(name, str) or not IDENT.match(name):
        raise StoreError(f"not a valid label or type: {name!r}")
    return name


class Store(Protocol):
    """A Cypher database holding one partygraph graph."""

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            write: bool = False, timeout: float | None = None) -> list[dict[str, Any]]:
        """Run Cypher; rows come back as dicts. Writing needs ``write=True``; a query
        running longer than ``timeout`` seconds is stopped with a QueryError."""

    def write(self, nodes: Iterable[Node], edges: Iterable[Edge]) -> None:
        """Write validated records in bulk."""

    def close(self) -> None:
        """Release the database."""


def node_batches(nodes: Iterable[Node], size: int):
    """``(label, rows)`` chunks of at most ``size`` property maps, by label.

    >>> [(label, len(rows)) for label, rows in node_batches([Node("Party", "A")], 10)]
    [('Party', 1)]
    """
    by_label: dict[str, list[dict]] = defaultdict(list)
    for node in nodes:
        by_label[node.label].append(node.properties())
    for label in sorted(by_label):
        rows = by_label[label]
        for i in range(0, len(rows), size):
            yield label, rows[i : i + size]


def edge_batches(edges: Iterable[Edge], labels: dict[str, str], size: int):
    """``(type, start label, end label, rows)`` chunks; rows are ``{start, end, props}``."""
    groups: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for edge in edges:
        key = (edge.type, labels[edge.start], labels[edge.end])
        groups[key].append({"start": edge.start, "end": edge.end, "props": edge.properties()})
    for key in sorted(groups):
        rows = groups[key]
        for i in range(0, len(rows), size):
            yield (*key, rows[i : i + size])
