"""The Typer app, the consoles and the entry point shared by every command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from partygraph.errors import PartygraphError

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

def _version(value: bool) -> None:
    if value:
        from partygraph import __version__

        out.print(f"partygraph {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit")] = False,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True,
                                         help="Say more on stderr (-v steps, -vv details)")] = 0,
) -> None:
    """An evidenced graph of political organizations, queried in Cypher."""
    import logging

    level = {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(level=level, format="partygraph: %(message)s", stream=sys.stderr)
    logging.getLogger("partygraph").setLevel(level)


def db_path(db: Path | None) -> Path | None:
    """``--db``, else ``PARTYGRAPH_DB`` (from the settings), else None (the default home)."""
    from partygraph.settings import current

    return db or current().db


DbOption = Annotated[Path | None, typer.Option(
    "--db", help="Graph directory [default: $PARTYGRAPH_DB or ./partygraph.db]",
    show_default=False)]


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a partygraph error prints its message and exits 2;
    Ctrl-C exits 130 and SIGTERM 143, after the command's own clean-up."""
    from partygraph import settings
    from partygraph.cli import signals
    from partygraph.store import engine

    signals.install()
    engine.after_start(signals.install)  # the runtime takes the signals over when it starts
    try:
        settings.use(settings.Settings.from_env())  # the environment, read once, checked
        code = app(args=argv, standalone_mode=False)
        # outside standalone mode Typer returns an exit code instead of exiting: Ctrl-C
        # comes back as 130 (its KeyboardInterrupt already handled), an Exit as its code
        if isinstance(code, int) and code:
            if code == 130:
                err.print("interrupted")
            sys.exit(code)
    except signals.Stopped as exc:
        err.print(f"stopped (signal {exc.signum})")
        sys.exit(exc.code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except PartygraphError as exc:
        # the message quotes user text ("[sic]", "[/b]"): never read it as markup
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True,
                  soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except OSError as exc:  # a path the system refused: named, with what to do, no traceback
        err.print(f"[bold red]error:[/] {escape(os_error(exc))}", highlight=False, markup=True,
                  soft_wrap=True)
        sys.exit(2)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors come through here in non-standalone mode
        # Typer now ships its own copy of click (typer._click), and click itself may not be
        # installed: recognize a click exception by what it has, not by its module.
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None),
                                                                int):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    finally:
        settings.release()


def os_error(exc: OSError) -> str:
    """A system error as one line naming the path, and a fix.

    >>> print(os_error(FileNotFoundError(2, "No such file or directory", "/missing/x.html")))
    /missing/x.html: No such file or directory
      fix: check that /missing exists and can be written, or give another path
    """
    import errno

    path = str(exc.filename or "")
    where = f"{path}: " if path else ""
    parent = Path(path).parent if path else None
    fixes = {errno.ENAMETOOLONG: "use a file name of at most 255 bytes (and a path of at "
                                 "most 4096)",
             errno.ENOSPC: f"free space on the disk holding {parent or 'it'}, or use another",
             errno.EACCES: "choose a place you may write to, or change its permissions",
             errno.EROFS: "that file system is read-only: choose another place"}
    fix = fixes.get(exc.errno, f"check that {parent} exists and can be written, or give "
                               "another path" if parent else "check the path")
    return f"{where}{exc.strerror or exc}\n  fix: {fix}"


Neo4jOption = Annotated[str | None, typer.Option(
    "--neo4j", envvar="NEO4J_URI", show_envvar=True,
    help="A Neo4j (or any Bolt) server to use instead of the embedded graph; credentials from "
         "NEO4J_USERNAME, NEO4J_PASSWORD (or a prompt), NEO4J_DATABASE. An explicit --db wins "
         "over NEO4J_URI.")]


def connect_neo4j(uri: str, *, batch: int = 1000):
    """A Neo4j store from the URI and the environment; a missing password is asked for."""
    from partygraph.settings import current
    from partygraph.store.neo4j import Neo4jStore

    ask = None
    if sys.stdin.isatty():
        def ask(text: str) -> str:
            return typer.prompt(text, hide_input=True)
    return Neo4jStore.connect(current().neo4j_credentials(uri, prompt=ask), batch=batch)


def open_target(db: Path | None, neo4j: str | None, *, write: bool = False):
    """The graph to read, as a PartyGraph: the Neo4j server when asked for (unless an
    embedded --db is named), else the embedded graph."""
    from partygraph.api import PartyGraph, open_graph

    if use_neo4j(neo4j, db):
        return PartyGraph(connect_neo4j(neo4j))
    return open_graph(db_path(db), write=write)


def use_neo4j(neo4j: str | None, db: Path | None) -> bool:
    """Neo4j when asked for, unless an embedded --db is named explicitly."""
    return bool(neo4j) and db is None
