"""One pipeline, one API over any store: the notebook API, centrality, pages and exports
give the same answers through a Bolt server as through the embedded graph."""

from __future__ import annotations

import networkx as nx
import pytest

from partygraph.analysis import centrality_table
from partygraph.api import PartyGraph
from partygraph.export import export, formats
from partygraph.render import render


@pytest.fixture(scope="module")
def views(bolt_store, graph):
    """The networkx view of the same graph, from the embedded engine and from Bolt."""
    return graph.to_networkx(), PartyGraph(bolt_store).to_networkx()


def test_the_networkx_view_is_the_same_through_bolt(views):
    embedded, bolt = views
    assert dict(embedded.nodes(data=True)) == dict(bolt.nodes(data=True))
    assert sorted(embedded.edges(keys=True)) == sorted(bolt.edges(keys=True))
    assert nx.utils.graphs_equal(nx.DiGraph(embedded), nx.DiGraph(bolt))


def test_centrality_is_the_same_through_bolt(views):
    embedded, bolt = views
    left = centrality_table(embedded, projection="full").round(9)
    right = centrality_table(bolt, projection="full").round(9)
    assert left.equals(right)


def test_a_page_renders_from_bolt(views):
    page = render(views[1], focus="Communist Party of Belgium", depth=1)
    assert "Communist Party of Belgium" in page.html


@pytest.mark.parametrize("fmt", formats())
def test_every_export_is_the_same_through_bolt(views, tmp_path, fmt):
    left = export(views[0], fmt, tmp_path / "embedded" / f"g.{fmt}")
    right = export(views[1], fmt, tmp_path / "bolt" / f"g.{fmt}")
    assert [p.read_bytes() for p in left] == [p.read_bytes() for p in right]
