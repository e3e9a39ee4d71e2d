import pytest

from partygraph.errors import QueryError
from partygraph.queries import NotFoundError, get_query, list_queries

PARIS = "2nd International Conference of Marxist-Leninist Parties and Organizations (Paris, 1995)"
NAMES = ["co_attendance", "conference_participants", "evidence", "parties_by_country",
         "party_conferences", "party_lineage", "platform_timeline"]


def test_the_library_lists_every_query_with_a_header():
    queries = list_queries()
    assert [q.name for q in queries] == NAMES
    for q in queries:
        assert q.summary and q.examples and q.examples[0].startswith("partygraph query --name")
        for param in q.params.values():
            assert param.doc


def test_missing_and_unknown_parameters_are_refused():
    with pytest.raises(QueryError, match="needs --param conference"):
        get_query("conference_participants").bind({})
    with pytest.raises(QueryError, match="has no parameter colour"):
        get_query("conference_participants").bind({"conference": "x", "colour": 1})
    with pytest.raises(QueryError, match="no query named 'nope'"):
        get_query("nope")


def test_paris_1995_participants_with_countries_and_quotes(graph):
    rows = graph.named("conference_participants", conference="Paris, 1995").to_dict("records")
    participants = [r for r in rows if r["role"] == "participant"]
    supporters = [r for r in rows if r["role"] == "supporter"]
    assert len(participants) == 15 and len(supporters) == 2
    assert {r["conference"] for r in rows} == {PARIS}
    assert all(r["source"] == "la-forge-1995-12" and r["quote"] == r["party"] for r in rows)
    countries = {r["party"]: r["iso2"] for r in rows}
    assert countries["Revolutionary Communist Party of Volta"] == "BF"
    assert countries["Chilean Communist Party (Proletarian Action)"] == "CL"
    assert countries["Communist Party of Japan (Left)"] == "JP"
    assert sorted(set(countries.values())) == sorted(
        {"DE", "GB", "CO", "CI", "DO", "EC", "ES", "FR", "GR", "IR", "IT", "TN", "TR", "VE", "BF",
         "JP", "CL"})


def test_belgian_lineage_shows_founding_split_and_renaming_with_quotes(graph):
    rows = graph.named("party_lineage", party="Communist Party of Belgium").to_dict("records")
    steps = {(r["direction"], tuple(r["chain"]), tuple(r["kinds"]), tuple(r["dates"]))
             for r in rows}
    assert ("predecessor", ("Left wing of the Belgian Labor Party", "Communist Party of Belgium"),
            ("merger",), ("1921-09-03",)) in steps
    assert ("predecessor", ("Belgian Communist Party (1920)", "Communist Party of Belgium"),
            ("merger",), ("1921-09-03",)) in steps
    assert ("successor", ("Communist Party of Belgium", "Communist Party of Wallonia-Brussels"),
            ("split",), ("1989",)) in steps
    assert ("successor", ("Communist Party of Belgium", "Communist Party of Flanders"),
            ("split",), ("1989",)) in steps
    assert ("predecessor", ("Communist Party of Wallonia-Brussels", "Communist Party of Belgium"),
            ("renaming",), ("2018-06",)) in steps
    for row in rows:
        assert all(q and s == "cpb-study" for q, s in zip(row["quotes"], row["sources"],
                                                           strict=True))
        inner = row["chain"][1:-1]
        assert "Communist Party of Belgium" not in inner  # cycles are cut at the party


def test_lineage_found_by_alias(graph):
    by_alias = graph.named("party_lineage", party="Belgian Communist Party")
    assert len(by_alias) == len(graph.named("party_lineage", party="Communist Party of Belgium"))


def test_party_conferences_and_platforms(graph):
    rows = graph.named("party_conferences", party="Communist Party of Belgium").to_dict("records")
    assert {(r["relation"], r["name"]) for r in rows} == {
        ("attended", "Belgrade International Conference (2022)"),
        ("member_of", "International Meeting of Communist and Workers' Parties"),
        ("member_of", "World Anti-Imperialist Platform"),
    }
    rows = graph.named("party_conferences", party="WPB").to_dict("records")
    assert [(r["relation"], r["name"]) for r in rows] == [
        ("organized", "International Communist Seminar")]


def test_parties_by_country_accepts_codes_and_historical_names(graph):
    belgian = graph.named("parties_by_country", country="be")
    assert "Communist Party of Belgium" in set(belgian["party"])
    volta = graph.named("parties_by_country", country="Upper Volta")
    assert list(volta["party"]) == ["Revolutionary Communist Party of Volta"]


def test_co_attendance_pairs(graph):
    rows = graph.named("co_attendance").to_dict("records")
    assert len(rows) == 17 * 16 // 2  # the 17 parties at Paris share one meeting
    assert all(r["shared"] == 1 for r in rows)
    iran = graph.named("co_attendance", party="Party of Labor of Iran")
    assert len(iran) == 16


def test_co_attendance_pages_with_the_limit_its_header_states(graph):
    query = get_query("co_attendance")
    assert query.params["limit"].default == 1000 and "1000" in query.params["limit"].doc
    everything = graph.named("co_attendance").to_dict("records")
    first = graph.named("co_attendance", limit=5).to_dict("records")
    assert first == everything[:5]
    iran = graph.named("co_attendance", party="Party of Labor of Iran", limit=3)
    assert len(iran) == 3 and set(iran["party_b"]) | set(iran["party_a"]) >= {
        "Party of Labor of Iran"}


def test_evidence_finds_start_and_end_of_any_label_by_id_name_or_words(graph):
    paris = graph.named("evidence", **{"from": "Paris, 1995"}).to_dict("records")
    assert paris and {r["from"] for r in paris} == {PARIS}  # a conference: words of its name
    assert {r["type"] for r in paris} >= {"PART_OF", "HELD_IN"}
    into = graph.named("evidence", to=PARIS, type="ATTENDED").to_dict("records")
    assert len(into) == 17 and {r["to"] for r in into} == {PARIS}
    both = graph.named("evidence", **{"from": "Party of Labor of Iran", "to": "Paris, 1995"})
    assert list(both["from"]) == ["Party of Labor of Iran"] and list(both["to"]) == [PARIS]
    with pytest.raises(NotFoundError, match="no node named 'Communist Party of Nowhere'"):
        graph.named("evidence", **{"from": "Communist Party of Nowhere"})


def test_evidence_behind_the_split(graph):
    rows = graph.named("evidence", **{"from": "Communist Party of Belgium", "type": "SPLIT"})
    row = rows.to_dict("records")[0]
    assert row["document"] == "[Study of the Communist Party of Belgium]"
    assert row["quote"].startswith("In 1989, the 26th Congress of the Communist Party of Belgium")
    assert row["line"] == 30
    by_id = graph.named("evidence", id=row["id"])
    assert by_id.to_dict("records") == [row]


def test_platform_timeline_of_the_seminar(graph):
    rows = graph.named("platform_timeline", platform="ICS").to_dict("records")
    assert [r["year"] for r in rows] == [1992, *range(1996, 2007), 2011, 2013, 2014]
    assert rows[-1]["date"] == "2014-06"
    assert all(r["attendances"] == 0 for r in rows)  # nothing invented
    icmlpo = graph.named("platform_timeline",
                         platform="International Conference of Marxist-Leninist Parties and "
                                  "Organizations").to_dict("records")
    assert [(r["year"], r["city"], r["country"], r["attendances"]) for r in icmlpo] == [
        (1994, "Quito", "Ecuador", 0), (1995, "Paris", "France", 17)]


@pytest.mark.parametrize("name", NAMES)
def test_every_named_query_runs_with_its_example_parameters(graph, name):
    import shlex

    from partygraph.cli import parse_params

    example = get_query(name).examples[0]
    args = shlex.split(example)
    pairs = [args[i + 1] for i, a in enumerate(args) if a in ("--param", "-p")]
    assert len(graph.named(name, **parse_params(pairs))) > 0


@pytest.mark.parametrize(("label", "reference", "how", "expected"), [
    ("Party", "party:communist-party-of-belgium", "name", ["party:communist-party-of-belgium"]),
    ("Party", "COMMUNIST PARTY OF BELGIUM", "name", ["party:communist-party-of-belgium"]),
    ("Party", "belgian communist party", "name", ["party:communist-party-of-belgium"]),
    ("Party", "Communist Party of Nowhere", "name", []),
    ("Conference", "Paris, 1995", "words", [
        "conference:2nd-international-conference-of-marxist-leninist-parties-and-"
        "organizations-paris-1995"]),
    ("Party|Conference|Platform", "Paris, 1995", "words", [
        "conference:2nd-international-conference-of-marxist-leninist-parties-and-"
        "organizations-paris-1995"]),
    ("Platform|Party", "WPB", "name", ["party:workers-party-of-belgium"]),
])
def test_references_are_found_by_id_then_name_then_alias_or_words(graph, label, reference, how,
                                                                 expected):
    from partygraph.queries import find_ids

    assert find_ids(graph.rows, label, reference, how) == expected


def test_a_name_is_looked_up_through_the_key_index_not_a_scan(graph):
    plan = graph.rows("EXPLAIN MATCH (x:Party) WHERE x.key = $key RETURN x.id AS id",
                      {"key": "communist party of belgium"})
    assert "NodeIndexSeek(x:Party) [index=Party[key]" in plan[0]["executionPlanAsString"]


def test_a_bad_finds_line_names_its_file_and_line(tmp_path):
    (tmp_path / "q.cypher").write_text("// Something.\n// params: who - a party\n"
                                       "// finds: who -> party by guess\nRETURN 1\n")
    with pytest.raises(QueryError) as caught:
        get_query("q", tmp_path)
    assert caught.value.line == 3 and "finds" in caught.value.fix
