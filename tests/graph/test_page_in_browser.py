"""The rendered page in a real headless Chromium, opened from file:// with networking off."""

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from partygraph.render import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("PARTYGRAPH_ARTIFACTS",
                                Path(__file__).resolve().parents[1] / "artifacts"))
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium on this machine: install Debian's `chromium` (.ci/run does) "
           "to run the browser tests")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def open_page(browser, path: Path):
    """Open ``path`` offline; collect console errors, requests and dialogs."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    seen = {"errors": [], "requests": [], "dialogs": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("request", lambda r: seen["requests"].append(r.url))

    def dialog(d):
        seen["dialogs"].append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return context, page, seen


def test_seed_page_opens_offline_with_every_node(browser, graph, tmp_path):
    G = graph.to_networkx()
    page_file = render(G, size_by="betweenness").write(tmp_path / "seed.html")
    expected = sum(1 for _, d in G.nodes(data=True) if d["label"] != "Document")
    context, page, seen = open_page(browser, page_file)
    try:
        assert page.evaluate("window.partygraph.nodes.length") == expected
        assert page.evaluate("window.partygraph.network.body.nodeIndices.length") == expected
        assert seen["errors"] == []
        assert seen["requests"] == [page_file.as_uri()]  # nothing leaves the file
        # the search box finds a party and focuses it (the layout held still first)
        page.evaluate("window.partygraph.network.stopSimulation()")
        page.fill("#find", "Party of Labor of Iran")
        page.press("#find", "Enter")
        assert page.evaluate("window.partygraph.network.getSelectedNodes()") == [
            "party:party-of-labor-of-iran"]
        # tooltips are plain text with line breaks: the node's, and an edge's evidence
        title = page.evaluate("window.partygraph.nodes.get('party:party-of-labor-of-iran').title")
        assert title.startswith("Party of Labor of Iran (Party)")
        evidence = page.evaluate("""() => window.partygraph.edges.get({filter: e =>
            e.from === 'party:party-of-labor-of-iran' && e.label === 'ATTENDED'})[0].title""")
        assert evidence.splitlines()[-2:] == [
            "2nd International Conference of Marxist-Leninist Parties and Organizations "
            "(la-forge-1995-12), line 99", "“Party of Labor of Iran”"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "seed-graph.png"))
    finally:
        context.close()


def test_script_in_a_name_or_quote_renders_as_text(browser, tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("party:x", label="Party", name="<script>alert(1)</script>",
               aliases=["<img src=x onerror=alert(2)>"])
    G.add_node("party:y", label="Party", name="Y")
    G.add_edge("party:x", "party:y", type="ALLIED_WITH", source="d",
               quote="</script><script>alert(3)</script>")
    page_file = render(G, title="<script>alert(4)</script>").write(tmp_path / "xss.html")
    context, page, seen = open_page(browser, page_file)
    try:
        page.wait_for_timeout(500)
        assert seen["dialogs"] == [] and seen["errors"] == []
        assert page.evaluate("document.querySelectorAll('script').length") == 2
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        assert page.evaluate("window.partygraph.nodes.get('party:x').label") == (
            "<script>alert(1)</script>")
        assert page.inner_text("h1") == "<script>alert(4)</script>"
    finally:
        context.close()


TOP = """() => { const net = window.partygraph.network, scale = net.getScale();
  const box = document.getElementById("graph").getBoundingClientRect();
  return window.partygraph.nodes.get().sort((a, b) => b.value - a.value).slice(0, 5).map(n => {
    const at = net.canvasToDOM(net.getPositions([n.id])[n.id]);
    return {name: n.name, px: net.body.nodes[n.id].labelModule.fontOptions.size * scale,
            inside: at.x >= 0 && at.y >= 0 && at.x <= box.width && at.y <= box.height};
  }); }"""


def most_connected_names(frame) -> list[dict]:
    frame.wait_for_selector("body[data-ready='1']", timeout=60_000)
    return frame.evaluate(TOP)


@pytest.mark.parametrize("where", ["screen 1366x768", "notebook cell"])
def test_the_most_connected_names_are_legible_at_first_view(browser, graph, tmp_path, where):
    page_obj = render(graph.to_networkx())
    if where == "notebook cell":  # the cell's own HTML, as wide as a JupyterLab cell
        path = tmp_path / "cell.html"
        path.write_text('<!DOCTYPE html><html><body style="margin:0">'
                        '<div style="width:940px;padding:8px">' + page_obj._repr_html_() +
                        "</div></body></html>", encoding="utf-8")
        viewport = {"width": 1000, "height": 720}
    else:
        path = page_obj.write(tmp_path / "screen.html")
        viewport = {"width": 1366, "height": 768}
    context = browser.new_context(offline=True, viewport=viewport)
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        frame = page.frames[-1]
        top = most_connected_names(frame)
        assert len(top) == 5
        for node in top:  # 12 CSS px: the smallest text commonly read without effort
            assert node["px"] >= 12 and node["inside"], (where, node)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-{where.split()[0]}.png"))
    finally:
        context.close()


def test_every_label_has_its_own_shape_and_colour_on_screen(browser, graph, tmp_path):
    import numpy as np
    from PIL import Image

    G = graph.to_networkx()
    page_file = render(G).write(tmp_path / "labels.html")
    context, page, seen = open_page(browser, page_file)
    try:
        drawn = page.evaluate("window.partygraph.nodes.get().map(n => "
                              "[n.kind, n.shape, n.color])")
        styles = {}
        for kind, shape, colour in drawn:
            styles.setdefault(kind, set()).add((shape, colour))
        assert all(len(v) == 1 for v in styles.values()), styles
        pairs = [next(iter(v)) for v in styles.values()]
        assert len({s for s, _ in pairs}) == len({c for _, c in pairs}) == len(pairs) >= 8
        shot = tmp_path / "graph.png"
        page.locator("#graph").screenshot(path=str(shot))
        pixels = np.asarray(Image.open(shot).convert("RGB")).reshape(-1, 3)
        for kind, (_, colour) in zip(styles, pairs, strict=True):
            rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
            count = int((pixels == rgb).all(axis=1).sum())
            assert count >= 10, f"{kind} ({colour}) is not visible on screen"
    finally:
        context.close()
