"""What the exporters share: the property filter and scalar-only copies."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

HIDDEN = {"label", "type"}  # networkx bookkeeping, not stored properties


def props(data: dict) -> dict[str, Any]:
    """The stored properties of a node or edge: no bookkeeping, no empty values.

    >>> props({"label": "Party", "name": "A", "note": None})
    {'name': 'A'}
    """
    return {k: v for k, v in data.items() if k not in HIDDEN and v is not None}


def scalars(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalars: lists become JSON text, None is dropped."""
    H = nx.MultiDiGraph()

    def flat(data: dict) -> dict:
        return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                for k, v in data.items() if v is not None}

    for n, d in G.nodes(data=True):
        H.add_node(n, **flat(d))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **flat(d))
    return H


def year(value: Any) -> int | None:
    if isinstance(value, str) and re.match(r"^\d{4}", value):
        return int(value[:4])
    return None
