"""Collect: corpus -> loaders -> validated, merged records, with no database.

>>> graph = collect("seeds")                 # doctest: +SKIP
>>> graph.counts()[0]["Party"]               # doctest: +SKIP
36
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import repeat
from operator import attrgetter
from pathlib import Path

from partygraph.aside import lists_aside
from partygraph.errors import InputError
from partygraph.identity import ID_PRIORITY, unify
from partygraph.lineage import derive_succession
from partygraph.linking import link
from partygraph.loaders.corpus import DATASET, Corpus, Document, inside, load_corpus
from partygraph.loaders.facts import declare, fact_files, read_facts, relate
from partygraph.loaders.records import RECORDS, read_records
from partygraph.loaders.registry import loaders_for
from partygraph.loaders.resolve import Resolver
from partygraph.records import Batch, Edge, Node, Note, Origin
from partygraph.schema import Schema, load_schema

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


def document_node(doc: Document) -> Node:
    """The Document node of a catalog entry."""
    props = {"title": doc.title, "publisher": doc.publisher, "date": doc.date,
             "language": doc.language, "kind": doc.kind, "subject": doc.subject,
             "translated": doc.translated, "note": doc.note, "file": doc.path.name,
             "sha256": doc.sha256, "mapping": doc.mapping}
    return Node("Document", doc.title, id=doc.id, origin=doc.origin,
                props={k: v for k, v in props.items() if v is not None})


def collect(seeds: str | Path, schema: Schema | None = None) -> Graph:
    """Read the corpus and its fact files into validated, merged records."""
    schema = schema or load_schema()
    schema = replace(schema, labels=dict(schema.labels))  # datasets may declare properties
    seeds = Path(seeds)
    corpus = load_corpus(seeds)
    resolver = Resolver()
    for name in (ALIASES, RECORDS):  # the corpus's own files: none may lead out of it
        if (seeds / name).exists():
            inside(seeds, name, {"file": seeds / name, "line": 1}, "file")
    if (seeds / ALIASES).exists():
        resolver.load_aliases(seeds / ALIASES)
    batch = Batch(notes=list(corpus.notes))
    batch.nodes += [document_node(doc) for doc in corpus.documents]
    listing = [doc for doc in corpus.documents if any(r.name == "lists" for r in loaders_for(doc))]
    with lists_aside(listing, resolver.gazetteer):  # on the second core, while records are read
        records = read_records(seeds / RECORDS) if (seeds / RECORDS).exists() else None
    for doc in corpus.documents:
        for reader in loaders_for(doc):
            batch.extend(reader.load(doc, resolver))
        doc.listed = None  # read ahead for its loaders only: not kept with the graph
    if records is not None:
        batch.extend(records)
    documents = {doc.id: doc for doc in corpus.documents}
    facts = [read_facts(inside(seeds, path.relative_to(seeds), {"file": path, "line": 1},
                               "fact file"),
                        documents) for path in fact_files(seeds)]
    for fact_file in facts:
        batch.extend(declare(fact_file, resolver))
    known = {n.id for n in batch.nodes}
    for fact_file in facts:
        batch.extend(relate(fact_file, resolver, known))
    for label, prop, type_, _, where in batch.declares:
        schema.declare(label, prop, type_, file=where.file, line=where.line)
    batch.notes += one_node_per_party(batch)
    tables = {str(d.path) for d in corpus.documents if d.kind == DATASET}
    nodes = merge_nodes(batch.nodes, soft=tables, notes=batch.notes)
    if tables:
        nodes = link_to_datasets(nodes, batch, tables, seeds / ALIASES)
    edges = list({e.id: e for e in batch.edges}.values())
    edges += derive_succession(nodes, edges)
    labels = {n.id: n.label for n in nodes}
    for node in nodes:
        schema.validate_node(node)
    for edge in edges:
        cite_check(edge, documents)
        schema.validate_edge(edge, labels)
    batch.notes += unread(corpus, edges)
    for record in (*nodes, *edges):
        with_year(record)
    in_order(nodes, "label", "id")
    in_order(edges, "type", "start", "end", "id")
    return Graph(corpus, nodes, edges, _unique(batch.notes))


def in_order(records: list, *fields: str) -> None:
    """Sort ``records`` in place by ``fields``, as a tuple of them would, through one
    text per record (the fields joined by NUL, which sorts before every other
    character): comparing texts is 2-3x faster than comparing tuples of them (853k
    edges: 2.6-2.9 -> 1.1 s of CPU). A field holding a NUL itself takes the tuple.

    >>> rows = [Node("Party", "B", id="b"), Node("Country", "Z", id="z"),
    ...         Node("Party", "A", id="a")]
    >>> in_order(rows, "label", "id"); [n.id for n in rows]
    ['z', 'a', 'b']
    """
    joined = list(map("\0".join, map(attrgetter(*fields), records)))
    if sum(map(str.count, joined, repeat("\0"))) != (len(fields) - 1) * len(joined):
        records.sort(key=attrgetter(*fields))
        return
    order = sorted(range(len(joined)), key=joined.__getitem__)
    records[:] = [records[i] for i in order]


def unread(corpus, edges: list[Edge]) -> list[Note]:
    """A note for each text document no fact cites: nothing is dropped in silence."""
    cited = {e.props.get("source") for e in edges}
    return [Note("nothing-read", f"{doc.path.name}: the build took nothing from it (no list it "
                 "recognises, no facts file); try `partygraph extract "
                 f"{doc.path}` and review its candidates", str(doc.path))
            for doc in corpus.documents if doc.kind != DATASET and doc.id not in cited]


def with_year(record: Node | Edge) -> None:
    """Give a dated record its ``year`` (an int), so ``WHERE r.year = 2018`` finds a
    renaming dated ``2018-06``: from ``date``, else ``start``; a year stated stays.

    >>> e = Edge("SUCCEEDED_BY", "a", "b", {"date": "2018-06"}); with_year(e); e.props["year"]
    2018
    """
    if record.props.get("year") is not None:
        return
    for key in ("date", "start"):
        found = re.match(r"^(\d{4})", str(record.props.get(key) or ""))
        if found:
            record.props["year"] = int(found.group(1))
            return


def graph_knowledge(seeds: str | Path):
    """The corpus's parties (with country and id) and platforms, to match a new
    document against (see :func:`partygraph.loaders.extract.knowledge_of`)."""
    from partygraph.loaders.extract import knowledge_of

    graph = collect(seeds)
    return knowledge_of(graph.nodes, graph.edges)


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


def one_node_per_party(batch: Batch) -> list[Note]:
    """Rows sharing an external id, or joined by a crosswalk, made one node (ids renamed
    in nodes and relationships); the notes of joins refused."""
    extra = sorted({prop for _, prop, _, is_id, _ in batch.declares if is_id} - set(ID_PRIORITY))
    renamed, ids_of, notes = unify(batch.nodes, batch.same, (*ID_PRIORITY, *extra))
    _rename(batch.nodes, batch.edges, renamed)
    for node in batch.nodes:
        for prop, value in ids_of.get(node.id, {}).items():
            node.props.setdefault(prop, value)
    return notes


def _rename(nodes: list[Node], edges: list[Edge], renamed: dict[str, str]) -> None:
    """Give nodes their new ids (``{old: new}``) and point relationships at them."""
    if not renamed:
        return
    for node in nodes:
        node.id = renamed.get(node.id, node.id)
    for edge in edges:
        edge.move(renamed)


def link_to_datasets(nodes: list[Node], batch: Batch, tables: set[str],
                     aliases: Path) -> list[Node]:
    """The corpus's parties joined to the datasets' (see :mod:`partygraph.linking`): a
    linked dataset node takes the curated node's id, and the two are merged, the
    curated name and values first."""
    tabled = {n.id for n in batch.nodes if n.origin and n.origin.file in tables}
    links, notes = link(nodes, batch.edges, tabled, aliases=aliases)
    batch.notes += notes
    if not links:
        return nodes
    _rename(nodes, batch.edges, links)
    linked = set(links.values())
    order = sorted(nodes, key=lambda n: n.id in linked and n.origin is not None
                   and n.origin.file in tables)  # the curated node first: its name stays
    return merge_nodes(order, soft=tables, notes=batch.notes)


def merge_nodes(nodes: list[Node], *, soft: set[str] = frozenset(),
                notes: list[Note] | None = None) -> list[Node]:
    """One node per id: aliases united, properties combined; a conflict is an error,
    except between values read from the tables (``soft``: their files), where the first
    value stays and the other is noted for a person."""
    merged: dict[str, Node] = {}
    said_at: dict[tuple[str, str], Origin | None] = {}  # (id, property) -> where it was given
    for node in nodes:
        have = merged.get(node.id)
        if have is not None and have.label != node.label:
            where = node.origin or Origin("<unknown>")
            raise InputError(
                f"id {node.id!r} is a {node.label} ({node.name!r}) here but a {have.label} "
                f"({have.name!r}) at {have.origin}", file=where.file, line=where.line,
                fix="give one of them another `id:` (an id names one node, under one label)")
        if have is None:
            merged[node.id] = Node(node.label, node.name, list(node.aliases), dict(node.props),
                                   node.origin, node.id)
            said_at.update(((node.id, key), node.origin) for key in node.props)
            continue
        for alias in (node.name, *node.aliases):  # another row's name is an alias here
            if alias not in have.aliases and alias != have.name:
                have.aliases.append(alias)
        for key, value in node.props.items():
            if key in have.props and have.props[key] != value:
                where = node.origin or Origin("<unknown>")
                if notes is not None and where.file in soft:
                    notes.append(Note("dataset-conflict", f"{node.label} {have.name!r}: {key} "
                                      f"is {value!r} here, {have.props[key]!r} at "
                                      f"{said_at.get((node.id, key))}: kept the first",
                                      str(where)))
                    continue
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
