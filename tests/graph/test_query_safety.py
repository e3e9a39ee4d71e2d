"""No Cypher is built by pasting values into text: values travel as parameters.

Checked twice: by reading the source (every f-string or ``.format`` that
builds Cypher may interpolate only checked labels and types), and by running
hostile values through every named query and the CLI against the real engine.
"""

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

from partygraph.queries import NotFoundError, get_query, list_queries
from partygraph.schema import load_schema

from ..conftest import ROOT

# Text that is Cypher (or the engine's SQL): it opens with a clause, or holds a pattern or
# a $parameter. Messages that merely name a clause ("use MATCH ... RETURN") are not.
CYPHER = re.compile(r"^\s*(MATCH|OPTIONAL|MERGE|CREATE|UNWIND|RETURN|WITH|CALL|DROP|DETACH"
                    r"|LOAD|EXPLAIN|PROFILE)\b|\(\w+:\w+|\]-+>|<-+\[|\$[a-z_]\w*")
# The one place a value is written into Cypher text: `partygraph export --format cypher`
# writes a script file for another database, with every value escaped by cypher_literal
# (the round trip of hostile text is tested below).
LITERAL_ALLOWED = {"graph/exporters/cypher.py": {"cypher_literal"}}
HOSTILE = [
    "x' OR 1=1 //",
    "\"}) MATCH (n) DETACH DELETE n //",
    "'}) DETACH DELETE n RETURN 1 //",
    "`Party`) DETACH DELETE (n",
    "$party",
    "\\' ; CREATE (:Party {name: 'evil'}) //",
    "Communist Party of Belgium\n//",
]


def sources() -> list[Path]:
    return sorted(p for d in ("graph", "loaders", "queries") for p in (ROOT / d).rglob("*.py"))


def _interpolated(tree: ast.AST):
    """(line, expression) for every value put into Cypher-looking text."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if CYPHER.search(text):
                yield from ((node.lineno, v.value) for v in node.values
                            if isinstance(v, ast.FormattedValue))
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr == "format"):
            yield from ((node.lineno, arg) for arg in [*node.args,
                                                        *(k.value for k in node.keywords)])
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
            sides = [node.left, node.right]
            if any(isinstance(s, ast.Constant) and isinstance(s.value, str)
                   and CYPHER.search(s.value) for s in sides):
                yield from ((node.lineno, s) for s in sides if not isinstance(s, ast.Constant))


def _allowed(expr: ast.AST, file: str) -> bool:
    """``ident(x)`` (perhaps ``.lower()``), or an allowed escaping function."""
    if (isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute)
            and expr.func.attr == "lower"):
        expr = expr.func.value
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name):
        return expr.func.id == "ident" or expr.func.id in LITERAL_ALLOWED.get(file, set())
    return False


def test_cypher_text_interpolates_only_checked_labels_and_types():
    pasted, checked = [], 0
    for path in sources():
        file = path.relative_to(ROOT).as_posix()
        for line, expr in _interpolated(ast.parse(path.read_text(encoding="utf-8"))):
            checked += 1
            if not _allowed(expr, file):
                pasted.append(f"{file}:{line}: {ast.unparse(expr)}")
    assert checked >= 20  # the stores' and the export's label and type slots are seen
    assert not pasted, "values pasted into Cypher text (pass them as $parameters):\n" + \
        "\n".join(pasted)


def test_the_source_check_catches_a_pasted_value():
    bad = ast.parse('def f(run, name):\n    run(f"MATCH (p:Party {{name: \'{name}\'}}) RETURN p")')
    assert [ast.unparse(e) for _, e in _interpolated(bad)] == ["name"]
    assert not _allowed(next(e for _, e in _interpolated(bad)), "graph/api.py")


def _size(graph) -> tuple[int, int]:
    return (graph.rows("MATCH (n) RETURN count(n) AS n")[0]["n"],
            graph.rows("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"])


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_hostile_values_are_only_values_to_every_named_query(graph, name):
    before = _size(graph)
    query = get_query(name)
    for value in HOSTILE:
        given = {p: value for p, spec in query.params.items()
                 if spec.required or isinstance(spec.default, str | type(None))}
        try:
            rows = query.run(graph.rows, given)
        except NotFoundError as refused:  # a name the graph has not: refused, the text as text
            assert repr(str(value)) in str(refused) and refused.fix
            rows = []
        assert all("evil" not in repr(r) for r in rows)
        assert not any(r.get("party") == "evil" for r in rows)
    assert _size(graph) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_cli_parameters_change_nothing(seed_home, graph, capsys, value):
    from partygraph.cli import main

    before = _size(graph)
    code = 0
    try:
        main(["query", "--db", str(seed_home.root), "--name", "party_lineage",
              "--param", f"party={value}", "--format", "json"])
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""  # no such party: refused, nothing run or printed
    assert captured.err.startswith("error: no party named ") and "Traceback" not in captured.err
    assert _size(graph) == before


def test_the_cypher_script_keeps_hostile_text_as_text(tmp_path):
    from partygraph.exporters.cypher import cypher_statements
    from partygraph.store.embedded import EmbeddedStore

    G = nx.MultiDiGraph()
    for i, value in enumerate(HOSTILE):
        G.add_node(f"party:{i}", label="Party", id=f"party:{i}", name=value, key=value.lower(),
                   aliases=[value])
    store = EmbeddedStore.create(tmp_path / "g", load_schema())
    try:
        for statement in cypher_statements(G, load_schema()):
            store.run(statement, write=True)
        rows = store.run("MATCH (p:Party) RETURN p.id AS id, p.name AS name, p.aliases AS a "
                         "ORDER BY id")
    finally:
        store.close()
    assert [(r["name"], r["a"]) for r in rows] == [(v, [v]) for v in HOSTILE]
