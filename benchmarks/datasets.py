"""The seeds plus the real Party Facts and ParlGov tables, built end to end.

Reads the four files from ``../shared/data/partyfacts/`` (never copied into the
repository: they are copied into a temporary corpus for the run), builds with
the installed command, and writes ``benchmarks/results/datasets.json`` and
``.md``: wall seconds, the build's own read and write seconds, peak memory
(RSS of the build process), and the counts the reference-datasets issue asks
for.

Usage: ``python benchmarks/datasets.py [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "partyfacts"
FILES = {"partyfacts-core": "core-parties.csv", "partyfacts-wikipedia": "wikipedia.csv",
         "parlgov": "parlgov.csv", "partyfacts-parlgov": "partyfacts-parlgov.csv"}
EXE = str(Path(sys.executable).with_name("partygraph"))
COUNTS = ("MATCH (p:Party) RETURN count(p) AS parties, count(p.partyfacts_id) AS partyfacts, "
          "count(DISTINCT p.partyfacts_id) AS distinct_partyfacts, count(p.parlgov_id) AS "
          "parlgov, count(p.wikipedia) AS wikipedia")


def corpus(work: Path) -> Path:
    seeds = work / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    lines = []
    for doc_id, file in FILES.items():
        shutil.copyfile(SHARED / file, seeds / file)
        lines.append(f"\n  - {{id: {doc_id}, file: {file}, title: {doc_id}, kind: dataset, "
                     f"mapping: {doc_id}}}\n")
    with (seeds / "catalog.yaml").open("a") as catalog:
        catalog.writelines(lines)
    return seeds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not all((SHARED / f).is_file() for f in FILES.values()):
        sys.exit(f"the four files are not in {SHARED}")
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        seeds = corpus(Path(tmp))
        for i in range(args.repeat):
            db = Path(tmp) / f"db{i}"
            started = time.perf_counter()
            done = subprocess.run([EXE, "build", "--seeds", str(seeds), "--db", str(db), "-q"],
                                  capture_output=True, text=True, check=True)
            wall = time.perf_counter() - started
            report = json.loads((db / "build-report.json").read_text())
            runs.append({"wall_s": round(wall, 2), **{k: report["phases"][k]
                                                      for k in ("read", "write")}})
            print(done.stdout.strip(), file=sys.stderr)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        asked = subprocess.run([EXE, "query", "--db", str(db), "--format", "json", COUNTS],
                               capture_output=True, text=True, check=True)
    [counts] = json.loads(asked.stdout)
    result = {"runs": runs, "median_wall_s": statistics.median(r["wall_s"] for r in runs),
              "peak_rss_mb": round(peak_mb), "nodes": sum(report["nodes"].values()),
              "relationships": sum(report["relationships"].values()), **counts,
              "notes": {k: sum(1 for n in report["notes"] if n["kind"] == k)
                        for k in sorted({n["kind"] for n in report["notes"]})}}
    out = ROOT / "benchmarks" / "results"
    (out / "datasets.json").write_text(json.dumps(result, indent=2) + "\n")
    (out / "datasets.md").write_text(
        "# Seeds + Party Facts + ParlGov, built end to end\n\n"
        f"| median wall s | read s | write s | peak RSS MB | nodes | relationships | parties "
        f"with partyfacts_id | with parlgov_id |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {result['median_wall_s']} | {runs[-1]['read']} | {runs[-1]['write']} | "
        f"{result['peak_rss_mb']} | {result['nodes']} | {result['relationships']} | "
        f"{counts['partyfacts']} | {counts['parlgov']} |\n\nBuild report notes: "
        + ", ".join(f"{v} {k}" for k, v in result["notes"].items()) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
