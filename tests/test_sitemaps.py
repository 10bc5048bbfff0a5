"""Practices and indexes in the sitemap, with hreflang alternates (issue 17)."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import CountryFactory, PracticePageFactory, TopicFactory
from tests.test_multilingual import translate

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def entries(client) -> dict[str, dict]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own output
    found = {}
    for url in root.findall("s:url", NS):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        lastmod = url.find("s:lastmod", NS)
        found[url.find("s:loc", NS).text] = {
            "alternates": alternates,
            "lastmod": lastmod.text if lastmod is not None else None,
        }
    return found


@pytest.fixture
def site_pages(index_page, french):
    spain = CountryFactory(code="ES")
    topic = TopicFactory(slug="education")
    shown = PracticePageFactory(parent=index_page, slug="shown", country=spain, topics=[topic])
    shown.save_revision().publish()  # a publication date, as the editor's publish gives
    shown.refresh_from_db()
    draft = PracticePageFactory(parent=index_page, slug="draft", country=spain, topics=[topic])
    draft.unpublish()
    private = PracticePageFactory(parent=index_page, slug="private", country=spain, topics=[topic])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    translate(index_page.get_parent(), french, title="Accueil")
    translate(index_page, french, title="Bonnes pratiques")
    translate(shown, french, title="Montrée")
    return {"shown": shown, "private": private}


def test_practices_and_indexes_are_listed_with_their_translations(client, site_pages):
    found = entries(client)
    shown = found["http://localhost/practices/shown/"]
    assert shown["alternates"] == {
        "en": "http://localhost/practices/shown/",
        "fr": "http://localhost/fr/practices/shown/",
        "x-default": "http://localhost/practices/shown/",
    }
    assert shown["lastmod"] == site_pages["shown"].last_published_at.date().isoformat()
    # Every language's tree is listed, not only the default language's.
    assert "http://localhost/fr/practices/shown/" in found
    assert (
        found["http://localhost/practices/"]["alternates"]["fr"] == "http://localhost/fr/practices/"
    )


def test_drafts_private_pages_and_filtered_views_never_appear(client, site_pages):
    found = entries(client)
    locations = set(found)
    assert not any("draft" in location or "private" in location for location in locations)
    assert not any("?" in location for location in locations)
    assert not any(
        "private" in href for entry in found.values() for href in entry["alternates"].values()
    )


def test_a_private_translation_is_not_named_as_an_alternate(client, site_pages, french):
    french_page = site_pages["shown"].get_translation(french)
    PageViewRestriction.objects.create(
        page=french_page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    found = entries(client)
    assert found["http://localhost/practices/shown/"]["alternates"] == {}
    assert "http://localhost/fr/practices/shown/" not in found


def test_an_index_is_as_recent_as_its_latest_practice(client, site_pages, index_page):
    found = entries(client)
    latest = site_pages["shown"].last_published_at
    assert found["http://localhost/practices/"]["lastmod"] == latest.date().isoformat()


@pytest.mark.parametrize("extra", [0, 30])
def test_the_sitemap_runs_a_fixed_number_of_queries(
    client, site_pages, index_page, extra, django_assert_max_num_queries
):
    spain = site_pages["shown"].country
    for number in range(extra):
        PracticePageFactory(parent=index_page, slug=f"more-{number}", country=spain)
    with django_assert_max_num_queries(12):
        assert len(entries(client)) >= 5 + extra


def test_a_kept_sitemap_follows_every_change(client, site_pages, django_assert_max_num_queries):
    assert "http://localhost/practices/shown/" in entries(client)
    with django_assert_max_num_queries(2):  # kept whole: the site and the generations
        client.get("/sitemap.xml")
    site_pages["shown"].unpublish()
    assert "http://localhost/practices/shown/" not in entries(client)
