"""A corpus of list-shaped documents: every entry becomes an evidenced relationship of its
document, or the build report names the document and the fix."""

import json

import pytest

from partygraph.build import collect
from partygraph.cli import main
from partygraph.loaders.corpus import load_corpus
from partygraph.loaders.structure import read_lists
from partygraph.yamlfile import load_yaml

from ..conftest import DATA

LISTED = DATA / "listed"
LINKS = {"ATTENDED", "ORGANIZED", "MEMBER_OF", "SIGNED"}
# document -> (relationship, role, entries), or None when the report must name it
EXPECTED = {
    "solidarity-appeal-2021": ("SIGNED", None, 5),
    "forum-members": ("MEMBER_OF", None, 4),
    "wg-press-release": ("ATTENDED", "participant", 3),
    "prague-greetings": ("ATTENDED", "supporter", 3),
    "rencontre-lyon": None,  # a list, but no meeting the build can name: reported
    "essay": None,  # no list at all: reported
    "unlabelled-list": None,  # a list whose heading says nothing: reported
}


@pytest.fixture(scope="module")
def listed():
    return collect(LISTED)


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_every_list_entry_is_linked_to_its_document_or_the_document_is_reported(listed, doc_id):
    doc = load_corpus(LISTED).get(doc_id)
    links = [e for e in listed.edges if e.type in LINKS and e.props["source"] == doc_id]
    expected = EXPECTED[doc_id]
    if expected is None:
        assert not links
        notes = [n for n in listed.notes if doc.path.name in n.where or doc.path.name in n.message]
        assert notes and all("partygraph extract" in n.message for n in notes
                             if n.kind in ("nothing-read", "skipped-list"))
        return
    rel, role, count = expected
    entries = [i for b in read_lists(doc.text) for i in b.items]
    assert len(entries) == count
    assert len(links) == count and {e.type for e in links} == {rel}
    assert {e.props.get("role") for e in links} == {role}
    for edge in links:  # the quote is the entry's line, at its line of the document
        assert edge.props["quote"] in doc.text
        assert edge.props["quote"] in {i.line for i in entries}
        assert edge.props.get("context") in doc.text


def test_members_join_the_network_the_catalog_names(listed):
    ends = {e.end for e in listed.edges if e.type == "MEMBER_OF"}
    assert ends == {"platform:forum-of-the-left-of-the-andes"}


def test_signatories_sign_the_documents_declaration(listed):
    declaration = next(n for n in listed.nodes if n.label == "Declaration")
    assert declaration.name == "Joint appeal against the ban on the Communist Party of Freedonia"
    assert declaration.props["date"] == "2021-03"


def test_a_generic_name_keeps_its_country_and_stays_apart(listed):
    """'Communist Party (Switzerland)' is not some other 'Communist Party'."""
    names = {n.name for n in listed.nodes if n.label == "Party"}
    assert "Communist Party (Switzerland)" in names and "Communist Party" not in names
    based = {(e.start, e.end) for e in listed.edges if e.type == "BASED_IN"}
    assert ("party:communist-party-switzerland", "country:ch") in based
    assert ("party:portuguese-communist-party", "country:pt") in based


def test_names_in_other_languages_get_their_country_and_their_party(listed):
    based = {e.start: e.end for e in listed.edges if e.type == "BASED_IN"}
    assert based["party:rakouska-komunisticka-strana"] == "country:at"
    # "Komunistická strana Řecka" says "Communist Party of Greece": one node, both names
    greece = next(n for n in listed.nodes if n.id == "party:communist-party-of-greece")
    assert "Komunistická strana Řecka" in greece.aliases
    assert "party:komunisticka-strana-recka" not in {n.id for n in listed.nodes}
    assert based["party:communist-party-of-greece"] == "country:gr"


def test_a_working_group_meeting_is_its_own_meeting(listed):
    conference = next(n for n in listed.nodes if n.label == "Conference"
                      and "Lisbon" in n.name)
    assert conference.name.startswith("Working Group of the International Meeting")
    assert conference.props["date"] == "2022-05-14" and "edition" not in conference.props


def test_the_build_report_names_each_document_it_took_nothing_from(tmp_path, capsys):
    try:
        main(["build", "--seeds", str(LISTED), "--db", str(tmp_path / "db")])
    except SystemExit as exc:
        assert not exc.code
    report = json.loads((tmp_path / "db" / "build-report.json").read_text())
    nothing = {n["message"].split(":")[0] for n in report["notes"] if n["kind"] == "nothing-read"}
    assert nothing == {"essay.txt", "rencontre-lyon.txt", "unlabelled.txt"}
    assert report["relationships"]["SIGNED"] == 5 and report["relationships"]["MEMBER_OF"] == 4


LISTCORPUS = DATA / "listcorpus"
LISTED_EXPECTED = load_yaml(LISTCORPUS / "expected.yaml")["documents"]


@pytest.fixture(scope="module")
def listcorpus():
    return collect(LISTCORPUS)


@pytest.mark.parametrize("expected", LISTED_EXPECTED, ids=[d["id"] for d in LISTED_EXPECTED])
def test_each_entry_of_a_list_shaped_corpus_is_an_evidenced_relationship(listcorpus, expected):
    """Eleven documents, one list shape and language each: every entry is linked to its
    document by the relationship and role its heading gives, quoting the entry's line."""
    links = [e for e in listcorpus.edges if e.type in LINKS
             and e.props["source"] == expected["id"]]
    assert len(links) == expected["entries"]
    for want in expected["relationships"]:
        role = want.get("role") if want["relationship"] == "ATTENDED" else None
        assert any(want["spelled"] in e.props["quote"] and e.type == want["relationship"]
                   and e.props.get("role") == role for e in links), want
    assert not [n for n in listcorpus.notes if n.kind == "nothing-read"
                and expected["file"] in n.message]
