"""The Neo4j store through the official driver, on a real Bolt server."""

import json
import shlex

import pytest

from partygraph.api import PartyGraph
from partygraph.build import build
from partygraph.cli import parse_params
from partygraph.errors import ReadOnlyError, StoreError
from partygraph.queries import get_query, list_queries
from partygraph.settings import Settings
from partygraph.store.neo4j import Credentials, Neo4jStore

from ...conftest import SEEDS


def counts(store):
    labels = {r["label"]: r["n"] for r in store.run(
        "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")}
    types = {r["type"]: r["n"] for r in store.run(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")}
    return labels, types


def test_the_same_graph_is_written_through_bolt(bolt_store, seed_report):
    assert counts(bolt_store) == (seed_report.nodes, seed_report.relationships)


def test_writing_again_updates_in_place(bolt_store, seed_report):
    bolt_store.batch = 500
    build(SEEDS, bolt_store)
    assert counts(bolt_store) == (seed_report.nodes, seed_report.relationships)


def example_params(name):
    args = shlex.split(get_query(name).examples[0])
    return parse_params([args[i + 1] for i, a in enumerate(args) if a in ("--param", "-p")])


def canonical(rows):
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_queries_answer_the_same_through_bolt_and_embedded(bolt_store, graph, name):
    query = get_query(name)
    params = example_params(name)
    embedded = query.run(graph.rows, params)
    bolt = query.run(bolt_store.run, params)
    assert embedded, "the example must return rows"
    assert canonical(bolt) == canonical(embedded)


@pytest.mark.parametrize("cypher", ["CREATE (n:Party {id: 'x'})",
                                    "MATCH (n) DETACH DELETE n",
                                    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l"])
def test_reads_through_bolt_are_guarded(bolt_store, cypher):
    with pytest.raises(ReadOnlyError):
        PartyGraph(bolt_store).rows(cypher)  # the one guard, over any store


def test_stale_nodes_are_reported_and_pruned_on_request(arcadedb_bolt, seed_report, tmp_path):
    credentials = Credentials(arcadedb_bolt.uri, arcadedb_bolt.user, arcadedb_bolt.password,
                              arcadedb_bolt.database)
    with Neo4jStore.connect(credentials) as store:
        store.run("CREATE (:Party {id: 'party:gone', name: 'Gone', aliases: []})", write=True)
        report = build(SEEDS, store)
        assert [n.message for n in report.notes if n.kind == "stale"] == [
            "1 nodes in the server are not in this build; pass --prune to delete them"]
        report = build(SEEDS, store, prune=True)
        assert [n.kind for n in report.notes if n.kind in ("stale", "pruned")] == ["pruned"]
        assert counts(store)[0] == seed_report.nodes


def test_credentials_never_show_the_password(arcadedb_bolt, monkeypatch):
    secret = "not-the-password-123"
    credentials = Credentials(arcadedb_bolt.uri, "root", secret, arcadedb_bolt.database)
    assert secret not in repr(credentials)
    with pytest.raises(StoreError) as caught:
        Neo4jStore.connect(credentials)
    assert secret not in str(caught.value) and "refused the credentials" in str(caught.value)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(StoreError, match="set NEO4J_PASSWORD"):
        Settings.from_env().neo4j_credentials("bolt://127.0.0.1:1")
    with pytest.raises(StoreError, match="cannot reach"):
        Neo4jStore.connect(Credentials("bolt://127.0.0.1:1", "neo4j", secret))
