"""Related practices: ranking, editors' choices, privacy, languages and query counts
(issue 17)."""

import pytest

from icc_practices.search.cache import generation_scope
from icc_practices.search.related import related_practice_ids
from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(index_page):
    spain, france = CountryFactory(code="ES"), CountryFactory(code="FR")
    education = TopicFactory(name="Education", slug="education")
    housing = TopicFactory(name="Housing", slug="housing")
    health = TopicFactory(name="Health", slug="health")
    barcelona = CityFactory(name="Barcelona", slug="barcelona", country=spain)
    madrid = CityFactory(name="Madrid", slug="madrid", country=spain)
    lyon = CityFactory(name="Lyon", slug="lyon", country=france)

    def practice(title, country, year, topics, cities=()):
        page = PracticePageFactory(
            parent=index_page, title=title, country=country, year=year, topics=list(topics)
        )
        page.cities.set(cities)
        page.save()
        return page

    return {
        "source": practice("Source", spain, 2018, [education, housing], [barcelona]),
        # Two topics shared, the best, even far away and old.
        "both_topics": practice("Both topics", france, 2001, [education, housing], [lyon]),
        # One topic: same city before same country before elsewhere; newest first within.
        "topic_city": practice("Topic and city", spain, 2005, [education], [barcelona]),
        "topic_country": practice("Topic and country", spain, 2020, [housing], [madrid]),
        "topic_only_new": practice("Topic elsewhere, new", france, 2022, [education], [lyon]),
        "topic_only_old": practice("Topic elsewhere, old", france, 2010, [housing], [lyon]),
        # No topic: a place alone, city before country.
        "city_only": practice("City only", spain, 2015, [health], [barcelona]),
        "country_only": practice("Country only", spain, 2021, [health], [madrid]),
        # Nothing in common: never related.
        "unrelated": practice("Unrelated", france, 2023, [health], [lyon]),
        "index": index_page,
    }


def related(page, limit=20, **kwargs):
    with generation_scope():
        return related_practice_ids(page, limit, **kwargs)


def test_ranked_by_shared_topics_then_place_then_newest(world):
    order = [
        "both_topics",
        "topic_city",
        "topic_country",
        "topic_only_new",
        "topic_only_old",
        "city_only",
        "country_only",
    ]
    assert related(world["source"]) == [world[name].pk for name in order]


def test_limit_and_never_itself(world):
    ids = related(world["source"], limit=2)
    assert ids == [world["both_topics"].pk, world["topic_city"].pk]
    assert world["source"].pk not in related(world["source"])
    assert related(world["source"], limit=0) == []
