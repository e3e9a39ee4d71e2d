"""The README stays true: its commands are the ones CI runs, its schema is the schema."""

import re

from partygraph.schema import load_schema, to_markdown

from .conftest import ROOT


def readme() -> str:
    return (ROOT / "README.md").read_text()


def commands() -> list[str]:
    """The commands of the "Set up and run" section."""
    section = readme().split("## Set up and run", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section, flags=re.S)


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_second():
    setup, tests = commands()
    assert "partygraph build" in setup and "partygraph query" in setup
    assert "pytest" in tests
    assert tests in (ROOT / ".ci" / "run").read_text()


def test_readme_schema_is_the_schema():
    assert to_markdown(load_schema()) in readme()


def extending() -> dict[str, str]:
    """The code blocks of the "Extending partygraph" section, by the file they name."""
    section = readme().split("## Extending partygraph", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(?:python|yaml)\n(.+?)\n```", section, flags=re.S)
    named = {}
    for block in blocks:
        first = block.splitlines()[0]
        named[first.lstrip("# ").strip() if first.startswith("# ") else "schema.yaml"] = block
    return named


def test_the_extending_recipes_run_as_written(tmp_path, monkeypatch, graph, seeds_copy):
    import networkx as nx

    from partygraph.build import collect
    from partygraph.loaders import registry
    from partygraph.schema import SCHEMA_PATH

    recipes = extending()
    assert set(recipes) == {"loaders/minutes.py", "graph/exporters/pajek.py", "schema.yaml"}
    # the loader: registered by its module, read for documents of its kind
    monkeypatch.setattr(registry, "LOADERS", dict(registry.LOADERS))
    monkeypatch.setattr(registry, "EXCLUSIVE", set(registry.EXCLUSIVE))
    exec(compile(recipes["loaders/minutes.py"], "loaders/minutes.py", "exec"), {})
    (seeds_copy / "minutes.txt").write_text("Freedonian Party minutes, 3 May 1990\n")
    with (seeds_copy / "catalog.yaml").open("a") as catalog:
        catalog.write("\n  - id: minutes-1990\n    file: minutes.txt\n    title: Minutes\n"
                      "    kind: minutes\n")
    assert "Freedonian Party" in {n.name for n in collect(seeds_copy).nodes}
    # the exporter: a write(G, out, schema) whose file networkx reads back
    pajek: dict = {}
    exec(compile(recipes["graph/exporters/pajek.py"], "pajek.py", "exec"), pajek)
    G = graph.to_networkx()
    [path] = pajek["write"](G, tmp_path / "g.net", None)
    assert path.read_text().startswith(f"*Vertices {G.number_of_nodes()}\n")
    assert nx.read_pajek(path).number_of_edges() == G.number_of_edges()  # it reads back
    # the label: one entry under nodes:
    text = SCHEMA_PATH.read_text().replace("\nrelationships:\n",
                                           "\n" + recipes["schema.yaml"] + "\n\nrelationships:\n")
    (tmp_path / "schema.yaml").write_text(text)
    assert load_schema(tmp_path / "schema.yaml").styles["Union"].shape == "text"


def test_the_mapping_of_the_readme_loads_and_maps_its_table(tmp_path):
    from partygraph.loaders.datasets import check_mapping
    from partygraph.yamlfile import load_yaml

    section = readme().split("### A mapping of your own", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```yaml\n(# seeds/manifesto-mapping.yaml\n.+?)\n```", section,
                       flags=re.S)[0]
    (tmp_path / "m.yaml").write_text(block)
    mapping = check_mapping(load_yaml(tmp_path / "m.yaml"), "m.yaml")
    assert mapping.ids == {"manifesto_id": ("party", "int")} and mapping.country == "iso"
