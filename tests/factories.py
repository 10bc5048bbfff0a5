"""Factories for taxonomy and pages. Practices are created live and published."""

import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from icc_practices.models import City, Country, PracticeIndexPage, PracticePage, Topic


class CountryFactory(DjangoModelFactory):
    code = "ES"

    class Meta:
        model = Country
        django_get_or_create = ("code",)


class TopicFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Topic


class CityFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    country = factory.SubFactory(CountryFactory)
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = City


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Good practices"
    slug = factory.Sequence(lambda n: f"practices-{n}")

    class Meta:
        model = PracticeIndexPage


class PracticePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Practice {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    country = factory.SubFactory(CountryFactory)
    year = 2020
    summary = "A short summary of the practice."
    first_published_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))

    class Meta:
        model = PracticePage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        self.topics.set(extracted if extracted is not None else [TopicFactory()])
        if create:
            self.save()

    @factory.post_generation
    def cities(self, create, extracted, **kwargs):
        if extracted:
            self.cities.set(extracted)
            if create:
                self.save()
