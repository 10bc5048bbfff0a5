"""The index page as visitors get it, with and without filters."""

import re

import pytest

from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(index_page):
    spain = CountryFactory(code="ES")
    education = TopicFactory(name="Education", slug="education")
    TopicFactory(name="Roma", slug="roma")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain)
    for number in range(7):
        PracticePageFactory(
            parent=index_page,
            title=f"School project {number}",
            country=spain,
            year=2018 + number % 2,
            topics=[education],
            cities=[barcelona],
        )
    return index_page


def get(client, index_page, query=""):
    response = client.get(index_page.url + query)
    assert response.status_code == 200
    return response, response.content.decode()


def test_each_option_is_a_labelled_checkbox_with_its_count(client, practices):
    _response, html = get(client, practices)
    assert re.search(
        r'<input type="checkbox" id="icc-topic-education" name="topic" value="education">\s*'
        r'<label for="icc-topic-education">Education <span class="icc-facet__count">\(7\)</span>',
        html,
    )
    assert 'name="country" value="es"' in html
    assert 'name="year" value="2019"' in html
    assert 'name="city" value="barcelona"' in html


def test_options_without_results_are_disabled(client, practices):
    _response, html = get(client, practices)
    assert re.search(r'name="topic" value="roma" disabled>', html)


def test_selected_options_are_checked_and_listed_as_removable(client, practices):
    _response, html = get(client, practices, "?topic=education&year=2019")
    assert 'name="topic" value="education" checked' in html
    assert f'href="{practices.url}?topic=education"' in html  # removes the year
    assert f'href="{practices.url}?year=2019"' in html  # removes the topic
    assert "Reset filters" in html


def test_result_count_and_pagination_keep_the_filters(client, practices):
    _response, html = get(client, practices, "?topic=education")
    assert "7 practices" in html
    assert f'href="{practices.url}?topic=education&amp;page=2"' in html


def test_empty_result_suggests_removing_a_filter(client, practices):
    _response, html = get(client, practices, "?q=nothingmatchesthis")
    assert "0 practices" in html
    assert "Try removing a filter" in html


def test_filtered_pages_are_not_indexed_and_point_to_the_canonical_index(client, practices):
    response, html = get(client, practices, "?topic=education")
    assert response["X-Robots-Tag"] == "noindex, follow"
    assert '<meta name="robots" content="noindex, follow">' in html
    assert f'<link rel="canonical" href="{practices.full_url}">' in html
    response, html = get(client, practices)
    assert "X-Robots-Tag" not in response
    assert "noindex" not in html


def test_the_form_works_as_a_plain_get_form(client, practices):
    _response, html = get(client, practices)
    form = f'<form class="icc-filters" method="get" action="{practices.url}" autocomplete="off"'
    assert form in html
    assert 'type="search" id="icc-q" name="q"' in html
    assert "Apply filters" in html


@pytest.mark.parametrize(
    "query",
    [
        "?q=%00",
        "?q=%22",
        "?q=NEAR(",
        "?topic=%00&country=%00&year=%00&city=%00&page=%00&sort=%00",
        "?page=999999999999999999999",
        "?year=-1&year=99999&year=2019.5",
        "?" + "&".join(f"topic=t{n}" for n in range(500)),
        "?q=" + "x" * 5000,
    ],
)
def test_bad_input_never_fails(client, practices, query):
    response = client.get(practices.url + query)
    assert response.status_code == 200


def test_back_to_results_returns_to_the_filtered_page(client, practices):
    practice = practices.get_children().live().first()
    referer = f"http://testserver{practices.url}?topic=education&page=2&junk=1"
    response = client.get(practice.url, HTTP_REFERER=referer)
    html = response.content.decode()
    assert f'href="{practices.url}?topic=education&amp;page=2" data-icc-back' in html
    assert "Referer" in response["Vary"]


def test_back_to_results_ignores_other_sites_and_pages(client, practices):
    practice = practices.get_children().live().first()
    for referer in ("https://evil.example/practices/?topic=education", "http://testserver/"):
        html = client.get(practice.url, HTTP_REFERER=referer).content.decode()
        assert f'href="{practices.url}" data-icc-back' in html


def test_back_to_results_without_referer_goes_to_the_index(client, practices):
    practice = practices.get_children().live().first()
    response = client.get(practice.url)
    assert f'href="{practices.url}" data-icc-back' in response.content.decode()
    # The page would differ for a visitor coming from results: caches must tell them apart.
    assert "Referer" in response["Vary"]


def test_starting_a_search_from_the_form_sorts_by_best_match(client, practices):
    # The form as a browser submits it: the sort menu's default option is an empty value.
    response = client.get(practices.url + "?q=school&sort=&topic=education")
    html = response.content.decode()
    assert response.context["results"].state.sort == "relevance"
    assert '<option value="" selected>Best match</option>' in html
    assert (
        '<option value="" selected>Newest first</option>'
        in client.get(practices.url + "?sort=").content.decode()
    )


def test_the_filter_form_fragment_is_cached_under_the_generations(client, index_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PracticePageFactory(parent=index_page, title="First", year=2020)
    client.get(index_page.url)
    with CaptureQueriesContext(connection) as warm:
        assert b'value="2020"' in client.get(index_page.url).content
    PracticePageFactory(parent=index_page, title="Second", year=2021)  # a new generation
    with CaptureQueriesContext(connection) as after_change:
        assert b'value="2021"' in client.get(index_page.url).content
    assert len(after_change) > len(warm)


def test_a_card_follows_every_change_visitors_can_see(client, index_page):
    roma, mobility = TopicFactory(name="Roma"), TopicFactory(name="Mobility")
    practice = PracticePageFactory(parent=index_page, title="Kept card", topics=[roma])

    def card() -> str:
        html = client.get(index_page.url).content.decode()
        return next(card for card in html.split("<article") if "icc-card__title" in card)

    assert "Kept card" in card()
    practice.topics.set([mobility])  # classification, without a new revision
    practice.save()
    assert "Mobility" in card() and "Roma" not in card()
    practice.title = "Saved without a revision"  # as an import or Wagtail's alias update
    practice.save()
    assert "Saved without a revision" in card()
    practice.summary = "A summary published the usual way."
    practice.save_revision().publish()
    assert "A summary published the usual way." in card()
