"""What a hostile review of the discovery features found (issue 17): bad stored text, a
missing image file, odd settings, tags outside a practice page, query counts per city.
Each test failed before its fix."""

import os

import feedparser
import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from icc_practices.models import PracticePage
from icc_practices.public.citation import practice_citation
from icc_practices.search.cache import generation_scope
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory
from tests.test_pdf import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(index_page):
    page = PracticePageFactory(
        parent=index_page,
        title="Schools",
        slug="schools",
        country=CountryFactory(code="ES"),
        topics=[TopicFactory(name="Education", slug="education")],
    )
    page.save()
    return page


# 1. feeds.py: a control character in any practice text (Word's \x0b line break, a
# pasted \x0c; the importer and the proposal form only strip NUL) -> 500 for every feed
# that lists the practice (UnserializableContentError from Django's XML generator).
def test_1_feed_with_a_control_character_in_a_summary(client, practice):
    practice.summary = "Line one\x0bline two"
    practice.save_revision().publish()
    assert client.get("/practices/feed/").status_code == 200


# 2. structured_data._image_url: get_rendition() unguarded -> a hero image whose file is
# missing 500s the practice page ({% image %} in the same template tolerates it).
def test_2_missing_hero_image_file(client, practice):
    image = make_image(400, 200)
    practice.hero_image = image
    practice.save_revision().publish()
    os.remove(image.file.path)
    assert client.get("/practices/schools/").status_code == 200


# 3. citation.bibtex_text: "\}" still counts as a brace for BibTeX, so a lone brace in a
# title/abstract/organisation ends the field early (pybtex drops year, url, ... after it).
def test_3_bibtex_braces_balanced(rf, practice):
    practice.title = "Schools } for all"
    practice.save_revision().publish()
    practice.refresh_from_db()
    line = next(
        row
        for row in practice_citation(practice, rf.get("/")).bibtex().splitlines()
        if row.lstrip().startswith("title")
    )
    assert line.count("{") == line.count("}"), line


# 4. structured_data.description: strip_tags() leaves entities, which are then escaped
# again: og:description "Fish &amp;amp; chips", JSON-LD "Fish &amp; chips".
def test_4_index_description_entities(client, index_page, practice):
    index_page.intro = "<p>Fish &amp; chips</p>"
    index_page.save_revision().publish()
    html = client.get("/practices/").content.decode()
    assert "&amp;amp;" not in html  # escaped once, in the attribute
    assert 'content="Fish &amp; chips"' in html
    assert '"description": "Fish \\u0026 chips"' in html  # JSON-LD: "Fish & chips"


# 5. structured_data.practice_json_ld/_place: city.country read per city (N+1).
def test_5_json_ld_queries_per_city(rf, index_page):
    def queries(n):
        spain = CountryFactory(code="ES")
        page = PracticePageFactory(
            parent=index_page, country=spain, cities=[CityFactory(country=spain) for _ in range(n)]
        )
        tpl, request = (
            Template("{% load icc_discovery %}{% icc_structured_data page %}"),
            rf.get("/"),
        )
        with generation_scope():
            tpl.render(Context({"page": page, "request": request}))
            page = PracticePage.objects.get(pk=page.pk)
            with CaptureQueriesContext(connection) as captured:
                tpl.render(Context({"page": page, "request": request}))
        return len(captured)

    assert queries(20) == queries(1)  # 24 vs 5


# 6. pages.feed/feeds.feed_url: the feed is kept under the canonical filter, but its
# rel="self" is the first requester's raw address (any dropped value, e.g. spam).
def test_6_kept_feed_self_link(client, practice):
    client.get("/practices/feed/atom/?topic=education&topic=buy-cheap-pills&sort=title")
    parsed = feedparser.parse(client.get("/practices/feed/atom/?topic=education").content)
    assert all("pills" not in link.href for link in parsed.feed.links), parsed.feed.links
    own = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert own == ["http://localhost/practices/feed/atom/?topic=education"]


# 7. index.STORED_ORDERS["added"] = -first_published_at without nulls_last: on PostgreSQL
# practices without a first publication date come FIRST in "Recently added" and feeds
# (last on SQLite). Run with DATABASE_URL=postgres://...
def test_7_recently_added_nulls(client, index_page):
    spain = CountryFactory(code="ES")
    old = PracticePageFactory(parent=index_page, title="Undated", slug="old", country=spain)
    PracticePageFactory(parent=index_page, title="Added today", slug="new", country=spain)
    PracticePage.objects.filter(pk=old.pk).update(first_published_at=None)
    entries = feedparser.parse(client.get("/practices/feed/").content).entries
    assert entries[0].title == "Added today"


# 8. conf.SHARE_NETWORKS: list(None) -> every practice page (and manage.py check) 500s;
# a plain string is split into letters (no link, W005 names each letter).
def test_8a_share_networks_none(client, practice, settings):
    settings.ICC_PRACTICES_SHARE_NETWORKS = None
    assert client.get("/practices/schools/").status_code == 200


def test_8b_share_networks_string(client, practice, settings):
    settings.ICC_PRACTICES_SHARE_NETWORKS = "email"
    assert b"mailto:" in client.get("/practices/schools/").content


# 9. feeds.PracticeFeed.get_object: FEED_ITEMS = 0 -> Paginator(per_page=0) -> ZeroDivisionError.
def test_9_feed_items_zero(client, practice, settings):
    settings.ICC_PRACTICES_FEED_ITEMS = 0
    assert client.get("/practices/feed/").status_code == 200


# 10. icc_discovery: icc_share / icc_cite / icc_related_practices crash without a page
# (a host's non-Wagtail view), unlike icc_social_meta / icc_structured_data.
@pytest.mark.parametrize("tag", ["icc_share", "icc_cite", "icc_related_practices"])
def test_10_tags_without_a_page(rf, practice, index_page, tag):
    request = rf.get("/host-view/")
    html = Template("{% load icc_discovery %}{% " + tag + " %}").render(
        Context({"request": request})
    )
    if tag == "icc_share":  # a host's own view is shared by its address
        assert 'href="http://testserver/host-view/"' in html
    else:
        assert html.strip() == ""
    # On a page that is not a practice (the index), related practices and cite say nothing.
    page_html = Template("{% load icc_discovery %}{% " + tag + " %}").render(
        Context({"request": request, "page": index_page})
    )
    assert tag == "icc_share" or page_html.strip() == ""


def test_a_tag_used_twice_gives_two_distinct_heading_ids(rf, practice):
    html = Template("{% load icc_discovery %}{% icc_share page %}{% icc_share page %}").render(
        Context({"request": rf.get("/"), "page": practice})
    )
    assert 'id="icc-share-heading"' in html and 'id="icc-share-heading-2"' in html


def test_feed_items_keep_their_id_when_a_practice_is_renamed(client, practice):
    first = feedparser.parse(client.get("/practices/feed/").content).entries[0].id
    practice.slug = "schools-together"
    practice.save_revision().publish()
    again = feedparser.parse(client.get("/practices/feed/").content).entries[0]
    assert again.link.endswith("/practices/schools-together/")
    assert again.id == first and first.startswith("tag:")
