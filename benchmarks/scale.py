"""Scale benchmark: synthetic corpora at several sizes, side by side, one command.

    python benchmarks/scale.py --sizes 1000 10000 100000 [--ladybug]

For each size (number of parties, about five attendances each) a fresh
process synthesizes the corpus, builds it (embedded ArcadeDB, the bulk path
above 1,000 records), times every named query (p50/p95 over repeats),
co-attendance centrality (the count projection: degree and betweenness) and,
apart, its Louvain communities, a focused page render, and answers the same
questions with plain networkx in memory; with ``--ladybug`` also LadybugDB's
bulk ``COPY FROM`` (``pip install -e .[bench]``). Peak memory is the child
process's. Results: benchmarks/results/scale.md, scale.json and scale.png.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
CENTRALITY_UP_TO = 10_000  # the projection's ties grow with the square of meeting size
REPEATS = int(os.environ.get("PARTYGRAPH_BENCH_REPEATS", "20"))


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def timed(fn, repeats=1):
    times, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return result, times


def one(size: int, ladybug: bool) -> dict:
    """Everything for one size, in this process."""
    from partygraph.analysis import approximation, centrality, communities, network, select
    from partygraph.api import open_graph
    from partygraph.build import build, collect
    from partygraph.queries import list_queries
    from partygraph.render import RenderError, render
    from partygraph.store.location import GraphHome
    from partygraph.synth import synthesize

    work = Path(tempfile.mkdtemp(prefix=f"pg-scale-{size}-"))
    out: dict = {"parties": size}
    try:
        _, t = timed(lambda: synthesize(parties=size, seed=7, out=work / "corpus"))
        out["synth_s"] = round(t[0], 2)
        say(f"{size}: synthesized in {t[0]:.1f} s")
        started = time.perf_counter()
        report = build(work / "corpus", GraphHome(work / "db"))
        out["build_s"] = round(time.perf_counter() - started, 2)
        out["build_phases_s"] = report.phases
        out["nodes"] = sum(report.nodes.values())
        out["relationships"] = sum(report.relationships.values())
        out["attendances"] = report.relationships.get("ATTENDED", 0)
        say(f"{size}: built in {out['build_s']} s")
        graph = open_graph(work / "db")
        party = graph.rows("MATCH (p:Party)-[:ATTENDED]->() RETURN p.name AS name LIMIT 1")[0]
        conference = graph.rows("MATCH (c:Conference) RETURN c.id AS id LIMIT 1")[0]["id"]
        lineage = graph.rows("MATCH (p:Party)-[:SUCCEEDED_BY]->() RETURN p.name AS n LIMIT 1")
        params = {"conference_participants": {"conference": conference},
                  "party_lineage": {"party": lineage[0]["n"] if lineage else party["name"]},
                  "party_conferences": {"party": party["name"]},
                  "parties_by_country": {"country": "FR"},
                  "co_attendance": {"party": party["name"]},
                  "evidence": {"from": party["name"], "type": "ATTENDED"},
                  "platform_timeline": {"platform":
                                        "International Meeting of Communist and Workers' "
                                        "Parties 1"}}
        queries = {}
        for q in list_queries():
            given = params[q.name]
            _, times = timed(lambda q=q, given=given: q.run(graph.rows, given), REPEATS)
            times = sorted(times[1:])  # the first run warms the engine's plan cache
            say(f"{size}: {q.name} {statistics.median(times) * 1000:.1f} ms")
            queries[q.name] = {"p50_ms": round(statistics.median(times) * 1000, 1),
                               "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 1)}
        out["queries"] = queries
        G, t = timed(graph.to_networkx)
        out["to_networkx_s"] = round(t[0], 2)
        if size <= CENTRALITY_UP_TO:
            def co_attendance_centrality():
                P = network(select(G, labels=["Party", "Conference"]), "count")
                return P, centrality(P, ["degree", "betweenness"])

            (P, _), t = timed(co_attendance_centrality)
            out["centrality_s"] = round(t[0], 2)
            out["centrality_note"] = approximation(P)
            out["projection_ties"] = P.number_of_edges()
            _, t_comm = timed(lambda: communities(P))
            out["communities_s"] = round(t_comm[0], 2)
            del P
            say(f"{size}: centrality {t[0]:.1f} s, communities {t_comm[0]:.1f} s")
        else:
            out["centrality_s"] = out["communities_s"] = None
            out["centrality_note"] = f"not run above {CENTRALITY_UP_TO} parties"
        try:
            page, t = timed(lambda: render(G))
            out["render_full"] = {"s": round(t[0], 2), "bytes": len(page.html.encode())}
        except RenderError as exc:
            out["render_full"] = {"refused": exc.message}
        page, t = timed(lambda: render(G, focus=party["name"], depth=1))
        out["render_focus"] = {"s": round(t[0], 2), "bytes": len(page.html.encode()),
                               "nodes": page.nodes}
        graph.close()
        out["networkx"] = networkx_side(work / "corpus", params)
        if ladybug:
            out["ladybug"] = ladybug_side(collect(work / "corpus"), work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def networkx_side(corpus: Path, params: dict) -> dict:
    """The same questions answered by networkx on the records held in memory."""
    import networkx as nx

    from partygraph.loaders.records import read_records

    started = time.perf_counter()
    batch = read_records(corpus / "records.jsonl")
    G = nx.MultiDiGraph()
    for n in batch.nodes:
        G.add_node(n.id, label=n.label, name=n.name, **n.props)
    for e in batch.edges:
        G.add_edge(e.start, e.end, type=e.type, **e.props)
    load = time.perf_counter() - started
    by_name = {d["name"]: n for n, d in G.nodes(data=True) if "name" in d}
    conference = params["conference_participants"]["conference"]
    party = by_name[params["party_conferences"]["party"]]
    answers = {
        "conference_participants": lambda: [u for u, _, d in G.in_edges(conference, data=True)
                                            if d["type"] == "ATTENDED"],
        "party_lineage": lambda: nx.descendants(nx.subgraph_view(
            G, filter_edge=lambda u, v, k: G[u][v][k]["type"] == "SUCCEEDED_BY"),
            by_name[params["party_lineage"]["party"]]),
        "party_conferences": lambda: [v for _, v, d in G.out_edges(party, data=True)
                                      if d["type"] == "ATTENDED"],
        "parties_by_country": lambda: [u for u, _, d in G.in_edges("country:fr", data=True)
                                       if d["type"] == "BASED_IN"],
        "co_attendance": lambda: {w for _, c, d in G.out_edges(party, data=True)
                                  if d["type"] == "ATTENDED" for w, _ in G.in_edges(c)},
        "evidence": lambda: [d["quote"] for _, _, d in G.out_edges(party, data=True)],
        "platform_timeline": lambda: sorted(
            G.nodes[u].get("year", 0) for u, _, d in G.in_edges(
                "platform:international-meeting-of-communist-and-workers-parties-1", data=True)
            if d["type"] == "PART_OF"),
    }
    result = {"load_s": round(load, 2)}
    for name, fn in answers.items():
        _, times = timed(fn, REPEATS)
        result[name] = round(statistics.median(times) * 1000, 2)
    return result


def ladybug_side(graph, work: Path) -> dict:
    """LadybugDB: node and relationship tables loaded with COPY FROM CSV files."""
    import csv

    import ladybug

    parties = [n for n in graph.nodes if n.label == "Party"]
    conferences = [n for n in graph.nodes if n.label == "Conference"]
    attended = [e for e in graph.edges if e.type == "ATTENDED"]
    for name, rows in (("party", [(n.id, n.name) for n in parties]),
                       ("conference", [(n.id, n.name) for n in conferences]),
                       ("attended", [(e.start, e.end, e.props["role"], e.props["quote"])
                                     for e in attended])):
        with (work / f"{name}.csv").open("w", newline="") as handle:
            csv.writer(handle).writerows(rows)
    started = time.perf_counter()
    db = ladybug.Database(str(work / "ladybug"))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Party(id STRING, name STRING, PRIMARY KEY (id))")
    conn.execute("CREATE NODE TABLE Conference(id STRING, name STRING, PRIMARY KEY (id))")
    conn.execute("CREATE REL TABLE ATTENDED(FROM Party TO Conference, role STRING, quote STRING)")
    for table in ("party", "conference", "attended"):
        name = {"party": "Party", "conference": "Conference", "attended": "ATTENDED"}[table]
        conn.execute(f"COPY {name} FROM '{work / (table + '.csv')}' (header=false)")
    load = time.perf_counter() - started
    _, times = timed(lambda: conn.execute(
        "MATCH (p:Party)-[:ATTENDED]->(c:Conference) WHERE c.id = $id RETURN p.name",
        {"id": conferences[0].id}).get_all(), REPEATS)
    return {"load_s": round(load, 2), "parties": len(parties), "attendances": len(attended),
            "participants_p50_ms": round(statistics.median(times) * 1000, 2)}


def cli_query_seconds() -> dict:
    """`partygraph query` on the seed graph, end to end, start-up included (median of 5):
    with the runtime's class cache (made first, as the first run of any command does)
    and without it."""
    from partygraph.settings import Settings
    from partygraph.store import jvmcache

    home = Path(tempfile.mkdtemp(prefix="pg-cli-"))
    exe = [sys.executable, "-m", "partygraph"]
    subprocess.run([*exe, "build", "--db", str(home), "-q"], cwd=ROOT, check=True,
                   capture_output=True)
    jvmcache.ensure(Settings.from_env().cache_root, background=False)
    result = {}
    for cache in ("on", "off"):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run([*exe, "query", "--db", str(home), "--name",
                            "conference_participants", "--param", "conference=Paris, 1995",
                            "-f", "json"], cwd=ROOT, check=True, capture_output=True,
                           env={**os.environ, "PARTYGRAPH_JVM_CACHE": cache})
            times.append(time.perf_counter() - started)
        result[f"cache_{cache}_s"] = round(statistics.median(times), 2)
    shutil.rmtree(home, ignore_errors=True)
    return result


def markdown(results: list[dict], cli: dict) -> str:
    names = sorted(results[0]["queries"])
    lines = ["| parties | nodes | relationships | build s (read + write) | peak MB | "
             "centrality s | communities s | focused render s (bytes) | full render |",
             "|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in results:
        full = r["render_full"]
        phases = r.get("build_phases_s") or {}
        lines.append(f"| {r['parties']} | {r['nodes']} | {r['relationships']} | {r['build_s']} "
                     f"({phases.get('read')} + {phases.get('write')}) | "
                     f"{r['peak_rss_mb']} | {r['centrality_s']} | {r.get('communities_s')} | "
                     f"{r['render_focus']['s']} ({r['render_focus']['bytes']}) | "
                     f"{full.get('refused', str(full.get('s')) + ' s')} |")
    lines += [""] + [f"Centrality at {r['parties']} parties: {r['centrality_note']}"
                     for r in results if r.get("centrality_note")]
    lines += ["", "| named query p50 / p95 ms | " + " | ".join(str(r["parties"]) for r in results)
              + " | networkx p50 ms (largest) |",
              "|---|" + "---:|" * (len(results) + 1)]
    for name in names:
        cells = [f"{r['queries'][name]['p50_ms']} / {r['queries'][name]['p95_ms']}"
                 for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {results[-1]['networkx'][name]} |")
    lines += ["", "`partygraph query` on the seed graph, end to end: "
              f"{cli['cache_on_s']} s with the runtime's class cache, "
              f"{cli['cache_off_s']} s without"]
    for r in results:
        if "ladybug" in r:
            lines.append(f"LadybugDB COPY FROM at {r['parties']} parties: {r['ladybug']}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--ladybug", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.ladybug)))
        return
    results = []
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size)] + (["--ladybug"]
                                                                    if args.ladybug else [])
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        if done.returncode:
            sys.exit(f"size {size} failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{size}: build {results[-1]['build_s']} s", file=sys.stderr)
    cli = cli_query_seconds()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps({"sizes": results, "cli_query": cli},
                                                   indent=2) + "\n")
    table = markdown(results, cli)
    (RESULTS / "scale.md").write_text(table)
    plot(results, RESULTS / "scale.png")
    print(table)


def plot(results: list[dict], out: Path) -> None:
    """How build time, memory and query time grow with the number of parties."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["parties"] for r in results]
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    axes[0].plot(sizes, [r["build_s"] for r in results], "o-")
    axes[0].set(title="build (s)")
    axes[1].plot(sizes, [r["peak_rss_mb"] for r in results], "o-")
    axes[1].set(title="peak memory (MB)")
    for name in sorted(results[0]["queries"]):
        axes[2].plot(sizes, [r["queries"][name]["p50_ms"] for r in results], "o-", label=name)
    axes[2].axhline(50, color="grey", linestyle=":", label="50 ms")
    axes[2].set(title="named query p50 (ms)")
    axes[2].legend(fontsize=6)
    for ax in axes:
        ax.set(xscale="log", yscale="log", xlabel="parties")
        ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


if __name__ == "__main__":
    main()
