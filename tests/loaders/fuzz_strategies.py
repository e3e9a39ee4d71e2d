"""Fuzzing the document parsers and the extractor: strategies, properties, 1 MB inputs.

Shared by ``tests/loaders/test_fuzzing.py`` (a few hundred examples per target, run in
CI) and ``benchmarks/fuzz.py`` (thousands, timed). Each :class:`Target` pairs a
Hypothesis strategy with a property: the call returns, and what it returns is sane, or
it raises a :class:`~partygraph.errors.PartygraphError` that names the file it read and a
fix. Any other exception, a hang or a blow-up is a bug.

Inputs mix random text and bytes with realistic fragments (party names, "Communist
Party of", countries, list bullets and headings, dates, role cues), so the deep code
paths are reached and not only the first ``if``.

>>> sorted(TARGETS) == sorted(set(TARGETS))
True
>>> all(len(build()) == MB for _, build in BIG_TEXTS.values())
True
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from partygraph.errors import InputError, PartygraphError, QuoteNotFoundError
from partygraph.loaders.corpus import FIELDS, Document, load_corpus, read_text
from partygraph.loaders.extract import extract
from partygraph.loaders.facts import read_facts
from partygraph.loaders.lists import load_lists
from partygraph.loaders.records import read_records
from partygraph.loaders.resolve import Resolver
from partygraph.loaders.roles import STRENGTH
from partygraph.loaders.structure import read_lists
from partygraph.yamlfile import load_yaml

MB = 1_000_000

# -- realistic fragments ---------------------------------------------------------------
PARTIES = [
    "Communist Party of Greece", "Communist Party of Greece (KKE)", "KKE", "PCF", "AKEL-Cyprus",
    "Portuguese Communist Party (PCP)", "Workers' Party of Belgium", "Party of Labour of Iran",
    "Revolutionary Communist Party of Volta", "Communist Party of Congo", "CP of Britain",
    "Lebanese Communist Party", "Communist Party of Spain (Marxist-Leninist)", "TKP",
    "Communist Party of the Workers of France", "Comunist Party of Germany", "SACP",
    "Socialist Party of Zambia", "Party of the Communists, Mexico", "the Communist Party",
    "Labour Party (EMEP)", "Communist Party of Bohemia and Moravia", "Workers' Party of Korea",
    "Communist Party of the Russian Federation", "Union of Communists", "Popular Front",
]
NAME_PARTS = ["Communist Party of", "Workers' Party of", "Revolutionary", "Marxist-Leninist",
              "Front", "Union", "Youth League", "Party", "(Marxist-Leninist)", "the", "of",
              "Organization", "Movement", "Communist", "Socialist", "Parties"]
PLACES = ["Greece", "Congo", "Yugoslavia", "Upper Volta", "Côte d’Ivoire", "Czech Republic",
          "Sri Lanka", "Turkey", "Mexico", "Atlantis", "Paris", "Izmir", "Brussels", "Lisbon",
          "Beirut", "Havana", "Soviet Union", "European Union", "Dominican Republic"]
MEETINGS = ["International Meeting of Communist and Workers' Parties",
            "International Communist Seminar", "European Communist Meeting",
            "2nd International Conference of Marxist-Leninist Parties and Organizations",
            "Balkan Meeting of Communist and Workers' Parties", "21st", "third", "the 5th",
            "was held in", "took place in", "the next meeting will be held in", "edition"]
DATES = ["1995", "2019", "May 2016", "18-20 October 2019", "September 1995", "3 March 1980",
         "October 18, 2019", "1st", "12th"]
HEADINGS = ["List of parties and organizations that participated at the Paris Conference:",
            "Messages of support have been sent by:", "Observers:", "Participating parties",
            "Participating parties and organizations:", "participants:",
            "The following parties took part:", "International Communist Seminars held:",
            "Conferences of the series:"]
CUES = ["took part", "could not attend", "was unable to come", "hosted by", "sent greetings",
        "sent apologies", "observers", "a delegation of", "did not take part", "will host",
        "as well as", "neither of which sent a delegation", "attended", "condemned",
        "the government led by", "represented", "while", "but"]
PEOPLE = ["General Secretary Dimitris Koutsoumbas", "Comrade Ana Pereira",
          "Jan de Vries, the General Secretary", 'newspaper "Rizospastis"',
          '"Solidaire", the weekly', "74 parties from 59 countries", "12 delegations"]
BULLETS = ["• ", "- ", "* ", "1. ", "12) ", "a) ", "· ", "– "]
LINES = ["• 1996: Imperialism means war", "- 2013 – The crisis", "* 2001: theme.",
         "Paris, September 1995", "IZMIR - Delegations met", "BEIRUT, March 12 - ",
         "Brussels, May 2 1996 — "]
GLUE = [" ", ", ", " and ", "; ", ". ", ":", "\n", "\n\n", " (", ")", "\t", "\r\n", "\r",
        "...", "’", "'", '"', "-", "—", "\ufeff", "\u2028", "\x00", "é", "Ω", "😀", "אבג"]
FRAGMENTS = [*PARTIES, *NAME_PARTS, *PLACES, *MEETINGS, *DATES, *HEADINGS, *CUES, *PEOPLE,
             *BULLETS, *LINES, *GLUE]
SERIES = ["International Communist Seminar", "Anti-Imperialist Summer School",
          "International Meeting of Communist and Workers' Parties"]

fragments = st.sampled_from(FRAGMENTS)
prose = st.lists(st.one_of(fragments, fragments, fragments, st.text(max_size=12)),
                 max_size=60).map("".join)
list_lines = st.one_of(
    st.builds("".join, st.tuples(st.sampled_from(BULLETS), st.sampled_from(PARTIES))),
    st.sampled_from(PARTIES), st.sampled_from(HEADINGS), st.sampled_from(LINES),
    st.just(""), prose)
documents = st.lists(list_lines, max_size=40).map("\n".join)
#: any text: random, realistic prose, or a realistic document of lines
texts = st.one_of(st.text(), prose, documents)

# -- YAML and JSON ---------------------------------------------------------------------
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
                    fragments)
keys = st.one_of(st.sampled_from(sorted(FIELDS)), st.sampled_from(
    ["document", "nodes", "relationships", "label", "name", "quote", "type", "from", "to",
     "context", "aliases", "country"]), st.text(max_size=8), st.integers())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
LAUGHS = "\n".join(["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"] + [
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 9)])
YAML_SNIPPETS = [
    "a: !!int abc", "a: !!bool maybe", "a: !!float x", "? [a]\n: b", "{[1]: 2}", "&a [*a]",
    "a: &a {<<: *a}", "[" * 600, "- " * 400 + "x", "a: " + "1" * 5000, "a: !!binary x",
    "!!python/object:os.system x", "a: !!set {[1]: 2}", "%YAML 1.1\n---\n", "--- a\n--- b",
    "a: b: c", "\t- x", "a: 'unterminated", "\x00", "\ufeffa: 1", "<<: 1", "a: *nowhere",
    "a: !!timestamp 2001-13-45", "a: 1\na: 2", LAUGHS, "documents: *x", "document: [d]",
]


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


def yaml_texts(shaped: st.SearchStrategy) -> st.SearchStrategy[str]:
    """YAML text: random, snippets that break parsers, ``shaped`` values dumped, or those
    with a snippet glued on."""
    dumped = shaped.map(_dump)
    return st.one_of(st.text(), st.sampled_from(YAML_SNIPPETS), dumped,
                     st.builds(lambda text, extra: text + extra, dumped,
                               st.sampled_from(YAML_SNIPPETS)))


# -- targets ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """One parser under fuzzing: a strategy for its input and a property to check.

    ``check(workdir, value)`` runs the parser on ``value`` (writing files under
    ``workdir`` when it reads files) and fails with AssertionError, or lets a foreign
    exception through, when the property does not hold.
    """

    name: str
    strategy: st.SearchStrategy
    check: Callable[[Path, Any], None]
    size: Callable[[Any], int] = len  # of an input, for reports


def _names_where_and_fix(err: PartygraphError, file: Path | None = None) -> None:
    assert err.message and err.fix, err
    if file is not None:
        assert err.file == str(file), (err.file, file)


def _write(workdir: Path, name: str, data: str | bytes) -> Path:
    path = workdir / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass"))
    return path


def check_read_text(workdir: Path, data: bytes) -> None:
    """A document reads as its exact UTF-8 text (without a byte-order mark, its line ends
    as newlines), with no control character but tab and newline, or fails naming the file."""
    path = _write(workdir, "doc.txt", data)
    try:
        text = read_text(path)
    except InputError as err:
        _names_where_and_fix(err, path)
        return
    lines = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    assert text == lines.replace("\r", "\n").replace("\f", "\n") and text.strip()
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)


document_bytes = st.one_of(
    st.binary(max_size=2000), texts.map(str.encode), texts.map(lambda t: ("\ufeff" + t).encode()),
    texts.map(lambda t: t.encode("utf-16")), texts.map(lambda t: t.encode("latin-1", "replace")),
    st.builds(lambda a, b: a.encode() + b"\x00" + b, texts, st.binary(max_size=20)))

catalog_entries = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.sampled_from(["a", "doc-1", "B", "a\n", "-a", "b"]), values),
    "file": st.one_of(st.sampled_from(["a.txt", "b.txt", "missing.txt", "sub",
                                       "../outside.txt", "x" * 300, "a\x00.txt"]), values),
    "title": st.one_of(prose, values), "subject": st.one_of(st.sampled_from(SERIES), values),
    "date": st.one_of(st.sampled_from(DATES), values), "translated": values,
    "publisher": values, "extra": values})
catalogs = st.one_of(values, st.fixed_dictionaries({"documents": st.one_of(
    values, st.lists(st.one_of(catalog_entries, values), max_size=4))}))


def check_load_corpus(workdir: Path, value: tuple[str | None, str]) -> None:
    """A corpus loads, its documents with text ids and UTF-8 text, or fails naming a file."""
    catalog, text = value
    root = workdir / "corpus"
    shutil.rmtree(root, ignore_errors=True)
    (root / "sub").mkdir(parents=True)
    _write(root, "a.txt", text)
    _write(root, "b.txt", "Observers:\n\nKKE\n")
    if catalog is not None:
        _write(root, "catalog.yaml", catalog)
    try:
        corpus = load_corpus(root)
    except InputError as err:
        _names_where_and_fix(err)
        assert err.file and Path(err.file).is_relative_to(root), err
        return
    for doc in corpus.documents:
        assert isinstance(doc.id, str) and isinstance(doc.title, str) and doc.text.strip()
        assert all(v is None or isinstance(v, str) for v in (
            doc.publisher, doc.date, doc.language, doc.kind, doc.subject, doc.note))


def check_locate(workdir: Path, value: tuple[str, str, int]) -> None:
    """A quote found is where it is said to be; one not found is a QuoteNotFoundError
    with a fix; ``line_of`` counts newlines."""
    text, quote, offset = value
    doc = Document("d", workdir / "d.txt", text, "t")
    offset = min(max(offset, 0), len(text))
    assert doc.line_of(offset) == text.count("\n", 0, offset) + 1
    try:
        found = doc.locate(quote)
    except QuoteNotFoundError as err:
        _names_where_and_fix(err, doc.path)
        assert not quote or quote not in text
        return
    assert quote and text.startswith(quote, found)


@st.composite
def quoted_texts(draw: Callable, text_strategy: st.SearchStrategy[str] = texts
                 ) -> tuple[str, str, int]:
    """(text, quote, offset): the quote is often a piece of the text, a line, or near one."""
    text = draw(text_strategy)
    i = draw(st.integers(0, len(text)))
    j = draw(st.integers(i, min(len(text), i + 300)))
    quote = draw(st.one_of(st.just(text[i:j]), st.just(text[i:j].strip()), st.text(max_size=30),
                           st.just(text[i:j] + "x"), st.sampled_from(text.split("\n"))))
    return text, quote, draw(st.integers(-3, len(text) + 3))


def check_read_lists(workdir: Path, text: str) -> None:
    """Every list item is a non-empty name at the offset it gives, on one line."""
    lists = read_lists(text)
    assert [p.offset for p in lists] == sorted(p.offset for p in lists)
    for parsed in lists:
        assert parsed.role in {None, "participant", "supporter", "observer", "host", "absent",
                               "member", "signatory"}
        for item in parsed.items:
            assert item.text and "\n" not in item.text
            assert text[item.offset:item.offset + len(item.text)] == item.text


def check_load_lists(workdir: Path, value: tuple[str, str | None]) -> None:
    """Records come out of any document, every quote they cite being in its text."""
    text, subject = value
    doc = Document("doc", workdir / "doc.txt", text, "t", subject=subject)
    batch = load_lists(doc, Resolver())
    for edge in batch.edges:
        assert edge.props.get("quote", "") in text, edge
    for node in batch.nodes:
        assert isinstance(node.id, str) and node.id, node


def check_extract(workdir: Path, text: str) -> None:
    """Candidates carry offsets inside the text and quotes taken from it; the result
    is JSON."""
    facts = extract(text, "doc")
    for party in facts.parties:
        assert 0 <= party.start < party.end <= len(text), party
        assert party.quote in text and party.role in STRENGTH, party
    for found in [*facts.persons, *facts.publications]:
        assert text[found["start"]:found["end"]] == found["name"], found
    assert all(quote in text for quote in facts.meeting.quotes.values())
    json.dumps(facts.as_dict())


def check_load_yaml(workdir: Path, text: str) -> None:
    """YAML parses, or fails naming the file."""
    path = _write(workdir, "x.yaml", text)
    try:
        load_yaml(path)
    except InputError as err:
        _names_where_and_fix(err, path)


FACT_TEXT = ("The 2nd International Conference was held in Paris in September 1995.\n"
             "Observers:\n\nCommunist Party of Greece (KKE)\n• Workers' Party of Belgium\n\n"
             "In 1963, the party was expelled; the KKE took part, while PCF could not attend.\n")
nodes = st.fixed_dictionaries({}, optional={
    "label": st.one_of(st.sampled_from(["Party", "Person", "Conference", "Partie"]), values),
    "name": st.one_of(st.sampled_from(PARTIES), values),
    "quote": st.one_of(st.sampled_from(FACT_TEXT.split("\n")), prose, values),
    "context": st.one_of(st.sampled_from(["KKE took part", "nowhere"]), values),
    "aliases": values, "country": values, "founded": values})
relationships = st.fixed_dictionaries({}, optional={
    "type": st.one_of(st.sampled_from(["MEMBER_OF", "ATTENDED"]), values),
    "from": st.one_of(st.sampled_from(PARTIES), values),
    "to": st.one_of(st.sampled_from(["Country:GR", "KKE"]), values),
    "quote": st.one_of(st.sampled_from(["the KKE took part", "expelled", ""]), values),
    "context": values})
fact_files = st.one_of(values, st.fixed_dictionaries(
    {"document": st.one_of(st.just("d"), values)},
    optional={"nodes": st.one_of(st.lists(st.one_of(nodes, values), max_size=4), values),
              "relationships": st.one_of(st.lists(st.one_of(relationships, values),
                                                  max_size=4), values),
              "extra": values}))


def check_read_facts(workdir: Path, text: str) -> None:
    """A fact file reads, each quote found in its document, or fails naming the file."""
    path = _write(workdir, "facts.yaml", text)
    doc = Document("d", workdir / "d.txt", FACT_TEXT, "t")
    try:
        facts = read_facts(path, {"d": doc})
    except InputError as err:
        _names_where_and_fix(err, path)
        return
    for entry in [*facts.nodes, *facts.relationships]:
        assert entry.get("quote") in FACT_TEXT


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=10)
records = st.one_of(
    json_values, st.fixed_dictionaries({"node": st.one_of(st.just("Party"), json_values)},
                                       optional={"name": json_values, "id": json_values,
                                                 "aliases": json_values, "props": json_values}),
    st.fixed_dictionaries({"edge": st.one_of(st.just("ATTENDED"), json_values)},
                          optional={"start": json_values, "end": json_values,
                                    "props": json_values}))
record_lines = st.one_of(records.map(json.dumps), st.text(max_size=40),
                         st.sampled_from(["", "{", "[]", "1", "null", '"node"', "{}"]))
record_files = st.one_of(
    st.lists(record_lines, max_size=8).map(lambda lines: "\n".join(lines).encode()),
    st.binary(max_size=200))


def check_read_records(workdir: Path, data: bytes) -> None:
    """A records file reads, or fails naming the file and the line."""
    path = _write(workdir, "records.jsonl", data)
    try:
        batch = read_records(path)
    except InputError as err:
        _names_where_and_fix(err, path)
        assert err.line is not None, err
        return
    for node in batch.nodes:
        assert isinstance(node.label, str) and isinstance(node.name, str)
    for edge in batch.edges:
        assert isinstance(edge.start, str) and isinstance(edge.end, str)


TARGETS: dict[str, Target] = {t.name: t for t in [
    Target("read_text", document_bytes, check_read_text),
    Target("load_corpus", st.tuples(st.one_of(st.none(), yaml_texts(catalogs)), texts),
           check_load_corpus, lambda v: len(v[0] or "") + len(v[1])),
    Target("locate", quoted_texts(), check_locate, lambda v: len(v[0])),
    Target("read_lists", texts, check_read_lists),
    Target("load_lists", st.tuples(texts, st.one_of(st.none(), st.sampled_from(SERIES))),
           check_load_lists, lambda v: len(v[0])),
    Target("extract", texts, check_extract),
    Target("load_yaml", yaml_texts(values), check_load_yaml),
    Target("read_facts", yaml_texts(fact_files), check_read_facts),
    Target("read_records", record_files, check_read_records),
]}


# -- 1 MB inputs -----------------------------------------------------------------------
def fill(unit: str, size: int = MB) -> str:
    """``unit`` repeated to exactly ``size`` characters."""
    return (unit * (size // len(unit) + 1))[:size]


REPORT = ("The 21st International Meeting of Communist and Workers' Parties was held in Izmir, "
          "Turkey, on 18-20 October 2019, with 74 parties from 59 countries. It was hosted by "
          "the Communist Party of Turkey (TKP); the Communist Party of Greece (KKE) and the "
          "PCF took part, while the Communist Party of Congo could not attend.\n"
          "Observers:\n\nCommunist Party of Spain (Marxist-Leninist)\n• Workers' Party of "
          "Belgium\n- AKEL-Cyprus\n\nParis, September 1995\nSeminars held:\n• 1996: "
          "Imperialism means war\n\n")


def _distinct_parties(size: int = MB) -> str:
    """List lines naming a different party each, with its own acronym."""
    lines, length, n = [], 0, 0
    while length < size:
        a, b, c, d = (chr(65 + n // 26 ** i % 26) for i in range(4))
        lines.append(f"• Communist Party of {a}{(b + c + d).lower()}land ({a}{b}{c}{d})")
        length += len(lines[-1]) + 1
        n += 1
    return "\n".join(lines)[:size]


#: name -> (what it stresses, a builder of exactly 1 MB of text)
BIG_TEXTS: dict[str, tuple[str, Callable[[], str]]] = {
    "report": ("a realistic report, repeated", lambda: fill(REPORT)),
    "one-line": ("the report on a single line", lambda: fill(REPORT.replace("\n", " "))),
    "capitalised": ("capitalised words: one endless name", lambda: fill("Aa ")),
    "party-of": ("'Communist Party of ' over and over", lambda: fill("Communist Party of ")),
    "acronym": ("one acronym, repeated", lambda: fill("KKE ")),
    "defined-acronyms": ("parties defining their own acronyms, all different",
                         _distinct_parties),
    "spaces": ("one run of spaces", lambda: fill(" ")),
    "newlines": ("one run of newlines", lambda: fill("\n")),
    "punctuation": ("punctuation, brackets and dashes", lambda: fill(".,;:()-–\"'")),
    "digits": ("one run of digits", lambda: fill("7")),
    "years": ("years and dates, no meeting verb", lambda: fill("1999 May 2016 ")),
    "cues": ("role cues in one endless sentence", lambda: fill("took part not hosted by KKE ")),
    "headings": ("list headings with nothing under them", lambda: fill("Observers:\n")),
    "heading-verbs": ("a list heading whose verbs never end in ':'",
                      lambda: "list of parties " + fill("attended ", MB - 16)),
    "lists": ("short lists under headings", lambda: fill("Observers:\nKKE\nPCF\n\n")),
    "distinct-parties": ("a list of thousands of similar, different party names", lambda: (
        "Observers:\n" + re.sub(r" \(\w+\)", "", _distinct_parties(2 * MB)))[:MB]),
    "dated": ("dated list items", lambda: fill("• 1996: Imperialism means war\n")),
    "dated-spaces": ("a dated list item, then a run of spaces",
                     lambda: "Seminars held:\n• 1996: war" + fill(" ", MB - 27) + "y"),
    "word-spaces": ("'IZMIR sent', then a run of spaces", lambda: "IZMIR sent" + fill(" ", MB - 11)
                    + "x"),
}


@dataclass(frozen=True)
class Big:
    """A 1 MB input for one target."""

    target: str
    label: str
    build: Callable[[], Any]


def _big_cases() -> dict[str, Big]:
    cases = {}
    for key, (label, build) in BIG_TEXTS.items():
        cases[f"extract:{key}"] = Big("extract", label, build)
        cases[f"read_lists:{key}"] = Big("read_lists", label, build)
        cases[f"load_lists:{key}"] = Big(
            "load_lists", label, lambda build=build: (build(), "International Communist Seminar"))
        cases[f"locate:{key}"] = Big(  # a quote not found: the closest passage is searched for
            "locate", label + "; a 200-character quote not in it",
            lambda build=build: (build(), build()[MB // 2:MB // 2 + 200] + "\x01", MB // 2))
    cases["locate:report-1mb-quote"] = Big(
        "locate", "a 1 MB quote not in a 1 MB text", lambda: (fill(REPORT), fill(REPORT[1:]), 0))
    cases["read_text:report"] = Big("read_text", "a realistic document",
                                    lambda: fill(REPORT).encode())
    cases["read_text:one-line"] = Big("read_text", "one line of 1 MB",
                                      lambda: fill("Communist Party of Greece ").encode())
    cases["read_text:latin-1-at-end"] = Big("read_text", "UTF-8 until its last byte",
                                            lambda: fill(REPORT, MB - 1).encode() + b"\xe9")
    cases["read_text:nul-at-end"] = Big("read_text", "text with a NUL byte at the end",
                                        lambda: fill(REPORT, MB - 1).encode() + b"\x00")
    cases["load_corpus:report"] = Big("load_corpus", "a catalog listing a 1 MB document", lambda: (
        "documents:\n- {id: a, file: a.txt, title: A, subject: International Communist Seminar}\n",
        fill(REPORT)))
    cases["load_yaml:list"] = Big("load_yaml", "a list of 1 MB",
                                  lambda: fill("- {label: Party, name: KKE, quote: x}\n"))
    cases["load_yaml:scalar"] = Big("load_yaml", "one scalar of 1 MB",
                                    lambda: "a: " + fill("word ", MB - 3))
    cases["load_yaml:nesting"] = Big("load_yaml", "1 MB of '['", lambda: fill("["))
    cases["load_yaml:indents"] = Big("load_yaml", "a deeply indented block", lambda: "".join(
        " " * i + "a:\n" for i in range(1400))[:MB])
    cases["load_yaml:aliases"] = Big("load_yaml", "aliases of aliases", lambda: (
        "base: &b [x, x]\n" + "".join(f"a{i}: &a{i} [*b, *b]\n" for i in range(40000)))[:MB])
    cases["read_facts:nodes"] = Big("read_facts", "thousands of nodes, each quote checked",
                                    lambda: "document: d\nnodes:\n" + fill(
                                        '  - {label: Party, name: KKE, quote: "KKE took part"}\n',
                                        MB - 21))
    cases["read_facts:quote"] = Big("read_facts", "one 1 MB quote that is not in the document",
                                    lambda: "document: d\nnodes:\n  - {label: Party, name: X, "
                                            "quote: '" + fill("Observers KKE ", MB - 60) + "'}\n")
    cases["read_records:nodes"] = Big("read_records", "1 MB of node records", lambda: fill(
        '{"node": "Party", "name": "Communist Party of Greece", "props": {"a": 1}}\n').encode())
    cases["read_records:one-line"] = Big("read_records", "one record line of 1 MB", lambda: (
        '{"node": "Party", "name": "' + fill("x", MB - 30) + '"}\n').encode())
    return cases


#: "target:input" -> a 1 MB input for the target
BIG = _big_cases()
