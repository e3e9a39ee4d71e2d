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
    (nodes, rels), documents = graph.counts(), [d.id for d in graph.corpus.documents]
    if home is not None:
        records = Records(graph.nodes, graph.edges)
        del graph  # the embedded write lets go of each record once the engine has it
        path, steps = _publish(records, home, schema, tick)
    else:
        path, steps = None, _write_into(target, graph, schema, tick)
        notes += _stale_notes(target, graph, schema, prune)
    seconds = time.perf_counter() - started
    return BuildReport(nodes, rels, documents, notes, path, seconds,
                       {"read": round(read, 2), "write": round(seconds - read, 2),
                        **{f"write.{k}": v for k, v in steps.items()}})


@dataclass
class Records:
    """The nodes and edges of a build on their way to the embedded engine, and nothing
    else of it (not the documents' text): the writer empties the two lists as it goes,
    so the memory of what the engine has is given back before its heap grows."""

    nodes: list
    edges: list


def _publish(records: Records, home: GraphHome, schema: Schema, tick) -> tuple[Path, dict]:
    """A new embedded generation with the graph, published whole (or discarded)."""
    from partygraph.settings import current
    from partygraph.store.embedded import EmbeddedStore
    from partygraph.store.engine import heap_for, running_heap, start_engine

    current()  # the environment's settings (PARTYGRAPH_HEAP, the class cache) in force

    records_count = len(records.nodes) + len(records.edges)
    start_engine(heap_for(records_count))
    heap = running_heap() or heap_for(records_count)
    with home.lock():
        target = home.staging()
        try:
            store = EmbeddedStore.create(target, schema)
            try:
                store.prepare(schema)
                store.write(records.nodes, records.edges, progress=tick, release=True)
                steps = dict(store.timings)
            finally:
                store.close()
        except BaseException as exc:
            written = _size(target)
            home.discard(target)
            if _disk_full(exc):
                raise _full(home, written) from None
            if _out_of_memory(exc):
                raise _no_memory(home, records_count, heap) from None
            raise
        home.publish(target)
    return target, steps


def _disk_full(exc: BaseException | None) -> bool:
    """Whether a failure (or what caused it, the engine's Java exceptions included) is a
    full disk."""
    return _caused_by(exc, lambda e: isinstance(e, OSError) and e.errno == errno.ENOSPC
                      or "No space left on device" in str(e))


def _out_of_memory(exc: BaseException | None) -> bool:
    """Whether a failure (or what caused it) is the engine's heap running out."""
    return _caused_by(exc, lambda e: "OutOfMemoryError" in f"{type(e).__name__} {e}")


def _caused_by(exc: BaseException | None, test) -> bool:
    seen = 0
    while exc is not None and seen < 20:
        if test(exc):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _no_memory(home: GraphHome, records: int, heap: str) -> StoreError:
    """The error for a build the engine's heap could not hold, with a heap that would:
    the one the build chooses for this many records when a smaller one was set, else
    twice the one it had."""
    from partygraph.store.engine import sized_heap

    chosen = sized_heap(records)
    if _megabytes(heap) < _megabytes(chosen):
        fix = (f"unset PARTYGRAPH_HEAP, and the build takes {chosen} for {records} records "
               f"(or set at least that much)")
    else:
        fix = f"give it more: PARTYGRAPH_HEAP={_megabytes(heap) * 2}m partygraph build ..."
    return StoreError(f"the engine ran out of memory writing {records} records with a "
                      f"{heap} heap; the published graph is unchanged", file=home.root, fix=fix)


def _megabytes(heap: str) -> int:
    """A heap size such as ``2g`` or ``1536m`` in megabytes.

    >>> _megabytes("2g"), _megabytes("1536m")
    (2048, 1536)
    """
    return int(heap[:-1]) * (1024 if heap[-1] in "gG" else 1)


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
