"""Answers of a query: the rows, their columns (kept when there are none) and the cap.

A query's rows come back as :class:`Rows`, a list of dicts that also knows its
``columns`` (read from the ``RETURN`` clause when the answer is empty) and whether
the row cap ``cut`` it. At most ``MAX_ROWS`` rows are read unless asked otherwise.

>>> rows = Rows([], columns=return_columns("MATCH (p:Party) RETURN p.name AS name, p.founded"))
>>> rows.columns, rows.cut
(['name', 'p.founded'], False)
"""

from __future__ import annotations

import re
from typing import Any

MAX_ROWS = 100_000  # rows a query returns unless told otherwise (0 or None: no cap)
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


class Rows(list):
    """Rows as dicts, with their ``columns`` and ``cut`` (more rows existed than the cap)."""

    def __init__(self, rows: list[dict[str, Any]], columns: list[str] | None = None,
                 cut: bool = False):
        super().__init__(rows)
        self.columns = columns if columns is not None else _columns(rows)
        self.cut = cut


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    """Every key of the rows in the order first seen: the first row's, then any other
    (a union of set operations, so a large answer of the same keys is not walked in Python).

    >>> _columns([{"a": 1, "b": 2}, {"a": 3, "c": 4}])
    ['a', 'b', 'c']
    """
    if not rows:
        return []
    first = list(rows[0])
    if not set().union(*rows).difference(first):
        return first
    return list(dict.fromkeys(k for row in rows for k in row))


def capped(fetch, max_rows: int | None) -> tuple[list[dict[str, Any]], bool]:
    """``fetch(limit)`` asked for one row more than ``max_rows``: the rows, and whether
    there were more. ``max_rows`` of 0 or None reads everything.

    >>> capped(lambda limit: list(range(10))[:limit], 3)
    ([0, 1, 2], True)
    """
    if not max_rows:
        return fetch(None), False
    rows = fetch(max_rows + 1)
    return rows[:max_rows], len(rows) > max_rows


def _top_level(text: str):
    """``(index, char)`` of characters outside strings, comments and brackets."""
    depth, quote, i = [], None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        elif ch in _CLOSERS:
            depth.append(_CLOSERS[ch])
        elif depth and ch == depth[-1]:
            depth.pop()
        elif not depth:
            yield i, ch
        i += 1


def return_columns(cypher: str) -> list[str]:
    """The column names of a query's last ``RETURN``, as the engine names them: the
    alias after ``AS``, else the expression's text. ``[]`` when there is none.

    >>> return_columns("MATCH (a) RETURN a.name AS name, count(*) ORDER BY name LIMIT 3")
    ['name', 'count(*)']
    >>> return_columns("UNWIND [1, 2] AS x RETURN DISTINCT x, {a: 1, b: 2} AS `m`")
    ['x', 'm']
    """
    top = "".join(ch if ok else " " for ch, ok in _mask(cypher))
    starts = [m.end() for m in re.finditer(r"\bRETURN\b", top, re.IGNORECASE)]
    if not starts:
        return []
    start = starts[-1]
    tail = re.search(r"\b(ORDER\s+BY|SKIP|LIMIT|UNION)\b", top[start:], re.IGNORECASE)
    end = start + tail.start() if tail else len(cypher)
    body = cypher[start:end]
    distinct = re.match(r"\s*DISTINCT\b", body, re.IGNORECASE)
    if distinct:
        body = body[distinct.end():]
    cuts = [i for i, ch in _top_level(body) if ch == ","]
    columns = []
    for part in (body[a:b] for a, b in zip([0, *(c + 1 for c in cuts)], [*cuts, len(body)],
                                            strict=True)):
        part = part.strip().rstrip(";").strip()
        alias = re.search(r"\s+AS\s+(`[^`]+`|\w+)\s*$", part, re.IGNORECASE)
        name = alias.group(1) if alias else part
        columns.append(name.strip("`"))
    return [] if columns == ["*"] else [c for c in columns if c]


def _mask(text: str):
    """Each character with whether it is top-level (outside strings and brackets)."""
    top = {i for i, _ in _top_level(text)}
    return [(ch, i in top) for i, ch in enumerate(text)]
