"""The engine's answers as plain Python values: what every caller of a store gets.

A node is ``{"_label": ..., **properties}``, a relationship ``{"_type": ..., "_start": id,
"_end": id, **properties}``, a path ``{"nodes": [...], "relationships": [...]}``; never an
engine record id. Rows are fetched in batches; a cap stops the fetch, not just the output.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

_PLAIN = (str, int, float, bool, type(None))
_TAG = "\u0001"  # the key the row bridge tags a value with


def _python(value: Any) -> Any:
    """Java values (vertices, edges, paths, maps, lists) to plain Python: a node is
    ``{"_label": ..., **properties}``, a relationship ``{"_type": ..., "_start": id,
    "_end": id, **properties}``, a path ``{"nodes": [...], "relationships": [...]}``;
    never an engine record id."""
    from arcadedb_embedded.type_conversion import convert_java_to_python

    if hasattr(value, "getClass"):
        cls = str(value.getClass().getName())
        if cls.endswith("TraversalPath"):
            return {"nodes": [_python(v) for v in value.getVertices()],
                    "relationships": [_python(e) for e in value.getEdges()]}
        if cls.endswith("Vertex") or cls.endswith("Edge") or cls.endswith("Document"):
            props = {str(k): _python(v) for k, v in dict(value.toMap(False)).items()
                     if not str(k).startswith("@")}
            if cls.endswith("Edge"):
                ends = {"_start": _python(value.getOutVertex().get("id")),
                        "_end": _python(value.getInVertex().get("id"))}
                return {"_type": str(value.getTypeName()), **ends, **props}
            return {"_label": str(value.getTypeName()), **props}
        if cls.endswith("ResultInternal"):
            return _python(value.toMap())
        value = convert_java_to_python(value)
        if hasattr(value, "getClass"):  # an engine object with no plain form: its text
            return str(value)
    if isinstance(value, dict):
        return {str(k): _python(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_python(v) for v in value]
    return value


def rows(result_set, limit: int | None = None) -> list[dict[str, Any]]:
    """All rows (or the first ``limit``), fetched in batches; only batches that carry
    engine objects are walked to convert them."""
    from itertools import islice

    try:
        from arcadedb_embedded.results import _bridge_class

        bridge = _bridge_class("TypedRows")
    except ImportError:
        bridge = None
    if bridge is None:  # a wheel without the row bridge: a row at a time
        try:
            return [_plain_row(row) for row in islice(result_set.iter_dicts(), limit)]
        finally:
            result_set.close()
    rows: list[dict[str, Any]] = []
    try:
        while limit is None or len(rows) < limit:
            want = 1000 if limit is None else min(1000, limit - len(rows))
            text, side, drained = bridge.nextRows(result_set._java_result_set, want)
            rows.extend(_batch(str(text), side))
            if drained or not text:
                break
    finally:
        result_set.close()
    return rows if limit is None else rows[:limit]


def _batch(text: str, side) -> list[dict[str, Any]]:
    """One batch of the bridge's rows: JSON text, with the values JSON cannot carry
    tagged and the engine's own objects in ``side``. Text with no tag is read by msgspec
    at once (json where msgspec refuses: a lone surrogate, a number beyond a double);
    tagged values are restored and engine objects made plain.

    >>> _batch('[{"name": "PTB", "founded": 1979, "tags": ["ml"]}]', [])
    [{'name': 'PTB', 'founded': 1979, 'tags': ['ml']}]
    """
    if not side and _TAG not in text and "\\u0001" not in text:
        try:
            return msgspec.json.decode(text)
        except msgspec.DecodeError:
            return json.loads(text)
    from arcadedb_embedded.results import _typed_hook

    batch = json.loads(text, object_hook=_typed_hook(side))
    return [_plain_row(row) for row in batch] if side else batch


def _plain_row(row: dict[str, Any]) -> dict[str, Any]:
    for key, value in row.items():
        if not isinstance(value, _PLAIN):
            row[key] = _python(value)
    return row
