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
