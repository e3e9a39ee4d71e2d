import networkx as nx
import pandas as pd
import pytest

from graph.api import open_graph
from graph.errors import ReadOnlyError, StoreError


def test_cypher_returns_a_dataframe(graph):
    frame = graph.cypher("MATCH (p:Party)-[:BASED_IN]->(c:Country {iso2: $iso}) "
                         "RETURN p.name AS party ORDER BY party", iso="FR")
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["party"]) == ["Communist Party of the Workers of France"]


def test_reads_are_read_only(graph):
    with pytest.raises(ReadOnlyError):
        graph.cypher("MATCH (n) DETACH DELETE n")


def test_to_networkx_has_every_node_and_relationship(graph, seed_report):
    G = graph.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    assert G.number_of_nodes() == sum(seed_report.nodes.values())
    assert G.number_of_edges() == sum(seed_report.relationships.values())
    cpb = G.nodes["party:communist-party-of-belgium"]
    assert cpb["label"] == "Party" and cpb["founded"] == 1921
    for _, _, data in G.edges(data=True):
        assert data["source"] and data["quote"] and data["type"]


def test_to_networkx_filtered_by_labels(graph):
    G = graph.to_networkx(labels=["Party", "Conference"])
    assert {d["label"] for _, d in G.nodes(data=True)} == {"Party", "Conference"}
    assert {d["type"] for _, _, d in G.edges(data=True)} == {"ATTENDED", "ALLIED_WITH",
                                                            "SUCCEEDED_BY"}


def test_open_graph_uses_the_environment_and_says_when_nothing_is_built(seed_home, monkeypatch,
                                                                         tmp_path):
    monkeypatch.setenv("PARTYGRAPH_DB", str(seed_home.root))
    with open_graph() as g:
        assert len(g.queries()) == 7
    monkeypatch.setenv("PARTYGRAPH_DB", str(tmp_path))
    with pytest.raises(StoreError, match="no graph has been built"):
        open_graph()
