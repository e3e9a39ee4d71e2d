"""One node per real organization: rows that share an external id, or that a crosswalk
joins, become one node; an id claimed twice over stays apart and is reported.

Part of the core model. External ids are node properties named in
``ID_PRIORITY`` (``partyfacts_id``, ``parlgov_id``) and any a mapping declares in
its ``ids:``; the best one a group has names it (``party:partyfacts-302``), so ids
are stable however the datasets are ordered.

>>> from partygraph.records import Node
>>> a = Node("Party", "PCB", props={"partyfacts_id": 302}, id="party:partyfacts-302")
>>> b = Node("Party", "CPB", props={"parlgov_id": 9}, id="party:parlgov-9")
>>> renamed, ids, notes = unify([a, b], [("Party", {"partyfacts_id": 302, "parlgov_id": 9},
...                                           None)])
>>> renamed["party:parlgov-9"], ids["party:partyfacts-302"], notes
('party:partyfacts-302', {'partyfacts_id': 302, 'parlgov_id': 9}, [])
"""

from __future__ import annotations

import re
from typing import Any

from partygraph.records import Node, Note, Origin

# A Wikipedia URL is no identity: Party Facts keeps apart parties that share an article
# (169 URLs for 364 of its parties), so it is a property, indexed but not unique.
ID_PRIORITY = ("partyfacts_id", "parlgov_id")


def external_id(label: str, ids: dict[str, Any]) -> str:
    """A node's id from its best external id.

    >>> external_id("Party", {"parlgov_id": 1760, "partyfacts_id": 777})
    'party:partyfacts-777'
    """
    prop = next((p for p in ID_PRIORITY if p in ids), sorted(ids)[0])
    text = re.sub(r"[^a-z0-9]+", "-", str(ids[prop]).lower()).strip("-")
    return f"{label.lower()}:{prop.removesuffix('_id').replace('_', '-')}-{text}"


def unify(nodes: list[Node], same: list[tuple[str, dict[str, Any], Origin | None]],
          id_props: tuple[str, ...] = ID_PRIORITY
          ) -> tuple[dict[str, str], dict[str, dict[str, Any]], list[Note]]:
    """Which node ids are one node: ``{old id: new id}`` for the ids that change, every
    unified node's external ids (``{id: {property: value}}``), and a note for every join
    refused because it would give one node two values of one id. ``id_props`` are the
    properties that are external ids (those of ``ID_PRIORITY`` and any a mapping adds)."""
    parent: dict[tuple, tuple] = {}
    values: dict[tuple, dict[str, Any]] = {}  # root -> the external ids of its group
    notes: list[Note] = []

    def root(key: tuple) -> tuple:
        parent.setdefault(key, key)
        values.setdefault(key, {key[1]: key[2]})
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: tuple, b: tuple, where) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        clash = [p for p in values[ra] if p in values[rb] and values[ra][p] != values[rb][p]]
        if clash:
            notes.append(Note("identity-conflict", f"{a[1]}={a[2]} and {b[1]}={b[2]} would make "
                              f"one {a[0]} with two {clash[0]} values "
                              f"({values[ra][clash[0]]}, {values[rb][clash[0]]}): kept apart",
                              str(where or "")))
            return
        parent[rb] = ra
        values[ra].update(values.pop(rb))

    own: dict[str, list[tuple]] = {}
    for node in nodes:
        keys = [(node.label, p, node.props[p]) for p in id_props if p in node.props]
        if keys:
            own.setdefault(node.id, keys)
            for key in keys[1:]:
                join(keys[0], key, node.origin)
    for label, ids, where in same:
        keys = [(label, p, v) for p, v in ids.items()]
        for key in keys[1:]:
            join(keys[0], key, where)
    renamed, ids_of = {}, {}
    for node_id, keys in own.items():
        group = root(keys[0])
        new = external_id(keys[0][0], values[group])
        ids_of[new] = dict(values[group])
        if new != node_id:
            renamed[node_id] = new
    return renamed, ids_of, notes
