"""Extraction quality on the labelled set in tests/data/extraction/.

    python benchmarks/extraction.py [--failures]

Prints precision and recall of party mentions, role accuracy and country
accuracy (over matched mentions), and how many parties labelled absent were
reported as participants: one row per document, then one table per list shape
and one per language (the ``shape`` and ``language`` fields of the labels),
then the overall figures; writes all of them to benchmarks/results/extraction.json.
Targets: precision and recall >= 0.95, role accuracy >= 0.9, country accuracy
>= 0.95, no absent party reported as a participant.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from partygraph.scoring import by_group, evaluate, figures

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ("documents", "labelled", "predicted", "precision", "recall", "role_accuracy",
           "country_accuracy", "absent_reported_as_participant")


def table(title: str, groups: dict[str, dict]) -> str:
    """A Markdown table with one row per group."""
    lines = [f"| {title} | " + " | ".join(c.replace("_", " ") for c in COLUMNS) + " |",
             "|---|" + "---:|" * len(COLUMNS)]
    lines += [f"| {name} | " + " | ".join(str(g[c]) for c in COLUMNS) + " |"
              for name, g in groups.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every miss and error")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds",
                        help="the corpus whose parties are the gazetteer (e.g. one with the "
                             "Party Facts datasets)")
    args = parser.parse_args()
    total, rows = evaluate(ROOT / "tests" / "data" / "extraction", args.seeds)
    print("| document | shape | language | labelled | precision | recall | role accuracy | "
          "country accuracy | seconds |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['document']} | {r['shape']} | {r['language']} | {r['labelled']} | "
              f"{r['precision']} | {r['recall']} | {r['role_accuracy']} | "
              f"{r['country_accuracy']} | {r['seconds']} |")
    shapes, languages = by_group(rows, "shape"), by_group(rows, "language")
    print()
    print(table("shape", shapes))
    print()
    print(table("language", languages))
    overall = {"documents": len(rows), **figures(total)}
    print()
    for key, value in overall.items():
        print(f"{key}: {value}")
    if args.failures:
        print()
        print("\n".join(total.failures))
    out = ROOT / "benchmarks" / "results" / "extraction.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    documents = [{k: v for k, v in r.items() if k != "scores"} for r in rows]
    out.write_text(json.dumps({"figures": overall, "by_shape": shapes,
                               "by_language": languages, "documents": documents,
                               "failures": total.failures}, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
