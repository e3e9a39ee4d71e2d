"""What every store offers: Cypher with parameters in, rows out; bulk writes.

Stores never parse documents: they receive validated records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, Protocol

from graph.records import Edge, Node


class Store(Protocol):
    """A Cypher database holding one partygraph graph."""

    def run(self, cypher: str, params: dict[str, Any] | None = None, *,
            write: bool = False) -> list[dict[str, Any]]:
        """Run Cypher; rows come back as dicts. Writing needs ``write=True``."""

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
