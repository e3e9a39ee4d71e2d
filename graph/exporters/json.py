"""node-link JSON, as networkx writes and reads it."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from partygraph.schema import Schema


def write(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """node-link JSON: ``nodes`` and ``edges`` with every property, in the form
    ``networkx.node_link_graph(data)`` reads with its defaults (networkx 3.4 and later;
    older ones need ``edges="edges"``)."""
    data = nx.node_link_data(G, edges="edges")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [out]
