"""Scale benchmark: synthetic corpora at several sizes, side by side, one command.

    python benchmarks/scale.py --parties 100000        # one size: the table printed
    python benchmarks/scale.py --sizes 1000 10000 100000 [--no-ladybug]

For each size (number of parties, about five attendances each) a fresh
process synthesizes the corpus (in a process of its own, so the build's peak
memory is the build's), builds it (embedded ArcadeDB, the bulk path above
1,000 records), times every named query (p50/p95 over repeats) for a typical
and for a hub (the most connected party, conference, country, platform),
co-attendance centrality (the count projection: degree and betweenness) and,
apart, its Louvain communities, a focused page render, and answers the same
questions with plain networkx in memory; and loads the same records, every
property, into LadybugDB with COPY FROM (``pip install -e .[bench]``; skipped
with ``--no-ladybug``), reporting the ratio. The machine's load average is
recorded with each measurement. Results: benchmarks/results/scale.md,
scale.json and scale.png.
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

    work = Path(tempfile.mkdtemp(prefix=f"pg-scale-{size}-"))
    out: dict = {"parties": size, "load_avg": {"start": os.getloadavg()[0]}}
    try:
        _, t = timed(lambda: subprocess.run(
            [sys.executable, "-c", "import sys; from partygraph.synth import synthesize; "
             "synthesize(parties=int(sys.argv[1]), seed=7, out=sys.argv[2])", str(size),
             str(work / "corpus")], check=True))
        out["synth_s"] = round(t[0], 2)
        say(f"{size}: synthesized in {t[0]:.1f} s")
        started = time.perf_counter()
        report = build(work / "corpus", GraphHome(work / "db"))
        out["build_s"] = round(time.perf_counter() - started, 2)
        out["build_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        out["load_avg"]["build"] = os.getloadavg()[0]
        out["build_phases_s"] = report.phases
        out["nodes"] = sum(report.nodes.values())
        out["relationships"] = sum(report.relationships.values())
        out["attendances"] = report.relationships.get("ATTENDED", 0)
        say(f"{size}: built in {out['build_s']} s")
        graph = open_graph(work / "db")
        params = {"typical": query_params(graph, hub=False), "hub": query_params(graph, hub=True)}
        out["query_params"] = params
        party = {"name": params["typical"]["party_conferences"]["party"]}
        queries = {}
        for q in list_queries():
            queries[q.name] = {}
            for kind in ("typical", "hub"):
                given = params[kind][q.name]
                rows, times = timed(lambda q=q, given=given: q.run(graph.rows, given), REPEATS)
                times = sorted(times[1:])  # the first run warms the engine's plan cache
                say(f"{size}: {q.name} ({kind}) {statistics.median(times) * 1000:.1f} ms, "
                    f"{len(rows)} rows")
                queries[q.name][kind] = {"p50_ms": round(statistics.median(times) * 1000, 1),
                                         "p95_ms": round(times[int(len(times) * 0.95) - 1]
                                                         * 1000, 1), "rows": len(rows)}
            queries[q.name].update(queries[q.name]["typical"])  # the figures of earlier runs
        out["load_avg"]["queries"] = os.getloadavg()[0]
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
        out["networkx"] = networkx_side(work / "corpus", params["typical"])
        if ladybug:
            from ladybug_load import load

            out["ladybug"] = load(collect(work / "corpus"), work / "ladybug")
            out["ladybug"]["build_ratio"] = round(out["build_s"] / out["ladybug"]["load_s"], 2)
            out["load_avg"]["ladybug"] = os.getloadavg()[0]
            say(f"{size}: LadybugDB loaded in {out['ladybug']['load_s']} s")
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


def query_params(graph, *, hub: bool) -> dict:
    """Parameters of every named query: for the first party, conference, country and
    platform found (typical), or for the most connected of each (hub)."""
    def first(cypher: str, ranked: str):
        rows = graph.rows(ranked if hub else cypher)
        return rows[0]["v"] if rows else None

    party = first("MATCH (p:Party)-[:ATTENDED]->() RETURN p.name AS v LIMIT 1",
                  "MATCH (p:Party)-[:ATTENDED]->() WITH p, count(*) AS n "
                  "RETURN p.name AS v ORDER BY n DESC, v LIMIT 1")
    conference = first("MATCH (c:Conference) RETURN c.id AS v LIMIT 1",
                       "MATCH ()-[:ATTENDED]->(c:Conference) WITH c, count(*) AS n "
                       "RETURN c.id AS v ORDER BY n DESC, v LIMIT 1")
    lineage = first("MATCH (p:Party)-[:SUCCEEDED_BY]->() RETURN p.name AS v LIMIT 1",
                    "MATCH (p:Party)-[:SUCCEEDED_BY]-() WITH p, count(*) AS n "
                    "RETURN p.name AS v ORDER BY n DESC, v LIMIT 1")
    country = first("MATCH (k:Country {iso2: 'FR'}) RETURN k.iso2 AS v",
                     "MATCH ()-[:BASED_IN]->(k:Country) WITH k, count(*) AS n "
                     "RETURN k.iso2 AS v ORDER BY n DESC, v LIMIT 1") or "FR"
    platform = first("MATCH (p:Platform)<-[:PART_OF]-() RETURN p.name AS v LIMIT 1",
                     "MATCH ()-[:PART_OF]->(p:Platform) WITH p, count(*) AS n "
                     "RETURN p.name AS v ORDER BY n DESC, v LIMIT 1")
    return {"conference_participants": {"conference": conference},
            "party_lineage": {"party": lineage or party},
            "party_conferences": {"party": party},
            "parties_by_country": {"country": country},
            "co_attendance": {"party": party},
            "evidence": {"from": party, "type": "ATTENDED"},
            "platform_timeline": {"platform": platform}}


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
    lines = ["| parties | nodes | relationships | build s (read + write) | peak MB (build / run) | "
             "centrality s | communities s | focused render s (bytes) | full render |",
             "|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in results:
        full = r["render_full"]
        phases = r.get("build_phases_s") or {}
        lines.append(f"| {r['parties']} | {r['nodes']} | {r['relationships']} | {r['build_s']} "
                     f"({phases.get('read')} + {phases.get('write')}) | "
                     f"{r.get('build_peak_rss_mb', '-')} / {r['peak_rss_mb']} | "
                     f"{r['centrality_s']} | {r.get('communities_s')} | "
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
              f"{cli['cache_off_s']} s without (load average {cli.get('load_avg', '-')})"]
    last = results[-1]
    lines += ["", f"| named query at {last['parties']} parties | typical p50 ms (rows) | "
              "hub p50 ms (rows) |", "|---|---:|---:|"]
    for name in names:
        cells = [last["queries"][name].get(kind) for kind in ("typical", "hub")]
        lines.append(f"| {name} | " + " | ".join(
            f"{c['p50_ms']} ({c['rows']})" if c else "-" for c in cells) + " |")
    for r in results:
        if "ladybug" in r:
            lb = r["ladybug"]
            lines.append(f"\nLadybugDB, the same records with every property, COPY FROM at "
                         f"{r['parties']} parties: {lb['load_s']} s (CSV written in "
                         f"{lb['csv_s']} s); the embedded build took {lb['build_ratio']}x that")
    for r in results:
        if "load_avg" in r:
            lines.append(f"\nLoad average at {r['parties']} parties (2 cores): "
                         + ", ".join(f"{k} {v:.1f}" for k, v in r["load_avg"].items()))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--parties", type=int, help="one size only (same as --sizes N)")
    parser.add_argument("--no-ladybug", dest="ladybug", action="store_false",
                        help="skip the LadybugDB load")
    parser.add_argument("--ladybug", action="store_true", help=argparse.SUPPRESS)  # the default
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.set_defaults(ladybug=True)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.ladybug)))
        return
    results = []
    for size in [args.parties] if args.parties else args.sizes:
        command = [sys.executable, __file__, "--one", str(size)] + ([] if args.ladybug
                                                                    else ["--no-ladybug"])
        done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
        if done.returncode:
            sys.exit(f"size {size} failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(f"{size}: build {results[-1]['build_s']} s", file=sys.stderr)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps({"sizes": results}, indent=2) + "\n")
    cli = cli_query_seconds()
    cli["load_avg"] = os.getloadavg()[0]
    (RESULTS / "scale.json").write_text(json.dumps({"sizes": results, "cli_query": cli},
                                                   indent=2) + "\n")
    table = markdown(results, cli)
    (RESULTS / "scale.md").write_text(table)
    if len(results) > 1:  # a growth curve needs two sizes; one keeps the earlier plot
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
