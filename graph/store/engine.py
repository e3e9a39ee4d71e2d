"""The engine's Java runtime: one explicit start, one orderly stop.

The runtime (inside the ``arcadedb-embedded`` wheel) starts once per process
with the heap, flags and class cache chosen here, and stops before the
interpreter does: every server and database still open is closed first, then
the runtime's own fault handlers are put back where they were, then JPype
shuts the runtime down.

Why the handlers: the runtime uses SIGSEGV itself (implicit null checks,
safepoint polls in compiled code) and handles it. Anything that installs a
handler for that signal after the runtime started, and later removes it,
leaves the *default* action behind: pytest's faulthandler plugin does exactly
that at the end of a session, and the next implicit null check in the
runtime's shutdown then kills the process (``Segmentation fault``, exit 139).

>>> heap_for(300), heap_for(1_000_000)
('1024m', '2048m')
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import functools
import logging
import math
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

LOG_CONFIG = Path(__file__).with_name("arcadedb-log.properties")
# the signals the runtime handles itself (HotSpot on Linux: faults, and SIGUSR2 to suspend threads)
RUNTIME_SIGNALS = tuple(getattr(signal, name) for name in
                        ("SIGSEGV", "SIGBUS", "SIGFPE", "SIGILL", "SIGTRAP", "SIGUSR2")
                        if hasattr(signal, name))
_SIGACTION_SIZE = 256  # larger than struct sigaction on every Linux/glibc target

ERROR_FILE_SETTING = "ARCADEDB_JVM_ERROR_FILE"
log = logging.getLogger("partygraph.engine")
lock = threading.RLock()  # held while the runtime starts or stops, and by stores sharing it
_quick = False
_heap: str | None = None
_handlers: dict[int, bytes] = {}  # signal -> the runtime's own sigaction, saved after start
_on_stop: dict[int, Callable[[], None]] = {}  # id -> close callback of a live server or store
_stopped = False
_after_start: list[Callable[[], None]] = []  # called once the runtime runs (the CLI's signals)


@dataclass
class EngineConfig:
    """What the boundary (:mod:`partygraph.settings`) hands the engine."""

    heap: str | None = None  # a heap the user asked for: wins over every computed one
    class_cache: bool = True
    cache_root: Path = field(default_factory=lambda: Path.home() / ".cache" / "partygraph")


config = EngineConfig()


def configure(*, heap: str | None = None, class_cache: bool = True,
              cache_root: Path | None = None) -> None:
    """Set the heap, class cache and cache folder for the next start of the runtime."""
    global config
    config = EngineConfig(heap, class_cache, Path(cache_root) if cache_root else
                          EngineConfig().cache_root)


def heap_for(records: int) -> str:
    """The Java heap a build of ``records`` nodes and relationships is given, unless
    the user set one (``PARTYGRAPH_HEAP``): the bulk loader holds every vertex id and
    buffers edges, 2 KB a record given, in steps of 256 MB. Measured at 100k parties:
    1.75 KB a record in use when it buffered every edge; with the 200,000 it buffers now
    (``embedded.EDGE_BUFFER``), 0.7-1.0 GB of the 2 GB given at the end of the edges step.
    When every edge was buffered the build was as fast with 2 GB as with 3 GB, and slower
    with 1.5 GB."""
    return config.heap or sized_heap(records)


def sized_heap(records: int) -> str:
    """The heap :func:`heap_for` chooses when none is set.

    >>> sized_heap(1_200_000)
    '2560m'
    """
    megabytes = math.ceil(records * 2 / 1024 / 256) * 256
    return f"{min(8192, max(1024, megabytes))}m"


def running_heap() -> str | None:
    """The heap the runtime of this process was started with, or None before it starts."""
    return _heap


def quick_start() -> None:
    """Tune the runtime, if it has not started yet, for a short process such as one
    CLI query: its compiler stops at the fast first tier, and the engine's wrapper and
    JPype are loaded without their optional numpy paths (vectors and arrays, which the
    stores never use). Long runs (builds, notebooks) should not call this."""
    global _quick
    _quick = True
    if "arcadedb_embedded" not in sys.modules and "numpy" not in sys.modules:
        sys.modules["numpy"] = None  # their optional numpy paths: 100-130 ms a start, unused
        try:
            import arcadedb_embedded.jvm  # noqa: F401 - JPype with it
        finally:
            del sys.modules["numpy"]  # numpy itself stays importable


def start_engine(heap: str | None = None, *, extra: list[str] | None = None) -> None:
    """Start the Java runtime once, quietly. Its heap is ``heap``, else
    ``PARTYGRAPH_HEAP``, else 1g; a runtime already started keeps its heap.
    It starts from the class cache of :mod:`partygraph.store.jvmcache` when there is
    one, and the first start without one has it made in the background.
    ``extra`` runtime flags replace the cache (the cache's own training run)."""
    from partygraph.store import jvmcache

    global _heap
    with lock:
        import jpype

        wanted = heap or config.heap or "1g"
        if jpype.isJVMStarted():
            if heap and _heap and heap != _heap:
                log.warning("the engine already runs with a %s heap in this process; the %s "
                            "asked for now takes a new process (a fresh kernel or command)",
                            _heap, heap)
            guard()
            return
        from arcadedb_embedded.jvm import start_jvm

        flags = [*jvmcache.QUIET, *extra] if extra else jvmcache.jvm_args(
            config.cache_root, enabled=config.class_cache)
        if _quick:
            flags.append("-XX:TieredStopAtLevel=1")  # compile fast, not best: short runs

        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # the JVM's own start-up warnings
        given = os.environ.get(ERROR_FILE_SETTING)
        if not given:  # the wrapper's own setting for the runtime's crash log
            with contextlib.suppress(OSError):
                crash_folder().mkdir(parents=True, exist_ok=True)
            os.environ[ERROR_FILE_SETTING] = str(crash_folder() / "hs_err_pid%p.log")
        try:
            start_jvm(heap_size=wanted,
                      jvm_args=[f"-Djava.util.logging.config.file={LOG_CONFIG}", *flags])
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(devnull)
            if not given:
                os.environ.pop(ERROR_FILE_SETTING, None)
        _heap = wanted
        _save_runtime_handlers()
        for hook in _after_start:
            hook()
        # registered after the runtime's own exit hooks, so it runs before them (LIFO)
        atexit.register(stop_engine)
    if not extra:
        jvmcache.ensure(config.cache_root, enabled=config.class_cache)


def crash_folder() -> Path:
    """Where the runtime writes a crash log, if it ever crashes: the user's cache folder
    (``$XDG_CACHE_HOME/partygraph/crash``), never the working directory."""
    return config.cache_root / "crash"


def guard() -> None:
    """Put the runtime's fault handlers back if something replaced them (a
    faulthandler enabled after the engine started): cheap, and called on the way
    into the engine, so a benign fault inside it never kills the process."""
    if _handlers and not _stopped:
        restore_runtime_handlers()


def after_start(hook: Callable[[], None]) -> None:
    """Have ``hook`` called right after the runtime starts (in the starting thread):
    the command line puts its signal handlers back there. Called now if it runs."""
    _after_start.append(hook)
    if _handlers:
        hook()


def on_stop(owner: object, close: Callable[[], None]) -> None:
    """Have ``close`` called when the engine stops, unless :func:`forget` comes first
    (a server or database that its user did not close)."""
    with lock:
        _on_stop[id(owner)] = close


def forget(owner: object) -> None:
    """``owner`` closed itself: nothing to do for it at stop."""
    with lock:
        _on_stop.pop(id(owner), None)


def stop_engine() -> None:
    """Close what is still open (servers first, then databases), put the runtime's
    fault handlers back, and leave the runtime to JPype's own shutdown at exit.
    Runs by itself before the interpreter exits; calling it again does nothing."""
    global _stopped
    with lock:
        if _stopped or not _handlers:
            return
        # first of all: a server shutting down runs much compiled code on its own threads,
        # and a benign fault there is fatal while something else holds the handlers
        restore_runtime_handlers()
        _stopped = True
        closers = list(_on_stop.values())[::-1]  # the newest first: servers over databases
        _on_stop.clear()
    for close in closers:
        with contextlib.suppress(Exception):  # at exit, the other closes still matter
            close()
    restore_runtime_handlers()


@functools.cache
def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def _save_runtime_handlers() -> None:
    """Remember the runtime's own handler of each signal it relies on."""
    libc = _libc()
    if libc is None or not hasattr(libc, "sigaction"):
        return
    for signum in RUNTIME_SIGNALS:
        current = ctypes.create_string_buffer(_SIGACTION_SIZE)
        if libc.sigaction(signum, None, current) == 0:
            _handlers[signum] = current.raw


def _replaced() -> list[tuple[int, bytes]]:
    """The runtime's handlers that something replaced since the start: (signal, saved)."""
    libc = _libc()
    if libc is None or not _handlers:
        return []
    found = []
    for signum, saved in _handlers.items():
        current = ctypes.create_string_buffer(_SIGACTION_SIZE)
        # the handler pointer comes first in struct sigaction
        if libc.sigaction(signum, None, current) == 0 and current.raw[:8] != saved[:8]:
            found.append((signum, saved))
    return found


def restore_runtime_handlers() -> list[int]:
    """Put back every runtime handler that something replaced since the start; the
    signals that needed it."""
    libc = _libc()
    return [signum for signum, saved in _replaced() if libc.sigaction(
        signum, ctypes.create_string_buffer(saved, _SIGACTION_SIZE), None) == 0]


def handlers_in_place() -> bool:
    """Whether the runtime's fault handlers are the ones installed now."""
    return not _replaced()
