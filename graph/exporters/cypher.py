"""A Cypher script that re-creates the graph in any Neo4j (cypher-shell -f)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from partygraph.cypher import ident
from partygraph.exporters._shared import props as _props
from partygraph.schema import Schema


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


def write(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
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
