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
import json
import os
import re
import shutil
import time
from pathlib import Path

from partygraph.errors import BuildLockedError, HomeNotOwnedError

DEFAULT_DIR = "partygraph.db"
ENV = "PARTYGRAPH_DB"
MANIFEST = "partygraph-home.json"
_GENERATION = re.compile(r"graph-\d{8}T\d{6}-\d+-\d+")


def default_home(path: str | Path | None = None) -> GraphHome:
    """The graph home at ``path`` (the CLI passes ``--db`` or ``PARTYGRAPH_DB``), else
    ``./partygraph.db``."""
    return GraphHome(path or Path.cwd() / DEFAULT_DIR)


def find_home(path: str | Path | None = None) -> GraphHome:
    """The graph home to read: like :func:`default_home`, but without an explicit
    path or ``PARTYGRAPH_DB`` it also looks in the parent directories, so a
    notebook in ``notebooks/`` finds the graph built at the repository root."""
    if path:
        return default_home(path)
    here = Path.cwd()
    for folder in (here, *here.parents):
        home = GraphHome(folder / DEFAULT_DIR)
        if home.current() is not None:
            return home
    return default_home()


class GraphHome:
    """A directory of build generations with a ``current`` link.

    The home keeps a manifest (``partygraph-home.json``) of the generations
    it made; it only ever removes those. A folder that holds anything else
    is never built into, so ``--db .`` or ``--db ~`` cannot delete a thing.
    """

    def __init__(self, root: str | Path):
        self.root = Path(root)

    @property
    def link(self) -> Path:
        return self.root / "current"

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    def current(self) -> Path | None:
        """The directory of the published graph, or None before the first build."""
        if not self.link.is_symlink():
            return None
        target = self.root / os.readlink(self.link)
        return target if target.is_dir() else None

    def generations(self) -> list[str]:
        """The generation folders this home recorded as its own."""
        try:
            data = json.loads(self.manifest.read_text(encoding="utf-8"))
            return [g for g in data["generations"] if _is_generation_name(g)]
        except (OSError, ValueError, KeyError, TypeError):
            return []

    def _record(self, names: list[str]) -> None:
        tmp = self.root / f".{MANIFEST}.{os.getpid()}"
        tmp.write_text(json.dumps({"format": 1, "made_by": "partygraph build",
                                   "generations": sorted(set(names))}, indent=1) + "\n",
                       encoding="utf-8")
        os.replace(tmp, self.manifest)

    def check_owned(self) -> None:
        """Refuse a folder that is not a graph home: anything in it besides the
        home's own files, unless it is empty or does not exist yet.

        A home built before the manifest existed (only ``current``, ``build.lock``
        and ``graph-*`` databases) is recognised and adopted by :meth:`claim`.
        """
        if not self.root.exists():
            return
        if not self.root.is_dir():
            raise HomeNotOwnedError(f"{self.root} is a file, not a graph folder",
                                    fix="pass --db a new or empty folder")
        if self.manifest.is_file():
            return
        foreign = [p.name for p in sorted(self.root.iterdir()) if not self._ours(p)]
        if foreign:
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more"
                                              if len(foreign) > 3 else "")
            raise HomeNotOwnedError(
                f"{self.root} holds files partygraph did not make ({shown}); "
                "a build would share the folder with them",
                fix=f"build into a new or empty folder, e.g. --db {self.root / DEFAULT_DIR}")

    def _ours(self, path: Path) -> bool:
        if path.name in ("current", "build.lock", "build-report.json") or path.name.startswith(
                (".current-", f".{MANIFEST}.")):
            return True
        return (_is_generation_name(path.name) and path.is_dir() and not path.is_symlink()
                and (not any(path.iterdir()) or (path / "configuration.json").exists()
                     or any(path.glob("*.bucket")) or (path / "schema.json").exists()))

    def claim(self) -> None:
        """Make the folder a graph home (checked by :meth:`check_owned` first)."""
        self.check_owned()
        self.root.mkdir(parents=True, exist_ok=True)
        if not self.manifest.is_file():  # a new home, or one made before the manifest
            self._record([p.name for p in self.root.iterdir()
                          if _is_generation_name(p.name) and p.is_dir()])

    def staging(self) -> Path:
        """A fresh, unused directory name for a new build, recorded as this home's."""
        self.claim()
        stamp = time.strftime("%Y%m%dT%H%M%S")
        target = self.root / f"graph-{stamp}-{os.getpid()}-{time.monotonic_ns()}"
        self._record([*self.generations(), target.name])
        return target

    def publish(self, built: Path) -> None:
        """Point ``current`` at ``built`` atomically; keep the previous build, drop the
        older generations this home made (never anything else)."""
        previous = self.current()
        tmp = self.root / f".current-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(built.name)
        os.replace(tmp, self.link)
        keep = {built.name, previous.name if previous else None}
        mine = self.generations()
        for name in mine:
            if name not in keep:
                shutil.rmtree(self.root / name, ignore_errors=True)
        self._record([n for n in mine if n in keep or (self.root / n).exists()])

    def discard(self, built: Path) -> None:
        """Remove an unfinished build."""
        shutil.rmtree(built, ignore_errors=True)
        if built.name in self.generations():
            self._record([n for n in self.generations() if n != built.name])

    @contextlib.contextmanager
    def lock(self):
        """Hold the build lock; a second concurrent build is refused. A folder that
        is not a graph home is refused before anything is written in it."""
        self.check_owned()
        self.root.mkdir(parents=True, exist_ok=True)
        handle = open(self.root / "build.lock", "w")  # noqa: SIM115 - held for the with-block
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise BuildLockedError(f"another build is writing {self.root}",
                                   fix="wait for it to finish, or build into another --db"
                                   ) from None
        for stale in self.root.glob(".current-*"):  # a build killed while publishing
            with contextlib.suppress(OSError):
                stale.unlink()
        for stale in self.root.glob(f".{MANIFEST}.*"):
            with contextlib.suppress(OSError):
                stale.unlink()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
            handle.close()


def copy_generation(source: Path, target: Path) -> None:
    """A copy of a built graph that can be opened for writing: the engine's lock files and
    logs of the original's readers stay behind."""
    shutil.copytree(Path(source).resolve(), target,
                    ignore=shutil.ignore_patterns("*.lck", "*.lock", "txlog_*", "*.wal"))


def _is_generation_name(name: str) -> bool:
    return bool(_GENERATION.fullmatch(name))
