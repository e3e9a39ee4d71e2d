"""Exports: every format written, and read back the way its users read it."""

import csv
import json
import re
import shutil
import subprocess
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from partygraph.export import export, formats
from partygraph.exporters.cypher import cypher_statements, read_cypher_script
from partygraph.queries import get_query
from partygraph.schema import load_schema
from partygraph.store.embedded import EmbeddedStore

from ..conftest import ROOT

GEXF_SCHEMAS = ROOT.parent / "shared" / "schemas" / "gexf"

HEADER_FIELD = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)?"
    r"(?::(?P<type>ID|LABEL|START_ID|END_ID|TYPE|int|long|float|double|boolean|byte|short|"
    r"char|string|date|datetime)(?P<array>\[\])?)?(?:\((?P<space>[A-Za-z0-9_]+)\))?$")


@pytest.fixture(scope="module")
def G(graph):
    return graph.to_networkx()


@pytest.fixture(scope="module")
def exported(G, tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    return {fmt: export(G, fmt, root / ("admin" if fmt == "neo4j-admin" else f"graph.{fmt}"))
            for fmt in formats()}


def test_every_format_is_written(exported):
    for paths in exported.values():
        assert paths and all(p.stat().st_size > 0 for p in paths)


def test_graphml_reads_back_with_the_same_counts(G, exported):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        H = nx.read_graphml(exported["graphml"][0], force_multigraph=True)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(),
                                                           G.number_of_edges())
    assert json.loads(H.nodes["country:bf"]["aliases"]) == ["Upper Volta"]
    cpb = H.nodes["party:communist-party-of-belgium"]
    assert cpb["label"] == "Communist Party of Belgium" and cpb["node_label"] == "Party"
    assert type(cpb["founded"]) is int
    assert {d["id"] for *_, d in H.edges(data=True)} == {d["id"] for *_, d in
                                                          G.edges(data=True)}
    assert all(d["label"] == d["type"] for *_, d in H.edges(data=True))


def test_graphml_reads_in_igraph_without_warnings_or_clashes(G, exported):
    igraph = pytest.importorskip("igraph", reason="python-igraph is not installed "
                                 "(pip install -e '.[test]')")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # igraph warns on an `id` attribute clash
        g = igraph.Graph.Read_GraphML(str(exported["graphml"][0]))
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert set(g.vs["id"]) == set(G.nodes)
    assert set(g.es["id"]) == {d["id"] for *_, d in G.edges(data=True)}
    cpb = g.vs.find(id="party:communist-party-of-belgium")
    assert cpb["label"] == "Communist Party of Belgium" and cpb["node_label"] == "Party"
    assert cpb["founded"] == 1921  # igraph keeps every number as a float: the value holds
    for edge in g.es:
        assert (g.vs[edge.source]["id"], g.vs[edge.target]["id"]) in G.edges(
            ) and edge["type"] == edge["label"]


def xmllint_schema(path, schema):
    if not shutil.which("xmllint"):
        pytest.skip("xmllint is not installed (apt-get install libxml2-utils)")
    if not Path(schema).is_file():
        print(f"skipped: the official GEXF schema is not at {schema}")
        pytest.skip(f"the official GEXF schema is not at {schema} (the shared/schemas folder "
                    "beside the checkout)")
    return subprocess.run(["xmllint", "--noout", "--schema", str(schema), str(path)],
                          capture_output=True, text=True)


def test_gexf_validates_against_the_official_schema_it_declares(exported):
    path = exported["gexf"][0]
    root = ET.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf" and root.get("version") == "1.3"
    checked = xmllint_schema(path, GEXF_SCHEMAS / "1.3" / "gexf.xsd")
    assert checked.returncode == 0, checked.stderr[-3000:]


def test_gexf_reads_back_with_timeline_spells(G, exported):
    path = exported["gexf"][0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        H = nx.read_gexf(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(),
                                                           G.number_of_edges())
    text = path.read_text()
    assert 'mode="dynamic"' in text and 'timeformat="integer"' in text
    paris = "conference:2nd-international-conference-of-marxist-leninist-parties-and-" \
            "organizations-paris-1995"
    assert re.search(rf'<node id="{re.escape(paris)}"[^>]*start="1995"[^>]*end="1995"', text)
    cpb = H.nodes["party:communist-party-of-belgium"]
    assert cpb["label"] == "Communist Party of Belgium" and cpb["node_label"] == "Party"
    assert cpb["start"] == 1921 and cpb["founded"] == 1921
    types = {d["type"] for *_, d in H.edges(data=True)}
    assert types == {d["type"] for *_, d in G.edges(data=True)} and "SUCCEEDED_BY" in types
    assert all(d["label"] == d["type"] for *_, d in H.edges(data=True))


def test_json_is_node_link_and_reads_back_with_the_defaults(G, exported):
    data = json.loads(exported["json"][0].read_text())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        H = nx.node_link_graph(data)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(),
                                                           G.number_of_edges())
    assert H.is_multigraph() and H.is_directed()


CONTROL_NAMES = ["Red\x1b[31m Party", "Bell\x07 Party", "Tab\x0bVertical", "Nul\x00 Party"]


def test_xml_exports_stay_well_formed_whatever_the_names_hold(G, tmp_path):
    H = G.copy()
    parties = [n for n, d in H.nodes(data=True) if d["label"] == "Party"][:len(CONTROL_NAMES)]
    for node, name in zip(parties, CONTROL_NAMES, strict=True):
        H.nodes[node]["name"] = name
        H.nodes[node]["aliases"] = [name]
    edge = next(iter(H.edges(keys=True)))
    H.edges[edge]["quote"] = "a quote with \x1b[2J in it"
    for fmt in ("graphml", "gexf"):
        path = export(H, fmt, tmp_path / f"g.{fmt}")[0]
        ET.parse(path)  # a real XML parser reads it back
        if fmt == "gexf":
            assert xmllint_schema(path, GEXF_SCHEMAS / "1.3" / "gexf.xsd").returncode == 0
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        names = {d.get("name") for _, d in back.nodes(data=True)}
        assert {"Red\\x1b[31m Party", "Bell\\x07 Party", "Nul\\x00 Party"} <= names, fmt


def test_neo4j_admin_headers_follow_the_import_format(G, exported):
    schema = load_schema()
    files = exported["neo4j-admin"]
    nodes = [p for p in files if p.name.startswith("nodes_")]
    rels = [p for p in files if p.name.startswith("relationships_")]
    node_rows = rel_rows = 0
    for path in nodes + rels:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        header, body = rows[0], rows[1:]
        fields = [HEADER_FIELD.match(h) for h in header]
        assert all(fields), header
        kinds = [f.group("type") for f in fields]
        if path in nodes:
            node_rows += len(body)
            assert header[0] == "id:ID(partygraph)" and ":LABEL" in header
            label = path.stem.removeprefix("nodes_")
            assert {row[header.index(":LABEL")] for row in body} == {label}
            declared = schema.labels[label]
        else:
            rel_rows += len(body)
            assert header[:3] == [":START_ID(partygraph)", ":END_ID(partygraph)", ":TYPE"]
            declared = schema.types[path.stem.removeprefix("relationships_")]
        for field, kind in zip(fields, kinds, strict=True):
            name = field.group("name")
            if name in declared and kind not in ("ID",):
                want = {"int": "int", "year": "int", "bool": "boolean", "list": "string"}.get(
                    declared[name].type)
                assert kind == want, (path.name, name, kind)
                assert bool(field.group("array")) == (declared[name].type == "list")
    assert (node_rows, rel_rows) == (G.number_of_nodes(), G.number_of_edges())
    script = next(p for p in files if p.name == "import.sh").read_text()
    assert 'neo4j-admin database import full "${1:-neo4j}" \\\n' in script  # database first
    assert "--array-delimiter=';'" in script and "--multiline-fields=true" in script
    assert all(f"--nodes={p.name}" in script for p in nodes)
    assert all(f"--relationships={p.name}" in script for p in rels)


def test_cypher_script_recreates_the_graph_in_a_fresh_database(graph, exported, tmp_path,
                                                               seed_report):
    statements = read_cypher_script(exported["cypher"][0])
    store = EmbeddedStore.create(tmp_path / "fresh", load_schema())
    try:
        for statement in statements:
            store.run(statement, write=True)
        labels = {r["l"]: r["n"] for r in store.run(
            "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS n")}
        assert labels == seed_report.nodes
        for name, params in [("conference_participants", {"conference": "Paris, 1995"}),
                             ("party_lineage", {"party": "Communist Party of Belgium"}),
                             ("evidence", {"type": "SPLIT"})]:
            query = get_query(name)
            assert sorted(map(repr, query.run(store.run, params))) == sorted(
                map(repr, query.run(graph.rows, params)))
    finally:
        store.close()


def test_cypher_script_through_bolt_into_a_new_server(G, graph, seed_report):
    from partygraph.store.bolt import BoltServer
    from partygraph.store.neo4j import Credentials, Neo4jStore

    with BoltServer.start(None, password="fresh-server-password", empty=True) as server, \
            Neo4jStore.connect(Credentials(server.uri, server.user, server.password,
                                           server.database)) as store:
        for statement in cypher_statements(G, load_schema()):
            store.run(statement, write=True)
        labels = {r["l"]: r["n"] for r in store.run(
            "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS n")}
        assert labels == seed_report.nodes
        query = get_query("platform_timeline")
        given = {"platform": "ICS"}
        assert query.run(store.run, given) == query.run(graph.rows, given)


def test_unknown_format_is_refused(G, tmp_path):
    with pytest.raises(Exception, match="unknown export format"):
        export(G, "xlsx", Path(tmp_path) / "x")
