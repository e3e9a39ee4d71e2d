"""What a notebook imports: open the graph, Cypher into pandas, networkx out.

Example, after ``partygraph build``::

    from partygraph.api import open_graph
    g = open_graph()
    g.cypher("MATCH (p:Party) RETURN p.name AS name LIMIT 2")      # a DataFrame
    g.named("party_lineage", party="Communist Party of Belgium")   # a named query
    G = g.to_networkx()                                            # a MultiDiGraph
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partygraph.errors import StoreError
from partygraph.queries import get_query, list_queries
from partygraph.readonly import check_read_only
from partygraph.results import MAX_ROWS, Rows, capped, return_columns
from partygraph.store.base import Store
from partygraph.store.embedded import EmbeddedStore
from partygraph.store.location import GraphHome, copy_generation, find_home

ALL_NODES = "MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS p"
NODES = ("MATCH (n) WHERE labels(n)[0] IN $labels "
         "RETURN labels(n)[0] AS label, properties(n) AS p")
ALL_EDGES = "MATCH (a)-[r]->(b) RETURN a.id AS a, b.id AS b, type(r) AS type, properties(r) AS p"
EDGES = ("MATCH (a)-[r]->(b) WHERE labels(a)[0] IN $labels AND labels(b)[0] IN $labels "
         "RETURN a.id AS a, b.id AS b, type(r) AS type, properties(r) AS p")

if TYPE_CHECKING:  # pandas and networkx load on first use: the CLI starts faster
    import networkx as nx
    import pandas as pd


class PartyGraph:
    """A built graph, open for reading (or writing, when asked), over any
    :class:`~partygraph.store.base.Store`: the embedded engine (:func:`open_graph`)
    or a Bolt server (``PartyGraph(Neo4jStore.connect(credentials))``). Every read
    passes the read-only guard here, once."""

    def __init__(self, store: Store, *, max_rows: int | None = MAX_ROWS):
        self.store = store
        self.max_rows = max_rows

    def rows(self, cypher: str, params: dict[str, Any] | None = None, *,
             write: bool = False, timeout: float | None = None,
             max_rows: int | None = -1) -> Rows:
        """Run Cypher and return rows as dicts of plain values (nodes, relationships and
        paths as dicts); read-only unless ``write=True``. A query running longer than
        ``timeout`` seconds is stopped (QueryError). At most ``max_rows`` rows come
        back (default: this graph's ``max_rows``, 100,000; 0 or None: all); the
        answer's ``cut`` says when there were more, ``columns`` names its columns."""
        if not write:
            check_read_only(cypher)
        cap = self.max_rows if max_rows == -1 else max_rows
        rows, cut = capped(lambda limit: self.store.run(
            cypher, params or {}, write=write, timeout=timeout,
            **({"max_rows": limit} if limit else {})), cap)
        return Rows(rows, None if rows else return_columns(cypher), cut)

    def cypher(self, cypher: str, *, max_rows: int | None = -1, **params: Any) -> pd.DataFrame:
        """Run read-only Cypher with keyword parameters into a DataFrame; an empty
        answer keeps its columns. Past the row cap, a warning and ``frame.attrs["cut"]``.
        Example: ``g.cypher("MATCH (p:Party {name: $n}) RETURN p.founded AS year", n="X")``.
        """
        return _frame(self.rows(cypher, params, max_rows=max_rows))

    def named(self, name: str, *, max_rows: int | None = -1, **params: Any) -> pd.DataFrame:
        """Run a query from ``queries/`` by name into a DataFrame."""
        query = get_query(name)
        return _frame(query.run(partial(self.rows, max_rows=max_rows), params))

    def queries(self) -> pd.DataFrame:
        """The named queries: name, what they answer, parameters."""
        import pandas as pd

        return pd.DataFrame([{"name": q.name, "answers": q.summary,
                              "params": ", ".join(q.params)} for q in list_queries()])

    def to_networkx(self, labels: list[str] | None = None) -> nx.MultiDiGraph:
        """The graph (or the part with these labels) as a networkx MultiDiGraph.

        Nodes are keyed by id with their properties and ``label``; edges carry
        their properties, ``type`` and the relationship id as key.
        """
        import networkx as nx

        G = nx.MultiDiGraph()
        for row in self.rows(NODES if labels else ALL_NODES, {"labels": labels}, max_rows=None):
            G.add_node(row["p"]["id"], label=row["label"], **row["p"])
        for row in self.rows(EDGES if labels else ALL_EDGES, {"labels": labels}, max_rows=None):
            G.add_edge(row["a"], row["b"], key=row["p"]["id"], type=row["type"], **row["p"])
        return G

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def __enter__(self) -> PartyGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _frame(rows: Rows) -> pd.DataFrame:
    import warnings

    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=rows.columns or None)
    frame.attrs["cut"] = rows.cut
    if rows.cut:
        warnings.warn(f"only the first {len(rows)} rows were read; pass max_rows= for more",
                      ResultCut, stacklevel=3)
    return frame


class ResultCut(UserWarning):
    """An answer was cut at the row cap."""


def open_graph(db: str | Path | None = None, *, write: bool = False) -> PartyGraph:
    """Open the built graph: ``db``, else ``PARTYGRAPH_DB``, else the nearest
    ``partygraph.db`` in this directory or a parent."""

    home, published = _published(db)
    return PartyGraph(EmbeddedStore.open(published, read_only=not write))


def _published(db: str | Path | None) -> tuple[GraphHome, Path]:
    """The graph home ``db`` names (else ``PARTYGRAPH_DB``, else the nearest) and its
    published graph; no graph built yet is an error that says what to run."""
    from partygraph.settings import current

    home = find_home(db or current().db)
    published = home.current()
    if published is None:
        raise StoreError(f"no graph has been built in {home.root}",
                         fix="run `partygraph build` (or pass --db / set PARTYGRAPH_DB)")
    return home, published


@contextlib.contextmanager
def writing(db: str | Path | None = None, *,
            staged: Callable[[Path], None] | None = None) -> Iterator[PartyGraph]:
    """The built graph open for writing, on a copy: published as the new ``current`` when
    the block ends, discarded if it raises (or if the process is ended inside it), so a
    write stopped half-way never touches the published graph. Holds the home's build
    lock. ``staged`` is told the copy's folder (to remove it if the process must end).

    Example::

        with writing() as g:
            g.rows("MATCH (p:Party {id: $id}) SET p.note = $note", {...}, write=True)
    """
    home, published = _published(db)
    with home.lock():
        copy = home.staging()
        try:
            copy_generation(published, copy)
            if staged is not None:
                staged(copy)
            with PartyGraph(EmbeddedStore.open(copy, read_only=False)) as graph:
                yield graph
        except BaseException:
            home.discard(copy)
            raise
        home.publish(copy)
