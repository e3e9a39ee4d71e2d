"""Curated fact files: one per document, every fact citing a quote from it.

A fact file (``seeds/facts/<document id>.yaml``) has ``document`` (a catalog
id), ``nodes`` and ``relationships``. Every quote is checked against the
document, byte for byte; a quote that is not there fails with the fact
file's line and the closest passage.

>>> import tempfile, pathlib
>>> from partygraph.loaders.corpus import Document
>>> doc = Document("d", pathlib.Path("d.txt"), "In 1963, X was expelled from the party.", "t")
>>> p = pathlib.Path(tempfile.mkdtemp()) / "d.yaml"
>>> _ = p.write_text('''document: d
... nodes:
...   - {label: Person, name: X, quote: "X was expelled"}
... relationships:
...   - {type: MEMBER_OF, from: X, to: Y, quote: "expelled from the party"}
... ''')
>>> facts = read_facts(p, {"d": doc})
>>> [n["name"] for n in facts.nodes], facts.relationships[0].line
(['X'], 5)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from partygraph.errors import InputError
from partygraph.loaders.corpus import Document
from partygraph.loaders.lists import based_in
from partygraph.loaders.resolve import Resolver
from partygraph.records import Batch, Edge, Note, Origin
from partygraph.yamlfile import LineDict, load_yaml

NODE_KEYS = {"label", "name", "aliases", "country", "quote"}
REL_KEYS = {"type", "from", "to", "quote", "context"}
COUNTRY_EDGE = {"Party": "BASED_IN", "Conference": "HELD_IN", "Platform": "HELD_IN"}


@dataclass
class FactFile:
    """A parsed, quote-checked fact file."""

    path: Path
    document: Document
    nodes: list[LineDict] = field(default_factory=list)
    relationships: list[LineDict] = field(default_factory=list)

    def origin(self, entry: LineDict) -> Origin:
        """Where an entry stands in the file."""
        return Origin(str(self.path), getattr(entry, "line", None))


def read_facts(path: str | Path, documents: dict[str, Document]) -> FactFile:
    """Parse a fact file and check its structure and every quote."""
    path = Path(path)
    data = load_yaml(path)
    if not isinstance(data, dict) or not data.get("document") or isinstance(
            data["document"], list | dict):
        raise InputError("a fact file starts with `document: <catalog id>`", file=path,
                         line=1, fix="add the id of the document its quotes come from")
    doc_id = str(data["document"])
    if doc_id not in documents:
        raise InputError(f"unknown document {doc_id!r}", file=path, line=data.line,
                         fix=f"use a catalog id: {', '.join(sorted(documents))}")
    facts = FactFile(path, documents[doc_id])
    unknown = set(data) - {"document", "nodes", "relationships"}
    if unknown:
        raise InputError(f"unknown sections {sorted(unknown, key=str)}", file=path, line=data.line,
                         fix="a fact file has `document`, `nodes` and `relationships`")
    for section, required in (("nodes", ("label", "name", "quote")),
                              ("relationships", ("type", "from", "to", "quote"))):
        entries = data.get(section) or []
        if not isinstance(entries, list):
            raise InputError(f"`{section}` must be a list", file=path,
                             line=data.line_of(section),
                             fix=f"write each entry as `- {required[0]}: ...`")
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise InputError(f"each entry of `{section}` must be a mapping", file=path,
                                 line=data.item_line(section, index),
                                 fix=f"write `- {required[0]}: ...`")
            where = facts.origin(entry)
            missing = [k for k in required if not entry.get(k)]
            if missing:
                raise InputError(f"{section[:-1]} entry without {', '.join(missing)}",
                                 file=path, line=where.line,
                                 fix=f"every {section[:-1]} needs {', '.join(required)}")
            for key in ("quote", "context"):
                if key in entry:
                    if not isinstance(entry[key], str):
                        raise InputError(f"`{key}` must be text", file=path, line=where.line,
                                         fix="put the quote in double quotes")
                    facts.document.locate(entry[key], where=where)
            getattr(facts, section).append(entry)
    return facts


def declare(facts: FactFile, resolver: Resolver) -> Batch:
    """Nodes of a fact file, each with a MENTIONS edge carrying its quote."""
    batch = Batch()
    doc = facts.document
    for entry in facts.nodes:
        where = facts.origin(entry)
        label, name = str(entry["label"]), str(entry["name"])
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            raise InputError("`aliases` must be a list", file=where.file, line=where.line,
                             fix="write `aliases: [A, B]`")
        res = resolver.resolve(label, name, origin=where)
        if res.note:
            batch.notes.append(res.note)
        entity = resolver.register(label, res.entity.name, [str(a) for a in aliases])
        props = {k: v for k, v in entry.items() if k not in NODE_KEYS}
        node = entity.node(origin=where, **props)
        batch.nodes.append(node)
        cite = {"source": doc.id, "quote": entry["quote"]}
        batch.edges.append(Edge("MENTIONS", doc.id, node.id, dict(cite), where))
        if entry.get("country"):
            batch.extend(_country_edge(entry, label, node.id, cite, resolver, where))
        elif label == "Party":
            spelled = next((n for n in [name, *aliases] if n in entry["quote"]), None)
            if spelled:  # the country its name carries, as for listed parties
                batch.extend(based_in(doc, node, entry["quote"], resolver, where, spelled))
    return batch


def _country_edge(entry, label, node_id, cite, resolver, where) -> Batch:
    batch = Batch()
    if label not in COUNTRY_EDGE:
        raise InputError(f"`country` is not allowed on a {label}", file=where.file,
                         line=where.line, fix="use it on Party, Conference or Platform")
    text = str(entry["country"])
    found = resolver.gazetteer.resolve(text)
    if found.iso2 is None:
        options = ", ".join(found.candidates) or "none known"
        batch.notes.append(Note("ambiguous-country" if found.ambiguous else "unresolved-country",
                                 f"{entry['name']!r}: country {text!r} could be {options}; "
                                 "left unresolved", str(where)))
        return batch
    country = resolver.gazetteer.node(found.iso2, alias=found.historical)
    batch.nodes.append(country)
    props = {**cite, "name_in_source": text}
    if COUNTRY_EDGE[label] == "HELD_IN":
        props["resolved_by"] = "name"
    batch.edges.append(Edge(COUNTRY_EDGE[label], node_id, country.id, props, where))
    return batch


def relate(facts: FactFile, resolver: Resolver, known: set[str] | None = None) -> Batch:
    """Relationships of a fact file, ends resolved by exact name or alias.

    An end that no loader has emitted yet (an entity known only from the
    aliases file) becomes a node here, mentioned by the relationship's quote;
    ``known`` holds the ids emitted so far and is updated.
    """
    known = set() if known is None else known
    batch = Batch()
    doc = facts.document
    for entry in facts.relationships:
        where = facts.origin(entry)
        ends = []
        for key in ("from", "to"):
            ref = str(entry[key])
            if ref.startswith("Country:"):
                found = resolver.gazetteer.resolve(ref.split(":", 1)[1])
                if found.iso2 is None:
                    raise InputError(f"{ref!r} is not one country", file=where.file,
                                     line=where.line, fix="write Country:<ISO alpha-2 code>")
                country = resolver.gazetteer.node(found.iso2, alias=found.historical)
                batch.nodes.append(country)
                ends.append(country.id)
            else:
                entity = resolver.lookup(ref, origin=where)
                if entity.id not in known:
                    known.add(entity.id)
                    batch.nodes.append(entity.node(origin=where))
                    batch.edges.append(Edge("MENTIONS", doc.id, entity.id,
                                            {"source": doc.id, "quote": entry["quote"]}, where))
                ends.append(entity.id)
        props = {"source": doc.id, **{k: v for k, v in entry.items()
                                      if k not in {"type", "from", "to"}}}
        batch.edges.append(Edge(str(entry["type"]), ends[0], ends[1], props, where))
    return batch


def fact_files(root: str | Path) -> list[Path]:
    """The fact files under ``root/facts``, sorted."""
    return sorted((Path(root) / "facts").glob("*.yaml"))
