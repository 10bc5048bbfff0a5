"""Collections of practices on any page: the block and the tag (issue 17)."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation
from wagtail.models import PageViewRestriction

from icc_practices.blocks import PracticeCollectionBlock, collection_filter_choices
from icc_practices.models import City
from icc_practices.search.cache import generation_scope
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory
from tests.test_host_facet import UrbactPracticePageFactory
from tests.test_multilingual import translate
from tests.urbact.models import ThemePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(index_page):
    spain, italy = CountryFactory(code="ES"), CountryFactory(code="IT")
    refugees = TopicFactory(name="Refugees", slug="refugees")
    health = TopicFactory(name="Health", slug="health")
    CityFactory(name="Barcelona", slug="barcelona", country=spain)
    made = {
        "es_2020": PracticePageFactory(
            parent=index_page, title="Welcome desks", country=spain, year=2020,
            topics=[refugees], summary="Desks at the station.",
        ),
        "es_2018": PracticePageFactory(
            parent=index_page, title="Language cafés", country=spain, year=2018,
            topics=[refugees],
        ),
        "it_2019": PracticePageFactory(
            parent=index_page, title="Host families", country=italy, year=2019, topics=[refugees]
        ),
        "health": PracticePageFactory(
            parent=index_page, title="Clinics", country=spain, year=2021, topics=[health]
        ),
    }  # fmt: skip
    for page in made.values():
        page.save()  # search indexes on post_save, after the topics are in place
    return made


def theme(site, **value):
    page = ThemePage(title="Refugees", slug="refugees-theme", body=[("practices", value)])
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_block_shows_the_filter_with_a_count_and_a_see_all_link(client, site, practices):
    theme(site, heading="Welcoming refugees", filters=["topic=refugees", "country=es"], limit=1)
    html = client.get("/refugees-theme/").content.decode()
    section = html[html.index('class="icc-practices icc-collection"') :]
    assert '<h2 class="icc-collection__heading">Welcoming refugees</h2>' in section
    assert "2 practices" in section
    assert section.count('class="icc-card"') == 1
    assert "Welcome desks" in section  # newest first
    assert '<h3 class="icc-card__title">' in section
    assert 'href="/practices/?topic=refugees&amp;country=es"' in section
    assert "See all 2 practices" in section


def test_search_words_and_order_are_part_of_the_filter(client, site, practices):
    theme(site, filters=["topic=refugees"], search="cafés", sort="oldest", limit=6)
    html = client.get("/refugees-theme/").content.decode()
    assert "1 practice" in html and "Language cafés" in html and "Welcome desks" not in html
    assert "q=caf%C3%A9s" in html


def test_drafts_restricted_practices_and_unknown_values_stay_out(client, site, practices):
    practices["es_2020"].unpublish()
    PageViewRestriction.objects.create(
        page=practices["it_2019"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    # "topic=gone": a topic deleted since the editor chose it is ignored, as the index does.
    theme(site, filters=["topic=refugees", "topic=gone"], limit=6)
    html = client.get("/refugees-theme/").content.decode()
    assert "1 practice" in html and "Language cafés" in html
    assert "Welcome desks" not in html and "Host families" not in html


def test_nothing_to_show_renders_nothing_for_visitors(client, site, practices):
    theme(site, heading="Nothing", filters=["country=it", "topic=health"])
    html = client.get("/refugees-theme/").content.decode()
    assert "Nothing" not in html and "icc-collection" not in html


def test_a_restricted_index_shows_no_collection(client, site, index_page, practices):
    PageViewRestriction.objects.create(
        page=index_page, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    theme(site, filters=["topic=refugees"])
    assert "icc-collection" not in client.get("/refugees-theme/").content.decode()


def test_the_tag_takes_the_index_query_string(rf, site, practices):
    template = Template(
        '{% load icc_discovery %}{% icc_practice_collection "topic=refugees&year=2019" '
        'heading="Italy" limit=3 %}'
    )
    request = rf.get("/")
    with generation_scope():
        html = template.render(Context({"request": request}))
    assert "Host families" in html and "1 practice" in html
    assert 'href="/practices/?topic=refugees&amp;year=2019"' in html


def test_a_french_page_shows_the_french_practices(client, site, index_page, practices, french):
    page = theme(site, filters=["topic=refugees"], limit=6)
    translate(site.root_page, french, title="Accueil")
    translate(index_page, french, title="Bonnes pratiques")
    translate(practices["es_2018"], french, title="Cafés des langues")
    translate(page, french, title="Réfugiés")
    html = client.get("/fr/refugees-theme/").content.decode()
    assert "Cafés des langues" in html and "Language cafés" not in html
    assert 'href="/fr/practices/?topic=refugees"' in html


def test_editors_choose_from_every_facet_in_the_index_vocabulary(practices):
    practices["es_2018"].cities.set([City.objects.get(slug="barcelona")])
    practices["es_2018"].save()
    UrbactPracticePageFactory(
        parent=practices["es_2018"].get_parent(), country=practices["es_2018"].country,
        city_size="large", topics=[],
    )  # fmt: skip
    with translation.override("en"):  # the editor's language (an earlier request's stays active)
        groups = dict(collection_filter_choices())
    assert ("topic=refugees", "Refugees") in groups["Topic"]
    assert ("country=es", "Spain") in groups["Country"]
    assert ("year=2019", "2019") in groups["Year"]
    assert ("city=barcelona", "Barcelona") in groups["City"]
    assert ("size=large", "Large (over 250,000)") in groups["City size"]  # a host's facet
    block = PracticeCollectionBlock()
    assert block.clean({"filters": ["topic=refugees"], "limit": 3, "sort": "newest"})
    with pytest.raises(ValidationError, match="StructBlock"):
        block.clean({"filters": ["topic=<script>"], "limit": 3, "sort": "newest"})


def test_the_admin_edits_a_page_with_a_collection(admin_client, site, practices):
    page = theme(site, filters=["topic=refugees"])
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert b"topic=refugees" in response.content


@pytest.mark.parametrize("extra", [0, 30])
def test_a_collection_runs_a_fixed_number_of_queries(
    client, site, index_page, practices, extra, django_assert_max_num_queries
):
    for number in range(extra):
        PracticePageFactory(
            parent=index_page, title=f"More {number}", country=practices["es_2018"].country,
            topics=list(practices["es_2018"].topics.all()),
        )  # fmt: skip
    theme(site, filters=["topic=refugees"], limit=6)
    client.get("/refugees-theme/")
    with django_assert_max_num_queries(12):
        html = client.get("/refugees-theme/", HTTP_COOKIE="sessionid=x").content.decode()
    assert html.count('class="icc-card"') == min(6, 3 + extra)
