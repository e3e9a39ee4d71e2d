"""Build progress on stderr: a bar per phase on a terminal, a line per phase elsewhere.

The build reports ``(phase, done, total)`` (see :func:`partygraph.build.build`):
``read``, ``vertices``, ``edges``, ``indexes``. On a terminal each phase has its
own bar, with a spinner and the time elapsed, so it moves even while the engine
works without counting (reading, indexes). Off a terminal (a notebook's
``!partygraph build``, CI logs) each phase, once finished, is one line::

    read: 306 records in 0.6 s
    vertices: 103/103 in 0.1 s
    edges: 203/203 in 0.2 s
    indexes: 103 nodes in 0.4 s
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

WHAT = {"read": "reading the corpus", "vertices": "writing vertices",
        "edges": "writing relationships", "indexes": "flushing and indexing"}
UNIT = {"read": "records", "indexes": "nodes"}


class BuildProgress:
    """The ``progress`` callback of a build, shown on ``console`` (stderr).

    >>> import io
    >>> shown = BuildProgress(Console(file=io.StringIO(), force_terminal=False))
    >>> with shown:
    ...     shown("vertices", 3, 3)
    >>> shown.lines[0].startswith("vertices: 3/3 in ")
    True
    """

    def __init__(self, console: Console, *, quiet: bool = False):
        self.console = console
        self.quiet = quiet
        self.terminal = console.is_terminal
        self.lines: list[str] = []
        self._phase: str | None = None
        self._since = 0.0
        self._done: tuple[int, int | None] = (0, None)
        self._bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                             MofNCompleteColumn(), TimeElapsedColumn(), console=console,
                             disable=quiet or not self.terminal)
        self._task = None

    def __enter__(self) -> BuildProgress:
        self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self._finish()
        self._bar.__exit__(*exc)

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        if phase != self._phase:
            self._finish()
            self._phase, self._since = phase, time.perf_counter()
            self._task = self._bar.add_task(WHAT.get(phase, phase), total=total)
        self._done = (done, total)
        self._bar.update(self._task, completed=done, total=total)

    def _finish(self) -> None:
        """The line of the phase that just ended (off a terminal, unless quiet)."""
        if self._phase is None:
            return
        done, total = self._done
        if self._task is not None:  # the bar stays, full and its clock stopped
            self._bar.update(self._task, completed=total or 1, total=total or 1)
            self._bar.stop_task(self._task)
        count = f"{done}/{total}" if total is not None else f"{done} {UNIT.get(self._phase, '')}"
        line = f"{self._phase}: {count.strip()} in {time.perf_counter() - self._since:.1f} s"
        self.lines.append(line)
        self._phase = None
        if not self.quiet and not self.terminal:
            self.console.print(line, highlight=False, soft_wrap=True)
