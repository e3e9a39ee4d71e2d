import copy
import re

import networkx as nx
import pytest

from partygraph import render as render_module
from partygraph.render import RenderError, render

NASTY = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def G(graph):
    return graph.to_networkx()


def test_page_is_self_contained_and_offline(G):
    page = render(G)
    assert page.nodes == sum(1 for _, d in G.nodes(data=True) if d["label"] != "Document")
    html = page.html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "cdn" not in html.lower() and "bootstrap" not in html.lower()
    assert html.count("</script>") == 2 and "vis.Network" in html


def test_tooltips_carry_document_line_and_quote_as_text(G):
    html = render(G, focus="Communist Party of Belgium", depth=1).html
    assert "[Study of the Communist Party of Belgium] (cpb-study), line 30" in html
    assert "\\u003cbr" not in html and "<br" not in html  # line breaks, not HTML


def test_rendering_does_not_change_the_callers_graph(G):
    before = copy.deepcopy(G)
    render(G, size_by="betweenness")
    assert nx.utils.graphs_equal(before, G)
    assert dict(before.nodes(data=True)) == dict(G.nodes(data=True))


def test_focus_depth_and_labels_select(G):
    page = render(G, focus="Communist Party of Belgium", depth=1, labels=["Party"])
    assert page.nodes == 8  # the party, its three allies and four in its lineage
    with pytest.raises(RenderError, match="no node named"):
        render(G, focus="Atlantis")


def test_year_filter_keeps_the_graph_as_of_a_year(G):
    as_of = render(G, labels=["Party", "Conference"], year_to=1995)
    later = render(G, labels=["Party", "Conference"])
    assert as_of.nodes < later.nodes


def test_large_graphs_get_a_precomputed_layout_and_huge_ones_are_refused(monkeypatch):
    star = nx.MultiDiGraph()
    for i in range(30):
        star.add_node(f"p{i}", label="Party", name=f"Party {i}")
        star.add_edge("p0", f"p{i}", type="ALLIED_WITH", source="d", quote="q")
    monkeypatch.setattr(render_module, "PHYSICS_BUDGET", 10)
    page = render(star)
    assert not page.physics and '"physics": false' in page.html
    monkeypatch.setattr(render_module, "HARD_BUDGET", 20)
    with pytest.raises(RenderError, match="--focus") as caught:
        render(star)
    assert "30 nodes" in caught.value.message


def test_names_and_quotes_are_escaped_in_the_html():
    G = nx.MultiDiGraph()
    G.add_node("p", label="Party", name=NASTY, aliases=["</script><b>x</b>"])
    G.add_node("q", label="Party", name="B & C")
    G.add_edge("p", "q", type="ALLIED_WITH", source="d", quote="</script><img src=x>")
    html = render(G).html
    assert NASTY not in html and "<img" not in html and "<b>x" not in html
    assert html.count("</script>") == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the search list, as text


def test_notebook_display_is_inline_html(G):
    page = render(G, focus="Party of Labor of Iran")
    cell = page._repr_html_()
    assert cell.startswith("<iframe srcdoc=") and 'src="' not in cell
