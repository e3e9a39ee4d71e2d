"""Lists found on a second core give the same graph as lists found by each loader, a
failing child changes nothing, and an error while the child works ends it.

Each case runs in a fresh interpreter: the test process may have started the engine's
runtime, after which forking is refused (and that refusal is tested too)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from partygraph import aside
from partygraph.loaders.corpus import Document

from ..conftest import PARTYGRAPH, SEEDS, run_partygraph, user_env

FORKS = """
import os, sys
from partygraph import aside
forks = []  # the children forked
real_fork = aside._fork
def counted(texts, places):
    child, pipe = real_fork(texts, places)
    forks.append(child)
    return child, pipe
aside._fork = counted
"""
COLLECT = FORKS + """
import json
from partygraph.collect import collect
aside.LARGE = int(sys.argv[2])
if sys.argv[3] == "failing-child":
    def broken(text, places):
        if os.getpid() != parent:
            raise RuntimeError("a child that cannot read")
        return real_read(text, places)
    parent, real_read = os.getpid(), aside.read_lists
    aside.read_lists = broken
graph = collect(sys.argv[1])
print(json.dumps({"forks": len(forks),
                  "nodes": [n.to_dict() for n in graph.nodes],
                  "edges": [e.to_dict() for e in graph.edges],
                  "notes": sorted(str(n) for n in graph.notes)}, sort_keys=True, default=str))
"""


def _collected(seeds, large: int, mode: str = "plain") -> dict:
    done = subprocess.run([sys.executable, "-c", COLLECT, str(seeds), str(large), mode],
                          capture_output=True, text=True, env=user_env(), timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def in_place():
    return _collected(SEEDS, 10**12)


@pytest.mark.parametrize("mode", ["plain", "failing-child"])
def test_lists_found_aside_give_the_same_graph(in_place, mode):
    aside_run = _collected(SEEDS, 0, mode)
    assert aside_run.pop("forks") == 1 and in_place.pop("forks", 0) == 0
    assert aside_run == in_place
    assert any(e["edge"] == "ATTENDED" for e in in_place["edges"])


ENDED = FORKS + """
from pathlib import Path
from partygraph.loaders.corpus import Document
docs = [Document("d", Path("d.txt"), "Delegations:\\nCommunist Party of Cuba\\n" * 20000, "D")]
try:
    with aside.lists_aside(docs, None, large=0):
        raise ValueError("a bad record")
except ValueError:
    pass
try:
    os.kill(forks[0], 0)
    print("still there")
except ProcessLookupError:
    print("ended", docs[0].listed)
"""


def test_an_error_while_the_child_works_ends_it_and_is_raised():
    done = subprocess.run([sys.executable, "-c", ENDED], capture_output=True, text=True,
                          env=user_env(), timeout=120)
    assert (done.returncode, done.stdout.strip()) == (0, "ended None"), done.stderr


def test_another_thread_keeps_the_lists_in_this_process():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="someone-else's")
    other.start()
    try:
        assert not aside.forking_safe()
        doc = Document("d", SEEDS / "d.txt", "Delegations:\nCommunist Party of Cuba\n", "D")
        with aside.lists_aside([doc], None, large=0):
            pass
        assert doc.listed is None
    finally:
        stop.set()
        other.join()


@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory):
    """A synthetic corpus over ``LARGE`` characters of text (12,000 parties: 4.4 MB)."""
    out = tmp_path_factory.mktemp("aside") / "corpus"
    done = run_partygraph("synth", "--parties", "12000", "--seed", "1", "--out", str(out),
                          cwd=out.parent)
    assert done.returncode == 0, done.stderr
    assert sum(len(p.read_text()) for p in out.glob("*.txt")) > aside.LARGE
    return out


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@pytest.mark.skipif(sys.platform != "linux", reason="the child is forked on Linux only")
@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)],
                         ids=["SIGTERM", "SIGINT"])
def test_a_signal_while_the_child_reads_ends_both_cleanly(large_corpus, tmp_path, signum, code):
    home = tmp_path / "home"
    process = subprocess.Popen([PARTYGRAPH, "build", "--seeds", str(large_corpus), "--db",
                                str(home), "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, cwd=tmp_path, env=user_env(),
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline, child = time.monotonic() + 120, None
        while child is None and time.monotonic() < deadline and process.poll() is None:
            child = next(iter(_children(process.pid)), None)
            time.sleep(0.01)
        assert child is not None, "the build never forked a child to find its lists"
        process.send_signal(signum)
        _, err = process.communicate(timeout=60)
    finally:
        process.kill()
        process.wait(60)
    assert process.returncode == code, err
    assert "Traceback" not in err
    assert not Path(f"/proc/{child}").exists()  # ended and reaped, not left behind
    assert not (home / "current").exists()
