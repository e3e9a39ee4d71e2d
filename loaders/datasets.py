"""Tables in the corpus: a CSV or TSV dataset, read through a mapping written in YAML.

A catalog entry with ``kind: dataset`` names its ``file`` (CSV, or TSV by its
``.tsv`` name; gzipped when it ends in ``.gz``) and a ``mapping``: the name of
one shipped in ``loaders/mappings/`` or the path of the user's own YAML. The
mapping says which rows to skip, which columns give a node's label, external
ids, name, aliases and properties, and which relationships a row makes (see
the README's "Datasets" section). A row is the evidence: every record it gives
cites the dataset's catalog id and the row's exact text as the quote, so the
quote check holds as for any document. Rows that share an external id, or
that a crosswalk row joins, are one node (:func:`unify`); names are never
enough.

>>> m = check_mapping({"format": 1, "node": {"label": "Party", "name": ["n"],
...                    "ids": {"partyfacts_id": {"column": "id", "type": "int"}}}}, "m.yaml")
>>> m.label, m.ids
('Party', {'partyfacts_id': ('id', 'int')})
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partygraph.errors import InputError
from partygraph.identity import external_id
from partygraph.loaders.corpus import Document, inside
from partygraph.loaders.registry import loader
from partygraph.records import Batch, Edge, Node, Note, Origin
from partygraph.yamlfile import load_yaml

MAPPINGS = Path(__file__).with_name("mappings")
TYPES = ("text", "int", "year", "url")
SCHEMA_TYPES = {"text": "string", "int": "int", "year": "year", "url": "string"}
URL_RE = re.compile(r"^https?://\S+$")
YEAR_RE = re.compile(r"^\s*(\d{4})")


@dataclass
class Mapping:
    """A checked mapping: what a table's rows become."""

    path: str
    label: str | None = None
    ids: dict[str, tuple[str, str]] = field(default_factory=dict)  # property: (column, type)
    name: list[str] = field(default_factory=list)  # columns, the first filled one wins
    aliases: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)
    properties: dict[str, tuple[str, str]] = field(default_factory=dict)
    country: str | None = None  # a column of ISO 3166 alpha-3 codes: BASED_IN
    skip: list[tuple[str, str]] = field(default_factory=list)  # (column, "filled"|"empty")
    join: bool = False  # a crosswalk: each row says its ids are one node
    delimiter: str | None = None


def mapping_path(name: str, base: Path, where: dict) -> Path:
    """A shipped mapping by name, or the user's YAML by path (relative to the corpus)."""
    shipped = MAPPINGS / f"{name}.yaml"
    if re.fullmatch(r"[a-z0-9-]+", name) and shipped.is_file():
        return shipped
    path = inside(base, name, where, "mapping")
    if path.is_file():
        return path
    known = ", ".join(sorted(p.stem for p in MAPPINGS.glob("*.yaml")))
    raise InputError(f"no mapping {name!r}", **where,
                     fix=f"name a shipped mapping ({known}) or the path of your mapping YAML")


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; errors name its line."""
    return check_mapping(load_yaml(path), str(path))


def check_mapping(data: Any, file: str) -> Mapping:
    """Check a mapping's YAML (see the module's docstring)."""
    line = getattr(data, "line", None)

    def fail(message: str, fix: str, at: Any = None):
        raise InputError(message, file=file, line=getattr(at, "line", None) or line, fix=fix)

    if not isinstance(data, dict) or data.get("format") != 1:
        fail("a mapping is a YAML mapping with `format: 1`", "start the file with `format: 1`")
    unknown = set(data) - {"format", "node", "join", "skip", "delimiter"}
    if unknown:
        fail(f"unknown mapping keys {sorted(unknown)}", "use node:, join:, skip:, delimiter:")
    spec = data.get("node") or data.get("join")
    if not isinstance(spec, dict) or ("node" in data) == ("join" in data):
        fail("a mapping has either `node:` (rows are records) or `join:` (a crosswalk)",
             "write `node: {label: Party, ids: ..., name: [...]}`")
    mapping = Mapping(file, join="join" in data, delimiter=data.get("delimiter"))
    mapping.label = spec.get("label")
    if not isinstance(mapping.label, str):
        fail("the node needs a `label:`", "write `label: Party`", spec)
    ids = spec.get("ids") or {}
    if not isinstance(ids, dict) or not ids:
        fail("`ids:` names at least one external id column", "write `ids: {partyfacts_id: "
             "{column: partyfacts_id, type: int}}`", spec)
    mapping.ids = {str(k): _column(v, file, k) for k, v in ids.items()}
    if mapping.join and len(mapping.ids) < 2:
        fail("a crosswalk joins two ids or more", "list both columns under `ids:`", spec)
    if not mapping.join:
        names = spec.get("name")
        mapping.name = [names] if isinstance(names, str) else list(names or [])
        if not mapping.name or not all(isinstance(n, str) for n in mapping.name):
            fail("the node needs `name:` (a column, or columns tried in order)",
                 "write `name: [name_english, name]`", spec)
        aliases = spec.get("aliases") or {}
        if not isinstance(aliases, dict):
            fail("`aliases:` is `{columns: [...], split: [...]}`",
                 'write `aliases: {columns: [name, name_short], split: ["|", " / "]}`', spec)
        mapping.aliases = list(aliases.get("columns") or [])
        mapping.split = list(aliases.get("split") or [])
        props = spec.get("properties") or {}
        if not isinstance(props, dict):
            fail("`properties:` maps a property to its column", "write `founded: {column: "
                 "year_first, type: year}`", spec)
        mapping.properties = {str(k): _column(v, file, k) for k, v in props.items()}
        country = spec.get("country")
        if country is not None and not isinstance(country, str):
            fail("`country:` is the column of ISO 3166 alpha-3 codes", "write `country: "
                 "country`", spec)
        mapping.country = country
    for rule in data.get("skip") or []:
        if not isinstance(rule, dict) or not isinstance(rule.get("column"), str) or \
                rule.get("when") not in ("filled", "empty"):
            fail("a skip rule is `{column: NAME, when: filled}` (or `when: empty`)",
                 "write `- {column: technical, when: filled}`", rule)
        mapping.skip.append((rule["column"], rule["when"]))
    return mapping


def _column(spec: Any, file: str, name: Any) -> tuple[str, str]:
    if isinstance(spec, str):
        spec = {"column": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("column"), str) or \
            spec.get("type", "text") not in TYPES:
        raise InputError(f"{name}: a column is `{{column: NAME, type: TYPE}}`", file=file,
                         line=getattr(spec, "line", None),
                         fix=f"types: {', '.join(TYPES)}")
    return spec["column"], spec.get("type", "text")


def value(raw: str, kind: str) -> Any:
    """A cell as its mapped type, or None when empty or not of that type.

    >>> value("1921", "year"), value("1921.0", "int"), value("x", "int"), value(" ", "text")
    (1921, 1921, None, None)
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    if kind in ("int", "year"):
        found = re.fullmatch(r"(\d+)(?:\.0+)?", raw) if kind == "int" else YEAR_RE.match(raw)
        return int(found.group(1)) if found else None
    if kind == "url":
        return raw if URL_RE.match(raw) else None
    return raw


def split_names(cell: str, separators: list[str]) -> list[str]:
    """The names in one cell.

    >>> split_names("Afghan Millat Party / Afghan Millat|AM", ["|", " / "])
    ['Afghan Millat Party', 'Afghan Millat', 'AM']
    """
    parts = [cell]
    for sep in separators:
        parts = [p for part in parts for p in part.split(sep)]
    return [p.strip() for p in parts if p.strip()]


def delimiter(doc: Document, mapping: Mapping) -> str:
    """The mapping's delimiter, else a tab for a ``.tsv`` file, else a comma."""
    return mapping.delimiter or ("\t" if ".tsv" in doc.path.name else ",")


def cells(row: dict, columns: dict[str, tuple[str, str]]) -> dict[str, Any]:
    """The filled cells of ``columns`` (``{property: (column, type)}``), typed."""
    typed = {prop: value(row.get(col), kind) for prop, (col, kind) in columns.items()}
    return {k: v for k, v in typed.items() if v is not None}


def rows(doc: Document, mapping: Mapping):
    """``(line, text, row)`` per data row: the row's first line and its exact text."""
    lines = doc.text.split("\n")
    reader = csv.DictReader(lines, delimiter=delimiter(doc, mapping))
    start = 2
    for row in reader:
        end = reader.line_num
        yield start, "\n".join(lines[start - 1:end]).strip(), row
        start = end + 1


@loader("datasets", kinds=("dataset",), exclusive=True)
def load_dataset(doc: Document, resolver) -> Batch:
    """Records of every row of a dataset, each citing its row."""
    where = {"file": doc.origin.file if doc.origin else doc.path,
             "line": doc.origin.line if doc.origin else None}
    if not doc.mapping:
        raise InputError(f"dataset {doc.id!r} has no `mapping:`", **where,
                         fix="add `mapping: partyfacts-core` (a shipped name) or a YAML path")
    mapping = load_mapping(mapping_path(doc.mapping, doc.path.parent, where))
    batch = Batch()
    header = next(csv.reader([doc.text.split("\n", 1)[0]], delimiter=delimiter(doc, mapping)))
    needed = {c for c, _ in [*mapping.ids.values(), *mapping.properties.values()]}
    needed |= {*mapping.name, *mapping.aliases, *(c for c, _ in mapping.skip)}
    needed |= {mapping.country} if mapping.country else set()
    missing = sorted(needed - set(header))
    if missing:
        raise InputError(f"{doc.path.name} has no column {missing[0]!r} that the mapping "
                         "uses", file=mapping.path, fix=f"its columns: {', '.join(header)}")
    unresolved: dict[str, int] = {}
    at = Origin(mapping.path)
    for prop, (_, kind) in mapping.ids.items():
        batch.declares.append((mapping.label, prop, SCHEMA_TYPES[kind], True, at))
    for prop, (_, kind) in mapping.properties.items():
        batch.declares.append((mapping.label, prop, SCHEMA_TYPES[kind], False, at))
    for line, text, row in rows(doc, mapping):
        if any(bool((row.get(c) or "").strip()) == (when == "filled") for c, when in mapping.skip):
            continue
        ids = cells(row, mapping.ids)
        if not ids:
            continue
        origin = Origin(str(doc.path), line)
        cite = {"source": doc.id, "quote": text}
        if mapping.join:
            batch.same.append((mapping.label, ids, origin))
            continue
        name = next((row[c].strip() for c in mapping.name if (row.get(c) or "").strip()), None)
        if name is None:
            continue
        aliases = [a for c in mapping.aliases for a in split_names(row.get(c) or "",
                                                                   mapping.split)]
        props = {**cells(row, mapping.properties), **ids}
        node = Node(mapping.label, name, sorted(set(aliases) - {name}), props, origin,
                    id=external_id(mapping.label, ids))
        batch.nodes.append(node)
        batch.edges.append(Edge("MENTIONS", doc.id, node.id, dict(cite), origin))
        code = (row.get(mapping.country) or "").strip() if mapping.country else ""
        if code:
            iso2 = resolver.gazetteer.alpha2(code)
            if iso2 is None:
                unresolved[code] = unresolved.get(code, 0) + 1
                continue
            country = resolver.gazetteer.node(iso2)
            batch.nodes.append(country)
            batch.edges.append(Edge("BASED_IN", node.id, country.id,
                                    {**cite, "name_in_source": code}, origin))
    for code, count in sorted(unresolved.items()):
        batch.notes.append(Note("unresolved-country", f"{code!r} ({count} rows of {doc.id}) is "
                                "not an ISO 3166 country: no BASED_IN for them", str(doc.path)))
    return batch
