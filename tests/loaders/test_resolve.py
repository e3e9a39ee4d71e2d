import pytest

from partygraph.loaders.countries import Gazetteer
from partygraph.loaders.resolve import Resolver

from ..conftest import SEEDS


@pytest.fixture
def resolver() -> Resolver:
    r = Resolver()
    r.load_aliases(SEEDS / "aliases.yaml")
    return r


@pytest.mark.parametrize("spelling", ["Workers' Party of Belgium", "WPB",
                                      "Belgian Workers' Party", "belgian workers party"])
def test_spellings_of_the_workers_party_of_belgium_are_one_party(resolver, spelling):
    assert resolver.resolve("Party", spelling).entity.id == "party:workers-party-of-belgium"


def test_belgian_labor_party_is_another_party(resolver):
    res = resolver.resolve("Party", "Belgian Labor Party")
    assert res.how == "new" and res.entity.id == "party:belgian-labor-party"
    assert res.note is None  # listed as distinct: not even a possible duplicate


def test_typo_is_merged_above_the_threshold_and_reported(resolver):
    resolver.register("Party", "Communist Party of the Workers of Tunisia")
    res = resolver.resolve("Party", "Communist Party of the Workers of Tunesia")
    assert res.how == "fuzzy" and res.entity.name == "Communist Party of the Workers of Tunisia"
    assert res.note.kind == "fuzzy-match"


def test_near_miss_is_kept_apart_and_reported_never_merged_silently(resolver):
    resolver.register("Party", "Communist Party of Wallonia-Brussels")
    res = resolver.resolve("Party", "Communist Party of Wallonia-French")
    assert res.how == "new" and res.note.kind == "possible-duplicate"


@pytest.mark.parametrize(("a", "b"), [
    ("Communist Party of Japan", "Communist Party of Spain"),        # different countries
    ("Communist Party of Colombia (Marxist-Leninist)", "Communist Party of Colombia"),
    ("Belgian Communist Party (1920)", "Belgian Communist Party"),   # different qualifier
])
def test_names_with_different_countries_or_qualifiers_never_match(a, b):
    r = Resolver()
    r.register("Party", a)
    res = r.resolve("Party", b)
    assert res.how == "new" and res.note is None


def test_lookup_of_an_unknown_name_suggests_the_closest(resolver):
    resolver.register("Party", "Communist Party of Belgium")
    with pytest.raises(Exception, match="no node named") as caught:
        resolver.lookup("Communist Party of Belgum")
    assert "Communist Party of Belgium" in caught.value.fix


@pytest.mark.parametrize(("name", "iso2", "historical"), [
    ("Chilean Communist Party (Proletarian Action)", "CL", None),
    ("Lebanese Communist Party", "LB", None),
    ("Revolutionary Communist Party of Volta", "BF", "Upper Volta"),
    ("Communist Party of Yugoslavia", "RS", "Yugoslavia"),
    ("Communist Party of the Soviet Union", "RU", "USSR"),
    ("Revolutionary Communist Party of the Ivory Coast", "CI", None),
    ("Party of Labor of Iran", "IR", None),
    ("Communist Party of Labor of the Dominican Republic", "DO", None),
    ("Revolutionary Communist Party of Great Britain (Marxist-Leninist)", "GB", None),
])
def test_countries_from_names_demonyms_and_historical_names(name, iso2, historical):
    found = Gazetteer().find_in(name)
    assert (found.iso2, found.historical) == (iso2, historical)


@pytest.mark.parametrize(("name", "candidates"), [
    ("Communist Party of Congo", ("CD", "CG")),
    ("Korean Workers' Party", ("KP", "KR")),
    ("Communist Party of Czechoslovakia", ("CZ", "SK")),
    ("Communist Party of Kurdistan", ()),
])
def test_ambiguous_or_stateless_countries_stay_unresolved(name, candidates):
    found = Gazetteer().find_in(name)
    assert found.iso2 is None and found.candidates == candidates


@pytest.mark.parametrize("known,other", [
    # long names score 94-96 against each other: a merge, were it not for the word
    ("Communist Party of the Peoples of Spain", "New Communist Party of the Peoples of Spain"),
    ("Revolutionary Communist Party of the Ivory Coast",
     "Revolutionary Communist Party in the Ivory Coast"),
    ("Communist Party of Labour of the Dominican Republic",
     "Communist Party of United Labour of the Dominican Republic"),
])
def test_a_word_that_makes_another_party_is_never_a_spelling_variant(known, other):
    resolver = Resolver()
    resolver.register("Party", known)
    assert resolver.resolve("Party", other).entity.id != resolver.resolve("Party", known).entity.id
