"""Read YAML while remembering the line of every mapping.

Mappings come back as :class:`LineDict`, a ``dict`` with a ``line``
attribute (1-based), so errors can say where a bad entry is.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
>>> _ = p.write_text("items:\\n  - name: a\\n  - name: b\\n")
>>> [item.line for item in load_yaml(p)["items"]]
[2, 3]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError


class LineDict(dict):
    """A dict that knows the line it started on."""

    line: int | None = None


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    result = LineDict()
    for key, value in pairs:
        if key in result:
            raise InputError(
                f"duplicate key {key!r}",
                line=node.start_mark.line + 1,
                fix="keep one of the two entries",
            )
        result[key] = value
    result.line = node.start_mark.line + 1
    return result


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text, at the precision written: "1995-09-03" is not a datetime.
    return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file; a syntax error names the file, the line and a fix.

    >>> load_yaml("/no/such/file.yaml")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: /no/such/file.yaml: file not found
      fix: check the path
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=path, fix="check the path") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})",
            file=path,
            fix="save the file as UTF-8",
        ) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except InputError as exc:
        exc.file = str(path)
        raise InputError(exc.message, file=path, line=exc.line, fix=exc.fix) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(
            f"malformed YAML: {problem}",
            file=path,
            line=line,
            fix="check indentation and quoting there (quotes with ':' or '#' need quotes)",
        ) from None
