"""Network analysis of the graph with networkx: functions of ``G`` returning dicts.

``G`` is the MultiDiGraph of :meth:`partygraph.api.PartyGraph.to_networkx`: node
ids as keys, a ``label`` on every node, a ``type`` on every edge.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for p in "ABC":
...     G.add_node(p, label="Party", name=p)
>>> G.add_node("m1", label="Conference", name="M1", year=1994)
>>> G.add_node("m2", label="Conference", name="M2", year=1995)
>>> for p, m in [("A", "m1"), ("B", "m1"), ("B", "m2"), ("C", "m2")]:
...     _ = G.add_edge(p, m, type="ATTENDED", role="participant")
>>> B, parties, meetings = attendance(G)
>>> sorted(parties), sorted(meetings)
(['A', 'B', 'C'], ['m1', 'm2'])
>>> P = project(B, parties, "count")
>>> sorted((min(u, v), max(u, v), w) for u, v, w in P.edges(data="weight"))
[('A', 'B', 1), ('B', 'C', 1)]
>>> centrality(P, ["betweenness"])["betweenness"]
{'A': 0.0, 'B': 1.0, 'C': 0.0}
>>> communities(P) == communities(P)   # seeded and ordered: the same every run
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import networkx as nx
from networkx.algorithms import bipartite

from partygraph.brandes import betweenness

PROJECTIONS = ("count", "collaboration", "jaccard", "full")
MEASURES = ("degree", "betweenness", "closeness", "eigenvector", "pagerank")
SAMPLE_ABOVE = 2000  # betweenness is approximated with k samples above this many nodes
SAMPLES = 500
WORK_BUDGET = 50_000_000  # nodes x edges; above it betweenness samples, closeness is skipped
MIN_SAMPLES = 20
SEED = 42


def year_of(data: dict) -> int | None:
    """The year of a node or edge: ``year``, else the year of ``date`` or ``start``.

    >>> year_of({"date": "1995-09"}), year_of({"year": 1921}), year_of({})
    (1995, 1921, None)
    """
    if isinstance(data.get("year"), int):
        return data["year"]
    for key in ("date", "start"):
        value = data.get(key)
        if isinstance(value, str) and re.match(r"^\d{4}", value):
            return int(value[:4])
    return None


def _in_window(year: int | None, year_from: int | None, year_to: int | None) -> bool:
    if year is None:
        return True
    return (year_from is None or year >= year_from) and (year_to is None or year <= year_to)


def select(G: nx.MultiDiGraph, *, labels: Iterable[str] | None = None,
           year_from: int | None = None, year_to: int | None = None) -> nx.MultiDiGraph:
    """A copy of ``G`` with only these labels and the dated parts inside the years.

    Undated nodes and edges are kept; "the graph as of 1995" is ``year_to=1995``.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Party"); G.add_node("c", label="Conference", year=2000)
    >>> sorted(select(G, year_to=1995).nodes)
    ['a']
    """
    wanted = set(labels) if labels else None
    keep = [n for n, d in G.nodes(data=True)
            if (wanted is None or d.get("label") in wanted)
            and _in_window(year_of(d), year_from, year_to)]
    H = G.subgraph(keep).copy()
    H.remove_edges_from([(u, v, k) for u, v, k, d in H.edges(keys=True, data=True)
                         if not _in_window(year_of(d), year_from, year_to)])
    return H


def attendance(G: nx.MultiDiGraph, roles: Iterable[str] | None = None):
    """The bipartite party-conference graph: ``(B, parties, conferences)``.

    ``roles`` limits which ATTENDED roles count (default: all). Node sets are
    returned explicitly, since the graph is seldom connected.
    """
    wanted = set(roles) if roles else None
    B = nx.Graph()
    parties, meetings = set(), set()
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if d.get("type") != "ATTENDED" or (wanted and d.get("role") not in wanted):
            continue
        parties.add(u)
        meetings.add(v)
        B.add_node(u, bipartite=0, **_attrs(G, u))
        B.add_node(v, bipartite=1, **_attrs(G, v))
        B.add_edge(u, v)
    return B, parties, meetings


def _attrs(G, n) -> dict:
    data = G.nodes[n]
    return {"name": data.get("name", n), "label": data.get("label")}


def project(B: nx.Graph, parties: set, weighting: str = "count") -> nx.Graph:
    """Project the bipartite graph onto the parties.

    ``count``: number of shared conferences; ``collaboration``: Newman's
    weighting, each shared conference adding 1/(participants - 1), so a large
    meeting counts less than a small one; ``jaccard``: shared / all attended.
    Each edge also gets ``distance = 1 / weight`` for path-based measures.

    >>> B = nx.Graph([("a", "m"), ("b", "m"), ("c", "m")])
    >>> project(B, {"a", "b", "c"}, "collaboration")["a"]["b"]["weight"]
    0.5
    """
    if weighting not in ("count", "collaboration", "jaccard"):
        raise ValueError(f"unknown projection {weighting!r}; use count, collaboration or jaccard")
    ordered = sorted(parties, key=str)  # node order decides ties: keep it stable
    P = nx.Graph()
    P.add_nodes_from((n, B.nodes[n]) for n in ordered)
    if not ordered:
        return P
    shared, attended = _shared(B, ordered, weighting == "collaboration")
    rows, cols = shared.nonzero()
    for i, j, value in zip(rows.tolist(), cols.tolist(), shared.data.tolist(), strict=True):
        if i >= j:
            continue
        if weighting == "count":
            weight = int(round(value))
        elif weighting == "jaccard":
            both = int(round(value))
            weight = both / (attended[i] + attended[j] - both)
        else:
            weight = value
        P.add_edge(ordered[i], ordered[j], weight=weight, distance=1.0 / weight)
    return P


def _shared(B: nx.Graph, ordered: list, by_size: bool):
    """The parties x parties matrix of shared meetings (sparse, one product), each
    meeting counting 1, or 1/(participants - 1) with ``by_size``; and how many
    meetings each party attended."""
    import numpy as np
    from scipy import sparse

    index = {n: i for i, n in enumerate(ordered)}
    meetings = sorted({m for n in ordered for m in B[n]}, key=str)
    column = {m: j for j, m in enumerate(meetings)}
    rows, cols = [], []
    for n in ordered:
        for m in B[n]:
            rows.append(index[n])
            cols.append(column[m])
    X = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)),
                          shape=(len(ordered), len(meetings)))
    attended = np.asarray(X.sum(axis=1)).ravel().astype(int).tolist()
    if by_size:
        size = np.asarray(X.sum(axis=0)).ravel()
        scale = np.divide(1.0, size - 1, out=np.zeros_like(size), where=size > 1)
        shared = (X @ sparse.diags(scale) @ X.T).tocsr()
    else:
        shared = (X @ X.T).tocsr()
    shared.eliminate_zeros()
    return shared.tocoo(), attended


def full_network(G: nx.MultiDiGraph) -> nx.Graph:
    """The whole graph but documents, undirected and simple, ``weight`` = relationships.

    For centrality across every kind of tie (attendance, lineage, alliances,
    leadership), where the co-attendance projections see only meetings.
    """
    H = nx.Graph()
    for n, d in G.nodes(data=True):
        if d.get("label") != "Document":
            H.add_node(n, **_attrs(G, n))
    for u, v, d in G.edges(data=True):
        if d.get("type") == "MENTIONS" or u not in H or v not in H or u == v:
            continue
        weight = H[u][v]["weight"] + 1 if H.has_edge(u, v) else 1
        H.add_edge(u, v, weight=weight, distance=1.0 / weight)
    return H


def centrality(P: nx.Graph, measures: Iterable[str] = MEASURES, *,
               weight: str | None = "weight") -> dict[str, dict]:
    """Centrality of every node: ``{measure: {node: value}}``.

    Betweenness and closeness use ``distance`` (1/weight) on weighted graphs;
    eigenvector and PageRank use ``weight``; degree is the plain degree
    centrality. Above ``SAMPLE_ABOVE`` nodes betweenness is approximated from
    ``SAMPLES`` sources (seeded): :func:`approximation` says when.
    """
    result: dict[str, dict] = {}
    distance = "distance" if weight else None
    for measure in measures:
        if measure == "degree":
            result[measure] = nx.degree_centrality(P)
        elif measure == "betweenness":
            result[measure] = betweenness(P, k=samples(P), weight=distance, seed=SEED)
        elif measure == "closeness":
            if _work(P) > WORK_BUDGET:
                result[measure] = {}  # too large to compute exactly; approximation() says so
            else:
                result[measure] = nx.closeness_centrality(P, distance=distance)
        elif measure == "eigenvector":
            result[measure] = _eigenvector(P, weight)
        elif measure == "pagerank":
            result[measure] = nx.pagerank(P, weight=weight) if len(P) else {}
        else:
            raise ValueError(f"unknown measure {measure!r}; use {', '.join(MEASURES)}")
    return result


def _work(P: nx.Graph) -> int:
    return P.number_of_nodes() * max(P.number_of_edges(), 1)


def samples(P: nx.Graph) -> int | None:
    """How many sources betweenness samples on ``P`` (None: all, exactly).

    >>> samples(nx.path_graph(10)) is None
    True
    """
    n = P.number_of_nodes()
    if n <= SAMPLE_ABOVE and _work(P) <= WORK_BUDGET:
        return None
    by_work = max(MIN_SAMPLES, WORK_BUDGET // max(P.number_of_edges(), 1))
    return min(n, SAMPLES, by_work)


def approximation(P: nx.Graph) -> str | None:
    """A sentence when centrality on ``P`` is approximated or left out, else None."""
    k = samples(P)
    if k is None:
        return None
    text = (f"betweenness approximated from {k} sampled sources ({P.number_of_nodes()} nodes, "
            f"{P.number_of_edges()} ties)")
    if _work(P) > WORK_BUDGET:
        text += "; closeness not computed at this size"
    return text


def _eigenvector(P: nx.Graph, weight: str | None) -> dict:
    if len(P) == 0:
        return {}
    try:
        return nx.eigenvector_centrality(P, weight=weight, max_iter=1000)
    except nx.PowerIterationFailedConvergence:
        return nx.eigenvector_centrality_numpy(P, weight=weight)


def bipartite_centrality(B: nx.Graph, parties: set) -> dict[str, dict]:
    """Bipartite degree and betweenness, each normalized within its side.

    Betweenness is normalized by the largest value possible on that side
    (Borgatti and Halgin), and is 0 where a side is too small to have any.

    >>> B = nx.Graph([("a", "m"), ("b", "m")])
    >>> c = bipartite_centrality(B, {"a", "b"})
    >>> c["degree"]["a"], c["betweenness"]["m"], c["betweenness"]["a"]
    (1.0, 1.0, 0.0)
    """
    if len(B) == 0:
        return {"degree": {}, "betweenness": {}}
    top = set(parties) & set(B)
    bottom = set(B) - top
    raw = nx.betweenness_centrality(B, normalized=False)
    most = {side: _bipartite_max(len(side), len(other))
            for side, other in ((frozenset(top), bottom), (frozenset(bottom), top))}
    betweenness = {}
    for side, limit in most.items():
        for node in side:
            betweenness[node] = raw[node] / limit if limit > 0 else 0.0
    return {"degree": bipartite.degree_centrality(B, top), "betweenness": betweenness}


def _bipartite_max(n: int, m: int) -> float:
    """The largest betweenness a node among ``n`` can have opposite ``m`` nodes."""
    if n == 0 or m == 0:
        return 0.0
    s, t = divmod(n - 1, m)
    return (m**2 * (s + 1) ** 2 + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


def communities(P: nx.Graph, *, seed: int = SEED, weight: str = "weight") -> dict:
    """Louvain communities, deterministic: ``{node: community number}``.

    Communities are numbered by size, largest first, ties by smallest member.
    """
    if len(P) == 0:
        return {}
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(P.nodes, key=str))
    # an undirected edge comes out as (u, v) or (v, u) by insertion order: one way only
    ends = sorted(((*sorted((u, v), key=str), d) for u, v, d in P.edges(data=True)),
                  key=lambda e: (str(e[0]), str(e[1])))
    ordered.add_edges_from(ends)
    found = nx.community.louvain_communities(ordered, weight=weight, seed=seed)
    ordered = sorted(found, key=lambda c: (-len(c), min(map(str, c))))
    return {n: i for i, members in enumerate(ordered) for n in members}


def windows_by_decade(G: nx.MultiDiGraph) -> list[tuple[int, int]]:
    """The decades that have dated conferences, as ``(first year, last year)``.

    >>> G = nx.MultiDiGraph(); G.add_node("c", label="Conference", year=1995)
    >>> windows_by_decade(G)
    [(1990, 1999)]
    """
    years = {year_of(d) for _, d in G.nodes(data=True) if d.get("label") == "Conference"}
    decades = sorted({y // 10 * 10 for y in years if y is not None})
    return [(d, d + 9) for d in decades]


def centrality_over_time(G: nx.MultiDiGraph, windows: list[tuple[int, int]] | None = None, *,
                         measure: str = "degree", weighting: str = "count") -> dict[str, dict]:
    """A measure per time window: ``{"1990-1999": {party: value}}``.

    Each window keeps the conferences dated inside it, so a notebook can plot
    a party's rise and fall.
    """
    result = {}
    for start, end in windows or windows_by_decade(G):
        H = select(G, year_from=start, year_to=end)
        B, parties, _ = attendance(H)
        P = network(H, weighting) if weighting == "full" else project(B, parties, weighting)
        result[f"{start}-{end}"] = centrality(P, [measure])[measure]
    return result


def network(G: nx.MultiDiGraph, projection: str = "count", roles=None) -> nx.Graph:
    """The party network a projection names (``count``, ``collaboration``,
    ``jaccard``) or the ``full`` network."""
    if projection == "full":
        return full_network(G)
    B, parties, _ = attendance(G, roles)
    return project(B, parties, projection)


def centrality_table(G: nx.MultiDiGraph, *, projection: str = "count",
                     measures: Iterable[str] = MEASURES, roles=None, top: int | None = None,
                     labels: Iterable[str] | None = ("Party",)):
    """A DataFrame, one row per node, sorted by the first measure (then name).

    Columns: ``name``, ``label``, each measure, ``community`` and ``id``.
    """
    import pandas as pd

    measures = list(measures)
    P = network(G, projection, roles)
    values = centrality(P, measures)
    groups = communities(P)
    wanted = set(labels) if labels else None
    rows = []
    for n, d in P.nodes(data=True):
        if wanted and d.get("label") not in wanted:
            continue
        row = {"id": n, "name": d.get("name", n), "label": d.get("label")}
        row.update({m: (values[m].get(n, 0.0) if values[m] else None) for m in measures})
        row["community"] = groups.get(n)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["name", "label", *measures, "community", "id"])
    if len(frame):
        frame = frame.sort_values([measures[0], "name"], ascending=[False, True])
    frame = frame.reset_index(drop=True)
    frame.attrs["note"] = approximation(P)
    return frame.head(top) if top else frame
