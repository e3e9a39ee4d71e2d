"""The serving process's hold on the engine process (:mod:`partygraph.store.served`):
started, told to stop, and ended and started again when a query runs past every limit.

Example::

    process = EngineProcess(root, password="s3cret-pass", query_seconds=60,
                            on_overdue=print, on_exit=print)
    bolt_port, http_port = process.start()
    process.stop()
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from partygraph.errors import StoreError

START_SECONDS = 180  # how long the engine process may take to start
STOP_SECONDS = 30  # how long it may take to stop before it is ended
GRACE_SECONDS = 5  # past a query's time limit (or its termination), before the process ends
LOG_NAME = "engine.log"


class EngineProcess:
    """One engine process at a time over ``root``; its reports go to ``on_overdue``
    (``{client address: "timeout" or "terminated"}`` of queries past every limit) and,
    if it ends by itself, to ``on_exit``."""

    def __init__(self, root: Path, *, password: str, query_seconds: float,
                 on_overdue: Callable[[dict[str, str]], None], on_exit: Callable[[], None],
                 grace: float = GRACE_SECONDS):
        self.root, self.password, self.query_seconds = Path(root), password, query_seconds
        self.grace, self.on_overdue, self.on_exit = grace, on_overdue, on_exit
        self._process: subprocess.Popen | None = None
        self._ending: subprocess.Popen | None = None  # the one being ended on purpose

    def start(self, bolt: int = 0, http: int = 0) -> tuple[int, int]:
        """Start it (ports given are tried first) and wait until it serves: its ports."""
        read, write = os.pipe()
        log = open(self.root / LOG_NAME, "ab")  # noqa: SIM115 - the child's, closed below
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "partygraph.store.served"], stdin=subprocess.PIPE,
                stdout=log, stderr=log, pass_fds=(write,), start_new_session=True)
        except OSError as exc:
            os.close(read)
            raise StoreError(f"cannot start the engine process: {exc}",
                             fix="check that this Python can run `-m partygraph`") from None
        finally:
            os.close(write)
            log.close()
        reports = os.fdopen(read, encoding="utf-8")
        process.stdin.write(json.dumps({
            "root": str(self.root), "password": self.password, "bolt": bolt, "http": http,
            "query_seconds": self.query_seconds, "grace": self.grace, "channel": write,
            "parent": os.getpid(),
        }).encode() + b"\n")
        process.stdin.flush()
        first = _first_line(reports, START_SECONDS)
        said = json.loads(first) if first.startswith("{") else {}
        if not said.get("ready"):
            reports.close()
            self._end(process)
            why = said.get("error") or self._log_tail() or "it stopped before serving"
            raise StoreError(f"the engine did not start: {why}",
                             fix="pick another --port, or close what uses it")
        self._process = process
        threading.Thread(target=self._listen, args=(process, reports), daemon=True,
                         name="partygraph-engine-reports").start()
        return said["bolt"], said["http"]

    def _listen(self, process: subprocess.Popen, reports) -> None:
        with reports:
            for line in reports:
                with contextlib.suppress(ValueError):
                    said = json.loads(line)
                    if said.get("overdue") and process is self._process:
                        self.on_overdue(dict(said["overdue"]))
        process.wait()
        if process is not self._ending and process is self._process:
            self.on_exit()  # it ended by itself (out of memory, killed from outside)

    def end(self) -> None:
        """End the process now (what it runs is lost): a restart follows."""
        process, self._process = self._process, None
        if process is not None:
            self._ending = process
            self._end(process, at_once=True)

    def stop(self) -> None:
        """Ask it to stop (its standard input closes), and end it if it takes too long."""
        process, self._process = self._process, None
        if process is not None:
            self._ending = process
            self._end(process)

    @staticmethod
    def _end(process: subprocess.Popen, at_once: bool = False) -> None:
        with contextlib.suppress(OSError):
            process.stdin.close()
        if not at_once:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(STOP_SECONDS)
        if process.poll() is None:
            process.kill()
            process.wait()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _log_tail(self) -> str:
        try:
            lines = (self.root / LOG_NAME).read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1] if lines else ""


def _first_line(reports, seconds: float) -> str:
    """The first line the engine process reports, or "" if none comes in time."""
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(reports.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    return got[0].strip() if got else ""
