"""Ctrl-C and SIGTERM end any command cleanly: exit 130 or 143, no crash, no log.

The Java runtime takes SIGINT and SIGTERM over when it starts, and its own
handlers call back into Python from a Java thread, which can crash the
process (a JVM crash log, exit 134). So the command line puts Python's
handlers back once the runtime has started (and at its own start): SIGTERM
then raises :class:`Stopped` in the main thread, Ctrl-C KeyboardInterrupt,
and ``finally`` blocks run (a build discards its unfinished generation).
A main thread busy inside one long engine call cannot see either until the
call returns: a watchdog woken by the signal ends the process with the same
status after ``GRACE`` seconds, whatever it is doing.

>>> Stopped(15).code
143
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

GRACE = 5.0  # seconds an orderly exit may take before the watchdog ends the process
_lock = threading.Lock()
_watch_fd: int | None = None


class Stopped(BaseException):
    """The process was asked to stop (SIGTERM): exit 128 + the signal number."""

    def __init__(self, signum: int):
        super().__init__(f"stopped by signal {signum}")
        self.signum = signum
        self.code = 128 + signum


def _on_term(signum, frame) -> None:
    raise Stopped(signum)


def install() -> None:
    """Put Python's handlers on SIGTERM and (unless it is ignored, as in a background
    job) SIGINT, and start the watchdog once. Call again after the runtime starts."""
    global _watch_fd
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _on_term)
    current = signal.getsignal(signal.SIGINT)
    if current is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    with _lock:
        if _watch_fd is None:
            read, write = os.pipe()
            os.set_blocking(write, False)
            signal.set_wakeup_fd(write, warn_on_full_buffer=False)
            _watch_fd = read
            threading.Thread(target=_watch, args=(read,), name="partygraph-signals",
                             daemon=True).start()


def _watch(fd: int) -> None:
    """Wait for SIGINT or SIGTERM; give the main thread GRACE seconds, then end it."""
    while True:
        try:
            data = os.read(fd, 64)
        except OSError:
            return
        if not data:
            return
        for signum in data:
            if signum in (signal.SIGINT, signal.SIGTERM):
                time.sleep(GRACE)
                with contextlib.suppress(OSError):
                    os.write(2, f"partygraph: stopped by signal {signum} while the engine "
                                "was busy\n".encode())
                with contextlib.suppress(Exception):
                    sys.stdout.flush()
                os._exit(128 + signum)


@contextlib.contextmanager
def deadline(seconds: float | None, message: str, *, before_exit: list | None = None):
    """End the process with exit 2 and ``message`` on stderr if the block runs more than
    ``seconds`` (plus one second for the engine's own limit to answer first): a single
    long expression or a sleeping procedure never looks at the engine's deadline.
    ``before_exit``: callables run first (a write's copy to remove).

    >>> with deadline(None, "never"):
    ...     pass
    """
    if not seconds:
        yield
        return
    timer = threading.Timer(seconds + 1.0, _past_deadline, args=(message, before_exit or []))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _past_deadline(message: str, before_exit: list) -> None:
    for undo in before_exit:
        with contextlib.suppress(Exception):
            undo()
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    with contextlib.suppress(OSError):
        os.write(2, message.encode() + b"\n")
    os._exit(2)
