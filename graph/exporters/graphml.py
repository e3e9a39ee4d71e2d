"""GraphML, for Gephi, yEd, Cytoscape, igraph and networkx."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from partygraph.exporters._shared import scalars as _scalars
from partygraph.schema import Schema


def graphml_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The copy GraphML gets: scalars only (lists as JSON text, XML-safe text); a node's
    ``label`` is its name (what Gephi and yEd show) and its graph label ``node_label``;
    an edge's ``label`` is its type. A node's ``id`` is the element's own id, not a data
    key, so igraph's ``id`` attribute does not clash; an edge keeps ``id`` as data."""
    H = _scalars(G)
    for _, d in H.nodes(data=True):
        d["node_label"] = d.pop("label", None)
        d["label"] = d.get("name") or d.get("id")
        d.pop("id", None)
    for _, _, d in H.edges(data=True):
        d["label"] = d.get("type")
    return H


def write(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """GraphML of scalars: lists (aliases, languages) are written as JSON text; integers
    are typed ``long``, so networkx reads them back as ints."""
    from networkx.readwrite.graphml import GraphMLWriter

    writer = GraphMLWriter(encoding="utf-8", named_key_ids=True)
    writer.add_graph_element(graphml_graph(G))
    # Edge elements carry no XML id: igraph 1.0 would read the source as the edge's
    # id; the relationship id travels as the edge's ``id`` data instead.
    for edge in writer.xml.iter("edge"):
        edge.attrib.pop("id", None)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        writer.dump(handle)
    return [out]
