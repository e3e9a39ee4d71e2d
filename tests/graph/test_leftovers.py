"""What a document really is, line ends and marks that do not stay in the graph, and
nothing left behind by a build killed while publishing; through the real command."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from ..conftest import SEEDS, run_partygraph


def small_corpus(root: Path, text: bytes) -> Path:
    seeds = root / "seeds"
    (seeds / "facts").mkdir(parents=True)
    (seeds / "meeting.txt").write_bytes(text)
    (seeds / "catalog.yaml").write_text("documents:\n  - id: meeting\n    file: meeting.txt\n"
                                        "    title: Meeting\n")
    (seeds / "facts" / "meeting.yaml").write_text(
        "document: meeting\nnodes:\n  - label: Party\n    name: Workers' Party of Freedonia\n"
        "    quote: \"the Workers' Party of Freedonia\"\n")
    return seeds


def rows(root: Path, cypher: str) -> list[dict]:
    done = run_partygraph("query", cypher, "--db", str(root / "home"), "--format", "json",
                          cwd=root)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_fifo_or_folder_named_as_a_document_is_said_to_be_one(tmp_path, kind):
    seeds = small_corpus(tmp_path, b"x\n")
    (seeds / "meeting.txt").unlink()
    os.mkfifo(seeds / "meeting.txt") if kind == "fifo" else (seeds / "meeting.txt").mkdir()
    done = run_partygraph("build", "--seeds", str(seeds), "--db", str(tmp_path / "home"), "-q",
                          cwd=tmp_path, timeout=300)
    assert done.returncode == 2, done.stderr
    expected = "is a named pipe (FIFO)" if kind == "fifo" else "is a folder, not a file"
    assert expected in done.stderr and "not found" not in done.stderr, done.stderr
    assert f"{seeds / 'catalog.yaml'}:2:" in done.stderr


def test_crlf_and_bom_do_not_reach_the_graph(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    for doc in seeds.glob("*.txt"):  # every document with Windows line ends
        text = doc.read_bytes()
        doc.unlink()
        doc.write_bytes(text.replace(b"\n", b"\r\n"))
    (seeds / "notes.txt").write_bytes("\ufeffNotes of the meeting\r\nMore text.\r\n".encode())
    done = run_partygraph("build", "--seeds", str(seeds), "--db", str(tmp_path / "home"), "-q",
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    titles = [r["t"] for r in rows(tmp_path, "MATCH (d:Document) RETURN d.title AS t")]
    assert "Notes of the meeting" in titles, titles  # the uncataloged one, no BOM
    texts = [v for r in rows(tmp_path, "MATCH ()-[r]->() RETURN r.quote AS q, r.theme AS t")
             for v in r.values() if isinstance(v, str)]
    texts += [v for r in rows(tmp_path, "MATCH (n) RETURN n.name AS n, n.title AS t")
              for v in r.values() if isinstance(v, str)]
    assert len(texts) > 100
    assert not [t for t in texts if "\r" in t or "\ufeff" in t]


def test_no_temporary_link_is_left_by_a_build_killed_while_publishing(tmp_path):
    seeds = small_corpus(tmp_path, b"It was attended by the Workers' Party of Freedonia.\n")
    home = tmp_path / "home"
    assert run_partygraph("build", "--seeds", str(seeds), "--db", str(home), "-q",
                          cwd=tmp_path).returncode == 0
    # what a kill between making the new link and renaming it over `current` leaves
    (home / ".current-424242").symlink_to(os.readlink(home / "current"))
    (home / ".partygraph-home.json.424242").write_text("{}")
    done = run_partygraph("build", "--seeds", str(seeds), "--db", str(home), "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not [p for p in os.listdir(home) if p.startswith((".current-", ".partygraph-home"))]
