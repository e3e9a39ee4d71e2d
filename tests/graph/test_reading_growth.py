"""Reading grows about linearly with fact entries and with list length: a fact file or a
participant list ten times longer takes well under the hundred times a quadratic reader
would (the real command's reading phase, from its build report). Measured on a loaded 2-core
machine: 10x the entries, 7-27x the time; on a quiet one, 10x the list names, about 10x."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..conftest import run_partygraph

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from reading import facts_corpus, list_corpus  # noqa: E402

GROWTH_BOUND = 40  # for 10x the entries; quadratic reading gives ~100


def reading_seconds(root: Path, n: int, make=facts_corpus) -> float:
    seeds = make(root, n)
    done = run_partygraph("build", "--seeds", str(seeds), "--db", str(root / "home"), "-q",
                          cwd=root, timeout=900)
    assert done.returncode == 0, done.stderr
    return json.loads((root / "home" / "build-report.json").read_text())["phases"]["read"]


def test_ten_times_the_fact_entries_is_not_a_hundred_times_the_reading(tmp_path):
    small = reading_seconds(tmp_path / "small", 600)
    large = reading_seconds(tmp_path / "large", 6000)
    print(f"600 entries: {small:.2f} s, 6000 entries: {large:.2f} s")
    assert large < GROWTH_BOUND * max(small, 0.05), (small, large)


def test_ten_times_the_list_names_is_not_a_hundred_times_the_reading(tmp_path):
    small = reading_seconds(tmp_path / "small", 400, list_corpus)
    large = reading_seconds(tmp_path / "large", 4000, list_corpus)
    print(f"400 names: {small:.2f} s, 4000 names: {large:.2f} s")
    assert large < GROWTH_BOUND * max(small, 0.05), (small, large)
