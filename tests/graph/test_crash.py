"""Crashes and concurrency, with real processes: a build killed with SIGKILL while it
writes, readers during a rebuild, and a second build started while one runs.

A synthetic corpus (``partygraph synth``) makes the write phase last long enough to act in
it. The write phase is recognised from the outside: the build's staging directory inside
the graph home has all its files (the schema is created) and then grows (records are
written). A build caught there can be frozen (SIGSTOP) to act at leisure, or killed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from partygraph.api import open_graph
from partygraph.build import build, collect
from partygraph.store.location import GraphHome

from ..conftest import (  # noqa: I001
    COUNT_NODES,
    PARTYGRAPH,
    SEEDS,
    counts_of,
    published_counts,
    run_partygraph,
    tree_digest,
    user_env,
)

PARTIES = 10000  # about 100,000 records: a write phase of ten seconds or more


def generations(home: GraphHome) -> set[str]:
    return {p.name for p in home.root.glob("graph-*")}


def leftovers(home: GraphHome) -> list[str]:
    """Files a publish uses for a moment and must not leave behind."""
    return [p.name for p in home.root.iterdir() if p.name.startswith(".current-")]


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "corpus"
    done = run_partygraph("synth", "--parties", str(PARTIES), "--seed", "1", "--out", str(out),
               cwd=out.parent)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def big_counts(big_corpus) -> tuple[dict, dict]:
    """What the synthetic corpus must give once built, from the records themselves."""
    return collect(big_corpus).counts()


@pytest.fixture
def old_home(tmp_path) -> GraphHome:
    """A graph home with the seed graph published."""
    home = GraphHome(tmp_path / "home")
    build(SEEDS, home)
    return home


def like_a_terminal() -> None:
    """In the child: Ctrl-C at its default, as a terminal delivers it (a suite started in
    the background passes SIGINT on ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cache_env(folder: Path) -> dict[str, str]:
    """The user's environment with its cache folder (and so any crash log) under ``folder``."""
    return {**user_env(), "XDG_CACHE_HOME": str(folder / "cache")}


def crash_logs(folder: Path) -> list[str]:
    return [p.name for p in [*folder.glob("hs_err*"), *folder.glob("log/hs_err*"),
                             *(folder / "cache").rglob("hs_err*")]]


@contextmanager
def background_build(seeds: Path, home: GraphHome, cwd: Path):
    """A ``partygraph build`` running in another process; never left running or frozen."""
    out, err = open(cwd / "build.out", "w+"), open(cwd / "build.err", "w+")  # noqa: SIM115
    process = subprocess.Popen([PARTYGRAPH, "build", "--seeds", str(seeds), "--db",
                                str(home.root), "-q"], stdout=out, stderr=err, cwd=cwd,
                               env=cache_env(cwd), preexec_fn=like_a_terminal)
    process.stderr_file = err
    try:
        yield process
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGCONT)
            process.kill()
        process.wait(60)
        out.close()
        err.close()


def stderr_of(process) -> str:
    process.stderr_file.seek(0)
    return process.stderr_file.read()


def size(folder: Path) -> tuple[int, int]:
    """Number of files and their total size, tolerating files that come and go."""
    files, total = 0, 0
    for path in folder.rglob("*"):
        try:
            total += path.stat().st_size
            files += 1
        except FileNotFoundError:
            pass
    return files, total


def wait_until_writing(process, home: GraphHome, old: Path | None, timeout: float = 300) -> Path:
    """Wait for the build to be writing records into its staging directory; return it.

    Records are being written once the staging directory has grown by a megabyte past
    the empty database it starts as.
    """
    deadline = time.monotonic() + timeout
    staging, baseline = None, None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the build ended (exit {process.returncode}) before it was caught "
                        f"writing: {stderr_of(process)}")
        if staging is None:
            staging = next((p for p in home.root.glob("graph-*") if p != old), None)
        if staging is not None:
            files, total = size(staging)
            if baseline is None and files:
                baseline = total
            elif baseline is not None and total > baseline + 1_000_000:
                return staging
        time.sleep(0.05)
    pytest.fail(f"the build was not seen writing within {timeout} s")


def test_a_build_killed_while_writing_leaves_the_old_graph_and_the_next_build_recovers(
        old_home, big_corpus, big_counts, tmp_path):
    home = old_home
    old = home.current()
    old_digest, old_counts = tree_digest(old), published_counts(home)

    with background_build(big_corpus, home, tmp_path) as process:
        staging = wait_until_writing(process, home, old)
        assert process.poll() is None
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(60) == -signal.SIGKILL

    assert home.current() == old
    assert tree_digest(old) == old_digest
    assert published_counts(home) == old_counts
    assert staging.is_dir()  # a killed build cannot clean up after itself...

    done = run_partygraph("build", "--seeds", str(big_corpus), "--db", str(home.root), "-q",
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    new = home.current()
    assert new not in (old, staging)
    assert published_counts(home) == big_counts
    # ...the next publish does: the new graph and the one before it stay, nothing else
    assert generations(home) == {old.name, new.name}
    assert not staging.exists() and leftovers(home) == []
    assert json.loads((home.root / "build-report.json").read_text())["nodes"] == big_counts[0]


def test_readers_see_the_old_graph_in_full_during_a_rebuild_and_the_new_one_after(
        old_home, big_corpus, big_counts, tmp_path):
    home = old_home
    old = home.current()
    old_counts = published_counts(home)
    reader = open_graph(home.root)  # open before the build, read-only, in this process
    try:
        with background_build(big_corpus, home, tmp_path) as process:
            wait_until_writing(process, home, old)
            os.kill(process.pid, signal.SIGSTOP)  # frozen in the middle of writing
            # a reader opening now, in another process, finds the old graph complete
            asked = run_partygraph("query", COUNT_NODES, "--db", str(home.root), "--format",
                                   "json", cwd=tmp_path)
            assert asked.returncode == 0, asked.stderr
            assert {r["label"]: r["n"] for r in json.loads(asked.stdout)} == old_counts[0]
            # and so does one opening now in this process
            assert home.current() == old
            with open_graph(home.root) as fresh:
                assert counts_of(fresh) == old_counts
            assert counts_of(reader) == old_counts
            os.kill(process.pid, signal.SIGCONT)
            assert process.wait(600) == 0, stderr_of(process)
        assert home.current() != old
        assert counts_of(reader) == old_counts  # the open reader keeps the old graph whole
        assert published_counts(home) == big_counts  # a fresh open sees the new one
        assert counts_of(reader) == old_counts
    finally:
        reader.close()


def test_a_second_build_in_another_process_is_refused_while_the_first_runs(
        old_home, big_corpus, big_counts, seeds_copy, tmp_path):
    home = old_home
    old = home.current()
    with background_build(big_corpus, home, tmp_path) as first:
        staging = wait_until_writing(first, home, old)
        os.kill(first.pid, signal.SIGSTOP)  # holding the lock, half written
        second = run_partygraph("build", "--seeds", str(seeds_copy), "--db", str(home.root),
                                cwd=tmp_path)
        assert second.returncode == 2, second.stderr
        assert f"another build is writing {home.root}" in second.stderr
        assert "fix: wait for it to finish, or build into another --db" in second.stderr
        assert "Traceback" not in second.stderr
        assert home.current() == old and generations(home) == {old.name, staging.name}
        os.kill(first.pid, signal.SIGCONT)
        assert first.wait(600) == 0, stderr_of(first)
    assert home.current() == staging  # the first build finished and published, unharmed
    assert published_counts(home) == big_counts
    assert generations(home) == {old.name, staging.name} and leftovers(home) == []


SIGNALS = [(signal.SIGTERM, 143), (signal.SIGINT, 130)]
BUSY = "MATCH (n) RETURN sum(reduce(s = 0, x IN range(1, 6000000) | s + x)) AS n"


@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_a_build_ends_it_cleanly_and_the_old_graph_stays(
        old_home, big_corpus, big_counts, tmp_path, signum, code):
    home = old_home
    old = home.current()
    old_digest, old_counts = tree_digest(old), published_counts(home)
    with background_build(big_corpus, home, tmp_path) as process:
        wait_until_writing(process, home, old)
        process.send_signal(signum)
        assert process.wait(60) == code, stderr_of(process)
        said = stderr_of(process)
    assert "Traceback" not in said and crash_logs(tmp_path) == []
    assert home.current() == old and tree_digest(old) == old_digest
    assert published_counts(home) == old_counts
    done = run_partygraph("build", "--seeds", str(big_corpus), "--db", str(home.root), "-q",
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert published_counts(home) == big_counts and leftovers(home) == []


@pytest.mark.parametrize(("signum", "code"), SIGNALS, ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_a_long_query_ends_it_cleanly(old_home, tmp_path, signum, code):
    process = subprocess.Popen([PARTYGRAPH, "query", "--db", str(old_home.root), BUSY],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               cwd=tmp_path, env=cache_env(tmp_path),
                               preexec_fn=like_a_terminal)
    try:
        wait_for_the_engine(process)
        time.sleep(3)  # inside the engine's one long call (seconds of work on the seed graph)
        assert process.poll() is None, process.communicate()
        process.send_signal(signum)
        returned = process.wait(60)
    finally:
        if process.poll() is None:
            process.kill()
    _, said = process.communicate()
    assert returned == code, said
    # in the engine's call the watchdog ends it ("stopped by signal"); had the call returned,
    # the command itself would say "interrupted" or "stopped": clean either way
    assert "Traceback" not in said and ("stopped" in said or "interrupted" in said), said
    assert crash_logs(tmp_path) == []


def wait_for_the_engine(process, timeout: float = 120) -> None:
    """Until the process runs the Java runtime (dozens of threads where Python has one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        threads = int(next(line.split()[1] for line in
                           Path(f"/proc/{process.pid}/status").read_text().splitlines()
                           if line.startswith("Threads:")))
        if threads > 15:
            return
        time.sleep(0.1)
