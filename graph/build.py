"""Build: corpus -> loaders -> validated records -> a fresh store, swapped in whole.

Example (from the repository root)::

    graph = collect("seeds")                     # records only, no database
    report = build("seeds", GraphHome("partygraph.db"))
    report.nodes["Party"]                        # 36 on the seed corpus
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import InputError
from graph.lineage import derive_succession
from graph.records import Batch, Edge, Node, Note, Origin
from graph.schema import Schema, load_schema
from graph.store.location import GraphHome
from loaders.corpus import Corpus, Document, load_corpus
from loaders.facts import declare, fact_files, read_facts, relate
from loaders.lists import load_lists
from loaders.records import RECORDS, read_records
from loaders.resolve import Resolver

ALIASES = "aliases.yaml"


@dataclass
class Graph:
    """Validated records, ready for a store."""

    corpus: Corpus
    nodes: list[Node]
    edges: list[Edge]
    notes: list[Note] = field(default_factory=list)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per label and relationships per type."""
        return (dict(sorted(Counter(n.label for n in self.nodes).items())),
                dict(sorted(Counter(e.type for e in self.edges).items())))


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


def document_node(doc: Document) -> Node:
    """The Document node of a catalog entry."""
    props = {"title": doc.title, "publisher": doc.publisher, "date": doc.date,
             "language": doc.language, "kind": doc.kind, "subject": doc.subject,
             "translated": doc.translated, "note": doc.note, "file": doc.path.name,
             "sha256": doc.sha256}
    return Node("Document", doc.title, id=doc.id, origin=doc.origin,
                props={k: v for k, v in props.items() if v is not None})


def collect(seeds: str | Path, schema: Schema | None = None) -> Graph:
    """Read the corpus and its fact files into validated, merged records."""
    schema = schema or load_schema()
    seeds = Path(seeds)
    corpus = load_corpus(seeds)
    resolver = Resolver()
    if (seeds / ALIASES).exists():
        resolver.load_aliases(seeds / ALIASES)
    batch = Batch(notes=list(corpus.notes))
    batch.nodes += [document_node(doc) for doc in corpus.documents]
    for doc in corpus.documents:
        batch.extend(load_lists(doc, resolver))
    if (seeds / RECORDS).exists():
        batch.extend(read_records(seeds / RECORDS))
    documents = {doc.id: doc for doc in corpus.documents}
    facts = [read_facts(path, documents) for path in fact_files(seeds)]
    for fact_file in facts:
        batch.extend(declare(fact_file, resolver))
    known = {n.id for n in batch.nodes}
    for fact_file in facts:
        batch.extend(relate(fact_file, resolver, known))
    nodes = merge_nodes(batch.nodes)
    edges = list({e.id: e for e in batch.edges}.values())
    edges += derive_succession(nodes, edges)
    labels = {n.id: n.label for n in nodes}
    for node in nodes:
        schema.validate_node(node)
    for edge in edges:
        cite_check(edge, documents)
        schema.validate_edge(edge, labels)
    nodes.sort(key=lambda n: (n.label, n.id))
    edges.sort(key=lambda e: (e.type, e.start, e.end, e.id))
    return Graph(corpus, nodes, edges, _unique(batch.notes))


def cite_check(edge: Edge, documents: dict[str, Document]) -> None:
    """Check an edge's evidence: a known source, the quote (and context) in it."""
    source = edge.props.get("source")
    where = edge.origin or Origin("<derived>")
    if source not in documents:
        raise InputError(f"{edge.type} {edge.start} -> {edge.end}: unknown source {source!r}",
                         file=where.file, line=where.line,
                         fix=f"cite a catalog id: {', '.join(sorted(documents))}")
    doc = documents[source]
    offset = doc.locate(edge.props.get("quote", ""), where=where)
    if "context" in edge.props:
        doc.locate(edge.props["context"], where=where)
    edge.props["quote_line"] = doc.line_of(offset)


def merge_nodes(nodes: list[Node]) -> list[Node]:
    """One node per id: aliases united, properties combined; a conflict is an error."""
    merged: dict[str, Node] = {}
    said_at: dict[tuple[str, str], Origin | None] = {}  # (id, property) -> where it was given
    for node in nodes:
        have = merged.get(node.id)
        if have is None:
            merged[node.id] = Node(node.label, node.name, list(node.aliases), dict(node.props),
                                   node.origin, node.id)
            said_at.update(((node.id, key), node.origin) for key in node.props)
            continue
        for alias in node.aliases:
            if alias not in have.aliases and alias != have.name:
                have.aliases.append(alias)
        for key, value in node.props.items():
            if key in have.props and have.props[key] != value:
                where = node.origin or Origin("<unknown>")
                raise InputError(
                    f"{node.label} {node.name!r}: {key} is {value!r} here but "
                    f"{have.props[key]!r} at {said_at.get((node.id, key))}",
                    file=where.file, line=where.line,
                    fix="make the two agree, or remove one of them")
            if key not in have.props:
                said_at[(node.id, key)] = node.origin
            have.props[key] = value
    for node in merged.values():
        node.aliases = sorted(set(node.aliases) - {node.name})
    return list(merged.values())


def _unique(notes: list[Note]) -> list[Note]:
    return list(dict.fromkeys(notes))


def _counter(progress, total: int):
    """A per-batch callback adding up records written, reported as (step, done, total)."""
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("writing", done, total)

    return tick


def build(seeds: str | Path, home: GraphHome, *, schema: Schema | None = None,
          progress=None) -> BuildReport:
    """Build the graph from ``seeds`` into a new store and publish it whole.

    ``progress(step, done, total)`` is called as records are written.
    """
    from graph.store.embedded import EmbeddedStore, heap_for, start_engine

    started = time.perf_counter()
    home.check_owned()  # before the long read: a folder that is not a graph home is refused
    schema = schema or load_schema()
    graph = collect(seeds, schema)
    read = time.perf_counter() - started
    total = len(graph.nodes) + len(graph.edges)
    start_engine(heap_for(total))
    with home.lock():
        target = home.staging()
        try:
            store = EmbeddedStore.create(target, schema)
            try:
                store.write(graph.nodes, graph.edges, progress=_counter(progress, total))
                steps = dict(store.timings)
            finally:
                store.close()
        except BaseException:
            home.discard(target)
            raise
        home.publish(target)
    nodes, rels = graph.counts()
    seconds = time.perf_counter() - started
    return BuildReport(nodes, rels, [d.id for d in graph.corpus.documents], graph.notes,
                       target, seconds, {"read": round(read, 2), "write": round(seconds - read, 2),
                                         **{f"write.{k}": v for k, v in steps.items()}})


def build_into(seeds: str | Path, store, *, schema: Schema | None = None, batch: int = 1000,
               prune: bool = False, progress=None) -> BuildReport:
    """Build the graph from ``seeds`` into a server store (e.g. :class:`Neo4jStore`).

    Constraints first, then MERGE by id, so a re-run updates in place; with
    ``prune`` the nodes the corpus no longer has are deleted. The report's
    notes say how many such stale nodes there are when they are kept.
    """
    started = time.perf_counter()
    schema = schema or load_schema()
    graph = collect(seeds, schema)
    total = len(graph.nodes) + len(graph.edges)
    store.prepare(schema)
    store.write(graph.nodes, graph.edges, batch=batch, progress=_counter(progress, total))
    notes = list(graph.notes)
    if prune:
        removed = store.prune(graph.nodes, schema)
        if removed:
            notes.append(Note("pruned", f"deleted {removed} nodes the corpus no longer has"))
    else:
        stale = store.stale(graph.nodes, schema)
        if stale:
            notes.append(Note("stale", f"{stale} nodes in the server are not in this build; "
                              "pass --prune to delete them"))
    nodes, rels = graph.counts()
    return BuildReport(nodes, rels, [d.id for d in graph.corpus.documents], notes, None,
                       time.perf_counter() - started)
