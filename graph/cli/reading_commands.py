"""Commands that read unseen documents: extract candidates, ingest accepted ones."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from partygraph.cli.app import app, err, out
from partygraph.cli.output import emit
from partygraph.cli.output import split_values as _split
from partygraph.errors import UsageError

SeedsOption = Annotated[Path, typer.Option(help="The corpus whose parties and platforms "
                                                "are matched")]


@app.command(epilog="Examples: partygraph extract report.txt  |  partygraph extract "
             "report.txt --format json")
def extract(
    file: Annotated[Path, typer.Argument(help="A document (UTF-8 text)")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json")] = "table",
    seeds: SeedsOption = Path("seeds"),
) -> None:
    """Read an unseen report: the meeting, each organization with its role, country and
    match in the graph, persons and publications, each with its quote. Writes nothing."""
    from partygraph.build import graph_knowledge
    from partygraph.loaders.corpus import read_text
    from partygraph.loaders.extract import extract as read

    if fmt not in ("table", "json"):
        raise UsageError(f"unknown format {fmt!r}", fix="use --format table or json")
    entries, platforms = graph_knowledge(seeds)
    found = read(read_text(file), str(file), known=entries, series=platforms)
    if fmt == "json":
        sys.stdout.write(json.dumps(found.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    meeting = {k: v for k, v in found.meeting.as_dict().items() if v is not None}
    out.print("meeting: " + (", ".join(f"{k}={v}" for k, v in meeting.items()) or "none found"),
              highlight=False)
    emit([{"name": p.name, "as written": p.spelled, "country": p.country, "role": p.role,
           "kind": p.kind, "in graph": (f"{p.match['id']} ({p.match['score']:.0f})"
                                        if p.match else "new"),
           "quote": p.quote if len(p.quote) < 120 else p.quote[:117] + "..."}
          for p in found.parties], "table", hoist=False)
    for label, items in (("persons", found.persons), ("publications", found.publications)):
        if items:
            out.print(f"{label}: " + "; ".join(i["name"] for i in items), highlight=False)


@app.command(epilog="Examples: partygraph ingest report.txt  |  partygraph ingest report.txt "
             "--role participant --role supporter --exclude \"World Peace Council\"")
def ingest(
    file: Annotated[Path, typer.Argument(help="A document (UTF-8 text)")],
    role: Annotated[list[str] | None, typer.Option(
        help="Roles to accept (repeatable) [default: all]")] = None,
    exclude: Annotated[list[str] | None, typer.Option(
        help="Organizations to leave out, by name (repeatable)")] = None,
    seeds: SeedsOption = Path("seeds"),
) -> None:
    """Add a document to the corpus with its accepted candidates as curated facts (with
    quotes), so the next `partygraph build` includes them. Undone whole on any error."""
    from partygraph.ingest import ROLES
    from partygraph.ingest import ingest as accept

    roles = _split(role) or list(ROLES)
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise UsageError(f"unknown role {unknown[0]!r}", fix=f"use one of: {', '.join(ROLES)}")
    result = accept(file, seeds, roles=roles, exclude=_split(exclude))
    out.print(f"ingested {result.document_id}: {result.nodes} nodes and {result.relationships} "
              f"relationships -> {result.facts_path}", highlight=False)
    for line in result.notices:
        err.print(f"  note: {line}", highlight=False)
    for line in result.skipped:
        err.print(f"  left out: {line}", highlight=False)
    out.print("review the facts file, then run `partygraph build`", highlight=False)
