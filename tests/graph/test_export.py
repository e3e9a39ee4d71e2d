"""Exports: every format written, and read back the way its users read it."""

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pytest

from partygraph.export import export, formats
from partygraph.exporters.cypher import cypher_statements, read_cypher_script
from partygraph.queries import get_query
from partygraph.schema import load_schema
from partygraph.store.embedded import EmbeddedStore

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
    H = nx.read_graphml(exported["graphml"][0], force_multigraph=True)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(),
                                                           G.number_of_edges())
    assert json.loads(H.nodes["country:bf"]["aliases"]) == ["Upper Volta"]


def test_gexf_reads_back_with_timeline_spells(G, exported):
    path = exported["gexf"][0]
    H = nx.read_gexf(path)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(),
                                                           G.number_of_edges())
    text = path.read_text()
    assert 'mode="dynamic"' in text and 'timeformat="long"' in text
    paris = "conference:2nd-international-conference-of-marxist-leninist-parties-and-" \
            "organizations-paris-1995"
    assert re.search(rf'<node id="{re.escape(paris)}"[^>]*start="1995"[^>]*end="1995"', text)


def test_json_is_node_link_and_reads_back(G, exported):
    data = json.loads(exported["json"][0].read_text())
    H = nx.node_link_graph(data, edges="links")
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(),
                                                           G.number_of_edges())


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
    assert "neo4j-admin database import full" in script
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
