from partygraph.loaders.corpus import load_corpus
from partygraph.loaders.lists import load_lists
from partygraph.loaders.meeting import find_meeting_facts
from partygraph.loaders.resolve import Resolver
from partygraph.loaders.structure import read_lists
from partygraph.records import Batch

from ..conftest import DATA, SEEDS


def test_paris_lists_parse_fifteen_participants_and_two_supporters():
    doc = load_corpus(SEEDS).get("la-forge-1995-12")
    lists = {p.role: [i.text for i in p.items] for p in read_lists(doc.text)}
    assert len(lists["participant"]) == 15
    assert lists["participant"][0] == "Communist Party of Germany"
    assert lists["participant"][-1] == "Revolutionary Communist Party of Volta"
    assert lists["supporter"] == ["Communist Party of Japan (Left)",
                                  "Chilean Communist Party (Proletarian Action)"]


def test_paris_meeting_is_read_from_the_text():
    doc = load_corpus(SEEDS).get("la-forge-1995-12")
    heading = read_lists(doc.text)[0].heading
    meeting = find_meeting_facts(doc.text, heading=heading, subject=doc.subject)
    assert (meeting.series, meeting.edition, meeting.city, meeting.date) == (
        "International Conference of Marxist-Leninist Parties and Organizations", 2, "Paris",
        "1995-09")
    assert meeting.name() == ("2nd International Conference of Marxist-Leninist Parties and "
                              "Organizations (Paris, 1995)")


def load(corpus_root, doc_id, resolver=None) -> Batch:
    return load_lists(load_corpus(corpus_root).get(doc_id), resolver or Resolver())


def test_empty_participant_list_yields_no_attendance_and_a_note():
    batch = load(SEEDS, "ics-article")
    assert not [e for e in batch.edges if e.type == "ATTENDED"]
    assert [n.kind for n in batch.notes] == ["empty-list"]


def test_dated_list_gives_one_conference_per_year_with_its_theme():
    batch = load(SEEDS, "ics-article")
    conferences = {n.props["year"]: n for n in batch.nodes if n.label == "Conference"}
    assert sorted(conferences) == [*range(1996, 2007), 2011, 2013, 2014]
    assert conferences[1999].props["theme"] == "Imperialism means war"
    assert conferences[1999].name == "International Communist Seminar (1999)"
    part_of = [e for e in batch.edges if e.type == "PART_OF"]
    assert len(part_of) == 14
    assert all(e.end == "platform:international-communist-seminar" for e in part_of)


def test_new_document_of_the_same_shape_loads_with_no_code_change():
    resolver = Resolver()
    resolver.register("Party", "Communist Party of the Workers of France")
    batch = load(DATA / "newdoc", "bulletin-1997-11", resolver)
    attended = {(e.start, e.props["role"]) for e in batch.edges if e.type == "ATTENDED"}
    assert len(attended) == 7
    conference = next(n for n in batch.nodes if n.label == "Conference")
    assert conference.name.startswith("3rd International Conference")
    assert conference.props == {"year": 1997, "date": "1997-10", "city": "Belgrade", "edition": 3}
    # the typo resolves to the known party, and the report says so
    assert ("party:communist-party-of-the-workers-of-france", "participant") in attended
    assert any(n.kind == "fuzzy-match" and "Comunist" in n.message for n in batch.notes)
    roles = {e.props["role"] for e in batch.edges if e.type == "ATTENDED"}
    assert roles == {"participant", "supporter", "observer"}
    based = {e.start: (e.end, e.props["name_in_source"]) for e in batch.edges
             if e.type == "BASED_IN"}
    assert based["party:communist-party-of-yugoslavia-marxist-leninist"] == ("country:rs",
                                                                               "Yugoslavia")
    assert based["party:revolutionary-communist-party-of-upper-volta"][0] == "country:bf"
    assert based["party:lebanese-communist-organization"][0] == "country:lb"
    assert "party:communist-party-of-congo-marxist-leninist" not in based
    kinds = sorted(n.kind for n in batch.notes)
    assert kinds == ["ambiguous-country", "fuzzy-match", "unresolved-country"]


def test_dated_list_of_a_new_series_uses_the_catalog_subject():
    batch = load(DATA / "newdoc", "summer-school")
    names = sorted(n.name for n in batch.nodes if n.label == "Conference")
    assert names == ["Anti-Imperialist Summer School (2016)",
                     "Anti-Imperialist Summer School (2017)"]
    assert [n.kind for n in batch.notes] == ["empty-list"]


def test_every_list_record_quotes_its_document():
    for root, doc_id in [(SEEDS, "la-forge-1995-12"), (SEEDS, "ics-article"),
                         (DATA / "newdoc", "bulletin-1997-11")]:
        doc = load_corpus(root).get(doc_id)
        for edge in load_lists(doc, Resolver()).edges:
            assert edge.props["source"] == doc.id
            assert edge.props["quote"] in doc.text
            assert edge.props.get("context", "") in doc.text
