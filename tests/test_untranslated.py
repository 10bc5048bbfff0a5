"""Untranslated practices stay reachable: each language's index lists them in their own
language, marked, counted, searchable and narrowed by the language facet (issue 18)."""

import re

import pytest

from icc_practices.search.query import search_practices
from tests.factories import PracticePageFactory

pytestmark = pytest.mark.django_db


def cards(html: str) -> list[str]:
    return re.findall(r'class="icc-card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def test_each_index_lists_every_practice_once_in_the_best_language(client, mixed):
    french = client.get("/fr/practices/").content.decode()
    assert sorted(cards(french)) == ["Cafés des langues", "Roma mediators", "Écoles ensemble"]
    assert "3 pratiques" in french
    english = client.get("/practices/").content.decode()
    assert sorted(cards(english)) == ["Cafés des langues", "Roma mediators", "Schools together"]


def test_an_untranslated_practice_is_marked_with_its_language(client, mixed):
    html = client.get("/fr/practices/").content.decode()
    mediators = mixed["mediators"]
    assert re.search(rf'<a href="{mediators.url}" lang="en">Roma mediators</a>', html)
    assert "Langue : Anglais" in html
    assert re.search(r'<p class="icc-card__summary" lang="en">Mediators between', html)
    # French practices on the French index carry no mark.
    assert re.search(r'<a href="[^"]+">Écoles ensemble</a>', html)
    english = client.get("/practices/").content.decode()
    assert re.search(r'lang="fr">Cafés des langues</a>', english)
    assert "Language: French" in english


def test_counts_include_untranslated_practices(rf, mixed):
    from django.utils import translation

    with translation.override("fr"):
        results = search_practices(mixed["french_index"], {}, per_page=10)
        assert results.total == 3
        assert {o.value: o.count for o in results.facets["topic"].options}["roma"] == 3
        assert {o.value: o.count for o in results.facets["lang"].options} == {"en": 1, "fr": 2}
        assert [o.label for o in results.facets["lang"].options] == ["Anglais", "Français"]


def test_the_language_facet_narrows_to_what_a_visitor_reads(client, mixed):
    html = client.get("/fr/practices/?lang=fr").content.decode()
    assert sorted(cards(html)) == ["Cafés des langues", "Écoles ensemble"]
    assert "Langue de la pratique" in html


def test_untranslated_practices_are_found_by_their_own_words(client, mixed):
    html = client.get("/fr/practices/?q=mediators").content.decode()
    assert cards(html) == ["Roma mediators"]
    html = client.get("/practices/?q=cafés").content.decode()
    assert cards(html) == ["Cafés des langues"]
    # A translated practice is found by its French words on the French index only once.
    html = client.get("/fr/practices/?q=ouvertes").content.decode()
    assert cards(html) == ["Écoles ensemble"]


def test_drafts_and_restricted_practices_of_other_languages_stay_out(client, mixed):
    from wagtail.models import PageViewRestriction

    mixed["mediators"].unpublish()
    PageViewRestriction.objects.create(
        page=mixed["only_french"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    for address in ("/fr/practices/", "/practices/"):
        html = client.get(address).content.decode()
        assert "Roma mediators" not in html and "Cafés des langues" not in html
    feed = client.get("/fr/practices/feed/").content.decode()
    assert "Roma mediators" not in feed and "Cafés des langues" not in feed


def test_a_translation_in_draft_leaves_the_source_listed(client, mixed, french):
    mixed["french_schools"].unpublish()
    html = client.get("/fr/practices/").content.decode()
    assert "Schools together" in html and "Écoles ensemble" not in html


def test_feeds_exports_and_the_api_follow_the_same_rule(client, mixed):
    feed = client.get("/fr/practices/feed/").content.decode()
    assert "Roma mediators" in feed and "Écoles ensemble" in feed and "Schools together" not in feed
    csv = b"".join(client.get("/fr/practices/download/csv/").streaming_content).decode()
    assert "Roma mediators" in csv and "Schools together" not in csv
    data = client.get("/api/v3/practices/", {"locale": "fr"}).json()
    titles = sorted(item["title"] for item in data["items"])
    assert titles == ["Cafés des langues", "Roma mediators", "Écoles ensemble"]
    assert next(i for i in data["items"] if i["title"] == "Roma mediators")["locale"] == "en"


def test_the_api_taxonomy_counts_what_the_index_counts(client, mixed, settings):
    """Three practices under the topic in each language (one written in French only, one
    translated, one in English only); two of them in each language's own."""

    def roma(locale: str) -> int:
        data = client.get("/api/v3/practices/taxonomy/", {"locale": locale}).json()
        return next(topic["count"] for topic in data["topics"] if topic["slug"] == "roma")

    assert roma("fr") == 3
    assert roma("en") == 3
    settings.ICC_PRACTICES_LIST_UNTRANSLATED = False
    assert roma("fr") == 2
    assert roma("en") == 2


def test_the_setting_turns_it_off(client, mixed, settings):
    settings.ICC_PRACTICES_LIST_UNTRANSLATED = False
    html = client.get("/fr/practices/").content.decode()
    assert sorted(cards(html)) == ["Cafés des langues", "Écoles ensemble"]


def test_a_practice_page_lists_the_languages_it_exists_in(client, mixed):
    html = client.get(mixed["schools"].url).content.decode()
    languages = re.search(r'<p class="icc-practice__languages">(.*?)</p>', html, re.S).group(1)
    assert 'hreflang="en" lang="en" aria-current="true">English</a>' in languages
    assert f'href="{mixed["french_schools"].full_url}" hreflang="fr"' in languages
    single = client.get(mixed["mediators"].url).content.decode()
    assert "icc-practice__languages" not in single


def test_the_mixed_index_runs_a_fixed_number_of_queries(client, mixed):
    """A filter state nobody asked for, on a warm mixed-language index: Wagtail's routing,
    the generations and the rows of cards not rendered yet; the same number of queries
    with 3 or 43 practices."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(topic_filter: str) -> int:
        client.get("/fr/practices/?q=nothing-like-this")  # the index built, no card
        with CaptureQueriesContext(connection) as context:
            response = client.get(f"/fr/practices/?sort=title&{topic_filter}")
        assert response.status_code == 200
        return len(context)

    few = queries("topic=roma")
    for number in range(40):
        PracticePageFactory(parent=mixed["index"], title=f"English {number}")
    many = queries("topic=roma&year=2019")
    assert few == many <= 14


def test_an_interface_only_language_names_only_other_languages(client, mixed):
    """German shows the English index: its English practices carry lang="en" but no
    label (the switcher says the content is English); the French one is named."""
    html = client.get("/de/practices/").content.decode()
    assert re.search(r'lang="en">Roma mediators</a>', html)
    assert "Sprache: Englisch" not in html
    assert "Sprache: Französisch" in html
