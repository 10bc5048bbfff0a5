"""Taxonomy in the admin: search that answers, one language at a time, an order that holds."""

import pytest
from wagtail.models import Locale

from icc_practices.models import Topic
from tests.factories import CityFactory, CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db

SNIPPETS = "/admin/snippets/icc_practices"


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.create(language_code="fr")


def translate(row, locale: Locale, name: str):
    translation = row.copy_for_translation(locale)
    translation.name = name
    translation.save()
    return translation


@pytest.mark.parametrize(
    ("model", "query", "found", "not_found"),
    [
        ("topic", "Rom", "Roma inclusion", "Education"),
        ("topic", "roma-incl", "Roma inclusion", "Education"),  # by slug
        ("city", "Lyo", "Lyon", "Turin"),
        ("city", "lyon", "Lyon", "Turin"),
    ],
)
def test_searching_taxonomy_answers_with_matches(admin_client, model, query, found, not_found):
    TopicFactory(name="Roma inclusion", slug="roma-inclusion")
    TopicFactory(name="Education", slug="education")
    CityFactory(name="Lyon", slug="lyon", country=CountryFactory(code="FR"))
    CityFactory(name="Turin", slug="turin", country=CountryFactory(code="IT"))
    for url in (f"{SNIPPETS}/{model}/?q={query}", f"{SNIPPETS}/{model}/results/?q={query}"):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert found in html
        assert not_found not in html


def test_taxonomy_listings_show_the_default_language_unless_another_is_picked(admin_client, french):
    education = TopicFactory(name="Education", slug="education")
    translate(education, french, "Éducation")
    english = admin_client.get(f"{SNIPPETS}/topic/").content.decode()
    assert "Education" in english
    assert "Éducation" not in english
    french_listing = admin_client.get(f"{SNIPPETS}/topic/?locale=fr").content.decode()
    assert "Éducation" in french_listing
    assert ">Education<" not in french_listing


@pytest.fixture
def ordered_topics(french):
    names = ["Education", "Housing", "Roma", "Security", "Sport"]
    topics = [
        TopicFactory(name=name, slug=name.lower(), sort_order=i) for i, name in enumerate(names)
    ]
    for topic in topics:
        translation = translate(topic, french, topic.name + " (fr)")
        translation.sort_order = topic.sort_order
        translation.save()
    return topics


def english_order() -> list[str]:
    return list(
        Topic.objects.filter(locale=Locale.get_default())
        .order_by("sort_order")
        .values_list("name", flat=True)
    )


def test_sort_mode_lists_one_language_and_keeps_the_choice(admin_client, ordered_topics):
    html = admin_client.get(f"{SNIPPETS}/topic/?ordering=sort_order").content.decode()
    assert "Housing" in html
    assert "(fr)" not in html
    assert "data-w-orderable" in html or "w-orderable" in html  # drag handles present
    french_sort = admin_client.get(
        f"{SNIPPETS}/topic/?locale=fr&ordering=sort_order"
    ).content.decode()
    assert "Housing (fr)" in french_sort
    assert "w-orderable" in french_sort  # picking a language does not turn sorting off
    french_listing = admin_client.get(f"{SNIPPETS}/topic/?locale=fr").content.decode()
    assert "?ordering=sort_order&amp;locale=fr" in french_listing  # "Sort item order" keeps it


def test_dropping_a_topic_stores_the_position_it_was_dropped_at(admin_client, ordered_topics):
    education = ordered_topics[0]
    # Dropped below "Security": position 3 among the five English rows.
    response = admin_client.post(f"{SNIPPETS}/topic/reorder/{education.pk}/?position=3")
    assert response.status_code == 200
    assert english_order() == ["Housing", "Roma", "Security", "Education", "Sport"]


def test_a_new_order_holds_in_every_language(admin_client, ordered_topics):
    french_sport = Topic.objects.get(name="Sport (fr)")
    admin_client.post(f"{SNIPPETS}/topic/reorder/{french_sport.pk}/?position=0")
    assert english_order() == ["Sport", "Education", "Housing", "Roma", "Security"]
    french_order = list(
        Topic.objects.filter(locale__language_code="fr")
        .order_by("sort_order")
        .values_list("name", flat=True)
    )
    assert french_order == [name + " (fr)" for name in english_order()]


def test_country_listing_is_in_alphabetical_order_of_the_name(admin_client):
    for code in ("AT", "AU", "BE", "CH", "CA"):
        CountryFactory(code=code)
    html = admin_client.get(f"{SNIPPETS}/country/").content.decode()
    positions = [html.index(name) for name in ("Australia", "Austria", "Belgium", "Canada")]
    assert positions == sorted(positions)
    assert html.index("Canada") < html.index("Switzerland")


def test_reordering_one_language_keeps_the_position_of_untranslated_topics(admin_client, french):
    education, housing, roma = (
        TopicFactory(name=name, slug=name.lower(), sort_order=i)
        for i, name in enumerate(["Education", "Housing", "Roma"])
    )
    translate(education, french, "Éducation")
    french_housing = translate(housing, french, "Logement")  # Roma has no French row
    admin_client.post(f"{SNIPPETS}/topic/reorder/{french_housing.pk}/?position=0")
    roma.refresh_from_db()
    assert roma.sort_order is not None
    assert english_order()[-1] == "Roma"
    # and Roma can still be dragged
    response = admin_client.post(f"{SNIPPETS}/topic/reorder/{roma.pk}/?position=0")
    assert response.status_code == 200
    assert english_order()[0] == "Roma"


def test_topics_without_a_position_can_be_dragged(admin_client, site):
    TopicFactory(name="Education", slug="education", sort_order=None)
    sport = TopicFactory(name="Sport", slug="sport", sort_order=None)
    TopicFactory(name="Housing", slug="housing", sort_order=None)
    response = admin_client.post(f"{SNIPPETS}/topic/reorder/{sport.pk}/?position=0")
    assert response.status_code == 200
    assert english_order() == ["Sport", "Education", "Housing"]


@pytest.mark.parametrize("query", ["", "?q=Lyo"])
def test_city_listing_works_on_a_site_without_translations(admin_client, settings, query):
    settings.WAGTAIL_I18N_ENABLED = False
    CityFactory(name="Lyon", slug="lyon", country=CountryFactory(code="FR"))
    html = admin_client.get(f"{SNIPPETS}/city/{query}").content.decode()
    assert "Lyon" in html


def test_a_city_cannot_leave_the_country_of_its_practices(admin_client, index_page):
    from tests.factories import PracticePageFactory

    france = CountryFactory(code="FR")
    lyon = CityFactory(name="Lyon", slug="lyon", country=france)
    PracticePageFactory(parent=index_page, country=france, cities=[lyon])
    germany = CountryFactory(code="DE")
    response = admin_client.post(
        f"{SNIPPETS}/city/edit/{lyon.pk}/",
        {"name": "Lyon", "slug": "lyon", "country": germany.pk, "latitude": "", "longitude": ""},
    )
    assert response.status_code == 200
    assert "1 practice of another country names this city" in response.content.decode()
    lyon.refresh_from_db()
    assert lyon.country == france
