"""Template tags work in any host template, not only on the package's pages."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load icc_practices_tags %}" + source).render(Context(context))


def test_latest_practices_renders_cards_in_a_host_template(site, index_page):
    PracticePageFactory(parent=index_page, title="Newest idea", year=2024)
    PracticePageFactory(parent=index_page, title="Older idea", year=2016)
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    html = render("{% icc_latest_practices 1 %}", request=request)
    assert "Newest idea" in html
    assert "Older idea" not in html
    assert "<h3" in html


def test_practice_card_takes_a_heading_level(index_page):
    practice = PracticePageFactory(parent=index_page, title="Card title")
    html = render("{% icc_practice_card practice heading_level=4 %}", practice=practice)
    assert '<h4 class="icc-card__title">' in html


def test_page_url_keeps_other_parameters():
    request = RequestFactory().get("/practices/?topic=roma&topic=education&page=3")
    url = render("{% icc_page_url 2 %}", request=request)
    assert url == "?topic=roma&amp;topic=education&amp;page=2"


def test_page_url_of_results_is_canonical(index_page, icc_taxonomy):
    from icc_practices.search.query import search_practices

    results = search_practices(index_page, {"page": ["1"], "utm_source": ["x"]}, 5)
    request = RequestFactory().get("/practices/?utm_source=x&page=1")
    assert render("{% icc_page_url 2 results %}", request=request, results=results) == "?page=2"
    assert render("{% icc_page_url 2 %}", request=request, results=results) == "?page=2"
    with pytest.warns(DeprecationWarning):
        assert render("{% icc_results_page_query results 2 %}", results=results) == "?page=2"


def test_stylesheet_tag_links_the_package_css():
    assert "icc_practices/css/icc_practices.css" in render("{% icc_stylesheet %}")


def test_facet_options_escape_what_editors_typed():
    from icc_practices.search.facets import TopicFacet
    from icc_practices.search.query import FacetChoices, FacetOption

    facet = FacetChoices(
        facet=TopicFacet(),
        options=(
            FacetOption('x"><script>', "<b>Arts & culture</b>", 3, selected=True),
            FacetOption("empty", "Nothing", 0, selected=False),
        ),
    )
    html = Template("{% load icc_practices_tags %}{% icc_facet_options facet %}").render(
        Context({"facet": facet})
    )
    assert "<script>" not in html and "<b>" not in html
    assert '&lt;b&gt;Arts &amp; culture&lt;/b&gt; <span class="icc-facet__count">(3)</span>' in html
    assert 'value="x&quot;&gt;&lt;script&gt;" checked>' in html
    assert 'value="empty" disabled>' in html and "icc-facet__option--empty" in html
