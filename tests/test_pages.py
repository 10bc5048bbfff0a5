"""Practice pages: validation, tree rules, and what the templates show."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from wagtail.models import Page, Site

from icc_practices.models import PracticeIndexPage, PracticeLink, PracticePage
from tests.factories import (
    CityFactory,
    CountryFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def test_practices_live_only_under_an_index(site):
    assert PracticePage.can_create_at(PracticeIndexPageFactory(parent=site.root_page))
    assert not PracticePage.can_create_at(site.root_page)


def test_an_index_accepts_only_practices():
    assert PracticeIndexPage.allowed_subpage_models() == [PracticePage]
    assert PracticePage.allowed_subpage_models() == []


@pytest.mark.parametrize("year", [1989, datetime.date.today().year + 2])
def test_year_outside_the_allowed_range_is_rejected(index_page, year):
    practice = PracticePageFactory(parent=index_page)
    practice.year = year
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "year" in error.value.message_dict


def test_next_year_is_allowed_for_announced_practices(index_page):
    practice = PracticePageFactory(parent=index_page)
    practice.year = datetime.date.today().year + 1
    practice.full_clean()


@override_settings(ICC_PRACTICES_MIN_YEAR=2000)
def test_year_range_follows_settings(index_page):
    practice = PracticePageFactory(parent=index_page)
    practice.year = 1995
    with pytest.raises(ValidationError):
        practice.full_clean()


def test_cities_must_be_in_the_practice_country(index_page):
    lyon = CityFactory(name="Lyon", country=CountryFactory(code="FR"))
    practice = PracticePageFactory(parent=index_page, country=CountryFactory(code="ES"))
    practice.cities.set([lyon])
    with pytest.raises(ValidationError) as error:
        practice.full_clean()
    assert "Lyon" in str(error.value.message_dict["cities"])


def test_a_practice_without_cities_is_country_level(index_page):
    practice = PracticePageFactory(parent=index_page, country=CountryFactory(code="IE"))
    practice.full_clean()
    assert practice.cities.count() == 0


def test_results_per_page_is_bounded(index_page):
    index_page.results_per_page = 1000
    with pytest.raises(ValidationError):
        index_page.full_clean()


def test_sections_list_only_filled_ones_in_icc_order(index_page):
    practice = PracticePageFactory(
        parent=index_page, purpose="<p>Why</p>", impact="<p>Result</p>", process=""
    )
    assert [str(heading) for heading, _text in practice.sections] == ["Purpose", "Impact"]


def test_summary_is_the_default_meta_description(index_page):
    practice = PracticePageFactory(parent=index_page, summary="Plain summary.")
    assert practice.get_meta_description() == "Plain summary."


def test_practice_page_shows_every_field(client, index_page):
    barcelona = CityFactory(name="Barcelona", country=CountryFactory(code="ES"))
    topic = TopicFactory(name="International outlook")
    practice = PracticePageFactory(
        parent=index_page,
        title="Barcelona and international municipalism",
        year=2018,
        period="2018 - 2021",
        summary="Barcelona works with other cities.",
        purpose="<p>Purpose text</p>",
        rationale="<p>Rationale text</p>",
        process="<p>Process text</p>",
        impact="<p>Impact text</p>",
        lead_organisation="International Relations Department",
        partners="Think tanks",
        contact_name="Ada Coordinator",
        contact_email="ada@example.org",
        body=[("heading", "Extra heading"), ("quote", {"quote": "Quoted", "attribution": "Q"})],
        topics=[topic],
        cities=[barcelona],
    )
    practice.tags.add("municipalism")
    practice.links = [PracticeLink(title="City council", url="https://example.org/council")]
    practice.save()

    html = client.get(practice.url).content.decode()

    for expected in [
        "Barcelona and international municipalism",
        "2018 - 2021",
        "Barcelona, Spain",
        "International outlook",
        "Barcelona works with other cities.",
        "Purpose text",
        "Rationale text",
        "Process text",
        "Impact text",
        "Extra heading",
        "Quoted",
        "International Relations Department",
        "Think tanks",
        "Ada Coordinator",
        "mailto:ada@example.org",
        "https://example.org/council",
        "municipalism",
        f'href="{index_page.url}"',
    ]:
        assert expected in html, expected


def test_year_is_shown_when_there_is_no_period(client, index_page):
    practice = PracticePageFactory(parent=index_page, year=2016, period="")
    assert "2016" in client.get(practice.url).content.decode()


def test_pages_extend_the_base_template_from_settings(client, index_page):
    practice = PracticePageFactory(parent=index_page)
    assert 'data-base="tests"' in client.get(practice.url).content.decode()
    with override_settings(ICC_PRACTICES_BASE_TEMPLATE="host_base.html"):
        html = client.get(practice.url).content.decode()
        assert 'id="host-layout"' in html
        assert "icc_practices/css/icc_practices.css" in html
        assert 'id="host-layout"' in client.get(index_page.url).content.decode()


def test_index_page_renders_its_practices(client, index_page):
    PracticePageFactory(parent=index_page, title="Welcome desk")
    response = client.get(index_page.url)
    assert response.status_code == 200
    assert "Welcome desk" in response.content.decode()
    assert "1 practice" in response.content.decode()


def test_draft_practice_is_not_served(client, index_page):
    practice = PracticePageFactory(parent=index_page, live=False)
    assert client.get(practice.url).status_code == 404


def test_page_of_another_site_is_not_under_this_index(site, index_page):
    other_root = Page.get_first_root_node().add_child(title="Other", slug="other")
    Site.objects.create(hostname="other.example", root_page=other_root)
    other_index = PracticeIndexPageFactory(parent=other_root)
    PracticePageFactory(parent=other_index, title="Elsewhere")
    assert not PracticePage.objects.child_of(index_page).filter(title="Elsewhere").exists()
