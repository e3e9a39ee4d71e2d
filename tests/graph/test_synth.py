"""Synthetic corpora and the bulk path: the same graph, at any size, with evidence."""

import json

import pytest

from partygraph.build import build, collect
from partygraph.errors import InputError
from partygraph.loaders.records import read_records
from partygraph.store import embedded
from partygraph.store.embedded import EmbeddedStore
from partygraph.store.location import GraphHome
from partygraph.synth import synthesize

from ..conftest import SEEDS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    synthesize(parties=400, seed=5, out=out)
    return out


def test_synthesis_is_deterministic(corpus, tmp_path):
    synthesize(parties=400, seed=5, out=tmp_path)
    assert (tmp_path / "records.jsonl").read_bytes() == (corpus / "records.jsonl").read_bytes()


def test_synthetic_corpus_collects_with_every_quote_found(corpus):
    graph = collect(corpus)
    counts = graph.counts()
    assert counts[0]["Party"] == 400 and counts[1]["ATTENDED"] >= 1900
    documents = {d.id: d.text for d in graph.corpus.documents}
    for edge in graph.edges:
        assert edge.props["quote"] in documents[edge.props["source"]]


def test_attendance_is_heavy_tailed_and_lineage_has_cycles(corpus):
    graph = collect(corpus)
    per_party = {}
    for e in graph.edges:
        if e.type == "ATTENDED":
            per_party[e.start] = per_party.get(e.start, 0) + 1
    ranked = sorted(per_party.values(), reverse=True)
    assert ranked[0] > 5 * ranked[len(ranked) // 2]  # a few attend many meetings
    succession = {(e.start, e.end) for e in graph.edges if e.type == "SUCCEEDED_BY"}
    assert any((b, a) in succession for a, b in succession)  # split, then merged back


def test_bulk_path_writes_the_same_graph(tmp_path, monkeypatch):
    normal, bulk = GraphHome(tmp_path / "normal"), GraphHome(tmp_path / "bulk")
    build(SEEDS, normal)
    monkeypatch.setattr(embedded, "BULK_ABOVE", 10)
    build(SEEDS, bulk)

    def snapshot(home):
        store = EmbeddedStore.open(home.current())
        try:
            plan = store.run("EXPLAIN MATCH (x:Party) WHERE x.key = $k RETURN x.id AS id",
                             {"k": "communist party of belgium"})[0]["executionPlanAsString"]
            return ("NodeIndexSeek" in plan,
                    store.run("MATCH (n) RETURN properties(n) AS p ORDER BY p.id"),
                    store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, "
                              "properties(r) AS p ORDER BY p.id"))
        finally:
            store.close()

    normal_graph, bulk_graph = snapshot(normal), snapshot(bulk)
    assert bulk_graph == normal_graph and bulk_graph[0]  # same data, indexes made after
    assert {type(p["p"]["founded"]) for p in bulk_graph[1] if "founded" in p["p"]} == {int}


def test_a_bad_record_line_names_its_number(tmp_path):
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps({"node": "Party", "name": "A"}) + "\n{oops\n")
    with pytest.raises(InputError) as caught:
        read_records(path)
    assert caught.value.line == 2 and caught.value.fix


def test_the_garbage_collector_is_off_while_a_build_reads_and_writes(corpus, tmp_path):
    import gc

    seen = []
    assert gc.isenabled()
    build(corpus, GraphHome(tmp_path / "db"), progress=lambda *_: seen.append(gc.isenabled()))
    assert seen and not any(seen)
    assert gc.isenabled()  # as it was before
