"""LadybugDB as a yardstick: the same validated records, every property, loaded with COPY FROM.

    from ladybug_load import load
    load(collect("seeds"), Path("/tmp/lb"))   # {'load_s': ..., 'csv_s': ..., 'nodes': ...}

One node table per label (``id`` the primary key, ``name``, ``aliases`` and every
property seen on that label), one relationship table per type with every
(start label, end label) pair it joins and every property seen on it. Column
types come from the values: booleans, integers, floats, else strings; lists
(``aliases``, list properties) are kept as JSON text, since COPY from CSV has no
safe quoting for list items. Its table names ignore case, so a type named like a
label (``SPLIT``, ``Split``) is given the table ``SPLIT_REL``. The CSV files are
written first (``csv_s``); ``load_s`` is the table definitions plus every COPY,
the figure compared with the embedded build.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from pathlib import Path

TYPES = {bool: "BOOLEAN", int: "INT64", float: "DOUBLE"}


def _column_type(values) -> str:
    kinds = {type(v) for v in values if v is not None}
    if len(kinds) == 1 and (kind := kinds.pop()) in TYPES:
        return TYPES[kind]
    if kinds <= {int, float} and kinds:
        return "DOUBLE"
    return "STRING"


def _cell(value, kind: str):
    if value is None:
        return ""
    if kind == "BOOLEAN":
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _table(rows: list[dict], fixed: list[str]) -> tuple[list[str], dict[str, str]]:
    keys = list(fixed) + sorted({k for row in rows for k in row} - set(fixed))
    return keys, {k: _column_type(row.get(k) for row in rows) for k in keys}


def _write(path: Path, keys: list[str], kinds: dict[str, str], rows: list[dict]) -> bool:
    """The CSV file; whether a value holds a line break (then COPY must read serially)."""
    broken = False
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(keys)
        for row in rows:
            cells = [_cell(row.get(k), kinds[k]) for k in keys]
            broken = broken or any(isinstance(c, str) and ("\n" in c or "\r" in c)
                                   for c in cells)
            out.writerow(cells)
    return broken


def _q(name: str) -> str:
    return f"`{name}`"


def load(graph, work: Path) -> dict:
    """Load ``graph`` (a :class:`partygraph.build.Graph`) into a fresh LadybugDB in ``work``."""
    import ladybug

    started = time.perf_counter()
    work.mkdir(parents=True, exist_ok=True)
    labels = {n.id: n.label for n in graph.nodes}
    node_rows: dict[str, list[dict]] = defaultdict(list)
    for n in graph.nodes:
        node_rows[n.label].append({"id": n.id, "name": n.name, "aliases": n.aliases or None,
                                   **n.props})
    edge_rows: dict[str, dict[tuple[str, str], list[dict]]] = defaultdict(lambda: defaultdict(list))
    for e in graph.edges:
        edge_rows[e.type][(labels[e.start], labels[e.end])].append(
            {"from": e.start, "to": e.end, "id": e.id, **e.props})
    ddl, copies = [], []
    for label, rows in sorted(node_rows.items()):
        keys, kinds = _table(rows, ["id", "name", "aliases"])
        kinds["aliases"] = "STRING"
        path = work / f"node-{label}.csv"
        serial = _write(path, keys, kinds, rows)
        columns = ", ".join(f"{_q(k)} {kinds[k]}" for k in keys)
        ddl.append(f"CREATE NODE TABLE {_q(label)}({columns}, PRIMARY KEY (id))")
        copies.append((label, path, "", serial))
    taken = {label.lower() for label in node_rows}
    for rel, pairs in sorted(edge_rows.items()):
        table = f"{rel}_REL" if rel.lower() in taken else rel  # its names ignore case
        everything = [row for rows in pairs.values() for row in rows]
        keys, kinds = _table(everything, ["from", "to"])
        columns = "".join(f", {_q(k)} {kinds[k]}" for k in keys[2:])
        ends = ", ".join(f"FROM {_q(a)} TO {_q(b)}" for a, b in sorted(pairs))
        ddl.append(f"CREATE REL TABLE {_q(table)}({ends}{columns})")
        for (a, b), rows in sorted(pairs.items()):
            path = work / f"rel-{rel}-{a}-{b}.csv"
            serial = _write(path, keys, kinds, rows)
            copies.append((table, path, f", from='{a}', to='{b}'" if len(pairs) > 1 else "",
                           serial))
    csv_s = time.perf_counter() - started
    started = time.perf_counter()
    db = ladybug.Database(str(work / "db"))
    conn = ladybug.Connection(db)
    for statement in ddl:
        conn.execute(statement)
    for table, path, ends, serial in copies:
        options = "header=true, escape='\"', quote='\"'" + (", parallel=false" if serial else "")
        conn.execute(f"COPY {_q(table)} FROM '{path}' ({options}{ends})")
    load_s = time.perf_counter() - started
    counted = conn.execute("MATCH (n) RETURN count(n)").get_all()[0][0]
    rels = conn.execute("MATCH ()-[r]->() RETURN count(r)").get_all()[0][0]
    conn.close()
    db.close()
    return {"load_s": round(load_s, 2), "csv_s": round(csv_s, 2), "nodes": counted,
            "relationships": rels, "tables": len(ddl)}
