"""Bad input that reaches outside the corpus or carries control characters, run through the
real ``partygraph build`` over a published graph (the cases and checks of
``test_bad_input``): exit 2, ``<file>:<line>:``, a fix, and the published graph untouched.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ..conftest import published_counts, run_partygraph, tree_digest
from .test_bad_input import ICS, RECORD_NODE, catalog_entry, published, replace

assert published  # the fixture, used by name below


def file_parent(seeds):
    entry = catalog_entry(seeds, "ics-article")
    replace(seeds / "catalog.yaml", f"file: {ICS}\n", "file: ../../../../../../etc/passwd\n")
    return (*entry, "is outside the corpus folder")


def file_absolute(seeds):
    entry = catalog_entry(seeds, "ics-article")
    replace(seeds / "catalog.yaml", f"file: {ICS}\n", "file: /etc/passwd\n")
    return (*entry, "'/etc/passwd' is outside the corpus folder")


def outside(seeds: Path, name: str, data: bytes) -> Path:
    """A file beside (not in) the corpus folder."""
    target = seeds.parent / name
    target.write_bytes(data)
    return target


def document_symlink_out(seeds):
    target = outside(seeds, "elsewhere.txt", (seeds / ICS).read_bytes())
    (seeds / ICS).unlink()
    (seeds / ICS).symlink_to(target)
    return (*catalog_entry(seeds, "ics-article"), "is a symlink to")


def uncataloged_symlink_out(seeds):
    (seeds / "passwd.txt").symlink_to(outside(seeds, "passwd", b"root:x:0:0:root:/root\n"))
    return "passwd.txt", 1, "'passwd.txt' is a symlink to"


def fact_file_symlink_out(seeds):
    target = outside(seeds, "facts.yaml", (seeds / "facts" / "ics-article.yaml").read_bytes())
    (seeds / "facts" / "extra.yaml").symlink_to(target)
    return "facts/extra.yaml", 1, "is a symlink to"


def aliases_symlink_out(seeds):
    target = outside(seeds, "aliases.yaml", (seeds / "aliases.yaml").read_bytes())
    (seeds / "aliases.yaml").unlink()
    (seeds / "aliases.yaml").symlink_to(target)
    return "aliases.yaml", 1, "is a symlink to"


def document_escape_sequence(seeds):
    line = replace(seeds / ICS, "held in May in Brussels", "held in May in \x1b[31mBrussels")
    return ICS, line, "control character (U+001B) at line"


def document_bell(seeds):
    line = replace(seeds / ICS, "held in May in Brussels", "held in May in \x07Brussels")
    return ICS, line, "control character (U+0007)"


def yaml_escape_in_facts(seeds):
    line = replace(seeds / "facts" / "ics-article.yaml", "    name: Ludo Martens\n",
                   '    name: "Ludo \\e[2JMartens"\n')
    return "facts/ics-article.yaml", line, "a control character (U+001B)"


def yaml_escape_in_catalog(seeds):
    line = replace(seeds / "catalog.yaml", '    title: "International Communist Seminar"\n',
                   '    title: "International \\a Communist Seminar"\n')
    return "catalog.yaml", line, "a control character (U+0007)"


def yaml_escape_in_aliases(seeds):
    line = replace(seeds / "aliases.yaml", "    aliases: [ICS]\n", '    aliases: ["I\\vCS"]\n')
    return "aliases.yaml", line, "a control character (U+000B)"


def records_escape(seeds):
    row = {**RECORD_NODE, "name": "Extra Party\u001b]0;pwned\u0007"}
    (seeds / "records.jsonl").write_text(json.dumps(RECORD_NODE) + "\n" + json.dumps(row) + "\n")
    return "records.jsonl", 2, "control character (U+001B)"


def records_c1(seeds):
    row = {**RECORD_NODE, "props": {"note": "x\u009by"}}
    (seeds / "records.jsonl").write_text(json.dumps(row) + "\n")
    return "records.jsonl", 1, "control character (U+009B)"


CASES = [file_parent, file_absolute, document_symlink_out, uncataloged_symlink_out,
         fact_file_symlink_out, aliases_symlink_out, document_escape_sequence, document_bell,
         yaml_escape_in_facts, yaml_escape_in_catalog, yaml_escape_in_aliases, records_escape,
         records_c1]


@pytest.mark.parametrize("mutate", CASES, ids=[c.__name__.replace("_", "-") for c in CASES])
def test_outside_or_control_input_exits_2_and_keeps_the_graph(published, seeds_copy, tmp_path,
                                                               mutate):
    file, line, message = mutate(seeds_copy)
    home = published.home

    done = run_partygraph("build", "--seeds", str(seeds_copy), "--db", str(home.root), cwd=tmp_path)

    err = done.stderr
    assert "Traceback" not in err, err
    assert done.returncode == 2, err
    assert f"error: {seeds_copy / file}:{line}: " in err, err
    assert message in err, err
    assert "root:x:0:0" not in err + done.stdout
    fix = err.split("\n  fix: ", 1)
    assert len(fix) == 2 and fix[1].strip(), err
    assert home.current() == published.current
    assert sorted(os.listdir(home.root)) == published.listing
    assert tree_digest(published.current) == published.digest
    assert published_counts(home) == published.counts
