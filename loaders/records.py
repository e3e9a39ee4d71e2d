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

import msgspec

from partygraph.errors import InputError
from partygraph.records import Batch, Edge, Node, Origin, control_char

RECORDS = "records.jsonl"


def _refuse_control(row: dict, path: Path, number: int) -> None:
    """Refuse the first control character in the row's keys and texts."""
    stack: list = [row]
    while stack:
        value = stack.pop()
        texts = [value] if isinstance(value, str) else []
        if isinstance(value, dict):
            texts = [k for k in value if isinstance(k, str)]
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        for text in texts:
            bad = control_char(text)
            if bad:
                raise InputError(f"a control character ({bad}) in {text[:60]!r}", file=path,
                                 line=number, fix="remove the escape (\\u001b and the like): "
                                                  "names and properties are plain text")


def decode(raw: bytes, line: str):
    """A JSON line decoded in C; what that decoder refuses (NaN, 1e400, a lone surrogate,
    malformed JSON) is decoded, or refused with its message, by the standard library's.

    >>> decode(b'{"a": [1, 2.5]}', '{"a": [1, 2.5]}'), decode(b'NaN', 'NaN')
    ({'a': [1, 2.5]}, nan)
    """
    try:
        return msgspec.json.decode(raw)
    except msgspec.MsgspecError:
        return json.loads(line)


def read_records(path: str | Path) -> Batch:
    """Nodes and edges from a JSON-lines file; a bad line names its number."""
    path = Path(path)
    batch = Batch()
    if not path.is_file():
        raise InputError("no such records file", file=path,
                         fix="check the path, or remove the reference to it")
    name = str(path)
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 text at byte {exc.start} of this line",
                                 file=path, line=number,
                                 fix="save the file as UTF-8") from None
            if not line.strip():
                continue
            try:
                row = decode(raw, line)
                origin = Origin(name, number)
                if not isinstance(row, dict):
                    raise TypeError(f"a JSON object is needed, not {type(row).__name__}")
                if "\\ud" in line or "\\uD" in line:  # an escaped lone surrogate is not text
                    json.dumps(row, ensure_ascii=False).encode("utf-8")
                if "\\" in line:  # an escape is the only way a control character gets in
                    _refuse_control(row, path, number)
                if "node" in row:
                    batch.nodes.append(Node.from_dict(row, origin))
                elif "edge" in row:
                    batch.edges.append(Edge.from_dict(row, origin))
                else:
                    raise KeyError("node or edge")
            except (ValueError, KeyError, TypeError, RecursionError) as exc:
                # ValueError covers bad JSON, numbers past Python's digit limit and
                # unencodable text; RecursionError, JSON nested too deeply
                reason = "nested too deeply" if isinstance(exc, RecursionError) else exc
                raise InputError(f"not a record: {reason}", file=path, line=number,
                                 fix='write {"node": LABEL, "name": ...} or '
                                     '{"edge": TYPE, "start": ID, "end": ID, "props": {...}}'
                                 ) from None
    return batch
