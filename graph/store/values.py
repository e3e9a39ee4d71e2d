"""The engine's answers as plain Python values: what every caller of a store gets.

A node is ``{"_label": ..., **properties}``, a relationship ``{"_type": ..., "_start": id,
"_end": id, **properties}``, a path ``{"nodes": [...], "relationships": [...]}``; never an
engine record id. Rows are fetched in batches; a cap stops the fetch, not just the output.
"""

from __future__ import annotations

from typing import Any

_PLAIN = (str, int, float, bool, type(None))


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
    """All rows (or the first ``limit``), fetched in batches; only values that are
    engine objects are converted."""
    rows = result_set.to_list() if limit is None else _first_rows(result_set, limit)
    for row in rows:
        for key, value in row.items():
            if not isinstance(value, _PLAIN):
                row[key] = _python(value)
    return rows


def _first_rows(result_set, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` rows, in batches through the wheel's row bridge when it has
    one (else a row at a time); the result set is closed after."""
    from itertools import islice

    try:
        from arcadedb_embedded.results import _bridge_class, _typed_hook

        bridge = _bridge_class("TypedRows")
    except ImportError:
        bridge = None
    try:
        if bridge is None:
            return list(islice(result_set.iter_dicts(), limit))
        import json

        rows: list[dict[str, Any]] = []
        while len(rows) < limit:
            batch = bridge.nextRows(result_set._java_result_set, min(1000, limit - len(rows)))
            rows.extend(json.loads(str(batch[0]), object_hook=_typed_hook(batch[1])))
            if batch[2] or not batch[0]:
                break
        return rows[:limit]
    finally:
        result_set.close()
