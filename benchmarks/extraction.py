"""Extraction quality on the labelled set in tests/data/extraction/.

    python benchmarks/extraction.py [--failures]

Prints precision and recall of party mentions, role accuracy and country
accuracy (over matched mentions), and how many parties labelled absent were
reported as participants; writes benchmarks/results/extraction.json.
Targets: precision and recall >= 0.95, country accuracy >= 0.95, no absent
party reported as a participant.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from partygraph.scoring import evaluate

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every miss and error")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds",
                        help="the corpus whose parties are the gazetteer (e.g. one with the "
                             "Party Facts datasets)")
    args = parser.parse_args()
    total, rows = evaluate(ROOT / "tests" / "data" / "extraction", args.seeds)
    print("| document | precision | recall | role accuracy | country accuracy | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['document']} | {r['precision']} | {r['recall']} | {r['role_accuracy']} | "
              f"{r['country_accuracy']} | {r['seconds']} |")
    figures = {"documents": len(rows), "labelled": total.expected, "predicted": total.predicted,
               "precision": round(total.precision, 3), "recall": round(total.recall, 3),
               "role_accuracy": round(total.role_accuracy, 3),
               "country_accuracy": round(total.country_accuracy, 3),
               "absent_reported_as_participant": total.absent_as_participant}
    print()
    for key, value in figures.items():
        print(f"{key}: {value}")
    if args.failures:
        print()
        print("\n".join(total.failures))
    out = ROOT / "benchmarks" / "results" / "extraction.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"figures": figures, "documents": rows,
                               "failures": total.failures}, indent=2) + "\n")


if __name__ == "__main__":
    main()
