"""Reading unseen reports: the labelled set, extraction output, ingest into the corpus."""

import json
import shutil

import pytest

from partygraph.build import build, collect, graph_knowledge
from partygraph.errors import InputError
from partygraph.ingest import ingest
from partygraph.loaders.extract import extract
from partygraph.scoring import evaluate
from partygraph.store.location import GraphHome
from partygraph.yamlfile import load_yaml

from ..conftest import DATA, SEEDS, run_partygraph

LABELLED = DATA / "extraction"
DOCUMENTS = sorted(p.name for p in LABELLED.glob("*.txt"))


@pytest.fixture(scope="module")
def knowledge():
    return graph_knowledge(SEEDS)


# The first fourteen labelled documents, and what extraction scored on them before the one
# document reader: it may not do worse on them.
FIRST = ["balkan_meeting_zagreb_2019_statement", "cpim_delegation_imcwp20_athens_2018",
         "european_communist_meeting_2023_newspaper", "icmlpo_24th_plenary_encyclopedia",
         "ics_brussels_1995_newspaper", "ics_brussels_2014_statement", "imcwp18_hanoi_2016_wire",
         "imcwp21_izmir_2019_newspaper", "imcwp22_havana_2022_press_release",
         "latam_caracas_2015_press_release", "mideast_beirut_2017_wire",
         "paris_1980_european_meeting_encyclopedia", "sacp_delegation_imcwp23_izmir_2023",
         "wap_belgrade_2023_encyclopedia"]
FIRST_BEFORE = {"precision": 0.995, "recall": 0.979, "role_accuracy": 0.963,
                "country_accuracy": 0.995}


def test_the_labelled_set_has_at_least_forty_documents_in_several_languages():
    assert len(DOCUMENTS) >= 40
    assert len(list(LABELLED.glob("*.expected.yaml"))) == len(DOCUMENTS)
    languages = {load_yaml(LABELLED / f"{d[:-4]}.expected.yaml").get("language")
                 for d in DOCUMENTS}
    assert {"en", "fr", "es", "pt", "it", "de", "cs"} <= languages


def test_the_first_fourteen_documents_score_no_worse_than_before(tmp_path):
    for name in FIRST:
        for suffix in (".txt", ".expected.yaml"):
            shutil.copy(LABELLED / f"{name}{suffix}", tmp_path)
    total, rows = evaluate(tmp_path, SEEDS)
    assert len(rows) == 14
    for figure, before in FIRST_BEFORE.items():
        assert round(getattr(total, figure), 3) >= before, (figure, total.failures)
    assert total.absent_as_participant == 0


def test_quality_on_the_labelled_set_meets_the_targets():
    total, rows = evaluate(LABELLED, SEEDS)
    assert len(rows) == len(DOCUMENTS)
    assert total.role_accuracy >= 0.9, total.failures
    assert total.precision >= 0.95, total.failures
    assert total.recall >= 0.95, total.failures
    assert total.country_accuracy >= 0.95, total.failures
    assert total.absent_as_participant == 0


@pytest.mark.parametrize("name", DOCUMENTS)
def test_extraction_output_is_evidenced(name, knowledge):
    text = (LABELLED / name).read_text(encoding="utf-8")
    found = extract(text, name, known=knowledge[0], series=knowledge[1]).as_dict()
    assert set(found) == {"document", "meeting", "parties", "persons", "publications"}
    assert found["parties"]
    for party in found["parties"]:
        assert {"name", "country", "role", "match", "quote"} <= set(party)
        assert party["quote"] in text
        assert text[party["start"]:party["end"]] in party["spelled"]
        assert party["role"] in {"participant", "supporter", "observer", "host", "absent",
                                 "member", "signatory", "mentioned"}
    json.dumps(found)  # JSON-ready
    labels = load_yaml(LABELLED / name.replace(".txt", ".expected.yaml"))
    absent = {p["spelled"] for p in labels["parties"] if p["role"] == "absent"}
    for party in found["parties"]:
        if party["spelled"] in absent:
            assert party["role"] != "participant"


def test_every_labelled_document_ingests_and_the_corpus_still_builds(seeds_copy):
    for name in DOCUMENTS:
        result = ingest(LABELLED / name, seeds_copy)
        assert result.facts_path.exists() and result.nodes > 0
    graph = collect(seeds_copy)
    assert len(graph.corpus.documents) == 3 + len(DOCUMENTS)
    conferences = [n for n in graph.nodes if n.label == "Conference"]
    assert len(conferences) > 19


def test_ingest_links_to_the_existing_platform_and_parties(seeds_copy, tmp_path):
    result = ingest(DATA / "newdoc" / "imcwp-report.txt", seeds_copy)
    home = GraphHome(tmp_path / "db")
    build(seeds_copy, home)
    from partygraph.api import open_graph

    with open_graph(home.root) as g:
        rows = g.named("conference_participants", conference="Athens, 2024").to_dict("records")
        assert {(r["party"], r["role"]) for r in rows} == {
            ("Communist Party of Belgium", "participant"),
            ("Workers' Party of Belgium", "participant"),
            ("Communist Party of the Workers of France", "participant"),
            ("Lebanese Communist Party", "supporter")}
        platform = g.cypher("MATCH (c:Conference)-[:PART_OF]->(p:Platform) WHERE c.year = 2024 "
                            "RETURN p.id AS id")
        assert list(platform["id"]) == [
            "platform:international-meeting-of-communist-and-workers-parties"]
        for name in ("Communist Party of Belgium", "Workers' Party of Belgium"):
            assert len(g.cypher("MATCH (p:Party {name: $name}) RETURN p.id AS id",
                                name=name)) == 1  # no duplicate
        congo = g.cypher("MATCH (p:Party {name: 'Communist Party of Congo'}) "
                         "OPTIONAL MATCH (p)-[a:ATTENDED]->() RETURN count(a) AS n")
        assert list(congo["n"]) == [0]  # absent: mentioned, never attending
    assert result.document_id == "imcwp-report"


def test_a_failed_ingest_leaves_the_corpus_as_it_was(seeds_copy, monkeypatch):
    catalog = (seeds_copy / "catalog.yaml").read_bytes()
    before = sorted(p.name for p in seeds_copy.rglob("*"))

    def broken(*args, **kwargs):
        raise InputError("simulated failure")

    monkeypatch.setattr("partygraph.ingest.collect", broken)
    with pytest.raises(InputError):
        ingest(DATA / "newdoc" / "imcwp-report.txt", seeds_copy)
    assert (seeds_copy / "catalog.yaml").read_bytes() == catalog
    assert sorted(p.name for p in seeds_copy.rglob("*")) == before


def test_ingest_refuses_a_different_document_under_an_existing_name(seeds_copy, tmp_path):
    shutil.copyfile(DATA / "newdoc" / "imcwp-report.txt", tmp_path / "cpb.txt")
    (seeds_copy / "cpb.txt").write_text("another text\n")
    with pytest.raises(InputError, match="exists with other text"):
        ingest(tmp_path / "cpb.txt", seeds_copy)


# -- ingest never overwrites: the `ingest` data-loss defect ------------------------------------

def test_ingest_under_a_taken_id_keeps_the_curated_facts_and_picks_a_new_id(seeds_copy, tmp_path):
    curated = (seeds_copy / "facts" / "cpb-study.yaml").read_bytes()
    report = tmp_path / "cpb-study.md"  # slugs to the catalog id of the Belgian study
    shutil.copyfile(DATA / "newdoc" / "imcwp-report.txt", report)
    done = run_partygraph("ingest", str(report), "--seeds", str(seeds_copy), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "cpb-study-2" in done.stdout and "belongs to communist-party-of-belgium" in done.stderr
    assert (seeds_copy / "facts" / "cpb-study.yaml").read_bytes() == curated
    assert (seeds_copy / "facts" / "cpb-study-2.yaml").is_file()
    lineage = collect(seeds_copy)
    assert any(e.type == "MERGED" for e in lineage.edges)  # the Belgian lineage is still there


def test_ingesting_a_report_again_leaves_its_reviewed_facts_alone(seeds_copy, tmp_path):
    report = tmp_path / "imcwp-report.txt"
    shutil.copyfile(DATA / "newdoc" / "imcwp-report.txt", report)
    first = run_partygraph("ingest", str(report), "--seeds", str(seeds_copy), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    facts = seeds_copy / "facts" / "imcwp-report.yaml"
    facts.write_text(facts.read_text() + "# reviewed by hand\n")
    reviewed, catalog = facts.read_bytes(), (seeds_copy / "catalog.yaml").read_bytes()
    again = run_partygraph("ingest", str(report), "--seeds", str(seeds_copy), cwd=tmp_path)
    assert again.returncode == 2, again.stderr
    assert "never replaced" in again.stderr and "fix:" in again.stderr
    assert "Traceback" not in again.stderr
    assert facts.read_bytes() == reviewed
    assert (seeds_copy / "catalog.yaml").read_bytes() == catalog


def test_a_hand_written_facts_file_is_never_taken_over(seeds_copy, tmp_path):
    own = seeds_copy / "facts" / "imcwp-report.yaml"
    mine = "# my own notes on the Paris report\ndocument: la-forge-1995-12\nnodes: []\n"
    own.write_text(mine)
    result = ingest(DATA / "newdoc" / "imcwp-report.txt", seeds_copy)
    assert result.document_id == "imcwp-report-2" and result.notices
    assert own.read_text() == mine
