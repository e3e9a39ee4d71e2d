"""The import contract, read from the source (function-level imports included).

Layers point one way: the core model imports nothing else of the project;
loaders, stores, the query library and the views (analysis, pages, exports)
import only the core and their own kind; the pipeline, ingest, api and cli
sit on top. No module imports in a circle, and none grows past ~400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {"partygraph": ROOT / "graph", "partygraph.loaders": ROOT / "loaders",
           "partygraph.queries": ROOT / "queries"}
CORE = {"partygraph.errors", "partygraph.records", "partygraph.schema", "partygraph.yamlfile",
        "partygraph.lineage", "partygraph.cypher", "partygraph.readonly", "partygraph.identity",
        "partygraph.structs"}
VIEWS = {"partygraph.analysis", "partygraph.brandes", "partygraph.render", "partygraph.export",
         "partygraph.synth"}
MAX_LINES = 400


def module_files() -> dict[str, Path]:
    found = {}
    for package, folder in FOLDERS.items():
        for path in folder.rglob("*.py"):
            parts = list(path.relative_to(folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            name = ".".join([package, *parts])
            if package == "partygraph" and parts and parts[0] in ("loaders", "queries"):
                continue
            found[name] = path
    return found


MODULES = module_files()


def imports_of(name: str) -> set[str]:
    """Project modules that ``name`` imports anywhere in its source."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rsplit(".", 1)[0]
    seen = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            submodules = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES]
            targets = submodules or [base]  # `from pkg import module` imports the module
        else:
            continue
        seen |= {t for t in targets if t in MODULES}
    seen.discard(name)
    return seen


def layer(name: str) -> str:
    if name in CORE:
        return "core"
    if name.startswith("partygraph.loaders"):
        return "loaders"
    if name.startswith("partygraph.store"):
        return "stores"
    if name.startswith("partygraph.queries"):
        return "queries"
    if name in VIEWS or name.startswith("partygraph.exporters"):
        return "views"
    return "top"


ALLOWED = {"core": {"core"}, "loaders": {"core", "loaders"}, "stores": {"core", "stores"},
           "queries": {"core"}, "views": {"core", "views"},
           "top": {"core", "loaders", "stores", "queries", "views", "top"}}


def test_the_source_has_one_namespace_and_every_layer():
    assert {"partygraph", "partygraph.api", "partygraph.loaders.corpus",
            "partygraph.queries", "partygraph.store.embedded"} <= set(MODULES)
    assert {layer(m) for m in MODULES} == set(ALLOWED)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_point_down(name):
    wrong = {m for m in imports_of(name) if layer(m) not in ALLOWED[layer(name)]}
    assert not wrong, f"{name} ({layer(name)}) imports {sorted(wrong)}"


def test_no_module_imports_in_a_circle():
    graph = {name: imports_of(name) for name in MODULES}
    index, low, stack, on_stack, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for name in graph:
        if name not in index:
            visit(name)
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_modules_stay_small(name):
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines"


def test_the_installed_package_is_one_top_level_module():
    from importlib.metadata import distribution

    top = distribution("partygraph").read_text("top_level.txt")
    assert top is not None and top.split() == ["partygraph"]
