"""Parsing request parameters: bounded, canonical, and never an exception."""

from hypothesis import given, settings
from hypothesis import strategies as st

from icc_practices.search.facets import CityFacet, CountryFacet, TopicFacet, YearFacet
from icc_practices.search.params import (
    MAX_QUERY_LENGTH,
    MAX_SEARCH_TERMS,
    MAX_VALUES_PER_FACET,
    FilterState,
    Vocabulary,
    parse_filters,
    search_terms,
)

VOCABULARY = Vocabulary(
    facets=(TopicFacet(), CountryFacet(), YearFacet(), CityFacet()),
    accepted={
        "topic": frozenset({"education", "roma", "anti-rumour"}),
        "country": frozenset({"es", "it", "gb"}),
        "city": frozenset({"barcelona", "turin"}),
    },
    min_year=1990,
    max_year=2027,
)


def parse(**params) -> FilterState:
    return parse_filters(params, VOCABULARY)


def test_known_values_are_kept_in_canonical_order():
    state = parse(topic=["roma", "education", "roma"], year=["2018", "2020"])
    assert state.selected("topic") == ("education", "roma")
    assert state.selected("year") == ("2020", "2018")


def test_unknown_values_are_ignored():
    state = parse(topic=["nope", "roma"], country=["xx"], city=["atlantis"], year=["abc", "1850"])
    assert state.selected("topic") == ("roma",)
    assert state.selected("country") == state.selected("city") == state.selected("year") == ()


def test_country_codes_are_case_insensitive():
    assert parse(country=["ES", "It"]).selected("country") == ("es", "it")


def test_sort_defaults_to_relevance_only_with_a_search():
    assert parse().sort == "newest"
    assert parse(q=["schools"]).sort == "relevance"
    assert parse(sort=["relevance"]).sort == "newest"
    assert parse(q=["schools"], sort=["title"]).sort == "title"
    assert parse(sort=["bogus"]).sort == "newest"


def test_search_operators_become_plain_words():
    assert search_terms('"schools" AND -roma NEAR( a:b *') == (
        "schools",
        "and",
        "roma",
        "near",
        "a",
        "b",
    )


def test_a_query_of_only_punctuation_is_no_search():
    state = parse(q=['"*-:('])
    assert state.search_terms == ()
    assert state.q == ""
    assert not state.is_filtered


def test_nul_bytes_and_control_characters_are_removed():
    state = parse(q=["scho\x00ols\x07"], topic=["ro\x00ma"])
    assert state.q == "schools"
    assert state.selected("topic") == ("roma",)


def test_page_numbers():
    assert parse(page=["3"]).page == 3
    assert parse(page=["0"]).page == 1
    assert parse(page=["-2"]).page == 1
    assert parse(page=["٣"]).page == 1  # a non-ASCII digit
    assert parse(page=["99999999999"]).page == 1


def test_query_string_round_trips():
    state = parse(q=["anti rumour"], topic=["roma"], country=["es"], year=["2019"], page=["2"])
    again = parse_filters(_query_dict(state.query_string()), VOCABULARY)
    assert again == state
    assert state.query_string() == "?q=anti+rumour&topic=roma&country=es&year=2019&page=2"


def test_removing_a_value_returns_to_page_one():
    state = parse(topic=["roma", "education"], page=["3"])
    assert state.without("topic", "roma").query_string() == "?topic=education"


def _query_dict(query: str):
    from django.http import QueryDict

    return QueryDict(query.lstrip("?"))


params_strategy = st.dictionaries(
    st.sampled_from(["q", "topic", "country", "year", "city", "sort", "page", "other"]),
    # Random text, and values each facet has a meaning for (so that they are drawn often).
    st.lists(
        st.one_of(st.text(max_size=300), st.sampled_from(["none", "2018", "1850", "es", "ES"])),
        max_size=300,
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(params_strategy)
def test_any_parameters_parse_to_a_bounded_state(params):
    state = parse_filters(params, VOCABULARY)
    assert len(state.q) <= MAX_QUERY_LENGTH
    assert len(state.search_terms) <= MAX_SEARCH_TERMS
    for facet in ("topic", "country", "year", "city"):
        assert len(state.selected(facet)) <= MAX_VALUES_PER_FACET
    assert set(state.selected("topic")) <= VOCABULARY.accepted["topic"]
    assert set(state.selected("country")) <= VOCABULARY.accepted["country"]
    assert set(state.selected("city")) <= VOCABULARY.accepted["city"]
    assert all(
        year == YearFacet.NOT_STATED or 1990 <= int(year) <= 2027  # "none": no year stated
        for year in state.selected("year")
    )
    assert "\x00" not in state.q
    assert state.sort in ("newest", "oldest", "title", "relevance")
    assert state.page >= 1


@settings(max_examples=300, deadline=None)
@given(params_strategy)
def test_parsing_is_idempotent(params):
    state = parse_filters(params, VOCABULARY)
    assert parse_filters(_query_dict(state.query_string()), VOCABULARY) == state


@settings(max_examples=200)
@given(st.lists(st.text(max_size=6), max_size=8))
def test_year_order_never_fails_on_values_that_are_not_years(values):
    """Years newest first, anything else after them: a damaged facet index snapshot
    holding such a value must not cost an error page."""
    ordered = YearFacet().ordered(values)
    assert sorted(ordered) == sorted(values)
    years = [value for value in ordered if value.isdigit()]
    assert years == sorted(years, key=lambda year: (len(year), year), reverse=True)
    assert ordered[: len(years)] == tuple(years)
