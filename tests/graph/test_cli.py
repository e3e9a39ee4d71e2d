import csv
import io
import json
import subprocess
import sys

import pytest

from partygraph.cli import app, main

from ..conftest import ROOT, SEEDS


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def db(seed_home):
    return str(seed_home.root)


def test_query_json_is_a_list_of_objects(capsys, db):
    code, out, _ = run(capsys, "query", "--db", db, "--name", "conference_participants",
                       "--param", "conference=Paris, 1995", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 17
    assert set(rows[0]) == {"conference", "party", "country", "iso2", "role", "source", "quote"}


def test_query_csv_has_a_header_and_one_line_per_row(capsys, db):
    code, out, _ = run(capsys, "query", "MATCH (c:Country) RETURN c.iso2 AS iso2, c.aliases AS "
                       "aliases ORDER BY iso2", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 22
    assert {"iso2": "BF", "aliases": '["Upper Volta"]'} in rows


def test_query_table_with_parameters(capsys, db):
    code, out, err = run(capsys, "query", "MATCH (p:Party) WHERE p.name = $name RETURN p.founded "
                         "AS founded", "-p", "name=Communist Party of Belgium", "--db", db)
    assert code == 0 and "1921" in out and "1 row" in err


@pytest.mark.parametrize(("args", "message"), [
    (["query", "MATCH (n) DETACH DELETE n"], "this query writes (DELETE)"),
    (["query", "match (n) set n.x = 1 return n"], "this query writes (SET)"),
    (["query", "MATCH (n RETURN n"], "Syntax error"),
    (["query", "--name", "nope"], "no query named 'nope'"),
    (["query", "--name", "party_lineage"], "needs --param party"),
    (["query"], "give either Cypher text or --name"),
    (["query", "RETURN 1", "--format", "xml"], "unknown format"),
    (["query", "RETURN 1", "-p", "novalue"], "is not key=value"),
])
def test_bad_queries_exit_2_with_a_message(capsys, db, args, message):
    code, out, err = run(capsys, *args, "--db", db)
    assert code == 2 and message in err and out == ""


def test_write_mode_changes_the_graph_only_when_asked(capsys, tmp_path):
    home = tmp_path / "db"
    assert run(capsys, "build", "--seeds", str(SEEDS), "--db", str(home), "-q")[0] == 0
    code, _, _ = run(capsys, "query", "MATCH (p:Party {id: 'party:workers-party-of-belgium'}) "
                     "SET p.founded = 1979 RETURN p.founded AS f", "--write", "--db", str(home))
    assert code == 0
    code, out, _ = run(capsys, "query", "MATCH (p:Party {id: 'party:workers-party-of-belgium'}) "
                       "RETURN p.founded AS f", "--db", str(home), "-f", "json")
    assert json.loads(out) == [{"f": 1979}]


def test_query_without_a_build_says_how_to_fix(capsys, tmp_path):
    code, _, err = run(capsys, "query", "RETURN 1", "--db", str(tmp_path / "none"))
    assert code == 2 and "partygraph build" in err


def test_build_prints_counts_and_the_report(capsys, tmp_path):
    code, out, _ = run(capsys, "build", "--seeds", str(SEEDS), "--db", str(tmp_path / "db"))
    assert code == 0
    assert "(:Party)" in out and "[:ATTENDED]" in out and "ambiguous-country" in out
    assert "built 103 nodes and 203 relationships from 3 documents" in out
    report = json.loads((tmp_path / "db" / "build-report.json").read_text())
    assert report["nodes"]["Party"] == 36


def test_build_off_a_terminal_prints_one_line_per_phase_on_stderr(tmp_path, seed_report):
    import re

    from ..conftest import run_partygraph

    done = run_partygraph("build", "--seeds", str(SEEDS), "--db", str(tmp_path / "db"),
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    nodes, rels = sum(seed_report.nodes.values()), sum(seed_report.relationships.values())
    phases = [line for line in done.stderr.splitlines() if re.match(r"^\w+: ", line)]
    assert [line.split(":")[0] for line in phases] == ["read", "vertices", "edges", "indexes"]
    for line, count in zip(phases, (f"{nodes + rels} records", f"{nodes}/{nodes}",
                                    f"{rels}/{rels}", f"{nodes} nodes"), strict=True):
        assert re.fullmatch(rf"\w+: {re.escape(count)} in \d+\.\d s", line), line
    assert "\x1b[" not in done.stderr  # no bar drawn where nobody watches it
    quiet = run_partygraph("build", "--seeds", str(SEEDS), "--db", str(tmp_path / "db"), "-q",
                           cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_build_with_bad_input_exits_2_naming_file_and_line(capsys, tmp_path, seeds_copy):
    (seeds_copy / "facts" / "ics-article.yaml").write_text("document: ics-article\nnodes: [\n")
    code, _, err = run(capsys, "build", "--seeds", str(seeds_copy), "--db", str(tmp_path / "db"))
    assert code == 2 and "ics-article.yaml:3: malformed YAML" in err and "fix:" in err


def test_queries_lists_the_library(capsys):
    code, out, _ = run(capsys, "queries")
    assert code == 0 and "party_lineage" in out and "conference_participants" in out


@pytest.mark.parametrize("command", [c.name or c.callback.__name__
                                     for c in app.registered_commands])
def test_every_command_help_shows_an_example(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and "Example" in out and "partygraph" in out


def test_python_dash_m_partygraph_runs_the_command():
    done = subprocess.run([sys.executable, "-m", "partygraph", "--help"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0 and "build" in done.stdout and "query" in done.stdout


def test_table_says_a_column_shared_by_every_row_once(capsys, db):
    code, out, _ = run(capsys, "query", "--name", "conference_participants", "--param",
                       "conference=Paris, 1995", "--db", db)
    assert code == 0
    assert out.splitlines()[0] == ("conference: 2nd International Conference of Marxist-Leninist "
                                   "Parties and Organizations (Paris, 1995)")
    assert out.count("(Paris, 1995)") == 1


def test_centrality_prints_a_ranked_table(capsys, db):
    code, out, _ = run(capsys, "centrality", "--projection", "full", "--measure", "betweenness",
                       "--top", "3", "--format", "json", "--db", db)
    rows = json.loads(out)
    assert code == 0 and [r["rank"] for r in rows] == [1, 2, 3]
    assert rows[0]["name"] == "Communist Party of Belgium"
    assert rows[0]["betweenness"] >= rows[1]["betweenness"] >= rows[2]["betweenness"]
    code, out, _ = run(capsys, "centrality", "--db", db)
    assert code == 0 and "rank" in out and "betweenness" in out


@pytest.mark.parametrize("args", [["--projection", "cosine"], ["--measure", "fame"],
                                  ["--format", "xml"]])
def test_centrality_refuses_unknown_choices(capsys, db, args):
    code, _, err = run(capsys, "centrality", *args, "--db", db)
    assert code == 2 and "unknown choice" in err


def test_render_writes_one_offline_page(capsys, db, tmp_path):
    target = tmp_path / "page.html"
    code, out, _ = run(capsys, "render", "--out", str(target), "--focus",
                       "Communist Party of Belgium", "--depth", "2", "--size-by", "betweenness",
                       "--db", db)
    assert code == 0 and target.exists() and "nodes" in out and "bytes" in out
    assert "Communist Party of Belgium" in target.read_text()
    code, _, err = run(capsys, "render", "--focus", "Atlantis", "--out", str(target), "--db", db)
    assert code == 2 and "no node named 'Atlantis'" in err


@pytest.fixture
def neo4j_env(arcadedb_bolt, monkeypatch):
    monkeypatch.setenv("NEO4J_USERNAME", arcadedb_bolt.user)
    monkeypatch.setenv("NEO4J_PASSWORD", arcadedb_bolt.password)
    monkeypatch.setenv("NEO4J_DATABASE", arcadedb_bolt.database)
    return arcadedb_bolt


def test_build_and_query_through_neo4j(capsys, neo4j_env, db):
    code, out, err = run(capsys, "build", "--neo4j", neo4j_env.uri, "--batch-size", "100",
                         "--prune")
    assert code == 0 and "rows through Bolt at" in err and neo4j_env.password not in out + err
    code, out, _ = run(capsys, "query", "--neo4j", neo4j_env.uri, "--name",
                       "conference_participants", "--param", "conference=Paris, 1995", "-f",
                       "json")
    via_bolt = json.loads(out)
    code2, out2, _ = run(capsys, "query", "--db", db, "--name", "conference_participants",
                         "--param", "conference=Paris, 1995", "-f", "json")
    assert code == code2 == 0 and sorted(map(repr, via_bolt)) == sorted(
        map(repr, json.loads(out2)))


def test_neo4j_uri_from_the_environment_and_explicit_db_wins(capsys, neo4j_env, db,
                                                             monkeypatch):
    monkeypatch.setenv("NEO4J_URI", neo4j_env.uri)
    code, out, _ = run(capsys, "query", "MATCH (p:Party) RETURN count(p) AS n", "-f", "json")
    assert code == 0 and json.loads(out) == [{"n": 36}]
    code, out, _ = run(capsys, "query", "RETURN 1 AS one", "--db", db, "-f", "json")
    assert code == 0 and json.loads(out) == [{"one": 1}]
    code, _, err = run(capsys, "query", "CREATE (n:Party {id: 'x'})")
    assert code == 2 and "writes" in err


def test_wrong_neo4j_password_exits_2_without_echoing_it(capsys, neo4j_env, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong-secret-value")
    code, out, err = run(capsys, "query", "RETURN 1", "--neo4j", neo4j_env.uri)
    assert code == 2 and "refused the credentials" in err
    assert "wrong-secret-value" not in out + err


def test_export_command_writes_each_format(capsys, db, tmp_path):
    for fmt in ("neo4j-admin", "graphml", "gexf", "json", "cypher"):
        code, out, _ = run(capsys, "export", "--format", fmt, "--out", str(tmp_path / fmt),
                           "--db", db)
        assert code == 0 and "103 nodes, 203 relationships" in out


def test_extract_prints_json_with_the_documented_shape(capsys):
    from ..conftest import DATA

    code, out, _ = run(capsys, "extract", str(DATA / "newdoc" / "imcwp-report.txt"), "-f", "json",
                       "--seeds", str(SEEDS))
    found = json.loads(out)
    assert code == 0 and found["meeting"]["edition"] == 24 and found["meeting"]["city"] == "Athens"
    roles = {p["name"]: (p["role"], p["country"], bool(p["match"])) for p in found["parties"]}
    assert roles["Communist Party of Belgium"] == ("participant", "BE", True)
    assert roles["Communist Party of Congo"] == ("absent", None, True)  # in the graph already
    code, out, _ = run(capsys, "extract", str(DATA / "newdoc" / "imcwp-report.txt"),
                       "--seeds", str(SEEDS))
    assert code == 0 and "meeting: series=International Meeting" in out


def test_ingest_command_writes_facts_and_refuses_unknown_roles(capsys, seeds_copy):
    from ..conftest import DATA

    code, _, err = run(capsys, "ingest", str(DATA / "newdoc" / "imcwp-report.txt"), "--role",
                       "winner", "--seeds", str(seeds_copy))
    assert code == 2 and "unknown role" in err
    code, out, _ = run(capsys, "ingest", str(DATA / "newdoc" / "imcwp-report.txt"), "--role",
                       "participant", "--seeds", str(seeds_copy))
    assert code == 0 and "ingested imcwp-report" in out
    assert (seeds_copy / "facts" / "imcwp-report.yaml").exists()


@pytest.mark.parametrize("text", ["[bold]x[/bold]", "Party [sic] of Labour", "a [/b] b"])
def test_table_cells_show_source_text_as_written_never_as_markup(capsys, db, text):
    code, out, _ = run(capsys, "query", "RETURN $t AS t, 1 AS n", "--param", f"t={text}",
                       "--db", db)
    assert code == 0 and text in out


def test_version_is_the_installed_one(capsys):
    from importlib.metadata import version

    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.strip() == f"partygraph {version('partygraph')}"
