"""What a notebook imports: open the graph, Cypher into pandas, networkx out.

Example, after ``partygraph build``::

    from partygraph.api import open_graph
    g = open_graph()
    g.cypher("MATCH (p:Party) RETURN p.name AS name LIMIT 2")      # a DataFrame
    g.named("party_lineage", party="Communist Party of Belgium")   # a named query
    G = g.to_networkx()                                            # a MultiDiGraph
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from partygraph.errors import StoreError
from partygraph.queries import get_query, list_queries
from partygraph.readonly import check_read_only
from partygraph.store.base import Store
from partygraph.store.embedded import EmbeddedStore
from partygraph.store.location import find_home

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

    def __init__(self, store: Store):
        self.store = store

    def rows(self, cypher: str, params: dict[str, Any] | None = None, *,
             write: bool = False, timeout: float | None = None) -> list[dict[str, Any]]:
        """Run Cypher and return rows as dicts; read-only unless ``write=True``.
        A query running longer than ``timeout`` seconds is stopped (QueryError)."""
        if not write:
            check_read_only(cypher)
        return self.store.run(cypher, params or {}, write=write, timeout=timeout)

    def cypher(self, cypher: str, **params: Any) -> pd.DataFrame:
        """Run read-only Cypher with keyword parameters into a DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows(cypher, params))

    def named(self, name: str, **params: Any) -> pd.DataFrame:
        """Run a query from ``queries/`` by name into a DataFrame."""
        import pandas as pd

        return pd.DataFrame(get_query(name).run(self.rows, params))

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
        for row in self.rows(NODES if labels else ALL_NODES, {"labels": labels}):
            G.add_node(row["p"]["id"], label=row["label"], **row["p"])
        for row in self.rows(EDGES if labels else ALL_EDGES, {"labels": labels}):
            G.add_edge(row["a"], row["b"], key=row["p"]["id"], type=row["type"], **row["p"])
        return G

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def __enter__(self) -> PartyGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_graph(db: str | Path | None = None, *, write: bool = False) -> PartyGraph:
    """Open the built graph: ``db``, else ``PARTYGRAPH_DB``, else the nearest
    ``partygraph.db`` in this directory or a parent."""
    from partygraph.settings import current

    home = find_home(db or current().db)
    current = home.current()
    if current is None:
        raise StoreError(f"no graph has been built in {home.root}",
                         fix="run `partygraph build` (or pass --db / set PARTYGRAPH_DB)")
    return PartyGraph(EmbeddedStore.open(current, read_only=not write))
