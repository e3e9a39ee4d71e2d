"""Records written by another pipeline (``records.jsonl`` in a corpus folder).

One JSON object a line: ``{"node": LABEL, "name", "id", "aliases", "props"}``
or ``{"edge": TYPE, "start", "end", "props"}`` where ``props`` holds the
evidence (``source``, ``quote``). They are validated and quote-checked like
every other record. ``partygraph synth`` writes this format.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "records.jsonl"
>>> _ = p.write_text('{"node": "Party", "name": "A", "id": "party:a"}\\n')
>>> [n.id for n in read_records(p).nodes]
['party:a']
"""

from __future__ import annotations

import json
from pathlib import Path

from graph.errors import InputError
from graph.records import Batch, Edge, Node, Origin

RECORDS = "records.jsonl"


def read_records(path: str | Path) -> Batch:
    """Nodes and edges from a JSON-lines file; a bad line names its number."""
    path = Path(path)
    batch = Batch()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                origin = Origin(str(path), number)
                if "node" in row:
                    batch.nodes.append(Node(row["node"], row["name"],
                                            list(row.get("aliases") or []),
                                            dict(row.get("props") or {}), origin,
                                            row.get("id") or ""))
                elif "edge" in row:
                    batch.edges.append(Edge(row["edge"], row["start"], row["end"],
                                            dict(row.get("props") or {}), origin))
                else:
                    raise KeyError("node or edge")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"not a record: {exc}", file=path, line=number,
                                 fix='write {"node": LABEL, "name": ...} or '
                                     '{"edge": TYPE, "start": ID, "end": ID, "props": {...}}'
                                 ) from None
    return batch
