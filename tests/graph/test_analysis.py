import random

import networkx as nx
import pytest
from networkx.algorithms import bipartite

from partygraph import analysis


@pytest.fixture(scope="module")
def G(graph):
    return graph.to_networkx()


def test_attendance_is_bipartite_with_explicit_node_sets(G):
    B, parties, conferences = analysis.attendance(G)
    assert len(parties) == 18 and len(conferences) == 2
    assert bipartite.is_bipartite_node_set(B, parties)
    supporters, _, _ = analysis.attendance(G, roles=["supporter"])
    assert supporters.number_of_edges() == 2


@pytest.mark.parametrize(("weighting", "reference"), [
    ("count", bipartite.weighted_projected_graph),
    ("collaboration", bipartite.collaboration_weighted_projected_graph),
    ("jaccard", lambda B, nodes: bipartite.overlap_weighted_projected_graph(B, nodes,
                                                                           jaccard=True)),
])
def test_projections_match_networkx(G, weighting, reference):
    B, parties, _ = analysis.attendance(G)
    P = analysis.project(B, parties, weighting)
    expected = reference(B, list(parties))
    assert set(P.nodes) == set(expected.nodes)
    assert {frozenset((u, v)): round(d["weight"], 9) for u, v, d in P.edges(data=True)} == {
        frozenset((u, v)): round(d["weight"], 9) for u, v, d in expected.edges(data=True)}


def test_collaboration_weighting_counts_a_big_meeting_less():
    B = nx.Graph()
    B.add_edges_from([("a", "small"), ("b", "small")])
    B.add_edges_from([(p, "big") for p in ["a", "c", "d", "e", "f"]])
    P = analysis.project(B, {"a", "b", "c", "d", "e", "f"}, "collaboration")
    assert P["a"]["b"]["weight"] == 1.0 and P["a"]["c"]["weight"] == 0.25


def test_centrality_matches_networkx_by_hand(G):
    full = analysis.full_network(G)
    table = analysis.centrality_table(G, projection="full")
    by_id = table.set_index("id")
    distance = {(u, v): 1 / d["weight"] for u, v, d in full.edges(data=True)}
    nx.set_edge_attributes(full, distance, "hand_distance")
    betweenness = nx.betweenness_centrality(full, weight="hand_distance")
    closeness = nx.closeness_centrality(full, distance="hand_distance")
    pagerank = nx.pagerank(full, weight="weight")
    for party in by_id.index:
        assert by_id.loc[party, "betweenness"] == pytest.approx(betweenness[party])
        assert by_id.loc[party, "closeness"] == pytest.approx(closeness[party])
        assert by_id.loc[party, "pagerank"] == pytest.approx(pagerank[party])
        assert by_id.loc[party, "degree"] == pytest.approx(nx.degree_centrality(full)[party])
    assert table.iloc[0]["name"] == "Communist Party of Belgium"  # sorted by degree


def test_betweenness_ranks_the_belgian_party_first_in_the_full_network(G):
    table = analysis.centrality_table(G, projection="full", measures=["betweenness"], top=3)
    assert list(table["name"]) == ["Communist Party of Belgium", "Workers' Party of Belgium",
                                   "Communist Party of Colombia (Marxist-Leninist)"]


def test_communities_are_deterministic(G):
    P = analysis.full_network(G)
    first = analysis.communities(P)
    reordered = nx.Graph()
    reordered.add_nodes_from(reversed(list(P.nodes(data=True))))
    reordered.add_edges_from(reversed(list(P.edges(data=True))))
    assert analysis.communities(reordered) == first
    assert first["party:communist-party-of-belgium"] == first["party:workers-party-of-belgium"]


def test_time_windows_and_the_graph_as_of_a_year(G):
    windows = analysis.windows_by_decade(G)
    assert windows[0] == (1990, 1999) and windows[-1] == (2020, 2029)
    over_time = analysis.centrality_over_time(G)
    assert over_time["1990-1999"]["party:party-of-labor-of-iran"] == 1.0
    assert over_time["2000-2009"] == {}
    as_of_1995 = analysis.select(G, year_to=1995)
    assert "conference:belgrade-international-conference-2022" not in as_of_1995
    assert "conference:2nd-international-conference-of-marxist-leninist-parties-and-" \
           "organizations-paris-1995" in as_of_1995


def test_bipartite_centrality_handles_small_sides(G):
    B, parties, _ = analysis.attendance(G)
    values = analysis.bipartite_centrality(B, parties)
    assert values["degree"]["party:party-of-labor-of-iran"] == 0.5
    assert all(v == 0.0 for n, v in values["betweenness"].items() if n in parties)


def test_betweenness_is_sampled_above_the_size_limit(monkeypatch):
    monkeypatch.setattr(analysis, "SAMPLE_ABOVE", 5)
    monkeypatch.setattr(analysis, "SAMPLES", 3)
    monkeypatch.setattr(analysis, "MIN_SAMPLES", 2)
    P = nx.path_graph(8)
    assert "3 sampled sources" in analysis.approximation(P)
    monkeypatch.setattr(analysis, "WORK_BUDGET", 20)
    assert analysis.samples(P) == 2 and "closeness not computed" in analysis.approximation(P)
    assert analysis.centrality(P, ["closeness"])["closeness"] == {}
    assert len(analysis.centrality(P, ["betweenness"], weight=None)["betweenness"]) == 8


@pytest.mark.parametrize(("weighting", "reference"), [
    ("count", lambda B, ps: bipartite.weighted_projected_graph(B, ps)),
    ("collaboration", lambda B, ps: bipartite.collaboration_weighted_projected_graph(B, ps)),
    ("jaccard", lambda B, ps: bipartite.overlap_weighted_projected_graph(B, ps, jaccard=True)),
])
def test_projection_matches_networkx_on_a_random_attendance(weighting, reference):
    rng = random.Random(1)
    B = nx.Graph()
    parties = [f"p{i}" for i in range(200)]
    B.add_nodes_from(parties[:5])  # parties that attended nothing stay, alone
    for m in range(60):
        B.add_edges_from((p, f"m{m}") for p in rng.sample(parties, rng.randint(1, 25)))
    parties = [p for p in parties if p in B]
    expected = reference(B, parties)
    got = analysis.project(B, set(parties), weighting)
    assert sorted(got.nodes) == sorted(expected.nodes)
    want = {frozenset((u, v)): w for u, v, w in expected.edges(data="weight")}
    have = {frozenset((u, v)): w for u, v, w in got.edges(data="weight")}
    assert have.keys() == want.keys()
    assert all(have[k] == pytest.approx(want[k]) and type(have[k]) is type(want[k])
               for k in want)


@pytest.mark.parametrize("k", [None, 10])
@pytest.mark.parametrize("weight", [None, "distance"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_betweenness_gives_networkx_numbers(seed, weight, k):
    rng = random.Random(seed)
    P = nx.gnm_random_graph(60, 150, seed=seed)
    P.add_edge(100, 101)  # a second component
    for u, v in P.edges:
        P[u][v]["distance"] = rng.choice([1.0, 0.5, 1 / 3, 0.25])  # ties of equal length
    expected = nx.betweenness_centrality(P, k=k, weight=weight, seed=analysis.SEED)
    got = analysis.betweenness(P, k=k, weight=weight, seed=analysis.SEED)
    assert got == pytest.approx(expected, abs=1e-12)
