"""Reading time against corpus size: fact entries (one fact file naming N parties, each
with its quote), documents (N small documents) and list length (one participant list of N
distinct names, no two alike but for their words). Writes benchmarks/results/reading.json.

Run: ``.venv/bin/python benchmarks/reading.py --facts 1000 10000 20000 --documents 1000 5000
--lists 1000 10000 131000``
"""

from __future__ import annotations

import argparse
import json
import random
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


SYLLABLES = ("ka", "ro", "ti", "ma", "ne", "lu", "so", "ba", "di", "fe", "go", "hi", "ja", "ki",
             "le", "mo", "nu", "pa", "ri", "sa", "te", "vo", "wa", "yo", "zu")


def list_names(n: int) -> list[str]:
    """``n`` distinct party names made of the same few words and an invented place."""
    draw, seen = random.Random(7), {}
    while len(seen) < n:
        place = "".join(draw.choice(SYLLABLES) for _ in range(draw.randint(2, 4))).capitalize()
        seen.setdefault(f"{draw.choice(['Communist', 'Workers', 'Socialist', 'Popular'])} "
                        f"{draw.choice(['Party', 'Movement', 'Union', 'Front'])} of {place}")
    return list(seen)


def list_corpus(root: Path, n: int) -> Path:
    """One report whose participant list names ``n`` parties, one a line."""
    seeds = root / "seeds"
    seeds.mkdir(parents=True)
    series = "International Conference of Marxist-Leninist Parties and Organizations"
    (seeds / "list.txt").write_text(
        "International Conference of Marxist-Leninist Parties, Paris, May 2001\n\n"
        "The following parties took part:\n\n"
        + "".join(f"{i + 1}. {name}\n" for i, name in enumerate(list_names(n))))
    (seeds / "catalog.yaml").write_text(
        f"documents:\n  - id: list\n    file: list.txt\n    title: {series}\n"
        f"    subject: {series}\n    date: '2001-05'\n")
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
    parser.add_argument("--lists", type=int, nargs="*", default=[1000, 10000])
    args = parser.parse_args()
    rows = [{"input": "fact entries", "n": n, "seconds": seconds_to_read(facts_corpus, n)}
            for n in args.facts]
    rows += [{"input": "documents", "n": n, "seconds": seconds_to_read(documents_corpus, n)}
             for n in args.documents]
    rows += [{"input": "list names", "n": n, "seconds": seconds_to_read(list_corpus, n)}
             for n in args.lists]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=1) + "\n")
    for row in rows:
        print(f"{row['input']:>13} {row['n']:>7}: {row['seconds']:8.2f} s")


if __name__ == "__main__":
    main()
