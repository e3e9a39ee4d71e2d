"""Paths the system refuses, through the real command: exit 2, one line naming the path
and a fix, never a traceback; a full disk names the folder and the space a build needs,
and the published graph survives it.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from partygraph.store.location import GraphHome
from partygraph.synth import synthesize

from ..conftest import SEEDS, published_counts, run_partygraph, tree_digest


def refused(done: subprocess.CompletedProcess, *names: str) -> str:
    err = done.stderr
    assert done.returncode == 2, err
    assert "Traceback" not in err and "╭" not in err, err
    assert err.startswith("error: ") and "\n  fix: " in err, err
    for name in names:
        assert name in err, err
    return err


def test_render_into_a_missing_folder(seed_home, tmp_path):
    done = run_partygraph("render", "--db", str(seed_home.root), "--out",
                          "/missing/dir/x.html", cwd=tmp_path)
    refused(done, "/missing/dir/x.html", "/missing/dir exists")


def test_build_into_proc(tmp_path):
    done = run_partygraph("build", "--seeds", str(SEEDS), "--db", "/proc/x", "-q", cwd=tmp_path)
    refused(done, "/proc/x")


def test_ingest_a_file_name_of_255_bytes(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    before = tree_digest(seeds)
    report = tmp_path / ("a" * 251 + ".txt")
    shutil.copyfile(SEEDS / "international-communist-seminar.txt", report)
    done = run_partygraph("ingest", str(report), "--seeds", str(seeds), cwd=tmp_path)
    refused(done, "File name too long", "255 bytes")
    assert tree_digest(seeds) == before  # nothing half-written


def test_a_report_that_cannot_be_written_after_publish(tmp_path):
    home = GraphHome(tmp_path / "home")
    home.root.mkdir()
    (home.root / "build-report.json").mkdir()  # the report's place is taken by a folder
    done = run_partygraph("build", "--seeds", str(SEEDS), "--db", str(home.root), "-q",
                          cwd=tmp_path)
    refused(done, "build-report.json", "built and published")
    assert home.current() is not None and published_counts(home)[0]["Party"] > 0
    assert not [p for p in os.listdir(home.root) if p.startswith(".build-report")]


@pytest.fixture
def small_disk(tmp_path):
    """A 30 MiB file system of its own (tmpfs, mounted as root)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=30m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_names_the_folder_and_the_space_and_keeps_the_graph(small_disk, tmp_path):
    home = GraphHome(small_disk / "db")
    done = run_partygraph("build", "--seeds", str(SEEDS), "--db", str(home.root), "-q",
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    current, digest, counts = home.current(), tree_digest(home.current()), published_counts(home)
    listing = sorted(os.listdir(home.root))
    free = shutil.disk_usage(small_disk).free
    with open(small_disk / "filler", "wb") as filler:  # leave 3 MiB: not enough for a build
        filler.write(b"\0" * (free - 3 * 1024 * 1024))
    done = run_partygraph("build", "--seeds", str(SEEDS), "--db", str(home.root), "-q",
                          cwd=tmp_path)
    err = refused(done, f"{home.root}: the disk is full", "MiB are free", "free about")
    assert len(err.strip().splitlines()) == 2, err
    assert home.current() == current and tree_digest(current) == digest
    assert sorted(os.listdir(home.root)) == listing  # the unfinished build is gone
    assert published_counts(home) == counts


def test_a_heap_too_small_for_the_build_says_which_would_do_and_keeps_the_graph(
        seed_home, tmp_path):
    """The engine's heap running out mid-write is an error with a heap that would do,
    never a Java traceback; the published graph and the folder are as they were."""
    home = GraphHome(tmp_path / "db")
    shutil.copytree(seed_home.root, home.root, symlinks=True)
    current, digest, listing = home.current(), tree_digest(home.current()), \
        sorted(os.listdir(home.root))
    synthesize(parties=1000, seed=1, out=tmp_path / "corpus")
    done = run_partygraph("build", "--seeds", str(tmp_path / "corpus"), "--db",
                          str(home.root), "-q", cwd=tmp_path, env={"PARTYGRAPH_HEAP": "16m"},
                          timeout=300)
    err = refused(done, f"{home.root}: the engine ran out of memory writing",
                  "with a 16m heap", "unset PARTYGRAPH_HEAP, and the build takes 1024m")
    assert len(err.strip().splitlines()) == 2, err
    assert home.current() == current and tree_digest(current) == digest
    assert sorted(os.listdir(home.root)) == listing


@pytest.mark.parametrize("heap, fix", [
    ("512m", "unset PARTYGRAPH_HEAP, and the build takes 2048m for 1000000 records"),
    ("2g", "give it more: PARTYGRAPH_HEAP=4096m"),
    ("3000m", "give it more: PARTYGRAPH_HEAP=6000m")])
def test_the_heap_an_out_of_memory_error_asks_for(tmp_path, heap, fix):
    from partygraph.build import _no_memory

    error = _no_memory(GraphHome(tmp_path / "db"), 1_000_000, heap)
    assert fix in error.fix and f"a {heap} heap" in str(error)
