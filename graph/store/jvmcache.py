"""A cache of the Java runtime's loaded and linked classes, so commands start fast.

The engine's runtime (JDK 25, inside the ``arcadedb-embedded`` wheel) can
start from an ahead-of-time cache of the classes a typical run loads (JEP
483). Without it, a one-line ``partygraph query`` spends most of its time
loading and linking the query engine's classes. The cache is made once per
runtime and engine version, by a short training run in the background
(``python -m partygraph.store.jvmcache build PATH``), under the user's cache folder
(``$XDG_CACHE_HOME/partygraph``, else ``~/.cache/partygraph``). It is only
ever an accelerator: a missing, stale or unreadable cache starts the runtime
the ordinary way. ``PARTYGRAPH_JVM_CACHE=off`` turns it off.

>>> cache_path(Path("/tmp/cache")).name.startswith("jvm-")
True
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

QUIET = ["-Xlog:disable", "-Xlog:all=off"]  # nothing from the runtime on stdout
TRAINER = "partygraph.warmup"  # the training run: a module above the stores (it uses queries)


def cache_path(root: Path, package: Path | None = None) -> Path:
    """Where the cache of this runtime and engine version lives under ``root``.

    The name changes with every jar's and the runtime image's size and modification
    time, as the runtime's own check does: a reinstalled engine of the same version
    gets a new cache instead of one the runtime refuses without a word.
    """
    import arcadedb_embedded

    package = Path(package or Path(arcadedb_embedded.__file__).parent)
    release = package / "jre" / "release"
    files = [*sorted((package / "jars").glob("*.jar")), package / "jre" / "lib" / "modules"]
    stamp = "|".join([getattr(arcadedb_embedded, "__version__", "?"),
                      release.read_text() if release.exists() else "",
                      *(f"{f.name}:{_mark(f)}" for f in files), str(package)])
    digest = hashlib.sha1(stamp.encode()).hexdigest()[:12]
    return Path(root) / f"jvm-{digest}.aot"


def _mark(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return "-"
    return f"{status.st_size}:{status.st_mtime_ns}"


def jvm_args(root: Path, *, enabled: bool = True) -> list[str]:
    """Runtime flags: the cache when there is one, and quiet logging either way."""
    path = cache_path(root)
    if enabled and path.is_file():
        return [f"-XX:AOTCache={path}", *QUIET]
    return list(QUIET)


def ensure(root: Path, *, enabled: bool = True, background: bool = True) -> Path | None:
    """Start making the cache if there is none yet (in the background by default);
    the path it will have, or None when caching is off or already under way."""
    path = cache_path(root)
    if not enabled or path.is_file():
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_suffix(".lock")
        if stale(lock):
            lock.unlink(missing_ok=True)
        claim = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.write(claim, str(os.getpid()).encode())
        os.close(claim)
    except OSError:
        return None  # another process is making it, or the folder is not writable
    command = [sys.executable, "-m", "partygraph.store.jvmcache", "build", str(path)]
    if background:
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    else:
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
    return path


LOCK_EXPIRES = 900  # seconds: longer than a training run may take (600 s, then it is ended)


def stale(lock: Path) -> bool:
    """Whether a cache lock was left behind: its maker is gone, or it is older than
    ``LOCK_EXPIRES`` (a maker killed with SIGKILL cannot remove it)."""
    try:
        age = time.time() - lock.stat().st_mtime
        owner = int(lock.read_text() or 0)
    except (OSError, ValueError):
        return lock.exists()
    if age > LOCK_EXPIRES:
        return True
    if owner <= 0:
        return False  # a lock of the format before the owner was written: wait it out
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def build(path: Path) -> bool:
    """Make the cache at ``path`` with a training run in a child process, then put it
    in place whole (a half-written cache is never seen). True when it was made."""
    path = Path(path)
    lock = path.with_suffix(".lock")
    with contextlib.suppress(OSError):
        lock.write_text(str(os.getpid()))  # the maker is this process from now on
    try:
        with tempfile.TemporaryDirectory(dir=path.parent) as work:
            output = Path(work) / "new.aot"
            subprocess.run([sys.executable, "-m", TRAINER, str(output)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False, timeout=600)
            if not output.is_file():
                return False
            os.replace(output, path)
            return True
    finally:
        lock.unlink(missing_ok=True)


if __name__ == "__main__":
    verb, where = sys.argv[1], Path(sys.argv[2])
    if verb == "build":
        sys.exit(0 if build(where) else 1)
