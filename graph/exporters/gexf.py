"""GEXF with year spells, for Gephi and its timeline."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from partygraph.analysis import year_of
from partygraph.exporters._shared import scalars as _scalars
from partygraph.exporters._shared import year as _year
from partygraph.schema import Schema


def write(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """GEXF with integer-year spells, so Gephi's timeline can play the graph.

    A node's spell: a conference's or event's year, a party from ``founded`` to
    ``dissolved``, a platform from ``start`` to ``end``; an edge's, its year or
    dates. The original ``start``/``end`` texts are kept as ``start_date``/``end_date``.
    """
    H = _scalars(G)
    for _, d in list(H.nodes(data=True)) + [(None, e[3]) for e in H.edges(keys=True, data=True)]:
        for key in ("start", "end"):
            if key in d:
                d[f"{key}_date"] = d.pop(key)
        start = d.get("founded") or _year(d.get("start_date")) or year_of(d)
        end = d.get("dissolved") or _year(d.get("end_date")) or (
            year_of(d) if d.get("label") != "Party" else None)
        if start is not None:
            d["start"] = int(start)
        if end is not None:
            d["end"] = int(end)
    H.graph["mode"] = "dynamic"
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_gexf(H, out, encoding="utf-8")
    return [out]
