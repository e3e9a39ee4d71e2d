"""Fuzzing at length: the document parsers and the extractor on generated and 1 MB inputs.

    python benchmarks/fuzz.py [--examples N] [--seed S] [--targets NAME ...] [--no-big]

Runs the Hypothesis properties of tests/loaders/fuzz_strategies.py (those of
tests/loaders/test_fuzzing.py, for longer) and then every 1 MB input once. Each target
and each 1 MB input runs in a child process with a time limit, so a hang is reported as
one, not waited for. Per target: examples run, run length (generation included), time
spent in the parser, and the slowest single input (seconds, size in characters or bytes);
per 1 MB input: seconds. A property that fails is reported with its falsifying input and
the run goes on. Results: benchmarks/results/fuzz.json and fuzz.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TARGET_LIMIT = 3600  # seconds a target's run may take before it counts as a hang
BIG_LIMIT = 600  # seconds one 1 MB input may take before it counts as a hang


def say(text: str) -> None:
    """Progress, with the time, on stderr."""
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def fuzz_target(name: str, examples: int, seed: int) -> dict:
    """Run one target's property on ``examples`` generated inputs, in this process."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed

    from partygraph.loaders.extract import extract
    from tests.loaders.fuzz_strategies import TARGETS

    target = TARGETS[name]
    extract("warm up")  # the gazetteer and reference lists load once, outside the timings
    timings: list[tuple[float, int]] = []
    workdir = Path(tempfile.mkdtemp(prefix=f"pg-fuzz-{name}-"))

    def prop(value) -> None:
        started = time.perf_counter()
        try:
            target.check(workdir, value)
        finally:
            timings.append((time.perf_counter() - started, target.size(value)))

    test = with_seed(seed)(settings(
        max_examples=examples, deadline=None, database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck))(given(target.strategy)(prop)))
    started = time.perf_counter()
    failure = None
    try:
        test()
    except Exception as exc:  # noqa: BLE001 - the report says what broke
        failure = f"{type(exc).__name__}: {exc}"[:4000]
    seconds = time.perf_counter() - started
    slowest = max(timings, default=(0.0, 0))
    return {"target": name, "examples": len(timings), "seconds": round(seconds, 2),
            "parser_seconds": round(sum(t for t, _ in timings), 2),
            "slowest_seconds": round(slowest[0], 4), "slowest_size": slowest[1],
            "largest_size": max((s for _, s in timings), default=0), "failure": failure}


def big_input(name: str) -> dict:
    """Run one 1 MB input through its target, in this process."""
    from partygraph.loaders.extract import extract
    from tests.loaders.fuzz_strategies import BIG, TARGETS

    big = BIG[name]
    extract("warm up")
    value = big.build()
    workdir = Path(tempfile.mkdtemp(prefix="pg-fuzz-big-"))
    started = time.perf_counter()
    failure = None
    try:
        TARGETS[big.target].check(workdir, value)
    except Exception as exc:  # noqa: BLE001
        failure = f"{type(exc).__name__}: {exc}"[:2000]
    return {"input": name, "target": big.target, "label": big.label,
            "size": TARGETS[big.target].size(value),
            "seconds": round(time.perf_counter() - started, 3), "failure": failure}


def child(args: list[str], limit: int) -> dict | None:
    """Run this script with ``args`` in a fresh process; its JSON result, None on a hang."""
    try:
        done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                              timeout=limit, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        return {"failure": f"exit {done.returncode}: {done.stderr[-2000:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def markdown(report: dict) -> str:
    """The report as two markdown tables: generated inputs, then 1 MB inputs."""
    lines = [f"Fuzzing: {report['examples_per_target']} examples asked per target, seed "
             f"{report['seed']}: {report['total_examples']} generated inputs in "
             f"{report['fuzz_seconds']} s, then {len(report['big'])} inputs of 1 MB in "
             f"{report['big_seconds']} s ({report['total_seconds']} s in all, with process "
             "start-up).", "",
             "| target | examples | run s | in parser s | slowest input s | its size | "
             "largest input | result |", "|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in report["targets"]:
        result = "ok" if not r.get("failure") else "FAILED: " + r["failure"].splitlines()[0]
        lines.append(f"| {r['target']} | {r.get('examples', '-')} | {r.get('seconds', '-')} | "
                     f"{r.get('parser_seconds', '-')} | {r.get('slowest_seconds', '-')} | "
                     f"{r.get('slowest_size', '-')} | {r.get('largest_size', '-')} | "
                     f"{result.replace('|', '/')} |")
    if report["big"]:
        lines += ["", "| 1 MB input | target | what it stresses | size | seconds | result |",
                  "|---|---|---|---:|---:|---|"]
        for r in report["big"]:
            result = "ok" if not r.get("failure") else "FAILED: " + r["failure"].splitlines()[0]
            lines.append(f"| {r['input']} | {r.get('target', '-')} | {r.get('label', '-')} | "
                         f"{r.get('size', '-')} | {r.get('seconds', '-')} | "
                         f"{result.replace('|', '/')} |")
        slowest = max(report["big"], key=lambda r: r.get("seconds") or 0)
        lines += ["", f"Slowest 1 MB input: {slowest['input']} ({slowest.get('label')}), "
                      f"{slowest.get('seconds')} s."]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Run every target, then every 1 MB input, each in a child; write the results."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="examples per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--targets", nargs="*", help="only these targets (default: all)")
    parser.add_argument("--no-big", action="store_true", help="skip the 1 MB inputs")
    parser.add_argument("--target", help=argparse.SUPPRESS)  # child: one target
    parser.add_argument("--big", help=argparse.SUPPRESS)  # child: one 1 MB input
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.target:
        print(json.dumps(fuzz_target(args.target, args.examples, args.seed)))
        return
    if args.big:
        print(json.dumps(big_input(args.big)))
        return

    from tests.loaders.fuzz_strategies import BIG, TARGETS

    started = time.perf_counter()
    targets: list[dict] = []
    for name in args.targets or TARGETS:
        say(f"{name}: {args.examples} examples")
        result = child(["--target", name, "--examples", str(args.examples),
                        "--seed", str(args.seed)], TARGET_LIMIT)
        result = result or {"failure": f"hang: no result within {TARGET_LIMIT} s"}
        targets.append({"target": name, **result})
        say(f"  {json.dumps(targets[-1])[:300]}")
    big = []
    for name in [] if args.no_big else [n for n in BIG
                                         if not args.targets or BIG[n].target in args.targets]:
        result = child(["--big", name], BIG_LIMIT)
        result = result or {"failure": f"hang: no result within {BIG_LIMIT} s"}
        big.append({"input": name, **result})
        say(f"  {name}: {result.get('seconds')} s {result.get('failure') or ''}")
    report = {"examples_per_target": args.examples, "seed": args.seed,
              "total_examples": sum(t.get("examples", 0) for t in targets),
              "fuzz_seconds": round(sum(t.get("seconds", 0) for t in targets), 1),
              "big_seconds": round(sum(b.get("seconds") or 0 for b in big), 1),
              "total_seconds": round(time.perf_counter() - started, 1),
              "targets": targets, "big": big}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "fuzz.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "fuzz.md").write_text(markdown(report))
    print(markdown(report))


if __name__ == "__main__":
    main()
