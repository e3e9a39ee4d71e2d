"""The read-only guard: refuse Cypher that could change data or reach outside.

Comments and string literals are blanked first, so a keyword inside a
quote or a comment does not count, and case does not matter. Refused
unless writing is asked for: CREATE, MERGE, SET, DELETE, REMOVE, DROP,
FOREACH, LOAD CSV, procedure CALLs (a ``CALL { ... }`` subquery is
allowed), and more than one statement. The stores enforce read-only
access as well; this guard gives the clear message first.

>>> check_read_only("MATCH (p:Party) WHERE p.name = 'CREATE' RETURN p // delete")
>>> check_read_only("RETURN apoc.coll.remove([1, 2], 0) AS x, {set: 1} AS m")
>>> check_read_only("match (p) detach delete p")
Traceback (most recent call last):
...
partygraph.errors.ReadOnlyError: this query writes (DELETE); the graph is read-only here
  fix: pass --write (CLI) or write=True (API) if you mean to change the graph
"""

from __future__ import annotations

import re

from partygraph.errors import ReadOnlyError

# a clause keyword: not a namespaced function or property (`apoc.coll.remove(`, `p.set`),
# nor a map key (`{set: 1}`)
WRITE = re.compile(r"(?<![.\w])(CREATE|MERGE|SET|DELETE|REMOVE|DROP|FOREACH)\b(?!\s*:)", re.I)
LOAD = re.compile(r"\bLOAD\s+CSV\b", re.I)
CALL = re.compile(r"\bCALL\b(?!\s*\{)", re.I)
TOKENS = re.compile(
    r"""//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`""", re.S)


def blank_literals(cypher: str) -> str:
    """Cypher with comments, strings and quoted names replaced by blanks.

    >>> blank_literals("RETURN 'a;b' AS `x;y` // c").split()
    ['RETURN', 'AS']
    """
    return TOKENS.sub(" ", cypher)


def check_read_only(cypher: str) -> None:
    """Raise :class:`ReadOnlyError` if ``cypher`` could write or reach outside."""
    code = blank_literals(cypher)
    fix = "pass --write (CLI) or write=True (API) if you mean to change the graph"
    found = WRITE.search(code)
    if found:
        raise ReadOnlyError(f"this query writes ({found.group(1).upper()}); the graph is "
                            "read-only here", fix=fix)
    if LOAD.search(code):
        raise ReadOnlyError("LOAD CSV reads files and URLs; refused in read-only mode", fix=fix)
    if CALL.search(code):
        raise ReadOnlyError("procedure calls are refused in read-only mode",
                            fix="use MATCH ... RETURN; " + fix)
    if ";" in code.strip().rstrip(";"):
        raise ReadOnlyError("one statement at a time", fix="run each statement on its own")
