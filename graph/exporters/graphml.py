"""GraphML, for Gephi, yEd, Cytoscape, igraph and networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from partygraph.exporters._shared import scalars as _scalars
from partygraph.schema import Schema


def write(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """GraphML holds scalars only: lists (aliases, languages) are written as JSON text."""
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(_scalars(G), out, encoding="utf-8")
    return [out]
