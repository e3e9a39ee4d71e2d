"""What the exporters share: the property filter and scalar-only copies."""

from __future__ import annotations

import json
import re
from typing import Any

import networkx as nx

HIDDEN = {"label", "type"}  # networkx bookkeeping, not stored properties
# What XML 1.0 cannot hold at all, not even as a character reference.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str) -> str:
    r"""Text an XML file can hold: characters XML 1.0 forbids (ESC, BEL, VT, ...) are
    written as visible ``\xNN`` escapes, so the file always parses.

    >>> xml_text("Party\x1b[31m\x07")
    'Party\\x1b[31m\\x07'
    """
    return NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", value)


def props(data: dict) -> dict[str, Any]:
    """The stored properties of a node or edge: no bookkeeping, no empty values.

    >>> props({"label": "Party", "name": "A", "note": None})
    {'name': 'A'}
    """
    return {k: v for k, v in data.items() if k not in HIDDEN and v is not None}


def scalars(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are scalars that XML can hold: lists become JSON text,
    None is dropped, text passes :func:`xml_text` (ids included)."""
    H = nx.MultiDiGraph()

    def flat(value: Any) -> Any:
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        return xml_text(value) if isinstance(value, str) else value

    def clean(data: dict) -> dict:
        return {xml_text(k): flat(v) for k, v in data.items() if v is not None}

    for n, d in G.nodes(data=True):
        H.add_node(flat(n), **clean(d))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(flat(u), flat(v), key=flat(k), **clean(d))
    return H


def year(value: Any) -> int | None:
    if isinstance(value, str) and re.match(r"^\d{4}", value):
        return int(value[:4])
    return None
