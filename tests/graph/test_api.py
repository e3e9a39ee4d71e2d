import networkx as nx
import pandas as pd
import pytest

from partygraph.api import open_graph
from partygraph.errors import QueryError, ReadOnlyError, StoreError


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


# about a million combinations to filter on the seed graph: seconds without a limit
HEAVY = "MATCH (a), (b), (c) WHERE a.name < b.name AND b.name < c.name RETURN count(*) AS n"


def test_a_query_past_its_time_limit_is_stopped_and_the_limit_is_lifted_after(graph):
    with pytest.raises(QueryError, match="time limit") as caught:
        graph.rows(HEAVY, timeout=0.001)
    assert "--timeout" in caught.value.fix
    assert graph.rows("MATCH (p:Party) RETURN count(p) AS n", timeout=30) == [{"n": 36}]
    assert graph.rows("MATCH (c:Country) RETURN count(c) AS n") == [{"n": 22}]


def test_the_cli_query_time_limit_exits_2_with_the_fix(seed_home):
    from partygraph.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["query", HEAVY, "--db", str(seed_home.root), "--timeout", "0.001"])
    assert exited.value.code == 2
