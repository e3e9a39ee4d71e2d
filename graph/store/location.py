"""Where the embedded graph lives, and how a new build replaces it whole.

The graph directory (``./partygraph.db`` by default, or ``PARTYGRAPH_DB``,
or ``--db``) holds one subdirectory per build and a ``current`` link. A
build writes a new subdirectory and, only when it is complete, turns the
link to it in one atomic rename: readers see the old graph or the new one,
and a failed or killed build leaves the old one in place.

>>> import tempfile
>>> home = GraphHome(tempfile.mkdtemp())
>>> home.current() is None
True
>>> new = home.staging(); new.mkdir()
>>> home.publish(new); home.current() == new
True
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from pathlib import Path

from graph.errors import BuildLockedError

DEFAULT_DIR = "partygraph.db"
ENV = "PARTYGRAPH_DB"


def default_home(path: str | Path | None = None) -> GraphHome:
    """The graph home from an explicit path, ``PARTYGRAPH_DB``, or ``./partygraph.db``."""
    return GraphHome(path or os.environ.get(ENV) or Path.cwd() / DEFAULT_DIR)


def find_home(path: str | Path | None = None) -> GraphHome:
    """The graph home to read: like :func:`default_home`, but without an explicit
    path or ``PARTYGRAPH_DB`` it also looks in the parent directories, so a
    notebook in ``notebooks/`` finds the graph built at the repository root."""
    if path or os.environ.get(ENV):
        return default_home(path)
    here = Path.cwd()
    for folder in (here, *here.parents):
        home = GraphHome(folder / DEFAULT_DIR)
        if home.current() is not None:
            return home
    return default_home()


class GraphHome:
    """A directory of build generations with a ``current`` link."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    @property
    def link(self) -> Path:
        return self.root / "current"

    def current(self) -> Path | None:
        """The directory of the published graph, or None before the first build."""
        if not self.link.is_symlink():
            return None
        target = self.root / os.readlink(self.link)
        return target if target.is_dir() else None

    def staging(self) -> Path:
        """A fresh, unused directory name for a new build."""
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        return self.root / f"graph-{stamp}-{os.getpid()}-{time.monotonic_ns()}"

    def publish(self, built: Path) -> None:
        """Point ``current`` at ``built`` atomically; keep the previous build, drop older ones."""
        previous = self.current()
        tmp = self.root / f".current-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(built.name)
        os.replace(tmp, self.link)
        keep = {built.name, previous.name if previous else None}
        for child in self.root.glob("graph-*"):
            if child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)

    def discard(self, built: Path) -> None:
        """Remove an unfinished build."""
        shutil.rmtree(built, ignore_errors=True)

    @contextlib.contextmanager
    def lock(self):
        """Hold the build lock; a second concurrent build is refused."""
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / "build.lock", "w")  # noqa: SIM115 - held for the with-block
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise BuildLockedError(f"another build is writing {self.root}",
                                   fix="wait for it to finish, or build into another --db"
                                   ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()
