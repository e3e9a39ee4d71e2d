"""The schema as data: load ``graph/schema.yaml``, check it, validate records.

>>> schema = load_schema()
>>> "Party" in schema.labels and "ATTENDED" in schema.types
True
>>> schema.validate_node(Node("Party", "X", props={"kind": "party"}))
>>> try:
...     schema.validate_node(Node("Partie", "X"))
... except ValidationError as err:
...     print(err.message, "|", err.fix[:32])
unknown label 'Partie' | use one of: Conference, Country,
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partygraph.errors import SchemaError, ValidationError
from partygraph.records import Edge, Node
from partygraph.structs import DATE_PATTERN, properties_check
from partygraph.yamlfile import load_yaml

SCHEMA_PATH = Path(__file__).with_name("schema.yaml")
TYPES = {"string", "int", "bool", "year", "date", "list"}
DATE_RE = re.compile(DATE_PATTERN)
NAME_RE = re.compile(r"^[A-Z][A-Za-z]*$|^[A-Z][A-Z_]*$")


CHECKS = {
    "string": lambda v: isinstance(v, str) and v != "",
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "year": lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 < v < 3000,
    "date": lambda v: isinstance(v, str) and bool(DATE_RE.match(v)),
    "list": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
}


@dataclass(frozen=True)
class Property:
    """One declared property."""

    name: str
    type: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    doc: str = ""
    index: str | None = None  # "unique" or "plain": the stores index it

    def check(self, value: Any) -> str | None:
        """Return what is wrong with ``value``, or None.

        >>> Property("date", "date").check("1995-09")
        >>> Property("year", "year").check("1995")
        "expected a year (an integer), got '1995'"
        """
        if not CHECKS[self.type](value):
            wanted = {
                "string": "a non-empty string",
                "int": "an integer",
                "bool": "true or false",
                "year": "a year (an integer)",
                "date": "a date as YYYY, YYYY-MM or YYYY-MM-DD (quoted)",
                "list": "a list of strings",
            }[self.type]
            return f"expected {wanted}, got {value!r}"
        if self.enum and value not in self.enum:
            return f"expected one of {', '.join(self.enum)}, got {value!r}"
        return None


@dataclass(frozen=True)
class Style:
    """How a label looks on network pages: a colour, a vis-network shape, and whether
    pages show it unless asked."""

    colour: str
    shape: str
    shown: bool = True


@dataclass
class Schema:
    """Labels and relationship types with their properties and endpoints."""

    labels: dict[str, dict[str, Property]]
    types: dict[str, dict[str, Property]]
    endpoints: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    docs: dict[str, str] = field(default_factory=dict)
    path: str = str(SCHEMA_PATH)
    styles: dict[str, Style] = field(default_factory=dict)
    _checks: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def declare(self, label: str, name: str, type_: str, *, file: str | None = None,
                line: int | None = None) -> None:
        """Add a property a dataset's mapping declares; one the schema has already must
        keep its type (a ValidationError names the mapping otherwise)."""
        if label not in self.labels:
            raise ValidationError(f"unknown label {label!r}", file=file, line=line,
                                  fix=f"use one of: {', '.join(sorted(self.labels))}")
        have = self.labels[label].get(name)
        if have is None:
            self.labels[label] = {**self.labels[label], name: Property(name, type_)}
            self._checks.pop(("label", label), None)
        elif have.type != type_ and not (have.type == "string" and type_ == "string"):
            raise ValidationError(f"{label}.{name} is {have.type} in the schema, {type_} in "
                                  "this mapping", file=file, line=line,
                                  fix=f"give it `type: {have.type}` or another name")

    def validate_node(self, node: Node) -> None:
        """Raise :class:`ValidationError` if ``node`` breaks the schema."""
        if node.label not in self.labels:
            raise ValidationError(
                f"unknown label {node.label!r}",
                **_where(node),
                fix=f"use one of: {', '.join(sorted(self.labels))}",
            )
        values = node.properties()
        if not self._fast("label", node.label)(values):
            _check_props(values, self.labels[node.label], f"{node.label} {node.name!r}", node)

    def validate_edge(self, edge: Edge, labels: dict[str, str]) -> None:
        """Raise if ``edge`` breaks the schema; ``labels`` maps node id -> label."""
        if edge.type not in self.types:
            raise ValidationError(
                f"unknown relationship type {edge.type!r}",
                **_where(edge),
                fix=f"use one of: {', '.join(sorted(self.types))}",
            )
        starts, ends = self.endpoints[edge.type]
        if labels.get(edge.start) not in starts or labels.get(edge.end) not in ends:
            self._refuse_ends(edge, labels, _edge_what(edge))
        values = edge.properties()
        if not self._fast("type", edge.type)(values):
            _check_props(values, self.types[edge.type], _edge_what(edge), edge)

    def _refuse_ends(self, edge: Edge, labels: dict[str, str], what: str) -> None:
        """Say which end of ``edge`` is missing or of a label its type does not take."""
        for end, allowed in zip((edge.start, edge.end), self.endpoints[edge.type], strict=True):
            if end not in labels:
                raise ValidationError(
                    f"{what}: no node with id {end!r}",
                    **_where(edge),
                    fix="declare that node, or correct the name it is referred to by",
                )
            if labels[end] not in allowed:
                raise ValidationError(
                    f"{what}: a {labels[end]} cannot be at this end of {edge.type}",
                    **_where(edge),
                    fix=f"{edge.type} goes from {'/'.join(self.endpoints[edge.type][0])} "
                    f"to {'/'.join(self.endpoints[edge.type][1])}",
                )

    def _fast(self, kind: str, name: str):
        """The check generated for a ``label`` or ``type`` (see :mod:`partygraph.structs`);
        a record it does not pass is checked again property by property, for the message."""
        check = self._checks.get((kind, name))
        if check is None:
            declared = (self.labels if kind == "label" else self.types)[name]
            check = self._checks[(kind, name)] = properties_check(name, declared)
        return check


def _edge_what(edge: Edge) -> str:
    """How a message names an edge."""
    return f"{edge.type} {edge.start} -> {edge.end}"


def to_markdown(schema: Schema) -> str:
    """The schema as Markdown tables: labels, then relationship types.

    >>> print(to_markdown(load_schema()).splitlines()[0])
    | label | properties (besides id, name, key, aliases) | what it is |
    """
    common_node = {"id", "name", "key", "aliases"}
    common_rel = {"id", "source", "quote", "quote_line", "context", "year", "date", "start",
                  "end", "note"}

    def props(declared: dict[str, Property], skip: set[str]) -> str:
        shown = []
        for name, prop in declared.items():
            if name in skip:
                continue
            text = f"`{name}` {prop.type}" + ("!" if prop.required else "")
            if prop.enum:
                text += f" ({' / '.join(prop.enum)})"
            shown.append(text)
        return ", ".join(shown) or "-"

    lines = ["| label | properties (besides id, name, key, aliases) | what it is |",
             "|---|---|---|"]
    for label, declared in schema.labels.items():
        lines.append(f"| `{label}` | {props(declared, common_node)} | {schema.docs[label]} |")
    lines += ["",
              "| type | from -> to | properties (besides the evidence and dates) | what it is |",
              "|---|---|---|---|"]
    for rel, declared in schema.types.items():
        start, end = schema.endpoints[rel]
        lines.append(f"| `{rel}` | {'/'.join(start)} -> {'/'.join(end)} | "
                     f"{props(declared, common_rel)} | {schema.docs[rel]} |")
    return "\n".join(lines)


def _where(record: Node | Edge) -> dict[str, Any]:
    if record.origin is None:
        return {}
    return {"file": record.origin.file, "line": record.origin.line}


def _check_props(values: dict[str, Any], declared: dict[str, Property], what: str, record) -> None:
    for name, prop in declared.items():
        if not prop.required:
            continue
        if values.get(name) in (None, "") and not (prop.type == "list" and values.get(name) == []):
            raise ValidationError(
                f"{what}: missing required property {name!r}", **_where(record),
                fix=f"add `{name}:` ({prop.type})",
            )
    for name, value in values.items():
        if name not in declared:
            raise ValidationError(
                f"{what}: unknown property {name!r}",
                **_where(record),
                fix=f"use one of: {', '.join(sorted(declared))}, "
                "or declare it in graph/schema.yaml",
            )
        if value is None:
            continue
        prop = declared[name]
        if CHECKS[prop.type](value) and (prop.enum is None or value in prop.enum):
            continue
        problem = prop.check(value)
        if problem:
            allowed = f" ({' / '.join(prop.enum)})" if prop.enum else ""
            raise ValidationError(f"{what}: property {name!r}: {problem}", **_where(record),
                                  fix=f"correct `{name}`: graph/schema.yaml declares it "
                                      f"{prop.type}{allowed}")


def _properties(entries: Any, file: str, line: int | None) -> dict[str, Property]:
    if entries in (None, {}):
        return {}
    if not isinstance(entries, dict):
        raise SchemaError("`properties` must be a mapping", file=file, line=line)
    props = {}
    for name, spec in entries.items():
        spec_line = getattr(spec, "line", line)
        if not isinstance(spec, dict) or spec.get("type") not in TYPES:
            raise SchemaError(
                f"property {name!r} needs a type",
                file=file,
                line=spec_line,
                fix=f"write `{name}: {{type: string}}`; types: {', '.join(sorted(TYPES))}",
            )
        unknown = set(spec) - {"type", "required", "enum", "doc", "index"}
        if unknown:
            raise SchemaError(
                f"property {name!r}: unknown keys {sorted(unknown)}",
                file=file,
                line=spec_line,
                fix="allowed: type, required, enum, doc, index (unique or plain)",
            )
        enum = tuple(spec["enum"]) if spec.get("enum") else None
        if spec.get("index") not in (None, "unique", "plain"):
            raise SchemaError(f"property {name!r}: index is `unique` or `plain`", file=file,
                              line=spec_line, fix="write `index: unique` or `index: plain`")
        props[name] = Property(name, spec["type"], bool(spec.get("required")), enum,
                               spec.get("doc", ""), spec.get("index"))
    return props


def load_schema(path: str | Path = SCHEMA_PATH) -> Schema:
    """Load and check a schema file.

    >>> sorted(load_schema().endpoints["ATTENDED"][0])
    ['Party']
    """
    file = str(path)
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise SchemaError("the schema must be a mapping", file=file, fix="see graph/schema.yaml")
    for key in ("node_properties", "relationship_properties", "nodes", "relationships"):
        if not isinstance(data.get(key), dict):
            raise SchemaError(f"missing section {key!r}", file=file, fix=f"add `{key}:`")
    common_node = _properties(data["node_properties"], file, data.line)
    common_rel = _properties(data["relationship_properties"], file, data.line)
    labels, docs, styles = {}, {}, {}
    for label, spec in data["nodes"].items():
        line = getattr(spec, "line", None)
        if not NAME_RE.match(str(label)) or not isinstance(spec, dict):
            raise SchemaError(f"bad label entry {label!r}", file=file, line=line,
                              fix="labels are CamelCase with a mapping of properties")
        labels[label] = {**common_node, **_properties(spec.get("properties"), file, line)}
        docs[label] = spec.get("doc", "")
        styles[label] = _style(label, spec.get("style"), styles, file, line)
    types, endpoints = {}, {}
    for rel, spec in data["relationships"].items():
        line = getattr(spec, "line", None)
        if not NAME_RE.match(str(rel)) or not isinstance(spec, dict):
            raise SchemaError(f"bad relationship entry {rel!r}", file=file, line=line,
                              fix="types are UPPER_CASE with from:, to: and properties:")
        ends = []
        for side in ("from", "to"):
            names = spec.get(side)
            if not isinstance(names, list) or not names:
                raise SchemaError(f"{rel}: `{side}` must list labels", file=file, line=line,
                                  fix=f"write `{side}: [Party]`")
            unknown = [n for n in names if n not in labels]
            if unknown:
                raise SchemaError(f"{rel}: unknown labels {unknown} in `{side}`", file=file,
                                  line=line,
                                  fix=f"use labels declared under nodes: {sorted(labels)}")
            ends.append(tuple(names))
        types[rel] = {**common_rel, **_properties(spec.get("properties"), file, line)}
        endpoints[rel] = (ends[0], ends[1])
        docs[rel] = spec.get("doc", "")
    return Schema(labels, types, endpoints, docs, file, styles)


SHAPES = ("dot", "square", "diamond", "star", "triangle", "triangleDown", "hexagon",
          "database", "ellipse", "box", "circle", "text")  # vis-network shapes without images
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def _style(label: str, spec: Any, taken: dict[str, Style], file: str, line: int | None) -> Style:
    """A label's page style, checked: present, well-formed, and its own."""
    free = [s for s in SHAPES if s not in {t.shape for t in taken.values()}]
    example = f'style: {{colour: "#1a2b3c", shape: {free[0] if free else "dot"}}}'
    if not isinstance(spec, dict) or not isinstance(spec.get("colour"), str) \
            or not isinstance(spec.get("shape"), str):
        raise SchemaError(f"{label}: no page style", file=file, line=line,
                          fix=f"add `{example}` (pages draw every label by its style)")
    style = Style(spec["colour"], spec["shape"], bool(spec.get("shown", True)))
    if not COLOUR_RE.match(style.colour):
        raise SchemaError(f"{label}: colour {style.colour!r} is not #rrggbb", file=file,
                          line=line, fix=example)
    if style.shape not in SHAPES:
        raise SchemaError(f"{label}: unknown shape {style.shape!r}", file=file, line=line,
                          fix=f"use one of: {', '.join(SHAPES)}")
    for other, have in taken.items():
        if have.shape == style.shape or have.colour.lower() == style.colour.lower():
            same = "shape" if have.shape == style.shape else "colour"
            raise SchemaError(f"{label}: {other} has the same {same}; pages could not tell "
                              "them apart", file=file, line=line,
                              fix=f"choose another {same}"
                              + (f" (free shapes: {', '.join(free)})" if same == "shape" else ""))
    return style
