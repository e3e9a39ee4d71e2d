"""What loaders hand the core: nodes, edges and where they came from.

Ids are deterministic: a node's id is its label and a slug of its canonical
name, an edge's id a short hash of its type, ends and evidence.

>>> node_id("Party", "Workers' Party of Belgium")
'party:workers-party-of-belgium'
>>> e = Edge("BASED_IN", "party:x", "country:be", {"source": "doc", "quote": "x"})
>>> e.id == Edge("BASED_IN", "party:x", "country:be", {"source": "doc", "quote": "x"}).id
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

EVIDENCE_KEYS = ("source", "quote")
# C0 and C1 control characters but tab and newline (ESC, BEL, VT, CR, DEL...): no name,
# quote or title holds one, and in XML or a terminal they break or hijack the output
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def control_char(text: str) -> str | None:
    """The first control character of ``text``, written ``U+001B``; None if none.

    >>> control_char("Party\\x1b[31m"), control_char("a\\tb\\n")
    ('U+001B', None)
    """
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def _latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def fold_letters(text: str) -> str:
    """Lower case without accents: Latin letters as ASCII (those with no ASCII form
    dropped), the letters of every other script kept; punctuation left in place.

    >>> fold_letters("Côte d’Ivoire"), fold_letters("Κόμμα (ΚΚΕ εσ.)")
    ('cote d’ivoire', 'κομμα (κκε εσ.)')
    """
    if text.isascii():
        return text.lower()
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if ch.isascii():
            out.append(ch.lower())
        elif unicodedata.category(ch)[0] in "LN" and not _latin(ch):
            out.append(ch.casefold())
        elif unicodedata.category(ch)[0] not in "LM":
            out.append(ch)  # punctuation and spaces stay where they are
    return "".join(out)


def slug(text: str) -> str:
    """Lowercase ASCII words joined by dashes.

    >>> slug("Communist Party of Colombia (Marxist-Leninist)")
    'communist-party-of-colombia-marxist-leninist'
    >>> slug("Côte d’Ivoire")
    'cote-divoire'

    A name with no Latin letters or digits keeps its own letters, and one with no
    letters at all gets a short hash, so two such names never share an id; letters of
    another script beside Latin ones are kept too:

    >>> slug("日本共産党"), slug("—"), slug("Communist Party of Greece (ΚΚΕ εσ.)")
    ('日本共産党', 'x-1b93795b97', 'communist-party-of-greece-κκε-εσ')
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    ascii_slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if ascii_slug and (text.isascii() or not any(
            ch.isalnum() and not ch.isascii() and not _latin(ch) for ch in text)):
        return ascii_slug
    if ascii_slug:  # Latin and another script: both kept
        return re.sub(r"[\W_]+", "-", re.sub(r"['’`]", "", fold_letters(text))).strip("-")
    own = re.sub(r"[\W_]+", "-", re.sub(r"['’`]", "", text.lower())).strip("-")
    return own or "x-" + hashlib.sha1(text.encode("utf-8", "replace")).hexdigest()[:10]


def node_id(label: str, name: str) -> str:
    """The stable id of a node: ``label:slug``.

    >>> node_id("Country", "BE")
    'country:be'
    """
    return f"{label.lower()}:{slug(name)}"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record was read: a file and a 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(slots=True)
class Node:
    """A vertex: label, id, name, aliases and other properties.

    >>> Node("Party", "Communist Party of Belgium").id
    'party:communist-party-of-belgium'
    """

    label: str
    name: str
    aliases: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    origin: Origin | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = node_id(self.label, self.name)

    def properties(self) -> dict[str, Any]:
        """All stored properties: ``id``, ``name``, ``key`` (the name in lower case, for
        indexed case-insensitive lookups) and ``aliases`` included."""
        return {"id": self.id, "name": self.name, "key": self.name.lower(),
                "aliases": list(self.aliases), **self.props}

    def to_dict(self) -> dict[str, Any]:
        """The record as a line of ``records.jsonl``.

        >>> row = Node("Party", "A", ["B"]).to_dict(); row
        {'node': 'Party', 'name': 'A', 'id': 'party:a', 'aliases': ['B'], 'props': {}}
        >>> Node.from_dict(row) == Node("Party", "A", ["B"])
        True
        """
        return {"node": self.label, "name": self.name, "id": self.id,
                "aliases": list(self.aliases), "props": dict(self.props)}

    @classmethod
    def from_dict(cls, row: dict[str, Any], origin: Origin | None = None) -> Node:
        """A node from :meth:`to_dict`'s shape; TypeError names a field of the wrong kind."""
        return cls(_text(row, "node"), _text(row, "name"), _texts(row, "aliases"),
                   _object(row, "props"), origin, _text(row, "id") if "id" in row else "")


@dataclass(slots=True)
class Edge:
    """A relationship between two node ids, with its evidence in ``props``.

    ``props`` holds ``source`` (a document id) and ``quote`` (an exact
    substring of that document) plus any dated or typed property.
    """

    type: str
    start: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)
    origin: Origin | None = None

    _id: str | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def id(self) -> str:
        """A short hash of type, ends, source, quote and role/kind (computed once)."""
        if self._id is not None:
            return self._id
        props = self.props
        key = (f"{self.type}|{self.start}|{self.end}|{props.get('source')}|"
               f"{props.get('quote')}|{props.get('role')}|{props.get('kind')}")
        self._id = "rel:" + hashlib.sha1(key.encode()).hexdigest()[:16]
        return self._id

    def properties(self) -> dict[str, Any]:
        """All stored properties, ``id`` included."""
        return {"id": self.id, **self.props}

    def move(self, renamed: dict[str, str]) -> None:
        """Point the ends at their new node ids (``{old: new}``); the id is recomputed.

        >>> e = Edge("BASED_IN", "party:a", "country:be"); first = e.id
        >>> e.move({"party:a": "party:b"}); (e.start, e.id != first)
        ('party:b', True)
        """
        if self.start in renamed or self.end in renamed:
            self.start = renamed.get(self.start, self.start)
            self.end = renamed.get(self.end, self.end)
            self._id = None

    def to_dict(self) -> dict[str, Any]:
        """The record as a line of ``records.jsonl``.

        >>> row = Edge("BASED_IN", "party:a", "country:be", {"source": "d"}).to_dict()
        >>> row["edge"], row["start"], row["end"], row["props"]
        ('BASED_IN', 'party:a', 'country:be', {'source': 'd'})
        """
        return {"edge": self.type, "start": self.start, "end": self.end,
                "props": dict(self.props)}

    @classmethod
    def from_dict(cls, row: dict[str, Any], origin: Origin | None = None) -> Edge:
        """An edge from :meth:`to_dict`'s shape; TypeError names a field of the wrong kind."""
        return cls(_text(row, "edge"), _text(row, "start"), _text(row, "end"),
                   _object(row, "props"), origin)


def _text(row: dict, key: str) -> str:
    value = row[key]
    if not isinstance(value, str) or not value:
        raise TypeError(f"{key!r} must be a non-empty string, not {value!r}")
    return value


def _texts(row: dict, key: str) -> list[str]:
    value = row.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError(f"{key!r} must be a list of strings, not {value!r}")
    return list(value)


def _object(row: dict, key: str) -> dict:
    value = row.get(key) or {}
    if not isinstance(value, dict):
        raise TypeError(f"{key!r} must be an object, not {value!r}")
    return dict(value)


@dataclass(frozen=True)
class Note:
    """Something the build report should tell a person (not an error).

    ``kind`` is one of: ``unresolved-country``, ``ambiguous-country``,
    ``possible-duplicate``, ``fuzzy-match``, ``empty-list``, ``uncataloged``,
    ``skipped-list``.
    """

    kind: str
    message: str
    where: str = ""


@dataclass
class Batch:
    """What one loader yields for one document: nodes, edges and notes."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    # identity statements: (label, external ids, where) -- these ids name one node
    same: list[tuple[str, dict[str, Any], Origin]] = field(default_factory=list)
    # properties a mapping declares: (label, property, schema type, is an external id, where)
    declares: list[tuple[str, str, str, bool, Origin]] = field(default_factory=list)

    def extend(self, other: Batch) -> None:
        """Append another batch's records to this one."""
        self.nodes += other.nodes
        self.edges += other.edges
        self.notes += other.notes
        self.same += other.same
        self.declares += other.declares
