"""Lineage: SUCCEEDED_BY relationships derived from splits and mergers.

For a Split S: every party P with ``(P)-[:SPLIT]->(S)`` is succeeded by
every party Q with ``(S)-[:PRODUCED]->(Q)``; likewise for a Merger with
MERGED. The derived edge carries the PRODUCED edge's evidence, the event's
year and ``via`` (the event's id), so one variable-length pattern
``(a)-[:SUCCEEDED_BY*]->(b)`` walks a whole lineage.

>>> from partygraph.records import Edge, Node
>>> split = Node("Split", "S", props={"year": 1989})
>>> edges = [Edge("SPLIT", "party:a", split.id, {"source": "d", "quote": "a split"}),
...          Edge("PRODUCED", split.id, "party:b", {"source": "d", "quote": "into b"})]
>>> [(e.start, e.end, e.props["kind"], e.props["year"]) for e in derive_succession([split], edges)]
[('party:a', 'party:b', 'split', 1989)]
"""

from __future__ import annotations

from partygraph.records import Edge, Node

EVENTS = {"Split": ("SPLIT", "split"), "Merger": ("MERGED", "merger")}


def derive_succession(nodes: list[Node], edges: list[Edge]) -> list[Edge]:
    """SUCCEEDED_BY edges implied by Split and Merger events."""
    events = {n.id: n for n in nodes if n.label in EVENTS}
    into: dict[str, set[str]] = {}
    out: dict[str, list[Edge]] = {}
    for e in edges:
        if e.type in ("SPLIT", "MERGED") and e.end in events:
            into.setdefault(e.end, set()).add(e.start)
        elif e.type == "PRODUCED" and e.start in events:
            out.setdefault(e.start, []).append(e)
    derived: dict[str, Edge] = {}
    for event_id, event in sorted(events.items()):
        _, kind = EVENTS[event.label]
        before = sorted(into.get(event_id, ()))
        after = out.get(event_id, [])
        for produced in sorted(after, key=lambda e: e.end):
            for predecessor in before:
                props = {"source": produced.props["source"], "quote": produced.props["quote"],
                         "kind": kind, "via": event_id}
                for key in ("year", "date"):
                    value = event.props.get(key, produced.props.get(key))
                    if value is not None:
                        props[key] = value
                edge = Edge("SUCCEEDED_BY", predecessor, produced.end, props, produced.origin)
                derived[edge.id] = edge
    return list(derived.values())
