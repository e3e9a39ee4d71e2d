"""Names, end to end through the real ``partygraph build``: every script gives its own
node, a name with nothing to tell it apart is refused, qualifiers in any script keep
parties apart, fuzzy merges never chain, and initials or abbreviations written another
way are noted as possible duplicates.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from partygraph.loaders.resolve import SAME, normalize

from ..conftest import run_partygraph

NAMES = ["日本共産党", "中国共产党", "Κομμουνιστικό Κόμμα Ελλάδας",
         "Коммунистическая партия Российской Федерации", "الحزب الشيوعي السوري"]


def corpus(root: Path, names: list[str], *, aliases: str = "") -> Path:
    """A corpus of one document listing ``names``, declared as Party nodes in its facts."""
    seeds = root / "seeds"
    (seeds / "facts").mkdir(parents=True)
    text = "".join(f"Delegates of the {name} attended.\n" for name in names)
    (seeds / "names.txt").write_text(text, encoding="utf-8")
    (seeds / "catalog.yaml").write_text(
        "documents:\n  - id: names\n    file: names.txt\n    title: Names\n"
        "    language: en\n    kind: report\n", encoding="utf-8")
    nodes = "".join(f"  - label: Party\n    name: {json.dumps(name, ensure_ascii=False)}\n"
                    f"    quote: {json.dumps('the ' + name, ensure_ascii=False)}\n"
                    for name in names)
    (seeds / "facts" / "names.yaml").write_text(f"document: names\nnodes:\n{nodes}",
                                                 encoding="utf-8")
    if aliases:
        (seeds / "aliases.yaml").write_text(aliases, encoding="utf-8")
    return seeds


def build(root: Path, seeds: Path):
    done = run_partygraph("build", "--seeds", str(seeds), "--db", str(root / "home"), "-q",
                          cwd=root)
    report = root / "home" / "build-report.json"
    return done, json.loads(report.read_text()) if done.returncode == 0 else None


def test_names_in_other_scripts_stay_different_parties(tmp_path):
    names = [*NAMES, "Communist Party of Greece (ΚΚΕ)", "Communist Party of Greece (ΚΚΕ εσ.)"]
    done, report = build(tmp_path, corpus(tmp_path, names))
    assert done.returncode == 0, done.stderr
    assert report["nodes"]["Party"] == len(names)


@pytest.mark.parametrize("name", ["()", "The", "—"])
def test_a_name_with_nothing_to_tell_it_apart_is_refused(tmp_path, name):
    done, _ = build(tmp_path, corpus(tmp_path, ["Workers' Party of Freedonia", name]))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "names.yaml:6:" in done.stderr and "no letters or digits" in done.stderr
    assert "fix:" in done.stderr


def test_fuzzy_merges_never_chain(tmp_path):
    numbered = [f"Freedonian Party Number {n}" for n in range(1, 1001)]
    # each one letter from the one before: a chain of near spellings, never one party
    chain = ["Sylvanian Workers Party", "Sylvanian Workers Parts", "Sylvanian Workers Pants",
             "Sylvanian Workers Pints", "Sylvanian Wonkers Pints", "Sylvanian Wonkens Pints",
             "Sylvanian Wankens Punts"]
    done, report = build(tmp_path, corpus(tmp_path, numbered + chain))
    assert done.returncode == 0, done.stderr
    merged = [re.match(r"Party '(.*)' taken as '(.*)' \(score", n["message"]).groups()
              for n in report["notes"] if n["kind"] == "fuzzy-match"]
    assert merged  # near spellings do merge, each with a declared name it is close to
    assert all(fuzz.ratio(normalize(a), normalize(b)) >= SAME for a, b in merged), merged
    assert report["nodes"]["Party"] >= 1000 + 3


def test_initials_and_abbreviations_are_possible_duplicates(tmp_path):
    names = ["CP of Freedonia", "C.P. of Freedonia", "Party of Labour of Sylvania (ML)",
             "Party of Labour of Sylvania (M.-L.)"]
    done, report = build(tmp_path, corpus(tmp_path, names))
    assert done.returncode == 0, done.stderr
    assert report["nodes"]["Party"] == 4
    dupes = [n["message"] for n in report["notes"] if n["kind"] == "possible-duplicate"]
    assert any("'C.P. of Freedonia'" in m and "'CP of Freedonia'" in m for m in dupes), dupes
    assert any("(M.-L.)" in m and "(ML)" in m for m in dupes), dupes


def test_an_alias_listed_as_distinct_is_refused(tmp_path):
    aliases = ("entities:\n  - {label: Party, name: Workers' Party of Freedonia, "
               "aliases: [WPF]}\ndistinct:\n  - [WPF, Workers' Party of Freedonia]\n")
    done, _ = build(tmp_path, corpus(tmp_path, ["Workers' Party of Freedonia"],
                                     aliases=aliases))
    assert done.returncode == 2, done.stderr
    assert "aliases.yaml:4:" in done.stderr and "distinct" in done.stderr
