"""A facet a host site adds with one definition (tests/urbact: URBACT's city size on a
practice page type of its own) appears everywhere the built-in facets do."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from icc_practices.search.facets import BUILT_IN_FACETS, registered_facets
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory
from tests.test_multilingual import translate
from tests.urbact.facets import CityCountryFacet, CitySizeFacet
from tests.urbact.models import UrbactPracticePage

API = "/api/v3/practices/"


class UrbactPracticePageFactory(PracticePageFactory):
    class Meta:
        model = UrbactPracticePage


@pytest.fixture
def sized(index_page):
    spain, italy = CountryFactory(code="ES"), CountryFactory(code="IT")
    roma = TopicFactory(name="Roma", slug="roma")
    education = TopicFactory(name="Education", slug="education")
    return {
        "small_es": UrbactPracticePageFactory(
            parent=index_page, title="Small Spanish", country=spain, city_size="small",
            topics=[roma],
        ),
        "small_it": UrbactPracticePageFactory(
            parent=index_page, title="Small Italian", country=italy, city_size="small",
            topics=[education],
        ),
        "large_es": UrbactPracticePageFactory(
            parent=index_page, title="Large Spanish", country=spain, city_size="large",
            topics=[roma],
        ),
        "plain": PracticePageFactory(
            parent=index_page, title="Not sized", country=spain, topics=[roma]
        ),
        "draft": UrbactPracticePageFactory(
            parent=index_page, title="Draft medium", country=spain, city_size="medium",
            live=False,
        ),
    }  # fmt: skip


def option(html: str, name: str, value: str) -> str:
    """The text of one facet option: its label and count."""
    found = re.search(
        rf'<input type="checkbox" id="icc-{name}-{value}"[^>]*>\s*<label[^>]*>(.*?)</label>',
        html,
        re.S,
    )
    assert found, f"no option {name}={value}"
    return re.sub(r"<[^>]+>", "", found.group(1))


def test_the_hook_adds_the_facet_in_its_order():
    names = [facet.name for facet in registered_facets()]
    assert names == ["topic", "country", "size", "year", "city", "lang"]


def test_the_form_shows_the_facet_with_counts_of_visible_practices(client, sized):
    html = client.get("/practices/").content.decode()
    assert "City size" in html
    assert option(html, "size", "small") == "Small (under 50,000) (2)"
    assert option(html, "size", "large") == "Large (over 250,000) (1)"
    assert 'id="icc-size-medium"' not in html  # only a draft has it: values present only


def test_it_filters_with_or_within_and_and_across_facets(client, sized):
    html = client.get("/practices/?size=small&size=large").content.decode()
    assert "3 practices" in html and "Not sized" not in html
    html = client.get("/practices/?size=small&country=es").content.decode()
    assert "1 practice" in html and "Small Spanish" in html
    # Disjunctive: the size options count under the country, not under their own choice.
    assert option(html, "size", "large") == "Large (over 250,000) (1)"
    assert option(html, "size", "small") == "Small (under 50,000) (1)"
    # ... and the countries under the size: Spain 1 small, Italy 1 small.
    assert option(html, "country", "it").endswith("(1)")


def test_unknown_values_are_ignored_and_chips_remove_it(client, sized):
    html = client.get("/practices/?size=huge").content.decode()
    assert "4 practices" in html
    html = client.get("/practices/?size=small&topic=roma").content.decode()
    assert 'href="/practices/?topic=roma"' in html  # the chip that removes the size


def test_the_language_switcher_keeps_it(client, sized, index_page, french):
    translate(index_page, french, title="Bonnes pratiques")
    html = client.get("/practices/?size=small").content.decode()
    assert 'hreflang="fr" href="http://localhost/fr/practices/?size=small"' in html


def test_the_api_filters_counts_and_documents_it(client, sized):
    body = client.get(API, {"size": ["small"], "country": "es"}).json()
    assert body["count"] == 1
    assert [item["title"] for item in body["items"]] == ["Small Spanish"]
    sizes = {option["value"]: option["count"] for option in body["facets"]["size"]}
    assert sizes == {"small": 1, "large": 1}
    facets = client.get(API + "facets/", {"size": "large"}).json()
    assert facets["count"] == 1
    document = client.get("/api/v3/openapi.json").json()
    parameters = document["paths"]["/api/v3/practices/"]["get"]["parameters"]
    size = next(parameter for parameter in parameters if parameter["name"] == "size")
    assert size["schema"]["items"]["enum"] == ["small", "medium", "large"]
    assert "size" in document["components"]["schemas"]["Facets"]["properties"]


def test_the_v2_endpoint_takes_it(client, sized):
    body = client.get("/api/v2/practices/", {"size": "small"}).json()
    assert body["meta"]["total_count"] == 2


def test_the_editors_listing_filters_by_it(admin_client, sized):
    html = admin_client.get("/admin/icc_practices/practicepage/?size=small").content.decode()
    assert "Small Spanish" in html and "Large Spanish" not in html
    # Editors count drafts too, each option without the facet's own choice.
    assert "Medium (50,000 to 250,000) (1)" in html
    assert "Large (over 250,000) (1)" in html
    assert "Small (under 50,000) (2)" in html
    assert "By city size" in html


def test_a_setting_replaces_the_built_in_list():
    with override_settings(ICC_PRACTICES_FACETS=BUILT_IN_FACETS[:3]):
        assert "city" not in [facet.name for facet in registered_facets()]


def test_the_index_without_a_facet_neither_shows_nor_reads_it(client, sized):
    with override_settings(ICC_PRACTICES_FACETS=BUILT_IN_FACETS[:3]):
        html = client.get("/practices/?city=anything").content.decode()
    assert 'name="city"' not in html


@pytest.mark.parametrize(
    "facets",
    [
        ["icc_practices.search.facets.TopicFacet", "icc_practices.search.facets.TopicFacet"],
        ["icc_practices.search.params.FilterState"],
    ],
)
def test_a_wrong_registry_is_refused_with_a_clear_error(facets):
    with override_settings(ICC_PRACTICES_FACETS=facets), pytest.raises(ImproperlyConfigured):
        registered_facets()


WITH_CITY_COUNTRY = [*BUILT_IN_FACETS, "tests.urbact.facets.CityCountryFacet"]


@pytest.fixture
def two_spanish_cities(index_page):
    spain = CountryFactory(code="ES")
    return PracticePageFactory(
        parent=index_page,
        title="Two cities",
        country=spain,
        cities=[CityFactory(name="Madrid", country=spain), CityFactory(name="Vigo", country=spain)],
    )


def test_a_many_valued_facet_lists_a_practice_once(client, admin_client, two_spanish_cities):
    with override_settings(ICC_PRACTICES_FACETS=WITH_CITY_COUNTRY):
        html = client.get("/practices/?citycountry=es").content.decode()
        assert "1 practice" in html
        assert option(html, "citycountry", "es") == "ES (1)"
        listing = admin_client.get("/admin/icc_practices/practicepage/?citycountry=es")
        assert listing.content.decode().count(">Two cities<") == 1


def test_a_lookup_to_many_values_must_say_so():
    class Undeclared(CityCountryFacet):
        many = False

    with (
        override_settings(ICC_PRACTICES_FACETS=[*BUILT_IN_FACETS, Undeclared]),
        pytest.raises(ImproperlyConfigured, match="many = True"),
    ):
        registered_facets()


@pytest.mark.parametrize("name", ["p", "status", "_size", "Size", "page_size"])
def test_names_the_listing_or_the_index_read_are_refused(name):
    facet = type("Named", (CitySizeFacet,), {"name": name})
    with (
        override_settings(ICC_PRACTICES_FACETS=[*BUILT_IN_FACETS, facet]),
        pytest.raises(ImproperlyConfigured),
    ):
        registered_facets()


def test_a_hook_returning_new_instances_finds_the_same_registry():
    assert CitySizeFacet() == CitySizeFacet() and len({CitySizeFacet(), CitySizeFacet()}) == 1
    assert registered_facets() is registered_facets()


def test_a_changed_registry_never_serves_the_old_form(client, sized):
    assert 'name="country"' in client.get("/practices/").content.decode()  # kept whole
    without_country = [path for path in BUILT_IN_FACETS if "Country" not in path]
    with override_settings(ICC_PRACTICES_FACETS=without_country):
        assert 'name="country"' not in client.get("/practices/").content.decode()


def test_the_v3_api_keeps_its_document_when_a_facet_is_dropped(client, sized):
    without_city = [path for path in BUILT_IN_FACETS if "City" not in path]
    with override_settings(ICC_PRACTICES_FACETS=without_city):
        response = client.get(API)
    assert response.status_code == 200
    assert response.json()["facets"]["city"] == []


@pytest.mark.parametrize(
    "query",
    ["sort=title&sort=oldest", "page=2&page=1", "q=Small&q=Large", "sort=&q=Spanish", "page="],
)
def test_the_index_and_the_apis_read_a_query_string_alike(client, sized, query):
    html = client.get(f"/practices/?{query}")
    v3 = client.get(f"{API}?{query}&page_size=5")
    v2 = client.get(f"/api/v2/practices/?{query}&page_size=5")
    assert v3.status_code == v2.status_code == 200
    assert v3.json()["query"] == v2.json()["query"] == html.context["results"].state.query_string()
    assert v3.json()["count"] == html.context["results"].total


def test_the_v2_endpoint_leaves_facets_out_on_request(client, sized):
    assert client.get("/api/v2/practices/", {"facets": "false"}).json()["facets"] is None
    assert client.get("/api/v2/practices/", {"facets": "maybe"}).status_code == 400
