"""Build: corpus -> loaders -> validated records -> a fresh store, swapped in whole.

Example (from the repository root)::

    graph = collect("seeds")                     # records only, no database
    report = build("seeds", GraphHome("partygraph.db"))
    report.nodes["Party"]                        # 36 on the seed corpus
"""

from __future__ import annotations

import errno
import gc
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from partygraph.collect import Graph, collect, graph_knowledge

__all__ = ["BuildReport", "Graph", "build", "collect", "collector_paused", "graph_knowledge"]
from partygraph.errors import StoreError
from partygraph.records import Note
from partygraph.schema import Schema, load_schema
from partygraph.store.base import Store, stale
from partygraph.store.base import prune as prune_stale
from partygraph.store.location import GraphHome


@dataclass
class BuildReport:
    """What a build did: counts, notes for a person, where and how long."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    documents: list[str]
    notes: list[Note]
    path: Path | None = None
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds: read, write

    def notes_of(self, *kinds: str) -> list[Note]:
        """The notes of the given kinds."""
        return [n for n in self.notes if n.kind in kinds]

    def to_dict(self) -> dict:
        """The report as plain data (``build-report.json``).

        >>> BuildReport({"Party": 1}, {}, ["doc"], [Note("x", "y")], seconds=0.123).to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'nodes': {'Party': 1}, 'relationships': {}, 'documents': ['doc'], 'seconds': 0.12,
         'phases': {}, 'notes': [{'kind': 'x', 'message': 'y', 'where': ''}]}
        """
        return {"nodes": self.nodes, "relationships": self.relationships,
                "documents": self.documents, "seconds": round(self.seconds, 2),
                "phases": self.phases,
                "notes": [{"kind": n.kind, "message": n.message, "where": n.where}
                          for n in self.notes]}


def _counter(progress, nodes: int, edges: int):
    """A per-batch callback adding up records written (nodes first, then edges), reported
    as ``progress(phase, done, total)``: ``vertices``, ``edges``, then ``indexes`` (no
    count of its own: ``total`` is None) once every record is in.

    >>> seen = []; tick = _counter(lambda *a: seen.append(a), 2, 3); tick(2); tick(3)
    >>> seen
    [('vertices', 2, 2), ('edges', 3, 3), ('indexes', 2, None)]
    """
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if not progress:
            return
        if done <= nodes:
            progress("vertices", done, nodes)
        else:
            progress("edges", done - nodes, edges)
        if done >= nodes + edges:
            progress("indexes", nodes, None)

    return tick


def build(seeds: str | Path, target: GraphHome | Store, *, schema: Schema | None = None,
          progress=None, prune: bool = False) -> BuildReport:
    """Build the graph from ``seeds`` into ``target``: one pipeline for every store.

    ``target`` is a :class:`GraphHome` (the embedded engine: a fresh generation,
    published whole when complete) or any other :class:`Store`, such as a
    :class:`~partygraph.store.neo4j.Neo4jStore` (prepared, then written in place,
    MERGE by id, so a re-run updates; with ``prune`` the nodes the corpus no longer
    has are deleted, otherwise the report says how many there are).
    ``progress(phase, done, total)`` is called as it goes: ``read`` (records read,
    ``total`` None), ``vertices`` and ``edges`` (written so far, of how many), then
    ``indexes`` (``total`` None).
    """
    started = time.perf_counter()
    home = target if isinstance(target, GraphHome) else None
    if home is not None:
        home.check_owned()  # before the long read: a folder that is not a graph home is refused
    with collector_paused():
        return _build(seeds, target, home, schema or load_schema(), progress, prune, started)


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off for the duration, as it was afterwards.

    A build holds millions of small records alive while it allocates millions more;
    every full collection would walk them all (about 70% of a 100k build's time).
    Records hold no reference cycles, so nothing is left for the collector meanwhile.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _build(seeds, target, home: GraphHome | None, schema: Schema, progress, prune: bool,
           started: float) -> BuildReport:
    if progress:
        progress("read", 0, None)
    graph = collect(seeds, schema)
    read = time.perf_counter() - started
    if progress:
        progress("read", len(graph.nodes) + len(graph.edges), None)
    tick = _counter(progress, len(graph.nodes), len(graph.edges))
    notes = list(graph.notes)
    if home is not None:
        path, steps = _publish(graph, home, schema, tick)
    else:
        path, steps = None, _write_into(target, graph, schema, tick)
        notes += _stale_notes(target, graph, schema, prune)
    nodes, rels = graph.counts()
    seconds = time.perf_counter() - started
    return BuildReport(nodes, rels, [d.id for d in graph.corpus.documents], notes,
                       path, seconds, {"read": round(read, 2), "write": round(seconds - read, 2),
                                       **{f"write.{k}": v for k, v in steps.items()}})


def _publish(graph: Graph, home: GraphHome, schema: Schema, tick) -> tuple[Path, dict]:
    """A new embedded generation with the graph, published whole (or discarded)."""
    from partygraph.settings import current
    from partygraph.store.embedded import EmbeddedStore
    from partygraph.store.engine import heap_for, start_engine

    current()  # the environment's settings (PARTYGRAPH_HEAP, the class cache) in force

    start_engine(heap_for(len(graph.nodes) + len(graph.edges)))
    with home.lock():
        target = home.staging()
        try:
            store = EmbeddedStore.create(target, schema)
            try:
                steps = _write_into(store, graph, schema, tick)
            finally:
                store.close()
        except BaseException as exc:
            written = _size(target)
            home.discard(target)
            if _disk_full(exc):
                raise _full(home, written) from None
            raise
        home.publish(target)
    return target, steps


def _disk_full(exc: BaseException | None) -> bool:
    """Whether a failure (or what caused it, the engine's Java exceptions included) is a
    full disk."""
    seen = 0
    while exc is not None and seen < 20:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or \
                "No space left on device" in str(exc):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) \
        if folder.is_dir() else 0


def _full(home: GraphHome, written: int) -> StoreError:
    """The error for a build the disk could not hold: the folder, what was free, what
    the build needs (at least what it had written, and the published graph's size)."""
    previous = home.current()
    need = max(written, _size(previous) if previous else 0) * 2
    free = shutil.disk_usage(home.root).free
    mib = 1024 * 1024
    return StoreError(f"the disk is full: the build had written "
                      f"{written / mib:.1f} MiB when it stopped, {free / mib:.1f} MiB are free; "
                      "the published graph is unchanged",
                      file=home.root, fix=f"free about {max(need - free, mib) / mib:.0f} MiB "
                      f"more there (a build needs about {need / mib:.0f} MiB), or build into "
                      "another --db")


def _write_into(store: Store, graph: Graph, schema: Schema, tick) -> dict[str, float]:
    store.prepare(schema)
    store.write(graph.nodes, graph.edges, progress=tick)
    return dict(getattr(store, "timings", {}))


def _stale_notes(store: Store, graph: Graph, schema: Schema, prune: bool) -> list[Note]:
    if prune:
        removed = prune_stale(store, graph.nodes, schema)
        return [Note("pruned", f"deleted {removed} nodes the corpus no longer has")] \
            if removed else []
    count = stale(store, graph.nodes, schema)
    return [Note("stale", f"{count} nodes in the server are not in this build; "
                 "pass --prune to delete them")] if count else []
