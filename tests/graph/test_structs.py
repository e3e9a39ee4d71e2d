"""The checks generated from the schema agree with the schema's own, property by property."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partygraph.errors import ValidationError
from partygraph.records import Edge, Node
from partygraph.schema import _check_props, load_schema

SCHEMA = load_schema()
DECLARED = [("label", name, props) for name, props in SCHEMA.labels.items()] + \
           [("type", name, props) for name, props in SCHEMA.types.items()]
INT64 = 2**63 - 1


def careful(values, declared) -> bool:
    try:
        _check_props(values, declared, "record", Edge("T", "a", "b"))
    except ValidationError:
        return False
    return True


def value_for(prop, wide: bool):
    """Values of every JSON kind, with the property's own kind and enum most often."""
    ints = st.integers() if wide else st.integers(-INT64, INT64)
    own = {"string": st.sampled_from(prop.enum) if prop.enum else st.text(max_size=5),
           "int": ints, "bool": st.booleans(), "year": ints | st.integers(-5, 3005),
           "date": st.from_regex(r"\d{4}(-\d\d(-\d\d)?)?", fullmatch=True) | st.text(max_size=12),
           "list": st.lists(st.text(max_size=3), max_size=3)}[prop.type]
    other = st.none() | st.booleans() | ints | st.floats(allow_nan=False) | st.text(max_size=4) \
        | st.lists(st.integers() | st.text(max_size=2), max_size=2) \
        | st.dictionaries(st.text(max_size=2), st.integers(), max_size=1)
    return st.one_of(own, own, own, other)


@st.composite
def properties(draw, wide: bool):
    kind, name, declared = draw(st.sampled_from(DECLARED))
    values = {}
    for key, prop in declared.items():
        if draw(st.integers(0, 9)) < (9 if prop.required else 4):
            values[key] = draw(value_for(prop, wide))
    if draw(st.integers(0, 9)) == 0:
        values[draw(st.sampled_from(["colour", "Kind", "", "id "]))] = "x"
    return kind, name, declared, values


@settings(max_examples=1000, deadline=None)
@given(properties(wide=True))
def test_what_the_generated_check_passes_the_schema_passes(case):
    kind, name, declared, values = case
    if SCHEMA._fast(kind, name)(values):
        assert careful(values, declared), values


@settings(max_examples=1000, deadline=None)
@given(properties(wide=False))
def test_what_the_schema_passes_the_generated_check_passes(case):
    """Records the schema takes are not checked twice (ints within 64 bits, as JSON has)."""
    kind, name, declared, values = case
    if careful(values, declared):
        assert SCHEMA._fast(kind, name)(values), values


@pytest.mark.parametrize("value", [("a", "b"), ["a", 1], "a"])
def test_a_list_property_must_be_a_list_of_strings(value):
    node = Node("Party", "X", aliases=[])
    node.props["family"] = "communist"
    values = {**node.properties(), "aliases": value}
    assert not SCHEMA._fast("label", "Party")(values)
    assert not careful(values, SCHEMA.labels["Party"])


def test_a_refused_record_keeps_the_schemas_message():
    edge = Edge("ATTENDED", "party:a", "conference:b",
                {"source": "doc", "quote": "A", "role": "guest"})
    with pytest.raises(ValidationError, match="property 'role': expected one of participant"):
        SCHEMA.validate_edge(edge, {"party:a": "Party", "conference:b": "Conference"})


def test_a_property_a_dataset_declares_is_checked_from_then_on():
    schema = load_schema()
    node = Node("Party", "X", props={"seats": 3})
    with pytest.raises(ValidationError, match="unknown property 'seats'"):
        schema.validate_node(node)
    schema.declare("Party", "seats", "int")
    schema.validate_node(node)
    node.props["seats"] = "three"
    with pytest.raises(ValidationError, match="property 'seats': expected an integer"):
        schema.validate_node(node)
