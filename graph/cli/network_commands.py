"""Commands over the networkx view: centrality rankings and network pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partygraph.cli.app import DbOption, Neo4jOption, app, err, open_target, out
from partygraph.cli.output import emit
from partygraph.cli.output import split_values as _split
from partygraph.errors import UsageError


def _load_graph(db: Path | None, neo4j: str | None = None):
    with open_target(db, neo4j) as graph:
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
    neo4j: Neo4jOption = None,
) -> None:
    """Rank parties by centrality in the co-attendance network (networkx), with communities."""
    from partygraph.analysis import MEASURES, PROJECTIONS, centrality_table, select

    measures = _split(measure) or list(MEASURES)
    unknown = [m for m in measures if m not in MEASURES]
    if unknown or projection not in PROJECTIONS or fmt not in ("table", "csv", "json"):
        raise UsageError(f"unknown choice: {', '.join(unknown) or projection or fmt}",
                         fix=f"--projection {'|'.join(PROJECTIONS)}; --measure "
                         f"{'|'.join(MEASURES)}; --format table|csv|json")
    G = select(_load_graph(db, neo4j), year_from=year_from, year_to=year_to)
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
    neo4j: Neo4jOption = None,
) -> None:
    """Write an interactive network page: one offline HTML file, every edge with its quote."""
    import time

    from partygraph.analysis import MEASURES
    from partygraph.render import DEFAULT_LABELS
    from partygraph.render import render as draw

    if size_by != "none" and size_by not in MEASURES:
        raise UsageError(f"unknown measure {size_by!r}",
                         fix=f"--size-by {'|'.join(MEASURES)}|none")
    started = time.perf_counter()
    page = draw(_load_graph(db, neo4j), focus=focus, depth=depth,
                labels=_split(labels) or DEFAULT_LABELS, year_from=year_from, year_to=year_to,
                size_by=None if size_by == "none" else size_by)
    page.write(out_file)
    size = out_file.stat().st_size
    out.print(f"wrote {out_file}: {page.nodes} nodes, {page.edges} relationships, {size} bytes, "
              f"{'physics layout' if page.physics else 'precomputed layout'}, "
              f"{time.perf_counter() - started:.1f} s", highlight=False)
