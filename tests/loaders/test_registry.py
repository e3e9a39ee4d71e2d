"""Loaders by registration: a new loader is one module with one decorated function."""

from __future__ import annotations

import pytest

from partygraph.build import collect
from partygraph.loaders import registry
from partygraph.records import Batch, Edge, Node


@pytest.fixture
def note_loader(monkeypatch):
    """What a user's module `loaders/notes.py` would hold, registered for kind `note`."""
    monkeypatch.setattr(registry, "LOADERS", dict(registry.LOADERS))
    monkeypatch.setattr(registry, "EXCLUSIVE", set(registry.EXCLUSIVE))
    seen = []

    @registry.loader("notes", kinds=("note",), exclusive=True)
    def load_notes(doc, resolver) -> Batch:
        seen.append(doc.id)
        quote = doc.text.splitlines()[0]
        party = Node("Party", "Freedonian Party")
        return Batch(nodes=[party], edges=[Edge("MENTIONS", doc.id, party.id,
                                                {"source": doc.id, "quote": quote})])

    return seen


def test_a_registered_loader_reads_its_kind_and_only_it(note_loader, seeds_copy):
    (seeds_copy / "note.txt").write_text("Freedonian Party notes\n1. Communist Party of Sylvania\n")
    with (seeds_copy / "catalog.yaml").open("a") as catalog:
        catalog.write("\n  - id: my-note\n    file: note.txt\n    title: Notes\n"
                      "    kind: note\n")
    assert [entry.name for entry in registry.loaders_for_kind("note")] == ["notes"]
    assert [entry.name for entry in registry.loaders_for_kind("report")] == ["lists"]
    graph = collect(seeds_copy)
    assert note_loader == ["my-note"]
    names = {n.name for n in graph.nodes if n.label == "Party"}
    assert "Freedonian Party" in names and "Communist Party of Sylvania" not in names


def test_every_shipped_loader_is_found_without_being_named():
    assert "lists" in {entry.name for entry in registry.loaders_for_kind(None)}
