"""Commands that build the graph and ask it questions."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from partygraph.cli import signals
from partygraph.cli.app import (
    DbOption,
    Neo4jOption,
    app,
    connect_neo4j,
    db_path,
    err,
    open_target,
    out,
    use_neo4j,
)
from partygraph.cli.output import emit, parse_params
from partygraph.cli.progress import BuildProgress
from partygraph.errors import QueryError, StoreError, UsageError
from partygraph.results import MAX_ROWS
from partygraph.store.location import default_home


@app.command(epilog="Examples: partygraph build  |  partygraph build --seeds seeds --db "
             "partygraph.db  |  NEO4J_PASSWORD=... partygraph build --neo4j neo4j://localhost:7687")
def build(
    seeds: Annotated[Path, typer.Option(help="Corpus folder: catalog.yaml, documents, facts/")]
    = Path("seeds"),
    db: DbOption = None,
    neo4j: Neo4jOption = None,
    batch_size: Annotated[int, typer.Option(help="Rows per transaction (Neo4j)")] = 1000,
    prune: Annotated[bool, typer.Option(help="Delete nodes the corpus no longer has (Neo4j)")]
    = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line")]
    = False,
) -> None:
    """Build the graph from the corpus: into a fresh embedded database, swapped in when
    complete, or into a Neo4j server (MERGE by id: re-running updates in place)."""
    from partygraph.build import build as run_build

    home = default_home(db_path(db))
    with BuildProgress(err, quiet=quiet) as tick:
        if use_neo4j(neo4j, db):
            with connect_neo4j(neo4j, batch=batch_size) as store:
                report = run_build(seeds, store, prune=prune, progress=tick)
            target = store.where
            rows = sum(report.nodes.values()) + sum(report.relationships.values())
            err.print(f"wrote {rows} rows through Bolt at "
                      f"{rows / max(report.seconds, 1e-9):.0f} rows/s")
        else:
            report = run_build(seeds, home, progress=tick)
            target = str(home.root)
    if not use_neo4j(neo4j, db):
        _write_report(home.root / "build-report.json", report)
    total_nodes, total_rels = sum(report.nodes.values()), sum(report.relationships.values())
    line = (f"built {total_nodes} nodes and {total_rels} relationships from "
            f"{len(report.documents)} documents in {report.seconds:.1f} s"
            + (f" (reading {report.phases['read']:.1f} s, writing {report.phases['write']:.1f} s)"
               if report.phases else "") + f" -> {target}")
    if quiet:
        out.print(line)
        return
    counts = Table(title="Graph", show_edge=False)
    counts.add_column("label / type")
    counts.add_column("count", justify="right")
    for name, n in report.nodes.items():
        counts.add_row(f"(:{name})", str(n))
    for name, n in report.relationships.items():
        counts.add_row(f"[:{name}]", str(n))
    out.print(counts)
    if report.notes:
        notes = Table(title="Build report: for a person to check", show_edge=False)
        for column in ("kind", "where", "message"):
            notes.add_column(column, overflow="fold")
        for note in report.notes:
            notes.add_row(*(escape(str(t)) for t in (note.kind, note.where, note.message)))
        out.print(notes)
        kinds = Counter(n.kind for n in report.notes)
        out.print("report: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))
    out.print(line)


def _write_report(path: Path, report) -> None:
    """Write build-report.json whole (a temporary file renamed), or say that only the
    report failed: the graph is published by then."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        tmp.write_text(json.dumps(report.to_dict(), indent=2) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"the graph was built and published, but its report could not be "
                         f"written: {exc.strerror}", file=path,
                         fix=f"make {path.parent} writable (or free space), then build again "
                             "for the report") from None


@app.command(epilog="Examples: partygraph query \"MATCH (p:Party) RETURN p.name AS name LIMIT 5\"  "
             "|  partygraph query --name conference_participants --param conference=Paris "
             "--format json  |  partygraph query --timeout 10 \"MATCH (a)--(b)--(c) RETURN "
             "count(*) AS n\"")
def query(
    cypher: Annotated[str | None, typer.Argument(help="Cypher text (or use --name)")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="A named query from queries/")]
    = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable")]
    = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    write: Annotated[bool, typer.Option("--write", help=(
        "Allow clauses that change the graph (run on a copy, published when the query has "
        "answered)"))] = False,
    timeout: Annotated[float | None, typer.Option(
        "--timeout", min=0.001,
        help="Stop the query after this many seconds [default: $PARTYGRAPH_QUERY_TIMEOUT, "
             "else no limit]")] = None,
    max_rows: Annotated[int, typer.Option(
        "--max-rows", min=0, envvar="PARTYGRAPH_MAX_ROWS",
        help="Read at most this many rows (0: all); the output says when rows were cut")
    ] = MAX_ROWS,
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Run Cypher, or a named query, against the graph. Read-only unless --write."""
    from partygraph.queries import get_query
    from partygraph.settings import current
    from partygraph.store.engine import quick_start

    quick_start()
    if fmt not in ("table", "csv", "json"):
        raise UsageError(f"unknown format {fmt!r}", fix="use --format table, csv or json")
    if (cypher is None) == (name is None):
        raise QueryError("give either Cypher text or --name NAME",
                         fix="see `partygraph queries` for the names")
    params = parse_params(param or [])
    named = get_query(name) if name else None
    if named:
        cypher, params = named.cypher, named.bind(params)
    limit = timeout or current().query_timeout
    past = (f"error: the query ran past its time limit ({limit or 0:g} s) and was stopped\n"
            "  fix: start it from a node or add a LIMIT, or allow more time (--timeout SECONDS)")
    undo: list = []  # a write runs on a copy of the graph: removed if the time is up
    with _target(db, neo4j, write, undo) as graph, signals.deadline(limit, past,
                                                                    before_exit=undo):
        rows = _answer(partial(graph.rows, timeout=limit, max_rows=max_rows), named, cypher,
                       params, write)
    emit(rows, fmt)


def _target(db, neo4j, write: bool, undo: list):
    """The graph to run on: for an embedded write, a copy published when the write is done
    (a write stopped at its time limit, or by a signal, leaves the published graph as it
    was); otherwise the graph itself."""
    from partygraph.api import writing

    if write and not use_neo4j(neo4j, db):
        return writing(db_path(db), staged=lambda copy: undo.append(
            partial(shutil.rmtree, copy, ignore_errors=True)))
    return open_target(db, neo4j, write=write)


def _answer(run, named, cypher, params, write):
    """Rows of a named query (its references looked up first) or of Cypher text."""
    if named:
        return named.run(run, params)
    return run(cypher, params, write=write)


@app.command(epilog="Example: partygraph queries")
def queries() -> None:
    """List the named queries with what they answer and their parameters."""
    from partygraph.queries import list_queries

    for q in list_queries():
        out.print(f"[bold]{q.name}[/]: {q.summary}", highlight=False)
        for p in q.params.values():
            default = "" if p.required else f" = {json.dumps(p.default)}"
            out.print(f"  --param {p.name}{default}: {p.doc}", highlight=False, markup=False)
        for example in q.examples:
            out.print(f"  example: {example}", highlight=False, markup=False)


@app.command(epilog="Example: partygraph schema > schema.md")
def schema() -> None:
    """Print the schema (labels, relationship types, properties) as Markdown tables."""
    from partygraph.schema import load_schema, to_markdown

    sys.stdout.write(to_markdown(load_schema()) + "\n")


@app.command(epilog="Example: partygraph where")
def where(db: DbOption = None) -> None:
    """Show where the graph lives and when it was built."""
    from partygraph.store.location import find_home

    home = find_home(db_path(db))
    current = home.current()
    out.print(f"graph home: {home.root}", markup=False)
    out.print(f"current build: {current if current else 'none (run `partygraph build`)'}",
              markup=False)
