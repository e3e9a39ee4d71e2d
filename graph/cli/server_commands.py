"""Commands that hand the graph to other tools: a Bolt server, export files."""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from partygraph.cli.app import DbOption, Neo4jOption, app, db_path, err, open_target, out
from partygraph.errors import StoreError, UsageError

PASSWORD_ENV = "PARTYGRAPH_BOLT_PASSWORD"


@app.command(epilog="Examples: partygraph serve  |  PARTYGRAPH_BOLT_PASSWORD=... partygraph "
             "serve --port 7687  |  partygraph serve --host 0.0.0.0 (other machines too)")
def serve(
    port: Annotated[int | None, typer.Option(help="Bolt port [default: a free one]")] = None,
    host: Annotated[str, typer.Option(
        help="Address to listen on; anything but 127.0.0.1 lets other machines try the "
             "password")] = "127.0.0.1",
    query_timeout: Annotated[float, typer.Option(
        "--query-timeout", help="Seconds a query may run on the server before it is stopped",
        show_default=True)] = 60.0,
    db: DbOption = None,
) -> None:
    """Serve the embedded graph over Bolt, read-only, on 127.0.0.1 (unless --host says
    otherwise) for any Neo4j driver or tool.

    The user is `reader`, allowed to read and nothing else; the password comes from
    PARTYGRAPH_BOLT_PASSWORD, or is generated and shown once. Each query is stopped after
    --query-timeout seconds. Ctrl-C stops the server.
    """
    from partygraph import settings
    from partygraph.store.bolt import BoltServer, check_host
    from partygraph.store.location import find_home

    check_host(host)
    if query_timeout <= 0:
        raise UsageError("--query-timeout must be above 0 seconds", fix="pass --query-timeout 60")
    home = find_home(db_path(db))
    current = home.current()
    if current is None:
        raise StoreError(f"no graph has been built in {home.root}",
                         fix="run `partygraph build` first")
    given = settings.current().bolt_password
    server = BoltServer.start(current, password=given, port=port, host=host,
                              query_seconds=query_timeout)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        reach = "loopback only" if host in ("127.0.0.1", "localhost", "::1") else (
            f"listening on {host}: other machines can connect and try the password")
        out.print(f"serving {current} over Bolt ({reach})", highlight=False)
        out.print(f"  uri:      {server.uri}", highlight=False)
        out.print(f"  user:     {server.user}", highlight=False)
        out.print(f"  database: {server.database}   (read-only: the user may read, not write)",
                  highlight=False)
        out.print(f"  limits:   {server.query_seconds:g} s a query (--query-timeout)",
                  highlight=False)
        out.print(f"  also:     on this machine only, the engine's own Bolt on 127.0.0.1:"
                  f"{server.engine_port} (behind the uri above, same accounts) and its HTTP "
                  f"API on 127.0.0.1:{server.http_port} for its administrator (random "
                  "password, never shown)", highlight=False)
        if given:
            out.print(f"  password: from {PASSWORD_ENV}", highlight=False)
        else:
            out.print(f"  password: {server.password}   (shown once; set {PASSWORD_ENV} to "
                      "choose one)", highlight=False)
        out.print(f'  python:   GraphDatabase.driver("{server.uri}", auth=("{server.user}", '
                  f'password)).session(database="{server.database}")', highlight=False)
        out.print("press Ctrl-C to stop", highlight=False)
        out.file.flush()
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        err.print("stopped")


@app.command(epilog="Example: partygraph synth --parties 10000 --seed 1 --out synth/ && "
             "partygraph build --seeds synth/ --db synth.db")
def synth(
    parties: Annotated[int, typer.Option(help="How many parties")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the synthetic corpus")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed, the same corpus")] = 42,
) -> None:
    """Write a synthetic corpus (documents, catalog, records.jsonl) for scale tests: heavy-tailed
    attendance, splits, mergers, renamings and cycles, every fact with a quote."""
    from partygraph.synth import synthesize

    if parties < 1:
        raise UsageError("--parties must be at least 1", fix="pass --parties 1000")
    result = synthesize(parties=parties, seed=seed, out=out_dir)
    counts = result["counts"]
    relationships = sum(v for k, v in counts.items() if k.isupper())
    out.print(f"wrote {result['documents']} documents, {sum(counts.values()) - relationships} "
              f"nodes and {relationships} relationships to {out_dir}: "
              f"{counts.get('Party', 0)} parties, "
              f"{counts.get('Conference', 0)} conferences, {counts.get('ATTENDED', 0)} "
              "attendances", highlight=False)


@app.command(epilog="Examples: partygraph export --format gexf --out partygraph.gexf  |  "
             "partygraph export --format neo4j-admin --out import/")
def export(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="A format: one module of partygraph.exporters "
                                          "(cypher, gexf, graphml, json, neo4j-admin, ...)")],
    out_path: Annotated[Path, typer.Option("--out", help="File, or folder for neo4j-admin")],
    db: DbOption = None,
    neo4j: Neo4jOption = None,
) -> None:
    """Export the graph for Neo4j (neo4j-admin CSV, a Cypher script), Gephi (GEXF,
    GraphML) or anything else (node-link JSON)."""
    from partygraph.export import export as write

    with open_target(db, neo4j) as graph:
        G = graph.to_networkx()
    paths = write(G, fmt, out_path)
    size = sum(p.stat().st_size for p in paths)
    out.print(f"wrote {len(paths)} file{'s' if len(paths) > 1 else ''}, {size} bytes: "
              f"{G.number_of_nodes()} nodes, {G.number_of_edges()} relationships -> {out_path}",
              highlight=False)
