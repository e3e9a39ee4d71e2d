"""partygraph: an evidenced graph of political organizations, queried in Cypher.

The public face is small; everything else lives in its module.

>>> import partygraph
>>> partygraph.__version__ == version("partygraph")
True
>>> issubclass(partygraph.InputError, partygraph.PartygraphError)
True

Typical use::

    report = partygraph.build("seeds", "partygraph.db")   # corpus -> published graph
    with partygraph.open_graph("partygraph.db") as g:      # read-only, by default
        g.named("conference_participants", conference="Paris, 1995")
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from partygraph.errors import (
    InputError,
    PartygraphError,
    QueryError,
    ReadOnlyError,
    StoreError,
    UsageError,
)

try:
    __version__ = version("partygraph")
except PackageNotFoundError:  # a source tree that is not installed
    __version__ = "0+unknown"

__all__ = ["InputError", "PartygraphError", "QueryError", "ReadOnlyError", "StoreError",
           "UsageError", "__version__", "build", "open_graph"]


def open_graph(db=None, *, write: bool = False):
    """The published graph as a :class:`partygraph.api.PartyGraph` (see there)."""
    from partygraph.api import open_graph as _open

    return _open(db, write=write)


def build(seeds, db=None, **options):
    """Build ``seeds`` into the graph home ``db`` (default ``./partygraph.db``) and
    publish it whole; the :class:`partygraph.build.BuildReport`."""
    from partygraph.build import build as _build
    from partygraph.settings import current
    from partygraph.store.location import default_home

    return _build(seeds, default_home(db or current().db), **options)
