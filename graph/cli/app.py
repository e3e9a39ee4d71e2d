"""The Typer app, the consoles and the entry point shared by every command."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from graph.errors import PartygraphError

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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a partygraph error prints its message and exits 2."""
    try:
        app(args=argv, standalone_mode=False)
    except PartygraphError as exc:
        # the message quotes user text ("[sic]", "[/b]"): never read it as markup
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, markup=True,
                  soft_wrap=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
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
