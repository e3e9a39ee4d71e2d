from pathlib import Path

import pytest

from partygraph.errors import InputError, QuoteNotFoundError
from partygraph.loaders.corpus import load_corpus
from partygraph.loaders.facts import declare, read_facts, relate
from partygraph.loaders.lists import load_lists
from partygraph.loaders.resolve import Resolver

from ..conftest import SEEDS


@pytest.fixture(scope="module")
def documents():
    return {d.id: d for d in load_corpus(SEEDS).documents}


def facts_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cpb-study.yaml"
    path.write_text("document: cpb-study\n" + body)
    return path


def test_seed_fact_files_check_and_load(documents):
    resolver = Resolver()
    resolver.load_aliases(SEEDS / "aliases.yaml")
    for doc in documents.values():  # as a build does: the parsed lists first
        load_lists(doc, resolver)
    files = [read_facts(p, documents) for p in sorted((SEEDS / "facts").glob("*.yaml"))]
    assert len(files) == 3
    nodes = [n for f in files for n in declare(f, resolver).nodes]
    edges = [e for f in files for e in relate(f, resolver).edges]
    assert any(n.name == "Communist Party of Belgium" for n in nodes)
    for edge in edges:
        assert edge.props["quote"] in documents[edge.props["source"]].text


def test_a_quote_not_in_the_document_fails_with_file_line_and_closest_passage(tmp_path,
                                                                            documents):
    path = facts_file(tmp_path, """nodes:
  - label: Party
    name: Communist Party of Belgium
    quote: "Founded in 1922, the Communist Party of Belgium has a history of more than 100 years."
""")
    with pytest.raises(QuoteNotFoundError) as caught:
        read_facts(path, documents)
    err = caught.value
    assert (err.file, err.line) == (str(path), 3)
    assert "Founded in 1921" in err.fix


@pytest.mark.parametrize(("body", "message", "line"), [
    ("nodes:\n  - {label: Party, quote: \"Founded in 1921\"}\n", "without name", 3),
    ("relationships:\n  - {type: SPLIT, from: A, quote: \"Founded in 1921\"}\n", "without to", 3),
    ("nodes:\n  - {label: Party, name: X, quote: 1921}\n", "must be text", 3),
    ("people: []\n", "unknown sections", 1),
    ("nodes:\n  - {label: Party, name: X, quote: \"Founded\", aliases: Y}\n", "must be a list",
     3),
])
def test_malformed_fact_entries_name_the_line(tmp_path, documents, body, message, line):
    path = facts_file(tmp_path, body)
    with pytest.raises(InputError) as caught:
        declare(read_facts(path, documents), Resolver())
    assert message in caught.value.message and caught.value.line == line


def test_unknown_document_id_is_refused(tmp_path, documents):
    path = tmp_path / "x.yaml"
    path.write_text("document: nope\n")
    with pytest.raises(InputError, match="unknown document 'nope'"):
        read_facts(path, documents)


def test_a_reference_to_an_undeclared_node_is_an_error_with_its_line(tmp_path, documents):
    path = facts_file(tmp_path, """relationships:
  - type: SPLIT
    from: Communist Party of Atlantis
    to: Communist Party of Belgium
    quote: "Founded in 1921"
""")
    with pytest.raises(InputError, match="no node named 'Communist Party of Atlantis'") as caught:
        relate(read_facts(path, documents), Resolver())
    assert caught.value.line == 3


def test_country_key_on_a_person_is_refused(tmp_path, documents):
    path = facts_file(tmp_path, """nodes:
  - {label: Person, name: Jacques Grippa, country: Belgium, quote: "Jacques Grippa"}
""")
    with pytest.raises(InputError, match="`country` is not allowed on a Person"):
        declare(read_facts(path, documents), Resolver())
