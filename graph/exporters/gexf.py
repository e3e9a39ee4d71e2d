"""GEXF 1.3 with year spells, for Gephi and its timeline."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx

from partygraph.analysis import year_of
from partygraph.exporters._shared import HIDDEN, scalars
from partygraph.exporters._shared import year as _year
from partygraph.schema import Schema

NS = "http://gexf.net/1.3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
RENAMED = {"start": "start_date", "end": "end_date"}  # the spell takes start/end


def spell(d: dict, *, party: bool) -> tuple[int | None, int | None]:
    """A node's or edge's integer-year spell: a party from ``founded`` to ``dissolved``,
    a platform from ``start`` to ``end``, anything else its year.

    >>> spell({"founded": 1921}, party=True), spell({"date": "1995-09"}, party=False)
    ((1921, None), (1995, 1995))
    """
    start = d.get("founded") or _year(d.get("start")) or year_of(d)
    end = d.get("dissolved") or _year(d.get("end")) or (None if party else year_of(d))
    return (int(start) if start is not None else None, int(end) if end is not None else None)


def _kind(values: list[Any]) -> str:
    if all(isinstance(v, bool) for v in values):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _attributes(graph: ET.Element, cls: str, items: list[dict]) -> dict[str, str]:
    """Declare each property once (id = title = its name, type from its values)."""
    values: dict[str, list] = {}
    for d in items:
        for k, v in d.items():
            values.setdefault(k, []).append(v)
    block = ET.SubElement(graph, "attributes", {"class": cls, "mode": "static"})
    kinds = {}
    for name in sorted(values):
        kinds[name] = _kind(values[name])
        ET.SubElement(block, "attribute", {"id": name, "title": name, "type": kinds[name]})
    return kinds


def _element(parent: ET.Element, tag: str, attrs: dict, span: tuple, props: dict) -> None:
    start, end = span
    if start is not None:
        attrs["start"] = str(start)
    if end is not None:
        attrs["end"] = str(end)
    element = ET.SubElement(parent, tag, attrs)
    if props:
        values = ET.SubElement(element, "attvalues")
        for k in sorted(props):
            ET.SubElement(values, "attvalue", {"for": k, "value": _text(props[k])})


def write(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """GEXF 1.3, valid against its official schema, with integer-year spells so Gephi's
    timeline plays the graph (``timeformat="integer"``, ``timerepresentation="interval"``).

    A node's XML ``label`` is its name and its graph label is the attribute
    ``node_label``; an edge's ``label`` and attribute ``type`` are its relationship
    type. Every property is an attribute (lists as JSON text); ``start``/``end``
    texts are kept as ``start_date``/``end_date``, since the spell takes their place.
    """
    H = scalars(G)

    def props(d: dict, extra: dict) -> dict:
        return {**extra, **{RENAMED.get(k, k): v for k, v in d.items() if k not in HIDDEN}}

    nodes = [(n, d, props(d, {"node_label": d.get("label")})) for n, d in H.nodes(data=True)]
    edges = [(u, v, k, d, props(d, {"type": d.get("type")}))
             for u, v, k, d in H.edges(keys=True, data=True)]
    root = ET.Element("gexf", {"xmlns": NS, "xmlns:xsi": XSI, "version": "1.3",
                               "xsi:schemaLocation": f"{NS} {NS}/gexf.xsd"})
    meta = ET.SubElement(root, "meta")  # no date: the same graph gives the same bytes
    ET.SubElement(meta, "creator").text = "partygraph"
    graph = ET.SubElement(root, "graph", {"mode": "dynamic", "defaultedgetype": "directed",
                                          "timeformat": "integer",
                                          "timerepresentation": "interval"})
    _attributes(graph, "node", [p for _, _, p in nodes])
    _attributes(graph, "edge", [p for *_, p in edges])
    node_block = ET.SubElement(graph, "nodes", {"count": str(len(nodes))})
    for n, d, p in nodes:
        _element(node_block, "node", {"id": str(n), "label": str(d.get("name") or n)},
                 spell(d, party=d.get("label") == "Party"), p)
    edge_block = ET.SubElement(graph, "edges", {"count": str(len(edges))})
    for i, (u, v, k, d, p) in enumerate(edges):
        _element(edge_block, "edge", {"id": str(k if k is not None else i), "source": str(u),
                                      "target": str(v), "label": str(d.get("type"))},
                 spell(d, party=False), p)
    ET.indent(root, space=" ")
    out.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    return [out]
