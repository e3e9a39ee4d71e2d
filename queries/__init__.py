"""The named query library: ``queries/*.cypher``, each with a header comment.

A header is ``//`` lines before the Cypher: the first says what the query
answers; ``// params: NAME - text`` declares a required parameter and
``// params: NAME = DEFAULT - text`` an optional one (DEFAULT is JSON:
``null``, ``1``, ``"x"``); ``// example:`` shows a command line.

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

from graph.errors import QueryError

QUERIES_DIR = Path(__file__).parent
PARAM = re.compile(r"^(?P<name>\w+)(?:\s*=\s*(?P<default>\S+))?\s*(?:-\s*(?P<doc>.*))?$")
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

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: defaults filled in; missing or unknown ones refused.

        >>> get_query("co_attendance").bind({})
        {'min_shared': 1, 'party': None}
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
