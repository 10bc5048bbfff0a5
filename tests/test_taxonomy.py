"""Taxonomy: slugs shared across translations, localised country names, validation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation
from wagtail.models import Locale

from icc_practices.models import City, Country, Topic
from tests.factories import CityFactory, CountryFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.create(language_code="fr")


def test_topic_slug_is_derived_from_name_when_left_empty():
    topic = Topic(name="Anti-rumour strategies", locale=Locale.get_default())
    topic.full_clean()
    assert topic.slug == "anti-rumour-strategies"


def test_topic_translation_keeps_the_slug(french):
    topic = TopicFactory(name="Education", slug="education")
    translated = topic.copy_for_translation(french)
    translated.name = "Éducation"
    translated.save()
    assert translated.slug == "education"
    assert translated.translation_key == topic.translation_key


def test_changing_a_slug_changes_it_in_every_translation(french):
    topic = TopicFactory(slug="education")
    translated = topic.copy_for_translation(french)
    translated.save()
    topic.slug = "schools"
    topic.save()
    translated.refresh_from_db()
    assert translated.slug == "schools"


def test_topic_slug_is_unique_within_a_locale():
    TopicFactory(slug="roma")
    with pytest.raises(IntegrityError):
        TopicFactory(slug="roma")


def test_city_translation_shares_country_and_coordinates(french):
    city = CityFactory(name="Milan", slug="milan", country=CountryFactory(code="IT"))
    translated = city.copy_for_translation(french)
    translated.name = "Milan (fr)"
    translated.save()
    city.latitude, city.longitude = 45.4642, 9.19
    city.country = CountryFactory(code="CH")
    city.save()
    translated.refresh_from_db()
    assert translated.country.code == "CH"
    assert float(translated.latitude) == pytest.approx(45.4642)


def test_city_needs_both_coordinates_or_neither():
    city = CityFactory.build(latitude=41.38, longitude=None, country=CountryFactory())
    with pytest.raises(ValidationError):
        city.full_clean()


@pytest.mark.parametrize(("latitude", "longitude"), [(91, 0), (0, 181), (-90.5, 0)])
def test_city_coordinates_must_be_on_earth(latitude, longitude):
    city = CityFactory.build(latitude=latitude, longitude=longitude, country=CountryFactory())
    with pytest.raises(ValidationError):
        city.full_clean(exclude=["locale", "translation_key"])


def test_country_name_comes_from_django_countries_in_the_active_language():
    spain = CountryFactory(code="ES")
    with translation.override("en"):
        assert spain.name == "Spain"
    with translation.override("fr"):
        assert spain.name == "Espagne"


def test_country_filter_value_is_the_lower_case_iso_code():
    assert CountryFactory(code="GB").slug == "gb"


def test_country_code_is_unique():
    Country.objects.create(code="FR")
    with pytest.raises(IntegrityError):
        Country.objects.create(code="FR")


def test_country_used_by_a_city_cannot_be_deleted():
    city = CityFactory()
    with pytest.raises(Exception, match="protected"):
        city.country.delete()
    assert City.objects.filter(pk=city.pk).exists()
