"""What queries give back: plain values, kept columns, safe cells, the row cap; through the
API and through a real ``partygraph`` process."""

import csv
import io
import json
import pickle
import re

import pandas as pd
import pytest

from partygraph.api import ResultCut
from partygraph.queries import NotFoundError
from partygraph.results import return_columns

from ..conftest import run_partygraph

PATH = "MATCH p = (a:Party)-[:SUCCEEDED_BY]->(b:Party) RETURN p ORDER BY a.id, b.id LIMIT 3"
RID = re.compile(r"#\d+:\d+")


@pytest.fixture(scope="module")
def db(seed_home):
    return str(seed_home.root)


def query(db, *args, cwd):
    return run_partygraph("query", "--db", db, *args, cwd=cwd)


def test_paths_nodes_and_relationships_are_plain_values_that_pickle(graph):
    frame = graph.cypher("MATCH p = (a:Party)-[r:SUCCEEDED_BY]->(b:Party) "
                         "RETURN p, a, r ORDER BY a.id, b.id LIMIT 3")
    back = pickle.loads(pickle.dumps(frame))
    path = back.loc[0, "p"]
    assert set(path) == {"nodes", "relationships"}
    assert [n["_label"] for n in path["nodes"]] == ["Party", "Party"]
    rel = path["relationships"][0]
    assert rel["_type"] == "SUCCEEDED_BY" and rel["quote"] and rel["source"]
    assert (rel["_start"], rel["_end"]) == (path["nodes"][0]["id"], path["nodes"][1]["id"])
    assert back.loc[0, "a"] == path["nodes"][0] and back.loc[0, "r"] == rel
    assert not RID.search(repr(back.to_dict()))


def test_cli_prints_paths_in_every_format_without_record_ids(db, tmp_path):
    answer = query(db, "--format", "json", PATH, cwd=tmp_path)
    assert answer.returncode == 0, answer.stderr
    rows = json.loads(answer.stdout)
    assert len(rows) == 3 and rows[0]["p"]["nodes"][0]["name"]
    assert rows[0]["p"]["relationships"][0]["_type"] == "SUCCEEDED_BY"
    for fmt in ("csv", "table"):
        answer = query(db, "--format", fmt, PATH, cwd=tmp_path)
        assert answer.returncode == 0, answer.stderr
        assert "SUCCEEDED_BY" in answer.stdout and not RID.search(answer.stdout), fmt


def test_explain_as_json_is_the_plan_not_a_traceback(db, tmp_path):
    answer = query(db, "--format", "json", "EXPLAIN MATCH (p:Party) RETURN p.name", cwd=tmp_path)
    assert answer.returncode == 0 and "Traceback" not in answer.stderr, answer.stderr
    assert "Plan" in json.dumps(json.loads(answer.stdout))


EMPTY = "MATCH (p:Party) WHERE p.name = 'no such party' RETURN p.name AS name, p.founded"


def test_an_empty_answer_keeps_its_columns(graph, db, tmp_path):
    assert list(graph.cypher(EMPTY).columns) == ["name", "p.founded"]
    empty = graph.named("co_attendance", min_shared=10_000)
    full = graph.named("co_attendance")
    assert len(empty) == 0 and list(empty.columns) == list(full.columns)
    out = query(db, "--format", "csv", EMPTY, cwd=tmp_path).stdout
    assert list(pd.read_csv(io.StringIO(out)).columns) == ["name", "p.founded"]
    assert json.loads(query(db, "--format", "json", EMPTY, cwd=tmp_path).stdout) == []


@pytest.mark.parametrize("cypher", [
    "MATCH (p:Party) RETURN p.name AS name, p.founded, count(*) ORDER BY name LIMIT 2",
    "MATCH (p:Party) RETURN DISTINCT p.kind AS kind, {n: p.name, f: [1, 2]} AS `m` LIMIT 1",
    "MATCH (c:Conference) WITH c RETURN c.year, c.name SKIP 1 LIMIT 1",
    "MATCH (p:Party) RETURN p.id AS id LIMIT 1 UNION MATCH (c:Country) RETURN c.id AS id LIMIT 1",
])
def test_columns_read_from_the_text_match_the_engines(graph, cypher):
    rows = graph.rows(cypher)
    assert rows and return_columns(cypher) == list(rows[0])


@pytest.mark.parametrize("param, label", [("party", "party"), ("conference", "conference"),
                                          ("platform", "platform")])
def test_a_named_query_for_an_unknown_name_exits_2_with_the_closest(db, tmp_path, param, label):
    name = {"party": "party_lineage", "conference": "conference_participants",
            "platform": "platform_timeline"}[param]
    ref = {"party": "Comunist Party of Belgum", "conference": "Paris 1959",
           "platform": "Internatonal Communist Seminar"}[param]
    answer = query(db, "--name", name, "--param", f"{param}={ref}", cwd=tmp_path)
    assert answer.returncode == 2, answer
    assert f"no {label} named '{ref}'" in answer.stderr and "Traceback" not in answer.stderr
    assert "closest names:" in answer.stderr
    if param == "party":
        assert "Communist Party of Belgium" in answer.stderr


def test_a_named_query_for_an_unknown_name_raises_in_the_api(graph):
    with pytest.raises(NotFoundError, match="no party named"):
        graph.named("party_lineage", party="No Such Party At All")


def test_the_row_cap_cuts_and_says_so(graph, db, tmp_path):
    with pytest.warns(ResultCut):
        frame = graph.cypher("UNWIND range(1, 500000) AS x RETURN x")
    assert len(frame) == 100_000 and frame.attrs["cut"]
    assert len(graph.cypher("UNWIND range(1, 50) AS x RETURN x", max_rows=0)) == 50
    rows = graph.rows("UNWIND range(1, 50) AS x RETURN x", max_rows=10)
    assert len(rows) == 10 and rows.cut
    assert not graph.rows("UNWIND range(1, 10) AS x RETURN x", max_rows=10).cut
    answer = query(db, "--format", "csv", "--max-rows", "7",
                   "UNWIND range(1, 6000000) AS x RETURN x", cwd=tmp_path)
    assert answer.returncode == 0 and answer.stdout.splitlines() == ["x", *map(str, range(1, 8))]
    assert "only the first 7 rows" in answer.stderr


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralized(db, tmp_path):
    cypher = ("UNWIND ['=cmd|\\' /C calc\\'!A0', '@SUM(A1:A9)', '+1+1', '-2+3', 'plain'] AS t "
              "RETURN t, -5 AS n")
    out = query(db, "--format", "csv", cypher, cwd=tmp_path).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["t"] for r in rows] == ["'=cmd|' /C calc'!A0", "'@SUM(A1:A9)", "'+1+1", "'-2+3",
                                      "plain"]
    assert {r["n"] for r in rows} == {"-5"}


def test_terminal_output_holds_no_control_sequences(db, tmp_path):
    cypher = "RETURN 'red\\u001b[31m bell\\u0007 vt\\u000b' AS name"
    answer = query(db, cypher, cwd=tmp_path)
    assert answer.returncode == 0, answer.stderr
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", answer.stdout)
    assert "\\x1b[31m" in answer.stdout and "\\x07" in answer.stdout
    data = json.loads(query(db, "--format", "json", cypher, cwd=tmp_path).stdout)
    assert data == [{"name": "red\x1b[31m bell\x07 vt\x0b"}]  # JSON escapes them, exactly


def test_paths_over_bolt_have_the_embedded_shape(bolt_store, graph):
    over_bolt, embedded = bolt_store.run(PATH), graph.rows(PATH)
    assert len(over_bolt) == len(embedded) == 3
    for a, b in zip(over_bolt, embedded, strict=True):
        assert set(a["p"]) == {"nodes", "relationships"}
        assert [n["id"] for n in a["p"]["nodes"]] == [n["id"] for n in b["p"]["nodes"]]
        assert [(r["_type"], r["_start"], r["_end"], r["quote"])
                for r in a["p"]["relationships"]] == [
            (r["_type"], r["_start"], r["_end"], r["quote"]) for r in b["p"]["relationships"]]


def test_csv_on_a_terminal_shows_control_characters_as_escapes(db, tmp_path):
    import os
    import pty
    import subprocess

    from ..conftest import PARTYGRAPH, user_env

    master, slave = pty.openpty()
    cypher = "RETURN 'a\\u001b]0;pwned\\u0007b' AS t"
    proc = subprocess.run([PARTYGRAPH, "query", "--db", db, "--format", "csv", cypher],
                          stdout=slave, stderr=subprocess.PIPE, cwd=tmp_path, env=user_env(),
                          timeout=300)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.returncode == 0, proc.stderr
    assert b"\x1b" not in seen and b"\x07" not in seen
    assert b"a\\x1b]0;pwned\\x07b" in seen
