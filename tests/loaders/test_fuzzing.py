"""Fuzzing the document parsers and the extractor with Hypothesis.

Any input either parses, into something sane, or raises a PartygraphError that names the
file and a fix: never another exception type, never a hang. The strategies, properties
and 1 MB inputs live in ``fuzz_strategies.py``, shared with ``benchmarks/fuzz.py``, which
runs them for longer and reports the run length and the slowest inputs. Inputs that
once broke a parser are kept here as ``@example`` regressions.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings

from partygraph.errors import InputError
from partygraph.loaders.extract import extract
from partygraph.loaders.records import read_records
from partygraph.yamlfile import load_yaml

from .fuzz_strategies import BIG, LAUGHS, TARGETS

#: In CI: enough examples to catch a regression, a run of well under a minute. The deadline
#: is a hang detector for one small input, not a speed target.
FUZZ = settings(max_examples=150, deadline=timedelta(seconds=10), database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: A 1 MB input that takes longer than this has gone superlinear (they take seconds).
HANG_GUARD_SECONDS = 30
#: The 1 MB inputs run in CI (a few seconds each at most); benchmarks/fuzz.py runs all of BIG.
BIG_IN_CI = [name for name in BIG if name.startswith(("read_lists:", "read_text:",
                                                      "read_records:"))] + [
    "locate:report", "locate:newlines", "locate:report-1mb-quote", "load_corpus:report",
    "load_yaml:scalar", "load_yaml:nesting", "load_yaml:indents", "read_facts:quote",
    "extract:report", "extract:years", "extract:word-spaces", "load_lists:headings",
    "load_lists:lists", "load_lists:dated-spaces"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    """A folder the properties write their input files to."""
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module", autouse=True)
def warm():
    """Load the gazetteer and reference lists once, before any deadline counts."""
    extract("The KKE took part in Paris in May 2016.")


def run(name: str, workdir, value) -> None:
    """Check one target's property on one input."""
    TARGETS[name].check(workdir, value)


@FUZZ
@given(data=TARGETS["read_text"].strategy)
@example(data=b"\x1c")  # blank as text, not as bytes: was read as a document
@example(data="\u00a0\n".encode())
@example(data=b"\xef\xbb\xbfObservers:\n")
@example(data="Paris".encode("utf-16"))
def test_read_text_gives_the_utf8_text_or_names_the_file(workdir, data):
    run("read_text", workdir, data)


@FUZZ
@given(value=TARGETS["load_corpus"].strategy)
@example(value=("documents:\n- {id: a, file: a.txt, title: t, 1: x, z: y}\n", "text"))
@example(value=("documents:\n- {id: a, file: " + "x" * 300 + ", title: t}\n", "text"))
@example(value=("documents:\n- {id: a, file: a.txt, title: t, subject: [a, b]}\n", "text"))
@example(value=("documents:\n- {id: a, file: a.txt, title: t, translated: maybe}\n", "text"))
@example(value=("documents:\n- {id: 5, file: a.txt, title: t}\n", "text"))
@example(value=("documents:\n- {id: \"a\\n\", file: a.txt, title: t}\n", "text"))
@example(value=("[1]", "text"))
def test_load_corpus_reads_any_catalog_or_names_the_file(workdir, value):
    run("load_corpus", workdir, value)


@FUZZ
@given(value=TARGETS["locate"].strategy)
@example(value=("a\nb\n", "b", 4))
@example(value=("  Observers:\nObservers", "Observers:", 0))
@example(value=("text", "", 0))
def test_locate_finds_a_quote_where_it_is_or_says_it_is_not_there(workdir, value):
    run("locate", workdir, value)


@FUZZ
@given(text=TARGETS["read_lists"].strategy)
@example(text="Observers:\n-\n...\nKKE\n")  # a bare bullet was an item with no name
@example(text="Participating parties" + " " * 5000 + "x")
def test_read_lists_items_are_names_at_their_offsets(workdir, text):
    run("read_lists", workdir, text)


@FUZZ
@given(value=TARGETS["load_lists"].strategy)
@example(value=("2nd International Conference of Marxist-Leninist Parties and Organizations\n"
                "Paris, September 1995\nObservers:\n\n• Communist Party of Congo\n-\n", None))
@example(value=("Seminars held:\n" + " ".join(["International Seminar"] * 300) + "\n"
                "• 1996: Imperialism means war\n", "International Communist Seminar"))
def test_load_lists_cites_only_quotes_from_the_document(workdir, value):
    run("load_lists", workdir, value)


@FUZZ
@given(text=TARGETS["extract"].strategy)
@example(text="The 3rd European Communist Meeting was held in Lisbon in May 2016.")
@example(text="Delegations of the Communist Party of Greece (KKE) and the KKE met. KKE.")
@example(text="KKE sent" + " " * 3000 + "x")
@example(text="IZMIR" + " " * 3000 + "x\n\n\n")
def test_extract_quotes_come_from_the_text(workdir, text):
    run("extract", workdir, text)


@FUZZ
@given(text=TARGETS["load_yaml"].strategy)
@example(text="a: !!int abc")
@example(text="a: !!bool maybe")
@example(text="a: !!float x")
@example(text="a: " + "1" * 5000)
@example(text="[" * 3000)
@example(text="&a [*a]")
@example(text="a: &a {<<: *a}")
@example(text=LAUGHS)
def test_load_yaml_parses_or_names_the_file(workdir, text):
    run("load_yaml", workdir, text)


@FUZZ
@given(text=TARGETS["read_facts"].strategy)
@example(text="document: d\n1: x\nfoo: y\n")
@example(text="document: [d]\n")
@example(text=LAUGHS + "\ndocument: *l8\n")
def test_read_facts_checks_every_quote_or_names_the_file(workdir, text):
    run("read_facts", workdir, text)


@FUZZ
@given(data=TARGETS["read_records"].strategy)
@example(data=b"[]\n1\n")
@example(data=b'{"node": 5}\n')
@example(data=b'{"edge": "X", "start": null}\n')
@example(data=b"\xff\n")
def test_read_records_reads_or_names_the_file_and_line(workdir, data):
    run("read_records", workdir, data)


# Inputs that once escaped loaders/records.py as other errors, or were accepted.
RECORDS_BUGS = [
    pytest.param(b"1" * 5000 + b"\n", id="int-too-long-ValueError"),
    pytest.param(b'{"node": "Party", "name": "a", "props": {"n": ' + b"1" * 5000 + b"}}\n",
                 id="int-in-props-ValueError"),
    pytest.param(b"[" * 100_000 + b"\n", id="nesting-RecursionError"),
    pytest.param(b'{"node": "Party", "name": "a", "id": 5}\n', id="id-not-text"),
    pytest.param(b'{"edge": "X", "start": "\\ud800", "end": "b"}\n', id="lone-surrogate"),
    pytest.param(b'{"edge": "X", "start": "a\\uDC00", "end": "b"}\n', id="lone-surrogate-upper"),
]


@pytest.mark.parametrize("data", RECORDS_BUGS)
def test_read_records_refuses_what_once_escaped(workdir, data):
    path = workdir / "records-bug.jsonl"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_records(path)
    assert caught.value.line == 1 and caught.value.fix


def test_a_yaml_path_that_is_a_folder_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        load_yaml(tmp_path)


@pytest.mark.parametrize("name", BIG_IN_CI)
def test_one_megabyte_inputs_finish(workdir, name):
    big = BIG[name]
    value = big.build()
    started = time.perf_counter()
    TARGETS[big.target].check(workdir, value)
    assert time.perf_counter() - started < HANG_GUARD_SECONDS, f"{name}: {big.label}"

