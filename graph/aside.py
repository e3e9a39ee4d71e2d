"""Finding the lists of a large corpus's documents on a second core, while this process
reads ``records.jsonl``.

Finding lists is pure (a document's text in, its blocks out) and a fifth of reading a
large corpus; the rest of reading keeps the resolver's state and stays in this process.
A child forked for it inherits the texts and the gazetteer, so only its findings cross
back, through a pipe. It is only ever an accelerator: below ``LARGE`` characters of text,
on one core, where forking is unsafe (anything but Linux, threads other than the command
line's own, the engine's runtime started in this process) or if the child
fails, each document's lists are found by its loader, with the same result.

>>> from pathlib import Path
>>> from partygraph.loaders.corpus import Document
>>> doc = Document("d", Path("d.txt"), "Delegations:\\nCommunist Party of Cuba\\n", "D")
>>> with lists_aside([doc], None):  # far below LARGE: found by the loader, as before
...     pass
>>> doc.listed is None
True
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import signal
import sys
import threading
import warnings
from collections.abc import Iterator

from partygraph.loaders.corpus import Document
from partygraph.loaders.structure import read_lists

LARGE = 4_000_000  # characters of text: below this, a child costs more than it gives
#: The command line's own threads, which hold nothing the child needs: the signal watcher
#: (blocked in a read) and the progress bar's refresh (the console's locks only).
QUIET_THREADS = {"partygraph-signals", "_RefreshThread"}  # thread names or classes
log = logging.getLogger(__name__)


def forking_safe() -> bool:
    """Whether this process may fork a child that runs Python: Linux, two cores or more,
    no thread but the command line's own (a lock another thread held would stay held in
    the child) and no Java runtime (its threads and locks)."""
    runtime = sys.modules.get("jpype")
    main = threading.main_thread()
    return (sys.platform == "linux" and (os.cpu_count() or 1) > 1
            and threading.current_thread() is main
            and all(t is main or t.name in QUIET_THREADS or type(t).__name__ in QUIET_THREADS
                    for t in threading.enumerate())
            and not (runtime is not None and runtime.isJVMStarted()))


@contextlib.contextmanager
def lists_aside(documents: list[Document], places, *,
                large: int | None = None) -> Iterator[None]:
    """Find the lists of ``documents`` in a child process while the body runs; after it,
    each document's ``listed`` holds them. Without a child (a small corpus, forking
    unsafe, the child failed) ``listed`` stays None and the loader finds them itself.
    ``large`` (characters; ``LARGE`` unless given): the least text worth a child.
    An error in the body ends the child at once."""
    large = LARGE if large is None else large
    if not documents or sum(len(d.text) for d in documents) < large or not forking_safe():
        yield
        return
    child, pipe = _fork([d.text for d in documents], places)
    if child is None:
        yield
        return
    try:
        yield
        found = _collect(child, pipe)
    except BaseException:
        _end(child, pipe)
        raise
    if found is not None:
        for doc, listed in zip(documents, found, strict=True):
            doc.listed = listed


def _fork(texts: list[str], places) -> tuple[int | None, int]:
    read, write = os.pipe()
    try:
        with warnings.catch_warnings():  # 3.12+ warns of any thread; these are safe
            warnings.simplefilter("ignore", DeprecationWarning)
            child = os.fork()
    except OSError as exc:  # no process to spare: the loaders find the lists themselves
        log.info("finding lists in this process: %s", exc)
        os.close(read)
        os.close(write)
        return None, -1
    if child == 0:  # the child: never returns into the caller's code
        status = 1
        try:
            os.close(read)
            signal.set_wakeup_fd(-1)  # the parent's watcher must not hear the child's signals
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            data = pickle.dumps([read_lists(text, places) for text in texts], protocol=5)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return child, read


def _collect(child: int, pipe: int):
    """The child's findings, or None (logged) if it failed."""
    with os.fdopen(pipe, "rb") as source:
        data = source.read()
    _, status = os.waitpid(child, 0)
    if status != 0 or not data:
        log.info("the lists child ended with status %s; finding lists in this process", status)
        return None
    try:
        return pickle.loads(data)  # noqa: S301 - our own child's output, through our own pipe
    except Exception as exc:  # noqa: BLE001 - an accelerator only: the loaders read as before
        log.info("the lists child's output was unreadable (%s); finding lists here", exc)
        return None


def _end(child: int, pipe: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(child, signal.SIGKILL)  # no handler runs: nothing reaches the parent's watcher
    with contextlib.suppress(OSError):
        os.close(pipe)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)
