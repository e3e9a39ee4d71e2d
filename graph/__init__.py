"""partygraph: an evidenced graph of political organizations, queried in Cypher.

The public face is small; everything else lives in its module.

>>> import partygraph
>>> from importlib.metadata import version
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

from partygraph.errors import (
    InputError,
    PartygraphError,
    QueryError,
    ReadOnlyError,
    StoreError,
    UsageError,
)


def __getattr__(name: str):
    """``__version__``, read from the installed package's metadata when first asked for
    (the look-up costs a short command 20-40 ms)."""
    if name != "__version__":
        raise AttributeError(f"module 'partygraph' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("partygraph")
    except PackageNotFoundError:  # a source tree that is not installed
        found = "0+unknown"
    globals()["__version__"] = found
    return found

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
