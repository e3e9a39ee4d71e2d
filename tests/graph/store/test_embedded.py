"""The embedded store's two write paths (batched UNWIND, the engine's bulk loader) keep
every value as it was given, whichever way it crosses to the engine; a write that
releases its records lets go of each once the engine has it."""

import weakref

import pytest

from partygraph.records import Edge, Node
from partygraph.schema import load_schema
from partygraph.store import crossing, embedded
from partygraph.store.embedded import EmbeddedStore

VALUES = {
    "text": 'a "quoted" back\\slash, a new\nline, a tab\t and 日本共産党',
    "count": 2**40,
    "largest": 2**63 - 1,
    "flag": True,
    "names": ["Κομμουνιστικό Κόμμα Ελλάδας", "ΚΚΕ"],
}
ODD = {  # values JSON would not bring back as they were: the wrapper's typed path
    "ratio": 2.5,
    "numbers": [1, 2],
}


def _records(props):
    nodes = [Node("Party", f"Party {i}", props={"founded": 1900 + i}) for i in range(3)]
    edges = [Edge("SUCCEEDED_BY", nodes[0].id, nodes[1].id, {"source": "d", "quote": "q", **props}),
             Edge("SUCCEEDED_BY", nodes[1].id, nodes[2].id, {"source": "d", "quote": "r"})]
    return nodes, edges


def _written(path, props, bulk_above, monkeypatch):
    monkeypatch.setattr(embedded, "BULK_ABOVE", bulk_above)
    store = EmbeddedStore.create(path, load_schema())
    try:
        store.write(*_records(props))
        return (store.run("MATCH (n:Party) RETURN properties(n) AS p ORDER BY p.id"),
                store.run("MATCH ()-[r]->() RETURN properties(r) AS p ORDER BY p.quote"))
    finally:
        store.close()


@pytest.mark.parametrize("props", [VALUES, {**VALUES, **ODD}], ids=["plain", "odd"])
def test_bulk_and_batched_writes_keep_the_same_values(props, tmp_path, monkeypatch):
    batched = _written(tmp_path / "batched", props, 10_000, monkeypatch)
    bulk = _written(tmp_path / "bulk", props, 0, monkeypatch)
    assert bulk == batched
    edge = bulk[1][0]["p"]
    assert {key: edge[key] for key in props} == props


@pytest.mark.parametrize(("rows", "plain"), [
    ([{"a": "x", "b": 1, "c": False, "d": None, "e": ["y"]}], True),
    ([{"a": 2**63 - 1, "b": -(2**63), "c": True}], True),
    ([{"a": 2**63}], False),
    ([{"a": -(2**63) - 1}], False),
    ([{"a": float("nan")}], False),
    ([{"a": [1]}], False),
    ([{"a": ["x"]}, {"a": ["y", None]}], False),
    ([{"a": "x"}, {"a": 0.5}], False),
    ([{"a": "lone \ud800 surrogate"}], False),
    ([{"a": {"nested": 1}}], False),
])
def test_only_values_json_brings_back_unchanged_take_the_json_crossing(rows, plain):
    assert (crossing.plain_json(rows) is not None) is plain


class _Tracked(Edge):
    """An edge that can be watched for being freed (a subclass has a weak reference)."""


def _chain(n, typed_from=None):
    """``n`` parties in a line of successions; from edge ``typed_from`` on, each carries a
    float, which the JSON crossing would not bring back the same (the typed path takes it)."""
    nodes = [Node("Party", f"Party {i}") for i in range(n)]
    edges = [_Tracked("SUCCEEDED_BY", a.id, b.id, {"source": "d", "quote": f"q{i:03}"})
             for i, (a, b) in enumerate(zip(nodes[:-1], nodes[1:], strict=True))]
    for edge in edges[typed_from:] if typed_from is not None else []:
        edge.props["share"] = 0.5
    return nodes, edges


def _read(store):
    return (store.run("MATCH (n:Party) RETURN n.id AS id ORDER BY id"),
            store.run("MATCH (a)-[r]->(b) RETURN a.id AS a, b.id AS b, properties(r) AS p "
                      "ORDER BY p.quote"))


@pytest.mark.parametrize(("typed_from", "still_held"), [
    (None, [0, 0, 0, 0, 0, 0]),  # every chunk encoded, and every edge let go, before any crosses
    (30, [29, 29, 29, 19, 9, 0]),  # the typed path's chunks (edges 30-58) held until they cross
])
def test_a_releasing_bulk_write_lets_go_of_its_edges_and_writes_the_same(
        tmp_path, monkeypatch, typed_from, still_held):
    monkeypatch.setattr(embedded, "BULK_ABOVE", 0)
    monkeypatch.setattr(embedded, "VERTEX_CHUNK", 7)
    monkeypatch.setattr(embedded, "EDGE_CHUNK", 10)
    written = {}
    for release in (False, True):
        nodes, edges = _chain(60, typed_from)
        alive = [weakref.ref(e) for e in edges]
        held = []  # edges still alive each time a chunk of edges has been handed on
        store = EmbeddedStore.create(tmp_path / str(release), load_schema())
        try:
            store.write(nodes, edges, release=release,
                        progress=lambda n, held=held, alive=alive: held.append(
                            sum(ref() is not None for ref in alive)))
            if release:
                assert nodes == [] and edges == []
                assert held[-6:] == still_held, str(held)
                assert all(ref() is None for ref in alive)
            else:
                assert len(nodes) == 60 and len(edges) == 59
                assert held[-6:] == [59] * 6
            written[release] = _read(store)
        finally:
            store.close()
    assert written[True] == written[False]
    assert [row["p"]["quote"] for row in written[True][1]] == [f"q{i:03}" for i in range(59)]


def test_a_bulk_write_flushing_its_edges_many_times_writes_the_same(tmp_path, monkeypatch):
    nodes, edges = _chain(60)
    small = EmbeddedStore.create(tmp_path / "small", load_schema())
    try:
        small.write(list(nodes), list(edges))  # under BULK_ABOVE: batched UNWIND
        expected = _read(small)
    finally:
        small.close()
    monkeypatch.setattr(embedded, "BULK_ABOVE", 0)
    monkeypatch.setattr(embedded, "EDGE_BUFFER", 7)  # 59 edges through a buffer of 7
    monkeypatch.setattr(embedded, "EDGE_CHUNK", 10)
    bulk = EmbeddedStore.create(tmp_path / "bulk", load_schema())
    try:
        bulk.write(nodes, edges, release=True)
        assert _read(bulk) == expected
    finally:
        bulk.close()


@pytest.mark.parametrize(("setting", "buffer"), [(200_000, 59), (7, 7)])
def test_the_engine_buffers_no_more_edges_than_the_write_has(tmp_path, monkeypatch, setting,
                                                             buffer):
    """The bulk loader makes its buffer's arrays at the buffer's size, so a small write
    asks for a small one (read back from the engine's own batch)."""
    monkeypatch.setattr(embedded, "BULK_ABOVE", 0)
    monkeypatch.setattr(embedded, "EDGE_BUFFER", setting)
    nodes, chain = _chain(60)  # 59 edges
    store = EmbeddedStore.create(tmp_path / "g", load_schema())
    made = []
    real = store._db.graph_batch
    monkeypatch.setattr(store._db, "graph_batch", lambda **kw: made.append(real(**kw)) or made[-1])
    try:
        store.write(nodes, chain)
        field = made[0]._java_graph_batch.getClass().getDeclaredField("batchSize")
        field.setAccessible(True)
        assert int(field.get(made[0]._java_graph_batch)) == buffer
    finally:
        store.close()
