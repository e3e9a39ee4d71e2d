"""Exports of the built graph, one module per format in :mod:`partygraph.exporters`.

All read the graph as a networkx MultiDiGraph (node ids, ``label`` and
properties; edge ``type`` and properties) and write files; none touches the
database. A new format is one module in ``graph/exporters/`` (see there).

>>> formats()
['cypher', 'gexf', 'graphml', 'json', 'neo4j-admin']

Example::

    G = open_graph().to_networkx()
    export(G, "gexf", "partygraph.gexf")
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import TYPE_CHECKING

from partygraph import exporters
from partygraph.errors import UsageError
from partygraph.schema import Schema, load_schema

if TYPE_CHECKING:
    import networkx as nx


def formats() -> list[str]:
    """The export formats, from the modules of :mod:`partygraph.exporters` (none imported)."""
    return sorted(m.name.replace("_", "-") for m in pkgutil.iter_modules(exporters.__path__)
                  if not m.name.startswith("_"))


def describe(fmt: str) -> str:
    """What a format is for: the first line of its module's docstring."""
    return (_module(fmt).__doc__ or fmt).strip().splitlines()[0]


def _module(fmt: str):
    if fmt not in formats():
        raise UsageError(f"unknown export format {fmt!r}",
                         fix=f"use one of: {', '.join(formats())}")
    return importlib.import_module(f"{exporters.__name__}.{fmt.replace('-', '_')}")


def canonical(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy in one order whatever store it came from: nodes by id, edges by ends and
    key, properties by name; so the same graph always exports to the same bytes."""
    import networkx as nx

    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    for n in sorted(G.nodes, key=str):
        H.add_node(n, **dict(sorted(G.nodes[n].items())))
    for u, v, k, d in sorted(G.edges(keys=True, data=True),
                             key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        H.add_edge(u, v, key=k, **dict(sorted(d.items())))
    return H


def export(G: nx.MultiDiGraph, fmt: str, out: str | Path, *,
           schema: Schema | None = None) -> list[Path]:
    """Write ``G`` in ``fmt`` to ``out`` (a file, or a folder for neo4j-admin); the paths."""
    return _module(fmt).write(canonical(G), Path(out), schema or load_schema())
