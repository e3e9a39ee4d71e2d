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

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from partygraph.errors import InputError
from partygraph.records import control_char


class LineDict(dict):
    """A dict that knows the line it started on, and the lines of its keys and of
    the items of its list values.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"
    >>> _ = p.write_text("# c\\nnames:\\n  - a\\n  - b\\nn: 1\\n")
    >>> data = load_yaml(p)
    >>> data.line, data.line_of("n"), data.item_line("names", 1), data.item_line("n", 0)
    (2, 5, 4, 5)
    """

    line: int | None = None

    def line_of(self, key: Any) -> int | None:
        """The line of ``key``, or of the mapping when it is not known."""
        return self.__dict__.get("_key_lines", {}).get(key, self.line)

    def item_line(self, key: Any, index: int) -> int | None:
        """The line of item ``index`` of the list under ``key``, else the key's line."""
        lines = self.__dict__.get("_item_lines", {}).get(key, ())
        return lines[index] if 0 <= index < len(lines) else self.line_of(key)


MAX_ALIAS_NODES = 100_000  # nodes that aliases may add: a few KB must not expand to GBs


class _LineLoader(yaml.SafeLoader):
    """The pure-Python loader: its messages for a malformed file are the most precise."""


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser (ten times faster) with the same constructors, when installed."""


def _parse(text: str, loader_class: type) -> Any:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_aliases(root: yaml.Node) -> None:
    """Refuse an alias inside the node it names, and aliases that multiply the document
    ("billion laughs"): whoever reads the data would loop or run out of memory."""
    sizes: dict[int, int] = {}  # node -> its node count with every alias expanded
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        children = [n for pair in node.value for n in pair] if isinstance(
            node, yaml.MappingNode) else node.value if isinstance(node, yaml.SequenceNode) else []
        if done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[id(node)] > len(sizes) + MAX_ALIAS_NODES:
                raise InputError("aliases expand this file past "
                                 f"{MAX_ALIAS_NODES} extra values", line=node.start_mark.line + 1,
                                 fix="write the values out instead of nesting aliases (*name)")
        elif id(node) in open_nodes:
            raise InputError("an alias is used inside the value it names",
                             line=node.start_mark.line + 1, fix="remove the alias (*name) there")
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children)


def _checked_scalar(construct):
    """A scalar constructor whose bad values ("!!int x", 5,000 digits) are YAML errors."""

    def checked(loader: _LineLoader, node: yaml.ScalarNode):
        try:
            return construct(loader, node)
        except (ValueError, KeyError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"bad {node.tag.rsplit(':', 1)[-1]} value: {exc}", node.start_mark
            ) from None

    return checked


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    pairs = loader.construct_pairs(node, deep=True)
    result = LineDict()
    key_lines, item_lines = {}, {}
    for (key, value), (key_node, value_node) in zip(pairs, node.value, strict=True):
        line = key_node.start_mark.line + 1
        if not isinstance(key, Hashable):
            raise InputError(f"a key must be plain text, not {key!r}", line=line,
                             fix="write `key: value`")
        if key in result:
            raise InputError(f"duplicate key {key!r}", line=line,
                             fix="keep one of the two entries")
        result[key] = value
        key_lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            item_lines[key] = tuple(item.start_mark.line + 1 for item in value_node.value)
    result.line = node.start_mark.line + 1
    result._key_lines, result._item_lines = key_lines, item_lines
    return result


def _construct_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # an escape ("\\e", "\\a", "\\v") is the only way a control character gets in
    text = loader.construct_scalar(node)
    bad = control_char(text)
    if bad:
        raise InputError(f"a control character ({bad}) in {text[:60]!r}",
                         line=node.start_mark.line + 1,
                         fix="remove the escape (\\e, \\a, \\v, \\x..): names and quotes are "
                             "plain text")
    return text


def _construct_timestamp_as_text(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text, at the precision written: "1995-09-03" is not a datetime.
    return loader.construct_scalar(node)


for _loader in (_LineLoader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
    _loader.add_constructor("tag:yaml.org,2002:str", _construct_text)
    for _tag in ("int", "float", "bool"):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _checked_scalar(
            yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{_tag}"]))


def load_yaml(path: str | Path) -> Any:
    """Parse a YAML file; a syntax error names the file, the line and a fix.

    >>> load_yaml("/no/such/file.yaml")
    Traceback (most recent call last):
    ...
    partygraph.errors.InputError: /no/such/file.yaml: file not found
      fix: check the path
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except FileNotFoundError:
        raise InputError("file not found", file=path, fix="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", file=path,
                         fix="check that it is a readable file") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})",
            file=path,
            line=data[: exc.start].count(b"\n") + 1,
            fix="save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
        ) from None
    try:
        try:
            return _parse(text, _FastLoader)
        except yaml.YAMLError:
            if _FastLoader is _LineLoader:
                raise
            return _parse(text, _LineLoader)  # to say exactly what is wrong, and where
    except InputError as exc:
        exc.file = str(path)
        raise InputError(exc.message, file=path, line=exc.line, fix=exc.fix) from None
    except RecursionError:
        raise InputError("malformed YAML: nested too deeply", file=path,
                         fix="flatten the nesting ([[[...]]] or deeply indented blocks)") from None
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
