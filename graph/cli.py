"""The ``partygraph`` command: a thin layer over the library.

Every command prints results on stdout and messages on stderr; an error the
user can fix exits with status 2 and says where and how.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from graph.errors import PartygraphError, QueryError
from graph.store.location import default_home

app = typer.Typer(
    name="partygraph",
    help="An evidenced graph of political organizations, queried in Cypher.\n\n"
    "Example: partygraph build && partygraph query --name party_lineage "
    "--param party=\"Communist Party of Belgium\"",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
out = Console(soft_wrap=True)
err = Console(stderr=True)

DbOption = Annotated[Path | None, typer.Option(
    "--db", help="Graph directory [default: $PARTYGRAPH_DB or ./partygraph.db]",
    show_default=False)]


@app.command(epilog="Example: partygraph build --seeds seeds --db partygraph.db")
def build(
    seeds: Annotated[Path, typer.Option(help="Corpus folder: catalog.yaml, documents, facts/")]
    = Path("seeds"),
    db: DbOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary line")]
    = False,
) -> None:
    """Build the graph from the corpus into a fresh database, swapped in when complete."""
    from graph.build import build as run_build

    home = default_home(db)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True, disable=quiet) as progress:
        task = progress.add_task("reading the corpus", total=None)

        def tick(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, completed=done, total=total)

        report = run_build(seeds, home, progress=tick)
    summary = {
        "nodes": report.nodes, "relationships": report.relationships,
        "documents": report.documents, "seconds": round(report.seconds, 2),
        "notes": [{"kind": n.kind, "message": n.message, "where": n.where} for n in report.notes],
    }
    (home.root / "build-report.json").write_text(json.dumps(summary, indent=2) + "\n")
    total_nodes, total_rels = sum(report.nodes.values()), sum(report.relationships.values())
    line = (f"built {total_nodes} nodes and {total_rels} relationships from "
            f"{len(report.documents)} documents in {report.seconds:.1f} s -> {home.root}")
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
            notes.add_row(note.kind, note.where, note.message)
        out.print(notes)
        kinds = Counter(n.kind for n in report.notes)
        out.print("report: " + ", ".join(f"{v} {k}" for k, v in sorted(kinds.items())))
    out.print(line)


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


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(rows: list[dict[str, Any]], fmt: str, *, hoist: bool = True,
         hide: tuple[str, ...] = ()) -> None:
    """Print rows as a table, CSV or JSON (a list of objects, one per row).

    In a table, ``hoist`` says a column shared by every row once above it, and
    ``hide`` columns are left out (CSV and JSON keep everything).
    """
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    columns = list(dict.fromkeys(k for row in rows for k in row))
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        return
    # In a table, a column with one value for every row is said once, above it.
    constant = [c for c in columns if hoist and len(rows) > 1
                and len({_cell(r.get(c)) for r in rows}) == 1]
    for column in constant:
        out.print(f"{column}: {_cell(rows[0].get(column))}", highlight=False, markup=False)
    table = Table(show_lines=False)
    shown = [c for c in columns if c not in constant and c not in hide]
    for column in shown:
        numeric = all(isinstance(r.get(column), int | float | type(None)) for r in rows)
        if numeric:
            table.add_column(column, justify="right", no_wrap=True)
        else:
            table.add_column(column, overflow="fold", min_width=min(24, len(column) + 8))
    for row in rows:
        table.add_row(*[_cell(row.get(c)) for c in shown])
    out.print(table)
    err.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")


@app.command(epilog="Examples: partygraph query \"MATCH (p:Party) RETURN p.name AS name LIMIT 5\"  "
             "|  partygraph query --name conference_participants --param conference=Paris "
             "--format json")
def query(
    cypher: Annotated[str | None, typer.Argument(help="Cypher text (or use --name)")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="A named query from queries/")]
    = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="key=value, repeatable")]
    = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    write: Annotated[bool, typer.Option("--write", help="Allow clauses that change the graph")]
    = False,
    db: DbOption = None,
) -> None:
    """Run Cypher, or a named query, against the graph. Read-only unless --write."""
    from graph.api import open_graph
    from queries import get_query

    if fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown format {fmt!r}", fix="use --format table, csv or json")
    if (cypher is None) == (name is None):
        raise QueryError("give either Cypher text or --name NAME",
                         fix="see `partygraph queries` for the names")
    params = parse_params(param or [])
    if name:
        named = get_query(name)
        cypher, params = named.cypher, named.bind(params)
    with open_graph(db, write=write) as graph:
        rows = graph.rows(cypher, params, write=write)
    emit(rows, fmt)


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for value in values or [] for v in value.split(",") if v.strip()]


def _load_graph(db: Path | None):
    from graph.api import open_graph

    with open_graph(db) as graph:
        return graph.to_networkx()


@app.command(epilog="Examples: partygraph centrality --measure betweenness --top 10  |  "
             "partygraph centrality --projection collaboration --year-to 1995 --format csv")
def centrality(
    projection: Annotated[str, typer.Option(
        help="count (shared conferences), collaboration (Newman: big meetings count less), "
             "jaccard (overlap), or full (every kind of tie)")] = "count",
    measure: Annotated[list[str] | None, typer.Option(
        "--measure", "-m", help="degree, betweenness, closeness, eigenvector, pagerank; "
        "repeatable or comma-separated; the first sorts [default: all]")] = None,
    top: Annotated[int | None, typer.Option(help="Show the first N")] = None,
    year_from: Annotated[int | None, typer.Option(help="Only meetings and ties from this year")]
    = None,
    year_to: Annotated[int | None, typer.Option(help="Only up to this year ('as of')")] = None,
    role: Annotated[list[str] | None, typer.Option(
        "--role",
        help="ATTENDED roles that count: participant, supporter, observer [default: all]")]
    = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv or json")] = "table",
    db: DbOption = None,
) -> None:
    """Rank parties by centrality in the co-attendance network (networkx), with communities."""
    from graph.analysis import MEASURES, PROJECTIONS, centrality_table, select

    measures = _split(measure) or list(MEASURES)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or projection not in PROJECTIONS or fmt not in ("table", "csv", "json"):
        raise QueryError(f"unknown choice: {', '.join(unknown) or projection or fmt}",
                         fix=f"--projection {'|'.join(PROJECTIONS)}; --measure "
                         f"{'|'.join(MEASURES)}; --format table|csv|json")
    G = select(_load_graph(db), year_from=year_from, year_to=year_to)
    table = centrality_table(G, projection=projection, measures=measures,
                             roles=_split(role) or None, top=top)
    rows = [{"rank": i, **{k: (round(v, 4) if isinstance(v, float) else v)
                           for k, v in row.items() if k != "label"}}
            for i, row in enumerate(table.to_dict("records"), start=1)]
    note = table.attrs.get("note")
    if note:
        err.print(f"note: {note}")
    if not rows:
        err.print("no parties in this selection (no attendance in these years?)")
    emit(rows, fmt, hoist=False, hide=("id",))


@app.command(epilog="Examples: partygraph render --out graph.html  |  partygraph render "
             "--focus \"Communist Party of Belgium\" --depth 2 --size-by betweenness")
def render(
    out_file: Annotated[Path, typer.Option("--out", help="The HTML file to write")]
    = Path("partygraph.html"),
    focus: Annotated[str | None, typer.Option(help="Centre on this node (name or id)")] = None,
    depth: Annotated[int, typer.Option(help="Steps around --focus")] = 1,
    labels: Annotated[list[str] | None, typer.Option(
        "--labels", help="Labels to draw, comma-separated [default: all but Document]")] = None,
    year_from: Annotated[int | None, typer.Option(help="Only dated parts from this year")] = None,
    year_to: Annotated[int | None, typer.Option(help="Only up to this year")] = None,
    size_by: Annotated[str, typer.Option(help="Centrality that sizes nodes, or none")]
    = "degree",
    db: DbOption = None,
) -> None:
    """Write an interactive network page: one offline HTML file, every edge with its quote."""
    import time

    from graph.analysis import MEASURES
    from graph.render import DEFAULT_LABELS
    from graph.render import render as draw

    if size_by != "none" and size_by not in MEASURES:
        raise QueryError(f"unknown measure {size_by!r}",
                         fix=f"--size-by {'|'.join(MEASURES)}|none")
    started = time.perf_counter()
    page = draw(_load_graph(db), focus=focus, depth=depth,
                labels=_split(labels) or DEFAULT_LABELS, year_from=year_from, year_to=year_to,
                size_by=None if size_by == "none" else size_by)
    page.write(out_file)
    size = out_file.stat().st_size
    out.print(f"wrote {out_file}: {page.nodes} nodes, {page.edges} relationships, {size} bytes, "
              f"{'physics layout' if page.physics else 'precomputed layout'}, "
              f"{time.perf_counter() - started:.1f} s", highlight=False)


@app.command(epilog="Example: partygraph queries")
def queries() -> None:
    """List the named queries with what they answer and their parameters."""
    from queries import list_queries

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
    from graph.schema import load_schema, to_markdown

    sys.stdout.write(to_markdown(load_schema()) + "\n")


@app.command(epilog="Example: partygraph where")
def where(db: DbOption = None) -> None:
    """Show where the graph lives and when it was built."""
    from graph.store.location import find_home

    home = find_home(db)
    current = home.current()
    out.print(f"graph home: {home.root}")
    out.print(f"current build: {current if current else 'none (run `partygraph build`)'}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a partygraph error prints its message and exits 2."""
    try:
        app(args=argv, standalone_mode=False)
    except PartygraphError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors come through here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
