import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partygraph.errors import InputError, QuoteNotFoundError
from partygraph.loaders import corpus as corpus_module
from partygraph.loaders.corpus import Document, load_corpus

from ..conftest import SEEDS

ORIGINAL_SHA256 = {  # the seed documents as received
    "la-forge-1995-12": "6fa0ce4897a98e17028d56ff15e145d65dc7274bd78b7cc41566fc01e22716b2",
    "ics-article": "57eb6ab04d21493536498d4796429dd465b341cdb8704c1906ad777cecde5256",
    "cpb-study": "b560ab146777bfe1dc5f7c28b09ffce7a5ec4d785a2695abfc26bb31a58b1b05",
}


def test_seed_catalog_lists_three_documents_byte_for_byte():
    corpus = load_corpus(SEEDS)
    assert {d.id: hashlib.sha256(d.path.read_bytes()).hexdigest()
            for d in corpus.documents} == ORIGINAL_SHA256
    for doc in corpus.documents:
        assert doc.title and doc.language == "en" and doc.kind


def write_corpus(root: Path, files: dict[str, bytes], catalog: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (root / name).write_bytes(data)
    (root / "catalog.yaml").write_text(catalog)
    return root


ENTRY = "documents:\n  - {id: a, file: a.txt, title: A}\n"


@pytest.mark.parametrize(
    ("files", "catalog", "message", "line"),
    [
        ({}, ENTRY, "document 'a.txt' not found", 2),
        ({"a.txt": b""}, ENTRY, "a.txt is empty", 2),
        ({"a.txt": b"\x00\x01binary"}, ENTRY, "binary file", 2),
        ({"a.txt": "caf\u00e9\n".encode("latin-1")}, ENTRY, "not UTF-8", 1),
        ({"a.txt": b"x"}, "documents:\n  - {id: a, file: a.txt}\n", "without `title`", 2),
        ({"a.txt": b"x"}, "documents:\n  - {id: A B, file: a.txt, title: A}\n",
         "bad document id", 2),
        ({"a.txt": b"x"}, "documents:\n  - {id: a, file: a.txt, title: A, author: X}\n",
         "unknown catalog fields", 2),
        ({"a.txt": b"x", "b.txt": b"y"},
         ENTRY + "  - {id: a, file: b.txt, title: B}\n", "two catalog entries have the id", 3),
        ({"a.txt": b"same", "b.txt": b"same"},
         ENTRY + "  - {id: b, file: b.txt, title: B}\n", "same text as a.txt", 3),
        ({"a.txt": b"x"}, "documents:\n  - {id: a, file: a.txt, title: A\n", "malformed YAML", 3),
    ],
    ids=["missing", "empty", "binary", "latin1", "no-title", "bad-id", "unknown-field",
         "duplicate-id", "duplicate-text", "bad-yaml"],
)
def test_bad_corpus_input_names_file_line_and_fix(tmp_path, files, catalog, message, line):
    root = write_corpus(tmp_path / "c", files, catalog)
    with pytest.raises(InputError) as caught:
        load_corpus(root)
    err = caught.value
    assert message in err.message
    assert err.file and err.line == line and err.fix


def test_oversized_document_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(corpus_module, "MAX_BYTES", 10)
    root = write_corpus(tmp_path / "c", {"a.txt": b"x" * 11}, ENTRY)
    with pytest.raises(InputError, match="over the 10 byte limit"):
        load_corpus(root)


def test_uncataloged_text_file_is_read_and_reported(tmp_path):
    root = write_corpus(tmp_path / "c", {"a.txt": b"x", "New Report.txt": b"\nA title\nbody"},
                        ENTRY)
    corpus = load_corpus(root)
    assert corpus.get("new-report").title == "A title"
    assert [n.kind for n in corpus.notes] == ["uncataloged"]


def test_locate_gives_the_closest_passage_when_a_quote_is_wrong():
    doc = load_corpus(SEEDS).get("cpb-study")
    with pytest.raises(InputError) as caught:
        doc.locate("Founded in 1922, the Communist Party of Belgium has a history")
    assert "Founded in 1921, the Communist Party of Belgium" in caught.value.fix


@given(st.lists(st.sampled_from(["Partei", "der", "Arbeit", "Κόμμα", "日本", "of", "the", "—",
                                 "(KKE)", "Paris,", "1995", " ", "\n"]), max_size=60),
       st.integers(0, 400), st.integers(0, 80))
def test_a_quote_within_a_line_is_found_where_a_scan_finds_it_first(words, start, size):
    text = " ".join(words) + " x"
    quote = text[start:start + size]
    doc = Document("d", Path("d.txt"), text, "t")
    if quote.strip() and quote.strip() not in {line.strip() for line in text.split("\n")}:
        if quote in text:
            assert doc.locate(quote) == text.find(quote)
        else:
            with pytest.raises(QuoteNotFoundError):
                doc.locate(quote)
