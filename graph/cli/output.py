"""How commands print: tables, CSV and JSON; parameters from the command line."""

from __future__ import annotations

import csv
import json
import re
import sys
from typing import Any

from rich.table import Table
from rich.text import Text

from partygraph.cli.app import err, out
from partygraph.errors import QueryError


def parse_params(pairs: list[str]) -> dict[str, Any]:
    """``k=v`` strings to a dict; a value that is JSON (1, null, true, [..]) is decoded.

    >>> parse_params(["party=Communist Party of Belgium", "min_shared=2", "x=null"])
    {'party': 'Communist Party of Belgium', 'min_shared': 2, 'x': None}
    """
    params: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param {pair!r} is not key=value",
                             fix='write --param party="Communist Party of Belgium"')
        try:
            params[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            params[key.strip()] = value
    return params


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as a formula


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def visible(text: str) -> str:
    r"""Control characters (ESC, BEL, VT, ...) shown as escapes, never sent to a terminal.

    >>> visible("a\x1b[31mb\x07")
    'a\\x1b[31mb\\x07'
    """
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: a text starting with ``= + - @`` (or a
    tab or carriage return) gets a leading ``'``; numbers are left as they are.

    >>> [csv_cell(v) for v in ["=cmd|' /C calc'!A0", "@SUM(A1)", -3, "Party"]]
    ["'=cmd|' /C calc'!A0", "'@SUM(A1)", '-3', 'Party']
    """
    text = cell(value)
    if isinstance(value, str | list | dict) and text.startswith(FORMULA):
        return "'" + text
    return text


def emit(rows: list[dict[str, Any]], fmt: str, *, hoist: bool = True,
         hide: tuple[str, ...] = ()) -> None:
    """Print rows as a table, CSV or JSON (a list of objects, one per row).

    In a table, ``hoist`` says a column shared by every row once above it, and
    ``hide`` columns are left out (CSV and JSON keep everything). An empty answer
    keeps its columns (``rows.columns``): a CSV header, a JSON ``[]``. Rows cut at the
    cap (``rows.cut``) are said on stderr. Control characters never reach a terminal.
    """
    columns = getattr(rows, "columns", None) or list(
        dict.fromkeys(k for row in rows for k in row))
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    elif fmt == "csv":
        tty = sys.stdout.isatty()
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            cells = [csv_cell(row.get(c)) for c in columns]
            writer.writerow([visible(c) for c in cells] if tty else cells)
    else:
        _table(rows, columns, hoist, hide)
    if getattr(rows, "cut", False):
        err.print(f"only the first {len(rows)} rows are shown: the answer has more "
                  "(--max-rows N for more, 0 for all)", highlight=False, markup=False)


def _table(rows, columns, hoist, hide) -> None:
    # In a table, a column with one value for every row is said once, above it.
    constant = [c for c in columns if hoist and len(rows) > 1
                and len({cell(r.get(c)) for r in rows}) == 1]
    for column in constant:
        out.print(visible(f"{column}: {cell(rows[0].get(column))}"), highlight=False,
                  markup=False)
    table = Table(show_lines=False)
    shown = [c for c in columns if c not in constant and c not in hide]
    for column in shown:
        numeric = all(isinstance(r.get(column), int | float | type(None)) for r in rows)
        if numeric:
            table.add_column(visible(column), justify="right", no_wrap=True)
        else:
            table.add_column(visible(column), overflow="fold",
                             min_width=min(24, len(column) + 8))
    for row in rows:
        table.add_row(*[Text(visible(cell(row.get(c)))) for c in shown])  # never markup
    out.print(table)
    err.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


def split_values(values: list[str] | None) -> list[str]:
    """Repeated and comma-separated option values as one list.

    >>> split_values(["a,b", "c"])
    ['a', 'b', 'c']
    """
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]
