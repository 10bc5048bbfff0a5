"""Related practices: ranking, editors' choices, privacy, languages and query counts
(issue 17)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from icc_practices.models import ExcludedRelatedPractice, PinnedRelatedPractice, PracticePage
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


def choose(page, model, *practices):
    for order, practice in enumerate(practices):
        model.objects.create(page=page, practice=practice, sort_order=order)


def test_editors_pin_first_in_their_order_and_exclude(world):
    source = world["source"]
    choose(source, PinnedRelatedPractice, world["unrelated"], world["country_only"])
    choose(source, ExcludedRelatedPractice, world["both_topics"])
    ids = related(source, limit=4)
    assert ids == [
        world["unrelated"].pk,  # pinned though it shares nothing
        world["country_only"].pk,
        world["topic_city"].pk,  # both_topics is excluded
        world["topic_country"].pk,
    ]


def test_pins_beyond_the_limit_are_cut_and_a_pin_of_itself_is_ignored(world):
    source = world["source"]
    choose(source, PinnedRelatedPractice, source, world["unrelated"], world["city_only"])
    assert related(source, limit=1) == [world["unrelated"].pk]


def test_drafts_and_restricted_practices_are_never_related_even_pinned(world):
    source = world["source"]
    world["both_topics"].unpublish()
    PageViewRestriction.objects.create(
        page=world["topic_city"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    choose(source, PinnedRelatedPractice, world["both_topics"], world["topic_city"])
    ids = related(source)
    assert world["both_topics"].pk not in ids
    assert world["topic_city"].pk not in ids
    assert ids[0] == world["topic_country"].pk


def test_a_publication_changes_the_cached_related_practices(world):
    source = world["source"]
    assert related(source, limit=1) == [world["both_topics"].pk]
    world["both_topics"].unpublish()
    assert related(source, limit=1) == [world["topic_city"].pk]


def test_a_draft_in_preview_is_ranked_with_its_own_topics(world):
    draft = world["unrelated"]
    draft.topics.set([world["source"].topics.get(slug="housing")])
    assert world["source"].pk not in related(draft)  # as published: health, in Lyon
    # In preview: the page as edited (now about housing), not the published ranking.
    assert world["source"].pk in related(draft, use_cache=False)


def test_the_practice_page_shows_related_cards_and_the_api_lists_them(client, world):
    html = client.get(world["source"].url).content.decode()
    section = html[html.index('class="icc-related"') :]
    assert "Related practices" in section
    assert section.index("Both topics") < section.index("Topic and city")
    assert "Unrelated" not in section
    detail = client.get(f"/api/v3/practices/{world['source'].pk}/").json()
    assert [item["title"] for item in detail["related"]] == [
        "Both topics", "Topic and city", "Topic and country"
    ]  # fmt: skip


def test_related_practices_follow_the_language(world, french):
    from tests.test_multilingual import translate

    index = world["index"]
    translate(index, french, title="Bonnes pratiques")
    source_fr = translate(world["source"], french, title="Source FR")
    both_fr = translate(world["both_topics"], french, title="Deux thèmes")
    # The editor pinned the English version of a practice: its French version is shown.
    city_fr = translate(world["city_only"], french, title="Même ville")
    choose(source_fr, PinnedRelatedPractice, world["city_only"])
    found = related(source_fr)
    assert found[:2] == [city_fr.pk, both_fr.pk]
    # Then practices not translated into French, in their own language; never the English
    # version of a practice that has a French one.
    assert set(found[2:]).isdisjoint({world["city_only"].pk, world["both_topics"].pk})
    assert all(PracticePage.objects.get(pk=pk).locale.language_code == "en" for pk in found[2:])


@pytest.mark.parametrize("extra", [0, 30])
def test_a_warm_practice_page_reads_its_related_practices_in_two_queries_at_most(
    world, extra, django_assert_max_num_queries, rf
):
    from django.template import Context, Template

    for number in range(extra):
        PracticePageFactory(
            parent=world["index"], title=f"More {number}", country=world["source"].country,
            topics=list(world["source"].topics.all()), year=2000 + number % 20,
        )  # fmt: skip
    template = Template("{% load icc_discovery %}{% icc_related_practices page %}")

    def render():  # a new request each time, as visitors make
        with generation_scope():
            return template.render(Context({"page": world["source"], "request": rf.get("/")}))

    first = render()
    with django_assert_max_num_queries(2):
        assert render() == first
    assert first.count('class="icc-card"') == 3


def test_no_related_practices_renders_nothing(client, world, settings):
    settings.ICC_PRACTICES_RELATED_PRACTICES = 0
    html = client.get(world["unrelated"].url).content.decode()
    assert 'class="icc-related"' not in html


practice_sets = st.lists(
    st.tuples(
        st.frozensets(st.sampled_from("abcde"), max_size=3),  # topics
        st.frozensets(st.sampled_from("xyz"), max_size=2),  # cities
        st.frozensets(st.sampled_from("pq"), min_size=1, max_size=2),  # countries
    ),
    min_size=1,
    max_size=25,
)


@given(practices=practice_sets, source=st.integers(min_value=0, max_value=24))
@settings(max_examples=200, deadline=None)
def test_the_bitset_ranking_is_the_brute_force_ranking(practices, source):
    """Shared topics, then a shared city, then a shared country, then the index's order;
    nothing in common, not related."""
    from icc_practices.search.index import FacetIndex, bitset
    from icc_practices.search.related import _by_rank

    source %= len(practices)
    size = len(practices)
    options: dict[str, dict[str, int]] = {"topic": {}, "city": {}, "country": {}}
    for facet, column in (("topic", 0), ("city", 1), ("country", 2)):
        values = {value for row in practices for value in row[column]}
        options[facet] = {
            value: bitset([i for i, row in enumerate(practices) if value in row[column]], size)
            for value in values
        }
    index = FacetIndex(pks=tuple(range(1, size + 1)), options=options)
    topics, cities, countries = practices[source]
    own = {"topic": set(topics), "city": set(cities), "country": set(countries)}

    def key(position):
        other_topics, other_cities, other_countries = practices[position]
        place = 2 if cities & other_cities else 1 if countries & other_countries else 0
        return (-len(topics & other_topics), -place, position)

    expected = sorted(
        (
            position
            for position, (other_topics, other_cities, other_countries) in enumerate(practices)
            if topics & other_topics or cities & other_cities or countries & other_countries
        ),
        key=key,
    )
    assert list(_by_rank(index, own)) == expected
