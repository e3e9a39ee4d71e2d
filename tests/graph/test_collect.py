"""The collected records' order: the text-key sort against the tuple it stands for."""

import random

import pytest

from partygraph.collect import in_order
from partygraph.records import Edge, Node

PLAIN = ["a", "ab", "a b", "b", "é", "party:x", "party:x-1", "party:x:1", "\x01"]
WITH_NUL = [*PLAIN, "a\0", "a\0b", "\0"]


def _edges(n, seed, pieces):
    rng = random.Random(seed)
    return [Edge(rng.choice(["ATTENDED", "BASED_IN", "BASED"]), rng.choice(pieces),
                 rng.choice(pieces), {"source": "d", "quote": rng.choice(pieces)})
            for _ in range(n)]


@pytest.mark.parametrize("pieces", [PLAIN, WITH_NUL], ids=["plain", "with-nul"])
@pytest.mark.parametrize("seed", range(3))
def test_edges_come_in_the_order_of_their_type_ends_and_id(seed, pieces):
    edges = _edges(400, seed, pieces)
    expected = sorted(edges, key=lambda e: (e.type, e.start, e.end, e.id))
    in_order(edges, "type", "start", "end", "id")
    assert [e.id for e in edges] == [e.id for e in expected]


@pytest.mark.parametrize("names", [["b", "a", "a b", "ab"], ["x\0y", "x", "x\0", "w"]])
def test_nodes_come_in_the_order_of_label_and_id_with_or_without_a_nul(names):
    nodes = [Node(label, name, id=f"n:{name}") for label in ("Party", "Country") for name in names]
    expected = sorted(nodes, key=lambda n: (n.label, n.id))
    in_order(nodes, "label", "id")
    assert nodes == expected


def test_a_single_field_sorts_by_it():
    nodes = [Node("Party", name, id=name) for name in ["c", "a", "b"]]
    in_order(nodes, "id")
    assert [n.id for n in nodes] == ["a", "b", "c"]
