from pathlib import Path

import pytest

from partygraph.errors import SchemaError, ValidationError
from partygraph.records import Edge, Node
from partygraph.schema import SCHEMA_PATH, load_schema

REQUIRED_LABELS = {"Party", "Country", "Conference", "Platform", "Split", "Merger", "Person",
                   "Publication", "Declaration", "Document"}
REQUIRED_TYPES = {"BASED_IN", "ATTENDED", "ORGANIZED", "PART_OF", "HELD_IN", "MEMBER_OF",
                  "SIGNED", "ADOPTED", "LEADER_OF", "PUBLISHES", "SPLIT", "MERGED", "PRODUCED",
                  "SUCCEEDED_BY", "ALLIED_WITH", "EXPELLED_FROM", "MENTIONS"}


@pytest.fixture(scope="module")
def schema():
    return load_schema()


def test_schema_declares_the_public_contract(schema):
    assert set(schema.labels) >= REQUIRED_LABELS
    assert set(schema.types) >= REQUIRED_TYPES
    for props in schema.labels.values():
        assert {"id", "name", "aliases"} <= set(props)
    for props in schema.types.values():
        assert props["source"].required and props["quote"].required
        assert {"year", "start", "end"} <= set(props)
    assert schema.labels["Country"]["iso2"].required
    assert schema.types["ATTENDED"]["role"].enum == ("participant", "supporter", "observer")


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SCHEMA_PATH.read_text()
    assert old in text
    path = tmp_path / "schema.yaml"
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(("old", "new", "message"), [
    ("      kind: {type: string, enum: [party,", "      kind: {type: text, enum: [party,",
     "property 'kind' needs a type"),
    ("    from: [Party]\n    to: [Country]", "    from: [Partie]\n    to: [Country]",
     "unknown labels ['Partie']"),
    ("relationships:\n  BASED_IN:", "relations:\n  BASED_IN:", "missing section 'relationships'"),
    ("  iso3: {type: string, required: true}", "  iso3: {type: string, requird: true}",
     "unknown keys ['requird']"),
])
def test_a_broken_schema_is_refused_with_its_line(tmp_path, old, new, message):
    with pytest.raises(SchemaError) as caught:
        load_schema(broken(tmp_path, old, new))
    assert message in caught.value.message
    assert caught.value.file.endswith("schema.yaml")


@pytest.mark.parametrize(("record", "message"), [
    (Node("Party", "X", props={"colour": "red"}), "unknown property 'colour'"),
    (Node("Party", "X", props={"founded": "1921"}), "expected a year"),
    (Node("Conference", "X", props={"date": "Sept 1995"}), "expected a date"),
    (Node("Country", "X"), "missing required property 'iso2'"),
    (Node("Party", "X", props={"kind": "club"}), "expected one of party"),
])
def test_invalid_nodes_are_refused(schema, record, message):
    with pytest.raises(ValidationError, match=message):
        schema.validate_node(record)


LABELS = {"party:a": "Party", "conference:c": "Conference", "country:be": "Country"}


@pytest.mark.parametrize(("edge", "message"), [
    (Edge("ATTENDED", "party:a", "conference:c", {"source": "d", "quote": "q"}),
     "missing required property 'role'"),
    (Edge("ATTENDED", "party:a", "conference:c", {"source": "d", "role": "participant"}),
     "missing required property 'quote'"),
    (Edge("ATTENDED", "party:a", "country:be", {"source": "d", "quote": "q", "role": "observer"}),
     "a Country cannot be at this end"),
    (Edge("ATTENDS", "party:a", "conference:c", {}), "unknown relationship type"),
    (Edge("BASED_IN", "party:a", "country:zz", {"source": "d", "quote": "q"}), "no node with id"),
])
def test_invalid_edges_are_refused(schema, edge, message):
    with pytest.raises(ValidationError, match=message):
        schema.validate_edge(edge, LABELS)


# -- page styles: one YAML entry per label, checked --------------------------------------

def test_every_label_has_its_own_shape_and_colour(schema):
    assert set(schema.styles) == set(schema.labels)
    shapes = [s.shape for s in schema.styles.values()]
    colours = [s.colour.lower() for s in schema.styles.values()]
    assert len(set(shapes)) == len(shapes) and len(set(colours)) == len(colours)


@pytest.mark.parametrize(("old", "new", "message"), [
    ('    style: {colour: "#17becf", shape: box, shown: false}\n', "", "Document: no page style"),
    ("shape: box", "shape: dot", "Party has the same shape"),
    ('colour: "#17becf"', 'colour: "#D62728"', "Party has the same colour"),
    ("shape: box", "shape: blob", "unknown shape 'blob'"),
    ('colour: "#17becf"', 'colour: "teal"', "is not #rrggbb"),
])
def test_a_bad_style_is_refused_with_its_line(tmp_path, old, new, message):
    with pytest.raises(SchemaError, match=message) as caught:
        load_schema(broken(tmp_path, old, new))
    assert caught.value.line and caught.value.fix


def test_a_new_label_is_one_yaml_entry_and_pages_draw_it(tmp_path, monkeypatch):
    import networkx as nx

    from partygraph import render

    path = broken(tmp_path, "\nrelationships:\n", "\n  Union:\n    doc: A trade union.\n"
                  '    style: {colour: "#123456", shape: text}\n\nrelationships:\n')
    extended = load_schema(path)
    assert extended.styles["Union"].shape == "text"
    G = nx.MultiDiGraph()
    G.add_node("union:x", label="Union", name="Union X")
    monkeypatch.setattr(render, "load_schema", lambda: extended)
    page = render.render_page(G)
    assert '"shape": "text"' in page.html and "#123456" in page.html
