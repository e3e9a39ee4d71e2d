import threading

import pytest

from partygraph.build import build, collect
from partygraph.errors import BuildLockedError, InputError
from partygraph.loaders.corpus import load_corpus
from partygraph.store.embedded import EmbeddedStore
from partygraph.store.location import GraphHome

from ..conftest import SEEDS

EXPECTED_NODES = {"Conference": 19, "Country": 22, "Declaration": 3, "Document": 3, "Merger": 1,
                  "Party": 36, "Person": 10, "Platform": 5, "Publication": 3, "Split": 1}


def test_build_report_counts_match_the_database(seed_report, graph):
    assert seed_report.nodes == EXPECTED_NODES
    stored = {r["label"]: r["n"] for r in graph.rows(
        "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")}
    assert stored == seed_report.nodes
    stored = {r["type"]: r["n"] for r in graph.rows(
        "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")}
    assert stored == seed_report.relationships


def test_build_report_lists_what_is_left_unresolved(seed_report):
    kinds = {(n.kind, n.message.split("'")[1]) for n in seed_report.notes}
    assert ("ambiguous-country", "Communist Party of Congo") in kinds
    assert ("empty-list", "Participating parties") in kinds
    assert ("possible-duplicate", "Communist Party of Wallonia-French") in kinds


def test_every_relationship_carries_evidence_found_in_its_document(graph):
    documents = {d.id: d.text for d in load_corpus(SEEDS).documents}
    rows = graph.rows("MATCH ()-[r]->() RETURN type(r) AS type, r.source AS source, "
                      "r.quote AS quote, r.context AS context, r.quote_line AS line")
    assert len(rows) > 150
    for row in rows:
        text = documents[row["source"]]
        assert row["quote"] and row["quote"] in text, row
        assert row["context"] is None or row["context"] in text
        # the quote starts on its line (a whole-line quote: the line that is exactly it)
        assert row["quote"].split("\n")[0] in text.split("\n")[row["line"] - 1]


def test_every_node_is_mentioned_by_a_document(graph):
    orphans = graph.rows("MATCH (n) WHERE NOT n:Document AND NOT (n)<-[:MENTIONS]-(:Document) "
                         "AND NOT n:Country RETURN n.id AS id")
    assert orphans == []


def test_countries_keep_historical_names(graph):
    rows = graph.rows("MATCH (p:Party)-[b:BASED_IN]->(c:Country {iso2: 'BF'}) "
                      "RETURN p.name AS party, b.name_in_source AS spelled, c.aliases AS aliases")
    assert rows == [{"party": "Revolutionary Communist Party of Volta", "spelled": "Volta",
                     "aliases": ["Upper Volta"]}]


def test_seminar_empty_list_records_no_attendance(graph):
    rows = graph.rows("MATCH (p:Party)-[:ATTENDED]->(c:Conference)-[:PART_OF]->"
                      "(:Platform {id: 'platform:international-communist-seminar'}) RETURN p")
    assert rows == []


def test_collect_is_deterministic():
    first, second = collect(SEEDS), collect(SEEDS)
    assert [n.properties() for n in first.nodes] == [n.properties() for n in second.nodes]
    assert [e.properties() for e in first.edges] == [e.properties() for e in second.edges]


def snapshot(home: GraphHome):
    store = EmbeddedStore.open(home.current())
    try:
        nodes = store.run("MATCH (n) RETURN properties(n) AS p ORDER BY p.id")
        edges = store.run("MATCH ()-[r]->() RETURN properties(r) AS p ORDER BY p.id")
        return nodes, edges
    finally:
        store.close()


def test_building_twice_gives_the_same_graph(tmp_path, seed_home):
    home = GraphHome(tmp_path / "db")
    build(SEEDS, home)
    first = home.current()
    once = snapshot(home)
    build(SEEDS, home)
    assert home.current() != first
    assert snapshot(home) == once == snapshot(seed_home)


def test_a_failed_build_leaves_the_previous_graph_intact(tmp_path, seeds_copy):
    home = GraphHome(tmp_path / "db")
    build(seeds_copy, home)
    before, state = home.current(), snapshot(home)
    facts = seeds_copy / "facts" / "cpb-study.yaml"
    facts.write_text(facts.read_text().replace("Founded in 1921, the", "Founded in 1922, the"))
    with pytest.raises(InputError) as caught:
        build(seeds_copy, home)
    assert caught.value.file.endswith("cpb-study.yaml") and caught.value.line
    assert home.current() == before and snapshot(home) == state
    assert sorted(p.name for p in home.root.glob("graph-*")) == [before.name]


def test_a_failure_while_writing_leaves_the_previous_graph_intact(tmp_path, monkeypatch):
    home = GraphHome(tmp_path / "db")
    build(SEEDS, home)
    before = home.current()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(EmbeddedStore, "write", fail)
    with pytest.raises(RuntimeError):
        build(SEEDS, home)
    assert home.current() == before
    assert sorted(p.name for p in home.root.glob("graph-*")) == [before.name]


def test_a_second_concurrent_build_is_refused(tmp_path):
    home = GraphHome(tmp_path / "db")
    holding, release = threading.Event(), threading.Event()

    def hold():
        with home.lock():
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(10)
    try:
        with pytest.raises(BuildLockedError, match="another build"):
            build(SEEDS, home)
    finally:
        release.set()
        thread.join()
    assert home.current() is None


def test_conflicting_facts_about_one_node_are_an_error(seeds_copy):
    facts = seeds_copy / "facts" / "cpb-study.yaml"
    text = facts.read_text().replace("    founded: 1921\n", "    founded: 1921\n", 1)
    text = text.replace("document: cpb-study\nnodes:\n", """document: cpb-study
nodes:
  - label: Party
    name: Communist Party of Belgium
    founded: 1920
    quote: "Communist Party of Belgium"
""", 1)
    facts.write_text(text)
    with pytest.raises(InputError, match="founded is 1921 here but 1920") as caught:
        collect(seeds_copy)
    assert caught.value.fix
    assert "1920 at " + str(facts) + ":6" in str(caught.value)  # where the other value is
