"""neo4j-admin CSV: one file per label and per type, and an ``import.sh`` (Neo4j bulk load)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from partygraph.errors import PartygraphError
from partygraph.exporters._shared import props as _props
from partygraph.schema import Schema

ARRAY_DELIMITER = ";"
ID_SPACE = "partygraph"
ADMIN_TYPES = {"string": "string", "int": "int", "year": "int", "bool": "boolean",
               "date": "string", "list": "string[]"}


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


def write(G: nx.MultiDiGraph, out: Path, schema: Schema) -> list[Path]:
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
        "# The form of the Neo4j 5 and 2025 manuals: the database first, then the options.\n"
        'neo4j-admin database import full "${1:-neo4j}" \\\n'
        + "\n".join(args) + "\n"
        f"  --array-delimiter='{ARRAY_DELIMITER}' \\\n"
        "  --multiline-fields=true \\\n"
        "  --overwrite-destination=true\n", encoding="utf-8")
    script.chmod(0o755)
    written += node_files + rel_files + [script]
    return written
