import pytest

from partygraph.errors import ReadOnlyError
from partygraph.readonly import check_read_only


@pytest.mark.parametrize("cypher", [
    "MATCH (p:Party) RETURN p.name",
    "MATCH (p:Party) WHERE p.name = 'CREATE (x)' RETURN p",
    'MATCH (p) WHERE p.quote CONTAINS "delete; set" RETURN p',
    "MATCH (p) RETURN p // then DELETE p",
    "MATCH (p) /* MERGE */ RETURN p.settings",
    "MATCH (p) RETURN p.created_at, p.offset",
    "MATCH (p) CALL { WITH p RETURN p.name AS n } RETURN n",
    "MATCH (n) RETURN n;",
    "RETURN apoc.coll.remove([1, 2], 0) AS x",
    "RETURN apoc.map.merge({a: 1}, {b: 2}) AS m, {set: 1, delete: 2} AS keys",
    "MATCH (p) RETURN p.set, p.merge",
])
def test_reading_queries_pass(cypher):
    check_read_only(cypher)


@pytest.mark.parametrize("cypher", [
    "CREATE (p:Party {name: 'x'})",
    "create (p:Party)",
    "MATCH (p) DETACH DELETE p",
    "MATCH (p) SeT p.name = 'y'",
    "MATCH (p) REMOVE p.name",
    "MERGE (p:Party {id: 'x'})",
    "DROP INDEX foo",
    "MATCH (p) FOREACH (x IN [1] | SET p.a = x)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CALL db.labels()",
    "call dbms.procedures()",
    "MATCH (n) RETURN n; MATCH (m) RETURN m",
])
def test_writing_or_outside_reaching_queries_are_refused(cypher):
    with pytest.raises(ReadOnlyError):
        check_read_only(cypher)


def test_an_unknown_function_is_reported_as_unknown_not_as_a_write(graph):
    from partygraph.errors import QueryError

    with pytest.raises(QueryError) as unknown:
        graph.rows("RETURN apoc.create.nosuchthing(1) AS x")
    assert "apoc.create.nosuchthing" in str(unknown.value)
    assert not isinstance(unknown.value, ReadOnlyError) and "query writes" not in str(unknown.value)
