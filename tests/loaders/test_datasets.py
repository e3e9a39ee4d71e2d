"""Tables in the corpus through YAML mappings: the real Party Facts and ParlGov files, and a
dataset of another shape mapped with YAML alone."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from partygraph.build import collect
from partygraph.errors import InputError
from partygraph.loaders.datasets import check_mapping, load_mapping, split_names

from ..conftest import SEEDS

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "partyfacts"
FILES = {"partyfacts-core": "core-parties.csv", "partyfacts-wikipedia": "wikipedia.csv",
         "parlgov": "parlgov.csv", "partyfacts-parlgov": "partyfacts-parlgov.csv"}
needs_shared = pytest.mark.skipif(
    not all((SHARED / f).is_file() for f in FILES.values()),
    reason=f"the Party Facts and ParlGov files are not in {SHARED} (see the README's "
           "Datasets section for where to get them)")


def with_datasets(target: Path, entries: dict[str, str]) -> Path:
    """A copy of the seed corpus with these (catalog id: file) datasets beside it."""
    shutil.copytree(SEEDS, target)
    lines = ["\n"]
    for doc_id, file in entries.items():
        lines += [f"  - id: {doc_id}\n", f"    file: {Path(file).name}\n",
                  f"    title: {doc_id}\n", "    kind: dataset\n", f"    mapping: {doc_id}\n"]
        shutil.copyfile(SHARED / file, target / Path(file).name)
    with (target / "catalog.yaml").open("a") as catalog:
        catalog.writelines(lines)
    return target


@pytest.fixture(scope="module")
def field_graph(tmp_path_factory):
    """The seeds and the four real files, read into one graph (records, no database)."""
    if not all((SHARED / f).is_file() for f in FILES.values()):
        pytest.skip(f"the Party Facts and ParlGov files are not in {SHARED}")
    return collect(with_datasets(tmp_path_factory.mktemp("field") / "seeds", FILES))


@needs_shared
def test_one_node_per_party_across_the_datasets(field_graph):
    parties = [n for n in field_graph.nodes if n.label == "Party"]
    pf = [n.props["partyfacts_id"] for n in parties if "partyfacts_id" in n.props]
    parlgov = [n.props["parlgov_id"] for n in parties if "parlgov_id" in n.props]
    assert len(pf) >= 5500 and len(pf) == len(set(pf))  # none on two nodes
    assert len(parlgov) >= 1200 and len(parlgov) == len(set(parlgov))
    assert all(isinstance(v, int) for v in pf + parlgov)


@needs_shared
def test_a_party_gathers_its_names_and_ids_from_every_file(field_graph):
    [pf] = [n for n in field_graph.nodes if n.props.get("partyfacts_id") == 2456]
    assert pf.id == "party:partyfacts-2456"  # a dataset party's id is its best external id
    assert pf.props["parlgov_id"] == 2227  # joined by the crosswalk
    [cpb] = [n for n in field_graph.nodes if n.props.get("partyfacts_id") == 302]
    assert {"Communist Party", "Kommunistische Partij – Parti Communiste", "KPB-PCB",
            "Kommunistische Partij van België"} <= set(cpb.aliases)
    assert cpb.props["parlgov_id"] == 708 and cpb.props["family"] == "com"
    assert cpb.props["wikipedia"].startswith("https://en.wikipedia.org/wiki/Communist_Party")
    based = {e.end for e in field_graph.edges if e.type == "BASED_IN" and e.start == cpb.id}
    assert based == {"country:be"}


@needs_shared
@pytest.mark.parametrize(("name", "partyfacts"), [
    ("Communist Party of Belgium", 302), ("Workers' Party of Belgium", 1753),
    ("Belgian Labor Party", 2289)])
def test_the_seed_parties_carry_their_party_facts_ids(field_graph, name, partyfacts):
    [node] = [n for n in field_graph.nodes if n.label == "Party" and n.name == name]
    assert node.props["partyfacts_id"] == partyfacts
    assert not node.id.startswith("party:partyfacts")  # the curated id and name stay
    linked = [n for n in field_graph.notes if n.kind == "linked" and n.message.startswith(
        repr(name))]
    assert linked and "same name, country BE" in linked[0].message


@needs_shared
def test_same_name_another_era_stays_apart_and_is_reported(field_graph):
    # the Communist Party of Germany at the 1995 Paris meeting is not the KPD of 1919-1956
    [kpd] = [n for n in field_graph.nodes if n.label == "Party"
             and n.name == "Communist Party of Germany" and "partyfacts_id" not in n.props]
    said = [n.message for n in field_graph.notes if n.kind == "same-name-another-party"]
    assert any(m.startswith("'Communist Party of Germany'") and "another era" in m
               for m in said)
    assert kpd.props.get("partyfacts_id") is None


@needs_shared
def test_every_seed_party_not_linked_is_reported_with_its_best_candidate(field_graph):
    curated = {n.name for n in field_graph.nodes if n.label == "Party"
               and "partyfacts_id" not in n.props and "parlgov_id" not in n.props}
    reported = {n.message.split("': ")[0].split('": ')[0].strip("'\"") for n in
                field_graph.notes if n.kind in ("not-linked", "same-name-another-party")}
    assert "Communist Party of Italy" in reported
    closest = [n.message for n in field_graph.notes if n.kind == "not-linked"
               and n.message.startswith("'Communist Party of Flanders'")]
    assert closest and "no dataset party of its country has this name" in closest[0]
    italy = [n.message for n in field_graph.notes if n.message.startswith(
        "'Communist Party of Italy'")]  # "Italian Communist Party" alike, but no years
    assert italy and "no years to compare eras" in italy[0]
    assert len(reported & curated) >= 10


@needs_shared
def test_every_row_is_the_evidence_of_what_it_gives(field_graph):
    documents = {d.id: d for d in field_graph.corpus.documents}
    from_tables = [e for e in field_graph.edges if e.props["source"] in FILES]
    assert len(from_tables) > 10_000
    for edge in from_tables[::97]:
        doc = documents[edge.props["source"]]
        line = doc.text.split("\n")[edge.props["quote_line"] - 1]
        assert edge.props["quote"].startswith(line.strip())  # the row, from its own line
    import csv

    with (SHARED / "core-parties.csv").open(encoding="utf-8") as handle:
        technical = {f"party:partyfacts-{r['partyfacts_id']}" for r in csv.DictReader(handle)
                     if r["technical"]}  # "other parties" and the like: no party
    assert len(technical) > 1000
    assert not any(e.props["source"] == "partyfacts-core" and e.end in technical
                   for e in field_graph.edges)


@needs_shared
def test_what_stays_open_is_reported(field_graph):
    kinds = {n.kind for n in field_graph.notes}
    assert "unresolved-country" in kinds  # e.g. Kosovo's XKX is not an ISO 3166 code
    conflicts = [n for n in field_graph.notes if n.kind == "identity-conflict"]
    assert conflicts and all("kept apart" in n.message for n in conflicts)


# -- a dataset nobody shipped a mapping for, mapped with YAML alone ------------------------

MANIFESTO = (
    "party\tcountryname\tiso\tabbrev\tname\tname_english\tsynonyms\tmax_presvote\n"
    "51320\tUnited Kingdom\tGBR\tLab\tLabour Party\tLabour Party\tLabour|New Labour\t\n"
    "11320\tSweden\tSWE\tSAP\tSocialdemokraterna\tSocial Democratic Party\t\t\n"
    "99999\tFreedonia\tFRD\tFP\tPartido Freedonio\t\t\t\n"
    "11320\tSweden\tSWE\tS\tSveriges socialdemokratiska arbetareparti\t\t\t\n"
)
MAPPING = """\
format: 1
delimiter: "\\t"
node:
  label: Party
  ids:
    manifesto_id: {column: party, type: int}
  name: [name_english, name]
  aliases: {columns: [name, abbrev, synonyms], split: ["|"]}
  country: iso
"""


def test_a_dataset_of_another_shape_is_mapped_with_yaml_alone(seeds_copy):
    (seeds_copy / "manifesto.tsv.gz").write_bytes(gzip.compress(MANIFESTO.encode()))
    (seeds_copy / "manifesto-mapping.yaml").write_text(MAPPING)
    with (seeds_copy / "catalog.yaml").open("a") as catalog:
        catalog.write("\n  - id: manifesto\n    file: manifesto.tsv.gz\n"
                      "    title: Manifesto Project parties\n    kind: dataset\n"
                      "    mapping: manifesto-mapping.yaml\n")
    graph = collect(seeds_copy)
    mine = {n.props["manifesto_id"]: n for n in graph.nodes if "manifesto_id" in n.props}
    assert set(mine) == {51320, 11320, 99999}  # two rows of 11320: one node
    assert mine[51320].name == "Labour Party"
    assert {"Lab", "Labour", "New Labour"} <= set(mine[51320].aliases)
    assert "Sveriges socialdemokratiska arbetareparti" in mine[11320].aliases
    based = {(e.start, e.end) for e in graph.edges if e.type == "BASED_IN"}
    assert (mine[11320].id, "country:se") in based
    assert not any(e.start == mine[99999].id for e in graph.edges if e.type == "BASED_IN")
    assert any("'FRD'" in n.message for n in graph.notes if n.kind == "unresolved-country")
    row = [e for e in graph.edges if e.end == mine[51320].id and e.type == "MENTIONS"]
    assert row[0].props["quote"].startswith("51320\tUnited Kingdom") and \
        row[0].props["quote_line"] == 2


# -- mappings are checked when they load --------------------------------------------------

@pytest.mark.parametrize(("text", "said"), [
    ("node: {label: Party}\n", "format: 1"),
    ("format: 1\nnodes: {}\n", "unknown mapping keys"),
    ("format: 1\nnode:\n  label: Party\n  name: [n]\n", "`ids:`"),
    ("format: 1\nnode:\n  label: Party\n  ids: {x: {column: a, type: float}}\n  name: [n]\n",
     "types: text, int, year, url"),
    ("format: 1\njoin:\n  label: Party\n  ids: {a: a}\n", "joins two ids"),
    ("format: 1\nskip:\n  - {column: t}\nnode:\n  label: Party\n  ids: {a: a}\n  name: [n]\n",
     "a skip rule"),
])
def test_a_bad_mapping_names_its_file_line_and_fix(tmp_path, text, said):
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=said) as caught:
        load_mapping(path)
    assert caught.value.file == str(path) and caught.value.line and caught.value.fix


def test_a_column_the_table_lacks_is_an_error_naming_its_columns(seeds_copy):
    (seeds_copy / "t.csv").write_text("id,label\n1,A\n")
    (seeds_copy / "m.yaml").write_text("format: 1\nnode:\n  label: Party\n"
                                       "  ids: {partyfacts_id: {column: pf, type: int}}\n"
                                       "  name: [label]\n")
    with (seeds_copy / "catalog.yaml").open("a") as catalog:
        catalog.write("\n  - {id: t, file: t.csv, title: T, kind: dataset, mapping: m.yaml}\n")
    with pytest.raises(InputError, match="no column 'pf'") as caught:
        collect(seeds_copy)
    assert "id, label" in caught.value.fix


def test_a_dataset_needs_its_mapping(seeds_copy):
    (seeds_copy / "t.csv").write_text("id\n1\n")
    with (seeds_copy / "catalog.yaml").open("a") as catalog:
        catalog.write("\n  - {id: t, file: t.csv, title: T, kind: dataset}\n")
    with pytest.raises(InputError, match="needs `mapping:`"):
        collect(seeds_copy)


def test_the_shipped_mappings_load():
    from partygraph.loaders.datasets import MAPPINGS

    assert sorted(p.stem for p in MAPPINGS.glob("*.yaml")) == sorted(FILES)
    for path in MAPPINGS.glob("*.yaml"):
        assert load_mapping(path).label == "Party"
    assert check_mapping({"format": 1, "join": {"label": "Party", "ids": {
        "a": "a", "b": "b"}}}, "x").join
    assert split_names("A | B / C", ["|", " / "]) == ["A", "B", "C"]


def test_aliases_state_a_link_or_refuse_one(seeds_copy):
    (seeds_copy / "pf.csv").write_text(
        "partyfacts_id,country,name,year_first\n"
        "302,BEL,Communist Party of Belgium,1921\n"
        "900,BEL,Belgian Labor Party,1885\n"
        "901,DEU,Communist Party of Germany,1968\n")
    (seeds_copy / "pf.yaml").write_text(
        "format: 1\nnode:\n  label: Party\n  ids: {partyfacts_id: {column: partyfacts_id,"
        " type: int}}\n  name: [name]\n  properties: {founded: {column: year_first, type: "
        "year}}\n  country: country\n")
    with (seeds_copy / "catalog.yaml").open("a") as catalog:
        catalog.write("\n  - {id: pf, file: pf.csv, title: PF, kind: dataset, mapping: pf.yaml}\n")
    with (seeds_copy / "aliases.yaml").open("a") as aliases:
        aliases.write("\nlinks:\n  - {name: Belgian Labor Party, not_same_as: partyfacts:900}\n"
                      "  - {name: Communist Party of Germany, same_as: partyfacts:901}\n")
    graph = collect(seeds_copy)
    by_name = {n.name: n for n in graph.nodes if n.label == "Party"
               and not n.id.startswith("party:partyfacts")}  # the curated nodes
    assert by_name["Communist Party of Belgium"].props["partyfacts_id"] == 302  # by the rule
    assert by_name["Communist Party of Germany"].props["partyfacts_id"] == 901  # stated
    assert "partyfacts_id" not in by_name["Belgian Labor Party"].props  # refused
    assert any("refused in aliases.yaml" in n.message for n in graph.notes)


def test_every_dated_record_has_its_year():
    graph = collect(SEEDS)
    renaming = [e for e in graph.edges if e.type == "SUCCEEDED_BY"
                and e.props.get("date") == "2018-06"]
    assert renaming and all(e.props["year"] == 2018 for e in renaming)
    dated = [r for r in (*graph.nodes, *graph.edges) if r.props.get("date")]
    assert dated and all(isinstance(r.props.get("year"), int) for r in dated)


@needs_shared
def test_seeds_and_the_four_files_build_with_one_command(tmp_path):
    import json
    import time

    from tests.conftest import run_partygraph

    corpus = with_datasets(tmp_path / "seeds", FILES)
    started = time.monotonic()
    done = run_partygraph("build", "--seeds", str(corpus), "--db", str(tmp_path / "db"), "-q",
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 300  # a sanity bound; the figure is in the README
    asked = run_partygraph("query", "--db", str(tmp_path / "db"), "--format", "json",
                           "MATCH (p:Party) RETURN count(p.partyfacts_id) AS pf, "
                           "count(DISTINCT p.partyfacts_id) AS distinct_pf, "
                           "count(p.parlgov_id) AS parlgov", cwd=tmp_path)
    [row] = json.loads(asked.stdout)
    assert row["pf"] >= 5500 and row["pf"] == row["distinct_pf"] and row["parlgov"] >= 1200
    unevidenced = run_partygraph("query", "--db", str(tmp_path / "db"), "--format", "json",
                                 "MATCH ()-[r]->() WHERE r.source IS NULL OR r.quote IS NULL "
                                 "RETURN count(r) AS n", cwd=tmp_path)
    assert json.loads(unevidenced.stdout) == [{"n": 0}]
    plan = run_partygraph("query", "--db", str(tmp_path / "db"), "--format", "csv",
                          "EXPLAIN MATCH (p:Party {partyfacts_id: 302}) RETURN p.name",
                          cwd=tmp_path)
    assert "NodeIndexSeek" in plan.stdout and "partyfacts_id" in plan.stdout  # indexed


def test_generic_dataset_names_are_not_looked_for_in_prose(seeds_copy):
    from partygraph.build import graph_knowledge
    from partygraph.loaders.extract import extract

    (seeds_copy / "t.csv").write_text("partyfacts_id,country,name\n"
                                      "9001,POL,Solidarity\n9002,LBN,Lebanese Communist Party\n")
    (seeds_copy / "t.yaml").write_text("format: 1\nnode:\n  label: Party\n  ids: {partyfacts_id:"
                                       " {column: partyfacts_id, type: int}}\n  name: [name]\n"
                                       "  country: country\n")
    with (seeds_copy / "catalog.yaml").open("a") as catalog:
        catalog.write("\n  - {id: t, file: t.csv, title: T, kind: dataset, mapping: t.yaml}\n")
    known, series = graph_knowledge(seeds_copy)
    found = extract("In solidarity with the Lebanese Communist Party, which took part.",
                    known=known, series=series)
    matched = {(p.name, (p.match or {}).get("id")) for p in found.parties}
    assert ("Lebanese Communist Party", "party:partyfacts-9002") in matched
    assert not any("Solidarity" in name for name, _ in matched)
