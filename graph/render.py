r"""Interactive network pages: one self-contained, offline HTML file.

The page inlines vis-network (shipped inside pyvis) and uses its own
template: no CDN, no bootstrap, nothing fetched, so it opens from
``file://`` with networking off. Nodes are coloured and shaped by label
(with a legend) and sized by a centrality measure, names too, so the most
connected names can be read at the first, fitted view; every edge's tooltip
gives its source document, line and quote as plain text. Small graphs lay
themselves out with physics; above ``PHYSICS_BUDGET`` nodes the layout is
computed in networkx and physics is off; above ``HARD_BUDGET`` rendering is
refused with advice.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p", label="Party", name="<b>Party</b>")
>>> page = render_page(G, title="t")
>>> "<b>Party</b>" in page.html, "\\u003cb\\u003eParty" in page.html
(False, True)
"""

from __future__ import annotations

import html as html_lib
import json
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from partygraph.analysis import centrality as compute_centrality
from partygraph.analysis import full_network, select
from partygraph.errors import PartygraphError
from partygraph.schema import load_schema

PHYSICS_BUDGET = 500
HARD_BUDGET = 5000
TEMPLATE = Path(__file__).parent / "templates" / "page.html"
LABEL_MAX = 90  # font size of the most connected node's name, before the view is fitted
FALLBACK = ("#999999", "dot")  # a label the schema does not know (never from a build)


def styles() -> dict[str, tuple[str, str]]:
    """label: (colour, vis-network shape), from the schema's ``style`` entries."""
    return {label: (s.colour, s.shape) for label, s in load_schema().styles.items()}


def default_labels() -> tuple[str, ...]:
    """The labels pages show unless asked (every label not marked ``shown: false``)."""
    return tuple(label for label, s in load_schema().styles.items() if s.shown)


DEFAULT_LABELS = default_labels()


class RenderError(PartygraphError):
    """The page cannot be drawn as asked (too large, unknown focus)."""


@dataclass(repr=False)
class Page:
    """A rendered page: its HTML, node and edge counts; shows itself in notebooks."""

    html: str
    nodes: int
    edges: int
    physics: bool

    def write(self, path: str | Path) -> Path:
        """Write the page to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path

    def __repr__(self) -> str:
        return (f"<Page: {self.nodes} nodes, {self.edges} relationships, "
                f"{len(self.html.encode()):,} bytes>")

    def _repr_html_(self) -> str:
        # The whole page inline in the cell (no file, no server): JupyterLab, VS Code.
        return (f'<iframe srcdoc="{html_lib.escape(self.html, quote=True)}" '
                'style="width:100%;height:640px;border:1px solid #ddd" '
                'sandbox="allow-scripts"></iframe>')


def neighbourhood(G: nx.MultiDiGraph, focus: str, depth: int = 1) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps of the node named (or with id) ``focus``."""
    wanted = focus.casefold()
    exact = [n for n, d in G.nodes(data=True)
             if n == focus or str(d.get("name", "")).casefold() == wanted
             or wanted in (a.casefold() for a in d.get("aliases") or [])]
    found = exact or [n for n, d in G.nodes(data=True)
                      if wanted in str(d.get("name", "")).casefold()]
    if not found:
        raise RenderError(f"no node named {focus!r} in the selected graph",
                          fix="check the spelling, or widen --labels / the years")
    keep = set()
    undirected = G.to_undirected(as_view=True)
    for start in found[:1] if exact else found:
        keep |= set(nx.single_source_shortest_path_length(undirected, start, cutoff=depth))
    return G.subgraph(keep).copy()


def _edge_title(data: dict, documents: dict[str, str]) -> str:
    source = data.get("source", "")
    lines = [data.get("type", "")]
    details = [f"{k}: {data[k]}" for k in ("role", "kind", "year", "date", "start", "end")
               if data.get(k) is not None]
    if details:
        lines.append(", ".join(details))
    where = f"{documents.get(source, source)} ({source})"
    if data.get("quote_line"):
        where += f", line {data['quote_line']}"
    lines += [where, f"“{data.get('quote', '')}”"]
    return "\n".join(lines)


def _node_title(data: dict) -> str:
    lines = [f"{data.get('name', '')} ({data.get('label', '')})"]
    aliases = data.get("aliases") or []
    if aliases:
        lines.append("also: " + "; ".join(aliases))
    for key in ("iso2", "year", "date", "city", "edition", "theme", "founded", "kind", "start",
                "end"):
        if data.get(key) not in (None, ""):
            lines.append(f"{key}: {data[key]}")
    return "\n".join(lines)


def _wrapped(name: str, width: int = 26) -> str:
    """A long name on several lines, so a large label stays near its node.

    >>> _wrapped("2nd International Conference of Marxist-Leninist Parties")
    '2nd International\\nConference of\\nMarxist-Leninist Parties'
    """
    import textwrap

    return "\n".join(textwrap.wrap(name, width, break_long_words=False,
                                   break_on_hyphens=False)) or name


def _script_json(value) -> str:
    """JSON safe inside a <script> element: no tag, entity or line-separator breaks out."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _vis_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    script = path.read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise RenderError("the bundled vis-network script cannot be inlined safely")
    return script


def render_page(G: nx.MultiDiGraph, *, title: str = "partygraph", size_by: str | None = None,
                documents: dict[str, str] | None = None) -> Page:
    """Draw ``G`` (it is not modified) as a self-contained page.

    ``size_by`` names a centrality measure (degree, betweenness, closeness,
    eigenvector, pagerank; degree when None) computed on the drawn network; it sizes
    the nodes and their names (largest: ``LABEL_MAX``); ``documents`` maps
    document ids to titles for the tooltips (taken from ``G`` when absent).
    """
    from pyvis.network import Network

    count = G.number_of_nodes()
    if count > HARD_BUDGET:
        raise RenderError(
            f"{count} nodes is more than a page can show usefully (limit {HARD_BUDGET})",
            fix="narrow it: --focus NAME --depth 1, --labels Party,Conference, "
                "or --year-from/--year-to")
    documents = documents or {n: d.get("name", n) for n, d in G.nodes(data=True)
                              if d.get("label") == "Document"}
    # A node's value (its centrality, else its degree) sizes both the node and its name:
    # the most connected names are drawn large enough to read at the first, fitted view.
    values = (compute_centrality(full_network(G), [size_by])[size_by] if size_by
              else dict(full_network(G).degree()))
    top = max(values.values(), default=0) or 1
    sizes = {n: round(100 * (v / top) ** 0.35, 3) for n, v in values.items()}
    physics = count <= PHYSICS_BUDGET
    positions = {} if physics else nx.spring_layout(nx.Graph(G), seed=42, iterations=30,
                                                   scale=40 * count ** 0.5)
    net = Network(directed=True, cdn_resources="in_line")
    style = styles()
    order = sorted(G.nodes(data=True), key=lambda nd: (nd[1].get("label", ""), str(nd[0])))
    for n, d in order:
        color, shape = style.get(d.get("label"), FALLBACK)
        extra = {}
        if n in positions:
            extra = {"x": float(positions[n][0]), "y": float(positions[n][1]), "physics": False}
        net.add_node(str(n), label=_wrapped(str(d.get("name", n))), title=_node_title(d),
                     color=color, shape=shape, value=sizes.get(n, 0), kind=d.get("label", ""),
                     **extra)
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]),
                                                             str(e[2].get("id")))):
        net.add_edge(str(u), str(v), label=d.get("type", ""), title=_edge_title(d, documents),
                     arrows="to")
    options = {
        "physics": {"enabled": physics, "stabilization": {"iterations": 300},
                    "barnesHut": {"gravitationalConstant": -6000, "springLength": 140,
                                  "centralGravity": 0.45, "avoidOverlap": 0.4}},
        "layout": {"randomSeed": 7},  # the same page draws the same way every time
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "edges": {"font": {"size": 9, "align": "middle"}, "smooth": {"type": "dynamic"},
                  "color": {"color": "#999", "highlight": "#333"}},
        "nodes": {"font": {"size": 14, "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "scaling": {"min": 8, "max": 36,
                              "label": {"enabled": True, "min": 14, "max": LABEL_MAX,
                                        "maxVisible": 30, "drawThreshold": 9}}},
    }
    net.set_options(json.dumps(options))
    nodes, edges, _, _, _, _ = net.get_network_data()
    names = {str(n): str(d.get("name", n)) for n, d in G.nodes(data=True)}
    for node in nodes:
        node["name"] = names[node["id"]]
    env = Environment(autoescape=True)
    template = env.from_string(TEMPLATE.read_text(encoding="utf-8"))
    labels_present = sorted({d.get("label") for _, d in G.nodes(data=True)} & set(style))
    page = template.render(
        title=title,
        names=sorted({str(d.get("name", n)) for n, d in G.nodes(data=True)}),
        legend=[{"label": lb, "color": style[lb][0], "shape": style[lb][1]}
                for lb in labels_present],
        status=f"{count} nodes, {G.number_of_edges()} relationships"
               + ("" if physics else " (layout precomputed)"),
        vis_js=Markup(_vis_js()),
        nodes_json=Markup(_script_json(nodes)),
        edges_json=Markup(_script_json(edges)),
        options_json=Markup(_script_json(options)),
    )
    return Page(page, count, G.number_of_edges(), physics)


def render(G: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 1,
           labels=DEFAULT_LABELS, year_from: int | None = None, year_to: int | None = None,
           size_by: str | None = "degree", title: str | None = None) -> Page:
    """Select part of ``G`` and draw it: the function behind ``partygraph render``.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="Party", name="A"); G.add_node("b", label="Party", name="B")
    >>> _ = G.add_edge("a", "b", type="ALLIED_WITH", source="d", quote="A and B")
    >>> page = render(G, focus="A")
    >>> page.nodes, page.edges, page.physics
    (2, 1, True)
    >>> G.nodes["a"]                       # the caller's graph is left as it was
    {'label': 'Party', 'name': 'A'}
    """
    documents = {n: d.get("name", n) for n, d in G.nodes(data=True)
                 if d.get("label") == "Document"}
    H = select(G, labels=labels, year_from=year_from, year_to=year_to)
    if focus:
        H = neighbourhood(H, focus, depth)
    heading = title or ("partygraph" + (f": around {focus}" if focus else ""))
    return render_page(H, title=heading, size_by=size_by, documents=documents)
