"""Reading time against corpus size: fact entries (one fact file naming N parties, each
with its quote) and documents (N small documents). Writes benchmarks/results/reading.json.

Run: ``.venv/bin/python benchmarks/reading.py --facts 1000 10000 20000 --documents 1000 5000``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from partygraph.build import collect

RESULTS = Path(__file__).parent / "results" / "reading.json"


def facts_corpus(root: Path, n: int) -> Path:
    """One document listing ``n`` parties, and a fact file declaring each with its quote."""
    seeds = root / "seeds"
    (seeds / "facts").mkdir(parents=True)
    names = [f"Workers Party of Region {i}" for i in range(n)]
    (seeds / "names.txt").write_text("".join(f"Delegates of the {x} attended.\n" for x in names))
    (seeds / "catalog.yaml").write_text(
        "documents:\n  - id: names\n    file: names.txt\n    title: Names\n")
    (seeds / "facts" / "names.yaml").write_text("document: names\nnodes:\n" + "".join(
        f'  - label: Party\n    name: "{x}"\n    quote: "the {x}"\n' for x in names))
    return seeds


def documents_corpus(root: Path, n: int) -> Path:
    """``n`` documents, each naming the same three parties in a sentence."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    (seeds / "catalog.yaml").write_text("documents:\n" + "".join(
        f"  - id: doc-{i}\n    file: doc-{i}.txt\n    title: Meeting {i}\n" for i in range(n)))
    for i in range(n):
        (seeds / f"doc-{i}.txt").write_text(
            f"Meeting {i}\n\nThe Communist Party of Freedonia, the Workers' Party of Sylvania "
            f"and the Party of Labour of Ruritania met in Paris in {1950 + i % 60}.\n")
    return seeds


def seconds_to_read(make, n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = make(Path(tmp), n)
        started = time.perf_counter()
        collect(seeds)
        return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--facts", type=int, nargs="*", default=[1000, 10000, 20000])
    parser.add_argument("--documents", type=int, nargs="*", default=[1000, 5000])
    args = parser.parse_args()
    rows = [{"input": "fact entries", "n": n, "seconds": seconds_to_read(facts_corpus, n)}
            for n in args.facts]
    rows += [{"input": "documents", "n": n, "seconds": seconds_to_read(documents_corpus, n)}
             for n in args.documents]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=1) + "\n")
    for row in rows:
        print(f"{row['input']:>13} {row['n']:>7}: {row['seconds']:8.2f} s")


if __name__ == "__main__":
    main()
