"""The ``partygraph`` command: a thin layer over the library.

Every command prints results on stdout and messages on stderr; an error the
user can fix exits with status 2 and says where and how. One module per
group of commands; importing this package registers them all.
"""

from partygraph.cli import (  # noqa: F401 - importing them registers the commands
    corpus_commands,
    network_commands,
    reading_commands,
    server_commands,
)
from partygraph.cli.app import app, main
from partygraph.cli.output import emit, parse_params

__all__ = ["app", "emit", "main", "parse_params"]
