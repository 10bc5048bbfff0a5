"""The results on a map (issue 20): a server-drawn SVG on the shipped world outline that
agrees with the list for any filter, links each place to its list, names each point with
its count, and references nothing outside the site."""

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from icc_practices.search.places import practice_places
from icc_practices.search.query import search_practices
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def places(index_page):
    spain, france = CountryFactory(code="ES"), CountryFactory(code="FR")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain,
                            latitude=41.39, longitude=2.17)  # fmt: skip
    bilbao = CityFactory(name="Bilbao", slug="bilbao", country=spain,
                         latitude=43.26, longitude=-2.93)  # fmt: skip
    nowhere = CityFactory(name="Unlocated", slug="unlocated", country=france)  # no coordinates
    roma, housing = TopicFactory(slug="roma", name="Roma"), TopicFactory(slug="housing")
    made = {
        "bcn-roma": PracticePageFactory(parent=index_page, country=spain, cities=[barcelona],
                                        topics=[roma], year=2018),
        "bcn-housing": PracticePageFactory(parent=index_page, country=spain, cities=[barcelona],
                                           topics=[housing], year=2019),
        "both": PracticePageFactory(parent=index_page, country=spain,
                                    cities=[barcelona, bilbao], topics=[roma], year=2019),
        "france": PracticePageFactory(parent=index_page, country=france, cities=[nowhere],
                                      topics=[roma], year=2020),
        "spain": PracticePageFactory(parent=index_page, country=spain, topics=[housing],
                                     year=2020),
    }  # fmt: skip
    return made


def svg_of(html: str) -> ET.Element:
    found = re.search(r"<svg\b.*?</svg>", html, re.S)
    assert found, "no SVG in the page"
    return ET.fromstring(found.group())  # noqa: S314 - the site's own markup


def points(svg: ET.Element) -> dict[str, str]:
    """Accessible name -> link of every point."""
    return {link.get("aria-label"): link.get("href") for link in svg.iter(f"{SVG}a")}


def test_the_map_draws_a_point_per_place_with_its_count(client, index_page, places):
    response = client.get(f"{index_page.url}map/")
    assert response.status_code == 200
    svg = svg_of(response.content.decode())
    assert svg.find(f"{SVG}title").text == "Map of 5 practices"
    assert points(svg) == {
        "Barcelona: 3 practices": f"{index_page.url}?city=barcelona",
        "Bilbao: 1 practice": f"{index_page.url}?city=bilbao",
        "France, without a city on the map: 1 practice": f"{index_page.url}?country=fr",
        "Spain, without a city on the map: 1 practice": f"{index_page.url}?country=es",
    }
    assert len(list(svg.iter(f"{SVG}path"))) > 150  # the world's countries


def test_the_map_keeps_the_filter_and_its_table_agrees(client, index_page, places):
    html = client.get(f"{index_page.url}map/", {"topic": "roma", "sort": "title"}).content.decode()
    assert points(svg_of(html)) == {
        "Barcelona: 2 practices": f"{index_page.url}?topic=roma&city=barcelona",
        "Bilbao: 1 practice": f"{index_page.url}?topic=roma&city=bilbao",
        "France, without a city on the map: 1 practice": f"{index_page.url}?topic=roma&country=fr",
    }
    table = html[html.index('<table class="icc-map__table"') : html.index("</table>")]
    assert re.findall(r">([^<>]+)</a>.*?<td>(\d+)</td>", table, re.S) == [
        ("Barcelona", "2"), ("Bilbao", "1"), ("France", "1"),
    ]  # fmt: skip
    # The switch keeps the filter both ways; the filter form stays on the map.
    assert f'href="{index_page.url}?topic=roma&amp;sort=title"' in html
    assert f'action="{index_page.url}map/"' in html


def test_the_list_offers_the_map_of_its_filter(client, index_page, places):
    html = client.get(index_page.url, {"topic": "roma"}).content.decode()
    assert f'href="{index_page.url}map/?topic=roma"' in html


def test_private_practices_are_not_on_the_map(client, index_page, places):
    places["bilbao"] = places["both"]
    places["both"].unpublish()
    PageViewRestriction.objects.create(
        page=places["france"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    names = points(svg_of(client.get(f"{index_page.url}map/").content.decode()))
    assert names == {
        "Barcelona: 2 practices": f"{index_page.url}?city=barcelona",
        "Spain, without a city on the map: 1 practice": f"{index_page.url}?country=es",
    }


def test_the_map_references_nothing_outside_the_site(client, index_page, places):
    html = client.get(f"{index_page.url}map/").content.decode()
    svg = svg_of(html)
    for element in svg.iter():
        for name, value in element.attrib.items():
            if name in ("href", "{http://www.w3.org/1999/xlink}href"):
                assert value.startswith("/"), value
    assert "http://" not in ET.tostring(svg, encoding="unicode").replace(
        "http://www.w3.org/2000/svg", ""
    )
    hosts = set(re.findall(r"""(?:src|href)=["']https?://([^/"']+)""", html))
    assert hosts <= {"localhost"}  # nor does the page (its canonical links are the site's)


TOPICS = ["roma", "housing", "nonsense"]
YEARS = ["2018", "2019", "2020", "none"]
COUNTRIES = ["es", "fr", "de"]
CITIES = ["barcelona", "bilbao", "unlocated"]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    topic=st.lists(st.sampled_from(TOPICS), max_size=2),
    year=st.lists(st.sampled_from(YEARS), max_size=2),
    country=st.lists(st.sampled_from(COUNTRIES), max_size=2),
    city=st.lists(st.sampled_from(CITIES), max_size=2),
)
def test_points_match_the_list_for_any_filter(index_page, places, topic, year, country, city):
    params = {"topic": topic, "year": year, "country": country, "city": city}
    mapped = practice_places(index_page, params)
    assert mapped.total == search_practices(index_page, params, 10).total
    for place in mapped.places:
        narrowed = {**params, place.kind: [place.value]}
        listed = search_practices(index_page, narrowed, 100)
        if place.kind == "city":  # a city's point is exactly the list it links to
            assert place.count == listed.total
            assert not city or place.value in city  # chosen cities only
        else:  # a country's point: those of its practices that give no drawn city
            unlocated = [p for p in listed.page.object_list
                         if not any(c.latitude is not None and (not city or c.slug in city)
                                    for c in p.cities.all())]  # fmt: skip
            assert place.count == len(unlocated)


def test_the_map_runs_a_fixed_number_of_queries(
    client, index_page, places, django_assert_max_num_queries
):
    client.get(f"{index_page.url}map/")  # the facet index and taxonomy are kept
    for _number in range(12):
        PracticePageFactory(parent=index_page, cities=[places["bcn-roma"].cities.first()])
    client.get(f"{index_page.url}map/?topic=roma")
    with django_assert_max_num_queries(12):
        assert client.get(f"{index_page.url}map/?year=2019").status_code == 200


@pytest.mark.parametrize(
    ("code", "latitude", "longitude"),
    [("au", -25, 134), ("fr", 46.5, 2.5), ("us", 39, -98), ("no", 62, 10), ("es", 40, -3.7)],
)
def test_countries_are_drawn_in_their_middle(code, latitude, longitude):
    """Where practices without a city go: the largest polygon's centre (France's is in
    Europe, Norway's on the mainland, Australia's not on an islet that shares its code)."""
    from icc_practices.maps.projection import project
    from icc_practices.maps.world import world

    x, y = world().centres[code]
    expected_x, expected_y = project(latitude, longitude)
    assert abs(x - expected_x) < 15 and abs(y - expected_y) < 15


def test_any_page_can_show_the_map_of_a_filter(rf, index_page, places):
    from django.template import Context, Template

    request = rf.get("/")
    html = Template('{% load icc_maps %}{% icc_practices_map "topic=housing" %}').render(
        Context({"request": request})
    )
    assert points(svg_of(html)) == {
        "Barcelona: 1 practice": f"{index_page.url}?topic=housing&city=barcelona",
        "Spain, without a city on the map: 1 practice": (
            f"{index_page.url}?topic=housing&country=es"
        ),
    }


@settings(max_examples=200, deadline=None)
@given(
    latitude=st.floats(min_value=-89, max_value=89),
    longitude=st.floats(min_value=-180, max_value=180),
)
def test_the_projection_is_undone_exactly(latitude, longitude):
    from icc_practices.maps.projection import HEIGHT, WIDTH, project, unproject

    x, y = project(latitude, longitude)
    assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT
    back = unproject(x, y)
    assert back == pytest.approx((latitude, longitude), abs=1e-6)


def test_tiles_are_used_only_when_the_host_configures_them(client, index_page, places, settings):
    assert "data-icc-map-tiles" not in client.get(f"{index_page.url}map/").content.decode()
    settings.ICC_PRACTICES_MAP_TILES = {
        "url": "https://tiles.example.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "leaflet_js": "/static/leaflet/leaflet.js",
    }
    html = client.get(f"{index_page.url}map/?topic=roma").content.decode()
    assert '<script type="application/json" data-icc-map-tiles>{"url": "https://tiles' in html
    assert 'data-lat="41.39" data-lon="2.17"' in html  # Barcelona, for the markers
    assert points(svg_of(html))  # the outline stays for browsers without JavaScript


def test_removing_an_active_filter_on_the_map_stays_on_the_map(client, index_page, places):
    html = client.get(f"{index_page.url}map/?topic=roma&year=2019").content.decode()
    active = html[
        html.index('class="icc-active"') : html.index("</ul>", html.index('class="icc-active"'))
    ]
    links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]*)"', active)]
    assert links == [
        f"{index_page.url}map/?year=2019", f"{index_page.url}map/?topic=roma",
        f"{index_page.url}map/",
    ]  # fmt: skip


def test_a_city_kept_only_in_another_language_is_placed(client, index_page, french):
    from tests.test_multilingual import translate

    french_index = translate(index_page, french, title="Bonnes pratiques")
    spain = CountryFactory(code="ES")
    lyon = CityFactory(name="Lyon", slug="lyon", country=spain, locale=french,
                       latitude=45.76, longitude=4.84)  # fmt: skip
    PracticePageFactory(parent=french_index, locale=french, country=spain, cities=[lyon])
    names = points(svg_of(client.get(f"/fr{index_page.url}map/").content.decode()))
    assert any(name.startswith("Lyon") for name in names), names


def test_two_maps_on_a_page_have_their_own_names(index_page, places):
    from django.template import Context, Template

    html = Template(
        '{% load icc_maps %}{% icc_practices_map "topic=roma" %}'
        '{% icc_practices_map "topic=housing" %}'
    ).render(Context({}))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == 2 and len(set(ids)) == 2
    assert html.count('class="icc-map icc-practices"') == 2  # the package's colours come along
    assert re.findall(r'aria-labelledby="([^"]+)"', html) == ids
