"""What the real ICC data needs: practices without a year, practices of several
countries, and partner cities abroad (issue 16)."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icc_practices.search.cache import generation_scope
from icc_practices.search.query import search_practices
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(index_page):
    """Five practices: one of two countries, one with no year, one with partner cities."""
    spain, france = CountryFactory(code="ES"), CountryFactory(code="FR")
    cuba = CountryFactory(code="CU")
    education = TopicFactory(name="Education", slug="education")
    housing = TopicFactory(name="Housing", slug="housing")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain)
    perpignan = CityFactory(name="Perpignan", slug="perpignan", country=france)
    havana = CityFactory(name="Havana", slug="havana", country=cuba)
    medellin = CityFactory(name="Medellín", slug="medellin", country=CountryFactory(code="CO"))

    def practice(title, country, year, topics, cities=(), others=(), partners=()):
        page = PracticePageFactory(
            parent=index_page,
            title=title,
            country=country,
            year=year,
            topics=list(topics),
        )
        page.other_countries.set(others)
        page.cities.set(cities)
        page.partner_cities.set(partners)
        page.save()
        page.save()  # search indexes on post_save, before modelcluster commits relations
        return page

    return {
        "a": practice(
            "Municipalism", spain, 2018, [education], [barcelona], partners=[havana, medellin]
        ),
        "b": practice(
            "Across the border", spain, 2019, [housing], [barcelona, perpignan], [france]
        ),
        "c": practice("Ongoing welcome", france, None, [education], [perpignan]),
        "d": practice("Havana libraries", cuba, 2019, [education], [havana]),
        "e": practice("Undated housing", spain, None, [housing]),
        "index": index_page,
    }


def run(index_page, **params):
    with generation_scope():
        return search_practices(index_page, params, per_page=10)


def counts(results, facet) -> dict[str, int]:
    return {option.value: option.count for option in results.facets[facet].options}


def test_a_practice_without_a_year_is_counted_under_not_stated_sorted_last(world):
    results = run(world["index"])
    options = results.facets["year"].options
    assert [(option.value, option.label, option.count) for option in options] == [
        ("2019", "2019", 2),
        ("2018", "2018", 1),
        ("none", "Not stated", 2),
    ]
    assert {p.title for p in run(world["index"], year=["none"]).practices} == {
        "Ongoing welcome",
        "Undated housing",
    }


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_practices_without_a_year_come_last_in_both_orders(world, sort):
    titles = [practice.title for practice in run(world["index"], sort=[sort]).practices]
    assert set(titles[-2:]) == {"Ongoing welcome", "Undated housing"}


def test_the_page_says_the_year_is_not_stated(client, world):
    html = client.get(world["c"].url).content.decode()
    assert "Not stated" in html


def test_a_practice_of_two_countries_is_found_and_counted_under_each(world):
    results = run(world["index"])
    assert counts(results, "country")["fr"] == 2  # its own, and the cross-border one
    assert counts(results, "country")["es"] == 3
    french = run(world["index"], country=["fr"])
    assert {p.title for p in french.practices} == {"Across the border", "Ongoing welcome"}
    both = run(world["index"], country=["fr", "es"])
    assert both.total == 4  # the cross-border practice once


def test_the_card_names_every_country(client, world):
    html = client.get(world["index"].url + "?country=fr").content.decode()
    assert "Spain, France" in html


def test_cities_may_lie_in_a_further_country_but_not_elsewhere(world):
    page = world["b"]
    page.other_countries.set([])
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "Perpignan" in str(raised.value)
    page.other_countries.set([world["c"].country])
    page.full_clean()


def test_partner_cities_lie_anywhere_and_link_to_practices_of_their_own(client, world):
    world["a"].full_clean()  # Havana and Medellín are not in Spain: no error
    html = client.get(world["a"].url).content.decode()
    assert "Partner cities" in html
    # Havana has a practice of its own here: linked; Medellín has none: named only.
    assert f'href="{world["index"].url}?city=havana"' in html
    assert "Medellín" in html
    assert "?city=medellin" not in html


def test_a_partner_city_link_ignores_practices_visitors_cannot_see(client, world):
    world["d"].unpublish()
    html = client.get(world["a"].url).content.decode()
    assert "?city=havana" not in html


def test_search_finds_a_practice_by_its_partner_city(world):
    assert {p.title for p in run(world["index"], q=["Medellín"]).practices} == {"Municipalism"}


def test_the_api_gives_no_year_further_countries_and_partner_cities(client, world):
    detail = client.get(f"/api/v3/practices/{world['b'].pk}/").json()
    assert [country["code"] for country in detail["countries"]] == ["es", "fr"]
    undated = client.get(f"/api/v3/practices/{world['c'].pk}/").json()
    assert undated["year"] is None
    partners = client.get(f"/api/v3/practices/{world['a'].pk}/").json()["partner_cities"]
    assert {city["slug"] for city in partners} == {"havana", "medellin"}
    facets = client.get("/api/v3/practices/?year=none").json()
    assert facets["count"] == 2


def _values(practice, facet) -> set[str]:
    if facet == "topic":
        return {topic.slug for topic in practice.topics.all()}
    if facet == "city":
        return {city.slug for city in practice.cities.all()}
    if facet == "country":
        return {country.slug for country in practice.countries}
    return {str(practice.year) if practice.year else "none"}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    country=st.sets(st.sampled_from(["es", "fr", "cu"])),
    year=st.sets(st.sampled_from(["2018", "2019", "none"])),
    topic=st.sets(st.sampled_from(["education", "housing"])),
)
def test_counts_stay_disjunctive_and_exact(world, country, year, topic):
    selection = {"country": country, "year": year, "topic": topic}
    practices = [world[key] for key in "abcde"]

    def matches(practice, except_facet=None) -> bool:
        return all(
            _values(practice, facet) & chosen
            for facet, chosen in selection.items()
            if chosen and facet != except_facet
        )

    results = run(world["index"], **{facet: sorted(chosen) for facet, chosen in selection.items()})
    assert results.total == sum(1 for practice in practices if matches(practice))
    for facet in selection:
        expected: dict[str, int] = {}
        for practice in practices:
            for value in _values(practice, facet):
                expected[value] = expected.get(value, 0) + matches(practice, except_facet=facet)
        present = counts(results, facet)
        assert {value: present.get(value, 0) for value in expected} == expected
