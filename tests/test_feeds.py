"""Feeds for any filter of the index (issue 17): valid RSS and Atom, the filter applied,
the most recently added first, only what visitors may see, in the index's language."""

import datetime

import feedparser
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(index_page):
    spain = CountryFactory(code="ES")
    education = TopicFactory(name="Education", slug="education")
    housing = TopicFactory(name="Housing", slug="housing")
    made = {}
    # Published in this order; years in another order (the feed follows publication).
    for days_ago, (name, year, topic) in zip(
        (30, 20, 10),
        [
            ("old-year-new", 2001, education),
            ("new-year", 2024, education),
            ("housing", 2020, housing),
        ],
        strict=True,
    ):
        page = PracticePageFactory(
            parent=index_page,
            title=name,
            slug=name,
            country=spain,
            year=year,
            topics=[topic],
            summary=f"Summary of {name} & more",
        )
        page.first_published_at = timezone.now() - datetime.timedelta(days=days_ago)
        page.save()
        made[name] = page
    # Reverse order of publication: the 2001 practice was added last.
    made["old-year-new"].first_published_at = timezone.now()
    made["old-year-new"].save()
    return made


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return response, parsed


def test_rss_lists_the_filter_most_recently_added_first(client, index_page, practices):
    response, parsed = read(client, "/practices/feed/?topic=education")
    assert response["Content-Type"].startswith("application/rss+xml")
    assert parsed.version == "rss20"
    assert [entry.title for entry in parsed.entries] == ["old-year-new", "new-year"]
    assert parsed.feed.title == f"{index_page.title}: Education"
    assert parsed.feed.link.endswith("/practices/?topic=education&sort=added")
    entry = parsed.entries[0]
    assert entry.link == "http://localhost/practices/old-year-new/"
    assert entry.summary == "Summary of old-year-new & more"
    assert [tag.term for tag in entry.tags] == ["Education"]
    assert entry.published_parsed is not None


@pytest.mark.parametrize("feed", ["feed", "feed/atom"])
def test_each_feed_links_the_alerts_of_its_filter(client, practices, feed):
    _response, parsed = read(client, f"/practices/{feed}/?topic=education&sort=title")
    related = [link for link in parsed.feed.links if link.rel == "related"]
    assert [link.href for link in related] == ["http://localhost/practices/alerts/?topic=education"]
    assert related[0].title == "Get new practices by e-mail"


def test_atom_parses_and_unknown_values_are_ignored(client, practices):
    response, parsed = read(client, "/practices/feed/atom/?topic=nonsense&year=abc")
    assert response["Content-Type"].startswith("application/atom+xml")
    assert parsed.version == "atom10"
    assert len(parsed.entries) == 3


def test_drafts_and_restricted_practices_stay_out(client, index_page, practices):
    practices["housing"].unpublish()
    PageViewRestriction.objects.create(
        page=practices["new-year"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    _response, parsed = read(client, "/practices/feed/")
    assert [entry.title for entry in parsed.entries] == ["old-year-new"]


def test_the_index_announces_the_feeds_of_its_filter(client, practices):
    html = client.get("/practices/?topic=education").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Good practices (RSS)" '
        'href="/practices/feed/?topic=education">'
    ) in html
    assert 'href="/practices/feed/atom/?topic=education"' in html
    assert "Follow these results:" in html


def test_a_french_filter_gives_french_practices_with_french_labels(client, index_page, french):
    from tests.test_multilingual import translate

    spain = CountryFactory(code="ES")
    education = TopicFactory(name="Education", slug="education")
    translate(education, french, name="Éducation")
    english = PracticePageFactory(
        parent=index_page, title="Schools", slug="schools", country=spain, topics=[education]
    )
    PracticePageFactory(
        parent=index_page, title="Not translated", country=spain, topics=[education]
    )
    translate(index_page, french, title="Bonnes pratiques")
    translate(english, french, title="Écoles")
    _response, parsed = read(client, "/fr/practices/feed/?topic=education")
    assert parsed.feed.title == "Bonnes pratiques: Éducation"
    assert parsed.feed.language == "fr"
    assert sorted(entry.title for entry in parsed.entries) == ["Not translated", "Écoles"]
    french = next(entry for entry in parsed.entries if entry.title == "Écoles")
    assert [tag.term for tag in french.tags] == ["Éducation"]
    assert french.link == "http://localhost/fr/practices/schools/"


def test_a_kept_feed_is_not_sent_again_to_a_reader_that_has_it(client, practices):
    first = client.get("/practices/feed/")
    assert first["ETag"]
    again = client.get("/practices/feed/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    practices["housing"].save_revision().publish()  # a publication: a new feed
    assert client.get("/practices/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("extra", [0, 40])
def test_a_feed_runs_a_fixed_number_of_queries(
    client, index_page, practices, extra, django_assert_max_num_queries
):
    spain = practices["housing"].country
    for number in range(extra):
        PracticePageFactory(parent=index_page, title=f"More {number}", country=spain)
    client.get("/practices/feed/?country=es")  # the facet index and taxonomy built
    with django_assert_max_num_queries(12):  # rendered: rows and labels, no response kept
        response = client.get("/practices/feed/atom/?country=es")
    assert len(feedparser.parse(response.content).entries) == min(20, 3 + extra)
    with django_assert_max_num_queries(7):  # kept: as a kept page, routing and generations
        client.get("/practices/feed/atom/?country=es")


def test_without_alerts_feeds_link_none(client, practices, settings):
    settings.ICC_PRACTICES_ALERTS = False
    _response, parsed = read(client, "/practices/feed/atom/?topic=education")
    assert [link for link in parsed.feed.links if link.rel == "related"] == []
