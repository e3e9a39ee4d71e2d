"""Exports of the built graph: neo4j-admin CSV, GraphML, GEXF, JSON and Cypher.

All read the graph as a networkx MultiDiGraph (node ids, ``label`` and
properties; edge ``type`` and properties) and write files; none touches the
database.

Example::

    G = open_graph().to_networkx()
    export(G, "gexf", "partygraph.gexf")
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from graph.analysis import year_of
from graph.errors import PartygraphError
from graph.schema import Schema, load_schema
from graph.store.base import ident

FORMATS = ("neo4j-admin", "graphml", "gexf", "json", "cypher")
ARRAY_DELIMITER = ";"
ID_SPACE = "partygraph"
ADMIN_TYPES = {"string": "string", "int": "int", "year": "int", "bool": "boolean",
               "date": "string", "list": "string[]"}
HIDDEN = {"label", "type"}  # networkx bookkeeping, not stored properties


def export(G: nx.MultiDiGraph, fmt: str, out: str | Path, *,
           schema: Schema | None = None) -> list[Path]:
    """Write ``G`` in ``fmt`` to ``out`` (a file, or a folder for neo4j-admin); the paths."""
    out = Path(out)
    writers = {"neo4j-admin": _neo4j_admin, "graphml": _graphml, "gexf": _gexf,
               "json": _json, "cypher": _cypher}
    if fmt not in writers:
        raise PartygraphError(f"unknown export format {fmt!r}",
                              fix=f"use one of: {', '.join(FORMATS)}")
    return writers[fmt](G, out, schema or load_schema())


def _props(data: dict) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in HIDDEN and v is not None}


# -- neo4j-admin ---------------------------------------------------------------------


def _admin_header(names: list[str], declared: dict) -> list[str]:
    header = []
    for name in names:
        kind = ADMIN_TYPES[declared[name].type] if name in declared else "string"
        header.append(name if kind == "string" else f"{name}:{kind}")
    return header


def _admin_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        if any(ARRAY_DELIMITER in str(v) for v in value):
            raise PartygraphError(f"a list item contains the array delimiter: {value!r}",
                                  fix="use another export format for this graph")
        return ARRAY_DELIMITER.join(str(v) for v in value)
    return str(value)


def _neo4j_admin(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """One node CSV per label, one relationship CSV per type, and ``import.sh``.

    Headers follow ``neo4j-admin database import``: ``id:ID(partygraph)``,
    ``:LABEL``, ``:START_ID(partygraph)``, ``:END_ID(partygraph)``, ``:TYPE``,
    typed columns (``founded:int``, ``translated:boolean``) and string arrays
    (``aliases:string[]``) split on ``;``.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    by_label: dict[str, list] = defaultdict(list)
    for n, d in G.nodes(data=True):
        by_label[d["label"]].append((n, _props(d)))
    node_files = []
    for label in sorted(by_label):
        declared = schema.labels.get(label, {})
        names = sorted({k for _, p in by_label[label] for k in p} - {"id"})
        path = out / f"nodes_{label}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([f"id:ID({ID_SPACE})", ":LABEL", *_admin_header(names, declared)])
            for n, p in sorted(by_label[label], key=lambda item: str(item[0])):
                writer.writerow([n, label, *[_admin_cell(p.get(k)) for k in names]])
        node_files.append(path)
    by_type: dict[str, list] = defaultdict(list)
    for u, v, d in G.edges(data=True):
        by_type[d["type"]].append((u, v, _props(d)))
    rel_files = []
    for rel in sorted(by_type):
        declared = schema.types.get(rel, {})
        names = sorted({k for _, _, p in by_type[rel] for k in p})
        path = out / f"relationships_{rel}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([f":START_ID({ID_SPACE})", f":END_ID({ID_SPACE})", ":TYPE",
                             *_admin_header(names, declared)])
            for u, v, p in sorted(by_type[rel], key=lambda e: (str(e[0]), str(e[1]),
                                                                str(e[2].get("id")))):
                writer.writerow([u, v, rel, *[_admin_cell(p.get(k)) for k in names]])
        rel_files.append(path)
    script = out / "import.sh"
    args = [f"  --nodes={p.name} \\" for p in node_files]
    args += [f"  --relationships={p.name} \\" for p in rel_files]
    script.write_text(
        "#!/usr/bin/env bash\n"
        "# Bulk-load this graph into a new Neo4j database (the server must be stopped).\n"
        "# Usage: ./import.sh [DATABASE]   (default: neo4j; it is overwritten)\n"
        "set -euo pipefail\n"
        'cd "$(dirname "$0")"\n'
        "neo4j-admin database import full \\\n"
        + "\n".join(args) + "\n"
        f"  --array-delimiter='{ARRAY_DELIMITER}' \\\n"
        "  --multiline-fields=true \\\n"
        "  --overwrite-destination=true \\\n"
        '  "${1:-neo4j}"\n', encoding="utf-8")
    script.chmod(0o755)
    written += node_files + rel_files + [script]
    return written


# -- GraphML, GEXF, JSON -------------------------------------------------------------------


def _scalars(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
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


def _graphml(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """GraphML holds scalars only: lists (aliases, languages) are written as JSON text."""
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(_scalars(G), out, encoding="utf-8")
    return [out]


def _gexf(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
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


def _year(value: Any) -> int | None:
    if isinstance(value, str) and re.match(r"^\d{4}", value):
        return int(value[:4])
    return None


def _json(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """node-link JSON: ``nodes`` and ``links`` with every property."""
    data = nx.node_link_data(G, edges="links")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [out]


# -- Cypher ------------------------------------------------------------------------------


def cypher_literal(value: Any) -> str:
    """A value as a Cypher literal.

    >>> cypher_literal(["it's", 1, True, None])
    "['it\\\\'s', 1, true, null]"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"`{k}`: {cypher_literal(v)}" for k, v in value.items()) + "}"
    text = str(value)
    for raw, escaped in (("\\", "\\\\"), ("'", "\\'"), ("\n", "\\n"), ("\r", "\\r"),
                         ("\t", "\\t")):
        text = text.replace(raw, escaped)
    return f"'{text}'"


def cypher_statements(G: nx.MultiDiGraph, schema: Schema, *, batch: int = 200) -> list[str]:
    """Statements that re-create ``G`` in any Neo4j: constraints, then MERGEs by id."""
    statements = [f"CREATE CONSTRAINT {ident(label).lower()}_id IF NOT EXISTS "
                  f"FOR (n:{ident(label)}) REQUIRE n.id IS UNIQUE"
                  for label in sorted(schema.labels)]
    by_label: dict[str, list] = defaultdict(list)
    for _, d in sorted(G.nodes(data=True), key=lambda nd: str(nd[0])):
        by_label[d["label"]].append(_props(d))
    for label in sorted(by_label):
        rows = by_label[label]
        for i in range(0, len(rows), batch):
            statements.append(f"UNWIND {cypher_literal(rows[i:i + batch])} AS row "
                              f"MERGE (n:{ident(label)} {{id: row.id}}) SET n = row")
    labels = {n: d["label"] for n, d in G.nodes(data=True)}
    groups: dict[tuple, list] = defaultdict(list)
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]),
                                                             str(e[2].get("id")))):
        groups[(d["type"], labels[u], labels[v])].append({"start": u, "end": v,
                                                          "props": _props(d)})
    for (rel, start, end), rows in sorted(groups.items()):
        for i in range(0, len(rows), batch):
            statements.append(
                f"UNWIND {cypher_literal(rows[i:i + batch])} AS row "
                f"MATCH (a:{ident(start)} {{id: row.start}}) "
                f"MATCH (b:{ident(end)} {{id: row.end}}) "
                f"MERGE (a)-[r:{ident(rel)} {{id: row.props.id}}]->(b) SET r = row.props")
    return statements


def _cypher(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
    """A script of statements separated by ``;`` lines (cypher-shell reads it as is)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    header = ("// partygraph: re-creates the graph in any Neo4j, e.g.\n"
              f"//   cypher-shell -a neo4j://localhost:7687 -u neo4j -f {out.name}\n")
    out.write_text(header + "".join(s + ";\n" for s in cypher_statements(G, schema)),
                   encoding="utf-8")
    return [out]


def read_cypher_script(path: str | Path) -> list[str]:
    """The statements of a script written by the ``cypher`` export."""
    text = Path(path).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("//"))
    return [s.strip() for s in body.split(";\n") if s.strip()]
