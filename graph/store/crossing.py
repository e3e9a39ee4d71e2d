"""The bulk loader's crossings: records handed to the engine a chunk at a time as one
JSON text each, through the wrapper's Java bridge when it has one, else its typed path.

>>> plain_json([{"id": "a", "names": ["x", "y"]}])
'[{"id":"a","names":["x","y"]}]'
"""

from __future__ import annotations

import msgspec

from partygraph.records import Edge

_ENCODE = msgspec.json.Encoder().encode

_LONG = range(-(2**63), 2**63)
_trim = None  # glibc's malloc_trim once looked up, False where there is none


def plain_json(rows: list[dict], values: list[dict] | None = None) -> str | None:
    """``rows`` as one JSON text, or None when a value would not come back the same from
    it (a float, an integer beyond 64 bits, a lone surrogate, a list of anything but
    strings): those take the wrapper's slower path, which keeps every type. ``values``,
    if given, are the maps whose values need that check (the rest are known strings).

    >>> plain_json([{"a": 1, "b": ["x"], "c": True}])
    '[{"a":1,"b":["x"],"c":true}]'
    >>> plain_json([{"a": 2**64}]) is None, plain_json([{"a": 0.5}]) is None
    (True, True)
    """
    for row in rows if values is None else values:
        for value in row.values():
            kind = type(value)
            if kind is str or kind is bool or value is None:
                continue
            if kind is int:
                if value not in _LONG:
                    return None
            elif kind is not list or not all(type(v) is str for v in value):
                return None
    try:
        return _ENCODE(rows).decode()
    except UnicodeEncodeError:
        return None


def give_back() -> None:
    """Return the memory freed records leave to the system: glibc keeps freed blocks
    for reuse (and the engine's heap would grow beside them) until trimmed; elsewhere
    there is nothing to do."""
    global _trim
    if _trim is None:
        import ctypes
        import ctypes.util

        try:
            _trim = ctypes.CDLL(ctypes.util.find_library("c") or None).malloc_trim
        except (OSError, AttributeError):
            _trim = False
    if _trim:
        _trim(0)



def _bridge(name: str):
    """A class of the wrapper's Java bridge, or None without it."""
    import jpype

    try:
        return jpype.JClass(f"com.arcadedb.python.{name}")
    except Exception:  # noqa: BLE001 - no bridge: the wrapper's slower path
        return None


def create_vertices(batch, label: str, rows: list[dict]) -> list[str]:
    """Vertices from property maps in one crossing as JSON (lists such as ``aliases``
    included, which the wrapper's own JSON path declines); their record ids."""
    batcher = _bridge("VertexBatcher")
    text = plain_json(rows) if batcher is not None else None
    if text is None:
        return batch.create_vertices(label, rows)
    joined = str(batcher.createVerticesJson(batch._java_graph_batch, label, text))
    return joined.split(";") if joined else []


def edge_text(rel: str, edges: list[Edge], rid: dict[str, str]) -> bytes | None:
    """``edges`` of one type as the JSON text :func:`cross_edges` hands over: each row
    its two record ids and its properties, built straight from the records; None when a
    value would not come back the same (see :func:`plain_json`), or without the bridge."""
    if _bridge("EdgeBatcher") is None:
        return None
    rows = [{"_src": rid[e.start], "_dst": rid[e.end], "id": e.id, **e.props} for e in edges]
    text = plain_json(rows, [e.props for e in edges])
    return None if text is None else text.encode()


def cross_edges(batch, rel: str, text: bytes) -> None:
    """Buffer the edges of one :func:`edge_text` in one crossing."""
    _bridge("EdgeBatcher").newEdgesJson(batch._java_graph_batch, rel, text.decode())


def typed_edges(batch, rel: str, edges: list[Edge], rid: dict[str, str]) -> None:
    """Buffer ``edges`` through the wrapper's typed path, which keeps every type."""
    batch.new_edges([rid[e.start] for e in edges], rel, [rid[e.end] for e in edges],
                    [e.properties() for e in edges])
