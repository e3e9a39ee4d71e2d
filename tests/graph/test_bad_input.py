"""Bad input, end to end: every kind of mistake a corpus can hold, run through the real
``partygraph build`` over a graph home that already has a good graph published.

Each case must exit 2, name the file and the line (``<file>:<line>: ...``), say how to fix
it (``fix: ...``), and leave the published graph exactly as it was: the ``current`` link,
every byte of the directory it points at, no staging directory left behind, and a graph
that still opens read-only with the same counts. The project reads no CSV: its tabular
bulk format is ``records.jsonl`` (loaders/records.py).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from partygraph.loaders.corpus import MAX_BYTES
from partygraph.store.location import GraphHome

from ..conftest import SEEDS, published_counts, run_partygraph, tree_digest

ICS = "international-communist-seminar.txt"  # the ics-article document


@dataclass
class Published:
    """A graph home with a good build published, and what it looked like."""

    home: GraphHome
    current: Path
    digest: str
    listing: list[str]
    counts: tuple[dict, dict]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Published:
    root = tmp_path_factory.mktemp("bad-input")
    shutil.copytree(SEEDS, root / "good-seeds")
    home = GraphHome(root / "home")
    done = run_partygraph("build", "--seeds", str(root / "good-seeds"), "--db", str(home.root),
                          "-q", cwd=root)
    assert done.returncode == 0, done.stderr
    current = home.current()
    counts = published_counts(home)
    assert counts[0]["Party"] > 0 and counts[1]["ATTENDED"] > 0
    return Published(home, current, tree_digest(current), sorted(os.listdir(home.root)), counts)


# -- mutations: each changes a fresh copy of the seeds and returns (file, line, message) --------

def rewrite(path: Path, data: bytes) -> None:
    """Replace a file's bytes (the seed documents are read-only)."""
    path.unlink()
    path.write_bytes(data)


def replace(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` by ``new``; return the line where it starts."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    rewrite(path, (text[:at] + new + text[at + len(old):]).encode("utf-8"))
    return text[:at].count("\n") + 1


def line_of(path: Path, text: str) -> int:
    """The line on which ``text`` first occurs in ``path``."""
    content = path.read_text(encoding="utf-8")
    return content[: content.index(text)].count("\n") + 1


def catalog_entry(seeds: Path, doc_id: str) -> tuple[str, int]:
    return "catalog.yaml", line_of(seeds / "catalog.yaml", f"- id: {doc_id}\n")


def yaml_in_catalog(seeds):
    line = replace(seeds / "catalog.yaml", "    kind: article\n", "    kind: article: report\n")
    return "catalog.yaml", line, "malformed YAML: mapping values are not allowed here"


def yaml_in_facts(seeds):
    line = replace(seeds / "facts" / "ics-article.yaml", "    name: Ludo Martens\n",
                   "    name: Ludo: Martens\n")
    return "facts/ics-article.yaml", line, "malformed YAML: mapping values are not allowed here"


def yaml_in_aliases(seeds):
    line = replace(seeds / "aliases.yaml", "    aliases: [ICS]\n", "\taliases: [ICS]\n")
    return "aliases.yaml", line, "malformed YAML: found character '\\t'"


def yaml_not_utf8(seeds):
    path = seeds / "facts" / "ics-article.yaml"
    line = line_of(path, "    name: Ludo Martens\n")
    rewrite(path, path.read_bytes().replace(b"name: Ludo Martens", b"name: Ludo M\xe4rtens"))
    return "facts/ics-article.yaml", line, "not UTF-8 text"


def catalog_not_a_mapping(seeds):
    rewrite(seeds / "catalog.yaml", b"- id: ics-article\n  file: x.txt\n")
    return "catalog.yaml", 1, "the catalog needs a `documents:` list"


def aliases_not_a_mapping(seeds):
    rewrite(seeds / "aliases.yaml", b"- label: Party\n  name: X\n")
    return "aliases.yaml", 1, "an aliases file is a mapping"


def distinct_not_a_pair(seeds):
    line = replace(seeds / "aliases.yaml", "  - [Belgian Labor Party, Belgian Workers' Party]\n",
                   "  - [Belgian Labor Party]\n")
    return "aliases.yaml", line, "each `distinct` entry is a pair of names"


RECORD_NODE = {"node": "Party", "name": "Extra Party of Belgium", "id": "party:extra"}


def records_bad_json(seeds):
    (seeds / "records.jsonl").write_text(json.dumps(RECORD_NODE) + '\n{"node": "Party", "name"\n')
    return "records.jsonl", 2, "not a record"


def records_props_not_an_object(seeds):
    row = {**RECORD_NODE, "props": "founded 1990"}
    (seeds / "records.jsonl").write_text(json.dumps(row) + "\n")
    return "records.jsonl", 1, "not a record"


def records_not_utf8(seeds):
    (seeds / "records.jsonl").write_bytes(json.dumps(RECORD_NODE).encode() + b"\n"
                                          + b'{"node": "Party", "name": "Caf\xe9"}\n')
    return "records.jsonl", 2, "UTF-8"


def id_under_two_labels(seeds):
    country = {"node": "Country", "name": "Extra Land", "id": "party:extra",
               "props": {"iso2": "XL"}}
    (seeds / "records.jsonl").write_text(json.dumps(RECORD_NODE) + "\n" + json.dumps(country)
                                         + "\n")
    return "records.jsonl", 2, "id 'party:extra' is a Country ('Extra Land') here but a Party"


def dangling_id(seeds):
    edge = {"edge": "ATTENDED", "start": "party:nowhere", "end": "party:communist-party-of-belgium",
            "props": {"source": "cpb-study", "quote": "Communist Party of Belgium"}}
    (seeds / "records.jsonl").write_text(json.dumps(RECORD_NODE) + "\n" + json.dumps(edge) + "\n")
    return "records.jsonl", 2, "no node with id 'party:nowhere'"


def dangling_name(seeds):
    facts = seeds / "facts" / "ics-article.yaml"
    line = replace(facts, "    from: Workers' Party of Belgium\n",
                   "    from: Workers' Party of Belgica\n")
    return "facts/ics-article.yaml", line - 1, "no node named \"Workers' Party of Belgica\""


def unknown_label(seeds):
    line = replace(seeds / "facts" / "ics-article.yaml", "  - label: Person\n",
                   "  - label: Persn\n")
    return "facts/ics-article.yaml", line, "unknown label 'Persn'"


def unknown_type(seeds):
    line = replace(seeds / "facts" / "ics-article.yaml", "  - type: ORGANIZED\n",
                   "  - type: ORGANISED\n")
    return "facts/ics-article.yaml", line, "unknown relationship type 'ORGANISED'"


def unknown_property(seeds):
    line = replace(seeds / "facts" / "ics-article.yaml", "  - label: Person\n",
                   "  - label: Person\n    born: 1946\n")
    return "facts/ics-article.yaml", line, "unknown property 'born'"


def wrong_property_type(seeds):
    facts = seeds / "facts" / "ics-article.yaml"
    line = replace(facts, "    year: 1992\n", "    year: early nineties\n")
    return ("facts/ics-article.yaml", line - 2,
            "property 'year': expected a year (an integer), got 'early nineties'")


def conflicting_facts(seeds):
    facts = seeds / "facts" / "cpb-study.yaml"
    line = replace(facts, "\nrelationships:\n", """
  - label: Party
    name: Communist Party of Belgium
    founded: 1920
    quote: "Founded in 1921, the Communist Party of Belgium has a history of more than 100 years."

relationships:
""")
    return "facts/cpb-study.yaml", line + 1, "founded is 1920 here but 1921"


def quote_not_found(seeds):
    facts = seeds / "facts" / "ics-article.yaml"
    quote = "The last seminar [sic] took place in [/b] June 2014."
    line = replace(facts, '"The last seminar took place in June 2014."\n', f'"{quote}"\n')
    return "facts/ics-article.yaml", line - 3, f"quote not found in {ICS}: {quote!r}"


def document_not_utf8(seeds):
    path = seeds / ICS
    line = line_of(path, "Brussels")
    rewrite(path, path.read_bytes().replace(b"Brussels", "Brüssels".encode("latin-1"), 1))
    return ICS, line, f"{ICS} is not UTF-8"


def document_empty(seeds):
    rewrite(seeds / ICS, b"")
    return (*catalog_entry(seeds, "ics-article"), f"{ICS} is empty")


def document_binary(seeds):
    rewrite(seeds / ICS, (seeds / ICS).read_bytes() + b"\x00\x01\x02\xff")
    return (*catalog_entry(seeds, "ics-article"), f"{ICS} is a binary file")


def document_oversized(seeds):
    # the cap is a module constant (no environment variable), and this runs in another
    # process: write a document one byte over the real cap
    text = (seeds / ICS).read_bytes()
    rewrite(seeds / ICS, text + b"x" * (MAX_BYTES + 1 - len(text)))
    return (*catalog_entry(seeds, "ics-article"), f"over the {MAX_BYTES} byte limit")


def document_duplicated(seeds):
    (seeds / "ics-copy.txt").write_bytes((seeds / ICS).read_bytes())
    catalog = seeds / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8").rstrip("\n") + "\n"
    rewrite(catalog, (text + "\n  - id: ics-copy\n    file: ics-copy.txt\n    title: A copy\n"
                      ).encode())
    return (*catalog_entry(seeds, "ics-copy"), f"ics-copy.txt has the same text as {ICS}")


CASES: list[Callable | pytest.param] = [
    yaml_in_catalog, yaml_in_facts, yaml_in_aliases, yaml_not_utf8,
    catalog_not_a_mapping, aliases_not_a_mapping, distinct_not_a_pair,
    records_bad_json,
    records_props_not_an_object, records_not_utf8,
    unknown_label, unknown_type, unknown_property, wrong_property_type,
    dangling_name, dangling_id, id_under_two_labels, conflicting_facts, quote_not_found,
    document_not_utf8, document_empty, document_binary, document_oversized,
    document_duplicated,
]


def _name(case) -> str:
    fn = case.values[0] if hasattr(case, "values") else case
    return fn.__name__.replace("_", "-")


@pytest.mark.parametrize("mutate", CASES, ids=[_name(c) for c in CASES])
def test_bad_input_exits_2_naming_file_line_and_fix_and_keeps_the_graph(
        published, seeds_copy, tmp_path, mutate):
    file, line, message = mutate(seeds_copy)
    home = published.home

    done = run_partygraph("build", "--seeds", str(seeds_copy), "--db", str(home.root), cwd=tmp_path)

    err = done.stderr
    assert "Traceback" not in err, err
    assert done.returncode == 2, err
    assert done.stdout == ""
    assert f"error: {seeds_copy / file}:{line}: " in err, err
    assert message in err, err
    fix = err.split("\n  fix: ", 1)
    assert len(fix) == 2 and fix[1].strip(), err
    # the published graph is exactly as it was
    assert home.current() == published.current
    assert sorted(os.listdir(home.root)) == published.listing  # no staging directory left
    assert tree_digest(published.current) == published.digest
    assert published_counts(home) == published.counts


def test_a_usage_error_exits_2_with_clicks_message(published, tmp_path):
    done = run_partygraph("build", "--no-such-option", "--db", str(published.home.root),
                          cwd=tmp_path)
    assert done.returncode == 2 and "No such option: --no-such-option" in done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(os.listdir(published.home.root)) == published.listing
