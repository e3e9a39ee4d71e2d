"""The named query library: ``queries/*.cypher``, each with a header comment.

A header is ``//`` lines before the Cypher: the first says what the query
answers; ``// params: NAME - text`` declares a required parameter and
``// params: NAME = DEFAULT - text`` an optional one (DEFAULT is JSON:
``null``, ``1``, ``"x"``); ``// example:`` shows a command line.

``// finds: PARAM -> LABEL by name`` (or ``by words``) says a parameter
names a node. Before the query runs, :meth:`NamedQuery.run` looks the
reference up through the indexed ``id`` and ``key`` (the name in lower
case) and passes the matching ids as ``PARAM_ids``, so the query starts
from an index instead of scanning every name. ``by name`` falls back to
aliases, ``by words`` to words of the name.

>>> q = get_query("conference_participants")
>>> q.summary
'Who attended a conference, from which countries, in which role, with the evidence.'
>>> q.bind({"conference": "Paris"})
{'conference': 'Paris'}
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from partygraph.cypher import ident
from partygraph.errors import QueryError


class NotFoundError(QueryError):
    """A named query's party, conference or platform is not in the graph."""

QUERIES_DIR = Path(__file__).parent
PARAM = re.compile(r"^(?P<name>\w+)(?:\s*=\s*(?P<default>\S+))?\s*(?:-\s*(?P<doc>.*))?$")
FINDS = re.compile(r"^(?P<param>\w+)\s*->\s*(?P<label>[A-Z][A-Za-z]*(?:\|[A-Z][A-Za-z]*)*)"
                   r"\s+by\s+(?P<how>name|words)$")
# Fixed lookup texts; the label comes from a checked header, the reference is a parameter.
LOOKUPS = {
    "id": "MATCH (x:{label}) WHERE x.id = $ref RETURN x.id AS id",
    "key": "MATCH (x:{label}) WHERE x.key = $key RETURN x.id AS id",
    "name": "MATCH (x:{label}) WHERE any(a IN x.aliases WHERE toLower(a) = $key) RETURN x.id AS id",
    "words": "MATCH (x:{label}) WHERE x.key CONTAINS $key RETURN x.id AS id",
}
NAMES = "MATCH (x:{label}) RETURN x.name AS name, x.aliases AS aliases"
_REQUIRED = object()


@dataclass
class Param:
    """A declared parameter: its default (or required) and what it means."""

    name: str
    default: Any = _REQUIRED
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is _REQUIRED


@dataclass
class NamedQuery:
    """A ``.cypher`` file from the library."""

    name: str
    path: Path
    summary: str
    cypher: str
    params: dict[str, Param] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    finds: dict[str, tuple[str, str]] = field(default_factory=dict)  # param -> (label, how)

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: defaults filled in; missing or unknown ones refused.

        >>> get_query("co_attendance").bind({})
        {'min_shared': 1, 'party': None, 'limit': 1000}
        """
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(unknown)}",
                             fix=f"its parameters: {', '.join(self.params) or 'none'}")
        bound = {}
        for name, param in self.params.items():
            if name in given:
                bound[name] = given[name]
            elif param.required:
                raise QueryError(f"query {self.name!r} needs --param {name}=...",
                                 fix=f"{name}: {param.doc}")
            else:
                bound[name] = param.default
        return bound

    def run(self, run, given: dict[str, Any]) -> list[dict[str, Any]]:
        """Bind ``given``, look up the nodes it names, and run the query with ``run``
        (any ``run(cypher, params) -> rows``: a store's or a PartyGraph's).

        >>> found = lambda cypher, params: [{"id": "party:x"}]  # stands in for a store
        >>> get_query("party_conferences").prepare(found, {"party": "X"})["party_ids"]
        ['party:x']
        """
        return run(self.cypher, self.prepare(run, given))

    def prepare(self, run, given: dict[str, Any]) -> dict[str, Any]:
        """The bound parameters plus ``PARAM_ids`` for each ``finds:`` parameter."""
        bound = self.bind(given)
        for param, (label, how) in self.finds.items():
            ref = bound[param]
            bound[f"{param}_ids"] = None if ref is None else find_ids(run, label, ref, how)
            if ref is not None and not bound[f"{param}_ids"]:
                near = closest_names(run, label, str(ref))
                kind = "node" if "|" in label else label.lower()
                raise NotFoundError(f"no {kind} named {str(ref)!r}",
                                    fix=f"closest names: {'; '.join(near)}" if near else
                                    f"no {kind} in this graph has a name like it")
        return bound


def closest_names(run, label: str, ref: str, n: int = 5) -> list[str]:
    """The ``n`` names (or aliases) of ``label`` nodes nearest to ``ref``, nearest first.

    >>> rows = [{"name": "Communist Party of Belgium", "aliases": ["PCB"]}, {"name": "X"}]
    >>> closest_names(lambda cypher, params: rows, "Party", "communist party of belgum")
    ['Communist Party of Belgium']
    """
    import difflib

    rows = [row for one in label.split("|") for row in run(NAMES.format(label=ident(one)), {})]
    names = sorted({name for row in rows for name in [row.get("name"), *(row.get("aliases")
                                                                          or [])] if name})
    by_key = {name.lower(): name for name in names}
    near = difflib.get_close_matches(ref.lower(), list(by_key), n=n, cutoff=0.6)
    words = set(re.findall(r"\w+", ref.lower()))
    shared = sorted(((len(words & set(re.findall(r"\w+", k))), k) for k in by_key
                     if k not in near), key=lambda item: (-item[0], item[1]))
    near += [k for count, k in shared if count][: n - len(near)]
    return [by_key[k] for k in near]


def find_ids(run, label: str, ref: Any, how: str = "name") -> list[str]:
    """Ids of ``label`` nodes that ``ref`` names: its exact id; else its name in any
    case; else (``how="name"``) an alias in any case or (``how="words"``) words of
    the name. Each step is tried only when the one before finds nothing. ``label``
    may name several (``Party|Conference``): each step looks in all of them at once.

    >>> rows = {"id": [], "key": [{"id": "party:pcb"}]}
    >>> find_ids(lambda cypher, p: rows["key" if "x.key =" in cypher else "id"],
    ...          "Party", "PCB")
    ['party:pcb']
    """
    ref = str(ref)
    params = {"ref": ref, "key": ref.lower()}
    for step in ("id", "key", how):
        cypher = "\nUNION ALL\n".join(LOOKUPS[step].format(label=ident(one))
                                      for one in label.split("|"))
        ids = sorted({row["id"] for row in run(cypher, params)})
        if ids:
            return ids
    return []


def parse(path: Path) -> NamedQuery:
    """Read one ``.cypher`` file and its header."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = [ln[2:].strip() for ln in lines if ln.startswith("//")]
    body = "\n".join(ln for ln in lines if not ln.startswith("//")).strip()
    if not header or not body:
        raise QueryError(f"{path.name} needs a `//` header line and a query", file=path, line=1,
                         fix="start with `// what it answers`, then the Cypher")
    query = NamedQuery(path.stem, path, header[0], body)
    for number, text in enumerate(header[1:], start=2):
        key, _, rest = text.partition(":")
        if key == "params":
            match = PARAM.match(rest.strip())
            if not match:
                raise QueryError(f"bad params line {text!r}", file=path, line=number,
                                 fix="write `// params: name = default - what it is`")
            default = _REQUIRED
            if match.group("default") is not None:
                try:
                    default = json.loads(match.group("default"))
                except json.JSONDecodeError:
                    raise QueryError(f"default of {match.group('name')} is not JSON", file=path,
                                     line=number, fix='write null, 1 or "text"') from None
            query.params[match.group("name")] = Param(match.group("name"), default,
                                                      match.group("doc") or "")
        elif key == "example":
            query.examples.append(rest.strip())
        elif key == "finds":
            match = FINDS.match(rest.strip())
            if not match or match.group("param") not in query.params:
                raise QueryError(f"bad finds line {text!r}", file=path, line=number,
                                 fix="write `// finds: param -> Label by name` (or `by words`) "
                                     "after that param's `// params:` line")
            query.finds[match.group("param")] = (match.group("label"), match.group("how"))
    return query


def list_queries(folder: Path = QUERIES_DIR) -> list[NamedQuery]:
    """Every named query in ``folder``, by name.

    >>> "party_lineage" in [q.name for q in list_queries()]
    True
    """
    return [parse(p) for p in sorted(Path(folder).glob("*.cypher"))]


def get_query(name: str, folder: Path = QUERIES_DIR) -> NamedQuery:
    """The named query ``name``; an unknown name lists the known ones."""
    path = Path(folder) / f"{name}.cypher"
    if not path.exists():
        known = ", ".join(q.name for q in list_queries(folder))
        raise QueryError(f"no query named {name!r}", fix=f"known queries: {known}")
    return parse(path)
