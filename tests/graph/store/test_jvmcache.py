"""The runtime's class cache: made once in the background, never in the way."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ...conftest import PARTYGRAPH


def query(home, env) -> tuple[int, list, str]:
    done = subprocess.run([str(PARTYGRAPH), "query", "--db", str(home),
                           "MATCH (p:Party) RETURN count(p) AS n", "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=300)
    return done.returncode, json.loads(done.stdout or "null"), done.stderr


@pytest.fixture
def env(tmp_path):
    return {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PARTYGRAPH_JVM_CACHE": "on"}


def cache_of(env) -> Path:
    found = subprocess.run([sys.executable, "-c", "from partygraph.settings import Settings; "
                            "from partygraph.store.jvmcache import cache_path; "
                            "print(cache_path(Settings.from_env().cache_root))"],
                           capture_output=True, text=True, env=env)
    return Path(found.stdout.strip())


def test_the_first_run_has_the_cache_made_and_later_runs_use_it(seed_home, env):
    path = cache_of(env)
    code, rows, _ = query(seed_home.root, env)
    assert code == 0 and rows == [{"n": 36}]  # nothing but the answer on stdout
    deadline = time.monotonic() + 240
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(1)
    assert path.is_file() and path.stat().st_size > 1_000_000
    assert not path.with_suffix(".lock").exists()
    code, rows, _ = query(seed_home.root, env)
    assert code == 0 and rows == [{"n": 36}]


def test_a_damaged_cache_is_only_ignored(seed_home, env):
    path = cache_of(env)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00not a cache" * 1000)
    code, rows, _ = query(seed_home.root, env)
    assert code == 0 and rows == [{"n": 36}]


def test_the_cache_can_be_turned_off(seed_home, env):
    env["PARTYGRAPH_JVM_CACHE"] = "off"
    code, rows, _ = query(seed_home.root, env)
    time.sleep(1)
    assert code == 0 and rows == [{"n": 36}]
    assert not list(cache_of(env).parent.glob("jvm-*"))  # no cache made, none claimed


def test_a_lock_left_by_a_killed_maker_expires(tmp_path):
    from partygraph.store import jvmcache

    lock = tmp_path / "jvm-x.lock"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lock.write_text(str(dead.pid))
    assert jvmcache.stale(lock)  # its maker is gone
    lock.write_text(str(os.getpid()))
    assert not jvmcache.stale(lock)  # its maker runs
    old = time.time() - jvmcache.LOCK_EXPIRES - 60
    os.utime(lock, (old, old))
    assert jvmcache.stale(lock)  # too old, whoever wrote it


def test_a_reinstalled_engine_of_the_same_version_gets_a_new_cache(tmp_path):
    from partygraph.store.jvmcache import cache_path

    package = tmp_path / "arcadedb_embedded"
    (package / "jars").mkdir(parents=True)
    (package / "jre" / "lib").mkdir(parents=True)
    jar = package / "jars" / "arcadedb-engine.jar"
    jar.write_bytes(b"classes")
    (package / "jre" / "lib" / "modules").write_bytes(b"image")
    first = cache_path(tmp_path / "cache", package)
    assert cache_path(tmp_path / "cache", package) == first  # stable while nothing changes
    stat = jar.stat()
    os.utime(jar, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))  # reinstalled
    assert cache_path(tmp_path / "cache", package) != first
