"""Bolt load rate: the seed graph, copied N times under new ids, written through the
official neo4j driver into an ArcadeDB Bolt server on loopback (batched UNWIND MERGE).

    python benchmarks/bolt_load.py --copies 1 10 50 --batch 1000

Prints a markdown table and writes benchmarks/results/bolt_load.json.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path

from partygraph.build import collect
from partygraph.records import Edge, Node
from partygraph.schema import load_schema
from partygraph.store.bolt import BoltServer
from partygraph.store.neo4j import Credentials, Neo4jStore

ROOT = Path(__file__).resolve().parents[1]


def copies(nodes: list[Node], edges: list[Edge], n: int):
    """The records ``n`` times over, ids suffixed so each copy is distinct."""
    out_nodes, out_edges = [], []
    for i in range(n):
        suffix = f"~{i}"
        out_nodes += [replace(node, id=node.id + suffix, props=dict(node.props)) for node in nodes]
        for edge in edges:
            props = {**edge.props, "quote": edge.props["quote"] + suffix}
            out_edges.append(Edge(edge.type, edge.start + suffix, edge.end + suffix, props))
    return out_nodes, out_edges


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    graph = collect(ROOT / "seeds")
    schema = load_schema()
    results = []
    for n in args.copies:
        nodes, edges = copies(graph.nodes, graph.edges, n)
        with BoltServer.start(None, password="benchmark-password", empty=True) as server, \
                Neo4jStore.connect(Credentials(server.uri, server.user, server.password,
                                               server.database)) as store:
            store.prepare(schema)
            started = time.perf_counter()
            store.write(nodes, edges, batch=args.batch)
            seconds = time.perf_counter() - started
            stored = store.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
        rows = len(nodes) + len(edges)
        assert stored == len(nodes), (stored, len(nodes))
        results.append({"copies": n, "nodes": len(nodes), "relationships": len(edges),
                        "rows": rows, "seconds": round(seconds, 3),
                        "rows_per_second": round(rows / seconds), "batch": args.batch})
    print("| copies | nodes | relationships | seconds | rows/s |")
    print("|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['copies']} | {r['nodes']} | {r['relationships']} | {r['seconds']} | "
              f"{r['rows_per_second']} |")
    out = ROOT / "benchmarks" / "results" / "bolt_load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
