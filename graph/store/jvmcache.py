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

>>> cache_path().name.startswith("jvm-")
True
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

QUIET = ["-Xlog:disable", "-Xlog:all=off"]  # nothing from the runtime on stdout
TRAINER = "partygraph.warmup"  # the training run: a module above the stores (it uses queries)


def enabled() -> bool:
    """Whether the cache is used (``PARTYGRAPH_JVM_CACHE`` is not ``off``/``0``)."""
    return os.environ.get("PARTYGRAPH_JVM_CACHE", "on").lower() not in ("off", "0", "no")


def cache_path() -> Path:
    """Where the cache of this runtime and engine version lives."""
    import arcadedb_embedded

    package = Path(arcadedb_embedded.__file__).parent
    release = package / "jre" / "release"
    stamp = "|".join([getattr(arcadedb_embedded, "__version__", "?"),
                      release.read_text() if release.exists() else "",
                      *sorted(p.name for p in (package / "jars").glob("*.jar")), str(package)])
    digest = hashlib.sha1(stamp.encode()).hexdigest()[:12]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "partygraph"
    return root / f"jvm-{digest}.aot"


def jvm_args() -> list[str]:
    """Runtime flags: the cache when there is one, and quiet logging either way."""
    path = cache_path()
    if enabled() and path.is_file():
        return [f"-XX:AOTCache={path}", *QUIET]
    return list(QUIET)


def ensure(background: bool = True) -> Path | None:
    """Start making the cache if there is none yet (in the background by default);
    the path it will have, or None when caching is off or already under way."""
    path = cache_path()
    if not enabled() or path.is_file():
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        claim = os.open(path.with_suffix(".lock"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
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


def build(path: Path) -> bool:
    """Make the cache at ``path`` with a training run in a child process, then put it
    in place whole (a half-written cache is never seen). True when it was made."""
    path = Path(path)
    lock = path.with_suffix(".lock")
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
